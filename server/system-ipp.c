/* The IPP System Service (PWG 5100.22) at /ipp/system: system attributes, the printer list, Create- and Delete-Printer, Pause/Resume-All. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ippd/url.h>
#include <ippd/validate.h>

#include "access.h"
#include "ops.h"
#include "printer-keep.h"
#include "system-printers.h"

typedef struct system_op {
	uint16_t op;
	void (*run)(request_t *r);
} system_op_t;

static void op_get_system_attributes(request_t *r);
static void op_get_printers(request_t *r);
static void op_create_printer(request_t *r);
static void op_delete_printer(request_t *r);
static void op_pause_all(request_t *r);
static void op_resume_all(request_t *r);

/* In operations-supported order. */
static const system_op_t system_ops[] = {
	{IPPD_OP_CREATE_PRINTER, op_create_printer},
	{IPPD_OP_DELETE_PRINTER, op_delete_printer},
	{IPPD_OP_GET_PRINTERS, op_get_printers},
	{IPPD_OP_GET_SYSTEM_ATTRIBUTES, op_get_system_attributes},
	{IPPD_OP_PAUSE_ALL_PRINTERS, op_pause_all},
	{IPPD_OP_PAUSE_ALL_PRINTERS_AFTER_CURRENT_JOB, op_pause_all},
	{IPPD_OP_RESUME_ALL_PRINTERS, op_resume_all},
};
enum { SYSTEM_OPS = sizeof(system_ops) / sizeof(system_ops[0]) };

/* The printer attributes Create-Printer takes (printer-creation-attributes-supported). */
static const char *const creation_attrs[] = {"device-uri", "document-format-supported", "printer-info",
                                             "printer-location", "printer-name"};
enum { CREATION_ATTRS = sizeof(creation_attrs) / sizeof(creation_attrs[0]) };

/* ------------------------------------------------------------------ */
/* Dispatch                                                           */
/* ------------------------------------------------------------------ */

/* The request must name this system with system-uri, at the path it was posted to. */
static bool check_system_uri(request_t *r)
{
	const ippd_attr_t *uri = ops_op_attr(r, "system-uri", IPPD_TAG_URI);
	if (!uri) {
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "The request has no system-uri.");
		return false;
	}
	ippd_url_t url;
	if (ippd_url_parse(ippd_attr_get_string(uri, 0, NULL), &url, NULL) < 0) {
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "system-uri is not a valid ipp or ipps URI.");
		return false;
	}
	if (strcmp(url.path, "/ipp/system") != 0 && strcmp(url.path, "/ipp/system/") != 0) {
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_NOT_FOUND, "There is no system at %s; it is /ipp/system.", url.path);
		return false;
	}
	return true;
}

void system_ipp_begin(request_t *r)
{
	const system_op_t *def = NULL;
	for (size_t i = 0; i < SYSTEM_OPS && !def; i++)
		if (system_ops[i].op == r->op)
			def = &system_ops[i];
	ippd_validate_opts_t opts = {.versions = IPPD_VERSION_1_1 | IPPD_VERSION_2_0};
	char message[240];
	uint16_t status = ippd_request_validate(r->req, &opts, r->resp, message, sizeof(message));
	if (status != IPPD_STATUS_SUCCESSFUL_OK) {
		ipp_respond(r, status, "%s", message);
		return;
	}
	if (!def) {
		const char *name = ippd_op_name(r->op);
		ipp_respond(r, IPPD_STATUS_SERVER_ERROR_OPERATION_NOT_SUPPORTED,
		            "%s (0x%04x) is not supported by the System Service.", name ? name : "This operation", r->op);
		return;
	}
	if (!check_system_uri(r))
		return;
	const ippd_attr_t *user = ops_op_attr(r, "requesting-user-name", IPPD_TAG_NAME);
	if (!user)
		user = ops_op_attr(r, "requesting-user-name", IPPD_TAG_NAME_LANG);
	r->user = user ? ippd_attr_get_string(user, 0, NULL) : "anonymous";
	if (!r->user[0])
		r->user = "anonymous";
	/* The [default] section's policy governs the system (r->printer is NULL); docs/SECURITY.md has the classes. */
	const op_def_t access_def = {.op = r->op};
	if (access_check(r, &access_def))
		def->run(r);
}

