/**
 * Which constraint a failed write broke, read from either driver's error: better-sqlite3's
 * `SQLITE_CONSTRAINT_*` codes or node-postgres' SQLSTATE (23505 unique, 23503 foreign key).
 * drizzle wraps the driver's error (DrizzleQueryError → cause), so the cause chain is walked.
 */
export type ConstraintKind = 'unique' | 'foreign_key';

const POSTGRES_STATES: Record<string, ConstraintKind> = { '23505': 'unique', '23503': 'foreign_key' };

export function constraintViolation(e: unknown): ConstraintKind | undefined {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; cur = (cur as { cause?: unknown }).cause, depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code !== 'string') continue;
    if (code in POSTGRES_STATES) return POSTGRES_STATES[code];
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return 'unique';
    if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return 'foreign_key';
    // older SQLite builds report a foreign-key failure as the plain SQLITE_CONSTRAINT
    if (code.startsWith('SQLITE_CONSTRAINT') && /FOREIGN KEY/i.test(String((cur as Error).message))) return 'foreign_key';
  }
  return undefined;
}
