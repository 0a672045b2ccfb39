/** GET /analytics/segments, as api.md gives it. */
export interface SegmentsAnswer {
  by: string;
  items: SegmentItem[];
}

export interface SegmentItem {
  key: string;
  customers: number;
  revenue: number;
  grossMargin: number;
  orders: number;
  won: number;
  lost: number;
  winRate: number | null;
}

/** More bars than this are unreadable on a laptop; the table beside the chart lists them all. */
export const MOST_BARS = 20;

/**
 * The bars to draw: months in date order (a season reads left to right), any other dimension in
 * the answer's order (revenue, highest first), at most MOST_BARS of them.
 */
export function segmentBars(answer: SegmentsAnswer): { bars: SegmentItem[]; left: number } {
  const ordered = answer.by === 'month' ? [...answer.items].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)) : answer.items;
  const bars = answer.by === 'month' ? ordered.slice(-MOST_BARS) : ordered.slice(0, MOST_BARS);
  return { bars, left: answer.items.length - bars.length };
}