/* ------------------------------------------------------------------ */
/* Get-System-Attributes                                              */
/* ------------------------------------------------------------------ */

/* requested-attributes for the system: names, 'all', and the group names 'system-description'/'system-status'. */
typedef struct sys_filter {
	const ippd_attr_t *names;
	bool all, description, status;
} sys_filter_t;

static bool sys_want(const sys_filter_t *f, const char *name)
{
	if (f->all || (f->names && ippd_attr_contains_string(f->names, name)))
		return true;
	const ippd_attr_def_t *d = ippd_registry_find(name);
	if (!d)
		return false;
	return (f->description && (d->groups & IPPD_AG_SYSTEM_DESCRIPTION)) ||
	       (f->status && (d->groups & IPPD_AG_SYSTEM_STATUS));
}

static void sys_filter_init(sys_filter_t *f, const request_t *r)
{
	memset(f, 0, sizeof(*f));
	f->names = ippd_msg_find(r->req, IPPD_TAG_OPERATION, "requested-attributes");
	if (!f->names) {
		f->all = true;
		return;
	}
	f->all = ippd_attr_contains_string(f->names, "all");
	f->description = ippd_attr_contains_string(f->names, "system-description");
	f->status = ippd_attr_contains_string(f->names, "system-status");
}

/* idle when every printer is, processing when one prints, stopped when all are stopped. */
static int system_state_locked(system_t *sys, time_t *changed)
{
	size_t stopped = 0;
	bool processing = false;
	*changed = sys->start_time;
	for (size_t i = 0; i < sys->n_printers; i++) {
		printer_t *p = sys->printers[i];
		processing |= p->state == IPPD_PRINTER_STATE_PROCESSING;
		stopped += p->state == IPPD_PRINTER_STATE_STOPPED;
		if (p->state_change_time > *changed)
			*changed = p->state_change_time;
	}
	if (processing)
		return IPPD_SYSTEM_STATE_PROCESSING;
	if (sys->n_printers && stopped == sys->n_printers)
		return IPPD_SYSTEM_STATE_STOPPED;
	return IPPD_SYSTEM_STATE_IDLE;
}

static void system_uri(const request_t *r, char *buf, size_t size)
{
	snprintf(buf, size, "%s://%s/ipp/system", r->secure ? "ipps" : "ipp", r->host[0] ? r->host : "localhost");
}

static void add_xri(ippd_group_t *g, const char *name, const char *uri, bool secure)
{
	ippd_attr_t *a = ippd_group_find(g, name);
	ippd_group_t *x = a ? ippd_attr_add_collection(a) : ippd_group_add_collection(g, name);
	if (!x)
		return;
	ippd_group_add_string(x, IPPD_TAG_KEYWORD, "xri-authentication", "requesting-user-name");
	ippd_group_add_string(x, IPPD_TAG_KEYWORD, "xri-security", secure ? "tls" : "none");
	ippd_group_add_string(x, IPPD_TAG_URI, "xri-uri", uri);
}

/* The request's own scheme first, then the other one when TLS is on (RFC 7472: the same port serves both). */
static void add_xris(const request_t *r, ippd_group_t *g, const char *name, const char *uri)
{
	add_xri(g, name, uri, r->secure);
	if (!r->sys->tls_enabled)
		return;
	char other[1100];
	const char *rest = strstr(uri, "://");
	snprintf(other, sizeof(other), "%s%s", r->secure ? "ipp" : "ipps", rest ? rest : "");
	add_xri(g, name, other, !r->secure);
}

