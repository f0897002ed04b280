/* IPP dispatch: the operation table, the checks every operation shares, and the response helpers. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ippd/url.h>
#include <ippd/validate.h>

#include "access.h"
#include "cups-compat.h"
#include "notify-wait.h"
#include "ops.h"
#include "spool.h"

const op_def_t ops_table[] = {
	/* operation                     job    doc    oob    tmpl   handler */
	{IPPD_OP_PRINT_JOB, false, true, false, true, op_print_job},
	{IPPD_OP_VALIDATE_JOB, false, false, false, true, op_validate_job},
	{IPPD_OP_CREATE_JOB, false, false, false, true, op_create_job},
	{IPPD_OP_SEND_DOCUMENT, true, true, false, false, op_send_document},
	{IPPD_OP_CANCEL_JOB, true, false, false, false, op_cancel_job},
	{IPPD_OP_GET_JOB_ATTRIBUTES, true, false, false, false, op_get_job_attributes},
	{IPPD_OP_GET_JOBS, false, false, false, false, op_get_jobs},
	{IPPD_OP_GET_PRINTER_ATTRIBUTES, false, false, false, false, op_get_printer_attributes},
	{IPPD_OP_HOLD_JOB, true, false, false, false, op_hold_job},
	{IPPD_OP_RELEASE_JOB, true, false, false, false, op_release_job},
	{IPPD_OP_RESTART_JOB, true, false, false, false, op_restart_job},
	{IPPD_OP_PAUSE_PRINTER, false, false, false, false, op_pause_printer},
	{IPPD_OP_RESUME_PRINTER, false, false, false, false, op_resume_printer},
	{IPPD_OP_PURGE_JOBS, false, false, false, false, op_purge_jobs},
	{IPPD_OP_SET_PRINTER_ATTRIBUTES, false, false, true, false, op_set_printer_attributes},
	{IPPD_OP_SET_JOB_ATTRIBUTES, true, false, true, true, op_set_job_attributes},
	{IPPD_OP_CANCEL_CURRENT_JOB, false, false, false, false, op_cancel_current_job},
	{IPPD_OP_CANCEL_JOBS, false, false, false, false, op_cancel_jobs},
	{IPPD_OP_CANCEL_MY_JOBS, false, false, false, false, op_cancel_my_jobs},
	{IPPD_OP_CLOSE_JOB, true, false, false, false, op_close_job},
	{IPPD_OP_IDENTIFY_PRINTER, false, false, false, false, op_identify_printer},
	{IPPD_OP_CREATE_PRINTER_SUBSCRIPTIONS, false, false, false, false, op_create_printer_subscriptions},
	{IPPD_OP_CREATE_JOB_SUBSCRIPTIONS, false, false, false, false, op_create_job_subscriptions},
	{IPPD_OP_GET_SUBSCRIPTION_ATTRIBUTES, false, false, false, false, op_get_subscription_attributes},
	{IPPD_OP_GET_SUBSCRIPTIONS, false, false, false, false, op_get_subscriptions},
	{IPPD_OP_RENEW_SUBSCRIPTION, false, false, false, false, op_renew_subscription},
	{IPPD_OP_CANCEL_SUBSCRIPTION, false, false, false, false, op_cancel_subscription},
	{IPPD_OP_GET_NOTIFICATIONS, false, false, false, false, op_get_notifications},
	/* PWG 5100.7 documents, RFC 3998 / PWG 5100.11 administration, RFC 8011 Print-URI/Send-URI. */
	{IPPD_OP_GET_PRINTER_SUPPORTED_VALUES, false, false, false, false, op_get_printer_supported_values},
	{IPPD_OP_ENABLE_PRINTER, false, false, false, false, op_enable_printer},
	{IPPD_OP_DISABLE_PRINTER, false, false, false, false, op_disable_printer},
	{IPPD_OP_PAUSE_PRINTER_AFTER_CURRENT_JOB, false, false, false, false, op_pause_printer_after_current_job},
	{IPPD_OP_HOLD_NEW_JOBS, false, false, false, false, op_hold_new_jobs},
	{IPPD_OP_RELEASE_HELD_NEW_JOBS, false, false, false, false, op_release_held_new_jobs},
	{IPPD_OP_RESTART_PRINTER, false, false, false, false, op_restart_printer},
	{IPPD_OP_SHUTDOWN_PRINTER, false, false, false, false, op_shutdown_printer},
	{IPPD_OP_STARTUP_PRINTER, false, false, false, false, op_startup_printer},
	{IPPD_OP_REPROCESS_JOB, true, false, false, false, op_reprocess_job},
	{IPPD_OP_SUSPEND_CURRENT_JOB, false, false, false, false, op_suspend_current_job},
	{IPPD_OP_RESUME_JOB, true, false, false, false, op_resume_job},
	{IPPD_OP_PROMOTE_JOB, true, false, false, false, op_promote_job},
	{IPPD_OP_SCHEDULE_JOB_AFTER, true, false, false, false, op_schedule_job_after},
	{IPPD_OP_CANCEL_DOCUMENT, true, false, false, false, op_cancel_document},
	{IPPD_OP_GET_DOCUMENT_ATTRIBUTES, true, false, false, false, op_get_document_attributes},
	{IPPD_OP_GET_DOCUMENTS, true, false, false, false, op_get_documents},
	{IPPD_OP_SET_DOCUMENT_ATTRIBUTES, true, false, true, false, op_set_document_attributes},
	{IPPD_OP_RESUBMIT_JOB, true, false, false, true, op_resubmit_job},
	{IPPD_OP_VALIDATE_DOCUMENT, true, false, false, false, op_validate_document},
	{IPPD_OP_PRINT_URI, false, false, false, true, op_print_uri},
	{IPPD_OP_SEND_URI, true, false, false, false, op_send_uri},
	/* CUPS's server extensions for its own clients (cups-compat.h); not in operations-supported. */
	{IPPD_OP_CUPS_GET_DEFAULT, false, false, false, false, op_cups_get_default},
	{IPPD_OP_CUPS_GET_PRINTERS, false, false, false, false, op_cups_get_printers},
	{IPPD_OP_CUPS_GET_CLASSES, false, false, false, false, op_cups_get_classes},
	{IPPD_OP_CUPS_ACCEPT_JOBS, false, false, false, false, op_cups_accept_jobs},
	{IPPD_OP_CUPS_REJECT_JOBS, false, false, false, false, op_cups_reject_jobs},
};
const size_t ops_count = sizeof(ops_table) / sizeof(ops_table[0]);

