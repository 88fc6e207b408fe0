// Benchmark guest: writes argv[2] MiB to argv[1] through write() (one fd_write per 64 KiB),
// then reads it back through read() (one fd_read per 64 KiB) and prints a checksum.
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define CHUNK 65536

static unsigned char buf[CHUNK];

int main(int argc, char **argv) {
  if (argc < 3) return 2;
  long mib = atol(argv[2]);
  long chunks = mib * 16;
  int fd = open(argv[1], O_RDWR | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) { perror("open"); return 1; }
  for (int i = 0; i < CHUNK; i++) buf[i] = (unsigned char)(i * 7);
  for (long c = 0; c < chunks; c++) {
    buf[0] = (unsigned char)c;
    if (write(fd, buf, CHUNK) != CHUNK) { perror("write"); return 1; }
  }
  if (lseek(fd, 0, SEEK_SET) != 0) { perror("lseek"); return 1; }
  unsigned long long sum = 0;
  long long total = 0;
  for (;;) {
    ssize_t n = read(fd, buf, CHUNK);
    if (n < 0) { perror("read"); return 1; }
    if (n == 0) break;
    total += n;
    sum += buf[0] + buf[n - 1];
  }
  close(fd);
  printf("%lld %llu\n", total, sum);
  return 0;
}