static void add_configured_printers_locked(request_t *r, ippd_group_t *g)
{
	ippd_attr_t *list = NULL;
	char uri[1100];
	for (size_t i = 0; i < r->sys->n_printers; i++) {
		printer_t *p = r->sys->printers[i];
		ippd_group_t *c;
		if (!list) {
			c = ippd_group_add_collection(g, "system-configured-printers");
			list = ippd_group_find(g, "system-configured-printers");
		} else {
			c = ippd_attr_add_collection(list);
		}
		if (!c)
			return;
		ippd_group_add_integer(c, IPPD_TAG_INTEGER, "printer-id", p->id);
		ippd_group_add_string(c, IPPD_TAG_TEXT, "printer-info", p->info);
		ippd_group_add_boolean(c, "printer-is-accepting-jobs", p->accepting);
		ippd_group_add_string(c, IPPD_TAG_NAME, "printer-name", p->name);
		ippd_group_add_string(c, IPPD_TAG_KEYWORD, "printer-service-type", "print");
		ippd_group_add_integer(c, IPPD_TAG_ENUM, "printer-state", p->state);
		ippd_group_add_string(c, IPPD_TAG_KEYWORD, "printer-state-reasons",
		                      (p->reasons & PR_PAUSED) ? "paused" : "none");
		ops_printer_uri(r, p, uri, sizeof(uri));
		add_xris(r, c, "printer-xri-supported", uri);
	}
	if (!list)
		ippd_group_add_out_of_band(g, IPPD_TAG_NO_VALUE, "system-configured-printers");
}

