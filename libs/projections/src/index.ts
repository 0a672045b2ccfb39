export * from './engine/batch-view';
export * from './engine/projection';
export * from './engine/projection-engine';
export * from './engine/projection-runner';
export * from './read-models';
export * from './engine/read-model-digest';
export * from './engine/projection-catalog';
export * from './reactions/reactor-processor';
