import {
  AssignOwner,
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
import { customerAggregate } from './aggregates';

type Input<C extends { data: unknown }> = C['data'];
const customerIds = <T extends { customerId: string }>(input: T) => ({ customerId: input.customerId });

export const registerCustomer = defineCommand({
  commandType: 'RegisterCustomer',
  aggregate: customerAggregate,
  expected: 'new',
  withIds: (input: Input<RegisterCustomer>, newId) => ({ ...input, customerId: input.customerId || newId() }),
  targetId: (input) => input.customerId,
  toCommand: (data, metadata): RegisterCustomer => ({ type: 'RegisterCustomer', data, metadata }),
  ids: customerIds,
});

/** Internal: sent by the lead → customer reactor, never over HTTP. */
export const registerCustomerFromLead = defineCommand({
  commandType: 'RegisterCustomerFromLead',
  aggregate: customerAggregate,
  expected: 'any',
  targetId: (input: Input<RegisterCustomerFromLead>) => input.customerId,
  toCommand: (data, metadata): RegisterCustomerFromLead => ({ type: 'RegisterCustomerFromLead', data, metadata }),
  ids: customerIds,
});

export const updateCustomerProfile = defineCommand({
  commandType: 'UpdateCustomerProfile',
  aggregate: customerAggregate,
  expected: 'existing',
  targetId: (input: Input<UpdateCustomerProfile>) => input.customerId,
  toCommand: (data, metadata): UpdateCustomerProfile => ({ type: 'UpdateCustomerProfile', data, metadata }),
  ids: customerIds,
});

export const assignOwner = defineCommand({
  commandType: 'AssignOwner',
  aggregate: customerAggregate,
  expected: 'existing',
  targetId: (input: Input<AssignOwner>) => input.customerId,
  toCommand: (data, metadata): AssignOwner => ({ type: 'AssignOwner', data, metadata }),
  ids: customerIds,
});

export const logInteraction = defineCommand({
  commandType: 'LogInteraction',
  aggregate: customerAggregate,
  expected: 'existing',
  withIds: (input: Input<LogInteraction>, newId) => ({ ...input, interactionId: input.interactionId || newId() }),
  targetId: (input) => input.customerId,
  toCommand: (data, metadata): LogInteraction => ({ type: 'LogInteraction', data, metadata }),
  ids: (input) => ({ customerId: input.customerId, interactionId: input.interactionId }),
});

export const recordPurchase = defineCommand({
  commandType: 'RecordPurchase',
  aggregate: customerAggregate,
  expected: 'existing',
  targetId: (input: Input<RecordPurchase>) => input.customerId,
  toCommand: (data, metadata): RecordPurchase => ({ type: 'RecordPurchase', data, metadata }),
  ids: (input) => ({ customerId: input.customerId, orderId: input.orderId }),
});

export const recordPayment = defineCommand({
  commandType: 'RecordPayment',
  aggregate: customerAggregate,
  expected: 'existing',
  targetId: (input: Input<RecordPayment>) => input.customerId,
  toCommand: (data, metadata): RecordPayment => ({ type: 'RecordPayment', data, metadata }),
  ids: (input) => ({ customerId: input.customerId, orderId: input.orderId }),
});

export const recordCost = defineCommand({
  commandType: 'RecordCost',
  aggregate: customerAggregate,
  expected: 'existing',
  withIds: (input: Input<RecordCost>, newId) => ({ ...input, costId: input.costId || newId() }),
  targetId: (input) => input.customerId,
  toCommand: (data, metadata): RecordCost => ({ type: 'RecordCost', data, metadata }),
  ids: (input) => ({ customerId: input.customerId, costId: input.costId }),
});

/** Internal: sent by the opportunity → customer reactor. */
export const recordOpportunityActivity = defineCommand({
  commandType: 'RecordOpportunityActivity',
  aggregate: customerAggregate,
  expected: 'existing',
  targetId: (input: Input<RecordOpportunityActivity>) => input.customerId,
  toCommand: (data, metadata): RecordOpportunityActivity => ({ type: 'RecordOpportunityActivity', data, metadata }),
  ids: customerIds,
});

/** Internal: one customer's share of the DetectDormancy sweep. */
export const markDormantIfInactive = defineCommand({
  commandType: 'DetectDormancy',
  aggregate: customerAggregate,
  expected: 'existing',
  targetId: (input: Input<MarkDormantIfInactive>) => input.customerId,
  toCommand: (data, metadata): MarkDormantIfInactive => ({ type: 'MarkDormantIfInactive', data, metadata }),
  ids: customerIds,
});
