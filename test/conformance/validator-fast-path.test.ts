/**
 * The fast ways of validating against the reference ones, on every module of the Wasm 2.0 spec
 * scripts (valid, invalid and malformed) and every core module binary of the corpus:
 *
 * - the function validator's fast path against its reference path;
 * - `decodeAndValidate` (bodies walked once, by the validator) against
 *   `validateModule(decodeModule(bytes))`.
 *
 * The outcomes must be identical: the same error (message and offset), or the same per-function
 * facts (locals, operand stack height, control depth).
 */

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CompileError } from '../../src/api/errors.js';
import { decodeModule } from '../../src/wasm/binary/decoder.js';
import { encodeModule } from '../../src/wasm/binary/encoder.js';
import { parseWast, parseWat } from '../../src/wasm/text/index.js';
import type { WastModule } from '../../src/wasm/text/wast-types.js';
import { decodeAndValidate, validateModule, type ValidatedModule } from '../../src/wasm/validate/index.js';
import { corpusPath } from '../support/corpus.js';

const specDir = corpusPath('spec/2.0');
const modulesDir = corpusPath('components/modules');
const wasiDir = corpusPath('wasi-testsuite');

/** What a way of validating gave, as comparable data. */
function outcome(validate: () => ValidatedModule): unknown {
  try {
    const v = validate();
    return v.funcInfo.map((f) => [f.localTypes.join(','), f.maxStackHeight, f.maxControlDepth]);
  } catch (e) {
    if (e instanceof CompileError) return { error: e.message, offset: e.offset };
    throw e;
  }
}

/** The binary of a script module, or null for quoted text and text that does not parse. */
function scriptModuleBytes(w: WastModule): Uint8Array | null {
  try {
    if (w.source.kind === 'binary') return w.source.bytes;
    if (w.source.kind === 'text') return encodeModule(parseWat(w.source.text));
  } catch {
    // text that does not parse: nothing to decode
  }
  return null;
}

/** Compares the fast ways with the reference ways on one binary; returns the reference outcome. */
function check(bytes: Uint8Array, where: string): unknown {
  const reference = outcome(() => validateModule(decodeModule(bytes), { fastPath: false }));
  expect(outcome(() => validateModule(decodeModule(bytes))), `${where}: fast path`).toEqual(reference);
  expect(outcome(() => decodeAndValidate(bytes)), `${where}: decodeAndValidate`).toEqual(reference);
  return reference;
}

function walkFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walkFiles(p, out);
    else if (e.name.endsWith('.wasm')) out.push(p);
  }
  return out;
}

describe.skipIf(!specDir)('fast validation on the spec scripts', () => {
  it('agrees with the reference on every module, malformed and invalid ones included', () => {
    const counts = { valid: 0, failed: 0 };
    for (const f of fs.readdirSync(specDir!).filter((x) => x.endsWith('.wast')).sort()) {
      for (const c of parseWast(fs.readFileSync(path.join(specDir!, f), 'utf8'), f).commands) {
        const w = c.kind === 'module' ? c : 'module' in c && c.module !== null && typeof c.module === 'object' && c.module.kind === 'module' ? c.module : null;
        if (w === null) continue;
        const bytes = scriptModuleBytes(w);
        if (bytes === null) continue;
        if (Array.isArray(check(bytes, `${f}:${w.line}`))) counts.valid++;
        else counts.failed++;
      }
    }
    expect(counts.valid).toBeGreaterThan(1500);
    expect(counts.failed).toBeGreaterThan(1000);
  });
});

describe('decodeAndValidate on hand-made bodies', () => {
  /**
   * A module with one memory and one function of type [] -> [] whose body (after the local
   * declarations) is `body`; `before` goes just before the code section, `after` after it.
   */
  const moduleWith = (body: number[], before: number[] = [], after: number[] = []): Uint8Array => {
    const code = [0x00, ...body];
    return Uint8Array.from([
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
      0x01, 0x04, 0x01, 0x60, 0x00, 0x00, // type section: [] -> []
      0x03, 0x02, 0x01, 0x00, // function section
      0x05, 0x03, 0x01, 0x00, 0x01, // memory section
      ...before,
      0x0a, code.length + 2, 0x01, code.length, ...code,
      ...after,
    ]);
  };
  const dataCount = [0x0c, 0x01, 0x01];
  const passiveData = [0x0b, 0x03, 0x01, 0x01, 0x00];
  const table: [string, number[], number[], number[]][] = [
    ['valid body', [0x41, 0x01, 0x1a, 0x0b], [], []],
    ['overlong i64.const (ten bytes, bad sign bits)', [0x42, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7e, 0x1a, 0x0b], [], []],
    ['ten-byte i64.const in range', [0x42, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x1a, 0x0b], [], []],
    ['illegal opcode in dead code', [0x00, 0x06, 0x0b], [], []],
    ['type error before a malformed memarg', [0x42, 0x00, 0x28, 0x40, 0x00, 0x1a, 0x0b], [], []],
    ['misplaced else', [0x05, 0x0b], [], []],
    ['missing end', [0x01, 0x01], [], []],
    ['operators after the end', [0x0b, 0x01], [], []],
    ['data.drop without a data count section', [0xfc, 0x09, 0x00, 0x0b], [], passiveData],
    ['data.drop with a data count section', [0xfc, 0x09, 0x00, 0x0b], dataCount, passiveData],
  ];
  it.each(table)('%s', (name, body, before, after) => {
    check(moduleWith(body, before, after), name);
  });
  it('accepts what it should and rejects what it should', () => {
    expect(() => decodeAndValidate(moduleWith([0x41, 0x01, 0x1a, 0x0b]))).not.toThrow();
    expect(() => decodeAndValidate(moduleWith([0xfc, 0x09, 0x00, 0x0b], dataCount, passiveData))).not.toThrow();
    expect(() => decodeAndValidate(moduleWith([0xfc, 0x09, 0x00, 0x0b], [], passiveData))).toThrow('data count section required');
    expect(() => decodeAndValidate(moduleWith([0x42, 0x00, 0x28, 0x40, 0x00, 0x1a, 0x0b]))).toThrow('malformed memop flags');
    expect(() => decodeAndValidate(moduleWith([0x42, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7e, 0x1a, 0x0b]))).toThrow('integer too large');
  });
});

describe.skipIf(!modulesDir || !wasiDir)('fast validation on compiled programs', () => {
  it('agrees with the reference on every core module binary of the corpus', () => {
    const files = [...walkFiles(modulesDir!), ...walkFiles(wasiDir!)];
    let checked = 0;
    for (const file of files) {
      const bytes = new Uint8Array(fs.readFileSync(file));
      if (bytes[4] !== 1) continue;
      check(bytes, file);
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });
});
