#!/usr/bin/env node
// Bundles the CLI into one minified file, dist/cli/bundle/main.mjs. Node's ES module loader costs about
// half a millisecond per module and kpio has a few hundred, so `kpio run hello.wasm` spent most of its
// start-up loading modules; one file loads with one read and one (lazy) compile. One file, not one per
// command: every class exists once, so `instanceof` checks on errors hold across commands. The
// unbundled dist/ stays the library (package.json "exports") and is what tests import.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist/cli/bundle');
// Note: remove the previous build so stale files do not pile up.
fs.rmSync(outdir, { recursive: true, force: true });

await build({
  entryPoints: [path.join(root, 'src/cli/main.ts')],
  outfile: path.join(outdir, 'main.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  // Note: no keepNames: it wraps functions in `__name(...)` calls, which breaks the worker threads
  // whose code is a function's own source text (they must be self-contained).
  minify: process.env.KPIO_BUNDLE_MINIFY !== '0',
  logLevel: 'warning',
  // Note: CommonJS dependencies (semver) call require(); give the ES module bundle one.
  banner: { js: "import { createRequire as __kpioCreateRequire } from 'node:module'; const require = __kpioCreateRequire(import.meta.url);" },
});
