// File I/O in a preopened directory (mounted at /data): create, append, read back, seek,
// pread/pwrite, truncate, stat, rename into a subdirectory, list it, link, and clean up,
// printing what it sees. Leaves `keep.txt` behind for the host to check.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void check(int ok, const char *what) {
  if (!ok) {
    printf("FAILED: %s (errno %d: %s)\n", what, errno, strerror(errno));
    exit(1);
  }
}

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(void) {
  FILE *f = fopen("/data/hello.txt", "w");
  check(f != NULL, "create hello.txt");
  fputs("hello, file\n", f);
  fprintf(f, "%d\n", 42);
  fclose(f);
  f = fopen("/data/hello.txt", "a");
  check(f != NULL, "open for append");
  fputs("appended\n", f);
  fclose(f);

  char buf[256];
  f = fopen("/data/hello.txt", "r");
  check(f != NULL, "open for read");
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  buf[n] = 0;
  fclose(f);
  printf("content:\n%s", buf);

  struct stat st;
  check(stat("/data/hello.txt", &st) == 0, "stat");
  printf("size=%lld regular=%d\n", (long long)st.st_size, S_ISREG(st.st_mode));

  int fd = open("/data/hello.txt", O_RDWR);
  check(fd >= 0, "open O_RDWR");
  check(pwrite(fd, "HELLO", 5, 0) == 5, "pwrite");
  check(lseek(fd, 7, SEEK_SET) == 7, "lseek");
  char two[3] = {0};
  check(read(fd, two, 2) == 2, "read after seek");
  printf("at 7: %s\n", two);
  check(pread(fd, buf, 5, 0) == 5, "pread");
  buf[5] = 0;
  printf("pread: %s\n", buf);
  check(lseek(fd, 0, SEEK_CUR) == 9, "position kept by pread");
  check(ftruncate(fd, 12) == 0, "ftruncate");
  check(fstat(fd, &st) == 0 && st.st_size == 12, "size after truncate");
  close(fd);

  check(mkdir("/data/sub", 0755) == 0, "mkdir");
  check(mkdir("/data/sub", 0755) != 0 && errno == EEXIST, "mkdir twice is EEXIST");
  check(rename("/data/hello.txt", "/data/sub/moved.txt") == 0, "rename");
  check(access("/data/hello.txt", F_OK) != 0 && errno == ENOENT, "old name gone");
  f = fopen("/data/sub/b.txt", "w");
  fputs("b", f);
  fclose(f);
  check(link("/data/sub/b.txt", "/data/sub/c.txt") == 0, "link");
  check(stat("/data/sub/c.txt", &st) == 0 && st.st_nlink == 2, "nlink 2");

  DIR *d = opendir("/data/sub");
  check(d != NULL, "opendir");
  char *names[16];
  int count = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL && count < 16) {
    if (e->d_name[0] == '.') continue;
    names[count++] = strdup(e->d_name);
  }
  closedir(d);
  qsort(names, count, sizeof names[0], cmp);
  printf("sub:");
  for (int i = 0; i < count; i++) printf(" %s", names[i]);
  printf("\n");

  f = fopen("/data/sub/moved.txt", "r");
  n = fread(buf, 1, sizeof buf - 1, f);
  buf[n] = 0;
  fclose(f);
  printf("moved: %s\n", buf);

  check(unlink("/data/sub/moved.txt") == 0, "unlink");
  check(unlink("/data/sub/moved.txt") != 0 && errno == ENOENT, "unlink twice is ENOENT");
  check(unlink("/data/sub/b.txt") == 0 && unlink("/data/sub/c.txt") == 0, "unlink links");
  check(rmdir("/data/sub") == 0, "rmdir");
  check(open("/data/../etc/passwd", O_RDONLY) < 0, "escape refused");

  f = fopen("/data/keep.txt", "w");
  fputs("kept by the guest\n", f);
  fclose(f);
  puts("done");
  return 0;
}
