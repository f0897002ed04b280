/* Setting up and tearing down the system object. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_SERVER_SYSTEM_H
#define IPPD_SERVER_SYSTEM_H

#include <stdbool.h>
#include <stddef.h>

#include "server.h"

/* Creates the state folder's layout (spool/, output/) and opens the store (STATE/ippd.db). */
bool system_init(system_t *sys, const char *state_dir, char *err, size_t errsize);

/* Adds a printer ("ippd" at /ipp/print when is_default, else /ipp/print/NAME); NULL with `err` on failure. */
printer_t *system_add_printer(system_t *sys, const char *name, bool is_default, const printer_caps_t *caps,
                              char *err, size_t errsize);

/* Loads every job from the store into its printer; jobs caught processing return to pending. */
bool system_load(system_t *sys, char *err, size_t errsize);

/* Stops the workers (after their current job) and waits for them. */
void system_stop(system_t *sys);

/* Frees everything; the store is closed. */
void system_free(system_t *sys);

/*
 * A copy of the printer list (`*n` of them), to walk without the lock; NULL
 * when out of memory.  Free it with free().  Printers are never freed while
 * ippd runs (deleted ones are retired), so the pointers stay valid.
 */
printer_t **system_printers_copy(system_t *sys, size_t *n);

/* A new random "urn:uuid:..." (RFC 4122 version 4). */
void system_uuid(char *buf, size_t size);

#endif
