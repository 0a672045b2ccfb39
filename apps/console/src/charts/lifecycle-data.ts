/** GET /customers/{id}/lifecycle, as api.md gives it. */
export interface LifecycleAnswer {
  funnelStage: string;
  activity: string;
  since?: string;
  dormantSince?: string;
  reawakenedAt?: string;
  lastActivityAt?: string;
  history: { at: string; funnelStage: string; activity: string; eventType: string }[];
}

/** The funnel's stages from the bottom of the chart up: lost below every stage a customer can still move through. */
export const STAGES = ['lost', 'prospect', 'opportunity', 'customer', 'repeat-customer'] as const;

export interface LifecyclePoint {
  /** Milliseconds since the epoch: the change's business time. */
  x: number;
  /** The stage's place in STAGES. */
  y: number;
  stage: string;
  activity: string;
  eventType: string;
}

/**
 * The lifecycle's changes as points of a step line, in business-time order (equal times keep the
 * answer's order); a change at a time that cannot be read, or to a stage the chart does not know,
 * is left out of the chart (the table beside it still lists it).
 */
export function lifecyclePoints(answer: LifecycleAnswer): LifecyclePoint[] {
  return answer.history
    .map((change) => ({ x: Date.parse(change.at), y: (STAGES as readonly string[]).indexOf(change.funnelStage), stage: change.funnelStage, activity: change.activity, eventType: change.eventType }))
    .filter((point) => Number.isFinite(point.x) && point.y >= 0)
    .sort((a, b) => a.x - b.x);
}

/**
 * The points with the line carried on to the customer's last activity, when that is later than
 * the last change: a stage holds until something changes it, and the chart should say until when.
 */
export function lifecycleLine(answer: LifecycleAnswer): LifecyclePoint[] {
  const points = lifecyclePoints(answer);
  const last = points[points.length - 1];
  const until = answer.lastActivityAt ? Date.parse(answer.lastActivityAt) : Number.NaN;
  if (!last || !Number.isFinite(until) || until <= last.x) return points;
  return [...points, { ...last, x: until, eventType: 'last activity' }];
}

export interface ActivityPeriod {
  activity: string;
  from: number;
  /** When the next period began; open (undefined) for the current one. */
  to?: number;
}

/** The runs of one activity (active, dormant, reawakened) the points go through, for the chart's colours and its table. */
export function activityPeriods(points: readonly LifecyclePoint[]): ActivityPeriod[] {
  const periods: ActivityPeriod[] = [];
  for (const point of points) {
    const last = periods[periods.length - 1];
    if (last?.activity === point.activity) continue;
    if (last) last.to = point.x;
    periods.push({ activity: point.activity, from: point.x });
  }
  return periods;
}
