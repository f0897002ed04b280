/* Job operations: creating jobs and receiving their documents, finding, listing, holding, cancelling and changing them. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "access.h"
#include "ops.h"
#include "privacy.h"
#include "spool.h"
#include "store.h"
#include "subscription.h"
#include "system.h"

/* ------------------------------------------------------------------ */
/* Job attributes in responses                                        */
/* ------------------------------------------------------------------ */


void ops_add_job_attrs_locked(request_t *r, const job_t *job, ippd_group_t *g, const attr_filter_t *f)
{
	char uri[1100];
#define WANT(name) filter_want(f, name)
	if (WANT("job-id"))
		ippd_group_add_integer(g, IPPD_TAG_INTEGER, "job-id", job->id);
	if (WANT("job-uri")) {
		ops_job_uri(r, job, uri, sizeof(uri));
		ippd_group_add_string(g, IPPD_TAG_URI, "job-uri", uri);
	}
	if (WANT("job-printer-uri")) {
		ops_printer_uri(r, job->printer, uri, sizeof(uri));
		ippd_group_add_string(g, IPPD_TAG_URI, "job-printer-uri", uri);
	}
	if (WANT("job-uuid") && job->uuid[0])
		ippd_group_add_string(g, IPPD_TAG_URI, "job-uuid", job->uuid);
	if (WANT("job-name"))
		ippd_group_add_string(g, IPPD_TAG_NAME, "job-name", job->name);
	if (WANT("job-originating-user-name"))
		ippd_group_add_string(g, IPPD_TAG_NAME, "job-originating-user-name", job->owner);
	if (WANT("job-state"))
		ippd_group_add_integer(g, IPPD_TAG_ENUM, "job-state", job->state);
	if (WANT("job-state-reasons")) {
		ippd_attr_t *a = ippd_group_add(g, "job-state-reasons");
		for (unsigned i = 0; i < JR_COUNT; i++)
			if (job->reasons & (1u << i))
				ippd_attr_add_string(a, IPPD_TAG_KEYWORD, job_reason_keyword(i), (size_t)-1);
		if (ippd_attr_count(a) == 0)
			ippd_attr_add_string(a, IPPD_TAG_KEYWORD, "none", (size_t)-1);
	}
	if (WANT("job-state-message")) {
		char message[sizeof(job->message)];
		snprintf(message, sizeof(message), "%s", job->message);
		ops_text_clean(message);
		ippd_group_add_string(g, IPPD_TAG_TEXT, "job-state-message", message);
	}
	if (WANT("job-printer-up-time"))
		ippd_group_add_integer(g, IPPD_TAG_INTEGER, "job-printer-up-time", ops_up_time(r, time(NULL)));
	ops_add_time(g, r, "time-at-creation", "date-time-at-creation", job->created, f);
	ops_add_time(g, r, "time-at-processing", "date-time-at-processing", job->processing, f);
	ops_add_time(g, r, "time-at-completed", "date-time-at-completed", job->completed, f);
	int64_t octets = 0;
	for (int i = 0; i < job->n_docs; i++)
		octets += job->docs[i].size;
	if (WANT("job-k-octets"))
		ippd_group_add_integer(g, IPPD_TAG_INTEGER, "job-k-octets", (int32_t)((octets + 1023) / 1024));
	if (WANT("job-impressions") && job->impressions > 0)
		ippd_group_add_integer(g, IPPD_TAG_INTEGER, "job-impressions", job->impressions);
	if (WANT("job-impressions-completed"))
		ippd_group_add_integer(g, IPPD_TAG_INTEGER, "job-impressions-completed", job->impressions_completed);
	if (WANT("number-of-documents"))
		ippd_group_add_integer(g, IPPD_TAG_INTEGER, "number-of-documents", job->n_docs);
	if (WANT("job-priority") && !ippd_group_find(ippd_msg_first_group(job->attrs), "job-priority"))
		ippd_group_add_integer(g, IPPD_TAG_INTEGER, "job-priority", job->priority);
	if (WANT("job-hold-until") && job->hold_until[0] &&
	    !ippd_group_find(ippd_msg_first_group(job->attrs), "job-hold-until"))
		ippd_group_add_string(g, IPPD_TAG_KEYWORD, "job-hold-until", job->hold_until);
	if (WANT("document-format") && job->n_docs)
		ippd_group_add_string(g, IPPD_TAG_MIME_TYPE, "document-format", job->docs[0].format);
	if (WANT("job-more-info")) {
		snprintf(uri, sizeof(uri), "http://%s%s", r->host[0] ? r->host : "localhost", job->printer->path);
		ippd_group_add_string(g, IPPD_TAG_URI, "job-more-info", uri);
	}
	/* The Job Template attributes the client supplied and the printer accepted. */
	for (ippd_attr_t *a = ippd_group_first(ippd_msg_first_group(job->attrs)); a; a = ippd_attr_next(a))
		if (WANT(ippd_attr_get_name(a)) && !ippd_group_find(g, ippd_attr_get_name(a)))
			ippd_group_copy_attr(g, a, NULL);
#undef WANT
	privacy_strip_locked(r, job, g);
}

