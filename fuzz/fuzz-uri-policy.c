/* libFuzzer harness for the Print-URI policy: any document-uri gets a status, and a file it allows lies inside the folder. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "uri-policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uri_policy_t pol;
	char uri[2048], path[PATH_MAX], why[300];
	if (!pol.file) {
		uri_policy_init(&pol);
		uri_policy_set(&pol, "print-uri-schemes", "http https file", why, sizeof(why));
		uri_policy_set(&pol, "print-uri-hosts", "127.0.0.1 [::1] example.com", why, sizeof(why));
		uri_policy_set(&pol, "print-uri-folder", "/usr/share", why, sizeof(why));
	}
	if (size >= sizeof(uri) || memchr(data, 0, size))
		return 0;
	memcpy(uri, data, size);
	uri[size] = '\0';
	uint16_t st = uri_policy_check(&pol, uri, path, sizeof(path), why, sizeof(why));
	if (st == 0 && path[0] && !uri_policy_inside(pol.folder, path))
		abort();
	(void)uri_policy_allows_remote(&pol, uri);
	return 0;
}
