import { EventStore, Position, openSqlite } from '@crm/event-store';
import { ALL_PROJECTIONS, ProjectionEngine, readModelDigest } from '@crm/projections';
import { SqliteReadStore } from '@crm/read-store';

/** The read models' digest after a clean rebuild of the log up to `head` in memory: what the live ones must equal. */
export async function cleanRebuildDigest(events: EventStore, head: Position, timeoutMs: number): Promise<string> {
  const clean = new SqliteReadStore(openSqlite(':memory:'));
  const engine = new ProjectionEngine(ALL_PROJECTIONS, events, clean, { owner: 'clean-rebuild' });
  engine.start();
  try {
    await engine.waitFor(ALL_PROJECTIONS.map((p) => p.name), head, timeoutMs);
    return await readModelDigest(clean, ALL_PROJECTIONS);
  } finally {
    await engine.stop();
    await clean.close();
  }
}
