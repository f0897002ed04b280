/* Access control: the operation classes, the policy from the configuration, and the one decision. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "auth.h"
#include "ops.h"

/* ------------------------------------------------------------------ */
/* The operation classes (the role table of docs/SECURITY.md)         */
/* ------------------------------------------------------------------ */

/*
 * One row per operation; an operation missing here is AC_ADMIN.  Rows for
 * operations ippd does not carry out yet are here so that they are covered
 * the day they join ops_table.  tests/integration/access.sh checks this
 * table, the server's behaviour and docs/SECURITY.md against each other.
 */
static const struct {
	uint16_t op;
	access_class_t cls;
} op_classes[] = {
	/* Discovery: a client must learn what the printer wants before it can authenticate. */
	{IPPD_OP_GET_PRINTER_ATTRIBUTES, AC_ANYONE},
	{IPPD_OP_GET_PRINTER_SUPPORTED_VALUES, AC_ANYONE},
	{IPPD_OP_GET_SYSTEM_ATTRIBUTES, AC_ANYONE},
	{IPPD_OP_GET_SYSTEM_SUPPORTED_VALUES, AC_ANYONE},
	{IPPD_OP_GET_PRINTERS, AC_ANYONE},
	{IPPD_OP_CUPS_GET_DEFAULT, AC_ANYONE},
	{IPPD_OP_CUPS_GET_PRINTERS, AC_ANYONE},
	{IPPD_OP_CUPS_GET_CLASSES, AC_ANYONE},
	/* Printing and reading the queue. */
	{IPPD_OP_PRINT_JOB, AC_USER},
	{IPPD_OP_PRINT_URI, AC_USER},
	{IPPD_OP_VALIDATE_JOB, AC_USER},
	{IPPD_OP_CREATE_JOB, AC_USER},
	{IPPD_OP_VALIDATE_DOCUMENT, AC_USER},
	{IPPD_OP_GET_JOBS, AC_USER},
	{IPPD_OP_GET_JOB_ATTRIBUTES, AC_USER},
	{IPPD_OP_GET_DOCUMENTS, AC_USER},
	{IPPD_OP_GET_DOCUMENT_ATTRIBUTES, AC_USER},
	{IPPD_OP_CANCEL_MY_JOBS, AC_USER},
	{IPPD_OP_IDENTIFY_PRINTER, AC_USER},
	{IPPD_OP_CREATE_PRINTER_SUBSCRIPTIONS, AC_USER},
	{IPPD_OP_CREATE_JOB_SUBSCRIPTIONS, AC_USER},
	{IPPD_OP_CREATE_SYSTEM_SUBSCRIPTIONS, AC_USER},
	{IPPD_OP_GET_SUBSCRIPTIONS, AC_USER},
	{IPPD_OP_GET_SUBSCRIPTION_ATTRIBUTES, AC_USER},
	{IPPD_OP_GET_NOTIFICATIONS, AC_USER},
	/* One job (or subscription): its owner; the handler checks who owns it. */
	{IPPD_OP_SEND_DOCUMENT, AC_OWNER},
	{IPPD_OP_SEND_URI, AC_OWNER},
	{IPPD_OP_CANCEL_JOB, AC_OWNER},
	{IPPD_OP_HOLD_JOB, AC_OWNER},
	{IPPD_OP_RELEASE_JOB, AC_OWNER},
	{IPPD_OP_RESTART_JOB, AC_OWNER},
	{IPPD_OP_RESUBMIT_JOB, AC_OWNER},
	{IPPD_OP_SET_JOB_ATTRIBUTES, AC_OWNER},
	{IPPD_OP_CLOSE_JOB, AC_OWNER},
	{IPPD_OP_CANCEL_DOCUMENT, AC_OWNER},
	{IPPD_OP_DELETE_DOCUMENT, AC_OWNER},
	{IPPD_OP_SET_DOCUMENT_ATTRIBUTES, AC_OWNER},
	{IPPD_OP_RENEW_SUBSCRIPTION, AC_OWNER},
	{IPPD_OP_CANCEL_SUBSCRIPTION, AC_OWNER},
	/* The printer and everyone's jobs. */
	{IPPD_OP_PAUSE_PRINTER, AC_OPERATOR},
	{IPPD_OP_PAUSE_PRINTER_AFTER_CURRENT_JOB, AC_OPERATOR},
	{IPPD_OP_RESUME_PRINTER, AC_OPERATOR},
	{IPPD_OP_ENABLE_PRINTER, AC_OPERATOR},
	{IPPD_OP_DISABLE_PRINTER, AC_OPERATOR},
	{IPPD_OP_CUPS_ACCEPT_JOBS, AC_OPERATOR},
	{IPPD_OP_CUPS_REJECT_JOBS, AC_OPERATOR},
	{IPPD_OP_HOLD_NEW_JOBS, AC_OPERATOR},
	{IPPD_OP_RELEASE_HELD_NEW_JOBS, AC_OPERATOR},
	{IPPD_OP_PURGE_JOBS, AC_OPERATOR},
	{IPPD_OP_CANCEL_JOBS, AC_OPERATOR},
	{IPPD_OP_CANCEL_CURRENT_JOB, AC_OPERATOR},
	{IPPD_OP_SUSPEND_CURRENT_JOB, AC_OPERATOR},
	{IPPD_OP_RESUME_JOB, AC_OPERATOR},
	{IPPD_OP_PROMOTE_JOB, AC_OPERATOR},
	{IPPD_OP_SCHEDULE_JOB_AFTER, AC_OPERATOR},
	{IPPD_OP_REPROCESS_JOB, AC_OPERATOR},
	{IPPD_OP_RESTART_PRINTER, AC_OPERATOR},
	{IPPD_OP_PAUSE_ALL_PRINTERS, AC_OPERATOR},
	{IPPD_OP_PAUSE_ALL_PRINTERS_AFTER_CURRENT_JOB, AC_OPERATOR},
	{IPPD_OP_RESUME_ALL_PRINTERS, AC_OPERATOR},
	{IPPD_OP_ENABLE_ALL_PRINTERS, AC_OPERATOR},
	{IPPD_OP_DISABLE_ALL_PRINTERS, AC_OPERATOR},
	/* Configuration: administrators. */
	{IPPD_OP_SET_PRINTER_ATTRIBUTES, AC_ADMIN},
	{IPPD_OP_SET_SYSTEM_ATTRIBUTES, AC_ADMIN},
	{IPPD_OP_CREATE_PRINTER, AC_ADMIN},
	{IPPD_OP_DELETE_PRINTER, AC_ADMIN},
	{IPPD_OP_SHUTDOWN_PRINTER, AC_ADMIN},
	{IPPD_OP_STARTUP_PRINTER, AC_ADMIN},
	{IPPD_OP_SHUTDOWN_ONE_PRINTER, AC_ADMIN},
	{IPPD_OP_STARTUP_ONE_PRINTER, AC_ADMIN},
	{IPPD_OP_RESTART_ONE_PRINTER, AC_ADMIN},
	{IPPD_OP_SHUTDOWN_ALL_PRINTERS, AC_ADMIN},
	{IPPD_OP_STARTUP_ALL_PRINTERS, AC_ADMIN},
	{IPPD_OP_RESTART_SYSTEM, AC_ADMIN},
	{IPPD_OP_DEACTIVATE_PRINTER, AC_ADMIN},
	{IPPD_OP_ACTIVATE_PRINTER, AC_ADMIN},
};