void ops_add_job_status_locked(request_t *r, const job_t *job)
{
	ippd_group_t *g = ippd_msg_add_group(r->resp, IPPD_TAG_JOB);
	attr_filter_t f = {0};
	static const char *const names[] = {"job-id", "job-uri", "job-state", "job-state-reasons", "job-state-message"};
	/* A filter made of these names: the request's arena is not needed. */
	ippd_msg_t *tmp = ippd_msg_new();
	ippd_group_t *tg = tmp ? ippd_msg_add_group(tmp, IPPD_TAG_OPERATION) : NULL;
	f.names = tg ? ippd_group_add_strings(tg, IPPD_TAG_KEYWORD, "requested-attributes", 5, names) : NULL;
	if (f.names)
		ops_add_job_attrs_locked(r, job, g, &f);
	ippd_msg_free(tmp);
}

/* ------------------------------------------------------------------ */
/* Creating jobs                                                      */
/* ------------------------------------------------------------------ */

/*
 * The checks Print-Job, Validate-Job and Create-Job share: the printer takes
 * jobs, the format and compression are supported, the Job Template
 * attributes are (with ipp-attribute-fidelity).  False after responding
 * with an error.
 */
static bool check_job_request(request_t *r)
{
	printer_t *p = r->printer;
	/*
	 * Clients (ipptool's print-job-hold.test among them) put Job Template
	 * attributes such as job-hold-until in the operation group; they are
	 * taken as if sent in the job group, unless that group has them too.
	 */
	ippd_group_t *op = ippd_msg_find_group(r->req, IPPD_TAG_OPERATION);
	for (ippd_attr_t *a = ippd_group_first(op), *next; a; a = next) {
		next = ippd_attr_next(a);
		const char *n = ippd_attr_get_name(a);
		if (!printer_attr_is_job_template(n))
			continue;
		ippd_group_t *jg = ippd_msg_get_group(r->req, IPPD_TAG_JOB);
		if (jg && !ippd_group_find(jg, n) && ippd_group_copy_attr(jg, a, NULL))
			ippd_group_remove(op, a);
	}
	system_lock(r->sys);
	bool accepting = p->accepting;
	system_unlock(r->sys);
	if (!accepting) {
		ipp_respond(r, IPPD_STATUS_SERVER_ERROR_NOT_ACCEPTING_JOBS, "The printer is not accepting jobs.");
		return false;
	}
	const ippd_attr_t *fidelity = ops_op_attr(r, "ipp-attribute-fidelity", IPPD_TAG_BOOLEAN);
	char message[256] = "";
	uint16_t st = printer_check_job_template(ippd_msg_first_group(p->static_attrs), r->req,
	                                         fidelity && ippd_attr_get_boolean(fidelity, 0), r->resp, message,
	                                         sizeof(message));
	if (st != IPPD_STATUS_SUCCESSFUL_OK) {
		ipp_respond(r, st, "%s", message);
		if (st >= 0x0400)
			return false;
	}
	return true;
}

/* True when `name` was reported unsupported (so it is ignored under fidelity false). */
static bool unsupported(const request_t *r, const char *name)
{
	return ippd_group_find(ippd_msg_find_group(r->resp, IPPD_TAG_UNSUPPORTED_GROUP), name) != NULL;
}

/* The document-format of the request, defaulting to the printer's. */
static const char *request_format(const request_t *r)
{
	const ippd_attr_t *fmt = ops_op_attr(r, "document-format", IPPD_TAG_MIME_TYPE);
	if (fmt && !unsupported(r, "document-format"))
		return ippd_attr_get_string(fmt, 0, NULL);
	const ippd_attr_t *d =
		ippd_group_find(ippd_msg_first_group(r->printer->static_attrs), "document-format-default");
	const char *s = ippd_attr_get_string(d, 0, NULL);
	return s ? s : "application/octet-stream";
}

static const char *request_compression(const request_t *r)
{
	const ippd_attr_t *c = ops_op_attr(r, "compression", IPPD_TAG_KEYWORD);
	return c && !unsupported(r, "compression") ? ippd_attr_get_string(c, 0, NULL) : "none";
}

