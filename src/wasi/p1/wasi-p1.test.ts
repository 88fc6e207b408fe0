import { describe, expect, it } from 'vitest';
import { ExitError, Trap } from '../../api/errors.js';
import { BufferedInput, CapturedOutput, createSandboxSys, MemoryFileSystem, type SandboxSys } from '../../sys/index.js';
import { ERRNO, FDFLAGS, FILETYPE, OFLAGS, RIGHTS, WASI_P1_FUNCTIONS, WASI_P1_SIGNATURES, WHENCE } from './abi.js';
import { WasiP1 } from './wasi-p1.js';

const enc = new TextEncoder();
const dec = new TextDecoder();

/** A WASI instance over a sandbox, with a real wasm memory and helpers to lay out arguments. */
function setup(opts: Parameters<typeof createSandboxSys>[0] = {}) {
  const sys = createSandboxSys({ args: ['prog', 'a1', 'ünï'], env: { A: '1', HOME: '/' }, ...opts });
  const wasi = WasiP1.fromSys(sys);
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 4 });
  wasi.bindMemory(memory);
  const f = wasi.functions as unknown as Record<string, (...a: unknown[]) => number>;
  const u8 = () => new Uint8Array(memory.buffer);
  const dv = () => new DataView(memory.buffer);
  let heap = 1024;
  const alloc = (n: number) => {
    const p = heap;
    heap += (n + 7) & ~7;
    return p;
  };
  const str = (s: string) => {
    const b = enc.encode(s);
    const p = alloc(b.length);
    u8().set(b, p);
    return [p, b.length] as const;
  };
  const iovs = (...bufs: [number, number][]) => {
    const p = alloc(bufs.length * 8);
    bufs.forEach(([b, l], i) => {
      dv().setUint32(p + i * 8, b, true);
      dv().setUint32(p + i * 8 + 4, l, true);
    });
    return [p, bufs.length] as const;
  };
  const u32 = (p: number) => dv().getUint32(p, true);
  const u64 = (p: number) => dv().getBigUint64(p, true);
  const text = (p: number, n: number) => dec.decode(u8().subarray(p, p + n));
  /** path_open relative to the root preopen (fd 3), returning [errno, fd]. */
  const open = (path: string, oflags = 0, rights = RIGHTS.FD_READ | RIGHTS.FD_WRITE | RIGHTS.FD_SEEK | RIGHTS.FD_TELL | RIGHTS.FD_FILESTAT_GET, fdflags = 0, dirflags = 0) => {
    const [pp, pl] = str(path);
    const out = alloc(4);
    const e = f.path_open!(3, dirflags, pp, pl, oflags, BigInt(rights), 0n, fdflags, out);
    return [e, u32(out)] as const;
  };
  const write = (fd: number, s: string) => {
    const [p, l] = str(s);
    const [iv, n] = iovs([p, l]);
    const out = alloc(4);
    const e = f.fd_write!(fd, iv, n, out);
    return [e, u32(out)] as const;
  };
  const read = (fd: number, n: number) => {
    const buf = alloc(n);
    const [iv, c] = iovs([buf, n]);
    const out = alloc(4);
    const e = f.fd_read!(fd, iv, c, out);
    return [e, text(buf, u32(out))] as const;
  };
  return { sys, wasi, memory, f, alloc, str, iovs, u32, u64, u8, text, open, write, read };
}

