import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const corpusDir = resolve(repoRoot, '../shared/corpus');
export const corpus = (name: string) => join(corpusDir, name);
export const tempDir = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

export const PURDUE = corpus('02_purdue_lilyhall_lab1-129_reno_CD_set.pdf');
export const USC = corpus('03_usc_longstreet_theatre_ext_restoration_drawings.pdf');
export const SPEC_21 = corpus('12_spec_section_21_0100_general_fire_protection.pdf');
export const ITB = corpus('09_ca_dgs_dsh_coalinga_road_repairs_ITB_addendum1.pdf');
