/* Unit tests for ipp:// and ipps:// URL parsing, formatting, comparison and the HTTP mapping. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <ippd/registry.h>
#include <ippd/url.h>

#define TEST(fn, title) ((struct CMUnitTest){.name = (title), .test_func = (fn)})
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* A URL parsed as expected: NULL query means no "?" at all. */
typedef struct good_case {
	const char *in;
	const char *scheme;
	const char *host;
	int port;
	bool port_given;
	const char *path;
	const char *query;
	bool ipv6;
	int warn;
} good_case_t;

/* A URL refused with this code, at this offset, with these words in the text. */
typedef struct bad_case {
	const char *in;
	ippd_err_t code;
	size_t offset;
	const char *words;
} bad_case_t;

/* A pair of texts and whether ippd_url_equal must match them. */
typedef struct pair_case {
	const char *a;
	const char *b;
	bool equal;
} pair_case_t;

/* An input and the text ippd_url_format (or ippd_url_to_http) must give. */
typedef struct out_case {
	const char *in;
	const char *out;
} out_case_t;

/* RFC 3510 §4.6.1 printer URLs: each names a different printer, all on port 631. */
static const good_case_t rfc3510_printers[] = {
    {"ipp://example.com", "ipp", "example.com", 631, false, "/", NULL, false, 0},
    {"ipp://example.com/printer", "ipp", "example.com", 631, false, "/printer", NULL, false, 0},
    {"ipp://example.com/printer/tiger", "ipp", "example.com", 631, false, "/printer/tiger", NULL, false, 0},
    {"ipp://example.com/printer/fox", "ipp", "example.com", 631, false, "/printer/fox", NULL, false, 0},
    {"ipp://example.com/printer/tiger/bob", "ipp", "example.com", 631, false, "/printer/tiger/bob", NULL,
     false, 0},
    {"ipp://example.com/printer/tiger/ira", "ipp", "example.com", 631, false, "/printer/tiger/ira", NULL,
     false, 0},
    /* "with (optional) ports and paths" */
    {"ipp://example.com/~smith/printer", "ipp", "example.com", 631, false, "/~smith/printer", NULL, false, 0},
    {"ipp://example.com:631/~smith/printer", "ipp", "example.com", 631, true, "/~smith/printer", NULL, false,
     0},
};

/* RFC 3510 §4.6.2 job URLs. */
static const good_case_t rfc3510_jobs[] = {
    {"ipp://example.com/printer/123", "ipp", "example.com", 631, false, "/printer/123", NULL, false, 0},
    {"ipp://example.com/printer/tiger/job123", "ipp", "example.com", 631, false, "/printer/tiger/job123",
     NULL, false, 0},
};

/* ipps printer and job URLs in the shape of the RFC 7472 §4.6 examples. */
static const good_case_t rfc7472_examples[] = {
    {"ipps://example.com/", "ipps", "example.com", 631, false, "/", NULL, false, 0},
    {"ipps://example.com/ipp", "ipps", "example.com", 631, false, "/ipp", NULL, false, 0},
    {"ipps://example.com/ipp/faxout", "ipps", "example.com", 631, false, "/ipp/faxout", NULL, false, 0},
    {"ipps://example.com/ipp/print", "ipps", "example.com", 631, false, "/ipp/print", NULL, false, 0},
    {"ipps://example.com/ipp/scan", "ipps", "example.com", 631, false, "/ipp/scan", NULL, false, 0},
    {"ipps://example.com/ipp/print/bob", "ipps", "example.com", 631, false, "/ipp/print/bob", NULL, false, 0},
    {"ipps://example.com/ipp/print/ira", "ipps", "example.com", 631, false, "/ipp/print/ira", NULL, false, 0},
    {"ipps://example.com:631/ipp/print", "ipps", "example.com", 631, true, "/ipp/print", NULL, false, 0},
    {"ipps://example.com/ipp/print/123", "ipps", "example.com", 631, false, "/ipp/print/123", NULL, false, 0},
    {"ipps://example.com/ipp/print/jobs/123", "ipps", "example.com", 631, false, "/ipp/print/jobs/123", NULL,
     false, 0},
};

