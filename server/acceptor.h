/* The acceptor: one thread that accepts connections, enforces the connection caps, tells TLS from plain HTTP
 * by the first byte, hands each connection to the HTTP layer, and closes clients too slow to send a request. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_SERVER_ACCEPTOR_H
#define IPPD_SERVER_ACCEPTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

typedef struct acceptor acceptor_t;
typedef struct conn_slot conn_slot_t;

typedef struct acceptor_conf {
	unsigned max_connections; /* open connections in all, waiting for their first byte included */
	unsigned max_per_address; /* from one client address */
	unsigned client_timeout;  /* seconds: see acceptor_conn_waiting() */
	unsigned first_byte_ms;   /* a new connection must send its first byte within this */
} acceptor_conf_t;

/*
 * Gives an accepted connection to the HTTP layer: `tls` when its first
 * byte starts a TLS handshake record.  Takes the descriptor in every case
 * (closes it on failure); false when it could not take the connection.
 */
typedef bool (*acceptor_handoff_fn)(void *cls, int fd, const struct sockaddr *addr, socklen_t addrlen, bool tls);

/*
 * An acceptor for the listening sockets `fds` (which stay the caller's);
 * nothing is accepted before acceptor_start().  NULL with a sentence in
 * `err` on failure.  Free with acceptor_free().
 */
acceptor_t *acceptor_new(const int *fds, size_t n, const acceptor_conf_t *conf, acceptor_handoff_fn handoff,
                         void *cls, char *err, size_t errsize);

/* Starts the thread; false with a sentence in `err` when it cannot. */
bool acceptor_start(acceptor_t *a, char *err, size_t errsize);

/* Stops accepting and closes connections not yet handed over.  Call before the HTTP layer stops. */
void acceptor_stop(acceptor_t *a);

/* Frees the table; after the HTTP layer has closed every connection it was given.  NULL is ignored. */
void acceptor_free(acceptor_t *a);

/*
 * The HTTP layer's notices, from its threads.  started: the connection on
 * `fd` that was handed over now runs (its slot, or NULL if it is unknown);
 * closed: it ended (NULL is ignored).
 */
conn_slot_t *acceptor_conn_started(acceptor_t *a, int fd);
void acceptor_conn_closed(acceptor_t *a, conn_slot_t *slot);

/*
 * The connection waits for a request, or is reading one's headers and IPP
 * attributes: it must get to the end of them within client_timeout seconds
 * of this call (or of its accept), or the acceptor shuts it down, however
 * steadily a slow client trickles bytes.  NULL is ignored.
 */
void acceptor_conn_waiting(acceptor_t *a, conn_slot_t *slot);

/* The connection is past that point (the operation runs, a document streams, the answer goes out): no deadline. */
void acceptor_conn_busy(conn_slot_t *slot);

/* Connections open now, for tests and the log. */
size_t acceptor_open_connections(acceptor_t *a);

#endif
