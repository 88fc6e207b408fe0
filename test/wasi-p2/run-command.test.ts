/** `runComponentCommand`: what a caller (`kpio run`) sees for inputs that do not run to completion. */

import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CompileError, KpioError, LinkError, Trap } from '../../src/api/errors.js';
import { decodeComponent } from '../../src/component/binary/decoder.js';
import { createEngine } from '../../src/engines.js';
import { CapturedOutput } from '../../src/sys/index.js';
import { isCommandComponent, runComponentCommand } from '../../src/wasi/p2/index.js';
import { buildWatComponent, hasJco } from '../components-cli/build-components.js';
import { corpusPath } from '../support/corpus.js';

const dir = corpusPath('components');
const ENGINES = ['interp', 'native'] as const;

describe('runComponentCommand errors', () => {
  it.each([
    ['empty input', new Uint8Array(0)],
    ['a core module', new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0])],
    ['garbage after the preamble', new Uint8Array([0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0, 0xff, 0xff])],
  ])('%s is a CompileError', (_what, bytes) => {
    expect(() => runComponentCommand(bytes, { engine: createEngine('native') })).toThrow(CompileError);
  });

  it.skipIf(dir === null)('a component that is not a command is a KpioError naming its exports', () => {
    const bytes = fs.readFileSync(path.join(dir!, 'runtime', 'adder.component.wasm'));
    expect(isCommandComponent(decodeComponent(bytes))).toBe(false);
    expect(() => runComponentCommand(bytes, { engine: createEngine('native') })).toThrow(KpioError);
    expect(() => runComponentCommand(bytes, { engine: createEngine('native') })).toThrow(/not a command \(exports: docs:adder\/add@0\.1\.0\)/);
  });

  describe.skipIf(!hasJco())('components of our own (jco parse)', () => {
    let needsSockets: Uint8Array;
    let traps: Uint8Array;
    beforeAll(() => {
      needsSockets = fs.readFileSync(buildWatComponent('needs-sockets'));
      traps = fs.readFileSync(buildWatComponent('traps'));
    }, 120_000);

    for (const engine of ENGINES) {
      it(`a socket method import is a LinkError naming it: no network is granted (${engine})`, () => {
        expect(isCommandComponent(decodeComponent(needsSockets))).toBe(true);
        expect(() => runComponentCommand(needsSockets, { engine: createEngine(engine) })).toThrow(LinkError);
        expect(() => runComponentCommand(needsSockets, { engine: createEngine(engine) })).toThrow(/\[method\]tcp-socket\.is-listening/);
      });

      it(`a trap in run is a Trap, after the output written before it (${engine})`, () => {
        const stdout = new CapturedOutput();
        expect(() => runComponentCommand(traps, { engine: createEngine(engine), stdout })).toThrow(Trap);
        expect(stdout.text()).toBe('before the trap\n');
      });
    }
  });
});
