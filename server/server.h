/* The print service's model: a system holds printers, a printer holds jobs, a job holds documents. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_SERVER_H
#define IPPD_SERVER_H

#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include <ippd/codec.h>
#include <ippd/registry.h>

#include "device-reasons.h"
#include "log.h"
#include "printer-attrs.h"
#include "uri-policy.h"

typedef struct system system_t;
typedef struct printer printer_t;
typedef struct job job_t;
typedef struct doc doc_t;
typedef struct store store_t;

/* ------------------------------------------------------------------ */
/* Jobs                                                               */
/* ------------------------------------------------------------------ */

/* job-state-reasons keywords a job can carry, as bits (RFC 8011 §5.3.8, PWG 5100.7). */
typedef enum job_reason {
	JR_JOB_INCOMING = 1u << 0,
	JR_JOB_DATA_INSUFFICIENT = 1u << 1,
	JR_HOLD_UNTIL_SPECIFIED = 1u << 2,
	JR_JOB_QUEUED = 1u << 3,
	JR_JOB_PRINTING = 1u << 4,
	JR_PRINTER_STOPPED = 1u << 5,
	JR_CANCELED_BY_USER = 1u << 6,
	JR_CANCELED_BY_OPERATOR = 1u << 7,
	JR_ABORTED_BY_SYSTEM = 1u << 8,
	JR_COMPLETED_SUCCESSFULLY = 1u << 9,
	JR_DOCUMENT_FORMAT_ERROR = 1u << 10,
	JR_COMPRESSION_ERROR = 1u << 11,
	JR_SUBMISSION_INTERRUPTED = 1u << 12,
	JR_UNSUPPORTED_DOCUMENT_FORMAT = 1u << 13,
	JR_JOB_RESTARTABLE = 1u << 14,
	JR_PROCESSING_TO_STOP_POINT = 1u << 15,
	JR_COMPLETED_WITH_ERRORS = 1u << 16,
	JR_JOB_FETCHABLE = 1u << 17,
	JR_DOCUMENT_ACCESS_ERROR = 1u << 18, /* Print-URI/Send-URI: the document-uri could not be fetched */
	JR_JOB_SUSPENDED = 1u << 19,         /* Suspend-Current-Job (RFC 3998) */
	JR_JOB_HELD_FOR_REVIEW = 1u << 20,   /* proof-print: the proof is out, the job waits for Release-Job */
	JR_COUNT = 21,
} job_reason_t;

/* The keyword of reason bit `i` (0 <= i < JR_COUNT). */
const char *job_reason_keyword(unsigned i);
/* The bits of a comma-separated list of reason keywords (unknown ones are dropped). */
uint32_t job_reasons_parse(const char *text);

struct doc {
	int number;
	char format[128];      /* document-format as supplied, or detected for octet-stream */
	char name[256];        /* document-name */
	char compression[16];  /* as supplied; the spool file holds the decompressed bytes */
	char path[PATH_MAX];   /* the spool file */
	int64_t size;          /* octets after decompression */
	int pages;             /* counted by the PWG Raster, URF or PDF checker; -1 when unknown */
	/* PWG 5100.7 document objects (document.c keeps these in the store's document blob). */
	bool canceled;         /* Cancel-Document: the worker skips it */
	time_t created;        /* when it arrived: time-at-creation */
	char uri[1024];        /* document-uri of a Print-URI/Send-URI document, else "" */
	char message[128];     /* document-message (settable) */
};

struct job {
	int32_t id;
	printer_t *printer;
	int state;              /* IPPD_JOB_STATE_* */
	uint32_t reasons;       /* job_reason_t bits */
	char owner[256];        /* job-originating-user-name */
	char name[256];         /* job-name */
	char uuid[48];          /* urn:uuid:... */
	char message[256];      /* job-state-message */
	char hold_until[64];    /* job-hold-until keyword or name, "" for no-hold */
	int priority;           /* job-priority 1..100 */
	time_t created, processing, completed;
	time_t last_activity;   /* Create-Job or the last Send-Document: for multiple-operation-time-out */
	int impressions;           /* pages in the documents, when counted */
	int impressions_completed; /* job-impressions-completed */
	bool cancel_requested;     /* the worker stops at the next chance (Cancel-Job, Suspend-Current-Job) */
	bool held_new;             /* held by Hold-New-Jobs: Release-Held-New-Jobs releases it */
	int64_t promoted;          /* Promote-Job/Schedule-Job-After order: 0 none, larger goes first */
	int fetching;              /* Print-URI/Send-URI documents still being fetched */
	bool proofed;              /* proof-print (PWG 5100.11): the proof was produced */
	bool removed;              /* no longer in its printer's list; freed when `refs` drops to 0 */
	int refs;                  /* holders outside the lock: the worker, a request receiving a document */
	ippd_msg_t *attrs;         /* one job group: the Job Template attributes accepted */
	doc_t *docs;
	int n_docs;
	int cap_docs;
};

