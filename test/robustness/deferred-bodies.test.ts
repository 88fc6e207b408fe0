// Deferred body validation (decodeAndValidateDeferred, decodeComponent's deferCoreBodies): the
// native engine leaves function bodies to the host's compiler, the other engines validate them when
// they compile, and whoever finds an invalid body, the error is kpio's own, exactly the one the
// ordinary decode + validate reports.
import { describe, expect, it, vi } from 'vitest';
import { CompileError } from '../../src/api/errors.js';
import { decodeComponent } from '../../src/component/binary/index.js';
import { compileComponent } from '../../src/component/link/index.js';
import { parseComponentText } from '../../src/component/text/index.js';
import { createEngine } from '../../src/engines.js';
import type { EngineKind } from '../../src/runtime/engine.js';
import { decodeModule } from '../../src/wasm/binary/decoder.js';
import { encodeModule } from '../../src/wasm/binary/encoder.js';
import { parseWat } from '../../src/wasm/text/index.js';
import { decodeAndValidate, decodeAndValidateDeferred, ensureBodiesValidated, validateModule } from '../../src/wasm/validate/index.js';
import { FuncValidator } from '../../src/wasm/validate/func-validator.js';
import { thrown } from '../support/thrown.js';

const ENGINES: readonly EngineKind[] = ['native', 'interp', 'jit'];

const wasm = (wat: string): Uint8Array => encodeModule(parseWat(wat));

const compileErrorOf = (f: () => unknown): CompileError => thrown(f, CompileError);

/** The error of the ordinary path: decode, then validate everything. */
const ordinaryError = (bytes: Uint8Array): CompileError => compileErrorOf(() => validateModule(decodeModule(bytes)));

// A body that pops from an empty stack: well-formed, invalid.
const INVALID_BODY = wasm('(module (func (export "f") (result i32) i32.add))');
// The same invalid body, and a start function with parameters, which the reference order reports later.
const INVALID_BODY_AND_START = wasm('(module (func $s (param i32)) (func i32.add drop) (start $s))');
// Only the start function is wrong.
const INVALID_START = wasm('(module (func $s (param i32)) (start $s))');
const VALID = wasm('(module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))');

describe('decodeAndValidateDeferred', () => {
  it('gives the ordinary result for a valid module, function facts included', () => {
    const deferred = decodeAndValidateDeferred(VALID);
    const ordinary = decodeAndValidate(VALID);
    expect(deferred.funcTypes).toEqual(ordinary.funcTypes);
    expect(deferred.funcInfo).toEqual(ordinary.funcInfo);
  });

  it('accepts a module with an invalid body until the bodies are validated, then throws the ordinary error', () => {
    const deferred = decodeAndValidateDeferred(INVALID_BODY);
    const e = compileErrorOf(() => ensureBodiesValidated(deferred));
    const want = ordinaryError(INVALID_BODY);
    expect(e.message).toBe(want.message);
    expect(e.offset).toBe(want.offset);
    expect(e.message).toMatch(/type mismatch/);
  });

  it('reports an error outside the bodies at once, and the first one in the reference order', () => {
    expect(compileErrorOf(() => decodeAndValidateDeferred(INVALID_START)).message).toBe(ordinaryError(INVALID_START).message);
    // Note: the bodies come before the start function, so the body error wins even though
    // the deferred walk met the start function's error first.
    const both = compileErrorOf(() => decodeAndValidateDeferred(INVALID_BODY_AND_START));
    expect(both.message).toBe(ordinaryError(INVALID_BODY_AND_START).message);
    expect(both.message).toMatch(/type mismatch/);
  });

  it('passes body errors through mapError', () => {
    const deferred = decodeAndValidateDeferred(INVALID_BODY, (e) => new CompileError(`inner: ${e.reason}`, e.offset + 100));
    const e = compileErrorOf(() => ensureBodiesValidated(deferred));
    expect(e.reason).toBe(`inner: ${ordinaryError(INVALID_BODY).reason}`);
    expect(e.offset).toBe(ordinaryError(INVALID_BODY).offset + 100);
  });
});

describe.each(ENGINES)('engine %s with a module whose bodies were deferred', (kind) => {
  it('refuses an invalid body at compile time with kpio\'s error', () => {
    const engine = createEngine(kind);
    const e = compileErrorOf(() => engine.compile(decodeAndValidateDeferred(INVALID_BODY), INVALID_BODY));
    expect(e.message).toBe(ordinaryError(INVALID_BODY).message);
  });

  it('compiles and runs a valid one', () => {
    const engine = createEngine(kind);
    const instance = engine.instantiate(engine.compile(decodeAndValidateDeferred(VALID), VALID), []);
    const add = instance.exports.get('add');
    expect(add?.kind).toBe('func');
    if (add?.kind === 'func') expect(add.callExact([{ type: 'i32', value: 2 }, { type: 'i32', value: 40 }])).toEqual([{ type: 'i32', value: 42 }]);
  });
});

describe('who validates the bodies', () => {
  // Note: the start-up of `kpio run` on the native engine depends on this (the validator's walk
  // over a large module costs milliseconds cold); interp and jit must still run it.
  it.each<[EngineKind, boolean]>([
    ['native', false],
    ['interp', true],
    ['jit', true],
  ])('engine %s runs kpio\'s body validator on a valid module: %s', (kind, runs) => {
    const spy = vi.spyOn(FuncValidator.prototype, 'validate');
    try {
      createEngine(kind).compile(decodeAndValidateDeferred(VALID), VALID);
      expect(spy.mock.calls.length > 0).toBe(runs);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('components with deferred core bodies', () => {
  const component = parseComponentText(`(component
    (core module $ok (func (export "f")))
    (core module $bad (func (result i32) i32.add))
  )`);

  it('decode, then fail to compile with the message and offset decoding without deferral gives', () => {
    const want = compileErrorOf(() => decodeComponent(component));
    expect(want.message).toMatch(/invalid core module: type mismatch/);
    for (const kind of ENGINES) {
      const decoded = decodeComponent(component, { deferCoreBodies: true });
      const e = compileErrorOf(() => compileComponent(decoded, createEngine(kind)));
      expect(e.message).toBe(want.message);
      expect(e.offset).toBe(want.offset);
    }
  });
});
