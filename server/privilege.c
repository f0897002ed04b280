/* Giving up root: resolve the account, hand it the state folder, switch uid and gid for good. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
/* initgroups, setresuid and setresgid need _GNU_SOURCE, which the build defines. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "privilege.h"

/* Looks up `name`; false with `err` when there is no such account. */
static bool lookup(privilege_t *pv, const char *name, char *err, size_t esize)
{
	char buf[4096];
	struct passwd pw, *found = NULL;
	int rc = getpwnam_r(name, &pw, buf, sizeof(buf), &found);
	if (rc != 0 || !found) {
		snprintf(err, esize, "no user account '%s'%s%s", name, rc ? ": " : "", rc ? strerror(rc) : "");
		return false;
	}
	if (snprintf(pv->user, sizeof(pv->user), "%s", name) >= (int)sizeof(pv->user)) {
		snprintf(err, esize, "user name '%s' is too long", name);
		return false;
	}
	pv->uid = pw.pw_uid;
	pv->gid = pw.pw_gid;
	return true;
}

bool privilege_plan(privilege_t *pv, const char *user, char *warning, size_t wsize, char *err, size_t esize)
{
	memset(pv, 0, sizeof(*pv));
	if (wsize)
		warning[0] = '\0';
	if (geteuid() != 0) {
		/* Nothing to give up; --user can only name who we already are. */
		if (user) {
			privilege_t me;
			if (!lookup(&me, user, err, esize))
				return false;
			if (me.uid != geteuid()) {
				snprintf(err, esize, "--user %s needs ippd to be started as root", user);
				return false;
			}
		}
		return true;
	}
	if (user) {
		if (!lookup(pv, user, err, esize))
			return false;
		pv->drop = pv->uid != 0; /* --user root: the operator's explicit choice */
		return true;
	}
	char ignored[160];
	if (lookup(pv, PRIVILEGE_DEFAULT_USER, ignored, sizeof(ignored)) && pv->uid != 0) {
		pv->drop = true;
		return true;
	}
	memset(pv, 0, sizeof(*pv));
	snprintf(warning, wsize,
	         "running as root: there is no user '%s' to switch to (create it, e.g. `useradd --system "
	         "--home-dir /var/lib/ippd --shell /usr/sbin/nologin %s`, or pass --user)",
	         PRIVILEGE_DEFAULT_USER, PRIVILEGE_DEFAULT_USER);
	return true;
}

/* nftw() has no user pointer: the walk's target and its first failure. */
static const privilege_t *walk_pv;
static char walk_err[512];

static int own_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)type;
	(void)ftw;
	if (st->st_uid == walk_pv->uid && st->st_gid == walk_pv->gid)
		return 0;
	/* lchown: a symbolic link planted in the folder must not give away what it points at. */
	if (lchown(path, walk_pv->uid, walk_pv->gid) != 0) {
		snprintf(walk_err, sizeof(walk_err), "cannot give %s to user %s: %s", path, walk_pv->user,
		         strerror(errno));
		return 1;
	}
	return 0;
}

bool privilege_own_state(const privilege_t *pv, const char *state_dir, char *err, size_t esize)
{
	if (!pv->drop)
		return true;
	if (mkdir(state_dir, 0750) != 0 && errno != EEXIST) {
		snprintf(err, esize, "cannot create %s: %s", state_dir, strerror(errno));
		return false;
	}
	walk_pv = pv;
	walk_err[0] = '\0';
	/* FTW_PHYS: never follow symbolic links; FTW_MOUNT: stay on the state folder's file system. */
	int rc = nftw(state_dir, own_one, 16, FTW_PHYS | FTW_MOUNT);
	if (rc != 0) {
		snprintf(err, esize, "%s", walk_err[0] ? walk_err : strerror(errno));
		return false;
	}
	return true;
}

bool privilege_drop(const privilege_t *pv, char *err, size_t esize)
{
	if (!pv->drop)
		return true;
	/* Groups first: once the uid is gone, so is the right to change them. */
	if (initgroups(pv->user, pv->gid) != 0 || setresgid(pv->gid, pv->gid, pv->gid) != 0) {
		snprintf(err, esize, "cannot switch to the groups of user %s: %s", pv->user, strerror(errno));
		return false;
	}
	if (setresuid(pv->uid, pv->uid, pv->uid) != 0) {
		snprintf(err, esize, "cannot switch to user %s: %s", pv->user, strerror(errno));
		return false;
	}
	/* The switch must be for good: a saved root uid would let a compromise take it back. */
	if (setuid(0) == 0 || seteuid(0) == 0 || getuid() != pv->uid || geteuid() != pv->uid) {
		snprintf(err, esize, "root could be regained after switching to user %s", pv->user);
		return false;
	}
	return true;
}
