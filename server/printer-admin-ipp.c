/* Printer administration (RFC 3998, PWG 5100.11): enable/disable, holding new jobs, shutdown and startup, supported values. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops.h"
#include "printer-keep.h"
#include "subscription.h"

/* Logs an administrative change once the lock is dropped. */
static void logged(request_t *r, const char *what)
{
	log_printer(r->printer, LOG_INFO, "%s by %s", what, r->user);
}

/* Enable-Printer and Disable-Printer: printer-is-accepting-jobs; jobs already queued still print. */
static void set_accepting(request_t *r, bool accepting)
{
	system_lock(r->sys);
	if (r->printer->accepting != accepting)
		r->printer->state_change_time = time(NULL);
	r->printer->accepting = accepting;
	printer_update_state_locked(r->printer); /* printer-state-changed for subscribers */
	system_unlock(r->sys);
	printer_keep_state(r->printer);
	logged(r, accepting ? "enabled (accepting jobs)" : "disabled (not accepting jobs)");
}

void op_enable_printer(request_t *r)
{
	set_accepting(r, true);
}

void op_disable_printer(request_t *r)
{
	set_accepting(r, false);
}

/*
 * Pause-Printer-After-Current-Job: the worker takes no new job; while it
 * finishes the current one the printer says moving-to-paused, then paused
 * (printer_update_state_locked drops moving-to-paused when it is idle).
 */
void op_pause_printer_after_current_job(request_t *r)
{
	printer_t *p = r->printer;
	system_lock(r->sys);
	p->reasons |= PR_PAUSED;
	if (p->current)
		p->reasons |= PR_MOVING_TO_PAUSED;
	printer_update_state_locked(p);
	printer_wake_locked(p);
	system_unlock(r->sys);
	printer_keep_state(p);
	logged(r, "paused after the current job");
}

/* Hold-New-Jobs: jobs closed from now on wait in pending-held (job_ipp_close_locked). */
void op_hold_new_jobs(request_t *r)
{
	system_lock(r->sys);
	r->printer->reasons |= PR_HOLD_NEW_JOBS;
	printer_update_state_locked(r->printer);
	system_unlock(r->sys);
	printer_keep_state(r->printer);
	logged(r, "holding new jobs");
}

/* Release-Held-New-Jobs: stops holding, and releases the jobs Hold-New-Jobs held (not those held on request). */
void op_release_held_new_jobs(request_t *r)
{
	printer_t *p = r->printer;
	job_t **saved = NULL;
	size_t n = 0;
	system_lock(r->sys);
	p->reasons &= ~(uint32_t)PR_HOLD_NEW_JOBS;
	printer_update_state_locked(p);
	saved = calloc(p->n_jobs + 1, sizeof(*saved));
	for (size_t i = printer_first_active_locked(p); saved && i < p->n_jobs; i++) {
		job_t *job = p->jobs[i];
		if (!job->held_new || job->state != IPPD_JOB_STATE_PENDING_HELD)
			continue;
		job->held_new = false;
		job->hold_until[0] = '\0';
		job_enter_state_locked(job, IPPD_JOB_STATE_PENDING, 0, JR_HOLD_UNTIL_SPECIFIED);
		job_hold_locked(job);
		saved[n++] = job;
	}
	system_unlock(r->sys);
	printer_keep_state(p);
	if (!saved) {
		ipp_respond(r, IPPD_STATUS_SERVER_ERROR_INTERNAL_ERROR, "Out of memory.");
		return;
	}
	for (size_t i = 0; i < n; i++)
		job_save(r->sys, saved[i]);
	system_lock(r->sys);
	for (size_t i = 0; i < n; i++)
		job_release_locked(saved[i]);
	system_unlock(r->sys);
	free(saved);
	log_printer(p, LOG_INFO, "released %zu held new job(s) for %s", n, r->user);
}

/*
 * Shutdown-Printer: no new jobs, none processed, and every operation but
 * Startup-Printer, Restart-Printer and the queries refused with
 * server-error-service-unavailable.  The current job finishes first.
 */
void op_shutdown_printer(request_t *r)
{
	printer_t *p = r->printer;
	system_lock(r->sys);
	p->reasons |= PR_SHUTDOWN;
	p->accepting = false;
	printer_update_state_locked(p);
	sub_printer_event_locked(p, EV_PRINTER_SHUTDOWN, "was shut down");
	system_unlock(r->sys);
	printer_keep_state(p);
	logged(r, "shut down");
}

/* Startup-Printer and Restart-Printer: back to idle and accepting, nothing paused or held; jobs are kept. */
static void start_up(request_t *r, const char *what)
{
	printer_t *p = r->printer;
	system_lock(r->sys);
	p->reasons &= ~(uint32_t)(PR_SHUTDOWN | PR_PAUSED | PR_MOVING_TO_PAUSED | PR_HOLD_NEW_JOBS);
	p->accepting = true;
	printer_update_state_locked(p);
	printer_wake_locked(p);
	sub_printer_event_locked(p, EV_PRINTER_RESTARTED, "was started up");
	system_unlock(r->sys);
	printer_keep_state(p);
	logged(r, what);
}