static void op_get_system_attributes(request_t *r)
{
	sys_filter_t f;
	sys_filter_init(&f, r);
	ippd_group_t *g = ippd_msg_add_group(r->resp, IPPD_TAG_SYSTEM);
	if (!g) {
		ipp_respond(r, IPPD_STATUS_SERVER_ERROR_INTERNAL_ERROR, "Out of memory.");
		return;
	}
	char host[256] = "ippd", uri[1100];
	gethostname(host, sizeof(host) - 1);
	time_t now = time(NULL), config = system_config_changed();
	system_lock(r->sys);
	system_t *sys = r->sys;
	time_t state_changed;
	int state = system_state_locked(sys, &state_changed);
	if (config < sys->start_time)
		config = sys->start_time;
#define WANT(name) sys_want(&f, name)
	if (WANT("charset-configured"))
		ippd_group_add_string(g, IPPD_TAG_CHARSET, "charset-configured", "utf-8");
	if (WANT("charset-supported"))
		ippd_group_add_string(g, IPPD_TAG_CHARSET, "charset-supported", "utf-8");
	if (WANT("generated-natural-language-supported"))
		ippd_group_add_string(g, IPPD_TAG_LANGUAGE, "generated-natural-language-supported", "en");
	if (WANT("natural-language-configured"))
		ippd_group_add_string(g, IPPD_TAG_LANGUAGE, "natural-language-configured", "en");
	if (WANT("ipp-versions-supported")) {
		static const char *const versions[] = {"1.1", "2.0"};
		ippd_group_add_strings(g, IPPD_TAG_KEYWORD, "ipp-versions-supported", 2, versions);
	}
	if (WANT("ipp-features-supported"))
		ippd_group_add_string(g, IPPD_TAG_KEYWORD, "ipp-features-supported", "system-service");
	if (WANT("operations-supported")) {
		int32_t ops[SYSTEM_OPS];
		for (size_t i = 0; i < SYSTEM_OPS; i++)
			ops[i] = system_ops[i].op;
		ippd_group_add_integers(g, IPPD_TAG_ENUM, "operations-supported", SYSTEM_OPS, ops);
	}
	if (WANT("printer-creation-attributes-supported"))
		ippd_group_add_strings(g, IPPD_TAG_KEYWORD, "printer-creation-attributes-supported", CREATION_ATTRS,
		                       creation_attrs);
	if (WANT("system-mandatory-printer-attributes"))
		ippd_group_add_string(g, IPPD_TAG_KEYWORD, "system-mandatory-printer-attributes", "printer-name");
	if (WANT("system-name"))
		ippd_group_add_string(g, IPPD_TAG_NAME, "system-name", host);
	if (WANT("system-info"))
		ippd_group_add_string(g, IPPD_TAG_TEXT, "system-info", "ippd print service");
	if (WANT("system-location"))
		ippd_group_add_string(g, IPPD_TAG_TEXT, "system-location", "");
	if (WANT("system-make-and-model"))
		ippd_group_add_string(g, IPPD_TAG_TEXT, "system-make-and-model", "ippd");
	if (WANT("system-uuid") && system_uuid_get()[0])
		ippd_group_add_string(g, IPPD_TAG_URI, "system-uuid", system_uuid_get());
	if (WANT("system-state"))
		ippd_group_add_integer(g, IPPD_TAG_ENUM, "system-state", state);
	if (WANT("system-state-reasons"))
		ippd_group_add_string(g, IPPD_TAG_KEYWORD, "system-state-reasons", "none");
	if (WANT("system-state-change-time"))
		ippd_group_add_integer(g, IPPD_TAG_INTEGER, "system-state-change-time",
		                       (int32_t)(state_changed - sys->start_time + 1));
	if (WANT("system-state-change-date-time"))
		ippd_group_add_date(g, "system-state-change-date-time", state_changed);
	if (WANT("system-up-time"))
		ippd_group_add_integer(g, IPPD_TAG_INTEGER, "system-up-time", (int32_t)(now - sys->start_time + 1));
	if (WANT("system-current-time"))
		ippd_group_add_date(g, "system-current-time", now);
	if (WANT("system-config-change-time"))
		ippd_group_add_integer(g, IPPD_TAG_INTEGER, "system-config-change-time",
		                       (int32_t)(config - sys->start_time + 1));
	if (WANT("system-config-change-date-time"))
		ippd_group_add_date(g, "system-config-change-date-time", config);
	if (WANT("system-default-printer-id")) {
		printer_t *def = NULL;
		for (size_t i = 0; i < sys->n_printers && !def; i++)
			if (sys->printers[i]->is_default)
				def = sys->printers[i];
		if (def)
			ippd_group_add_integer(g, IPPD_TAG_INTEGER, "system-default-printer-id", def->id);
		else
			ippd_group_add_out_of_band(g, IPPD_TAG_NO_VALUE, "system-default-printer-id");
	}
	if (WANT("system-configured-printers"))
		add_configured_printers_locked(r, g);
	if (WANT("system-xri-supported")) {
		system_uri(r, uri, sizeof(uri));
		add_xris(r, g, "system-xri-supported", uri);
	}
#undef WANT
	system_unlock(r->sys);
}

/* ------------------------------------------------------------------ */
/* Get-Printers                                                       */
/* ------------------------------------------------------------------ */

/* which-printers (PWG 5100.22): the printer states it selects. */
static bool which_printer_ok(const char *which, const printer_t *p)
{
	if (!which || strcmp(which, "all") == 0)
		return true;
	if (strcmp(which, "idle") == 0)
		return p->state == IPPD_PRINTER_STATE_IDLE;
	if (strcmp(which, "processing") == 0)
		return p->state == IPPD_PRINTER_STATE_PROCESSING;
	if (strcmp(which, "stopped") == 0)
		return p->state == IPPD_PRINTER_STATE_STOPPED;
	if (strcmp(which, "accepting") == 0)
		return p->accepting;
	if (strcmp(which, "not-accepting") == 0)
		return !p->accepting;
	return false;
}

