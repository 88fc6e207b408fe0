;; Warm-up guest for the CLI's code cache (see scripts/cli-warmup.mjs): a WASI 0.2 command
;; component that writes a line through wasi:cli/stdout and wasi:io/streams, as a compiled
;; program's component does through the Preview 1 adapter.
(component
  (import "wasi:io/error@0.2.0" (instance $error-i
    (export "error" (type (sub resource)))
  ))
  (alias export $error-i "error" (type $error))
  (import "wasi:io/streams@0.2.0" (instance $streams
    (export "output-stream" (type $out (sub resource)))
    (alias outer 1 $error (type $err))
    (export "error" (type $e (eq $err)))
    (type $stream-error (variant (case "last-operation-failed" (own $e)) (case "closed")))
    (export "stream-error" (type $se (eq $stream-error)))
    (export "[method]output-stream.blocking-write-and-flush"
      (func (param "self" (borrow $out)) (param "contents" (list u8)) (result (result (error $se)))))
  ))
  (alias export $streams "output-stream" (type $output-stream))
  (import "wasi:cli/stdout@0.2.0" (instance $stdout
    (export "output-stream" (type $o (eq $output-stream)))
    (export "get-stdout" (func (result (own $o))))
  ))
  (core module $mem
    (memory (export "memory") 1)
    (data (i32.const 64) "hello from the warm-up component\n")
  )
  (core instance $mem_i (instantiate $mem))
  (alias core export $mem_i "memory" (core memory $memory))
  (core func $get_stdout (canon lower (func $stdout "get-stdout")))
  (core func $write (canon lower (func $streams "[method]output-stream.blocking-write-and-flush") (memory $memory)))
  (core func $drop_stream (canon resource.drop $output-stream))
  (core module $main
    (import "host" "memory" (memory 1))
    (import "host" "get-stdout" (func $get (result i32)))
    (import "host" "write" (func $write (param i32 i32 i32 i32)))
    (import "host" "drop" (func $drop (param i32)))
    (func (export "run") (result i32)
      (local $out i32)
      (local.set $out (call $get))
      (call $write (local.get $out) (i32.const 64) (i32.const 33) (i32.const 0))
      (call $drop (local.get $out))
      ;; result<_, _>: 0 is ok when the write returned ok.
      (i32.load8_u (i32.const 0)))
  )
  (core instance $main_i (instantiate $main
    (with "host" (instance
      (export "memory" (memory $memory))
      (export "get-stdout" (func $get_stdout))
      (export "write" (func $write))
      (export "drop" (func $drop_stream))))))
  (alias core export $main_i "run" (core func $run_core))
  (func $run (result (result)) (canon lift (core func $run_core)))
  (instance $run_i (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $run_i))
)
