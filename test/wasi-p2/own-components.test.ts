/**
 * Components of our own, built from sources in `test/components-cli/src/`, run through kpio's
 * component linker and WASI 0.2 host on the interp and native engines:
 * - `p2app.c` (clang-19 + wasi-libc, made a command with jco's preview1 adapter): file I/O in a
 *   preopen (in memory and on a real temp dir), args, env, clocks, random, stdin, exit codes,
 *   sandbox escapes, and a poll on stdin that really blocks;
 * - `exit-with-code.wat` (jco parse): `wasi:cli/exit.exit-with-code` end to end;
 * - `shapes.js` (componentize-js): exports over records, variants, enums, flags, options,
 *   results, lists and strings, called from TypeScript.
 */

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ComponentValueError } from '../../src/component/abi/index.js';
import { decodeComponent } from '../../src/component/binary/decoder.js';
import { instantiateComponent, type ComponentInstance } from '../../src/component/link/index.js';
import { createEngine } from '../../src/engines.js';
import { createNodeSys } from '../../src/platform/node/node-sys.js';
import {
  BufferedInput,
  CapturedOutput,
  ManualClock,
  ManualWaiter,
  MemoryFileSystem,
  SeededRandom,
  type Preopen,
} from '../../src/sys/index.js';
import { createWasiP2, runComponentCommand, type RunComponentOptions } from '../../src/wasi/p2/index.js';
import {
  buildCommandComponent,
  buildJsComponent,
  buildWatComponent,
  hasClang,
  hasComponentizeJs,
  hasJco,
  NO_C_TOOLCHAIN,
  NO_COMPONENTIZE,
} from '../components-cli/build-components.js';

const ENGINES = ['interp', 'native'] as const;
const cTools = hasClang() && hasJco();
if (!cTools) console.warn(NO_C_TOOLCHAIN);
const jsTools = hasComponentizeJs();
if (!jsTools) console.warn(NO_COMPONENTIZE);

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'kpio-p2-app-'));
  cleanups.push(() => fs.rmSync(d, { recursive: true, force: true }));
  return d;
}

/** Runs a command with a deterministic sandbox: manual clock, seeded randomness, in-memory preopens. */
function runSandboxed(bytes: Uint8Array, engine: (typeof ENGINES)[number], args: readonly string[], extra: Partial<RunComponentOptions> = {}) {
  const stdout = new CapturedOutput();
  const stderr = new CapturedOutput();
  const clock = new ManualClock();
  const data = new MemoryFileSystem({ clock });
  const root = new MemoryFileSystem({ clock });
  const preopens: Preopen[] = [
    { kind: 'dir', guestPath: '/data', handle: data.root() },
    { kind: 'dir', guestPath: '/', handle: root.root() },
  ];
  const code = runComponentCommand(bytes, {
    engine: createEngine(engine),
    args: ['p2app', ...args],
    env: { HOME: '/home/x', LANG: 'C' },
    stdin: new BufferedInput('hello p2'),
    stdout,
    stderr,
    clocks: clock,
    waiter: new ManualWaiter(clock),
    random: new SeededRandom(5),
    insecureRandom: new SeededRandom(6),
    preopens,
    ...extra,
  });
  return { code, stdout: stdout.text(), stderr: stderr.text(), data };
}

function seededHex(seed: number, n: number): string {
  const b = new Uint8Array(n);
  new SeededRandom(seed).fill(b);
  return Buffer.from(b).toString('hex');
}

/** What `p2app files /data` prints; `missing` is the error for a path below no preopen. */
const filesOutput = (missing: string): string => [
  'cat /data/a.txt: hello world',
  'size 11 regular 1',
  'cat /data/sub/link: hello world',
  'ls /data: b.txt sub',
  'ls /data/sub: link',
  'pread: World',
  'truncated size 3',
  `open missing: ${missing}`,
  'rmdir non-empty: Directory not empty',
  'ls /data:',
  '',
].join('\n');

