#!/usr/bin/env node
// Bundles the CLI into dist/cli/bundle/:
//
//   cli.cjs        the whole CLI as one minified classic script (a function expression, see below)
//   loader.cjs     loads cli.cjs through node:vm and exports runCli (cli-loader.cjs; bin/kpio.js requires it)
//   main.mjs       the same as an ES module (cli-main.mjs)
//   cli.v8-cache   V8's code cache for cli.cjs, made by a warm-up run (cli-warmup.mjs)
//
// Node's ES module loader costs about half a millisecond per module and kpio has a few hundred, so
// the CLI is one bundle; one file, not one per command, so every class exists once and
// `instanceof` checks on errors hold across commands. It is a classic script rather than an ES
// module because Node 20 can only give scripts a code cache: with it `kpio run` neither parses the
// bundle nor compiles the functions a run needs (about 45 ms of start-up on the development
// machine). The unbundled dist/ stays the library (package.json "exports") and is what tests import.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist/cli/bundle');
// Note: remove the previous build so stale files do not pile up.
fs.rmSync(outdir, { recursive: true, force: true });

// Note: esbuild escapes non-ASCII characters in strings but not in regular expression literals, and one
// such character makes V8 hold the whole bundle as a two-byte string (twice the memory, slower to read
// and to scan for the functions the code cache lacks). So sources with non-ASCII text are loaded with
// every such character written as a \u escape (the same value in strings, templates and regexps;
// comments are dropped anyway).
const asciiSources = {
  name: 'ascii-sources',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      const text = fs.readFileSync(args.path, 'utf8');
      if (!/[^\x00-\x7f]/.test(text)) return undefined;
      const contents = text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
      return { contents, loader: 'ts' };
    });
  },
};

// Note: a default or namespace import of a CommonJS module (`import fs from 'node:fs'`) becomes
// esbuild's `__toESM(require('node:fs'))`, which copies every property of the module onto a new
// object, again in each importing module: about 1.5 ms of start-up over kpio's few dozen imports
// of Node built-ins. Instead each built-in is imported through one small ES module made here,
// which requires it once and re-exports it: `default` and every plain property as named exports.
// Accessor properties (fs.promises, util.parseArgs, ...) load parts of Node on first read, so they
// are not re-exported: sources reach them through the default export, and a named import of one
// fails the build ("No matching export").
const nodeRequire = createRequire(import.meta.url);
const builtinModules = {
  name: 'builtin-modules',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) =>
      args.namespace === 'node-builtin' ? { path: args.path, external: true } : { path: args.path, namespace: 'node-builtin' },
    );
    b.onLoad({ filter: /.*/, namespace: 'node-builtin' }, (args) => {
      // Note: some built-ins warn when loaded (node:wasi is experimental); the build stays quiet.
      const emitWarning = process.emitWarning;
      process.emitWarning = () => {};
      let mod;
      try {
        mod = nodeRequire(args.path);
      } finally {
        process.emitWarning = emitWarning;
      }
      const names = Object.keys(mod).filter((k) => k !== 'default' && /^[A-Za-z_$][\w$]*$/.test(k) && 'value' in Object.getOwnPropertyDescriptor(mod, k));
      const contents = [`const m = require(${JSON.stringify(args.path)});`, 'export default m;', `export const { ${names.join(', ')} } = m;`].join('\n');
      return { contents, loader: 'js' };
    });
  },
};

await build({
  entryPoints: [path.join(root, 'src/cli/main.ts')],
  outfile: path.join(outdir, 'cli.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  // Note: no keepNames: it wraps functions in `__name(...)` calls, which breaks the worker threads
  // whose code is a function's own source text (they must be self-contained).
  minify: process.env.KPIO_BUNDLE_MINIFY !== '0',
  logLevel: 'warning',
  // Note: the bundle is one function expression, called by loader.cjs with CommonJS's exports,
  // require and module and the URL that replaces `import.meta.url` (there is no import.meta in a
  // script). Strict mode, as the ES modules it was made from.
  banner: { js: '(function (exports, require, module, __kpioImportMetaUrl) {"use strict";' },
  footer: { js: '})' },
  define: { 'import.meta.url': '__kpioImportMetaUrl' },
  // Note: `import()` becomes `require()`. In a script compiled from a code cache, Node 20 has no
  // dynamic-import callback, so a real import() would fail; require() of an ES module file works
  // from Node 20.19 (loader.cjs's require also takes file: URLs).
  supported: { 'dynamic-import': false },
  plugins: [asciiSources, builtinModules],
});
if (/[^\x00-\x7f]/.test(fs.readFileSync(path.join(outdir, 'cli.cjs'), 'utf8'))) {
  process.stderr.write('bundle-cli: warning: cli.cjs has non-ASCII characters (V8 keeps it as a two-byte string)\n');
}
fs.copyFileSync(path.join(root, 'scripts/cli-loader.cjs'), path.join(outdir, 'loader.cjs'));
fs.copyFileSync(path.join(root, 'scripts/cli-main.mjs'), path.join(outdir, 'main.mjs'));

// The code cache: a warm-up run in a fresh process without V8 flags (V8 ignores a cache made
// under other flags, so NODE_OPTIONS is cleared), then a check that a plain process accepts it.
// Without a cache the CLI works the same, only starts slower; so failures here are warnings.
function node(args) {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  return spawnSync(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
}
const warmup = node([path.join(root, 'scripts/cli-warmup.mjs'), outdir]);
if (warmup.status !== 0) {
  process.stderr.write(`bundle-cli: no code cache (the warm-up run failed):\n${warmup.stderr}`);
  fs.rmSync(path.join(outdir, 'cli.v8-cache'), { force: true });
} else {
  const check = node([
    '--input-type=module',
    '-e',
    `const m = await import(${JSON.stringify(new URL('main.mjs', `file://${outdir}/`).href)}); process.exitCode = m.codeCacheStatus === 'accepted' ? 0 : 3;`,
  ]);
  if (check.status !== 0) {
    process.stderr.write(`bundle-cli: the code cache is not accepted by a fresh process (status ${check.status}); removed\n${check.stderr}`);
    fs.rmSync(path.join(outdir, 'cli.v8-cache'), { force: true });
  }
}