/* Everything else the grammar lets through, and how it lands in the struct. */
static const good_case_t other_good[] = {
    /* scheme is case-insensitive and stored lower case; host kept as written */
    {"IPP://Example.COM/p", "ipp", "Example.COM", 631, false, "/p", NULL, false, 0},
    {"IpPs://h", "ipps", "h", 631, false, "/", NULL, false, 0},
    /* an empty port is port 631, not given */
    {"ipp://host:/p", "ipp", "host", 631, false, "/p", NULL, false, 0},
    {"ipp://host:", "ipp", "host", 631, false, "/", NULL, false, 0},
    {"ipp://host:8631/x", "ipp", "host", 8631, true, "/x", NULL, false, 0},
    {"ipp://host:0631/", "ipp", "host", 631, true, "/", NULL, false, 0},
    {"ipp://host:65535/", "ipp", "host", 65535, true, "/", NULL, false, 0},
    {"ipp://printer.local./ipp/print", "ipp", "printer.local.", 631, false, "/ipp/print", NULL, false, 0},
    {"ipp://a-b.c-d.e9/", "ipp", "a-b.c-d.e9", 631, false, "/", NULL, false, 0},
    {"ipp://xn--bcher-kva.example/", "ipp", "xn--bcher-kva.example", 631, false, "/", NULL, false, 0},
    {"ipp://9printer.example/", "ipp", "9printer.example", 631, false, "/", NULL, false, 0},
    /* literal addresses parse, with a warning (RFC 3510 §4.6) */
    {"ipp://192.0.2.1/ipp", "ipp", "192.0.2.1", 631, false, "/ipp", NULL, false, IPPD_URL_WARN_ADDRESS},
    {"ipp://0.0.0.0:9/", "ipp", "0.0.0.0", 9, true, "/", NULL, false, IPPD_URL_WARN_ADDRESS},
    {"ipp://255.255.255.255/", "ipp", "255.255.255.255", 631, false, "/", NULL, false, IPPD_URL_WARN_ADDRESS},
    {"ipp://[2001:db8::1]/ipp", "ipp", "2001:db8::1", 631, false, "/ipp", NULL, true, IPPD_URL_WARN_ADDRESS},
    {"ipps://[::1]:8631", "ipps", "::1", 8631, true, "/", NULL, true, IPPD_URL_WARN_ADDRESS},
    {"ipp://[::]/", "ipp", "::", 631, false, "/", NULL, true, IPPD_URL_WARN_ADDRESS},
    {"ipp://[1:2:3:4:5:6:7:8]/", "ipp", "1:2:3:4:5:6:7:8", 631, false, "/", NULL, true,
     IPPD_URL_WARN_ADDRESS},
    {"ipp://[1::]/", "ipp", "1::", 631, false, "/", NULL, true, IPPD_URL_WARN_ADDRESS},
    {"ipp://[1:2:3:4:5:6:7::]/", "ipp", "1:2:3:4:5:6:7::", 631, false, "/", NULL, true,
     IPPD_URL_WARN_ADDRESS},
    {"ipp://[::ffff:192.0.2.1]/", "ipp", "::ffff:192.0.2.1", 631, false, "/", NULL, true,
     IPPD_URL_WARN_ADDRESS},
    {"ipp://[1:2:3:4:5:6:1.2.3.4]/", "ipp", "1:2:3:4:5:6:1.2.3.4", 631, false, "/", NULL, true,
     IPPD_URL_WARN_ADDRESS},
    {"ipp://[FE80::ABCD]/", "ipp", "FE80::ABCD", 631, false, "/", NULL, true, IPPD_URL_WARN_ADDRESS},
    /* RFC 6874 zone ids: "%25" in the URL, "%" in the struct */
    {"ipp://[fe80::1%25eth0]:631/", "ipp", "fe80::1%eth0", 631, true, "/", NULL, true, IPPD_URL_WARN_ADDRESS},
    {"ipp://[fe80::1%25en0.a_b-c~]/", "ipp", "fe80::1%en0.a_b-c~", 631, false, "/", NULL, true,
     IPPD_URL_WARN_ADDRESS},
    /* queries, after a path only */
    {"ipp://h/p?x=1&y=2", "ipp", "h", 631, false, "/p", "x=1&y=2", false, 0},
    {"ipp://h/p?", "ipp", "h", 631, false, "/p", "", false, 0},
    {"ipp://h/?a?b/c:@", "ipp", "h", 631, false, "/", "a?b/c:@", false, 0},
    /* every pchar, percent-encoding kept as written */
    {"ipp://h/a%20b%2f%7E", "ipp", "h", 631, false, "/a%20b%2f%7E", NULL, false, 0},
    {"ipp://h/p;x=1,y:z@w!$&'()*+-._~", "ipp", "h", 631, false, "/p;x=1,y:z@w!$&'()*+-._~", NULL, false, 0},
    {"ipp://h//double/", "ipp", "h", 631, false, "//double/", NULL, false, 0},
    {"ipp://h/%00", "ipp", "h", 631, false, "/%00", NULL, false, 0},
};

static void check_good(const good_case_t *c)
{
	ippd_url_t u;
	ippd_error_t err;
	ippd_err_t rc = ippd_url_parse(c->in, &u, &err);

	if (rc != c->warn)
		fail_msg("%s: got %d (%s), want %d", c->in, rc, err.text, c->warn);
	assert_int_equal(err.code, c->warn);
	assert_string_equal(u.scheme, c->scheme);
	assert_string_equal(u.host, c->host);
	assert_int_equal(u.port, c->port);
	assert_int_equal(u.port_given, c->port_given);
	assert_string_equal(u.path, c->path);
	assert_int_equal(u.has_query, c->query != NULL);
	assert_string_equal(u.query, c->query ? c->query : "");
	assert_int_equal(u.is_ipv6, c->ipv6);
}

static void check_good_table(const good_case_t *cases, size_t n)
{
	for (size_t i = 0; i < n; i++)
		check_good(&cases[i]);
}

static void test_parse_rfc3510_printers(void **state)
{
	check_good_table(rfc3510_printers, COUNT(rfc3510_printers));
}

static void test_parse_rfc3510_jobs(void **state)
{
	check_good_table(rfc3510_jobs, COUNT(rfc3510_jobs));
}

static void test_parse_rfc7472_examples(void **state)
{
	check_good_table(rfc7472_examples, COUNT(rfc7472_examples));
}

static void test_parse_other_good(void **state)
{
	check_good_table(other_good, COUNT(other_good));
}