access_class_t access_class_of(uint16_t op)
{
	for (size_t i = 0; i < sizeof(op_classes) / sizeof(op_classes[0]); i++)
		if (op_classes[i].op == op)
			return op_classes[i].cls;
	return AC_ADMIN;
}

const char *access_class_name(access_class_t c)
{
	static const char *const names[] = {"anyone", "user", "owner", "operator", "admin"};
	return (unsigned)c < sizeof(names) / sizeof(names[0]) ? names[c] : "admin";
}

/* ------------------------------------------------------------------ */
/* The configuration keys                                             */
/* ------------------------------------------------------------------ */

/* A list of user names and @groups, separated by commas and/or spaces. */
static bool valid_user_list(const char *list)
{
	char copy[ACCESS_LIST_MAX];
	if (strlen(list) >= sizeof(copy))
		return false;
	snprintf(copy, sizeof(copy), "%s", list);
	char *save = NULL;
	for (char *t = strtok_r(copy, ", \t", &save); t; t = strtok_r(NULL, ", \t", &save)) {
		if (t[0] == '@' ? !(t[1] && passwd_valid_groups(t + 1) && !strchr(t, ',')) : !passwd_valid_user(t))
			return false;
	}
	return true;
}


bool access_valid_privacy_attrs(const char *list)
{
	char copy[ACCESS_LIST_MAX];
	if (!list[0] || strlen(list) >= sizeof(copy))
		return false;
	snprintf(copy, sizeof(copy), "%s", list);
	char *save = NULL;
	size_t n = 0;
	bool none = false;
	for (char *t = strtok_r(copy, ", \t", &save); t; t = strtok_r(NULL, ", \t", &save), n++) {
		/* Keywords and attribute names: lower-case letters, digits and '-'. */
		if (strspn(t, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(t) || !(t[0] >= 'a' && t[0] <= 'z'))
			return false;
		none |= strcmp(t, "none") == 0;
	}
	/* 'none' stands alone. */
	return n > 0 && (!none || n == 1);
}

bool access_valid_privacy_scope(const char *scope)
{
	return strcmp(scope, "all") == 0 || strcmp(scope, "default") == 0 || strcmp(scope, "owner") == 0 ||
	       strcmp(scope, "none") == 0;
}

int access_config_key(access_policy_t *pol, const char *key, const char *value, char *err, size_t errsize)
{
	if (strcmp(key, "auth") == 0) {
		if (strcmp(value, "none") == 0)
			pol->auth = AUTH_MODE_NONE;
		else if (strcmp(value, "basic") == 0)
			pol->auth = AUTH_MODE_BASIC;
		else {
			snprintf(err, errsize, "auth must be none or basic, not '%s'", value);
			return -1;
		}
		pol->set |= ACCESS_SET_AUTH;
		return 1;
	}
	static const struct {
		const char *key;
		size_t offset;
		unsigned bit;
	} lists[] = {
		{"print-users", offsetof(access_policy_t, print_users), ACCESS_SET_PRINT_USERS},
		{"operators", offsetof(access_policy_t, operators), ACCESS_SET_OPERATORS},
		{"admins", offsetof(access_policy_t, admins), ACCESS_SET_ADMINS},
	};
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		if (strcmp(key, lists[i].key) != 0)
			continue;
		if (!valid_user_list(value)) {
			snprintf(err, errsize, "%s must list user names and @groups (at most %d bytes)", key,
			         ACCESS_LIST_MAX - 1);
			return -1;
		}
		snprintf((char *)pol + lists[i].offset, ACCESS_LIST_MAX, "%s", value);
		pol->set |= lists[i].bit;
		return 1;
	}
	if (strcmp(key, "job-privacy-attributes") == 0) {
		if (!access_valid_privacy_attrs(value)) {
			snprintf(err, errsize,
			         "job-privacy-attributes must be none, or all, default, job-description, job-template "
			         "and attribute names");
			return -1;
		}
		snprintf(pol->privacy_attrs, sizeof(pol->privacy_attrs), "%s", value);
		pol->set |= ACCESS_SET_PRIVACY_ATTRS;
		return 1;
	}
	if (strcmp(key, "job-privacy-scope") == 0) {
		if (!access_valid_privacy_scope(value)) {
			snprintf(err, errsize, "job-privacy-scope must be all, default, owner or none, not '%s'", value);
			return -1;
		}
		snprintf(pol->privacy_scope, sizeof(pol->privacy_scope), "%s", value);
		pol->set |= ACCESS_SET_PRIVACY_SCOPE;
		return 1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* The installed policy                                               */
/* ------------------------------------------------------------------ */

typedef struct named_policy {
	char name[128];
	access_policy_t pol;
} named_policy_t;

static struct {
	pthread_mutex_t lock;
	access_policy_t dflt;
	named_policy_t *printers;
	size_t n;
	bool allow_loopback;
} g = {.lock = PTHREAD_MUTEX_INITIALIZER, .allow_loopback = true};

/* Unset keys of `pol` from `from`. */
static void inherit(access_policy_t *pol, const access_policy_t *from)
{
	if (!(pol->set & ACCESS_SET_AUTH))
		pol->auth = from->auth;
	if (!(pol->set & ACCESS_SET_PRINT_USERS))
		memcpy(pol->print_users, from->print_users, sizeof(pol->print_users));
	if (!(pol->set & ACCESS_SET_OPERATORS))
		memcpy(pol->operators, from->operators, sizeof(pol->operators));
	if (!(pol->set & ACCESS_SET_ADMINS))
		memcpy(pol->admins, from->admins, sizeof(pol->admins));
	if (!(pol->set & ACCESS_SET_PRIVACY_ATTRS))
		memcpy(pol->privacy_attrs, from->privacy_attrs, sizeof(pol->privacy_attrs));
	if (!(pol->set & ACCESS_SET_PRIVACY_SCOPE))
		memcpy(pol->privacy_scope, from->privacy_scope, sizeof(pol->privacy_scope));
}

/* Privacy defaults follow the auth mode: with passwords, names and job names are the owner's business. */
static void privacy_defaults(access_policy_t *pol)
{
	if (!pol->privacy_attrs[0])
		snprintf(pol->privacy_attrs, sizeof(pol->privacy_attrs), "%s",
		         pol->auth == AUTH_MODE_BASIC ? "default" : "none");
	if (!pol->privacy_scope[0])
		snprintf(pol->privacy_scope, sizeof(pol->privacy_scope), "%s",
		         pol->auth == AUTH_MODE_BASIC ? "owner" : "all");
}

bool access_apply(const access_policy_t *dflt, const access_policy_t *printers, const char *const *names, size_t n,
                  bool allow_basic_on_loopback)
{
	named_policy_t *list = calloc(n + 1, sizeof(*list));
	if (!list)
		return false;
	access_policy_t d = *dflt;
	privacy_defaults(&d);
	for (size_t i = 0; i < n; i++) {
		snprintf(list[i].name, sizeof(list[i].name), "%s", names[i]);
		list[i].pol = printers[i];
		/* Privacy left unset in both sections follows this printer's own auth mode. */
		access_policy_t base = *dflt;
		inherit(&list[i].pol, &base);
		privacy_defaults(&list[i].pol);
	}
	pthread_mutex_lock(&g.lock);
	free(g.printers);
	g.printers = list;
	g.n = n;
	g.dflt = d;
	g.allow_loopback = allow_basic_on_loopback;
	pthread_mutex_unlock(&g.lock);
	return true;
}

/* The policy entry of printer `p`, or [default]'s.  Caller holds g.lock. */
static access_policy_t *policy_of_locked(const printer_t *p)
{
	if (p && !p->is_default)
		for (size_t i = 0; i < g.n; i++)
			if (strcmp(g.printers[i].name, p->name) == 0)
				return &g.printers[i].pol;
	return &g.dflt;
}

static access_policy_t policy_of(const printer_t *p)
{
	pthread_mutex_lock(&g.lock);
	access_policy_t pol = *policy_of_locked(p);
	pthread_mutex_unlock(&g.lock);
	return pol;
}

bool access_same_rules(const printer_t *a, const printer_t *b)
{
	pthread_mutex_lock(&g.lock);
	const access_policy_t *x = policy_of_locked(a), *y = policy_of_locked(b);
	bool same = x == y || (x->auth == y->auth && strcmp(x->print_users, y->print_users) == 0 &&
	                       strcmp(x->operators, y->operators) == 0 && strcmp(x->admins, y->admins) == 0);
	pthread_mutex_unlock(&g.lock);
	return same;
}

auth_mode_t access_auth_mode(const printer_t *p)
{
	pthread_mutex_lock(&g.lock);
	auth_mode_t m = policy_of_locked(p)->auth;
	pthread_mutex_unlock(&g.lock);
	return m;
}

const char *access_uri_authentication(const printer_t *p)
{
	return access_auth_mode(p) == AUTH_MODE_BASIC ? "basic" : "requesting-user-name";
}

void access_privacy_get(const printer_t *p, char *attrs, size_t asize, char *scope, size_t ssize)
{
	pthread_mutex_lock(&g.lock);
	const access_policy_t *pol = policy_of_locked(p);
	snprintf(attrs, asize, "%s", pol->privacy_attrs);
	snprintf(scope, ssize, "%s", pol->privacy_scope);
	pthread_mutex_unlock(&g.lock);
}

void access_privacy_set(const printer_t *p, const char *attrs, const char *scope)
{
	pthread_mutex_lock(&g.lock);
	access_policy_t *pol = policy_of_locked(p);
	/* A printer that follows [default] gets an entry of its own, so that the change stays on it. */
	if (pol == &g.dflt && p && !p->is_default) {
		named_policy_t *list = realloc(g.printers, (g.n + 1) * sizeof(*list));
		if (list) {
			g.printers = list;
			memset(&list[g.n], 0, sizeof(list[g.n]));
			snprintf(list[g.n].name, sizeof(list[g.n].name), "%s", p->name);
			list[g.n].pol = g.dflt;
			pol = &list[g.n++].pol;
		}
	}
	if (attrs)
		snprintf(pol->privacy_attrs, sizeof(pol->privacy_attrs), "%s", attrs);
	if (scope)
		snprintf(pol->privacy_scope, sizeof(pol->privacy_scope), "%s", scope);
	pthread_mutex_unlock(&g.lock);
}

/* ------------------------------------------------------------------ */
/* The decision                                                       */
/* ------------------------------------------------------------------ */

bool access_peer_is_loopback(const char *peer)
{
	return strncmp(peer, "127.", 4) == 0 || strncmp(peer, "[::1]:", 6) == 0 ||
	       strncmp(peer, "[::ffff:127.", 12) == 0;
}

/* True when `user` (with password-file `groups`) is named in `list`, by name or @group. */
static bool listed(const char *list, const char *user, const char *groups)
{
	char copy[ACCESS_LIST_MAX];
	snprintf(copy, sizeof(copy), "%s", list);
	passwd_entry_t e;
	snprintf(e.groups, sizeof(e.groups), "%s", groups);
	char *save = NULL;
	for (char *t = strtok_r(copy, ", \t", &save); t; t = strtok_r(NULL, ", \t", &save)) {
		if (t[0] == '@' ? passwd_in_group(&e, t + 1) : strcmp(t, user) == 0)
			return true;
	}
	return false;
}

/* The roles a user holds: from the password file's groups or the configuration's lists. */
static unsigned roles_of(const access_policy_t *pol, const char *user, const char *groups)
{
	passwd_entry_t e;
	snprintf(e.groups, sizeof(e.groups), "%s", groups);
	unsigned roles = 0;
	if (passwd_in_group(&e, "admin") || listed(pol->admins, user, groups))
		roles |= ROLE_ADMIN | ROLE_OPERATOR;
	if (passwd_in_group(&e, "operator") || listed(pol->operators, user, groups))
		roles |= ROLE_OPERATOR;
	return roles;
}

/* HTTP 401 with the Basic challenge (http.c adds the WWW-Authenticate header). */
static bool challenge(request_t *r, const char *why)
{
	r->http_status = 401;
	ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_NOT_AUTHENTICATED, "%s", why);
	return false;
}

/* Authenticates the request (auth = basic).  False after responding. */
static bool authenticate(request_t *r, const char *printer_name, char *groups, size_t gsize)
{
	bool clear = !r->secure && !(g.allow_loopback && access_peer_is_loopback(r->peer));
	if (clear) {
		/* No challenge: it would invite the client to send its password where anyone can read it. */
		r->http_status = 403;
		if (r->sys && r->sys->tls_enabled)
			ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_FORBIDDEN,
			            "Printer %s needs a user name and password, which are only accepted over TLS: use its "
			            "ipps:// URI.",
			            printer_name);
		else
			ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_FORBIDDEN,
			            "Printer %s needs a user name and password, which are only accepted over TLS, and TLS "
			            "is off on this server: ask its administrator.",
			            printer_name);
		if (r->authorization)
			log_msg(LOG_WARN, "%s: sent a password in clear text; refused without checking it", r->peer);
		return false;
	}
	if (!r->authorization)
		return challenge(r, "This operation needs a user name and password (HTTP Basic).");
	switch (auth_verify(r->authorization, r->auth_user, sizeof(r->auth_user), groups, gsize)) {
	case AUTH_OK:
		return true;
	case AUTH_MALFORMED:
		r->auth_user[0] = '\0';
		return challenge(r, "The Authorization header is not HTTP Basic credentials ippd can read.");
	case AUTH_REJECTED:
		r->auth_user[0] = '\0';
		log_msg(LOG_WARN, "%s: authentication failed", r->peer);
		return challenge(r, "Wrong user name or password.");
	case AUTH_UNAVAILABLE:
		break;
	}
	r->auth_user[0] = '\0';
	ipp_respond(r, IPPD_STATUS_SERVER_ERROR_SERVICE_UNAVAILABLE,
	            "The password file cannot be read; see the server's log.");
	return false;
}

