import { OPPORTUNITY_STAGES, OpportunityStage } from '@crm/domain';
import { BusinessTimeField, EnumField, IdField, MoneyField, TextField } from './fields';

export class OpenOpportunityDto {
  @IdField({ optional: true, description: 'generated when omitted' }) opportunityId?: string;
  @IdField() customerId: string;
  @TextField(300) title: string;
  @MoneyField({ optional: true }) expectedValue?: number;
  @IdField({ optional: true }) ownerId?: string;
  @BusinessTimeField({ optional: true }) openedAt?: string;
}

export class AdvanceStageDto {
  @IdField() opportunityId: string;
  @EnumField(OPPORTUNITY_STAGES) toStage: OpportunityStage;
  @BusinessTimeField({ optional: true }) at?: string;
  @TextField(2000, { optional: true, description: 'required for a backward move' }) reason?: string;
}

export class RecordQuoteDto {
  @IdField() opportunityId: string;
  @MoneyField() amount: number;
  @BusinessTimeField({ optional: true }) validUntil?: string;
  @BusinessTimeField({ optional: true }) at?: string;
}

export class WinOpportunityDto {
  @IdField() opportunityId: string;
  @MoneyField() value: number;
  @BusinessTimeField({ optional: true }) at?: string;
}

export class LoseOpportunityDto {
  @IdField() opportunityId: string;
  @TextField(2000) reason: string;
  @TextField(200, { optional: true }) competitor?: string;
  @BusinessTimeField({ optional: true }) at?: string;
}