bool ops_available_locked(const op_def_t *def, const printer_t *p)
{
	/* Print-URI and Send-URI exist only where the configuration names what they may fetch. */
	if (def->op == IPPD_OP_PRINT_URI || def->op == IPPD_OP_SEND_URI)
		return print_uri_available(p);
	return true;
}

static const op_def_t *find_op(uint16_t op)
{
	for (size_t i = 0; i < ops_count; i++)
		if (ops_table[i].op == op)
			return &ops_table[i];
	return NULL;
}

void ipp_respond(request_t *r, uint16_t status, const char *fmt, ...)
{
	if (!r->resp)
		return;
	uint16_t cur = ippd_msg_get_code(r->resp);
	if (cur >= 0x0400 || (status < 0x0400 && cur > status))
		return;
	ippd_msg_set_code(r->resp, status);
	if (!fmt)
		return;
	char text[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	ops_text_clean(text);
	ippd_group_t *op = ippd_msg_find_group(r->resp, IPPD_TAG_OPERATION);
	ippd_attr_t *old = ippd_group_find(op, "status-message");
	if (old)
		ippd_group_remove(op, old);
	ippd_group_add_string(op, IPPD_TAG_TEXT, "status-message", text);
	if (log_enabled(LOG_DEBUG)) {
		char safe[600];
		log_msg(LOG_DEBUG, "%s: %s: %s", r->peer, ippd_status_name(status), log_escape(text, safe, sizeof(safe)));
	}
}

void ipp_respond_undecodable(request_t *r, const ippd_error_t *err)
{
	const ippd_msg_t *partial = r->req ? r->req : ippd_decoder_peek(r->dec);
	ippd_msg_free(r->resp);
	r->resp = ippd_msg_new_response(partial, 0);
	if (!r->resp)
		return;
	if (partial && ippd_msg_get_major(partial) != 1 && ippd_msg_get_major(partial) != 2)
		ippd_msg_set_version(r->resp, 2, 0);
	uint16_t status = err->ipp_status ? err->ipp_status : IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST;
	/* HTTP 413 only when the IPP status says the same (a collection nested too deep is a limit, but bad-request). */
	if (err->code == IPPD_ERR_LIMIT && status == IPPD_STATUS_CLIENT_ERROR_REQUEST_ENTITY_TOO_LARGE)
		r->http_status = 413;
	else if (err->code == IPPD_ERR_LIMIT || err->code == IPPD_ERR_MALFORMED || err->code == IPPD_ERR_TRUNCATED)
		r->http_status = 400;
	ipp_respond(r, status, "Malformed request at byte %zu: %s", err->offset, err->text);
	log_msg(LOG_INFO, "%s: undecodable request at byte %zu", r->peer, err->offset);
}

/* ------------------------------------------------------------------ */
/* The shared checks, then the operation                              */
/* ------------------------------------------------------------------ */

/* Names the request's target printer with printer-uri (or job-uri); its path must match the one posted to. */
static bool check_target(request_t *r, const op_def_t *def)
{
	if (cups_compat_needs_no_target(r->op)) {
		r->cups_names = true;
		system_lock(r->sys);
		r->printer = cups_compat_default_locked(r->sys);
		system_unlock(r->sys);
		if (!r->printer)
			ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_NOT_FOUND, "There is no printer.");
		return r->printer != NULL;
	}
	const ippd_attr_t *uri = ops_op_attr(r, "printer-uri", IPPD_TAG_URI);
	const ippd_attr_t *juri = ops_op_attr(r, "job-uri", IPPD_TAG_URI);
	if (!uri && !(def->job_target && juri)) {
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "The request has no printer-uri.");
		return false;
	}
	ippd_url_t url;
	const char *s = ippd_attr_get_string(uri ? uri : juri, 0, NULL);
	if (ippd_url_parse(s, &url, NULL) < 0) {
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "%s is not a valid ipp or ipps URI.",
		            uri ? "printer-uri" : "job-uri");
		return false;
	}
	system_lock(r->sys);
	printer_t *p = system_find_printer_locked(r->sys, url.path, strlen(url.path));
	if (!p && (p = cups_compat_printer_locked(r->sys, url.path, strlen(url.path))) != NULL)
		r->cups_names = true; /* CUPS's name for it: /printers/NAME */
	if (!p && uri && r->op == IPPD_OP_GET_JOBS && cups_compat_resource(url.path)) {
		/* CUPS's "every printer" (lpstat -o). */
		p = cups_compat_default_locked(r->sys);
		r->cups_names = r->all_printers = true;
	}
	if (!uri && !p) {
		/* A job-uri: the printer's path and the job id, or CUPS's /jobs/ID. */
		const char *slash = strrchr(url.path, '/');
		if (slash)
			p = system_find_printer_locked(r->sys, url.path, (size_t)(slash - url.path));
		if (!p && (p = cups_compat_job_printer_locked(r->sys, url.path)) != NULL)
			r->cups_names = true;
	}
	system_unlock(r->sys);
	if (!p) {
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_NOT_FOUND, "There is no printer at %s.", url.path);
		return false;
	}
	r->printer = p;
	return true;
}

