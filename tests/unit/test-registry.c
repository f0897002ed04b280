/* Unit tests for the IPP registry: names and values both ways, enums, attribute definitions, generator. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <ippd/registry.h>

#define TEST(fn, title) ((struct CMUnitTest){.name = (title), .test_func = (fn)})
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* A name and the number it stands for. */
typedef struct named {
	const char *name;
	int value;
} named_t;

/* An enum value as some attribute sees it. */
typedef struct enum_case {
	const char *attr;
	int32_t value;
	const char *keyword;
} enum_case_t;

static const named_t ops[] = {
    {"Print-Job", 0x0002},
    {"Validate-Job", 0x0004},
    {"Get-Printer-Attributes", 0x000b},
    {"Set-Printer-Attributes", 0x0013},
    {"Get-Printer-Supported-Values", 0x0015},
    {"Create-Printer-Subscriptions", 0x0016},
    {"Get-Notifications", 0x001c},
    {"Enable-Printer", 0x0022},
    {"Hold-New-Jobs", 0x0025},
    {"Restart-Printer", 0x0029},
    {"Schedule-Job-After", 0x0031},
    {"Cancel-Document", 0x0033},
    {"Set-Document-Attributes", 0x0037},
    {"Cancel-Jobs", 0x0038},
    {"Cancel-My-Jobs", 0x0039},
    {"Resubmit-Job", 0x003a},
    {"Close-Job", 0x003b},
    {"Identify-Printer", 0x003c},
    {"Validate-Document", 0x003d},
    {"Create-Printer", 0x004c},
    {"Delete-Printer", 0x004e},
    {"Get-Printers", 0x004f},
    {"Get-System-Attributes", 0x005b},
    {"Pause-All-Printers", 0x005d},
    {"Shutdown-All-Printers", 0x0063},
    {"CUPS-Get-Default", 0x4001},
    {"CUPS-Get-Printers", 0x4002},
    {"CUPS-Get-PPD", 0x400f},
    {"CUPS-Get-Document", 0x4027},
};

static const named_t statuses[] = {
    {"successful-ok", 0x0000},
    {"successful-ok-ignored-or-substituted-attributes", 0x0001},
    {"successful-ok-conflicting-attributes", 0x0002},
    {"successful-ok-ignored-subscriptions", 0x0003},
    {"successful-ok-too-many-events", 0x0005},
    {"successful-ok-events-complete", 0x0007},
    {"client-error-bad-request", 0x0400},
    {"client-error-not-found", 0x0406},
    {"client-error-request-value-too-long", 0x0409},
    {"client-error-attributes-not-settable", 0x0413},
    {"client-error-ignored-all-subscriptions", 0x0414},
    {"client-error-too-many-subscriptions", 0x0415},
    {"client-error-document-password-error", 0x0418},
    {"client-error-document-unprintable-error", 0x041b},
    {"client-error-not-fetchable", 0x0420},
    {"server-error-internal-error", 0x0500},
    {"server-error-busy", 0x0507},
    {"server-error-printer-is-deactivated", 0x050a},
    {"server-error-too-many-documents", 0x050c},
};

static const named_t tags[] = {
    {"operation-attributes-tag", 0x01},
    {"job-attributes-tag", 0x02},
    {"end-of-attributes-tag", 0x03},
    {"printer-attributes-tag", 0x04},
    {"unsupported-attributes-tag", 0x05},
    {"subscription-attributes-tag", 0x06},
    {"event-notification-attributes-tag", 0x07},
    {"resource-attributes-tag", 0x08},
    {"document-attributes-tag", 0x09},
    {"system-attributes-tag", 0x0a},
    {"unsupported", 0x10},
    {"unknown", 0x12},
    {"no-value", 0x13},
    {"not-settable", 0x15},
    {"delete-attribute", 0x16},
    {"admin-define", 0x17},
    {"integer", 0x21},
    {"boolean", 0x22},
    {"enum", 0x23},
    {"octetString", 0x30},
    {"dateTime", 0x31},
    {"resolution", 0x32},
    {"rangeOfInteger", 0x33},
    {"collection", 0x34},
    {"textWithLanguage", 0x35},
    {"nameWithLanguage", 0x36},
    {"endCollection", 0x37},
    {"text", 0x41},
    {"name", 0x42},
    {"keyword", 0x44},
    {"uri", 0x45},
    {"uriScheme", 0x46},
    {"charset", 0x47},
    {"naturalLanguage", 0x48},
    {"mimeMediaType", 0x49},
    {"memberAttrName", 0x4a},
    {"extension", 0x7f},
};

