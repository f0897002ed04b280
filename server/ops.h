/* What the operation handlers share: the operation table, target lookup, attribute filters and URIs. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_SERVER_OPS_H
#define IPPD_SERVER_OPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "request.h"

/* One operation: what it targets and the function that carries it out. */
typedef struct op_def {
	uint16_t op;
	bool job_target;        /* needs job-uri, or printer-uri with job-id */
	bool takes_document;    /* document data follows the attributes */
	bool allow_out_of_band; /* Set-* operations may carry delete-attribute */
	bool checks_template;   /* the operation checks Job Template values itself (fidelity decides) */
	void (*run)(request_t *r);
} op_def_t;

/* True when `def` is offered by `p` (operations-supported).  Caller holds the lock. */
bool ops_available_locked(const op_def_t *def, const printer_t *p);

/* The operations a printer supports, in operations-supported order. */
extern const op_def_t ops_table[];
extern const size_t ops_count;

/*
 * requested-attributes, digested: "all", group names ("job-template",
 * "printer-description", ...) and attribute names.  Names point into the
 * request's arena.
 */
typedef struct attr_filter {
	bool all;
	uint32_t groups;         /* IPPD_AG_* bits named by group keywords */
	const ippd_attr_t *names;/* the requested-attributes attribute, or NULL */
	bool for_printer;        /* 'job-template' means the -default/-supported attributes */
} attr_filter_t;

/* Reads requested-attributes from the operation group; `dflt` (e.g. "all") when absent. */
void filter_init(attr_filter_t *f, const ippd_msg_t *req, const char *dflt, bool for_printer);
/* True when the attribute `name` was asked for. */
bool filter_want(const attr_filter_t *f, const char *name);

/* "ipp://HOST/ipp/print" (HOST from the request's Host header, else "localhost"). */
void ops_printer_uri(const request_t *r, const printer_t *p, char *buf, size_t size);
/* "ipp://HOST/ipp/print/42" */
void ops_job_uri(const request_t *r, const job_t *job, char *buf, size_t size);

/* The operation group's attribute `name` when its first value has `tag`, else NULL. */
const ippd_attr_t *ops_op_attr(const request_t *r, const char *name, ippd_tag_t tag);

/*
 * Makes `s` valid UTF-8 without control characters, in place: each byte of
 * a broken sequence, each C0 control, DEL and C1 control becomes '?'.  A
 * message built with snprintf from a client's value can end inside a
 * character or carry the client's escape sequences to whoever reads it.
 */
void ops_text_clean(char *s);

/*
 * Finds the job the request names (job-uri, or printer-uri + job-id, or the
 * job path the request was posted to).  NULL after responding with the
 * right status.  Caller holds the lock.
 */
job_t *ops_find_job_locked(request_t *r);

/* True when r->user may change `job` (its owner, an operator, an administrator); else responds not-authorized. Caller holds the lock. */
bool ops_may_change_job_locked(request_t *r, const job_t *job);

/* Adds the printer's attributes that `f` asks for to `g` (Get-Printer-Attributes, Get-Printers).  Caller holds the lock. */
void ops_add_printer_attrs_locked(request_t *r, printer_t *p, ippd_group_t *g, const attr_filter_t *f);

/* The System Service (PWG 5100.22) at /ipp/system: validates and runs one system operation.  (system-ipp.c) */
void system_ipp_begin(request_t *r);

/* Adds the job's attributes that `f` asks for to `g`.  Caller holds the lock. */
void ops_add_job_attrs_locked(request_t *r, const job_t *job, ippd_group_t *g, const attr_filter_t *f);

/*
 * A moment in printer-up-time seconds: from 1 at ippd's start, or, for CUPS's
 * clients (r->cups_names), seconds since 1970 as cupsd counts them.
 */
int32_t ops_up_time(const request_t *r, time_t t);

/*
 * Adds `name` (printer-up-time seconds) and `date_name` (a dateTime) for the
 * moment `t` when `f` asks for them: no-value while it has not happened (t == 0).
 */
void ops_add_time(ippd_group_t *g, const request_t *r, const char *name, const char *date_name, time_t t,
                  const attr_filter_t *f);

/* Adds job-id, job-uri, job-state, job-state-reasons and job-state-message: the answer to a job-creating request. */
void ops_add_job_status_locked(request_t *r, const job_t *job);

/* The job attributes Set-Job-Attributes may change (job-settable-attributes-supported). */
extern const char *const job_settable_attributes[];
extern const size_t job_settable_count;

/* The end of a document upload: records the document, queues the job, answers.  (job-ipp.c) */
void job_ipp_document_done(request_t *r);

