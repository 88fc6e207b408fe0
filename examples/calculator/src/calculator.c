/* calculator: reads integer arithmetic expressions from stdin, one per line, and prints each value.
 *
 * Grammar (64-bit signed integers, usual precedence, left-associative):
 *   expr   := term (('+' | '-') term)*
 *   term   := unary (('*' | '/' | '%') unary)*
 *   unary  := ('-' | '+') unary | primary
 *   primary:= NUMBER | '(' expr ')'
 * Blank lines and lines starting with '#' are skipped. A bad line prints "error: line N, column C:
 * <what>" to stderr and the calculator goes on with the next line; the exit code is 1 if any line
 * failed, else 0. Overflow and division by zero are errors, not wrap-around or traps.
 */
#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef struct {
  const char *text;
  size_t pos;
  int line;
  char error[160];
} Parser;

static int failed(Parser *p) { return p->error[0] != 0; }

static void fail(Parser *p, const char *what) {
  if (!failed(p)) snprintf(p->error, sizeof p->error, "line %d, column %zu: %s", p->line, p->pos + 1, what);
}

static void skip_spaces(Parser *p) {
  while (p->text[p->pos] == ' ' || p->text[p->pos] == '\t' || p->text[p->pos] == '\r') p->pos++;
}

static char peek(Parser *p) {
  skip_spaces(p);
  return p->text[p->pos];
}

static int64_t parse_expr(Parser *p, int depth);

static int64_t parse_primary(Parser *p, int depth) {
  char c = peek(p);
  if (c == '(') {
    p->pos++;
    int64_t v = parse_expr(p, depth + 1);
    if (failed(p)) return 0;
    if (peek(p) != ')') {
      fail(p, "expected ')'");
      return 0;
    }
    p->pos++;
    return v;
  }
  if (isdigit((unsigned char)c)) {
    int64_t v = 0;
    while (isdigit((unsigned char)p->text[p->pos])) {
      int d = p->text[p->pos] - '0';
      if (v > (INT64_MAX - d) / 10) {
        fail(p, "number too large for a 64-bit integer");
        return 0;
      }
      v = v * 10 + d;
      p->pos++;
    }
    return v;
  }
  if (c == 0) fail(p, "unexpected end of expression");
  else {
    char what[64];
    snprintf(what, sizeof what, isprint((unsigned char)c) ? "unexpected character '%c'" : "unexpected byte 0x%02x", c);
    fail(p, what);
  }
  return 0;
}

static int64_t parse_unary(Parser *p, int depth) {
  if (depth > 200) {
    fail(p, "expression nested too deeply");
    return 0;
  }
  char c = peek(p);
  if (c == '-' || c == '+') {
    p->pos++;
    int64_t v = parse_unary(p, depth + 1);
    if (c == '-') {
      if (v == INT64_MIN) {
        fail(p, "overflow");
        return 0;
      }
      return -v;
    }
    return v;
  }
  return parse_primary(p, depth);
}

static int64_t parse_term(Parser *p, int depth) {
  int64_t v = parse_unary(p, depth);
  for (;;) {
    char op = peek(p);
    if (failed(p) || (op != '*' && op != '/' && op != '%')) return v;
    size_t at = p->pos++;
    int64_t r = parse_unary(p, depth);
    if (failed(p)) return 0;
    if (op == '*') {
      if (__builtin_mul_overflow(v, r, &v)) {
        p->pos = at;
        fail(p, "overflow");
        return 0;
      }
    } else {
      if (r == 0) {
        p->pos = at;
        fail(p, "division by zero");
        return 0;
      }
      if (v == INT64_MIN && r == -1) {
        p->pos = at;
        fail(p, "overflow");
        return 0;
      }
      v = op == '/' ? v / r : v % r;
    }
  }
}

static int64_t parse_expr(Parser *p, int depth) {
  int64_t v = parse_term(p, depth);
  for (;;) {
    char op = peek(p);
    if (failed(p) || (op != '+' && op != '-')) return v;
    size_t at = p->pos++;
    int64_t r = parse_term(p, depth);
    if (failed(p)) return 0;
    if (op == '+' ? __builtin_add_overflow(v, r, &v) : __builtin_sub_overflow(v, r, &v)) {
      p->pos = at;
      fail(p, "overflow");
      return 0;
    }
  }
}

int main(void) {
  static char line[4096];
  int line_no = 0, errors = 0;
  while (fgets(line, sizeof line, stdin)) {
    line_no++;
    size_t len = strlen(line);
    if (len == sizeof line - 1 && line[len - 1] != '\n') {
      fprintf(stderr, "error: line %d: longer than %zu characters\n", line_no, sizeof line - 2);
      errors++;
      int ch;
      while ((ch = getchar()) != EOF && ch != '\n') {}
      continue;
    }
    if (len && line[len - 1] == '\n') line[--len] = 0;
    Parser p = {line, 0, line_no, {0}};
    char first = peek(&p);
    if (first == 0 || first == '#') continue;
    int64_t v = parse_expr(&p, 0);
    if (!failed(&p) && peek(&p) != 0) {
      char what[64];
      snprintf(what, sizeof what, "unexpected character '%c' after the expression", peek(&p));
      fail(&p, what);
    }
    if (failed(&p)) {
      fprintf(stderr, "error: %s\n", p.error);
      errors++;
    } else {
      printf("%lld\n", (long long)v);
    }
    fflush(stdout);
  }
  return errors ? 1 : 0;
}
