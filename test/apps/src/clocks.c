// Checks the clocks: wall time is plausible, monotonic time never goes back, a sleep lasts at
// least as long as asked, resolutions are positive, CPU clocks work.
#include <stdio.h>
#include <time.h>

static long long ns(struct timespec t) { return (long long)t.tv_sec * 1000000000LL + t.tv_nsec; }

int main(void) {
  struct timespec a, b, r;
  if (clock_gettime(CLOCK_REALTIME, &a) == 0 && a.tv_sec > 1600000000) puts("realtime ok");
  else puts("realtime BAD");
  time_t now = time(NULL);
  puts(now >= a.tv_sec && now - a.tv_sec < 5 ? "time() ok" : "time() BAD");
  clock_gettime(CLOCK_MONOTONIC, &a);
  for (int i = 0; i < 1000; i++) {
    clock_gettime(CLOCK_MONOTONIC, &b);
    if (ns(b) < ns(a)) { puts("monotonic BAD"); return 1; }
    a = b;
  }
  puts("monotonic ok");
  struct timespec req = {0, 20 * 1000 * 1000};
  clock_gettime(CLOCK_MONOTONIC, &a);
  nanosleep(&req, NULL);
  clock_gettime(CLOCK_MONOTONIC, &b);
  puts(ns(b) - ns(a) >= 20 * 1000 * 1000 ? "sleep ok" : "sleep BAD");
  puts(clock_getres(CLOCK_MONOTONIC, &r) == 0 && ns(r) > 0 ? "res monotonic ok" : "res monotonic BAD");
  puts(clock_getres(CLOCK_REALTIME, &r) == 0 && ns(r) > 0 ? "res realtime ok" : "res realtime BAD");
  puts(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a) == 0 ? "cputime ok" : "cputime BAD");
  return 0;
}