/* Each rejection, the byte it blames, and words a person would look for. */
static const bad_case_t bad_cases[] = {
    /* relative references and other schemes (RFC 3510 §4.1) */
    {"", IPPD_ERR_SYNTAX, 0, "empty URL"},
    {"//example.com/printer", IPPD_ERR_SYNTAX, 0, "relative"},
    {"/printer", IPPD_ERR_SYNTAX, 0, "relative"},
    {"printer", IPPD_ERR_SYNTAX, 0, "relative"},
    {"example.com/printer", IPPD_ERR_SYNTAX, 0, "relative"},
    {" ipp://h/", IPPD_ERR_SYNTAX, 0, "relative"},
    {"ipp:/example.com/printer", IPPD_ERR_SYNTAX, 4, "expected \"//\""},
    {"ipp:example.com", IPPD_ERR_SYNTAX, 4, "expected \"//\""},
    {"ipp:", IPPD_ERR_SYNTAX, 4, "expected \"//\""},
    {"http://example.com/", IPPD_ERR_SYNTAX, 0, "scheme \"http\" is not ipp or ipps"},
    {"ippx://example.com/", IPPD_ERR_SYNTAX, 0, "not ipp or ipps"},
    {"ipp3://example.com/", IPPD_ERR_SYNTAX, 0, "not ipp or ipps"},
    /* authority: a host is required, userinfo is not allowed */
    {"ipp:///printer", IPPD_ERR_SYNTAX, 6, "missing host"},
    {"ipp://", IPPD_ERR_SYNTAX, 6, "missing host"},
    {"ipp://:631/p", IPPD_ERR_SYNTAX, 6, "missing host"},
    {"ipp://user@example.com/", IPPD_ERR_SYNTAX, 10, "userinfo"},
    {"ipp://user:pw@example.com/", IPPD_ERR_SYNTAX, 13, "userinfo"},
    /* no fragments; a query needs a path */
    {"ipp://example.com/p#frag", IPPD_ERR_SYNTAX, 19, "fragment"},
    {"ipp://example.com#x", IPPD_ERR_SYNTAX, 17, "fragment"},
    {"ipp://example.com/p?q#f", IPPD_ERR_SYNTAX, 21, "fragment"},
    {"ipp://example.com?q", IPPD_ERR_SYNTAX, 17, "query without a path"},
    /* percent-encoding and characters outside the grammar */
    {"ipp://example.com/a%2", IPPD_ERR_SYNTAX, 19, "bad percent-encoding"},
    {"ipp://example.com/a%zz", IPPD_ERR_SYNTAX, 19, "bad percent-encoding"},
    {"ipp://example.com/a%2g", IPPD_ERR_SYNTAX, 19, "bad percent-encoding"},
    {"ipp://example.com/%", IPPD_ERR_SYNTAX, 18, "bad percent-encoding"},
    {"ipp://example.com/p?%x1", IPPD_ERR_SYNTAX, 20, "bad percent-encoding"},
    {"ipp://example.com/a b", IPPD_ERR_SYNTAX, 19, "invalid character 0x20 in path"},
    {"ipp://example.com/a<b", IPPD_ERR_SYNTAX, 19, "invalid character '<' in path"},
    {"ipp://example.com/\xc3\xa9", IPPD_ERR_SYNTAX, 18, "invalid character 0xC3 in path"},
    {"ipp://example.com/[x]", IPPD_ERR_SYNTAX, 18, "'['"},
    {"ipp://example.com/a\\b", IPPD_ERR_SYNTAX, 19, "'\\'"},
    {"ipp://example.com/p?a b", IPPD_ERR_SYNTAX, 21, "in query"},
    {"ipp://example.com/p?a\"", IPPD_ERR_SYNTAX, 21, "in query"},
    {"ipp://h/ ", IPPD_ERR_SYNTAX, 8, "0x20"},
    {"ipp://h/\t", IPPD_ERR_SYNTAX, 8, "0x09"},
    /* host names */
    {"ipp://exa_mple.com/", IPPD_ERR_SYNTAX, 9, "invalid character '_' in host name"},
    {"ipp://ex%41mple.com/", IPPD_ERR_SYNTAX, 8, "'%' in host name"},
    {"ipp://example..com/", IPPD_ERR_SYNTAX, 14, "empty label"},
    {"ipp://.example.com/", IPPD_ERR_SYNTAX, 6, "empty label"},
    {"ipp://./", IPPD_ERR_SYNTAX, 6, "empty label"},
    {"ipp://-example.com/", IPPD_ERR_SYNTAX, 6, "starts with '-'"},
    {"ipp://example-.com/", IPPD_ERR_SYNTAX, 13, "ends with '-'"},
    {"ipp://example.com-/", IPPD_ERR_SYNTAX, 17, "ends with '-'"},
    {"ipp://\xc3\xa9.example/", IPPD_ERR_SYNTAX, 6, "0xC3"},
    /* a last label that starts with a digit must make an IPv4 address */
    {"ipp://256.1.1.1/", IPPD_ERR_SYNTAX, 6, "neither a host name nor"},
    {"ipp://1.2.3/", IPPD_ERR_SYNTAX, 11, "IPv4"},
    {"ipp://01.2.3.4/", IPPD_ERR_SYNTAX, 6, "IPv4"},
    {"ipp://1.2.3.4.5/", IPPD_ERR_SYNTAX, 13, "IPv4"},
    {"ipp://1.2.3.4./", IPPD_ERR_SYNTAX, 13, "IPv4"},
    {"ipp://1.2.3.04/", IPPD_ERR_SYNTAX, 12, "IPv4"},
    {"ipp://example.123/", IPPD_ERR_SYNTAX, 6, "IPv4"},
    {"ipp://1234/", IPPD_ERR_SYNTAX, 9, "IPv4"},
    /* IPv6 literals */
    {"ipp://[::1/", IPPD_ERR_SYNTAX, 6, "closing ']'"},
    {"ipp://[::1]x/", IPPD_ERR_SYNTAX, 11, "after the IPv6 literal"},
    {"ipp://[::1]]/", IPPD_ERR_SYNTAX, 11, "after the IPv6 literal"},
    {"ipp://::1/", IPPD_ERR_SYNTAX, 6, "missing host"},
    {"ipp://[1:2:3:4:5:6:7:8:9]/", IPPD_ERR_SYNTAX, 23, "bad IPv6 address"},
    {"ipp://[1::2::3]/", IPPD_ERR_SYNTAX, 12, "bad IPv6 address"},
    {"ipp://[12345::1]/", IPPD_ERR_SYNTAX, 11, "bad IPv6 address"},
    {"ipp://[::g]/", IPPD_ERR_SYNTAX, 9, "bad IPv6 address"},
    {"ipp://[1:2:3:4:5:6:7]/", IPPD_ERR_SYNTAX, 20, "bad IPv6 address"},
    {"ipp://[1:2:3:4:5:6:7:8::]/", IPPD_ERR_SYNTAX, 24, "bad IPv6 address"},
    {"ipp://[1::2:3:4:5:6:7:8]/", IPPD_ERR_SYNTAX, 23, "bad IPv6 address"},
    {"ipp://[::1.2.3]/", IPPD_ERR_SYNTAX, 14, "bad IPv6 address"},
    {"ipp://[::1.2.3.256]/", IPPD_ERR_SYNTAX, 15, "bad IPv6 address"},
    {"ipp://[1:2:3:4:5:6:7:1.2.3.4]/", IPPD_ERR_SYNTAX, 21, "bad IPv6 address"},
    {"ipp://[1.2.3.4]/", IPPD_ERR_SYNTAX, 14, "bad IPv6 address"},
    {"ipp://[1:]/", IPPD_ERR_SYNTAX, 8, "bad IPv6 address"},
    {"ipp://[:1]/", IPPD_ERR_SYNTAX, 7, "bad IPv6 address"},
    {"ipp://[:::1]/", IPPD_ERR_SYNTAX, 9, "bad IPv6 address"},
    {"ipp://[]/", IPPD_ERR_SYNTAX, 7, "bad IPv6 address"},
    {"ipp://[v1.fe80::1+eth0]/", IPPD_ERR_SYNTAX, 7, "IPvFuture"},
    {"ipp://[fe80::1%eth0]/", IPPD_ERR_SYNTAX, 14, "%25"},
    {"ipp://[fe80::1%25]/", IPPD_ERR_SYNTAX, 17, "empty IPv6 zone id"},
    {"ipp://[fe80::1%25e!0]/", IPPD_ERR_SYNTAX, 18, "in IPv6 zone id"},
    {"ipp://[fe80::1%25e%310]/", IPPD_ERR_SYNTAX, 18, "in IPv6 zone id"},
    /* ports */
    {"ipp://h:abc/", IPPD_ERR_SYNTAX, 8, "invalid character 'a' in port"},
    {"ipp://h:0/", IPPD_ERR_SYNTAX, 8, "out of range"},
    {"ipp://h:65536/", IPPD_ERR_SYNTAX, 8, "out of range"},
    {"ipp://h:99999999999999999999/", IPPD_ERR_SYNTAX, 8, "out of range"},
    {"ipp://h:1:2/", IPPD_ERR_SYNTAX, 9, "':' in port"},
    {"ipp://h:-1/", IPPD_ERR_SYNTAX, 8, "'-' in port"},
    {"ipp://h: 1/", IPPD_ERR_SYNTAX, 8, "0x20 in port"},
};

