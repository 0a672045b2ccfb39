import { auditPage } from './audit.page';
import { customersPage } from './customers.page';
import type { ConsolePage } from './page';
import { projectionsPage } from './projections.page';

/** Every page, in the navigation's order. */
export const PAGES: readonly ConsolePage[] = [customersPage, projectionsPage, auditPage];
