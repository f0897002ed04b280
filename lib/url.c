/* ipp:// and ipps:// URLs: a strict parser, a canonical writer, and comparison built on the two. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <ippd/registry.h>
#include <ippd/url.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* The status codes a server answers a bad URL with (RFC 8011 §4.1.6). */
enum {
	STATUS_BAD_REQUEST = IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST,
	STATUS_VALUE_TOO_LONG = IPPD_STATUS_CLIENT_ERROR_REQUEST_VALUE_TOO_LONG,
};

/* RFC 1034 §3.1 and RFC 1123 §2.1 limits on a host name (trailing dot not counted). */
enum { DNS_NAME_MAX = 253, DNS_LABEL_MAX = 63 };

/* The offset given to url_fail() when no byte of the input is at fault. */
#define NO_OFFSET ((size_t)-1)

typedef struct url_parser {
	const char *s;
	size_t n;
	ippd_url_t *url;
	ippd_error_t *err;
	int warn;
} url_parser_t;

typedef struct url_out {
	char *buf;
	size_t cap;
	size_t len;
} url_out_t;

static ippd_err_t url_fail(ippd_error_t *err, ippd_err_t code, size_t offset, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/*
 * Fills `err` and returns `code`, so that every failure is one statement.
 * The text always names the module and, when there is one, the offset.
 */
static ippd_err_t url_fail(ippd_error_t *err, ippd_err_t code, size_t offset, const char *fmt, ...)
{
	char what[160];
	va_list ap;

	if (!err)
		return code;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	err->code = code;
	err->offset = offset == NO_OFFSET ? 0 : offset;
	err->ipp_status = 0;
	if (code == IPPD_ERR_TOO_LONG)
		err->ipp_status = STATUS_VALUE_TOO_LONG;
	else if (code == IPPD_ERR_SYNTAX)
		err->ipp_status = STATUS_BAD_REQUEST;
	if (offset == NO_OFFSET)
		snprintf(err->text, sizeof err->text, "ipp URL: %s", what);
	else
		snprintf(err->text, sizeof err->text, "ipp URL: %s at offset %zu", what, offset);
	return code;
}

/* Character classes by hand: <ctype.h> answers by locale, URLs are ASCII. */
static bool url_is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool url_is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int url_hex(unsigned char c)
{
	if (url_is_digit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static unsigned char url_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + ('a' - 'A')) : c;
}

/* RFC 3986 §2.3 unreserved. */
static bool url_is_unreserved(unsigned char c)
{
	return url_is_alpha(c) || url_is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

/*
 * The characters %XX may stand for without changing the URL.  RFC 3510 §4.4
 * (ipp) uses RFC 2396, whose unreserved set also holds ! * ' ( ); RFC 7472
 * (ipps) compares as HTTP does under RFC 3986, where those are reserved.
 */
static bool url_is_equivalent(unsigned char c, bool rfc2396)
{
	if (url_is_unreserved(c))
		return true;
	return rfc2396 && (c == '!' || c == '*' || c == '\'' || c == '(' || c == ')');
}

/* RFC 3986 §3.3 pchar, less pct-encoded, which the callers handle. */
static bool url_is_pchar(unsigned char c)
{
	return url_is_unreserved(c) || (c != '\0' && strchr("!$&'()*+,;=:@", c) != NULL);
}

static bool url_ascii_ieq(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (url_lower((unsigned char)a[i]) != url_lower((unsigned char)b[i]))
			return false;
	return true;
}

/* Quotes a character for an error sentence, printable or not. */
static const char *url_show(unsigned char c, char out[8])
{
	if (c > 0x20 && c < 0x7f)
		snprintf(out, 8, "'%c'", c);
	else
		snprintf(out, 8, "0x%02X", c);
	return out;
}

/*
 * RFC 3986 §3.2.2 IPv4address: four dec-octets, 0-255, with no leading
 * zeros (which some resolvers read as octal).  On failure *bad is the index
 * of the byte at fault.
 */
static bool url_ipv4(const char *s, size_t n, uint8_t out[4], size_t *bad)
{
	size_t i = 0, d;
	unsigned v;
	int part;

	for (part = 0; part < 4; part++) {
		if (part > 0) {
			if (i >= n || s[i] != '.') {
				*bad = i;
				return false;
			}
			i++;
		}
		d = i;
		v = 0;
		while (i < n && url_is_digit((unsigned char)s[i]) && i - d < 3)
			v = v * 10 + (unsigned)(s[i++] - '0');
		if (i == d || v > 255 || (i - d > 1 && s[d] == '0')) {
			*bad = d;
			return false;
		}
		out[part] = (uint8_t)v;
	}
	if (i != n) {
		*bad = i;
		return false;
	}
	return true;
}

/*
 * RFC 3986 §3.2.2 IPv6address (the RFC 4291 §2.2 text forms): up to eight
 * 16-bit groups of 1-4 hex digits, one "::" standing for one or more zero
 * groups, and optionally a dotted quad for the last 32 bits.
 */
static bool url_ipv6(const char *s, size_t n, uint8_t out[16], size_t *bad)
{
	uint16_t g[8];
	int ng = 0, gap = -1, k;
	size_t i = 0, j;
	unsigned v;
	uint8_t q[4];

	if (n >= 2 && s[0] == ':' && s[1] == ':') {
		gap = 0;
		i = 2;
	}
	while (i < n) {
		for (j = i, v = 0; j < n && j - i < 4 && url_hex((unsigned char)s[j]) >= 0; j++)
			v = v * 16 + (unsigned)url_hex((unsigned char)s[j]);
		if (j < n && s[j] == '.') {
			if (ng > 6 || !url_ipv4(s + i, n - i, q, bad)) {
				*bad = ng > 6 ? i : i + *bad;
				return false;
			}
			g[ng++] = (uint16_t)(q[0] << 8 | q[1]);
			g[ng++] = (uint16_t)(q[2] << 8 | q[3]);
			break;
		}
		if (j == i || ng == 8) {
			*bad = i;
			return false;
		}
		g[ng++] = (uint16_t)v;
		i = j;
		if (i == n)
			break;
		if (s[i] != ':') {
			*bad = i;
			return false;
		}
		i++;
		if (i < n && s[i] == ':') {
			if (gap >= 0) {
				*bad = i;
				return false;
			}
			gap = ng;
			i++;
		} else if (i == n) {
			*bad = i - 1;
			return false;
		}
	}
	if (gap < 0 ? ng != 8 : ng > 7) {
		*bad = n;
		return false;
	}
	memset(out, 0, 16);
	for (k = 0; k < ng; k++) {
		int at = gap >= 0 && k >= gap ? 8 - ng + k : k;

		out[2 * at] = (uint8_t)(g[k] >> 8);
		out[2 * at + 1] = (uint8_t)g[k];
	}
	return true;
}

/*
 * The scheme, which RFC 3986 §3.1 makes case-insensitive.  Text without a
 * scheme is a relative reference, and RFC 3510 §4.1 and RFC 7472 allow
 * only absolute URLs, with "//" and an authority.
 */
static ippd_err_t url_parse_scheme(url_parser_t *p, size_t *pos)
{
	const char *s = p->s;
	size_t i = 0;

	if (p->n == 0)
		return url_fail(p->err, IPPD_ERR_SYNTAX, 0, "empty URL");
	while (i < p->n && (url_is_alpha((unsigned char)s[i]) ||
	                    (i > 0 && (url_is_digit((unsigned char)s[i]) || (s[i] && strchr("+-.", s[i]))))))
		i++;
	if (i == 0 || i == p->n || s[i] != ':')
		return url_fail(p->err, IPPD_ERR_SYNTAX, 0,
		                "relative reference or missing scheme (must start with ipp:// or ipps://)");
	if (i == 3 && url_ascii_ieq(s, "ipp", 3))
		strcpy(p->url->scheme, "ipp");
	else if (i == 4 && url_ascii_ieq(s, "ipps", 4))
		strcpy(p->url->scheme, "ipps");
	else
		return url_fail(p->err, IPPD_ERR_SYNTAX, 0, "scheme \"%.*s\" is not ipp or ipps",
		                (int)(i > 16 ? 16 : i), s);
	i++;
	if (p->n - i < 2 || s[i] != '/' || s[i + 1] != '/')
		return url_fail(p->err, IPPD_ERR_SYNTAX, i, "expected \"//\" after \"%s:\"", p->url->scheme);
	*pos = i + 2;
	return IPPD_OK;
}

/*
 * A host name (RFC 2396 hostname, RFC 1123 labels: letters, digits and
 * inner hyphens, 1-63 octets each, optional trailing dot) or a dotted-quad
 * IPv4 address.  RFC 2396 §3.2.2 makes a name's last label start with a
 * letter; one that starts with a digit must therefore be an IPv4 address.
 */
static ippd_err_t url_parse_name(url_parser_t *p, size_t start, size_t end)
{
	const char *s = p->s;
	size_t i, label = start, last = start, len;
	uint8_t quad[4];
	char show[8];

	for (i = start; i < end; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '.') {
			if (i == label)
				return url_fail(p->err, IPPD_ERR_SYNTAX, i, "empty label in host name");
			if (s[i - 1] == '-')
				return url_fail(p->err, IPPD_ERR_SYNTAX, i - 1,
				                "host name label ends with '-'");
			last = label;
			label = i + 1;
			continue;
		}
		if (!url_is_alpha(c) && !url_is_digit(c) && c != '-')
			return url_fail(p->err, IPPD_ERR_SYNTAX, i, "invalid character %s in host name",
			                url_show(c, show));
		if (c == '-' && i == label)
			return url_fail(p->err, IPPD_ERR_SYNTAX, i, "host name label starts with '-'");
		if (i - label >= DNS_LABEL_MAX)
			return url_fail(p->err, IPPD_ERR_TOO_LONG, i, "host name label longer than %d octets",
			                DNS_LABEL_MAX);
	}
	if (label < end && s[end - 1] == '-')
		return url_fail(p->err, IPPD_ERR_SYNTAX, end - 1, "host name label ends with '-'");
	if (label < end)
		last = label;
	len = end - start - (label == end ? 1 : 0);
	if (len > DNS_NAME_MAX)
		return url_fail(p->err, IPPD_ERR_TOO_LONG, start + DNS_NAME_MAX,
		                "host name longer than %d octets", DNS_NAME_MAX);
	if (url_is_digit((unsigned char)s[last])) {
		if (!url_ipv4(s + start, end - start, quad, &i))
			return url_fail(p->err, IPPD_ERR_SYNTAX, start + i,
			                "host is neither a host name nor a dotted-quad IPv4 address");
		p->warn |= IPPD_URL_WARN_ADDRESS;
	}
	memcpy(p->url->host, s + start, end - start);
	p->url->host[end - start] = '\0';
	return IPPD_OK;
}

/*
 * An IP-literal between brackets (RFC 3986 §3.2.2).  A zone id follows RFC
 * 6874: "%25" then unreserved characters; IPvFuture is refused, since
 * nothing could connect to it.  The host field keeps the address as written
 * and the zone as "%zone", the form getaddrinfo() takes.
 */
static ippd_err_t url_parse_literal(url_parser_t *p, size_t start, size_t end)
{
	const char *s = p->s;
	const char *pct = memchr(s + start, '%', end - start);
	size_t addr_end = pct ? (size_t)(pct - s) : end, bad, i, zone, len;
	uint8_t addr[16];
	char show[8];

	if (start < end && (s[start] == 'v' || s[start] == 'V'))
		return url_fail(p->err, IPPD_ERR_SYNTAX, start, "IPvFuture literals are not supported");
	if (!url_ipv6(s + start, addr_end - start, addr, &bad))
		return url_fail(p->err, IPPD_ERR_SYNTAX, start + bad, "bad IPv6 address");
	if (pct) {
		if (end - addr_end < 3 || s[addr_end + 1] != '2' || s[addr_end + 2] != '5')
			return url_fail(p->err, IPPD_ERR_SYNTAX, addr_end,
			                "IPv6 zone id must be written \"%%25\" then the zone");
		zone = addr_end + 3;
		if (zone == end)
			return url_fail(p->err, IPPD_ERR_SYNTAX, zone, "empty IPv6 zone id");
		for (i = zone; i < end; i++)
			if (!url_is_unreserved((unsigned char)s[i]))
				return url_fail(p->err, IPPD_ERR_SYNTAX, i,
				                "invalid character %s in IPv6 zone id",
				                url_show((unsigned char)s[i], show));
	}
	len = addr_end - start + (pct ? 1 + end - (addr_end + 3) : 0);
	if (len >= sizeof p->url->host)
		return url_fail(p->err, IPPD_ERR_TOO_LONG, start, "IPv6 literal longer than %zu octets",
		                sizeof p->url->host - 1);
	memcpy(p->url->host, s + start, addr_end - start);
	if (pct) {
		p->url->host[addr_end - start] = '%';
		memcpy(p->url->host + addr_end - start + 1, s + addr_end + 3, end - (addr_end + 3));
	}
	p->url->host[len] = '\0';
	p->url->is_ipv6 = true;
	p->warn |= IPPD_URL_WARN_ADDRESS;
	return IPPD_OK;
}

/*
 * RFC 3986 §3.2.3 port = *DIGIT.  Empty or absent means 631 (RFC 3510 §4.5);
 * 0 and values past 65535 name no TCP port.  Leading zeros are allowed by
 * the grammar and the number is what counts.
 */
static ippd_err_t url_parse_port(url_parser_t *p, size_t start, size_t end)
{
	unsigned long v = 0;
	size_t i;
	char show[8];

	p->url->port = IPPD_URL_DEFAULT_PORT;
	for (i = start; i < end; i++) {
		unsigned char c = (unsigned char)p->s[i];

		if (!url_is_digit(c))
			return url_fail(p->err, IPPD_ERR_SYNTAX, i, "invalid character %s in port",
			                url_show(c, show));
		if (v <= 65535)
			v = v * 10 + (c - '0');
	}
	if (start == end)
		return IPPD_OK;
	if (v == 0 || v > 65535)
		return url_fail(p->err, IPPD_ERR_SYNTAX, start, "port out of range 1-65535");
	p->url->port = (int)v;
	p->url->port_given = true;
	return IPPD_OK;
}

/*
 * The authority runs to the first "/", "?" or "#" (RFC 3986 §3.2).  The
 * RFC 3510 and RFC 7472 grammars put the host right after "//", so an "@"
 * (userinfo) there is an error, not a user name to keep.
 */
static ippd_err_t url_parse_authority(url_parser_t *p, size_t *pos)
{
	const char *s = p->s;
	size_t start = *pos, end = start, host_end;
	const char *at, *close;
	ippd_err_t rc;

	while (end < p->n && s[end] != '/' && s[end] != '?' && s[end] != '#')
		end++;
	at = memchr(s + start, '@', end - start);
	if (at)
		return url_fail(p->err, IPPD_ERR_SYNTAX, (size_t)(at - s),
		                "userinfo (\"user@\") is not allowed");
	if (start == end || s[start] == ':')
		return url_fail(p->err, IPPD_ERR_SYNTAX, start, "missing host");
	if (s[start] == '[') {
		close = memchr(s + start, ']', end - start);
		if (!close)
			return url_fail(p->err, IPPD_ERR_SYNTAX, start, "IPv6 literal without a closing ']'");
		rc = url_parse_literal(p, start + 1, (size_t)(close - s));
		host_end = (size_t)(close - s) + 1;
	} else {
		host_end = start;
		while (host_end < end && s[host_end] != ':')
			host_end++;
		rc = url_parse_name(p, start, host_end);
	}
	if (rc < 0)
		return rc;
	if (host_end < end && s[host_end] != ':')
		return url_fail(p->err, IPPD_ERR_SYNTAX, host_end,
		                "expected ':' or '/' after the IPv6 literal");
	rc = url_parse_port(p, host_end < end ? host_end + 1 : end, end);
	*pos = end;
	return rc;
}

/*
 * Checks a path (pchar and "/") or a query (also "?") from *pos to its
 * end: "?" or "#" for a path, "#" for a query.  Every "%" must start a
 * %XX escape; both hex cases are fine.
 */
static ippd_err_t url_scan(url_parser_t *p, size_t *pos, bool query)
{
	const char *s = p->s;
	size_t i;
	char show[8];

	for (i = *pos; i < p->n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '#' || (c == '?' && !query))
			break;
		if (c == '%') {
			if (p->n - i < 3 || url_hex((unsigned char)s[i + 1]) < 0 ||
			    url_hex((unsigned char)s[i + 2]) < 0)
				return url_fail(p->err, IPPD_ERR_SYNTAX, i, "bad percent-encoding");
			i += 2;
		} else if (!url_is_pchar(c) && c != '/' && !(c == '?' && query)) {
			return url_fail(p->err, IPPD_ERR_SYNTAX, i, "invalid character %s in %s",
			                url_show(c, show), query ? "query" : "path");
		}
	}
	*pos = i;
	return IPPD_OK;
}