static const enum_case_t enums[] = {
    {"job-state", 3, "pending"},
    {"job-state", 4, "pending-held"},
    {"job-state", 9, "completed"},
    {"printer-state", 3, "idle"},
    {"printer-state", 5, "stopped"},
    {"document-state", 6, "processing-stopped"},
    {"system-state", 4, "processing"},
    {"resource-state", 5, "installed"},
    {"operations-supported", 2, "Print-Job"},
    {"operations-supported", 0x4002, "CUPS-Get-Printers"},
    {"finishings", 4, "staple"},
    {"finishings", 101, "fold-engineering-z"},
    {"finishings-default", 3, "none"},
    {"finishings-supported", 4, "staple"},
    {"finishings-supported", 20, "staple-top-left"},
    {"finishings-ready", 28, "staple-dual-left"},
    {"job-finishings", 93, "fold-half"},
    {"orientation-requested", 3, "portrait"},
    {"orientation-requested-default", 7, "none"},
    {"orientation-requested-supported", 4, "landscape"},
    {"media-source-feed-orientation", 5, "reverse-landscape"},
    {"print-quality", 3, "draft"},
    {"print-quality-default", 4, "normal"},
    {"print-quality-supported", 5, "high"},
    {"job-collation-type", 3, "uncollated-sheets"},
    {"notify-status-code", 0, "successful-ok"},
};

static void test_op_known(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT(ops); i++) {
		assert_string_equal(ippd_op_name((uint16_t)ops[i].value), ops[i].name);
		assert_int_equal(ippd_op_value(ops[i].name), ops[i].value);
	}
}

static void test_op_case(void **state)
{
	(void)state;
	assert_int_equal(ippd_op_value("print-job"), 0x0002);
	assert_int_equal(ippd_op_value("PRINT-JOB"), 0x0002);
	assert_int_equal(ippd_op_value("cups-get-ppds"), 0x400c);
}

static void test_op_unknown(void **state)
{
	(void)state;
	assert_null(ippd_op_name(0x0000));
	assert_null(ippd_op_name(0x0001));
	assert_null(ippd_op_name(0x000f));
	assert_null(ippd_op_name(0x0032));
	assert_null(ippd_op_name(0x4000));
	assert_null(ippd_op_name(0xffff));
	assert_int_equal(ippd_op_value("Print-Jobs"), -1);
	assert_int_equal(ippd_op_value("Print-Jo"), -1);
	assert_int_equal(ippd_op_value(""), -1);
	assert_int_equal(ippd_op_value(NULL), -1);
}

static void test_op_constants(void **state)
{
	(void)state;
	assert_int_equal(IPPD_OP_PRINT_JOB, 0x0002);
	assert_int_equal(IPPD_OP_GET_PRINTER_ATTRIBUTES, 0x000b);
	assert_int_equal(IPPD_OP_CANCEL_MY_JOBS, 0x0039);
	assert_int_equal(IPPD_OP_GET_SYSTEM_ATTRIBUTES, 0x005b);
	assert_int_equal(IPPD_OP_CUPS_GET_PRINTERS, 0x4002);
	assert_string_equal(ippd_op_name(IPPD_OP_CUPS_GET_PRINTERS), "CUPS-Get-Printers");
}

/* Every named id maps back to itself through its name, so the two tables agree. */
static void test_op_round_trip(void **state)
{
	size_t named = 0;

	(void)state;
	for (unsigned id = 0; id <= 0xffff; id++) {
		const char *name = ippd_op_name((uint16_t)id);

		if (!name)
			continue;
		named++;
		assert_int_equal(ippd_op_value(name), (int)id);
	}
	assert_true(named >= 110);
}

static void test_status_known(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT(statuses); i++) {
		assert_string_equal(ippd_status_name((uint16_t)statuses[i].value), statuses[i].name);
		assert_int_equal(ippd_status_value(statuses[i].name), statuses[i].value);
	}
	assert_int_equal(ippd_status_value("Client-Error-Not-Found"), 0x0406);
	assert_int_equal(IPPD_STATUS_SUCCESSFUL_OK, 0x0000);
	assert_int_equal(IPPD_STATUS_CLIENT_ERROR_NOT_FOUND, 0x0406);
	assert_int_equal(IPPD_STATUS_SERVER_ERROR_TOO_MANY_JOBS, 0x050b);
}

