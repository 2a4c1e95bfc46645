#!/usr/bin/env node
// Entry point for `npx redbutton` / the package bin. It runs the bundled CLI, dist/redbutton.cjs
// (made by `npm run build`, which `npm ci` runs through `prepare`): no TypeScript compile, one file
// for Node's loader instead of ~350 modules. REDBUTTON_FROM_SOURCE=1 (tests, development) — or a
// clone not built yet — runs src/ through tsx.
import { accessSync, constants, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { isAscii } from 'node:buffer';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const bundle = fileURLToPath(new URL('../dist/redbutton.cjs', import.meta.url));

/**
 * Run the bundle as Node's require would, but compiled with V8's code cache: compiling ~2 MB of
 * JavaScript is most of a command's start, and Node 20 keeps compiled code between runs only for
 * a vm.Script given cachedData (module.enableCompileCache() arrives in Node 22.1). Hand-written
 * because v8-compile-cache, the package that does this, hooks every require of the process and
 * keeps its cache in the temp directory; here it is one file beside the one bundle. The bundle has
 * no import() (scripts/build.mjs turns it into require): a function restored from the cache would
 * lose its dynamic-import callback (zertosh/v8-compile-cache#30, and Node 20's vm alike).
 * V8 rejects a cache made by another V8 version or flags (cachedDataRejected); then this run makes
 * a new one, written after the command when dist/ is writable (a read-only install runs uncached).
 */
function runBundle(file) {
  const cacheFile = `${file}.v8cache`;
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  // The build makes the bundle ASCII-only: read as one-byte text, no UTF-8 decoding of 2 MB.
  const bytes = readFileSync(file);
  const text = bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
  // The wrapper Node's CommonJS loader puts around a module.
  const source = `(function (exports, require, module, __filename, __dirname) {${text}\n})`;
  const script = new vm.Script(source, {
    filename: file,
    cachedData,
  });
  if ((cachedData === undefined || script.cachedDataRejected) && writable(dirname(file))) {
    // After the command, so the cache also holds the functions it compiled on the way.
    process.once('exit', () => {
      const tmp = `${cacheFile}.${process.pid}`;
      try {
        writeFileSync(tmp, script.createCachedData());
        renameSync(tmp, cacheFile);
      } catch {
        rmSync(tmp, { force: true });
        // Lost a race with another run, or the disk is full: the next run compiles again, nothing else changes.
      }
    });
  }
  const module = { exports: {}, filename: file, id: file, loaded: false };
  script.runInThisContext().call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
}

/** Whether this user may write the cache (an install owned by another user runs uncached, without trying every time). */
function writable(dir) {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

if (process.env.REDBUTTON_FROM_SOURCE !== '1' && existsSync(bundle)) {
  runBundle(bundle);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/cli/main.ts', import.meta.url).href);
}