/*
 * RFC 3510 §4.5: [ abs_path [ "?" query ] ].  A missing path is "/" (the
 * Request-URI it stands for), a query needs a path before it, and the
 * grammar has no fragment.
 */
static ippd_err_t url_parse_rest(url_parser_t *p, size_t pos)
{
	size_t start = pos;
	ippd_err_t rc;

	strcpy(p->url->path, "/");
	if (pos < p->n && p->s[pos] == '/') {
		rc = url_scan(p, &pos, /*query*/ false);
		if (rc < 0)
			return rc;
		memcpy(p->url->path, p->s + start, pos - start);
		p->url->path[pos - start] = '\0';
	}
	if (pos < p->n && p->s[pos] == '?') {
		if (pos == start)
			return url_fail(p->err, IPPD_ERR_SYNTAX, pos, "query without a path (write \"/?\")");
		start = ++pos;
		rc = url_scan(p, &pos, /*query*/ true);
		if (rc < 0)
			return rc;
		memcpy(p->url->query, p->s + start, pos - start);
		p->url->query[pos - start] = '\0';
		p->url->has_query = true;
	}
	if (pos < p->n)
		return url_fail(p->err, IPPD_ERR_SYNTAX, pos, "fragments (\"#...\") are not allowed");
	return IPPD_OK;
}

