/* Logging for the print service: one line per event to stderr, levels checked before formatting. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_SERVER_LOG_H
#define IPPD_SERVER_LOG_H

#include <stdbool.h>
#include <stddef.h>

typedef enum log_level {
	LOG_ERROR = 0,
	LOG_WARN = 1,
	LOG_INFO = 2,
	LOG_DEBUG = 3,
} log_level_t;

/* Sets the most verbose level written. */
void log_set_level(log_level_t level);
/* Parses "error", "warn", "info" or "debug"; false when `s` is none of them. */
bool log_parse_level(const char *s, log_level_t *level);
/* True when `level` would be written: check before building expensive arguments. */
bool log_enabled(log_level_t level);

/* Writes "TIME LEVEL message" to stderr; control characters in the message are escaped. */
__attribute__((format(printf, 2, 3))) void log_msg(log_level_t level, const char *fmt, ...);

/* Helpers that add the object's prefix: "[Printer print]", "[Job 42]". */
#define log_printer(p, level, fmt, ...)                                                                                \
	do {                                                                                                           \
		if (log_enabled(level))                                                                                \
			log_msg(level, "[Printer %s] " fmt, printer_label(p), ##__VA_ARGS__);                       \
	} while (0)
#define log_job(j, level, fmt, ...)                                                                                    \
	do {                                                                                                           \
		if (log_enabled(level))                                                                                \
			log_msg(level, "[Job %d] " fmt, (int)(j)->id, ##__VA_ARGS__);                                 \
	} while (0)

/* Copies `s` into `buf` with control characters, quotes and backslashes escaped; returns buf. */
const char *log_escape(const char *s, char *buf, size_t size);

#endif