/* Makes the job: owner, name, accepted Job Template attributes, hold.  NULL after responding. */
static job_t *create_job(request_t *r)
{
	char uuid[48];
	system_uuid(uuid, sizeof(uuid));
	const ippd_attr_t *name = ops_op_attr(r, "job-name", IPPD_TAG_NAME);
	if (!name)
		name = ops_op_attr(r, "job-name", IPPD_TAG_NAME_LANG);
	if (!name)
		name = ops_op_attr(r, "document-name", IPPD_TAG_NAME);
	ippd_group_t *jg = ippd_msg_find_group(r->req, IPPD_TAG_JOB);

	system_lock(r->sys);
	job_t *job = printer_add_job_locked(r->printer);
	if (!job) {
		system_unlock(r->sys);
		ipp_respond(r, IPPD_STATUS_SERVER_ERROR_INTERNAL_ERROR, "Out of memory.");
		return NULL;
	}
	snprintf(job->uuid, sizeof(job->uuid), "%s", uuid);
	job->last_activity = time(NULL);
	snprintf(job->owner, sizeof(job->owner), "%s", r->user);
	snprintf(job->name, sizeof(job->name), "%s", name ? ippd_attr_get_string(name, 0, NULL) : "Untitled");
	ippd_group_t *dst = ippd_msg_first_group(job->attrs);
	for (ippd_attr_t *a = ippd_group_first(jg); a; a = ippd_attr_next(a)) {
		const char *n = ippd_attr_get_name(a);
		if (unsupported(r, n))
			continue;
		if (strcmp(n, "job-priority") == 0)
			job->priority = ippd_attr_get_integer(a, 0);
		if (strcmp(n, "job-hold-until") == 0) {
			const char *h = ippd_attr_get_string(a, 0, NULL);
			snprintf(job->hold_until, sizeof(job->hold_until), "%s", h && strcmp(h, "no-hold") ? h : "");
		}
		ippd_group_copy_attr(dst, a, NULL);
	}
	notify_ipp_job_created_locked(r, job);
	job_hold_locked(job);
	r->job = job;
	system_unlock(r->sys);
	log_job(job, LOG_INFO, "created by %s on %s", r->user, printer_label(r->printer));
	return job;
}

/* Leaves job-incoming: pending, or held when job-hold-until or Hold-New-Jobs asks for it. */
static void close_job_locked(job_t *job)
{
	if (!job->hold_until[0] && (job->printer->reasons & PR_HOLD_NEW_JOBS)) {
		job->held_new = true;
		snprintf(job->hold_until, sizeof(job->hold_until), "indefinite");
	}
	if (job->hold_until[0])
		job_enter_state_locked(job, IPPD_JOB_STATE_PENDING_HELD, JR_HOLD_UNTIL_SPECIFIED, JR_JOB_INCOMING);
	else
		job_enter_state_locked(job, IPPD_JOB_STATE_PENDING, 0, JR_JOB_INCOMING);
}

/* Starts receiving document data into the spool for r->job. */
static void start_document(request_t *r)
{
	char err[300];
	system_lock(r->sys);
	int number = r->job->n_docs + 1;
	int32_t id = r->job->id;
	system_unlock(r->sys);
	r->spool = spool_open(r->sys, id, number, request_format(r), request_compression(r), err, sizeof(err));
	if (!r->spool) {
		ipp_respond(r, IPPD_STATUS_SERVER_ERROR_INTERNAL_ERROR, "%s", err);
		ipp_abort(r);
		return;
	}
	r->phase = PHASE_DATA;
}

void op_validate_job(request_t *r)
{
	check_job_request(r);
}

void op_print_job(request_t *r)
{
	if (!check_job_request(r))
		return;
	if (create_job(r))
		start_document(r);
}

/*
 * A save that failed: the client hears why (server-error-temporary-error
 * when the disk is full, RFC 8011 section 13.1.5.6: it may try again
 * later).  A job never saved before (Create-Job, Print-Job) is forgotten
 * with its spool files, since the client gets no job-id for it; one saved
 * before (Send-Document) is aborted in memory with the reason.
 */
static void save_failed(request_t *r, job_t *job, bool never_saved)
{
	const char *why = store_errmsg(r->sys->store);
	/* SQLite's fixed text for SQLITE_FULL. */
	bool full = why && strstr(why, "disk is full");
	ipp_respond(r, full ? IPPD_STATUS_SERVER_ERROR_TEMPORARY_ERROR : IPPD_STATUS_SERVER_ERROR_INTERNAL_ERROR,
	            "The job could not be saved%s.", full ? ": the disk is full" : "");
	char paths[8][PATH_MAX];
	int n_paths = 0;
	system_lock(r->sys);
	if (never_saved) {
		for (int i = 0; i < job->n_docs && n_paths < 8; i++)
			snprintf(paths[n_paths++], PATH_MAX, "%s", job->docs[i].path);
		printer_remove_job_locked(job->printer, job);
	} else if (!job_is_terminal(job)) {
		snprintf(job->message, sizeof(job->message), "The job could not be saved%s.",
		         full ? ": the disk is full" : "");
		job_enter_state_locked(job, IPPD_JOB_STATE_ABORTED, JR_ABORTED_BY_SYSTEM, JR_JOB_INCOMING);
	}
	system_unlock(r->sys);
	for (int i = 0; i < n_paths; i++)
		unlink(paths[i]);
}

