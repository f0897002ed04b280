/* Receiving one document: the chain inflate -> sniff -> format checker -> spool file, one chunk at a time. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "docformat.h"
#include "inflate.h"
#include "spool.h"

struct spool {
	system_t *sys;
	int fd;
	char path[PATH_MAX];
	char declared[128];
	char format[128];
	char compression[16];
	inflater_t *inflater;
	pwg_checker_t *raster;
	jpeg_checker_t *jpeg;
	pdf_checker_t *pdf;
	bool decided;               /* the format is known and checkers are set up */
	uint8_t head[DOCFORMAT_SNIFF_TEXT];
	size_t head_len;
	uint64_t size;
	uint64_t written;           /* bytes in the file */
	uint64_t next_room_check;   /* `written` at which the free space is looked at again */
	bool failed;
	uint16_t status;
	uint32_t reason;
	char error[300];
};

__attribute__((format(printf, 4, 5))) static int spool_fail(spool_t *s, uint16_t status, uint32_t reason,
                                                           const char *fmt, ...)
{
	if (s->failed)
		return -1;
	s->failed = true;
	s->status = status;
	s->reason = reason;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->error, sizeof(s->error), fmt, ap);
	va_end(ap);
	return -1;
}

spool_t *spool_open(system_t *sys, int32_t job_id, int number, const char *format, const char *compression,
                    char *err, size_t errsize)
{
	spool_t *s = calloc(1, sizeof(*s));
	if (!s) {
		snprintf(err, errsize, "out of memory");
		return NULL;
	}
	s->sys = sys;
	snprintf(s->declared, sizeof(s->declared), "%s", format);
	snprintf(s->format, sizeof(s->format), "%s", format);
	snprintf(s->compression, sizeof(s->compression), "%s", compression ? compression : "none");
	if (compression && strcmp(compression, "none") != 0) {
		s->inflater = inflater_new(compression, sys->max_document_size);
		if (!s->inflater) {
			snprintf(err, errsize, "cannot decompress '%s'", compression);
			free(s);
			return NULL;
		}
	}
	int n = snprintf(s->path, sizeof(s->path), "%s/%d-%d", sys->spool_dir, (int)job_id, number);
	s->fd = n < 0 || (size_t)n >= sizeof(s->path) ? -1 : open(s->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	if (s->fd < 0) {
		snprintf(err, errsize, "cannot create %s: %s", s->path, strerror(errno));
		inflater_free(s->inflater);
		free(s);
		return NULL;
	}
	return s;
}

/*
 * RFC 8011 section 13.1.5.6 names "a disk overflow" as a cause of
 * server-error-temporary-error: the client may try again later, once space
 * is freed.  Other write errors are internal errors.
 */
static uint16_t write_status(int err)
{
	return err == ENOSPC || err == EDQUOT ? IPPD_STATUS_SERVER_ERROR_TEMPORARY_ERROR
	                                      : IPPD_STATUS_SERVER_ERROR_INTERNAL_ERROR;
}

/*
 * Keeps sys->spool_reserve bytes free on the spool's file system, so that a
 * huge (or decompression-bomb) document cannot leave the job store without
 * room.  The free space is looked at before the first write and then again
 * before half of what was left above the reserve can have been used, at most
 * every 4 MiB: the reserve is never crossed, at one fstatvfs per 4 MiB.
 */
static int keep_room(spool_t *s, size_t n)
{
	uint64_t reserve = s->sys->spool_reserve;
	if (reserve == 0 || s->written + n <= s->next_room_check)
		return 0;
	struct statvfs vfs;
	if (fstatvfs(s->fd, &vfs) != 0)
		return 0; /* no answer: the write itself will tell */
	uint64_t avail = (uint64_t)vfs.f_bavail * (uint64_t)vfs.f_frsize;
	if (avail < reserve || avail - reserve < n)
		return spool_fail(s, IPPD_STATUS_SERVER_ERROR_TEMPORARY_ERROR, JR_ABORTED_BY_SYSTEM,
		                  "The spool is full: the document would leave less than the %llu bytes that "
		                  "must stay free (--spool-reserve); try again later.",
		                  (unsigned long long)reserve);
	uint64_t slack = (avail - reserve) / 2;
	s->next_room_check = s->written + (slack < 4u << 20 ? slack : 4u << 20);
	return 0;
}

static int write_all(spool_t *s, const uint8_t *p, size_t n)
{
	if (keep_room(s, n) != 0)
		return -1;
	s->written += n;
	while (n > 0) {
		ssize_t w = write(s->fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return spool_fail(s, write_status(errno), JR_ABORTED_BY_SYSTEM,
			                  "Cannot write the document to the spool: %s", strerror(errno));
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Feeds the format checker for the decided format. */
static int check(spool_t *s, const void *p, size_t n)
{
	if (s->raster && pwg_checker_feed(s->raster, p, n) != 0)
		return spool_fail(s, IPPD_STATUS_CLIENT_ERROR_DOCUMENT_FORMAT_ERROR, JR_DOCUMENT_FORMAT_ERROR, "%s",
		                  pwg_checker_error(s->raster));
	if (s->jpeg && jpeg_checker_feed(s->jpeg, p, n) < 0)
		return spool_fail(s, IPPD_STATUS_CLIENT_ERROR_DOCUMENT_FORMAT_ERROR, JR_DOCUMENT_FORMAT_ERROR, "%s",
		                  jpeg_checker_error(s->jpeg));
	if (s->pdf && pdf_checker_feed(s->pdf, p, n) != 0)
		return spool_fail(s, IPPD_STATUS_CLIENT_ERROR_DOCUMENT_FORMAT_ERROR, JR_DOCUMENT_FORMAT_ERROR, "%s",
		                  pdf_checker_error(s->pdf));
	return 0;
}

/*
 * Decides the format from the first bytes: octet-stream becomes what they
 * prove; a declared format they contradict is a document-format-error.
 * Then the buffered head goes through the checker and to the file.
 */
static int decide(spool_t *s)
{
	s->decided = true;
	const char *seen = docformat_sniff(s->head, s->head_len);
	bool auto_detect = strcmp(s->declared, "application/octet-stream") == 0;
	if (auto_detect && seen)
		snprintf(s->format, sizeof(s->format), "%s", seen);
	else if (!auto_detect && seen && strcmp(seen, s->declared) != 0)
		return spool_fail(s, IPPD_STATUS_CLIENT_ERROR_DOCUMENT_FORMAT_ERROR, JR_DOCUMENT_FORMAT_ERROR,
		                  "The document is %s, not %s as document-format says.", seen, s->declared);
	if (strcmp(s->format, "image/pwg-raster") == 0)
		s->raster = pwg_checker_new(PWG_CHECKER_PWG_RASTER);
	else if (strcmp(s->format, "image/urf") == 0)
		s->raster = pwg_checker_new(PWG_CHECKER_URF);
	else if (strcmp(s->format, "image/jpeg") == 0)
		s->jpeg = jpeg_checker_new();
	else if (strcmp(s->format, "application/pdf") == 0)
		s->pdf = pdf_checker_new();
	if (check(s, s->head, s->head_len) != 0)
		return -1;
	return write_all(s, s->head, s->head_len);
}

/* Decompressed (or plain) document bytes. */
static int take(void *ctx, const void *data, size_t len)
{
	spool_t *s = ctx;
	const uint8_t *p = data;
	if (s->failed)
		return -1;
	if (s->sys->max_document_size && s->size + len > s->sys->max_document_size)
		return spool_fail(s, IPPD_STATUS_CLIENT_ERROR_REQUEST_ENTITY_TOO_LARGE, JR_ABORTED_BY_SYSTEM,
		                  "The document is larger than the %zu bytes this printer accepts.",
		                  s->sys->max_document_size);
	s->size += len;
	if (!s->decided) {
		size_t room = sizeof(s->head) - s->head_len;
		size_t n = len < room ? len : room;
		memcpy(s->head + s->head_len, p, n);
		s->head_len += n;
		p += n;
		len -= n;
		if (s->head_len < sizeof(s->head))
			return 0;
		if (decide(s) != 0)
			return -1;
	}
	if (len == 0)
		return 0;
	if (check(s, p, len) != 0)
		return -1;
	return write_all(s, p, len);
}

int spool_write(spool_t *s, const void *data, size_t len)
{
	if (s->failed)
		return -1;
	if (!s->inflater)
		return take(s, data, len);
	if (inflater_feed(s->inflater, data, len, take, s) != 0)
		return spool_fail(s, IPPD_STATUS_CLIENT_ERROR_COMPRESSION_ERROR, JR_COMPRESSION_ERROR,
		                  "The document's %s compression is broken: %s", s->compression,
		                  inflater_error(s->inflater));
	return 0;
}

int spool_finish(spool_t *s, doc_t *doc)
{
	if (s->failed)
		return -1;
	if (s->inflater && inflater_finish(s->inflater, take, s) != 0)
		return spool_fail(s, IPPD_STATUS_CLIENT_ERROR_COMPRESSION_ERROR, JR_COMPRESSION_ERROR,
		                  "The document's %s compression is broken: %s", s->compression,
		                  inflater_error(s->inflater));
	if (!s->decided && s->size > 0 && decide(s) != 0)
		return -1;
	if (s->raster && pwg_checker_finish(s->raster) != 0)
		return spool_fail(s, IPPD_STATUS_CLIENT_ERROR_DOCUMENT_FORMAT_ERROR, JR_DOCUMENT_FORMAT_ERROR, "%s",
		                  pwg_checker_error(s->raster));
	if (s->jpeg && jpeg_checker_finish(s->jpeg) != 0)
		return spool_fail(s, IPPD_STATUS_CLIENT_ERROR_DOCUMENT_FORMAT_ERROR, JR_DOCUMENT_FORMAT_ERROR, "%s",
		                  jpeg_checker_error(s->jpeg));
	if (s->pdf && pdf_checker_finish(s->pdf) != 0)
		return spool_fail(s, IPPD_STATUS_CLIENT_ERROR_DOCUMENT_FORMAT_ERROR, JR_DOCUMENT_FORMAT_ERROR, "%s",
		                  pdf_checker_error(s->pdf));
	/* Durable before the client hears "successful-ok": the bytes, then the folder entry. */
	if (fsync(s->fd) != 0)
		return spool_fail(s, write_status(errno), JR_ABORTED_BY_SYSTEM, "Cannot save the document: %s",
		                  strerror(errno));
	int dir = open(s->sys->spool_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dir >= 0) {
		fsync(dir);
		close(dir);
	}
	memset(doc, 0, sizeof(*doc));
	snprintf(doc->path, sizeof(doc->path), "%s", s->path);
	snprintf(doc->format, sizeof(doc->format), "%s", s->format);
	snprintf(doc->compression, sizeof(doc->compression), "%s", s->compression);
	doc->size = (int64_t)s->size;
	doc->pages = s->raster ? pwg_checker_pages(s->raster) : s->pdf ? pdf_checker_pages(s->pdf) : -1;
	return 0;
}

static void spool_free(spool_t *s)
{
	if (s->fd >= 0)
		close(s->fd);
	inflater_free(s->inflater);
	pwg_checker_free(s->raster);
	jpeg_checker_free(s->jpeg);
	pdf_checker_free(s->pdf);
	free(s);
}

void spool_discard(spool_t *s)
{
	if (!s)
		return;
	unlink(s->path);
	spool_free(s);
}

void spool_close(spool_t *s)
{
	if (s)
		spool_free(s);
}

uint64_t spool_size(const spool_t *s)
{
	return s->size;
}

uint16_t spool_status(const spool_t *s)
{
	return s->status;
}

uint32_t spool_reason(const spool_t *s)
{
	return s->reason;
}

const char *spool_error(const spool_t *s)
{
	return s->error;
}