static void check_bad(const char *in, size_t len, const bad_case_t *c)
{
	ippd_url_t u;
	ippd_error_t err;
	ippd_err_t rc = ippd_url_parse_n(in, len, &u, &err);

	if (rc != c->code || err.offset != c->offset || !strstr(err.text, c->words))
		fail_msg("%s: got %d at %zu \"%s\", want %d at %zu \"%s\"", in, rc, err.offset, err.text,
		         c->code, c->offset, c->words);
	assert_int_equal(err.code, c->code);
	assert_int_equal(err.ipp_status, c->code == IPPD_ERR_TOO_LONG ? IPPD_STATUS_CLIENT_ERROR_REQUEST_VALUE_TOO_LONG : IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST);
	assert_non_null(strstr(err.text, "ipp URL: "));
	assert_string_equal(u.scheme, "");
	assert_string_equal(u.host, "");
}

static void test_parse_bad(void **state)
{
	for (size_t i = 0; i < COUNT(bad_cases); i++)
		check_bad(bad_cases[i].in, strlen(bad_cases[i].in), &bad_cases[i]);
}

/* The example sentence from the design: offset of the "%" and nothing else to decode. */
static void test_parse_error_text(void **state)
{
	ippd_url_t u;
	ippd_error_t err;

	assert_int_equal(ippd_url_parse("ipp://h.com/%zz", &u, &err), IPPD_ERR_SYNTAX);
	assert_string_equal(err.text, "ipp URL: bad percent-encoding at offset 12");
	assert_int_equal(err.offset, 12);
	assert_int_equal(err.ipp_status, IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST);
}

/* An IPP uri value is counted octets; a NUL inside must not cut it short. */
static void test_parse_n_nul(void **state)
{
	static const bad_case_t nul = {"", IPPD_ERR_SYNTAX, 8, "NUL octet"};
	ippd_url_t u;

	check_bad("ipp://h/\0evil", 13, &nul);
	assert_int_equal(ippd_url_parse_n("ipp://h/pX", 9, &u, NULL), IPPD_OK);
	assert_string_equal(u.path, "/p");
}

static char long_url[2048];

/* "ipp://example.com/aaa...", exactly `total` octets. */
static const char *make_url(size_t total)
{
	size_t head = strlen("ipp://example.com/");

	memcpy(long_url, "ipp://example.com/", head);
	memset(long_url + head, 'a', total - head);
	long_url[total] = '\0';
	return long_url;
}

/* RFC 3510 §4.5: 1023 octets at most, and a note of caution past 255. */
static void test_parse_length(void **state)
{
	ippd_url_t u;
	ippd_error_t err;

	assert_int_equal(ippd_url_parse(make_url(255), &u, &err), IPPD_OK);
	assert_int_equal(ippd_url_parse(make_url(256), &u, &err), IPPD_URL_WARN_LONG);
	assert_non_null(strstr(err.text, "longer than 255 octets"));
	assert_int_equal(ippd_url_parse(make_url(1023), &u, &err), IPPD_URL_WARN_LONG);
	assert_int_equal(strlen(u.path), 1023 - strlen("ipp://example.com"));
	assert_int_equal(ippd_url_parse(make_url(1024), &u, &err), IPPD_ERR_TOO_LONG);
	assert_int_equal(err.offset, 1023);
	assert_int_equal(err.ipp_status, IPPD_STATUS_CLIENT_ERROR_REQUEST_VALUE_TOO_LONG);
	assert_string_equal(err.text, "ipp URL: longer than 1023 octets at offset 1023");
	assert_int_equal(ippd_url_parse(make_url(2000), &u, &err), IPPD_ERR_TOO_LONG);
}

/* DNS limits: labels of 63 octets, names of 253 (RFC 1034 §3.1). */
static void test_parse_host_length(void **state)
{
	char in[400];
	ippd_url_t u;
	ippd_error_t err;

	snprintf(in, sizeof in, "ipp://%.63s/",
	         "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnop");
	assert_int_equal(ippd_url_parse(in, &u, &err), IPPD_OK);
	snprintf(in, sizeof in, "ipp://%.64s/",
	         "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnop");
	assert_int_equal(ippd_url_parse(in, &u, &err), IPPD_ERR_TOO_LONG);
	assert_int_equal(err.offset, 6 + 63);
	assert_non_null(strstr(err.text, "label longer than 63"));

	/* 4 labels of 63 and dots: 255 octets, two past the limit; 253 is fine */
	memset(in, 0, sizeof in);
	strcpy(in, "ipp://");
	for (int i = 0; i < 4; i++) {
		memset(in + strlen(in), 'a', 63);
		strcat(in, i < 3 ? "." : "/");
	}
	assert_int_equal(ippd_url_parse(in, &u, &err), IPPD_ERR_TOO_LONG);
	assert_int_equal(err.offset, 6 + 253);
	in[6 + 253] = '/';
	in[6 + 254] = '\0';
	assert_int_equal(ippd_url_parse(in, &u, &err), IPPD_URL_WARN_LONG);
	assert_int_equal(strlen(u.host), 253);
	/* a trailing dot does not count */
	in[6 + 253] = '.';
	strcpy(in + 6 + 254, "/");
	assert_int_equal(ippd_url_parse(in, &u, &err), IPPD_URL_WARN_LONG);

	/* an IPv6 literal has to fit the 255-octet host field, zone included */
	strcpy(in, "ipp://[fe80::1%25");
	memset(in + strlen(in), 'z', 247);
	strcpy(in + 17 + 247, "]/");
	assert_int_equal(ippd_url_parse(in, &u, &err), IPPD_URL_WARN_ADDRESS | IPPD_URL_WARN_LONG);
	assert_int_equal(strlen(u.host), 255);
	strcpy(in + 17 + 247, "z]/");
	assert_int_equal(ippd_url_parse(in, &u, &err), IPPD_ERR_TOO_LONG);
	assert_int_equal(err.offset, 7);
}

