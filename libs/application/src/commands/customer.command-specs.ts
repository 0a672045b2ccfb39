import { defineCommand } from '../command-handling/command-spec';
import { customerAggregate as aggregate } from './aggregates';

const target = 'customerId';

export const registerCustomer = defineCommand({ type: 'RegisterCustomer', aggregate, expected: 'new', target, generated: ['customerId'] });
export const updateCustomerProfile = defineCommand({ type: 'UpdateCustomerProfile', aggregate, expected: 'existing', target, readsPersonalData: true });
export const assignOwner = defineCommand({ type: 'AssignOwner', aggregate, expected: 'existing', target });
export const logInteraction = defineCommand({ type: 'LogInteraction', aggregate, expected: 'existing', target, generated: ['interactionId'] });
export const recordPurchase = defineCommand({ type: 'RecordPurchase', aggregate, expected: 'existing', target, echo: ['orderId'] });
export const recordPayment = defineCommand({ type: 'RecordPayment', aggregate, expected: 'existing', target, echo: ['orderId'] });
export const recordCost = defineCommand({ type: 'RecordCost', aggregate, expected: 'existing', target, generated: ['costId'] });
export const forgetCustomer = defineCommand({ type: 'ForgetCustomer', aggregate, expected: 'existing', target });

/** Internal: sent by the lead → customer reactor, never over HTTP; an existing customer makes it a no-op. */
export const registerCustomerFromLead = defineCommand({ type: 'RegisterCustomerFromLead', aggregate, expected: 'any', target });
/** Internal: sent by the opportunity → customer reactor. */
export const recordOpportunityActivity = defineCommand({ type: 'RecordOpportunityActivity', aggregate, expected: 'existing', target });
/** Internal: one customer's share of the DetectDormancy sweep. */
export const markDormantIfInactive = defineCommand({
  type: 'MarkDormantIfInactive',
  commandType: 'DetectDormancy',
  aggregate,
  expected: 'existing',
  target,
});
