import { auditPage } from './audit.page';
import { customersPage } from './customers.page';
import { funnelPage } from './funnel.page';
import type { ConsolePage } from './page';
import { paretoPage } from './pareto.page';
import { projectionsPage } from './projections.page';
import { segmentsPage } from './segments.page';

/** Every page, in the navigation's order. */
export const PAGES: readonly ConsolePage[] = [customersPage, funnelPage, paretoPage, segmentsPage, projectionsPage, auditPage];
