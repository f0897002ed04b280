/* The HTTP front of the print service (libmicrohttpd). */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_SERVER_HTTP_H
#define IPPD_SERVER_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "server.h"

typedef struct http_server http_server_t;

typedef struct http_conf {
	const char *const *listen; /* "HOST:PORT" ("[ADDR]:PORT" for IPv6; a missing port is 631) */
	size_t n_listen;
	unsigned threads;          /* per libmicrohttpd daemon (plain and TLS) */
	bool tls;                  /* ipps on the same ports (RFC 7472) */
	const char *tls_cert;      /* the operator's PEM certificate (chain) and key, or NULL for a generated one */
	const char *tls_key;
	unsigned client_timeout;   /* seconds: idle limit, and the limit for a request's headers and attributes */
	unsigned max_connections;  /* open connections in all */
	unsigned max_per_address;  /* open connections from one client address */
	const int *fds;            /* listening sockets already open (http_listen), taken over; NULL: http_start opens them */
	size_t n_fds;
} http_conf_t;

enum { HTTP_MAX_LISTENERS = 16 };

/*
 * Opens the listening sockets before anything else, so that ippd can bind
 * a privileged port and then give up root before it opens its state: the
 * ones a service manager passed (LISTEN_PID, LISTEN_FDS), else every
 * --listen address.  Fills fds (HTTP_MAX_LISTENERS at most) and *n; false
 * with a sentence in `err`.  Pass them to http_start in conf->fds.
 */
bool http_listen(const http_conf_t *conf, int *fds, size_t *n, char *err, size_t errsize);

/*
 * Takes the listening sockets a service manager passed (LISTEN_PID,
 * LISTEN_FDS) or binds every --listen address, sets up TLS (sets
 * sys->tls_enabled), and serves: an acceptor thread tells TLS from plain
 * HTTP by the first byte and hands each connection to one of two
 * libmicrohttpd daemons.  NULL with a sentence in `err` when it cannot.
 * Stop and free with http_stop().
 */
http_server_t *http_start(system_t *sys, const http_conf_t *conf, char *err, size_t errsize);
void http_stop(http_server_t *srv);

/* The port of the first listening socket (useful with port 0). */
int http_port(const http_server_t *srv);

/* True when the connection arrived over TLS (web pages and auth ask; IPP requests have request_t.secure). */
struct MHD_Connection;
bool http_connection_is_tls(struct MHD_Connection *c);

/* The certificate file clients can trust, or NULL when TLS is off. */
const char *http_certificate_path(const http_server_t *srv);

#endif
