/* Prometheus metrics: counters bumped with relaxed atomics on the request path, gauges computed at scrape time. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_SERVER_METRICS_H
#define IPPD_SERVER_METRICS_H

#include <stdint.h>

#include <microhttpd.h>

#include "server.h"

/*
 * One IPP request answered: its operation (0 when the request could not be
 * decoded), the status of the response, how long it took (microseconds,
 * from the first byte of the request to the queued response) and the body
 * bytes received.  A few relaxed atomic additions, no lock.
 */
void metrics_request(uint16_t op, uint16_t status, long usec, uint64_t bytes_in);

/* A job reached a terminal state (canceled, aborted or completed).  Any thread, lock held or not. */
void metrics_job_finished(int state);

/* The output device of `p` failed (one error, e.g. a refused connection or a write error).  Any thread. */
void metrics_device_error(printer_t *p);

/*
 * Answers GET /metrics with the Prometheus text format (version 0.0.4).
 * `open_connections` is the HTTP server's current connection count.  The
 * per-printer gauges are computed here, under the system lock, from the
 * model itself.
 */
enum MHD_Result metrics_answer(system_t *sys, struct MHD_Connection *c, unsigned open_connections);

#endif