static void test_status_unknown(void **state)
{
	(void)state;
	assert_null(ippd_status_name(0x0004));
	assert_null(ippd_status_name(0x0416));
	assert_null(ippd_status_name(0x0600));
	assert_null(ippd_status_name(0xffff));
	assert_int_equal(ippd_status_value("client-error"), -1);
	assert_int_equal(ippd_status_value(NULL), -1);
}

static void test_status_round_trip(void **state)
{
	size_t named = 0;

	(void)state;
	for (unsigned code = 0; code <= 0xffff; code++) {
		const char *name = ippd_status_name((uint16_t)code);

		if (!name)
			continue;
		named++;
		assert_int_equal(ippd_status_value(name), (int)code);
	}
	assert_int_equal(named, 50);
}

static void test_tag_known(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT(tags); i++) {
		assert_string_equal(ippd_tag_name((unsigned)tags[i].value), tags[i].name);
		assert_int_equal(ippd_tag_value(tags[i].name), tags[i].value);
	}
}

static void test_tag_aliases(void **state)
{
	(void)state;
	assert_int_equal(ippd_tag_value("begCollection"), IPPD_TAG_BEGIN_COLLECTION);
	assert_int_equal(ippd_tag_value("textWithoutLanguage"), IPPD_TAG_TEXT);
	assert_int_equal(ippd_tag_value("nameWithoutLanguage"), IPPD_TAG_NAME);
	assert_int_equal(ippd_tag_value("MIMEMEDIATYPE"), IPPD_TAG_MIME_TYPE);
	assert_string_equal(ippd_tag_name(IPPD_TAG_BEGIN_COLLECTION), "collection");
	assert_string_equal(ippd_tag_name(IPPD_TAG_TEXT), "text");
}

static void test_tag_reserved(void **state)
{
	(void)state;
	assert_null(ippd_tag_name(0x00));
	assert_null(ippd_tag_name(0x0b));
	assert_null(ippd_tag_name(IPPD_TAG_DEFAULT));
	assert_null(ippd_tag_name(0x20));
	assert_null(ippd_tag_name(0x40));
	assert_null(ippd_tag_name(0x43));
	assert_null(ippd_tag_name(0xff));
	assert_null(ippd_tag_name(256));
	assert_null(ippd_tag_name(~0u));
	assert_int_equal(ippd_tag_value("nameWithoutLanguag"), -1);
	assert_int_equal(ippd_tag_value(""), -1);
	assert_int_equal(ippd_tag_value(NULL), -1);
}

static void test_tag_round_trip(void **state)
{
	(void)state;
	for (unsigned tag = 0; tag < 256; tag++) {
		const char *name = ippd_tag_name(tag);

		if (name)
			assert_int_equal(ippd_tag_value(name), (int)tag);
	}
}

static void test_enum_known(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT(enums); i++) {
		const char *kw = ippd_enum_name(enums[i].attr, enums[i].value);

		if (!kw || strcmp(kw, enums[i].keyword) != 0)
			fail_msg("%s %d: got %s, want %s", enums[i].attr, enums[i].value, kw ? kw : "NULL",
			         enums[i].keyword);
		assert_int_equal(ippd_enum_value(enums[i].attr, enums[i].keyword), enums[i].value);
	}
}

static void test_enum_constants(void **state)
{
	(void)state;
	assert_int_equal(IPPD_JOB_STATE_PENDING, 3);
	assert_int_equal(IPPD_JOB_STATE_COMPLETED, 9);
	assert_int_equal(IPPD_PRINTER_STATE_IDLE, 3);
	assert_int_equal(IPPD_PRINTER_STATE_STOPPED, 5);
	assert_int_equal(IPPD_DOCUMENT_STATE_CANCELED, 7);
	assert_int_equal(IPPD_ORIENT_PORTRAIT, 3);
	assert_int_equal(IPPD_ORIENT_REVERSE_PORTRAIT, 6);
	assert_int_equal(IPPD_QUALITY_DRAFT, 3);
	assert_int_equal(IPPD_QUALITY_HIGH, 5);
	assert_int_equal(IPPD_FINISHINGS_NONE, 3);
	assert_int_equal(IPPD_FINISHINGS_STAPLE, 4);
	assert_int_equal(IPPD_FINISHINGS_PUNCH_QUAD_BOTTOM, 85);
	assert_string_equal(ippd_enum_name("finishings-supported", IPPD_FINISHINGS_STAPLE_TOP_LEFT),
	                    "staple-top-left");
}

