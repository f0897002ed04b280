/* Output devices: where a printer's processed jobs go. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_SERVER_OUTPUT_H
#define IPPD_SERVER_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "server.h"

/*
 * Delivers every document of `job` to the printer's device; called by the
 * worker without the lock.  Stops early (returning true) when the job is
 * canceled meanwhile.  False with a sentence in `error` on failure.
 */
bool output_run(printer_t *p, job_t *job, char *error, size_t errsize);

#endif