/* Success, or a warning: the struct is filled either way, and the text says why it warns. */
static ippd_err_t url_warn(url_parser_t *p)
{
	bool addr, long_;

	if (p->n > 255)
		p->warn |= IPPD_URL_WARN_LONG;
	if (!p->err)
		return p->warn;
	p->err->code = p->warn;
	addr = p->warn & IPPD_URL_WARN_ADDRESS;
	long_ = p->warn & IPPD_URL_WARN_LONG;
	if (p->warn)
		snprintf(p->err->text, sizeof p->err->text, "ipp URL: valid, but%s%s%s",
		         addr ? " the host is a literal IP address (RFC 3510 4.6)" : "",
		         addr && long_ ? " and" : "",
		         long_ ? " it is longer than 255 octets (RFC 3510 4.5)" : "");
	return p->warn;
}

ippd_err_t ippd_url_parse_n(const char *s, size_t len, ippd_url_t *url, ippd_error_t *err)
{
	url_parser_t p = {s, len, url, err, 0};
	const char *nul;
	size_t pos = 0;
	ippd_err_t rc;

	if (err)
		memset(err, 0, sizeof *err);
	if (url)
		memset(url, 0, sizeof *url);
	if (!s || !url)
		return url_fail(err, IPPD_ERR_ARG, NO_OFFSET, "no URL or no result struct given");
	if (len > IPPD_URL_MAX)
		return url_fail(err, IPPD_ERR_TOO_LONG, IPPD_URL_MAX, "longer than %d octets", IPPD_URL_MAX);
	nul = memchr(s, '\0', len);
	if (nul)
		return url_fail(err, IPPD_ERR_SYNTAX, (size_t)(nul - s), "NUL octet");
	rc = url_parse_scheme(&p, &pos);
	if (rc == IPPD_OK)
		rc = url_parse_authority(&p, &pos);
	if (rc == IPPD_OK)
		rc = url_parse_rest(&p, pos);
	if (rc < 0) {
		memset(url, 0, sizeof *url);
		return rc;
	}
	return url_warn(&p);
}

