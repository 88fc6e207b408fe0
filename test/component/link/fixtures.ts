// Small hand-built components for the linker's tests, each exercising one part of instantiation.
import { ComponentBuilder, D, T } from './component-builder.js';

/** `add: func(a: u32, b: u32) -> u32` lifted from a core function. */
export function adder(): Uint8Array {
  const b = new ComponentBuilder();
  const m = b.coreModule('(module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))');
  const ci = b.coreInstantiate(m);
  const f = b.aliasCoreExport('func', ci, 'add');
  const t = b.type(T.func([['a', 'u32'], ['b', 'u32']], 'u32'));
  b.export('add', 'func', b.canonLift(f, t));
  return b.bytes();
}

const MEMORY_MODULE = `(module
  (memory (export "memory") 1)
  (global $next (mut i32) (i32.const 1024))
  (func (export "realloc") (param i32 i32 i32 i32) (result i32) (local $p i32)
    (local.set $p (i32.and (i32.add (global.get $next) (i32.sub (local.get 2) (i32.const 1))) (i32.sub (i32.const 0) (local.get 2))))
    (global.set $next (i32.add (local.get $p) (local.get 3)))
    (local.get $p)))`;

/**
 * Imports `log: func(s: string)` and exports `run: func()` (which logs "hello") and
 * `echo: func(s: string) -> string` (a guest round trip through memory and realloc).
 */
export function logger(): Uint8Array {
  const b = new ComponentBuilder();
  const logT = b.type(T.func([['s', 'string']]));
  const log = b.import('log', D.func(logT));
  const mm = b.coreModule(MEMORY_MODULE);
  const mi = b.coreInstantiate(mm);
  const memory = b.aliasCoreExport('memory', mi, 'memory');
  const realloc = b.aliasCoreExport('func', mi, 'realloc');
  const lowered = b.canonLower(log, { memory });
  const host = b.coreExports([
    ['log', 'func', lowered],
    ['memory', 'memory', memory],
  ]);
  const main = b.coreModule(`(module
    (import "host" "log" (func $log (param i32 i32)))
    (import "host" "memory" (memory 1))
    (data (i32.const 16) "hello")
    (func (export "run") (call $log (i32.const 16) (i32.const 5)))
    (func (export "echo") (param i32 i32) (result i32)
      (i32.store (i32.const 8) (local.get 0))
      (i32.store (i32.const 12) (local.get 1))
      (i32.const 8)))`);
  const ci = b.coreInstantiate(main, [['host', host]]);
  const runT = b.type(T.func([]));
  b.export('run', 'func', b.canonLift(b.aliasCoreExport('func', ci, 'run'), runT));
  const echoT = b.type(T.func([['s', 'string']], 'string'));
  b.export('echo', 'func', b.canonLift(b.aliasCoreExport('func', ci, 'echo'), echoT, { memory, realloc }));
  return b.bytes();
}

/**
 * Imports the interface `test:res/api@0.2.0` with a resource `r`, `[constructor]r` and
 * `[method]r.get`; exports `run: func(x: u32) -> u32`, which makes an `r` of x, reads it back and
 * drops it.
 */
export function resourceUser(): Uint8Array {
  const b = new ComponentBuilder();
  const iface = b.instanceType((d) => {
    const r = d.export('r', D.subResource());
    const own = d.type(T.own(r));
    const ctor = d.type(T.func([['v', 'u32']], own));
    d.export('[constructor]r', D.func(ctor));
    const borrow = d.type(T.borrow(r));
    const get = d.type(T.func([['self', borrow]], 'u32'));
    d.export('[method]r.get', D.func(get));
  });
  const api = b.import('test:res/api@0.2.0', D.instance(iface));
  const r = b.aliasExport('type', api, 'r');
  const ctor = b.aliasExport('func', api, '[constructor]r');
  const get = b.aliasExport('func', api, '[method]r.get');
  const core = b.coreExports([
    ['new', 'func', b.canonLower(ctor)],
    ['get', 'func', b.canonLower(get)],
    ['drop', 'func', b.canonResource('drop', r)],
  ]);
  const m = b.coreModule(`(module
    (import "api" "new" (func $new (param i32) (result i32)))
    (import "api" "get" (func $get (param i32) (result i32)))
    (import "api" "drop" (func $drop (param i32)))
    (func (export "run") (param i32) (result i32) (local $h i32) (local $v i32)
      (local.set $h (call $new (local.get 0)))
      (local.set $v (call $get (local.get $h)))
      (call $drop (local.get $h))
      (local.get $v)))`);
  const ci = b.coreInstantiate(m, [['api', core]]);
  const runT = b.type(T.func([['x', 'u32']], 'u32'));
  b.export('run', 'func', b.canonLift(b.aliasCoreExport('func', ci, 'run'), runT));
  return b.bytes();
}

/**
 * Defines a resource `r` (representation: 10 times the constructor's argument) with a destructor
 * that remembers the last representation destroyed; exports `r`, `[constructor]r`,
 * `[method]r.get` and `last-dropped: func() -> u32`.
 */
