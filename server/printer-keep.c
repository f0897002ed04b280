/* A printer's administrative state and IPP-set values, kept in the store across restarts (printer-keep.h). */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "log.h"
#include "printer-keep-record.h"
#include "printer-keep.h"
#include "store.h"
#include "system.h"

_Static_assert((int)ACCESS_LIST_MAX <= (int)KEEP_VALUE_MAX, "a privacy list fits a kept value");

/* Where each field lives: in printer_t, or (size 0) in access.c. */
static const struct {
	size_t offset, size;
} fields[KF_COUNT] = {
	[KF_INFO] = {offsetof(printer_t, info), sizeof(((printer_t *)0)->info)},
	[KF_LOCATION] = {offsetof(printer_t, location), sizeof(((printer_t *)0)->location)},
	[KF_ORGANIZATION] = {offsetof(printer_t, organization), sizeof(((printer_t *)0)->organization)},
	[KF_GEO_LOCATION] = {offsetof(printer_t, geo_location), sizeof(((printer_t *)0)->geo_location)},
	[KF_MESSAGE] = {offsetof(printer_t, message_from_operator), sizeof(((printer_t *)0)->message_from_operator)},
	[KF_PRIVACY_ATTRS] = {0, 0},
	[KF_PRIVACY_SCOPE] = {0, 0},
};

/*
 * Serializes every read-modify-write of a record, up to its commit: reads
 * see committed data only, so a save must not start from a record that
 * another save has queued but not yet committed.  These are rare
 * administrative operations; a commit is one fsync.
 */
static pthread_mutex_t settings_lock = PTHREAD_MUTEX_INITIALIZER;

/* The printer's current value of field f (privacy from access.c; the rest from printer_t, under the lock). */
static void field_get(const printer_t *p, keep_field_t f, char *buf, size_t size)
{
	if (fields[f].size == 0) {
		char attrs[ACCESS_LIST_MAX], scope[16];
		access_privacy_get(p, attrs, sizeof(attrs), scope, sizeof(scope));
		snprintf(buf, size, "%s", f == KF_PRIVACY_ATTRS ? attrs : scope);
		return;
	}
	snprintf(buf, size, "%s", (const char *)p + fields[f].offset);
}

static void field_set(printer_t *p, keep_field_t f, const char *value)
{
	if (fields[f].size == 0) {
		access_privacy_set(p, f == KF_PRIVACY_ATTRS ? value : NULL, f == KF_PRIVACY_SCOPE ? value : NULL);
		return;
	}
	snprintf((char *)p + fields[f].offset, fields[f].size, "%s", value);
}

static void key_name(const printer_t *p, char *key, size_t size)
{
	snprintf(key, size, "printer-keep:%s", p->name);
}

/* The printer's record from the store into `k`; false when there is none (k then holds the live state). */
static bool load_record(printer_t *p, kept_t *k)
{
	char key[200];
	key_name(p, key, sizeof(key));
	char *rec = malloc(KEEP_RECORD_MAX);
	if (!rec)
		return false;
	int found = store_kv_get(p->sys->store, key, rec, KEEP_RECORD_MAX);
	if (found == 1)
		keep_record_parse(rec, k);
	free(rec);
	return found == 1;
}

/* ------------------------------------------------------------------ */
/* Saving                                                             */
/* ------------------------------------------------------------------ */

static void state_of_locked(const printer_t *p, kept_t *k)
{
	k->paused = (p->reasons & PR_PAUSED) != 0;
	k->hold_new = (p->reasons & PR_HOLD_NEW_JOBS) != 0;
	k->shutdown = (p->reasons & PR_SHUTDOWN) != 0;
	k->accepting = p->accepting;
}

/* Queues the record of `k` (under the system lock, so that writes keep the order of the changes). */
static int queue_locked(printer_t *p, const kept_t *k, store_ticket_t *t)
{
	char key[200];
	key_name(p, key, sizeof(key));
	char *rec = malloc(KEEP_RECORD_MAX);
	if (!rec || !keep_record_format(k, rec, KEEP_RECORD_MAX)) {
		free(rec);
		return -1;
	}
	int rc = store_kv_set(p->sys->store, key, rec, t);
	free(rec);
	return rc;
}

/*
 * The settings part of a printer's record lives in the store only: state
 * saves read it back and rewrite it with the live state, under settings_lock.
 */
static bool save_state(printer_t *p, store_ticket_t *t)
{
	kept_t *k = calloc(1, sizeof(*k));
	if (!k)
		return false;
	load_record(p, k);
	system_lock(p->sys);
	bool gone = p->deleted;
	state_of_locked(p, k);
	int rc = gone ? 0 : queue_locked(p, k, t);
	system_unlock(p->sys);
	free(k);
	return rc == 0;
}

bool printer_keep_state(printer_t *p)
{
	store_ticket_t t = 0;
	pthread_mutex_lock(&settings_lock);
	bool ok = save_state(p, &t) && store_commit_wait(p->sys->store, t) == 0;
	pthread_mutex_unlock(&settings_lock);
	if (ok)
		return true;
	log_printer(p, LOG_ERROR, "its state is not kept for the next start: %s", store_errmsg(p->sys->store));
	return false;
}

