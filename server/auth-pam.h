/* Checking a user name and password with PAM (a service of the system's or of a given folder). */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_SERVER_AUTH_PAM_H
#define IPPD_SERVER_AUTH_PAM_H

#include <stdbool.h>
#include <stddef.h>

/*
 * True when PAM service `service` accepts `user` with `password`
 * (pam_authenticate, then pam_acct_mgmt).  `confdir` NULL or "" reads the
 * service from the system's folder (/etc/pam.d), else from `confdir`.
 * False with PAM's reason in `why`.
 */
bool auth_pam_check(const char *service, const char *confdir, const char *user, const char *password, char *why,
                    size_t whysize);

#endif
