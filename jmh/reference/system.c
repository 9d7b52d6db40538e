/*
 * The C references for envbench's system kernels: the same unit of work, done the shortest way C can, so
 * that envbench/C says what the JVM adds. One untimed warm-up pass, then the best of the timed passes.
 *
 *   syscall          fstat(2) of an open file                        ns/op
 *   clock            clock_gettime(CLOCK_MONOTONIC) (the vDSO)       ns/op
 *   page-fault       mmap(MAP_PRIVATE) of a sparse file, write one long per page, read every page back,
 *                    munmap                                          ns/op (per page)
 *   thread-wakeup    two threads pass a baton through futex wait and wake   us/op (per round trip)
 *   process-start    posix_spawn of /bin/true and waitpid            us/op
 *   file-write-sync  pwrite(2) of 4 KiB to one of 256 preallocated blocks, then fdatasync(2)   us/op
 *   file-read        pread(2) of 64 KiB, in sequence over a cached file of at most 16 MiB  us/op
 *   tcp-round-trip   64 bytes written to an echo thread over loopback TCP (TCP_NODELAY) and read back  us/op
 *
 * Files go to a folder of their own below the scratch folder and are removed at the end.
 *
 * usage: system <kernel> <operations per pass> <passes> <scratch folder>
 * prints: RESULT c-<kernel> <operations> <best> <unit>
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <spawn.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static char folder[4096];
static char path[4200];

static void die(const char *what) {
    perror(what);
    if (path[0]) {
        unlink(path);
    }
    if (folder[0]) {
        rmdir(folder);
    }
    exit(1);
}

static double now_nanos(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec * 1e9 + (double) ts.tv_nsec;
}

static int make_file(const char *name) {
    snprintf(path, sizeof path, "%s/%s", folder, name);
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
    if (fd < 0) {
        die("open");
    }
    return fd;
}

/* --- syscall --- */
static int fstat_fd;
static off_t fstat_length;

static void syscall_prepare(long n) {
    (void) n;
    fstat_fd = make_file("fstat");
    char bytes[4000] = {0};
    fstat_length = 1000 + (off_t) (getpid() % 3000);
    if (write(fstat_fd, bytes, (size_t) fstat_length) != fstat_length) {
        die("write");
    }
}

static void syscall_pass(long n) {
    struct stat st;
    long long sum = 0;
    for (long i = 0; i < n; i++) {
        if (fstat(fstat_fd, &st) != 0) {
            die("fstat");
        }
        sum += st.st_size;
    }
    if (sum != (long long) n * fstat_length) {
        fprintf(stderr, "syscall: wrong sizes\n");
        exit(1);
    }
}

/* --- clock --- */
static void clock_pass(long n) {
    struct timespec ts;
    long long previous = 0, backwards = 0;
    for (long i = 0; i < n; i++) {
        clock_gettime(CLOCK_MONOTONIC, &ts);
        long long t = (long long) ts.tv_sec * 1000000000LL + ts.tv_nsec;
        if (t < previous) {
            backwards++;
        }
        previous = t;
    }
    if (backwards) {
        fprintf(stderr, "clock: went backwards\n");
        exit(1);
    }
}

/* --- page-fault --- */
static int pages_fd;
static long page_bytes;

static void page_fault_prepare(long n) {
    page_bytes = sysconf(_SC_PAGESIZE);
    pages_fd = make_file("pages");
    if (ftruncate(pages_fd, n * page_bytes) != 0) {
        die("ftruncate");
    }
}

static void page_fault_pass(long n) {
    char *map = mmap(NULL, (size_t) (n * page_bytes), PROT_READ | PROT_WRITE, MAP_PRIVATE, pages_fd, 0);
    if (map == MAP_FAILED) {
        die("mmap");
    }
    for (long p = 0; p < n; p++) {
        *(volatile uint64_t *) (map + p * page_bytes) = (uint64_t) (p + 1) * 0x9E3779B97F4A7C15ULL | 1;
    }
    for (long p = 0; p < n; p++) {
        if (*(volatile uint64_t *) (map + p * page_bytes) != ((uint64_t) (p + 1) * 0x9E3779B97F4A7C15ULL | 1)) {
            fprintf(stderr, "page-fault: page %ld lost its value\n", p);
            exit(1);
        }
    }
    if (munmap(map, (size_t) (n * page_bytes)) != 0) {
        die("munmap");
    }
}

/* --- thread-wakeup --- */
static _Atomic uint32_t baton;
static _Atomic int stop_partner;

static void futex_wait(_Atomic uint32_t *word, uint32_t value) {
    syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, value, NULL, NULL, 0);
}

