/* The ipp:// and ipps:// device: each job is forwarded to an upstream IPP printer and followed there until it ends. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ippd/client.h>
#include <ippd/registry.h>
#include <ippd/url.h>

#include "dnssd.h"
#include "metrics.h"
#include "output.h"
#include "upstream-caps.h"

enum {
	REFRESH_S = 60,            /* how often the idle device asks for printer-config-change-time */
	IDLE_RETRY_MAX_S = 60,     /* the idle device's back-off while the upstream is down */
	BACKOFF_FIRST_MS = 1000,   /* a job's back-off while the upstream is down, doubled each time */
	BACKOFF_MAX_MS = 15000,
	POLL_FIRST_MS = 250,       /* Get-Job-Attributes while following, times 1.5 each time */
	POLL_MAX_MS = 5000,
	REASONS_EVERY_MS = 2000,   /* the upstream's printer-state-reasons, at most this often while following a job */
	REQUEST_TIMEOUT_MS = 15000, /* a request without a document (bounds a stop behind a silent upstream) */
	CONNECT_TIMEOUT_MS = 5000,
};

/* How one exchange with the upstream went. */
typedef enum result {
	UP_OK,
	UP_DOWN,        /* no answer, HTTP 5xx, or busy / not accepting: wait and try again, as long as it takes */
	UP_BAD,         /* an answer that is not a valid IPP response to our request: retried device-retries times */
	UP_REFUSED,     /* a definite no (an IPP client error, HTTP 4xx, TLS): the job aborts */
	UP_INTERRUPTED, /* our job was canceled or ippd is stopping */
} result_t;

typedef struct ipp_dev {
	ippd_client_t *ctl; /* attribute requests, with a timeout */
	ippd_client_t *doc; /* document uploads, without one (libcurl's low-speed limit still applies) */
	upstream_info_t info;
	bool have_info;
	time_t next_check; /* when the idle device asks the upstream next */
	int idle_failures;
	printer_t *p;
	job_t *uploading; /* the job whose document is being sent, for stop_upload() */
	struct timespec reasons_at; /* when printer-state-reasons was last asked for while following */
} ipp_dev_t;

/* libcurl asks about once a second during a request: a canceled job ends its upload at once. */
static bool stop_upload(void *ctx)
{
	ipp_dev_t *d = ctx;
	return d->uploading && output_interrupted(d->p, d->uploading);
}

static bool ipp_check(const char *uri, char *err, size_t errsize)
{
	ippd_url_t url;
	ippd_error_t e;
	memset(&e, 0, sizeof(e));
	if (ippd_url_parse(uri, &url, &e) < 0) {
		snprintf(err, errsize, "device-uri: %s", e.text);
		return false;
	}
	return true;
}

static bool ipp_open(output_device_t *dev)
{
	ipp_dev_t *d = calloc(1, sizeof(ipp_dev_t));
	if (d)
		d->p = dev->p;
	dev->state = d;
	return d != NULL;
}

static void ipp_close(output_device_t *dev)
{
	ipp_dev_t *d = dev->state;
	if (!d)
		return;
	ippd_client_free(d->ctl);
	ippd_client_free(d->doc);
	free(d);
	/* The printer goes back to its own capabilities only at a restart; its state reasons now. */
	output_set_reasons(dev->p, 0, PR_CONNECTING_TO_DEVICE | PR_OFFLINE_REPORT);
}

/* The client for attribute requests or for uploads, made on first use. */
static ippd_client_t *client_for(output_device_t *dev, bool upload, char *why, size_t whysize)
{
	ipp_dev_t *d = dev->state;
	ippd_client_t **c = upload ? &d->doc : &d->ctl;
	if (*c)
		return *c;
	ippd_client_opts_t opts;
	memset(&opts, 0, sizeof(opts));
	opts.connect_timeout_ms = CONNECT_TIMEOUT_MS;
	opts.timeout_ms = upload ? 0 : REQUEST_TIMEOUT_MS;
	opts.ca_file = dev->ca_file[0] ? dev->ca_file : NULL;
	opts.pinned_key = dev->pinned_key[0] ? dev->pinned_key : NULL;
	/* A pin alone trusts that public key whoever signed its certificate (a printer's self-signed one);
	 * with device-ca-file, the chain and the pin must both hold. */
	opts.insecure = dev->pinned_key[0] && !dev->ca_file[0];
	if (upload) {
		opts.stop = stop_upload;
		opts.stop_ctx = d;
	}
	ippd_error_t e;
	memset(&e, 0, sizeof(e));
	*c = ippd_client_new(dev->uri, &opts, &e);
	if (!*c)
		snprintf(why, whysize, "%s", e.text);
	return *c;
}

