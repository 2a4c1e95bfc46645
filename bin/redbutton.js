#!/usr/bin/env node
// Entry point for `npx redbutton` / the package bin: runs the TypeScript CLI through tsx's loader,
// so there is no build step between a clone and a working command.
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

register();
const here = dirname(fileURLToPath(import.meta.url));
await import(join(here, '..', 'src', 'cli', 'main.ts'));