/* NULL anywhere is an argument error, never a crash. */
static void test_parse_null(void **state)
{
	ippd_url_t u;
	ippd_error_t err;

	assert_int_equal(ippd_url_parse(NULL, &u, &err), IPPD_ERR_ARG);
	assert_string_equal(err.text, "ipp URL: no URL or no result struct given");
	assert_int_equal(err.ipp_status, 0);
	assert_int_equal(ippd_url_parse("ipp://h/", NULL, &err), IPPD_ERR_ARG);
	assert_int_equal(ippd_url_parse("ipp://h/", &u, NULL), IPPD_OK);
	assert_int_equal(ippd_url_parse("ipp://h#", &u, NULL), IPPD_ERR_SYNTAX);
	assert_int_equal(ippd_url_parse_n(NULL, 0, &u, NULL), IPPD_ERR_ARG);
}

/* Warnings fill the struct and say what they warn about. */
static void test_parse_warning(void **state)
{
	ippd_url_t u;
	ippd_error_t err;
	ippd_err_t rc = ippd_url_parse("ipp://192.0.2.1/", &u, &err);

	assert_true(rc > 0);
	assert_int_equal(rc, IPPD_URL_WARN_ADDRESS);
	assert_int_equal(err.code, IPPD_URL_WARN_ADDRESS);
	assert_non_null(strstr(err.text, "literal IP address"));
	assert_string_equal(u.host, "192.0.2.1");

	make_url(300);
	memcpy(long_url, "ipp://10.0.0.1/aaaa", 19);
	rc = ippd_url_parse(long_url, &u, &err);
	assert_int_equal(rc, IPPD_URL_WARN_ADDRESS | IPPD_URL_WARN_LONG);
	assert_string_equal(err.text,
	                    "ipp URL: valid, but the host is a literal IP address (RFC 3510 4.6) and it is "
	                    "longer than 255 octets (RFC 3510 4.5)");
}

/* RFC 3510 §4.7 (RFC 2616 §3.2.3) and RFC 7472 comparisons. */
static const pair_case_t pairs[] = {
    /* RFC 3510 §4.6.1: "The second and third IPP URLs above are equivalent" */
    {"ipp://example.com/~smith/printer", "ipp://example.com:631/~smith/printer", true},
    /* and the first resolves to port 631 with path "/" */
    {"ipp://example.com", "ipp://example.com:631/", true},
    {"ipp://example.com", "ipp://example.com/", true},
    {"ipp://example.com:/", "ipp://example.com/", true},
    {"ipp://example.com:0631/", "ipp://example.com/", true},
    {"ipps://example.com/ipp/print", "ipps://example.com:631/ipp/print", true},
    {"IPP://EXAMPLE.COM/p", "ipp://example.com/p", true},
    {"ipp://example.com/%7Esmith", "ipp://example.com/~smith", true},
    {"ipp://example.com/%7esmith", "ipp://example.com/%7Esmith", true},
    {"ipp://example.com/a%2fb", "ipp://example.com/a%2Fb", true},
    {"ipp://example.com/%41%62%2D%2e%5F", "ipp://example.com/Ab-._", true},
    {"ipp://h/p?a=%7e", "ipp://h/p?a=~", true},
    {"ipp://[2001:DB8::1]/", "ipp://[2001:db8:0:0:0:0:0:1]/", true},
    {"ipp://[::ffff:192.0.2.1]/", "ipp://[::ffff:c000:201]/", true},
    {"ipp://[fe80::1%25eth0]/", "ipp://[FE80:0::1%25eth0]:631/", true},
    /* ipp uses RFC 2396, where ! * ' ( ) are unreserved; ipps RFC 3986, where they are not */
    {"ipp://example.com/%21%2A%27%28%29", "ipp://example.com/!*'()", true},
    {"ipps://example.com/%21", "ipps://example.com/!", false},
    /* what must stay different */
    {"ipp://example.com/printer", "ipps://example.com/printer", false},
    {"ipp://example.com/printer/tiger/bob", "ipp://example.com/printer/tiger/ira", false},
    {"ipp://example.com/Printer", "ipp://example.com/printer", false},
    {"ipp://example.com/a%2Fb", "ipp://example.com/a/b", false},
    {"ipp://example.com/a%3Fb", "ipp://example.com/a?b", false},
    {"ipp://example.com:8631/", "ipp://example.com/", false},
    {"ipps://example.com:443/", "ipps://example.com/", false},
    {"ipp://example.com/p?", "ipp://example.com/p", false},
    {"ipp://h/p?a", "ipp://h/p?A", false},
    {"ipp://example.com./", "ipp://example.com/", false},
    {"ipp://[fe80::1%25eth0]/", "ipp://[fe80::1%25eth1]/", false},
    {"ipp://[fe80::1%25eth0]/", "ipp://[fe80::1]/", false},
    {"ipp://h/a/../b", "ipp://h/b", false},
    /* invalid on either side is never equal, even to itself */
    {"ipp://example.com/p#f", "ipp://example.com/p#f", false},
    {"ipp://example.com/p", "ipp://example.com/p#f", false},
    {"http://example.com:631/p", "ipp://example.com/p", false},
};

