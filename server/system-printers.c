/* Create-Printer and Delete-Printer behind the operations: names, ids, the store's record, workers started and stopped. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dnssd.h"
#include "output.h"
#include "printer-keep.h"
#include "store.h"
#include "system-printers.h"
#include "system.h"

/*
 * The store's key-value table holds everything (docs/internals/SYSTEM.md):
 *
 *   created-printers         the names, one per line, in creation order
 *   created-printer:NAME     info US location US formats US device-uri (US = 0x1f)
 *   printer-id:NAME          the id given to NAME; "" once deleted
 *   next-printer-id          the next id never given
 *   system-uuid              urn:uuid:..., made once
 *
 * Create and delete are rare and serialized by `admin` (held across store
 * waits, never with the system lock inside I/O).
 */
static pthread_mutex_t admin = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t id_lock = PTHREAD_MUTEX_INITIALIZER; /* printer-ids: also taken by SIGHUP's new printers */
static char sys_uuid[48];
static time_t config_changed;

#define SEP '\x1f'

bool system_printer_name_ok(const char *name)
{
	size_t n = strlen(name);
	if (n == 0 || n > 63 || strspn(name, "0123456789") == n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)name[i]) && name[i] != '-' && name[i] != '_')
			return false;
	return true;
}

const char *system_uuid_get(void)
{
	return sys_uuid;
}

time_t system_config_changed(void)
{
	pthread_mutex_lock(&admin);
	time_t t = config_changed;
	pthread_mutex_unlock(&admin);
	return t;
}

/* A key-value write, waited for; false (logged) when the store failed. */
static bool kv_save(system_t *sys, const char *key, const char *value)
{
	store_ticket_t t = 0;
	if (store_kv_set(sys->store, key, value, &t) != 0 || store_commit_wait(sys->store, t) != 0) {
		log_msg(LOG_ERROR, "cannot save %s: %s", key, store_errmsg(sys->store));
		return false;
	}
	return true;
}

void system_printer_assign_id(system_t *sys, printer_t *p)
{
	pthread_mutex_lock(&id_lock);
	char key[200], val[32];
	snprintf(key, sizeof(key), "printer-id:%s", p->name);
	if (store_kv_get(sys->store, key, val, sizeof(val)) == 1 && atoi(val) > 0) {
		p->id = atoi(val);
		pthread_mutex_unlock(&id_lock);
		return;
	}
	int32_t next = 1;
	if (store_kv_get(sys->store, "next-printer-id", val, sizeof(val)) == 1 && atoi(val) > 0)
		next = atoi(val);
	/* 65535 is printer-id's ceiling (PWG 5100.22); ids are not reused before that. */
	if (next > 65535)
		next = 1;
	p->id = next;
	snprintf(val, sizeof(val), "%d", (int)next);
	kv_save(sys, key, val);
	snprintf(val, sizeof(val), "%d", (int)next + 1);
	kv_save(sys, "next-printer-id", val);
	pthread_mutex_unlock(&id_lock);
}

/* The names in created-printers, into `names` (at most SYSTEM_MAX_CREATED). */
static size_t created_names(system_t *sys, char names[][64])
{
	char *list = malloc(SYSTEM_MAX_CREATED * 65 + 1);
	size_t n = 0;
	if (!list)
		return 0;
	if (store_kv_get(sys->store, "created-printers", list, SYSTEM_MAX_CREATED * 65 + 1) == 1) {
		char *save = NULL;
		for (char *s = strtok_r(list, "\n", &save); s && n < SYSTEM_MAX_CREATED; s = strtok_r(NULL, "\n", &save))
			if (system_printer_name_ok(s))
				snprintf(names[n++], 64, "%s", s);
	}
	free(list);
	return n;
}

static bool save_names(system_t *sys, char names[][64], size_t n)
{
	char list[SYSTEM_MAX_CREATED * 65 + 1];
	size_t o = 0;
	list[0] = '\0';
	for (size_t i = 0; i < n; i++)
		o += (size_t)snprintf(list + o, sizeof(list) - o, "%s\n", names[i]);
	return kv_save(sys, "created-printers", list);
}

/* Control characters would break the record's separators (and have no place in printer-info). */
static void copy_clean(char *dst, size_t size, const char *src)
{
	size_t i = 0;
	for (; src[i] && i + 1 < size; i++)
		dst[i] = (unsigned char)src[i] < 0x20 || src[i] == 0x7f ? ' ' : src[i];
	dst[i] = '\0';
}

