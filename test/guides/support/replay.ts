/**
 * Replaying a guide: every file block is written and every `console` command is run by bash, in
 * document order, in a fresh home directory under `build/guides/`, and what each command printed is
 * compared with what the guide shows. `kpio` on the PATH is the built CLI, told which engine to run
 * guests on, so one guide is checked on several engines.
 *
 * Toolchain commands (compilers, npx, cargo) are cached by their command line and the contents of
 * the home directory before they ran: the second engine, and later test runs, restore the files a
 * build made instead of building again.
 */

import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../support/corpus.js';
import { guideSteps, type GuideStep } from './guide-doc.js';
import { outputLines, outputMatches } from './match-output.js';

/** Where guide runs, the build cache and the `kpio` launcher live (gitignored). */
export const GUIDES_BUILD = path.join(REPO_ROOT, 'build', 'guides');

/** Options of {@link replayGuide}. */
export interface ReplayOptions {
  /** The guide, relative to the repository root (`docs/guides/c.md`). */
  readonly guide: string;
  /** The engine `kpio run` uses. */
  readonly engine: 'native' | 'interp' | 'jit';
  /** Link the repository's node_modules into every directory the guide `cd`s into (npm toolchains). */
  readonly nodeModules?: boolean;
  /** Stop after the first command that contains this text (for tests that need a guide's build only). */
  readonly stopAfter?: string;
}

/** What a replay did: its home directory and each command's normalised output. */
export interface ReplayResult {
  readonly home: string;
  readonly cwd: string;
  readonly transcript: readonly { readonly command: string; readonly output: readonly string[] }[];
}

/** A step's output did not match the guide. */
export class GuideMismatch extends Error {
  override name = 'GuideMismatch';
}

// Note: machine-specific noise that a reader does not see on a default npm set-up.
const NOISE = [/^npm warn Unknown (user|env) config/];

const CACHEABLE = new Set(['clang-19', 'clang++-19', 'rustc', 'cargo', 'npx', 'node', 'wat2wasm']);
const BUILD_TIMEOUT_MS = 180_000;
const RUN_TIMEOUT_MS = 60_000;

/** The `kpio` command the guides' shells find first on PATH. */
function launcherDir(): string {
  const dir = path.join(GUIDES_BUILD, 'bin');
  fs.mkdirSync(dir, { recursive: true });
  // Note: the launcher loads the module-by-module CLI (dist/cli/main.js), not the bundle that
  // bin/kpio.js prefers: the bundled CLI hangs on piped stdin (its I/O worker's source is broken
  // by esbuild's keepNames), which the guides use. Reported to the lead; switch back once fixed.
  const mjs = path.join(dir, 'kpio.mjs');
  const main = path.join(REPO_ROOT, 'dist', 'cli', 'main.js');
  writeIfChanged(mjs, `import { runCli } from ${JSON.stringify(main)};\nprocess.exitCode = await runCli(process.argv.slice(2));\n`);
  const sh = path.join(dir, 'kpio');
  writeIfChanged(
    sh,
    [
      '#!/bin/sh',
      '# kpio for the guide tests: `kpio run` runs guests on $KPIO_GUIDE_ENGINE.',
      'if [ "$1" = run ] && [ -n "$KPIO_GUIDE_ENGINE" ]; then shift; set -- run --engine "$KPIO_GUIDE_ENGINE" "$@"; fi',
      `exec ${JSON.stringify(process.execPath)} ${JSON.stringify(mjs)} "$@"`,
      '',
    ].join('\n'),
  );
  fs.chmodSync(sh, 0o755);
  return dir;
}

function writeIfChanged(file: string, text: string): void {
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text) return;
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/** The program a command line starts, after any `NAME=value` assignments. */
export function programOf(command: string): string {
  const words = command.trim().split(/\s+/);
  let i = 0;
  while (i < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]!)) i++;
  return path.basename(words[i] ?? '');
}

/** Every regular file under `root` (symlinks and the kpio registry skipped), with its hash. */
function snapshot(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isSymbolicLink()) continue;
      if (e.isDirectory()) {
        if (dir === root && e.name === '.kpio') continue;
        walk(full);
      } else if (e.isFile()) {
        out.set(path.relative(root, full), crypto.createHash('sha256').update(fs.readFileSync(full)).digest('hex'));
      }
    }
  };
  walk(root);
  return out;
}

