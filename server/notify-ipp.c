/* Subscription operations (RFC 3995) and Get-Notifications (RFC 3996 ippget), and subscriptions made with a job. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "notify-wait.h"
#include "ops.h"
#include "privacy.h"
#include "store.h"
#include "subscription.h"

/* The attributes an event can carry besides the required ones (notify-attributes-supported). */
static const char *const extra_attrs[] = {
	"job-impressions-completed", "job-name", "job-originating-user-name", "printer-name", "printer-state-message",
};
enum { N_EXTRA = sizeof(extra_attrs) / sizeof(extra_attrs[0]) };

/* The subscription template attributes this printer knows (others in a template group are reported). */
static const char *const template_attrs[] = {
	"notify-recipient-uri", "notify-pull-method",  "notify-events",           "notify-attributes",
	"notify-user-data",     "notify-charset",      "notify-natural-language", "notify-lease-duration",
	"notify-time-interval",
};

static bool in_list(const char *name, const char *const *list, size_t n)
{
	for (size_t i = 0; name && i < n; i++)
		if (strcmp(name, list[i]) == 0)
			return true;
	return false;
}

/* Copies `a` into the response's unsupported group. */
static void report_unsupported(request_t *r, const ippd_attr_t *a)
{
	ippd_group_t *u = ippd_msg_get_group(r->resp, IPPD_TAG_UNSUPPORTED_GROUP);
	if (u && !ippd_group_find(u, ippd_attr_get_name(a)))
		ippd_group_copy_attr(u, a, NULL);
}

/* The lease to grant for a requested notify-lease-duration (absent: the default; 0 or too long: the maximum). */
static int32_t grant_lease(const ippd_attr_t *a, bool *substituted)
{
	*substituted = false;
	if (!a)
		return SUB_LEASE_DEFAULT;
	int32_t want = ippd_attr_get_integer(a, 0);
	if (want <= 0 || want > SUB_LEASE_MAX) {
		/* 0 asks for a lease that never ends: bounded memory means every lease ends. */
		*substituted = true;
		return SUB_LEASE_MAX;
	}
	return want;
}

/* ------------------------------------------------------------------ */
/* Making subscriptions from template groups                          */
/* ------------------------------------------------------------------ */

/*
 * Checks one subscription template group and builds the subscription it
 * asks for into `*out` (not yet added).  Returns the notify-status-code for
 * its answer group: successful-ok, successful-ok-ignored-or-substituted-
 * attributes (something was ignored; the subscription is made), or an error
 * (no subscription).  Unsupported attributes go to the unsupported group;
 * a substituted lease goes into `answer`.
 */
