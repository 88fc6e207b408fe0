/**
 * Conformance of the text front end over the Wasm 2.0 core spec scripts:
 *
 * - every `.wast` file parses as a script;
 * - every text module outside `assert_malformed` parses with `parseWat`, encodes, and decodes
 *   back to the same module; it validates, or fails validation with the script's message;
 * - every `assert_malformed` text module is rejected, with the reference interpreter's message;
 * - with Debian's wabt (`wast2json`, `wat2wasm`) as an oracle, our encoding of each text module
 *   is byte-identical to wabt's, or identical once the documented encoding choices where the
 *   two differ are normalised (see {@link likeWabt}).
 *
 * The corpus comes from `$KPIO_CORPUS` or `../shared/corpus`; without it the suite is skipped
 * with a message.
 */

import { corpusDir } from '../support/corpus.js';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CodeReader } from '../../src/wasm/binary/code-reader.js';
import { decodeModule } from '../../src/wasm/binary/decoder.js';
import { encodeModule } from '../../src/wasm/binary/encoder.js';
import type { Code, Module } from '../../src/wasm/module.js';
import { Op } from '../../src/wasm/opcodes.js';
import type { WastCommand, WastModule, WastScript } from '../../src/wasm/text/index.js';
import { parseWast, parseWat, WatParseError } from '../../src/wasm/text/index.js';
import { validateModule } from '../../src/wasm/validate/index.js';

const corpusRoot = corpusDir();
const specDir = path.join(corpusRoot, 'spec', '2.0');
const haveCorpus = existsSync(specDir);
const files = haveCorpus ? readdirSync(specDir).filter((f) => f.endsWith('.wast')).sort() : [];
const hasTool = (tool: string): boolean => spawnSync(tool, ['--version'], { stdio: 'ignore' }).status === 0;
const haveWabt = hasTool('wast2json') && hasTool('wat2wasm');

if (!haveCorpus) console.warn(`text-front-end: spec corpus not found at ${specDir}; skipping (set KPIO_CORPUS)`);
if (haveCorpus && !haveWabt) console.warn('text-front-end: wast2json/wat2wasm not installed; skipping the wabt comparison');

const scripts = new Map<string, WastScript>();
function script(file: string): WastScript {
  let s = scripts.get(file);
  if (s === undefined) {
    s = parseWast(readFileSync(path.join(specDir, file), 'utf8'), file);
    scripts.set(file, s);
  }
  return s;
}

/** The module a command defines or asserts about, if any. */
function moduleOf(c: WastCommand): WastModule | null {
  if (c.kind === 'module') return c;
  if ('module' in c && typeof c.module === 'object' && c.module !== null) return c.module;
  return null;
}

/** Parses a text or quote module of a script. */
function parseModule(file: string, m: WastModule): Module {
  if (m.source.kind === 'text') return parseWat(m.source.text, file, { origin: m.source });
  if (m.source.kind === 'quote') return parseWat(m.source.bytes, file);
  throw new Error('binary module');
}

/** Text modules of a file outside `assert_malformed`, with their command. */
function textModules(file: string): { cmd: WastCommand; m: WastModule }[] {
  const out: { cmd: WastCommand; m: WastModule }[] = [];
  for (const cmd of script(file).commands) {
    const m = moduleOf(cmd);
    if (m !== null && m.source.kind !== 'binary' && cmd.kind !== 'assert_malformed') out.push({ cmd, m });
  }
  return out;
}

const codeBytes = (c: Code | null): number[] | null => (c === null ? null : [...c.bytes.subarray(c.start, c.end)]);

/** A comparable rendering of a module (code as byte arrays). */
function shape(m: Module): unknown {
  return {
    types: m.types,
    imports: m.imports,
    funcs: m.funcs.map((f) => ({ typeIdx: f.typeIdx, locals: f.locals, body: codeBytes(f.body) })),
    tables: m.tables,
    memories: m.memories.map((x) => ({ limits: x.limits, shared: x.shared === true })),
    globals: m.globals.map((g) => ({ type: g.type, init: codeBytes(g.init) })),
    exports: m.exports,
    start: m.start,
    elems: m.elems.map((e) => ({ ...e, offset: codeBytes(e.offset), init: e.init.map(codeBytes) })),
    datas: m.datas.map((d) => ({ ...d, offset: codeBytes(d.offset), bytes: [...d.bytes] })),
    dataCount: m.dataCount,
    names: m.names === null ? null : { module: m.names.module, funcs: [...m.names.funcs], locals: [...m.names.locals].map(([i, l]) => [i, [...l]]) },
  };
}