bool access_check(request_t *r, const op_def_t *def)
{
	access_class_t cls = access_class_of(def->op);
	access_policy_t pol = policy_of(r->printer);
	char groups[PASSWD_MAX_GROUPS + 1] = "";
	if (pol.auth == AUTH_MODE_BASIC) {
		if (cls == AC_ANYONE) {
			r->roles = 0;
			return true;
		}
		if (!authenticate(r, printer_label(r->printer), groups, sizeof(groups)))
			return false;
		r->user = r->auth_user;
	} else if (pol.print_users[0] || pol.operators[0] || pol.admins[0]) {
		/* Only configured lists can name a group: the file is read for them alone. */
		auth_user_groups(r->user, groups, sizeof(groups));
	}
	r->roles = roles_of(&pol, r->user, groups);
	/*
	 * Without passwords the name is the client's word: an empty operators
	 * or admins list opens that class to everyone (ippd's behaviour before
	 * there was a policy).  It gives no role, so a job is still changed by
	 * its owner only.
	 */
	bool open = pol.auth == AUTH_MODE_NONE;
	bool any_operator = open && !pol.operators[0] && !pol.admins[0];
	bool any_admin = open && !pol.admins[0];
	bool ok;
	switch (cls) {
	case AC_ANYONE:
	case AC_OWNER:
		ok = true;
		break;
	case AC_USER:
		ok = !pol.print_users[0] || listed(pol.print_users, r->user, groups) || r->roles;
		break;
	case AC_OPERATOR:
		ok = (r->roles & ROLE_OPERATOR) || any_operator;
		break;
	case AC_ADMIN:
	default:
		ok = (r->roles & ROLE_ADMIN) || any_admin;
		break;
	}
	if (!ok) {
		const char *name = ippd_op_name(def->op);
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_NOT_AUTHORIZED, "%s may not %s on printer %s (%s only).", r->user,
		            name ? name : "do this", printer_label(r->printer),
		            cls == AC_USER ? "print-users" : cls == AC_OPERATOR ? "operators" : "administrators");
		log_msg(LOG_INFO, "%s: %s refused %s (%s class)", r->peer, r->user, name ? name : "?",
		        access_class_name(cls));
	}
	return ok;
}

bool access_may_change_job(const request_t *r, const job_t *job)
{
	return strcmp(job->owner, r->user) == 0 || (r->roles & ROLE_OPERATOR);
}
