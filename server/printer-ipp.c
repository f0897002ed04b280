/* Printer operations: Get-Printer-Attributes, Pause/Resume-Printer, Purge-Jobs, Set-Printer-Attributes, Identify-Printer. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ippd/url.h>

#include "access.h"
#include "dnssd.h"
#include "ops.h"
#include "printer-everywhere.h"
#include "printer-keep.h"
#include "store.h"
#include "subscription.h"

static const char *const printer_reason_keywords[PR_COUNT] = {
	"paused",
	"moving-to-paused",
	"identify-printer-requested",
	"hold-new-jobs",
	"connecting-to-device",
	"offline-report",
	"other-error",
	"shutdown",
};

/* The attributes that change with state, time, the client's Host, or Set-Printer-Attributes. */
static void add_live_attrs_locked(request_t *r, printer_t *p, ippd_group_t *g, const attr_filter_t *f)
{
	char uri[1100];
	time_t now = time(NULL);
	/* The capability set wins where both would answer: one attribute, one value set. */
	const ippd_group_t *fixed = ippd_msg_first_group(p->static_attrs);
#define WANT(name) (filter_want(f, name) && !ippd_group_find(fixed, name))
	/* With TLS on, ipps:// too (RFC 7472: the same port); the request's own scheme first, the lists parallel. */
	if (WANT("printer-uri-supported")) {
		ippd_attr_t *a = ippd_group_add(g, "printer-uri-supported");
		ops_printer_uri(r, p, uri, sizeof(uri));
		ippd_attr_add_string(a, IPPD_TAG_URI, uri, (size_t)-1);
		/* CUPS's clients take the attribute as one URI (they join the values with commas): one value. */
		if (p->sys->tls_enabled && !r->cups_names) {
			snprintf(uri, sizeof(uri), "%s://%s%s", r->secure ? "ipp" : "ipps", r->host[0] ? r->host : "localhost",
			         p->path);
			ippd_attr_add_string(a, IPPD_TAG_URI, uri, (size_t)-1);
		}
	}
	if (WANT("uri-security-supported")) {
		ippd_attr_t *a = ippd_group_add(g, "uri-security-supported");
		ippd_attr_add_string(a, IPPD_TAG_KEYWORD, r->secure ? "tls" : "none", (size_t)-1);
		if (p->sys->tls_enabled && !r->cups_names)
			ippd_attr_add_string(a, IPPD_TAG_KEYWORD, r->secure ? "none" : "tls", (size_t)-1);
	}
	if (WANT("uri-authentication-supported")) {
		/* One value per printer-uri-supported value: every URI of a printer asks for the same. */
		ippd_attr_t *u = ippd_group_find(g, "printer-uri-supported");
		size_t n = u ? ippd_attr_count(u) : p->sys->tls_enabled && !r->cups_names ? 2 : 1;
		ippd_attr_t *a = ippd_group_add(g, "uri-authentication-supported");
		for (size_t i = 0; i < n; i++)
			ippd_attr_add_string(a, IPPD_TAG_KEYWORD, access_uri_authentication(p), (size_t)-1);
	}
	if (WANT("job-privacy-attributes") || WANT("job-privacy-scope")) {
		char attrs[ACCESS_LIST_MAX], scope[16], *save = NULL;
		access_privacy_get(p, attrs, sizeof(attrs), scope, sizeof(scope));
		if (WANT("job-privacy-scope"))
			ippd_group_add_string(g, IPPD_TAG_KEYWORD, "job-privacy-scope", scope);
		if (WANT("job-privacy-attributes")) {
			ippd_attr_t *a = ippd_group_add(g, "job-privacy-attributes");
			for (char *t = strtok_r(attrs, ", \t", &save); t; t = strtok_r(NULL, ", \t", &save))
				ippd_attr_add_string(a, IPPD_TAG_KEYWORD, t, (size_t)-1);
		}
	}
	if (WANT("printer-id") && p->id > 0)
		ippd_group_add_integer(g, IPPD_TAG_INTEGER, "printer-id", p->id);
	if (WANT("printer-name"))
		ippd_group_add_string(g, IPPD_TAG_NAME, "printer-name", p->name);
	if (WANT("printer-info"))
		ippd_group_add_string(g, IPPD_TAG_TEXT, "printer-info", p->info);
	if (WANT("printer-location"))
		ippd_group_add_string(g, IPPD_TAG_TEXT, "printer-location", p->location);
	if (WANT("printer-organization"))
		ippd_group_add_string(g, IPPD_TAG_TEXT, "printer-organization", p->organization);
	if (WANT("printer-geo-location")) {
		if (p->geo_location[0])
			ippd_group_add_string(g, IPPD_TAG_URI, "printer-geo-location", p->geo_location);
		else
			ippd_group_add_out_of_band(g, IPPD_TAG_UNKNOWN, "printer-geo-location");
	}
	if (WANT("printer-uuid"))
		ippd_group_add_string(g, IPPD_TAG_URI, "printer-uuid", p->uuid);
	if (WANT("printer-state"))
		ippd_group_add_integer(g, IPPD_TAG_ENUM, "printer-state", p->state);
	if (WANT("printer-state-reasons")) {
		ippd_attr_t *a = ippd_group_add(g, "printer-state-reasons");
		for (unsigned i = 0; i < PR_COUNT; i++)
			if (p->reasons & (1u << i))
				ippd_attr_add_string(a, IPPD_TAG_KEYWORD, printer_reason_keywords[i], (size_t)-1);
		device_reasons_add(a, &p->device_reasons);
		if (ippd_attr_count(a) == 0)
			ippd_attr_add_string(a, IPPD_TAG_KEYWORD, "none", (size_t)-1);
	}
	if (WANT("printer-state-message"))
		ippd_group_add_string(g, IPPD_TAG_TEXT, "printer-state-message",
		                      (p->reasons & PR_SHUTDOWN)               ? "Shut down."
		                      : p->state == IPPD_PRINTER_STATE_STOPPED ? "Paused."
		                      : p->current                             ? "Printing."
		                      : (p->reasons & PR_OTHER_ERROR)          ? p->device_message
		                                                               : "Ready.");
	if (WANT("printer-alert") || WANT("printer-alert-description"))
		printer_admin_add_alerts_locked(p, g, WANT("printer-alert"), WANT("printer-alert-description"));
	if (WANT("printer-message-from-operator"))
		ippd_group_add_string(g, IPPD_TAG_TEXT, "printer-message-from-operator", p->message_from_operator);
	if (WANT("document-settable-attributes-supported"))
		ippd_group_add_strings(g, IPPD_TAG_KEYWORD, "document-settable-attributes-supported", doc_settable_count,
		                       doc_settable_attributes);
	if (WANT("reference-uri-schemes-supported")) {
		/* Only the schemes this printer's configuration lets Print-URI fetch. */
		const char *schemes[3];
		size_t n = uri_policy_schemes(&p->uri_policy, schemes);
		if (n)
			ippd_group_add_strings(g, IPPD_TAG_URI_SCHEME, "reference-uri-schemes-supported", n, schemes);
	}
	if (WANT("printer-is-accepting-jobs"))
		ippd_group_add_boolean(g, "printer-is-accepting-jobs", p->accepting);
	if (WANT("queued-job-count"))
		ippd_group_add_integer(g, IPPD_TAG_INTEGER, "queued-job-count", printer_queued_locked(p));
	if (WANT("printer-up-time"))
		ippd_group_add_integer(g, IPPD_TAG_INTEGER, "printer-up-time", ops_up_time(r, now));
	if (WANT("printer-current-time"))
		ippd_group_add_date(g, "printer-current-time", now);
	if (WANT("printer-state-change-time"))
		ippd_group_add_integer(g, IPPD_TAG_INTEGER, "printer-state-change-time",
		                       ops_up_time(r, p->state_change_time));
	if (WANT("printer-state-change-date-time"))
		ippd_group_add_date(g, "printer-state-change-date-time", p->state_change_time);
	if (WANT("printer-config-change-time"))
		ippd_group_add_integer(g, IPPD_TAG_INTEGER, "printer-config-change-time",
		                       ops_up_time(r, p->config_change_time));
	if (WANT("printer-config-change-date-time"))
		ippd_group_add_date(g, "printer-config-change-date-time", p->config_change_time);
	if (WANT("operations-supported")) {
		int32_t ops[128];
		size_t n = 0;
		for (size_t i = 0; i < ops_count && n < 128; i++)
			if (ops_available_locked(&ops_table[i], p) && ops_table[i].op < 0x4000) /* not CUPS's extensions */
				ops[n++] = ops_table[i].op;
		ippd_group_add_integers(g, IPPD_TAG_ENUM, "operations-supported", n, ops);
	}
	if (WANT("printer-settable-attributes-supported")) {
		static const char *const settable[] = {"job-privacy-attributes", "job-privacy-scope", "printer-geo-location",
		                                       "printer-info", "printer-location", "printer-message-from-operator",
		                                       "printer-organization"};
		ippd_group_add_strings(g, IPPD_TAG_KEYWORD, "printer-settable-attributes-supported", 7, settable);
	}
	if (WANT("job-settable-attributes-supported"))
		ippd_group_add_strings(g, IPPD_TAG_KEYWORD, "job-settable-attributes-supported", job_settable_count,
		                       job_settable_attributes);
	if (WANT("multiple-operation-time-out"))
		ippd_group_add_integer(g, IPPD_TAG_INTEGER, "multiple-operation-time-out", 300);
	if (WANT("multiple-operation-time-out-action"))
		ippd_group_add_string(g, IPPD_TAG_KEYWORD, "multiple-operation-time-out-action", "abort-job");
#undef WANT
	printer_everywhere_add_locked(r, p, g, f, fixed);
}