bool printer_keep_state_all(system_t *sys)
{
	size_t n;
	printer_t **list = system_printers_copy(sys, &n);
	if (!list)
		return false;
	bool ok = true;
	store_ticket_t t = 0;
	pthread_mutex_lock(&settings_lock);
	for (size_t i = 0; i < n; i++)
		ok &= save_state(list[i], &t);
	ok = ok && store_commit_wait(sys->store, t) == 0;
	pthread_mutex_unlock(&settings_lock);
	free(list);
	if (ok)
		return true;
	log_msg(LOG_ERROR, "the printers' state is not kept for the next start: %s", store_errmsg(sys->store));
	return false;
}

bool printer_keep_settings(printer_t *p, const ippd_group_t *g, char *err, size_t errsize)
{
	kept_t *k = calloc(1, sizeof(*k));
	if (!k) {
		snprintf(err, errsize, "Out of memory.");
		return false;
	}
	store_ticket_t t = 0;
	pthread_mutex_lock(&settings_lock);
	load_record(p, k);
	system_lock(p->sys);
	state_of_locked(p, k);
	for (const ippd_attr_t *a = ippd_group_first(g); a; a = ippd_attr_next(a)) {
		int f = keep_field_named(ippd_attr_get_name(a));
		if (f < 0)
			continue;
		/* The base is what the value was before it was first set over IPP. */
		if (!k->set[f])
			field_get(p, f, k->base[f], KEEP_VALUE_MAX);
		k->set[f] = true;
		k->value[f][0] = '\0';
		for (size_t i = 0; i < ippd_attr_count(a); i++) {
			size_t len = 0;
			const char *v = ippd_attr_get_string(a, i, &len);
			size_t used = strlen(k->value[f]);
			if (!v || used + len + 2 >= KEEP_VALUE_MAX)
				continue;
			if (i > 0)
				strcat(k->value[f], ",");
			strncat(k->value[f], v, len);
		}
	}
	int rc = p->deleted ? 0 : queue_locked(p, k, &t);
	system_unlock(p->sys);
	if (rc == 0)
		rc = store_commit_wait(p->sys->store, t);
	pthread_mutex_unlock(&settings_lock);
	free(k);
	if (rc == 0)
		return true;
	snprintf(err, errsize, "The new values could not be saved: %s.", store_errmsg(p->sys->store));
	return false;
}

/* ------------------------------------------------------------------ */
/* Restoring                                                          */
/* ------------------------------------------------------------------ */

/*
 * One printer: the state as kept; each value whose base is still the
 * configured one (or which is already in place) is applied, the others are
 * dropped and the record rewritten.  Returns true when it queued a write.
 */
static bool restore(printer_t *p, kept_t *k, store_ticket_t *t)
{
	bool dropped = false;
	char now[KEEP_VALUE_MAX];
	system_lock(p->sys);
	if (k->paused)
		p->reasons |= PR_PAUSED;
	if (k->hold_new)
		p->reasons |= PR_HOLD_NEW_JOBS;
	if (k->shutdown)
		p->reasons |= PR_SHUTDOWN;
	p->accepting = k->accepting;
	for (int f = 0; f < KF_COUNT; f++) {
		if (!k->set[f])
			continue;
		field_get(p, f, now, sizeof(now));
		if (strcmp(now, k->value[f]) == 0)
			continue;
		if (strcmp(now, k->base[f]) == 0) {
			field_set(p, f, k->value[f]);
			continue;
		}
		log_printer(p, LOG_INFO, "%s is '%s' from the configuration, which changed since '%s' was set over IPP",
		            keep_field_name(f), now, k->value[f]);
		k->set[f] = false;
		dropped = true;
	}
	printer_update_state_locked(p);
	bool queued = dropped && queue_locked(p, k, t) == 0;
	system_unlock(p->sys);
	if (k->paused || k->hold_new || k->shutdown || !k->accepting)
		log_printer(p, LOG_INFO, "kept from before:%s%s%s%s", k->paused ? " paused" : "",
		            k->hold_new ? " holding new jobs" : "", k->shutdown ? " shut down" : "",
		            k->accepting ? "" : " not accepting jobs");
	return queued;
}

void printer_keep_restore_all(system_t *sys)
{
	size_t n;
	printer_t **list = system_printers_copy(sys, &n);
	kept_t *k = calloc(1, sizeof(*k));
	if (!list || !k) {
		free(list);
		free(k);
		log_msg(LOG_ERROR, "out of memory: the printers' kept state is not restored");
		return;
	}
	store_ticket_t t = 0;
	bool wrote = false;
	pthread_mutex_lock(&settings_lock);
	for (size_t i = 0; i < n; i++) {
		memset(k, 0, sizeof(*k));
		k->accepting = true;
		if (load_record(list[i], k))
			wrote |= restore(list[i], k, &t);
	}
	if (wrote && store_commit_wait(sys->store, t) != 0)
		log_msg(LOG_ERROR, "the printers' kept values: %s", store_errmsg(sys->store));
	pthread_mutex_unlock(&settings_lock);
	free(k);
	free(list);
}

void printer_keep_forget(system_t *sys, const char *name)
{
	char key[200];
	snprintf(key, sizeof(key), "printer-keep:%s", name);
	store_ticket_t t = 0;
	if (store_kv_set(sys->store, key, NULL, &t) != 0 || store_commit_wait(sys->store, t) != 0)
		log_msg(LOG_WARN, "the kept state of printer %s stays in the store: %s", name, store_errmsg(sys->store));
}