static void futex_wake(_Atomic uint32_t *word) {
    syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

/* Odd batons are the partner's: it makes them even and wakes the caller. */
static void *partner(void *unused) {
    (void) unused;
    uint32_t expected = 1;
    for (;;) {
        uint32_t seen;
        while ((seen = atomic_load(&baton)) != expected) {
            if (atomic_load(&stop_partner)) {
                return NULL;
            }
            futex_wait(&baton, seen);
        }
        atomic_store(&baton, expected + 1);
        futex_wake(&baton);
        expected += 2;
    }
}

static pthread_t partner_thread;

static void thread_wakeup_prepare(long n) {
    (void) n;
    if (pthread_create(&partner_thread, NULL, partner, NULL) != 0) {
        die("pthread_create");
    }
}

static void thread_wakeup_pass(long n) {
    uint32_t next = atomic_load(&baton);
    for (long i = 0; i < n; i++) {
        atomic_store(&baton, next + 1);
        futex_wake(&baton);
        next += 2;
        uint32_t seen;
        while ((seen = atomic_load(&baton)) != next) {
            futex_wait(&baton, seen);
        }
    }
}

/* --- process-start --- */
static void process_start_pass(long n) {
    char *argv[] = {"/bin/true", NULL};
    for (long i = 0; i < n; i++) {
        pid_t pid;
        int status;
        if (posix_spawn(&pid, "/bin/true", NULL, NULL, argv, environ) != 0) {
            die("posix_spawn");
        }
        if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            fprintf(stderr, "process-start: /bin/true did not exit 0\n");
            exit(1);
        }
    }
}

/* --- file-write-sync --- */
#define SLOTS 256
static int sync_fd;
static long sequence;

static void file_write_sync_prepare(long n) {
    (void) n;
    sync_fd = make_file("sync");
    static char zeros[SLOTS * 4096];
    if (pwrite(sync_fd, zeros, sizeof zeros, 0) != (ssize_t) sizeof zeros || fsync(sync_fd) != 0) {
        die("preallocate");
    }
}

static void file_write_sync_pass(long n) {
    static char block[4096];
    memset(block, 0x5a, sizeof block);
    for (long i = 0; i < n; i++, sequence++) {
        memcpy(block, &sequence, sizeof sequence);
        if (pwrite(sync_fd, block, sizeof block, (off_t) (sequence % SLOTS) * 4096) != (ssize_t) sizeof block) {
            die("pwrite");
        }
        if (fdatasync(sync_fd) != 0) {
            die("fdatasync");
        }
    }
}

/* --- file-read --- */
#define READ_BYTES (64 * 1024)
static int read_fd;
static long read_blocks;
static char *read_buffer;

static void file_read_prepare(long n) {
    read_blocks = n < 256 ? n : 256;
    read_fd = make_file("data");
    read_buffer = aligned_alloc(4096, READ_BYTES);
    for (long b = 0; b < read_blocks; b++) {
        for (int i = 0; i < READ_BYTES / 8; i++) {
            ((uint64_t *) read_buffer)[i] = (uint64_t) b << 16 | (uint64_t) i;
        }
        if (pwrite(read_fd, read_buffer, READ_BYTES, (off_t) b * READ_BYTES) != READ_BYTES) {
            die("pwrite");
        }
    }
    if (fsync(read_fd) != 0) {
        die("fsync");
    }
}

static void file_read_pass(long n) {
    uint64_t h = 0;
    long b = 0;
    for (long i = 0; i < n; i++) {
        if (pread(read_fd, read_buffer, READ_BYTES, (off_t) b * READ_BYTES) != READ_BYTES) {
            die("pread");
        }
        uint64_t *longs = (uint64_t *) read_buffer;
        if (longs[0] != ((uint64_t) b << 16) || longs[READ_BYTES / 8 - 1] != ((uint64_t) b << 16 | (READ_BYTES / 8 - 1))) {
            fprintf(stderr, "file-read: block %ld read back wrong\n", b);
            exit(1);
        }
        h ^= longs[READ_BYTES / 16];
        if (++b == read_blocks) {
            b = 0;
        }
    }
    if (h == 1) {
        puts("");
    }
}

/* --- tcp-round-trip --- */
#define MESSAGE_BYTES 64
static int client_fd, server_fd;

static int full(ssize_t (*io)(int, void *, size_t), int fd, char *buffer) {
    size_t done = 0;
    while (done < MESSAGE_BYTES) {
        ssize_t n = io(fd, buffer + done, MESSAGE_BYTES - done);
        if (n <= 0) {
            return -1;
        }
        done += (size_t) n;
    }
    return 0;
}