/* True for canceled, aborted and completed. */
static inline bool job_is_terminal(const job_t *job)
{
	return job->state >= IPPD_JOB_STATE_CANCELED;
}

/* ------------------------------------------------------------------ */
/* Printers                                                           */
/* ------------------------------------------------------------------ */

/* printer-state-reasons keywords, as bits. */
typedef enum printer_reason {
	PR_PAUSED = 1u << 0,
	PR_MOVING_TO_PAUSED = 1u << 1,
	PR_IDENTIFY_REQUESTED = 1u << 2,
	PR_HOLD_NEW_JOBS = 1u << 3,
	PR_CONNECTING_TO_DEVICE = 1u << 4, /* an output device is being (re)connected */
	PR_OFFLINE_REPORT = 1u << 5,       /* the output device does not answer */
	PR_OTHER_ERROR = 1u << 6,          /* the last job failed in the output device (device_message says why) */
	PR_SHUTDOWN = 1u << 7, /* Shutdown-Printer (RFC 3998): nothing but Startup/Restart-Printer and queries */
	PR_COUNT = 8,
} printer_reason_t;

struct printer {
	system_t *sys;
	char name[128];        /* printer-name: "ippd" for the default printer */
	bool is_default;       /* the printer at /ipp/print */
	char path[160];        /* "/ipp/print" or "/ipp/print/NAME" */
	char uuid[48];
	char info[128];        /* printer-info (settable) */
	char location[128];    /* printer-location (settable) */
	char geo_location[256];/* printer-geo-location (settable), "" when unknown */
	char organization[128];
	char organizational_unit[128]; /* printer-organizational-unit, "" by default */
	char output_dir[PATH_MAX];
	printer_caps_t caps;
	ippd_msg_t *static_attrs;  /* capability attributes (printer_attrs_build) */
	int state;                 /* IPPD_PRINTER_STATE_* */
	uint32_t reasons;          /* printer_reason_t bits */
	bool accepting;            /* printer-is-accepting-jobs */
	time_t state_change_time;
	time_t config_change_time;
	int history;               /* terminal jobs kept */
	char message_from_operator[128]; /* printer-message-from-operator (settable) */
	bool pause_after_current;  /* Pause-Printer-After-Current-Job: pause when the current job ends */
	uri_policy_t uri_policy;   /* Print-URI/Send-URI: what document-uri may name (uri-policy.h) */

	/* Jobs ordered by id (ids only grow), active and terminal alike. */
	job_t **jobs;
	size_t n_jobs;
	size_t cap_jobs;
	job_t *current;            /* the job the worker is processing */
	size_t first_active;       /* no job before this index is active (a hint, see printer_first_active_locked) */

	/* The output device (output.h): set from the configuration, used by the worker. */
	char device_uri[1024];     /* device-uri; "" for the file device */
	int device_timeout;        /* device-timeout, seconds */
	int device_retries;        /* device-retries */
	char device_ca_file[1024]; /* device-ca-file: an ipps upstream's trusted CA(s), "" for the system store */
	char device_pinned_key[256]; /* device-pinned-key: "sha256//..." pin(s) of an ipps upstream's key, or "" */
	struct output_device *device; /* the worker's open device */
	ippd_msg_t *retired_attrs[32]; /* earlier static_attrs, still possibly read without the lock */
	size_t n_retired;

	pthread_t worker;
	bool worker_started;
	pthread_cond_t wake;       /* signalled when there may be work */

	int32_t id;                /* printer-id (PWG 5100.22): stable across restarts, never reused */
	bool created;              /* made by Create-Printer (kept in STATE/printers.conf), not by --config */
	bool deleted;              /* Delete-Printer: out of the list, worker stopping; freed by system_free() */
	uint64_t device_errors;    /* output device failures (metrics_device_error), atomic */
	char device_message[256];  /* why the device failed last (PR_OTHER_ERROR), for printer-state-message */
	device_reasons_t device_reasons; /* what the device says of itself (media-empty-error...): output_set_device_reasons */
};

