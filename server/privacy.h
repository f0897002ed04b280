/* Job privacy (job-privacy-attributes, job-privacy-scope): which job attributes a requester may see. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_SERVER_PRIVACY_H
#define IPPD_SERVER_PRIVACY_H

#include <stdbool.h>

#include <ippd/codec.h>

#include "request.h"

/*
 * True when attribute `attr` of `job` is hidden from the user `viewer`
 * (with ROLE_* bits `viewer_roles`) by its printer's privacy settings.
 * For notifications too: pass the subscriber's name and roles.  Caller
 * holds the system lock.
 */
bool privacy_hides_locked(const job_t *job, const char *viewer, unsigned viewer_roles, const char *attr);

/* Removes from `g` (the attributes of `job` being returned) what r->user may not see.  Caller holds the lock. */
void privacy_strip_locked(const request_t *r, const job_t *job, ippd_group_t *g);

#endif