void op_create_job(request_t *r)
{
	if (!check_job_request(r))
		return;
	job_t *job = create_job(r);
	if (!job)
		return;
	if (!job_save(r->sys, job)) {
		save_failed(r, job, /*never_saved*/ true);
		return;
	}
	system_lock(r->sys);
	ops_add_job_status_locked(r, job);
	system_unlock(r->sys);
}

static job_t *find_open_locked(request_t *r)
{
	job_t *job = ops_find_job_locked(r);
	if (!job || !ops_may_change_job_locked(r, job))
		return NULL;
	if (!(job->reasons & JR_JOB_INCOMING)) {
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_NOT_POSSIBLE, "Job %d is closed; it takes no more documents.",
		            (int)job->id);
		return NULL;
	}
	/* Documents keep their numbers in order: the next waits for the fetch of the one before. */
	if (job->fetching) {
		ipp_respond(r, IPPD_STATUS_SERVER_ERROR_BUSY, "Job %d is still fetching a document; try again shortly.",
		            (int)job->id);
		return NULL;
	}
	return job;
}

bool job_ipp_take_open(request_t *r)
{
	system_lock(r->sys);
	job_t *job = find_open_locked(r);
	if (job) {
		job_hold_locked(job);
		job->last_activity = time(NULL);
		r->job = job;
	}
	system_unlock(r->sys);
	return job != NULL;
}

void op_send_document(request_t *r)
{
	const ippd_attr_t *last = ops_op_attr(r, "last-document", IPPD_TAG_BOOLEAN);
	if (!last) {
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "Send-Document needs last-document.");
		return;
	}
	if (!job_ipp_take_open(r))
		return;
	/* document-format and compression against the printer, as for Print-Job. */
	char message[256] = "";
	uint16_t st = printer_check_job_template(ippd_msg_first_group(r->printer->static_attrs), r->req, true, r->resp,
	                                         message, sizeof(message));
	if (st >= 0x0400) {
		ipp_respond(r, st, "%s", message);
		return;
	}
	start_document(r);
}

bool job_ipp_check_request(request_t *r)
{
	return check_job_request(r);
}

job_t *job_ipp_create(request_t *r)
{
	return create_job(r);
}

const char *job_ipp_request_format(const request_t *r)
{
	return request_format(r);
}

const char *job_ipp_request_compression(const request_t *r)
{
	return request_compression(r);
}

void job_ipp_close_locked(job_t *job)
{
	close_job_locked(job);
}

/* The end of a document upload (Print-Job, Send-Document). */
void job_ipp_document_done(request_t *r)
{
	job_t *job = r->job;
	doc_t doc;
	const ippd_attr_t *dname = ops_op_attr(r, "document-name", IPPD_TAG_NAME);
	const ippd_attr_t *last = ops_op_attr(r, "last-document", IPPD_TAG_BOOLEAN);
	bool closes = r->op == IPPD_OP_PRINT_JOB || (last && ippd_attr_get_boolean(last, 0));
	uint64_t size = spool_size(r->spool);

	/* Delete-Printer ran during the upload: the job is canceled and forgotten already (system-printers.c). */
	system_lock(r->sys);
	bool deleted = r->printer && r->printer->deleted;
	system_unlock(r->sys);
	if (deleted) {
		spool_discard(r->spool);
		r->spool = NULL;
		ipp_respond(r, IPPD_STATUS_SERVER_ERROR_JOB_CANCELED, "The printer was deleted while the document arrived.");
		return;
	}

	/* Send-Document with no data only closes the job. */
	if (size == 0 && r->op == IPPD_OP_SEND_DOCUMENT) {
		spool_discard(r->spool);
		r->spool = NULL;
	} else if (size == 0) {
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "Print-Job needs document data.");
		ipp_abort(r);
		return;
	} else if (spool_finish(r->spool, &doc) != 0) {
		uint32_t reason = spool_reason(r->spool);
		char why[256];
		snprintf(why, sizeof(why), "%s", spool_error(r->spool));
		ipp_respond(r, spool_status(r->spool), "%s", why);
		spool_discard(r->spool);
		r->spool = NULL;
		system_lock(r->sys);
		snprintf(job->message, sizeof(job->message), "%s", why);
		job_enter_state_locked(job, IPPD_JOB_STATE_ABORTED, reason, JR_JOB_INCOMING);
		system_unlock(r->sys);
		job_save(r->sys, job);
		return;
	} else {
		spool_close(r->spool);
		r->spool = NULL;
	}

	system_lock(r->sys);
	if (size > 0) {
		if (job->n_docs == job->cap_docs) {
			int cap = job->cap_docs ? job->cap_docs * 2 : 2;
			doc_t *docs = realloc(job->docs, (size_t)cap * sizeof(*docs));
			if (!docs) {
				system_unlock(r->sys);
				ipp_respond(r, IPPD_STATUS_SERVER_ERROR_INTERNAL_ERROR, "Out of memory.");
				return;
			}
			job->docs = docs;
			job->cap_docs = cap;
		}
		doc.number = job->n_docs + 1;
		doc.created = time(NULL);
		snprintf(doc.name, sizeof(doc.name), "%s", dname ? ippd_attr_get_string(dname, 0, NULL) : job->name);
		job->docs[job->n_docs++] = doc;
		if (doc.pages > 0)
			job->impressions += doc.pages;
	}
	bool cancelled = job_is_terminal(job);
	system_unlock(r->sys);

	/* Saved with the job still incoming, then released to the worker: nothing runs before it is durable. */
	if (!job_save(r->sys, job)) {
		save_failed(r, job, /*never_saved*/ r->op == IPPD_OP_PRINT_JOB);
		return;
	}
	system_lock(r->sys);
	if (closes && !cancelled && (job->reasons & JR_JOB_INCOMING))
		close_job_locked(job);
	ops_add_job_status_locked(r, job);
	system_unlock(r->sys);
	if (closes && !cancelled)
		job_save(r->sys, job);
}

