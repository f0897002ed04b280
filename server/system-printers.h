/* Printers created and deleted while ippd runs (PWG 5100.22 Create-Printer, Delete-Printer), kept in the store. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_SERVER_SYSTEM_PRINTERS_H
#define IPPD_SERVER_SYSTEM_PRINTERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "server.h"

enum { SYSTEM_MAX_CREATED = 64 };

/* What Create-Printer may set, and what the store keeps of a created printer. */
typedef struct printer_spec {
	char name[64];      /* printer-name: 1-63 of A-Z a-z 0-9 - _, not all digits */
	char info[128];     /* printer-info ("" -> the name) */
	char location[128]; /* printer-location */
	char formats[512];  /* document-format-supported, comma-separated; "" for all the default printer has */
	char device_uri[1024]; /* "" for the file device; ipp, ipps or socket (command: only from the configuration) */
} printer_spec_t;

/* True when `name` may be a printer-name here (also the last segment of its URI path). */
bool system_printer_name_ok(const char *name);

/*
 * Gives `p` its printer-id: the one the store remembers for its name, else
 * the next never-used id.  Called by system_add_printer(); call WITHOUT the
 * lock.
 */
void system_printer_assign_id(system_t *sys, printer_t *p);

/*
 * Creates a printer from `spec`, saves it in the store (it comes back at
 * the next start), starts its worker when `start_worker` and advertises
 * it.  Returns the printer, or NULL with the IPP status in *status and a
 * sentence in `err`: client-error-not-possible for a name in use or too
 * many printers, client-error-attributes-or-values-not-supported for a bad
 * name, format or device-uri.  Call WITHOUT the lock.
 */
printer_t *system_create_printer(system_t *sys, const printer_spec_t *spec, bool start_worker, uint16_t *status,
                                 char *err, size_t errsize);

/*
 * Deletes a created printer: it leaves the list (new requests get 404), its
 * jobs are canceled and removed with their spool files and store rows, its
 * worker is stopped, its advertisement withdrawn, and it is forgotten by
 * the store.  The printer_t itself stays allocated until system_free(), so
 * a request that looked it up a moment before keeps a valid pointer.
 * False with the IPP status and a sentence for the default printer and
 * printers of the configuration file.  Call WITHOUT the lock.
 */
bool system_delete_printer(system_t *sys, printer_t *p, uint16_t *status, char *err, size_t errsize);

/* Re-creates the printers the store remembers (at start-up, before system_load()).  Logs what it skips. */
bool system_restore_printers(system_t *sys, char *err, size_t errsize);

/* The system-uuid, made once and kept in the store ("" until system_restore_printers()). */
const char *system_uuid_get(void);

/* system-config-change-time: the last Create- or Delete-Printer (0 when none since start). */
time_t system_config_changed(void);

#endif
