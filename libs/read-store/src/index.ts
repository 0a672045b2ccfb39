export * from './apply-patch';
export * from './cursor';
export * from './idempotency-store.port';
export * from './read-store.port';
export * from './sqlite/sqlite-idempotency-store';
export * from './sqlite/sqlite-read-store';
export * from './mongo/mongo-idempotency-store';
export * from './mongo/mongo-read-store';