static ssize_t write_some(int fd, void *buffer, size_t length) {
    return write(fd, buffer, length);
}

static void *echo(void *unused) {
    (void) unused;
    char buffer[MESSAGE_BYTES];
    while (full(read, server_fd, buffer) == 0 && full(write_some, server_fd, buffer) == 0) {
    }
    return NULL;
}

static void tcp_round_trip_prepare(long n) {
    (void) n;
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK), .sin_port = 0};
    socklen_t length = sizeof address;
    if (listener < 0 || bind(listener, (struct sockaddr *) &address, sizeof address) != 0 || listen(listener, 1) != 0
            || getsockname(listener, (struct sockaddr *) &address, &length) != 0) {
        die("listen on loopback");
    }
    client_fd = socket(AF_INET, SOCK_STREAM, 0);
    if (client_fd < 0 || connect(client_fd, (struct sockaddr *) &address, sizeof address) != 0) {
        die("connect");
    }
    server_fd = accept(listener, NULL, NULL);
    if (server_fd < 0) {
        die("accept");
    }
    close(listener);
    int one = 1;
    setsockopt(client_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    setsockopt(server_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    pthread_t thread;
    if (pthread_create(&thread, NULL, echo, NULL) != 0) {
        die("pthread_create");
    }
    pthread_detach(thread);
}

static void tcp_round_trip_pass(long n) {
    char out[MESSAGE_BYTES], in[MESSAGE_BYTES];
    memset(out, 0x3c, sizeof out);
    for (long i = 0; i < n; i++) {
        memcpy(out, &i, sizeof i);
        if (full(write_some, client_fd, out) != 0 || full(read, client_fd, in) != 0) {
            die("round trip");
        }
        if (memcmp(in, out, MESSAGE_BYTES) != 0) {
            fprintf(stderr, "tcp-round-trip: the echo differs\n");
            exit(1);
        }
    }
}

struct reference {
    const char *name;
    void (*prepare)(long);
    void (*pass)(long);
    double nanos_per_unit;
    const char *unit;
};

static const struct reference references[] = {
    {"syscall", syscall_prepare, syscall_pass, 1, "ns/op"},
    {"clock", NULL, clock_pass, 1, "ns/op"},
    {"page-fault", page_fault_prepare, page_fault_pass, 1, "ns/op"},
    {"thread-wakeup", thread_wakeup_prepare, thread_wakeup_pass, 1000, "us/op"},
    {"process-start", NULL, process_start_pass, 1000, "us/op"},
    {"file-write-sync", file_write_sync_prepare, file_write_sync_pass, 1000, "us/op"},
    {"file-read", file_read_prepare, file_read_pass, 1000, "us/op"},
    {"tcp-round-trip", tcp_round_trip_prepare, tcp_round_trip_pass, 1000, "us/op"},
};

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: system <kernel> <operations per pass> <passes> <scratch folder>\n");
        return 2;
    }
    long n = atol(argv[2]);
    int passes = atoi(argv[3]);
    const struct reference *reference = NULL;
    for (size_t i = 0; i < sizeof references / sizeof references[0]; i++) {
        if (strcmp(argv[1], references[i].name) == 0) {
            reference = &references[i];
        }
    }
    if (reference == NULL || n < 1 || passes < 1) {
        fprintf(stderr, "system: unknown kernel '%s', or operations or passes below 1\n", argv[1]);
        return 2;
    }
    snprintf(folder, sizeof folder, "%s/envbench-c-%s-XXXXXX", argv[4], reference->name);
    if (mkdtemp(folder) == NULL) {
        folder[0] = 0;
        die("mkdtemp in the scratch folder");
    }
    if (reference->prepare) {
        reference->prepare(n);
    }
    reference->pass(n);
    double best = 0;
    for (int pass = 0; pass < passes; pass++) {
        double start = now_nanos();
        reference->pass(n);
        double per_unit = (now_nanos() - start) / (double) n / reference->nanos_per_unit;
        if (pass == 0 || per_unit < best) {
            best = per_unit;
        }
    }
    if (reference == &references[3]) {
        atomic_store(&stop_partner, 1);
        atomic_fetch_add(&baton, 2);
        futex_wake(&baton);
        pthread_join(partner_thread, NULL);
    }
    if (path[0]) {
        unlink(path);
    }
    rmdir(folder);
    printf("RESULT c-%s %ld %.6f %s\n", reference->name, n, best, reference->unit);
    return 0;
}
