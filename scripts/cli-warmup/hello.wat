;; Warm-up guest for the CLI's code cache (see scripts/cli-warmup.mjs): a WASI Preview 1 command
;; with the usual shapes of compiled code (blocks, loops, br_table, calls, loads and stores of
;; several widths, i64 and float arithmetic), so that a warm-up run compiles most of the decoder
;; and validator. It prints its arguments and a checksum, 80 lines in all. Like a wasi-libc
;; program's start-up it also reads its environment, looks for preopened directories and reads
;; the clock, so that the component made from it (with jco's Preview 1 adapter, see
;; cli-warmup.mjs) imports and calls what compiled programs' components do.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_get" (func $environ_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_get" (func $fd_prestat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock_time_get (param i32 i64 i32) (result i32)))
  (memory (export "memory") 1)
  (global $sum (mut i64) (i64.const 0))
  (table 2 funcref)
  (elem (i32.const 0) $square $twice)
  (type $unary (func (param i32) (result i32)))
  (data (i32.const 1024) "hello from the warm-up guest\n")

  (func $square (type $unary) (i32.mul (local.get 0) (local.get 0)))
  (func $twice (type $unary) (i32.shl (local.get 0) (i32.const 1)))

  ;; Writes `len` bytes at `ptr` to stdout.
  (func $write (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store offset=4 (i32.const 0) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))

  ;; Classifies n with a br_table.
  (func $kind (param $n i32) (result i32)
    (block $other
      (block $two
        (block $one
          (block $zero
            (br_table $zero $one $two $other (local.get $n)))
          (return (i32.const 10)))
        (return (i32.const 20)))
      (return (i32.const 30)))
    (i32.const 40))

  (func $mix (param $x i64) (result f64)
    (local $f f32)
    (local.set $f (f32.convert_i64_s (local.get $x)))
    (f64.add
      (f64.promote_f32 (f32.sqrt (f32.abs (local.get $f))))
      (f64.mul (f64.convert_i64_u (i64.rotl (local.get $x) (i64.const 7))) (f64.const 0.5))))

  (func (export "_start")
    (local $i i32) (local $argc i32) (local $size i32) (local $p i32) (local $len i32)
    ;; What wasi-libc does before main: the environment, the preopens (fd 3 and up, until
    ;; EBADF), and here a clock reading too.
    (drop (call $environ_sizes_get (i32.const 16) (i32.const 20)))
    (drop (call $environ_get (i32.const 6144) (i32.const 7168)))
    (local.set $i (i32.const 3))
    (block $no-more
      (loop $preopens
        (br_if $no-more (call $fd_prestat_get (local.get $i) (i32.const 24)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $preopens)))
    (drop (call $clock_time_get (i32.const 1) (i64.const 1000) (i32.const 32)))
    ;; The arguments, one line each.
    (drop (call $args_sizes_get (i32.const 16) (i32.const 20)))
    (local.set $argc (i32.load (i32.const 16)))
    (drop (call $args_get (i32.const 2048) (i32.const 4096)))
    (local.set $i (i32.const 0))
    (block $done
      (loop $args
        (br_if $done (i32.ge_u (local.get $i) (local.get $argc)))
        (local.set $p (i32.load (i32.add (i32.const 2048) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $len (i32.const 0))
        (block $end
          (loop $scan
            (br_if $end (i32.eqz (i32.load8_u (i32.add (local.get $p) (local.get $len)))))
            (local.set $len (i32.add (local.get $len) (i32.const 1)))
            (br $scan)))
        (i32.store8 (i32.add (local.get $p) (local.get $len)) (i32.const 10))
        (call $write (local.get $p) (i32.add (local.get $len) (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $args)))
    ;; Some arithmetic, and many small writes.
    (local.set $i (i32.const 0))
    (loop $more
      (global.set $sum
        (i64.add (global.get $sum)
          (i64.extend_i32_u
            (i32.add (call $kind (i32.and (local.get $i) (i32.const 3)))
                     (call_indirect (type $unary) (local.get $i) (i32.and (local.get $i) (i32.const 1)))))))
      (i64.store16 (i32.const 64) (global.get $sum))
      (f64.store (i32.const 72) (call $mix (global.get $sum)))
      (if (i32.eqz (i32.rem_u (local.get $i) (i32.const 7)))
        (then (memory.fill (i32.const 128) (i32.const 0) (i32.const 16)))
        (else (memory.copy (i32.const 128) (i32.const 1024) (i32.const 16))))
      (call $write (i32.const 1024) (i32.const 29))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $more (i32.lt_u (local.get $i) (i32.const 78))))
    (if (i64.eqz (global.get $sum)) (then (call $proc_exit (i32.const 1)))))
)