void op_close_job(request_t *r)
{
	system_lock(r->sys);
	job_t *job = ops_find_job_locked(r);
	bool ok = job && ops_may_change_job_locked(r, job);
	if (ok && !(job->reasons & JR_JOB_INCOMING)) {
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_NOT_POSSIBLE, "Job %d is already closed.", (int)job->id);
		ok = false;
	}
	if (ok && job->fetching) {
		ipp_respond(r, IPPD_STATUS_SERVER_ERROR_BUSY, "Job %d is still fetching a document; try again shortly.",
		            (int)job->id);
		ok = false;
	}
	if (ok) {
		close_job_locked(job);
		ops_add_job_status_locked(r, job);
		job_hold_locked(job);
	}
	system_unlock(r->sys);
	if (ok)
		job_save_release(r->sys, job);
}

/* ------------------------------------------------------------------ */
/* Cancelling                                                         */
/* ------------------------------------------------------------------ */

/* Cancels one active job; the worker stops at its next chance.  Caller holds the lock. */
static void cancel_locked(job_t *job, uint32_t reason, const char *by)
{
	job->cancel_requested = true;
	snprintf(job->message, sizeof(job->message), "Canceled by %s.", by);
	job_enter_state_locked(job, IPPD_JOB_STATE_CANCELED, reason, 0);
}

/* Saves each job in `jobs` (references held) and drops the references. */
static void save_and_release(request_t *r, job_t **jobs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		job_save(r->sys, jobs[i]);
	system_lock(r->sys);
	for (size_t i = 0; i < n; i++)
		job_release_locked(jobs[i]);
	system_unlock(r->sys);
	free(jobs);
}

void op_cancel_job(request_t *r)
{
	system_lock(r->sys);
	job_t *job = ops_find_job_locked(r);
	bool ok = job && ops_may_change_job_locked(r, job);
	if (ok && job_is_terminal(job)) {
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_NOT_POSSIBLE, "Job %d is already %s.", (int)job->id,
		            ippd_enum_name("job-state", job->state));
		ok = false;
	}
	if (ok) {
		/* An operator or administrator canceling someone else's job is not its user. */
		cancel_locked(job, strcmp(job->owner, r->user) ? JR_CANCELED_BY_OPERATOR : JR_CANCELED_BY_USER, r->user);
		job_hold_locked(job);
	}
	system_unlock(r->sys);
	if (ok)
		job_save_release(r->sys, job);
}

/* Cancels the active jobs of the printer that `pick` selects. */
static void cancel_many(request_t *r, bool (*pick)(request_t *, const job_t *), uint32_t reason)
{
	printer_t *p = r->printer;
	const ippd_attr_t *ids = ippd_msg_find(r->req, IPPD_TAG_OPERATION, "job-ids");
	system_lock(r->sys);
	/* With job-ids, every named job must exist, be active and be selectable, or nothing happens. */
	for (size_t i = 0; ids && i < ippd_attr_count(ids); i++) {
		job_t *job = printer_find_job_locked(p, ippd_attr_get_integer(ids, i));
		if (!job || job_is_terminal(job) || !pick(r, job)) {
			system_unlock(r->sys);
			ipp_respond(r, job ? IPPD_STATUS_CLIENT_ERROR_NOT_POSSIBLE : IPPD_STATUS_CLIENT_ERROR_NOT_FOUND,
			            "Job %d cannot be canceled.", (int)ippd_attr_get_integer(ids, i));
			ippd_group_copy_attr(ippd_msg_get_group(r->resp, IPPD_TAG_UNSUPPORTED_GROUP), ids, NULL);
			return;
		}
	}
	job_t **list = calloc(p->n_jobs + 1, sizeof(*list));
	size_t n = 0;
	for (size_t i = 0; list && i < p->n_jobs; i++) {
		job_t *job = p->jobs[i];
		if (job_is_terminal(job) || !pick(r, job))
			continue;
		if (ids && !ippd_attr_contains_integer(ids, job->id))
			continue;
		cancel_locked(job, reason, r->user);
		job_hold_locked(job);
		list[n++] = job;
	}
	system_unlock(r->sys);
	if (list)
		save_and_release(r, list, n);
}

