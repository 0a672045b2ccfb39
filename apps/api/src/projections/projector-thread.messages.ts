/** What the server's thread tells its projector thread. */
export type ProjectorThreadMessage = { type: 'appended' } | { type: 'hurry' } | { type: 'stop' };

/** What the projector thread tells the server's thread: started, and (every ALIVE_EVERY_MS) that its event loop still turns. */
export type ProjectorThreadReport = { type: 'running' } | { type: 'alive' };

export const ALIVE_EVERY_MS = 1_000;
