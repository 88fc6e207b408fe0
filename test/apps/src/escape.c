// Sandbox-escape suite: tries many distinct ways to reach outside the preopened directory
// (mounted at /sandbox) and prints one line per attempt: "<name>: refused (<errno>)" or
// "<name>: ESCAPED". Raw Preview 1 imports are used so that every path reaches the host
// unmodified (wasi-libc would refuse some absolute paths itself).
//
// The host prepares, inside the sandbox: file.txt, sub/inner.txt, and symlinks
// to-root -> /, out-link -> ../outside, chain1 -> chain2 -> out-link, abs-secret -> <outside>/secret.txt.
// Outside the sandbox: ../outside/secret.txt.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define IMPORT(name) __attribute__((import_module("wasi_snapshot_preview1"), import_name(#name)))
IMPORT(path_open) int32_t raw_path_open(int32_t, int32_t, const char *, int32_t, int32_t, int64_t, int64_t, int32_t, int32_t *);
IMPORT(path_filestat_get) int32_t raw_path_filestat_get(int32_t, int32_t, const char *, int32_t, void *);
IMPORT(path_filestat_set_times) int32_t raw_path_filestat_set_times(int32_t, int32_t, const char *, int32_t, int64_t, int64_t, int32_t);
IMPORT(path_symlink) int32_t raw_path_symlink(const char *, int32_t, int32_t, const char *, int32_t);
IMPORT(path_rename) int32_t raw_path_rename(int32_t, const char *, int32_t, int32_t, const char *, int32_t);
IMPORT(path_link) int32_t raw_path_link(int32_t, int32_t, const char *, int32_t, int32_t, const char *, int32_t);
IMPORT(path_create_directory) int32_t raw_path_create_directory(int32_t, const char *, int32_t);
IMPORT(path_remove_directory) int32_t raw_path_remove_directory(int32_t, const char *, int32_t);
IMPORT(path_unlink_file) int32_t raw_path_unlink_file(int32_t, const char *, int32_t);
IMPORT(path_readlink) int32_t raw_path_readlink(int32_t, const char *, int32_t, char *, int32_t, int32_t *);
IMPORT(fd_read) int32_t raw_fd_read(int32_t, const void *, int32_t, int32_t *);
IMPORT(fd_close) int32_t raw_fd_close(int32_t);
IMPORT(fd_prestat_get) int32_t raw_fd_prestat_get(int32_t, void *);

static int dirfd_ = -1;
static int attempts = 0, escaped = 0;

static const char *errname(int e) {
  switch (e) {
    case 2: return "EACCES";
    case 8: return "EBADF";
    case 20: return "EEXIST";
    case 25: return "EILSEQ";
    case 28: return "EINVAL";
    case 31: return "EISDIR";
    case 32: return "ELOOP";
    case 44: return "ENOENT";
    case 54: return "ENOTDIR";
    case 55: return "ENOTEMPTY";
    case 63: return "EPERM";
    case 69: return "EROFS";
    case 75: return "EXDEV";
    case 76: return "ENOTCAPABLE";
    default: return "other";
  }
}

static void report(const char *name, int e) {
  attempts++;
  if (e == 0) {
    escaped++;
    printf("%s: ESCAPED\n", name);
  } else {
    printf("%s: refused (%s %d)\n", name, errname(e), e);
  }
}

static int sl(const char *s) { return (int)strlen(s); }

/** Opens a path under the sandbox; on success reads and prints what it got (an escape). */
static int try_open(const char *path, int len, int follow, int oflags, int64_t rights) {
  int32_t fd;
  int e = raw_path_open(dirfd_, follow, path, len, oflags, rights, 0, 0, &fd);
  if (e == 0) {
    char buf[64] = {0};
    struct { void *p; int32_t n; } iov = {buf, 63};
    int32_t n = 0;
    raw_fd_read(fd, &iov, 1, &n);
    printf("  (opened, read %d bytes: %.20s)\n", n, buf);
    raw_fd_close(fd);
  }
  return e;
}

#define OPEN(name, path, follow) report(name, try_open(path, sl(path), follow, 0, 2 | 4))
#define R_ALL ((int64_t)0x1fffffff)

/** Counts libc-level failures as refusals (errno is the libc errno). */
static void report_libc(const char *name, int ok) {
  attempts++;
  if (ok) {
    escaped++;
    printf("%s: ESCAPED\n", name);
  } else {
    printf("%s: refused (libc errno %d)\n", name, errno);
  }
}

