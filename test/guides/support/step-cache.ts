/**
 * The cache of guide steps whose effect does not depend on the engine being tested: toolchain
 * commands (compilers, npx, cargo) and kpio commands other than `kpio run` (pack, install, update,
 * info, ...). A step's key is its command line, its directory, the versions of what runs it (the
 * toolchains, or the built kpio) and every file and directory under the replay's home before it
 * ran. A hit restores what the step changed and returns what it printed: the second engine's
 * replay, and later test runs, skip the step but see its effects.
 *
 * `kpio run` is never cached: running guests on each engine is what the guide tests test.
 */

import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../support/corpus.js';

/** What a cached step is, which decides what its key covers. */
export type StepKind = 'toolchain' | 'kpio';

/** What a step printed and its exit status. */
export interface StepResult {
  readonly status: number;
  readonly output: string;
}

/** The programs whose runs are toolchain steps. */
const TOOLCHAIN_PROGRAMS = new Set(['clang-19', 'clang++-19', 'rustc', 'cargo', 'npx', 'node', 'wat2wasm']);

/** The registry's directory under the replay's home: only kpio steps read it. */
const REGISTRY_DIR = '.kpio';

const DIRECTORY = 'dir';
const HOME_TOKEN = '\u0000HOME\u0000';
const LOCK_POLL_MS = 200;
const LOCK_STALE_MS = 300_000;

/** The program a command line starts, after any `NAME=value` assignments. */
export function programOf(command: string): { program: string; args: string[] } {
  const words = command.trim().split(/\s+/);
  let i = 0;
  while (i < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]!)) i++;
  return { program: path.basename(words[i] ?? ''), args: words.slice(i + 1) };
}

/** Whether a command line is a cacheable step, and of which kind. */
export function stepKind(command: string): StepKind | null {
  const { program, args } = programOf(command);
  if (TOOLCHAIN_PROGRAMS.has(program)) return 'toolchain';
  if (program === 'kpio' && args[0] !== undefined && args[0] !== 'run') return 'kpio';
  return null;
}

/** Every file (by content hash) and directory under `root`; symlinks are skipped. */
function snapshot(root: string, kind: StepKind): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      const rel = path.relative(root, full);
      if (e.isSymbolicLink()) continue;
      if (e.isDirectory()) {
        // Note: compilers never read the registry; leaving it out keeps their keys stable.
        if (kind === 'toolchain' && rel === REGISTRY_DIR) continue;
        out.set(rel, DIRECTORY);
        walk(full);
      } else if (e.isFile()) {
        out.set(rel, crypto.createHash('sha256').update(fs.readFileSync(full)).digest('hex'));
      }
    }
  };
  walk(root);
  return out;
}

function hash(parts: readonly string[]): string {
  return crypto.createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

/** Fingerprints of what runs each kind of step (computed once per process). */
function fingerprintOf(kind: StepKind, kpioCli: string, memo: Map<string, string>): string {
  const id = `${kind}:${kpioCli}`;
  const known = memo.get(id);
  if (known !== undefined) return known;
  const parts: string[] = [];
  if (kind === 'toolchain') {
    for (const [cmd, args] of [['clang-19', ['--version']], ['/usr/bin/rustc', ['--version']], ['wat2wasm', ['--version']]] as const) {
      const r = spawnSync(cmd, args, { encoding: 'utf8' });
      parts.push(r.error ? `${cmd}: none` : r.stdout);
    }
    for (const pkg of ['assemblyscript', '@assemblyscript/wasi-shim', '@bytecodealliance/jco', '@bytecodealliance/componentize-js', '@bytecodealliance/preview2-shim']) {
      const file = path.join(REPO_ROOT, 'node_modules', pkg, 'package.json');
      parts.push(`${pkg}@${fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version : 'none'}`);
    }
  } else {
    // Note: the built kpio itself; a rebuild with any change runs every kpio step again.
    parts.push(kpioCli);
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) walk(full);
        else if (/\.(m?js|json)$/.test(e.name)) files.push(full);
      }
    };
    walk(path.join(REPO_ROOT, 'dist'));
    for (const f of files.sort()) parts.push(f, crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex'));
  }
  const fp = hash(parts);
  memo.set(id, fp);
  return fp;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function replaceHome(text: string, home: string, by: string): string {
  let t = text;
  for (const h of new Set([home, fs.realpathSync(home)])) t = t.split(h).join(by);
  return t;
}

