/* libFuzzer harness: decode any bytes, in two chunks, and check the round trip of what decodes. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <stdlib.h>
#include <string.h>

#include <ippd/codec.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t used = 0, c1 = 0, c2 = 0, len = 0, cut = size ? data[0] % size : 0;
	ippd_msg_t *m = ippd_msg_decode(data, size, NULL, &used, NULL);
	ippd_decoder_t *dec = ippd_decoder_new(NULL);
	ippd_decode_status_t st = ippd_decoder_feed(dec, data, cut, &c1);
	if (st == IPPD_DECODE_NEED_MORE)
		st = ippd_decoder_feed(dec, data + cut, size - cut, &c2);
	ippd_msg_t *split = ippd_decoder_take(dec);
	if ((m != NULL) != (split != NULL) || (m && c1 + c2 != used))
		abort(); /* the chunking changed the outcome */
	uint8_t *out = NULL;
	if (m && (ippd_msg_encode_alloc(m, &out, &len) != IPPD_OK || len != used || memcmp(out, data, used) ||
	          !ippd_msg_equal(m, split)))
		abort(); /* decode then encode is not the identity */
	free(out);
	ippd_msg_free(split);
	ippd_msg_free(m);
	ippd_decoder_free(dec);
	return 0;
}