static void op_get_printers(request_t *r)
{
	static const char *const whiches[] = {"accepting", "all", "idle", "not-accepting", "processing", "stopped"};
	const ippd_attr_t *w = ops_op_attr(r, "which-printers", IPPD_TAG_KEYWORD);
	const char *which = w ? ippd_attr_get_string(w, 0, NULL) : NULL;
	bool known = !which;
	for (size_t i = 0; which && i < sizeof(whiches) / sizeof(whiches[0]); i++)
		known |= strcmp(which, whiches[i]) == 0;
	if (!known) {
		ippd_group_copy_attr(ippd_msg_get_group(r->resp, IPPD_TAG_UNSUPPORTED_GROUP), w, NULL);
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_ATTRIBUTES_OR_VALUES_NOT_SUPPORTED,
		            "which-printers '%s' is not supported.", which);
		return;
	}
	const ippd_attr_t *fi = ops_op_attr(r, "first-index", IPPD_TAG_INTEGER);
	const ippd_attr_t *lim = ops_op_attr(r, "limit", IPPD_TAG_INTEGER);
	const ippd_attr_t *ids = ippd_msg_find(r->req, IPPD_TAG_OPERATION, "printer-ids");
	const ippd_attr_t *svc = ops_op_attr(r, "printer-service-type", IPPD_TAG_KEYWORD);
	int32_t first = fi ? ippd_attr_get_integer(fi, 0) : 1;
	int32_t limit = lim ? ippd_attr_get_integer(lim, 0) : INT32_MAX;
	if (first < 1 || limit < 1) {
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "first-index and limit must be 1 or more.");
		return;
	}
	/* ippd serves print printers only: another service type selects none. */
	bool print = true;
	for (size_t i = 0; svc && i < ippd_attr_count(svc); i++)
		print = strcmp(ippd_attr_get_string(svc, i, NULL), "print") == 0 || (i > 0 && print);
	attr_filter_t f;
	filter_init(&f, r->req, "", true);
	/* Without requested-attributes: what identifies and locates each printer. */
	static const char *const dflt[] = {"printer-id", "printer-name", "printer-uri-supported", "printer-state",
	                                   "printer-state-reasons", "printer-is-accepting-jobs", "printer-info",
	                                   "printer-location", "queued-job-count"};
	system_lock(r->sys);
	int32_t index = 0, shown = 0;
	for (size_t i = 0; print && i < r->sys->n_printers && shown < limit; i++) {
		printer_t *p = r->sys->printers[i];
		if (!which_printer_ok(which, p))
			continue;
		bool listed = !ids;
		for (size_t k = 0; ids && k < ippd_attr_count(ids); k++)
			listed |= ippd_attr_get_integer(ids, k) == p->id;
		if (!listed || ++index < first)
			continue;
		ippd_group_t *g = ippd_msg_add_group(r->resp, IPPD_TAG_PRINTER);
		if (!g)
			break;
		if (f.names) {
			ops_add_printer_attrs_locked(r, p, g, &f);
		} else {
			ippd_msg_t *names = ippd_msg_new_sized(1024);
			ippd_group_t *ng = names ? ippd_msg_add_group(names, IPPD_TAG_OPERATION) : NULL;
			if (!ng) {
				ippd_msg_free(names);
				break;
			}
			attr_filter_t df = f;
			df.names = ippd_group_add_strings(ng, IPPD_TAG_KEYWORD, "requested-attributes",
			                                  sizeof(dflt) / sizeof(dflt[0]), dflt);
			ops_add_printer_attrs_locked(r, p, g, &df);
			ippd_msg_free(names);
		}
		shown++;
	}
	system_unlock(r->sys);
}

/* ------------------------------------------------------------------ */
/* Create-Printer, Delete-Printer                                     */
/* ------------------------------------------------------------------ */

