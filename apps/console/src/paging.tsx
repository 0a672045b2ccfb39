import { useState } from 'react';
import type { Page } from './api';
import { useAnswer } from './use-answer';

/**
 * One page of a list endpoint at a time, with the way back: the cursors of the pages before are
 * kept, so Previous goes to the exact page it came from. `param` is the endpoint's cursor name
 * (`cursor` for lists, `after` for the audit log).
 */
export function usePaged<T>(path: string, param: 'cursor' | 'after', key: string) {
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const loaded = useAnswer<Page<T>>(`${path}${cursor ? `&${param}=${encodeURIComponent(cursor)}` : ''}`, key);
  return {
    loaded,
    first: cursors.length === 0,
    previous: () => setCursors(cursors.slice(0, -1)),
    next: (nextCursor: string) => setCursors([...cursors, nextCursor]),
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