/**
 * Re-encodes a module the way wabt 1.0.32 chooses to where the encoding is a free choice and
 * wabt differs from the reference interpreter (whose choices kpio follows):
 * 1. `block`/`loop`/`if` with `(type $t)` where `$t` has no parameters and at most one result:
 *    wabt writes the short block type (0x40 or the value type), we keep the type index.
 * 2. a data count section when code uses a data index but the module has no data segments:
 *    wabt leaves it out, we write `0` (so such a module fails validation with "unknown data
 *    segment" rather than decoding with "data count section required").
 * 3. `select (result)` with an empty result list: wabt writes the untyped `select`, we write
 *    the typed one with zero types (which the validator rejects with "invalid result arity").
 */
function likeWabt(m: Module): Module {
  const funcs = m.funcs.map((f) => ({ ...f, body: rewriteBody(m, f.body) }));
  return { ...m, funcs, dataCount: m.datas.length === 0 ? null : m.dataCount };
}

function rewriteBody(m: Module, code: Code): Code {
  const r = new CodeReader(code);
  const out: number[] = [];
  while (!r.atEnd()) {
    const start = r.pos;
    const op = r.op();
    if (op === Op.block || op === Op.loop || op === Op.if) {
      const bt = r.blockType();
      const t = bt >= 0 ? m.types[bt] : undefined;
      if (t !== undefined && t.params.length === 0 && t.results.length <= 1) {
        const short = t.results.length === 0 ? 0x40 : ({ i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b, funcref: 0x70, externref: 0x6f } as const)[t.results[0]!];
        out.push(op, short);
        continue;
      }
    } else if (op === Op.select_t) {
      if (r.selectTypes().length === 0) {
        out.push(Op.select);
        continue;
      }
    } else r.skipImmediates(op);
    out.push(...code.bytes.subarray(start, r.pos));
  }
  const bytes = Uint8Array.from(out);
  return { bytes, start: 0, end: bytes.length };
}

/** Modules where wabt 1.0.32 is wrong, and why. */
const WABT_BUGS: ReadonlyMap<string, string> = new Map([
  ['comments.wast:83', 'a `;;` comment ends at a lone carriage return, wabt reads on and drops `(return (i32.const 2))`'],
]);

const totals = {
  scripts: 0,
  commands: 0,
  textModules: 0,
  roundTrips: 0,
  binaryRoundTrips: 0,
  valid: 0,
  invalidAsExpected: 0,
  malformed: 0,
  malformedRejected: 0,
  malformedMessageMatches: 0,
  wabtCompared: 0,
  wabtIdentical: 0,
  wabtExplained: 0,
  wabtRejected: 0,
  wabtBugs: 0,
};
const wabtDifferences: string[] = [];

afterAll(() => {
  if (!haveCorpus) return;
  console.log(`text front end over spec/2.0: ${JSON.stringify(totals, null, 1)}`);
  if (wabtDifferences.length > 0) console.log(`encodings that differ from wabt's:\n  ${wabtDifferences.join('\n  ')}`);
});

describe.skipIf(!haveCorpus)('text front end over the Wasm 2.0 spec scripts', () => {
  it.each(files)('%s parses as a script', (file) => {
    const s = script(file);
    expect(s.commands.length).toBeGreaterThan(0);
    for (const c of s.commands) expect(c.line).toBeGreaterThan(0);
    totals.scripts++;
    totals.commands += s.commands.length;
  });

  it.each(files)('%s: text modules parse, encode and decode to the same module', (file) => {
    for (const { m } of textModules(file)) {
      const parsed = parseModule(file, m);
      const decoded = decodeModule(encodeModule(parsed));
      expect(shape(decoded), `${file}:${m.line}`).toEqual(shape(parsed));
      totals.textModules++;
      totals.roundTrips++;
    }
  });

  it.each(files)('%s: text modules validate as the script expects', (file) => {
    for (const { cmd, m } of textModules(file)) {
      const parsed = decodeModule(encodeModule(parseModule(file, m)));
      let reason: string | null = null;
      try {
        validateModule(parsed);
      } catch (e) {
        reason = (e as { reason?: string }).reason ?? (e as Error).message;
      }
      if (cmd.kind === 'assert_invalid') {
        expect(reason, `${file}:${m.line}`).not.toBeNull();
        expect(reason!.startsWith(cmd.message), `${file}:${m.line}: "${reason}" for "${cmd.message}"`).toBe(true);
        totals.invalidAsExpected++;
      } else {
        expect(reason, `${file}:${m.line}`).toBeNull();
        totals.valid++;
      }
    }
  });

  it.each(files)('%s: binary modules that decode re-encode to the same module', (file) => {
    for (const cmd of script(file).commands) {
      const m = moduleOf(cmd);
      if (m === null || m.source.kind !== 'binary' || cmd.kind === 'assert_malformed') continue;
      let decoded: Module;
      try {
        decoded = decodeModule(m.source.bytes);
      } catch {
        continue; // a binary module the decoder rejects is the decoder's business
      }
      const encoded = encodeModule(decoded);
      const again = decodeModule(encoded);
      expect(shape(again), `${file}:${m.line}`).toEqual(shape(decoded));
      expect([...encodeModule(again)]).toEqual([...encoded]);
      totals.binaryRoundTrips++;
    }
  });

  it.each(files)('%s: assert_malformed text modules are rejected with the reference message', (file) => {
    const wrong: string[] = [];
    for (const cmd of script(file).commands) {
      if (cmd.kind !== 'assert_malformed' || cmd.module.source.kind === 'binary') continue;
      totals.malformed++;
      let error: unknown = null;
      try {
        parseModule(file, cmd.module);
      } catch (e) {
        error = e;
      }
      expect(error, `${file}:${cmd.line} was accepted`).toBeInstanceOf(WatParseError);
      totals.malformedRejected++;
      const reason = (error as WatParseError).reason;
      if (reason.startsWith(cmd.message)) totals.malformedMessageMatches++;
      else wrong.push(`${file}:${cmd.line}: expected "${cmd.message}", got "${reason}"`);
    }
    expect(wrong).toEqual([]);
  });
});