export function resourceDefiner(): Uint8Array {
  const b = new ComponentBuilder();
  const impl = b.coreModule(`(module
    (global $last (mut i32) (i32.const 0))
    (func (export "dtor") (param i32) (global.set $last (local.get 0)))
    (func (export "last") (result i32) (global.get $last)))`);
  const ii = b.coreInstantiate(impl);
  const dtor = b.aliasCoreExport('func', ii, 'dtor');
  const res = b.type(T.resource(dtor));
  const api = b.coreExports([
    ['new', 'func', b.canonResource('new', res)],
    ['rep', 'func', b.canonResource('rep', res)],
  ]);
  const m = b.coreModule(`(module
    (import "res" "new" (func $new (param i32) (result i32)))
    (import "res" "rep" (func $rep (param i32) (result i32)))
    (func (export "ctor") (param i32) (result i32) (call $new (i32.mul (local.get 0) (i32.const 10))))
    (func (export "get") (param i32) (result i32) (local.get 0)))`);
  const ci = b.coreInstantiate(m, [['res', api]]);
  const r = b.export('r', 'type', res);
  const own = b.type(T.own(r));
  const borrow = b.type(T.borrow(r));
  const ctorT = b.type(T.func([['v', 'u32']], own));
  b.export('[constructor]r', 'func', b.canonLift(b.aliasCoreExport('func', ci, 'ctor'), ctorT));
  const getT = b.type(T.func([['self', borrow]], 'u32'));
  b.export('[method]r.get', 'func', b.canonLift(b.aliasCoreExport('func', ci, 'get'), getT));
  const lastT = b.type(T.func([], 'u32'));
  b.export('last-dropped', 'func', b.canonLift(b.aliasCoreExport('func', ii, 'last'), lastT));
  return b.bytes();
}

/**
 * An outer component that imports `f: func(x: u32) -> u32`, instantiates a nested component with
 * it (the nested one reuses the outer function type through an outer alias and exports
 * `g(x) = f(x) + 1`), and re-exports `g` directly and inside an instance `api`.
 */
export function nested(): Uint8Array {
  const inner = new ComponentBuilder();
  const ft = inner.aliasOuter('type', 1, 0);
  const f = inner.import('f', D.func(ft));
  const cf = inner.canonLower(f);
  const host = inner.coreExports([['f', 'func', cf]]);
  const m = inner.coreModule(`(module
    (import "host" "f" (func $f (param i32) (result i32)))
    (func (export "g") (param i32) (result i32) (i32.add (call $f (local.get 0)) (i32.const 1))))`);
  const ci = inner.coreInstantiate(m, [['host', host]]);
  inner.export('g', 'func', inner.canonLift(inner.aliasCoreExport('func', ci, 'g'), ft));

  const b = new ComponentBuilder();
  const t = b.type(T.func([['x', 'u32']], 'u32'));
  const f0 = b.import('f', D.func(t));
  const c = b.component(inner);
  const i = b.instantiate(c, [['f', 'func', f0]]);
  const g = b.aliasExport('func', i, 'g');
  b.export('g', 'func', g);
  const api = b.instanceExports([['g', 'func', g]]);
  b.export('test:nested/api@1.2.0', 'instance', api);
  // Note: exported with a type ascription that shows only `g` of an instance that has `g` and `f`.
  const both = b.instanceExports([
    ['g', 'func', g],
    ['f', 'func', f0],
  ]);
  const onlyG = b.instanceType((d) => d.export('g', D.func(d.type(T.func([['x', 'u32']], 'u32')))));
  b.export('narrow', 'instance', both, D.instance(onlyG));
  return b.bytes();
}

/** Imports `g: func(x: string) -> u32` and re-exports it. */
export function stringConsumer(): Uint8Array {
  const b = new ComponentBuilder();
  const t = b.type(T.func([['x', 'string']], 'u32'));
  b.export('g', 'func', b.import('g', D.func(t)));
  return b.bytes();
}

/** Imports `log: func(x: u32)`; its start function calls `log(42)`. */
export function starter(): Uint8Array {
  const b = new ComponentBuilder();
  const logT = b.type(T.func([['x', 'u32']]));
  const log = b.import('log', D.func(logT));
  const host = b.coreExports([['log', 'func', b.canonLower(log)]]);
  const m = b.coreModule('(module (import "host" "log" (func $log (param i32))) (func (export "init") (call $log (i32.const 42))))');
  const ci = b.coreInstantiate(m, [['host', host]]);
  const initT = b.type(T.func([]));
  b.start(b.canonLift(b.aliasCoreExport('func', ci, 'init'), initT));
  return b.bytes();
}

/** Exports `boom: func()` (traps) and `ok: func() -> u32` (returns 7). */
export function trapper(): Uint8Array {
  const b = new ComponentBuilder();
  const m = b.coreModule('(module (func (export "boom") unreachable) (func (export "ok") (result i32) i32.const 7))');
  const ci = b.coreInstantiate(m);
  b.export('boom', 'func', b.canonLift(b.aliasCoreExport('func', ci, 'boom'), b.type(T.func([]))));
  b.export('ok', 'func', b.canonLift(b.aliasCoreExport('func', ci, 'ok'), b.type(T.func([], 'u32'))));
  return b.bytes();
}

/** Imports `cb: func()` and exports `call-cb: func()`, which calls it. */
export function callback(): Uint8Array {
  const b = new ComponentBuilder();
  const t = b.type(T.func([]));
  const cb = b.import('cb', D.func(t));
  const host = b.coreExports([['cb', 'func', b.canonLower(cb)]]);
  const m = b.coreModule('(module (import "host" "cb" (func $cb)) (func (export "run") (call $cb)))');
  const ci = b.coreInstantiate(m, [['host', host]]);
  b.export('call-cb', 'func', b.canonLift(b.aliasCoreExport('func', ci, 'run'), t));
  return b.bytes();
}
