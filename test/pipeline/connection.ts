import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/client.js';
import { createRepositories, type Repositories } from '../../src/db/repositories/index.js';

/**
 * Another connection to the database a test App runs on, as another process would have: the
 * SQLite file (`REDBUTTON_DATA_DIR`) or the Postgres database (`DATABASE_URL`) named by `env`
 * (an `AnyTestApp`'s `env`). The schema is the App's already; nothing is migrated here.
 */
export async function openRepositories(env: Record<string, string>): Promise<{ repos: Repositories; close(): Promise<void> }> {
  const config = loadConfig({ ...process.env, ...env });
  if (config.postgresUrl) {
    const [{ openPostgres }, { createPgRepositories }] = await Promise.all([import('../../src/db/pg/client.js'), import('../../src/db/pg/repositories/index.js')]);
    const pg = await openPostgres(config.postgresUrl, { max: 4, migrate: false });
    return { repos: createPgRepositories(pg), close: () => pg.close() };
  }
  const handle = openDatabase(config.databasePath);
  return { repos: createRepositories(handle.db), close: async () => handle.close() };
}
