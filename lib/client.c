/* The IPP client transport on libcurl: the document streamed out, the response decoded as it arrives. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#define _GNU_SOURCE /* strcasestr */
#include <ippd/client.h>
#include <ippd/codec.h>
#include <ippd/url.h>

#include <curl/curl.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

/* The *_STR protocol options and "localhost" always meaning loopback both arrived in 7.85. */
#if LIBCURL_VERSION_NUM < 0x075500
#error "libippd's client needs libcurl 7.85.0 or later"
#endif

enum {
	/* libcurl's upload buffer, which the document is read straight into. */
	UPLOAD_BUFFER = 64 * 1024,
	DEFAULT_CONNECT_TIMEOUT_MS = 10 * 1000,
	/* Less than LOW_SPEED_LIMIT bytes/s for LOW_SPEED_TIME s: the server is gone. */
	LOW_SPEED_LIMIT = 1,
	LOW_SPEED_TIME = 60,
	MAX_REDIRECTS = 3,
	/* Room for a host (255) in brackets, a colon and a port. */
	HOSTPORT_MAX = 272,
};

/* What the body of the response in progress is for. */
typedef enum body_mode {
	BODY_UNSEEN,  /* no body byte yet: decided on the first one */
	BODY_DECODE,  /* HTTP 200 application/ipp: fed to the decoder */
	BODY_DISCARD, /* an error page, or data after end-of-attributes */
} body_mode_t;

/* Authentication schemes seen in WWW-Authenticate. */
enum { AUTH_BASIC = 1, AUTH_DIGEST = 2, AUTH_OTHER = 4 };

/* One exchange: where the request body comes from, and what has come back. */
typedef struct exchange {
	const uint8_t *attrs; /* the encoded request */
	size_t attrs_len;
	size_t attrs_pos;
	int doc_fd;       /* -1: attributes only */
	bool doc_regular; /* read with pread() at doc_start + doc_pos, so it can be rewound */
	off_t doc_start;
	uint64_t doc_size;  /* regular files only */
	uint64_t doc_pos;   /* bytes of the document handed to libcurl */
	uint64_t last_sent; /* the last count given to the progress callback */

	int status; /* of the response in progress */
	char reason[64];
	char content_type[128];
	char challenge[128]; /* the first challenge, as scheme and realm */
	unsigned schemes;    /* AUTH_* */
	char location[512];
	body_mode_t mode;
	ippd_decode_status_t dec_status;

	bool failed; /* a callback stopped the transfer; err says why */
	ippd_error_t err;
} exchange_t;

struct ippd_client {
	CURL *curl;
	ippd_decoder_t *dec;
	struct curl_slist *hdr_attrs;       /* attributes only, or a retry after 417 */
	struct curl_slist *hdr_file;        /* a regular file: Content-Length, Expect asked for */
	struct curl_slist *hdr_chunked;     /* a pipe: chunked, Expect added by libcurl */
	struct curl_slist *hdr_chunked_417; /* a pipe, again after a 417: no Expect */
	ippd_url_t url;
	char *uri;
	char *user;
	char *ca_file;
	char http_url[IPPD_URL_BUFSIZE];
	char hostport[HOSTPORT_MAX];
	bool tls;
	bool basic_ok; /* TLS, or a loopback host: Basic may carry the password */
	long connect_timeout_ms;
	long timeout_ms;
	ippd_progress_fn progress;
	void *progress_ctx;
	bool (*stop)(void *ctx);
	void *stop_ctx;
	int32_t next_id;
	int http_status;
	char errbuf[CURL_ERROR_SIZE];
	exchange_t x;
};

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_init_result = CURLE_FAILED_INIT;

/*
 * curl_global_init() must run before any handle exists and, before libcurl
 * 7.84, must not run in two threads at once: the first client runs it, once
 * for the process.  curl_global_cleanup() is never called, since another
 * part of the program may still use libcurl.
 */
static void curl_init_once(void)
{
	curl_init_result = curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* Fills `err` (which may be NULL) with a code, an offset and a sentence. */
__attribute__((format(printf, 4, 5))) static void set_error(ippd_error_t *err, ippd_err_t code, size_t offset,
                                                            const char *fmt, ...)
{
	if (!err)
		return;
	memset(err, 0, sizeof(*err));
	err->code = code;
	err->offset = offset;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->text, sizeof(err->text), fmt, ap);
	va_end(ap);
}

/*
 * Loopback by name or address: "localhost" and "*.localhost", which libcurl
 * 7.85 and later resolve to loopback without asking DNS (RFC 6761; not yet
 * with a trailing dot, so "localhost." does not count), 127.0.0.0/8, ::1 and
 * ::ffff:127.0.0.0/104.  Only these may receive Basic credentials in clear.
 */
