/* Document operations (PWG 5100.7): Get-Document-Attributes, Get-Documents, Set-Document-Attributes, Cancel-Document, Validate-Document. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "document.h"
#include "ops.h"
#include "privacy.h"

const char *const doc_settable_attributes[] = {"document-message", "document-name"};
const size_t doc_settable_count = sizeof(doc_settable_attributes) / sizeof(doc_settable_attributes[0]);


/* document-state-reasons: why the document is in its state, in the job's terms. */
static const char *doc_reason(const job_t *job, const doc_t *doc, int state)
{
	switch (state) {
	case IPPD_DOCUMENT_STATE_CANCELED:
		return (!doc->canceled && (job->reasons & JR_CANCELED_BY_OPERATOR)) ? "canceled-by-operator"
		                                                                     : "canceled-by-user";
	case IPPD_DOCUMENT_STATE_ABORTED:
		return (job->reasons & JR_DOCUMENT_FORMAT_ERROR) ? "document-format-error" : "aborted-by-system";
	case IPPD_DOCUMENT_STATE_COMPLETED:
		return "completed-successfully";
	case IPPD_DOCUMENT_STATE_PROCESSING:
		return "processing-to-stop-point";
	default:
		return (job->reasons & JR_JOB_INCOMING) ? "incoming" : "queued";
	}
}

/* Adds the document attributes `f` asks for.  Caller holds the lock. */
static void add_doc_attrs_locked(request_t *r, const job_t *job, const doc_t *doc, ippd_group_t *g,
                                 const attr_filter_t *f)
{
	char uri[1100];
	int state = doc_state_locked(job, doc);
#define WANT(name) filter_want(f, name)
	if (WANT("document-number"))
		ippd_group_add_integer(g, IPPD_TAG_INTEGER, "document-number", doc->number);
	if (WANT("document-job-id"))
		ippd_group_add_integer(g, IPPD_TAG_INTEGER, "document-job-id", job->id);
	if (WANT("document-job-uri")) {
		ops_job_uri(r, job, uri, sizeof(uri));
		ippd_group_add_string(g, IPPD_TAG_URI, "document-job-uri", uri);
	}
	if (WANT("document-printer-uri")) {
		ops_printer_uri(r, job->printer, uri, sizeof(uri));
		ippd_group_add_string(g, IPPD_TAG_URI, "document-printer-uri", uri);
	}
	if (WANT("document-uri") && doc->uri[0])
		ippd_group_add_string(g, IPPD_TAG_URI, "document-uri", doc->uri);
	if (WANT("document-state"))
		ippd_group_add_integer(g, IPPD_TAG_ENUM, "document-state", state);
	if (WANT("document-state-reasons"))
		ippd_group_add_string(g, IPPD_TAG_KEYWORD, "document-state-reasons", doc_reason(job, doc, state));
	if (WANT("document-format"))
		ippd_group_add_string(g, IPPD_TAG_MIME_TYPE, "document-format", doc->format);
	if (WANT("document-name"))
		ippd_group_add_string(g, IPPD_TAG_NAME, "document-name", doc->name);
	if (WANT("document-message") && doc->message[0])
		ippd_group_add_string(g, IPPD_TAG_TEXT, "document-message", doc->message);
	if (WANT("compression"))
		ippd_group_add_string(g, IPPD_TAG_KEYWORD, "compression", doc->compression[0] ? doc->compression : "none");
	if (WANT("k-octets"))
		ippd_group_add_integer(g, IPPD_TAG_INTEGER, "k-octets", (int32_t)((doc->size + 1023) / 1024));
	if (WANT("impressions") && doc->pages > 0)
		ippd_group_add_integer(g, IPPD_TAG_INTEGER, "impressions", doc->pages);
	if (WANT("impressions-completed"))
		ippd_group_add_integer(g, IPPD_TAG_INTEGER, "impressions-completed",
		                       state == IPPD_DOCUMENT_STATE_COMPLETED && doc->pages > 0 ? doc->pages : 0);
	if (WANT("last-document"))
		ippd_group_add_boolean(g, "last-document",
		                       !(job->reasons & JR_JOB_INCOMING) && doc == &job->docs[job->n_docs - 1]);
	if (WANT("printer-up-time"))
		ippd_group_add_integer(g, IPPD_TAG_INTEGER, "printer-up-time",
		                       ops_up_time(r, time(NULL)));
	ops_add_time(g, r, "time-at-creation", "date-time-at-creation", doc->created ? doc->created : job->created, f);
	ops_add_time(g, r, "time-at-processing", "date-time-at-processing", job->processing, f);
	ops_add_time(g, r, "time-at-completed", "date-time-at-completed",
	         state >= IPPD_DOCUMENT_STATE_CANCELED ? (job->completed ? job->completed : time(NULL)) : 0, f);
#undef WANT
	privacy_strip_locked(r, job, g);
}

