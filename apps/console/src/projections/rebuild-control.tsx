import { useEffect, useState } from 'react';
import { ApiError, detailOf, get, request } from '../api';
import { formatInteger } from '../format';
import { type RebuildJob, rebuildShare } from './rebuild-job';

const POLL_MS = 500;

/**
 * The rebuild button of one projection and, once asked, the job's live progress until readers
 * switch (or it fails); `onEnd` lets the list show the new generation.
 */
export function RebuildControl({ apiKey, projection, onEnd }: { apiKey: string; projection: string; onEnd: () => void }) {
  const [job, setJob] = useState<RebuildJob | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [asking, setAsking] = useState(false);
  const base = `/projections/${encodeURIComponent(projection)}`;

  useEffect(() => {
    if (!job || job.status !== 'running') return;
    let current = true;
    const timer = setTimeout(() => {
      get<RebuildJob>(`${base}/rebuilds/${encodeURIComponent(job.id)}`, apiKey).then(
        (next) => {
          if (!current) return;
          setJob(next);
          if (next.status !== 'running') onEnd();
        },
        (failure: unknown) => current && setError(failure instanceof Error ? failure.message : String(failure)),
      );
    }, POLL_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [job]);

  const ask = async () => {
    setAsking(true);
    setError(undefined);
    const answer = await request<{ job: string; generation: number; status: RebuildJob['status'] }>(`${base}/rebuild`, apiKey, { method: 'POST' });
    setAsking(false);
    if (answer.status !== 202) return setError(new ApiError(answer.status, detailOf(answer.body)).message);
    setJob({ id: answer.body.job, generation: answer.body.generation, status: answer.body.status, position: null, head: null, eventsPerSecond: null, etaSeconds: null });
  };

  const share = job ? rebuildShare(job) : undefined;
  return (
    <div className="rebuild" data-rebuild={projection}>
      <button type="button" disabled={asking || job?.status === 'running'} onClick={() => void ask()} aria-label={`Rebuild ${projection}`}>
        Rebuild
      </button>
      {job ? (
        <span role="status" data-job-status={job.status}>
          <progress max={1} value={share} aria-label={`Rebuild of ${projection}`} />{' '}
          {job.status === 'running'
            ? `${share === undefined ? 'starting' : `${Math.floor(100 * share)}%`}${job.eventsPerSecond ? `, ${formatInteger(job.eventsPerSecond)} events/s` : ''}${job.etaSeconds !== null ? `, ${formatInteger(job.etaSeconds)} s left` : ''}`
            : job.status === 'switched'
              ? `switched to generation ${job.generation}`
              : `failed: ${job.error ?? 'no reason given'}`}
        </span>
      ) : null}
      {error ? (
        <span role="alert" className="error">
          {' '}
          {error}
        </span>
      ) : null}
    </div>
  );
}