/* Keeps the default capabilities' formats that `list` names; false naming the first unknown one. */
static bool apply_formats(printer_caps_t *caps, const char *list, char *bad, size_t badsize)
{
	if (!list[0])
		return true;
	printer_strings_t all = caps->formats, keep = {0};
	char copy[512];
	snprintf(copy, sizeof(copy), "%s", list);
	char *save = NULL;
	for (char *f = strtok_r(copy, ",", &save); f; f = strtok_r(NULL, ",", &save)) {
		size_t k = 0;
		while (k < all.count && strcmp(all.v[k], f) != 0)
			k++;
		if (k == all.count) {
			snprintf(bad, badsize, "%s", f);
			return false;
		}
		bool dup = false;
		for (size_t j = 0; j < keep.count; j++)
			dup |= keep.v[j] == all.v[k];
		if (!dup && keep.count < PRINTER_CAPS_LIST)
			keep.v[keep.count++] = all.v[k];
	}
	caps->formats = keep;
	/* The default format must be one of them; octet-stream (auto-detection) stays only if asked for. */
	bool has_default = false;
	for (size_t j = 0; j < keep.count; j++)
		has_default |= strcmp(keep.v[j], caps->format_default) == 0;
	if (!has_default)
		caps->format_default = keep.v[0];
	return true;
}

static bool name_taken_locked(system_t *sys, const char *name)
{
	for (size_t i = 0; i < sys->n_printers; i++)
		if (strcmp(sys->printers[i]->name, name) == 0)
			return true;
	return false;
}

/* The printer without persisting it: shared by Create-Printer and the restore at start-up. */
static printer_t *make_printer(system_t *sys, const printer_spec_t *spec, uint16_t *status, char *err,
                               size_t errsize)
{
	*status = IPPD_STATUS_CLIENT_ERROR_ATTRIBUTES_OR_VALUES_NOT_SUPPORTED;
	if (!system_printer_name_ok(spec->name)) {
		snprintf(err, errsize, "printer-name must be 1-63 letters, digits, '-' or '_', and not all digits.");
		return NULL;
	}
	printer_caps_t caps;
	printer_caps_default(&caps);
	char bad[128];
	if (!apply_formats(&caps, spec->formats, bad, sizeof(bad))) {
		snprintf(err, errsize, "document-format-supported '%s' is not a format ippd accepts.", bad);
		return NULL;
	}
	if (spec->device_uri[0]) {
		/* A command: device runs a program: the configuration file's business, not a remote request's. */
		char why[256];
		if (strncmp(spec->device_uri, "ipp://", 6) != 0 && strncmp(spec->device_uri, "ipps://", 7) != 0 &&
		    strncmp(spec->device_uri, "socket://", 9) != 0) {
			snprintf(err, errsize, "device-uri must be ipp://, ipps:// or socket:// (command: only in the configuration file).");
			return NULL;
		}
		if (!output_check_uri(spec->device_uri, why, sizeof(why))) {
			snprintf(err, errsize, "device-uri: %s", why);
			return NULL;
		}
	}
	*status = IPPD_STATUS_CLIENT_ERROR_NOT_POSSIBLE;
	system_lock(sys);
	size_t created = 0;
	for (size_t i = 0; i < sys->n_printers; i++)
		created += sys->printers[i]->created;
	bool taken = name_taken_locked(sys, spec->name);
	system_unlock(sys);
	if (taken) {
		snprintf(err, errsize, "A printer named '%s' exists already.", spec->name);
		return NULL;
	}
	if (created >= SYSTEM_MAX_CREATED) {
		snprintf(err, errsize, "ippd keeps at most %d created printers.", SYSTEM_MAX_CREATED);
		return NULL;
	}
	*status = IPPD_STATUS_SERVER_ERROR_INTERNAL_ERROR;
	printer_t *p = system_add_printer(sys, spec->name, false, &caps, err, errsize);
	if (!p)
		return NULL;
	system_lock(sys);
	p->created = true;
	copy_clean(p->info, sizeof(p->info), spec->info[0] ? spec->info : spec->name);
	copy_clean(p->location, sizeof(p->location), spec->location);
	snprintf(p->device_uri, sizeof(p->device_uri), "%s", spec->device_uri);
	p->device_timeout = OUTPUT_DEFAULT_TIMEOUT;
	p->device_retries = OUTPUT_DEFAULT_RETRIES;
	system_unlock(sys);
	*status = IPPD_STATUS_SUCCESSFUL_OK;
	return p;
}