/* A request with printer-uri and requesting-user-name (the job's owner, or "ippd"). */
static ippd_msg_t *new_request(output_device_t *dev, uint16_t op, const char *user)
{
	ippd_msg_t *req = ippd_msg_new_request(op, 0);
	ippd_group_t *g = req ? ippd_msg_find_group(req, IPPD_TAG_OPERATION) : NULL;
	if (!g || !ippd_group_add_string(g, IPPD_TAG_URI, "printer-uri", dev->uri) ||
	    !ippd_group_add_string(g, IPPD_TAG_NAME, "requesting-user-name", user[0] ? user : "ippd")) {
		ippd_msg_free(req);
		return NULL;
	}
	return req;
}

/* True for IPP statuses that mean "not now" rather than "no". */
static bool transient_status(uint16_t st)
{
	return st == IPPD_STATUS_SERVER_ERROR_SERVICE_UNAVAILABLE || st == IPPD_STATUS_SERVER_ERROR_TEMPORARY_ERROR ||
	       st == IPPD_STATUS_SERVER_ERROR_NOT_ACCEPTING_JOBS || st == IPPD_STATUS_SERVER_ERROR_BUSY ||
	       st == IPPD_STATUS_SERVER_ERROR_PRINTER_IS_DEACTIVATED;
}

/*
 * Sends `req` (consumed) with the document in `fd` (-1 for none) and
 * classifies the outcome; `*resp` gets a successful response.  Every word
 * of `why` that came from the upstream is cleaned.
 */
static result_t exchange(output_device_t *dev, ippd_msg_t *req, int fd, ippd_msg_t **resp, char *why,
                         size_t whysize)
{
	*resp = NULL;
	if (!req) {
		snprintf(why, whysize, "out of memory");
		return UP_DOWN;
	}
	ippd_client_t *c = client_for(dev, fd >= 0, why, whysize);
	if (!c) {
		ippd_msg_free(req);
		return UP_REFUSED;
	}
	int32_t id = ippd_client_next_id(c);
	ippd_msg_set_request_id(req, id);
	uint16_t op = ippd_msg_get_code(req);
	ippd_error_t e;
	memset(&e, 0, sizeof(e));
	ippd_msg_t *r = ippd_client_send(c, req, fd, &e);
	ippd_msg_free(req);
	char text[sizeof(e.text)];
	output_clean_text(text, sizeof(text), e.text, strnlen(e.text, sizeof(e.text)));
	if (!r) {
		int http = ippd_client_http_status(c);
		snprintf(why, whysize, "%s: %s", ippd_op_name(op), text[0] ? text : "no answer");
		if (e.code == IPPD_ERR_MALFORMED)
			return UP_BAD;
		if (e.code == IPPD_ERR_NOMEM)
			return UP_DOWN;
		if (http == 0)
			return strncmp(text, "TLS", 3) == 0 ? UP_REFUSED : UP_DOWN;
		return http >= 500 ? UP_DOWN : UP_REFUSED;
	}
	if (ippd_msg_get_request_id(r) != id) {
		snprintf(why, whysize, "%s: the answer carries request-id %d, not %d", ippd_op_name(op),
		         (int)ippd_msg_get_request_id(r), (int)id);
		ippd_msg_free(r);
		return UP_BAD;
	}
	uint16_t st = ippd_msg_get_code(r);
	if (st < 0x0100) {
		*resp = r;
		return UP_OK;
	}
	size_t len = 0;
	const char *m = ippd_attr_get_string(ippd_msg_find(r, IPPD_TAG_OPERATION, "status-message"), 0, &len);
	char msg[160];
	output_clean_text(msg, sizeof(msg), m, m ? len : 0);
	const char *name = ippd_status_name(st);
	snprintf(why, whysize, "%s: %s%s%s", ippd_op_name(op), name ? name : "an unknown status", msg[0] ? ": " : "",
	         msg);
	ippd_msg_free(r);
	return transient_status(st) ? UP_DOWN : UP_REFUSED;
}