const CASES: readonly { name: string; args: string[]; code: number; stdout: string }[] = [
  { name: 'args', args: ['args', 'one', 'two words', 'ü'], code: 0, stdout: 'argv[0]=p2app\nargv[1]=args\nargv[2]=one\nargv[3]=two words\nargv[4]=ü\n' },
  { name: 'env', args: ['env'], code: 0, stdout: 'HOME=/home/x\nLANG=C\nHOME=/home/x\n' },
  // With `/` preopened too, `/missing-dir` is looked up (and not found) there.
  { name: 'files in an in-memory preopen', args: ['files', '/data'], code: 0, stdout: filesOutput('No such file or directory') },
  // Virtual time: the sleep advances the manual clock by exactly 10 ms.
  { name: 'clocks', args: ['clocks'], code: 0, stdout: 'realtime 946684800\nslept at least 10ms: 1\nslept ns 10000000\n' },
  { name: 'random', args: ['random'], code: 0, stdout: `${seededHex(5, 16)}\n` },
  { name: 'stdin', args: ['stdin'], code: 0, stdout: 'stdin: HELLO P2\nbytes 8\n' },
  { name: 'exit 0', args: ['exit', '0'], code: 0, stdout: 'exiting with 0\n' },
  // Note: the preview1 adapter maps proc_exit(n != 0) to `exit(err)`, which is exit code 1.
  { name: 'exit 7 (through the adapter: err)', args: ['exit', '7'], code: 1, stdout: 'exiting with 7\n' },
  { name: 'unknown mode', args: ['nope'], code: 1, stdout: '' },
  {
    name: 'escape attempts',
    args: ['escape'],
    code: 0,
    stdout:
      '/../etc/passwd: Operation not permitted\n../etc/passwd: Operation not permitted\n' +
      '/etc/passwd: No such file or directory\n/data/../../etc/passwd: Operation not permitted\n',
  },
];

describe.skipIf(!cTools)('a C command component (clang-19 + wasi-libc + the preview1 adapter)', () => {
  let bytes: Uint8Array;
  beforeAll(() => {
    bytes = fs.readFileSync(buildCommandComponent('p2app'));
  }, 300_000);

  for (const engine of ENGINES) {
    it.each(CASES)(`$name (${engine})`, ({ args, code, stdout }) => {
      const r = runSandboxed(bytes, engine, args);
      expect({ code: r.code, stdout: r.stdout }).toEqual({ code, stdout });
      if (args[0] === 'nope') expect(r.stderr).toBe('unknown mode nope\n');
    });

    it(`does file I/O in a real preopened directory and leaves nothing behind (${engine})`, () => {
      const dir = tempDir();
      fs.mkdirSync(path.join(dir, 'data'));
      fs.writeFileSync(path.join(dir, 'outside.txt'), 'untouched');
      const stdout = new CapturedOutput();
      const sys = createNodeSys({ dirs: [{ host: path.join(dir, 'data'), guest: '/data' }], stdout, stderr: 'null' });
      cleanups.push(() => sys.close());
      const code = runComponentCommand(bytes, { ...sys, engine: createEngine(engine), args: ['p2app', 'files', '/data'] });
      // Note: with only /data preopened, wasi-libc finds no preopen for /missing-dir (ENOTCAPABLE).
      expect({ code, stdout: stdout.text() }).toEqual({ code: 0, stdout: filesOutput('Capabilities insufficient') });
      expect(fs.readdirSync(path.join(dir, 'data'))).toEqual([]);
      expect(fs.readFileSync(path.join(dir, 'outside.txt'), 'utf8')).toBe('untouched');
    });

    it(`reads the real clocks: a 10 ms sleep lasts at least 10 ms (${engine})`, () => {
      const stdout = new CapturedOutput();
      const sys = createNodeSys({ stdout, stderr: 'null' });
      cleanups.push(() => sys.close());
      expect(runComponentCommand(bytes, { ...sys, engine: createEngine(engine), args: ['p2app', 'clocks'] })).toBe(0);
      const [real, slept] = stdout.text().split('\n');
      expect(Number(real!.split(' ')[1])).toBeGreaterThan(1_700_000_000);
      expect(slept).toBe('slept at least 10ms: 1');
    });

    it.skipIf(spawnSync('mkfifo', ['--version'], { stdio: 'ignore' }).status !== 0)(
      `blocks in poll() until another process writes to stdin (${engine})`,
      async () => {
        const dir = tempDir();
        const fifo = path.join(dir, 'in.fifo');
        spawnSync('mkfifo', [fifo]);
        const fd = fs.openSync(fifo, fs.constants.O_RDWR);
        cleanups.push(() => fs.closeSync(fd));
        const stdout = new CapturedOutput();
        const sys = createNodeSys({ stdin: { fd }, stdout, stderr: 'null' });
        cleanups.push(() => sys.close());
        const writer = spawn('sh', ['-c', `sleep 0.3; printf 'ping' > '${fifo}'`], { stdio: 'ignore' });
        const exited = new Promise((resolve) => writer.on('exit', resolve));
        const code = runComponentCommand(bytes, { ...sys, engine: createEngine(engine), args: ['p2app', 'wait-stdin'] });
        expect({ code, stdout: stdout.text() }).toEqual({ code: 0, stdout: 'poll: 1 readable 1\ngot: ping\n' });
        await exited;
      },
    );
  }
});