ippd_err_t ippd_url_parse(const char *s, ippd_url_t *url, ippd_error_t *err)
{
	return ippd_url_parse_n(s, s ? strnlen(s, IPPD_URL_MAX + 1) : 0, url, err);
}

/* Output that keeps counting past the end, so one check at the end finds overflow. */
static void out_putc(url_out_t *o, char c)
{
	if (o->len + 1 < o->cap)
		o->buf[o->len] = c;
	o->len++;
}

static void out_puts(url_out_t *o, const char *str)
{
	while (*str)
		out_putc(o, *str++);
}

/*
 * A path or query in canonical form (RFC 3986 §6.2.2.1-2): %XX that stands
 * for an unreserved character becomes the character, other %XX gets upper
 * case hex.  Nothing else changes, so case in the path still counts.
 */
static void out_put_encoded(url_out_t *o, const char *str, bool rfc2396)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *str; str++) {
		unsigned char c;

		if (*str != '%') {
			out_putc(o, *str);
			continue;
		}
		c = (unsigned char)(url_hex((unsigned char)str[1]) << 4 | url_hex((unsigned char)str[2]));
		if (url_is_equivalent(c, rfc2396)) {
			out_putc(o, (char)c);
		} else {
			out_putc(o, '%');
			out_putc(o, hex[c >> 4]);
			out_putc(o, hex[c & 15]);
		}
		str += 2;
	}
}

