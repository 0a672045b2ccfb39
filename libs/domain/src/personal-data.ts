import type { CrmEvent, CrmEventType } from './crm-event';

/** What a personal field reads as once its data key is destroyed. */
export const ERASED = '[erased]';

/** The personal fields of a customer profile and of a lead's contact (api.md, ForgetCustomer). */
export const PERSONAL_FIELDS = ['name', 'email', 'phone'] as const;
export type PersonalField = (typeof PERSONAL_FIELDS)[number];

/** Whose personal data it is: each customer and each lead has its own data key. */
export const customerSubject = (customerId: string) => `customer:${customerId}`;
export const leadSubject = (leadId: string) => `lead:${leadId}`;

type DataOf<T extends CrmEventType> = Extract<CrmEvent, { type: T }>['data'];

/**
 * Where an event carries personal data: the subject whose key seals it, the customer that
 * subject belongs to (forgetting that customer destroys the key), and the fields' paths.
 */
export interface PersonalDataRule<D> {
  subject(data: D): string;
  owner(data: D): string;
  paths: readonly (readonly string[])[];
}

const under = (prefix: string[]) => PERSONAL_FIELDS.map((field) => [...prefix, field]);

/**
 * The events that carry personal data. A lead's contact is sealed under the lead's own key,
 * which belongs to the lead until it is qualified and to its customer from then on, so
 * forgetting a customer also forgets the leads it came from.
 */
export const PERSONAL_DATA: { [T in CrmEventType]?: PersonalDataRule<DataOf<T>> } = {
  LeadCaptured: { subject: (d) => leadSubject(d.leadId), owner: (d) => leadSubject(d.leadId), paths: under(['contact']) },
  LeadQualified: { subject: (d) => leadSubject(d.leadId), owner: (d) => customerSubject(d.customerId), paths: under(['contact']) },
  CustomerRegistered: { subject: (d) => customerSubject(d.customerId), owner: (d) => customerSubject(d.customerId), paths: under([]) },
  CustomerProfileUpdated: { subject: (d) => customerSubject(d.customerId), owner: (d) => customerSubject(d.customerId), paths: under(['changes']) },
};

export function personalDataRule(type: string): PersonalDataRule<Record<string, unknown>> | undefined {
  return (PERSONAL_DATA as Record<string, PersonalDataRule<Record<string, unknown>> | undefined>)[type];
}

/** The owner whose keys an event destroys: only `CustomerForgotten` does. */
export function forgottenOwner(event: { type: string; data: Record<string, unknown> }): string | undefined {
  return event.type === 'CustomerForgotten' ? customerSubject(String(event.data.customerId)) : undefined;
}

/** The value with its personal fields (those present) replaced by ERASED. */
export function withPersonalFieldsErased<T extends Partial<Record<PersonalField, string>>>(value: T): T {
  const erased = { ...value };
  for (const field of PERSONAL_FIELDS) if (erased[field] !== undefined) (erased as Record<string, string>)[field] = ERASED;
  return erased;
}