static uint16_t make_sub(request_t *r, const ippd_group_t *tmpl, int32_t job_id, ippd_group_t *answer, sub_t **out)
{
	uint16_t st = IPPD_STATUS_SUCCESSFUL_OK;
	*out = NULL;
	const ippd_attr_t *recipient = ippd_group_find(tmpl, "notify-recipient-uri");
	const ippd_attr_t *pull = ippd_group_find(tmpl, "notify-pull-method");
	if (recipient) {
		/* No push method is supported (notify-schemes-supported is empty): ippget only. */
		report_unsupported(r, recipient);
		return pull ? IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST : IPPD_STATUS_CLIENT_ERROR_URI_SCHEME_NOT_SUPPORTED;
	}
	if (!pull)
		return IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST;
	const char *method = ippd_attr_get_string(pull, 0, NULL);
	if (ippd_attr_get_tag(pull, 0) != IPPD_TAG_KEYWORD || !method || strcmp(method, "ippget") != 0) {
		report_unsupported(r, pull);
		return IPPD_STATUS_CLIENT_ERROR_ATTRIBUTES_OR_VALUES_NOT_SUPPORTED;
	}

	/* notify-events: the supported values are kept, the others reported. */
	const char *events[EV_COUNT];
	size_t n_events = 0;
	uint32_t bits = 0;
	const ippd_attr_t *ev = ippd_group_find(tmpl, "notify-events");
	for (size_t i = 0; ev && i < ippd_attr_count(ev); i++) {
		int k = sub_event_value(ippd_attr_get_string(ev, i, NULL));
		if (k < 0) {
			report_unsupported(r, ev);
			st = IPPD_STATUS_SUCCESSFUL_OK_IGNORED_OR_SUBSTITUTED_ATTRIBUTES;
		} else if (!(bits & EV_BIT(k))) {
			bits |= EV_BIT(k);
			events[n_events++] = sub_event_name((unsigned)k);
		}
	}
	if (ev && n_events == 0)
		return IPPD_STATUS_CLIENT_ERROR_ATTRIBUTES_OR_VALUES_NOT_SUPPORTED;
	if (!ev)
		events[n_events++] = sub_event_name(EV_JOB_COMPLETED);

	/* A job subscription lasts as long as its job: a lease makes no sense there. */
	const ippd_attr_t *lease_a = ippd_group_find(tmpl, "notify-lease-duration");
	bool substituted = false;
	int32_t lease = 0;
	if (job_id && lease_a) {
		report_unsupported(r, lease_a);
		st = IPPD_STATUS_SUCCESSFUL_OK_IGNORED_OR_SUBSTITUTED_ATTRIBUTES;
	} else if (!job_id) {
		lease = grant_lease(lease_a, &substituted);
		if (substituted) {
			ippd_group_add_integer(answer, IPPD_TAG_INTEGER, "notify-lease-duration", lease);
			st = IPPD_STATUS_SUCCESSFUL_OK_IGNORED_OR_SUBSTITUTED_ATTRIBUTES;
		}
	}

	sub_t *sub = calloc(1, sizeof(*sub));
	ippd_msg_t *m = sub ? ippd_msg_new_sized(512) : NULL;
	ippd_group_t *g = m ? ippd_msg_add_group(m, IPPD_TAG_SUBSCRIPTION) : NULL;
	if (!g) {
		ippd_msg_free(m);
		free(sub);
		return IPPD_STATUS_SERVER_ERROR_INTERNAL_ERROR;
	}
	sub->attrs = m;
	ippd_group_add_string(g, IPPD_TAG_KEYWORD, "notify-pull-method", "ippget");
	ippd_group_add_strings(g, IPPD_TAG_KEYWORD, "notify-events", n_events, events);
	if (!job_id)
		ippd_group_add_integer(g, IPPD_TAG_INTEGER, "notify-lease-duration", lease);

	/* notify-attributes: the ones events can carry are kept, the others reported. */
	const ippd_attr_t *na = ippd_group_find(tmpl, "notify-attributes");
	ippd_attr_t *kept = NULL;
	for (size_t i = 0; na && i < ippd_attr_count(na); i++) {
		const char *name = ippd_attr_get_string(na, i, NULL);
		if (!in_list(name, extra_attrs, N_EXTRA)) {
			report_unsupported(r, na);
			st = IPPD_STATUS_SUCCESSFUL_OK_IGNORED_OR_SUBSTITUTED_ATTRIBUTES;
			continue;
		}
		if (!kept)
			kept = ippd_group_add(g, "notify-attributes");
		ippd_attr_add_string(kept, IPPD_TAG_KEYWORD, name, (size_t)-1);
	}

	/* The charset and language default to the request's; only the charsets we speak are accepted. */
	const ippd_attr_t *cs = ippd_group_find(tmpl, "notify-charset");
	const char *charset = cs ? ippd_attr_get_string(cs, 0, NULL) : NULL;
	if (charset && strcmp(charset, "utf-8") != 0 && strcmp(charset, "us-ascii") != 0) {
		report_unsupported(r, cs);
		st = IPPD_STATUS_SUCCESSFUL_OK_IGNORED_OR_SUBSTITUTED_ATTRIBUTES;
		charset = NULL;
	}
	if (!charset)
		charset = ippd_attr_get_string(ippd_msg_find(r->req, IPPD_TAG_OPERATION, "attributes-charset"), 0, NULL);
	ippd_group_add_string(g, IPPD_TAG_CHARSET, "notify-charset", charset ? charset : "utf-8");
	const ippd_attr_t *nl = ippd_group_find(tmpl, "notify-natural-language");
	if (!nl)
		nl = ippd_msg_find(r->req, IPPD_TAG_OPERATION, "attributes-natural-language");
	const char *lang = ippd_attr_get_string(nl, 0, NULL);
	ippd_group_add_string(g, IPPD_TAG_LANGUAGE, "notify-natural-language", lang ? lang : "en");

	/* The registry checked their syntaxes (octetString(63), integer(0:MAX)). */
	const ippd_attr_t *ud = ippd_group_find(tmpl, "notify-user-data");
	if (ud)
		ippd_group_copy_attr(g, ud, NULL);
	const ippd_attr_t *ti = ippd_group_find(tmpl, "notify-time-interval");
	if (ti)
		ippd_group_copy_attr(g, ti, NULL);

	/* Anything else in a template group is not a template attribute this printer knows. */
	for (const ippd_attr_t *a = ippd_group_first(tmpl); a; a = ippd_attr_next(a)) {
		if (in_list(ippd_attr_get_name(a), template_attrs, sizeof(template_attrs) / sizeof(template_attrs[0])))
			continue;
		report_unsupported(r, a);
		st = IPPD_STATUS_SUCCESSFUL_OK_IGNORED_OR_SUBSTITUTED_ATTRIBUTES;
	}

	sub->printer = r->printer;
	sub->job_id = job_id;
	snprintf(sub->owner, sizeof(sub->owner), "%s", r->user);
	sub_apply_attrs(sub);
	if (!job_id)
		sub->expires = time(NULL) + lease;
	*out = sub;
	return st;
}