void op_get_printer_attributes(request_t *r)
{
	const ippd_attr_t *fmt = ops_op_attr(r, "document-format", IPPD_TAG_MIME_TYPE);
	printer_t *p = r->printer;
	if (fmt) {
		const ippd_attr_t *sup = ippd_group_find(ippd_msg_first_group(p->static_attrs), "document-format-supported");
		if (!ippd_attr_contains_string(sup, ippd_attr_get_string(fmt, 0, NULL))) {
			ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_DOCUMENT_FORMAT_NOT_SUPPORTED,
			            "document-format '%s' is not supported.", ippd_attr_get_string(fmt, 0, NULL));
			ippd_group_copy_attr(ippd_msg_get_group(r->resp, IPPD_TAG_UNSUPPORTED_GROUP), fmt, NULL);
			return;
		}
	}
	attr_filter_t f;
	filter_init(&f, r->req, "all", true);
	ippd_group_t *g = ippd_msg_add_group(r->resp, IPPD_TAG_PRINTER);
	system_lock(r->sys);
	ops_add_printer_attrs_locked(r, p, g, &f);
	system_unlock(r->sys);
}

void ops_add_printer_attrs_locked(request_t *r, printer_t *p, ippd_group_t *g, const attr_filter_t *f)
{
	for (ippd_attr_t *a = ippd_group_first(ippd_msg_first_group(p->static_attrs)); a; a = ippd_attr_next(a))
		if (filter_want(f, ippd_attr_get_name(a)))
			ippd_group_copy_attr(g, a, NULL);
	add_live_attrs_locked(r, p, g, f);
	notify_add_printer_attrs(g, f);
}

