import { DISQUALIFY_REASONS, DisqualifyReason, LEAD_SOURCES, LeadSource } from '@crm/domain';
import { BusinessTimeField, EnumField, IdField, NestedField, NumberField, TagsField, TextField } from './fields';

export class LeadContactDto {
  @TextField(200) name: string;
  @TextField(200, { optional: true }) company?: string;
  @TextField(320, { optional: true }) email?: string;
  @TextField(64, { optional: true }) phone?: string;
  @TextField(100, { optional: true }) industry?: string;
  @TextField(100, { optional: true }) region?: string;
}

export class CaptureLeadDto {
  @IdField({ optional: true, description: 'generated when omitted' }) leadId?: string;
  @EnumField(LEAD_SOURCES) source: LeadSource;
  @TextField(200, { optional: true }) campaign?: string;
  @NestedField(() => LeadContactDto) contact: LeadContactDto;
  @TagsField({ optional: true }) tags?: string[];
  @BusinessTimeField({ optional: true }) capturedAt?: string;
}

export class TagLeadDto {
  @IdField() leadId: string;
  @TagsField() tags: string[];
}

export class QualifyLeadDto {
  @IdField() leadId: string;
  @IdField({ optional: true, description: 'the customer to register; generated when omitted' }) customerId?: string;
  @NumberField(0, 100, { optional: true }) score?: number;
  @TextField(2000, { optional: true }) note?: string;
  @BusinessTimeField({ optional: true }) at?: string;
}

export class DisqualifyLeadDto {
  @IdField() leadId: string;
  @EnumField(DISQUALIFY_REASONS) reason: DisqualifyReason;
  @TextField(2000, { optional: true }) note?: string;
  @BusinessTimeField({ optional: true }) at?: string;
}
