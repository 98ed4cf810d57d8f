// Linux interfaces that Glibc's Swift module does not export: epoll, eventfd, signalfd, malloc_trim.
#ifndef SAMEN_CLINUX_SHIM_H
#define SAMEN_CLINUX_SHIM_H
#include <sys/socket.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <signal.h>
#include <netinet/tcp.h>
#include <malloc.h>
// accept4 is a GNU extension, declared by glibc only under _GNU_SOURCE, which would change other headers'
// definitions in this module and clash with other modules' view of them; so declare just this one function.
extern int accept4(int fd, struct sockaddr *address, socklen_t *length, int flags);
static inline int samen_accept4(int fd, struct sockaddr *address, socklen_t *length, int flags) {
    return accept4(fd, address, length, flags);
}
// glibc keeps freed memory in its arenas; this hands it back to the system (see MemoryTrimmer).
static inline int samen_malloc_trim(size_t pad) {
    return malloc_trim(pad);
}
#endif