/* Asks for every printer attribute and makes the checked result this printer's own. */
/* The upstream's printer-state-reasons in a Get-Printer-Attributes answer, mirrored (only known keywords). */
static void take_reasons(output_device_t *dev, const ippd_msg_t *resp)
{
	const ippd_attr_t *a = ippd_msg_find(resp, IPPD_TAG_PRINTER, "printer-state-reasons");
	if (!a)
		return;
	device_reasons_t r;
	device_reasons_parse(a, &r);
	output_set_device_reasons(dev->p, &r);
}

/*
 * While a job is followed: the upstream's printer-state-reasons (media-empty,
 * a door open...), at most every REASONS_EVERY_MS unless `now_anyway`.  A
 * failure here changes nothing: the job's own poll judges the upstream.
 */
static void poll_reasons(output_device_t *dev, bool now_anyway)
{
	ipp_dev_t *d = dev->state;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	long since = (now.tv_sec - d->reasons_at.tv_sec) * 1000 + (now.tv_nsec - d->reasons_at.tv_nsec) / 1000000;
	if (!now_anyway && d->reasons_at.tv_sec && since < REASONS_EVERY_MS)
		return;
	d->reasons_at = now;
	ippd_msg_t *req = new_request(dev, IPPD_OP_GET_PRINTER_ATTRIBUTES, "ippd");
	if (req)
		ippd_group_add_string(ippd_msg_find_group(req, IPPD_TAG_OPERATION), IPPD_TAG_KEYWORD,
		                      "requested-attributes", "printer-state-reasons");
	ippd_msg_t *resp;
	char why[300];
	if (exchange(dev, req, -1, &resp, why, sizeof(why)) != UP_OK)
		return;
	take_reasons(dev, resp);
	ippd_msg_free(resp);
}

static result_t refresh_caps(output_device_t *dev, char *why, size_t whysize)
{
	ipp_dev_t *d = dev->state;
	ippd_msg_t *req = new_request(dev, IPPD_OP_GET_PRINTER_ATTRIBUTES, "ippd");
	static const char *const want[] = {"all", "media-col-database"};
	if (req)
		ippd_group_add_strings(ippd_msg_find_group(req, IPPD_TAG_OPERATION), IPPD_TAG_KEYWORD,
		                       "requested-attributes", 2, want);
	ippd_msg_t *resp;
	result_t r = exchange(dev, req, -1, &resp, why, whysize);
	if (r != UP_OK)
		return r;
	upstream_info_t info;
	char reason[200];
	ippd_msg_t *attrs = upstream_caps_build(resp, &info, reason, sizeof(reason));
	take_reasons(dev, resp);
	ippd_msg_free(resp);
	if (!attrs) {
		snprintf(why, whysize, "unusable printer attributes: %s", reason);
		return UP_BAD;
	}
	if (upstream_caps_apply(dev->p, attrs)) {
		log_printer(dev->p, LOG_INFO, "capabilities from %s (%s)", dev->uri,
		            info.make_and_model[0] ? info.make_and_model : "no make and model");
		/* The TXT record carries make and model, formats, colour and duplex: cleaned, checked values only. */
		dnssd_update(dev->p);
	}
	d->info = info;
	d->have_info = true;
	return UP_OK;
}

/* The upstream answers again: the reasons go. */
static void upstream_up(output_device_t *dev)
{
	output_set_reasons(dev->p, 0, PR_CONNECTING_TO_DEVICE | PR_OFFLINE_REPORT);
}

