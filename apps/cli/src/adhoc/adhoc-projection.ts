/**
 * What an analyst's projection file exports (as `default` or `projection`): a fold over the
 * log into any state, and optionally how that state becomes output rows.
 */
export interface AdhocEvent {
  type: string;
  /**
   * In the current shape (old events are upcast). Personal fields (names, emails, phones) are
   * sealed strings here, as in every read model: copied into rows, they are revealed when the
   * rows are written to a file, and read "[erased]" once their customer was forgotten.
   */
  data: Record<string, unknown>;
  streamId: string;
  version: number;
  position: string;
  /** Business time. */
  occurredAt: string;
  recordedAt: string;
  actor: string;
}

export type Row = Record<string, unknown>;

export interface AdhocProjection<State = unknown> {
  name: string;
  /** The event types handled; default: every type named in `handlers`. */
  eventTypes?: string[];
  initialState: State | (() => State);
  handlers: Record<string, (state: State, event: AdhocEvent) => State | void>;
  /** Default: an object of objects becomes one row per key ({ key, ...value }). */
  rows?: (state: State) => Row[];
}

export class InvalidProjectionFile extends Error {
  override readonly name = 'InvalidProjectionFile';
}

/** Checks a loaded module and returns its projection, or says exactly what is wrong with it. */
export function projectionFrom(module: Record<string, unknown>, file: string): AdhocProjection {
  // `module.exports = { name, handlers, … }` (plain CommonJS) is the projection itself.
  const candidate = (module.default ?? module.projection ?? ('handlers' in module ? module : undefined)) as Partial<AdhocProjection> | undefined;
  const fail = (why: string) => {
    throw new InvalidProjectionFile(`${file}: ${why}`);
  };
  if (!candidate || typeof candidate !== 'object') return fail('export the projection as `export default { … }`, `export const projection = { … }` or `module.exports = { … }`');
  if (typeof candidate.name !== 'string' || !candidate.name) fail('`name` must be a non-empty string');
  if (!('initialState' in candidate)) fail('`initialState` is missing (a value, or a function returning one)');
  if (!candidate.handlers || typeof candidate.handlers !== 'object') fail('`handlers` must map event types to (state, event) => state');
  for (const [type, handler] of Object.entries(candidate.handlers ?? {})) {
    if (typeof handler !== 'function') fail(`handlers.${type} must be a function`);
  }
  if (candidate.rows !== undefined && typeof candidate.rows !== 'function') fail('`rows` must be a function (state) => rows');
  return candidate as AdhocProjection;
}

export function defaultRows(state: unknown): Row[] {
  if (Array.isArray(state)) return state as Row[];
  if (state && typeof state === 'object') {
    return Object.entries(state).map(([key, value]) => (value && typeof value === 'object' && !Array.isArray(value) ? { key, ...value } : { key, value }));
  }
  return [{ value: state }];
}