static void test_enum_unknown(void **state)
{
	(void)state;
	assert_null(ippd_enum_name("job-state", 2));
	assert_null(ippd_enum_name("job-state", 10));
	assert_null(ippd_enum_name("job-name", 3));
	assert_null(ippd_enum_name("no-such-attribute", 3));
	assert_null(ippd_enum_name(NULL, 3));
	assert_int_equal(ippd_enum_value("job-state", "Pending"), -1);
	assert_int_equal(ippd_enum_value("job-state", "idle"), -1);
	assert_int_equal(ippd_enum_value("job-name", "pending"), -1);
	assert_int_equal(ippd_enum_value("job-state", NULL), -1);
	assert_int_equal(ippd_enum_value(NULL, "pending"), -1);
}

/* Operation names in operations-supported follow the op table, case-insensitively like it. */
static void test_enum_operations(void **state)
{
	(void)state;
	assert_int_equal(ippd_enum_value("operations-supported", "get-jobs"), 0x000a);
	assert_int_equal(ippd_enum_count("operations-supported"), 114);
}

static void test_enum_listing(void **state)
{
	int32_t value = -1;

	(void)state;
	assert_int_equal(ippd_enum_count("job-state"), 7);
	assert_int_equal(ippd_enum_count("print-quality-supported"), 3);
	assert_int_equal(ippd_enum_count("finishings-ready"), ippd_enum_count("finishings"));
	assert_string_equal(ippd_enum_at("job-state", 0, &value), "pending");
	assert_int_equal(value, 3);
	assert_string_equal(ippd_enum_at("job-state", 6, &value), "completed");
	assert_int_equal(value, 9);
	assert_string_equal(ippd_enum_at("job-state", 1, NULL), "pending-held");
	assert_null(ippd_enum_at("job-state", 7, &value));
	assert_int_equal(value, 0);
	assert_int_equal(ippd_enum_count("job-name"), 0);
	assert_int_equal(ippd_enum_count(NULL), 0);
	assert_null(ippd_enum_at(NULL, 0, &value));
}

/* Every enum of every attribute lists ascending values whose keywords lead back to them. */
static void test_enum_tables_consistent(void **state)
{
	(void)state;
	for (size_t i = 0; i < ippd_registry_count(); i++) {
		const char *attr = ippd_registry_at(i)->name;
		int32_t prev = -1;

		for (size_t j = 0; j < ippd_enum_count(attr); j++) {
			int32_t value;
			const char *kw = ippd_enum_at(attr, j, &value);

			assert_non_null(kw);
			assert_true(value > prev);
			assert_int_equal(ippd_enum_value(attr, kw), value);
			assert_string_equal(ippd_enum_name(attr, value), kw);
			prev = value;
		}
	}
}

/* An attribute with exactly one alternative of `tag` in [min, max]. */
static void check_single(const char *name, unsigned tag, int32_t min, int32_t max)
{
	const ippd_attr_def_t *def = ippd_registry_find(name);

	if (!def)
		fail_msg("%s is not in the registry", name);
	assert_int_equal(def->n_syntax, 1);
	assert_int_equal(def->syntax[0].tag, tag);
	assert_int_equal(def->syntax[0].min, min);
	assert_int_equal(def->syntax[0].max, max);
}

static void test_find_job_name(void **state)
{
	const ippd_attr_def_t *def = ippd_registry_find("job-name");

	(void)state;
	assert_non_null(def);
	assert_string_equal(def->name, "job-name");
	check_single("job-name", IPPD_TAG_NAME, 0, 255);
	assert_true(def->groups & IPPD_AG_OPERATION);
	assert_true(def->groups & IPPD_AG_JOB_DESCRIPTION);
	assert_false(def->groups & IPPD_AG_JOB_TEMPLATE);
	assert_false(def->set_of);
	assert_false(def->read_only);
	assert_int_equal(def->n_members, 0);
}

