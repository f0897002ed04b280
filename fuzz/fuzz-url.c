/* libFuzzer harness for the URL module: parse, then format, map and compare whatever parsed. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ippd/url.h>

/* A URL that parses must map to http, and its canonical form must be stable and equal to it. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char in[IPPD_URL_MAX + 1], once[IPPD_URL_BUFSIZE], twice[IPPD_URL_BUFSIZE];
	ippd_url_t url, again;

	if (ippd_url_parse_n((const char *)data, size, &url, NULL) < 0)
		return 0;
	snprintf(in, sizeof in, "%.*s", (int)size, (const char *)data);
	if (ippd_url_to_http(&url, once, sizeof once) != IPPD_OK)
		abort();
	if (ippd_url_format(&url, once, sizeof once) == IPPD_ERR_TOO_LONG)
		return 0;
	if (ippd_url_parse(once, &again, NULL) < 0 || ippd_url_format(&again, twice, sizeof twice) ||
	    strcmp(once, twice) || !ippd_url_equal(in, once))
		abort();
	return 0;
}
