/* The CUPS scheduler's ways that CUPS's own clients (lp, lpstat, cancel, cupsenable, cupsaccept...) expect of a server. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_SERVER_CUPS_COMPAT_H
#define IPPD_SERVER_CUPS_COMPAT_H

#include <stdbool.h>
#include <stddef.h>

#include "ops.h"

/*
 * CUPS's clients, given `-h host:port`, name printers ipp://host/printers/NAME
 * and jobs ipp://host/jobs/ID, post to "/", "/admin/", "/jobs/" or
 * "/printers/NAME", and list printers with CUPS-Get-Printers.  ippd answers
 * them as cupsd would, for what ippd has:
 *
 * - /printers/NAME is another path of printer NAME (the default printer's
 *   name is "ippd"); /jobs/ID is job ID, on whichever printer holds it;
 * - a POST to "/", "/admin", "/jobs" (slash or not) finds its printer from
 *   printer-uri or job-uri, as every POST does;
 * - CUPS-Get-Default and CUPS-Get-Printers answer the default printer and
 *   every printer, CUPS-Get-Classes none; CUPS-Accept-Jobs and CUPS-Reject-Jobs are Enable-Printer
 *   and Disable-Printer.  None is in operations-supported: they are CUPS's
 *   server extensions, not printer operations.
 *
 * Making classes, PPDs, devices and the rest of CUPS's administration are not
 * offered (server-error-operation-not-supported).
 */

/* True for the CUPS resources a POST may name without naming a printer ("/", "/admin/", "/jobs/"). */
bool cups_compat_resource(const char *path);

/* The printer at "/printers/NAME[/]"; NULL otherwise.  With the system lock. */
printer_t *cups_compat_printer_locked(system_t *sys, const char *path, size_t len);

/* The printer holding the job at "/jobs/ID"; NULL otherwise.  With the system lock. */
printer_t *cups_compat_job_printer_locked(system_t *sys, const char *path);

/* The default printer (NULL only while there is none).  With the system lock. */
printer_t *cups_compat_default_locked(system_t *sys);

/* True for CUPS-Get-Default, CUPS-Get-Printers and CUPS-Get-Classes: they name no printer. */
bool cups_compat_needs_no_target(uint16_t op);

/* CUPS-Get-Classes: ippd has no classes, so an empty list. */
void op_cups_get_classes(request_t *r);
void op_cups_get_default(request_t *r);
void op_cups_get_printers(request_t *r);
void op_cups_accept_jobs(request_t *r);
void op_cups_reject_jobs(request_t *r);

#endif