interface Entry extends StepResult {
  readonly changed: readonly string[];
  readonly directories: readonly string[];
  readonly removed: readonly string[];
}

/** A cache of steps in one directory (shared by every replay and test process). */
export class StepCache {
  private readonly fingerprints = new Map<string, string>();

  constructor(
    private readonly dir: string,
    /** Names the kpio CLI the steps run (part of kpio steps' keys). */
    private readonly kpioCli: string,
  ) {}

  /**
   * Runs a step through the cache. On a miss `run` runs it; a successful run is stored. Outputs are
   * stored with the home directory replaced by a placeholder, so another home restores its own path.
   */
  async run(kind: StepKind, command: string, cwd: string, home: string, run: () => Promise<StepResult>): Promise<StepResult> {
    const before = snapshot(home, kind);
    const key = hash([kind, command, path.relative(home, cwd), fingerprintOf(kind, this.kpioCli, this.fingerprints), JSON.stringify([...before].sort())]).slice(0, 24);
    const entry = path.join(this.dir, key);
    const lock = `${entry}.lock`;
    fs.mkdirSync(this.dir, { recursive: true });
    // Note: two replays (two engines, or two test files) may reach the same step at once; one runs
    // it, the other waits and restores it.
    for (let waited = 0; !fs.existsSync(entry); waited += LOCK_POLL_MS) {
      try {
        fs.mkdirSync(lock);
      } catch {
        if (waited > LOCK_STALE_MS) fs.rmSync(lock, { recursive: true, force: true });
        else await sleep(LOCK_POLL_MS);
        continue;
      }
      try {
        const result = await run();
        // Note: a kpio step's failure is as deterministic as its success (a refused downgrade).
        if (result.status === 0 || kind === 'kpio') this.store(entry, home, kind, before, { status: result.status, output: replaceHome(result.output, home, HOME_TOKEN) });
        return result;
      } finally {
        fs.rmSync(lock, { recursive: true, force: true });
      }
    }
    const hit = this.restore(entry, home);
    return { status: hit.status, output: hit.output.split(HOME_TOKEN).join(home) };
  }

  private store(entry: string, home: string, kind: StepKind, before: Map<string, string>, result: StepResult): void {
    const after = snapshot(home, kind);
    const tmp = `${entry}.${process.pid}.tmp`;
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.mkdirSync(path.join(tmp, 'files'), { recursive: true });
    const changed: string[] = [];
    const directories: string[] = [];
    for (const [p, h] of after) {
      if (before.get(p) === h) continue;
      if (h === DIRECTORY) {
        directories.push(p);
        continue;
      }
      changed.push(p);
      fs.mkdirSync(path.dirname(path.join(tmp, 'files', p)), { recursive: true });
      fs.copyFileSync(path.join(home, p), path.join(tmp, 'files', p));
    }
    const removed = [...before.keys()].filter((p) => !after.has(p));
    const record: Entry = { ...result, changed, directories, removed };
    fs.writeFileSync(path.join(tmp, 'result.json'), JSON.stringify(record));
    fs.renameSync(tmp, entry);
  }

  private restore(entry: string, home: string): StepResult {
    const r = JSON.parse(fs.readFileSync(path.join(entry, 'result.json'), 'utf8')) as Entry;
    for (const p of r.removed) fs.rmSync(path.join(home, p), { recursive: true, force: true });
    for (const p of r.directories) fs.mkdirSync(path.join(home, p), { recursive: true });
    for (const p of r.changed) {
      fs.mkdirSync(path.dirname(path.join(home, p)), { recursive: true });
      fs.copyFileSync(path.join(entry, 'files', p), path.join(home, p));
    }
    return { status: r.status, output: r.output };
  }
}
