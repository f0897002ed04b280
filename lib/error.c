/* Words for libippd's error codes. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <ippd/error.h>

const char *ippd_err_string(ippd_err_t code)
{
	switch (code) {
	case IPPD_OK:
		return "success";
	case IPPD_ERR_NOMEM:
		return "out of memory";
	case IPPD_ERR_ARG:
		return "invalid argument";
	case IPPD_ERR_MALFORMED:
		return "malformed IPP message";
	case IPPD_ERR_LIMIT:
		return "limit exceeded";
	case IPPD_ERR_TRUNCATED:
		return "message ends early";
	case IPPD_ERR_TOO_LONG:
		return "value too long";
	case IPPD_ERR_NOT_FOUND:
		return "not found";
	case IPPD_ERR_SPACE:
		return "buffer too small";
	case IPPD_ERR_IO:
		return "input/output error";
	case IPPD_ERR_SYNTAX:
		return "syntax error";
	}
	return code > 0 ? "warning" : "unknown error";
}
