;; A command component whose `run` traps (unreachable) after writing to stdout through
;; wasi:cli/stdout and wasi:io/streams: the output written before the trap must arrive.
(component
  (import "wasi:io/streams@0.2.0" (instance $streams
    (export "output-stream" (type $out (sub resource)))
    (export "error" (type $error (sub resource)))
    (type $stream-error (variant (case "last-operation-failed" (own $error)) (case "closed")))
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
    (data (i32.const 64) "before the trap\n")
  )
  (core instance $mem_i (instantiate $mem))
  (alias core export $mem_i "memory" (core memory $memory))
  (core func $get_stdout (canon lower (func $stdout "get-stdout")))
  (core func $write (canon lower (func $streams "[method]output-stream.blocking-write-and-flush") (memory $memory)))
  (core module $main
    (import "host" "memory" (memory 1))
    (import "host" "get-stdout" (func $get (result i32)))
    (import "host" "write" (func $write (param i32 i32 i32 i32)))
    (func (export "run") (result i32)
      (call $write (call $get) (i32.const 64) (i32.const 16) (i32.const 0))
      unreachable)
  )
  (core instance $main_i (instantiate $main
    (with "host" (instance
      (export "memory" (memory $memory))
      (export "get-stdout" (func $get_stdout))
      (export "write" (func $write))))))
  (alias core export $main_i "run" (core func $run_core))
  (func $run (result (result)) (canon lift (core func $run_core)))
  (instance $run_i (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $run_i))
)
