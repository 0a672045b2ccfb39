/** What the server's thread tells its projector thread. */
export type ProjectorThreadMessage = { type: 'appended' } | { type: 'stop' };

/** What the projector thread tells the server's thread. */
export type ProjectorThreadReport = { type: 'running' } | { type: 'stopped' } | { type: 'failed'; message: string };