void op_startup_printer(request_t *r)
{
	start_up(r, "started up");
}

void op_restart_printer(request_t *r)
{
	start_up(r, "restarted");
}

bool printer_admin_allowed_when_shutdown(uint16_t op)
{
	switch (op) {
	case IPPD_OP_STARTUP_PRINTER:
	case IPPD_OP_RESTART_PRINTER:
	case IPPD_OP_GET_PRINTER_ATTRIBUTES:
	case IPPD_OP_GET_PRINTER_SUPPORTED_VALUES:
	case IPPD_OP_GET_JOBS:
	case IPPD_OP_GET_JOB_ATTRIBUTES:
	case IPPD_OP_GET_DOCUMENTS:
	case IPPD_OP_GET_DOCUMENT_ATTRIBUTES:
	case IPPD_OP_GET_SUBSCRIPTIONS:
	case IPPD_OP_GET_SUBSCRIPTION_ATTRIBUTES:
	case IPPD_OP_GET_NOTIFICATIONS:
		return true;
	default:
		return false;
	}
}

/*
 * printer-alert (PWG 5100.9): one value per condition, in the Printer MIB's
 * terms (RFC 3805 prtAlertCode), with printer-alert-description saying it
 * in words.  A printer with nothing to report says it is ready to print.
 */
void printer_admin_add_alerts_locked(const printer_t *p, ippd_group_t *g, bool alert, bool description)
{
	static const struct {
		uint32_t reason;
		const char *value, *text;
	} alerts[] = {
		{PR_SHUTDOWN, "code=powerDown;severity=critical;group=generalPrinter", "The printer is shut down."},
		{PR_PAUSED, "code=other;severity=warning;group=generalPrinter", "The printer is paused."},
		{PR_HOLD_NEW_JOBS, "code=other;severity=other;group=generalPrinter", "New jobs are held."},
		{PR_OTHER_ERROR, "code=other;severity=critical;group=generalPrinter", "The output device failed."},
	};
	ippd_attr_t *a = alert ? ippd_group_add(g, "printer-alert") : NULL;
	ippd_attr_t *d = description ? ippd_group_add(g, "printer-alert-description") : NULL;
	size_t n = 0;
	for (size_t i = 0; i < sizeof(alerts) / sizeof(alerts[0]); i++) {
		if (!(p->reasons & alerts[i].reason))
			continue;
		if (a)
			ippd_attr_add_octets(a, alerts[i].value, strlen(alerts[i].value));
		if (d)
			ippd_attr_add_string(d, IPPD_TAG_TEXT, alerts[i].text, (size_t)-1);
		n++;
	}
	if (n)
		return;
	static const char ready[] = "code=printerReadyToPrint;severity=other;group=generalPrinter";
	if (a)
		ippd_attr_add_octets(a, ready, strlen(ready));
	if (d)
		ippd_attr_add_string(d, IPPD_TAG_TEXT, p->accepting ? "Ready to print." : "Not accepting jobs.", (size_t)-1);
}

/*
 * Get-Printer-Supported-Values (RFC 3380 §4.3): for each attribute
 * Set-Printer-Attributes may set, the values it may be set to.  Ours are
 * free text or URIs the administrator chooses, which RFC 3380 answers with
 * the out-of-band value 'admin-define'; the job privacy ones are keywords
 * (PWG 5100.11), listed.
 */
void op_get_printer_supported_values(request_t *r)
{
	static const char *const settable[] = {"printer-geo-location", "printer-info", "printer-location",
	                                       "printer-message-from-operator", "printer-organization"};
	attr_filter_t f;
	filter_init(&f, r->req, "all", true);
	ippd_group_t *g = ippd_msg_add_group(r->resp, IPPD_TAG_PRINTER);
	for (size_t i = 0; g && i < sizeof(settable) / sizeof(settable[0]); i++)
		if (f.all || f.groups || (f.names && ippd_attr_contains_string(f.names, settable[i])))
			ippd_group_add_out_of_band(g, IPPD_TAG_ADMIN_DEFINE, settable[i]);
	static const char *const privacy_attrs[] = {"all", "default", "job-description", "job-template", "none"};
	static const char *const privacy_scope[] = {"all", "default", "none", "owner"};
	if (g && (f.all || f.groups || (f.names && ippd_attr_contains_string(f.names, "job-privacy-attributes"))))
		ippd_group_add_strings(g, IPPD_TAG_KEYWORD, "job-privacy-attributes", 5, privacy_attrs);
	if (g && (f.all || f.groups || (f.names && ippd_attr_contains_string(f.names, "job-privacy-scope"))))
		ippd_group_add_strings(g, IPPD_TAG_KEYWORD, "job-privacy-scope", 4, privacy_scope);
}