static void upstream_down(output_device_t *dev)
{
	output_set_reasons(dev->p, PR_CONNECTING_TO_DEVICE | PR_OFFLINE_REPORT, 0);
	/* What it said before it went away may no longer be true. */
	device_reasons_t none = {0, 0, 0};
	output_set_device_reasons(dev->p, &none);
}

/* ------------------------------------------------------------------ */
/* Submitting                                                         */
/* ------------------------------------------------------------------ */

/* The job's owner (for requesting-user-name). */
static void job_owner(printer_t *p, job_t *job, char *buf, size_t size)
{
	system_lock(p->sys);
	snprintf(buf, size, "%s", job->owner);
	system_unlock(p->sys);
}

/* Print-Job or Create-Job: job-name and the Job Template attributes the upstream supports. */
static ippd_msg_t *job_request(output_device_t *dev, job_t *job, uint16_t op, const output_doc_t *doc)
{
	ipp_dev_t *d = dev->state;
	printer_t *p = dev->p;
	char owner[256];
	job_owner(p, job, owner, sizeof(owner));
	ippd_msg_t *req = new_request(dev, op, owner);
	ippd_group_t *og = req ? ippd_msg_find_group(req, IPPD_TAG_OPERATION) : NULL;
	if (!og) {
		ippd_msg_free(req);
		return NULL;
	}
	bool ok = true;
	ippd_group_t *jg = NULL;
	system_lock(p->sys);
	if (job->name[0])
		ok = ippd_group_add_string(og, IPPD_TAG_NAME, "job-name", job->name) != NULL;
	for (const ippd_attr_t *a = ippd_group_first(ippd_msg_first_group(job->attrs)); ok && a; a = ippd_attr_next(a)) {
		if (!upstream_supports(&d->info, ippd_attr_get_name(a)))
			continue;
		if (!jg)
			jg = ippd_msg_add_group(req, IPPD_TAG_JOB);
		ok = jg && ippd_group_copy_attr(jg, a, NULL) != NULL;
	}
	system_unlock(p->sys);
	if (ok && doc) {
		ok = ippd_group_add_string(og, IPPD_TAG_MIME_TYPE, "document-format", doc->format) != NULL;
		if (ok && doc->name[0])
			ok = ippd_group_add_string(og, IPPD_TAG_NAME, "document-name", doc->name) != NULL;
	}
	if (!ok) {
		ippd_msg_free(req);
		return NULL;
	}
	return req;
}

/* The upstream's job-id from a Print-Job or Create-Job answer (consumed); 0 when there is none. */
static int32_t job_id_of(ippd_msg_t *resp)
{
	const ippd_attr_t *a = ippd_msg_find(resp, IPPD_TAG_JOB, "job-id");
	int32_t id = ippd_attr_get_tag(a, 0) == IPPD_TAG_INTEGER ? ippd_attr_get_integer(a, 0) : 0;
	ippd_msg_free(resp);
	return id > 0 ? id : 0;
}

/* Sends a request with one document of `job`, streamed from its spool file; a cancel stops the upload. */
static result_t send_with_doc(output_device_t *dev, job_t *job, ippd_msg_t *req, const output_doc_t *doc,
                              ippd_msg_t **resp, char *why, size_t whysize)
{
	ipp_dev_t *d = dev->state;
	int fd = open(doc->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ippd_msg_free(req);
		snprintf(why, whysize, "cannot open the spooled document: %s", strerror(errno));
		return UP_REFUSED;
	}
	d->uploading = job;
	result_t r = exchange(dev, req, fd, resp, why, whysize);
	d->uploading = NULL;
	close(fd);
	if (r != UP_OK && output_interrupted(dev->p, job)) {
		log_job(job, LOG_INFO, "the upload of document %d was stopped", doc->number);
		return UP_INTERRUPTED;
	}
	return r;
}

