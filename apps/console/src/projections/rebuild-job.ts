/** GET /projections/{name}/rebuilds/{job} (api.md). */
export interface RebuildJob {
  id: string;
  status: 'running' | 'switched' | 'failed';
  generation: number;
  position: string | null;
  head: string | null;
  eventsPerSecond: number | null;
  etaSeconds: number | null;
  error?: string;
}

/** How far a rebuild is, 0–1: its position over the head it is catching up with; a switched one is done. */
export function rebuildShare(job: Pick<RebuildJob, 'status' | 'position' | 'head'>): number | undefined {
  if (job.status === 'switched') return 1;
  if (job.position === null || job.head === null) return undefined;
  const head = Number(job.head);
  return head > 0 ? Math.min(1, Number(job.position) / head) : undefined;
}