int main(void) {
  for (int fd = 3; fd < 32; fd++) {
    struct { uint8_t tag; uint32_t len; } ps;
    if (raw_fd_prestat_get(fd, &ps) != 0) break;
    dirfd_ = fd;
    break;
  }
  if (dirfd_ < 0) { puts("no preopen"); return 2; }
  char stat[64];

  // Control: legitimate access inside works, so refusals below are not blanket refusals.
  int ok = try_open("file.txt", 8, 0, 0, 2) == 0 && try_open("sub/../file.txt", 15, 0, 0, 2) == 0;
  printf("control: %s\n", ok ? "ok" : "BROKEN");

  // Setup inside the sandbox (allowed: creating relative symlinks is not an escape by itself).
  raw_path_symlink("..", 2, dirfd_, "g-up", 4);
  raw_path_symlink("sub/../../outside", 17, dirfd_, "g-deep", 6);
  raw_path_symlink("../outside/secret.txt", 21, dirfd_, "g-file", 6);
  raw_path_symlink("g-up", 4, dirfd_, "g-chain", 7);

  OPEN("dotdot", "../outside/secret.txt", 0);
  OPEN("absolute /etc/passwd", "/etc/passwd", 0);
  OPEN("absolute to the real outside path", "/outside/secret.txt", 1);
  OPEN("dotdot after subdirectory", "sub/../../outside/secret.txt", 0);
  OPEN("dot then dotdot", "./../outside/secret.txt", 0);
  OPEN("zigzag dotdot", "sub/../sub/../../outside/secret.txt", 0);
  OPEN("double slashes", "sub//..//..//outside/secret.txt", 0);
  OPEN("trailing dotdot as directory", "sub/../..", 0);
  report("open .. as directory", try_open("..", 2, 0, 2 /*DIRECTORY*/, 0x4000));
  report("stat ..", raw_path_filestat_get(dirfd_, 0, "..", 2, stat));
  report("stat outside file", raw_path_filestat_get(dirfd_, 1, "../outside/secret.txt", 21, stat));
  OPEN("host symlink to /", "to-root/etc/passwd", 1);
  OPEN("host symlink to / (final, follow)", "to-root", 1);
  OPEN("host symlink with ..", "out-link/secret.txt", 1);
  OPEN("host symlink chain", "chain1/secret.txt", 1);
  OPEN("host absolute symlink to the secret", "abs-secret", 1);
  OPEN("guest symlink to ..", "g-up/outside/secret.txt", 1);
  OPEN("guest symlink through subdirectory", "g-deep/secret.txt", 1);
  OPEN("guest symlink to the secret (follow)", "g-file", 1);
  OPEN("guest symlink chain to ..", "g-chain/outside/secret.txt", 1);
  report("stat through guest symlink", raw_path_filestat_get(dirfd_, 1, "g-file", 6, stat));
  report("guest absolute symlink", raw_path_symlink("/etc/passwd", 11, dirfd_, "g-abs", 5));
  report("create through symlink", try_open("out-link/new.txt", 16, 1, 1 /*CREAT*/, R_ALL));
  report("truncate through guest symlink", try_open("g-file", 6, 1, 8 /*TRUNC*/, R_ALL));
  report("rename out with ..", raw_path_rename(dirfd_, "file.txt", 8, dirfd_, "../outside/stolen.txt", 21));
  report("rename out through symlink", raw_path_rename(dirfd_, "file.txt", 8, dirfd_, "out-link/stolen.txt", 19));
  report("rename outside file in", raw_path_rename(dirfd_, "../outside/secret.txt", 21, dirfd_, "mine.txt", 8));
  report("rename directory out", raw_path_rename(dirfd_, "sub", 3, dirfd_, "../sub-out", 10));
  report("hard link out", raw_path_link(dirfd_, 0, "file.txt", 8, dirfd_, "../outside/linked.txt", 21));
  report("hard link outside file in", raw_path_link(dirfd_, 0, "../outside/secret.txt", 21, dirfd_, "mine-link", 9));
  report("hard link through symlink", raw_path_link(dirfd_, 0, "out-link/secret.txt", 19, dirfd_, "mine-link2", 10));
  report("hard link following guest symlink", raw_path_link(dirfd_, 1, "g-file", 6, dirfd_, "mine-link3", 10));
  report("mkdir outside", raw_path_create_directory(dirfd_, "../outside/newdir", 17));
  report("mkdir through symlink", raw_path_create_directory(dirfd_, "out-link/newdir", 15));
  report("unlink outside file", raw_path_unlink_file(dirfd_, "../outside/secret.txt", 21));
  report("unlink through symlink", raw_path_unlink_file(dirfd_, "chain1/secret.txt", 17));
  report("rmdir outside", raw_path_remove_directory(dirfd_, "../outside", 10));
  char lbuf[64];
  int32_t used;
  report("readlink outside", raw_path_readlink(dirfd_, "../outside/x", 12, lbuf, 64, &used));
  report("set times through symlink", raw_path_filestat_set_times(dirfd_, 1, "out-link/secret.txt", 19, 0, 0, 1 | 4));
  report("NUL in path", try_open("file.txt\0../../outside/secret.txt", 33, 0, 0, 2));
  report("path_open on stdin as directory", (int)raw_path_open(0, 0, "../outside/secret.txt", 21, 0, 2, 0, 0, &used));

  // Through wasi-libc's own path handling.
  report_libc("libc fopen /sandbox/../outside", fopen("/sandbox/../outside/secret.txt", "r") != NULL);
  report_libc("libc fopen /etc/passwd", fopen("/etc/passwd", "r") != NULL);
  report_libc("libc opendir /", opendir("/") != NULL);
  int cd = chdir("/sandbox/sub");
  report_libc("libc relative after chdir", cd == 0 && fopen("../../outside/secret.txt", "r") != NULL);
  report_libc("libc creat outside", open("/sandbox/../outside/created.txt", O_CREAT | O_WRONLY, 0644) >= 0);

  printf("attempts=%d escaped=%d\n", attempts, escaped);
  return escaped == 0 && ok ? 0 : 1;
}
