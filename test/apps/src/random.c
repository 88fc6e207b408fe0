// Prints random bytes from getentropy (random_get) as hex, two draws of 16 bytes.
#include <stdio.h>
#include <unistd.h>

static void draw(void) {
  unsigned char buf[16];
  if (getentropy(buf, sizeof buf) != 0) {
    puts("getentropy failed");
    return;
  }
  for (unsigned i = 0; i < sizeof buf; i++) printf("%02x", buf[i]);
  putchar('\n');
}

int main(void) {
  draw();
  draw();
  return 0;
}
