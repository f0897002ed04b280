/* Jobs: the one state transition function, references, and saving a job to the store. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "document.h"
#include "server.h"
#include "store.h"
#include "subscription.h"

static const char *const reason_keywords[JR_COUNT] = {
	"job-incoming",
	"job-data-insufficient",
	"job-hold-until-specified",
	"job-queued",
	"job-printing",
	"printer-stopped",
	"job-canceled-by-user",
	"job-canceled-by-operator",
	"aborted-by-system",
	"job-completed-successfully",
	"document-format-error",
	"compression-error",
	"submission-interrupted",
	"unsupported-document-format",
	"job-restartable",
	"processing-to-stop-point",
	"job-completed-with-errors",
	"job-fetchable",
	"document-access-error",
	"job-suspended",
	"job-held-for-review",
};

const char *job_reason_keyword(unsigned i)
{
	return i < JR_COUNT ? reason_keywords[i] : NULL;
}

void job_enter_state_locked(job_t *job, int state, uint32_t add_reasons, uint32_t clear_reasons)
{
	int old = job->state;
	time_t now = time(NULL);
	job->reasons = (job->reasons & ~clear_reasons) | add_reasons;
	/* Reasons that describe one state do not outlive it. */
	if (state != IPPD_JOB_STATE_PENDING_HELD)
		job->reasons &= ~(uint32_t)(JR_HOLD_UNTIL_SPECIFIED | JR_JOB_HELD_FOR_REVIEW);
	if (state != IPPD_JOB_STATE_PROCESSING)
		job->reasons &= ~(uint32_t)(JR_JOB_PRINTING | JR_PROCESSING_TO_STOP_POINT);
	if (state != IPPD_JOB_STATE_PENDING)
		job->reasons &= ~(uint32_t)JR_JOB_QUEUED;
	if (state == IPPD_JOB_STATE_PENDING && !(job->reasons & JR_JOB_INCOMING))
		job->reasons |= JR_JOB_QUEUED;
	if (state >= IPPD_JOB_STATE_CANCELED)
		job->reasons &= ~(uint32_t)JR_JOB_INCOMING;
	if (state == IPPD_JOB_STATE_PROCESSING && !job->processing)
		job->processing = now;
	if (state >= IPPD_JOB_STATE_CANCELED)
		job->completed = now;
	if (state < IPPD_JOB_STATE_CANCELED)
		job->completed = 0;
	job->state = state;
	/* A finished job that starts again (Restart-Job) is active once more. */
	if (old >= IPPD_JOB_STATE_CANCELED && state < IPPD_JOB_STATE_CANCELED)
		job->printer->first_active = 0;
	if (old < IPPD_JOB_STATE_CANCELED && state >= IPPD_JOB_STATE_CANCELED)
		metrics_job_finished(state);
	if (old != state)
		log_job(job, LOG_INFO, "%s -> %s", ippd_enum_name("job-state", old), ippd_enum_name("job-state", state));
	sub_job_state_locked(job, old);
	if (state == IPPD_JOB_STATE_PENDING)
		printer_wake_locked(job->printer);
}

void job_hold_locked(job_t *job)
{
	job->refs++;
}

void job_free(job_t *job)
{
	if (!job)
		return;
	ippd_msg_free(job->attrs);
	free(job->docs);
	free(job);
}

void job_release_locked(job_t *job)
{
	if (--job->refs == 0 && job->removed)
		job_free(job);
}

/* The comma-separated job-state-reasons the store keeps. */
static void reasons_text(uint32_t reasons, char *buf, size_t size)
{
	size_t o = 0;
	buf[0] = '\0';
	for (unsigned i = 0; i < JR_COUNT && o < size; i++)
		if (reasons & (1u << i))
			o += (size_t)snprintf(buf + o, size - o, "%s%s", o ? "," : "", reason_keywords[i]);
}

uint32_t job_reasons_parse(const char *text)
{
	uint32_t bits = 0;
	for (unsigned i = 0; i < JR_COUNT; i++) {
		size_t n = strlen(reason_keywords[i]);
		for (const char *p = text; p && *p;) {
			if (strncmp(p, reason_keywords[i], n) == 0 && (p[n] == ',' || p[n] == '\0'))
				bits |= 1u << i;
			p = strchr(p, ',');
			if (p)
				p++;
		}
	}
	return bits;
}