static void test_equal(void **state)
{
	for (size_t i = 0; i < COUNT(pairs); i++) {
		if (ippd_url_equal(pairs[i].a, pairs[i].b) != pairs[i].equal ||
		    ippd_url_equal(pairs[i].b, pairs[i].a) != pairs[i].equal)
			fail_msg("%s vs %s: want %s", pairs[i].a, pairs[i].b,
			         pairs[i].equal ? "equal" : "different");
	}
	assert_false(ippd_url_equal(NULL, "ipp://h/"));
	assert_false(ippd_url_equal("ipp://h/", NULL));
	assert_false(ippd_url_equal(NULL, NULL));
}

/* The canonical form: the one text all equal URLs share. */
static const out_case_t formats[] = {
    {"ipp://example.com", "ipp://example.com/"},
    {"IPP://Example.COM:631/~smith/printer", "ipp://example.com/~smith/printer"},
    {"ipp://example.com:/p", "ipp://example.com/p"},
    {"ipp://example.com:8631/p", "ipp://example.com:8631/p"},
    {"ipp://example.com:0080/p", "ipp://example.com:80/p"},
    {"ipp://h/%7e%41%2f%2F%21%20", "ipp://h/~A%2F%2F!%20"},
    {"ipps://h/%7e%41%2f%21", "ipps://h/~A%2F%21"},
    {"ipp://h/p?", "ipp://h/p?"},
    {"ipp://h/p?Q%7e%3d", "ipp://h/p?Q~%3D"},
    {"ipp://192.0.2.1:631/", "ipp://192.0.2.1/"},
    /* RFC 5952 §4: shortest hex, longest zero run, first on a tie, no single-group "::" */
    {"ipp://[2001:DB8:0:0:0:0:0:1]/", "ipp://[2001:db8::1]/"},
    {"ipp://[2001:0db8:0000:0000:0001:0000:0000:0001]/", "ipp://[2001:db8::1:0:0:1]/"},
    {"ipp://[2001:db8:0:1:1:1:1:1]/", "ipp://[2001:db8:0:1:1:1:1:1]/"},
    {"ipp://[2001:db8::1:1:1:1:1]/", "ipp://[2001:db8:0:1:1:1:1:1]/"},
    {"ipp://[0:0:0:0:0:0:0:0]/", "ipp://[::]/"},
    {"ipp://[0:0:1:0:0:0:1:0]/", "ipp://[0:0:1::1:0]/"},
    {"ipp://[1:0:0:2:0:0:0:3]/", "ipp://[1:0:0:2::3]/"},
    {"ipp://[::ffff:192.0.2.1]/", "ipp://[::ffff:c000:201]/"},
    {"ipp://[FE80::1%25En0]:8631/x?Y", "ipp://[fe80::1%25En0]:8631/x?Y"},
};

static void test_format(void **state)
{
	char buf[IPPD_URL_BUFSIZE];
	ippd_url_t u;

	for (size_t i = 0; i < COUNT(formats); i++) {
		assert_true(ippd_url_parse(formats[i].in, &u, NULL) >= 0);
		assert_int_equal(ippd_url_format(&u, buf, sizeof buf), IPPD_OK);
		if (strcmp(buf, formats[i].out) != 0)
			fail_msg("%s: got %s, want %s", formats[i].in, buf, formats[i].out);
	}
}

/* RFC 3510 §5.1 c (RFC 2910 §5) and RFC 7472: http/https with the port always written. */
static const out_case_t https[] = {
    {"ipp://example.com", "http://example.com:631/"},
    {"ipp://example.com/printer", "http://example.com:631/printer"},
    {"ipp://example.com/~smith/printer", "http://example.com:631/~smith/printer"},
    {"ipp://example.com:631/~smith/printer", "http://example.com:631/~smith/printer"},
    {"ipp://example.com:8631/printer", "http://example.com:8631/printer"},
    {"ipp://example.com:80/printer", "http://example.com:80/printer"},
    {"ipps://example.com/ipp/print", "https://example.com:631/ipp/print"},
    {"ipps://example.com:631/ipp/print/123", "https://example.com:631/ipp/print/123"},
    {"IPPS://[2001:DB8::1]:443/ipp/print?x", "https://[2001:db8::1]:443/ipp/print?x"},
    {"ipp://[fe80::1%25eth0]/", "http://[fe80::1%25eth0]:631/"},
};

static void test_to_http(void **state)
{
	char buf[IPPD_URL_BUFSIZE];
	ippd_url_t u;

	for (size_t i = 0; i < COUNT(https); i++) {
		assert_true(ippd_url_parse(https[i].in, &u, NULL) >= 0);
		assert_int_equal(ippd_url_to_http(&u, buf, sizeof buf), IPPD_OK);
		if (strcmp(buf, https[i].out) != 0)
			fail_msg("%s: got %s, want %s", https[i].in, buf, https[i].out);
	}
	assert_int_equal(ippd_url_to_http(NULL, buf, sizeof buf), IPPD_ERR_ARG);
	assert_int_equal(ippd_url_to_http(&u, NULL, 10), IPPD_ERR_ARG);
}

/* Buffer sizes: the exact fit works, one less is IPPD_ERR_SPACE with "" left behind. */
static void test_format_space(void **state)
{
	const char *want = "ipp://example.com/printer";
	char buf[64];
	ippd_url_t u;

	assert_int_equal(ippd_url_parse(want, &u, NULL), IPPD_OK);
	assert_int_equal(ippd_url_format(&u, buf, strlen(want) + 1), IPPD_OK);
	assert_string_equal(buf, want);
	assert_int_equal(ippd_url_format(&u, buf, strlen(want)), IPPD_ERR_SPACE);
	assert_string_equal(buf, "");
	assert_int_equal(ippd_url_format(&u, buf, 1), IPPD_ERR_SPACE);
	assert_int_equal(ippd_url_to_http(&u, buf, strlen("http://example.com:631/printer")), IPPD_ERR_SPACE);
	assert_int_equal(ippd_url_format(&u, buf, 0), IPPD_ERR_ARG);
	assert_int_equal(ippd_url_format(NULL, buf, sizeof buf), IPPD_ERR_ARG);
	assert_int_equal(ippd_url_format(&u, NULL, sizeof buf), IPPD_ERR_ARG);
}

