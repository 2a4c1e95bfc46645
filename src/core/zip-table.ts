import { createRequire } from 'node:module';
import type Zipcodes from 'zipcodes';

// The `zipcodes` table takes seconds to load (it indexes ~40,000 rows at require time): it is
// loaded on the first lookup, so commands that never look up a zip code start fast.
const require = createRequire(import.meta.url);
let table: typeof Zipcodes | undefined;

/** US and Canadian postal data with coordinates (the `zipcodes` package), loaded on first use. */
export const zipTable = (): typeof Zipcodes => (table ??= require('zipcodes') as typeof Zipcodes);
