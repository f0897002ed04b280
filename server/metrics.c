/* GET /metrics: request counters and a latency histogram kept with relaxed atomics, and the model's gauges at scrape time. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ippd/registry.h>

#include "metrics.h"

/*
 * Counters are plain uint64_t updated with __atomic_fetch_add(RELAXED): a
 * request costs three or four uncontended-in-the-common-case additions and
 * no lock.  A scrape reads each with a relaxed load; Prometheus tolerates a
 * counter read a few increments apart from its neighbours.
 */
#define BUMP(x, n) __atomic_fetch_add(&(x), (uint64_t)(n), __ATOMIC_RELAXED)
#define READ(x) __atomic_load_n(&(x), __ATOMIC_RELAXED)

/* Operation codes 1..127 have their own row; 0 is "undecoded", anything larger "other". */
enum { OPS = 129, OP_OTHER = 128 };
/* Status codes by class: successful 0x00xx (16), client-error 0x04xx (64), server-error 0x05xx (32), other. */
enum { ST_OK = 0, ST_CLIENT = 16, ST_SERVER = 80, ST_OTHER = 112, STATUSES = 113 };

/* Upper bounds of the latency buckets, in microseconds (the +Inf bucket follows). */
static const long bucket_us[] = {250, 500, 1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 500000,
                                 1000000, 2500000, 5000000, 10000000};
enum { BUCKETS = sizeof(bucket_us) / sizeof(bucket_us[0]) };

static struct {
	uint64_t requests[OPS][STATUSES];
	uint64_t latency[BUCKETS + 1]; /* per bucket, not cumulative; [BUCKETS] is +Inf */
	uint64_t latency_sum_us;
	uint64_t latency_count;
	uint64_t bytes_in;
	uint64_t jobs_finished[3]; /* canceled, aborted, completed */
} m;

static unsigned status_index(uint16_t status)
{
	unsigned cls = status >> 8, low = status & 0xff;
	if (cls == 0 && low < 16)
		return ST_OK + low;
	if (cls == 4 && low < 64)
		return ST_CLIENT + low;
	if (cls == 5 && low < 32)
		return ST_SERVER + low;
	return ST_OTHER;
}

static uint16_t status_code(unsigned idx)
{
	if (idx < ST_CLIENT)
		return (uint16_t)(idx - ST_OK);
	if (idx < ST_SERVER)
		return (uint16_t)(0x0400 + idx - ST_CLIENT);
	return (uint16_t)(0x0500 + idx - ST_SERVER);
}

void metrics_request(uint16_t op, uint16_t status, long usec, uint64_t bytes_in)
{
	unsigned row = op < OP_OTHER ? op : OP_OTHER;
	BUMP(m.requests[row][status_index(status)], 1);
	unsigned b = 0;
	while (b < BUCKETS && usec > bucket_us[b])
		b++;
	BUMP(m.latency[b], 1);
	BUMP(m.latency_sum_us, usec > 0 ? usec : 0);
	BUMP(m.latency_count, 1);
	if (bytes_in)
		BUMP(m.bytes_in, bytes_in);
}

void metrics_job_finished(int state)
{
	if (state >= IPPD_JOB_STATE_CANCELED && state <= IPPD_JOB_STATE_COMPLETED)
		BUMP(m.jobs_finished[state - IPPD_JOB_STATE_CANCELED], 1);
}

void metrics_device_error(printer_t *p)
{
	if (p)
		BUMP(p->device_errors, 1);
}

/* ------------------------------------------------------------------ */
/* The exposition                                                     */
/* ------------------------------------------------------------------ */

/* A growable text with a ceiling (a scrape of 64 printers is a few tens of KiB). */
typedef struct out {
	char *buf;
	size_t len, cap;
	bool failed;
} out_t;

enum { OUT_MAX = 4 * 1024 * 1024 };

__attribute__((format(printf, 2, 3))) static void put(out_t *o, const char *fmt, ...)
{
	while (!o->failed) {
		va_list ap;
		va_start(ap, fmt);
		int n = vsnprintf(o->buf + o->len, o->cap - o->len, fmt, ap);
		va_end(ap);
		if (n < 0) {
			o->failed = true;
			return;
		}
		if ((size_t)n < o->cap - o->len) {
			o->len += (size_t)n;
			return;
		}
		size_t cap = o->cap * 2;
		char *b = cap <= OUT_MAX ? realloc(o->buf, cap) : NULL;
		if (!b) {
			o->failed = true;
			return;
		}
		o->buf = b;
		o->cap = cap;
	}
}

/* A label value: backslash, double quote and newline escaped as the text format requires. */
static void put_label(out_t *o, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			put(o, "\\%c", *s);
		else if (*s == '\n')
			put(o, "\\n");
		else
			put(o, "%c", *s);
	}
}

