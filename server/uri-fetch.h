/* Print-URI and Send-URI documents, fetched in the background into the spool. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_SERVER_URI_FETCH_H
#define IPPD_SERVER_URI_FETCH_H

#include <stdbool.h>

#include "server.h"

/* What to fetch for one document; the strings are copied. */
typedef struct uri_fetch_req {
	const char *uri;         /* document-uri as the client sent it */
	const char *path;        /* file: the resolved path uri_policy_check() gave, else "" */
	const char *format;      /* document-format (octet-stream: detect) */
	const char *compression; /* "none", "gzip", "deflate" */
	const char *name;        /* document-name */
	bool last;               /* the job closes when this document has arrived */
} uri_fetch_req_t;

/*
 * Queues a fetch of the next document of `job` (a reference is taken and
 * job->fetching raised) for the fetch thread, which is started on first
 * use.  One thread fetches one document at a time, in the order queued, so
 * a job's documents keep their order.  The thread runs the bytes through
 * the spool (decompression, format checks, size limit), adds the document
 * and closes the job when `last`; a failure aborts the job with
 * document-access-error (or the spool's reason).  False when out of memory
 * or stopping.  Caller holds the lock.
 */
bool uri_fetch_queue_locked(job_t *job, const uri_fetch_req_t *req);

/* Stops the fetch thread: a fetch in progress is abandoned at its next chunk.  Takes the lock itself. */
void uri_fetch_stop(system_t *sys);

#endif
