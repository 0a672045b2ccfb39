import { AnyCommandSpec } from '../command-handling/command-spec';
import { assignOwner, forgetCustomer, logInteraction, recordCost, recordPayment, recordPurchase, registerCustomer, updateCustomerProfile } from './customer.command-specs';
import { captureLead, disqualifyLead, qualifyLead, tagLead } from './lead.command-specs';
import { advanceStage, loseOpportunity, openOpportunity, recordQuote, winOpportunity } from './opportunity.command-specs';

/** The single-stream commands clients may send, by name (DetectDormancy is a sweep, handled on its own). */
export const PUBLIC_COMMANDS: Readonly<Record<string, AnyCommandSpec>> = {
  CaptureLead: captureLead,
  TagLead: tagLead,
  QualifyLead: qualifyLead,
  DisqualifyLead: disqualifyLead,
  RegisterCustomer: registerCustomer,
  UpdateCustomerProfile: updateCustomerProfile,
  AssignOwner: assignOwner,
  LogInteraction: logInteraction,
  RecordPurchase: recordPurchase,
  RecordPayment: recordPayment,
  RecordCost: recordCost,
  ForgetCustomer: forgetCustomer,
  OpenOpportunity: openOpportunity,
  AdvanceStage: advanceStage,
  RecordQuote: recordQuote,
  WinOpportunity: winOpportunity,
  LoseOpportunity: loseOpportunity,
};
