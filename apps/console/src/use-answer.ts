import { useEffect, useState } from 'react';
import { get, messageOf } from './api';

export type Loaded<T> = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'loaded'; value: T };

/**
 * The answer of one GET, reloaded when the path changes, or when `refresh` does: then the answer
 * shown stays until the new one is in (a list refreshed in place keeps its rows and their state),
 * and stays if the new one fails.
 * An answer is only ever shown for the path it was asked for.
 */
export function useAnswer<T>(path: string, key: string, refresh = 0): Loaded<T> {
  const asked = `${key} ${path}`;
  const [answer, setAnswer] = useState<{ asked: string; loaded: Loaded<T> }>({ asked, loaded: { state: 'loading' } });
  useEffect(() => {
    let current = true;
    get<T>(path, key).then(
      (value) => current && setAnswer({ asked, loaded: { state: 'loaded', value } }),
      // A refresh that fails keeps the answer shown (a live list does not drop its rows for one miss).
      (error: unknown) => current && setAnswer((shown) => (shown.asked === asked && shown.loaded.state === 'loaded' ? shown : { asked, loaded: { state: 'failed', message: messageOf(error) } })),
    );
    return () => {
      current = false;
    };
  }, [path, key, refresh]);
  return answer.asked === asked ? answer.loaded : { state: 'loading' };
}