/* ------------------------------------------------------------------ */
/* The system                                                         */
/* ------------------------------------------------------------------ */

/* Seconds an incoming job waits for its next document (multiple-operation-time-out). */
enum { MULTIPLE_OPERATION_TIMEOUT = 120 };

struct system {
	/* Guards every printer and job field: held briefly, never across I/O. */
	pthread_mutex_t lock;
	printer_t **printers;
	size_t n_printers;
	int32_t next_job_id;
	time_t start_time;
	char state_dir[PATH_MAX];
	char spool_dir[PATH_MAX];
	store_t *store;
	bool stopping;
	size_t max_document_size;  /* bytes after decompression; 0 = no limit */
	uint64_t spool_reserve;    /* free bytes a document may not use up (--spool-reserve); 0 = none */
	printer_t **retired;       /* deleted printers, freed by system_free() (requests may still point to them) */
	size_t n_retired;
	bool tls_enabled;          /* ipps:// is served on the same ports (set by http_start) */
	struct sub_registry *subs; /* subscriptions and their events (subscription.c); NULL: none kept */
};

/* The lock, as one call so that every use reads the same. */
void system_lock(system_t *sys);
void system_unlock(system_t *sys);

/* The printer at an HTTP path ("/ipp/print", "/ipp/print/NAME"), or NULL.  Caller holds the lock. */
printer_t *system_find_printer_locked(system_t *sys, const char *path, size_t len);

/* ------------------------------------------------------------------ */
/* Printer and job functions used across files                        */
/* ------------------------------------------------------------------ */

/* The printer-name, for log lines. */
const char *printer_label(const printer_t *p);

/* The job with `id` on `p`, or NULL.  Caller holds the lock. */
job_t *printer_find_job_locked(printer_t *p, int32_t id);

/* Appends an existing job (ids must rise); false when out of memory.  Caller holds the lock. */
bool printer_append_job_locked(printer_t *p, job_t *job);

/* Appends a new job with the next id, state pending + job-incoming; NULL when out of memory.  Caller holds the lock. */
job_t *printer_add_job_locked(printer_t *p);

/*
 * The index of the oldest job that is not terminal (n_jobs when none).
 * Jobs mostly finish in order, so the active ones sit at the end of a
 * long history: scans of active jobs start here.  Caller holds the lock.
 */
size_t printer_first_active_locked(printer_t *p);

/* Number of jobs not yet terminal.  Caller holds the lock. */
int printer_queued_locked(printer_t *p);

/* Wakes the printer's worker.  Caller holds the lock. */
void printer_wake_locked(printer_t *p);

/* Recomputes printer-state from the worker and the pause flag, logging a change.  Caller holds the lock. */
void printer_update_state_locked(printer_t *p);

/*
 * The one place job states change: sets state and the reasons that go with
 * it, stamps times, logs "[Job N] pending -> processing", wakes the worker.
 * Caller holds the lock; persistence is the caller's (job_save).
 */
void job_enter_state_locked(job_t *job, int state, uint32_t add_reasons, uint32_t clear_reasons);

/*
 * Writes the job (and its documents) to the store and waits for the commit:
 * the rows are queued under the lock (the store copies them, no I/O), the
 * wait happens without it.  Call WITHOUT the lock.  False (logged) when the
 * store failed.
 */
bool job_save(system_t *sys, job_t *job);

/*
 * job_save() of a job the caller holds (job_hold_locked), then the hold is
 * let go: the end of an operation that changed the job under the lock.
 * Call WITHOUT the lock.
 */
void job_save_release(system_t *sys, job_t *job);

/* Frees a job and its attributes (not its spool files). */
void job_free(job_t *job);

/* Takes and drops a reference that keeps the job alive across unlocked I/O.  Caller holds the lock. */
void job_hold_locked(job_t *job);
void job_release_locked(job_t *job);

/* Takes `job` out of its printer's list (freed once unreferenced).  Caller holds the lock. */
void printer_remove_job_locked(printer_t *p, job_t *job);

/*
 * Removes terminal jobs beyond the printer's history, oldest first, from
 * memory, the store and the spool.  Takes the lock itself.
 */
void printer_prune(printer_t *p);

/* Starts each printer's worker thread. */
bool printer_start_worker(printer_t *p);

#endif
