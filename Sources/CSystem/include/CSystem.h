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

/// Hands freed heap back to the kernel (glibc keeps it in per-thread arenas otherwise).
static inline int csystem_malloc_trim(void) { return malloc_trim(0); }
#endif

#endif
