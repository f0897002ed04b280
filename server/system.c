/* The system object: its printers, the state folder, and recovering every job from the store at start-up. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>

#include "output.h"
#include "document.h"
#include "store.h"
#include "system-printers.h"
#include "system.h"
#include "uri-fetch.h"

void system_lock(system_t *sys)
{
	pthread_mutex_lock(&sys->lock);
}

void system_unlock(system_t *sys)
{
	pthread_mutex_unlock(&sys->lock);
}

printer_t *system_find_printer_locked(system_t *sys, const char *path, size_t len)
{
	/* A trailing slash names the same printer. */
	if (len > 1 && path[len - 1] == '/')
		len--;
	for (size_t i = 0; i < sys->n_printers; i++) {
		printer_t *p = sys->printers[i];
		if (strlen(p->path) == len && memcmp(p->path, path, len) == 0)
			return p;
	}
	return NULL;
}

printer_t **system_printers_copy(system_t *sys, size_t *n)
{
	system_lock(sys);
	*n = sys->n_printers;
	printer_t **list = calloc(*n + 1, sizeof(*list));
	if (list)
		memcpy(list, sys->printers, *n * sizeof(*list));
	system_unlock(sys);
	return list;
}

void system_uuid(char *buf, size_t size)
{
	uint8_t b[16];
	if (getrandom(b, sizeof(b), 0) != (ssize_t)sizeof(b)) {
		/* The kernel always has entropy after boot; this is only reached in a broken sandbox. */
		for (size_t i = 0; i < sizeof(b); i++)
			b[i] = (uint8_t)rand();
	}
	b[6] = (uint8_t)((b[6] & 0x0f) | 0x40);
	b[8] = (uint8_t)((b[8] & 0x3f) | 0x80);
	snprintf(buf, size, "urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
	         b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

/* mkdir -p for one or two levels under the state folder. */
static bool make_dir(const char *path, char *err, size_t errsize)
{
	if (mkdir(path, 0750) == 0 || errno == EEXIST)
		return true;
	snprintf(err, errsize, "cannot create %s: %s", path, strerror(errno));
	return false;
}

bool system_init(system_t *sys, const char *state_dir, char *err, size_t errsize)
{
	memset(sys, 0, sizeof(*sys));
	pthread_mutex_init(&sys->lock, NULL);
	sys->start_time = time(NULL);
	sys->next_job_id = 1;
	if (snprintf(sys->state_dir, sizeof(sys->state_dir), "%s", state_dir) >= (int)sizeof(sys->state_dir)) {
		snprintf(err, errsize, "--state-dir is too long");
		return false;
	}
	snprintf(sys->spool_dir, sizeof(sys->spool_dir), "%s/spool", state_dir);
	char out[PATH_MAX + 16];
	snprintf(out, sizeof(out), "%s/output", state_dir);
	if (!make_dir(state_dir, err, errsize) || !make_dir(sys->spool_dir, err, errsize) ||
	    !make_dir(out, err, errsize))
		return false;
	char db[PATH_MAX + 16];
	snprintf(db, sizeof(db), "%s/ippd.db", state_dir);
	sys->store = store_open(db, err, errsize);
	return sys->store != NULL;
}

printer_t *system_add_printer(system_t *sys, const char *name, bool is_default, const printer_caps_t *caps,
                              char *err, size_t errsize)
{
	printer_t *p = calloc(1, sizeof(*p));
	if (!p) {
		snprintf(err, errsize, "out of memory");
		return NULL;
	}
	p->sys = sys;
	p->is_default = is_default;
	snprintf(p->name, sizeof(p->name), "%s", name);
	if (is_default)
		snprintf(p->path, sizeof(p->path), "/ipp/print");
	else
		snprintf(p->path, sizeof(p->path), "/ipp/print/%s", name);
	int n = snprintf(p->output_dir, sizeof(p->output_dir), "%s/output/%s", sys->state_dir,
	                 is_default ? "default" : name);
	if (n < 0 || (size_t)n >= sizeof(p->output_dir)) {
		snprintf(err, errsize, "the output folder of printer %s would be too long a path", name);
		free(p);
		return NULL;
	}
	if (!make_dir(p->output_dir, err, errsize)) {
		free(p);
		return NULL;
	}
	p->caps = *caps;
	p->static_attrs = printer_attrs_build(&p->caps);
	if (!p->static_attrs) {
		free(p);
		snprintf(err, errsize, "cannot build the attributes of printer %s", name);
		return NULL;
	}
	p->state = IPPD_PRINTER_STATE_IDLE;
	p->accepting = true;
	p->history = 500;
	p->device_timeout = OUTPUT_DEFAULT_TIMEOUT;
	p->device_retries = OUTPUT_DEFAULT_RETRIES;
	p->state_change_time = p->config_change_time = time(NULL);
	snprintf(p->info, sizeof(p->info), "%s", name);
	pthread_cond_init(&p->wake, NULL);

	/* The printer's UUID is its identity across restarts. */
	char key[200];
	snprintf(key, sizeof(key), "printer-uuid:%s", name);
	if (store_kv_get(sys->store, key, p->uuid, sizeof(p->uuid)) != 1 || !p->uuid[0]) {
		store_ticket_t t = 0;
		system_uuid(p->uuid, sizeof(p->uuid));
		if (store_kv_set(sys->store, key, p->uuid, &t) != 0 || store_commit_wait(sys->store, t) != 0)
			log_msg(LOG_WARN, "cannot save the UUID of printer %s: %s", name, store_errmsg(sys->store));
	}
	system_printer_assign_id(sys, p);
	/* Published under the lock: request threads may be looking printers up (a SIGHUP reload). */
	system_lock(sys);
	printer_t **list = realloc(sys->printers, (sys->n_printers + 1) * sizeof(*list));
	if (list) {
		sys->printers = list;
		sys->printers[sys->n_printers++] = p;
	}
	system_unlock(sys);
	if (!list) {
		ippd_msg_free(p->static_attrs);
		free(p);
		snprintf(err, errsize, "out of memory");
		return NULL;
	}
	return p;
}

/* ------------------------------------------------------------------ */
/* Recovery                                                           */
/* ------------------------------------------------------------------ */

typedef struct load_ctx {
	system_t *sys;
	job_t *last;
	size_t jobs, requeued;
} load_ctx_t;

static printer_t *printer_by_store_name(system_t *sys, const char *name)
{
	for (size_t i = 0; i < sys->n_printers; i++) {
		printer_t *p = sys->printers[i];
		if ((name[0] == '\0' && p->is_default) || (!p->is_default && strcmp(p->name, name) == 0))
			return p;
	}
	return NULL;
}

/* Restores the bookkeeping and attributes job_save() put in the blob. */
static bool restore_blob(job_t *job, const void *blob, size_t len)
{
	ippd_limits_t lim;
	ippd_limits_response(&lim);
	ippd_msg_t *m = ippd_msg_decode(blob, len, &lim, NULL, NULL);
	if (!m)
		return false;
	ippd_group_t *op = ippd_msg_find_group(m, IPPD_TAG_OPERATION);
	ippd_group_t *jg = ippd_msg_find_group(m, IPPD_TAG_JOB);
	const char *s;
	if ((s = ippd_attr_get_string(ippd_group_find(op, "job-uuid"), 0, NULL)))
		snprintf(job->uuid, sizeof(job->uuid), "%s", s);
	if ((s = ippd_attr_get_string(ippd_group_find(op, "job-state-message"), 0, NULL)))
		snprintf(job->message, sizeof(job->message), "%s", s);
	if ((s = ippd_attr_get_string(ippd_group_find(op, "job-hold-until"), 0, NULL)))
		snprintf(job->hold_until, sizeof(job->hold_until), "%s", s);
	job->priority = ippd_attr_get_integer(ippd_group_find(op, "job-priority"), 0);
	job->impressions_completed = ippd_attr_get_integer(ippd_group_find(op, "job-impressions-completed"), 0);
	job->proofed = ippd_attr_get_boolean(ippd_group_find(op, "proofed"), 0);
	job->held_new = ippd_attr_get_boolean(ippd_group_find(op, "held-new"), 0);
	ippd_group_t *dst = ippd_msg_first_group(job->attrs);
	for (ippd_attr_t *a = ippd_group_first(jg); a; a = ippd_attr_next(a))
		ippd_group_copy_attr(dst, a, NULL);
	ippd_msg_free(m);
	return true;
}

static int load_job(void *arg, const store_job_t *row)
{
	load_ctx_t *ctx = arg;
	system_t *sys = ctx->sys;
	ctx->last = NULL;
	printer_t *p = printer_by_store_name(sys, row->printer);
	if (!p) {
		log_msg(LOG_WARN, "job %d belongs to printer '%s', which is not configured; it stays in the store",
		        (int)row->id, row->printer);
		return 0;
	}
	job_t *job = calloc(1, sizeof(*job));
	if (!job || !(job->attrs = ippd_msg_new_sized(256)) || !ippd_msg_add_group(job->attrs, IPPD_TAG_JOB)) {
		job_free(job);
		return -1;
	}
	job->id = row->id;
	job->state = row->state;
	job->reasons = job_reasons_parse(row->reasons);
	snprintf(job->owner, sizeof(job->owner), "%s", row->owner);
	snprintf(job->name, sizeof(job->name), "%s", row->name);
	job->created = row->created;
	job->processing = row->processing;
	job->completed = row->completed;
	job->last_activity = time(NULL);
	job->impressions = (int)row->impressions;
	if (!restore_blob(job, row->attrs, row->attrs_len))
		log_msg(LOG_WARN, "job %d: its saved attributes are unreadable", (int)row->id);
	if (!printer_append_job_locked(p, job)) {
		job_free(job);
		return -1;
	}
	/* A job caught processing by a crash goes back to the queue. */
	if (job->state == IPPD_JOB_STATE_PROCESSING || job->state == IPPD_JOB_STATE_PROCESSING_STOPPED) {
		job->state = IPPD_JOB_STATE_PENDING;
		job->reasons = (job->reasons & ~(uint32_t)(JR_JOB_PRINTING | JR_PROCESSING_TO_STOP_POINT)) | JR_JOB_QUEUED;
		job->processing = 0;
		ctx->requeued++;
	}
	if (job->id >= sys->next_job_id)
		sys->next_job_id = job->id + 1;
	ctx->last = job;
	ctx->jobs++;
	return 0;
}

static int load_doc(void *arg, const store_doc_t *row)
{
	load_ctx_t *ctx = arg;
	job_t *job = ctx->last;
	if (!job || job->id != row->job_id)
		return 0;
	if (job->n_docs == job->cap_docs) {
		int cap = job->cap_docs ? job->cap_docs * 2 : 2;
		doc_t *docs = realloc(job->docs, (size_t)cap * sizeof(*docs));
		if (!docs)
			return -1;
		job->docs = docs;
		job->cap_docs = cap;
	}
	doc_t *d = &job->docs[job->n_docs++];
	memset(d, 0, sizeof(*d));
	d->number = row->number;
	snprintf(d->format, sizeof(d->format), "%s", row->format);
	snprintf(d->name, sizeof(d->name), "%s", row->name);
	snprintf(d->compression, sizeof(d->compression), "%s", row->compression);
	int n = snprintf(d->path, sizeof(d->path), "%s/%s", ctx->sys->state_dir, row->path);
	if (n < 0 || (size_t)n >= sizeof(d->path))
		job->n_docs--; /* cannot be a file of ours */
	d->size = row->size;
	d->pages = (int)row->pages;
	doc_blob_restore(d, row->attrs, row->attrs_len);
	return 0;
}

bool system_load(system_t *sys, char *err, size_t errsize)
{
	load_ctx_t ctx = {.sys = sys};
	system_lock(sys);
	int rc = store_load(sys->store, load_job, load_doc, &ctx);
	char next[32];
	if (store_kv_get(sys->store, "next-job-id", next, sizeof(next)) == 1 && atoi(next) > sys->next_job_id)
		sys->next_job_id = atoi(next);
	system_unlock(sys);
	if (rc != 0) {
		snprintf(err, errsize, "cannot load the jobs: %s", store_errmsg(sys->store));
		return false;
	}
	log_msg(LOG_INFO, "recovered %zu job(s), %zu of them returned to the queue; next job id %d", ctx.jobs,
	        ctx.requeued, (int)sys->next_job_id);
	return true;
}

void system_stop(system_t *sys)
{
	uri_fetch_stop(sys);
	system_lock(sys);
	sys->stopping = true;
	for (size_t i = 0; i < sys->n_printers; i++)
		pthread_cond_broadcast(&sys->printers[i]->wake);
	system_unlock(sys);
	for (size_t i = 0; i < sys->n_printers; i++)
		if (sys->printers[i]->worker_started)
			pthread_join(sys->printers[i]->worker, NULL);
}

void system_free(system_t *sys)
{
	/* Deleted printers were kept for requests that still pointed to them; their jobs are gone already. */
	for (size_t i = 0; i < sys->n_retired; i++) {
		output_printer_free(sys->retired[i]);
		output_retired_free(sys->retired[i]);
		ippd_msg_free(sys->retired[i]->static_attrs);
		pthread_cond_destroy(&sys->retired[i]->wake);
		free(sys->retired[i]->jobs);
		free(sys->retired[i]);
	}
	free(sys->retired);
	for (size_t i = 0; i < sys->n_printers; i++) {
		printer_t *p = sys->printers[i];
		for (size_t k = 0; k < p->n_jobs; k++)
			job_free(p->jobs[k]);
		free(p->jobs);
		output_printer_free(p);
		output_retired_free(p);
		ippd_msg_free(p->static_attrs);
		pthread_cond_destroy(&p->wake);
		free(p);
	}
	free(sys->printers);
	store_close(sys->store);
	pthread_mutex_destroy(&sys->lock);
}