/*
 * For operations that check Job Template values against the printer, the
 * registry's verdict on those attributes is left to that check (fidelity
 * decides between an error and ignoring them): they leave the unsupported
 * group.  The status stands only if something else is unsupported.
 */
static uint16_t leave_template_to_operation(request_t *r)
{
	ippd_group_t *u = ippd_msg_find_group(r->resp, IPPD_TAG_UNSUPPORTED_GROUP);
	const ippd_group_t *jg = ippd_msg_find_group(r->req, IPPD_TAG_JOB);
	for (ippd_attr_t *a = ippd_group_first(u), *next; a; a = next) {
		next = ippd_attr_next(a);
		const char *n = ippd_attr_get_name(a);
		if (ippd_group_find(jg, n) || printer_attr_is_job_template(n))
			ippd_group_remove(u, a);
	}
	return ippd_group_count(u) ? IPPD_STATUS_CLIENT_ERROR_ATTRIBUTES_OR_VALUES_NOT_SUPPORTED
	                           : IPPD_STATUS_SUCCESSFUL_OK;
}

/*
 * RFC 8011 §4.1.7: an operation attribute the printer does not support is
 * ignored and returned with the out-of-band value 'unsupported', and the
 * status becomes successful-ok-ignored-or-substituted-attributes.  Job
 * Template attributes sent in the operation group are tolerated (see
 * check_job_request).
 */
