export * from './apply-patch';
export * from './cursor';
export * from './read-store.port';
export * from './sqlite/sqlite-read-store';
export * from './mongo/mongo-read-store';
