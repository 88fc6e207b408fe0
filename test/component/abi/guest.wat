;; A tiny guest for the canonical ABI tests: a bump-allocator realloc that grows memory, and
;; functions with the core signatures that `canon lift` / `canon lower` expect.
(module
  (import "env" "memory" (memory 1))
  (import "host" "log" (func $log (param i32 i32)))
  (import "host" "reenter" (func $reenter))
  (global $next (mut i32) (i32.const 1024))
  (global $posts (mut i32) (i32.const 0))

  ;; (old ptr, old size, alignment, new size) -> ptr; shrinking keeps the block in place.
  (func $realloc (export "cabi_realloc") (param $old i32) (param $old_size i32) (param $align i32) (param $new_size i32) (result i32)
    (local $p i32) (local $end i32)
    (if (i32.and (i32.ne (local.get $old) (i32.const 0)) (i32.le_u (local.get $new_size) (local.get $old_size)))
      (then (return (local.get $old))))
    (local.set $p (i32.and (i32.add (global.get $next) (i32.sub (local.get $align) (i32.const 1)))
                           (i32.sub (i32.const 0) (local.get $align))))
    (local.set $end (i32.add (local.get $p) (local.get $new_size)))
    (block $done
      (loop $grow
        (br_if $done (i32.le_u (local.get $end) (i32.mul (memory.size) (i32.const 65536))))
        (if (i32.eq (memory.grow (i32.const 1)) (i32.const -1)) (then unreachable))
        (br $grow)))
    (global.set $next (local.get $end))
    (if (local.get $old) (then (memory.copy (local.get $p) (local.get $old) (local.get $old_size))))
    (local.get $p))

  ;; greet: func(name: string) -> string, "hello, " ++ name
  (func (export "greet") (param $ptr i32) (param $len i32) (result i32)
    (local $out i32)
    (local.set $out (call $realloc (i32.const 0) (i32.const 0) (i32.const 1) (i32.add (local.get $len) (i32.const 7))))
    (memory.copy (local.get $out) (i32.const 16) (i32.const 7))
    (memory.copy (i32.add (local.get $out) (i32.const 7)) (local.get $ptr) (local.get $len))
    (i32.store (i32.const 0) (local.get $out))
    (i32.store (i32.const 4) (i32.add (local.get $len) (i32.const 7)))
    (i32.const 0))
  (func (export "cabi_post_greet") (param i32)
    (global.set $posts (i32.add (global.get $posts) (i32.const 1))))
  (func (export "posts") (result i32) (global.get $posts))

  ;; sum17: func(17 x u32) -> u32, parameters spilled to memory
  (func (export "sum17") (param $p i32) (result i32)
    (local $i i32) (local $s i32)
    (block $done
      (loop $next
        (br_if $done (i32.eq (local.get $i) (i32.const 17)))
        (local.set $s (i32.add (local.get $s) (i32.load (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $s))

  ;; total: func(xs: list<u32>) -> u64
  (func (export "total") (param $p i32) (param $n i32) (result i64)
    (local $i i32) (local $s i64)
    (block $done
      (loop $next
        (br_if $done (i32.eq (local.get $i) (local.get $n)))
        (local.set $s (i64.add (local.get $s) (i64.load32_u (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $s))

  ;; bad-string: func() -> string whose bytes are not UTF-8
  (func (export "bad_string") (result i32)
    (i32.store (i32.const 0) (i32.const 32))
    (i32.store (i32.const 4) (i32.const 2))
    (i32.const 0))

  ;; shout: func(msg: string), calls the host's log(msg: string)
  (func (export "shout") (param $ptr i32) (param $len i32)
    (call $log (local.get $ptr) (local.get $len)))

  ;; reenter: func(), calls the host, which calls back into this instance
  (func (export "reenter") (call $reenter))

  (data (i32.const 16) "hello, ")
  (data (i32.const 32) "\c3\28"))