/* Cancel-Job at the upstream, best effort (our job is canceled, or we gave up on it). */
static void cancel_upstream(output_device_t *dev, job_t *job, int32_t up_id)
{
	char owner[256], why[256];
	job_owner(dev->p, job, owner, sizeof(owner));
	ippd_msg_t *req = new_request(dev, IPPD_OP_CANCEL_JOB, owner);
	if (req)
		ippd_group_add_integer(ippd_msg_find_group(req, IPPD_TAG_OPERATION), IPPD_TAG_INTEGER, "job-id", up_id);
	ippd_msg_t *resp;
	result_t r = exchange(dev, req, -1, &resp, why, sizeof(why));
	ippd_msg_free(resp);
	if (r == UP_OK)
		log_job(job, LOG_INFO, "upstream job %d canceled", (int)up_id);
	else
		log_job(job, LOG_WARN, "cannot cancel upstream job %d: %s", (int)up_id, why);
}

/* ------------------------------------------------------------------ */
/* Following the upstream job                                         */
/* ------------------------------------------------------------------ */

/* Reasons an upstream job passes on to ours. */
static const uint32_t mirrored_reasons = JR_PRINTER_STOPPED | JR_PROCESSING_TO_STOP_POINT | JR_COMPLETED_WITH_ERRORS |
                                         JR_DOCUMENT_FORMAT_ERROR | JR_UNSUPPORTED_DOCUMENT_FORMAT |
                                         JR_COMPRESSION_ERROR;

/* The upstream job's state (-1 when missing or out of range), mirrored onto our job while it is processing. */
static int mirror(printer_t *p, job_t *job, const ippd_msg_t *resp, int base_impressions)
{
	const ippd_group_t *g = ippd_msg_find_group(resp, IPPD_TAG_JOB);
	const ippd_attr_t *st = ippd_group_find(g, "job-state");
	int state = ippd_attr_get_tag(st, 0) == IPPD_TAG_ENUM ? ippd_attr_get_integer(st, 0) : -1;
	if (state < IPPD_JOB_STATE_PENDING || state > IPPD_JOB_STATE_COMPLETED)
		return -1;
	uint32_t reasons = 0;
	const ippd_attr_t *ra = ippd_group_find(g, "job-state-reasons");
	for (size_t i = 0; i < ippd_attr_count(ra) && i < 64; i++) {
		const char *k = ippd_attr_get_tag(ra, i) == IPPD_TAG_KEYWORD ? ippd_attr_get_string(ra, i, NULL) : NULL;
		for (unsigned b = 0; k && b < JR_COUNT; b++)
			if (strcmp(k, job_reason_keyword(b)) == 0)
				reasons |= 1u << b;
	}
	if (state == IPPD_JOB_STATE_PROCESSING_STOPPED)
		reasons |= JR_PRINTER_STOPPED;
	const ippd_attr_t *ia = ippd_group_find(g, "job-impressions-completed");
	int32_t imp = ippd_attr_get_tag(ia, 0) == IPPD_TAG_INTEGER ? ippd_attr_get_integer(ia, 0) : -1;
	size_t len = 0;
	const ippd_attr_t *ma = ippd_group_find(g, "job-state-message");
	ippd_tag_t mt = ippd_attr_get_tag(ma, 0);
	const char *m = mt == IPPD_TAG_TEXT || mt == IPPD_TAG_TEXT_LANG ? ippd_attr_get_string(ma, 0, &len) : NULL;
	char msg[sizeof(job->message)];
	output_clean_text(msg, sizeof(msg), m, m ? len : 0);

	system_lock(p->sys);
	if (job->state == IPPD_JOB_STATE_PROCESSING) {
		if (imp >= 0 && imp <= INT32_MAX - base_impressions && base_impressions + imp > job->impressions_completed)
			job->impressions_completed = base_impressions + imp;
		if (msg[0])
			snprintf(job->message, sizeof(job->message), "%s", msg);
		job->reasons = (job->reasons & ~mirrored_reasons) | (reasons & mirrored_reasons);
	}
	system_unlock(p->sys);
	return state;
}

/*
 * Polls Get-Job-Attributes (with back-off) until upstream job `up_id` ends;
 * its final state in `*final`.  A canceled job is canceled upstream.  While
 * the upstream does not answer, the printer shows offline-report and the
 * polling goes on.
 */