static void put_help(out_t *o, const char *name, const char *type, const char *help)
{
	put(o, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void put_requests(out_t *o)
{
	put_help(o, "ippd_ipp_requests_total", "counter", "IPP requests answered, by operation and response status.");
	for (unsigned op = 0; op < OPS; op++) {
		for (unsigned s = 0; s < STATUSES; s++) {
			uint64_t n = READ(m.requests[op][s]);
			if (!n)
				continue;
			char opbuf[16], stbuf[16];
			const char *opname = op == 0 ? "undecoded" : op == OP_OTHER ? "other" : ippd_op_name((uint16_t)op);
			if (!opname) {
				snprintf(opbuf, sizeof(opbuf), "0x%04x", op);
				opname = opbuf;
			}
			const char *stname = s == ST_OTHER ? "other" : ippd_status_name(status_code(s));
			if (!stname) {
				snprintf(stbuf, sizeof(stbuf), "0x%04x", status_code(s));
				stname = stbuf;
			}
			put(o, "ippd_ipp_requests_total{operation=\"");
			put_label(o, opname);
			put(o, "\",status=\"");
			put_label(o, stname);
			put(o, "\"} %llu\n", (unsigned long long)n);
		}
	}
	put_help(o, "ippd_ipp_request_duration_seconds", "histogram",
	         "Time from the start of an IPP request to its queued response.");
	uint64_t cum = 0;
	for (unsigned b = 0; b < BUCKETS; b++) {
		cum += READ(m.latency[b]);
		put(o, "ippd_ipp_request_duration_seconds_bucket{le=\"%g\"} %llu\n", (double)bucket_us[b] / 1e6,
		    (unsigned long long)cum);
	}
	cum += READ(m.latency[BUCKETS]);
	/* The count is read after the buckets; +Inf equals it so that the histogram stays consistent. */
	uint64_t count = READ(m.latency_count);
	if (count < cum)
		count = cum;
	put(o, "ippd_ipp_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n", (unsigned long long)count);
	put(o, "ippd_ipp_request_duration_seconds_sum %.6f\n", (double)READ(m.latency_sum_us) / 1e6);
	put(o, "ippd_ipp_request_duration_seconds_count %llu\n", (unsigned long long)count);
	put_help(o, "ippd_ipp_request_bytes_received_total", "counter",
	         "Bytes of IPP request bodies received (attributes and documents, before any decompression).");
	put(o, "ippd_ipp_request_bytes_received_total %llu\n", (unsigned long long)READ(m.bytes_in));
	put_help(o, "ippd_jobs_finished_total", "counter", "Jobs that reached a terminal state, by that state.");
	static const char *const finished[] = {"canceled", "aborted", "completed"};
	for (unsigned i = 0; i < 3; i++)
		put(o, "ippd_jobs_finished_total{state=\"%s\"} %llu\n", finished[i],
		    (unsigned long long)READ(m.jobs_finished[i]));
}

/* The per-printer gauges and counters, read under the lock (memory only). */
static void put_printers_locked(out_t *o, system_t *sys)
{
	static const char *const states[] = {"pending", "pending-held", "processing", "processing-stopped",
	                                     "canceled", "aborted", "completed"};
	put_help(o, "ippd_jobs", "gauge", "Jobs a printer holds (queue and history), by job-state.");
	for (size_t i = 0; i < sys->n_printers; i++) {
		printer_t *p = sys->printers[i];
		size_t count[7] = {0};
		for (size_t k = 0; k < p->n_jobs; k++) {
			int st = p->jobs[k]->state;
			if (st >= IPPD_JOB_STATE_PENDING && st <= IPPD_JOB_STATE_COMPLETED)
				count[st - IPPD_JOB_STATE_PENDING]++;
		}
		for (unsigned s = 0; s < 7; s++) {
			put(o, "ippd_jobs{printer=\"");
			put_label(o, p->name);
			put(o, "\",state=\"%s\"} %zu\n", states[s], count[s]);
		}
	}
	put_help(o, "ippd_printer_queue_depth", "gauge", "Jobs not yet finished (pending, held or processing).");
	for (size_t i = 0; i < sys->n_printers; i++) {
		put(o, "ippd_printer_queue_depth{printer=\"");
		put_label(o, sys->printers[i]->name);
		put(o, "\"} %d\n", printer_queued_locked(sys->printers[i]));
	}
	put_help(o, "ippd_printer_state", "gauge", "printer-state: 3 idle, 4 processing, 5 stopped.");
	for (size_t i = 0; i < sys->n_printers; i++) {
		put(o, "ippd_printer_state{printer=\"");
		put_label(o, sys->printers[i]->name);
		put(o, "\"} %d\n", sys->printers[i]->state);
	}
	put_help(o, "ippd_device_errors_total", "counter", "Errors of a printer's output device.");
	for (size_t i = 0; i < sys->n_printers; i++) {
		put(o, "ippd_device_errors_total{printer=\"");
		put_label(o, sys->printers[i]->name);
		put(o, "\"} %llu\n", (unsigned long long)READ(sys->printers[i]->device_errors));
	}
}

enum MHD_Result metrics_answer(system_t *sys, struct MHD_Connection *c, unsigned open_connections)
{
	out_t o = {.cap = 16384};
	o.buf = malloc(o.cap);
	if (!o.buf)
		return MHD_NO;
	o.buf[0] = '\0';
	put_requests(&o);
	system_lock(sys);
	put_printers_locked(&o, sys);
	time_t start = sys->start_time;
	system_unlock(sys);
	put_help(&o, "ippd_http_connections_open", "gauge", "HTTP connections open now.");
	put(&o, "ippd_http_connections_open %u\n", open_connections);
	put_help(&o, "ippd_start_time_seconds", "gauge", "When ippd started, in seconds since the Unix epoch.");
	put(&o, "ippd_start_time_seconds %lld\n", (long long)start);

	struct MHD_Response *resp = o.failed ? NULL
	                                     : MHD_create_response_from_buffer(o.len, o.buf, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(o.buf);
		return MHD_NO;
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_OK, resp);
	MHD_destroy_response(resp);
	return ret;
}
