import {
  AnyCommandSpec,
  PublicCommandSpecs,
  RequestOf,
  advanceStage,
  assignOwner,
  captureLead,
  disqualifyLead,
  forgetCustomer,
  logInteraction,
  loseOpportunity,
  openOpportunity,
  qualifyLead,
  recordCost,
  recordPayment,
  recordPurchase,
  recordQuote,
  registerCustomer,
  tagLead,
  updateCustomerProfile,
  winOpportunity,
} from '@crm/application';
import { Type } from '@nestjs/common';
import { Role } from '../config/app-config';
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
import { CaptureLeadDto, DisqualifyLeadDto, QualifyLeadDto, TagLeadDto } from './dto/lead.dto';
import { AdvanceStageDto, LoseOpportunityDto, OpenOpportunityDto, RecordQuoteDto, WinOpportunityDto } from './dto/opportunity.dto';

/** How one command is offered over HTTP; its route and operation id are the spec's name. */
export interface CommandHttpRoute<Spec> {
  spec: Spec;
  /** Validates the body and gives the operation its schema; what it builds is the spec's request. */
  body: Type<RequestOf<Spec>>;
  summary: string;
  roles: Role[];
}

/** Some command's route, for the list the controller is built from. */
export type AnyCommandHttpRoute = CommandHttpRoute<AnyCommandSpec>;

const route = <Spec extends AnyCommandSpec>(spec: Spec, body: Type<RequestOf<Spec>>, summary: string, roles: Role[] = ['service']): CommandHttpRoute<Spec> => ({
  spec,
  body,
  summary,
  roles,
});

/** One route per command of the registry, in its order: a command missing here, or a body that does not fit its command, breaks the build. */
type RoutesOf<Specs extends readonly AnyCommandSpec[]> = { readonly [I in keyof Specs]: CommandHttpRoute<Specs[I]> };

export const COMMAND_ROUTES: RoutesOf<PublicCommandSpecs> = [
  route(captureLead, CaptureLeadDto, 'Capture a lead from a channel, with its tags'),
  route(tagLead, TagLeadDto, 'Add tags to a lead'),
  route(qualifyLead, QualifyLeadDto, 'Qualify a lead; its customer is registered from it'),
  route(disqualifyLead, DisqualifyLeadDto, 'Disqualify (cleanse) a lead with a reason'),
  route(registerCustomer, RegisterCustomerDto, 'Register a customer directly (imports, walk-ins)'),
  route(updateCustomerProfile, UpdateCustomerProfileDto, 'Change profile fields; customFields null removes a field'),
  route(assignOwner, AssignOwnerDto, 'Assign the customer to an owner (sales rep)'),
  route(logInteraction, LogInteractionDto, 'Log a contact from any department on the customer timeline'),
  route(recordPurchase, RecordPurchaseDto, 'Record an order with its lines, prices and costs'),
  route(recordPayment, RecordPaymentDto, 'Record a payment against an order'),
  route(recordCost, RecordCostDto, 'Record a cost to serve the customer'),
  // Crypto-shredding: destroys the data keys of the customer and of the leads it came from.
  route(forgetCustomer, ForgetCustomerDto, 'Erase the customer’s personal data everywhere (right to erasure); admin only', []),
  route(openOpportunity, OpenOpportunityDto, 'Open an opportunity for an existing customer'),
  route(advanceStage, AdvanceStageDto, 'Move an opportunity to another stage (backward needs a reason)'),
  route(recordQuote, RecordQuoteDto, 'Record a quote on an opportunity'),
  route(winOpportunity, WinOpportunityDto, 'Close an opportunity as won with its value'),
  route(loseOpportunity, LoseOpportunityDto, 'Close an opportunity as lost with a reason'),
];
