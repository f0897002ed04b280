/* Output devices: where a printer's processed jobs go, chosen per printer by a device URI. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_SERVER_OUTPUT_H
#define IPPD_SERVER_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "server.h"

/*
 * A device is picked by the scheme of the printer's device-uri
 * (docs/internals/devices.md):
 *
 *   file: / file:///folder      each document lands in a folder (the default)
 *   ipp:// ipps://              forwarded to an upstream IPP printer
 *   socket://host[:port]        AppSocket / JetDirect (port 9100)
 *   command:/abs/program        a program reads each document on stdin
 *
 * Every device runs on its printer's worker thread, without the lock.
 */

/* How a job's delivery ended. */
typedef enum output_status {
	OUTPUT_DONE,    /* delivered (or the job was canceled meanwhile, and the device stopped) */
	OUTPUT_FAILED,  /* `error` says why; the worker aborts the job */
	OUTPUT_STOPPED, /* ippd is stopping: the job stays processing and is requeued at the next start */
	OUTPUT_FINISHED /* the device set the job's final state itself (an upstream printer's verdict) */
} output_status_t;

typedef struct output_device output_device_t;

/* One kind of device: the functions behind a URI scheme. */
typedef struct output_ops {
	const char *scheme;
	/* Checks the rest of the URI at start-up; false with a sentence in `err`. */
	bool (*check)(const char *uri, char *err, size_t errsize);
	/* Per-device state (may stay NULL); false when out of memory. */
	bool (*open)(output_device_t *dev);
	/* Delivers every document of the job. */
	output_status_t (*run)(output_device_t *dev, job_t *job, char *error, size_t errsize);
	/* Called by the idle worker every few seconds (may be NULL). */
	void (*idle)(output_device_t *dev);
	/* Frees the state (may be NULL). */
	void (*close)(output_device_t *dev);
} output_ops_t;

struct output_device {
	const output_ops_t *ops;
	printer_t *p;
	char uri[1024];
	int timeout; /* device-timeout, seconds */
	int retries; /* device-retries */
	char ca_file[1024];    /* device-ca-file ("" : the system's trust store) */
	char pinned_key[256];  /* device-pinned-key ("" : none) */
	void *state;
};

/* Defaults of the device-* configuration keys. */
enum { OUTPUT_DEFAULT_TIMEOUT = 300, OUTPUT_DEFAULT_RETRIES = 5 };

/*
 * Checks a device-uri from the configuration: a known scheme and a well-
 * formed rest.  False with a sentence in `err`.
 */
bool output_check_uri(const char *uri, char *err, size_t errsize);

/*
 * Delivers every document of `job` to the printer's device (opening or
 * re-opening it when the printer's device-uri changed); called by the
 * worker without the lock.  Stops early, with OUTPUT_DONE, when the job is
 * canceled meanwhile.
 */
output_status_t output_run(printer_t *p, job_t *job, char *error, size_t errsize);

/* The idle worker's tick: lets a device refresh what it knows (an upstream's capabilities).  Without the lock. */
void output_idle(printer_t *p);

/*
 * Closes the printer's device (an open socket, an upstream's state), after
 * its worker stopped: at shutdown, or when the printer is deleted.  Safe to
 * call twice.
 */
void output_printer_free(printer_t *p);

/*
 * Frees the capability sets an ipp:// device replaced (upstream_caps_apply),
 * which requests may read without the lock until then: only when no request
 * can run any more, at exit (system_free).
 */
void output_retired_free(printer_t *p);

/* ------------------------------------------------------------------ */
/* Helpers the devices share                                          */
/* ------------------------------------------------------------------ */

/*
 * Sleeps up to `ms` milliseconds, in slices, and returns early when the job
 * is canceled or ippd is stopping.  True when the full time passed with
 * neither (job may be NULL).  Without the lock.
 */
bool output_sleep(printer_t *p, job_t *job, long ms);

/* True when `job` (may be NULL) was canceled or ippd is stopping.  Without the lock. */
bool output_interrupted(printer_t *p, job_t *job);

/* True when ippd is stopping.  Without the lock. */
bool output_stopping(printer_t *p);

/*
 * Copies `len` bytes of untrusted text into `dst` (`size` bytes, NUL
 * included) so that it is safe for attributes, logs, web pages and DNS-SD:
 * invalid UTF-8 becomes '?', C0 and C1 controls and DEL are dropped (tabs
 * and line breaks become a space), and the copy ends on a character
 * boundary.  Returns dst.
 */
char *output_clean_text(char *dst, size_t size, const char *src, size_t len);

/* Sets or clears printer_reason_t bits on the printer, logging a change.  Without the lock. */
void output_set_reasons(printer_t *p, uint32_t set, uint32_t clear);

/*
 * Replaces the reasons the device reports about itself (device-reasons.h),
 * logging each one that comes or goes and telling subscribers
 * (printer-state-changed).  Without the lock.
 */
void output_set_device_reasons(printer_t *p, const device_reasons_t *r);

/* A snapshot of one document, taken under the lock: what a device needs outside it. */
typedef struct output_doc {
	int number;
	char path[PATH_MAX];
	char format[128];
	char name[256];
	int64_t size;
} output_doc_t;

/* Document `i` of the job, counting only those not canceled (Cancel-Document); false when there is none or the job was canceled.  Without the lock. */
bool output_doc_get(printer_t *p, job_t *job, int i, output_doc_t *doc);

/* The file device (output-file.c), the others in output-ipp.c, output-socket.c, output-command.c. */
extern const output_ops_t output_file_ops;
extern const output_ops_t output_ipp_ops;
extern const output_ops_t output_ipps_ops;
extern const output_ops_t output_socket_ops;
extern const output_ops_t output_command_ops;

#endif
