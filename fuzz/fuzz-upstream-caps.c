/* libFuzzer harness: an upstream printer's Get-Printer-Attributes answer, as the ipp:// device reads it (capabilities and printer-state-reasons). */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <ippd/codec.h>
#include <ippd/validate.h>

#include "device-reasons.h"
#include "output.h"
#include "upstream-caps.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Any bytes through the text cleaner: the result is always UTF-8 without controls, NUL-terminated. */
	char clean[300];
	output_clean_text(clean, sizeof(clean), (const char *)data, size);
	size_t n = strlen(clean);
	if (n >= sizeof(clean) || !ippd_utf8_valid(clean, n))
		abort();
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)clean[i] < 0x20 || clean[i] == 0x7f)
			abort();

	/* The bytes as a response, then as the printer attributes ippd would offer. */
	ippd_limits_t lim;
	ippd_limits_response(&lim);
	lim.max_size = 1 << 20;
	ippd_msg_t *resp = ippd_msg_decode(data, size, &lim, NULL, NULL);
	if (!resp)
		return 0;
	upstream_info_t info;
	char why[200];
	ippd_msg_t *attrs = upstream_caps_build(resp, &info, why, sizeof(why));
	if (attrs && ippd_msg_encoded_size(attrs) == 0)
		abort(); /* whatever ippd offers must encode */
	if (info.n_supported > UPSTREAM_MAX_SUPPORTED || !ippd_utf8_valid(info.make_and_model, strlen(info.make_and_model)))
		abort();
	ippd_msg_free(attrs);

	/* printer-state-reasons: only the known keywords come out, each with one severity. */
	device_reasons_t r;
	device_reasons_parse(ippd_msg_find(resp, IPPD_TAG_PRINTER, "printer-state-reasons"), &r);
	if (r.set >> device_reason_count() || (r.error & r.warning) || (r.error | r.warning) & ~r.set)
		abort();
	char k[64];
	for (unsigned i = 0; i < device_reason_count(); i++) {
		device_reason_keyword(&r, i, k, sizeof(k));
		if (strlen(k) >= sizeof(k) - 1 || strspn(k, "abcdefghijklmnopqrstuvwxyz-") != strlen(k))
			abort();
	}
	ippd_msg_free(resp);
	return 0;
}
