// The house rules as lint (part of `npm test`): who may import whom. See src/README.md.
//   channels (src/channels/*, src/cli) → core (and the composition root src/app.ts), never src/db or a driver;
//   core → its own modules and src/db's repositories, never a channel or the CLI;
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

const noDb = [DB, 'SQL and the database live behind src/db repositories; a channel calls a core use case (src/README.md).'];
const noChannels = [CHANNELS, 'Nothing imports a channel: channels call core, never the other way round (src/README.md).'];
const noCli = [CLI, 'Only the CLI imports the CLI (src/README.md).'];

/** Files still reaching past core into src/db: each is moved behind a repository, then taken off this list. */
export const DB_BOUNDARY_PENDING = [
  'src/channels/email/handler.ts',
  'src/channels/email/index.ts',
  'src/channels/email/reply-policy.ts',
  'src/channels/email/store.ts',
  'src/channels/http/context.ts',
  'src/channels/http/review-link.ts',
  'src/channels/http/routes/contacts.ts',
  'src/channels/http/routes/jobs.ts',
  'src/channels/http/routes/review.ts',
  'src/channels/http/tokens.ts',
  'src/channels/http/views.ts',
  'src/channels/slack/index.ts',
  'src/channels/slack/people.ts',
  'src/channels/slack/render.ts',
  'src/channels/slack/store.ts',
  'src/cli/commands/admin.ts',
  'src/cli/context.ts',
  'src/cli/format.ts',
];

export const importBoundaries = [
  { files: ['src/channels/**/*.ts'], ignores: DB_BOUNDARY_PENDING, rules: rule([noDb, noCli]) },
  // The CLI is a channel that also hosts the others (`serve`, `mail check`) and prints the HTTP API's JSON shapes.
  { files: ['src/cli/**/*.ts'], ignores: DB_BOUNDARY_PENDING, rules: rule([noDb]) },
  { files: ['src/core/**/*.ts', 'src/core/**/*.mjs'], rules: rule([noChannels, noCli]) },
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