static void flag_unknown_operation_attrs(request_t *r)
{
	const ippd_group_t *op = ippd_msg_find_group(r->req, IPPD_TAG_OPERATION);
	for (ippd_attr_t *a = ippd_group_first(op); a; a = ippd_attr_next(a)) {
		const char *n = ippd_attr_get_name(a);
		const ippd_attr_def_t *d = ippd_registry_find(n);
		if ((d && (d->groups & IPPD_AG_OPERATION)) || printer_attr_is_job_template(n))
			continue;
		ippd_group_t *u = ippd_msg_get_group(r->resp, IPPD_TAG_UNSUPPORTED_GROUP);
		if (u && !ippd_group_find(u, n))
			ippd_group_add_out_of_band(u, IPPD_TAG_UNSUPPORTED_VALUE, n);
		ipp_respond(r, IPPD_STATUS_SUCCESSFUL_OK_IGNORED_OR_SUBSTITUTED_ATTRIBUTES,
		            "The operation attribute '%s' is not supported and was ignored.", n);
	}
}

/*
 * An operation the printer does not offer now (Print-URI unconfigured) is
 * unsupported, and a shut-down printer answers only what brings it back
 * and queries (RFC 3998 §3.2.7).
 */
static bool check_available(request_t *r, const op_def_t *def)
{
	system_lock(r->sys);
	bool offered = ops_available_locked(def, r->printer);
	bool shut = (r->printer->reasons & PR_SHUTDOWN) && !printer_admin_allowed_when_shutdown(def->op);
	system_unlock(r->sys);
	if (!offered) {
		ipp_respond(r, IPPD_STATUS_SERVER_ERROR_OPERATION_NOT_SUPPORTED, "%s is not enabled on this printer.",
		            ippd_op_name(def->op));
		return false;
	}
	if (shut) {
		ipp_respond(r, IPPD_STATUS_SERVER_ERROR_SERVICE_UNAVAILABLE,
		            "The printer is shut down; Startup-Printer brings it back.");
		return false;
	}
	return true;
}

void ipp_begin(request_t *r)
{
	r->op = ippd_msg_get_code(r->req);
	r->resp = ippd_msg_new_response(r->req, IPPD_STATUS_SUCCESSFUL_OK);
	if (!r->resp) {
		r->phase = PHASE_DISCARD;
		return;
	}
	if (r->system_target) {
		system_ipp_begin(r);
		r->phase = PHASE_DISCARD;
		return;
	}
	const op_def_t *def = find_op(r->op);
	ippd_validate_opts_t opts = {
		.versions = IPPD_VERSION_1_0 | IPPD_VERSION_1_1 | IPPD_VERSION_2_0 | IPPD_VERSION_2_1 | IPPD_VERSION_2_2,
		.allow_out_of_band = def && def->allow_out_of_band,
	};
	char message[240];
	uint16_t status = ippd_request_validate(r->req, &opts, r->resp, message, sizeof(message));
	if (status == IPPD_STATUS_CLIENT_ERROR_ATTRIBUTES_OR_VALUES_NOT_SUPPORTED && def && def->checks_template)
		status = leave_template_to_operation(r);
	if (status != IPPD_STATUS_SUCCESSFUL_OK) {
		ipp_respond(r, status, "%s", message);
	} else if (!def) {
		const char *name = ippd_op_name(r->op);
		ipp_respond(r, IPPD_STATUS_SERVER_ERROR_OPERATION_NOT_SUPPORTED, "%s (0x%04x) is not supported.",
		            name ? name : "This operation", r->op);
	} else if (check_target(r, def)) {
		const ippd_attr_t *user = ops_op_attr(r, "requesting-user-name", IPPD_TAG_NAME);
		if (!user)
			user = ops_op_attr(r, "requesting-user-name", IPPD_TAG_NAME_LANG);
		r->user = user ? ippd_attr_get_string(user, 0, NULL) : "anonymous";
		if (!r->user[0])
			r->user = "anonymous";
		if (access_check(r, def) && check_available(r, def)) {
			r->document_op = def->takes_document;
			flag_unknown_operation_attrs(r);
			def->run(r);
		}
	}
	/* A request that did not start receiving a document has its answer; the rest of the body is dropped. */
	if (r->phase != PHASE_DATA) {
		r->phase = PHASE_DISCARD;
		notify_ipp_finish(r);
	}
}

/* Ends the document upload in progress and aborts its job with `reason` and `why`. */
static void abort_job(request_t *r, uint32_t reason, const char *why)
{
	char text[256];
	snprintf(text, sizeof(text), "%s", why);
	if (r->spool) {
		spool_discard(r->spool);
		r->spool = NULL;
	}
	job_t *job = r->job;
	if (!job)
		return;
	system_lock(r->sys);
	if (!job_is_terminal(job)) {
		snprintf(job->message, sizeof(job->message), "%s", text);
		job_enter_state_locked(job, IPPD_JOB_STATE_ABORTED, reason, JR_JOB_INCOMING);
	}
	system_unlock(r->sys);
	job_save(r->sys, job);
}

