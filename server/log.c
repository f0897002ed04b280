/* Logging for the print service: timestamps, levels, and escaping so input cannot forge log lines. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

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

const char *log_escape(const char *s, char *buf, size_t size)
{
	size_t o = 0;
	if (!size)
		return buf;
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p && o + 5 < size; p++) {
		if (*p < 0x20 || *p == 0x7f || *p == '\\' || *p == '"')
			o += (size_t)snprintf(buf + o, size - o, "\\x%02x", *p);
		else
			buf[o++] = (char)*p;
	}
	buf[o] = '\0';
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
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)text; *p && o + 5 < sizeof(safe); p++) {
		if (*p < 0x20 || *p == 0x7f)
			o += (size_t)snprintf(safe + o, sizeof(safe) - o, "\\x%02x", *p);
		else
			safe[o++] = (char)*p;
	}
	safe[o] = '\0';
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	struct tm tm;
	gmtime_r(&ts.tv_sec, &tm);
	fprintf(stderr, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ %s %s\n", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
	        tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000, tags[level], safe);
}
