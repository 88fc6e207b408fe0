;; hello-world: a WASI Preview 1 command written directly in the WebAssembly text format.
;; It writes "Hello, KPIO!\n" to stdout with one fd_write call and returns from _start (exit 0).
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param $fd i32) (param $iovs i32) (param $iovs_len i32) (param $nwritten i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param $code i32)))

  (memory (export "memory") 1)

  ;; The message at offset 16; the iovec {ptr, len} at offset 0; nwritten at offset 8.
  (data (i32.const 16) "Hello, KPIO!\n")

  (func $main (export "_start")
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 13))
    ;; A write error is the only way to fail: exit with code 1 then.
    (if (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))
      (then (call $proc_exit (i32.const 1))))))
