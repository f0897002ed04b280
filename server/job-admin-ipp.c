/* Job administration (RFC 3998, PWG 5100.11): resubmitting, suspending, resuming and reordering jobs. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "document.h"
#include "ops.h"
#include "subscription.h"
#include "system.h"

/* ------------------------------------------------------------------ */
/* Resubmit-Job and Reprocess-Job                                     */
/* ------------------------------------------------------------------ */

/* Copies a spool file: a hard link when it can (spool files never change), else the bytes, then fsync. */
static bool copy_spool(const char *src, const char *dst, char *err, size_t errsize)
{
	if (link(src, dst) == 0)
		return true;
	int in = open(src, O_RDONLY | O_CLOEXEC);
	int out = in < 0 ? -1 : open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	bool ok = out >= 0;
	char buf[65536];
	ssize_t n = 0;
	while (ok && (n = read(in, buf, sizeof(buf))) > 0)
		ok = write(out, buf, (size_t)n) == n;
	ok = ok && n == 0 && fsync(out) == 0;
	if (!ok)
		snprintf(err, errsize, "cannot copy %s: %s", src, strerror(errno));
	if (out >= 0)
		close(out);
	if (in >= 0)
		close(in);
	if (!ok)
		unlink(dst);
	return ok;
}

/*
 * The new job of Resubmit-Job (PWG 5100.11) or Reprocess-Job (RFC 3998):
 * a retained job's documents and Job Template attributes, with those of
 * the request's job group (Resubmit-Job) replacing them.  Under the lock.
 */
static job_t *copy_job_locked(request_t *r, job_t *old, const char *uuid)
{
	job_t *job = printer_add_job_locked(r->printer);
	if (!job)
		return NULL;
	snprintf(job->uuid, sizeof(job->uuid), "%s", uuid);
	snprintf(job->owner, sizeof(job->owner), "%s", r->user);
	snprintf(job->name, sizeof(job->name), "%s", old->name);
	job->priority = old->priority;
	job->last_activity = time(NULL);
	ippd_group_t *dst = ippd_msg_first_group(job->attrs);
	const ippd_group_t *jg = ippd_msg_find_group(r->req, IPPD_TAG_JOB);
	const ippd_group_t *unsup = ippd_msg_find_group(r->resp, IPPD_TAG_UNSUPPORTED_GROUP);
	for (ippd_attr_t *a = ippd_group_first(ippd_msg_first_group(old->attrs)); a; a = ippd_attr_next(a))
		if (!ippd_group_find(jg, ippd_attr_get_name(a)) && strcmp(ippd_attr_get_name(a), "job-hold-until") != 0)
			ippd_group_copy_attr(dst, a, NULL);
	for (ippd_attr_t *a = ippd_group_first((ippd_group_t *)jg); a; a = ippd_attr_next(a)) {
		const char *n = ippd_attr_get_name(a);
		if (ippd_group_find(unsup, n))
			continue;
		if (strcmp(n, "job-priority") == 0)
			job->priority = ippd_attr_get_integer(a, 0);
		if (strcmp(n, "job-name") == 0) {
			snprintf(job->name, sizeof(job->name), "%s", ippd_attr_get_string(a, 0, NULL));
			continue;
		}
		if (strcmp(n, "job-hold-until") == 0) {
			const char *h = ippd_attr_get_string(a, 0, NULL);
			snprintf(job->hold_until, sizeof(job->hold_until), "%s", h && strcmp(h, "no-hold") ? h : "");
		}
		ippd_group_copy_attr(dst, a, NULL);
	}
	return job;
}