void ipp_abort(request_t *r)
{
	abort_job(r, JR_SUBMISSION_INTERRUPTED, "The document did not arrive whole.");
}

void ipp_data(request_t *r, const void *data, size_t len)
{
	if (!r->spool)
		return;
	if (spool_write(r->spool, data, len) != 0) {
		ipp_respond(r, spool_status(r->spool), "%s", spool_error(r->spool));
		abort_job(r, spool_reason(r->spool), spool_error(r->spool));
		r->phase = PHASE_DISCARD;
	}
}

void ipp_end(request_t *r)
{
	if (r->phase == PHASE_DATA && r->spool) {
		job_ipp_document_done(r);
		notify_ipp_finish(r);
	}
	if (!r->resp) {
		r->resp = ippd_msg_new_response(r->req, IPPD_STATUS_SERVER_ERROR_INTERNAL_ERROR);
		r->http_status = 500;
	}
}

void ipp_request_cleanup(request_t *r)
{
	if (r->spool)
		spool_discard(r->spool);
	if (r->job) {
		system_lock(r->sys);
		job_release_locked(r->job);
		system_unlock(r->sys);
	}
	ippd_decoder_free(r->dec);
	ippd_msg_free(r->req);
	ippd_msg_free(r->resp);
	ippd_msg_free(r->sub_groups);
	notify_hold_free(r->hold);
}

/* ------------------------------------------------------------------ */
/* Helpers for the handlers                                           */
/* ------------------------------------------------------------------ */

void ops_text_clean(char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		size_t k = (unsigned char)s[i] < 0x80 ? 1 : 0;
		for (size_t len = 2; !k && len <= 4 && i + len <= n; len++)
			if (ippd_utf8_valid(s + i, len))
				k = len;
		bool control = (k == 1 && ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)) ||
		               (k == 2 && (unsigned char)s[i] == 0xc2 && (unsigned char)s[i + 1] < 0xa0);
		if (!k || control) {
			memset(s + i, '?', k ? k : 1);
			k = k ? k : 1;
		}
		i += k;
	}
}

const ippd_attr_t *ops_op_attr(const request_t *r, const char *name, ippd_tag_t tag)
{
	const ippd_attr_t *a = ippd_msg_find(r->req, IPPD_TAG_OPERATION, name);
	return a && ippd_attr_get_tag(a, 0) == tag ? a : NULL;
}

void filter_init(attr_filter_t *f, const ippd_msg_t *req, const char *dflt, bool for_printer)
{
	memset(f, 0, sizeof(*f));
	f->for_printer = for_printer;
	f->names = ippd_msg_find(req, IPPD_TAG_OPERATION, "requested-attributes");
	if (!f->names) {
		f->all = strcmp(dflt, "all") == 0;
		return;
	}
	static const struct {
		const char *name;
		uint32_t groups;
	} group_names[] = {
		{"job-template", IPPD_AG_JOB_TEMPLATE},
		{"job-description", IPPD_AG_JOB_DESCRIPTION | IPPD_AG_JOB_STATUS},
		{"job-status", IPPD_AG_JOB_STATUS},
		{"printer-description", IPPD_AG_PRINTER_DESCRIPTION | IPPD_AG_PRINTER_STATUS},
		{"printer-status", IPPD_AG_PRINTER_STATUS},
		{"document-description", IPPD_AG_DOCUMENT_DESCRIPTION | IPPD_AG_DOCUMENT_STATUS},
		{"document-template", IPPD_AG_DOCUMENT_TEMPLATE},
	};
	for (size_t i = 0; i < ippd_attr_count(f->names); i++) {
		const char *n = ippd_attr_get_string(f->names, i, NULL);
		if (!n)
			continue;
		if (strcmp(n, "all") == 0)
			f->all = true;
		for (size_t k = 0; k < sizeof(group_names) / sizeof(group_names[0]); k++)
			if (strcmp(n, group_names[k].name) == 0)
				f->groups |= group_names[k].groups;
	}
}