let fingerprintMemo: string | undefined;

/** Versions of the toolchains: part of every cache key, so a new compiler builds again. */
function toolFingerprint(): string {
  if (fingerprintMemo !== undefined) return fingerprintMemo;
  const parts: string[] = [];
  for (const [cmd, args] of [['clang-19', ['--version']], ['/usr/bin/rustc', ['--version']], ['wat2wasm', ['--version']]] as const) {
    const r = spawnSync(cmd, args, { encoding: 'utf8' });
    parts.push(r.error ? `${cmd}: none` : r.stdout);
  }
  for (const pkg of ['assemblyscript', '@assemblyscript/wasi-shim', '@bytecodealliance/jco', '@bytecodealliance/componentize-js', '@bytecodealliance/preview2-shim']) {
    const file = path.join(REPO_ROOT, 'node_modules', pkg, 'package.json');
    parts.push(`${pkg}@${fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version : 'none'}`);
  }
  fingerprintMemo = crypto.createHash('sha256').update(parts.join('\0')).digest('hex');
  return fingerprintMemo;
}

interface CachedRun {
  readonly status: number;
  readonly output: string;
}

function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Runs a toolchain command through the cache: on a hit the files it made are restored and its
 * output returned; on a miss it runs, and what it changed under `home` is stored.
 */
function cachedRun(command: string, cwd: string, home: string, run: () => CachedRun): CachedRun {
  const before = snapshot(home);
  const key = crypto
    .createHash('sha256')
    .update(JSON.stringify([command, path.relative(home, cwd), toolFingerprint(), [...before].sort()]))
    .digest('hex')
    .slice(0, 24);
  const cacheRoot = path.join(GUIDES_BUILD, 'cache');
  const entry = path.join(cacheRoot, key);
  const lock = `${entry}.lock`;
  fs.mkdirSync(cacheRoot, { recursive: true });
  // Note: two test files may replay the same build at once; one builds, the other waits for it.
  for (let waited = 0; !fs.existsSync(entry); waited += 200) {
    try {
      fs.mkdirSync(lock);
    } catch {
      if (waited > BUILD_TIMEOUT_MS) fs.rmSync(lock, { recursive: true, force: true });
      else sleepMs(200);
      continue;
    }
    try {
      const result = run();
      // Note: outputs name the home directory (cargo prints the project path); the cache keeps a
      // placeholder so that another home restores its own path.
      if (result.status === 0) store(entry, home, before, { status: result.status, output: replaceHome(result.output, home, HOME_TOKEN) });
      return result;
    } finally {
      fs.rmSync(lock, { recursive: true, force: true });
    }
  }
  const hit = restore(entry, home);
  return { status: hit.status, output: hit.output.split(HOME_TOKEN).join(home) };
}

const HOME_TOKEN = '\u0000HOME\u0000';

function replaceHome(text: string, home: string, by: string): string {
  let t = text;
  for (const h of new Set([home, fs.realpathSync(home)])) t = t.split(h).join(by);
  return t;
}

function store(entry: string, home: string, before: Map<string, string>, result: CachedRun): void {
  const after = snapshot(home);
  const tmp = `${entry}.${process.pid}.tmp`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(path.join(tmp, 'files'), { recursive: true });
  const changed = [...after].filter(([p, h]) => before.get(p) !== h).map(([p]) => p);
  const removed = [...before.keys()].filter((p) => !after.has(p));
  for (const p of changed) {
    fs.mkdirSync(path.dirname(path.join(tmp, 'files', p)), { recursive: true });
    fs.copyFileSync(path.join(home, p), path.join(tmp, 'files', p));
  }
  fs.writeFileSync(path.join(tmp, 'result.json'), JSON.stringify({ status: result.status, output: result.output, changed, removed }));
  fs.renameSync(tmp, entry);
}

function restore(entry: string, home: string): CachedRun {
  const r = JSON.parse(fs.readFileSync(path.join(entry, 'result.json'), 'utf8')) as CachedRun & { changed: string[]; removed: string[] };
  for (const p of r.changed) {
    fs.mkdirSync(path.dirname(path.join(home, p)), { recursive: true });
    fs.copyFileSync(path.join(entry, 'files', p), path.join(home, p));
  }
  for (const p of r.removed) fs.rmSync(path.join(home, p), { force: true });
  return { status: r.status, output: r.output };
}

