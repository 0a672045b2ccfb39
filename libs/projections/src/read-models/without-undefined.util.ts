/** Read documents are JSON: leave out fields that are undefined rather than storing nulls. */
export function clean<T extends object>(doc: T): T {
  return Object.fromEntries(Object.entries(doc).filter(([, value]) => value !== undefined)) as T;
}
