/* Output devices: the scheme table, opening a printer's device, and the helpers every device shares. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "output.h"
#include "subscription.h"

static const output_ops_t *const devices[] = {
	&output_file_ops, &output_ipp_ops, &output_ipps_ops, &output_socket_ops, &output_command_ops,
};

/* The device for `uri` by its scheme (the text before the first ':'); "" is the file device. */
static const output_ops_t *ops_for(const char *uri)
{
	if (!uri[0])
		return &output_file_ops;
	const char *colon = strchr(uri, ':');
	if (!colon)
		return NULL;
	size_t n = (size_t)(colon - uri);
	for (size_t i = 0; i < sizeof(devices) / sizeof(devices[0]); i++)
		if (strlen(devices[i]->scheme) == n && strncasecmp(uri, devices[i]->scheme, n) == 0)
			return devices[i];
	return NULL;
}

bool output_check_uri(const char *uri, char *err, size_t errsize)
{
	const output_ops_t *ops = ops_for(uri);
	if (!ops) {
		const char *colon = strchr(uri, ':');
		int n = colon ? (int)(colon - uri) : 0;
		if (colon)
			snprintf(err, errsize, "device-uri: unknown scheme '%.*s' (file, ipp, ipps, socket, command)",
			         n > 32 ? 32 : n, uri);
		else
			snprintf(err, errsize, "device-uri: '%.64s' has no scheme (file:, ipp://, ipps://, socket://, command:)",
			         uri);
		return false;
	}
	for (const char *s = uri; *s; s++)
		if ((unsigned char)*s <= ' ' || *s == 0x7f) {
			snprintf(err, errsize, "device-uri: spaces and control characters are not allowed in a URI");
			return false;
		}
	return ops->check(uri, err, errsize);
}

static void device_close(printer_t *p)
{
	output_device_t *dev = p->device;
	if (!dev)
		return;
	if (dev->ops->close)
		dev->ops->close(dev);
	free(dev);
	p->device = NULL;
}

/* The printer's open device, (re)opened when its configuration changed (SIGHUP); NULL when out of memory. */
static output_device_t *device_get(printer_t *p)
{
	char uri[sizeof(p->device_uri)];
	system_lock(p->sys);
	snprintf(uri, sizeof(uri), "%s", p->device_uri);
	int timeout = p->device_timeout > 0 ? p->device_timeout : OUTPUT_DEFAULT_TIMEOUT;
	int retries = p->device_retries >= 0 ? p->device_retries : OUTPUT_DEFAULT_RETRIES;
	char ca_file[sizeof(p->device_ca_file)], pinned_key[sizeof(p->device_pinned_key)];
	snprintf(ca_file, sizeof(ca_file), "%s", p->device_ca_file);
	snprintf(pinned_key, sizeof(pinned_key), "%s", p->device_pinned_key);
	system_unlock(p->sys);

	output_device_t *dev = p->device;
	if (dev && strcmp(dev->uri, uri) == 0 && dev->timeout == timeout && dev->retries == retries &&
	    strcmp(dev->ca_file, ca_file) == 0 && strcmp(dev->pinned_key, pinned_key) == 0)
		return dev;
	device_close(p);
	const output_ops_t *ops = ops_for(uri);
	if (!ops) /* checked at start-up; a bad URI cannot get here */
		ops = &output_file_ops;
	dev = calloc(1, sizeof(*dev));
	if (!dev)
		return NULL;
	dev->ops = ops;
	dev->p = p;
	snprintf(dev->uri, sizeof(dev->uri), "%s", uri);
	dev->timeout = timeout;
	dev->retries = retries;
	snprintf(dev->ca_file, sizeof(dev->ca_file), "%s", ca_file);
	snprintf(dev->pinned_key, sizeof(dev->pinned_key), "%s", pinned_key);
	if (ops->open && !ops->open(dev)) {
		free(dev);
		return NULL;
	}
	p->device = dev;
	log_printer(p, LOG_DEBUG, "device %s", uri[0] ? uri : "file:");
	return dev;
}

output_status_t output_run(printer_t *p, job_t *job, char *error, size_t errsize)
{
	output_device_t *dev = device_get(p);
	if (!dev) {
		snprintf(error, errsize, "out of memory opening the device");
		return OUTPUT_FAILED;
	}
	return dev->ops->run(dev, job, error, errsize);
}

void output_idle(printer_t *p)
{
	output_device_t *dev = device_get(p);
	if (dev && dev->ops->idle)
		dev->ops->idle(dev);
}

void output_printer_free(printer_t *p)
{
	device_close(p);
}

void output_retired_free(printer_t *p)
{
	for (size_t i = 0; i < p->n_retired; i++)
		ippd_msg_free(p->retired_attrs[i]);
	p->n_retired = 0;
}

/* ------------------------------------------------------------------ */
/* Shared helpers                                                     */
/* ------------------------------------------------------------------ */

bool output_interrupted(printer_t *p, job_t *job)
{
	system_lock(p->sys);
	bool stop = p->sys->stopping || (job && (job->cancel_requested || job_is_terminal(job)));
	system_unlock(p->sys);
	return stop;
}

