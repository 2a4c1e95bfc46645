import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { repoRoot } from '../helpers/app.js';

/**
 * The import rules of src/README.md are lint (eslint.boundaries.js), and `npm test` runs lint:
 * these cases show the rule refuses what it must and lets the allowed imports through.
 */
// The snippets are not files of the TypeScript project, so the type-aware rules (which need one) are off here.
const eslint = new ESLint({
  cwd: repoRoot,
  overrideConfig: {
    languageOptions: { parserOptions: { projectService: false, project: null } },
    rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off' },
  },
});
async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${repoRoot}/${filePath}` });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

describe('import boundaries', () => {
  it('a channel importing src/db, drizzle or the SQLite driver fails lint', async () => {
    const file = 'src/channels/email/new-feature.ts';
    expect(await restricted(file, "import { jobs } from '../../db/schema/index.js';\nexport const t = jobs;\n")).toEqual([expect.stringContaining('src/db repositories')]);
    expect(await restricted(file, "import { eq } from 'drizzle-orm';\nexport const e = eq;\n")).toHaveLength(1);
    expect(await restricted('src/cli/commands/new.ts', "import type Database from 'better-sqlite3';\nexport type D = Database.Database;\n")).toHaveLength(1);
    // nor through the composition root's database handle
    expect(await restricted(file, "export const poll = (app: { db: { all(q: string): unknown } }) => app.db.all('SELECT 1');\n")).toEqual([expect.stringContaining('only through repositories')]);
    // …while core is what a channel uses
    expect(await restricted(file, "import { summarizeMap } from '../../core/contacts/map-summary.js';\nexport const s = summarizeMap;\n")).toEqual([]);
  });

  it('core reaches storage only through repository methods: drizzle, the SQLite driver and the schema fail lint', async () => {
    const file = 'src/core/outreach/new-query.ts';
    expect(await restricted(file, "import { eq } from 'drizzle-orm';\nexport const e = eq;\n")).toEqual([expect.stringContaining('repository method')]);
    expect(await restricted(file, "import type Database from 'better-sqlite3';\nexport type D = Database.Database;\n")).toHaveLength(1);
    expect(await restricted(file, "import { emailLogs } from '../../db/schema/index.js';\nexport const t = emailLogs;\n")).toHaveLength(1);
    expect(await restricted(file, "import type { Db } from '../../db/client.js';\nexport type D = Db;\n")).toHaveLength(1);
    // …while the repositories' interfaces and the domain's types are what core uses
    expect(await restricted(file, "import type { Repositories } from '../../db/repositories/index.js';\nimport type { EmailStatus } from '../domain/status.js';\nexport type R = [Repositories, EmailStatus];\n")).toEqual([]);
  });

  it('core never imports a channel or the CLI; db imports only core\'s dependency-free kernel', async () => {
    expect(await restricted('src/core/outreach/new.ts', "import { renderMapMail } from '../../channels/email/render.js';\nexport const r = renderMapMail;\n")).toHaveLength(1);
    expect(await restricted('src/core/outreach/new.ts', "import { formatMap } from '../../cli/format.js';\nexport const f = formatMap;\n")).toHaveLength(1);
    expect(await restricted('src/db/repositories/new.ts', "import { summarizeMap } from '../../core/contacts/map-summary.js';\nexport const s = summarizeMap;\n")).toHaveLength(1);
    expect(await restricted('src/db/repositories/new.ts', "import { AppError } from '../../core/errors.js';\nimport { JOB_STATUSES } from '../../core/domain/status.js';\nexport const x = [AppError, JOB_STATUSES];\n")).toEqual([]);
    expect(await restricted('src/core/domain/new.ts', "import { AppError } from '../errors.js';\nexport const x = AppError;\n")).toHaveLength(1);
  });
});
