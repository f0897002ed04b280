/* Giving up root: ippd binds its ports as root, then runs as a dedicated unprivileged user. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_SERVER_PRIVILEGE_H
#define IPPD_SERVER_PRIVILEGE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* The account ippd switches to when started as root and no --user is given. */
#define PRIVILEGE_DEFAULT_USER "ippd"

/* Who ippd will run as, resolved before anything is opened. */
typedef struct privilege {
	bool drop;         /* started as root, with an account to switch to */
	char user[64];
	uid_t uid;
	gid_t gid;
} privilege_t;

/*
 * Decides whether and to whom ippd drops root.  `user` is --user (NULL when
 * not given).  Not root: nothing to drop (and --user is an error unless it
 * names the current user).  Root with --user: that account must exist
 * (--user root keeps root, on purpose).  Root without --user: the
 * account PRIVILEGE_DEFAULT_USER if it exists; if not, ippd stays root and
 * `*warning` says so (a one-line message for the log).  False with `err`
 * when the request cannot be met.
 */
bool privilege_plan(privilege_t *pv, const char *user, char *warning, size_t wsize, char *err, size_t esize);

/*
 * Gives the state folder to the account (before anything in it is opened):
 * the folder and everything under it, without following symbolic links.
 * Nothing to do when not dropping.
 */
bool privilege_own_state(const privilege_t *pv, const char *state_dir, char *err, size_t esize);

/*
 * Switches the whole process to the account: supplementary groups, gid,
 * uid (real, effective and saved), then checks that root cannot be
 * regained.  Call after the listening sockets are bound and before
 * anything reads the network.  Nothing to do when not dropping.
 */
bool privilege_drop(const privilege_t *pv, char *err, size_t esize);

#endif
