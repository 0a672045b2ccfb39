import { OPPORTUNITY_STAGES, OpportunityStage } from '@crm/domain';
import { OpportunityDocument } from './opportunities.projection';

const DAY_MS = 86_400_000;

export interface LeadCounts {
  captured: number;
  qualified: number;
  disqualified: number;
  disqualifiedByReason: Record<string, number>;
}

type Cohort = Pick<OpportunityDocument, 'status' | 'furthestStage' | 'stageHistory' | 'closedAt'>[];

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return Math.round(value * 100) / 100;
}

const rate = (to: number, from: number) => (from === 0 ? null : Math.round((to / from) * 1e4) / 1e4);

/** Days spent in each stage: until the next stage move, or until the close for the last stage. */
function stageDurations(cohort: Cohort): Record<OpportunityStage, number[]> {
  const durations = Object.fromEntries(OPPORTUNITY_STAGES.map((stage) => [stage, [] as number[]])) as Record<OpportunityStage, number[]>;
  for (const opportunity of cohort) {
    const history = opportunity.stageHistory;
    history.forEach((entry, i) => {
      const leftAt = history[i + 1]?.at ?? opportunity.closedAt;
      if (leftAt === undefined) return; // still in this stage: no completed duration yet
      durations[entry.stage as OpportunityStage]?.push((Date.parse(leftAt) - Date.parse(entry.at)) / DAY_MS);
    });
  }
  return durations;
}

/**
 * GET /analytics/funnel. Lead figures count the events in the period; opportunity figures
 * follow the cohort opened in the period: how many reached each stage (a skipped stage counts
 * as passed), were won or lost, and the median days they spent in each stage.
 */
export function funnelFigures(leads: LeadCounts, cohort: Cohort) {
  const reachedStage = Object.fromEntries(
    OPPORTUNITY_STAGES.map((stage, index) => [stage, cohort.filter((o) => o.furthestStage >= index).length]),
  ) as Record<OpportunityStage, number>;
  const opportunities = {
    opened: cohort.length,
    reachedStage,
    won: cohort.filter((o) => o.status === 'won').length,
    lost: cohort.filter((o) => o.status === 'lost').length,
  };
  const steps: [string, number][] = [
    ['captured', leads.captured],
    ['qualified', leads.qualified],
    ['opportunity', opportunities.opened],
    ...OPPORTUNITY_STAGES.slice(1).map((stage): [string, number] => [stage, reachedStage[stage]]),
  ];
  const conversion = steps.slice(1).map(([to, count], i) => ({ from: steps[i][0], to, rate: rate(count, steps[i][1]) }));
  conversion.push({ from: 'opportunity', to: 'won', rate: rate(opportunities.won, opportunities.opened) });
  const durations = stageDurations(cohort);
  const medianDaysInStage = Object.fromEntries(OPPORTUNITY_STAGES.map((stage) => [stage, median(durations[stage])]));
  return { leads, opportunities, conversion, medianDaysInStage };
}
