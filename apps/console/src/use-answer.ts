import { useEffect, useRef, useState } from 'react';
import { ApiError, get } from './api';

export type Loaded<T> = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'loaded'; value: T };

/**
 * The answer of one GET, reloaded when the path changes, or when `refresh` does: then the answer
 * shown stays until the new one is in (a list refreshed in place keeps its rows and their state).
 */
export function useAnswer<T>(path: string, key: string, refresh = 0): Loaded<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const asked = useRef<string | undefined>(undefined);
  useEffect(() => {
    let current = true;
    if (asked.current !== `${key} ${path}`) setLoaded({ state: 'loading' });
    asked.current = `${key} ${path}`;
    get<T>(path, key).then(
      (value) => current && setLoaded({ state: 'loaded', value }),
      (error: unknown) => current && setLoaded({ state: 'failed', message: error instanceof ApiError ? error.message : String(error) }),
    );
    return () => {
      current = false;
    };
  }, [path, key, refresh]);
  return loaded;
}
