import { useState } from 'react';
import type { Page } from './api';
import { useAnswer } from './use-answer';

/**
 * One page of a list endpoint at a time, with the way back: the cursors of the pages before are
 * kept, so Previous goes to the exact page it came from. `param` is the endpoint's cursor name
 * (`cursor` for lists, `after` for the audit log).
 */
export function usePaged<T>(path: string, param: 'cursor' | 'after', key: string) {
  // The cursors belong to the path they came from: other filters start again at the first page.
  const [walk, setWalk] = useState<{ path: string; cursors: string[] }>({ path, cursors: [] });
  const cursors = walk.path === path ? walk.cursors : [];
  const cursor = cursors[cursors.length - 1];
  const loaded = useAnswer<Page<T>>(`${path}${cursor ? `${path.includes('?') ? '&' : '?'}${param}=${encodeURIComponent(cursor)}` : ''}`, key);
  return {
    loaded,
    first: cursors.length === 0,
    previous: () => setWalk({ path, cursors: cursors.slice(0, -1) }),
    next: (nextCursor: string) => setWalk({ path, cursors: [...cursors, nextCursor] }),
  };
}

export function Pager({ label, page, paged }: { label: string; page: Page<unknown>; paged: ReturnType<typeof usePaged> }) {
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" disabled={paged.first} onClick={paged.previous}>
        Previous page
      </button>
      <button type="button" disabled={!page.nextCursor} onClick={() => page.nextCursor && paged.next(page.nextCursor)}>
        Next page
      </button>
    </nav>
  );
}
