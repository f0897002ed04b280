/* Document objects (PWG 5100.7): their state, adding one to a job, and what the store keeps of them. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ippd/codec.h>

#include "document.h"

int doc_state_locked(const job_t *job, const doc_t *doc)
{
	if (doc->canceled)
		return IPPD_DOCUMENT_STATE_CANCELED;
	switch (job->state) {
	case IPPD_JOB_STATE_PROCESSING:
		return IPPD_DOCUMENT_STATE_PROCESSING;
	case IPPD_JOB_STATE_PROCESSING_STOPPED:
		return IPPD_DOCUMENT_STATE_PROCESSING_STOPPED;
	case IPPD_JOB_STATE_CANCELED:
		return IPPD_DOCUMENT_STATE_CANCELED;
	case IPPD_JOB_STATE_ABORTED:
		return IPPD_DOCUMENT_STATE_ABORTED;
	case IPPD_JOB_STATE_COMPLETED:
		return IPPD_DOCUMENT_STATE_COMPLETED;
	default:
		return IPPD_DOCUMENT_STATE_PENDING;
	}
}

bool job_add_doc_locked(job_t *job, const doc_t *doc)
{
	if (job->n_docs == job->cap_docs) {
		int cap = job->cap_docs ? job->cap_docs * 2 : 2;
		doc_t *docs = realloc(job->docs, (size_t)cap * sizeof(*docs));
		if (!docs)
			return false;
		job->docs = docs;
		job->cap_docs = cap;
	}
	job->docs[job->n_docs++] = *doc;
	if (doc->pages > 0)
		job->impressions += doc->pages;
	return true;
}

doc_t *job_find_doc_locked(job_t *job, int number)
{
	for (int i = 0; i < job->n_docs; i++)
		if (job->docs[i].number == number)
			return &job->docs[i];
	return NULL;
}

bool doc_blob_encode(const doc_t *doc, uint8_t **blob, size_t *len)
{
	*blob = NULL;
	*len = 0;
	ippd_msg_t *m = ippd_msg_new();
	ippd_group_t *g = m ? ippd_msg_add_group(m, IPPD_TAG_DOCUMENT) : NULL;
	bool ok = g && ippd_group_add_boolean(g, "canceled", doc->canceled) &&
	          ippd_group_add_integer(g, IPPD_TAG_INTEGER, "created", (int32_t)doc->created) &&
	          ippd_group_add_string(g, IPPD_TAG_URI, "document-uri", doc->uri) &&
	          ippd_group_add_string(g, IPPD_TAG_TEXT, "document-message", doc->message) &&
	          ippd_msg_encode_alloc(m, blob, len) == IPPD_OK;
	ippd_msg_free(m);
	return ok;
}

void doc_blob_restore(doc_t *doc, const void *blob, size_t len)
{
	if (!blob || !len)
		return;
	ippd_limits_t lim;
	ippd_limits_response(&lim);
	ippd_msg_t *m = ippd_msg_decode(blob, len, &lim, NULL, NULL);
	ippd_group_t *g = m ? ippd_msg_find_group(m, IPPD_TAG_DOCUMENT) : NULL;
	if (!g) {
		ippd_msg_free(m);
		return;
	}
	const char *s;
	doc->canceled = ippd_attr_get_boolean(ippd_group_find(g, "canceled"), 0);
	doc->created = (time_t)ippd_attr_get_integer(ippd_group_find(g, "created"), 0);
	if ((s = ippd_attr_get_string(ippd_group_find(g, "document-uri"), 0, NULL)))
		snprintf(doc->uri, sizeof(doc->uri), "%s", s);
	if ((s = ippd_attr_get_string(ippd_group_find(g, "document-message"), 0, NULL)))
		snprintf(doc->message, sizeof(doc->message), "%s", s);
	ippd_msg_free(m);
}
