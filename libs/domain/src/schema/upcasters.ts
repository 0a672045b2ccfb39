/**
 * Events are forever: when an event's shape changes, old events stay as stored (the hash chain
 * covers them) and are brought to the current shape on every read by a chain of upcasters,
 * one per version step.
 */
type EventData = Record<string, unknown>;
type Upcaster = (data: EventData) => EventData;

/** The schema version new events of each type are written with (1 when not listed). */
export const CURRENT_SCHEMA_VERSIONS: Readonly<Record<string, number>> = {
  InteractionLogged: 2,
};

/** UPCASTERS[type][n] turns version n into version n + 1. */
const UPCASTERS: Readonly<Record<string, Readonly<Record<number, Upcaster>>>> = {
  InteractionLogged: {
    // v2: the employee who had the contact is `handledBy`, no longer `actor`, which was easily
    // confused with the metadata's actor (the API principal that sent the command).
    1: ({ actor, ...rest }) => (actor === undefined ? rest : { ...rest, handledBy: actor }),
  },
};

export const currentSchemaVersion = (type: string): number => CURRENT_SCHEMA_VERSIONS[type] ?? 1;

/** Old shape in, current shape out. An event newer than this code knows is refused, not guessed at. */
export function upcast(type: string, data: EventData, storedVersion: number): EventData {
  const current = currentSchemaVersion(type);
  if (storedVersion > current) throw new Error(`${type} v${storedVersion} is newer than this server understands (v${current})`);
  let shaped = data;
  for (let version = storedVersion; version < current; version++) {
    const step = UPCASTERS[type]?.[version];
    if (!step) throw new Error(`no upcaster for ${type} v${version} → v${version + 1}`);
    shaped = step(shaped);
  }
  return shaped;
}
