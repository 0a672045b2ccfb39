export * from './apply-patch';
export * from './cursor';
export * from './read-store.port';
export * from './sqlite/sqlite-read-store';
