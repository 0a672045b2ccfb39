import { useEffect, useState } from 'react';
import { ApiError, detailOf, messageOf, request } from '../api';
import { formatInteger } from '../format';
import { type RebuildJob, rebuildShare } from './rebuild-job';

const POLL_MS = 500;
/** Answers worth asking again after (the server busy, limiting, or out of reach for a moment). */
const PASSING = new Set([0, 429, 503]);

/**
 * The rebuild button of one projection and, once asked, the job's live progress until readers
 * switch (or it fails); `onEnd` lets the list show the new generation.
 */
export function RebuildControl({ apiKey, projection, onEnd }: { apiKey: string; projection: string; onEnd: () => void }) {
  const [job, setJob] = useState<RebuildJob | undefined>();
  const [polls, setPolls] = useState(0);
  const [error, setError] = useState<string | undefined>();
  const [asking, setAsking] = useState(false);
  const base = `/projections/${encodeURIComponent(projection)}`;

  useEffect(() => {
    if (!job || job.status !== 'running') return;
    let current = true;
    const timer = setTimeout(async () => {
      const answer = await request<RebuildJob>(`${base}/rebuilds/${encodeURIComponent(job.id)}`, apiKey);
      if (!current) return;
      if (answer.status === 200) {
        setError(undefined);
        setJob(answer.body);
        if (answer.body.status !== 'running') onEnd();
      } else if (PASSING.has(answer.status)) {
        // A moment's refusal: say so and ask again, a little later each time.
        setError(`${new ApiError(answer.status, detailOf(answer.body)).message} Asking again…`);
        setPolls((n) => n + 1);
      } else {
        setError(new ApiError(answer.status, detailOf(answer.body)).message);
        setJob(undefined);
      }
    }, POLL_MS * Math.min(8, 1 + polls));
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [job, polls]);

  const ask = async () => {
    setAsking(true);
    setError(undefined);
    try {
      const answer = await request<{ job: string; generation: number; status: RebuildJob['status'] }>(`${base}/rebuild`, apiKey, { method: 'POST' });
      if (answer.status !== 202) return setError(new ApiError(answer.status, detailOf(answer.body)).message);
      setPolls(0);
      setJob({ id: answer.body.job, generation: answer.body.generation, status: answer.body.status, position: null, head: null, eventsPerSecond: null, etaSeconds: null });
      // A small read model may be rebuilt before the answer is sent: then it has already ended.
      if (answer.body.status !== 'running') onEnd();
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setAsking(false);
    }
  };

  const share = job ? rebuildShare(job) : undefined;
  return (
    <div className="rebuild" data-rebuild={projection}>
      <button type="button" disabled={asking || job?.status === 'running'} onClick={() => void ask()} aria-label={`Rebuild ${projection}`}>
        Rebuild
      </button>
      {job ? (
        <span data-job-status={job.status}>
          <progress max={1} value={share} aria-label={`Rebuild of ${projection}`} />{' '}
          {job.status === 'running' ? (
            `${share === undefined ? 'starting' : `${Math.floor(100 * share)}%`}${job.eventsPerSecond ? `, ${formatInteger(job.eventsPerSecond)} events/s` : ''}${job.etaSeconds !== null ? `, ${formatInteger(job.etaSeconds)} s left` : ''}`
          ) : (
            // Only the outcome is announced, not every step of the bar.
            <span role="status">{job.status === 'switched' ? `switched to generation ${job.generation}` : `failed: ${job.error ?? 'no reason given'}`}</span>
          )}
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
