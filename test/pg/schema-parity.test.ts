import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import pg from 'pg';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { SQLiteTable } from 'drizzle-orm/sqlite-core';
import * as sqliteSchema from '../../src/db/schema/index.js';
import * as pgSchema from '../../src/db/pg/schema.js';
import { openDatabase, type DbHandle } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { migratePostgres } from '../../src/db/pg/migrate.js';
import { makeTempDir } from '../helpers/app.js';
import { freshDatabase, postgresAvailable, postgresSkipReason, type TestDatabase } from '../helpers/postgres.js';

/**
 * The Postgres schema (migrations/pg) against the SQLite one (migrations/), both migrated for real:
 * the same tables, columns, nullability, defaults, primary keys, foreign keys (with their ON DELETE)
 * and unique indexes. Types follow this table; every column that departs from it is listed below.
 */
const TYPE_MAP: Record<string, string> = {
  TEXT: 'text',
  TIMESTAMP: 'timestamp with time zone',
  INTEGER: 'integer',
};
/** Storage refs and JSON documents: JSONB on Postgres, JSON text on SQLite. */
const JSONB_COLUMNS = [
  'jobs.pdf_ref', 'jobs.images_ref', 'jobs.prompt_ref', 'jobs.contacts_map_ref', 'jobs.scope_ref', 'jobs.origin_context', 'jobs.usage',
  'email_logs.trades', 'contacts_map_history.ref', 'contacts_map_history.operations', 'outreach_approvals.skipped', 'job_details.scope_notes',
  'job_documents.pdf_ref', 'job_documents.pages_ref', 'job_documents.scope_ref', 'job_addenda.changes_json', 'job_addenda.new_trades',
  'job_details.reminder_days',
];
/** SQLite's INTEGER is 64-bit: identity ids, IMAP UIDs (unsigned 32-bit) and epoch milliseconds need bigint. */
const BIGINT_COLUMNS = [
  'contacts_map_history.id', 'email_inbound_uids.id', 'email_notices.id', 'email_sender_notes.id',
  'plan_downloads.download_id', 'email_inbound_uids.uidvalidity', 'email_inbound_uids.uid', 'review_link_revocations.revoked_before',
  'sign_in_failures.last_failure_ms', 'smtp_rate_slots.second', 'job_events.event_id',
];
const expectedPgType = (column: string, sqliteType: string): string =>
  JSONB_COLUMNS.includes(column) ? 'jsonb' : BIGINT_COLUMNS.includes(column) ? 'bigint' : (TYPE_MAP[sqliteType.toUpperCase()] ?? `unmapped ${sqliteType}`);

interface Column { type: string; notNull: boolean; hasDefault: boolean }
interface Shape {
  columns: Record<string, Column>;
  primaryKey: string[];
  foreignKeys: string[];
  uniques: string[];
}

function sqliteShapes(h: DbHandle): Record<string, Shape> {
  const q = <T>(sql: string) => h.sqlite.prepare(sql).all() as T[];
  const out: Record<string, Shape> = {};
  for (const { name } of q<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")) {
    const cols = q<{ name: string; type: string; notnull: number; pk: number; dflt_value: string | null }>(`PRAGMA table_info(${name})`);
    const uniques = q<{ name: string; unique: number; partial: number }>(`PRAGMA index_list(${name})`)
      .filter((i) => i.unique === 1)
      .map((i) => `${q<{ name: string }>(`PRAGMA index_info(${i.name})`).map((c) => c.name).join(',')}${i.partial ? ' (partial)' : ''}`);
    out[name] = {
      columns: Object.fromEntries(
        // a SQLite primary key column may hold NULL (a historical quirk); Postgres's never does
        cols.map((c) => [`${c.name}`, { type: expectedPgType(`${name}.${c.name}`, c.type), notNull: c.notnull === 1 || c.pk > 0, hasDefault: c.dflt_value !== null }]),
      ),
      primaryKey: cols.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name),
      foreignKeys: q<{ from: string; table: string; to: string; on_delete: string }>(`PRAGMA foreign_key_list(${name})`)
        .map((f) => `${f.from} -> ${f.table}.${f.to} ON DELETE ${f.on_delete}`)
        .sort(),
      // PRIMARY KEY indexes are compared as primary keys
      uniques: uniques.filter((u) => u !== cols.filter((c) => c.pk > 0).map((c) => c.name).join(',')).sort(),
    };
  }
  return out;
}

