/*
 * A test program for kpio's WASI 0.2 host. Built with clang-19 + wasi-libc as a Preview 1 module,
 * then turned into a wasi:cli command component with jco's preview1 command adapter, so every call
 * below reaches the host through wasi:cli, wasi:io, wasi:clocks, wasi:random and wasi:filesystem.
 *
 * Usage: p2app <mode> [args...]; each mode prints lines the tests compare exactly.
 */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static int fail(const char *what) {
  printf("FAIL %s: %s\n", what, strerror(errno));
  return 1;
}

static int cmp_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Prints the sorted entries of a directory (without . and ..). */
static int list_dir(const char *path) {
  DIR *d = opendir(path);
  if (!d) return fail("opendir");
  char *names[64];
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL && n < 64) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    names[n++] = strdup(e->d_name);
  }
  closedir(d);
  qsort(names, n, sizeof names[0], cmp_names);
  printf("ls %s:", path);
  for (int i = 0; i < n; i++) {
    printf(" %s", names[i]);
    free(names[i]);
  }
  printf("\n");
  return 0;
}

static int write_file(const char *path, const char *text, int flags) {
  int fd = open(path, O_WRONLY | O_CREAT | flags, 0644);
  if (fd < 0) return fail("open for writing");
  size_t len = strlen(text);
  if (write(fd, text, len) != (ssize_t)len) return fail("write");
  if (close(fd) != 0) return fail("close");
  return 0;
}

static int print_file(const char *path) {
  char buf[256];
  int fd = open(path, O_RDONLY);
  if (fd < 0) return fail("open for reading");
  ssize_t n = read(fd, buf, sizeof buf - 1);
  if (n < 0) return fail("read");
  buf[n] = 0;
  close(fd);
  printf("cat %s: %s\n", path, buf);
  return 0;
}

/* File I/O below the directory `dir` (a preopen). */
static int files(const char *dir) {
  char a[256], b[256], sub[256], link[256];
  snprintf(a, sizeof a, "%s/a.txt", dir);
  snprintf(b, sizeof b, "%s/b.txt", dir);
  snprintf(sub, sizeof sub, "%s/sub", dir);
  snprintf(link, sizeof link, "%s/sub/link", dir);
  if (write_file(a, "hello", O_TRUNC)) return 1;
  if (write_file(a, " world", O_APPEND)) return 1;
  if (print_file(a)) return 1;
  struct stat st;
  if (stat(a, &st) != 0) return fail("stat");
  printf("size %lld regular %d\n", (long long)st.st_size, S_ISREG(st.st_mode) ? 1 : 0);
  if (mkdir(sub, 0755) != 0) return fail("mkdir");
  if (rename(a, b) != 0) return fail("rename");
  if (symlink("../b.txt", link) != 0) return fail("symlink");
  if (print_file(link)) return 1;
  if (list_dir(dir)) return 1;
  if (list_dir(sub)) return 1;
  /* pread/pwrite at offsets through the same descriptor. */
  int fd = open(b, O_RDWR);
  if (fd < 0) return fail("open rw");
  if (pwrite(fd, "W", 1, 6) != 1) return fail("pwrite");
  char c[6] = {0};
  if (pread(fd, c, 5, 6) != 5) return fail("pread");
  printf("pread: %s\n", c);
  if (ftruncate(fd, 3) != 0) return fail("ftruncate");
  if (fstat(fd, &st) != 0) return fail("fstat");
  printf("truncated size %lld\n", (long long)st.st_size);
  close(fd);
  /* Errors come back as errno. */
  errno = 0;
  printf("open missing: %s\n", open("/missing-dir/x", O_RDONLY) < 0 ? strerror(errno) : "opened?");
  errno = 0;
  printf("rmdir non-empty: %s\n", rmdir(sub) != 0 ? strerror(errno) : "removed?");
  if (unlink(link) != 0) return fail("unlink link");
  if (rmdir(sub) != 0) return fail("rmdir");
  if (unlink(b) != 0) return fail("unlink");
  return list_dir(dir);
}