static void test_find_limits(void **state)
{
	(void)state;
	check_single("copies", IPPD_TAG_INTEGER, 1, INT32_MAX);
	check_single("number-up", IPPD_TAG_INTEGER, 1, INT32_MAX);
	check_single("job-k-octets", IPPD_TAG_INTEGER, 0, INT32_MAX);
	check_single("job-priority", IPPD_TAG_INTEGER, 1, 100);
	check_single("x-image-shift", IPPD_TAG_INTEGER, INT32_MIN, INT32_MAX);
	check_single("printer-name", IPPD_TAG_NAME, 0, 127);
	check_single("printer-state-message", IPPD_TAG_TEXT, 0, 1023);
	check_single("message", IPPD_TAG_TEXT, 0, 127);
	check_single("printer-uri", IPPD_TAG_URI, 0, 1023);
	check_single("printer-uuid", IPPD_TAG_URI, 0, 45);
	check_single("attributes-charset", IPPD_TAG_CHARSET, 0, 63);
	check_single("document-format", IPPD_TAG_MIME_TYPE, 0, 255);
	check_single("notify-user-data", IPPD_TAG_OCTET_STRING, 0, 63);
	check_single("notify-lease-duration", IPPD_TAG_INTEGER, 0, 67108863);
	check_single("ipp-attribute-fidelity", IPPD_TAG_BOOLEAN, 0, 1);
	check_single("media-col", IPPD_TAG_BEGIN_COLLECTION, 0, 0);
	check_single("sides", IPPD_TAG_KEYWORD, 1, 255);
	check_single("copies-supported", IPPD_TAG_RANGE, 1, INT32_MAX);
	check_single("printer-resolution-supported", IPPD_TAG_RESOLUTION, 0, 0);
	check_single("notify-status-code", IPPD_TAG_ENUM, 0, INT32_MAX);
	check_single("job-state", IPPD_TAG_ENUM, 1, INT32_MAX);
}

static void test_find_shapes(void **state)
{
	const ippd_attr_def_t *def;

	(void)state;
	def = ippd_registry_find("job-hold-until");
	assert_non_null(def);
	assert_int_equal(def->n_syntax, 2);
	assert_int_equal(def->syntax[0].tag, IPPD_TAG_KEYWORD);
	assert_int_equal(def->syntax[1].tag, IPPD_TAG_NAME);
	assert_int_equal(def->syntax[1].max, 255);
	assert_false(def->set_of);

	def = ippd_registry_find("page-ranges");
	assert_non_null(def);
	assert_true(def->set_of);
	assert_int_equal(def->syntax[0].tag, IPPD_TAG_RANGE);
	assert_int_equal(def->syntax[0].min, 1);

	def = ippd_registry_find("printer-resolution-supported");
	assert_true(def->set_of);
	def = ippd_registry_find("notify-events");
	assert_true(def->set_of);
	assert_true(def->groups & IPPD_AG_SUBSCRIPTION_TEMPLATE);
	def = ippd_registry_find("job-state-reasons");
	assert_true(def->set_of);
	assert_true(def->read_only);
	def = ippd_registry_find("number-up-supported");
	assert_int_equal(def->n_syntax, 2);
	def = ippd_registry_find("printer-geo-location");
	assert_true(ippd_registry_tag_allowed(def, IPPD_TAG_UNKNOWN));
}

static void test_find_groups(void **state)
{
	(void)state;
	assert_true(ippd_registry_find("copies")->groups & IPPD_AG_JOB_TEMPLATE);
	assert_true(ippd_registry_find("copies-default")->groups & IPPD_AG_PRINTER_DESCRIPTION);
	assert_true(ippd_registry_find("printer-state")->groups & IPPD_AG_PRINTER_STATUS);
	assert_true(ippd_registry_find("printer-state")->read_only);
	assert_false(ippd_registry_find("printer-location")->read_only);
	assert_true(ippd_registry_find("printer-uri-supported")->read_only);
	assert_true(ippd_registry_find("job-id")->read_only);
	assert_true(ippd_registry_find("document-state")->groups & IPPD_AG_DOCUMENT_STATUS);
	assert_true(ippd_registry_find("notify-subscription-id")->groups & IPPD_AG_SUBSCRIPTION_DESCRIPTION);
	assert_true(ippd_registry_find("notify-subscribed-event")->groups & IPPD_AG_EVENT_NOTIFICATION);
	assert_true(ippd_registry_find("system-state")->groups & IPPD_AG_SYSTEM_STATUS);
	assert_true(ippd_registry_find("system-name")->groups & IPPD_AG_SYSTEM_DESCRIPTION);
	assert_true(ippd_registry_find("resource-state")->groups & IPPD_AG_RESOURCE_STATUS);
	assert_true(ippd_registry_find("resource-name")->groups & IPPD_AG_RESOURCE_DESCRIPTION);
	assert_true(ippd_registry_find("media")->groups & IPPD_AG_DOCUMENT_TEMPLATE);
}

