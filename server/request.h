/* One IPP request as it passes from the HTTP layer through decoding, the operation and the response. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_SERVER_REQUEST_H
#define IPPD_SERVER_REQUEST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <ippd/codec.h>

#include "server.h"

typedef struct spool spool_t;

typedef enum req_phase {
	PHASE_ATTRS,   /* the decoder is reading the attributes */
	PHASE_DATA,    /* document data streams to the spool */
	PHASE_DISCARD, /* the answer is known; the rest of the body is read and dropped */
} req_phase_t;

typedef struct request {
	system_t *sys;
	char peer[64];          /* "127.0.0.1:43210" */
	char host[260];         /* the Host header, checked, for the URIs we generate */
	bool secure;            /* arrived over TLS */
	printer_t *printer;     /* the printer the path names */
	bool system_target;     /* posted to the System Service path (/ipp/system); printer is NULL */
	int32_t path_job_id;    /* /ipp/print/42 -> 42; 0 when the path names a printer */
	bool cups_names;        /* the request used CUPS's names (cups-compat.h): answer URIs in them, one each */
	bool all_printers;      /* Get-Jobs for CUPS's "/": every printer's jobs */

	ippd_decoder_t *dec;
	ippd_msg_t *req;        /* the decoded request, once complete */
	ippd_msg_t *resp;       /* the response being built */
	uint16_t op;
	req_phase_t phase;
	int http_status;        /* 0: answer the IPP response with 200 */
	const char *user;       /* requesting-user-name (or "anonymous"), in req's arena; the authenticated name when auth is on */
	const char *authorization; /* the Authorization header, NULL when none (the HTTP layer's memory) */
	char auth_user[256];    /* the authenticated user name, "" when none */
	unsigned roles;         /* ROLE_* bits (access.h), set by access_check */

	job_t *job;             /* the job the operation concerns, when there is one */
	spool_t *spool;         /* the document being received */
	bool document_op;       /* the operation takes document data */

	struct timespec started;
	uint64_t bytes_in;

	/* Subscriptions (notify-ipp.c): */
	struct notify_hold *hold; /* Get-Notifications with notify-wait: the answer may wait for an event */
	ippd_msg_t *sub_groups;   /* subscription groups made with a new job, appended to the response */
} request_t;

/* Called once the attributes are decoded: validates and runs the operation, or starts receiving a document. */
void ipp_begin(request_t *r);

/* Document data for the operation ipp_begin started (after any HTTP content coding is undone). */
void ipp_data(request_t *r, const void *data, size_t len);

/* The body has ended: finishes a document operation.  r->resp then holds the response. */
void ipp_end(request_t *r);

/* The client went away before the end of the body: aborts what the request started. */
void ipp_abort(request_t *r);

/* Frees what the request holds. */
void ipp_request_cleanup(request_t *r);

/*
 * Sets the response status and its status-message, raising only: once an
 * error status is set, a later call changes nothing.  Logs at debug level.
 */
__attribute__((format(printf, 3, 4))) void ipp_respond(request_t *r, uint16_t status, const char *fmt, ...);

/* A response for a request that could not be decoded (version and request-id from the header if known). */
void ipp_respond_undecodable(request_t *r, const ippd_error_t *err);

#endif