static bool pick_any(request_t *r, const job_t *job)
{
	(void)r;
	(void)job;
	return true;
}

static bool pick_mine(request_t *r, const job_t *job)
{
	return strcmp(job->owner, r->user) == 0;
}

void op_cancel_jobs(request_t *r)
{
	cancel_many(r, pick_any, JR_CANCELED_BY_OPERATOR);
}

void op_cancel_my_jobs(request_t *r)
{
	cancel_many(r, pick_mine, JR_CANCELED_BY_USER);
}

void op_cancel_current_job(request_t *r)
{
	system_lock(r->sys);
	job_t *job = r->printer->current;
	const ippd_attr_t *jid = ops_op_attr(r, "job-id", IPPD_TAG_INTEGER);
	bool ok = job && !job_is_terminal(job) && (!jid || ippd_attr_get_integer(jid, 0) == job->id);
	if (!ok)
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_NOT_POSSIBLE, "No job is printing%s.", jid ? " with that job-id" : "");
	else {
		cancel_locked(job, JR_CANCELED_BY_OPERATOR, r->user);
		job_hold_locked(job);
	}
	system_unlock(r->sys);
	if (ok)
		job_save_release(r->sys, job);
}

/* ------------------------------------------------------------------ */
/* Hold, release, restart, change                                     */
/* ------------------------------------------------------------------ */

void ops_change_job(request_t *r, bool (*change)(request_t *, job_t *))
{
	system_lock(r->sys);
	job_t *job = ops_find_job_locked(r);
	bool ok = job && ops_may_change_job_locked(r, job) && change(r, job);
	if (ok)
		job_hold_locked(job);
	system_unlock(r->sys);
	if (ok)
		job_save_release(r->sys, job);
}

static bool do_hold(request_t *r, job_t *job)
{
	if (job->state != IPPD_JOB_STATE_PENDING && job->state != IPPD_JOB_STATE_PENDING_HELD) {
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_NOT_POSSIBLE, "Only a pending job can be held; job %d is %s.",
		            (int)job->id, ippd_enum_name("job-state", job->state));
		return false;
	}
	const ippd_attr_t *until = ippd_msg_find(r->req, IPPD_TAG_OPERATION, "job-hold-until");
	const char *h = until ? ippd_attr_get_string(until, 0, NULL) : NULL;
	if (h && strcmp(h, "no-hold") == 0) {
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_ATTRIBUTES_OR_VALUES_NOT_SUPPORTED,
		            "job-hold-until 'no-hold' does not hold a job.");
		ippd_group_copy_attr(ippd_msg_get_group(r->resp, IPPD_TAG_UNSUPPORTED_GROUP), until, NULL);
		return false;
	}
	snprintf(job->hold_until, sizeof(job->hold_until), "%s", h ? h : "indefinite");
	if (job->reasons & JR_JOB_INCOMING)
		return true;
	job_enter_state_locked(job, IPPD_JOB_STATE_PENDING_HELD, JR_HOLD_UNTIL_SPECIFIED, 0);
	return true;
}

static bool do_release(request_t *r, job_t *job)
{
	if (job->state != IPPD_JOB_STATE_PENDING_HELD) {
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_NOT_POSSIBLE, "Job %d is not held.", (int)job->id);
		return false;
	}
	job->hold_until[0] = '\0';
	job->held_new = false;
	job_enter_state_locked(job, IPPD_JOB_STATE_PENDING, 0, JR_HOLD_UNTIL_SPECIFIED);
	return true;
}

static bool do_restart(request_t *r, job_t *job)
{
	if (!job_is_terminal(job) || job->n_docs == 0) {
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_NOT_POSSIBLE,
		            "Only a finished job with its documents can be restarted; job %d is %s.", (int)job->id,
		            ippd_enum_name("job-state", job->state));
		return false;
	}
	job->cancel_requested = false;
	job->processing = 0;
	job->impressions_completed = 0;
	job->message[0] = '\0';
	job->reasons = 0;
	job_enter_state_locked(job, IPPD_JOB_STATE_PENDING, 0, 0);
	return true;
}

void op_hold_job(request_t *r)
{
	ops_change_job(r, do_hold);
}

void op_release_job(request_t *r)
{
	ops_change_job(r, do_release);
}

void op_restart_job(request_t *r)
{
	ops_change_job(r, do_restart);
}

const char *const job_settable_attributes[] = {
	"copies",           "finishings",           "job-account-id", "job-accounting-user-id", "job-hold-until", "job-name",
	"job-priority",     "media",                "media-col",      "multiple-document-handling",
	"number-up",        "orientation-requested", "output-bin",    "page-ranges",
	"print-color-mode", "print-quality",        "printer-resolution", "sides",
};
const size_t job_settable_count = sizeof(job_settable_attributes) / sizeof(job_settable_attributes[0]);