static result_t follow(output_device_t *dev, job_t *job, int32_t up_id, int base, int *final, char *why,
                       size_t whysize)
{
	static const char *const want[] = {"job-state", "job-state-reasons", "job-state-message",
	                                   "job-impressions-completed"};
	printer_t *p = dev->p;
	char owner[256];
	job_owner(p, job, owner, sizeof(owner));
	long wait = POLL_FIRST_MS;
	int bad = 0;
	for (;;) {
		if (output_interrupted(p, job)) {
			if (!output_stopping(p))
				cancel_upstream(dev, job, up_id);
			return UP_INTERRUPTED;
		}
		poll_reasons(dev, false);
		ippd_msg_t *req = new_request(dev, IPPD_OP_GET_JOB_ATTRIBUTES, owner);
		if (req) {
			ippd_group_t *og = ippd_msg_find_group(req, IPPD_TAG_OPERATION);
			ippd_group_add_integer(og, IPPD_TAG_INTEGER, "job-id", up_id);
			ippd_group_add_strings(og, IPPD_TAG_KEYWORD, "requested-attributes", 4, want);
		}
		ippd_msg_t *resp;
		result_t r = exchange(dev, req, -1, &resp, why, whysize);
		if (r == UP_OK) {
			int state = mirror(p, job, resp, base);
			ippd_msg_free(resp);
			upstream_up(dev);
			if (state < 0) {
				snprintf(why, whysize, "Get-Job-Attributes: no valid job-state in the answer");
				r = UP_BAD;
			} else if (state >= IPPD_JOB_STATE_CANCELED) {
				*final = state;
				poll_reasons(dev, true); /* how the printer is now that the job is done */
				return UP_OK;
			} else {
				bad = 0;
			}
		}
		if (r == UP_REFUSED)
			return UP_REFUSED;
		if (r == UP_BAD && ++bad > dev->retries) {
			cancel_upstream(dev, job, up_id);
			return UP_BAD;
		}
		if (r != UP_OK) {
			metrics_device_error(p);
			log_job(job, LOG_WARN, "following upstream job %d: %s", (int)up_id, why);
			if (r == UP_DOWN)
				upstream_down(dev);
			if (wait < BACKOFF_FIRST_MS)
				wait = BACKOFF_FIRST_MS;
		}
		output_sleep(p, job, wait);
		wait = wait * 3 / 2;
		if (wait > (r == UP_OK ? POLL_MAX_MS : BACKOFF_MAX_MS))
			wait = r == UP_OK ? POLL_MAX_MS : BACKOFF_MAX_MS;
	}
}

/* The upstream job ended: our job takes its final state (unless canceled here meanwhile). */
static void finish_job(printer_t *p, job_t *job, int state)
{
	system_lock(p->sys);
	if (job->state == IPPD_JOB_STATE_PROCESSING) {
		uint32_t clear = JR_JOB_PRINTING | JR_PRINTER_STOPPED;
		if (state == IPPD_JOB_STATE_COMPLETED) {
			job_enter_state_locked(job, IPPD_JOB_STATE_COMPLETED, JR_COMPLETED_SUCCESSFULLY, clear);
		} else if (state == IPPD_JOB_STATE_ABORTED) {
			char up[sizeof(job->message)];
			snprintf(up, sizeof(up), "%s", job->message);
			snprintf(job->message, sizeof(job->message), "The upstream printer aborted the job%s%.200s",
			         up[0] ? ": " : ".", up);
			job_enter_state_locked(job, IPPD_JOB_STATE_ABORTED, JR_ABORTED_BY_SYSTEM, clear);
		} else {
			snprintf(job->message, sizeof(job->message), "Canceled at the upstream printer.");
			job_enter_state_locked(job, IPPD_JOB_STATE_CANCELED, JR_CANCELED_BY_OPERATOR, clear);
		}
	}
	system_unlock(p->sys);
}

