/* Job privacy (job-privacy-attributes, job-privacy-scope): which job attributes a requester may see. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <stdio.h>
#include <string.h>

#include <ippd/registry.h>

#include "access.h"
#include "privacy.h"

/* The rules of one printer, read once per job returned. */
typedef struct privacy_rule {
	char attrs[ACCESS_LIST_MAX];
	char scope[16];
} privacy_rule_t;

/* What 'default' hides: who submitted a job and what it is called or about. */
static const char *const default_private[] = {
	"job-name",           "job-originating-user-name", "job-originating-user-uri", "job-originating-host-name",
	"job-account-id",     "job-accounting-user-id",    "document-name",            "document-name-supplied",
	"job-message-to-operator", "job-recipient-name",   "job-sheet-message",
};

/* What is never hidden: without these a user could not follow the queue or find a job. */
static const char *const never_private[] = {
	"job-id", "job-uri", "job-printer-uri", "job-state", "job-state-reasons",
	"document-number", "document-job-id", "document-state", "document-state-reasons",
};

static bool in(const char *const *list, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], name) == 0)
			return true;
	return false;
}

/* True when the comma/space-separated `list` holds `word`. */
static bool list_has(const char *list, const char *word)
{
	size_t n = strlen(word);
	for (const char *s = list; *s;) {
		s += strspn(s, ", \t");
		size_t len = strcspn(s, ", \t");
		if (len == n && strncmp(s, word, n) == 0)
			return true;
		s += len;
	}
	return false;
}

static bool is_private(const privacy_rule_t *rule, const char *attr)
{
	if (in(never_private, sizeof(never_private) / sizeof(never_private[0]), attr))
		return false;
	if (list_has(rule->attrs, "none"))
		return false;
	if (list_has(rule->attrs, "all") || list_has(rule->attrs, attr))
		return true;
	if (list_has(rule->attrs, "default") && in(default_private, sizeof(default_private) / sizeof(default_private[0]), attr))
		return true;
	const ippd_attr_def_t *d = ippd_registry_find(attr);
	uint32_t groups = d ? d->groups : 0;
	if (list_has(rule->attrs, "job-description") && (groups & (IPPD_AG_JOB_DESCRIPTION | IPPD_AG_JOB_STATUS)))
		return true;
	return list_has(rule->attrs, "job-template") && (groups & IPPD_AG_JOB_TEMPLATE);
}

/*
 * Whether the viewer sees private values: job-privacy-scope names who
 * does.  'all': everyone; 'owner' and 'default' (ippd's default is owner):
 * the job's owner; 'none': no user.  Operators and administrators always do.
 */
static bool sees_private(const privacy_rule_t *rule, const job_t *job, const char *viewer, unsigned roles)
{
	if (strcmp(rule->scope, "all") == 0 || (roles & (ROLE_OPERATOR | ROLE_ADMIN)))
		return true;
	if (strcmp(rule->scope, "none") == 0)
		return false;
	return viewer && strcmp(job->owner, viewer) == 0;
}

bool privacy_hides_locked(const job_t *job, const char *viewer, unsigned viewer_roles, const char *attr)
{
	privacy_rule_t rule;
	access_privacy_get(job->printer, rule.attrs, sizeof(rule.attrs), rule.scope, sizeof(rule.scope));
	return !sees_private(&rule, job, viewer, viewer_roles) && is_private(&rule, attr);
}

void privacy_strip_locked(const request_t *r, const job_t *job, ippd_group_t *g)
{
	privacy_rule_t rule;
	access_privacy_get(job->printer, rule.attrs, sizeof(rule.attrs), rule.scope, sizeof(rule.scope));
	if (sees_private(&rule, job, r->user, r->roles))
		return;
	/* Hidden attributes are left out of the response altogether, as if the printer did not have them. */
	for (ippd_attr_t *a = ippd_group_first(g), *next; a; a = next) {
		next = ippd_attr_next(a);
		if (is_private(&rule, ippd_attr_get_name(a)))
			ippd_group_remove(g, a);
	}
}
