import { Position } from './event-store.port';

/** Where a subscriber remembers the last position it has fully processed. */
export abstract class CheckpointStore {
  abstract load(name: string): Promise<Position | undefined>;
  abstract save(name: string, position: Position): Promise<void>;
}
