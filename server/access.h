/* Access control: who may perform which operation on which printer, and the policy from the configuration. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_SERVER_ACCESS_H
#define IPPD_SERVER_ACCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct request request_t;
typedef struct op_def op_def_t;
typedef struct job job_t;
typedef struct printer printer_t;

enum { ACCESS_LIST_MAX = 512 };

typedef enum auth_mode {
	AUTH_MODE_NONE,  /* requesting-user-name is trusted (no authentication) */
	AUTH_MODE_BASIC, /* HTTP Basic against the password file */
} auth_mode_t;

/* The access keys of one configuration section; unset keys come from [default]. */
typedef struct access_policy {
	auth_mode_t auth;
	char print_users[ACCESS_LIST_MAX]; /* "alice, @staff"; "" for everyone */
	char operators[ACCESS_LIST_MAX];
	char admins[ACCESS_LIST_MAX];
	char privacy_attrs[ACCESS_LIST_MAX]; /* job-privacy-attributes, comma-separated */
	char privacy_scope[16];              /* job-privacy-scope */
	unsigned set;                        /* ACCESS_SET_* bits: the keys this section sets */
} access_policy_t;

enum {
	ACCESS_SET_AUTH = 1u << 0,
	ACCESS_SET_PRINT_USERS = 1u << 1,
	ACCESS_SET_OPERATORS = 1u << 2,
	ACCESS_SET_ADMINS = 1u << 3,
	ACCESS_SET_PRIVACY_ATTRS = 1u << 4,
	ACCESS_SET_PRIVACY_SCOPE = 1u << 5,
};

/* The operation classes of docs/SECURITY.md. */
typedef enum access_class {
	AC_ANYONE,   /* no authentication: what a client needs to discover the printer */
	AC_USER,     /* an authenticated user allowed to print (print-users) */
	AC_OWNER,    /* the job's (or subscription's) owner, an operator or an administrator */
	AC_OPERATOR, /* an operator or an administrator */
	AC_ADMIN,    /* an administrator */
} access_class_t;

/* Roles of the requester (request_t.roles). */
enum { ROLE_OPERATOR = 1u << 0, ROLE_ADMIN = 1u << 1 };

/*
 * One configuration key of a section: 1 when `key` is an access key and its
 * value is good, 0 when `key` is not an access key, -1 with the reason in
 * `err` when the value is bad.
 */
int access_config_key(access_policy_t *pol, const char *key, const char *value, char *err, size_t errsize);

/* A valid job-privacy-attributes value list (comma- or space-separated). */
bool access_valid_privacy_attrs(const char *list);
/* A valid job-privacy-scope keyword. */
bool access_valid_privacy_scope(const char *scope);

/*
 * Installs the policy: `dflt` is the [default] section, `printers[i]` the
 * section of the printer named `names[i]` (unset keys inherit from
 * `dflt`).  A printer with no section of its own follows [default].
 */
bool access_apply(const access_policy_t *dflt, const access_policy_t *printers, const char *const *names, size_t n,
                  bool allow_basic_on_loopback);

/* The class of an operation; one not in the table is AC_ADMIN (nothing new is open by accident). */
access_class_t access_class_of(uint16_t op);
/* "anyone", "user", "owner", "operator", "admin" */
const char *access_class_name(access_class_t c);

/*
 * Decides whether the request may run its operation: authenticates it
 * (HTTP Basic) when the printer wants it, sets r->user to the
 * authenticated name and r->roles.  False after responding: HTTP 401 with
 * a challenge (no or wrong credentials), HTTP 403 with client-error-
 * forbidden (Basic over clear text from a non-loopback peer), or
 * client-error-not-authorized (the user's role is not enough).
 */
bool access_check(request_t *r, const op_def_t *def);

/* True when the request's user may change `job`: its owner, an operator or an administrator. */
bool access_may_change_job(const request_t *r, const job_t *job);

/* The auth mode of a printer. */
auth_mode_t access_auth_mode(const printer_t *p);

/*
 * True when printers a and b let the same people in, with the same roles
 * (auth, print-users, operators, admins): a check made on one holds for the
 * other.  Job privacy may still differ; it is applied per job.
 */
bool access_same_rules(const printer_t *a, const printer_t *b);

/* uri-authentication-supported for the printer: "basic" or "requesting-user-name". */
const char *access_uri_authentication(const printer_t *p);

/*
 * Privacy (job-privacy-attributes, job-privacy-scope).  The effective
 * values for a printer, copied into `attrs` (comma-separated keywords) and
 * `scope`.
 */
void access_privacy_get(const printer_t *p, char *attrs, size_t asize, char *scope, size_t ssize);
/* Changes them (Set-Printer-Attributes); values already checked.  NULL leaves one unchanged. */
void access_privacy_set(const printer_t *p, const char *attrs, const char *scope);

/* True for a peer string ("127.0.0.1:5", "[::1]:5") on the loopback interface. */
bool access_peer_is_loopback(const char *peer);

#endif
