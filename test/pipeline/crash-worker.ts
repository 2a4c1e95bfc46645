// Child process for runner.test.ts: one sweep of the dispatcher over the database, like a restarted service or worker.
import { openDatabase } from '../../src/db/client.js';
import { createRepositories } from '../../src/db/repositories/index.js';
import { PipelineRunner } from '../../src/core/pipeline/runner.js';
import { PipelineDispatcher } from '../../src/core/pipeline/dispatcher.js';
import { JobEvents } from '../../src/core/pipeline/events.js';
import { makeCrashStages } from './crash-stages.js';

const [dbPath, markerDir, crashAt] = process.argv.slice(2) as [string, string, string];
const handle = openDatabase(dbPath);
const repos = createRepositories(handle.db);
const runner = new PipelineRunner({ jobs: repos.jobs, leases: repos.leases, stages: makeCrashStages(markerDir, crashAt) });
const dispatcher = new PipelineDispatcher({ runner, jobs: repos.jobs, events: new JobEvents() });
await dispatcher.sweep();
await dispatcher.idle();
handle.close();