static bool settable(const char *name)
{
	for (size_t i = 0; i < job_settable_count; i++)
		if (strcmp(name, job_settable_attributes[i]) == 0)
			return true;
	return false;
}

/* Set-Job-Attributes: the settable attributes (checked as at creation), on a job not yet printing. */
static bool do_set(request_t *r, job_t *job)
{
	ippd_group_t *g = ippd_msg_find_group(r->req, IPPD_TAG_JOB);
	if (!g || ippd_group_count(g) == 0) {
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "The request has no job attributes to set.");
		return false;
	}
	if (job->state != IPPD_JOB_STATE_PENDING && job->state != IPPD_JOB_STATE_PENDING_HELD) {
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_NOT_POSSIBLE, "Job %d is %s; only a pending job can change.",
		            (int)job->id, ippd_enum_name("job-state", job->state));
		return false;
	}
	/* Read-only attributes cannot be set. */
	ippd_group_t *unsup = NULL;
	for (ippd_attr_t *a = ippd_group_first(g); a; a = ippd_attr_next(a)) {
		if (settable(ippd_attr_get_name(a)))
			continue;
		if (!unsup)
			unsup = ippd_msg_get_group(r->resp, IPPD_TAG_UNSUPPORTED_GROUP);
		ippd_group_copy_attr(unsup, a, NULL);
	}
	if (unsup) {
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_ATTRIBUTES_NOT_SETTABLE, "Some attributes cannot be set.");
		return false;
	}
	char message[256] = "";
	uint16_t st = printer_check_job_template(ippd_msg_first_group(r->printer->static_attrs), r->req, true, r->resp,
	                                         message, sizeof(message));
	if (st != IPPD_STATUS_SUCCESSFUL_OK) {
		ipp_respond(r, st, "%s", message);
		return false;
	}
	ippd_group_t *dst = ippd_msg_first_group(job->attrs);
	for (ippd_attr_t *a = ippd_group_first(g); a; a = ippd_attr_next(a)) {
		const char *n = ippd_attr_get_name(a);
		ippd_attr_t *old = ippd_group_find(dst, n);
		if (old)
			ippd_group_remove(dst, old);
		if (ippd_attr_get_tag(a, 0) == IPPD_TAG_DELETE_ATTRIBUTE)
			continue;
		if (strcmp(n, "job-name") == 0) {
			snprintf(job->name, sizeof(job->name), "%s", ippd_attr_get_string(a, 0, NULL));
			continue;
		}
		if (strcmp(n, "job-priority") == 0)
			job->priority = ippd_attr_get_integer(a, 0);
		if (strcmp(n, "job-hold-until") == 0) {
			const char *h = ippd_attr_get_string(a, 0, NULL);
			snprintf(job->hold_until, sizeof(job->hold_until), "%s", h && strcmp(h, "no-hold") ? h : "");
			if (!(job->reasons & JR_JOB_INCOMING))
				close_job_locked(job);
		}
		ippd_group_copy_attr(dst, a, NULL);
	}
	sub_job_event_locked(job, EV_JOB_CONFIG_CHANGED, "has new settings");
	if (ippd_group_find(g, "job-priority"))
		sub_printer_event_locked(job->printer, EV_PRINTER_QUEUE_ORDER_CHANGED, "has a new queue order");
	return true;
}

void op_set_job_attributes(request_t *r)
{
	ops_change_job(r, do_set);
}

/* ------------------------------------------------------------------ */
/* Reading jobs                                                       */
/* ------------------------------------------------------------------ */

void op_get_job_attributes(request_t *r)
{
	attr_filter_t f;
	filter_init(&f, r->req, "all", false);
	system_lock(r->sys);
	job_t *job = ops_find_job_locked(r);
	if (job)
		ops_add_job_attrs_locked(r, job, ippd_msg_add_group(r->resp, IPPD_TAG_JOB), &f);
	system_unlock(r->sys);
}

/* which-jobs values and the states each selects (RFC 8011 §4.2.6.1, PWG 5100.7). */
static bool which_selects(const char *which, const job_t *job)
{
	if (strcmp(which, "not-completed") == 0)
		return !job_is_terminal(job);
	if (strcmp(which, "completed") == 0)
		return job_is_terminal(job);
	if (strcmp(which, "all") == 0)
		return true;
	/* Jobs submitted with proof-print that are not finished: before their proof, held for review, or printing. */
	if (strcmp(which, "proof-print") == 0)
		return !job_is_terminal(job) && ippd_group_find(ippd_msg_first_group(job->attrs), "proof-print");
	static const struct {
		const char *name;
		int state;
	} states[] = {
		{"pending", IPPD_JOB_STATE_PENDING},       {"pending-held", IPPD_JOB_STATE_PENDING_HELD},
		{"processing", IPPD_JOB_STATE_PROCESSING}, {"processing-stopped", IPPD_JOB_STATE_PROCESSING_STOPPED},
		{"canceled", IPPD_JOB_STATE_CANCELED},     {"aborted", IPPD_JOB_STATE_ABORTED},
	};
	for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++)
		if (strcmp(which, states[i].name) == 0)
			return job->state == states[i].state;
	return false;
}

