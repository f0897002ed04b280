/* The text of a kept printer record: written and read back (printer-keep-record.h). */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <stdio.h>
#include <string.h>

#include "printer-keep-record.h"

static const char *const names[KF_COUNT] = {
	[KF_INFO] = "printer-info",
	[KF_LOCATION] = "printer-location",
	[KF_ORGANIZATION] = "printer-organization",
	[KF_GEO_LOCATION] = "printer-geo-location",
	[KF_MESSAGE] = "printer-message-from-operator",
	[KF_PRIVACY_ATTRS] = "job-privacy-attributes",
	[KF_PRIVACY_SCOPE] = "job-privacy-scope",
};

const char *keep_field_name(keep_field_t f)
{
	return names[f];
}

typedef struct text {
	char *buf;
	size_t len, size;
	bool overflow;
} text_t;

static void put_char(text_t *t, char c)
{
	if (t->len + 1 >= t->size) {
		t->overflow = true;
		return;
	}
	t->buf[t->len++] = c;
	t->buf[t->len] = '\0';
}

static void put_line(text_t *t, const char *prefix, const char *name, const char *value)
{
	for (const char *s = prefix; *s; s++)
		put_char(t, *s);
	for (const char *s = name; *s; s++)
		put_char(t, *s);
	put_char(t, '=');
	for (const char *s = value; *s; s++) {
		if (*s == '\\' || *s == '\n') {
			put_char(t, '\\');
			put_char(t, *s == '\n' ? 'n' : '\\');
		} else {
			put_char(t, *s);
		}
	}
	put_char(t, '\n');
}

bool keep_record_format(const kept_t *k, char *buf, size_t size)
{
	text_t t = {buf, 0, size, false};
	buf[0] = '\0';
	put_line(&t, "", "paused", k->paused ? "1" : "0");
	put_line(&t, "", "hold-new-jobs", k->hold_new ? "1" : "0");
	put_line(&t, "", "shutdown", k->shutdown ? "1" : "0");
	put_line(&t, "", "accepting", k->accepting ? "1" : "0");
	for (int f = 0; f < KF_COUNT; f++) {
		if (!k->set[f])
			continue;
		put_line(&t, "set:", names[f], k->value[f]);
		put_line(&t, "base:", names[f], k->base[f]);
	}
	return !t.overflow;
}

int keep_field_named(const char *name)
{
	for (int f = 0; f < KF_COUNT; f++)
		if (strcmp(names[f], name) == 0)
			return f;
	return -1;
}

/* Unescapes `v` in place. */
static void unescape(char *v)
{
	char *out = v;
	for (const char *s = v; *s; s++) {
		if (*s == '\\' && s[1]) {
			s++;
			*out++ = *s == 'n' ? '\n' : *s;
		} else {
			*out++ = *s;
		}
	}
	*out = '\0';
}

void keep_record_parse(char *rec, kept_t *k)
{
	k->accepting = true;
	bool have_base[KF_COUNT] = {false}, have_value[KF_COUNT] = {false};
	for (char *line = rec, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		char *eq = strchr(line, '=');
		if (!eq)
			continue;
		*eq = '\0';
		char *value = eq + 1;
		unescape(value);
		bool on = strcmp(value, "1") == 0;
		if (strcmp(line, "paused") == 0)
			k->paused = on;
		else if (strcmp(line, "hold-new-jobs") == 0)
			k->hold_new = on;
		else if (strcmp(line, "shutdown") == 0)
			k->shutdown = on;
		else if (strcmp(line, "accepting") == 0)
			k->accepting = on;
		else if (strncmp(line, "set:", 4) == 0 || strncmp(line, "base:", 5) == 0) {
			bool is_set = line[0] == 's';
			int f = keep_field_named(line + (is_set ? 4 : 5));
			if (f < 0 || strlen(value) >= KEEP_VALUE_MAX)
				continue;
			snprintf(is_set ? k->value[f] : k->base[f], KEEP_VALUE_MAX, "%s", value);
			(is_set ? have_value : have_base)[f] = true;
		}
	}
	for (int f = 0; f < KF_COUNT; f++)
		k->set[f] = have_value[f] && have_base[f];
}