/*
 * Makes a subscription for every subscription template group of the
 * request, each answered by a subscription group in `answers`.  Rows are
 * queued into *ticket.  Returns how many were made and sets *tried.
 * Caller holds the lock.
 */
static size_t make_subs_locked(request_t *r, int32_t job_id, ippd_msg_t *answers, uint64_t *ticket, size_t *tried,
                               bool *substituted)
{
	size_t made = 0;
	*tried = 0;
	*substituted = false;
	for (ippd_group_t *t = ippd_msg_first_group(r->req); t; t = ippd_group_next(t)) {
		if (ippd_group_get_tag(t) != IPPD_TAG_SUBSCRIPTION)
			continue;
		(*tried)++;
		ippd_group_t *answer = ippd_msg_add_group(answers, IPPD_TAG_SUBSCRIPTION);
		if (!answer)
			break;
		sub_t *sub = NULL;
		uint16_t st = make_sub(r, t, job_id, answer, &sub);
		bool room = sub_count_owned_locked(r->sys, r->user) < SUB_MAX_PER_USER;
		if (sub && (!room || !sub_add_locked(r->sys, sub))) {
			sub_free(sub);
			sub = NULL;
			st = IPPD_STATUS_CLIENT_ERROR_TOO_MANY_SUBSCRIPTIONS;
		}
		if (sub && !sub_save_queue_locked(r->sys, sub, ticket)) {
			sub_remove_locked(r->sys, sub, NULL);
			sub = NULL;
			st = IPPD_STATUS_SERVER_ERROR_INTERNAL_ERROR;
		}
		if (!sub) {
			ippd_group_add_integer(answer, IPPD_TAG_ENUM, "notify-status-code", st);
			continue;
		}
		ippd_group_add_integer(answer, IPPD_TAG_INTEGER, "notify-subscription-id", sub->id);
		if (st != IPPD_STATUS_SUCCESSFUL_OK) {
			ippd_group_add_integer(answer, IPPD_TAG_ENUM, "notify-status-code", st);
			*substituted = true;
		}
		log_msg(LOG_INFO, "[Subscription %d] created by %s on %s%s", (int)sub->id, r->user,
		        printer_label(r->printer), job_id ? " for a job" : "");
		made++;
	}
	return made;
}

/* Appends the groups of `answers` to the response. */
static void append_answers(request_t *r, const ippd_msg_t *answers)
{
	for (ippd_group_t *g = ippd_msg_first_group(answers); g; g = ippd_group_next(g)) {
		ippd_group_t *dst = ippd_msg_add_group(r->resp, IPPD_TAG_SUBSCRIPTION);
		for (const ippd_attr_t *a = ippd_group_first(g); dst && a; a = ippd_attr_next(a))
			ippd_group_copy_attr(dst, a, NULL);
	}
}

/* Create-Printer-Subscriptions and Create-Job-Subscriptions. */
static void create_subscriptions(request_t *r, int32_t job_id)
{
	ippd_msg_t *answers = ippd_msg_new();
	if (!answers) {
		ipp_respond(r, IPPD_STATUS_SERVER_ERROR_INTERNAL_ERROR, "Out of memory.");
		return;
	}
	uint64_t ticket = 0;
	size_t tried = 0;
	bool substituted = false;
	system_lock(r->sys);
	size_t made = make_subs_locked(r, job_id, answers, &ticket, &tried, &substituted);
	system_unlock(r->sys);
	if (tried == 0) {
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "The request has no subscription template group.");
	} else if (made && store_commit_wait(r->sys->store, ticket) != 0) {
		ipp_respond(r, IPPD_STATUS_SERVER_ERROR_INTERNAL_ERROR, "The subscription could not be saved: %s",
		            store_errmsg(r->sys->store));
	} else {
		append_answers(r, answers);
		if (made == 0)
			ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_IGNORED_ALL_SUBSCRIPTIONS, "No subscription was made.");
		else if (made < tried)
			ipp_respond(r, IPPD_STATUS_SUCCESSFUL_OK_IGNORED_SUBSCRIPTIONS, "%zu of %zu subscriptions were made.",
			            made, tried);
		else if (substituted)
			ipp_respond(r, IPPD_STATUS_SUCCESSFUL_OK_IGNORED_OR_SUBSTITUTED_ATTRIBUTES,
			            "Some subscription attributes were ignored or substituted.");
	}
	ippd_msg_free(answers);
}

