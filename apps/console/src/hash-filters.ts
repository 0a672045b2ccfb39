import { useState } from 'react';

/**
 * A page's filters kept in its address (#/<route>?name=value…, `route` being the page's), so that the way back from a
 * customer or an event, a reload, or a copied link opens the list as it was filtered. Written
 * with replaceState: filtering is not a step the browser's Back should walk through.
 */
export function useHashFilters<F extends Record<string, string | undefined>>(route: string, names: readonly (keyof F & string)[]): [Partial<F>, (filters: Partial<F>) => void] {
  const [filters, setFilters] = useState<Partial<F>>(() => filtersIn(window.location.hash, names));
  const change = (next: Partial<F>) => {
    const query = queryOf(Object.fromEntries(names.map((name) => [name, next[name]])));
    // The page's own route, also when it was opened as the default page (an empty hash).
    window.history.replaceState(null, '', `#/${route}${query.size ? `?${query}` : ''}`);
    setFilters(next);
  };
  return [filters, change];
}

/** A query of the filters that are set (a blank one is no filter), in the order given. */
export function queryOf(filters: Record<string, string | undefined>): URLSearchParams {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value) query.set(name, value);
  return query;
}

/** The named filters a hash holds; any other parameter is ignored. */
export function filtersIn<F extends Record<string, string | undefined>>(hash: string, names: readonly (keyof F & string)[]): Partial<F> {
  const at = hash.indexOf('?');
  const query = new URLSearchParams(at < 0 ? '' : hash.slice(at + 1));
  const filters: Partial<F> = {};
  for (const name of names) {
    const value = query.get(name);
    if (value) (filters as Record<string, string>)[name] = value;
  }
  return filters;
}
