import { leadToCustomerReactor } from './lead-to-customer.reactor';
import { opportunityActivityReactor } from './opportunity-activity.reactor';
import { Reactor } from './reactor';

/**
 * Every reactor of the system. Each runs inline after the commands whose events it wants, and as
 * a processor of the engine (the safety net, libs/projections/src/reactions). Add a reactor here.
 */
export const ALL_REACTORS: readonly Reactor[] = [leadToCustomerReactor, opportunityActivityReactor];
