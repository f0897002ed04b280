/* Logging for the print service: timestamps, levels, and escaping so input cannot forge log lines. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <ippd/validate.h>

#include "log.h"

static log_level_t max_level = LOG_INFO;

void log_set_level(log_level_t level)
{
	max_level = level;
}

bool log_parse_level(const char *s, log_level_t *level)
{
	static const char *const names[] = {"error", "warn", "info", "debug"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(s, names[i]) == 0) {
			*level = (log_level_t)i;
			return true;
		}
	}
	return false;
}

bool log_enabled(log_level_t level)
{
	return level <= max_level;
}

/*
 * The length of the UTF-8 character at p that may go to the log as it is:
 * 0 for a byte to escape.  C0 controls and DEL, C1 controls (U+0080 to
 * U+009F: some terminals take U+009B as an escape sequence's start) and
 * bytes that are not valid UTF-8 are escaped; `quotes` escapes '"' and '\\'.
 */
static size_t printable_len(const unsigned char *p, bool quotes)
{
	if (*p < 0x20 || *p == 0x7f || (quotes && (*p == '\\' || *p == '"')))
		return 0;
	if (*p < 0x80)
		return 1;
	size_t n = 0;
	while (n < 4 && p[n])
		n++;
	for (size_t k = 2; k <= n; k++)
		if (ippd_utf8_valid((const char *)p, k))
			return p[0] == 0xc2 && p[1] < 0xa0 ? 0 : k;
	return 0;
}

/* Copies s into buf (size > 0), escaping as printable_len() says; the result is always terminated. */
static void escape_into(const char *s, char *buf, size_t size, bool quotes)
{
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p;) {
		size_t k = printable_len(p, quotes);
		if (k == 0 && o + 5 < size) {
			o += (size_t)snprintf(buf + o, size - o, "\\x%02x", *p);
			p++;
		} else if (k > 0 && o + k < size) {
			memcpy(buf + o, p, k);
			o += k;
			p += k;
		} else {
			break;
		}
	}
	buf[o] = '\0';
}

const char *log_escape(const char *s, char *buf, size_t size)
{
	if (size)
		escape_into(s, buf, size, /*quotes*/ true);
	return buf;
}

void log_msg(log_level_t level, const char *fmt, ...)
{
	static const char *const tags[] = {"E", "W", "I", "D"};
	if (!log_enabled(level))
		return;
	char text[2048], safe[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	/* Everything from the network has been through log_escape or is ours; this catches the rest. */
	escape_into(text, safe, sizeof(safe), /*quotes*/ false);
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	struct tm tm;
	gmtime_r(&ts.tv_sec, &tm);
	fprintf(stderr, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ %s %s\n", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
	        tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000, tags[level], safe);
}
