// Benchmark guest: argv[1] small writes of 8 bytes each to stdout, one fd_write per call.
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 1000000;
  for (long i = 0; i < n; i++) {
    if (write(1, "written\n", 8) != 8) return 1;
  }
  return 0;
}
