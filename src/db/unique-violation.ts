/**
 * Whether a failed write broke a UNIQUE (or primary key) constraint, on either database: SQLite's
 * `SQLITE_CONSTRAINT_UNIQUE` / `_PRIMARYKEY`, Postgres' SQLSTATE 23505. drizzle wraps the
 * driver's error (DrizzleQueryError → cause), so the whole cause chain is looked at.
 */
export function isUniqueViolation(e: unknown): boolean {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; cur = (cur as { cause?: unknown }).cause, depth++) {
    const code = (cur as { code?: unknown }).code;
    if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return true;
  }
  return false;
}
