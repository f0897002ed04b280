/* Print-URI and Send-URI (RFC 8011 §4.2.2, §4.3.2): the checks at request time; uri-fetch.c fetches. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <stdio.h>
#include <string.h>

#include "ops.h"
#include "uri-fetch.h"

bool print_uri_available(const printer_t *p)
{
	return uri_policy_enabled(&p->uri_policy);
}

/*
 * document-uri against the printer's policy, before a job exists: a scheme
 * it does not fetch, a host not listed, a file outside its folder are
 * refused now with their own status.  `path` gets a file's resolved path.
 */
static const char *check_uri(request_t *r, char *path, size_t pathsize)
{
	const ippd_attr_t *u = ops_op_attr(r, "document-uri", IPPD_TAG_URI);
	if (!u) {
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "%s needs document-uri.", ippd_op_name(r->op));
		return NULL;
	}
	const char *uri = ippd_attr_get_string(u, 0, NULL);
	char why[300];
	system_lock(r->sys);
	uri_policy_t pol = r->printer->uri_policy;
	system_unlock(r->sys);
	uint16_t st = uri_policy_check(&pol, uri, path, pathsize, why, sizeof(why));
	if (st != IPPD_STATUS_SUCCESSFUL_OK) {
		ipp_respond(r, st, "%s", why);
		if (st == IPPD_STATUS_CLIENT_ERROR_URI_SCHEME_NOT_SUPPORTED)
			ippd_group_copy_attr(ippd_msg_get_group(r->resp, IPPD_TAG_UNSUPPORTED_GROUP), u, NULL);
		return NULL;
	}
	return uri;
}

/* The document-name, else the job's name. */
static const char *doc_name(const request_t *r, const job_t *job)
{
	const ippd_attr_t *n = ops_op_attr(r, "document-name", IPPD_TAG_NAME);
	if (!n)
		n = ops_op_attr(r, "document-name", IPPD_TAG_NAME_LANG);
	return n ? ippd_attr_get_string(n, 0, NULL) : job->name;
}

/* Queues the fetch; on failure the job is aborted.  Then the job is saved and its status answered. */
static void queue_and_answer(request_t *r, job_t *job, const char *uri, const char *path, bool last)
{
	system_lock(r->sys);
	uri_fetch_req_t fr = {
		.uri = uri,
		.path = path,
		.format = job_ipp_request_format(r),
		.compression = job_ipp_request_compression(r),
		.name = doc_name(r, job),
		.last = last,
	};
	bool queued = uri_fetch_queue_locked(job, &fr);
	if (!queued) {
		snprintf(job->message, sizeof(job->message), "The document could not be queued for fetching.");
		job_enter_state_locked(job, IPPD_JOB_STATE_ABORTED, JR_ABORTED_BY_SYSTEM, JR_JOB_INCOMING);
	}
	system_unlock(r->sys);
	if (!job_save(r->sys, job) || !queued) {
		ipp_respond(r, IPPD_STATUS_SERVER_ERROR_INTERNAL_ERROR, "The job could not be %s.",
		            queued ? "saved" : "queued");
		return;
	}
	system_lock(r->sys);
	ops_add_job_status_locked(r, job);
	system_unlock(r->sys);
}

/* Print-URI: a job whose one document the printer fetches itself, in the background. */
void op_print_uri(request_t *r)
{
	char path[PATH_MAX];
	const char *uri = check_uri(r, path, sizeof(path));
	if (!uri || !job_ipp_check_request(r))
		return;
	job_t *job = job_ipp_create(r);
	if (job)
		queue_and_answer(r, job, uri, path, true);
}

/* Send-URI: the next document of an open job, fetched like Print-URI's. */
void op_send_uri(request_t *r)
{
	const ippd_attr_t *last = ops_op_attr(r, "last-document", IPPD_TAG_BOOLEAN);
	if (!last) {
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST, "Send-URI needs last-document.");
		return;
	}
	char path[PATH_MAX];
	const char *uri = check_uri(r, path, sizeof(path));
	if (!uri)
		return;
	char message[256] = "";
	uint16_t st = printer_check_job_template(ippd_msg_first_group(r->printer->static_attrs), r->req, true, r->resp,
	                                         message, sizeof(message));
	if (st >= 0x0400) {
		ipp_respond(r, st, "%s", message);
		return;
	}
	if (job_ipp_take_open(r))
		queue_and_answer(r, r->job, uri, path, ippd_attr_get_boolean(last, 0));
}
