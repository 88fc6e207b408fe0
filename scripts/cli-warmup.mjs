#!/usr/bin/env node
// The warm-up run behind the CLI bundle's V8 code cache (see cli-loader.cjs), started by
// bundle-cli.mjs as `node scripts/cli-warmup.mjs <bundle dir>` in a child process with the same
// V8 flags as an ordinary `kpio` process (none), because V8 ignores a cache made under other flags.
//
// It runs `kpio run` on a Preview 1 command (cli-warmup/hello.wat) and on a WASI 0.2 command
// component made from it with jco's Preview 1 adapter (or, without jco, cli-warmup/
// hello.component.wat), on the default engine, then
// writes the bytecode of everything compiled so far to <bundle dir>/cli.v8-cache. Functions the
// warm-up never called are simply compiled on first use, as without a cache.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundleDir = path.resolve(process.argv[2] ?? path.join(root, 'dist/cli/bundle'));
const fixtures = path.join(root, 'scripts/cli-warmup');

const { parseWat } = await import(pathToFileURL(path.join(root, 'dist/wasm/text/index.js')).href);
const { encodeModule } = await import(pathToFileURL(path.join(root, 'dist/wasm/binary/encoder.js')).href);
const { parseComponentText } = await import(pathToFileURL(path.join(root, 'dist/component/text/index.js')).href);

/**
 * The Preview 1 module made a command component with the Preview 1 adapter that jco (a
 * devDependency) ships, as `jco new --wasi-command` does: the shape of the components compilers
 * produce today (many WASI imports, resources, records and lists across the adapter), which the
 * small hand-written fixture cannot show. Null when jco is not installed or fails; then the fixture
 * serves.
 */
async function adapterComponent(moduleBytes) {
  let jco;
  try {
    jco = await import('@bytecodealliance/jco');
  } catch {
    return null;
  }
  try {
    const adapter = fs.readFileSync(jco.preview1AdapterCommandPath());
    return await jco.componentNew(moduleBytes, [['wasi_snapshot_preview1', adapter]]);
  } catch (e) {
    process.stderr.write(`cli-warmup: jco could not make the adapter component (${e?.message ?? e}); using the fixture\n`);
    return null;
  }
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kpio-warmup-'));
try {
  const moduleFile = path.join(tmp, 'hello.wasm');
  const componentFile = path.join(tmp, 'hello.component.wasm');
  const read = (name) => fs.readFileSync(path.join(fixtures, name), 'utf8');
  const moduleBytes = encodeModule(parseWat(read('hello.wat'), 'hello.wat'));
  fs.writeFileSync(moduleFile, moduleBytes);
  fs.writeFileSync(componentFile, (await adapterComponent(moduleBytes)) ?? parseComponentText(read('hello.component.wat'), 'hello.component.wat'));

  const cli = await import(pathToFileURL(path.join(bundleDir, 'main.mjs')).href);
  // Note: the child's stdout and stderr are /dev/null (bundle-cli.mjs starts it so): the guests
  // write through the same code paths as in a terminal.
  const runs = [
    ['run', moduleFile, 'one', 'two'],
    ['run', componentFile],
    ['run', moduleFile],
    ['run', componentFile],
  ];
  for (const argv of runs) {
    const code = await cli.runCli(argv);
    if (code !== 0) throw new Error(`warm-up run \`kpio ${argv.join(' ')}\` exited with ${code}`);
  }
  fs.writeFileSync(path.join(bundleDir, 'cli.v8-cache'), cli.createCodeCache());
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
