export * from './engine/batch-view';
export * from './engine/projection';
export * from './engine/projection-engine';
export type { EngineOptions } from './engine/engine-options';
export * from './engine/processor-status';
export * from './read-models';
export * from './engine/read-model-digest';
export * from './engine/projection-catalog';
export * from './reactions/reactor-processor';