static void test_find_members(void **state)
{
	const ippd_attr_def_t *col = ippd_registry_find("media-col");
	const ippd_attr_def_t *size, *x, *type;

	(void)state;
	assert_non_null(col);
	assert_true(col->n_members >= 20);
	size = ippd_registry_find_member(col, "media-size");
	assert_non_null(size);
	assert_true(size->groups & IPPD_AG_MEMBER);
	assert_int_equal(size->n_members, 2);
	x = ippd_registry_find_member(size, "x-dimension");
	assert_non_null(x);
	assert_int_equal(x->syntax[0].tag, IPPD_TAG_INTEGER);
	assert_non_null(ippd_registry_find_member(size, "y-dimension"));
	assert_null(ippd_registry_find_member(size, "z-dimension"));
	type = ippd_registry_find_member(col, "media-type");
	assert_non_null(type);
	assert_true(ippd_registry_tag_allowed(type, IPPD_TAG_NAME_LANG));
	assert_non_null(ippd_registry_find_member(col, "media-source"));
	assert_non_null(ippd_registry_find_member(col, "media-top-margin"));
	assert_non_null(ippd_registry_find_member(col, "media-key"));
	assert_null(ippd_registry_find_member(col, "media"));
	assert_null(ippd_registry_find_member(col, NULL));
	assert_null(ippd_registry_find_member(NULL, "media-size"));
	assert_null(ippd_registry_find_member(ippd_registry_find("job-name"), "media-size"));
}

/* -default, -ready and -database, and the media-col member of covers, share media-col's member set. */
static void test_find_shared_members(void **state)
{
	const ippd_attr_def_t *col = ippd_registry_find("media-col");
	const char *same[] = {"media-col-default", "media-col-ready", "media-col-database"};
	const ippd_attr_def_t *cover;

	(void)state;
	for (size_t i = 0; i < COUNT(same); i++) {
		const ippd_attr_def_t *def = ippd_registry_find(same[i]);

		assert_non_null(def);
		assert_ptr_equal(def->members, col->members);
		assert_int_equal(def->n_members, col->n_members);
	}
	cover = ippd_registry_find_member(ippd_registry_find("cover-front"), "media-col");
	assert_non_null(cover);
	assert_ptr_equal(cover->members, col->members);
	assert_ptr_equal(ippd_registry_find("finishings-col-database")->members,
	                 ippd_registry_find("finishings-col")->members);
	assert_non_null(ippd_registry_find_member(ippd_registry_find("printer-icc-profiles"), "profile-url"));
	assert_non_null(ippd_registry_find_member(ippd_registry_find("printer-xri-supported"), "xri-uri"));
}

static void test_find_open(void **state)
{
	const ippd_attr_def_t *ov = ippd_registry_find("overrides");
	const ippd_attr_def_t *media;

	(void)state;
	assert_true(ippd_registry_is_open(ov));
	assert_non_null(ippd_registry_find_member(ov, "pages"));
	assert_true(ippd_registry_find_member(ov, "pages")->groups & IPPD_AG_MEMBER);
	media = ippd_registry_find_member(ov, "media");
	assert_ptr_equal(media, ippd_registry_find("media"));
	assert_null(ippd_registry_find_member(ov, "printer-name"));
	assert_null(ippd_registry_find_member(ov, "no-such-attribute"));
	assert_false(ippd_registry_is_open(ippd_registry_find("media-col")));
	assert_false(ippd_registry_is_open(ippd_registry_find("job-name")));
	assert_false(ippd_registry_is_open(NULL));
}

static void test_tag_allowed(void **state)
{
	const ippd_attr_def_t *job_name = ippd_registry_find("job-name");
	const ippd_attr_def_t *info = ippd_registry_find("printer-info");
	const ippd_attr_def_t *hold = ippd_registry_find("job-hold-until");

	(void)state;
	assert_true(ippd_registry_tag_allowed(job_name, IPPD_TAG_NAME));
	assert_true(ippd_registry_tag_allowed(job_name, IPPD_TAG_NAME_LANG));
	assert_false(ippd_registry_tag_allowed(job_name, IPPD_TAG_TEXT));
	assert_false(ippd_registry_tag_allowed(job_name, IPPD_TAG_KEYWORD));
	assert_true(ippd_registry_tag_allowed(info, IPPD_TAG_TEXT));
	assert_true(ippd_registry_tag_allowed(info, IPPD_TAG_TEXT_LANG));
	assert_false(ippd_registry_tag_allowed(info, IPPD_TAG_NAME_LANG));
	assert_true(ippd_registry_tag_allowed(hold, IPPD_TAG_KEYWORD));
	assert_true(ippd_registry_tag_allowed(hold, IPPD_TAG_NAME_LANG));
	assert_false(ippd_registry_tag_allowed(ippd_registry_find("copies"), IPPD_TAG_ENUM));
	assert_false(ippd_registry_tag_allowed(ippd_registry_find("copies"), 0x1021));
	assert_false(ippd_registry_tag_allowed(NULL, IPPD_TAG_NAME));
}

