// Waits on stdin with poll(): first with a short timeout (nothing has been written yet, so it
// times out), then without a timeout until data comes; echoes lines until end of input.
#include <poll.h>
#include <stdio.h>
#include <unistd.h>

int main(void) {
  struct pollfd p = {.fd = 0, .events = POLLIN};
  int r = poll(&p, 1, 100);
  printf("first poll: %s\n", r == 0 ? "timeout" : "ready");
  fflush(stdout);
  char buf[256];
  for (;;) {
    r = poll(&p, 1, -1);
    if (r != 1) { printf("poll failed: %d\n", r); return 1; }
    ssize_t n = read(0, buf, sizeof buf);
    if (n < 0) { perror("read"); return 1; }
    if (n == 0) break;
    printf("got %zd: %.*s", n, (int)n, buf);
    if (buf[n - 1] != '\n') putchar('\n');
    fflush(stdout);
  }
  puts("eof");
  return 0;
}
