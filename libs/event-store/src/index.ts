export * from './event-store.errors';
export * from './event-store.port';
export * from './hash-chain';
export * from './position';
export * from './sqlite/open-sqlite';
export * from './sqlite/sqlite-event-store';
export * from './esdb/esdb-event-store';