describe.skipIf(!haveCorpus || !haveWabt)('text front end: encodings compared with wabt', () => {
  const work = haveCorpus && haveWabt ? mkdtempSync(path.join(tmpdir(), 'kpio-wabt-')) : '';
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** wabt's encoding of each text module of a file, by the line of its `(module`. */
  function wabtEncodings(file: string, modules: { m: WastModule }[]): Map<number, Uint8Array[]> {
    const dir = mkdtempSync(path.join(work, 'f-'));
    const byLine = new Map<number, Uint8Array[]>();
    const add = (line: number, bytes: Uint8Array): void => {
      const list = byLine.get(line) ?? [];
      list.push(bytes);
      byLine.set(line, list);
    };
    const json = path.join(dir, 'out.json');
    const run = spawnSync('wast2json', ['--no-check', path.join(specDir, file), '-o', json], { stdio: 'ignore' });
    if (run.status === 0) {
      const commands = JSON.parse(readFileSync(json, 'utf8')).commands as { type: string; line: number; filename?: string }[];
      for (const c of commands) {
        if (c.type === 'assert_malformed' || !c.filename?.endsWith('.wasm')) continue;
        add(c.line, readFileSync(path.join(dir, c.filename)));
      }
    } else {
      // Note: wabt 1.0.32 cannot read some 2.0 scripts as a whole (e.g. `table.get` without a
      // table index); fall back to one module at a time so that the others are still compared.
      for (const { m } of modules) {
        const wat = path.join(dir, `m${m.line}.wat`);
        const wasm = path.join(dir, `m${m.line}.wasm`);
        writeFileSync(wat, m.source.kind === 'text' ? m.source.text : m.source.kind === 'quote' ? m.source.bytes : '');
        if (spawnSync('wat2wasm', ['--no-check', wat, '-o', wasm], { stdio: 'ignore' }).status === 0) add(m.line, readFileSync(wasm));
      }
    }
    rmSync(dir, { recursive: true, force: true });
    return byLine;
  }

  it.each(files)('%s: our encoding equals wabt 1.0.32 up to documented choices', (file) => {
    const modules = textModules(file);
    const theirs = wabtEncodings(file, modules);
    for (const { m } of modules) {
      const wabt = theirs.get(m.line)?.shift();
      if (wabt === undefined) {
        totals.wabtRejected++;
        continue;
      }
      totals.wabtCompared++;
      const parsed = parseModule(file, m);
      parsed.names = null;
      const ours = encodeModule(parsed);
      if (Buffer.compare(Buffer.from(ours), Buffer.from(wabt)) === 0) {
        totals.wabtIdentical++;
        continue;
      }
      const where = `${file}:${m.line}`;
      const bug = WABT_BUGS.get(where);
      if (bug !== undefined) {
        totals.wabtBugs++;
        wabtDifferences.push(`${where} (wabt bug: ${bug})`);
        continue;
      }
      const normalised = encodeModule(likeWabt(parsed));
      expect(Buffer.from(normalised).equals(Buffer.from(wabt)), `${where} differs from wabt beyond the known choices`).toBe(true);
      totals.wabtExplained++;
      wabtDifferences.push(where);
    }
  });
});
