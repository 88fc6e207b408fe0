#!/usr/bin/env node
// Bundles the CLI into dist/cli/bundle/: an entry (main.mjs) plus chunks that commands load on demand.
// Node's ES module loader costs about half a millisecond per module and kpio has a few hundred, so
// `kpio run hello.wasm` spent most of its start-up loading modules; a few minified chunks start several
// times faster. The unbundled dist/ stays the library (package.json "exports") and what tests import.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
await build({
  entryPoints: [path.join(root, 'src/cli/main.ts')],
  outdir: path.join(root, 'dist/cli/bundle'),
  entryNames: '[name]',
  chunkNames: 'chunk-[hash]',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  minify: true,
  keepNames: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // Note: CommonJS dependencies (semver) call require(); give the ES module bundle one.
  banner: { js: "import { createRequire as __kpioCreateRequire } from 'node:module'; const require = __kpioCreateRequire(import.meta.url);" },
});