/** Replaces the home directory with `~` and drops machine noise. */
function normalise(text: string, home: string): string[] {
  return outputLines(replaceHome(text, home, '~')).filter((l) => !NOISE.some((n) => n.test(l)));
}

function describeMismatch(guide: string, step: GuideStep & { kind: 'command' }, actual: readonly string[]): string {
  return [
    `${guide}:${step.line}: the output of \`${step.command}\` differs from the guide`,
    '--- the guide shows:',
    ...step.expected,
    '--- the command printed:',
    ...actual,
  ].join('\n');
}

/**
 * Replays a guide on one engine and returns its transcript. Throws {@link GuideMismatch} at the
 * first command whose output is not what the guide shows.
 */
export function replayGuide(o: ReplayOptions): ReplayResult {
  const markdown = fs.readFileSync(path.join(REPO_ROOT, o.guide), 'utf8');
  const steps = guideSteps(markdown);
  const runDir = path.join(GUIDES_BUILD, 'runs', `${path.basename(o.guide, '.md')}-${o.engine}${o.stopAfter !== undefined ? '-build' : ''}-${process.pid}`);
  fs.rmSync(runDir, { recursive: true, force: true });
  const home = path.join(runDir, 'home');
  fs.mkdirSync(home, { recursive: true });
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(KPIO_|VITEST|npm_)/i.test(k)) env[k] = v;
  Object.assign(env, {
    HOME: home,
    PATH: `${launcherDir()}:${process.env.PATH ?? ''}`,
    KPIO_GUIDE_ENGINE: o.engine,
    NO_COLOR: '1',
    LANG: 'C.UTF-8',
    // Note: the guides' home has no ~/.npmrc; keep npm from announcing new versions of itself.
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
  });
  let cwd = home;
  let status = 0;
  const transcript: { command: string; output: string[] }[] = [];
  // Note: for authors of guides: KPIO_GUIDES_PRINT=1 prints every output, and
  // KPIO_GUIDES_CONTINUE=1 reports every mismatch at the end instead of stopping at the first.
  const print = process.env.KPIO_GUIDES_PRINT === '1';
  const keepGoing = process.env.KPIO_GUIDES_CONTINUE === '1';
  const mismatches: string[] = [];
  for (const step of steps) {
    if (step.kind === 'file') {
      const file = path.resolve(cwd, step.path);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, step.content);
      continue;
    }
    const cd = /^cd\s+(\S+)$/.exec(step.command.trim());
    if (cd) {
      cwd = path.resolve(cwd, cd[1]!.replace(/^~(?=\/|$)/, home));
      if (o.nodeModules && !fs.existsSync(path.join(cwd, 'node_modules'))) {
        fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(cwd, 'node_modules'));
      }
      transcript.push({ command: step.command, output: [] });
      continue;
    }
    const cacheable = CACHEABLE.has(programOf(step.command));
    const run = (): CachedRun => {
      const r = spawnSync('bash', ['-c', `exec 2>&1; (exit ${status}); ${step.command}`], {
        cwd,
        env,
        input: '',
        timeout: cacheable ? BUILD_TIMEOUT_MS : RUN_TIMEOUT_MS,
        killSignal: 'SIGKILL',
        maxBuffer: 64 * 1024 * 1024,
      });
      if (r.error) throw new Error(`${o.guide}:${step.line}: \`${step.command}\` could not run: ${r.error.message}`);
      return { status: r.status ?? 128, output: r.stdout.toString('utf8') + r.stderr.toString('utf8') };
    };
    const started = Date.now();
    const result = cacheable ? cachedRun(step.command, cwd, home, run) : run();
    status = result.status;
    const actual = normalise(result.output, home);
    transcript.push({ command: step.command, output: actual });
    if (print) console.log(`[${o.engine}, ${Date.now() - started} ms] $ ${step.command}\n${actual.join('\n')}`);
    if (!outputMatches(step.expected, actual)) {
      mismatches.push(describeMismatch(o.guide, step, actual));
      if (!keepGoing) break;
    }
    if (o.stopAfter !== undefined && step.command.includes(o.stopAfter)) break;
  }
  if (mismatches.length > 0) throw new GuideMismatch(mismatches.join('\n\n'));
  const result = { home, cwd, transcript };
  if (process.env.KPIO_GUIDES_KEEP !== '1' && o.stopAfter === undefined) fs.rmSync(runDir, { recursive: true, force: true });
  return result;
}
