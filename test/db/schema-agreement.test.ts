import { describe, expect, it } from 'vitest';
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { join } from 'node:path';
import * as schema from '../../src/db/schema/index.js';
import { openDatabase } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { makeTempDir } from '../helpers/app.js';

interface ColumnInfo {
  name: string;
  type: string;
  notnull: number;
  pk: number;
}

/** SQLite type affinity of a declared type (section 3.1 of the SQLite docs). */
function affinity(type: string): string {
  const t = type.toUpperCase();
  if (t.includes('INT')) return 'INTEGER';
  if (t.includes('CHAR') || t.includes('CLOB') || t.includes('TEXT')) return 'TEXT';
  if (t.includes('BLOB') || t === '') return 'BLOB';
  if (t.includes('REAL') || t.includes('FLOA') || t.includes('DOUB')) return 'REAL';
  return 'NUMERIC';
}

describe('drizzle schema and migrated database', () => {
  it('agree on every table, column, nullability, primary key, index and foreign key', () => {
    const t = makeTempDir();
    const { sqlite, close } = openDatabase(join(t.dir, 'db.sqlite'));
    migrate(sqlite);
    const drizzleTables = (Object.values(schema) as unknown[]).filter((v): v is SQLiteTable => v instanceof SQLiteTable);
    expect(drizzleTables.length).toBeGreaterThanOrEqual(5);
    for (const table of drizzleTables) {
      const cfg = getTableConfig(table);
      const dbCols = sqlite.prepare(`PRAGMA table_info(${cfg.name})`).all() as ColumnInfo[];
      expect(dbCols.length, `table ${cfg.name} exists`).toBeGreaterThan(0);
      const byName = new Map(dbCols.map((c) => [c.name, c]));
      expect(new Set(cfg.columns.map((c) => c.name)), `columns of ${cfg.name}`).toEqual(new Set(byName.keys()));
      for (const col of cfg.columns) {
        const db = byName.get(col.name)!;
        const sqlType = col.getSQLType();
        // TIMESTAMP columns are declared TEXT in drizzle: both store ISO text.
        if (!/TIMESTAMP/i.test(db.type)) expect(affinity(db.type), `${cfg.name}.${col.name} type`).toBe(affinity(sqlType));
        expect(db.pk > 0, `${cfg.name}.${col.name} primary key`).toBe(col.primary);
        if (!col.primary) expect(db.notnull === 1, `${cfg.name}.${col.name} not null`).toBe(col.notNull);
      }
      const dbIndexes = new Set((sqlite.prepare(`PRAGMA index_list(${cfg.name})`).all() as { name: string; origin: string }[]).filter((i) => i.origin === 'c').map((i) => i.name));
      for (const idx of cfg.indexes) expect(dbIndexes.has(idx.config.name), `index ${idx.config.name}`).toBe(true);
      const dbFks = (sqlite.prepare(`PRAGMA foreign_key_list(${cfg.name})`).all() as { table: string; from: string; to: string }[]).map((f) => `${f.from}->${f.table}.${f.to}`);
      const drizzleFks = cfg.foreignKeys.map((fk) => {
        const ref = fk.reference();
        return `${ref.columns[0]!.name}->${getTableConfig(ref.foreignTable).name}.${ref.foreignColumns[0]!.name}`;
      });
      expect(new Set(drizzleFks), `foreign keys of ${cfg.name}`).toEqual(new Set(dbFks));
    }
    close();
    t.cleanup();
  });
});
