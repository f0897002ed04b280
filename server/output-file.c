/* The file device: each document lands, byte for byte, in the printer's output folder. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "output.h"

/* A file extension people recognise for a document format. */
static const char *extension(const char *format)
{
	static const struct {
		const char *format, *ext;
	} map[] = {
		{"application/pdf", "pdf"},  {"image/jpeg", "jpg"},           {"image/pwg-raster", "pwg"},
		{"image/urf", "urf"},        {"text/plain", "txt"},           {"application/postscript", "ps"},
		{"image/png", "png"},
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(format, map[i].format) == 0)
			return map[i].ext;
	return "bin";
}

/* Copies src to dst with copy_file_range, falling back to read/write; then fsyncs dst. */
static bool copy_file(const char *src, const char *dst, char *error, size_t errsize)
{
	int in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0) {
		snprintf(error, errsize, "cannot open the spooled document: %s", strerror(errno));
		return false;
	}
	int out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
	if (out < 0) {
		snprintf(error, errsize, "cannot create %s: %s", dst, strerror(errno));
		close(in);
		return false;
	}
	bool ok = true;
	for (;;) {
		ssize_t n = copy_file_range(in, NULL, out, NULL, 1 << 30, 0);
		if (n > 0)
			continue;
		if (n == 0)
			break;
		if (errno != EXDEV && errno != ENOSYS && errno != EINVAL) {
			ok = false;
			break;
		}
		char buf[65536];
		ssize_t r;
		while ((r = read(in, buf, sizeof(buf))) > 0)
			if (write(out, buf, (size_t)r) != r) {
				ok = false;
				break;
			}
		ok = ok && r == 0;
		break;
	}
	if (ok && fsync(out) != 0)
		ok = false;
	if (!ok)
		snprintf(error, errsize, "cannot write %s: %s", dst, strerror(errno));
	close(out);
	close(in);
	return ok;
}

bool output_run(printer_t *p, job_t *job, char *error, size_t errsize)
{
	system_t *sys = p->sys;
	for (int i = 0;; i++) {
		char src[PATH_MAX], dst[PATH_MAX + 64];
		system_lock(sys);
		bool more = i < job->n_docs && !job->cancel_requested;
		if (more) {
			snprintf(src, sizeof(src), "%s", job->docs[i].path);
			snprintf(dst, sizeof(dst), "%s/job-%d-doc-%d.%s", p->output_dir, (int)job->id, job->docs[i].number,
			         extension(job->docs[i].format));
		}
		system_unlock(sys);
		if (!more)
			return true;
		/* A hard link is byte-exact and costs no copy; another file system needs a copy. */
		unlink(dst);
		if (link(src, dst) != 0 && !copy_file(src, dst, error, errsize))
			return false;
		log_job(job, LOG_DEBUG, "document %d -> %s", i + 1, dst);
	}
}
