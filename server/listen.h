/* Listening sockets: the ones --listen names, or the ones a service manager passes (socket activation). */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_SERVER_LISTEN_H
#define IPPD_SERVER_LISTEN_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Opens, binds and listens on every address "HOST:PORT" resolves to
 * ("[ADDR]:PORT" for IPv6; a missing port is 631), appending the
 * non-blocking, close-on-exec sockets to fds[*n] (at most `cap` in all).
 * False with a sentence naming `spec` in `err` when none could be bound.
 */
bool listen_open(const char *spec, int *fds, size_t *n, size_t cap, char *err, size_t errsize);

/*
 * The sockets a service manager passed with the sd_listen_fds protocol:
 * LISTEN_PID is this process and LISTEN_FDS counts descriptors from 3.
 * Returns how many were appended to fds (0 when the environment names
 * none), or -1 with a sentence in `err` when one is not a listening stream
 * socket.  The variables are removed from the environment so that programs
 * ippd starts do not take the sockets for theirs.
 */
int listen_from_environment(int *fds, size_t cap, char *err, size_t errsize);

/* The local port of a listening socket, 0 when unknown. */
int listen_port(int fd);

#endif