/*
 * RFC 5952 §4: lower-case hex without leading zeros, and the longest run
 * of two or more zero groups (the first of equals) written "::".
 */
static void out_put_ipv6(url_out_t *o, const uint8_t a[16])
{
	unsigned g[8];
	int i, run, best = -1, best_len = 1;
	char num[8];

	for (i = 0; i < 8; i++)
		g[i] = (unsigned)(a[2 * i] << 8 | a[2 * i + 1]);
	for (i = 0; i < 8; i += run ? run : 1) {
		for (run = 0; i + run < 8 && g[i + run] == 0; run++)
			;
		if (run > best_len) {
			best = i;
			best_len = run;
		}
	}
	for (i = 0; i < 8; i++) {
		if (i == best) {
			out_puts(o, "::");
			i += best_len - 1;
			continue;
		}
		if (i > 0 && i != best + best_len)
			out_putc(o, ':');
		snprintf(num, sizeof num, "%x", g[i]);
		out_puts(o, num);
	}
}

/* The host, lower case (RFC 3986 §6.2.2.1), IPv6 in brackets with "%25" before a zone. */
static void out_put_host(url_out_t *o, const ippd_url_t *url)
{
	const char *h = url->host;
	size_t addr_len = strcspn(h, "%"), bad;
	uint8_t addr[16];

	if (!url->is_ipv6) {
		for (; *h; h++)
			out_putc(o, (char)url_lower((unsigned char)*h));
		return;
	}
	out_putc(o, '[');
	if (url_ipv6(h, addr_len, addr, &bad))
		out_put_ipv6(o, addr);
	if (h[addr_len]) {
		out_puts(o, "%25");
		out_puts(o, h + addr_len + 1);
	}
	out_putc(o, ']');
}

