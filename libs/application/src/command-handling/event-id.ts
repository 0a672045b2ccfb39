import { v7 } from 'uuid';

/**
 * Event ids are UUIDv7 (RFC 9562: a millisecond timestamp first, monotonic within this process),
 * not random v4: read models keyed by event id (the timeline, one document per event) then insert
 * at the end of their B-tree instead of all over it. With random ids a replay ran at half the
 * speed, its writes spread over every page of the timeline (bench/results/replay.md).
 */
export const newEventId = (): string => v7();