/* The document-number operation attribute; 0 after responding when it is missing or not an integer. */
static int requested_number(request_t *r)
{
	const ippd_attr_t *a = ops_op_attr(r, "document-number", IPPD_TAG_INTEGER);
	if (!a || ippd_attr_get_integer(a, 0) < 1) {
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "The request needs document-number (1 or more).");
		return 0;
	}
	return (int)ippd_attr_get_integer(a, 0);
}

/*
 * The job and document the request names; NULL after responding.  With
 * `change`, the user must be allowed to change the job, which is checked
 * before the arguments: a stranger learns nothing about them.  Caller
 * holds the lock.
 */
static doc_t *find_doc_locked(request_t *r, bool change, job_t **job_out)
{
	job_t *job = ops_find_job_locked(r);
	*job_out = job;
	if (!job || (change && !ops_may_change_job_locked(r, job)))
		return NULL;
	int number = requested_number(r);
	if (!number)
		return NULL;
	doc_t *doc = job_find_doc_locked(job, number);
	if (!doc)
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_NOT_FOUND, "Job %d has no document %d.", (int)job->id, number);
	return doc;
}

void op_get_document_attributes(request_t *r)
{
	attr_filter_t f;
	filter_init(&f, r->req, "all", false);
	job_t *job;
	system_lock(r->sys);
	doc_t *doc = find_doc_locked(r, false, &job);
	if (doc)
		add_doc_attrs_locked(r, job, doc, ippd_msg_add_group(r->resp, IPPD_TAG_DOCUMENT), &f);
	system_unlock(r->sys);
}

void op_get_documents(request_t *r)
{
	const ippd_attr_t *lim = ops_op_attr(r, "limit", IPPD_TAG_INTEGER);
	int32_t limit = lim ? ippd_attr_get_integer(lim, 0) : INT32_MAX;
	if (limit < 1) {
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_ATTRIBUTES_OR_VALUES_NOT_SUPPORTED, "limit must be 1 or more.");
		ippd_group_copy_attr(ippd_msg_get_group(r->resp, IPPD_TAG_UNSUPPORTED_GROUP), lim, NULL);
		return;
	}
	attr_filter_t f;
	filter_init(&f, r->req, "document-number", false);
	ippd_msg_t *defaults = NULL;
	if (!f.names) {
		/* PWG 5100.7: document-number alone when requested-attributes is absent. */
		static const char *const dflt[] = {"document-number"};
		defaults = ippd_msg_new();
		ippd_group_t *g = defaults ? ippd_msg_add_group(defaults, IPPD_TAG_OPERATION) : NULL;
		f.names = g ? ippd_group_add_strings(g, IPPD_TAG_KEYWORD, "requested-attributes", 1, dflt) : NULL;
	}
	system_lock(r->sys);
	job_t *job = ops_find_job_locked(r);
	for (int i = 0; job && i < job->n_docs && i < limit; i++)
		add_doc_attrs_locked(r, job, &job->docs[i], ippd_msg_add_group(r->resp, IPPD_TAG_DOCUMENT), &f);
	system_unlock(r->sys);
	ippd_msg_free(defaults);
}

static bool doc_settable(const char *name)
{
	for (size_t i = 0; i < doc_settable_count; i++)
		if (strcmp(name, doc_settable_attributes[i]) == 0)
			return true;
	return false;
}

/* The document group of Set-Document-Attributes: only settable attributes, each one text/name value. */
static bool check_doc_changes(request_t *r, const ippd_group_t *g)
{
	if (!g || ippd_group_count(g) == 0) {
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "The request has no document attributes to set.");
		return false;
	}
	bool ok = true;
	for (ippd_attr_t *a = ippd_group_first((ippd_group_t *)g); a; a = ippd_attr_next(a)) {
		const char *n = ippd_attr_get_name(a);
		ippd_tag_t tag = ippd_attr_get_tag(a, 0);
		size_t len = 0;
		ippd_attr_get_string(a, 0, &len);
		bool text = strcmp(n, "document-name") == 0 ? (tag == IPPD_TAG_NAME || tag == IPPD_TAG_NAME_LANG)
		                                             : (tag == IPPD_TAG_TEXT || tag == IPPD_TAG_TEXT_LANG);
		if (doc_settable(n) && ippd_attr_count(a) == 1 && (text || tag == IPPD_TAG_DELETE_ATTRIBUTE) && len < 128)
			continue;
		ippd_group_copy_attr(ippd_msg_get_group(r->resp, IPPD_TAG_UNSUPPORTED_GROUP), a, NULL);
		ok = false;
	}
	if (!ok)
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_ATTRIBUTES_NOT_SETTABLE,
		            "Only document-name and document-message (up to 127 octets) can be set.");
	return ok;
}

