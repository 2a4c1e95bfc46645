// Child process for runner.test.ts: resume every unfinished job in the database, like a restarted service.
import { openDatabase } from '../../src/db/client.js';
import { createRepositories } from '../../src/db/repositories/index.js';
import { PipelineRunner } from '../../src/core/pipeline/runner.js';
import { makeCrashStages } from './crash-stages.js';

const [dbPath, markerDir, crashAt] = process.argv.slice(2) as [string, string, string];
const handle = openDatabase(dbPath);
const repos = createRepositories(handle.db);
const runner = new PipelineRunner({ jobs: repos.jobs, leases: repos.leases, stages: makeCrashStages(markerDir, crashAt) });
await runner.resumeAll();
handle.close();
