import {
  COST_CATEGORIES,
  CostCategory,
  CustomFieldValue,
  INTERACTION_CHANNELS,
  INTERACTION_DIRECTIONS,
  INTERACTION_KINDS,
  InteractionChannel,
  InteractionDirection,
  InteractionKind,
} from '@crm/domain';
import { Matches } from 'class-validator';
import {
  BusinessTimeField,
  CustomFieldsField,
  EnumField,
  IdField,
  MoneyField,
  NestedArrayField,
  NestedField,
  NumberField,
  TextField,
} from './fields';

class ProfileFieldsDto {
  @TextField(200, { optional: true }) company?: string;
  @TextField(100, { optional: true }) industry?: string;
  @TextField(100, { optional: true }) region?: string;
  @TextField(64, { optional: true }) size?: string;
  @TextField(320, { optional: true }) email?: string;
  @TextField(64, { optional: true }) phone?: string;
}

export class RegisterCustomerDto extends ProfileFieldsDto {
  @IdField({ optional: true, description: 'generated when omitted' }) customerId?: string;
  @TextField(200) name: string;
  @IdField({ optional: true }) ownerId?: string;
  @CustomFieldsField({ optional: true }) customFields?: Record<string, CustomFieldValue>;
  @TextField(3, { optional: true, description: 'ISO 4217 code, default CNY' })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be a three-letter ISO 4217 code' })
  currency?: string;
  @BusinessTimeField({ optional: true }) registeredAt?: string;
}

export class UpdateCustomerProfileDto extends ProfileFieldsDto {
  @IdField() customerId: string;
  @TextField(200, { optional: true }) name?: string;
  @CustomFieldsField({ optional: true, allowNull: true }) customFields?: Record<string, CustomFieldValue | null>;
}

export class AssignOwnerDto {
  @IdField() customerId: string;
  @IdField() ownerId: string;
}

export class SatisfactionDto {
  @NumberField(0, 10) perceived: number;
  @NumberField(0, 10) expected: number;
}

export class LogInteractionDto {
  @IdField() customerId: string;
  @IdField({ optional: true, description: 'generated when omitted' }) interactionId?: string;
  @EnumField(INTERACTION_CHANNELS) channel: InteractionChannel;
  @EnumField(INTERACTION_DIRECTIONS) direction: InteractionDirection;
  @EnumField(INTERACTION_KINDS) kind: InteractionKind;
  @TextField(4000) summary: string;
  @TextField(200, { optional: true, description: 'who at the firm had the contact (rep, engineer, PM)' }) actor?: string;
  @BusinessTimeField({ optional: true }) occurredAt?: string;
  @NestedField(() => SatisfactionDto, { optional: true }) satisfaction?: SatisfactionDto;
}

export class PurchaseLineDto {
  @IdField() productId: string;
  @NumberField(0, 1e9, { exclusiveMin: true }) quantity: number;
  @MoneyField() unitPrice: number;
  @MoneyField({ optional: true }) unitCost?: number;
}

export class RecordPurchaseDto {
  @IdField() customerId: string;
  @IdField() orderId: string;
  @BusinessTimeField({ optional: true }) occurredAt?: string;
  // A real retailer's invoices run past a thousand lines (api.md: 1-5,000).
  @NestedArrayField(() => PurchaseLineDto, { min: 1, max: 5000 }) lines: PurchaseLineDto[];
}

export class RecordPaymentDto {
  @IdField() customerId: string;
  @IdField() orderId: string;
  @MoneyField({ positive: true }) amount: number;
  @BusinessTimeField({ optional: true }) occurredAt?: string;
}

export class RecordCostDto {
  @IdField() customerId: string;
  @IdField({ optional: true, description: 'generated when omitted' }) costId?: string;
  @EnumField(COST_CATEGORIES) category: CostCategory;
  @MoneyField() amount: number;
  @BusinessTimeField({ optional: true }) occurredAt?: string;
  @TextField(2000, { optional: true }) note?: string;
}

export class ForgetCustomerDto {
  @IdField() customerId: string;
  @TextField(500, { description: 'why the personal data is erased (kept in the log; write no personal data here)' }) reason: string;
}

export class DetectDormancyDto {
  @BusinessTimeField({ optional: true, description: 'default now' }) asOf?: string;
  @NumberField(1, 3650, { optional: true, integer: true, description: 'default CRM_DORMANCY_DAYS' }) thresholdDays?: number;
}