static void test_find_unknown(void **state)
{
	(void)state;
	assert_null(ippd_registry_find("no-such-attribute"));
	assert_null(ippd_registry_find("Job-Name"));
	assert_null(ippd_registry_find("job-name "));
	assert_null(ippd_registry_find(""));
	assert_null(ippd_registry_find(NULL));
	assert_null(ippd_registry_find("x-dimension"));
	assert_null(ippd_registry_at(ippd_registry_count()));
}

/* Checks one definition and, once per member set, its members. */
static void check_def(const ippd_attr_def_t *def, bool member, int depth)
{
	bool collection = false;

	assert_true(depth < 8);
	assert_non_null(def->name);
	assert_true(def->name[0] != '\0');
	if (def->n_syntax < 1 || !def->syntax)
		fail_msg("%s has no syntax", def->name);
	if (member)
		assert_int_equal(def->groups, IPPD_AG_MEMBER);
	else
		assert_true(def->groups != 0 && !(def->groups & IPPD_AG_MEMBER));
	for (uint8_t i = 0; i < def->n_syntax; i++) {
		const ippd_syntax_t *s = &def->syntax[i];

		if (s->min > s->max)
			fail_msg("%s: min %d above max %d", def->name, s->min, s->max);
		if (s->tag < 0x10 || !ippd_tag_name(s->tag))
			fail_msg("%s: tag 0x%02x is not a value tag", def->name, s->tag);
		if (IPPD_TAG_IS_STRING(s->tag) && s->max < 1)
			fail_msg("%s: string max %d", def->name, s->max);
		if (s->tag == IPPD_TAG_BEGIN_COLLECTION)
			collection = true;
	}
	if (collection && def->n_members == 0 && !ippd_registry_is_open(def))
		fail_msg("%s is a collection with no members", def->name);
	if (!collection && def->n_members != 0)
		fail_msg("%s has members but is no collection", def->name);
	for (size_t i = 0; i < def->n_members; i++) {
		if (i > 0 && strcmp(def->members[i - 1].name, def->members[i].name) >= 0)
			fail_msg("%s: members %s and %s out of order", def->name, def->members[i - 1].name,
			         def->members[i].name);
		assert_ptr_equal(ippd_registry_find_member(def, def->members[i].name), &def->members[i]);
		check_def(&def->members[i], true, depth + 1);
	}
}

static void test_defs_consistent(void **state)
{
	size_t n = ippd_registry_count();

	(void)state;
	assert_true(n >= 500);
	for (size_t i = 0; i < n; i++) {
		const ippd_attr_def_t *def = ippd_registry_at(i);

		assert_non_null(def);
		if (i > 0 && strcmp(ippd_registry_at(i - 1)->name, def->name) >= 0)
			fail_msg("%s and %s out of order", ippd_registry_at(i - 1)->name, def->name);
		assert_ptr_equal(ippd_registry_find(def->name), def);
		check_def(def, false, 0);
	}
}

/* Runs the generator on `data` (one extra line appended to a minimal file) and returns its stderr. */
static int run_generator(const char *data, char *err, size_t err_size)
{
	char dir[] = "/tmp/test-registry-XXXXXX";
	char in[64], out[64], cmd[512];
	FILE *f, *p;
	size_t n;
	int rc;

	if (!mkdtemp(dir))
		fail_msg("mkdtemp failed");
	snprintf(in, sizeof in, "%s/in.txt", dir);
	snprintf(out, sizeof out, "%s/out.c", dir);
	f = fopen(in, "w");
	assert_non_null(f);
	fputs("op 0x0002 Print-Job\nstatus 0x0000 successful-ok\n"
	      "tag 0x21 integer\ntag 0x23 enum\ntag 0x34 collection\n"
	      "tag 0x41 text max=1023\ntag 0x42 name max=255\ntag 0x44 keyword min=1 max=255\n",
	      f);
	fputs(data, f);
	fclose(f);
	snprintf(cmd, sizeof cmd, "python3 %s/../../tools/gen-registry.py --tables %s %s 2>&1", TEST_DATA_DIR,
	         out, in);
	p = popen(cmd, "r");
	assert_non_null(p);
	n = fread(err, 1, err_size - 1, p);
	err[n] = '\0';
	rc = pclose(p);
	unlink(out);
	unlink(in);
	rmdir(dir);
	return rc;
}