/* Create-Job, one Send-Document per document, then follow: one upstream job for a multi-document job. */
static result_t submit_multi(output_device_t *dev, job_t *job, int n_docs, int *final, char *why, size_t whysize)
{
	ippd_msg_t *resp;
	result_t r = exchange(dev, job_request(dev, job, IPPD_OP_CREATE_JOB, NULL), -1, &resp, why, whysize);
	if (r != UP_OK)
		return r;
	int32_t up_id = job_id_of(resp);
	if (!up_id) {
		snprintf(why, whysize, "Create-Job: no job-id in the answer");
		return UP_BAD;
	}
	log_job(job, LOG_INFO, "upstream job %d created", (int)up_id);
	char owner[256];
	job_owner(dev->p, job, owner, sizeof(owner));
	for (int i = 0; i < n_docs; i++) {
		output_doc_t doc;
		if (!output_doc_get(dev->p, job, i, &doc)) {
			if (!output_stopping(dev->p))
				cancel_upstream(dev, job, up_id);
			return UP_INTERRUPTED;
		}
		ippd_msg_t *req = new_request(dev, IPPD_OP_SEND_DOCUMENT, owner);
		ippd_group_t *og = req ? ippd_msg_find_group(req, IPPD_TAG_OPERATION) : NULL;
		if (og && (!ippd_group_add_integer(og, IPPD_TAG_INTEGER, "job-id", up_id) ||
		           !ippd_group_add_string(og, IPPD_TAG_MIME_TYPE, "document-format", doc.format) ||
		           !ippd_group_add_boolean(og, "last-document", i == n_docs - 1))) {
			ippd_msg_free(req);
			req = NULL;
		}
		r = send_with_doc(dev, job, req, &doc, &resp, why, whysize);
		ippd_msg_free(resp);
		if (r != UP_OK) {
			/* A half-sent job is no use: it goes, and the whole job is sent again (or aborted). */
			cancel_upstream(dev, job, up_id);
			return r;
		}
	}
	return follow(dev, job, up_id, 0, final, why, whysize);
}

/* One Print-Job per document, each followed to its end before the next: when the upstream lacks Create-Job. */
static result_t submit_each(output_device_t *dev, job_t *job, int n_docs, int *final, char *why, size_t whysize)
{
	printer_t *p = dev->p;
	*final = IPPD_JOB_STATE_COMPLETED;
	for (int i = 0; i < n_docs && *final == IPPD_JOB_STATE_COMPLETED; i++) {
		output_doc_t doc;
		if (!output_doc_get(p, job, i, &doc))
			return UP_INTERRUPTED;
		ippd_msg_t *resp;
		result_t r = send_with_doc(dev, job, job_request(dev, job, IPPD_OP_PRINT_JOB, &doc), &doc, &resp, why,
		                           whysize);
		if (r != UP_OK)
			return r;
		int32_t up_id = job_id_of(resp);
		if (!up_id) {
			snprintf(why, whysize, "Print-Job: no job-id in the answer");
			return UP_BAD;
		}
		log_job(job, LOG_INFO, "document %d is upstream job %d", doc.number, (int)up_id);
		system_lock(p->sys);
		int base = job->impressions_completed;
		system_unlock(p->sys);
		r = follow(dev, job, up_id, base, final, why, whysize);
		if (r != UP_OK)
			return r;
	}
	return UP_OK;
}