void op_create_printer_subscriptions(request_t *r)
{
	if (ippd_msg_find(r->req, IPPD_TAG_OPERATION, "notify-job-id")) {
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST,
		            "notify-job-id belongs to Create-Job-Subscriptions, not Create-Printer-Subscriptions.");
		return;
	}
	create_subscriptions(r, 0);
}

void op_create_job_subscriptions(request_t *r)
{
	const ippd_attr_t *jid = ops_op_attr(r, "notify-job-id", IPPD_TAG_INTEGER);
	if (!jid) {
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "Create-Job-Subscriptions needs notify-job-id.");
		return;
	}
	int32_t id = ippd_attr_get_integer(jid, 0);
	system_lock(r->sys);
	job_t *job = printer_find_job_locked(r->printer, id);
	int state = job ? job->state : 0;
	system_unlock(r->sys);
	if (!job) {
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_NOT_FOUND, "Job %d does not exist.", (int)id);
		return;
	}
	if (state >= IPPD_JOB_STATE_CANCELED) {
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_NOT_POSSIBLE, "Job %d is already %s.", (int)id,
		            ippd_enum_name("job-state", state));
		return;
	}
	/* The job cannot vanish before the subscriptions are linked: a job that is not terminal is never pruned. */
	create_subscriptions(r, id);
}

void notify_ipp_job_created_locked(request_t *r, job_t *job)
{
	bool any = false;
	for (ippd_group_t *t = ippd_msg_first_group(r->req); t && !any; t = ippd_group_next(t))
		any = ippd_group_get_tag(t) == IPPD_TAG_SUBSCRIPTION;
	if (any && !r->sub_groups) {
		r->sub_groups = ippd_msg_new();
		if (r->sub_groups) {
			uint64_t ticket = 0; /* the job's own save waits for a later ticket, so these commit first */
			size_t tried = 0;
			bool substituted = false;
			make_subs_locked(r, job->id, r->sub_groups, &ticket, &tried, &substituted);
		}
	}
	sub_job_event_locked(job, EV_JOB_CREATED, "was created");
}

void notify_ipp_finish(request_t *r)
{
	if (!r->sub_groups || !r->resp)
		return;
	ippd_msg_t *answers = r->sub_groups;
	r->sub_groups = NULL;
	/* An operation that failed made no job worth reporting subscriptions for. */
	if (ippd_msg_get_code(r->resp) < 0x0400) {
		size_t tried = 0, made = 0;
		for (ippd_group_t *g = ippd_msg_first_group(answers); g; g = ippd_group_next(g)) {
			tried++;
			made += ippd_group_find(g, "notify-subscription-id") != NULL;
		}
		append_answers(r, answers);
		if (made < tried)
			ipp_respond(r, IPPD_STATUS_SUCCESSFUL_OK_IGNORED_SUBSCRIPTIONS,
			            "The job was created; %zu of %zu subscriptions were made.", made, tried);
	}
	ippd_msg_free(answers);
}

/* ------------------------------------------------------------------ */
/* Finding subscriptions                                              */
/* ------------------------------------------------------------------ */

/* The subscription notify-subscription-id names on the request's printer; NULL after responding.  Caller holds the lock. */
static sub_t *find_sub_locked(request_t *r)
{
	const ippd_attr_t *a = ops_op_attr(r, "notify-subscription-id", IPPD_TAG_INTEGER);
	if (!a) {
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "The request needs notify-subscription-id.");
		return NULL;
	}
	int32_t id = ippd_attr_get_integer(a, 0);
	sub_t *sub = sub_find_locked(r->sys, id);
	if (!sub || sub->printer != r->printer) {
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_NOT_FOUND, "Subscription %d does not exist.", (int)id);
		return NULL;
	}
	return sub;
}

/* True when r->user owns `sub` or is an operator or administrator; else responds not-authorized. */
static bool may_change_sub(request_t *r, const sub_t *sub)
{
	if (strcmp(sub->owner, r->user) == 0 || (r->roles & (ROLE_OPERATOR | ROLE_ADMIN)))
		return true;
	ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_NOT_AUTHORIZED, "Subscription %d belongs to another user.", (int)sub->id);
	return false;
}

/* requested-attributes for subscriptions: names, "all", "subscription-template", "subscription-description". */
static bool sub_want(const ippd_attr_t *requested, const char *name)
{
	if (!requested || ippd_attr_contains_string(requested, "all") || ippd_attr_contains_string(requested, name))
		return true;
	const ippd_attr_def_t *d = ippd_registry_find(name);
	uint32_t groups = d ? d->groups : 0;
	return ((groups & IPPD_AG_SUBSCRIPTION_TEMPLATE) &&
	        ippd_attr_contains_string(requested, "subscription-template")) ||
	       ((groups & IPPD_AG_SUBSCRIPTION_DESCRIPTION) &&
	        ippd_attr_contains_string(requested, "subscription-description"));
}