/* Copies a single text or name value of the request's printer group into `buf`; false when badly formed. */
static bool take_string(request_t *r, const ippd_attr_t *a, char *buf, size_t size)
{
	size_t len = 0;
	const char *s = ippd_attr_get_string(a, 0, &len);
	if (!s || ippd_attr_count(a) != 1 || len >= size) {
		ippd_group_copy_attr(ippd_msg_get_group(r->resp, IPPD_TAG_UNSUPPORTED_GROUP), a, NULL);
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_ATTRIBUTES_OR_VALUES_NOT_SUPPORTED,
		            "%s must be one value of at most %zu octets.", ippd_attr_get_name(a), size - 1);
		return false;
	}
	snprintf(buf, size, "%s", s);
	return true;
}

static bool read_spec(request_t *r, printer_spec_t *spec)
{
	memset(spec, 0, sizeof(*spec));
	const ippd_attr_t *svc = ops_op_attr(r, "printer-service-type", IPPD_TAG_KEYWORD);
	if (svc && strcmp(ippd_attr_get_string(svc, 0, NULL), "print") != 0) {
		ippd_group_copy_attr(ippd_msg_get_group(r->resp, IPPD_TAG_UNSUPPORTED_GROUP), svc, NULL);
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_ATTRIBUTES_OR_VALUES_NOT_SUPPORTED,
		            "printer-service-type must be 'print'.");
		return false;
	}
	const ippd_group_t *g = ippd_msg_find_group(r->req, IPPD_TAG_PRINTER);
	bool named = false;
	for (const ippd_attr_t *a = ippd_group_first(g); a; a = ippd_attr_next(a)) {
		const char *n = ippd_attr_get_name(a);
		if (strcmp(n, "printer-name") == 0) {
			if (!take_string(r, a, spec->name, sizeof(spec->name)))
				return false;
			named = true;
		} else if (strcmp(n, "printer-info") == 0) {
			if (!take_string(r, a, spec->info, sizeof(spec->info)))
				return false;
		} else if (strcmp(n, "device-uri") == 0) {
			if (!take_string(r, a, spec->device_uri, sizeof(spec->device_uri)))
				return false;
		} else if (strcmp(n, "printer-location") == 0) {
			if (!take_string(r, a, spec->location, sizeof(spec->location)))
				return false;
		} else if (strcmp(n, "document-format-supported") == 0) {
			size_t o = 0;
			for (size_t i = 0; i < ippd_attr_count(a); i++) {
				const char *v = ippd_attr_get_string(a, i, NULL);
				int w = snprintf(spec->formats + o, sizeof(spec->formats) - o, "%s%s", i ? "," : "", v ? v : "");
				if (!v || w < 0 || (size_t)w >= sizeof(spec->formats) - o || strchr(v, ',')) {
					ippd_group_copy_attr(ippd_msg_get_group(r->resp, IPPD_TAG_UNSUPPORTED_GROUP), a, NULL);
					ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_ATTRIBUTES_OR_VALUES_NOT_SUPPORTED,
					            "document-format-supported has a value ippd does not accept.");
					return false;
				}
				o += (size_t)w;
			}
		} else {
			/* RFC 8011 §4.1.7: an attribute the printer cannot be created with is ignored and reported. */
			ippd_group_t *u = ippd_msg_get_group(r->resp, IPPD_TAG_UNSUPPORTED_GROUP);
			if (u)
				ippd_group_add_out_of_band(u, IPPD_TAG_UNSUPPORTED_VALUE, n);
			ipp_respond(r, IPPD_STATUS_SUCCESSFUL_OK_IGNORED_OR_SUBSTITUTED_ATTRIBUTES,
			            "'%s' cannot be set when creating a printer and was ignored.", n);
		}
	}
	if (!named) {
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "Create-Printer needs printer-name.");
		return false;
	}
	return true;
}

