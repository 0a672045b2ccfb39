import { AnyCommandSpec } from '../command-handling/command-spec';
import {
  assignOwner,
  forgetCustomer,
  logInteraction,
  markDormantIfInactive,
  recordCost,
  recordPayment,
  recordPurchase,
  registerCustomer,
  updateCustomerProfile,
} from './customer.command-specs';
import { captureLead, disqualifyLead, qualifyLead, tagLead } from './lead.command-specs';
import { advanceStage, loseOpportunity, openOpportunity, recordQuote, winOpportunity } from './opportunity.command-specs';

/**
 * The single-stream commands clients may send, in the contract's order. Each is named once, by
 * its spec's `type`: the HTTP routes, their OpenAPI operations, the metrics labels and the list
 * of known commands all come from here.
 */
export const PUBLIC_COMMAND_SPECS = [
  captureLead,
  tagLead,
  qualifyLead,
  disqualifyLead,
  registerCustomer,
  updateCustomerProfile,
  assignOwner,
  logInteraction,
  recordPurchase,
  recordPayment,
  recordCost,
  forgetCustomer,
  openOpportunity,
  advanceStage,
  recordQuote,
  winOpportunity,
  loseOpportunity,
] as const;

export type PublicCommandSpecs = typeof PUBLIC_COMMAND_SPECS;
export type PublicCommandName = PublicCommandSpecs[number]['type'];

/** The sweep clients send as one command; it runs as one MarkDormantIfInactive per customer. */
export const DETECT_DORMANCY = markDormantIfInactive.commandType;

/** Every command name of the contract: what an unknown name is answered with, and the metrics labels. */
export const KNOWN_COMMANDS: readonly string[] = [...PUBLIC_COMMAND_SPECS.map((spec) => spec.type), DETECT_DORMANCY];

/** The public commands by name, for callers that hold a name (the CLI's importer). */
export const PUBLIC_COMMANDS: Readonly<Record<string, AnyCommandSpec>> = Object.fromEntries(
  PUBLIC_COMMAND_SPECS.map((spec): [string, AnyCommandSpec] => [spec.type, spec]),
);