static bool host_is_loopback(const char *host)
{
	size_t n = strlen(host);
	if ((n == 9 && !strncasecmp(host, "localhost", 9)) ||
	    (n > 10 && !strncasecmp(host + n - 10, ".localhost", 10)))
		return true;

	struct in_addr a4;
	if (inet_pton(AF_INET, host, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;

	char bare[INET6_ADDRSTRLEN + 1];
	size_t len = strcspn(host, "%");
	if (len >= sizeof(bare))
		return false;
	memcpy(bare, host, len);
	bare[len] = '\0';
	struct in6_addr a6;
	if (inet_pton(AF_INET6, bare, &a6) != 1)
		return false;
	return IN6_IS_ADDR_LOOPBACK(&a6) || (IN6_IS_ADDR_V4MAPPED(&a6) && a6.s6_addr[12] == 127);
}

/* "1 s", "0.3 s", "10 s": timeouts as people write them. */
static void format_seconds(char *buf, size_t cap, long ms)
{
	snprintf(buf, cap, "%g s", (double)ms / 1000.0);
}

/* Words for the errno values a connection meets, in lower case to follow a colon. */
static const char *errno_words(long e)
{
	switch (e) {
	case ECONNREFUSED:
		return "connection refused";
	case ECONNRESET:
		return "connection reset by the server";
	case EPIPE:
		return "connection closed by the server";
	case ETIMEDOUT:
		return "timed out";
	case ENETUNREACH:
		return "network unreachable";
	case EHOSTUNREACH:
		return "no route to host";
	case EADDRNOTAVAIL:
		return "address not available";
	case 0:
		return NULL;
	}
	return strerror((int)e);
}

/* Reason phrases for status lines that leave out theirs (it is optional, RFC 9112 §4). */
static const char *reason_phrase(int status)
{
	switch (status) {
	case 301:
		return "Moved Permanently";
	case 302:
		return "Found";
	case 307:
		return "Temporary Redirect";
	case 308:
		return "Permanent Redirect";
	case 400:
		return "Bad Request";
	case 401:
		return "Unauthorized";
	case 403:
		return "Forbidden";
	case 404:
		return "Not Found";
	case 405:
		return "Method Not Allowed";
	case 413:
		return "Request Entity Too Large";
	case 415:
		return "Unsupported Media Type";
	case 417:
		return "Expectation Failed";
	case 426:
		return "Upgrade Required";
	case 500:
		return "Internal Server Error";
	case 501:
		return "Not Implemented";
	case 503:
		return "Service Unavailable";
	}
	return "";
}

/* ------------------------------------------------------------------ */
/* libcurl callbacks                                                  */
/* ------------------------------------------------------------------ */

/*
 * The request body: the encoded attributes, then the document read
 * straight into libcurl's buffer, so that no more than one buffer of it
 * is ever in memory.  A regular file is read no further than the size
 * announced in Content-Length, and must not end before it.
 */
static size_t on_read(char *buf, size_t size, size_t nitems, void *p)
{
	ippd_client_t *c = p;
	exchange_t *x = &c->x;
	size_t cap = size * nitems;
	size_t out = 0;

	if (x->attrs_pos < x->attrs_len) {
		out = x->attrs_len - x->attrs_pos;
		if (out > cap)
			out = cap;
		memcpy(buf, x->attrs + x->attrs_pos, out);
		x->attrs_pos += out;
	}
	if (out == cap || x->doc_fd < 0)
		return out;

	size_t want = cap - out;
	if (x->doc_regular && want > x->doc_size - x->doc_pos)
		want = (size_t)(x->doc_size - x->doc_pos);
	if (want == 0)
		return out;
	ssize_t got;
	do {
		if (x->doc_regular)
			got = pread(x->doc_fd, buf + out, want, x->doc_start + (off_t)x->doc_pos);
		else
			got = read(x->doc_fd, buf + out, want);
	} while (got < 0 && errno == EINTR);
	if (got < 0) {
		x->failed = true;
		set_error(&x->err, IPPD_ERR_IO, 0, "cannot read the document after %llu bytes: %s",
		          (unsigned long long)x->doc_pos, strerror(errno));
		return CURL_READFUNC_ABORT;
	}
	if (got == 0 && x->doc_regular) {
		x->failed = true;
		set_error(&x->err, IPPD_ERR_IO, 0,
		          "the document ended at %llu bytes, %llu fewer than its size",
		          (unsigned long long)x->doc_pos, (unsigned long long)(x->doc_size - x->doc_pos));
		return CURL_READFUNC_ABORT;
	}
	x->doc_pos += (uint64_t)got;
	return out + (size_t)got;
}

/*
 * libcurl rewinds the body to send it again after an authentication
 * challenge, a redirect or a 417.  The attributes and a regular file can
 * always go back; a pipe only while none of it has been read.
 */
static int on_seek(void *p, curl_off_t offset, int origin)
{
	ippd_client_t *c = p;
	exchange_t *x = &c->x;

	if (origin != SEEK_SET || offset < 0)
		return CURL_SEEKFUNC_CANTSEEK;
	uint64_t off = (uint64_t)offset;
	if (off <= x->attrs_len) {
		if (x->doc_pos > 0 && !x->doc_regular)
			return CURL_SEEKFUNC_CANTSEEK;
		x->attrs_pos = (size_t)off;
		x->doc_pos = 0;
		return CURL_SEEKFUNC_OK;
	}
	if (!x->doc_regular || off - x->attrs_len > x->doc_size)
		return CURL_SEEKFUNC_CANTSEEK;
	x->attrs_pos = x->attrs_len;
	x->doc_pos = off - x->attrs_len;
	return CURL_SEEKFUNC_OK;
}

/* Copies a header's value, without surrounding blanks and the CRLF, into `dst`. */
static void copy_value(char *dst, size_t cap, const char *v, size_t n)
{
	while (n && (*v == ' ' || *v == '\t')) {
		v++;
		n--;
	}
	while (n && (v[n - 1] == '\r' || v[n - 1] == '\n' || v[n - 1] == ' ' || v[n - 1] == '\t'))
		n--;
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, v, n);
	dst[n] = '\0';
}

/* True when `line` is the header `name` (given with its colon); `*value` then points after the colon. */
static bool header_is(const char *line, size_t len, const char *name, const char **value)
{
	size_t n = strlen(name);
	if (len < n || strncasecmp(line, name, n) != 0)
		return false;
	*value = line + n;
	return true;
}

/* Blanks and the separators of RFC 7235 challenges. */
static bool is_delim(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == ',' || ch == '=' || ch == '\0';
}

/*
 * Reads the challenges of one WWW-Authenticate value (RFC 7235 §4.1): a
 * token at the start or after a comma, and not followed by "=", names a
 * scheme; a token followed by "=" is a parameter, whose value may be a
 * quoted string.  The first challenge is kept as `Scheme realm="..."` for
 * the error message.
 */
static void note_challenges(exchange_t *x, const char *v, size_t n)
{
	bool keep = x->schemes == 0;
	bool at_item = true;
	unsigned seen = 0;
	size_t i = 0;

	while (i < n) {
		if (is_delim(v[i])) {
			at_item = at_item || v[i] == ',';
			i++;
			continue;
		}
		size_t start = i;
		while (i < n && !is_delim(v[i]))
			i++;
		size_t tok = i - start;
		size_t j = i;
		while (j < n && (v[j] == ' ' || v[j] == '\t'))
			j++;
		if (j < n && v[j] == '=') {
			i = j + 1;
			while (i < n && (v[i] == ' ' || v[i] == '\t'))
				i++;
			size_t vstart = i;
			if (i < n && v[i] == '"') {
				for (i++; i < n && v[i] != '"'; i++)
					i += v[i] == '\\';
				i = i < n ? i + 1 : n;
			} else {
				while (i < n && !is_delim(v[i]))
					i++;
			}
			if (keep && seen == 1 && tok == 5 && !strncasecmp(v + start, "realm", 5)) {
				size_t used = strlen(x->challenge);
				snprintf(x->challenge + used, sizeof(x->challenge) - used, " realm=%.*s",
				         (int)(i - vstart), v + vstart);
			}
		} else if (at_item) {
			unsigned bit = AUTH_OTHER;
			if (tok == 5 && !strncasecmp(v + start, "Basic", 5))
				bit = AUTH_BASIC;
			else if (tok == 6 && !strncasecmp(v + start, "Digest", 6))
				bit = AUTH_DIGEST;
			x->schemes |= bit;
			if (keep && ++seen == 1)
				copy_value(x->challenge, sizeof(x->challenge), v + start, tok);
		}
		at_item = false;
	}
}

/*
 * Each response (100 Continue, a 401 before the retry, a redirect, the
 * final answer) starts with its status line; what was learnt from the one
 * before is forgotten there, and the decoder starts over.
 */
static size_t on_header(char *line, size_t size, size_t nitems, void *p)
{
	ippd_client_t *c = p;
	exchange_t *x = &c->x;
	size_t len = size * nitems;
	const char *v;

	if (len > 5 && !strncmp(line, "HTTP/", 5)) {
		const char *s = memchr(line, ' ', len);
		x->status = 0;
		x->reason[0] = '\0';
		if (s) {
			size_t rest = len - (size_t)(s + 1 - line);
			x->status = (int)strtol(s + 1, NULL, 10);
			if (rest > 4)
				copy_value(x->reason, sizeof(x->reason), s + 4, rest - 3);
		}
		x->content_type[0] = '\0';
		x->challenge[0] = '\0';
		x->schemes = 0;
		x->location[0] = '\0';
		x->mode = BODY_UNSEEN;
		x->dec_status = IPPD_DECODE_NEED_MORE;
		ippd_decoder_reset(c->dec);
	} else if (header_is(line, len, "Content-Type:", &v)) {
		copy_value(x->content_type, sizeof(x->content_type), v, len - (size_t)(v - line));
	} else if (header_is(line, len, "WWW-Authenticate:", &v)) {
		note_challenges(x, v, len - (size_t)(v - line));
	} else if (header_is(line, len, "Location:", &v)) {
		copy_value(x->location, sizeof(x->location), v, len - (size_t)(v - line));
	}
	return len;
}

/* True for "application/ipp", with or without parameters. */
static bool is_ipp_type(const char *ct)
{
	if (strncasecmp(ct, "application/ipp", 15) != 0)
		return false;
	return ct[15] == '\0' || ct[15] == ';' || ct[15] == ' ' || ct[15] == '\t';
}

/* The decoder's complaint, at its byte offset in the response body. */
static void set_malformed(ippd_error_t *err, const ippd_decoder_t *dec)
{
	const ippd_error_t *de = ippd_decoder_error(dec);
	size_t at = de ? de->offset : ippd_decoder_offset(dec);
	set_error(err, IPPD_ERR_MALFORMED, at, "malformed response at byte %zu: %s", at,
	          de ? de->text : "the response is not an IPP message");
}

/*
 * The response body goes to the push decoder as it arrives, so only the
 * decoded message is kept.  A 200 that is not application/ipp stops the
 * transfer at once; the body of an HTTP error is drained so that the
 * connection can be used again.
 */
static size_t on_body(char *data, size_t size, size_t nitems, void *p)
{
	ippd_client_t *c = p;
	exchange_t *x = &c->x;
	size_t len = size * nitems;

	if (x->mode == BODY_UNSEEN) {
		x->mode = x->status == 200 ? BODY_DECODE : BODY_DISCARD;
		if (x->status == 200 && !is_ipp_type(x->content_type)) {
			x->failed = true;
			set_error(&x->err, IPPD_ERR_MALFORMED, 0,
			          "HTTP 200 but the response is %s, not application/ipp",
			          x->content_type[0] ? x->content_type : "without a Content-Type");
			return 0;
		}
	}
	if (x->mode == BODY_DISCARD || x->dec_status == IPPD_DECODE_DONE)
		return len;

	size_t used = 0;
	x->dec_status = ippd_decoder_feed(c->dec, data, len, &used);
	if (x->dec_status == IPPD_DECODE_ERROR) {
		x->failed = true;
		set_malformed(&x->err, c->dec);
		return 0;
	}
	return len;
}

/*
 * Upload progress at libcurl's pace, counted as body bytes handed to it:
 * libcurl's own count would include the chunked framing.  Reported once
 * per change.  The caller's stop() is asked here too.
 */
static int on_progress(void *p, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
	ippd_client_t *c = p;
	exchange_t *x = &c->x;
	if (c->stop && c->stop(c->stop_ctx))
		return 1; /* CURLE_ABORTED_BY_CALLBACK */
	uint64_t sent = x->attrs_pos + x->doc_pos;
	if (c->progress && sent != x->last_sent) {
		x->last_sent = sent;
		c->progress(c->progress_ctx, sent,
		            x->doc_fd < 0 || x->doc_regular ? x->attrs_len + x->doc_size : 0);
	}
	return 0;
}

/*
 * libcurl's trace for opts->verbose, on stderr as CURLOPT_VERBOSE would
 * print it, but with the credentials in Authorization headers blanked out.
 */
static int on_debug(CURL *curl, curl_infotype type, char *data, size_t size, void *p)
{
	static const char *const mark[] = {
	    [CURLINFO_TEXT] = "* ", [CURLINFO_HEADER_IN] = "< ", [CURLINFO_HEADER_OUT] = "> "};
	if (type != CURLINFO_TEXT && type != CURLINFO_HEADER_IN && type != CURLINFO_HEADER_OUT)
		return 0;
	while (size) {
		const char *nl = memchr(data, '\n', size);
		size_t n = nl ? (size_t)(nl - data) + 1 : size;
		const char *v;
		if (header_is(data, n, "Authorization:", &v) ||
		    header_is(data, n, "Proxy-Authorization:", &v))
			fprintf(stderr, "%s%.*s (credentials not shown)\n", mark[type], (int)(v - data),
			        data);
		else if (n > 2 || (n && data[0] != '\r' && data[0] != '\n'))
			fprintf(stderr, "%s%.*s%s", mark[type], (int)n, data, nl ? "" : "\n");
		data += n;
		size -= n;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Clients                                                            */
/* ------------------------------------------------------------------ */

/* Four header sets, made once: the request kind picks one. */
static bool make_headers(ippd_client_t *c)
{
	static const char *const attrs[] = {"Content-Type: application/ipp", "Expect:"};
	static const char *const file[] = {"Content-Type: application/ipp", "Expect: 100-continue"};
	static const char *const chunked[] = {"Content-Type: application/ipp", "Transfer-Encoding: chunked"};
	static const char *const chunked_417[] = {"Content-Type: application/ipp",
	                                          "Transfer-Encoding: chunked", "Expect:"};
	struct {
		struct curl_slist **list;
		const char *const *lines;
		size_t n;
	} sets[] = {{&c->hdr_attrs, attrs, 2},
	            {&c->hdr_file, file, 2},
	            {&c->hdr_chunked, chunked, 2},
	            {&c->hdr_chunked_417, chunked_417, 3}};

	for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
		for (size_t j = 0; j < sets[i].n; j++) {
			struct curl_slist *l = curl_slist_append(*sets[i].list, sets[i].lines[j]);
			if (!l)
				return false;
			*sets[i].list = l;
		}
	}
	return true;
}

/*
 * Options that hold for every request of the client.  Returns the first
 * option libcurl refused, or CURLE_OK.
 */
static CURLcode setup_curl(ippd_client_t *c, const ippd_client_opts_t *o)
{
	CURL *h = c->curl;
	const char *proto = c->tls ? "https" : "http";
	CURLcode rc = CURLE_OK;

#define SET(opt, val)                                                                                        \
	do {                                                                                                 \
		if (rc == CURLE_OK)                                                                          \
			rc = curl_easy_setopt(h, opt, val);                                                  \
	} while (0)
	SET(CURLOPT_URL, c->http_url);
	SET(CURLOPT_PROTOCOLS_STR, proto);
	SET(CURLOPT_REDIR_PROTOCOLS_STR, proto);
	SET(CURLOPT_FOLLOWLOCATION, 1L);
	SET(CURLOPT_MAXREDIRS, (long)MAX_REDIRECTS);
	SET(CURLOPT_POSTREDIR, (long)CURL_REDIR_POST_ALL);
	SET(CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
	SET(CURLOPT_POST, 1L);
	SET(CURLOPT_READFUNCTION, on_read);
	SET(CURLOPT_READDATA, c);
	SET(CURLOPT_SEEKFUNCTION, on_seek);
	SET(CURLOPT_SEEKDATA, c);
	SET(CURLOPT_HEADERFUNCTION, on_header);
	SET(CURLOPT_HEADERDATA, c);
	SET(CURLOPT_WRITEFUNCTION, on_body);
	SET(CURLOPT_WRITEDATA, c);
	SET(CURLOPT_UPLOAD_BUFFERSIZE, (long)UPLOAD_BUFFER);
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_TCP_KEEPALIVE, 1L);
	SET(CURLOPT_CONNECTTIMEOUT_MS, c->connect_timeout_ms);
	SET(CURLOPT_TIMEOUT_MS, c->timeout_ms);
	SET(CURLOPT_LOW_SPEED_LIMIT, (long)LOW_SPEED_LIMIT);
	SET(CURLOPT_LOW_SPEED_TIME, (long)LOW_SPEED_TIME);
	SET(CURLOPT_ERRORBUFFER, c->errbuf);
	SET(CURLOPT_USERAGENT, "ippd libcurl/" LIBCURL_VERSION);
	if (c->progress || c->stop) {
		SET(CURLOPT_XFERINFOFUNCTION, on_progress);
		SET(CURLOPT_XFERINFODATA, c);
		SET(CURLOPT_NOPROGRESS, 0L);
	}
	if (o && o->user) {
		SET(CURLOPT_USERNAME, o->user);
		SET(CURLOPT_PASSWORD, o->password ? o->password : "");
		SET(CURLOPT_HTTPAUTH,
		    c->basic_ok ? (long)(CURLAUTH_BASIC | CURLAUTH_DIGEST) : (long)CURLAUTH_DIGEST);
	}
	if (o && o->ca_file)
		SET(CURLOPT_CAINFO, o->ca_file);
	if (o && o->pinned_key)
		SET(CURLOPT_PINNEDPUBLICKEY, o->pinned_key);
	if (o && o->insecure) {
		SET(CURLOPT_SSL_VERIFYPEER, 0L);
		SET(CURLOPT_SSL_VERIFYHOST, 0L);
	}
	if (o && o->verbose) {
		SET(CURLOPT_DEBUGFUNCTION, on_debug);
		SET(CURLOPT_VERBOSE, 1L);
	}
#undef SET
	return rc;
}

ippd_client_t *ippd_client_new(const char *uri, const ippd_client_opts_t *opts, ippd_error_t *err)
{
	if (err)
		memset(err, 0, sizeof(*err));
	if (!uri) {
		set_error(err, IPPD_ERR_ARG, 0, "no printer URI given");
		return NULL;
	}
	if (pthread_once(&curl_once, curl_init_once) != 0 || curl_init_result != CURLE_OK) {
		set_error(err, IPPD_ERR_IO, 0, "cannot initialise libcurl: %s",
		          curl_easy_strerror(curl_init_result));
		return NULL;
	}

	ippd_client_t *c = calloc(1, sizeof(*c));
	if (!c)
		goto nomem;
	c->next_id = 1;
	if (ippd_url_parse(uri, &c->url, err) < 0)
		goto err;
	if (ippd_url_to_http(&c->url, c->http_url, sizeof(c->http_url)) < 0) {
		set_error(err, IPPD_ERR_ARG, 0, "cannot map %s to an HTTP URL", uri);
		goto err;
	}
	snprintf(c->hostport, sizeof(c->hostport), c->url.is_ipv6 ? "[%s]:%d" : "%s:%d", c->url.host,
	         c->url.port);
	c->tls = !strcmp(c->url.scheme, "ipps");
	c->basic_ok = c->tls || host_is_loopback(c->url.host);
	c->connect_timeout_ms =
	    opts && opts->connect_timeout_ms > 0 ? opts->connect_timeout_ms : DEFAULT_CONNECT_TIMEOUT_MS;
	c->timeout_ms = opts && opts->timeout_ms > 0 ? opts->timeout_ms : 0;
	c->progress = opts ? opts->progress : NULL;
	c->progress_ctx = opts ? opts->progress_ctx : NULL;
	c->stop = opts ? opts->stop : NULL;
	c->stop_ctx = opts ? opts->stop_ctx : NULL;

	ippd_limits_t limits;
	ippd_limits_response(&limits);
	c->uri = strdup(uri);
	c->user = opts && opts->user ? strdup(opts->user) : NULL;
	c->ca_file = opts && opts->ca_file ? strdup(opts->ca_file) : NULL;
	c->dec = ippd_decoder_new(&limits);
	c->curl = curl_easy_init();
	if (!c->uri || (opts && opts->user && !c->user) || (opts && opts->ca_file && !c->ca_file) ||
	    !c->dec || !c->curl || !make_headers(c))
		goto nomem;

	CURLcode rc = setup_curl(c, opts);
	if (rc == CURLE_OUT_OF_MEMORY)
		goto nomem;
	if (rc != CURLE_OK) {
		set_error(err, IPPD_ERR_ARG, 0, "this libcurl cannot do what was asked: %s",
		          curl_easy_strerror(rc));
		goto err;
	}
	return c;

nomem:
	set_error(err, IPPD_ERR_NOMEM, 0, "out of memory");
err:
	ippd_client_free(c);
	return NULL;
}

void ippd_client_free(ippd_client_t *client)
{
	if (!client)
		return;
	if (client->curl)
		curl_easy_cleanup(client->curl);
	curl_slist_free_all(client->hdr_attrs);
	curl_slist_free_all(client->hdr_file);
	curl_slist_free_all(client->hdr_chunked);
	curl_slist_free_all(client->hdr_chunked_417);
	ippd_decoder_free(client->dec);
	free(client->uri);
	free(client->user);
	free(client->ca_file);
	free(client);
}

const char *ippd_client_uri(const ippd_client_t *client)
{
	return client ? client->uri : NULL;
}

const char *ippd_client_http_url(const ippd_client_t *client)
{
	return client ? client->http_url : NULL;
}

int32_t ippd_client_next_id(ippd_client_t *client)
{
	if (!client)
		return 0;
	int32_t id = client->next_id;
	client->next_id = id == INT32_MAX ? 1 : id + 1;
	return id;
}

int ippd_client_http_status(const ippd_client_t *client)
{
	return client ? client->http_status : 0;
}

/* ------------------------------------------------------------------ */
/* Errors in words                                                    */
/* ------------------------------------------------------------------ */

/*
 * A timeout, told apart by what had happened: no connection (the connect
 * timeout), no TLS session, the whole-request limit reached, or else the
 * low-speed limit (nothing moved for a minute).
 */
static void timeout_error(ippd_client_t *c, ippd_error_t *err)
{
	curl_off_t connect_us = 0, tls_us = 0, total_us = 0;
	long sent = 0;
	char limit[32];

	curl_easy_getinfo(c->curl, CURLINFO_CONNECT_TIME_T, &connect_us);
	curl_easy_getinfo(c->curl, CURLINFO_APPCONNECT_TIME_T, &tls_us);
	curl_easy_getinfo(c->curl, CURLINFO_TOTAL_TIME_T, &total_us);
	curl_easy_getinfo(c->curl, CURLINFO_REQUEST_SIZE, &sent);
	if (connect_us == 0 && sent == 0) {
		long ms = c->connect_timeout_ms;
		if (c->timeout_ms && c->timeout_ms < ms)
			ms = c->timeout_ms;
		format_seconds(limit, sizeof(limit), ms);
		set_error(err, IPPD_ERR_IO, 0, "cannot connect to %s: timed out after %s", c->hostport,
		          limit);
	} else if (c->tls && tls_us == 0 && sent == 0) {
		format_seconds(limit, sizeof(limit), (long)(total_us / 1000));
		set_error(err, IPPD_ERR_IO, 0, "TLS handshake with %s timed out after %s", c->hostport,
		          limit);
	} else if (c->timeout_ms && total_us / 1000 + 50 >= c->timeout_ms) {
		format_seconds(limit, sizeof(limit), c->timeout_ms);
		set_error(err, IPPD_ERR_IO, 0, "timed out after %s waiting for %s", limit, c->hostport);
	} else {
		set_error(err, IPPD_ERR_IO, 0, "%s stopped responding: nothing moved for %d s", c->hostport,
		          LOW_SPEED_TIME);
	}
}

/*
 * libcurl's verify result is the TLS library's own: gnutls_certificate_status_t
 * bits for GnuTLS, an X509_V_ERR_* code for OpenSSL.  Both are part of those
 * libraries' ABI, so the values are written here rather than their headers
 * included.
 */
enum {
	GNUTLS_REVOKED_BIT = 1 << 5,
	GNUTLS_NOT_ACTIVATED_BIT = 1 << 9,
	GNUTLS_EXPIRED_BIT = 1 << 10,
	OPENSSL_NOT_YET_VALID = 9,
	OPENSSL_EXPIRED = 10,
	OPENSSL_REVOKED = 23,
	OPENSSL_HOSTNAME_MISMATCH = 62,
};

/*
 * A certificate that did not verify, told apart where libcurl or the TLS
 * library says why: a name mismatch, expired, not yet valid, revoked;
 * anything else is "not trusted".
 */
static void tls_verify_error(ippd_client_t *c, ippd_error_t *err)
{
	const curl_version_info_data *info = curl_version_info(CURLVERSION_NOW);
	const char *lib = info && info->ssl_version ? info->ssl_version : "";
	bool gnutls = !strncmp(lib, "GnuTLS", 6);
	bool openssl = !gnutls && strstr(lib, "SSL") != NULL;
	long vr = 0;
	const char *why = "is not trusted";

	curl_easy_getinfo(c->curl, CURLINFO_SSL_VERIFYRESULT, &vr);
	if (strcasestr(c->errbuf, "does not match") || (openssl && vr == OPENSSL_HOSTNAME_MISMATCH))
		why = "does not name this host (name mismatch)";
	else if (strcasestr(c->errbuf, "expired") || (gnutls && (vr & GNUTLS_EXPIRED_BIT)) ||
	         (openssl && vr == OPENSSL_EXPIRED))
		why = "has expired";
	else if ((gnutls && (vr & GNUTLS_NOT_ACTIVATED_BIT)) || (openssl && vr == OPENSSL_NOT_YET_VALID))
		why = "is not valid yet";
	else if ((gnutls && (vr & GNUTLS_REVOKED_BIT)) || (openssl && vr == OPENSSL_REVOKED))
		why = "has been revoked";
	set_error(err, IPPD_ERR_IO, 0, "TLS: the certificate of %s %s (%s)", c->hostport, why, c->errbuf);
}

/* A libcurl failure in words that name the host and what went wrong. */
static void curl_error(ippd_client_t *c, CURLcode rc, ippd_error_t *err)
{
	long os_errno = 0;
	const char *why;
	exchange_t *x = &c->x;

	curl_easy_getinfo(c->curl, CURLINFO_OS_ERRNO, &os_errno);
	why = errno_words(os_errno);
	switch (rc) {
	case CURLE_ABORTED_BY_CALLBACK:
		set_error(err, IPPD_ERR_IO, 0, "stopped by the caller");
		return;
	case CURLE_COULDNT_RESOLVE_HOST:
		set_error(err, IPPD_ERR_IO, 0, "cannot resolve %s", c->url.host);
		return;
	case CURLE_COULDNT_CONNECT:
		set_error(err, IPPD_ERR_IO, 0, "cannot connect to %s: %s", c->hostport,
		          why ? why : c->errbuf);
		return;
	case CURLE_OPERATION_TIMEDOUT:
		timeout_error(c, err);
		return;
	case CURLE_PEER_FAILED_VERIFICATION:
		tls_verify_error(c, err);
		return;
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
		set_error(err, IPPD_ERR_IO, 0, "TLS: the public key of %s does not match the pinned key",
		          c->hostport);
		return;
	case CURLE_SSL_CACERT_BADFILE:
		set_error(err, IPPD_ERR_IO, 0, "TLS: cannot use the CA file %s (%s)",
		          c->ca_file ? c->ca_file : "", c->errbuf);
		return;
	case CURLE_SSL_CONNECT_ERROR:
		set_error(err, IPPD_ERR_IO, 0, "TLS handshake with %s failed (%s)", c->hostport, c->errbuf);
		return;
	case CURLE_GOT_NOTHING:
		set_error(err, IPPD_ERR_IO, 0, "%s closed the connection without answering", c->hostport);
		return;
	case CURLE_SEND_ERROR:
		set_error(err, IPPD_ERR_IO, 0, "connection to %s lost while sending the request (%s)",
		          c->hostport, why ? why : c->errbuf);
		return;
	case CURLE_RECV_ERROR:
		set_error(err, IPPD_ERR_IO, 0, "connection to %s lost while receiving the response (%s)",
		          c->hostport, why ? why : c->errbuf);
		return;
	case CURLE_WEIRD_SERVER_REPLY:
		set_error(err, IPPD_ERR_IO, 0, "%s did not answer in HTTP (%s)", c->hostport, c->errbuf);
		return;
	case CURLE_TOO_MANY_REDIRECTS:
		set_error(err, IPPD_ERR_IO, 0, "more than %d redirects (the last to %s)", MAX_REDIRECTS,
		          x->location[0] ? x->location : "?");
		return;
	case CURLE_UNSUPPORTED_PROTOCOL:
		if (x->status >= 300 && x->status < 400) {
			set_error(err, IPPD_ERR_IO, 0,
			          "HTTP %d: redirected to %s, which is not followed (only %s:// is)",
			          x->status, x->location, c->tls ? "https" : "http");
			return;
		}
		break;
	case CURLE_SEND_FAIL_REWIND:
		set_error(err, IPPD_ERR_IO, 0,
		          "%s asked for the request again (authentication or a redirect) after the document "
		          "had been "
		          "read from a pipe, which cannot be read twice",
		          c->hostport);
		return;
	case CURLE_OUT_OF_MEMORY:
		set_error(err, IPPD_ERR_NOMEM, 0, "out of memory");
		return;
	default:
		break;
	}
	set_error(err, IPPD_ERR_IO, 0, "%s: %s%s%s", c->hostport, curl_easy_strerror(rc),
	          c->errbuf[0] ? ": " : "", c->errbuf);
}

/* A final HTTP status other than 200 in words; a 401 also says which challenge it carried. */
static void http_error(ippd_client_t *c, ippd_error_t *err)
{
	exchange_t *x = &c->x;
	const char *reason = x->reason[0] ? x->reason : reason_phrase(x->status);
	const char *challenge = x->challenge[0] ? x->challenge : "no challenge";

	if (x->status == 401 && !c->user) {
		set_error(err, IPPD_ERR_IO, 0, "HTTP 401: authentication required (%s)", challenge);
	} else if (x->status == 401 && !c->basic_ok && x->schemes == AUTH_BASIC) {
		set_error(
		    err, IPPD_ERR_IO, 0,
		    "HTTP 401: %s asks for Basic authentication, which would send the password unencrypted; "
		    "not sent (use ipps://)",
		    c->hostport);
	} else if (x->status == 401 && !(x->schemes & (AUTH_BASIC | AUTH_DIGEST))) {
		set_error(err, IPPD_ERR_IO, 0,
		          "HTTP 401: authentication required (%s), which is not supported", challenge);
	} else if (x->status == 401) {
		set_error(err, IPPD_ERR_IO, 0, "HTTP 401: authentication failed for user \"%s\" (%s)",
		          c->user, challenge);
	} else if (x->status == 426) {
		set_error(err, IPPD_ERR_IO, 0, "HTTP 426 %s: the printer requires TLS (use ipps://)", reason);
	} else if (x->status >= 300 && x->status < 400 && x->location[0]) {
		set_error(err, IPPD_ERR_IO, 0, "HTTP %d %s: redirected to %s", x->status, reason,
		          x->location);
	} else {
		set_error(err, IPPD_ERR_IO, 0, "HTTP %d%s%s", x->status, reason[0] ? " " : "", reason);
	}
}

/* ------------------------------------------------------------------ */
/* Sending                                                            */
/* ------------------------------------------------------------------ */

/*
 * What the document is: a regular file has a size (Content-Length) and
 * can be rewound; anything else is read to its end, chunked.
 */
static bool examine_document(exchange_t *x, int doc_fd, ippd_error_t *err)
{
	struct stat st;

	x->doc_fd = doc_fd;
	if (doc_fd < 0)
		return true;
	if (fstat(doc_fd, &st) < 0) {
		set_error(err, IPPD_ERR_IO, 0, "cannot examine the document: %s", strerror(errno));
		return false;
	}
	if (!S_ISREG(st.st_mode))
		return true;
	off_t at = lseek(doc_fd, 0, SEEK_CUR);
	x->doc_regular = true;
	x->doc_start = at > 0 ? at : 0;
	x->doc_size = st.st_size > x->doc_start ? (uint64_t)(st.st_size - x->doc_start) : 0;
	return true;
}

/* One POST of the body described by `x` with the header set `headers`. */
static CURLcode perform(ippd_client_t *c, struct curl_slist *headers, curl_off_t body_size)
{
	exchange_t *x = &c->x;

	x->attrs_pos = 0;
	x->doc_pos = 0;
	x->last_sent = UINT64_MAX;
	x->status = 0;
	x->mode = BODY_UNSEEN;
	x->dec_status = IPPD_DECODE_NEED_MORE;
	ippd_decoder_reset(c->dec);
	c->errbuf[0] = '\0';
	curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(c->curl, CURLOPT_POSTFIELDSIZE_LARGE, body_size);
	return curl_easy_perform(c->curl);
}

ippd_msg_t *ippd_client_send(ippd_client_t *client, const ippd_msg_t *req, int doc_fd, ippd_error_t *err)
{
	if (err)
		memset(err, 0, sizeof(*err));
	if (!client || !req) {
		set_error(err, IPPD_ERR_ARG, 0, "no client or no request");
		return NULL;
	}
	ippd_client_t *c = client;
	exchange_t *x = &c->x;
	c->http_status = 0;
	memset(x, 0, sizeof(*x));

	uint8_t *buf = NULL;
	size_t len = 0;
	ippd_err_t ec = ippd_msg_encode_alloc(req, &buf, &len);
	if (ec < 0) {
		set_error(err, ec, 0, "cannot encode the request: %s", ippd_err_string(ec));
		return NULL;
	}
	x->attrs = buf;
	x->attrs_len = len;
	if (!examine_document(x, doc_fd, err)) {
		free(buf);
		return NULL;
	}

	/*
	 * Expect: 100-continue lets a server refuse before the upload: asked for
	 * here on a regular file, by libcurl itself on a chunked body.  A server
	 * that answers 417 to it gets the request once more without it, when
	 * the document can still be sent (a file rewinds; a pipe must be
	 * unread).  Attributes alone go without.
	 */
	CURLcode rc;
	if (doc_fd < 0) {
		rc = perform(c, c->hdr_attrs, (curl_off_t)len);
	} else if (x->doc_regular) {
		curl_off_t total = (curl_off_t)(len + x->doc_size);
		rc = perform(c, c->hdr_file, total);
		if (rc == CURLE_OK && x->status == 417 && !x->failed)
			rc = perform(c, c->hdr_attrs, total);
	} else {
		rc = perform(c, c->hdr_chunked, -1);
		if (rc == CURLE_OK && x->status == 417 && !x->failed && x->doc_pos == 0)
			rc = perform(c, c->hdr_chunked_417, -1);
	}
	long status = 0;
	curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &status);
	c->http_status = (int)status;

	/*
	 * A whole IPP response is the answer even when the transfer then failed:
	 * a printer may answer an error before the document is all sent and
	 * close the connection.
	 */
	ippd_msg_t *msg = NULL;
	if (x->status == 200 && x->dec_status == IPPD_DECODE_DONE) {
		msg = ippd_decoder_take(c->dec);
		if (!msg)
			set_error(err, IPPD_ERR_NOMEM, 0, "out of memory");
	} else if (x->failed) {
		if (err)
			*err = x->err;
	} else if (rc != CURLE_OK && !(rc == CURLE_PARTIAL_FILE && x->mode == BODY_DECODE)) {
		curl_error(c, rc, err);
	} else if (x->status != 200) {
		http_error(c, err);
	} else if (!is_ipp_type(x->content_type)) {
		set_error(err, IPPD_ERR_MALFORMED, 0, "HTTP 200 but the response is %s, not application/ipp",
		          x->content_type[0] ? x->content_type : "without a Content-Type");
	} else {
		size_t at = ippd_decoder_offset(c->dec);
		set_error(err, IPPD_ERR_MALFORMED, at,
		          "malformed response at byte %zu: the response ends before end-of-attributes", at);
	}
	free(buf);
	return msg;
}