/* What Print-URI, Send-URI, Resubmit-Job share with Print-Job and Send-Document (job-ipp.c). */
bool job_ipp_check_request(request_t *r);           /* accepting, format, Job Template; false after responding */
job_t *job_ipp_create(request_t *r);                /* a new incoming job, referenced in r->job; NULL after responding */
const char *job_ipp_request_format(const request_t *r);
const char *job_ipp_request_compression(const request_t *r);
/* Leaves job-incoming: pending, or pending-held for job-hold-until or Hold-New-Jobs.  Caller holds the lock. */
void job_ipp_close_locked(job_t *job);
/*
 * Takes the job for Send-Document/Send-URI: the user's, still incoming, no
 * fetch pending.  True with it in r->job (held, its activity time renewed;
 * released with the request); false after responding.  Takes the lock.
 */
bool job_ipp_take_open(request_t *r);
/* Runs `change` on the request's job under the lock when the user may change it; then saves it. */
void ops_change_job(request_t *r, bool (*change)(request_t *, job_t *));

/* The operation handlers, one file per object. */
void op_get_printer_attributes(request_t *r);
void op_pause_printer(request_t *r);
void op_resume_printer(request_t *r);
void op_purge_jobs(request_t *r);
void op_set_printer_attributes(request_t *r);
void op_identify_printer(request_t *r);
void op_print_job(request_t *r);
void op_validate_job(request_t *r);
void op_create_job(request_t *r);
void op_send_document(request_t *r);
void op_cancel_job(request_t *r);
void op_cancel_current_job(request_t *r);
void op_cancel_jobs(request_t *r);
void op_cancel_my_jobs(request_t *r);
void op_close_job(request_t *r);
void op_get_job_attributes(request_t *r);
void op_get_jobs(request_t *r);
void op_hold_job(request_t *r);
void op_release_job(request_t *r);
void op_restart_job(request_t *r);
void op_set_job_attributes(request_t *r);

/* Subscriptions and notifications (notify-ipp.c). */
void op_create_printer_subscriptions(request_t *r);
void op_create_job_subscriptions(request_t *r);
void op_get_subscription_attributes(request_t *r);
void op_get_subscriptions(request_t *r);
void op_renew_subscription(request_t *r);
void op_cancel_subscription(request_t *r);
void op_get_notifications(request_t *r);
/* A job was created: makes the subscriptions of the request's template groups, reports job-created.  Caller holds the lock. */
void notify_ipp_job_created_locked(request_t *r, job_t *job);
/* Appends the subscription groups made with a job to a successful response (called as the response completes). */
void notify_ipp_finish(request_t *r);
/* The printer's notify-* attributes that `f` asks for. */
void notify_add_printer_attrs(ippd_group_t *g, const attr_filter_t *f);

/* Document objects (document-ipp.c, PWG 5100.7). */
void op_cancel_document(request_t *r);
void op_get_document_attributes(request_t *r);
void op_get_documents(request_t *r);
void op_set_document_attributes(request_t *r);
void op_validate_document(request_t *r);
/* The document-settable-attributes-supported values. */
extern const char *const doc_settable_attributes[];
extern const size_t doc_settable_count;

/* Printer administration (printer-admin-ipp.c, RFC 3998 and PWG 5100.11). */
void op_enable_printer(request_t *r);
void op_disable_printer(request_t *r);
void op_pause_printer_after_current_job(request_t *r);
void op_hold_new_jobs(request_t *r);
void op_release_held_new_jobs(request_t *r);
void op_restart_printer(request_t *r);
void op_shutdown_printer(request_t *r);
void op_startup_printer(request_t *r);
void op_get_printer_supported_values(request_t *r);
/* printer-alert and printer-alert-description for the printer's state.  Caller holds the lock. */
void printer_admin_add_alerts_locked(const printer_t *p, ippd_group_t *g, bool alert, bool description);
/* The operations a shut-down printer still answers (RFC 3998 §3.2.7). */
bool printer_admin_allowed_when_shutdown(uint16_t op);

/* Job administration (job-admin-ipp.c, RFC 3998 and PWG 5100.11). */
void op_resubmit_job(request_t *r);
void op_reprocess_job(request_t *r);
void op_suspend_current_job(request_t *r);
void op_resume_job(request_t *r);
void op_promote_job(request_t *r);
void op_schedule_job_after(request_t *r);

/* Print-URI and Send-URI (print-uri-ipp.c): offered when the printer's configuration allows a scheme. */
void op_print_uri(request_t *r);
void op_send_uri(request_t *r);
bool print_uri_available(const printer_t *p);

#endif