/* Pause-Printer and Resume-Printer: the worker finishes its job, then waits. */
static void set_paused(request_t *r, bool paused)
{
	printer_t *p = r->printer;
	system_lock(r->sys);
	if (paused)
		p->reasons |= PR_PAUSED;
	else
		p->reasons &= ~(uint32_t)PR_PAUSED;
	printer_update_state_locked(p);
	printer_wake_locked(p);
	system_unlock(r->sys);
	printer_keep_state(p);
	log_printer(p, LOG_INFO, "%s by %s", paused ? "paused" : "resumed", r->user);
}

void op_pause_printer(request_t *r)
{
	set_paused(r, true);
}

void op_resume_printer(request_t *r)
{
	set_paused(r, false);
}

/* Purge-Jobs: every job goes, active ones canceled first, history included (RFC 8011 §4.2.11... §4.3.6). */
void op_purge_jobs(request_t *r)
{
	printer_t *p = r->printer;
	system_t *sys = r->sys;
	int32_t *ids = NULL;
	size_t n_ids = 0;
	char **paths = NULL;
	size_t n_paths = 0;

	system_lock(sys);
	ids = calloc(p->n_jobs + 1, sizeof(*ids));
	size_t docs = 0;
	for (size_t i = 0; i < p->n_jobs; i++)
		docs += (size_t)p->jobs[i]->n_docs;
	paths = calloc(docs + 1, sizeof(*paths));
	if (!ids || !paths) {
		system_unlock(sys);
		free(ids);
		free(paths);
		ipp_respond(r, IPPD_STATUS_SERVER_ERROR_INTERNAL_ERROR, "Out of memory.");
		return;
	}
	for (size_t i = p->n_jobs; i-- > 0;) {
		job_t *job = p->jobs[i];
		if (job == p->current) {
			/* The worker finishes with it; it is canceled now and pruned later. */
			job->cancel_requested = true;
			job_enter_state_locked(job, IPPD_JOB_STATE_CANCELED, JR_CANCELED_BY_OPERATOR, 0);
			continue;
		}
		if (job->refs)
			continue;
		ids[n_ids++] = job->id;
		for (int k = 0; k < job->n_docs; k++)
			paths[n_paths++] = strdup(job->docs[k].path);
		printer_remove_job_locked(p, job);
	}
	/* Job ids are not reused after a purge. */
	char next[32];
	snprintf(next, sizeof(next), "%d", (int)sys->next_job_id);
	system_unlock(sys);

	store_ticket_t t = 0;
	for (size_t i = 0; i < n_ids; i++)
		store_job_delete(sys->store, ids[i], &t);
	store_kv_set(sys->store, "next-job-id", next, &t);
	if (store_commit_wait(sys->store, t) != 0)
		log_printer(p, LOG_ERROR, "purge: %s", store_errmsg(sys->store));
	for (size_t i = 0; i < n_paths; i++) {
		if (paths[i] && unlink(paths[i]) != 0 && errno != ENOENT)
			log_printer(p, LOG_WARN, "cannot remove %s: %s", paths[i], strerror(errno));
		free(paths[i]);
	}
	free(paths);
	free(ids);
	log_printer(p, LOG_INFO, "purged %zu job(s) for %s", n_ids, r->user);
}

