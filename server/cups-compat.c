/* CUPS's resource names and its four server operations that its command-line clients need (cups-compat.h). */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <stdlib.h>
#include <string.h>

#include "cups-compat.h"

bool cups_compat_resource(const char *path)
{
	static const char *const names[] = {"/", "/admin", "/admin/", "/jobs", "/jobs/"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(path, names[i]) == 0)
			return true;
	return false;
}

printer_t *cups_compat_printer_locked(system_t *sys, const char *path, size_t len)
{
	static const char prefix[] = "/printers/";
	size_t n = sizeof(prefix) - 1;
	if (len <= n || memcmp(path, prefix, n) != 0)
		return NULL;
	const char *name = path + n;
	size_t name_len = len - n;
	if (name_len > 1 && name[name_len - 1] == '/')
		name_len--;
	for (size_t i = 0; i < sys->n_printers; i++) {
		printer_t *p = sys->printers[i];
		if (strlen(p->name) == name_len && memcmp(p->name, name, name_len) == 0)
			return p;
	}
	return NULL;
}

printer_t *cups_compat_job_printer_locked(system_t *sys, const char *path)
{
	static const char prefix[] = "/jobs/";
	size_t n = sizeof(prefix) - 1;
	if (strncmp(path, prefix, n) != 0)
		return NULL;
	const char *digits = path + n;
	size_t len = strlen(digits);
	if (len == 0 || len > 9 || strspn(digits, "0123456789") != len)
		return NULL;
	int32_t id = (int32_t)strtol(digits, NULL, 10);
	for (size_t i = 0; i < sys->n_printers; i++)
		if (printer_find_job_locked(sys->printers[i], id))
			return sys->printers[i];
	return NULL;
}

printer_t *cups_compat_default_locked(system_t *sys)
{
	for (size_t i = 0; i < sys->n_printers; i++)
		if (sys->printers[i]->is_default)
			return sys->printers[i];
	return sys->n_printers ? sys->printers[0] : NULL;
}

bool cups_compat_needs_no_target(uint16_t op)
{
	return op == IPPD_OP_CUPS_GET_DEFAULT || op == IPPD_OP_CUPS_GET_PRINTERS || op == IPPD_OP_CUPS_GET_CLASSES;
}

void op_cups_get_classes(request_t *r)
{
	(void)r; /* successful-ok, and no printer group */
}

/* CUPS-Get-Default: the default printer's attributes, as Get-Printer-Attributes gives them. */
void op_cups_get_default(request_t *r)
{
	attr_filter_t f;
	filter_init(&f, r->req, "all", true);
	ippd_group_t *g = ippd_msg_add_group(r->resp, IPPD_TAG_PRINTER);
	if (!g)
		return;
	system_lock(r->sys);
	printer_t *p = cups_compat_default_locked(r->sys);
	if (p)
		ops_add_printer_attrs_locked(r, p, g, &f);
	system_unlock(r->sys);
	if (!p)
		ipp_respond(r, IPPD_STATUS_CLIENT_ERROR_NOT_FOUND, "There is no default printer.");
}

/*
 * CUPS-Get-Printers: one group per printer, in order of name, from
 * first-printer-name on and at most `limit` of them.  CUPS's other filters
 * (printer-type, printer-location...) are ignored, and reported so.
 */
void op_cups_get_printers(request_t *r)
{
	attr_filter_t f;
	filter_init(&f, r->req, "all", true);
	const ippd_attr_t *la = ops_op_attr(r, "limit", IPPD_TAG_INTEGER);
	int32_t limit = la ? ippd_attr_get_integer(la, 0) : 0;
	const ippd_attr_t *fa = ops_op_attr(r, "first-printer-name", IPPD_TAG_NAME);
	const char *first = fa ? ippd_attr_get_string(fa, 0, NULL) : NULL;

	system_lock(r->sys);
	size_t n = r->sys->n_printers;
	printer_t **sorted = calloc(n + 1, sizeof(*sorted));
	if (!sorted) {
		system_unlock(r->sys);
		ipp_respond(r, IPPD_STATUS_SERVER_ERROR_INTERNAL_ERROR, "Out of memory.");
		return;
	}
	memcpy(sorted, r->sys->printers, n * sizeof(*sorted));
	/* Few printers: an insertion sort by name. */
	for (size_t i = 1; i < n; i++)
		for (size_t k = i; k > 0 && strcmp(sorted[k - 1]->name, sorted[k]->name) > 0; k--) {
			printer_t *t = sorted[k];
			sorted[k] = sorted[k - 1];
			sorted[k - 1] = t;
		}
	int32_t sent = 0;
	for (size_t i = 0; i < n && (limit <= 0 || sent < limit); i++) {
		if (first && strcmp(sorted[i]->name, first) < 0)
			continue;
		ippd_group_t *g = ippd_msg_add_group(r->resp, IPPD_TAG_PRINTER);
		if (!g)
			break;
		ops_add_printer_attrs_locked(r, sorted[i], g, &f);
		sent++;
	}
	system_unlock(r->sys);
	free(sorted);
}

void op_cups_accept_jobs(request_t *r)
{
	op_enable_printer(r);
}

void op_cups_reject_jobs(request_t *r)
{
	op_disable_printer(r);
}
