export type { StageDefinition, StageRunContext, ProgressEvent } from './stage.js';
export { PipelineRunner, type RunOptions, type RunnerDeps } from './runner.js';
export { JobIntake, assertLooksLikePdf, type SubmitPdf, type SubmitPackage } from './intake.js';
export { createStages, loadScope, type StageDeps } from './stages.js';
export { JobEvents, type JobListener } from './events.js';
export { PipelineDispatcher, type DispatcherDeps, type RunObservers } from './dispatcher.js';