/*
 * The canonical text of a valid `url`, or with `http` its HTTP mapping:
 * scheme http/https and the port always written (RFC 2910 §5 through RFC
 * 3510 §5.1 c; RFC 7472 for https).
 */
static ippd_err_t url_write(const ippd_url_t *url, bool http, char *buf, size_t cap)
{
	url_out_t o = {buf, cap, 0};
	bool ipp = strcmp(url->scheme, "ipp") == 0;
	char num[8];

	out_puts(&o, http ? (ipp ? "http" : "https") : url->scheme);
	out_puts(&o, "://");
	out_put_host(&o, url);
	if (http || url->port != IPPD_URL_DEFAULT_PORT) {
		snprintf(num, sizeof num, ":%d", url->port);
		out_puts(&o, num);
	}
	out_put_encoded(&o, url->path, ipp);
	if (url->has_query) {
		out_putc(&o, '?');
		out_put_encoded(&o, url->query, ipp);
	}
	if (o.len >= cap) {
		buf[0] = '\0';
		return IPPD_ERR_SPACE;
	}
	buf[o.len] = '\0';
	return IPPD_OK;
}

#define URL_FIELD_OK(f) (memchr((f), '\0', sizeof(f)) != NULL)

/*
 * Trusts a caller-filled struct only when its fields, written out as a
 * URL, parse back to the very same fields: that one test catches a bad
 * character anywhere and a "/" or "?" that would move a boundary.  The
 * parsed copy goes to `out`, the parser's verdict to `err`.
 */
