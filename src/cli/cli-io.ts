/**
 * What a CLI command may touch: its output streams, input, environment and working directory.
 * Commands receive this instead of using `process` so tests can run them in-process
 * (`runCli(argv, io) -> exit code`, wazero style).
 */

import fs from 'node:fs';
import { CapturedOutput } from '../sys/memory-stdio.js';
import type { StdoutSpec } from '../platform/node/node-sys.js';

/** A sink for bytes or text. */
export interface OutputSink {
  write(chunk: string | Uint8Array): void;
}

/** The CLI's world. */
export interface CliIo {
  readonly stdout: OutputSink;
  readonly stderr: OutputSink;
  /** File descriptor of stdin for commands that hand it to a guest (default 0). */
  readonly stdinFd: number;
  /** Where a guest's stdout goes (the real fd 1 for the process; a captured stream in tests). */
  readonly guestStdout: StdoutSpec;
  /** Where a guest's stderr goes. */
  readonly guestStderr: StdoutSpec;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

/** A sink writing synchronously to a file descriptor (streams output as it is produced). */
export function fdSink(fd: number): OutputSink {
  let closed = false;
  return {
    write(chunk) {
      if (closed) return;
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      let off = 0;
      while (off < buf.length) {
        try {
          off += fs.writeSync(fd, buf, off, buf.length - off);
        } catch (e) {
          // Note: a non-blocking pipe may be momentarily full; retry instead of losing output.
          const code = (e as NodeJS.ErrnoException).code;
          // Note: the reader went away (`kpio ... | head`): drop the rest quietly, like other CLIs.
          if (code === 'EPIPE') {
            closed = true;
            return;
          }
          if (code !== 'EAGAIN') throw e;
        }
      }
    },
  };
}

/** The real process's I/O. */
export function processIo(): CliIo {
  return {
    stdout: fdSink(1),
    stderr: fdSink(2),
    stdinFd: 0,
    guestStdout: { fd: 1 },
    guestStderr: { fd: 2 },
    env: process.env,
    cwd: process.cwd(),
  };
}

/** An in-memory CliIo for tests: collects stdout and stderr (kpio's and the guest's) as text. */
export function memoryIo(env: Record<string, string> = {}, cwd = process.cwd(), stdinFd = 0) {
  const out = new CapturedOutput();
  const err = new CapturedOutput();
  const sink = (c: CapturedOutput): OutputSink => ({
    write: (chunk) => void c.write(typeof chunk === 'string' ? Buffer.from(chunk) : chunk, false),
  });
  const io: CliIo = { stdout: sink(out), stderr: sink(err), stdinFd, guestStdout: out, guestStderr: err, env, cwd };
  return { io, stdout: () => out.text(), stderr: () => err.text() };
}
