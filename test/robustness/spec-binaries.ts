/**
 * Spec test scripts as binaries, without kpio's own text parser: Debian's `wast2json` (wabt
 * 1.0.32, Wasm 2.0 syntax) converts a `.wast` into a JSON command list plus one `.wasm` per module.
 * Used by the front-end conformance test and the mutation test.
 */

import { corpusDir } from '../support/corpus.js';
import { projectExpectedFailures } from '../support/expected-failures.js';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** The repository root. */

/** One command of a wast2json script. */
export interface WastCommand {
  readonly type: string;
  readonly line: number;
  /** The module file of module-bearing commands (`.wasm` for binary modules, `.wat` for text). */
  readonly filename?: string;
  /** The expected message of `assert_malformed` / `assert_invalid`. */
  readonly text?: string;
  readonly module_type?: 'binary' | 'text';
}

/** A converted script: its command list and the directory holding its module files. */
export interface ConvertedScript {
  readonly commands: readonly WastCommand[];
  readonly dir: string;
}

/** `spec/2.0` of the corpus (`$KPIO_CORPUS` or `../shared/corpus`), or null with a visible message. */
export function specCorpusDir(): string | null {
  const dir = path.join(corpusDir(), 'spec', '2.0');
  if (fs.existsSync(dir)) return dir;
  console.warn(`[corpus] ${dir} is missing: skipping spec front-end tests (set KPIO_CORPUS)`);
  return null;
}

/** True when `wast2json` can be run; otherwise prints why the tests that need it are skipped. */
export function haveWast2json(): boolean {
  const r = spawnSync('wast2json', ['--version'], { encoding: 'utf8' });
  if (r.error === undefined && r.status === 0) return true;
  console.warn('[wast2json] not found (Debian package wabt): skipping spec front-end tests');
  return false;
}

/** The `.wast` files of a spec directory, sorted. */
export function wastFiles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.wast'))
    .sort();
}

/**
 * Converts one `.wast` into `outDir`. Returns the commands, or an error string when wast2json
 * cannot convert the script (wabt 1.0.32 does not parse every 2.0 script).
 */
export function convertScript(wastPath: string, outDir: string): ConvertedScript | string {
  fs.mkdirSync(outDir, { recursive: true });
  const json = path.join(outDir, `${path.basename(wastPath, '.wast')}.json`);
  const r = spawnSync('wast2json', [wastPath, '-o', json], { encoding: 'utf8' });
  if (r.error !== undefined) return r.error.message;
  if (r.status !== 0) return (r.stderr || `wast2json exited with ${r.status ?? r.signal}`).split('\n')[0]!;
  const parsed = JSON.parse(fs.readFileSync(json, 'utf8')) as { commands: WastCommand[] };
  return { commands: parsed.commands, dir: outDir };
}

/** The bytes of a command's module file. */
export function readModule(script: ConvertedScript, cmd: WastCommand): Uint8Array {
  return new Uint8Array(fs.readFileSync(path.join(script.dir, cmd.filename!)));
}

/** Command types whose (binary) module is valid and must decode and validate. */
export const VALID_MODULE_COMMANDS: ReadonlySet<string> = new Set(['module', 'assert_unlinkable', 'assert_uninstantiable']);

/**
 * Equivalent spellings of 2.0 syntax that wabt 1.0.32's wast2json does not parse, applied only to
 * scripts it cannot convert as they are.
 */
const SPELLINGS: readonly (readonly [RegExp, string])[] = [
  // table.get/set/size/grow/fill without a table index mean table 0.
  [/\((table\.(?:get|set|fill|grow|size))(\s+\()/g, '($1 0$2'],
  [/\(table\.size\)/g, '(table.size 0)'],
  [/ table\.size\)/g, ' table.size 0)'],
  // A folded `if` with two condition instructions, unfolded.
  [/\(if \(i32\.const 1\) \(i32\.eqz\) \(then\) \(else\)\)/g, '(i32.const 1) (i32.eqz) (if (then) (else))'],
];

/** A spec script as wast2json converted it; `respelled` when only its {@link SPELLINGS} form converted. */
export type ConvertedSpecScript = ConvertedScript & { readonly respelled: boolean };

/**
 * Converts spec script `file` of `specDir` with wast2json, retrying once with the equivalent
 * spellings when wast2json rejects it. Returns wast2json's error when neither converts.
 */
export function convertSpecScript(specDir: string, file: string, outDir: string): ConvertedSpecScript | string {
  const converted = convertScript(path.join(specDir, file), path.join(outDir, file));
  if (typeof converted !== 'string') return { ...converted, respelled: false };
  const text = fs.readFileSync(path.join(specDir, file), 'utf8');
  const spelled = SPELLINGS.reduce((t, [re, to]) => t.replace(re, to), text);
  if (spelled === text) return converted;
  const dir = path.join(outDir, `${file}.spelled`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, file), spelled);
  const again = convertScript(path.join(dir, file), dir);
  return typeof again === 'string' ? converted : { ...again, respelled: true };
}

/**
 * Checks a conversion against the expected-failures list (suite `wast2json`, id = file name): a
 * script wast2json cannot convert must be listed, with its reason, and a listed one must fail.
 * Returns the reason when the script is a listed failure (nothing more to run), else null.
 */
export function checkConversion(file: string, converted: ConvertedSpecScript | string): string | null {
  const listed = projectExpectedFailures().find('wast2json', file, 'wast2json');
  if (typeof converted === 'string') {
    if (listed === undefined) throw new Error(`wast2json cannot convert ${file} (${converted}), and test/expected-failures.json does not list it`);
    return listed.reason;
  }
  if (listed !== undefined) throw new Error(`${file} is listed as a wast2json failure but converts: remove it from test/expected-failures.json`);
  return null;
}
