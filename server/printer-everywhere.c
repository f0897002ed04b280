/* The IPP Everywhere printer attributes that depend on the request: icons, web pages, the organizational unit. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include "printer-everywhere.h"

#include <stdio.h>
#include <string.h>

#include "icons.h"

/* True when "host", "host:port", "[v6]" or "[v6]:port" names a port. */
static bool has_port(const char *host)
{
	const char *close = strrchr(host, ']');
	const char *colon = strrchr(close ? close : host, ':');
	return colon && colon[1];
}

void printer_web_uri(const request_t *r, const char *path, char *buf, size_t size)
{
	const char *host = r->host[0] ? r->host : "localhost";
	snprintf(buf, size, "%s://%s%s%s", r->secure ? "https" : "http", host, has_port(host) ? "" : ":631", path);
}

void printer_everywhere_add_locked(const request_t *r, const printer_t *p, ippd_group_t *g, const attr_filter_t *f,
                                   const ippd_group_t *fixed)
{
	char uri[600];
#define WANT(name) (filter_want(f, name) && !ippd_group_find(fixed, name))
	if (WANT("printer-icons")) {
		ippd_attr_t *a = ippd_group_add(g, "printer-icons");
		for (size_t i = 0; a && i < ICONS_COUNT; i++) {
			printer_web_uri(r, icons_paths[i], uri, sizeof(uri));
			ippd_attr_add_string(a, IPPD_TAG_URI, uri, (size_t)-1);
		}
	}
	/* The status page (web.c) shows the state and the queue; it is also where supplies would be explained. */
	printer_web_uri(r, p->path, uri, sizeof(uri));
	if (WANT("printer-more-info"))
		ippd_group_add_string(g, IPPD_TAG_URI, "printer-more-info", uri);
	if (WANT("printer-supply-info-uri"))
		ippd_group_add_string(g, IPPD_TAG_URI, "printer-supply-info-uri", uri);
	if (WANT("printer-organizational-unit"))
		ippd_group_add_string(g, IPPD_TAG_TEXT, "printer-organizational-unit", p->organizational_unit);
#undef WANT
}
