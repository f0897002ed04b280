/* The file device: each document lands, byte for byte, in the printer's output folder. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "metrics.h"
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

/* The folder of a file: URI: "file:" is the printer's own output folder. */
static const char *folder_of(const char *uri)
{
	const char *rest = uri + 5; /* after "file:" */
	if (strncmp(rest, "//", 2) == 0)
		rest += 2;
	return rest;
}

static bool file_check(const char *uri, char *err, size_t errsize)
{
	const char *dir = folder_of(uri);
	if (dir[0] && dir[0] != '/') {
		snprintf(err, errsize, "device-uri: a file: URI is 'file:' or 'file:///absolute/folder'");
		return false;
	}
	if (strlen(dir) >= PATH_MAX - 64) {
		snprintf(err, errsize, "device-uri: the folder is too long a path");
		return false;
	}
	return true;
}

/*
 * A folder that cannot take documents (removed, unmounted, not writable,
 * full) shows on the printer, printer-state-reasons other-error with the
 * cause in printer-state-message, until a document lands again: the
 * aborted job's job-state-message is seen only by whoever looks at it.
 */
static void folder_failed(printer_t *p, const char *error)
{
	system_lock(p->sys);
	snprintf(p->device_message, sizeof(p->device_message), "The output device failed: %s", error);
	system_unlock(p->sys);
	output_set_reasons(p, PR_OTHER_ERROR, 0);
}

static output_status_t file_run(output_device_t *dev, job_t *job, char *error, size_t errsize)
{
	printer_t *p = dev->p;
	const char *dir = folder_of(dev->uri);
	if (!dir[0])
		dir = p->output_dir;
	for (int i = 0;; i++) {
		output_doc_t doc;
		char dst[PATH_MAX + 64];
		if (!output_doc_get(p, job, i, &doc))
			return OUTPUT_DONE;
		snprintf(dst, sizeof(dst), "%s/job-%d-doc-%d.%s", dir, (int)job->id, doc.number, extension(doc.format));
		/* A hard link is byte-exact and costs no copy; another file system needs a copy. */
		unlink(dst);
		if (link(doc.path, dst) != 0 && !copy_file(doc.path, dst, error, errsize)) {
			metrics_device_error(p);
			folder_failed(p, error);
			return OUTPUT_FAILED;
		}
		log_job(job, LOG_DEBUG, "document %d -> %s", i + 1, dst);
		output_set_reasons(p, 0, PR_OTHER_ERROR);
	}
}

const output_ops_t output_file_ops = {
	.scheme = "file",
	.check = file_check,
	.run = file_run,
};