static ippd_err_t url_check(const ippd_url_t *url, ippd_url_t *out, ippd_error_t *err)
{
	char text[IPPD_URL_MAX + 2];
	url_out_t o = {text, sizeof text, 0};
	size_t zone;
	char num[8];
	ippd_err_t rc;

	if (!URL_FIELD_OK(url->scheme) || !URL_FIELD_OK(url->host) || !URL_FIELD_OK(url->path) ||
	    !URL_FIELD_OK(url->query))
		return url_fail(err, IPPD_ERR_ARG, NO_OFFSET,
		                "a field of the URL struct is not NUL-terminated");
	out_puts(&o, url->scheme);
	out_puts(&o, "://");
	if (url->is_ipv6) {
		zone = strcspn(url->host, "%");
		out_putc(&o, '[');
		for (size_t i = 0; i < zone; i++)
			out_putc(&o, url->host[i]);
		if (url->host[zone]) {
			out_puts(&o, "%25");
			out_puts(&o, url->host + zone + 1);
		}
		out_putc(&o, ']');
	} else {
		out_puts(&o, url->host);
	}
	if (url->port_given) {
		snprintf(num, sizeof num, ":%d", url->port > 0 && url->port <= 65535 ? url->port : 0);
		out_puts(&o, num);
	}
	out_puts(&o, url->path);
	if (url->has_query) {
		out_putc(&o, '?');
		out_puts(&o, url->query);
	}
	if (o.len >= o.cap)
		return url_fail(err, IPPD_ERR_TOO_LONG, NO_OFFSET, "longer than %d octets", IPPD_URL_MAX);
	text[o.len] = '\0';
	rc = ippd_url_parse(text, out, err);
	if (rc < 0)
		return rc;
	if (strcmp(out->scheme, url->scheme) || strcmp(out->host, url->host) ||
	    out->is_ipv6 != url->is_ipv6 || out->port != url->port || out->port_given != url->port_given ||
	    strcmp(out->path, url->path) || out->has_query != url->has_query ||
	    (url->has_query && strcmp(out->query, url->query))) {
		memset(out, 0, sizeof *out);
		return url_fail(err, IPPD_ERR_ARG, NO_OFFSET,
		                "a host, port or path in the URL struct does not stand for itself");
	}
	return rc;
}