/* A valid job-privacy-attributes (keywords) or job-privacy-scope (one keyword) in Set-Printer-Attributes. */
static bool privacy_value_ok(const ippd_attr_t *a)
{
	const char *name = ippd_attr_get_name(a);
	bool attrs = strcmp(name, "job-privacy-attributes") == 0;
	if (!attrs && strcmp(name, "job-privacy-scope") != 0)
		return false;
	if (!attrs && ippd_attr_count(a) != 1)
		return false;
	char list[ACCESS_LIST_MAX] = "";
	for (size_t i = 0; i < ippd_attr_count(a); i++) {
		size_t len = 0;
		const char *v = ippd_attr_get_string(a, i, &len);
		if (ippd_attr_get_tag(a, i) != IPPD_TAG_KEYWORD || !v || strlen(list) + len + 2 >= sizeof(list))
			return false;
		if (list[0])
			strcat(list, ",");
		strncat(list, v, len);
	}
	return attrs ? access_valid_privacy_attrs(list) : access_valid_privacy_scope(list);
}

/* Applies job-privacy-attributes and job-privacy-scope from a checked Set-Printer-Attributes group. */
static void set_privacy(printer_t *p, const ippd_group_t *g)
{
	char list[ACCESS_LIST_MAX] = "";
	const ippd_attr_t *attrs = ippd_group_find(g, "job-privacy-attributes");
	const ippd_attr_t *scope = ippd_group_find(g, "job-privacy-scope");
	for (size_t i = 0; attrs && i < ippd_attr_count(attrs); i++) {
		if (list[0])
			strcat(list, ",");
		strcat(list, ippd_attr_get_string(attrs, i, NULL));
	}
	if (attrs || scope)
		access_privacy_set(p, attrs ? list : NULL, scope ? ippd_attr_get_string(scope, 0, NULL) : NULL);
}

