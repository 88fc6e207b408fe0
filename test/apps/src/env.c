// Prints the environment in order, then looks up a few names.
#include <stdio.h>
#include <stdlib.h>

extern char **environ;

int main(void) {
  int n = 0;
  for (char **e = environ; *e; e++, n++) printf("env: %s\n", *e);
  printf("count=%d\n", n);
  const char *greeting = getenv("GREETING");
  printf("GREETING=%s\n", greeting ? greeting : "(unset)");
  printf("PATH=%s\n", getenv("PATH") ? getenv("PATH") : "(unset)");
  return 0;
}
