/*
 * STREAM Triad, a = b + s * c, single thread: the C reference for envbench's stream-triad kernel.
 * Same values as the Java kernel (b = 2 + k, c = 1 + k, k = i & 1023, s = 3), one untimed warm-up pass,
 * then the best of the timed passes as STREAM reports it, bytes counted as STREAM counts them (24 per
 * element, no write-allocate). Every element is checked after the last pass.
 *
 * With "thp" as third argument the arrays ask for transparent huge pages (madvise), as the JVM does with
 * -XX:+UseTransparentHugePages; without it both sides use the kernel's default pages.
 *
 * usage: triad <elements per array> <passes> [thp]
 * prints: RESULT c-triad <elements> <best GB/s> GB/s
 */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

/* Global, so that the compiler must assume the clock calls between passes can read them. */
double *a, *b, *c;

__attribute__((noinline)) static void triad(double *restrict x, const double *restrict y,
                                            const double *restrict z, double s, long n) {
    for (long i = 0; i < n; i++) {
        x[i] = y[i] + s * z[i];
    }
}

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec + (double) ts.tv_nsec * 1e-9;
}

static double *array(long n, int huge_pages) {
    void *p = NULL;
    size_t length = (size_t) n * sizeof(double);
    if (posix_memalign(&p, 2 * 1024 * 1024, length) != 0) {
        fprintf(stderr, "triad: cannot allocate %ld doubles\n", n);
        exit(1);
    }
    if (huge_pages && madvise(p, length, MADV_HUGEPAGE) != 0) {
        perror("triad: madvise(MADV_HUGEPAGE)");
        exit(1);
    }
    return p;
}

int main(int argc, char **argv) {
    if (argc < 3 || argc > 4 || (argc == 4 && strcmp(argv[3], "thp") != 0)) {
        fprintf(stderr, "usage: triad <elements per array> <passes> [thp]\n");
        return 2;
    }
    long n = atol(argv[1]);
    int passes = atoi(argv[2]);
    if (n < 1 || passes < 1) {
        fprintf(stderr, "triad: elements and passes must be positive\n");
        return 2;
    }
    const double s = 3.0;
    int huge_pages = argc == 4;
    a = array(n, huge_pages);
    b = array(n, huge_pages);
    c = array(n, huge_pages);
    for (long i = 0; i < n; i++) {
        double k = (double) (i & 1023);
        a[i] = 1.0 + k;
        b[i] = 2.0 + k;
        c[i] = 1.0 + k;
    }
    triad(a, b, c, s, n);
    double best = 1e30;
    for (int pass = 0; pass < passes; pass++) {
        double start = now_seconds();
        triad(a, b, c, s, n);
        double seconds = now_seconds() - start;
        if (seconds < best) {
            best = seconds;
        }
    }
    for (long i = 0; i < n; i++) {
        double want = 5.0 + 4.0 * (double) (i & 1023);
        if (a[i] != want) {
            fprintf(stderr, "triad: a[%ld] is %g but must be %g\n", i, a[i], want);
            return 1;
        }
    }
    printf("RESULT c-triad %ld %.6f GB/s\n", n, 24.0 * (double) n / best * 1e-9);
    return 0;
}
