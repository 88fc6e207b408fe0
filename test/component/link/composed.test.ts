// Composed and command components from the corpus (components/cli/): wasm-tools-compose / WASI-Virt
// compositions of several nested components, instantiated by the linker with kpio's WASI 0.2 host
// and run on the interp and native engines. The expected outputs are jco's
// (components/INDEX.md).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeComponent } from '../../../src/component/binary/index.js';
import { instantiateComponent } from '../../../src/component/link/index.js';
import { createEngine } from '../../../src/engines.js';
import { corpusPath } from '../../support/corpus.js';
import { testWasi } from '../runtime/wasi-host.js';

const dir = corpusPath('components/cli');

function start(file: string, engine: 'interp' | 'native', args: string[] = []) {
  const wasi = testWasi(args);
  const component = decodeComponent(readFileSync(path.join(dir!, file)));
  return { wasi, instance: instantiateComponent(component, { engine: createEngine(engine), imports: wasi.interfaces }) };
}

describe.skipIf(dir === null).each(['interp', 'native'] as const)('composed corpus components on %s', (engine) => {
  it('runs the hello_stdout command', () => {
    const { wasi, instance } = start('hello_stdout.component.wasm', engine);
    expect(instance.call('wasi:cli/run#run')).toEqual({ tag: 'ok' });
    expect(wasi.stdout()).toBe('writing to stdout: hello, world\n');
    expect(wasi.stderr()).toBe('writing to stderr: hello, world\n');
  });

  it('transcodes strings between a UTF-8 and a UTF-16 component (utf8-utf16.composed)', () => {
    const { wasi, instance } = start('utf8-utf16.composed.wasm', engine, ['utf8-utf16', 'asdf中文🀄️⏰']);
    expect(instance.call('wasi:cli/run@0.2.0#run')).toEqual({ tag: 'ok' });
    expect(wasi.stdout()).toBe('ret: asdf中文🀄️⏰asdf中文🀄️⏰\n');
    expect(wasi.stderr()).toBe('');
  });

  it('lists a directory of the file system a WASI-Virt composition embeds (dir.virt)', () => {
    const { wasi, instance } = start('dir.virt.wasm', engine, ['dir', '/foo']);
    expect(instance.call('wasi:cli/run#run')).toEqual({ tag: 'ok' });
    expect(wasi.stdout()).toBe('Listing directory: /foo\n - .\n - ..\n - foo\n');
    expect(wasi.stderr()).toBe('');
  });

  it('moves stream resources between composed components (stdio.composed)', () => {
    const { wasi, instance } = start('stdio.composed.wasm', engine);
    instance.call('test-stdio');
    expect(wasi.stderr()).toBe('');
  });

  it('terminates a command that polls stdout (stdout-pollable-hang)', () => {
    const { instance } = start('stdout-pollable-hang.component.wasm', engine);
    expect(instance.call('wasi:cli/run#run')).toEqual({ tag: 'ok' });
  });

  it('reads the environment a WASI-Virt composition embeds (env-allow.composed)', () => {
    const { instance } = start('env-allow.composed.wasm', engine);
    expect(instance.call('test-get-env')).toEqual([['CUSTOM', 'VAL']]);
  });
});