/* printer-up-time of a moment: seconds since the server started, 1 at the start (RFC 8011 §5.4.29). */
static int32_t up_time(const system_t *sys, time_t t)
{
	return t > sys->start_time ? (int32_t)(t - sys->start_time + 1) : 1;
}

/* One subscription group with the attributes asked for.  Caller holds the lock. */
static void add_sub_attrs_locked(request_t *r, const sub_t *sub, const ippd_attr_t *requested)
{
	ippd_group_t *g = ippd_msg_add_group(r->resp, IPPD_TAG_SUBSCRIPTION);
	char uri[1100];
	if (!g)
		return;
	if (sub_want(requested, "notify-subscription-id"))
		ippd_group_add_integer(g, IPPD_TAG_INTEGER, "notify-subscription-id", sub->id);
	if (sub_want(requested, "notify-printer-uri")) {
		ops_printer_uri(r, sub->printer, uri, sizeof(uri));
		ippd_group_add_string(g, IPPD_TAG_URI, "notify-printer-uri", uri);
	}
	if (sub->job_id && sub_want(requested, "notify-job-id"))
		ippd_group_add_integer(g, IPPD_TAG_INTEGER, "notify-job-id", sub->job_id);
	if (sub_want(requested, "notify-subscriber-user-name"))
		ippd_group_add_string(g, IPPD_TAG_NAME, "notify-subscriber-user-name", sub->owner);
	if (!sub->job_id && sub_want(requested, "notify-lease-expiration-time"))
		ippd_group_add_integer(g, IPPD_TAG_INTEGER, "notify-lease-expiration-time", up_time(r->sys, sub->expires));
	if (sub_want(requested, "notify-printer-up-time"))
		ippd_group_add_integer(g, IPPD_TAG_INTEGER, "notify-printer-up-time", up_time(r->sys, time(NULL)));
	if (sub_want(requested, "notify-sequence-number"))
		ippd_group_add_integer(g, IPPD_TAG_INTEGER, "notify-sequence-number", sub->seq);
	for (const ippd_attr_t *a = ippd_group_first(ippd_msg_first_group(sub->attrs)); a; a = ippd_attr_next(a))
		if (sub_want(requested, ippd_attr_get_name(a)))
			ippd_group_copy_attr(g, a, NULL);
}

void op_get_subscription_attributes(request_t *r)
{
	const ippd_attr_t *requested = ippd_msg_find(r->req, IPPD_TAG_OPERATION, "requested-attributes");
	system_lock(r->sys);
	sub_t *sub = find_sub_locked(r);
	if (sub)
		add_sub_attrs_locked(r, sub, requested);
	system_unlock(r->sys);
}

void op_get_subscriptions(request_t *r)
{
	const ippd_attr_t *requested = ippd_msg_find(r->req, IPPD_TAG_OPERATION, "requested-attributes");
	const ippd_attr_t *jid = ops_op_attr(r, "notify-job-id", IPPD_TAG_INTEGER);
	const ippd_attr_t *lim = ops_op_attr(r, "limit", IPPD_TAG_INTEGER);
	const ippd_attr_t *my = ops_op_attr(r, "my-subscriptions", IPPD_TAG_BOOLEAN);
	int32_t job_id = jid ? ippd_attr_get_integer(jid, 0) : 0;
	int32_t limit = lim ? ippd_attr_get_integer(lim, 0) : INT32_MAX;
	bool mine = my && ippd_attr_get_boolean(my, 0);
	system_lock(r->sys);
	if (job_id && !printer_find_job_locked(r->printer, job_id)) {
		system_unlock(r->sys);
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_NOT_FOUND, "Job %d does not exist.", (int)job_id);
		return;
	}
	/* RFC 3995: with notify-job-id, that job's subscriptions; without, the printer's. */
	int32_t sent = 0;
	for (const sub_t *s = sub_first_locked(r->sys); s && sent < limit; s = s->next) {
		if (s->printer != r->printer || s->job_id != job_id)
			continue;
		if (mine && strcmp(s->owner, r->user) != 0)
			continue;
		add_sub_attrs_locked(r, s, requested);
		sent++;
	}
	system_unlock(r->sys);
}