static void resubmit(request_t *r, bool with_changes)
{
	system_t *sys = r->sys;
	if (!with_changes && ippd_msg_find_group(r->req, IPPD_TAG_JOB)) {
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "Reprocess-Job takes no job attributes; use Resubmit-Job.");
		return;
	}
	if (!job_ipp_check_request(r))
		return;
	char uuid[48];
	system_uuid(uuid, sizeof(uuid));
	system_lock(sys);
	job_t *old = ops_find_job_locked(r);
	bool ok = old && ops_may_change_job_locked(r, old);
	int live = 0;
	for (int i = 0; ok && i < old->n_docs; i++)
		live += !old->docs[i].canceled;
	if (ok && (!job_is_terminal(old) || live == 0)) {
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_NOT_POSSIBLE,
		            "Only a finished job that kept its documents can be resubmitted; job %d is %s.", (int)old->id,
		            ippd_enum_name("job-state", old->state));
		ok = false;
	}
	job_t *job = ok ? copy_job_locked(r, old, uuid) : NULL;
	doc_t *docs = job ? calloc((size_t)old->n_docs, sizeof(*docs)) : NULL;
	int n = 0;
	if (ok && (!job || !docs)) {
		ipp_respond(r, IPPD_STATUS_SERVER_ERROR_INTERNAL_ERROR, "Out of memory.");
		ok = false;
	}
	for (int i = 0; docs && i < old->n_docs; i++)
		if (!old->docs[i].canceled)
			docs[n++] = old->docs[i];
	if (ok) {
		job_hold_locked(old);
		job_hold_locked(job);
		r->job = job;
		notify_ipp_job_created_locked(r, job);
	}
	system_unlock(sys);
	if (!ok) {
		free(docs);
		if (job) {
			system_lock(sys);
			printer_remove_job_locked(r->printer, job);
			system_unlock(sys);
		}
		return;
	}

	/* The documents get their own spool files, numbered from 1, so each job owns what it deletes. */
	char err[600] = "";
	int copied = 0;
	for (; copied < n; copied++) {
		char path[PATH_MAX + 32];
		snprintf(path, sizeof(path), "%s/%d-%d", sys->spool_dir, (int)job->id, copied + 1);
		if (strlen(path) >= sizeof(docs[copied].path)) {
			snprintf(err, sizeof(err), "the spool path is too long");
			break;
		}
		if (!copy_spool(docs[copied].path, path, err, sizeof(err)))
			break;
		snprintf(docs[copied].path, sizeof(docs[copied].path), "%s", path);
		docs[copied].number = copied + 1;
		docs[copied].canceled = false;
		docs[copied].created = time(NULL);
	}
	system_lock(sys);
	int32_t old_id = old->id;
	job_release_locked(old);
	bool added = copied == n;
	for (int i = 0; added && i < n; i++)
		added = job_add_doc_locked(job, &docs[i]);
	if (added) {
		job_ipp_close_locked(job);
		ops_add_job_status_locked(r, job);
	} else {
		snprintf(job->message, sizeof(job->message), "The documents could not be copied.");
		job_enter_state_locked(job, IPPD_JOB_STATE_ABORTED, JR_ABORTED_BY_SYSTEM, JR_JOB_INCOMING);
	}
	system_unlock(sys);
	free(docs);
	if (!added)
		ipp_respond(r, IPPD_STATUS_SERVER_ERROR_INTERNAL_ERROR, "Cannot copy the documents: %s", err);
	if (!job_save(sys, job))
		ipp_respond(r, IPPD_STATUS_SERVER_ERROR_INTERNAL_ERROR, "The job could not be saved.");
	else
		log_job(job, LOG_INFO, "resubmitted from job %d by %s", (int)old_id, r->user);
}

void op_resubmit_job(request_t *r)
{
	resubmit(r, true);
}

void op_reprocess_job(request_t *r)
{
	resubmit(r, false);
}

/* ------------------------------------------------------------------ */
/* Suspend-Current-Job and Resume-Job                                 */
/* ------------------------------------------------------------------ */

/*
 * Suspend-Current-Job: the job being processed stops at the device's next
 * chance (the flag Cancel-Job uses) and waits in processing-stopped with
 * job-suspended; the printer goes on with the next job.
 */
void op_suspend_current_job(request_t *r)
{
	system_lock(r->sys);
	job_t *job = r->printer->current;
	const ippd_attr_t *jid = ops_op_attr(r, "job-id", IPPD_TAG_INTEGER);
	bool ok = job && job->state == IPPD_JOB_STATE_PROCESSING && (!jid || ippd_attr_get_integer(jid, 0) == job->id);
	if (!ok)
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_NOT_POSSIBLE, "No job is printing%s.", jid ? " with that job-id" : "");
	ok = ok && ops_may_change_job_locked(r, job);
	if (ok) {
		job->cancel_requested = true;
		snprintf(job->message, sizeof(job->message), "Suspended by %s.", r->user);
		job_enter_state_locked(job, IPPD_JOB_STATE_PROCESSING_STOPPED, JR_JOB_SUSPENDED, 0);
		job_hold_locked(job);
	}
	system_unlock(r->sys);
	if (ok)
		job_save_release(r->sys, job);
}