static void test_generator_rejects(void **state)
{
	static const struct {
		const char *line;
		const char *words;
	} bad[] = {
	    {"attr a operation name(MAX)\nattr a operation name(MAX)\n",
	     "in.txt:10: attribute a already defined"},
	    {"attr a operation nome\n", "in.txt:9: unknown syntax word"},
	    {"attr a operation name(256)\n", "in.txt:9: name(256) is outside"},
	    {"attr a operation integer(9:1)\n", "in.txt:9: integer(9:1) has LO above HI"},
	    {"attr a bogus integer\n", "in.txt:9: unknown group"},
	    {"attr a operation\n", "in.txt:9: attr needs"},
	    {"attr a operation enum(nope)\n", "in.txt:9: unknown enum table"},
	    {"attr a operation collection(nope)\n", "in.txt:9: unknown member set"},
	    {"attr a operation 1setOf (keyword | name(MAX)\n", "in.txt:9: unbalanced"},
	    {"op 0x0003 print-job\n", "in.txt:9: op print-job already defined at line 1"},
	    {"\t3 pending\n", "in.txt:9: indented line outside"},
	    {"frob a b\n", "in.txt:9: unknown directive"},
	};
	char err[1024];

	(void)state;
	if (system("python3 -c 0 >/dev/null 2>&1") != 0)
		skip();
	assert_int_equal(run_generator("attr a operation name(MAX)\n", err, sizeof err), 0);
	for (size_t i = 0; i < COUNT(bad); i++) {
		int rc = run_generator(bad[i].line, err, sizeof err);

		if (rc == 0 || !strstr(err, bad[i].words))
			fail_msg("%s: rc %d, said: %s", bad[i].line, rc, err);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_op_known, "ippd_op_name/ippd_op_value(RFC 8011, PWG and CUPS operations)"),
	    TEST(test_op_case, "ippd_op_value(any case)"),
	    TEST(test_op_unknown, "ippd_op_name/ippd_op_value(reserved ids, unknown names, NULL)"),
	    TEST(test_op_constants, "IPPD_OP_*(generated constants)"),
	    TEST(test_op_round_trip, "ippd_op_name(every id round-trips)"),
	    TEST(test_status_known, "ippd_status_name/ippd_status_value(known codes)"),
	    TEST(test_status_unknown, "ippd_status_name/ippd_status_value(withdrawn codes, NULL)"),
	    TEST(test_status_round_trip, "ippd_status_name(every code round-trips)"),
	    TEST(test_tag_known, "ippd_tag_name/ippd_tag_value(RFC 8010 tags)"),
	    TEST(test_tag_aliases, "ippd_tag_value(begCollection, ...WithoutLanguage, any case)"),
	    TEST(test_tag_reserved, "ippd_tag_name(reserved tags)"),
	    TEST(test_tag_round_trip, "ippd_tag_name(every tag round-trips)"),
	    TEST(test_enum_known, "ippd_enum_name/ippd_enum_value(shared tables)"),
	    TEST(test_enum_constants, "IPPD_JOB_STATE_*, IPPD_ORIENT_*, IPPD_FINISHINGS_*(constants)"),
	    TEST(test_enum_unknown, "ippd_enum_name/ippd_enum_value(unknown values and attributes)"),
	    TEST(test_enum_operations, "ippd_enum_value(operations-supported w/op names)"),
	    TEST(test_enum_listing, "ippd_enum_count/ippd_enum_at(listing)"),
	    TEST(test_enum_tables_consistent, "ippd_enum_at(every enum of every attribute)"),
	    TEST(test_find_job_name, "ippd_registry_find(job-name)"),
	    TEST(test_find_limits, "ippd_registry_find(syntax limits)"),
	    TEST(test_find_shapes, "ippd_registry_find(1setOf and alternatives)"),
	    TEST(test_find_groups, "ippd_registry_find(groups and read-only)"),
	    TEST(test_find_members, "ippd_registry_find_member(media-col, media-size)"),
	    TEST(test_find_shared_members, "ippd_registry_find_member(shared member sets)"),
	    TEST(test_find_open, "ippd_registry_is_open(overrides w/Job Template members)"),
	    TEST(test_tag_allowed, "ippd_registry_tag_allowed(name admits nameWithLanguage)"),
	    TEST(test_find_unknown, "ippd_registry_find(unknown names, exact case)"),
	    TEST(test_defs_consistent, "ippd_registry_at(every definition is consistent)"),
	    TEST(test_generator_rejects, "gen-registry.py(malformed data files w/file:line)"),
	};

	return cmocka_run_group_tests_name("registry", tests, NULL, NULL);
}
