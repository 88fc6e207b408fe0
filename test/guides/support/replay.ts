/**
 * Replaying a guide: every file block is written and every `console` command is run by bash, in
 * document order, in a fresh home directory under `build/guides/`, and what each command printed is
 * compared with what the guide shows. `kpio` on the PATH is the built CLI, told which engine to run
 * guests on, so one guide is checked on several engines.
 *
 * Steps that do not depend on the engine (toolchain commands, and kpio commands other than
 * `kpio run`) go through a cache (`step-cache.ts`): the second engine, and later test runs, restore
 * their effects instead of running them again.
 */

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../support/corpus.js';
import { guideSteps, type GuideStep } from './guide-doc.js';
import { outputLines, outputMatches } from './match-output.js';
import { StepCache, stepKind, type StepResult } from './step-cache.js';

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

const BUILD_TIMEOUT_MS = 180_000;
const RUN_TIMEOUT_MS = 60_000;

/**
 * Which built CLI the guides' `kpio` runs: `bin` (bin/kpio.js, the bundle users get: the default) or
 * `modules` (dist/cli/main.js module by module), chosen with KPIO_GUIDES_CLI.
 */
export function kpioCli(): 'modules' | 'bin' {
  return process.env.KPIO_GUIDES_CLI === 'modules' ? 'modules' : 'bin';
}

/** The `kpio` command the guides' shells find first on PATH. */
function launcherDir(): string {
  const dir = path.join(GUIDES_BUILD, 'bin', kpioCli());
  fs.mkdirSync(dir, { recursive: true });
  const entry = kpioCli() === 'bin' ? path.join(REPO_ROOT, 'bin', 'kpio.js') : path.join(dir, 'kpio.mjs');
  if (kpioCli() === 'modules') {
    const main = path.join(REPO_ROOT, 'dist', 'cli', 'main.js');
    writeIfChanged(entry, `import { runCli } from ${JSON.stringify(main)};\nprocess.exitCode = await runCli(process.argv.slice(2));\n`);
  }
  const sh = path.join(dir, 'kpio');
  writeIfChanged(
    sh,
    [
      '#!/bin/sh',
      '# kpio for the guide tests: `kpio run` runs guests on $KPIO_GUIDE_ENGINE.',
      'if [ "$1" = run ] && [ -n "$KPIO_GUIDE_ENGINE" ]; then shift; set -- run --engine "$KPIO_GUIDE_ENGINE" "$@"; fi',
      `exec ${JSON.stringify(process.execPath)} ${JSON.stringify(entry)} "$@"`,
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

/** Replaces the home directory with `~` and drops machine noise. */
function normalise(text: string, home: string): string[] {
  let t = text;
  for (const h of new Set([home, fs.realpathSync(home)])) t = t.split(h).join('~');
  return outputLines(t).filter((l) => !NOISE.some((n) => n.test(l)));
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

/** Runs a bash script with no stdin; resolves to its exit status and its stdout and stderr. */
function runBash(script: string, cwd: string, env: Record<string, string>, timeoutMs: number, where: string): Promise<StepResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => chunks.push(c));
    // Note: the whole process group goes, so a hung guest cannot outlive its step.
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`${where}: bash could not run: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const output = Buffer.concat(chunks).toString('utf8');
      resolve({ status: code ?? 128, output: signal === 'SIGKILL' ? `${output}[killed after ${timeoutMs / 1000} s]\n` : output });
    });
  });
}

/**
 * Replays a guide on one engine and returns its transcript. Throws {@link GuideMismatch} at the
 * first command whose output is not what the guide shows.
 */
export async function replayGuide(o: ReplayOptions): Promise<ReplayResult> {
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
  const cache = new StepCache(path.join(GUIDES_BUILD, 'cache'), kpioCli());
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
    const kind = stepKind(step.command);
    const run = (): Promise<StepResult> => runBash(`exec 2>&1; (exit ${status}); ${step.command}`, cwd, env, kind === 'toolchain' ? BUILD_TIMEOUT_MS : RUN_TIMEOUT_MS, `${o.guide}:${step.line}`);
    const started = Date.now();
    const result = kind !== null ? await cache.run(kind, step.command, cwd, home, run) : await run();
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
