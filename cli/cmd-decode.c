/* ipp decode: read a captured IPP message from a file or stdin and print it. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <ippd/codec.h>
#include <ippd/render.h>

#include "cli.h"

void cmd_decode_help(void)
{
	fputs("usage: ipp decode [--json] [--request|--response] [--strict] FILE|-\n"
	      "\n"
	      "Prints an IPP message (RFC 8010 binary: a request or response body as\n"
	      "sent over HTTP) read from FILE, or from standard input for '-'.\n"
	      "\n"
	      "  --json       one JSON object (schema in docs/internals/RENDER.md)\n"
	      "  --request    the code is an operation-id (default: guessed)\n"
	      "  --response   the code is a status-code\n"
	      "  --strict     apply a server's limits: RFC 8011 value lengths, 1 MiB\n"
	      "\n"
	      "Document data after the attributes is counted, not printed.\n"
	      "Exit status: 0 decoded, 1 malformed or unreadable, 2 bad usage.\n",
	      stdout);
}

/* Feeds the stream to the decoder in chunks; the rest after end-of-attributes is document data. */
static int decode_stream(FILE *in, const char *label, const ippd_limits_t *lim, ippd_msg_t **out,
                         size_t *doc_bytes)
{
	ippd_decoder_t *dec = ippd_decoder_new(lim);
	if (!dec) {
		cli_error("decode", "out of memory");
		return EXIT_FAIL;
	}
	static unsigned char buf[65536];
	ippd_decode_status_t st = IPPD_DECODE_NEED_MORE;
	size_t n, used = 0;
	*doc_bytes = 0;
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0) {
		if (st == IPPD_DECODE_NEED_MORE)
			st = ippd_decoder_feed(dec, buf, n, &used);
		else
			used = 0;
		if (st == IPPD_DECODE_ERROR)
			break;
		if (st == IPPD_DECODE_DONE)
			*doc_bytes += n - used;
	}
	int rc = EXIT_OK;
	if (ferror(in)) {
		cli_error("decode", "%s: read error: %s", label, strerror(errno));
		rc = EXIT_FAIL;
	} else if (st == IPPD_DECODE_ERROR) {
		const ippd_error_t *e = ippd_decoder_error(dec);
		cli_error("decode", "%s: error at byte %zu: %s", label, e->offset, e->text);
		rc = EXIT_FAIL;
	} else if (st == IPPD_DECODE_NEED_MORE) {
		cli_error("decode", "%s: error at byte %zu: the message ends before end-of-attributes", label,
		          ippd_decoder_offset(dec));
		rc = EXIT_FAIL;
	} else {
		*out = ippd_decoder_take(dec);
	}
	ippd_decoder_free(dec);
	return rc;
}

int cmd_decode(int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'},    {"request", no_argument, NULL, 'q'},
		{"response", no_argument, NULL, 'r'}, {"strict", no_argument, NULL, 's'},
		{"help", no_argument, NULL, 'h'},    {NULL, 0, NULL, 0},
	};
	bool json = false, strict = false;
	ippd_msg_kind_t kind = IPPD_KIND_AUTO;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'q':
			kind = IPPD_KIND_REQUEST;
			break;
		case 'r':
			kind = IPPD_KIND_RESPONSE;
			break;
		case 's':
			strict = true;
			break;
		case 'h':
			cmd_decode_help();
			return EXIT_OK;
		default:
			fputs("usage: ipp decode [--json] [--request|--response] [--strict] FILE|-\n", stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		cli_error("decode", "expected one FILE (or - for standard input); 'ipp decode --help' explains");
		return EXIT_USAGE;
	}
	const char *path = argv[optind];
	bool is_stdin = strcmp(path, "-") == 0;
	FILE *in = is_stdin ? stdin : fopen(path, "rb");
	if (!in) {
		cli_error("decode", "%s: %s", path, strerror(errno));
		return EXIT_FAIL;
	}
	ippd_limits_t lim;
	if (strict)
		ippd_limits_request(&lim);
	else
		ippd_limits_response(&lim);
	ippd_msg_t *msg = NULL;
	size_t doc_bytes = 0;
	int rc = decode_stream(in, is_stdin ? "(stdin)" : path, &lim, &msg, &doc_bytes);
	if (!is_stdin)
		fclose(in);
	if (rc != EXIT_OK)
		return rc;

	ippd_err_t err = json ? ippd_msg_render_json(msg, kind, stdout) : ippd_msg_render_text(msg, kind, stdout);
	if (err == IPPD_OK && !json && doc_bytes)
		printf("(%zu bytes of document data follow the attributes)\n", doc_bytes);
	ippd_msg_free(msg);
	if (err != IPPD_OK || fflush(stdout) != 0) {
		cli_error("decode", "writing the output failed: %s", strerror(errno));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}
