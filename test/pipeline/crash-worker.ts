// Child process for runner.test.ts: one sweep of the dispatcher over the database named by its environment (DATABASE_URL or REDBUTTON_DATA_DIR), like a restarted service or worker.
import { PipelineRunner } from '../../src/core/pipeline/runner.js';
import { PipelineDispatcher } from '../../src/core/pipeline/dispatcher.js';
import { JobEvents } from '../../src/core/pipeline/events.js';
import { makeCrashStages } from './crash-stages.js';
import { openRepositories } from './connection.js';

const [markerDir, crashAt] = process.argv.slice(2) as [string, string];
const { repos, close } = await openRepositories(process.env as Record<string, string>);
const runner = new PipelineRunner({ jobs: repos.jobs, leases: repos.leases, stages: makeCrashStages(markerDir, crashAt) });
const dispatcher = new PipelineDispatcher({ runner, jobs: repos.jobs, events: new JobEvents() });
await dispatcher.sweep();
await dispatcher.idle();
await close();
