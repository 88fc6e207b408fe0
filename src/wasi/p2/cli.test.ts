import { describe, expect, it } from 'vitest';
import { ExitError, KpioError } from '../../api/errors.js';
import { CapturedOutput, SeededRandom } from '../../sys/index.js';
import { hostFunc } from './test-kit.js';
import { createWasiP2 } from './wasi-p2.js';

function exitCode(f: () => unknown): number {
  try {
    f();
  } catch (e) {
    if (e instanceof ExitError) return e.code;
    throw e;
  }
  throw new Error('did not exit');
}

describe('wasi:cli', () => {
  it('environment: arguments, variables and initial-cwd', () => {
    const host = createWasiP2({ args: ['app', 'a b', 'ü'], env: { HOME: '/home', EMPTY: '' }, cwd: '/work' });
    expect(hostFunc(host, 'wasi:cli/environment', 'get-arguments')()).toEqual(['app', 'a b', 'ü']);
    expect(hostFunc(host, 'wasi:cli/environment', 'get-environment')()).toEqual([
      ['HOME', '/home'],
      ['EMPTY', ''],
    ]);
    expect(hostFunc(host, 'wasi:cli/environment', 'initial-cwd')()).toEqual({ tag: 'some', val: '/work' });
    expect(hostFunc(createWasiP2(), 'wasi:cli/environment', 'initial-cwd')()).toEqual({ tag: 'none' });
    expect(hostFunc(createWasiP2(), 'wasi:cli/environment', 'get-environment')()).toEqual([]);
  });

  it.each([
    ['exit(ok)', 'exit', { tag: 'ok' }, 0],
    ['exit(err)', 'exit', { tag: 'err' }, 1],
    ['exit-with-code(0)', 'exit-with-code', 0, 0],
    ['exit-with-code(42)', 'exit-with-code', 42, 42],
    ['exit-with-code(255)', 'exit-with-code', 255, 255],
  ])('%s exits with %s', (_name, fn, arg, code) => {
    expect(exitCode(() => hostFunc(createWasiP2(), 'wasi:cli/exit', fn)(arg))).toBe(code);
  });

  it('stdout and stderr are separate streams; each get-* call makes a new resource', () => {
    const stdout = new CapturedOutput();
    const stderr = new CapturedOutput();
    const host = createWasiP2({ stdout, stderr });
    const a = hostFunc(host, 'wasi:cli/stdout', 'get-stdout')();
    const b = hostFunc(host, 'wasi:cli/stdout', 'get-stdout')();
    const e = hostFunc(host, 'wasi:cli/stderr', 'get-stderr')();
    expect(a.rep).not.toBe(b.rep);
    const w = hostFunc(host, 'wasi:io/streams', '[method]output-stream.blocking-write-and-flush');
    w(a, new TextEncoder().encode('1'));
    w(b, new TextEncoder().encode('2'));
    w(e, new TextEncoder().encode('3'));
    expect(stdout.text()).toBe('12');
    expect(stderr.text()).toBe('3');
    // Dropping a stdio stream resource does not close the embedder's stream.
    a.drop();
    w(b, new TextEncoder().encode('4'));
    expect(stdout.text()).toBe('124');
  });

  it('reports no terminals by default, and the terminals of sys streams when enabled', () => {
    const tty = Object.assign(new CapturedOutput(), { isTerminal: true });
    for (const f of ['get-terminal-stdin', 'get-terminal-stdout', 'get-terminal-stderr']) {
      const iface = `wasi:cli/terminal-${f.slice('get-terminal-'.length)}`;
      expect(hostFunc(createWasiP2({ stdout: tty, stderr: tty }), iface, f)()).toEqual({ tag: 'none' });
    }
    const host = createWasiP2({ stdout: tty, terminals: true });
    const t = hostFunc(host, 'wasi:cli/terminal-stdout', 'get-terminal-stdout')();
    expect(t.tag).toBe('some');
    expect(t.val.type.name).toBe('wasi:cli/terminal-output.terminal-output');
    expect(hostFunc(host, 'wasi:cli/terminal-stderr', 'get-terminal-stderr')()).toEqual({ tag: 'none' });
  });
});

describe('createWasiP2', () => {
  it.each([
    ['an argument with NUL', { args: ['a\0b'] }],
    ['an environment name with =', { env: { 'A=B': 'x' } }],
    ['an environment value with NUL', { env: [['A', 'x\0']] as [string, string][] }],
    ['a cwd with NUL', { cwd: '/\0' }],
  ])('refuses %s with a KpioError', (_what, options) => {
    expect(() => createWasiP2(options)).toThrow(KpioError);
  });

  it('keeps instances apart: resources of one are not resources of the other', () => {
    const a = createWasiP2({ random: new SeededRandom(1) });
    const b = createWasiP2({ random: new SeededRandom(1) });
    const out = hostFunc(a, 'wasi:cli/stdout', 'get-stdout')();
    expect(a.resolve('wasi:io/streams@0.2.0')!.resources['output-stream']).not.toBe(b.resolve('wasi:io/streams@0.2.0')!.resources['output-stream']);
    expect(b.liveResources).toBe(0);
    expect(a.liveResources).toBe(1);
    out.drop();
    expect(a.liveResources).toBe(0);
  });

  it('serves every 0.2.x version of an interface and no other major/minor', () => {
    const host = createWasiP2();
    for (const v of ['0.2.0', '0.2.3', '0.2.12']) expect(host.resolve(`wasi:cli/environment@${v}`)?.version).toBe('0.2.12');
    expect(host.resolve('wasi:cli/environment@0.3.0')).toBeUndefined();
    expect(host.resolve('wasi:cli/environment@0.2.13')).toBeUndefined();
  });

  it('traps when the guest holds more resources than allowed', () => {
    const host = createWasiP2({ maxResources: 3 });
    const get = hostFunc(host, 'wasi:cli/stdout', 'get-stdout');
    get();
    get();
    get();
    expect(() => get()).toThrow(/resource limit reached: 3/);
  });
});