static long long ns(const struct timespec *t) {
  return (long long)t->tv_sec * 1000000000LL + t->tv_nsec;
}

/* Clocks: realtime seconds, and a 10 ms sleep measured on the monotonic clock. */
static int clocks(void) {
  struct timespec real, m0, m1;
  if (clock_gettime(CLOCK_REALTIME, &real) != 0) return fail("realtime");
  if (clock_gettime(CLOCK_MONOTONIC, &m0) != 0) return fail("monotonic");
  struct timespec d = {0, 10000000};
  if (nanosleep(&d, NULL) != 0) return fail("nanosleep");
  if (clock_gettime(CLOCK_MONOTONIC, &m1) != 0) return fail("monotonic");
  printf("realtime %lld\n", (long long)real.tv_sec);
  printf("slept at least 10ms: %d\n", ns(&m1) - ns(&m0) >= 10000000LL ? 1 : 0);
  printf("slept ns %lld\n", ns(&m1) - ns(&m0));
  return 0;
}

static int random_bytes(void) {
  unsigned char buf[16];
  if (getentropy(buf, sizeof buf) != 0) return fail("getentropy");
  for (size_t i = 0; i < sizeof buf; i++) printf("%02x", buf[i]);
  printf("\n");
  return 0;
}

/* Reads all of stdin; prints its length and the text upper-cased. */
static int stdin_echo(void) {
  char buf[4096];
  size_t total = 0;
  ssize_t n;
  printf("stdin: ");
  while ((n = read(0, buf, sizeof buf)) > 0) {
    for (ssize_t i = 0; i < n; i++) putchar(buf[i] >= 'a' && buf[i] <= 'z' ? buf[i] - 32 : buf[i]);
    total += (size_t)n;
  }
  if (n < 0) return fail("read stdin");
  printf("\nbytes %zu\n", total);
  return 0;
}

/* Waits (poll) up to 30 s for stdin, then reads what arrived. */
static int wait_stdin(void) {
  struct pollfd p = {0, POLLIN, 0};
  int r = poll(&p, 1, 30000);
  if (r < 0) return fail("poll");
  printf("poll: %d readable %d\n", r, (p.revents & POLLIN) ? 1 : 0);
  char buf[64];
  ssize_t n = read(0, buf, sizeof buf - 1);
  if (n < 0) return fail("read");
  buf[n] = 0;
  printf("got: %s\n", buf);
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: p2app <mode> [args...]\n");
    return 2;
  }
  const char *mode = argv[1];
  if (strcmp(mode, "args") == 0) {
    for (int i = 0; i < argc; i++) printf("argv[%d]=%s\n", i, argv[i]);
    return 0;
  }
  if (strcmp(mode, "env") == 0) {
    for (char **e = environ; *e; e++) printf("%s\n", *e);
    const char *home = getenv("HOME");
    printf("HOME=%s\n", home ? home : "(unset)");
    return 0;
  }
  if (strcmp(mode, "files") == 0) return files(argc > 2 ? argv[2] : ".");
  if (strcmp(mode, "clocks") == 0) return clocks();
  if (strcmp(mode, "random") == 0) return random_bytes();
  if (strcmp(mode, "stdin") == 0) return stdin_echo();
  if (strcmp(mode, "wait-stdin") == 0) return wait_stdin();
  if (strcmp(mode, "exit") == 0) {
    printf("exiting with %s\n", argc > 2 ? argv[2] : "0");
    fflush(stdout);
    exit(argc > 2 ? atoi(argv[2]) : 0);
  }
  if (strcmp(mode, "escape") == 0) {
    /* Every attempt to leave the preopen must fail. */
    const char *paths[] = {"/../etc/passwd", "../etc/passwd", "/etc/passwd", "/data/../../etc/passwd"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
      errno = 0;
      int fd = open(paths[i], O_RDONLY);
      printf("%s: %s\n", paths[i], fd < 0 ? strerror(errno) : "OPENED");
    }
    return 0;
  }
  fprintf(stderr, "unknown mode %s\n", mode);
  return 2;
}
