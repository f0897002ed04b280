/* Receiving one document: decompress, identify, check and write to the spool folder, in constant memory. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_SERVER_SPOOL_H
#define IPPD_SERVER_SPOOL_H

#include <stddef.h>
#include <stdint.h>

#include "server.h"

typedef struct spool spool_t;

/* Free bytes on the spool's file system that a document may not use up (--spool-reserve). */
#define SPOOL_RESERVE_DEFAULT (64ull << 20)

/*
 * Opens STATE/spool/JOB-DOC for document `number` of job `job_id`.
 * `format` is the declared document-format (application/octet-stream:
 * detect it), `compression` the IPP compression value (NULL or "none":
 * none).  NULL with a sentence in `err` when the file cannot be created.
 */
spool_t *spool_open(system_t *sys, int32_t job_id, int number, const char *format, const char *compression,
                    char *err, size_t errsize);

/* Takes the next bytes as they came from the client.  0, or -1 after which spool_status/-_error say why. */
int spool_write(spool_t *s, const void *data, size_t len);

/*
 * Ends the document: finishes decompression and the format checks, fsyncs
 * the file and its folder, and fills `doc` (path, size, format, pages).
 * 0, or -1 (the file is kept for spool_discard to remove).
 */
int spool_finish(spool_t *s, doc_t *doc);

/* Closes and removes the file, and frees the spool.  NULL does nothing. */
void spool_discard(spool_t *s);

/* Closes (keeping the file) and frees, after a successful spool_finish. */
void spool_close(spool_t *s);

/* Octets written so far (after decompression). */
uint64_t spool_size(const spool_t *s);

/* After a failure: the IPP status to answer with, the job-state-reasons bit, and a sentence. */
uint16_t spool_status(const spool_t *s);
uint32_t spool_reason(const spool_t *s);
const char *spool_error(const spool_t *s);

#endif