/*
 * The job's own fields that store_job_t has no column for travel with its
 * attributes: an operation group of our own bookkeeping, then the job group.
 */
static ippd_msg_t *job_blob_locked(const job_t *job)
{
	ippd_msg_t *m = ippd_msg_new();
	ippd_group_t *op = m ? ippd_msg_add_group(m, IPPD_TAG_OPERATION) : NULL;
	ippd_group_t *jg = m ? ippd_msg_add_group(m, IPPD_TAG_JOB) : NULL;
	if (!jg)
		goto err;
	ippd_group_add_string(op, IPPD_TAG_URI, "job-uuid", job->uuid);
	ippd_group_add_string(op, IPPD_TAG_TEXT, "job-state-message", job->message);
	ippd_group_add_string(op, IPPD_TAG_NAME, "job-hold-until", job->hold_until);
	ippd_group_add_integer(op, IPPD_TAG_INTEGER, "job-priority", job->priority);
	ippd_group_add_integer(op, IPPD_TAG_INTEGER, "job-impressions-completed", job->impressions_completed);
	ippd_group_add_boolean(op, "proofed", job->proofed);
	ippd_group_add_boolean(op, "held-new", job->held_new);
	ippd_group_t *src = ippd_msg_first_group(job->attrs);
	for (ippd_attr_t *a = ippd_group_first(src); a; a = ippd_attr_next(a))
		if (!ippd_group_copy_attr(jg, a, NULL))
			goto err;
	return m;
err:
	ippd_msg_free(m);
	return NULL;
}

/*
 * Writes the job's row and document rows.  The store copies what it is
 * given into its queue without I/O, so the puts happen under the lock,
 * straight from the job; only the wait for the commit is outside it.
 */
bool job_save(system_t *sys, job_t *job)
{
	store_ticket_t ticket = 0;
	char reasons[512];
	uint8_t *blob = NULL;
	size_t blob_len = 0;

	system_lock(sys);
	reasons_text(job->reasons, reasons, sizeof(reasons));
	ippd_msg_t *m = job_blob_locked(job);
	bool ok = m && ippd_msg_encode_alloc(m, &blob, &blob_len) == IPPD_OK;
	ippd_msg_free(m);
	int64_t octets = 0;
	for (int i = 0; i < job->n_docs; i++)
		octets += job->docs[i].size;
	store_job_t row = {
		.id = job->id,
		.printer = job->printer->is_default ? "" : job->printer->name,
		.state = job->state,
		.reasons = reasons,
		.owner = job->owner,
		.name = job->name,
		.created = job->created,
		.processing = job->processing,
		.completed = job->completed,
		.impressions = job->impressions,
		.k_octets = (octets + 1023) / 1024,
		.attrs = blob,
		.attrs_len = blob_len,
	};
	ok = ok && store_job_put(sys->store, &row, &ticket) == 0;
	/* Spool paths are stored relative to the state folder. */
	size_t prefix = strlen(sys->state_dir);
	for (int i = 0; ok && i < job->n_docs; i++) {
		const doc_t *d = &job->docs[i];
		bool inside = strncmp(d->path, sys->state_dir, prefix) == 0 && d->path[prefix] == '/';
		uint8_t *dblob = NULL;
		size_t dblob_len = 0;
		ok = doc_blob_encode(d, &dblob, &dblob_len);
		store_doc_t doc = {
			.job_id = job->id,
			.number = d->number,
			.format = d->format,
			.name = d->name,
			.path = inside ? d->path + prefix + 1 : d->path,
			.size = d->size,
			.compression = d->compression,
			.pages = d->pages,
			.attrs = dblob,
			.attrs_len = dblob_len,
		};
		ok = ok && store_doc_put(sys->store, &doc, &ticket) == 0;
		free(dblob);
	}
	system_unlock(sys);
	free(blob);

	ok = ok && store_commit_wait(sys->store, ticket) == 0;
	if (!ok)
		log_job(job, LOG_ERROR, "cannot save: %s", store_errmsg(sys->store));
	return ok;
}

void job_save_release(system_t *sys, job_t *job)
{
	job_save(sys, job);
	system_lock(sys);
	job_release_locked(job);
	system_unlock(sys);
}
