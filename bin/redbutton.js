#!/usr/bin/env node
// Entry point for `npx redbutton` / the package bin. It runs the bundled CLI in dist/ (made by
// `npm run build`, which `npm ci` runs through `prepare`): no TypeScript compile, and a handful of
// files for Node's module loader instead of ~350. REDBUTTON_FROM_SOURCE=1 (tests, development) —
// or a clone not built yet — runs src/ through tsx.
import { existsSync } from 'node:fs';
import module from 'node:module';

const bundle = new URL('../dist/redbutton.js', import.meta.url);
if (process.env.REDBUTTON_FROM_SOURCE !== '1' && existsSync(bundle)) {
  // Node ≥ 22.1 can keep compiled code between runs (node_modules/.cache or NODE_COMPILE_CACHE); Node 20 has no such API.
  module.enableCompileCache?.();
  await import(bundle.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/cli/main.ts', import.meta.url).href);
}
