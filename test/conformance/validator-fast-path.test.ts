/**
 * The function validator's fast path against its reference path: every module of the Wasm 2.0
 * spec scripts (valid and invalid) and every core module binary of the corpus is validated both
 * ways, and the outcomes must be identical: the same error (message and offset), or the same
 * per-function facts (locals, operand stack height, control depth).
 */

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CompileError } from '../../src/api/errors.js';
import { decodeModule } from '../../src/wasm/binary/decoder.js';
import { encodeModule } from '../../src/wasm/binary/encoder.js';
import type { Module } from '../../src/wasm/module.js';
import { parseWast, parseWat } from '../../src/wasm/text/index.js';
import type { WastModule } from '../../src/wasm/text/wast-types.js';
import { validateModule } from '../../src/wasm/validate/index.js';
import { corpusPath } from '../support/corpus.js';

const specDir = corpusPath('spec/2.0');
const modulesDir = corpusPath('components/modules');
const wasiDir = corpusPath('wasi-testsuite');

/** The outcome of validating `m` one way, as comparable data. */
function outcome(m: Module, fastPath: boolean): unknown {
  try {
    const v = validateModule(m, { fastPath });
    return v.funcInfo.map((f) => [f.localTypes.join(','), f.maxStackHeight, f.maxControlDepth]);
  } catch (e) {
    if (e instanceof CompileError) return { error: e.message, offset: e.offset };
    throw e;
  }
}

/** The decoded module of a script module, or null when it does not get that far. */
function decodeScriptModule(w: WastModule): Module | null {
  try {
    if (w.source.kind === 'binary') return decodeModule(w.source.bytes);
    if (w.source.kind === 'text') return decodeModule(encodeModule(parseWat(w.source.text)));
  } catch {
    // malformed: nothing to validate
  }
  return null;
}

function walkFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walkFiles(p, out);
    else if (e.name.endsWith('.wasm')) out.push(p);
  }
  return out;
}

describe.skipIf(!specDir)('validator fast path on the spec scripts', () => {
  it('agrees with the reference path on every module', () => {
    let modules = 0;
    let invalid = 0;
    for (const f of fs.readdirSync(specDir!).filter((x) => x.endsWith('.wast')).sort()) {
      for (const c of parseWast(fs.readFileSync(path.join(specDir!, f), 'utf8'), f).commands) {
        const w = c.kind === 'module' ? c : 'module' in c && c.module !== null && typeof c.module === 'object' && c.module.kind === 'module' ? c.module : null;
        if (w === null) continue;
        const m = decodeScriptModule(w);
        if (m === null) continue;
        const ref = outcome(m, false);
        expect(outcome(m, true), `${f}:${w.line}`).toEqual(ref);
        modules++;
        if (!Array.isArray(ref)) invalid++;
      }
    }
    expect(modules).toBeGreaterThan(2000);
    expect(invalid).toBeGreaterThan(500);
  });
});

describe.skipIf(!modulesDir || !wasiDir)('validator fast path on compiled programs', () => {
  it('agrees with the reference path on every core module binary of the corpus', () => {
    const files = [...walkFiles(modulesDir!), ...walkFiles(wasiDir!)];
    let checked = 0;
    for (const file of files) {
      const bytes = new Uint8Array(fs.readFileSync(file));
      if (bytes[4] !== 1) continue;
      let m: Module;
      try {
        m = decodeModule(bytes);
      } catch {
        continue;
      }
      expect(outcome(m, true), file).toEqual(outcome(m, false));
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });
});
