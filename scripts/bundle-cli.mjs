#!/usr/bin/env node
// Bundles the CLI into dist/cli/bundle/: a small entry (main.mjs) that dispatches to one
// self-contained bundle per command (cmd-run.mjs, cmd-wast.mjs, ...). Node's ES module loader costs
// about half a millisecond per module and kpio has a few hundred, so `kpio run hello.wasm` spent most of
// its start-up loading modules; one minified file per command loads in one read and one compile. The
// unbundled dist/ stays the library (package.json "exports") and is what tests import.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist/cli/bundle');
// Note: remove the previous build so stale files do not pile up.
fs.rmSync(outdir, { recursive: true, force: true });

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  minify: process.env.KPIO_BUNDLE_MINIFY !== '0',
  keepNames: true,
  logLevel: 'warning',
  // Note: CommonJS dependencies (semver) call require(); give the ES module bundles one.
  banner: { js: "import { createRequire as __kpioCreateRequire } from 'node:module'; const require = __kpioCreateRequire(import.meta.url);" },
};

// The command modules: src/cli/commands/<name>.ts, each loaded by main through `import('./<name>.js')`.
const commandsDir = path.join(root, 'src/cli/commands');
const commands = fs
  .readdirSync(commandsDir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'index.ts' && f !== 'command.ts')
  .map((f) => f.replace(/\.ts$/, ''));

/** In the entry bundle, `./<command>.js` imports stay separate files: `./cmd-<command>.mjs`. */
const commandsExternal = {
  name: 'commands-external',
  setup(b) {
    b.onResolve({ filter: /^\.\/[a-z-]+\.js$/ }, (args) => {
      const name = args.path.slice(2, -3);
      if (args.importer === path.join(commandsDir, 'index.ts') && commands.includes(name)) {
        return { path: `./cmd-${name}.mjs`, external: true };
      }
      return undefined;
    });
  },
};

await build({ ...common, entryPoints: [path.join(root, 'src/cli/main.ts')], outfile: path.join(outdir, 'main.mjs'), plugins: [commandsExternal] });
await Promise.all(
  commands.map((name) =>
    build({ ...common, entryPoints: [path.join(commandsDir, `${name}.ts`)], outfile: path.join(outdir, `cmd-${name}.mjs`) }),
  ),
);
