/** GET /analytics/funnel, as api.md gives it. */
export interface FunnelAnswer {
  leads: { captured: number; qualified: number; disqualified: number; disqualifiedByReason: Record<string, number> };
  opportunities: { opened: number; reachedStage: Record<string, number>; won: number; lost: number };
  conversion: { from: string; to: string; rate: number | null }[];
  medianDaysInStage: Record<string, number | null>;
}

export interface FunnelStep {
  label: string;
  count: number;
}

const words = (key: string) => key.replace(/-/g, ' ').replace(/^./, (first) => first.toUpperCase());

/**
 * The funnel's steps in the order a customer goes through them: leads captured and qualified,
 * opportunities opened, each stage reached (in the answer's order, which is the pipeline's), won.
 */
export function funnelSteps(answer: FunnelAnswer): FunnelStep[] {
  return [
    { label: 'Leads captured', count: answer.leads.captured },
    { label: 'Leads qualified', count: answer.leads.qualified },
    { label: 'Opportunities opened', count: answer.opportunities.opened },
    ...Object.entries(answer.opportunities.reachedStage).map(([stage, count]) => ({ label: `Reached ${words(stage)}`, count })),
    { label: 'Won', count: answer.opportunities.won },
  ];
}

/** The median days in each stage, stages in the answer's order; a stage nobody left yet has none. */
export function stageDays(answer: FunnelAnswer): { stage: string; days: number | null }[] {
  return Object.entries(answer.medianDaysInStage).map(([stage, days]) => ({ stage: words(stage), days }));
}

export { words as stageWords };
