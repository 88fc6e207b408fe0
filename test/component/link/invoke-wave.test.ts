// `invokeWave` (what `kpio run FILE --invoke 'f(1, "x")'` uses for components) against
// hand-built components and corpus components with their hosts: arguments are read as WAVE
// against the function's parameter types and the result is printed as WAVE.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KpioError } from '../../../src/api/errors.js';
import { decodeComponent } from '../../../src/component/binary/index.js';
import { instantiateComponent, type ComponentInstance } from '../../../src/component/link/index.js';
import { invokeWave, WaveError } from '../../../src/component/wave/index.js';
import { createEngine } from '../../../src/engines.js';
import { corpusPath } from '../../support/corpus.js';
import { caseHost, type RuntimeCase } from '../runtime/case.js';
import { RESOURCE_CASES } from '../runtime/cases-resources.js';
import { VALUE_CASES } from '../runtime/cases-values.js';
import { testWasi } from '../runtime/wasi-host.js';
import * as fx from './fixtures.js';

const dir = corpusPath('components/runtime');

function corpusInstance(c: RuntimeCase): ComponentInstance {
  const wasi = testWasi();
  const host = caseHost(c, { wasi, instance: () => { throw new Error('not needed'); } });
  const component = decodeComponent(readFileSync(path.join(dir!, c.file)));
  return instantiateComponent(component, { engine: createEngine('native'), imports: [host.imports, wasi.interfaces] });
}

const byFile = (file: string) => [...VALUE_CASES, ...RESOURCE_CASES].find((c) => c.file === file)!;

describe('invokeWave', () => {
  it('calls a function with WAVE arguments and prints its result', () => {
    const inst = instantiateComponent(decodeComponent(fx.adder()), { engine: createEngine('interp') });
    expect(invokeWave(inst, 'add(1, 2)')).toBe('3');
    expect(invokeWave(inst, 'add(4294967295, 1)')).toBe('0');
    expect(() => invokeWave(inst, 'add(1, -2)')).toThrow(new WaveError('invalid value: -2 is out of range for u32', 7, 9));
    expect(() => invokeWave(inst, 'add(1)')).toThrow('invalid params: missing argument `b` of `add`');
    expect(() => invokeWave(inst, 'sub(1, 2)')).toThrow(KpioError);
  });

  it('prints nothing for a function without a result', () => {
    const seen: string[] = [];
    const inst = instantiateComponent(decodeComponent(fx.logger()), { engine: createEngine('native'), imports: { log: (s: string) => void seen.push(s) } });
    expect(invokeWave(inst, 'run()')).toBe('');
    expect(seen).toEqual(['hello']);
    expect(invokeWave(inst, 'echo("multi\\nline \\u{1F30D}")')).toBe('"multi\\nline 🌍"');
  });

  it.skipIf(dir === null)('reads and prints every kind of value through corpus components', () => {
    const variants = corpusInstance(byFile('variants.component.wasm'));
    expect(invokeWave(variants, 'test:variants/test#roundtrip-option(some(1.0))')).toBe('some(1)');
    expect(invokeWave(variants, 'test:variants/test#roundtrip-option(2)')).toBe('some(2)');
    expect(invokeWave(variants, 'test:variants/test#roundtrip-option(none)')).toBe('none');
    expect(invokeWave(variants, 'test:variants/test#roundtrip-result(err(5.3))')).toBe('err(5)');
    expect(invokeWave(variants, 'test:variants/test#roundtrip-enum(b)')).toBe('b');
    expect(invokeWave(variants, 'test:variants/test#invert-bool(true)')).toBe('false');
    expect(invokeWave(variants, 'test:variants/test#variant-casts((a(1), b(2.5), a(3), b(4.5), a(5), b(6.5)))')).toBe(
      '(a(1), b(2.5), a(3), b(4.5), a(5), b(6.5))',
    );
    const records = corpusInstance(byFile('records.component.wasm'));
    expect(invokeWave(records, 'test:records/test#roundtrip-record1({a: 8, b: {b}})')).toBe('{a: 8, b: {b}}');
    expect(invokeWave(records, 'test:records/test#roundtrip-flags2({e, c})')).toBe('{c, e}');
    expect(invokeWave(records, 'test:records/test#swap-tuple((1, 2))')).toBe('(2, 1)');
    const lists = corpusInstance(byFile('lists.component.wasm'));
    expect(invokeWave(lists, 'test:lists/test#list-result3()')).toBe('["hello,", "world!"]');
    expect(invokeWave(lists, 'test:lists/test#string-roundtrip("tab\\there")')).toBe('"tab\\there"');
    const results = corpusInstance(byFile('results.component.wasm'));
    expect(invokeWave(results, 'test:results/test#variant-error(0.0)')).toBe('err(e2({line: 420, column: 0}))');
    expect(invokeWave(results, 'test:results/test#double-error(1)')).toBe('ok(err("one"))');
    const options = corpusInstance(byFile('options.component.wasm'));
    expect(invokeWave(options, 'test:options/test#double-option-roundtrip(some(none))')).toBe('some(none)');
  });
});
