/**
 * The jco `cli/` component corpus run through kpio's WASI 0.2 host and component linker on the
 * interp and native engines, with the outputs jco's own tests expect (corpus INDEX.md).
 */

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeComponent } from '../../src/component/binary/decoder.js';
import { instantiateComponent } from '../../src/component/link/index.js';
import { createEngine } from '../../src/engines.js';
import { CapturedOutput } from '../../src/sys/index.js';
import { createWasiP2, runComponentCommand } from '../../src/wasi/p2/index.js';
import { corpusPath } from '../support/corpus.js';

const dir = corpusPath('components/cli');
const ENGINES = ['interp', 'native'] as const;

interface CommandCase {
  readonly file: string;
  readonly args: readonly string[];
  readonly stdout: string;
  readonly stderr: string;
}

const COMMANDS: readonly CommandCase[] = [
  { file: 'hello_stdout.component.wasm', args: [], stdout: 'writing to stdout: hello, world\n', stderr: 'writing to stderr: hello, world\n' },
  { file: 'utf8-utf16.composed.wasm', args: ['asdf中文🀄️⏰'], stdout: 'ret: asdf中文🀄️⏰asdf中文🀄️⏰\n', stderr: '' },
  { file: 'stdout-pollable-hang.component.wasm', args: [], stdout: '', stderr: '' },
];

function dirVirtCase(): CommandCase {
  // Note: tests.json of the corpus holds the expected output of dir.virt.
  const t = JSON.parse(fs.readFileSync(path.join(dir!, 'tests.json'), 'utf8')) as Record<string, { args: string[]; stdout: string; stderr: string }>;
  const c = t['dir.virt']!;
  return { file: 'dir.virt.wasm', args: c.args, stdout: c.stdout, stderr: c.stderr };
}

describe.skipIf(dir === null)('components/cli corpus', () => {
  const cases = dir === null ? [] : [...COMMANDS, dirVirtCase()];
  for (const engine of ENGINES) {
    for (const c of cases) {
      it(`${c.file} runs with the expected output (${engine})`, () => {
        const stdout = new CapturedOutput();
        const stderr = new CapturedOutput();
        const bytes = fs.readFileSync(path.join(dir!, c.file));
        const code = runComponentCommand(bytes, { engine: createEngine(engine), args: [c.file, ...c.args], stdout, stderr });
        expect({ code, stdout: stdout.text(), stderr: stderr.text() }).toEqual({ code: 0, stdout: c.stdout, stderr: c.stderr });
      });
    }

    it(`env-allow.composed: test-get-env returns the virtualised environment (${engine})`, () => {
      const host = createWasiP2({ env: { CUSTOM: 'from-host', OTHER: 'hidden' } });
      const inst = instantiateComponent(decodeComponent(fs.readFileSync(path.join(dir!, 'env-allow.composed.wasm'))), { engine: createEngine(engine), imports: host });
      expect(inst.call('test-get-env')).toEqual([['CUSTOM', 'VAL']]);
      host.close();
    });

    it(`stdio.composed: test-stdio passes stdout through composed components without trapping (${engine})`, () => {
      const stdout = new CapturedOutput();
      const host = createWasiP2({ stdout });
      const inst = instantiateComponent(decodeComponent(fs.readFileSync(path.join(dir!, 'stdio.composed.wasm'))), { engine: createEngine(engine), imports: host });
      expect(inst.call('test-stdio')).toBeUndefined();
      expect(stdout.text()).toBe('Hello world\n');
      host.close();
      expect(host.liveResources).toBe(0);
    });
  }
});