void op_renew_subscription(request_t *r)
{
	uint64_t ticket = 0;
	system_lock(r->sys);
	sub_t *sub = find_sub_locked(r);
	bool ok = sub && may_change_sub(r, sub);
	if (ok && sub->job_id) {
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_NOT_POSSIBLE,
		            "Subscription %d is a job subscription: it lasts as long as its job.", (int)sub->id);
		ok = false;
	}
	if (ok) {
		bool substituted = false;
		int32_t lease = grant_lease(ippd_msg_find(r->req, IPPD_TAG_OPERATION, "notify-lease-duration"), &substituted);
		ippd_group_t *g = ippd_msg_first_group(sub->attrs);
		ippd_attr_t *old = ippd_group_find(g, "notify-lease-duration");
		if (old)
			ippd_group_remove(g, old);
		ippd_group_add_integer(g, IPPD_TAG_INTEGER, "notify-lease-duration", lease);
		sub->lease = lease;
		sub->expires = time(NULL) + lease;
		ok = sub_save_queue_locked(r->sys, sub, &ticket);
		ippd_group_add_integer(ippd_msg_find_group(r->resp, IPPD_TAG_OPERATION), IPPD_TAG_INTEGER,
		                       "notify-lease-duration", lease);
		if (substituted)
			ipp_respond(r, IPPD_STATUS_SUCCESSFUL_OK_IGNORED_OR_SUBSTITUTED_ATTRIBUTES,
			            "The lease granted is %d seconds.", (int)lease);
	}
	system_unlock(r->sys);
	if (ok && store_commit_wait(r->sys->store, ticket) != 0)
		ipp_respond(r, IPPD_STATUS_SERVER_ERROR_INTERNAL_ERROR, "The subscription could not be saved: %s",
		            store_errmsg(r->sys->store));
}

void op_cancel_subscription(request_t *r)
{
	uint64_t ticket = 0;
	system_lock(r->sys);
	sub_t *sub = find_sub_locked(r);
	bool ok = sub && may_change_sub(r, sub);
	if (ok) {
		log_msg(LOG_INFO, "[Subscription %d] canceled by %s", (int)sub->id, r->user);
		sub_remove_locked(r->sys, sub, &ticket);
	}
	system_unlock(r->sys);
	if (ok && store_commit_wait(r->sys->store, ticket) != 0)
		ipp_respond(r, IPPD_STATUS_SERVER_ERROR_INTERNAL_ERROR, "The cancellation could not be saved: %s",
		            store_errmsg(r->sys->store));
}

/* ------------------------------------------------------------------ */
/* Get-Notifications (RFC 3996)                                       */
/* ------------------------------------------------------------------ */

static const char *const printer_reason_names[PR_COUNT] = {
	"paused",
	"moving-to-paused",
	"identify-printer-requested",
	"hold-new-jobs",
};

/* What each event group is built with. */
typedef struct event_ctx {
	request_t *r;
	size_t n;
} event_ctx_t;

static void add_reasons(ippd_group_t *g, const char *name, uint32_t bits, unsigned count, const char *(*kw)(unsigned))
{
	ippd_attr_t *a = ippd_group_add(g, name);
	for (unsigned i = 0; a && i < count; i++)
		if (bits & (1u << i))
			ippd_attr_add_string(a, IPPD_TAG_KEYWORD, kw(i), (size_t)-1);
	if (a && ippd_attr_count(a) == 0)
		ippd_attr_add_string(a, IPPD_TAG_KEYWORD, "none", (size_t)-1);
}

static const char *printer_reason_keyword(unsigned i)
{
	return i < PR_COUNT ? printer_reason_names[i] : "none";
}

/* ippd's own printer reasons, then the device's (device-reasons.h); "none" when there are neither. */
static void add_printer_reasons(ippd_group_t *g, const sub_event_t *ev)
{
	ippd_attr_t *a = ippd_group_add(g, "printer-state-reasons");
	if (!a)
		return;
	for (unsigned i = 0; i < PR_COUNT; i++)
		if (ev->printer_reasons & (1u << i))
			ippd_attr_add_string(a, IPPD_TAG_KEYWORD, printer_reason_keyword(i), (size_t)-1);
	device_reasons_add(a, &ev->device_reasons);
	if (ippd_attr_count(a) == 0)
		ippd_attr_add_string(a, IPPD_TAG_KEYWORD, "none", (size_t)-1);
}

