#!/usr/bin/env node
// Builds the sample apps in examples/ from their sources and packs each into
// examples/<name>/<name>.kpioapp. Runs after `tsc` (npm's prepare step) and uses kpio itself from
// dist/: the WebAssembly text parser for WAT apps and the packer. C apps need Debian's clang-19 with
// wasi-libc, Rust apps Debian's rustc with libstd-rust-dev-wasm32; an app whose toolchain is missing
// is skipped with a message.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { parseWat } = await import(path.join(root, 'dist/wasm/text/index.js'));
const { encodeModule } = await import(path.join(root, 'dist/wasm/binary/encoder.js'));
const { packApp } = await import(path.join(root, 'dist/package/pack.js'));
const { inspectEntry } = await import(path.join(root, 'dist/launch/inspect-entry.js'));

/** The sample apps: how to build each entry from its source. */
const EXAMPLES = [
  { name: 'hello-world', source: 'src/hello-world.wat', entry: 'hello-world.wasm', build: buildWat },
  { name: 'calculator', source: 'src/calculator.c', entry: 'calculator.wasm', build: buildC },
  { name: 'counter', source: 'src/main.rs', entry: 'counter.wasm', build: buildRust },
];

function buildWat(src, out) {
  fs.writeFileSync(out, encodeModule(parseWat(fs.readFileSync(src, 'utf8'), src)));
}

function tool(cmd) {
  try {
    execFileSync(cmd, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function buildC(src, out) {
  if (!tool('clang-19')) return 'clang-19 is not installed (apt-get install clang-19 lld-19 wasi-libc libclang-rt-19-dev-wasm32)';
  execFileSync('clang-19', ['--target=wasm32-wasi', '-O2', '-o', out, src], { stdio: 'inherit' });
}

function buildRust(src, out) {
  const rustc = '/usr/bin/rustc';
  if (!fs.existsSync(rustc)) return "Debian's rustc is not installed (apt-get install rustc libstd-rust-dev-wasm32)";
  try {
    execFileSync(rustc, ['--target', 'wasm32-wasi', '-C', 'opt-level=2', '-C', 'strip=symbols', '-o', out, src], { stdio: 'pipe' });
  } catch (e) {
    const msg = String(e.stderr ?? e.message);
    if (/can't find crate for `std`/.test(msg)) return 'the wasm32-wasi standard library is not installed (apt-get install libstd-rust-dev-wasm32)';
    throw new Error(`rustc failed:\n${msg}`);
  }
}

/** Builds one example; returns the package path, or null when skipped. */
export function buildExample(ex, { version } = {}) {
  const dir = path.join(root, 'examples', ex.name);
  const appDir = path.join(dir, 'build', 'app');
  fs.rmSync(appDir, { recursive: true, force: true });
  fs.mkdirSync(appDir, { recursive: true });
  const skipped = ex.build(path.join(dir, ex.source), path.join(appDir, ex.entry));
  if (skipped) {
    console.log(`examples: skipping ${ex.name}: ${skipped}`);
    return null;
  }
  let manifest = fs.readFileSync(path.join(dir, 'manifest.toml'), 'utf8');
  if (version) manifest = manifest.replace(/^version = ".*"$/m, `version = "${version}"`);
  const files = [
    ['manifest.toml', new TextEncoder().encode(manifest)],
    [ex.entry, new Uint8Array(fs.readFileSync(path.join(appDir, ex.entry)))],
  ];
  const { bytes, package: pkg } = packApp(files, { inspectEntry, source: `examples/${ex.name}` });
  const out = path.join(dir, `${ex.name}.kpioapp`);
  fs.writeFileSync(out, bytes);
  console.log(`examples: packed ${pkg.manifest.id} ${pkg.manifest.version} -> ${path.relative(root, out)}`);
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const ex of EXAMPLES) buildExample(ex);
}
