#ifndef AGORA_CSYSTEM_H
#define AGORA_CSYSTEM_H
// What Glibc does not export to Swift: epoll, accept4 and eventfd need _GNU_SOURCE or are
// macros/packed structs that Swift cannot import cleanly. Each shim is a thin static inline
// wrapper; errno is left as the call set it, so the Swift side reads it at the failure site.
// No _GNU_SOURCE here: it would change struct layouts (fd_set) against the Glibc module Swift already has.
#include <stdint.h>

#ifdef __linux__
#include <malloc.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <spawn.h>
#include <errno.h>
#include <linux/filter.h>

static const uint32_t csystem_EPOLLIN = EPOLLIN;
static const uint32_t csystem_EPOLLOUT = EPOLLOUT;
static const uint32_t csystem_EPOLLERR = EPOLLERR;
static const uint32_t csystem_EPOLLHUP = EPOLLHUP;
static const uint32_t csystem_EPOLLRDHUP = EPOLLRDHUP;
static const uint32_t csystem_EPOLLET = EPOLLET;
static const uint32_t csystem_EPOLLEXCLUSIVE = EPOLLEXCLUSIVE;

static inline int csystem_epoll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }

static inline int csystem_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data) {
    struct epoll_event ev;
    ev.events = events;
    ev.data.u64 = data;
    return epoll_ctl(epfd, op, fd, &ev);
}
static inline int csystem_epoll_add(int epfd, int fd, uint32_t events, uint64_t data) {
    return csystem_epoll_ctl(epfd, EPOLL_CTL_ADD, fd, events, data);
}
static inline int csystem_epoll_mod(int epfd, int fd, uint32_t events, uint64_t data) {
    return csystem_epoll_ctl(epfd, EPOLL_CTL_MOD, fd, events, data);
}
static inline int csystem_epoll_del(int epfd, int fd) {
    struct epoll_event ev = {0};
    return epoll_ctl(epfd, EPOLL_CTL_DEL, fd, &ev);
}

// struct epoll_event is packed on x86_64; unpack it into two plain arrays for Swift.
static inline int csystem_epoll_wait(int epfd, uint64_t *datas, uint32_t *events, int max, int timeout_ms) {
    struct epoll_event evs[256];
    if (max > 256) max = 256;
    int n = epoll_wait(epfd, evs, max, timeout_ms);
    for (int i = 0; i < n; i++) { datas[i] = evs[i].data.u64; events[i] = evs[i].events; }
    return n;
}

// Declared here: <sys/socket.h> only declares accept4 under _GNU_SOURCE, which this header must not define.
extern int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags);

static inline int csystem_accept4(int fd) {
    return accept4(fd, 0, 0, SOCK_NONBLOCK | SOCK_CLOEXEC);
}

// Declared here for the same reason (glibc 2.34+, _GNU_SOURCE only): a child started with posix_spawn gets none of
// the parent's descriptors beyond those the file actions set up. Without it every socket or locked file the parent
// has open without O_CLOEXEC at that instant lives on in the child, holding connections and locks open.
extern int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *actions, int from);

static inline int csystem_eventfd(void) { return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC); }
static inline int csystem_eventfd_signal(int fd) { return eventfd_write(fd, 1); }
static inline int csystem_eventfd_drain(int fd) { eventfd_t v; return eventfd_read(fd, &v); }

// A classic BPF socket filter on a listening TCP socket: it sees each segment from its TCP header (the filter runs
// in tcp_v4_rcv/tcp_v6_rcv for the listener and for its handshakes in progress). Byte 13 holds the flags; a SYN
// without ACK (a new handshake) is dropped, everything else (the ACK completing a handshake already begun) is kept.
// The kernel's accept queue therefore stops growing, and can be emptied before the socket closes: closing a listener
// resets every connection still queued in it.
static inline int csystem_refuse_new_handshakes(int fd) {
    struct sock_filter code[] = {
        BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 13),
        BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0x12),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x02, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, 0),
        BPF_STMT(BPF_RET | BPF_K, 0xFFFFFFFF),
    };
    struct sock_fprog program = { .len = sizeof code / sizeof code[0], .filter = code };
    return setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &program, sizeof program);
}

/// Hands freed heap back to the kernel (glibc keeps it in per-thread arenas otherwise).
static inline int csystem_malloc_trim(void) { return malloc_trim(0); }
#endif

#endif
