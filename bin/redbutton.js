#!/usr/bin/env node
// Entry point for `npx redbutton` / the package bin. It runs the compiled CLI in dist/ (made by
// `npm run build`, which `npm ci` runs through `prepare`): no TypeScript compiler at every start.
// REDBUTTON_FROM_SOURCE=1 (tests, development) — or a clone not built yet — runs src/ through tsx.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/cli/main.js', import.meta.url);
if (process.env.REDBUTTON_FROM_SOURCE !== '1' && existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/cli/main.ts', import.meta.url).href);
}