/* format and to_http share this: check, then write. */
static ippd_err_t url_format(const ippd_url_t *url, bool http, char *buf, size_t cap)
{
	ippd_url_t again;
	ippd_err_t rc;

	if (buf && cap > 0)
		buf[0] = '\0';
	if (!url || !buf || cap == 0)
		return IPPD_ERR_ARG;
	rc = url_check(url, &again, NULL);
	if (rc < 0)
		return rc == IPPD_ERR_TOO_LONG ? rc : IPPD_ERR_ARG;
	rc = url_write(url, http, buf, cap);
	if (rc < 0)
		return rc;
	if (!http && strlen(buf) > IPPD_URL_MAX) {
		buf[0] = '\0';
		return IPPD_ERR_TOO_LONG;
	}
	return IPPD_OK;
}

ippd_err_t ippd_url_format(const ippd_url_t *url, char *buf, size_t cap)
{
	return url_format(url, /*http*/ false, buf, cap);
}

ippd_err_t ippd_url_to_http(const ippd_url_t *url, char *buf, size_t cap)
{
	return url_format(url, /*http*/ true, buf, cap);
}

/*
 * RFC 3510 §4.7 and RFC 7472 compare as HTTP does (RFC 2616 §3.2.3, RFC
 * 3986 §6.2.2) with 631 as the default port; the canonical form applies all
 * of those rules, so equal URLs have equal canonical text.
 */
bool ippd_url_equal(const char *a, const char *b)
{
	ippd_url_t ua, ub;
	char ca[IPPD_URL_BUFSIZE], cb[IPPD_URL_BUFSIZE];

	if (ippd_url_parse(a, &ua, NULL) < 0 || ippd_url_parse(b, &ub, NULL) < 0)
		return false;
	if (url_write(&ua, /*http*/ false, ca, sizeof ca) < 0 ||
	    url_write(&ub, /*http*/ false, cb, sizeof cb) < 0)
		return false;
	return strcmp(ca, cb) == 0;
}

/* Copies a part into a struct field, refusing (rather than cutting) one too long. */
static bool url_copy(char *dst, size_t cap, const char *src, size_t len)
{
	if (len >= cap)
		return false;
	memcpy(dst, src, len);
	dst[len] = '\0';
	return true;
}

/*
 * Fills a candidate struct from the parts and lets url_check() decide, so
 * that a part which would change the URL's structure (a "/" in the host)
 * is refused instead of silently becoming some other URL.
 */
ippd_err_t ippd_url_build(ippd_url_t *url, const char *scheme, const char *host, int port, const char *path,
                          ippd_error_t *err)
{
	ippd_url_t want;
	const char *q;

	if (err)
		memset(err, 0, sizeof *err);
	if (url)
		memset(url, 0, sizeof *url);
	if (!url || !scheme || !host)
		return url_fail(err, IPPD_ERR_ARG, NO_OFFSET, "no result struct, scheme or host given");
	if (port < 0 || port > 65535)
		return url_fail(err, IPPD_ERR_ARG, NO_OFFSET, "port %d out of range 1-65535", port);
	if (!path || !*path)
		path = "/";
	if (path[0] != '/')
		return url_fail(err, IPPD_ERR_ARG, NO_OFFSET, "path must start with '/'");
	memset(&want, 0, sizeof want);
	q = strchr(path, '?');
	want.port = port ? port : IPPD_URL_DEFAULT_PORT;
	want.port_given = port != 0;
	want.is_ipv6 = strchr(host, ':') != NULL;
	want.has_query = q != NULL;
	if (!url_copy(want.scheme, sizeof want.scheme, scheme, strlen(scheme)) ||
	    !url_copy(want.host, sizeof want.host, host, strlen(host)) ||
	    !url_copy(want.path, sizeof want.path, path, q ? (size_t)(q - path) : strlen(path)) ||
	    (q && !url_copy(want.query, sizeof want.query, q + 1, strlen(q + 1))))
		return url_fail(err, IPPD_ERR_TOO_LONG, NO_OFFSET, "a part is longer than the URL may be");
	for (char *c = want.scheme; *c; c++)
		*c = (char)url_lower((unsigned char)*c);
	return url_check(&want, url, err);
}