static void op_create_printer(request_t *r)
{
	printer_spec_t spec;
	if (!read_spec(r, &spec))
		return;
	uint16_t status;
	char err[256];
	printer_t *p = system_create_printer(r->sys, &spec, /*start_worker*/ true, &status, err, sizeof(err));
	if (!p) {
		if (status == IPPD_STATUS_CLIENT_ERROR_ATTRIBUTES_OR_VALUES_NOT_SUPPORTED) {
			const ippd_group_t *g = ippd_msg_find_group(r->req, IPPD_TAG_PRINTER);
			const char *what = strstr(err, "document-format") ? "document-format-supported"
			                   : strstr(err, "device-uri")    ? "device-uri"
			                                                  : "printer-name";
			ippd_group_copy_attr(ippd_msg_get_group(r->resp, IPPD_TAG_UNSUPPORTED_GROUP), ippd_group_find(g, what),
			                     NULL);
		}
		ipp_respond(r, status, "%s", err);
		return;
	}
	if (status != IPPD_STATUS_SUCCESSFUL_OK) {
		ipp_respond(r, status, "%s", err);
		return;
	}
	log_printer(p, LOG_INFO, "created by %s", r->user);
	ippd_group_t *g = ippd_msg_add_group(r->resp, IPPD_TAG_PRINTER);
	static const char *const answer[] = {"printer-id",    "printer-is-accepting-jobs", "printer-state",
	                                     "printer-state-reasons", "printer-uri-supported",  "printer-uuid",
	                                     "printer-name"};
	ippd_msg_t *names = ippd_msg_new_sized(512);
	ippd_group_t *ng = names ? ippd_msg_add_group(names, IPPD_TAG_OPERATION) : NULL;
	if (!g || !ng) {
		ippd_msg_free(names);
		ipp_respond(r, IPPD_STATUS_SERVER_ERROR_INTERNAL_ERROR, "Out of memory.");
		return;
	}
	attr_filter_t f = {.for_printer = true};
	f.names = ippd_group_add_strings(ng, IPPD_TAG_KEYWORD, "requested-attributes", sizeof(answer) / sizeof(answer[0]),
	                                 answer);
	system_lock(r->sys);
	ops_add_printer_attrs_locked(r, p, g, &f);
	system_unlock(r->sys);
	ippd_msg_free(names);
}

static void op_delete_printer(request_t *r)
{
	const ippd_attr_t *id = ops_op_attr(r, "printer-id", IPPD_TAG_INTEGER);
	if (!id) {
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "Delete-Printer needs printer-id.");
		return;
	}
	int32_t want = ippd_attr_get_integer(id, 0);
	printer_t *p = NULL;
	system_lock(r->sys);
	for (size_t i = 0; i < r->sys->n_printers && !p; i++)
		if (r->sys->printers[i]->id == want)
			p = r->sys->printers[i];
	system_unlock(r->sys);
	if (!p) {
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_NOT_FOUND, "There is no printer with printer-id %d.", (int)want);
		return;
	}
	uint16_t status;
	char err[256];
	if (!system_delete_printer(r->sys, p, &status, err, sizeof(err)))
		ipp_respond(r, status, "%s", err);
	else
		log_printer(p, LOG_INFO, "deleted by %s", r->user);
}

/* ------------------------------------------------------------------ */
/* Pause-All-Printers, Resume-All-Printers                            */
/* ------------------------------------------------------------------ */

/* As Pause-Printer here: each worker finishes the job it has, then waits (so both pause variants agree). */
static void set_all_paused(request_t *r, bool paused)
{
	system_lock(r->sys);
	for (size_t i = 0; i < r->sys->n_printers; i++) {
		printer_t *p = r->sys->printers[i];
		if (paused)
			p->reasons |= PR_PAUSED;
		else
			p->reasons &= ~(uint32_t)PR_PAUSED;
		printer_update_state_locked(p);
		printer_wake_locked(p);
	}
	size_t n = r->sys->n_printers;
	system_unlock(r->sys);
	printer_keep_state_all(r->sys);
	log_msg(LOG_INFO, "%zu printer(s) %s by %s", n, paused ? "paused" : "resumed", r->user);
}

static void op_pause_all(request_t *r)
{
	set_all_paused(r, true);
}

static void op_resume_all(request_t *r)
{
	set_all_paused(r, false);
}