static output_status_t ipp_run(output_device_t *dev, job_t *job, char *error, size_t errsize)
{
	ipp_dev_t *d = dev->state;
	printer_t *p = dev->p;
	long backoff = BACKOFF_FIRST_MS;
	int bad = 0;
	char why[300] = "";
	for (int attempt = 1;; attempt++) {
		if (output_interrupted(p, job))
			return output_stopping(p) ? OUTPUT_STOPPED : OUTPUT_DONE;
		result_t r = d->have_info ? UP_OK : refresh_caps(dev, why, sizeof(why));
		int final = 0;
		if (r == UP_OK) {
			system_lock(p->sys);
			int n_docs = job->n_docs;
			system_unlock(p->sys);
			r = n_docs > 1 && d->info.create_job ? submit_multi(dev, job, n_docs, &final, why, sizeof(why))
			                                     : submit_each(dev, job, n_docs, &final, why, sizeof(why));
		}
		switch (r) {
		case UP_OK:
			upstream_up(dev);
			finish_job(p, job, final);
			return OUTPUT_FINISHED;
		case UP_INTERRUPTED:
			return output_stopping(p) ? OUTPUT_STOPPED : OUTPUT_DONE;
		case UP_REFUSED:
			metrics_device_error(p);
			upstream_up(dev);
			snprintf(error, errsize, "The upstream printer refused the job: %s", why);
			return OUTPUT_FAILED;
		case UP_BAD:
			metrics_device_error(p);
			if (++bad > dev->retries) {
				upstream_up(dev);
				snprintf(error, errsize, "The upstream printer's answers are unusable: %s", why);
				return OUTPUT_FAILED;
			}
			break;
		case UP_DOWN:
			metrics_device_error(p);
			upstream_down(dev);
			break;
		}
		/* Capabilities are asked for again after a failure: the upstream may have changed. */
		d->have_info = false;
		log_job(job, LOG_WARN, "attempt %d: %s; next in %ld ms", attempt, why, backoff);
		if (!output_sleep(p, job, backoff))
			continue;
		backoff = backoff * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : backoff * 2;
	}
}

/*
 * The idle tick: at start and every REFRESH_S seconds the device asks for
 * printer-config-change-time, and for every attribute when that changed
 * (or was never given).  While the upstream is down it asks with back-off.
 */
static void ipp_idle(output_device_t *dev)
{
	ipp_dev_t *d = dev->state;
	time_t now = time(NULL);
	if (now < d->next_check)
		return;
	char why[300] = "";
	result_t r = UP_DOWN;
	bool unchanged = false;
	if (d->have_info && d->info.config_change_time >= 0) {
		ippd_msg_t *req = new_request(dev, IPPD_OP_GET_PRINTER_ATTRIBUTES, "ippd");
		static const char *const want[] = {"printer-config-change-time", "printer-state-reasons"};
		if (req)
			ippd_group_add_strings(ippd_msg_find_group(req, IPPD_TAG_OPERATION), IPPD_TAG_KEYWORD,
			                       "requested-attributes", 2, want);
		ippd_msg_t *resp;
		r = exchange(dev, req, -1, &resp, why, sizeof(why));
		if (r == UP_OK)
			take_reasons(dev, resp);
		const ippd_attr_t *t = r == UP_OK ? ippd_msg_find(resp, IPPD_TAG_PRINTER, "printer-config-change-time") : NULL;
		unchanged = ippd_attr_get_tag(t, 0) == IPPD_TAG_INTEGER &&
		            ippd_attr_get_integer(t, 0) == d->info.config_change_time;
		ippd_msg_free(resp);
	}
	if (!unchanged && (r == UP_OK || !d->have_info))
		r = refresh_caps(dev, why, sizeof(why));
	if (r == UP_OK) {
		if (d->idle_failures)
			log_printer(dev->p, LOG_INFO, "%s answers again", dev->uri);
		d->idle_failures = 0;
		d->next_check = now + REFRESH_S;
		upstream_up(dev);
		return;
	}
	if (d->idle_failures++ == 0)
		log_printer(dev->p, LOG_WARN, "%s: %s", dev->uri, why);
	int delay = 5 << (d->idle_failures < 4 ? d->idle_failures - 1 : 3);
	d->next_check = now + (delay > IDLE_RETRY_MAX_S ? IDLE_RETRY_MAX_S : delay);
	if (r == UP_DOWN)
		upstream_down(dev);
}

const output_ops_t output_ipp_ops = {
	.scheme = "ipp",
	.check = ipp_check,
	.open = ipp_open,
	.run = ipp_run,
	.idle = ipp_idle,
	.close = ipp_close,
};

const output_ops_t output_ipps_ops = {
	.scheme = "ipps",
	.check = ipp_check,
	.open = ipp_open,
	.run = ipp_run,
	.idle = ipp_idle,
	.close = ipp_close,
};
