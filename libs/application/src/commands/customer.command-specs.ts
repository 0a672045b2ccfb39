import {
  AssignOwner,
  ForgetCustomer,
  LogInteraction,
  MarkDormantIfInactive,
  RecordCost,
  RecordOpportunityActivity,
  RecordPayment,
  RecordPurchase,
  RegisterCustomer,
  RegisterCustomerFromLead,
  UpdateCustomerProfile,
} from '@crm/domain';
import { defineCommand } from '../command-handling/command-spec';
import { customerAggregate as aggregate } from './aggregates';

const target = 'customerId';

export const registerCustomer = defineCommand<RegisterCustomer>({ type: 'RegisterCustomer', aggregate, expected: 'new', target, generated: ['customerId'] });
export const updateCustomerProfile = defineCommand<UpdateCustomerProfile>({ type: 'UpdateCustomerProfile', aggregate, expected: 'existing', target });
export const assignOwner = defineCommand<AssignOwner>({ type: 'AssignOwner', aggregate, expected: 'existing', target });
export const logInteraction = defineCommand<LogInteraction>({ type: 'LogInteraction', aggregate, expected: 'existing', target, generated: ['interactionId'] });
export const recordPurchase = defineCommand<RecordPurchase>({ type: 'RecordPurchase', aggregate, expected: 'existing', target, echo: ['orderId'] });
export const recordPayment = defineCommand<RecordPayment>({ type: 'RecordPayment', aggregate, expected: 'existing', target, echo: ['orderId'] });
export const recordCost = defineCommand<RecordCost>({ type: 'RecordCost', aggregate, expected: 'existing', target, generated: ['costId'] });
export const forgetCustomer = defineCommand<ForgetCustomer>({ type: 'ForgetCustomer', aggregate, expected: 'existing', target });

/** Internal: sent by the lead → customer reactor, never over HTTP; an existing customer makes it a no-op. */
export const registerCustomerFromLead = defineCommand<RegisterCustomerFromLead>({ type: 'RegisterCustomerFromLead', aggregate, expected: 'any', target });
/** Internal: sent by the opportunity → customer reactor. */
export const recordOpportunityActivity = defineCommand<RecordOpportunityActivity>({ type: 'RecordOpportunityActivity', aggregate, expected: 'existing', target });
/** Internal: one customer's share of the DetectDormancy sweep. */
export const markDormantIfInactive = defineCommand<MarkDormantIfInactive>({
  type: 'MarkDormantIfInactive',
  commandType: 'DetectDormancy',
  aggregate,
  expected: 'existing',
  target,
});