describe('WasiP1 surface', () => {
  it('provides all 46 functions with the witx arities', () => {
    const w = new WasiP1();
    expect(Object.keys(w.imports.wasi_snapshot_preview1).sort()).toEqual([...WASI_P1_FUNCTIONS].sort());
    expect(WASI_P1_FUNCTIONS.length).toBe(46);
    for (const name of WASI_P1_FUNCTIONS) {
      const fn = (w.functions as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!;
      expect(fn.length, name).toBe(WASI_P1_SIGNATURES[name].params.length);
    }
  });

  it('rejects configurations that cannot be encoded', () => {
    expect(() => new WasiP1({ args: ['a\0b'] })).toThrow(/NUL/);
    expect(() => new WasiP1({ env: { 'A=B': 'x' } })).toThrow(/=/);
  });

  it('keeps two instances with different configurations apart', () => {
    const a = setup({ args: ['one'] });
    const b = setup({ args: ['two', 'more'] });
    const pa = a.alloc(8);
    const pb = b.alloc(8);
    expect(a.f.args_sizes_get!(pa, pa + 4)).toBe(0);
    expect(b.f.args_sizes_get!(pb, pb + 4)).toBe(0);
    expect([a.u32(pa), a.u32(pa + 4)]).toEqual([1, 4]);
    expect([b.u32(pb), b.u32(pb + 4)]).toEqual([2, 9]);
    const [e, fd] = a.open('only-in-a', OFLAGS.CREAT);
    expect(e).toBe(0);
    expect(b.f.fd_close!(fd)).toBe(ERRNO.BADF);
  });
});

describe('bounds checks', () => {
  const BAD = 0xfffffff0;
  it.each<[string, (t: ReturnType<typeof setup>) => number]>([
    ['args_get', (t) => t.f.args_get!(BAD, 0)],
    ['args_sizes_get', (t) => t.f.args_sizes_get!(0, BAD)],
    ['environ_get', (t) => t.f.environ_get!(0, BAD)],
    ['environ_sizes_get', (t) => t.f.environ_sizes_get!(BAD, 0)],
    ['clock_res_get', (t) => t.f.clock_res_get!(0, BAD)],
    ['clock_time_get', (t) => t.f.clock_time_get!(1, 0n, BAD)],
    ['random_get', (t) => t.f.random_get!(BAD, 64)],
    ['random_get length', (t) => t.f.random_get!(0, 0x7fffffff)],
    ['fd_write iovec array', (t) => t.f.fd_write!(1, BAD, 1, 0)],
    ['fd_write iovec buffer', (t) => t.f.fd_write!(1, ...t.iovs([BAD, 100]), 0)],
    ['fd_write huge count', (t) => t.f.fd_write!(1, 0, 0x20000001, 0)],
    ['fd_write nwritten', (t) => t.f.fd_write!(1, ...t.iovs([0, 1]), BAD)],
    ['fd_read buffer', (t) => t.f.fd_read!(0, ...t.iovs([BAD, 16]), 0)],
    ['fd_fdstat_get', (t) => t.f.fd_fdstat_get!(1, BAD)],
    ['fd_filestat_get', (t) => t.f.fd_filestat_get!(3, BAD)],
    ['fd_prestat_get', (t) => t.f.fd_prestat_get!(3, BAD)],
    ['fd_prestat_dir_name', (t) => t.f.fd_prestat_dir_name!(3, BAD, 1)],
    ['fd_readdir buffer', (t) => t.f.fd_readdir!(3, BAD, 64, 0n, 0)],
    ['fd_seek result', (t) => t.f.fd_seek!(t.open('f', OFLAGS.CREAT)[1], 0n, 0, BAD)],
    ['path_open path', (t) => t.f.path_open!(3, 0, BAD, 10, 0, 0n, 0n, 0, 0)],
    ['path_open fd out', (t) => t.f.path_open!(3, 0, ...t.str('x'), OFLAGS.CREAT, 0n, 0n, 0, BAD)],
    ['path_filestat_get', (t) => t.f.path_filestat_get!(3, 0, ...t.str('.'), BAD)],
    ['path_readlink buffer', (t) => t.f.path_readlink!(3, ...t.str('x'), BAD, 10, 0)],
    ['poll_oneoff subscriptions', (t) => t.f.poll_oneoff!(BAD, 0, 1, 0)],
    ['poll_oneoff events', (t) => t.f.poll_oneoff!(0, BAD, 1, 0)],
    ['fd_pread buffer', (t) => t.f.fd_pread!(t.open('f', OFLAGS.CREAT)[1], ...t.iovs([BAD, 4]), 0n, t.alloc(4))],
    ['fd_pwrite buffer', (t) => t.f.fd_pwrite!(t.open('f', OFLAGS.CREAT)[1], ...t.iovs([BAD, 4]), 0n, t.alloc(4))],
  ])('%s gives EFAULT, not an exception', (_name, call) => {
    const t = setup();
    expect(call(t)).toBe(ERRNO.FAULT);
  });

  it('sees memory growth (a fresh view on every call)', () => {
    const t = setup();
    // A call before the growth caches the old buffer; the next one must notice the new one.
    expect(t.f.fd_write!(1, ...t.iovs([0, 0]), 200)).toBe(0);
    t.memory.grow(1);
    const p = 65536 + 100;
    const [iv, n] = t.iovs([p, 5]);
    new Uint8Array(t.memory.buffer).set(enc.encode('grown'), p);
    expect(t.f.fd_write!(1, iv, n, 200)).toBe(0);
    expect(t.sys.stdout.text()).toBe('grown');
  });

  it('turns unexpected host failures into a trap, not a raw exception', () => {
    const sys = createSandboxSys();
    const broken = { ...sys, random: { fill: () => { throw new TypeError('boom'); } } };
    const wasi = WasiP1.fromSys(broken);
    wasi.bindMemory(new WebAssembly.Memory({ initial: 1 }));
    expect(() => (wasi.functions.random_get as (a: number, b: number) => number)(0, 4)).toThrow(Trap);
  });
});

describe('args, environment, clocks, random', () => {
  it('lays out argv and environ as NUL-terminated UTF-8 with pointer arrays', () => {
    const t = setup();
    const sizes = t.alloc(8);
    expect(t.f.args_sizes_get!(sizes, sizes + 4)).toBe(0);
    expect(t.u32(sizes)).toBe(3);
    const total = t.u32(sizes + 4);
    expect(total).toBe('prog\0a1\0ünï\0'.length + 2);
    const ptrs = t.alloc(12);
    const buf = t.alloc(total);
    expect(t.f.args_get!(ptrs, buf)).toBe(0);
    expect(t.text(t.u32(ptrs + 8), enc.encode('ünï').length)).toBe('ünï');
    expect(t.f.environ_sizes_get!(sizes, sizes + 4)).toBe(0);
    expect([t.u32(sizes), t.u32(sizes + 4)]).toEqual([2, 'A=1\0HOME=/\0'.length]);
    const eptrs = t.alloc(8);
    const ebuf = t.alloc(16);
    expect(t.f.environ_get!(eptrs, ebuf)).toBe(0);
    expect(t.text(t.u32(eptrs + 4), 6)).toBe('HOME=/');
  });

  it('reads clocks and rejects unknown clock ids', () => {
    const t = setup();
    const p = t.alloc(8);
    t.sys.clocks.advance(5_000n);
    expect(t.f.clock_time_get!(1, 0n, p)).toBe(0);
    expect(t.u64(p)).toBe(5_000n);
    expect(t.f.clock_res_get!(0, p)).toBe(0);
    expect(t.u64(p)).toBe(1n);
    expect(t.f.clock_time_get!(9, 0n, p)).toBe(ERRNO.INVAL);
    expect(t.f.clock_res_get!(4, p)).toBe(ERRNO.INVAL);
  });

  it('fills random bytes from the configured source (seeded: reproducible)', () => {
    const a = setup({ seed: 5 });
    const b = setup({ seed: 5 });
    const pa = a.alloc(32);
    const pb = b.alloc(32);
    expect(a.f.random_get!(pa, 32)).toBe(0);
    expect(b.f.random_get!(pb, 32)).toBe(0);
    expect(a.u8().slice(pa, pa + 32)).toEqual(b.u8().slice(pb, pb + 32));
    expect(a.u8().subarray(pa, pa + 32).some((x) => x !== 0)).toBe(true);
  });

  it('proc_exit throws ExitError and start() returns its code', () => {
    const t = setup();
    expect(() => t.f.proc_exit!(3)).toThrow(ExitError);
    expect(t.f.proc_raise!(9)).toBe(ERRNO.NOSYS);
    expect(t.f.sched_yield!()).toBe(0);
    const wasi = new WasiP1();
    const memory = new WebAssembly.Memory({ initial: 1 });
    const exit = wasi.functions.proc_exit;
    expect(wasi.start({ memory, _start: () => exit(42) })).toBe(42);
    expect(() => wasi.start({ memory, _start: () => {} })).toThrow(/already started/);
    expect(() => new WasiP1().start({ memory })).toThrow(/no "_start"/);
    expect(() => new WasiP1().start({ _start: () => {} })).toThrow(/no "memory"/);
  });
});

describe('descriptors', () => {
  it('writes and reads stdio with several iovecs', () => {
    const t = setup({ stdin: 'line one\nline two' });
    const [a, al] = t.str('hello, ');
    const [b, bl] = t.str('world');
    const [iv, n] = t.iovs([a, al], [0, 0], [b, bl]);
    const out = t.alloc(4);
    expect(t.f.fd_write!(1, iv, n, out)).toBe(0);
    expect(t.u32(out)).toBe(12);
    expect(t.sys.stdout.text()).toBe('hello, world');
    const buf1 = t.alloc(4);
    const buf2 = t.alloc(64);
    const [riv, rn] = t.iovs([buf1, 4], [buf2, 64]);
    expect(t.f.fd_read!(0, riv, rn, out)).toBe(0);
    expect(t.u32(out)).toBe(17);
    expect(t.text(buf1, 4) + t.text(buf2, 13)).toBe('line one\nline two');
    expect(t.read(0, 8)).toEqual([0, '']);
  });

  it.each<[string, (t: ReturnType<typeof setup>) => number, number]>([
    ['write to a closed descriptor', (t) => t.write(42, 'x')[0], ERRNO.BADF],
    ['read from stdout', (t) => t.read(1, 4)[0], ERRNO.BADF],
    ['write to stdin', (t) => t.write(0, 'x')[0], ERRNO.BADF],
    ['read a directory', (t) => t.read(3, 4)[0], ERRNO.ISDIR],
    ['seek on stdout', (t) => t.f.fd_seek!(1, 0n, WHENCE.SET, t.alloc(8)), ERRNO.SPIPE],
    ['tell on a directory', (t) => t.f.fd_tell!(3, t.alloc(8)), ERRNO.ISDIR],
    ['close twice', (t) => (t.f.fd_close!(1), t.f.fd_close!(1)), ERRNO.BADF],
    ['renumber to a closed descriptor', (t) => t.f.fd_renumber!(1, 77), ERRNO.BADF],
    ['prestat of stdout', (t) => t.f.fd_prestat_get!(1, t.alloc(8)), ERRNO.BADF],
    ['prestat name too short', (t) => t.f.fd_prestat_dir_name!(3, t.alloc(8), 0), ERRNO.NAMETOOLONG],
    ['unknown fdflags', (t) => t.f.fd_fdstat_set_flags!(1, 64), ERRNO.INVAL],
    ['gaining rights', (t) => t.f.fd_fdstat_set_rights!(1, BigInt(RIGHTS.FD_WRITE | RIGHTS.FD_READ), 0n), ERRNO.NOTCAPABLE],
    ['undefined rights', (t) => t.f.fd_fdstat_set_rights!(1, 1n << 40n, 0n), ERRNO.NOTCAPABLE],
    ['ATIM with ATIM_NOW', (t) => t.f.fd_filestat_set_times!(3, 0n, 0n, 3), ERRNO.INVAL],
    ['MTIM with MTIM_NOW', (t) => t.f.fd_filestat_set_times!(3, 0n, 0n, 12), ERRNO.INVAL],
    ['allocate on a directory', (t) => t.f.fd_allocate!(3, 0n, 1n), ERRNO.ISDIR],
    ['readdir on a file', (t) => t.f.fd_readdir!(t.open('f', OFLAGS.CREAT, RIGHTS.FD_READDIR)[1], t.alloc(64), 64, 0n, t.alloc(4)), ERRNO.NOTDIR],
    ['path_open on a file descriptor', (t) => t.f.path_open!(0, 0, ...t.str('x'), 0, 0n, 0n, 0, t.alloc(4)), ERRNO.NOTDIR],
    ['invalid UTF-8 path', (t) => {
      const p = t.alloc(2);
      t.u8().set([0xff, 0xfe], p);
      return t.f.path_create_directory!(3, p, 2);
    }, ERRNO.ILSEQ],
    ['sock_accept on a directory', (t) => t.f.sock_accept!(3, 0, t.alloc(4)), ERRNO.NOTSOCK],
    ['sock_shutdown on stdout', (t) => t.f.sock_shutdown!(1, 1), ERRNO.NOTSOCK],
    ['sock_send on stdin', (t) => t.f.sock_send!(0, ...t.iovs([0, 1]), 0, t.alloc(4)), ERRNO.NOTSOCK],
    ['poll with no subscriptions', (t) => t.f.poll_oneoff!(t.alloc(48), t.alloc(32), 0, t.alloc(4)), ERRNO.INVAL],
  ])('%s', (_name, call, errno) => {
    expect(call(setup())).toBe(errno);
  });

  it('reports fdstat of stdio and preopens', () => {
    const t = setup();
    const p = t.alloc(24);
    expect(t.f.fd_fdstat_get!(3, p)).toBe(0);
    expect(t.u8()[p]).toBe(FILETYPE.DIRECTORY);
    const base = Number(t.u64(p + 8));
    expect(base & RIGHTS.PATH_OPEN).toBeTruthy();
    expect(base & RIGHTS.FD_FILESTAT_SET_SIZE).toBe(0);
    expect(t.f.fd_prestat_get!(3, p)).toBe(0);
    expect([t.u8()[p], t.u32(p + 4)]).toEqual([0, 1]);
    expect(t.f.fd_prestat_dir_name!(3, p, 8)).toBe(0);
    expect(t.text(p, 1)).toBe('/');
    expect(t.f.fd_fdstat_get!(1, p)).toBe(0);
    expect(Number(t.u64(p + 8)) & RIGHTS.FD_SEEK).toBe(0);
  });

  it('keeps the position, honours append and drops rights for good', () => {
    const t = setup();
    const [e, fd] = t.open('data.txt', OFLAGS.CREAT, RIGHTS.FD_READ | RIGHTS.FD_WRITE | RIGHTS.FD_SEEK | RIGHTS.FD_TELL | RIGHTS.FD_FDSTAT_SET_FLAGS | RIGHTS.FD_FDSTAT_SET_FLAGS);
    expect(e).toBe(0);
    expect(t.write(fd, 'abcdef')).toEqual([0, 6]);
    const pos = t.alloc(8);
    expect(t.f.fd_seek!(fd, -4n, WHENCE.CUR, pos)).toBe(0);
    expect(t.u64(pos)).toBe(2n);
    expect(t.read(fd, 2)).toEqual([0, 'cd']);
    expect(t.f.fd_seek!(fd, -1n, WHENCE.SET, pos)).toBe(ERRNO.INVAL);
    expect(t.f.fd_fdstat_set_flags!(fd, FDFLAGS.APPEND)).toBe(0);
    expect(t.f.fd_seek!(fd, 0n, WHENCE.SET, pos)).toBe(0);
    expect(t.write(fd, 'XY')).toEqual([0, 2]);
    expect(t.f.fd_tell!(fd, pos)).toBe(0);
    expect(t.u64(pos)).toBe(8n);
    expect(dec.decode(t.sys.fs.readFile('data.txt'))).toBe('abcdefXY');
    // pwrite writes at its offset and leaves the position alone, even in append mode.
    const [p, l] = t.str('__');
    expect(t.f.fd_pwrite!(fd, ...t.iovs([p, l]), 1n, t.alloc(4))).toBe(0);
    expect(t.f.fd_tell!(fd, pos)).toBe(0);
    expect(t.u64(pos)).toBe(8n);
    expect(dec.decode(t.sys.fs.readFile('data.txt'))).toBe('a__defXY');
    expect(t.f.fd_fdstat_set_rights!(fd, BigInt(RIGHTS.FD_READ | RIGHTS.FD_SEEK), 0n)).toBe(0);
    expect(t.write(fd, 'no')[0]).toBe(ERRNO.NOTCAPABLE);
    expect(t.f.fd_fdstat_set_rights!(fd, BigInt(RIGHTS.FD_READ | RIGHTS.FD_WRITE | RIGHTS.FD_SEEK), 0n)).toBe(ERRNO.NOTCAPABLE);
  });

  it('derives rights from the directory and refuses what it cannot grant', () => {
    const t = setup();
    const [e1, fd] = t.open('f', OFLAGS.CREAT, 0x3fffffff);
    expect(e1).toBe(0);
    const p = t.alloc(24);
    t.f.fd_fdstat_get!(fd, p);
    const base = Number(t.u64(p + 8));
    expect(base & RIGHTS.PATH_OPEN).toBe(0);
    expect(base & RIGHTS.FD_WRITE).toBeTruthy();
    // Drop PATH_CREATE_FILE from the directory: creating fails, opening existing works.
    t.f.fd_fdstat_get!(3, p);
    const dirBase = t.u64(p + 8) & ~BigInt(RIGHTS.PATH_CREATE_FILE);
    expect(t.f.fd_fdstat_set_rights!(3, dirBase, t.u64(p + 16))).toBe(0);
    expect(t.open('g', OFLAGS.CREAT)[0]).toBe(ERRNO.NOTCAPABLE);
    expect(t.open('f')[0]).toBe(0);
    expect(t.open('/f')[0]).toBe(ERRNO.NOTCAPABLE);
    expect(t.open('../f')[0]).toBe(ERRNO.NOTCAPABLE);
    // A directory opened with write rights is EISDIR; with only read rights it opens.
    expect(t.open('.', OFLAGS.DIRECTORY, RIGHTS.FD_READ | RIGHTS.FD_WRITE)[0]).toBe(ERRNO.ISDIR);
    const [e2, dfd] = t.open('.', OFLAGS.DIRECTORY, RIGHTS.FD_READ | RIGHTS.FD_SEEK | RIGHTS.FD_READDIR);
    expect(e2).toBe(0);
    t.f.fd_fdstat_get!(dfd, p);
    expect(Number(t.u64(p + 8)) & RIGHTS.FD_SEEK).toBe(0);
    expect(Number(t.u64(p + 8)) & RIGHTS.FD_READDIR).toBeTruthy();
  });

  it('pages through a directory with cookies and a small buffer', () => {
    const fs = new MemoryFileSystem();
    for (let i = 0; i < 20; i++) fs.writeFile(`file-${String(i).padStart(2, '0')}`, 'x');
    const t = setup({ fs });
    const names: string[] = [];
    let cookie = 0n;
    const buf = t.alloc(100);
    const used = t.alloc(4);
    for (let round = 0; round < 100; round++) {
      expect(t.f.fd_readdir!(3, buf, 100, cookie, used)).toBe(0);
      const n = t.u32(used);
      let off = 0;
      while (off + 24 <= n) {
        const next = new DataView(t.memory.buffer).getBigUint64(buf + off, true);
        const len = t.u32(buf + off + 16);
        if (off + 24 + len > n) break;
        names.push(t.text(buf + off + 24, len));
        cookie = next;
        off += 24 + len;
      }
      if (n < 100) break;
    }
    expect(names.length).toBe(22);
    expect(names.slice(0, 2)).toEqual(['.', '..']);
    expect(new Set(names).size).toBe(22);
  });

  it('renumbers stdio away and closes preopens', () => {
    const t = setup();
    const [, fd] = t.open('f', OFLAGS.CREAT);
    expect(t.f.fd_renumber!(1, fd)).toBe(0);
    expect(t.write(1, 'x')[0]).toBe(ERRNO.BADF);
    expect(t.write(fd, 'to stdout')[0]).toBe(0);
    expect(t.sys.stdout.text()).toBe('to stdout');
    expect(t.f.fd_close!(3)).toBe(0);
    expect(t.f.fd_prestat_get!(3, t.alloc(8))).toBe(ERRNO.BADF);
  });

  it('closes a shared stream only when its last descriptor goes', () => {
    const out = new CapturedOutput();
    const wasi = new WasiP1({ stdout: out, stderr: out, stdin: new BufferedInput('') });
    const mem = new WebAssembly.Memory({ initial: 1 });
    wasi.bindMemory(mem);
    const f = wasi.functions;
    expect(f.fd_close(1)).toBe(0);
    new Uint8Array(mem.buffer).set(enc.encode('err'), 64);
    new DataView(mem.buffer).setUint32(0, 64, true);
    new DataView(mem.buffer).setUint32(4, 3, true);
    expect(f.fd_write(2, 0, 1, 16)).toBe(0);
    expect(out.text()).toBe('err');
  });
});

describe('paths', () => {
  function run(t: ReturnType<typeof setup>, name: string, ...a: unknown[]): number {
    const args = a.flatMap((x) => (typeof x === 'string' ? [...t.str(x)] : [x]));
    return t.f[name]!(...args);
  }

  it('creates, links, renames, reads links and removes with POSIX errnos', () => {
    const t = setup();
    const steps: [string, unknown[], number][] = [
      ['path_create_directory', [3, 'd'], 0],
      ['path_create_directory', [3, 'd'], ERRNO.EXIST],
      ['path_create_directory', [3, 'd/e/f'], ERRNO.NOENT],
      ['path_symlink', ['d', 3, 'l'], 0],
      ['path_symlink', ['/etc', 3, 'abs'], ERRNO.NOTCAPABLE],
      ['path_symlink', ['x', 3, 'l'], ERRNO.EXIST],
      ['path_link', [3, 0, 'd', 3, 'dl'], ERRNO.PERM],
      ['path_rename', [3, 'd', 3, 'd2'], 0],
      ['path_rename', [3, 'nope', 3, 'x'], ERRNO.NOENT],
      ['path_remove_directory', [3, 'l'], ERRNO.NOTDIR],
      ['path_unlink_file', [3, 'd2'], ERRNO.ISDIR],
      ['path_unlink_file', [3, 'l'], 0],
      ['path_remove_directory', [3, 'd2/'], 0],
      ['path_remove_directory', [3, '..'], ERRNO.NOTCAPABLE],
      ['path_unlink_file', [3, '/etc/passwd'], ERRNO.NOTCAPABLE],
    ];
    for (const [name, args, errno] of steps) expect(`${name}(${JSON.stringify(args)}) = ${run(t, name, ...args)}`).toBe(`${name}(${JSON.stringify(args)}) = ${errno}`);
  });

  it('readlink cuts to the buffer and reports what it wrote', () => {
    const t = setup();
    expect(run(t, 'path_symlink', 'target-name', 3, 's')).toBe(0);
    const buf = t.alloc(16);
    const used = t.alloc(4);
    expect(run(t, 'path_readlink', 3, 's', buf, 6, used)).toBe(0);
    expect([t.u32(used), t.text(buf, 6)]).toEqual([6, 'target']);
    expect(run(t, 'path_readlink', 3, 's', buf, 16, used)).toBe(0);
    expect(t.text(buf, t.u32(used))).toBe('target-name');
  });

  it('stats through symlinks only with SYMLINK_FOLLOW and sets times exactly', () => {
    const t = setup();
    t.sys.fs.writeFile('file', 'abc');
    expect(run(t, 'path_symlink', 'file', 3, 'link')).toBe(0);
    const st = t.alloc(64);
    expect(run(t, 'path_filestat_get', 3, 0, 'link', st)).toBe(0);
    expect(t.u8()[st + 16]).toBe(FILETYPE.SYMBOLIC_LINK);
    expect(run(t, 'path_filestat_get', 3, 1, 'link', st)).toBe(0);
    expect(t.u8()[st + 16]).toBe(FILETYPE.REGULAR_FILE);
    expect(t.u64(st + 32)).toBe(3n);
    expect(run(t, 'path_filestat_set_times', 3, 1, 'link', 11n, 22n, 1 | 4)).toBe(0);
    expect(run(t, 'path_filestat_get', 3, 0, 'file', st)).toBe(0);
    expect([t.u64(st + 40), t.u64(st + 48)]).toEqual([11n, 22n]);
    expect(run(t, 'path_filestat_set_times', 3, 0, 'file', 0n, 0n, 4 | 8)).toBe(ERRNO.INVAL);
  });
});

describe('poll_oneoff', () => {
  function subscribe(t: ReturnType<typeof setup>, subs: { userdata: bigint; tag: number; clock?: [number, bigint, number]; fd?: number }[]) {
    const p = t.alloc(subs.length * 48);
    const dv = new DataView(t.memory.buffer);
    subs.forEach((s, i) => {
      const b = p + i * 48;
      dv.setBigUint64(b, s.userdata, true);
      dv.setUint8(b + 8, s.tag);
      if (s.clock) {
        dv.setUint32(b + 16, s.clock[0], true);
        dv.setBigUint64(b + 24, s.clock[1], true);
        dv.setUint16(b + 40, s.clock[2], true);
      }
      if (s.fd !== undefined) dv.setUint32(b + 16, s.fd, true);
    });
    const out = t.alloc(subs.length * 32);
    const n = t.alloc(4);
    const errno = t.f.poll_oneoff!(p, out, subs.length, n);
    const events = [];
    for (let i = 0; i < t.u32(n); i++) {
      events.push({ userdata: dv.getBigUint64(out + i * 32, true), error: dv.getUint16(out + i * 32 + 8, true), type: dv.getUint8(out + i * 32 + 10), nbytes: dv.getBigUint64(out + i * 32 + 16, true) });
    }
    return { errno, events };
  }

  it('sleeps for a relative clock timeout (virtual time)', () => {
    const t = setup();
    const r = subscribe(t, [{ userdata: 7n, tag: 0, clock: [1, 5_000_000n, 0] }]);
    expect(r).toEqual({ errno: 0, events: [{ userdata: 7n, error: 0, type: 0, nbytes: 0n }] });
    expect(t.sys.clocks.now('monotonic')).toBe(5_000_000n);
  });

  it('honours absolute deadlines', () => {
    const t = setup();
    t.sys.clocks.advance(1_000n);
    const r = subscribe(t, [{ userdata: 1n, tag: 0, clock: [1, 3_000n, 1] }]);
    expect(r.events.length).toBe(1);
    expect(t.sys.clocks.now('monotonic')).toBe(3_000n);
  });

  it('reports ready descriptors before the timeout, and bad ones as error events', () => {
    const t = setup({ stdin: 'x' });
    const [, fd] = t.open('f', OFLAGS.CREAT);
    t.write(fd, 'twelve bytes');
    t.f.fd_seek!(fd, 2n, WHENCE.SET, t.alloc(8));
    const r = subscribe(t, [
      { userdata: 1n, tag: 0, clock: [1, 1_000_000_000n, 0] },
      { userdata: 2n, tag: 1, fd: 0 },
      { userdata: 3n, tag: 2, fd: 1 },
      { userdata: 4n, tag: 1, fd: fd },
      { userdata: 5n, tag: 1, fd: 99 },
    ]);
    expect(r.errno).toBe(0);
    expect(r.events).toEqual([
      { userdata: 2n, error: 0, type: 1, nbytes: 0n },
      { userdata: 3n, error: 0, type: 2, nbytes: 0n },
      { userdata: 4n, error: 0, type: 1, nbytes: 10n },
      { userdata: 5n, error: ERRNO.BADF, type: 1, nbytes: 0n },
    ]);
    expect(t.sys.clocks.now('monotonic')).toBe(0n);
  });

  it('gives an error event for an unknown clock and EINVAL for an unknown tag', () => {
    const t = setup();
    expect(subscribe(t, [{ userdata: 1n, tag: 0, clock: [17, 0n, 0] }]).events).toEqual([{ userdata: 1n, error: ERRNO.INVAL, type: 0, nbytes: 0n }]);
    expect(subscribe(t, [{ userdata: 1n, tag: 9 }]).errno).toBe(ERRNO.INVAL);
  });
});

describe('sandbox contexts', () => {
  it('gives each sandbox its own file system', () => {
    const a: SandboxSys = createSandboxSys();
    const b: SandboxSys = createSandboxSys();
    a.fs.writeFile('x', '1');
    expect(() => b.fs.readFile('x')).toThrow(/ENOENT/);
  });
});
