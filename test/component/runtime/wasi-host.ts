// The WASI 0.2 host of the component-corpus tests: kpio's own (src/wasi/p2) with captured stdio,
// the given arguments, an empty environment and no preopens.
import { CapturedOutput } from '../../../src/sys/index.js';
import type { HostInterfaces } from '../../../src/component/link/index.js';
import { createWasiP2 } from '../../../src/wasi/p2/index.js';

/** A WASI host for one instantiation and what the guest wrote to stdio. */
export interface TestWasi {
  readonly interfaces: HostInterfaces;
  /** Everything the guest wrote to stdout, as text. */
  stdout(): string;
  /** Everything the guest wrote to stderr, as text. */
  stderr(): string;
  /** Releases what the guest still holds. */
  close(): void;
}

/** Creates a WASI 0.2 host for a test; `args` is argv including the program name. */
export function testWasi(args: readonly string[] = []): TestWasi {
  const stdout = new CapturedOutput();
  const stderr = new CapturedOutput();
  const host = createWasiP2({ args, stdout, stderr });
  return { interfaces: host, stdout: () => stdout.text(), stderr: () => stderr.text(), close: () => host.close() };
}