printer_t *system_create_printer(system_t *sys, const printer_spec_t *spec, bool start_worker, uint16_t *status,
                                 char *err, size_t errsize)
{
	pthread_mutex_lock(&admin);
	printer_t *p = make_printer(sys, spec, status, err, errsize);
	if (!p) {
		pthread_mutex_unlock(&admin);
		return NULL;
	}
	/* The record first, then the list that points to it: a crash in between leaves no half printer. */
	char key[200], rec[2048], names[SYSTEM_MAX_CREATED + 1][64];
	char info[128], location[128];
	system_lock(sys);
	snprintf(info, sizeof(info), "%s", p->info);
	snprintf(location, sizeof(location), "%s", p->location);
	system_unlock(sys);
	snprintf(key, sizeof(key), "created-printer:%s", p->name);
	snprintf(rec, sizeof(rec), "%s%c%s%c%s%c%s", info, SEP, location, SEP, spec->formats, SEP, spec->device_uri);
	size_t n = created_names(sys, names);
	snprintf(names[n++], 64, "%.63s", p->name);
	bool saved = kv_save(sys, key, rec) && save_names(sys, names, n);
	config_changed = time(NULL);
	pthread_mutex_unlock(&admin);
	if (!saved)
		log_printer(p, LOG_ERROR, "created, but not saved: it will not come back after a restart");
	if (start_worker && !printer_start_worker(p)) {
		*status = IPPD_STATUS_SERVER_ERROR_INTERNAL_ERROR;
		snprintf(err, errsize, "cannot start the printer's worker thread");
		log_printer(p, LOG_ERROR, "%s", err);
	}
	if (start_worker)
		dnssd_update(p);
	log_printer(p, LOG_INFO, "created (printer-id %d)", (int)p->id);
	return p;
}

/* What a deleted printer leaves to clean outside the lock. */
typedef struct leftovers {
	int32_t *ids;
	size_t n_ids;
	char **paths;
	size_t n_paths;
} leftovers_t;

/* Cancels and unlinks every job of `p`; jobs a request or the worker still holds are freed at their release. */
static bool take_jobs_locked(printer_t *p, leftovers_t *l)
{
	size_t docs = 0;
	for (size_t i = 0; i < p->n_jobs; i++)
		docs += (size_t)p->jobs[i]->n_docs;
	l->ids = calloc(p->n_jobs + 1, sizeof(*l->ids));
	l->paths = calloc(docs + 1, sizeof(*l->paths));
	if (!l->ids || !l->paths)
		return false;
	while (p->n_jobs > 0) {
		job_t *job = p->jobs[p->n_jobs - 1];
		if (!job_is_terminal(job)) {
			job->cancel_requested = true;
			snprintf(job->message, sizeof(job->message), "The printer was deleted.");
			job_enter_state_locked(job, IPPD_JOB_STATE_CANCELED, JR_CANCELED_BY_OPERATOR, JR_JOB_INCOMING);
		}
		l->ids[l->n_ids++] = job->id;
		for (int k = 0; k < job->n_docs; k++)
			l->paths[l->n_paths++] = strdup(job->docs[k].path);
		printer_remove_job_locked(p, job);
	}
	return true;
}

static void forget_printer(system_t *sys, const char *name, leftovers_t *l)
{
	store_ticket_t t = 0;
	char key[200], names[SYSTEM_MAX_CREATED][64];
	for (size_t i = 0; i < l->n_ids; i++)
		store_job_delete(sys->store, l->ids[i], &t);
	if (store_commit_wait(sys->store, t) != 0)
		log_msg(LOG_ERROR, "deleting printer %s: %s", name, store_errmsg(sys->store));
	size_t n = created_names(sys, names), k = 0;
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], name) != 0)
			memmove(names[k++], names[i], 64);
	save_names(sys, names, k);
	/* The kv table has no delete: "" reads as absent.  A new printer of the same name is a new printer. */
	snprintf(key, sizeof(key), "created-printer:%s", name);
	kv_save(sys, key, "");
	snprintf(key, sizeof(key), "printer-id:%s", name);
	kv_save(sys, key, "");
	snprintf(key, sizeof(key), "printer-uuid:%s", name);
	kv_save(sys, key, "");
	for (size_t i = 0; i < l->n_paths; i++) {
		if (l->paths[i] && unlink(l->paths[i]) != 0 && errno != ENOENT)
			log_msg(LOG_WARN, "deleting printer %s: cannot remove %s: %s", name, l->paths[i], strerror(errno));
		free(l->paths[i]);
	}
	free(l->paths);
	free(l->ids);
}

