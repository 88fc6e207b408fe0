/**
 * Spec test scripts as binaries, without kpio's own text parser: Debian's `wast2json` (wabt
 * 1.0.32, Wasm 2.0 syntax) converts a `.wast` into a JSON command list plus one `.wasm` per module.
 * Used by the front-end conformance test and the mutation test.
 */

import { corpusDir } from '../support/corpus.js';
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
