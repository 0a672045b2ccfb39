import { Projection } from '../engine/projection';
import { customersProjection } from './customers.projection';
import { leadsProjection } from './leads.projection';
import { opportunitiesProjection } from './opportunities.projection';
import { segmentsProjection } from './segments.projection';
import { storeClockProjection } from './store-clock.projection';
import { timelineProjection } from './timeline.projection';

export * from './customer-value';
export * from './customers.projection';
export * from './funnel';
export * from './segments.projection';
export * from './leads.projection';
export * from './opportunities.projection';
export * from './store-clock.projection';
export * from './timeline.projection';
export * from './timeline-summary';

/** Every read model the server keeps up to date. */
export const ALL_PROJECTIONS: readonly Projection[] = [customersProjection, leadsProjection, opportunitiesProjection, timelineProjection, storeClockProjection, segmentsProjection];