bool system_delete_printer(system_t *sys, printer_t *p, uint16_t *status, char *err, size_t errsize)
{
	*status = IPPD_STATUS_CLIENT_ERROR_NOT_POSSIBLE;
	pthread_mutex_lock(&admin);
	system_lock(sys);
	if (!p->created || p->deleted) {
		system_unlock(sys);
		pthread_mutex_unlock(&admin);
		snprintf(err, errsize, "%s",
		         p->deleted       ? "The printer is deleted already."
		         : p->is_default ? "The default printer cannot be deleted."
		                         : "This printer comes from the configuration file: remove it there.");
		return false;
	}
	size_t i = 0;
	while (i < sys->n_printers && sys->printers[i] != p)
		i++;
	printer_t **retired = realloc(sys->retired, (sys->n_retired + 1) * sizeof(*retired));
	leftovers_t l = {0};
	if (i == sys->n_printers || !retired || !take_jobs_locked(p, &l)) {
		if (retired)
			sys->retired = retired;
		system_unlock(sys);
		pthread_mutex_unlock(&admin);
		free(l.ids);
		free(l.paths);
		*status = IPPD_STATUS_SERVER_ERROR_INTERNAL_ERROR;
		snprintf(err, errsize, "Out of memory.");
		return false;
	}
	memmove(&sys->printers[i], &sys->printers[i + 1], (sys->n_printers - i - 1) * sizeof(*sys->printers));
	sys->n_printers--;
	sys->retired = retired;
	sys->retired[sys->n_retired++] = p;
	p->deleted = true;
	p->accepting = false;
	pthread_cond_broadcast(&p->wake);
	bool join = p->worker_started;
	system_unlock(sys);

	/* The worker sees `deleted` (or the canceled job) and ends; joined outside every lock but `admin`. */
	if (join) {
		pthread_join(p->worker, NULL);
		p->worker_started = false;
	}
	output_printer_free(p); /* the worker's device (an open socket, an upstream's state) */
	dnssd_withdraw(p);
	forget_printer(sys, p->name, &l);
	printer_keep_forget(sys, p->name);
	config_changed = time(NULL);
	pthread_mutex_unlock(&admin);
	log_printer(p, LOG_INFO, "deleted");
	*status = IPPD_STATUS_SUCCESSFUL_OK;
	return true;
}

/* One created-printer record back into a spec; false when it is absent or damaged. */
static bool parse_record(const char *name, const char *rec, printer_spec_t *spec)
{
	memset(spec, 0, sizeof(*spec));
	snprintf(spec->name, sizeof(spec->name), "%s", name);
	const char *a = strchr(rec, SEP);
	const char *b = a ? strchr(a + 1, SEP) : NULL;
	if (!b)
		return false;
	snprintf(spec->info, sizeof(spec->info), "%.*s", (int)(a - rec), rec);
	snprintf(spec->location, sizeof(spec->location), "%.*s", (int)(b - a - 1), a + 1);
	const char *c = strchr(b + 1, SEP);
	size_t flen = c ? (size_t)(c - b - 1) : strlen(b + 1);
	snprintf(spec->formats, sizeof(spec->formats), "%.*s", (int)flen, b + 1);
	if (c)
		snprintf(spec->device_uri, sizeof(spec->device_uri), "%s", c + 1);
	return true;
}

bool system_restore_printers(system_t *sys, char *err, size_t errsize)
{
	if (store_kv_get(sys->store, "system-uuid", sys_uuid, sizeof(sys_uuid)) != 1 || !sys_uuid[0]) {
		system_uuid(sys_uuid, sizeof(sys_uuid));
		if (!kv_save(sys, "system-uuid", sys_uuid)) {
			snprintf(err, errsize, "cannot save the system-uuid: %s", store_errmsg(sys->store));
			return false;
		}
	}
	char names[SYSTEM_MAX_CREATED][64], rec[2048], key[200];
	size_t n = created_names(sys, names);
	for (size_t i = 0; i < n; i++) {
		printer_spec_t spec;
		snprintf(key, sizeof(key), "created-printer:%s", names[i]);
		if (store_kv_get(sys->store, key, rec, sizeof(rec)) != 1 || !parse_record(names[i], rec, &spec)) {
			log_msg(LOG_WARN, "created printer %s: its record is missing or damaged; not restored", names[i]);
			continue;
		}
		uint16_t status;
		char why[256];
		pthread_mutex_lock(&admin);
		printer_t *p = make_printer(sys, &spec, &status, why, sizeof(why));
		pthread_mutex_unlock(&admin);
		if (!p)
			log_msg(LOG_WARN, "created printer %s is not restored: %s", names[i], why);
	}
	return true;
}
