export * from './key-ring';
export * from './key-shredder';
export * from './key-store.port';
export * from './mongo/mongo-key-store';
export * from './personal-data-event-store';
export * from './personal-data-vault';
export * from './sealed-value';
export * from './sqlite/sqlite-key-store';
