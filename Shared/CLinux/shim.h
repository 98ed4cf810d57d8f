// Linux interfaces that Glibc's Swift module does not export: epoll, eventfd, signalfd.
#ifndef SAMEN_CLINUX_SHIM_H
#define SAMEN_CLINUX_SHIM_H
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <signal.h>
#include <netinet/tcp.h>
#endif