async function pgShapes(client: pg.Pool): Promise<Record<string, Shape>> {
  const q = async <T extends pg.QueryResultRow>(sql: string) => (await client.query<T>(sql)).rows;
  const out: Record<string, Shape> = {};
  const tables = await q<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'");
  for (const { table_name: t } of tables) out[t] = { columns: {}, primaryKey: [], foreignKeys: [], uniques: [] };
  for (const c of await q<{ table_name: string; column_name: string; data_type: string; is_nullable: string; column_default: string | null; is_identity: string }>(
    "SELECT table_name, column_name, data_type, is_nullable, column_default, is_identity FROM information_schema.columns WHERE table_schema = 'public'",
  )) {
    // SQLite's AUTOINCREMENT has no declared default; Postgres's identity columns neither (is_identity)
    out[c.table_name]!.columns[c.column_name] = { type: c.data_type, notNull: c.is_nullable === 'NO', hasDefault: c.column_default !== null };
  }
  for (const k of await q<{ table_name: string; column_name: string }>(`
    SELECT tc.table_name, kcu.column_name FROM information_schema.table_constraints tc
    JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
    WHERE tc.table_schema = 'public' AND tc.constraint_type = 'PRIMARY KEY' ORDER BY tc.table_name, kcu.ordinal_position`)) {
    out[k.table_name]!.primaryKey.push(k.column_name);
  }
  for (const f of await q<{ table_name: string; column_name: string; ref_table: string; ref_column: string; delete_rule: string }>(`
    SELECT kcu.table_name, kcu.column_name, ccu.table_name AS ref_table, ccu.column_name AS ref_column, rc.delete_rule
    FROM information_schema.referential_constraints rc
    JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = rc.constraint_name AND kcu.constraint_schema = rc.constraint_schema
    JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = rc.unique_constraint_name AND ccu.constraint_schema = rc.unique_constraint_schema
    WHERE rc.constraint_schema = 'public'`)) {
    out[f.table_name]!.foreignKeys.push(`${f.column_name} -> ${f.ref_table}.${f.ref_column} ON DELETE ${f.delete_rule}`);
  }
  // information_schema has no indexes: pg_index is where unique indexes (constraints or not) live.
  for (const u of await q<{ table_name: string; columns: string; partial: boolean }>(`
    SELECT t.relname AS table_name, string_agg(a.attname, ',' ORDER BY k.ord) AS columns, i.indpred IS NOT NULL AS partial
    FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
    CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
    WHERE n.nspname = 'public' AND i.indisunique AND NOT i.indisprimary
    GROUP BY t.relname, i.indexrelid, i.indpred`)) {
    out[u.table_name]!.uniques.push(`${u.columns}${u.partial ? ' (partial)' : ''}`);
  }
  for (const s of Object.values(out)) {
    s.foreignKeys.sort();
    s.uniques.sort();
  }
  return out;
}

describe.skipIf(!postgresAvailable())(`Postgres schema parity${postgresAvailable() ? '' : ` (skipped: ${postgresSkipReason})`}`, () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let sqlite: DbHandle;
  const temp = makeTempDir();
  beforeAll(async () => {
    db = await freshDatabase();
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
    await migratePostgres(pool);
    sqlite = openDatabase(join(temp.dir, 'db.sqlite'));
    migrate(sqlite.sqlite);
  });
  afterAll(async () => {
    sqlite?.close();
    temp.cleanup();
    await pool?.end();
    await db?.drop();
  });

  it('has every SQLite table with the same columns, types (per the map), nullability, defaults, keys and unique indexes', async () => {
    const expected = sqliteShapes(sqlite);
    const actual = await pgShapes(pool);
    expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
    for (const table of Object.keys(expected)) expect(actual[table], `table ${table}`).toEqual(expected[table]);
  });

  it('the drizzle Postgres schema names the same tables as the SQLite one and matches the migrated database', async () => {
    const sqliteTables = (Object.entries(sqliteSchema) as [string, unknown][]).filter(([, v]) => v instanceof SQLiteTable).map(([k]) => k).sort();
    const pgTables = (Object.entries(pgSchema) as [string, unknown][]).filter(([, v]) => v instanceof PgTable);
    expect(pgTables.map(([k]) => k).sort(), 'export names (so repositories can take either)').toEqual(sqliteTables);
    const actual = await pgShapes(pool);
    for (const [, table] of pgTables) {
      const cfg = getTableConfig(table as PgTable);
      const shape = actual[cfg.name]!;
      expect(new Set(cfg.columns.map((c) => c.name)), `columns of ${cfg.name}`).toEqual(new Set(Object.keys(shape.columns)));
      for (const col of cfg.columns) {
        const db = shape.columns[col.name]!;
        expect(db.type, `${cfg.name}.${col.name} type`).toBe(col.getSQLType());
        expect(db.notNull, `${cfg.name}.${col.name} not null`).toBe(col.notNull || col.primary);
      }
      expect(shape.primaryKey, `primary key of ${cfg.name}`).toEqual(cfg.columns.filter((c) => c.primary).map((c) => c.name));
      const fks = cfg.foreignKeys.map((fk) => {
        const ref = fk.reference();
        return `${ref.columns[0]!.name} -> ${getTableConfig(ref.foreignTable).name}.${ref.foreignColumns[0]!.name} ON DELETE ${(fk.onDelete ?? 'no action').toUpperCase()}`;
      });
      expect(fks.sort(), `foreign keys of ${cfg.name}`).toEqual(shape.foreignKeys);
      const named = (await pool.query<{ indexname: string }>('SELECT indexname FROM pg_indexes WHERE tablename = $1', [cfg.name])).rows.map((r) => r.indexname);
      for (const idx of cfg.indexes) expect(named, `index ${idx.config.name}`).toContain(idx.config.name);
    }
  });
});
