import { useRef, useState } from 'react';
import type { Page } from './api';
import { type Loaded, useAnswer } from './use-answer';

/**
 * One page of a list endpoint at a time, with the way back: the cursors of the pages before are
 * kept, so Previous goes to the exact page it came from. `param` is the endpoint's cursor name
 * (`cursor` for lists, `after` for the audit log).
 */
export function usePaged<T>(path: string, param: 'cursor' | 'after', key: string) {
  // The cursors belong to the path they came from: another path (other filters) starts again at
  // its first page, and so does coming back to this one.
  const [walk, setWalk] = useState<{ path: string; cursors: string[] }>({ path, cursors: [] });
  if (walk.path !== path) setWalk({ path, cursors: [] });
  const cursors = walk.path === path ? walk.cursors : [];
  const cursor = cursors[cursors.length - 1];
  const loaded = useAnswer<Page<T>>(`${path}${cursor ? `${path.includes('?') ? '&' : '?'}${param}=${encodeURIComponent(cursor)}` : ''}`, key);
  // While the next or previous page loads, the one shown stays (and the focus on its pager).
  const shown = useRef<{ path: string; loaded: Loaded<Page<T>> } | undefined>(undefined);
  if (loaded.state !== 'loading') shown.current = { path, loaded };
  return {
    loaded: loaded.state === 'loading' && shown.current?.path === path ? shown.current.loaded : loaded,
    turning: loaded.state === 'loading' && shown.current?.path === path,
    first: cursors.length === 0,
    previous: () => setWalk({ path, cursors: cursors.slice(0, -1) }),
    next: (nextCursor: string) => setWalk({ path, cursors: [...cursors, nextCursor] }),
  };
}

export function Pager({ label, page, paged }: { label: string; page: Page<unknown>; paged: ReturnType<typeof usePaged> }) {
  return (
    <nav className="pager" aria-label={label} aria-busy={paged.turning}>
      <button type="button" disabled={paged.first || paged.turning} onClick={paged.previous}>
        Previous page
      </button>
      <button type="button" disabled={!page.nextCursor || paged.turning} onClick={() => page.nextCursor && paged.next(page.nextCursor)}>
        Next page
      </button>
    </nav>
  );
}
