export type { StageDefinition, StageRunContext, ProgressEvent } from './stage.js';
export { PipelineRunner, type RunOptions, type RunnerDeps } from './runner.js';
