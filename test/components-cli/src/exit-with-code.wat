;; A minimal wasi:cli command component that ends through `wasi:cli/exit.exit-with-code`
;; (stable since WASI 0.2.12). The Preview 1 adapter only ever calls `exit(result)`, which can
;; report 0 or 1; this component shows that any code reaches the embedder.
;; Built with `jco parse` (wasm-tools parse); the exit code is the argument count times 21.
(component
  (import "wasi:cli/exit@0.2.12" (instance $exit
    (export "exit-with-code" (func (param "status-code" u8)))
  ))
  (import "wasi:cli/environment@0.2.12" (instance $env
    (type $strings (list string))
    (export "get-arguments" (func (result $strings)))
  ))

  (core module $mem
    (memory (export "memory") 1)
    ;; A bump allocator for the canonical ABI's realloc (the argument list is lowered into it).
    (global $next (mut i32) (i32.const 1024))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $p i32)
      (local.set $p (i32.and (i32.add (global.get $next) (i32.sub (local.get 2) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get 2))))
      (global.set $next (i32.add (local.get $p) (local.get 3)))
      (local.get $p))
  )
  (core instance $mem_i (instantiate $mem))
  (alias core export $mem_i "memory" (core memory $memory))
  (alias core export $mem_i "realloc" (core func $realloc))

  (core func $exit_with_code (canon lower (func $exit "exit-with-code")))
  (core func $get_arguments (canon lower (func $env "get-arguments")
    (memory $memory) (realloc $realloc)))

  (core module $main
    (import "host" "memory" (memory 1))
    (import "host" "exit-with-code" (func $exit (param i32)))
    (import "host" "get-arguments" (func $args (param i32)))
    (func (export "run") (result i32)
      ;; get-arguments writes (pointer, count) of the list at address 16.
      (call $args (i32.const 16))
      (call $exit (i32.mul (i32.load (i32.const 20)) (i32.const 21)))
      (i32.const 0))
  )
  (core instance $main_i (instantiate $main
    (with "host" (instance
      (export "memory" (memory $memory))
      (export "exit-with-code" (func $exit_with_code))
      (export "get-arguments" (func $get_arguments))))))

  (alias core export $main_i "run" (core func $run_core))
  (func $run (result (result)) (canon lift (core func $run_core)))
  (instance $run_i (export "run" (func $run)))
  (export "wasi:cli/run@0.2.12" (instance $run_i))
)
