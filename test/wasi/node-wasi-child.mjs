// Runs one WASI Preview 1 program under Node's node:wasi, in a process of its own.
// Usage: node --no-warnings node-wasi-child.mjs SPEC_JSON
//   SPEC_JSON = {"wasm": path, "root": dir|null, "args": [...], "env": {...}}
// The guest gets this process's stdin, stdout and stderr; the exit status is the guest's exit code.
// A trap or host failure prints "node-wasi-child: <error>" to stderr and exits with 255.
//
// Note: node:wasi (uvwasi) owns the host descriptors it is given and closes them when the guest
// closes or renumbers them, or when the WASI object is collected. Run in the test process, that
// closed descriptors whose numbers the test runner had already reused (its IPC and event loop),
// which crashed the test worker at random. Here the process ends with the program.
import fs from 'node:fs';
import { WASI } from 'node:wasi';

const spec = JSON.parse(process.argv[2]);
let code;
try {
  const wasi = new WASI({
    version: 'preview1',
    args: spec.args,
    env: spec.env,
    preopens: spec.root === null ? {} : { '/': spec.root },
    returnOnExit: true,
  });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(fs.readFileSync(spec.wasm)), wasi.getImportObject());
  code = wasi.start(instance);
} catch (e) {
  process.stderr.write(`node-wasi-child: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}\n`);
  code = 255;
}
process.exitCode = code;
