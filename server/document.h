/* Document objects (PWG 5100.7): their state, adding one to a job, and what the store keeps of them. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_SERVER_DOCUMENT_H
#define IPPD_SERVER_DOCUMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "server.h"

/*
 * document-state: a canceled document is canceled; otherwise a document
 * goes through the states of its job (the worker processes a job's
 * documents together).  Caller holds the lock.
 */
int doc_state_locked(const job_t *job, const doc_t *doc);

/* Appends a copy of `doc` to the job's documents; false when out of memory.  Caller holds the lock. */
bool job_add_doc_locked(job_t *job, const doc_t *doc);

/* The document with `number`, or NULL.  Caller holds the lock. */
doc_t *job_find_doc_locked(job_t *job, int number);

/*
 * The fields of a document the store has no column for (canceled, created,
 * document-uri, document-message), as an encoded IPP message in `*blob`
 * (malloc'd, the caller frees).  False when out of memory.
 */
bool doc_blob_encode(const doc_t *doc, uint8_t **blob, size_t *len);

/* Restores what doc_blob_encode() kept; a missing or unreadable blob leaves the defaults. */
void doc_blob_restore(doc_t *doc, const void *blob, size_t len);

#endif
