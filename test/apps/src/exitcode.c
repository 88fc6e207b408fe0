// Exits with the code given as argv[1]: through exit() from a nested call, or by returning.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void leave(int code) {
  fprintf(stderr, "exiting with %d\n", code);
  exit(code);
}

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  int code = atoi(argv[1]);
  if (argc > 2 && strcmp(argv[2], "return") == 0) return code;
  leave(code);
  return 99;
}