/* RFC 5952 can be one octet longer than a legal input ("1::2..." for one zero group). */
static void test_format_too_long(void **state)
{
	char buf[IPPD_URL_BUFSIZE];
	ippd_url_t u;

	make_url(1023);
	memcpy(long_url, "ipp://[1::2:3:4:5:6:7]/", 23);
	assert_int_equal(ippd_url_parse(long_url, &u, NULL), IPPD_URL_WARN_ADDRESS | IPPD_URL_WARN_LONG);
	assert_int_equal(ippd_url_format(&u, buf, sizeof buf), IPPD_ERR_TOO_LONG);
	assert_string_equal(buf, "");
	assert_int_equal(ippd_url_to_http(&u, buf, sizeof buf), IPPD_OK);
	assert_int_equal(strlen(buf), 1023 + 1 + 1 + 4);
	assert_true(ippd_url_equal(long_url, long_url));
}

/* A struct filled by hand is checked field by field before it is written out. */
static void test_format_bad_struct(void **state)
{
	char buf[IPPD_URL_BUFSIZE];
	ippd_url_t good, u;

	assert_int_equal(ippd_url_parse("ipp://example.com/p?q", &good, NULL), IPPD_OK);

	memset(&u, 0, sizeof u);
	assert_int_equal(ippd_url_format(&u, buf, sizeof buf), IPPD_ERR_ARG);

	u = good;
	strcpy(u.host, "bad host");
	assert_int_equal(ippd_url_format(&u, buf, sizeof buf), IPPD_ERR_ARG);
	u = good;
	strcpy(u.host, "evil.com/x");
	assert_int_equal(ippd_url_format(&u, buf, sizeof buf), IPPD_ERR_ARG);
	u = good;
	strcpy(u.host, "evil.com:99");
	assert_int_equal(ippd_url_format(&u, buf, sizeof buf), IPPD_ERR_ARG);
	u = good;
	strcpy(u.host, "::1");
	assert_int_equal(ippd_url_format(&u, buf, sizeof buf), IPPD_ERR_ARG);
	u = good;
	memset(u.host, 'a', sizeof u.host);
	assert_int_equal(ippd_url_format(&u, buf, sizeof buf), IPPD_ERR_ARG);
	u = good;
	strcpy(u.scheme, "http");
	assert_int_equal(ippd_url_format(&u, buf, sizeof buf), IPPD_ERR_ARG);
	u = good;
	strcpy(u.scheme, "IPP");
	assert_int_equal(ippd_url_format(&u, buf, sizeof buf), IPPD_ERR_ARG);
	u = good;
	u.port = 0;
	assert_int_equal(ippd_url_format(&u, buf, sizeof buf), IPPD_ERR_ARG);
	u = good;
	u.port = 8631;
	assert_int_equal(ippd_url_format(&u, buf, sizeof buf), IPPD_ERR_ARG);
	u = good;
	u.port_given = true;
	u.port = 70000;
	assert_int_equal(ippd_url_format(&u, buf, sizeof buf), IPPD_ERR_ARG);
	u = good;
	strcpy(u.path, "nope");
	assert_int_equal(ippd_url_format(&u, buf, sizeof buf), IPPD_ERR_ARG);
	u = good;
	strcpy(u.path, "/a#b");
	assert_int_equal(ippd_url_format(&u, buf, sizeof buf), IPPD_ERR_ARG);
	u = good;
	strcpy(u.path, "/a?b");
	assert_int_equal(ippd_url_format(&u, buf, sizeof buf), IPPD_ERR_ARG);
	u = good;
	strcpy(u.path, "/a%zz");
	assert_int_equal(ippd_url_format(&u, buf, sizeof buf), IPPD_ERR_ARG);
	u = good;
	strcpy(u.query, "a#b");
	assert_int_equal(ippd_url_format(&u, buf, sizeof buf), IPPD_ERR_ARG);
	u = good;
	memset(u.path, 'a', sizeof u.path);
	u.path[0] = '/';
	assert_int_equal(ippd_url_format(&u, buf, sizeof buf), IPPD_ERR_ARG);
	u = good;
	memset(u.path, 'a', sizeof u.path - 1);
	u.path[0] = '/';
	u.path[sizeof u.path - 1] = '\0';
	assert_int_equal(ippd_url_format(&u, buf, sizeof buf), IPPD_ERR_TOO_LONG);
	/* a query with has_query false is ignored, not written */
	u = good;
	u.has_query = false;
	assert_int_equal(ippd_url_format(&u, buf, sizeof buf), IPPD_OK);
	assert_string_equal(buf, "ipp://example.com/p");
}

/* Servers build printer-uri-supported from parts; parts that move a boundary are refused. */
static void test_build(void **state)
{
	char buf[IPPD_URL_BUFSIZE];
	ippd_url_t u;
	ippd_error_t err;

	assert_int_equal(ippd_url_build(&u, "ipp", "printer.example.com", 0, "/ipp/print", &err), IPPD_OK);
	assert_false(u.port_given);
	assert_int_equal(u.port, 631);
	assert_int_equal(ippd_url_format(&u, buf, sizeof buf), IPPD_OK);
	assert_string_equal(buf, "ipp://printer.example.com/ipp/print");

	assert_int_equal(ippd_url_build(&u, "IPPS", "example.com", 8631, "/ipp/print/jobs/1", &err), IPPD_OK);
	assert_string_equal(u.scheme, "ipps");
	assert_int_equal(ippd_url_format(&u, buf, sizeof buf), IPPD_OK);
	assert_string_equal(buf, "ipps://example.com:8631/ipp/print/jobs/1");

	assert_int_equal(ippd_url_build(&u, "ipp", "fe80::1%eth0", 631, "/", &err), IPPD_URL_WARN_ADDRESS);
	assert_true(u.is_ipv6);
	assert_string_equal(u.host, "fe80::1%eth0");
	assert_int_equal(ippd_url_to_http(&u, buf, sizeof buf), IPPD_OK);
	assert_string_equal(buf, "http://[fe80::1%25eth0]:631/");

	assert_int_equal(ippd_url_build(&u, "ipp", "192.0.2.1", 0, NULL, NULL), IPPD_URL_WARN_ADDRESS);
	assert_string_equal(u.path, "/");
	assert_int_equal(ippd_url_build(&u, "ipp", "h", 0, "", NULL), IPPD_OK);
	assert_string_equal(u.path, "/");

	assert_int_equal(ippd_url_build(&u, "ipp", "h", 0, "/p?x=1", NULL), IPPD_OK);
	assert_true(u.has_query);
	assert_string_equal(u.path, "/p");
	assert_string_equal(u.query, "x=1");
}

