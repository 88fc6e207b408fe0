// A TCP echo server over the socket the host preopened (Preview 1 cannot create sockets): finds
// the listening socket among its descriptors, accepts one connection, echoes upper-cased data
// until the peer shuts its side down, then shuts down its own side.
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

int main(void) {
  __wasi_fd_t listener = (__wasi_fd_t)-1;
  for (__wasi_fd_t fd = 3; fd < 64; fd++) {
    __wasi_fdstat_t st;
    if (__wasi_fd_fdstat_get(fd, &st) != 0) continue;
    if (st.fs_filetype == __WASI_FILETYPE_SOCKET_STREAM) { listener = fd; break; }
  }
  if (listener == (__wasi_fd_t)-1) { puts("no socket"); return 1; }
  __wasi_fd_t conn;
  __wasi_errno_t e = __wasi_sock_accept(listener, 0, &conn);
  if (e != 0) { printf("accept failed: %d\n", e); return 1; }
  printf("accepted\n");
  unsigned long total = 0;
  for (;;) {
    unsigned char buf[1024];
    __wasi_iovec_t iov = {buf, sizeof buf};
    __wasi_size_t n;
    __wasi_roflags_t ro;
    e = __wasi_sock_recv(conn, &iov, 1, 0, &n, &ro);
    if (e != 0) { printf("recv failed: %d\n", e); return 1; }
    if (n == 0) break;
    for (__wasi_size_t i = 0; i < n; i++) if (buf[i] >= 'a' && buf[i] <= 'z') buf[i] -= 32;
    __wasi_ciovec_t out = {buf, n};
    __wasi_size_t sent;
    e = __wasi_sock_send(conn, &out, 1, 0, &sent);
    if (e != 0 || sent != n) { printf("send failed: %d\n", e); return 1; }
    total += n;
  }
  e = __wasi_sock_shutdown(conn, __WASI_SDFLAGS_WR);
  printf("served %lu bytes, shutdown %d\n", total, e);
  (void)__wasi_fd_close(conn);
  return 0;
}
