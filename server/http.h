/* The HTTP front of the print service (libmicrohttpd). */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_SERVER_HTTP_H
#define IPPD_SERVER_HTTP_H

#include <stddef.h>

#include "server.h"

typedef struct http_server http_server_t;

/*
 * Binds every "HOST:PORT" in `listen` (IPv6 as "[ADDR]:PORT"; a missing
 * port is 631) and serves them with a pool of `threads` threads.  NULL with
 * a sentence naming the failing --listen value in `err` when it cannot.
 * Stop and free with http_stop().
 */
http_server_t *http_start(system_t *sys, const char *const *listen, size_t n_listen, unsigned threads, char *err,
                          size_t errsize);
void http_stop(http_server_t *srv);

/* The port of the first listening socket (useful with port 0). */
int http_port(const http_server_t *srv);

#endif
