/* libFuzzer harness: gzip and deflate streams in two chunks, checked against the same stream in one. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <stdint.h>
#include <stdlib.h>

#include "inflate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int count(void *ctx, const void *out, size_t n)
{
	(void)out;
	*(uint64_t *)ctx += n;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *coding = size && (data[0] & 1) ? "gzip" : "deflate";
	size_t cut = size ? data[0] % size : 0;
	uint64_t whole = 0, split = 0;
	inflater_t *a = inflater_new(coding, 1 << 24), *b = inflater_new(coding, 1 << 24);
	int ra = inflater_feed(a, data, size, count, &whole) || inflater_finish(a, count, &whole);
	int rb = inflater_feed(b, data, cut, count, &split) || inflater_feed(b, data + cut, size - cut, count, &split) ||
	         inflater_finish(b, count, &split);
	if (ra != rb || (!ra && whole != split))
		abort(); /* the chunking changed the outcome */
	inflater_free(a);
	inflater_free(b);
	return 0;
}
