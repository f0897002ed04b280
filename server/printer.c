/* Printers: their job lists, their state, and the worker that takes each printer's queue in order. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "output.h"
#include "server.h"
#include "store.h"
#include "subscription.h"

const char *printer_label(const printer_t *p)
{
	return p ? p->name : "-";
}

job_t *printer_find_job_locked(printer_t *p, int32_t id)
{
	/* Ids only grow, so the list is sorted: binary search. */
	size_t lo = 0, hi = p->n_jobs;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int32_t mid_id = p->jobs[mid]->id;
		if (mid_id == id)
			return p->jobs[mid];
		if (mid_id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Appends `job` keeping the id order (recovered jobs arrive in id order too). */
bool printer_append_job_locked(printer_t *p, job_t *job)
{
	if (p->n_jobs == p->cap_jobs) {
		size_t cap = p->cap_jobs ? p->cap_jobs * 2 : 64;
		job_t **jobs = realloc(p->jobs, cap * sizeof(*jobs));
		if (!jobs)
			return false;
		p->jobs = jobs;
		p->cap_jobs = cap;
	}
	p->jobs[p->n_jobs++] = job;
	job->printer = p;
	return true;
}

job_t *printer_add_job_locked(printer_t *p)
{
	if (p->deleted)
		return NULL; /* looked up just before Delete-Printer took it out of the list */
	job_t *job = calloc(1, sizeof(*job));
	ippd_msg_t *attrs = job ? ippd_msg_new_sized(256) : NULL;
	if (!attrs || !ippd_msg_add_group(attrs, IPPD_TAG_JOB))
		goto err;
	job->attrs = attrs;
	job->id = p->sys->next_job_id;
	job->state = IPPD_JOB_STATE_PENDING;
	job->reasons = JR_JOB_INCOMING;
	job->priority = 50;
	job->created = time(NULL);
	if (!printer_append_job_locked(p, job))
		goto err;
	p->sys->next_job_id++;
	return job;
err:
	ippd_msg_free(attrs);
	free(job);
	return NULL;
}

size_t printer_first_active_locked(printer_t *p)
{
	if (p->first_active > p->n_jobs)
		p->first_active = 0;
	while (p->first_active < p->n_jobs && job_is_terminal(p->jobs[p->first_active]))
		p->first_active++;
	return p->first_active;
}

int printer_queued_locked(printer_t *p)
{
	int n = 0;
	for (size_t i = printer_first_active_locked(p); i < p->n_jobs; i++)
		n += !job_is_terminal(p->jobs[i]);
	return n;
}

void printer_wake_locked(printer_t *p)
{
	pthread_cond_signal(&p->wake);
}

void printer_update_state_locked(printer_t *p)
{
	int state = IPPD_PRINTER_STATE_IDLE;
	/* moving-to-paused lasts while the current job finishes (Pause-Printer-After-Current-Job). */
	if (!p->current)
		p->reasons &= ~(uint32_t)PR_MOVING_TO_PAUSED;
	if (p->current)
		state = IPPD_PRINTER_STATE_PROCESSING;
	else if (p->reasons & (PR_PAUSED | PR_SHUTDOWN))
		state = IPPD_PRINTER_STATE_STOPPED;
	if (state != p->state) {
		log_printer(p, LOG_INFO, "%s -> %s", ippd_enum_name("printer-state", p->state),
		            ippd_enum_name("printer-state", state));
		p->state = state;
		p->state_change_time = time(NULL);
	}
	/* Reasons and printer-is-accepting-jobs may have changed even when the state did not. */
	sub_printer_state_locked(p);
}

void printer_remove_job_locked(printer_t *p, job_t *job)
{
	for (size_t i = 0; i < p->n_jobs; i++) {
		if (p->jobs[i] != job)
			continue;
		memmove(&p->jobs[i], &p->jobs[i + 1], (p->n_jobs - i - 1) * sizeof(*p->jobs));
		p->n_jobs--;
		p->first_active = 0;
		break;
	}
	job->removed = true;
	if (job->refs == 0)
		job_free(job);
}

/* A removed job's leftovers: its row and its spool files, deleted outside the lock. */
typedef struct doomed {
	int32_t id;
	char **paths;
	int n_paths;
} doomed_t;

void printer_prune(printer_t *p)
{
	system_t *sys = p->sys;
	doomed_t *doomed = NULL;
	size_t n_doomed = 0;

	system_lock(sys);
	size_t terminal = 0;
	for (size_t i = 0; i < p->n_jobs; i++)
		terminal += job_is_terminal(p->jobs[i]);
	size_t excess = terminal > (size_t)p->history ? terminal - (size_t)p->history : 0;
	if (excess)
		doomed = calloc(excess, sizeof(*doomed));
	for (size_t i = 0; doomed && i < p->n_jobs && n_doomed < excess;) {
		job_t *job = p->jobs[i];
		if (!job_is_terminal(job) || job->refs) {
			i++;
			continue;
		}
		doomed_t *d = &doomed[n_doomed++];
		d->id = job->id;
		d->paths = calloc((size_t)job->n_docs + 1, sizeof(char *));
		for (int k = 0; d->paths && k < job->n_docs; k++)
			d->paths[d->n_paths++] = strdup(job->docs[k].path);
		printer_remove_job_locked(p, job);
	}
	system_unlock(sys);

	store_ticket_t ticket = 0;
	for (size_t i = 0; i < n_doomed; i++)
		store_job_delete(sys->store, doomed[i].id, &ticket);
	if (n_doomed && store_commit_wait(sys->store, ticket) != 0)
		log_printer(p, LOG_ERROR, "cannot remove old jobs from the store: %s", store_errmsg(sys->store));
	for (size_t i = 0; i < n_doomed; i++) {
		for (int k = 0; k < doomed[i].n_paths; k++) {
			if (doomed[i].paths[k] && unlink(doomed[i].paths[k]) != 0 && errno != ENOENT)
				log_printer(p, LOG_WARN, "cannot remove %s: %s", doomed[i].paths[k], strerror(errno));
			free(doomed[i].paths[k]);
		}
		free(doomed[i].paths);
	}
	if (n_doomed)
		log_printer(p, LOG_DEBUG, "pruned %zu old job(s)", n_doomed);
	free(doomed);
}

/*
 * The next job to process: the oldest pending one that is complete; jobs
 * moved up by Promote-Job or Schedule-Job-After first, then the highest
 * job-priority.
 */
static job_t *next_job_locked(printer_t *p)
{
	job_t *best = NULL;
	for (size_t i = printer_first_active_locked(p); i < p->n_jobs; i++) {
		job_t *j = p->jobs[i];
		if (j->state != IPPD_JOB_STATE_PENDING || (j->reasons & JR_JOB_INCOMING))
			continue;
		if (!best || j->promoted > best->promoted || (j->promoted == best->promoted && j->priority > best->priority))
			best = j;
	}
	return best;
}

/*
 * multiple-operation-time-out-action 'process-job': an incoming job whose
 * client went quiet is closed and printed with the documents it has; one
 * with none is aborted.  Returns a job to save (referenced), or NULL.
 */
static job_t *expire_incoming_locked(printer_t *p, time_t now)
{
	for (size_t i = printer_first_active_locked(p); i < p->n_jobs; i++) {
		job_t *j = p->jobs[i];
		if (!(j->reasons & JR_JOB_INCOMING) || job_is_terminal(j) ||
		    now - j->last_activity < MULTIPLE_OPERATION_TIMEOUT)
			continue;
		log_job(j, LOG_INFO, "no document for %d s: %s", MULTIPLE_OPERATION_TIMEOUT,
		        j->n_docs ? "printing what it has" : "aborted");
		if (j->n_docs == 0) {
			snprintf(j->message, sizeof(j->message), "No document arrived within %d seconds.",
			         MULTIPLE_OPERATION_TIMEOUT);
			job_enter_state_locked(j, IPPD_JOB_STATE_ABORTED, JR_JOB_DATA_INSUFFICIENT, JR_JOB_INCOMING);
		} else if (j->hold_until[0]) {
			job_enter_state_locked(j, IPPD_JOB_STATE_PENDING_HELD, JR_HOLD_UNTIL_SPECIFIED, JR_JOB_INCOMING);
		} else {
			job_enter_state_locked(j, IPPD_JOB_STATE_PENDING, 0, JR_JOB_INCOMING);
		}
		job_hold_locked(j);
		return j;
	}
	return NULL;
}

/* A job with proof-print (PWG 5100.11) whose proof has not been produced yet. */
static bool proof_print_locked(const job_t *job)
{
	return !job->proofed && ippd_group_find(ippd_msg_first_group(job->attrs), "proof-print") != NULL;
}

static void *worker_main(void *arg)
{
	printer_t *p = arg;
	system_t *sys = p->sys;

	system_lock(sys);
	while (!sys->stopping && !p->deleted) {
		job_t *expired = expire_incoming_locked(p, time(NULL));
		if (expired) {
			system_unlock(sys);
			job_save(sys, expired);
			system_lock(sys);
			job_release_locked(expired);
			continue;
		}
		job_t *job = (p->reasons & (PR_PAUSED | PR_SHUTDOWN)) ? NULL : next_job_locked(p);
		if (!job) {
			/* The device's idle tick (an upstream's capabilities), outside the lock. */
			system_unlock(sys);
			output_idle(p);
			system_lock(sys);
			if (sys->stopping || p->deleted)
				break;
			/* Wake now and then to expire quiet incoming jobs. */
			struct timespec until;
			clock_gettime(CLOCK_REALTIME, &until);
			until.tv_sec += 5;
			pthread_cond_timedwait(&p->wake, &sys->lock, &until);
			continue;
		}
		p->current = job;
		job_hold_locked(job);
		job_enter_state_locked(job, IPPD_JOB_STATE_PROCESSING, JR_JOB_PRINTING, JR_JOB_QUEUED);
		printer_update_state_locked(p);
		system_unlock(sys);

		job_save(sys, job);
		char error[256] = "";
		output_status_t st = output_run(p, job, error, sizeof(error));

		system_lock(sys);
		p->current = NULL;
		/* OUTPUT_STOPPED: ippd is stopping; the job stays processing and is requeued at the next start. */
		if (job->state == IPPD_JOB_STATE_PROCESSING && st != OUTPUT_STOPPED && st != OUTPUT_FINISHED) {
			if (st == OUTPUT_DONE && proof_print_locked(job)) {
				/* The proof is out: the job waits for the user to look at it and release it. */
				job->proofed = true;
				snprintf(job->hold_until, sizeof(job->hold_until), "indefinite");
				job_enter_state_locked(job, IPPD_JOB_STATE_PENDING_HELD,
				                       JR_JOB_HELD_FOR_REVIEW | JR_HOLD_UNTIL_SPECIFIED, JR_JOB_PRINTING);
			} else if (st == OUTPUT_DONE) {
				/* A device that counted impressions (an upstream printer) may know more than we do. */
				if (job->impressions > job->impressions_completed) {
					job->impressions_completed = job->impressions;
					sub_job_event_locked(job, EV_JOB_PROGRESS, "has printed all its pages");
				}
				job_enter_state_locked(job, IPPD_JOB_STATE_COMPLETED, JR_COMPLETED_SUCCESSFULLY,
				                       JR_JOB_PRINTING);
			} else {
				snprintf(job->message, sizeof(job->message), "%s", error);
				job_enter_state_locked(job, IPPD_JOB_STATE_ABORTED, JR_ABORTED_BY_SYSTEM, JR_JOB_PRINTING);
			}
		}
		printer_update_state_locked(p);
		system_unlock(sys);
		job_save(sys, job);
		system_lock(sys);
		job_release_locked(job);
		system_unlock(sys);
		printer_prune(p);
		system_lock(sys);
	}
	system_unlock(sys);
	return NULL;
}

bool printer_start_worker(printer_t *p)
{
	if (pthread_create(&p->worker, NULL, worker_main, p) != 0)
		return false;
	p->worker_started = true;
	return true;
}
