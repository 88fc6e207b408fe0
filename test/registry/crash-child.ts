// Child process for the crash test: runs one registry operation on real files and SIGKILLs
// itself right before its Nth file-system operation (deterministic fault injection), or, without
// a kill point, runs to the end and prints how many operations it made. Bundled by esbuild
// (see child-bundle.ts) so it runs under plain node.
import { readFileSync } from 'node:fs';
import { openNodeRegistry } from '../../src/platform/node/registry-home.js';
import { inspectEntryForTests } from '../package/wasm-fixtures.js';

interface ChildArgs {
  home: string;
  op: 'install' | 'update';
  packagePath: string;
  /** Kill before this operation (1-based); absent: run to completion. */
  killAt?: number;
}

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2]!) as ChildArgs;
  let ops = 0;
  const registry = await openNodeRegistry({
    home: args.home,
    runtimeVersion: '0.1.0',
    inspectEntry: inspectEntryForTests,
    trustedKeys: [],
    lock: { timeoutMs: 20_000 },
    onOperation: () => {
      ops++;
      if (ops === args.killAt) process.kill(process.pid, 'SIGKILL');
    },
  });
  const bytes = new Uint8Array(readFileSync(args.packagePath));
  const result = args.op === 'install' ? await registry.install(bytes) : await registry.update(bytes);
  process.stdout.write(JSON.stringify({ ops, version: 'status' in result ? result.app.version : result.version }) + '\n');
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}\n`);
  process.exit(1);
});
