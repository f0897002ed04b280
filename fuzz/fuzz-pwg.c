/* libFuzzer harness: raster and JPEG checkers fed whole and cut in two must agree; the sniffer runs too. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include "docformat.h"
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	size_t c = n ? d[n - 1] * 131u % (n + 1) : 0;
	jpeg_checker_t *j = jpeg_checker_new();
	jpeg_checker_feed(j, d, c);
	if (jpeg_checker_feed(j, d + c, n - c) != docformat_jpeg_info(d, n, 0, 0, 0, 0, 0))
		abort(); /* the chunking changed the outcome */
	jpeg_checker_free(j);
	for (int f = PWG_CHECKER_PWG_RASTER; f <= PWG_CHECKER_URF; f++) {
		pwg_checker_t *a = pwg_checker_new(f), *b = pwg_checker_new(f);
		pwg_checker_feed(a, d, n);
		pwg_checker_feed(b, d, c);
		pwg_checker_feed(b, d + c, n - c);
		if (pwg_checker_finish(a) != pwg_checker_finish(b) ||
		    pwg_checker_pages(a) != pwg_checker_pages(b) ||
		    strcmp(pwg_checker_error(a), pwg_checker_error(b)))
			abort(); /* the chunking changed the outcome */
		pwg_checker_free(a);
		pwg_checker_free(b);
	}
	return docformat_sniff(d, n) && 0;
}