void op_set_document_attributes(request_t *r)
{
	const ippd_group_t *g = ippd_msg_find_group(r->req, IPPD_TAG_DOCUMENT);
	job_t *job;
	system_lock(r->sys);
	doc_t *doc = find_doc_locked(r, true, &job);
	int number = doc ? doc->number : 0;
	bool ok = doc && check_doc_changes(r, g);
	if (ok && (job_is_terminal(job) || doc->canceled)) {
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_NOT_POSSIBLE, "Document %d of job %d is %s; it cannot change.", number,
		            (int)job->id, doc->canceled ? "canceled" : ippd_enum_name("job-state", job->state));
		ok = false;
	}
	for (ippd_attr_t *a = ok ? ippd_group_first((ippd_group_t *)g) : NULL; a; a = ippd_attr_next(a)) {
		bool del = ippd_attr_get_tag(a, 0) == IPPD_TAG_DELETE_ATTRIBUTE;
		const char *v = del ? "" : ippd_attr_get_string(a, 0, NULL);
		if (strcmp(ippd_attr_get_name(a), "document-name") == 0)
			snprintf(doc->name, sizeof(doc->name), "%s", del ? job->name : v);
		else
			snprintf(doc->message, sizeof(doc->message), "%s", v ? v : "");
	}
	if (ok)
		job_hold_locked(job);
	system_unlock(r->sys);
	if (!ok)
		return;
	if (!job_save(r->sys, job))
		ipp_respond(r, IPPD_STATUS_SERVER_ERROR_INTERNAL_ERROR, "The document could not be saved.");
	system_lock(r->sys);
	job_release_locked(job);
	system_unlock(r->sys);
}

/*
 * Cancel-Document: the worker skips a canceled document (at the next
 * document boundary when the job is printing).  A closed job whose
 * documents are all canceled is canceled with them.
 */
void op_cancel_document(request_t *r)
{
	job_t *job;
	system_lock(r->sys);
	doc_t *doc = find_doc_locked(r, true, &job);
	int number = doc ? doc->number : 0;
	bool ok = doc != NULL;
	if (ok && (job_is_terminal(job) || doc->canceled)) {
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_NOT_POSSIBLE, "Document %d of job %d is already %s.", number,
		            (int)job->id, ippd_enum_name("document-state", doc_state_locked(job, doc)));
		ok = false;
	}
	if (ok) {
		doc->canceled = true;
		int live = 0;
		for (int i = 0; i < job->n_docs; i++)
			live += !job->docs[i].canceled;
		if (live == 0 && !(job->reasons & JR_JOB_INCOMING) && !job->fetching) {
			job->cancel_requested = true;
			snprintf(job->message, sizeof(job->message), "Every document was canceled by %s.", r->user);
			job_enter_state_locked(job, IPPD_JOB_STATE_CANCELED, JR_CANCELED_BY_USER, 0);
		}
		job_hold_locked(job);
	}
	system_unlock(r->sys);
	if (!ok)
		return;
	log_job(job, LOG_INFO, "document %d canceled by %s", number, r->user);
	if (!job_save(r->sys, job))
		ipp_respond(r, IPPD_STATUS_SERVER_ERROR_INTERNAL_ERROR, "The document could not be saved.");
	system_lock(r->sys);
	job_release_locked(job);
	system_unlock(r->sys);
}

/*
 * Validate-Document: what Send-Document would check, without a document.
 * It changes nothing, so any user may ask (docs/SECURITY.md: class user).
 */
void op_validate_document(request_t *r)
{
	system_lock(r->sys);
	job_t *job = ops_find_job_locked(r);
	bool open = job && (job->reasons & JR_JOB_INCOMING);
	if (job && !open)
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_NOT_POSSIBLE, "Job %d is closed; it takes no more documents.",
		            (int)job->id);
	system_unlock(r->sys);
	if (!open)
		return;
	char message[256] = "";
	uint16_t st = printer_check_job_template(ippd_msg_first_group(r->printer->static_attrs), r->req, true, r->resp,
	                                         message, sizeof(message));
	if (st != IPPD_STATUS_SUCCESSFUL_OK)
		ipp_respond(r, st, "%s", message);
}
