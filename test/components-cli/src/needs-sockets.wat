;; A command component that imports a TCP socket method. Under kpio's deny-all network policy no
;; socket can exist, so the host does not offer socket methods: linking must fail with a LinkError
;; that names the method, before anything runs.
(component
  (import "wasi:sockets/tcp@0.2.0" (instance $tcp
    (export "tcp-socket" (type $sock (sub resource)))
    (export "[method]tcp-socket.is-listening" (func (param "self" (borrow $sock)) (result bool)))
  ))
  (core module $m
    (func (export "run") (result i32) (i32.const 0))
  )
  (core instance $i (instantiate $m))
  (alias core export $i "run" (core func $run_core))
  (func $run (result (result)) (canon lift (core func $run_core)))
  (instance $run_i (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $run_i))
)
