import type { ReactElement } from 'react';
import type { Loaded } from './use-answer';

/** Loading, failure and empty states, the same on every page. */
export function Shown<T>({ loaded, empty, children }: { loaded: Loaded<T>; empty?: (value: T) => boolean; children: (value: T) => ReactElement }): ReactElement {
  if (loaded.state === 'loading') return <p role="status">Loading…</p>;
  if (loaded.state === 'failed') return <p role="alert" className="error">{loaded.message}</p>;
  if (empty?.(loaded.value)) return <p className="empty">Nothing here yet.</p>;
  return children(loaded.value);
}