describe.skipIf(!hasJco())('a component calling wasi:cli/exit.exit-with-code (component text, jco parse)', () => {
  let bytes: Uint8Array;
  beforeAll(() => {
    bytes = fs.readFileSync(buildWatComponent('exit-with-code'));
  }, 120_000);

  for (const engine of ENGINES) {
    it.each([
      [['prog'], 21],
      [['prog', 'x'], 42],
      [['prog', 'x', 'y', 'z'], 84],
    ])(`args %j exit with %i (${engine})`, (args, code) => {
      expect(runComponentCommand(bytes, { engine: createEngine(engine), args })).toBe(code);
    });
  }
});

describe.skipIf(!jsTools)('a componentize-js component: exports over records, variants, lists and strings', () => {
  let bytes: Uint8Array;
  beforeAll(() => {
    bytes = fs.readFileSync(buildJsComponent('shapes', 'shapes'));
  }, 600_000);

  const pts = [
    { x: 0, y: 0, label: 'a' },
    { x: 4, y: 0, label: 'b' },
    { x: 0, y: 3, label: 'c' },
  ];

  it.each(ENGINES)('is called through the linker with JS values (%s)', (engine) => {
    const host = createWasiP2();
    cleanups.push(() => host.close());
    const inst: ComponentInstance = instantiateComponent(decodeComponent(bytes), { engine: createEngine(engine), imports: host });
    expect(inst.call('double-area', [{ tag: 'circle', val: 2 }])).toBe(24n);
    expect(inst.call('double-area', [{ tag: 'rect', val: [3, 5] }])).toBe(30n);
    expect(inst.call('double-area', [{ tag: 'polygon', val: pts }])).toBe(12n);
    expect(inst.call('double-area', [{ tag: 'empty' }])).toBe(0n);
    expect(inst.call('rightmost', [[]])).toEqual({ tag: 'none' });
    expect(inst.call('rightmost', [pts])).toEqual({ tag: 'some', val: { x: 4, y: 0, label: 'b' } });
    expect(inst.call('describe', [{ tag: 'polygon', val: pts }, 'green', { bold: true, underline: true }])).toBe('bold+underline green polygon of 3 points');
    expect(inst.call('describe', [{ tag: 'empty' }, 'blue', {}])).toBe('blue empty');
    expect(inst.call('shout-words', ['  héllo big   wörld 🀄 '])).toEqual(['🀄', 'WÖRLD', 'BIG', 'HÉLLO']);
    expect(inst.call('parse-point', ['-3,7,pt'])).toEqual({ tag: 'ok', val: { x: -3, y: 7, label: 'pt' } });
    expect(inst.call('parse-point', ['zz'])).toEqual({ tag: 'err', val: 'expected x,y,label but got "zz"' });
    expect(inst.call('summarize', [pts, [1.5, 2.25]])).toEqual({ count: 3, total: 3.75, names: ['a', 'b', 'c'] });
    expect(inst.call('shift', [pts, 1, -1])).toEqual([
      [
        { x: 1, y: -1, label: 'a' },
        { x: 5, y: -1, label: 'b' },
        { x: 1, y: 2, label: 'c' },
      ],
      new TextEncoder().encode('a|b|c'),
    ]);
    expect(() => inst.call('describe', [{ tag: 'empty' }, 'purple', {}])).toThrow(ComponentValueError);
  });
});