/* For a printer, a Job Template group name covers X-default, X-supported, X-ready. */
static bool printer_template_attr(const char *name)
{
	static const char *const suffixes[] = {"-default", "-supported", "-ready"};
	size_t n = strlen(name);
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		size_t k = strlen(suffixes[i]);
		if (n > k && strcmp(name + n - k, suffixes[i]) == 0) {
			char base[256];
			if (n - k >= sizeof(base))
				return false;
			memcpy(base, name, n - k);
			base[n - k] = '\0';
			const ippd_attr_def_t *d = ippd_registry_find(base);
			if (d && (d->groups & IPPD_AG_JOB_TEMPLATE))
				return true;
		}
	}
	return strcmp(name, "job-creation-attributes-supported") == 0;
}

bool filter_want(const attr_filter_t *f, const char *name)
{
	if (f->names && ippd_attr_contains_string(f->names, name))
		return true;
	/* PWG 5100.7: media-col-database, often large, only when asked for by name. */
	if (strcmp(name, "media-col-database") == 0)
		return false;
	if (f->all)
		return true;
	if (!f->groups)
		return false;
	if (f->for_printer && (f->groups & IPPD_AG_JOB_TEMPLATE) && printer_template_attr(name))
		return true;
	const ippd_attr_def_t *d = ippd_registry_find(name);
	uint32_t g = d ? d->groups : 0;
	/* A printer's job-template -default/-supported attributes are not also printer-description for this. */
	if (f->for_printer && printer_template_attr(name))
		g &= ~(uint32_t)(IPPD_AG_PRINTER_DESCRIPTION);
	return (g & f->groups) != 0;
}

void ops_printer_uri(const request_t *r, const printer_t *p, char *buf, size_t size)
{
	const char *host = r->host[0] ? r->host : "localhost";
	if (r->cups_names)
		snprintf(buf, size, "%s://%s/printers/%s", r->secure ? "ipps" : "ipp", host, p->name);
	else
		snprintf(buf, size, "%s://%s%s", r->secure ? "ipps" : "ipp", host, p->path);
}

void ops_job_uri(const request_t *r, const job_t *job, char *buf, size_t size)
{
	const char *host = r->host[0] ? r->host : "localhost";
	if (r->cups_names)
		snprintf(buf, size, "%s://%s/jobs/%d", r->secure ? "ipps" : "ipp", host, (int)job->id);
	else
		snprintf(buf, size, "%s://%s%s/%d", r->secure ? "ipps" : "ipp", host, job->printer->path, (int)job->id);
}

job_t *ops_find_job_locked(request_t *r)
{
	int32_t id = r->path_job_id;
	const ippd_attr_t *jid = ops_op_attr(r, "job-id", IPPD_TAG_INTEGER);
	const ippd_attr_t *juri = ops_op_attr(r, "job-uri", IPPD_TAG_URI);
	if (jid) {
		id = ippd_attr_get_integer(jid, 0);
	} else if (juri) {
		ippd_url_t url;
		const char *slash = NULL;
		if (ippd_url_parse(ippd_attr_get_string(juri, 0, NULL), &url, NULL) >= 0)
			slash = strrchr(url.path, '/');
		id = slash ? (int32_t)strtol(slash + 1, NULL, 10) : 0;
	} else if (ippd_msg_find(r->req, IPPD_TAG_OPERATION, "job-id")) {
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "job-id must be an integer.");
		return NULL;
	}
	if (id <= 0) {
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "The request names no job (job-id or job-uri).");
		return NULL;
	}
	job_t *job = printer_find_job_locked(r->printer, id);
	if (!job)
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_NOT_FOUND, "Job %d does not exist.", (int)id);
	return job;
}

bool ops_may_change_job_locked(request_t *r, const job_t *job)
{
	if (access_may_change_job(r, job))
		return true;
	ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_NOT_AUTHORIZED, "Job %d belongs to another user.", (int)job->id);
	return false;
}

/* A time in printer-up-time seconds, or no-value when it has not happened (RFC 8011 §5.3.14). */
int32_t ops_up_time(const request_t *r, time_t t)
{
	return r->cups_names ? (int32_t)t : (int32_t)(t - r->sys->start_time + 1);
}

void ops_add_time(ippd_group_t *g, const request_t *r, const char *name, const char *date_name, time_t t,
                  const attr_filter_t *f)
{
	if (filter_want(f, name)) {
		if (t)
			ippd_group_add_integer(g, IPPD_TAG_INTEGER, name, ops_up_time(r, t));
		else
			ippd_group_add_out_of_band(g, IPPD_TAG_NO_VALUE, name);
	}
	if (filter_want(f, date_name)) {
		if (t)
			ippd_group_add_date(g, date_name, t);
		else
			ippd_group_add_out_of_band(g, IPPD_TAG_NO_VALUE, date_name);
	}
}