/* Set-Printer-Attributes: the few description attributes an administrator may change. */
void op_set_printer_attributes(request_t *r)
{
	printer_t *p = r->printer;
	ippd_group_t *g = ippd_msg_find_group(r->req, IPPD_TAG_PRINTER);
	if (!g || ippd_group_count(g) == 0) {
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "The request has no printer attributes to set.");
		return;
	}
	static const struct {
		const char *name;
		ippd_tag_t tag;
		size_t offset, size;
	} settable[] = {
		{"printer-info", IPPD_TAG_TEXT, offsetof(printer_t, info), sizeof(((printer_t *)0)->info)},
		{"printer-location", IPPD_TAG_TEXT, offsetof(printer_t, location), sizeof(((printer_t *)0)->location)},
		{"printer-organization", IPPD_TAG_TEXT, offsetof(printer_t, organization),
		 sizeof(((printer_t *)0)->organization)},
		{"printer-geo-location", IPPD_TAG_URI, offsetof(printer_t, geo_location),
		 sizeof(((printer_t *)0)->geo_location)},
		{"printer-message-from-operator", IPPD_TAG_TEXT, offsetof(printer_t, message_from_operator),
		 sizeof(((printer_t *)0)->message_from_operator)},
	};
	/* First check every attribute, so that either all are set or none. */
	ippd_group_t *unsup = NULL;
	for (ippd_attr_t *a = ippd_group_first(g); a; a = ippd_attr_next(a)) {
		bool ok = privacy_value_ok(a);
		for (size_t i = 0; i < sizeof(settable) / sizeof(settable[0]); i++) {
			if (strcmp(ippd_attr_get_name(a), settable[i].name) != 0)
				continue;
			size_t len = 0;
			ippd_tag_t tag = ippd_attr_get_tag(a, 0);
			bool text = tag == settable[i].tag || (settable[i].tag == IPPD_TAG_TEXT && tag == IPPD_TAG_TEXT_LANG);
			ippd_attr_get_string(a, 0, &len);
			ok = ippd_attr_count(a) == 1 && (text || tag == IPPD_TAG_DELETE_ATTRIBUTE) && len < settable[i].size;
		}
		if (!ok) {
			if (!unsup)
				unsup = ippd_msg_get_group(r->resp, IPPD_TAG_UNSUPPORTED_GROUP);
			ippd_group_copy_attr(unsup, a, NULL);
		}
	}
	if (unsup) {
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_ATTRIBUTES_NOT_SETTABLE,
		            "Only printer-info, printer-location, printer-organization, printer-geo-location and "
		            "printer-message-from-operator, job-privacy-attributes/-scope can be set, with values of their syntax.");
		return;
	}
	/* Kept before they are applied: the values they replace are the bases (printer-keep.h). */
	char err[300];
	if (!printer_keep_settings(p, g, err, sizeof(err))) {
		ipp_respond(r, IPPD_STATUS_SERVER_ERROR_INTERNAL_ERROR, "%s", err);
		return;
	}
	system_lock(r->sys);
	for (ippd_attr_t *a = ippd_group_first(g); a; a = ippd_attr_next(a)) {
		for (size_t i = 0; i < sizeof(settable) / sizeof(settable[0]); i++) {
			if (strcmp(ippd_attr_get_name(a), settable[i].name) != 0)
				continue;
			const char *v = ippd_attr_get_string(a, 0, NULL);
			snprintf((char *)p + settable[i].offset, settable[i].size, "%s", v ? v : "");
		}
	}
	p->config_change_time = time(NULL);
	sub_printer_event_locked(p, EV_PRINTER_CONFIG_CHANGED, "has new settings");
	system_unlock(r->sys);
	set_privacy(p, g);
	/* printer-location is the DNS-SD "note": the advertisement follows the change. */
	dnssd_update(p);
}

void op_identify_printer(request_t *r)
{
	const ippd_attr_t *actions = ippd_msg_find(r->req, IPPD_TAG_OPERATION, "identify-actions");
	const ippd_attr_t *msg = ippd_msg_find(r->req, IPPD_TAG_OPERATION, "message");
	const ippd_attr_t *sup =
		ippd_group_find(ippd_msg_first_group(r->printer->static_attrs), "identify-actions-supported");
	/* Actions the printer cannot do are ignored and reported (RFC 8011 §4.1.7). */
	for (size_t i = 0; actions && i < ippd_attr_count(actions); i++) {
		const char *a = ippd_attr_get_string(actions, i, NULL);
		if (a && ippd_attr_contains_string(sup, a))
			continue;
		ippd_group_copy_attr(ippd_msg_get_group(r->resp, IPPD_TAG_UNSUPPORTED_GROUP), actions, NULL);
		ipp_respond(r, IPPD_STATUS_SUCCESSFUL_OK_IGNORED_OR_SUBSTITUTED_ATTRIBUTES,
		            "identify-actions '%s' is not supported and was ignored.", a ? a : "?");
		break;
	}
	char text[300] = "", safe[700];
	if (msg)
		snprintf(text, sizeof(text), "%s", ippd_attr_get_string(msg, 0, NULL));
	log_printer(r->printer, LOG_INFO, "identify (%s) requested by %s: %s",
	            actions ? ippd_attr_get_string(actions, 0, NULL) : "display", r->user,
	            log_escape(text, safe, sizeof(safe)));
}
