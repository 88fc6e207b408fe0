import { describe, expect, it } from 'vitest';
import { createEngine } from '../../engines.js';
import type { EngineKind } from '../../runtime/engine.js';
import { parseWast } from '../../wasm/text/index.js';
import { ExpectedFailures } from '../expected-failures.js';
import type { WastResult } from '../runner.js';
import { hasComponentCommands, runComponentWastScript } from './runner.js';

function run(text: string, engine: EngineKind = 'interp', expectedFailures?: ExpectedFailures): WastResult {
  const script = parseWast(text, 't.wast');
  return runComponentWastScript(script, { createEngine: () => createEngine(engine), engineName: engine, fileId: 't.wast', ...(expectedFailures ? { expectedFailures } : {}) });
}

/** A component whose exports echo u32 and s64 values, return a constant string and trap. */
const ECHO = `(component
  (core module $m
    (memory (export "mem") 1)
    (data (i32.const 0) "\\10\\00\\00\\00\\05\\00\\00\\00")
    (data (i32.const 16) "hello")
    (global $n (mut i32) (i32.const 0))
    (func (export "id") (param i32) (result i32) local.get 0)
    (func (export "id64") (param i64) (result i64) local.get 0)
    (func (export "hello") (result i32) i32.const 0)
    (func (export "bump") (result i32) (global.set $n (i32.add (global.get $n) (i32.const 1))) (global.get $n))
    (func (export "boom") unreachable))
  (core instance $i (instantiate $m))
  (type $e' (enum "a" "b"))
  (export $e "e" (type $e'))
  (func (export "u32") (param "x" u32) (result u32) (canon lift (core func $i "id")))
  (func (export "s64") (param "x" s64) (result s64) (canon lift (core func $i "id64")))
  (func (export "enum") (param "x" $e) (result $e) (canon lift (core func $i "id")))
  (func (export "hello") (result string) (canon lift (core func $i "hello") (memory (core memory $i "mem"))))
  (func (export "bump") (result u32) (canon lift (core func $i "bump")))
  (func (export "boom") (canon lift (core func $i "boom")))
)`;

describe('runComponentWastScript', () => {
  it.each<EngineKind>(['interp', 'native'])('runs components, invokes and assertions on %s', (engine) => {
    const r = run(
      `${ECHO}
      (assert_return (invoke "u32" (u32.const 4294967295)) (u32.const 4294967295))
      (assert_return (invoke "s64" (s64.const -5)) (s64.const -5))
      (assert_return (invoke "enum" (enum.const "b")) (enum.const "b"))
      (assert_return (invoke "hello") (str.const "hello"))
      (invoke "bump")
      (assert_return (invoke "bump") (u32.const 2))
      (assert_trap (invoke "boom") "unreachable")
      (assert_trap (invoke "bump") "a previous call into it trapped")
      ${ECHO}
      (assert_trap (invoke "boom") "wasm trap: unreachable")
      (assert_invalid (component (export "x" (func 0))) "func index out of bounds")
      (assert_malformed (component quote "(type") "unexpected token")
      (assert_malformed (component binary "\\00asm") "unexpected end")`,
      engine,
    );
    expect(r.failures).toEqual([]);
    expect(r).toMatchObject({ passed: 14, failed: 0, skipped: 0 });
    expect(r.messageMatched + r.messageDiffered).toBe(3);
  });

  it('instantiates definitions afresh and keeps named instances apart', () => {
    const def = ECHO.replace('(component', '(component definition $D');
    const r = run(`${def}
      (component instance $a $D)
      (component instance $b $D)
      (assert_return (invoke $a "bump") (u32.const 1))
      (assert_return (invoke $a "bump") (u32.const 2))
      (assert_return (invoke $b "bump") (u32.const 1))
      (component instance $a $D)
      (assert_return (invoke $a "bump") (u32.const 1))
      (assert_return (invoke "bump") (u32.const 2))`);
    expect(r.failures).toEqual([]);
    expect(r.passed).toBe(9);
  });

  it('lets later components import a registered instance', () => {
    const r = run(`${ECHO}
      (register "echo")
      (component
        (import "echo" (instance $echo (export "u32" (func (param "x" u32) (result u32)))))
        (core func $id (canon lower (func $echo "u32")))
        (core module $m (import "" "id" (func $id (param i32) (result i32)))
          (func (export "twice") (param i32) (result i32) (i32.add (call $id (local.get 0)) (call $id (local.get 0)))))
        (core instance $i (instantiate $m (with "" (instance (export "id" (func $id))))))
        (func (export "twice") (param "x" u32) (result u32) (canon lift (core func $i "twice"))))
      (assert_return (invoke "twice" (u32.const 21)) (u32.const 42))
      (assert_unlinkable (component (import "nothing" (func))) "missing")`);
    expect(r.failures).toEqual([]);
    expect(r.passed).toBe(4);
  });

  it('reports failed commands with their line and why', () => {
    const r = run(`${ECHO}
(assert_return (invoke "u32" (u32.const 1)) (u32.const 2))
(assert_return (invoke "u32" (str.const "x")) (u32.const 2))
(assert_return (invoke "nope"))
(assert_trap (invoke "u32" (u32.const 1)) "unreachable")
(assert_invalid (component (type u8)) "anything")
(assert_malformed (component (type u8)) "anything")
(assert_invalid (component (tpye u8)) "anything")
(component (core module (func (i32.foo))))
(invoke "u32" (u32.const 1))
(module)`);
    const lines = ECHO.split('\n').length;
    expect(r.failures.map((f) => [f.line - lines, f.command, f.message])).toEqual([
      [1, 'component_assert_return', 'result: expected 2 (got 1)'],
      [2, 'component_assert_return', 'argument: type mismatch: a str value where u32 is expected'],
      [3, 'component_assert_return', 'no exported function "nope"'],
      [4, 'component_assert_trap', '"u32": expected trap "unreachable", but it returned normally'],
      [5, 'component_assert_invalid', 'expected invalid ("anything"), but it validated'],
      [6, 'component_assert_malformed', 'expected malformed text ("anything"), but it parsed'],
      [7, 'component_assert_invalid', 'expected invalid ("anything"), but the text did not parse: WatParseError: t.wast:' + (lines + 7) + ':29: unexpected token'],
      [8, 'component', 'WatParseError: t.wast:' + (lines + 8) + ':32: unknown operator i32.foo'],
      [9, 'component_action', `no component instance: the component of line ${lines + 8} did not instantiate`],
      [10, 'module', 'core command `module` in a component script: run it with the core runner'],
    ]);
    expect(r).toMatchObject({ passed: 1, failed: 10 });
  });

  it('counts listed failures as expected and reports listed lines that pass', () => {
    const xf = new ExpectedFailures([
      { suite: 'component-wast', id: 't.wast:3', reason: 'a known difference' },
      { suite: 'component-wast', id: 't.wast:4', reason: 'fixed since' },
    ]);
    const r = run('(component)\n(invoke "x")\n(invoke "y")\n(component)', 'interp', xf);
    expect(r).toMatchObject({ passed: 2, failed: 1, skipped: 1, expected: 1, unexpectedPasses: [4] });
    expect(r.failures.map((f) => f.expectedBecause ?? null)).toEqual([null, 'a known difference']);
  });

  it('tells component scripts from core scripts', () => {
    expect(hasComponentCommands(parseWast('(module) (invoke "f")'))).toBe(false);
    expect(hasComponentCommands(parseWast('(module) (component)'))).toBe(true);
  });
});