/* The notify-attributes extras the subscription asked for, from the event or the model now. */
static void add_extras(request_t *r, ippd_group_t *g, const sub_t *sub, const sub_event_t *ev)
{
	const ippd_attr_t *na = ippd_group_find(ippd_msg_first_group(sub->attrs), "notify-attributes");
	const job_t *job = ev->job_id ? printer_find_job_locked(sub->printer, ev->job_id) : NULL;
	for (size_t i = 0; na && i < ippd_attr_count(na); i++) {
		const char *n = ippd_attr_get_string(na, i, NULL);
		if (!n || ippd_group_find(g, n))
			continue;
		/* Job privacy holds here as in Get-Jobs: the one fetching is the one who sees. */
		if (job && privacy_hides_locked(job, r->user, r->roles, n))
			continue;
		if (strcmp(n, "printer-name") == 0)
			ippd_group_add_string(g, IPPD_TAG_NAME, n, sub->printer->name);
		else if (strcmp(n, "printer-state-message") == 0)
			ippd_group_add_string(g, IPPD_TAG_TEXT, n,
			                      ev->printer_state == IPPD_PRINTER_STATE_STOPPED      ? "Paused."
			                      : ev->printer_state == IPPD_PRINTER_STATE_PROCESSING ? "Printing."
			                                                                           : "Ready.");
		else if (strcmp(n, "job-impressions-completed") == 0 && ev->job_id)
			ippd_group_add_integer(g, IPPD_TAG_INTEGER, n, ev->job_impressions_completed);
		else if (strcmp(n, "job-name") == 0 && job)
			ippd_group_add_string(g, IPPD_TAG_NAME, n, job->name);
		else if (strcmp(n, "job-originating-user-name") == 0 && job)
			ippd_group_add_string(g, IPPD_TAG_NAME, n, job->owner);
	}
}

/* One Event Notification group (RFC 3995 §9, RFC 3996 §5.2).  Caller holds the lock. */
static void add_event(void *arg, const sub_t *sub, const sub_event_t *ev)
{
	event_ctx_t *ctx = arg;
	request_t *r = ctx->r;
	ippd_group_t *g = ippd_msg_add_group(r->resp, IPPD_TAG_EVENT_NOTIFICATION);
	const ippd_group_t *t = ippd_msg_first_group(sub->attrs);
	char uri[1100];
	if (!g)
		return;
	ctx->n++;
	ippd_group_add_integer(g, IPPD_TAG_INTEGER, "notify-subscription-id", sub->id);
	ops_printer_uri(r, sub->printer, uri, sizeof(uri));
	ippd_group_add_string(g, IPPD_TAG_URI, "notify-printer-uri", uri);
	ippd_group_add_string(g, IPPD_TAG_KEYWORD, "notify-subscribed-event", sub_event_name(ev->subscribed));
	ippd_group_add_integer(g, IPPD_TAG_INTEGER, "printer-up-time", up_time(r->sys, ev->when));
	ippd_group_add_date(g, "printer-current-time", ev->when);
	ippd_group_add_integer(g, IPPD_TAG_INTEGER, "notify-sequence-number", ev->seq);
	ippd_group_copy_attr(g, ippd_group_find(t, "notify-charset"), NULL);
	ippd_group_copy_attr(g, ippd_group_find(t, "notify-natural-language"), NULL);
	const ippd_attr_t *ud = ippd_group_find(t, "notify-user-data");
	if (ud)
		ippd_group_copy_attr(g, ud, NULL);
	ippd_group_add_string(g, IPPD_TAG_TEXT, "notify-text", ev->text);
	if (ev->job_id) {
		ippd_group_add_integer(g, IPPD_TAG_INTEGER, "job-id", ev->job_id);
		ippd_group_add_integer(g, IPPD_TAG_ENUM, "job-state", ev->job_state);
		add_reasons(g, "job-state-reasons", ev->job_reasons, JR_COUNT, job_reason_keyword);
		if (ev->kind == EV_JOB_PROGRESS || ev->kind == EV_JOB_COMPLETED)
			ippd_group_add_integer(g, IPPD_TAG_INTEGER, "job-impressions-completed", ev->job_impressions_completed);
	} else {
		ippd_group_add_integer(g, IPPD_TAG_ENUM, "printer-state", ev->printer_state);
		add_printer_reasons(g, ev);
		ippd_group_add_boolean(g, "printer-is-accepting-jobs", ev->accepting);
	}
	add_extras(r, g, sub, ev);
}

/*
 * Get-Notifications, first run or after a held request was resumed.
 * Either answers (events, or none when not waiting or the wait is over) or
 * leaves r->hold wanting to wait.
 */