/* Resume-Job: a suspended job goes back to the queue and is processed again from its start. */
static bool do_resume(request_t *r, job_t *job)
{
	if (job->state != IPPD_JOB_STATE_PROCESSING_STOPPED || !(job->reasons & JR_JOB_SUSPENDED)) {
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_NOT_POSSIBLE, "Job %d is not suspended.", (int)job->id);
		return false;
	}
	/* The worker may still be leaving it: it is queued again only once the worker let go. */
	if (job == job->printer->current) {
		ipp_respond(r, IPPD_STATUS_SERVER_ERROR_BUSY, "Job %d is still stopping; try again shortly.", (int)job->id);
		return false;
	}
	job->cancel_requested = false;
	job->message[0] = '\0';
	job_enter_state_locked(job, IPPD_JOB_STATE_PENDING, 0, JR_JOB_SUSPENDED);
	return true;
}

void op_resume_job(request_t *r)
{
	ops_change_job(r, do_resume);
}

/* ------------------------------------------------------------------ */
/* Promote-Job and Schedule-Job-After                                 */
/* ------------------------------------------------------------------ */

static bool waiting(const job_t *job)
{
	return job->state == IPPD_JOB_STATE_PENDING || job->state == IPPD_JOB_STATE_PENDING_HELD;
}

/* The worker's order (printer.c next_job_locked): promoted first, then job-priority, then the oldest. */
static int queue_order(const void *a, const void *b)
{
	const job_t *x = *(job_t *const *)a, *y = *(job_t *const *)b;
	if (x->promoted != y->promoted)
		return x->promoted > y->promoted ? -1 : 1;
	if (x->priority != y->priority)
		return x->priority > y->priority ? -1 : 1;
	return x->id < y->id ? -1 : 1;
}

/*
 * Puts `job` right after `after` in the queue (first when `after` is NULL
 * and `first`, last when NULL and not `first`), then numbers the whole
 * queue so that the worker follows this order exactly.  Caller holds the lock.
 */
static bool requeue_locked(printer_t *p, job_t *job, const job_t *after, bool first)
{
	job_t **q = calloc(p->n_jobs + 1, sizeof(*q));
	if (!q)
		return false;
	size_t n = 0;
	for (size_t i = printer_first_active_locked(p); i < p->n_jobs; i++)
		if (waiting(p->jobs[i]) && p->jobs[i] != job)
			q[n++] = p->jobs[i];
	qsort(q, n, sizeof(*q), queue_order);
	size_t at = first ? 0 : n;
	for (size_t i = 0; after && i < n; i++)
		if (q[i] == after)
			at = i + 1;
	memmove(&q[at + 1], &q[at], (n - at) * sizeof(*q));
	q[at] = job;
	n++;
	for (size_t i = 0; i < n; i++)
		q[i]->promoted = (int64_t)(n - i);
	free(q);
	printer_wake_locked(p);
	sub_printer_event_locked(p, EV_PRINTER_QUEUE_ORDER_CHANGED, "has a new queue order");
	return true;
}

/* Promote-Job: a waiting job is the next to be processed (after any job processing now). */
static bool do_promote(request_t *r, job_t *job)
{
	if (!waiting(job)) {
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_NOT_POSSIBLE, "Only a pending job can be promoted; job %d is %s.",
		            (int)job->id, ippd_enum_name("job-state", job->state));
		return false;
	}
	if (!requeue_locked(r->printer, job, NULL, true)) {
		ipp_respond(r, IPPD_STATUS_SERVER_ERROR_INTERNAL_ERROR, "Out of memory.");
		return false;
	}
	return true;
}

/* Schedule-Job-After: a waiting job goes right after predecessor-job-id, or last without one. */
static bool do_schedule_after(request_t *r, job_t *job)
{
	const ippd_attr_t *pred = ops_op_attr(r, "predecessor-job-id", IPPD_TAG_INTEGER);
	const job_t *after = NULL;
	if (!waiting(job)) {
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_NOT_POSSIBLE, "Only a pending job can be rescheduled; job %d is %s.",
		            (int)job->id, ippd_enum_name("job-state", job->state));
		return false;
	}
	if (pred) {
		after = printer_find_job_locked(r->printer, ippd_attr_get_integer(pred, 0));
		if (!after || after == job) {
			ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_NOT_FOUND, "predecessor-job-id %d names no other job.",
			            (int)ippd_attr_get_integer(pred, 0));
			return false;
		}
		if (!waiting(after)) {
			ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_NOT_POSSIBLE, "Job %d is not waiting to be processed.",
			            (int)after->id);
			return false;
		}
	}
	if (!requeue_locked(r->printer, job, after, false)) {
		ipp_respond(r, IPPD_STATUS_SERVER_ERROR_INTERNAL_ERROR, "Out of memory.");
		return false;
	}
	return true;
}

void op_promote_job(request_t *r)
{
	ops_change_job(r, do_promote);
}

void op_schedule_job_after(request_t *r)
{
	ops_change_job(r, do_schedule_after);
}
