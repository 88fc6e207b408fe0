/* A CoreMark-class mixed workload, written for kpio: linked-list operations, small integer matrix
   kernels, a text-scanning state machine and a CRC-16 over every intermediate result. Each part is
   pointer- and branch-heavy in a different way; the checksum ties them together. */
#include "common.h"

static volatile int32_t iterations = 2000;

/* ---- CRC-16/CCITT over 16-bit values ---- */
static uint16_t crc16_byte(uint8_t b, uint16_t crc) {
  crc ^= (uint16_t)b << 8;
  for (int i = 0; i < 8; i++) crc = (crc & 0x8000) ? (uint16_t)((crc << 1) ^ 0x1021) : (uint16_t)(crc << 1);
  return crc;
}
static uint16_t crc16_u16(uint16_t v, uint16_t crc) { return crc16_byte((uint8_t)(v >> 8), crc16_byte((uint8_t)v, crc)); }
static uint16_t crc16_u32(uint32_t v, uint16_t crc) { return crc16_u16((uint16_t)(v >> 16), crc16_u16((uint16_t)v, crc)); }

/* ---- linked lists in a node pool ---- */
#define NODES 256
typedef struct Node {
  struct Node *next;
  int16_t key;
  int16_t value;
} Node;
static Node pool[NODES];

static Node *list_build(uint32_t seed) {
  Node *head = 0;
  for (int i = 0; i < NODES; i++) {
    seed = seed * 1664525u + 1013904223u;
    pool[i].key = (int16_t)(seed >> 17);
    pool[i].value = (int16_t)i;
    pool[i].next = head;
    head = &pool[i];
  }
  return head;
}

static Node *list_reverse(Node *l) {
  Node *prev = 0;
  while (l) {
    Node *n = l->next;
    l->next = prev;
    prev = l;
    l = n;
  }
  return prev;
}

static Node *list_find(Node *l, int16_t key) {
  while (l && l->key != key) l = l->next;
  return l;
}

/* Bottom-up merge sort on keys (stable), no recursion. */
static Node *list_sort(Node *list) {
  int insize = 1;
  for (;;) {
    Node *p = list, *tail = 0;
    list = 0;
    int merges = 0;
    while (p) {
      merges++;
      Node *q = p;
      int psize = 0;
      for (int i = 0; i < insize && q; i++) {
        psize++;
        q = q->next;
      }
      int qsize = insize;
      while (psize > 0 || (qsize > 0 && q)) {
        Node *e;
        if (psize == 0) { e = q; q = q->next; qsize--; }
        else if (qsize == 0 || !q) { e = p; p = p->next; psize--; }
        else if (p->key <= q->key) { e = p; p = p->next; psize--; }
        else { e = q; q = q->next; qsize--; }
        if (tail) tail->next = e; else list = e;
        tail = e;
      }
      p = q;
    }
    tail->next = 0;
    if (merges <= 1) return list;
    insize *= 2;
  }
}

static uint16_t bench_list(uint32_t seed, uint16_t crc) {
  Node *l = list_build(seed);
  l = list_sort(l);
  for (int i = 0; i < 64; i++) {
    Node *f = list_find(l, (int16_t)(pool[(i * 37) % NODES].key));
    crc = crc16_u16(f ? (uint16_t)f->value : 0xffff, crc);
  }
  l = list_reverse(l);
  int32_t acc = 0;
  for (Node *n = l; n; n = n->next) acc = acc * 3 + n->key;
  return crc16_u32((uint32_t)acc, crc);
}

/* ---- integer matrices ---- */
#define M 24
static int16_t ma[M * M], mb[M * M];
static int32_t mc[M * M];

static uint16_t bench_matrix(uint32_t seed, uint16_t crc) {
  for (int i = 0; i < M * M; i++) {
    seed = seed * 22695477u + 1u;
    ma[i] = (int16_t)((seed >> 16) & 0xff) - 128;
    mb[i] = (int16_t)((seed >> 8) & 0x7f);
  }
  for (int i = 0; i < M * M; i++) ma[i] = (int16_t)(ma[i] + 7);
  for (int i = 0; i < M; i++) {
    int32_t s = 0;
    for (int j = 0; j < M; j++) s += ma[i * M + j] * mb[j];
    crc = crc16_u32((uint32_t)s, crc);
  }
  for (int i = 0; i < M; i++)
    for (int j = 0; j < M; j++) {
      int32_t s = 0;
      for (int k = 0; k < M; k++) s += ma[i * M + k] * mb[k * M + j];
      mc[i * M + j] = s;
    }
  int32_t bits = 0;
  for (int i = 0; i < M * M; i++) bits += (mc[i] >> 3) & 0x3f;
  return crc16_u32((uint32_t)bits, crc);
}

/* ---- a state machine that classifies tokens of a text ---- */
static const char text[] =
    "5012 1234 -874 +122 ,7.0e-3 ,-.3e2 ,1.618 ,x3.1 ,0x1f ,-2e+9 ,10e ,8.3e1 ,+.5 ,3.0e ,"
    "314 ,99.9 ,-0.0 ,1e1 ,e5 ,77 ,-5.5e-1 ,6, 4.2.1 ,+12e+3 ,0.001 ,";

enum State { START, INT, FLOAT, EXP_MARK, EXPONENT, SCIENTIFIC, INVALID, NSTATES };

static int classify(char c) {
  if (c >= '0' && c <= '9') return 0;
  if (c == '+' || c == '-') return 1;
  if (c == '.') return 2;
  if (c == 'e' || c == 'E') return 3;
  if (c == ',' || c == ' ') return 4;
  return 5;
}

static uint16_t bench_state(uint16_t crc) {
  uint32_t counts[NSTATES] = {0};
  int state = START;
  for (const char *p = text; *p; p++) {
    int k = classify(*p);
    if (k == 4) {
      counts[state]++;
      state = START;
      continue;
    }
    switch (state) {
      case START: state = k == 0 ? INT : k == 1 ? INT : k == 2 ? FLOAT : INVALID; break;
      case INT: state = k == 0 ? INT : k == 2 ? FLOAT : k == 3 ? EXP_MARK : INVALID; break;
      case FLOAT: state = k == 0 ? FLOAT : k == 3 ? EXP_MARK : INVALID; break;
      case EXP_MARK: state = k == 0 || k == 1 ? EXPONENT : INVALID; break;
      case EXPONENT: state = k == 0 ? SCIENTIFIC : INVALID; break;
      case SCIENTIFIC: state = k == 0 ? SCIENTIFIC : INVALID; break;
      default: break;
    }
  }
  for (int i = 0; i < NSTATES; i++) crc = crc16_u32(counts[i], crc);
  return crc;
}

EXPORT("run") int32_t run(void) {
  uint16_t crc = 0;
  int n = iterations;
  for (int i = 0; i < n; i++) {
    crc = bench_list((uint32_t)i * 7919u + 1u, crc);
    crc = bench_matrix((uint32_t)i * 104729u + 3u, crc);
    crc = bench_state(crc);
  }
  return crc;
}