static void get_notifications(request_t *r)
{
	const ippd_attr_t *ids = ippd_msg_find(r->req, IPPD_TAG_OPERATION, "notify-subscription-ids");
	const ippd_attr_t *seqs = ippd_msg_find(r->req, IPPD_TAG_OPERATION, "notify-sequence-numbers");
	const ippd_attr_t *wait_a = ops_op_attr(r, "notify-wait", IPPD_TAG_BOOLEAN);
	bool wait = wait_a && ippd_attr_get_boolean(wait_a, 0);
	if (!ids || ippd_attr_get_tag(ids, 0) != IPPD_TAG_INTEGER) {
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "Get-Notifications needs notify-subscription-ids.");
		return;
	}
	size_t n = ippd_attr_count(ids);
	system_lock(r->sys);
	/* Every subscription must exist on this printer and be the user's, or nothing is returned. */
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		int32_t id = ippd_attr_get_integer(ids, i);
		sub_t *sub = sub_find_locked(r->sys, id);
		if (!sub || sub->printer != r->printer) {
			system_unlock(r->sys);
			ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_NOT_FOUND, "Subscription %d does not exist.", (int)id);
			report_unsupported(r, ids);
			notify_hold_done(r->hold);
			return;
		}
		if (!may_change_sub(r, sub)) {
			system_unlock(r->sys);
			notify_hold_done(r->hold);
			return;
		}
		/* RFC 3996: a missing sequence number is 1, every event still held. */
		int32_t from = i < ippd_attr_count(seqs) ? ippd_attr_get_integer(seqs, i) : 1;
		any = any || sub_has_events_from(sub, from);
	}
	time_t now = notify_now();
	if (wait && !any && notify_holding() && (!r->hold || now < notify_hold_deadline(r->hold))) {
		/* Nothing yet: the HTTP layer suspends the connection until an event or the deadline. */
		uint64_t gen = sub_generation_locked(r->sys);
		system_unlock(r->sys);
		if (r->hold) {
			notify_hold_rearm(r->hold, gen);
			return;
		}
		int32_t *list = malloc(n * sizeof(*list));
		for (size_t i = 0; list && i < n; i++)
			list[i] = ippd_attr_get_integer(ids, i);
		r->hold = list ? notify_hold_new(list, n, now + SUB_WAIT_MAX, gen) : NULL;
		free(list);
		if (r->hold)
			return;
		system_lock(r->sys); /* out of memory: answer now */
	}
	notify_hold_done(r->hold);
	ippd_group_t *op = ippd_msg_find_group(r->resp, IPPD_TAG_OPERATION);
	ippd_group_add_integer(op, IPPD_TAG_INTEGER, "printer-up-time", up_time(r->sys, time(NULL)));
	/* After a wait, come straight back (and wait again); without one, poll now and then. */
	ippd_group_add_integer(op, IPPD_TAG_INTEGER, "notify-get-interval", wait ? 0 : SUB_GET_INTERVAL);
	event_ctx_t ctx = {.r = r};
	for (size_t i = 0; i < n; i++) {
		const sub_t *sub = sub_find_locked(r->sys, ippd_attr_get_integer(ids, i));
		int32_t from = i < ippd_attr_count(seqs) ? ippd_attr_get_integer(seqs, i) : 1;
		if (sub)
			sub_events_from(sub, from, add_event, &ctx);
	}
	system_unlock(r->sys);
}

void op_get_notifications(request_t *r)
{
	get_notifications(r);
}

void notify_ipp_resume(request_t *r)
{
	get_notifications(r);
}

/* ------------------------------------------------------------------ */
/* The printer's subscription attributes                              */
/* ------------------------------------------------------------------ */

void notify_add_printer_attrs(ippd_group_t *g, const attr_filter_t *f)
{
#define WANT(name) (filter_want(f, name) && !ippd_group_find(g, name))
	if (WANT("notify-events-supported")) {
		const char *names[EV_COUNT];
		for (unsigned i = 0; i < EV_COUNT; i++)
			names[i] = sub_event_name(i);
		ippd_group_add_strings(g, IPPD_TAG_KEYWORD, "notify-events-supported", EV_COUNT, names);
	}
	if (WANT("notify-events-default"))
		ippd_group_add_string(g, IPPD_TAG_KEYWORD, "notify-events-default", sub_event_name(EV_JOB_COMPLETED));
	if (WANT("notify-pull-method-supported"))
		ippd_group_add_string(g, IPPD_TAG_KEYWORD, "notify-pull-method-supported", "ippget");
	if (WANT("notify-lease-duration-supported"))
		ippd_group_add_range(g, "notify-lease-duration-supported", 1, SUB_LEASE_MAX);
	if (WANT("notify-lease-duration-default"))
		ippd_group_add_integer(g, IPPD_TAG_INTEGER, "notify-lease-duration-default", SUB_LEASE_DEFAULT);
	if (WANT("notify-max-events-supported"))
		ippd_group_add_integer(g, IPPD_TAG_INTEGER, "notify-max-events-supported", SUB_MAX_EVENTS);
	if (WANT("notify-max-subscriptions-supported"))
		ippd_group_add_integer(g, IPPD_TAG_INTEGER, "notify-max-subscriptions-supported", SUB_MAX);
	if (WANT("notify-attributes-supported"))
		ippd_group_add_strings(g, IPPD_TAG_KEYWORD, "notify-attributes-supported", N_EXTRA, extra_attrs);
	if (WANT("ippget-event-life"))
		ippd_group_add_integer(g, IPPD_TAG_INTEGER, "ippget-event-life", SUB_EVENT_LIFE);
	/* notify-schemes-supported is left out: no push method (RFC 3995 §5.3.1.1 allows none). */
#undef WANT
}
