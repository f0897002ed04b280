/* What an administrator changes on a printer over IPP, kept in the store so that a restart does not undo it. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_SERVER_PRINTER_KEEP_H
#define IPPD_SERVER_PRINTER_KEEP_H

#include <stdbool.h>

#include <ippd/msg.h>
#include "server.h"

/*
 * One record per printer in the store's key-value table, "printer-keep:NAME":
 *
 * - the administrative state: paused (Pause-Printer, Pause-All-Printers),
 *   holding new jobs, shut down, and printer-is-accepting-jobs
 *   (Enable/Disable-Printer); Startup-Printer clears them;
 * - the values of Set-Printer-Attributes (printer-info, printer-location,
 *   printer-organization, printer-geo-location, printer-message-from-operator,
 *   job-privacy-attributes, job-privacy-scope), each with the value the
 *   printer had from its configuration when it was first changed (its base).
 *
 * At start and after SIGHUP the configuration is applied first, then
 * printer_keep_restore_all(): a kept value whose base is still what the
 * configuration says wins; where the configuration has since changed, the
 * configuration wins and the kept value is dropped.  The latest change wins.
 *
 * Every function takes the system lock itself: call them without it.
 */

/* Saves the printer's administrative state; true once committed (false: logged, and the change stays in memory). */
bool printer_keep_state(printer_t *p);
/* printer_keep_state for every printer (the *-All-Printers operations). */
bool printer_keep_state_all(system_t *sys);

/*
 * Records the values a checked Set-Printer-Attributes group `g` is about to
 * set, before they are applied (so that the bases are the values they
 * replace).  True once committed; false with a sentence in `err`.
 */
bool printer_keep_settings(printer_t *p, const ippd_group_t *g, char *err, size_t errsize);

/* Applies the kept state and values to every printer, after the configuration (start, SIGHUP). */
void printer_keep_restore_all(system_t *sys);

/* Drops the record of a deleted printer. */
void printer_keep_forget(system_t *sys, const char *name);

#endif
