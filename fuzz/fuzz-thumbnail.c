/* libFuzzer harness: the web thumbnail renderer on arbitrary "PWG Raster" bytes never crashes and yields a PNG or an error. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <stdio.h>
#include <stdlib.h>

#include "thumbnail.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *f = fmemopen((void *)(uintptr_t)data, size, "rb");
	if (!f || size == 0) {
		if (f)
			fclose(f);
		return 0;
	}
	uint8_t *png = NULL;
	size_t len = 0;
	char err[256];
	if (thumbnail_pwg(f, 64, &png, &len, err, sizeof(err)) == 0 && (len < 8 || png[1] != 'P'))
		abort();
	free(png);
	fclose(f);
	return 0;
}
