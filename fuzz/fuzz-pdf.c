/* libFuzzer harness: the PDF checker fed whole and cut in two must agree on the verdict, pages and error. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include "docformat.h"
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	size_t c = n ? d[n - 1] * 131u % (n + 1) : 0;
	pdf_checker_t *a = pdf_checker_new(), *b = pdf_checker_new();
	int ra = pdf_checker_feed(a, d, n), rb = pdf_checker_feed(b, d, c);
	rb = rb ? rb : pdf_checker_feed(b, d + c, n - c);
	ra = ra ? ra : pdf_checker_finish(a);
	rb = rb ? rb : pdf_checker_finish(b);
	if (ra != rb || pdf_checker_pages(a) != pdf_checker_pages(b) || strcmp(pdf_checker_error(a), pdf_checker_error(b)))
		abort(); /* the chunking changed the outcome */
	pdf_checker_free(a);
	pdf_checker_free(b);
	return 0;
}
