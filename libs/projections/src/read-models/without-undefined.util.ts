/** Read documents are JSON: leave out fields that are undefined rather than storing nulls. */
export function clean<T extends object>(doc: T): T {
  // A plain loop: this runs for every document of every event a projection handles.
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(doc)) {
    const value = (doc as Record<string, unknown>)[key];
    if (value !== undefined) out[key] = value;
  }
  return out as T;
}
