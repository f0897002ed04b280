/* RFC 8010 delimiter and value tags, the two alphabets of the IPP wire format. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_TAGS_H
#define IPPD_TAGS_H

#ifdef __cplusplus
extern "C" {
#endif

/*
 * One byte on the wire.  0x00-0x0f are delimiter (group) tags, 0x10-0x1f
 * out-of-band values, 0x20-0x2f integer syntaxes, 0x30-0x3f octetString
 * syntaxes, 0x40-0x5f character-string syntaxes, 0x7f the extension tag.
 * Sources: RFC 8010 §3.5, RFC 3380, RFC 3995, PWG 5100.5, PWG 5100.22.
 */
typedef enum ippd_tag {
	/* delimiter tags */
	IPPD_TAG_ZERO = 0x00,
	IPPD_TAG_OPERATION = 0x01,
	IPPD_TAG_JOB = 0x02,
	IPPD_TAG_END = 0x03,
	IPPD_TAG_PRINTER = 0x04,
	IPPD_TAG_UNSUPPORTED_GROUP = 0x05,
	IPPD_TAG_SUBSCRIPTION = 0x06,
	IPPD_TAG_EVENT_NOTIFICATION = 0x07,
	IPPD_TAG_RESOURCE = 0x08,
	IPPD_TAG_DOCUMENT = 0x09,
	IPPD_TAG_SYSTEM = 0x0a,
	IPPD_TAG_FUTURE_GROUP = 0x0f, /* last delimiter value */

	/* out-of-band values */
	IPPD_TAG_UNSUPPORTED_VALUE = 0x10,
	IPPD_TAG_DEFAULT = 0x11, /* reserved, not defined */
	IPPD_TAG_UNKNOWN = 0x12,
	IPPD_TAG_NO_VALUE = 0x13,
	IPPD_TAG_NOT_SETTABLE = 0x15,
	IPPD_TAG_DELETE_ATTRIBUTE = 0x16,
	IPPD_TAG_ADMIN_DEFINE = 0x17,

	/* integer syntaxes */
	IPPD_TAG_INTEGER = 0x21,
	IPPD_TAG_BOOLEAN = 0x22,
	IPPD_TAG_ENUM = 0x23,

	/* octetString syntaxes */
	IPPD_TAG_OCTET_STRING = 0x30,
	IPPD_TAG_DATE_TIME = 0x31,
	IPPD_TAG_RESOLUTION = 0x32,
	IPPD_TAG_RANGE = 0x33,
	IPPD_TAG_BEGIN_COLLECTION = 0x34,
	IPPD_TAG_TEXT_LANG = 0x35,
	IPPD_TAG_NAME_LANG = 0x36,
	IPPD_TAG_END_COLLECTION = 0x37,

	/* character-string syntaxes */
	IPPD_TAG_TEXT = 0x41,
	IPPD_TAG_NAME = 0x42,
	IPPD_TAG_KEYWORD = 0x44,
	IPPD_TAG_URI = 0x45,
	IPPD_TAG_URI_SCHEME = 0x46,
	IPPD_TAG_CHARSET = 0x47,
	IPPD_TAG_LANGUAGE = 0x48,
	IPPD_TAG_MIME_TYPE = 0x49,
	IPPD_TAG_MEMBER_NAME = 0x4a,

	/* the value is preceded by a four-octet extended tag */
	IPPD_TAG_EXTENSION = 0x7f,
} ippd_tag_t;

/* True for 0x01-0x0f: the tags that open an attribute group or end the message. */
#define IPPD_TAG_IS_DELIMITER(t) ((unsigned)(t) >= 0x01 && (unsigned)(t) <= 0x0f)
/* True for 0x10-0x1f: values that say a value is absent, unknown, and so on. */
#define IPPD_TAG_IS_OUT_OF_BAND(t) ((unsigned)(t) >= 0x10 && (unsigned)(t) <= 0x1f)
/* True for tags whose value is a character string (0x40-0x5f). */
#define IPPD_TAG_IS_STRING(t) ((unsigned)(t) >= 0x40 && (unsigned)(t) <= 0x5f)

#ifdef __cplusplus
}
#endif

#endif
