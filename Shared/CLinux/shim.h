// Linux interfaces that Glibc's Swift module does not export: epoll, eventfd, signalfd.
#ifndef SAMEN_CLINUX_SHIM_H
#define SAMEN_CLINUX_SHIM_H
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <sys/socket.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <signal.h>
#include <netinet/tcp.h>
// accept4 is a GNU extension; the wrapper makes it visible regardless of how Glibc's module was built.
static inline int samen_accept4(int fd, struct sockaddr *address, socklen_t *length, int flags) {
    return accept4(fd, address, length, flags);
}
#endif
