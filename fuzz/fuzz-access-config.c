/* libFuzzer harness for the access keys of the configuration: "key=value", and what a good value must then satisfy. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char text[2048], err[300];
	if (size >= sizeof(text))
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	char *eq = strchr(text, '=');
	if (!eq)
		return 0;
	*eq = '\0';
	access_policy_t pol;
	memset(&pol, 0, sizeof(pol));
	if (access_config_key(&pol, text, eq + 1, err, sizeof(err)) != 1)
		return 0;
	if ((pol.set & ACCESS_SET_PRIVACY_ATTRS) && !access_valid_privacy_attrs(pol.privacy_attrs))
		abort(); /* a value accepted once must stay valid */
	if ((pol.set & ACCESS_SET_PRIVACY_SCOPE) && !access_valid_privacy_scope(pol.privacy_scope))
		abort();
	return 0;
}
