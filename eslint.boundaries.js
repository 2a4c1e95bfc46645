// The house rules as lint (part of `npm test`): who may import whom. See src/README.md.
//   channels (src/channels/*, src/cli) → core (and the composition root src/app.ts), never src/db or a driver;
//   core → its own modules and src/db's repository interfaces, never a channel, the CLI, drizzle, a driver or the schema;
//   db → drivers and core's dependency-free kernel only (src/core/domain, errors, log, password hashing);
//   the kernel → nothing of the project.
const DB = ['**/db/**', 'drizzle-orm', 'drizzle-orm/*', 'better-sqlite3'];
const CHANNELS = ['**/channels/**'];
const CLI = ['**/cli/**'];
const rule = (groups) => ({
  'no-restricted-imports': [
    'error',
    { patterns: groups.map(([match, message]) => (typeof match === 'string' ? { regex: match, message } : { group: match, message })) },
  ],
});

/** The database handle the composition root holds is not for channels either (raw SQL through `app.db`). */
const noDbHandle = {
  'no-restricted-syntax': [
    'error',
    { selector: "MemberExpression[property.name=/^(db|handle)$/][object.name='app']", message: 'A channel reaches the database only through repositories and core use cases (src/README.md).' },
    { selector: "MemberExpression[property.name=/^(db|handle)$/][object.callee.property.name='getApp']", message: 'A channel reaches the database only through repositories and core use cases (src/README.md).' },
  ],
};
const noDb = [DB, 'SQL and the database live behind src/db repositories; a channel calls a core use case (src/README.md).'];
const noChannels = [CHANNELS, 'Nothing imports a channel: channels call core, never the other way round (src/README.md).'];
const noCli = [CLI, 'Only the CLI imports the CLI (src/README.md).'];
/** Core sees the repositories' interfaces, never how they are stored: no query builder, driver, schema or connection. */
const noStorageDetail = [
  ['drizzle-orm', 'drizzle-orm/*', 'better-sqlite3', 'pg', '**/db/schema/**', '**/db/client.js', '**/db/migrate.js', '**/db/pg/**'],
  'Core calls a repository method (src/db/repositories); queries, drivers and the schema stay in src/db. Domain types live in src/core/domain (src/README.md).',
];

/** Files still reaching past core into src/db: each is moved behind a repository, then taken off this list. */
export const DB_BOUNDARY_PENDING = [];

export const importBoundaries = [
  { files: ['src/channels/**/*.ts'], ignores: DB_BOUNDARY_PENDING, rules: { ...rule([noDb, noCli]), ...noDbHandle } },
  // The CLI is a channel that also hosts the others (`serve`, `mail check`) and prints the HTTP API's JSON shapes.
  { files: ['src/cli/**/*.ts'], ignores: DB_BOUNDARY_PENDING, rules: { ...rule([noDb]), ...noDbHandle } },
  { files: ['src/core/**/*.ts', 'src/core/**/*.mjs'], rules: rule([noChannels, noCli, noStorageDetail]) },
  {
    files: ['src/db/**/*.ts'],
    rules: rule([
      noChannels,
      noCli,
      ['(^|/)core/(?!domain/|errors\\.js$|log\\.js$|auth/password\\.js$)', 'src/db may import only core\'s dependency-free kernel (core/domain, errors, log, password hashing).'],
    ]),
  },
  {
    files: ['src/core/domain/**/*.ts', 'src/core/errors.ts', 'src/core/log.ts', 'src/core/auth/password.ts'],
    rules: rule([[['./*', '../**'], 'The kernel imports nothing of the project: src/db depends on it.']]),
  },
];
