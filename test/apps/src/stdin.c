// Reads stdin to the end and reports the byte count, an FNV-1a hash and the line count.
#include <stdio.h>
#include <unistd.h>

int main(void) {
  unsigned char buf[4096];
  unsigned long long total = 0;
  unsigned int hash = 2166136261u;
  unsigned long lines = 0;
  for (;;) {
    ssize_t n = read(0, buf, sizeof buf);
    if (n < 0) { perror("read"); return 1; }
    if (n == 0) break;
    for (ssize_t i = 0; i < n; i++) {
      hash = (hash ^ buf[i]) * 16777619u;
      if (buf[i] == '\n') lines++;
    }
    total += (unsigned long long)n;
  }
  printf("bytes=%llu lines=%lu fnv=%08x\n", total, lines, hash);
  return 0;
}
