/*
 * Pointer chase, the C reference for envbench's latency kernel: the very same chain. One node per 64-byte
 * line, the node's first int holds the int index of the next node; the cycle comes from Sattolo's algorithm
 * driven by a copy of java.util.Random seeded with Kernel.SEED, so Java and C walk identical chains.
 * One untimed warm-up pass, then the best of the timed passes, in ns per load.
 *
 * With "thp" as third argument the chain asks for transparent huge pages (madvise), as the JVM does with
 * -XX:+UseTransparentHugePages; without it both sides use the kernel's default pages.
 *
 * usage: chase <working-set bytes> <passes> [thp]
 * prints: RESULT c-chase <bytes> <best ns/load> ns/load
 */
#define _DEFAULT_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#define INTS_PER_NODE 16
#define SEED 0x5EEDE7B30C4LL

static uint64_t random_state;

/* java.util.Random, bit for bit. */
static void java_random_seed(int64_t seed) {
    random_state = ((uint64_t) seed ^ 0x5DEECE66DULL) & ((1ULL << 48) - 1);
}

static int32_t java_random_next(int bits) {
    random_state = (random_state * 0x5DEECE66DULL + 0xBULL) & ((1ULL << 48) - 1);
    return (int32_t) (random_state >> (48 - bits));
}

static int32_t java_random_next_int(int32_t bound) {
    int32_t r = java_random_next(31);
    int32_t m = bound - 1;
    if ((bound & m) == 0) {
        return (int32_t) (((int64_t) bound * (int64_t) r) >> 31);
    }
    for (int32_t u = r; (int32_t) ((uint32_t) u - (uint32_t) (r = u % bound) + (uint32_t) m) < 0;
         u = java_random_next(31)) {
    }
    return r;
}

int32_t *chain;

__attribute__((noinline)) static int32_t chase(const int32_t *links, long nodes) {
    int32_t slot = 0;
    for (long step = 0; step < nodes; step++) {
        slot = links[slot];
    }
    return slot;
}

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec + (double) ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
    if (argc < 3 || argc > 4 || (argc == 4 && strcmp(argv[3], "thp") != 0)) {
        fprintf(stderr, "usage: chase <working-set bytes> <passes> [thp]\n");
        return 2;
    }
    long bytes = atol(argv[1]);
    int passes = atoi(argv[2]);
    long nodes = bytes / (INTS_PER_NODE * (long) sizeof(int32_t));
    if (nodes < 2 || nodes > (1L << 26) || passes < 1) {
        fprintf(stderr, "chase: need 128 B to 4 GiB and at least one pass\n");
        return 2;
    }
    void *p = NULL;
    size_t length = (size_t) nodes * INTS_PER_NODE * sizeof(int32_t);
    if (posix_memalign(&p, 2 * 1024 * 1024, length) != 0) {
        fprintf(stderr, "chase: cannot allocate %ld bytes\n", bytes);
        return 1;
    }
    if (argc == 4 && madvise(p, length, MADV_HUGEPAGE) != 0) {
        perror("chase: madvise(MADV_HUGEPAGE)");
        return 1;
    }
    chain = p;
    for (long i = 0; i < nodes * INTS_PER_NODE; i++) {
        chain[i] = 0;
    }
    for (long node = 0; node < nodes; node++) {
        chain[node * INTS_PER_NODE] = (int32_t) node;
    }
    java_random_seed(SEED);
    for (long i = nodes - 1; i > 0; i--) {
        long j = java_random_next_int((int32_t) i);
        int32_t swap = chain[i * INTS_PER_NODE];
        chain[i * INTS_PER_NODE] = chain[j * INTS_PER_NODE];
        chain[j * INTS_PER_NODE] = swap;
    }
    uint64_t hash = 14695981039346656037ULL;
    for (long node = 0; node < nodes; node++) {
        chain[node * INTS_PER_NODE] *= INTS_PER_NODE;
        hash = (hash ^ (uint32_t) chain[node * INTS_PER_NODE]) * 1099511628211ULL;
    }
    if (chase(chain, nodes) != 0) {
        fprintf(stderr, "chase: the chain is not one cycle through all %ld nodes\n", nodes);
        return 1;
    }
    double best = 1e30;
    for (int pass = 0; pass < passes; pass++) {
        double start = now_seconds();
        int32_t end = chase(chain, nodes);
        double seconds = now_seconds() - start;
        if (end != 0) {
            fprintf(stderr, "chase: pass %d ended at slot %d, not 0\n", pass, end);
            return 1;
        }
        if (seconds < best) {
            best = seconds;
        }
    }
    printf("RESULT c-chase %ld %.6f ns/load chain-fnv=%016llx\n", bytes, best * 1e9 / (double) nodes,
           (unsigned long long) hash);
    return 0;
}
