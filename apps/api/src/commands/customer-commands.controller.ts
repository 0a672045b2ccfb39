import {
  assignOwner,
  forgetCustomer,
  logInteraction,
  recordCost,
  recordPayment,
  recordPurchase,
  registerCustomer,
  updateCustomerProfile,
} from '@crm/application';
import { Body, Controller } from '@nestjs/common';
import { CommandGateway } from './command-gateway';
import { CommandMeta, Meta } from './command-meta.decorator';
import { CommandRoute } from './command-route.decorator';
import {
  AssignOwnerDto,
  ForgetCustomerDto,
  LogInteractionDto,
  RecordCostDto,
  RecordPaymentDto,
  RecordPurchaseDto,
  RegisterCustomerDto,
  UpdateCustomerProfileDto,
} from './dto/customer.dto';

@Controller('commands')
export class CustomerCommandsController {
  constructor(private readonly gateway: CommandGateway) {}

  @CommandRoute('RegisterCustomer', 'Register a customer directly (imports, walk-ins)')
  registerCustomer(@Body() body: RegisterCustomerDto, @Meta() meta: CommandMeta) {
    return this.gateway.run(registerCustomer, body, meta);
  }

  @CommandRoute('UpdateCustomerProfile', 'Change profile fields; customFields null removes a field')
  updateCustomerProfile(@Body() body: UpdateCustomerProfileDto, @Meta() meta: CommandMeta) {
    return this.gateway.run(updateCustomerProfile, body, meta);
  }

  @CommandRoute('AssignOwner', 'Assign the customer to an owner (sales rep)')
  assignOwner(@Body() body: AssignOwnerDto, @Meta() meta: CommandMeta) {
    return this.gateway.run(assignOwner, body, meta);
  }

  @CommandRoute('LogInteraction', 'Log a contact from any department on the customer timeline')
  logInteraction(@Body() body: LogInteractionDto, @Meta() meta: CommandMeta) {
    return this.gateway.run(logInteraction, body, meta);
  }

  @CommandRoute('RecordPurchase', 'Record an order with its lines, prices and costs')
  recordPurchase(@Body() body: RecordPurchaseDto, @Meta() meta: CommandMeta) {
    return this.gateway.run(recordPurchase, body, meta);
  }

  @CommandRoute('RecordPayment', 'Record a payment against an order')
  recordPayment(@Body() body: RecordPaymentDto, @Meta() meta: CommandMeta) {
    return this.gateway.run(recordPayment, body, meta);
  }

  @CommandRoute('RecordCost', 'Record a cost to serve the customer')
  recordCost(@Body() body: RecordCostDto, @Meta() meta: CommandMeta) {
    return this.gateway.run(recordCost, body, meta);
  }

  /** Crypto-shredding: destroys the data keys of the customer and of the leads it came from. */
  @CommandRoute('ForgetCustomer', 'Erase the customer’s personal data everywhere (right to erasure); admin only', [])
  forgetCustomer(@Body() body: ForgetCustomerDto, @Meta() meta: CommandMeta) {
    return this.gateway.run(forgetCustomer, body, meta);
  }
}
