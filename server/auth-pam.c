/* Checking a user name and password with PAM (a service of the system's or of a given folder). */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <security/pam_appl.h>

#include "auth-pam.h"

/* The conversation: PAM asks, we answer with what the Basic header held. */
typedef struct pam_answers {
	const char *user;
	const char *password;
} pam_answers_t;

static int converse(int n, const struct pam_message **msg, struct pam_response **resp, void *data)
{
	const pam_answers_t *ans = data;
	if (n <= 0 || n > PAM_MAX_NUM_MSG)
		return PAM_CONV_ERR;
	struct pam_response *r = calloc((size_t)n, sizeof(*r));
	if (!r)
		return PAM_BUF_ERR;
	for (int i = 0; i < n; i++) {
		const char *answer = NULL;
		switch (msg[i]->msg_style) {
		case PAM_PROMPT_ECHO_OFF:
			answer = ans->password;
			break;
		case PAM_PROMPT_ECHO_ON:
			answer = ans->user;
			break;
		default:
			/* PAM_ERROR_MSG and PAM_TEXT_INFO need no answer. */
			continue;
		}
		r[i].resp = strdup(answer);
		if (!r[i].resp) {
			for (int k = 0; k < i; k++)
				free(r[k].resp);
			free(r);
			return PAM_BUF_ERR;
		}
	}
	*resp = r;
	return PAM_SUCCESS;
}

bool auth_pam_check(const char *service, const char *confdir, const char *user, const char *password, char *why,
                    size_t whysize)
{
	pam_answers_t ans = {.user = user, .password = password};
	struct pam_conv conv = {.conv = converse, .appdata_ptr = &ans};
	pam_handle_t *h = NULL;
	int rc = confdir && confdir[0] ? pam_start_confdir(service, user, &conv, confdir, &h)
	                               : pam_start(service, user, &conv, &h);
	if (rc != PAM_SUCCESS) {
		snprintf(why, whysize, "pam_start(%s): %s", service, h ? pam_strerror(h, rc) : "failed");
		if (h)
			pam_end(h, rc);
		return false;
	}
	rc = pam_authenticate(h, PAM_SILENT | PAM_DISALLOW_NULL_AUTHTOK);
	if (rc == PAM_SUCCESS)
		rc = pam_acct_mgmt(h, PAM_SILENT | PAM_DISALLOW_NULL_AUTHTOK);
	if (rc != PAM_SUCCESS)
		snprintf(why, whysize, "%s", pam_strerror(h, rc));
	pam_end(h, rc);
	return rc == PAM_SUCCESS;
}
