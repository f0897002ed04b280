/* Text and JSON renderings of an IPP message, for people and for scripts. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_RENDER_H
#define IPPD_RENDER_H

#include <stdio.h>

#include <ippd/error.h>
#include <ippd/msg.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Whether the message's code is an operation-id or a status-code. */
typedef enum ippd_msg_kind {
	IPPD_KIND_AUTO = 0, /* guess from the code and the attributes */
	IPPD_KIND_REQUEST = 1,
	IPPD_KIND_RESPONSE = 2,
} ippd_msg_kind_t;

/*
 * Guesses whether `msg` is a request or a response: codes that are only a
 * status (0x0400-0x06ff) or only an operation (0x0008 and above outside
 * those ranges) decide; for the overlap 0x0002-0x0007, a request carries a
 * target (printer-uri, job-uri, system-uri) and a response does not.
 */
ippd_msg_kind_t ippd_msg_guess_kind(const ippd_msg_t *msg);

/*
 * Writes the message readably:
 *
 *   IPP/2.0 Get-Printer-Attributes (0x000b) request-id 1
 *   operation-attributes-tag
 *     attributes-charset (charset) = utf-8
 *     media-col-default (collection) = {media-size={x-dimension=21000 y-dimension=29700} ...}
 *   end-of-attributes-tag
 *
 * Enums show their keyword and number, dates ISO 8601, octetStrings that
 * are not printable as hex.  Control characters in strings are escaped,
 * so a hostile message cannot drive a terminal.  IPPD_ERR_IO when writing
 * fails.
 */
ippd_err_t ippd_msg_render_text(const ippd_msg_t *msg, ippd_msg_kind_t kind, FILE *out);

/*
 * Writes the message as one JSON object (docs/internals/RENDER.md gives
 * the schema):
 *
 *   {"version":"2.0","kind":"request","operation-id":11,
 *    "operation":"Get-Printer-Attributes","request-id":1,
 *    "groups":[{"tag":"operation-attributes-tag","attributes":[
 *      {"name":"attributes-charset","syntax":"charset","values":["utf-8"]}]}]}
 *
 * A response has "status-code" and "status" in place of the operation
 * keys.  Values: integer -> number; enum -> number (with "keywords": [...]
 * beside "values" when the registry knows them); boolean -> true/false;
 * strings -> string; textWithLanguage/nameWithLanguage -> {"text":...,
 * "language":...}; octetString -> string when valid UTF-8, else
 * {"hex":"..."}; dateTime -> "2026-11-22T19:13:05+00:00"; resolution ->
 * {"x":600,"y":600,"units":"dpi"|"dpcm"}; rangeOfInteger ->
 * {"lower":1,"upper":99}; collection -> array of attribute objects (same
 * shape as a group's "attributes"); out-of-band -> null (the syntax names
 * which); extension/unknown tags -> {"tag":N,"hex":"..."}.  When values
 * have different syntaxes, "syntaxes" lists the syntax of each value.
 */
ippd_err_t ippd_msg_render_json(const ippd_msg_t *msg, ippd_msg_kind_t kind, FILE *out);

#ifdef __cplusplus
}
#endif

#endif