bool output_stopping(printer_t *p)
{
	system_lock(p->sys);
	bool stop = p->sys->stopping;
	system_unlock(p->sys);
	return stop;
}

bool output_sleep(printer_t *p, job_t *job, long ms)
{
	/* Cancel-Job does not signal the worker, so the wait is cut in slices of 100 ms. */
	while (ms > 0) {
		if (output_interrupted(p, job))
			return false;
		long slice = ms < 100 ? ms : 100;
		struct timespec ts = {slice / 1000, (slice % 1000) * 1000000L};
		while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
			;
		ms -= slice;
	}
	return !output_interrupted(p, job);
}

/* The length of the UTF-8 sequence at s (n bytes left) and its code point; 0 when invalid. */
static size_t utf8_char(const unsigned char *s, size_t n, uint32_t *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	size_t len = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc0 ? 2 : 0;
	if (len == 0 || len > n || s[0] > 0xf4)
		return 0;
	uint32_t c = s[0] & (0x7f >> len);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	static const uint32_t min[5] = {0, 0, 0x80, 0x800, 0x10000};
	if (c < min[len] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

char *output_clean_text(char *dst, size_t size, const char *src, size_t len)
{
	if (!size)
		return dst;
	size_t o = 0;
	const unsigned char *s = (const unsigned char *)(src ? src : "");
	if (!src)
		len = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = utf8_char(s + i, len - i, &cp);
		if (n == 0) {
			/* Not UTF-8: one '?' for the bad byte. */
			if (o + 2 > size)
				break;
			dst[o++] = '?';
			i++;
			continue;
		}
		if (cp == 0x1b && i + 1 < len && s[i + 1] == '[') {
			/* An ANSI control sequence (ESC [ parameters final-byte) goes whole, not just its ESC. */
			i += 2;
			while (i < len && s[i] >= 0x20 && s[i] <= 0x3f)
				i++;
			if (i < len && s[i] >= 0x40 && s[i] <= 0x7e)
				i++;
			continue;
		}
		if (cp == '\t' || cp == '\n' || cp == '\r') {
			if (o + 2 > size)
				break;
			if (o && dst[o - 1] != ' ')
				dst[o++] = ' ';
		} else if (cp >= 0x20 && cp != 0x7f && !(cp >= 0x80 && cp <= 0x9f)) {
			if (o + n + 1 > size)
				break;
			memcpy(dst + o, s + i, n);
			o += n;
		}
		i += n;
	}
	while (o && dst[o - 1] == ' ')
		o--;
	dst[o] = '\0';
	return dst;
}

static const char *const reason_words[PR_COUNT] = {
	"paused", "moving-to-paused", "identify-printer-requested", "hold-new-jobs", "connecting-to-device",
	"offline-report", "other-error",
};

void output_set_reasons(printer_t *p, uint32_t set, uint32_t clear)
{
	system_lock(p->sys);
	uint32_t old = p->reasons;
	p->reasons = (p->reasons & ~clear) | set;
	uint32_t changed = old ^ p->reasons;
	if (changed)
		p->state_change_time = time(NULL);
	for (unsigned i = 0; i < PR_COUNT; i++)
		if (changed & (1u << i))
			log_printer(p, LOG_INFO, "printer-state-reasons %c%s", (p->reasons & (1u << i)) ? '+' : '-',
			            reason_words[i] ? reason_words[i] : "(another reason)");
	system_unlock(p->sys);
}

void output_set_device_reasons(printer_t *p, const device_reasons_t *r)
{
	system_lock(p->sys);
	device_reasons_t old = p->device_reasons;
	if (device_reasons_equal(&old, r)) {
		system_unlock(p->sys);
		return;
	}
	p->device_reasons = *r;
	p->state_change_time = time(NULL);
	char was[64], now[64];
	for (unsigned i = 0; i < device_reason_count(); i++) {
		uint32_t bit = 1u << i;
		device_reason_keyword(&old, i, was, sizeof(was));
		device_reason_keyword(r, i, now, sizeof(now));
		if ((old.set & bit) && (!(r->set & bit) || strcmp(was, now) != 0))
			log_printer(p, LOG_INFO, "the device no longer reports %s", was);
		if ((r->set & bit) && (!(old.set & bit) || strcmp(was, now) != 0))
			log_printer(p, LOG_INFO, "the device reports %s", now);
	}
	sub_printer_state_locked(p);
	system_unlock(p->sys);
}

bool output_doc_get(printer_t *p, job_t *job, int i, output_doc_t *doc)
{
	system_lock(p->sys);
	/* The i-th document not canceled (Cancel-Document): every device skips those alike. */
	int k = 0;
	for (int live = -1; k < job->n_docs; k++)
		if (!job->docs[k].canceled && ++live == i)
			break;
	bool ok = k < job->n_docs && !job->cancel_requested && !job_is_terminal(job);
	if (ok) {
		doc->number = job->docs[k].number;
		snprintf(doc->path, sizeof(doc->path), "%s", job->docs[k].path);
		snprintf(doc->format, sizeof(doc->format), "%s", job->docs[k].format);
		snprintf(doc->name, sizeof(doc->name), "%s", job->docs[k].name);
		doc->size = job->docs[k].size;
	}
	system_unlock(p->sys);
	return ok;
}