static void test_build_bad(void **state)
{
	char longpath[1100];
	ippd_url_t u;
	ippd_error_t err;

	assert_int_equal(ippd_url_build(&u, "ipp", "evil.com/x", 0, "/p", &err), IPPD_ERR_ARG);
	assert_string_equal(u.host, "");
	assert_non_null(strstr(err.text, "does not stand for itself"));
	assert_int_equal(ippd_url_build(&u, "ipp", "evil.com:99", 0, "/p", &err), IPPD_ERR_SYNTAX);
	assert_int_equal(ippd_url_build(&u, "ipp", "user@h", 0, "/p", &err), IPPD_ERR_SYNTAX);
	assert_non_null(strstr(err.text, "userinfo"));
	assert_int_equal(ippd_url_build(&u, "ipp", "", 0, "/p", &err), IPPD_ERR_SYNTAX);
	assert_int_equal(ippd_url_build(&u, "ipp", "[::1]", 0, "/p", &err), IPPD_ERR_SYNTAX);
	assert_int_equal(ippd_url_build(&u, "http", "h", 0, "/p", &err), IPPD_ERR_SYNTAX);
	assert_int_equal(ippd_url_build(&u, "ipp", "h", 70000, "/p", &err), IPPD_ERR_ARG);
	assert_int_equal(ippd_url_build(&u, "ipp", "h", -1, "/p", &err), IPPD_ERR_ARG);
	assert_int_equal(ippd_url_build(&u, "ipp", "h", 0, "p", &err), IPPD_ERR_ARG);
	assert_int_equal(ippd_url_build(&u, "ipp", "h", 0, "/a b", &err), IPPD_ERR_SYNTAX);
	assert_int_equal(ippd_url_build(&u, "ipp", "h", 0, "/p#x", &err), IPPD_ERR_SYNTAX);
	assert_int_equal(ippd_url_build(NULL, "ipp", "h", 0, "/p", &err), IPPD_ERR_ARG);
	assert_int_equal(ippd_url_build(&u, NULL, "h", 0, "/p", &err), IPPD_ERR_ARG);
	assert_int_equal(ippd_url_build(&u, "ipp", NULL, 0, "/p", &err), IPPD_ERR_ARG);
	assert_int_equal(ippd_url_build(&u, "ipp", "h", 0, "/p", NULL), IPPD_OK);

	memset(longpath, 'a', sizeof longpath - 1);
	longpath[0] = '/';
	longpath[sizeof longpath - 1] = '\0';
	assert_int_equal(ippd_url_build(&u, "ipp", "h", 0, longpath, &err), IPPD_ERR_TOO_LONG);
	longpath[1010] = '\0';
	assert_int_equal(ippd_url_build(&u, "ipp", "example.com", 0, longpath, &err), IPPD_ERR_TOO_LONG);
	assert_int_equal(ippd_url_build(&u, "ippsxxxxx", "h", 0, "/", &err), IPPD_ERR_TOO_LONG);
}

/* Every good URL survives format -> parse -> format unchanged, and equals its canonical form. */
static void check_round_trip(const good_case_t *cases, size_t n)
{
	char once[IPPD_URL_BUFSIZE], twice[IPPD_URL_BUFSIZE], http[IPPD_URL_BUFSIZE];
	ippd_url_t u, v;

	for (size_t i = 0; i < n; i++) {
		assert_true(ippd_url_parse(cases[i].in, &u, NULL) >= 0);
		assert_int_equal(ippd_url_format(&u, once, sizeof once), IPPD_OK);
		assert_true(ippd_url_parse(once, &v, NULL) >= 0);
		assert_int_equal(ippd_url_format(&v, twice, sizeof twice), IPPD_OK);
		assert_string_equal(once, twice);
		if (!ippd_url_equal(cases[i].in, once))
			fail_msg("%s is not equal to its canonical form %s", cases[i].in, once);
		assert_int_equal(ippd_url_to_http(&u, http, sizeof http), IPPD_OK);
	}
}

static void test_round_trip(void **state)
{
	check_round_trip(rfc3510_printers, COUNT(rfc3510_printers));
	check_round_trip(rfc3510_jobs, COUNT(rfc3510_jobs));
	check_round_trip(rfc7472_examples, COUNT(rfc7472_examples));
	check_round_trip(other_good, COUNT(other_good));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_parse_rfc3510_printers, "ippd_url_parse(RFC 3510 4.6.1 printer URLs)"),
	    TEST(test_parse_rfc3510_jobs, "ippd_url_parse(RFC 3510 4.6.2 job URLs)"),
	    TEST(test_parse_rfc7472_examples, "ippd_url_parse(RFC 7472 ipps examples)"),
	    TEST(test_parse_other_good, "ippd_url_parse(case, ports, hosts, IPv6, zones, queries)"),
	    TEST(test_parse_bad, "ippd_url_parse(invalid URLs w/offsets)"),
	    TEST(test_parse_error_text, "ippd_url_parse(error text w/bad percent-encoding)"),
	    TEST(test_parse_n_nul, "ippd_url_parse_n(NUL inside counted octets)"),
	    TEST(test_parse_length, "ippd_url_parse(255, 256, 1023 and 1024 octets)"),
	    TEST(test_parse_host_length, "ippd_url_parse(DNS label and name lengths)"),
	    TEST(test_parse_null, "ippd_url_parse(NULL arguments)"),
	    TEST(test_parse_warning, "ippd_url_parse(warnings)"),
	    TEST(test_equal, "ippd_url_equal(RFC 3510 4.7 comparisons)"),
	    TEST(test_format, "ippd_url_format(canonical form)"),
	    TEST(test_to_http, "ippd_url_to_http(ipp to http, ipps to https)"),
	    TEST(test_format_space, "ippd_url_format(small buffers)"),
	    TEST(test_format_too_long, "ippd_url_format(canonical form past 1023 octets)"),
	    TEST(test_format_bad_struct, "ippd_url_format(hand-filled struct w/bad fields)"),
	    TEST(test_build, "ippd_url_build(printer and job URIs)"),
	    TEST(test_build_bad, "ippd_url_build(bad parts)"),
	    TEST(test_round_trip, "ippd_url_format(round trip of every good URL)"),
	};

	return cmocka_run_group_tests_name("url", tests, NULL, NULL);
}