void op_get_jobs(request_t *r)
{
	const ippd_attr_t *which_a = ops_op_attr(r, "which-jobs", IPPD_TAG_KEYWORD);
	const char *which = which_a ? ippd_attr_get_string(which_a, 0, NULL) : "not-completed";
	const ippd_attr_t *sup = ippd_group_find(ippd_msg_first_group(r->printer->static_attrs), "which-jobs-supported");
	if (which_a && sup && !ippd_attr_contains_string(sup, which)) {
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_ATTRIBUTES_OR_VALUES_NOT_SUPPORTED,
		            "which-jobs '%s' is not supported.", which);
		ippd_group_copy_attr(ippd_msg_get_group(r->resp, IPPD_TAG_UNSUPPORTED_GROUP), which_a, NULL);
		return;
	}
	const ippd_attr_t *my = ops_op_attr(r, "my-jobs", IPPD_TAG_BOOLEAN);
	bool mine = my && ippd_attr_get_boolean(my, 0);
	const ippd_attr_t *lim = ops_op_attr(r, "limit", IPPD_TAG_INTEGER);
	const ippd_attr_t *first = ops_op_attr(r, "first-index", IPPD_TAG_INTEGER);
	const ippd_attr_t *ids = ippd_msg_find(r->req, IPPD_TAG_OPERATION, "job-ids");
	int32_t limit = lim ? ippd_attr_get_integer(lim, 0) : INT32_MAX;
	int32_t skip = first ? ippd_attr_get_integer(first, 0) - 1 : 0;
	if (limit < 1 || skip < 0) {
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_ATTRIBUTES_OR_VALUES_NOT_SUPPORTED,
		            "limit and first-index must be 1 or more.");
		ippd_group_copy_attr(ippd_msg_get_group(r->resp, IPPD_TAG_UNSUPPORTED_GROUP), limit < 1 ? lim : first,
		                     NULL);
		return;
	}
	attr_filter_t f;
	filter_init(&f, r->req, "job-id", false);
	ippd_msg_t *defaults = NULL;
	if (!f.names) {
		/* RFC 8011: job-uri and job-id when requested-attributes is absent. */
		static const char *const dflt[] = {"job-id", "job-uri"};
		defaults = ippd_msg_new();
		ippd_group_t *g = defaults ? ippd_msg_add_group(defaults, IPPD_TAG_OPERATION) : NULL;
		f.names = g ? ippd_group_add_strings(g, IPPD_TAG_KEYWORD, "requested-attributes", 2, dflt) : NULL;
	}

	bool which_terminal = strcmp(which, "completed") == 0 || strcmp(which, "canceled") == 0 ||
	                      strcmp(which, "aborted") == 0;
	bool completed_first = which_terminal;
	system_lock(r->sys);
	/* Active jobs in the order they will print (oldest first); finished ones newest first.
	 * CUPS's "/" (all_printers): printer by printer. */
	int32_t sent = 0, seen = 0;
	size_t n_targets = r->all_printers ? r->sys->n_printers : 1;
	for (size_t t = 0; t < n_targets && sent < limit; t++) {
		printer_t *p = r->all_printers ? r->sys->printers[t] : r->printer;
		/* The access check was made on r->printer: other printers only where it holds as well. */
		if (p != r->printer && !access_same_rules(p, r->printer))
			continue;
		for (int pass = 0; pass < 2 && sent < limit; pass++) {
			bool terminal_pass = (pass == 0) == completed_first;
			/* Skip the half of the history that which-jobs cannot select: it may be long. */
			if (!ids && terminal_pass != which_terminal && strcmp(which, "all") != 0)
				continue;
			size_t from = terminal_pass ? 0 : printer_first_active_locked(p);
			for (size_t k = from; k < p->n_jobs && sent < limit; k++) {
				const job_t *job = terminal_pass ? p->jobs[p->n_jobs - 1 - k] : p->jobs[k];
				if (job_is_terminal(job) != terminal_pass)
					continue;
				if (ids ? !ippd_attr_contains_integer(ids, job->id) : !which_selects(which, job))
					continue;
				if (mine && strcmp(job->owner, r->user) != 0)
					continue;
				if (seen++ < skip)
					continue;
				ops_add_job_attrs_locked(r, job, ippd_msg_add_group(r->resp, IPPD_TAG_JOB), &f);
				sent++;
			}
		}
	}
	system_unlock(r->sys);
	ippd_msg_free(defaults);
}
