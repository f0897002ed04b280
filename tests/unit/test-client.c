/* Unit tests for the IPP client transport, against a small HTTP server on a loopback port in this process. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#define _GNU_SOURCE /* strcasestr, pipe2 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <ippd/client.h>
#include <ippd/codec.h>
#include <ippd/registry.h>

#include "wire.h"

#define TEST(fn, title) ((struct CMUnitTest){.name = (title), .test_func = (fn)})
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

enum {
	MAX_SCRIPT = 4,
	MAX_REQUESTS = 8,
	BODY_KEEP = 4 * 1024 * 1024, /* request body bytes kept for comparison; the rest are counted */
	HEAD_MAX = 8192,
};

/* ------------------------------------------------------------------ */
/* The test server                                                    */
/* ------------------------------------------------------------------ */

/* How the server answers one request. */
typedef struct canned {
	const char *status;  /* "200 OK" */
	const char *headers; /* more header lines, each ending in CRLF */
	const uint8_t *body;
	size_t body_len;
	long declared;      /* Content-Length when it is not body_len; -2: none, the close ends it */
	bool early;         /* answer on the headers, with no 100 Continue and the body unread */
	bool hang_up;       /* close without answering */
	bool refuse_expect; /* answer 417 early to any request with Expect: 100-continue */
	int delay_ms;       /* before answering */
} canned_t;

/* What the server received. */
typedef struct request {
	char head[HEAD_MAX]; /* request line and headers */
	uint8_t *body;       /* the first BODY_KEEP bytes */
	size_t kept;
	uint64_t total;           /* body bytes received, the unread rest of an early answer included */
	long long content_length; /* -1: none */
	bool chunked;
	bool expect;
	int conn; /* the connection it came on, from 1 */
} request_t;

typedef struct srv {
	int fd;
	int port;
	char host[64];
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t idle;
	canned_t script[MAX_SCRIPT];
	size_t nscript;
	request_t req[MAX_REQUESTS];
	size_t nreq;
	int conns;
	int active;
} srv_t;

/* A buffered reader over one connection. */
typedef struct reader {
	int fd;
	uint8_t buf[64 * 1024];
	size_t pos, len;
} reader_t;

typedef struct conn_arg {
	srv_t *srv;
	int fd;
	int conn;
} conn_arg_t;

static srv_t S; /* the loopback server most tests use */

static bool fill(reader_t *r)
{
	if (r->pos < r->len)
		return true;
	ssize_t n;
	do
		n = read(r->fd, r->buf, sizeof(r->buf));
	while (n < 0 && errno == EINTR);
	if (n <= 0)
		return false;
	r->pos = 0;
	r->len = (size_t)n;
	return true;
}

/* One line with its CRLF, NUL-terminated; false at EOF or when it does not fit. */
static bool read_line(reader_t *r, char *out, size_t cap)
{
	size_t n = 0;
	while (fill(r)) {
		char ch = (char)r->buf[r->pos++];
		if (n + 1 >= cap)
			return false;
		out[n++] = ch;
		if (ch == '\n') {
			out[n] = '\0';
			return true;
		}
	}
	return false;
}

/* Takes `n` body bytes into the request: kept up to BODY_KEEP, counted beyond. */
static bool take(reader_t *r, request_t *q, uint64_t n)
{
	while (n) {
		if (!fill(r))
			return false;
		size_t k = r->len - r->pos;
		if (k > n)
			k = (size_t)n;
		if (q->kept < BODY_KEEP) {
			size_t keep = k < BODY_KEEP - q->kept ? k : BODY_KEEP - q->kept;
			if (!q->body)
				q->body = malloc(BODY_KEEP);
			memcpy(q->body + q->kept, r->buf + r->pos, keep);
			q->kept += keep;
		}
		q->total += k;
		r->pos += k;
		n -= k;
	}
	return true;
}

/* The body by Content-Length, or chunk by chunk (RFC 9112 §7.1). */
static bool read_body(reader_t *r, request_t *q)
{
	char line[128];
	if (!q->chunked)
		return take(r, q, q->content_length > 0 ? (uint64_t)q->content_length : 0);
	for (;;) {
		if (!read_line(r, line, sizeof(line)))
			return false;
		unsigned long long size = strtoull(line, NULL, 16);
		if (size == 0)
			break;
		if (!take(r, q, size) || !read_line(r, line, sizeof(line)))
			return false;
	}
	do
		if (!read_line(r, line, sizeof(line)))
			return false;
	while (strcmp(line, "\r\n") != 0);
	return true;
}

static void send_all(int fd, const void *p, size_t n)
{
	const uint8_t *b = p;
	while (n) {
		ssize_t w = send(fd, b, n, MSG_NOSIGNAL);
		if (w <= 0)
			return;
		b += w;
		n -= (size_t)w;
	}
}

static void send_answer(int fd, const canned_t *a)
{
	char head[1024];
	int n = snprintf(head, sizeof(head), "HTTP/1.1 %s\r\n%s", a->status, a->headers ? a->headers : "");
	if (a->early)
		n += snprintf(head + n, sizeof(head) - (size_t)n, "Connection: close\r\n");
	if (a->declared == -2)
		n += snprintf(head + n, sizeof(head) - (size_t)n, "Connection: close\r\n\r\n");
	else
		n += snprintf(head + n, sizeof(head) - (size_t)n, "Content-Length: %ld\r\n\r\n",
		              a->declared ? a->declared : (long)a->body_len);
	send_all(fd, head, (size_t)n);
	send_all(fd, a->body, a->body_len);
}

/* Reads and records the request line and headers; false at EOF. */
static bool read_head(reader_t *r, request_t *q)
{
	char line[HEAD_MAX];
	size_t used = 0;
	q->content_length = -1;
	for (;;) {
		if (!read_line(r, line, sizeof(line)))
			return false;
		size_t n = strlen(line);
		if (used + n < sizeof(q->head)) {
			memcpy(q->head + used, line, n + 1);
			used += n;
		}
		if (!strcmp(line, "\r\n"))
			return true;
		if (!strncasecmp(line, "Content-Length:", 15))
			q->content_length = strtoll(line + 15, NULL, 10);
		else if (!strncasecmp(line, "Transfer-Encoding:", 18) && strcasestr(line, "chunked"))
			q->chunked = true;
		else if (!strncasecmp(line, "Expect:", 7) && strcasestr(line, "100-continue"))
			q->expect = true;
	}
}

/*
 * One connection: requests answered from the script in turn.  An early
 * answer leaves the body unread; it is then drained and counted, as a
 * server that closes politely does, until the client hangs up.
 */
static void *serve_conn(void *p)
{
	conn_arg_t *arg = p;
	srv_t *s = arg->srv;
	reader_t *r = calloc(1, sizeof(*r));
	static request_t spare;
	r->fd = arg->fd;

	for (;;) {
		request_t *head = calloc(1, sizeof(*head));
		if (!read_head(r, head)) {
			free(head);
			break;
		}
		pthread_mutex_lock(&s->lock);
		size_t i = s->nreq < MAX_REQUESTS ? s->nreq++ : MAX_REQUESTS;
		request_t *q = i < MAX_REQUESTS ? &s->req[i] : &spare;
		*q = *head;
		q->conn = arg->conn;
		canned_t a = s->script[i < s->nscript ? i : s->nscript - 1];
		pthread_mutex_unlock(&s->lock);
		free(head);
		if (a.hang_up)
			break;
		if (a.refuse_expect && q->expect)
			a = (canned_t){.status = "417 Expectation Failed", .early = true};
		if (a.early) {
			send_answer(r->fd, &a);
			take(r, q, UINT64_MAX);
			break;
		}
		if (q->expect)
			send_all(r->fd, "HTTP/1.1 100 Continue\r\n\r\n", 25);
		if (!read_body(r, q))
			break;
		if (a.delay_ms)
			usleep((useconds_t)a.delay_ms * 1000);
		send_answer(r->fd, &a);
		if (a.declared)
			break;
	}
	shutdown(r->fd, SHUT_WR);
	struct timeval tv = {.tv_sec = 5};
	setsockopt(r->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	while (fill(r))
		r->pos = r->len;
	close(r->fd);
	free(r);
	free(arg);
	pthread_mutex_lock(&s->lock);
	s->active--;
	pthread_cond_broadcast(&s->idle);
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

static void *serve(void *p)
{
	srv_t *s = p;
	for (;;) {
		int fd = accept(s->fd, NULL, NULL);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			return NULL;
		}
		conn_arg_t *arg = calloc(1, sizeof(*arg));
		pthread_mutex_lock(&s->lock);
		arg->srv = s;
		arg->fd = fd;
		arg->conn = ++s->conns;
		s->active++;
		pthread_mutex_unlock(&s->lock);
		pthread_t t;
		pthread_create(&t, NULL, serve_conn, arg);
		pthread_detach(t);
	}
}

/* Listens on `addr` (an IPv4 address) at an ephemeral port. */
static bool srv_start(srv_t *s, const char *addr)
{
	struct sockaddr_in sa = {.sin_family = AF_INET};
	socklen_t len = sizeof(sa);
	memset(s, 0, sizeof(*s));
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->idle, NULL);
	inet_pton(AF_INET, addr, &sa.sin_addr);
	s->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s->fd < 0 || bind(s->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(s->fd, 16) < 0 ||
	    getsockname(s->fd, (struct sockaddr *)&sa, &len) < 0)
		return false;
	s->port = ntohs(sa.sin_port);
	snprintf(s->host, sizeof(s->host), "%s", addr);
	return pthread_create(&s->thread, NULL, serve, s) == 0;
}

/* Waits (up to 10 s) until every connection has ended. */
static void srv_wait_idle(srv_t *s)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 10;
	pthread_mutex_lock(&s->lock);
	while (s->active > 0)
		if (pthread_cond_timedwait(&s->idle, &s->lock, &until) != 0)
			break;
	pthread_mutex_unlock(&s->lock);
}

/* Forgets what was received and sets the answers for the next requests. */
static void srv_script(srv_t *s, size_t n, const canned_t *script)
{
	srv_wait_idle(s);
	pthread_mutex_lock(&s->lock);
	for (size_t i = 0; i < MAX_REQUESTS; i++) {
		free(s->req[i].body);
		memset(&s->req[i], 0, sizeof(s->req[i]));
	}
	if (n)
		memcpy(s->script, script, n * sizeof(*script));
	s->nscript = n;
	s->nreq = 0;
	s->conns = 0;
	pthread_mutex_unlock(&s->lock);
}

static void srv_stop(srv_t *s)
{
	srv_wait_idle(s);
	shutdown(s->fd, SHUT_RDWR);
	close(s->fd);
	pthread_join(s->thread, NULL);
	srv_script(s, 0, NULL);
}

/* ------------------------------------------------------------------ */
/* Requests, responses and documents                                  */
/* ------------------------------------------------------------------ */

static wire_t *ok_wire;  /* successful-ok with printer-state idle */
static wire_t *bad_wire; /* an additional value with no attribute before it */
static wire_t *err_wire; /* client-error-document-format-not-supported */

static void make_wires(void)
{
	ok_wire = wire_new();
	wheader(ok_wire, 2, 0, 0x0000, 1);                             /* 2.0, successful-ok, request-id 1 */
	w8(ok_wire, 0x01);                                             /* operation-attributes-tag */
	wattr_str(ok_wire, 0x47, "attributes-charset", "utf-8");       /* charset */
	wattr_str(ok_wire, 0x48, "attributes-natural-language", "en"); /* naturalLanguage */
	w8(ok_wire, 0x04);                                             /* printer-attributes-tag */
	wattr_int(ok_wire, 0x23, "printer-state", 3);                  /* enum idle */
	w8(ok_wire, 0x03);                                             /* end-of-attributes-tag */

	bad_wire = wire_new();
	wheader(bad_wire, 2, 0, 0x0000, 1); /* 2.0, successful-ok, request-id 1 */
	w8(bad_wire, 0x01);                 /* operation-attributes-tag */
	w8(bad_wire, 0x47);                 /* charset */
	w16(bad_wire, 0);                   /* name-length 0: an additional value */
	wstr(bad_wire, "utf-8");            /* ... of no attribute */
	w8(bad_wire, 0x03);                 /* end-of-attributes-tag */

	err_wire = wire_new();
	wheader(err_wire, 2, 0, 0x040a, 1);                             /* document-format-not-supported */
	w8(err_wire, 0x01);                                             /* operation-attributes-tag */
	wattr_str(err_wire, 0x47, "attributes-charset", "utf-8");       /* charset */
	wattr_str(err_wire, 0x48, "attributes-natural-language", "en"); /* naturalLanguage */
	wattr_str(err_wire, 0x41, "status-message", "format not supported"); /* textWithoutLanguage */
	w8(err_wire, 0x03);                                                  /* end-of-attributes-tag */
}

static canned_t ok_answer(void)
{
	return (canned_t){.status = "200 OK",
	                  .headers = "Content-Type: application/ipp\r\n",
	                  .body = ok_wire->b,
	                  .body_len = ok_wire->n};
}

/* A Print-Job request for the test server. */
static ippd_msg_t *print_job(ippd_client_t *c)
{
	ippd_msg_t *m = ippd_msg_new_request(IPPD_OP_PRINT_JOB, ippd_client_next_id(c));
	ippd_group_t *op = ippd_msg_find_group(m, IPPD_TAG_OPERATION);
	ippd_group_add_string(op, IPPD_TAG_URI, "printer-uri", ippd_client_uri(c));
	ippd_group_add_string(op, IPPD_TAG_NAME, "requesting-user-name", "tester");
	return m;
}

static ippd_client_t *client_for(srv_t *s, const char *path, const ippd_client_opts_t *opts)
{
	char uri[128];
	ippd_error_t err;
	snprintf(uri, sizeof(uri), "ipp://%s:%d%s", s->host, s->port, path);
	ippd_client_opts_t o = opts ? *opts : (ippd_client_opts_t){0};
	o.verbose = getenv("IPPD_TEST_VERBOSE") != NULL;
	ippd_client_t *c = ippd_client_new(uri, &o, &err);
	if (!c)
		fail_msg("ippd_client_new(%s): %s", uri, err.text);
	return c;
}

/* Byte i of every test document. */
static uint8_t doc_byte(uint64_t i)
{
	return (uint8_t)(i * 7 + (i >> 11));
}

/* A temporary regular file of `size` pattern bytes (or a sparse one of zeros), open for reading. */
static int doc_file(uint64_t size, bool sparse)
{
	char path[] = "/tmp/ippd-test-client-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	unlink(path);
	if (sparse) {
		assert_int_equal(ftruncate(fd, (off_t)size), 0);
		return fd;
	}
	uint8_t buf[8192];
	for (uint64_t at = 0; at < size;) {
		size_t n = size - at < sizeof(buf) ? (size_t)(size - at) : sizeof(buf);
		for (size_t i = 0; i < n; i++)
			buf[i] = doc_byte(at + i);
		assert_int_equal(write(fd, buf, n), (ssize_t)n);
		at += n;
	}
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	return fd;
}

/* A pipe fed by a thread: `size` bytes of the pattern, or zeros. */
typedef struct feeder {
	pthread_t thread;
	int wfd;
	uint64_t size;
	bool zeros;
} feeder_t;

static void *feed(void *p)
{
	feeder_t *f = p;
	uint8_t buf[64 * 1024] = {0};
	uint64_t at = 0;
	while (at < f->size) {
		size_t n = f->size - at < sizeof(buf) ? (size_t)(f->size - at) : sizeof(buf);
		for (size_t i = 0; i < n && !f->zeros; i++)
			buf[i] = doc_byte(at + i);
		ssize_t w = write(f->wfd, buf, n);
		if (w <= 0)
			break;
		at += (uint64_t)w;
	}
	close(f->wfd);
	return NULL;
}

/* Starts a feeder; returns the read end. */
static int doc_pipe(feeder_t *f, uint64_t size, bool zeros)
{
	int fds[2];
	assert_int_equal(pipe2(fds, O_CLOEXEC), 0);
	f->wfd = fds[1];
	f->size = size;
	f->zeros = zeros;
	assert_int_equal(pthread_create(&f->thread, NULL, feed, f), 0);
	return fds[0];
}

/* Closes the read end (so that a feeder blocked on a full pipe sees EPIPE) and joins. */
static void doc_pipe_end(feeder_t *f, int rfd)
{
	close(rfd);
	pthread_join(f->thread, NULL);
}

/* The body the server must have received: the encoded request, then `doc_len` pattern bytes from `doc_at`. */
static void assert_body(const request_t *q, const ippd_msg_t *req, uint64_t doc_at, uint64_t doc_len)
{
	uint8_t *enc = NULL;
	size_t len = 0;
	assert_int_equal(ippd_msg_encode_alloc(req, &enc, &len), IPPD_OK);
	assert_int_equal(q->total, len + doc_len);
	assert_memory_equal(q->body, enc, len);
	for (uint64_t i = 0; len + i < q->kept && i < doc_len; i++)
		if (q->body[len + i] != doc_byte(doc_at + i))
			fail_msg("document byte %llu differs", (unsigned long long)i);
	free(enc);
}

static bool has_header(const request_t *q, const char *h)
{
	return strcasestr(q->head, h) != NULL;
}

/* ------------------------------------------------------------------ */
/* Clients                                                            */
/* ------------------------------------------------------------------ */

static void test_new(void **state)
{
	ippd_error_t err;
	ippd_client_t *c = ippd_client_new("ipp://printer.example/ipp/print", NULL, &err);
	assert_non_null(c);
	assert_string_equal(ippd_client_uri(c), "ipp://printer.example/ipp/print");
	assert_string_equal(ippd_client_http_url(c), "http://printer.example:631/ipp/print");
	assert_int_equal(ippd_client_next_id(c), 1);
	assert_int_equal(ippd_client_next_id(c), 2);
	assert_int_equal(ippd_client_next_id(c), 3);
	assert_int_equal(ippd_client_http_status(c), 0);
	ippd_client_free(c);

	c = ippd_client_new("IPPS://Printer.Example:8443/a%7eb", NULL, &err);
	assert_non_null(c);
	assert_string_equal(ippd_client_http_url(c), "https://printer.example:8443/a~b");
	ippd_client_free(c);

	c = ippd_client_new("ipp://[::1]/", NULL, &err);
	assert_non_null(c);
	assert_string_equal(ippd_client_http_url(c), "http://[::1]:631/");
	ippd_client_free(c);
}

static void test_new_bad(void **state)
{
	ippd_error_t err;
	assert_null(ippd_client_new("http://printer.example/", NULL, &err));
	assert_int_equal(err.code, IPPD_ERR_SYNTAX);
	assert_non_null(strstr(err.text, "ipp"));
	assert_null(ippd_client_new(NULL, NULL, &err));
	assert_int_equal(err.code, IPPD_ERR_ARG);
	assert_null(ippd_client_new("ipp://h/p q", NULL, NULL));

	ippd_client_free(NULL);
	assert_null(ippd_client_uri(NULL));
	assert_null(ippd_client_http_url(NULL));
	assert_int_equal(ippd_client_http_status(NULL), 0);
	assert_int_equal(ippd_client_next_id(NULL), 0);
	assert_null(ippd_client_send(NULL, NULL, -1, &err));
	assert_int_equal(err.code, IPPD_ERR_ARG);
}

/* ------------------------------------------------------------------ */
/* Requests and responses                                             */
/* ------------------------------------------------------------------ */

static void test_send_attrs(void **state)
{
	canned_t a = ok_answer();
	srv_script(&S, 1, &a);
	ippd_error_t err;
	ippd_client_t *c = client_for(&S, "/ipp/print", NULL);
	ippd_msg_t *req = print_job(c);
	ippd_msg_t *resp = ippd_client_send(c, req, -1, &err);
	if (!resp)
		fail_msg("%s", err.text);
	assert_int_equal(ippd_msg_get_code(resp), 0);
	assert_int_equal(ippd_msg_get_request_id(resp), 1);
	assert_int_equal(ippd_attr_get_integer(ippd_msg_find(resp, IPPD_TAG_PRINTER, "printer-state"), 0), 3);
	assert_int_equal(ippd_client_http_status(c), 200);
	ippd_client_free(c);
	srv_wait_idle(&S);

	assert_int_equal(S.nreq, 1);
	const request_t *q = &S.req[0];
	assert_true(!strncmp(q->head, "POST /ipp/print HTTP/1.1\r\n", 26));
	assert_true(has_header(q, "\r\nContent-Type: application/ipp\r\n"));
	assert_false(q->expect);
	assert_false(q->chunked);
	assert_int_equal(q->content_length, (long long)q->total);
	assert_body(q, req, 0, 0);
	ippd_msg_free(resp);
	ippd_msg_free(req);
}

/* A regular file: Content-Length of attributes + file, Expect asked for, the file from its current offset. */
static void test_send_file(void **state)
{
	canned_t a = ok_answer();
	srv_script(&S, 1, &a);
	int fd = doc_file(300000, false);
	assert_int_equal(lseek(fd, 1000, SEEK_SET), 1000);
	ippd_error_t err;
	ippd_client_t *c = client_for(&S, "/ipp/print", NULL);
	ippd_msg_t *req = print_job(c);
	ippd_msg_t *resp = ippd_client_send(c, req, fd, &err);
	if (!resp)
		fail_msg("%s", err.text);
	ippd_client_free(c);
	srv_wait_idle(&S);

	const request_t *q = &S.req[0];
	assert_true(q->expect);
	assert_false(q->chunked);
	assert_int_equal(q->content_length, (long long)q->total);
	assert_body(q, req, 1000, 299000);
	close(fd);
	ippd_msg_free(resp);
	ippd_msg_free(req);
}

/* A pipe: chunked, no Content-Length, the whole stream after the attributes. */
static void test_send_pipe(void **state)
{
	canned_t a = ok_answer();
	srv_script(&S, 1, &a);
	feeder_t f;
	int fd = doc_pipe(&f, 1234567, false);
	ippd_error_t err;
	ippd_client_t *c = client_for(&S, "/ipp/print", NULL);
	ippd_msg_t *req = print_job(c);
	ippd_msg_t *resp = ippd_client_send(c, req, fd, &err);
	if (!resp)
		fail_msg("%s", err.text);
	doc_pipe_end(&f, fd);
	ippd_client_free(c);
	srv_wait_idle(&S);

	const request_t *q = &S.req[0];
	assert_true(q->chunked);
	assert_true(q->expect);
	assert_int_equal(q->content_length, -1);
	assert_body(q, req, 0, 1234567);
	ippd_msg_free(resp);
	ippd_msg_free(req);
}

/* Three requests, one with a document, over one kept-alive connection. */
static void test_keep_alive(void **state)
{
	canned_t a = ok_answer();
	srv_script(&S, 1, &a);
	int fd = doc_file(5000, false);
	ippd_error_t err;
	ippd_client_t *c = client_for(&S, "/", NULL);
	for (int i = 0; i < 3; i++) {
		ippd_msg_t *req = print_job(c);
		ippd_msg_t *resp = ippd_client_send(c, req, i == 1 ? fd : -1, &err);
		if (!resp)
			fail_msg("request %d: %s", i, err.text);
		ippd_msg_free(resp);
		ippd_msg_free(req);
	}
	assert_int_equal(ippd_client_next_id(c), 4);
	ippd_client_free(c);
	srv_wait_idle(&S);
	assert_int_equal(S.nreq, 3);
	assert_int_equal(S.conns, 1);
	close(fd);
}

/* An IPP error status is an answer, not a failure. */
static void test_ipp_error_status(void **state)
{
	canned_t a = ok_answer();
	a.body = err_wire->b;
	a.body_len = err_wire->n;
	srv_script(&S, 1, &a);
	ippd_error_t err;
	ippd_client_t *c = client_for(&S, "/", NULL);
	ippd_msg_t *req = print_job(c);
	ippd_msg_t *resp = ippd_client_send(c, req, -1, &err);
	assert_non_null(resp);
	assert_int_equal(ippd_msg_get_code(resp), 0x040a);
	ippd_msg_free(resp);
	ippd_msg_free(req);
	ippd_client_free(c);
}

/* A printer that answers (200, IPP error) before reading the document still has its answer read. */
static void test_early_ipp_answer(void **state)
{
	canned_t a = ok_answer();
	a.body = err_wire->b;
	a.body_len = err_wire->n;
	a.early = true;
	srv_script(&S, 1, &a);
	int fd = doc_file(3 << 20, false);
	ippd_error_t err;
	ippd_client_t *c = client_for(&S, "/", NULL);
	ippd_msg_t *req = print_job(c);
	ippd_msg_t *resp = ippd_client_send(c, req, fd, &err);
	if (!resp)
		fail_msg("%s", err.text);
	assert_int_equal(ippd_msg_get_code(resp), 0x040a);
	ippd_msg_free(resp);
	ippd_msg_free(req);
	ippd_client_free(c);
	close(fd);
}

/* ------------------------------------------------------------------ */
/* Errors in words                                                    */
/* ------------------------------------------------------------------ */

/* Sends a Print-Job with `doc_fd`, expects failure, and returns the error. */
static ippd_error_t send_fails(ippd_client_t *c, int doc_fd)
{
	ippd_error_t err;
	ippd_msg_t *req = print_job(c);
	ippd_msg_t *resp = ippd_client_send(c, req, doc_fd, &err);
	if (resp)
		fail_msg("the request succeeded");
	ippd_msg_free(req);
	return err;
}

static void test_http_404(void **state)
{
	static const uint8_t page[] = "<html>no such printer</html>";
	canned_t a = {.status = "404 Not Found",
	              .headers = "Content-Type: text/html\r\n",
	              .body = page,
	              .body_len = sizeof(page) - 1};
	srv_script(&S, 1, &a);
	ippd_client_t *c = client_for(&S, "/nowhere", NULL);
	ippd_error_t err = send_fails(c, -1);
	assert_int_equal(err.code, IPPD_ERR_IO);
	assert_string_equal(err.text, "HTTP 404 Not Found");
	assert_int_equal(ippd_client_http_status(c), 404);
	ippd_client_free(c);
}

static void test_not_ipp(void **state)
{
	static const uint8_t page[] = "<html>a web page</html>";
	canned_t a = {.status = "200 OK",
	              .headers = "Content-Type: text/html; charset=utf-8\r\n",
	              .body = page,
	              .body_len = sizeof(page) - 1};
	srv_script(&S, 1, &a);
	ippd_client_t *c = client_for(&S, "/", NULL);
	ippd_error_t err = send_fails(c, -1);
	assert_int_equal(err.code, IPPD_ERR_MALFORMED);
	assert_string_equal(err.text,
	                    "HTTP 200 but the response is text/html; charset=utf-8, not application/ipp");
	ippd_client_free(c);
}

/* A response cut after 20 bytes, announced longer or ended by the close. */
static void test_truncated(void **state)
{
	canned_t cut = ok_answer();
	cut.body_len = 20;
	cut.declared = (long)ok_wire->n;
	canned_t closed = cut;
	closed.declared = -2;
	const canned_t *cases[] = {&cut, &closed};
	for (size_t i = 0; i < COUNT(cases); i++) {
		srv_script(&S, 1, cases[i]);
		ippd_client_t *c = client_for(&S, "/", NULL);
		ippd_error_t err = send_fails(c, -1);
		assert_int_equal(err.code, IPPD_ERR_MALFORMED);
		assert_int_equal(err.offset, 20);
		assert_string_equal(
		    err.text, "malformed response at byte 20: the response ends before end-of-attributes");
		ippd_client_free(c);
	}
}

/* A response the decoder refuses: the error is the decoder's, at its offset. */
static void test_malformed(void **state)
{
	canned_t a = ok_answer();
	a.body = bad_wire->b;
	a.body_len = bad_wire->n;
	srv_script(&S, 1, &a);
	ippd_limits_t limits;
	ippd_limits_response(&limits);
	ippd_error_t want;
	assert_null(ippd_msg_decode(bad_wire->b, bad_wire->n, &limits, NULL, &want));

	ippd_client_t *c = client_for(&S, "/", NULL);
	ippd_error_t err = send_fails(c, -1);
	assert_int_equal(err.code, IPPD_ERR_MALFORMED);
	assert_int_equal(err.offset, want.offset);
	char text[300];
	snprintf(text, sizeof(text), "malformed response at byte %zu: %s", want.offset, want.text);
	assert_string_equal(err.text, text);
	ippd_client_free(c);
}

static void test_refused(void **state)
{
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	close(fd);

	char uri[64], want[128];
	snprintf(uri, sizeof(uri), "ipp://127.0.0.1:%d/", ntohs(sa.sin_port));
	snprintf(want, sizeof(want), "cannot connect to 127.0.0.1:%d: connection refused",
	         ntohs(sa.sin_port));
	ippd_client_t *c = ippd_client_new(uri, NULL, NULL);
	ippd_error_t err = send_fails(c, -1);
	assert_int_equal(err.code, IPPD_ERR_IO);
	assert_string_equal(err.text, want);
	assert_int_equal(ippd_client_http_status(c), 0);
	ippd_client_free(c);
}

static void test_unresolved(void **state)
{
	ippd_client_opts_t o = {.connect_timeout_ms = 5000};
	ippd_client_t *c = ippd_client_new("ipp://no-such-printer.invalid/", &o, NULL);
	ippd_error_t err = send_fails(c, -1);
	assert_string_equal(err.text, "cannot resolve no-such-printer.invalid");
	ippd_client_free(c);
}

static void test_hang_up(void **state)
{
	canned_t a = {.hang_up = true};
	srv_script(&S, 1, &a);
	ippd_client_t *c = client_for(&S, "/", NULL);
	ippd_error_t err = send_fails(c, -1);
	char want[128];
	snprintf(want, sizeof(want), "127.0.0.1:%d closed the connection without answering", S.port);
	assert_string_equal(err.text, want);
	ippd_client_free(c);
}

static void test_timeout(void **state)
{
	canned_t a = ok_answer();
	a.delay_ms = 2000;
	srv_script(&S, 1, &a);
	ippd_client_opts_t o = {.timeout_ms = 300};
	ippd_client_t *c = client_for(&S, "/", &o);
	ippd_error_t err = send_fails(c, -1);
	char want[128];
	snprintf(want, sizeof(want), "timed out after 0.3 s waiting for 127.0.0.1:%d", S.port);
	assert_string_equal(err.text, want);
	ippd_client_free(c);
}

/* ------------------------------------------------------------------ */
/* Authentication                                                     */
/* ------------------------------------------------------------------ */

static const canned_t basic_challenge = {.status = "401 Unauthorized",
                                         .headers = "WWW-Authenticate: Basic realm=\"ippd\"\r\n"};

/* Basic to a loopback host: asked for, then sent. */
static void test_basic_loopback(void **state)
{
	canned_t script[] = {basic_challenge, ok_answer()};
	srv_script(&S, 2, script);
	int fd = doc_file(100000, false);
	ippd_client_opts_t o = {.user = "bob", .password = "secret"};
	ippd_error_t err;
	ippd_client_t *c = client_for(&S, "/", &o);
	ippd_msg_t *req = print_job(c);
	ippd_msg_t *resp = ippd_client_send(c, req, fd, &err);
	if (!resp)
		fail_msg("%s", err.text);
	ippd_client_free(c);
	srv_wait_idle(&S);
	assert_int_equal(S.nreq, 2);
	assert_false(has_header(&S.req[0], "Authorization:"));
	assert_true(has_header(&S.req[1], "\r\nAuthorization: Basic Ym9iOnNlY3JldA==\r\n"));
	assert_body(&S.req[1], req, 0, 100000);
	ippd_msg_free(resp);
	ippd_msg_free(req);
	close(fd);
}

static void test_auth_required(void **state)
{
	srv_script(&S, 1, &basic_challenge);
	ippd_client_t *c = client_for(&S, "/", NULL);
	ippd_error_t err = send_fails(c, -1);
	assert_string_equal(err.text, "HTTP 401: authentication required (Basic realm=\"ippd\")");
	assert_int_equal(ippd_client_http_status(c), 401);
	ippd_client_free(c);
}

static void test_auth_failed(void **state)
{
	srv_script(&S, 1, &basic_challenge);
	ippd_client_opts_t o = {.user = "bob", .password = "wrong"};
	ippd_client_t *c = client_for(&S, "/", &o);
	ippd_error_t err = send_fails(c, -1);
	assert_string_equal(err.text,
	                    "HTTP 401: authentication failed for user \"bob\" (Basic realm=\"ippd\")");
	ippd_client_free(c);
}

/* This host's first non-loopback IPv4 address, or false. */
static bool outside_address(char *buf, size_t cap)
{
	struct ifaddrs *all, *i;
	bool found = false;
	if (getifaddrs(&all) < 0)
		return false;
	for (i = all; i && !found; i = i->ifa_next) {
		if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET || (i->ifa_flags & IFF_LOOPBACK) ||
		    !(i->ifa_flags & IFF_UP))
			continue;
		found =
		    inet_ntop(AF_INET, &((struct sockaddr_in *)i->ifa_addr)->sin_addr, buf, (socklen_t)cap);
	}
	freeifaddrs(all);
	return found;
}

/*
 * Over plain http to a host that is not loopback, a Basic challenge is
 * refused without sending the password, while Digest (which does not send
 * it) goes ahead.
 */
static void test_auth_outside(void **state)
{
	char addr[INET_ADDRSTRLEN];
	srv_t out;
	if (!outside_address(addr, sizeof(addr)) || !srv_start(&out, addr))
		skip();
	ippd_client_opts_t o = {.user = "bob", .password = "secret"};

	srv_script(&out, 1, &basic_challenge);
	ippd_client_t *c = client_for(&out, "/", &o);
	ippd_error_t err = send_fails(c, -1);
	char want[200];
	snprintf(
	    want, sizeof(want),
	    "HTTP 401: %s:%d asks for Basic authentication, which would send the password unencrypted; not "
	    "sent (use ipps://)",
	    addr, out.port);
	assert_string_equal(err.text, want);
	ippd_client_free(c);
	srv_wait_idle(&out);
	for (size_t i = 0; i < out.nreq; i++)
		assert_false(has_header(&out.req[i], "Authorization:"));

	canned_t digest[] = {{.status = "401 Unauthorized",
	                      .headers =
	                          "WWW-Authenticate: Digest realm=\"ippd\", nonce=\"0123456789abcdef\", "
	                          "qop=\"auth\"\r\n"},
	                     ok_answer()};
	srv_script(&out, 2, digest);
	c = client_for(&out, "/", &o);
	ippd_msg_t *req = print_job(c);
	ippd_msg_t *resp = ippd_client_send(c, req, -1, &err);
	if (!resp)
		fail_msg("%s", err.text);
	ippd_client_free(c);
	srv_wait_idle(&out);
	assert_true(has_header(&out.req[1], "\r\nAuthorization: Digest username=\"bob\""));
	assert_false(has_header(&out.req[1], "secret"));
	ippd_msg_free(resp);
	ippd_msg_free(req);
	srv_stop(&out);
}

/* ------------------------------------------------------------------ */
/* Expect: 100-continue, redirects, progress                          */
/* ------------------------------------------------------------------ */

/* A server that refuses on the headers: the document is not sent, from a file or a pipe. */
static void test_expect_refused(void **state)
{
	static const uint8_t page[] = "too large";
	canned_t a = {.status = "413 Request Entity Too Large",
	              .body = page,
	              .body_len = sizeof(page) - 1,
	              .early = true};
	for (int kind = 0; kind < 2; kind++) {
		srv_script(&S, 1, &a);
		feeder_t f;
		int fd = kind == 0 ? doc_file(64 << 20, true) : doc_pipe(&f, 64 << 20, true);
		ippd_client_t *c = client_for(&S, "/", NULL);
		ippd_error_t err = send_fails(c, fd);
		assert_string_equal(err.text, "HTTP 413 Request Entity Too Large");
		assert_int_equal(ippd_client_http_status(c), 413);
		ippd_client_free(c);
		if (kind == 0)
			close(fd);
		else
			doc_pipe_end(&f, fd);
		srv_wait_idle(&S);
		if (S.req[0].total > 1 << 20)
			fail_msg("%s: %llu bytes sent after the refusal", kind ? "pipe" : "file",
			         (unsigned long long)S.req[0].total);
	}
}

/* A server that refuses Expect with 417 gets the request again without it, and the document whole. */
static void test_expect_417(void **state)
{
	canned_t a = ok_answer();
	a.refuse_expect = true;
	for (int kind = 0; kind < 2; kind++) {
		srv_script(&S, 1, &a);
		feeder_t f;
		int fd = kind == 0 ? doc_file(200000, false) : doc_pipe(&f, 200000, false);
		ippd_error_t err;
		ippd_client_t *c = client_for(&S, "/", NULL);
		ippd_msg_t *req = print_job(c);
		ippd_msg_t *resp = ippd_client_send(c, req, fd, &err);
		if (!resp)
			fail_msg("%s: %s", kind ? "pipe" : "file", err.text);
		ippd_client_free(c);
		if (kind == 0)
			close(fd);
		else
			doc_pipe_end(&f, fd);
		srv_wait_idle(&S);
		assert_true(S.nreq >= 2);
		assert_true(S.req[0].expect);
		assert_false(S.req[S.nreq - 1].expect);
		assert_body(&S.req[S.nreq - 1], req, 0, 200000);
		ippd_msg_free(resp);
		ippd_msg_free(req);
	}
}

/* A 307 is followed with the same POST and body; a redirect to another scheme is not. */
static void test_redirect(void **state)
{
	char location[128];
	snprintf(location, sizeof(location), "Location: http://127.0.0.1:%d/moved\r\n", S.port);
	canned_t script[] = {{.status = "307 Temporary Redirect", .headers = location}, ok_answer()};
	srv_script(&S, 2, script);
	int fd = doc_file(70000, false);
	ippd_error_t err;
	ippd_client_t *c = client_for(&S, "/old", NULL);
	ippd_msg_t *req = print_job(c);
	ippd_msg_t *resp = ippd_client_send(c, req, fd, &err);
	if (!resp)
		fail_msg("%s", err.text);
	ippd_client_free(c);
	srv_wait_idle(&S);
	assert_int_equal(S.nreq, 2);
	assert_true(!strncmp(S.req[1].head, "POST /moved HTTP/1.1\r\n", 22));
	assert_body(&S.req[1], req, 0, 70000);
	ippd_msg_free(resp);
	ippd_msg_free(req);
	close(fd);

	canned_t away = {.status = "301 Moved Permanently",
	                 .headers = "Location: https://printer.example/\r\n"};
	srv_script(&S, 1, &away);
	c = client_for(&S, "/", NULL);
	err = send_fails(c, -1);
	assert_string_equal(
	    err.text,
	    "HTTP 301: redirected to https://printer.example/, which is not followed (only http:// is)");
	ippd_client_free(c);
}

typedef struct progress_log {
	size_t calls;
	uint64_t sent, total;
	bool backwards;
} progress_log_t;

static void on_progress(void *ctx, uint64_t sent, uint64_t total)
{
	progress_log_t *p = ctx;
	p->backwards = p->backwards || (p->calls && sent < p->sent);
	p->calls++;
	p->sent = sent;
	p->total = total;
}

/* Progress counts the body as sent: attributes and document, with the total when it is known. */
static void test_progress(void **state)
{
	canned_t a = ok_answer();
	for (int kind = 0; kind < 2; kind++) {
		srv_script(&S, 1, &a);
		feeder_t f;
		int fd = kind == 0 ? doc_file(3 << 20, false) : doc_pipe(&f, 3 << 20, false);
		progress_log_t log = {0};
		ippd_client_opts_t o = {.progress = on_progress, .progress_ctx = &log};
		ippd_error_t err;
		ippd_client_t *c = client_for(&S, "/", &o);
		ippd_msg_t *req = print_job(c);
		ippd_msg_t *resp = ippd_client_send(c, req, fd, &err);
		if (!resp)
			fail_msg("%s", err.text);
		size_t len = 0;
		uint8_t *enc = NULL;
		ippd_msg_encode_alloc(req, &enc, &len);
		assert_true(log.calls >= 2);
		assert_false(log.backwards);
		assert_int_equal(log.sent, len + (3 << 20));
		assert_int_equal(log.total, kind == 0 ? len + (3 << 20) : 0);
		free(enc);
		ippd_msg_free(resp);
		ippd_msg_free(req);
		ippd_client_free(c);
		if (kind == 0)
			close(fd);
		else
			doc_pipe_end(&f, fd);
	}
}

/* A document that cannot be read is the caller's error, in words. */
static void test_bad_document(void **state)
{
	canned_t a = ok_answer();
	srv_script(&S, 1, &a);
	ippd_client_t *c = client_for(&S, "/", NULL);
	int fd = open("/dev/null", O_RDONLY);
	close(fd);
	ippd_error_t err = send_fails(c, fd);
	assert_int_equal(err.code, IPPD_ERR_IO);
	assert_true(!strncmp(err.text, "cannot examine the document: ", 29));

	fd = open("/tmp", O_RDONLY | O_DIRECTORY);
	err = send_fails(c, fd);
	assert_true(!strncmp(err.text, "cannot read the document after 0 bytes: ", 40));
	close(fd);
	ippd_client_free(c);
}

/* ------------------------------------------------------------------ */
/* Memory: 1 GiB streamed                                             */
/* ------------------------------------------------------------------ */

/* The process's peak resident set (VmHWM) in KiB, reset to the current RSS first when `reset`. */
static long peak_rss_kib(bool reset)
{
	if (reset) {
		FILE *f = fopen("/proc/self/clear_refs", "w");
		if (f) {
			fputs("5", f);
			fclose(f);
		}
	}
	char line[128];
	long kib = -1;
	FILE *f = fopen("/proc/self/status", "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "VmHWM:", 6))
			kib = strtol(line + 6, NULL, 10);
	fclose(f);
	return kib;
}

/*
 * 1 GiB from a sparse file and 1 GiB from a pipe go to a server that only
 * counts them; the peak RSS of the whole process (client, server threads
 * and sanitizers included) must grow by less than 32 MiB.
 */
static void test_one_gib(void **state)
{
	const uint64_t gib = 1ull << 30;
	canned_t a = ok_answer();
	for (int kind = 0; kind < 2; kind++) {
		srv_script(&S, 1, &a);
		feeder_t f;
		int fd = kind == 0 ? doc_file(gib, true) : doc_pipe(&f, gib, true);
		long before = peak_rss_kib(true);
		struct timespec t0, t1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		ippd_error_t err;
		ippd_client_t *c = client_for(&S, "/", NULL);
		ippd_msg_t *req = print_job(c);
		ippd_msg_t *resp = ippd_client_send(c, req, fd, &err);
		if (!resp)
			fail_msg("%s", err.text);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		long after = peak_rss_kib(false);
		ippd_msg_free(resp);
		ippd_msg_free(req);
		ippd_client_free(c);
		if (kind == 0)
			close(fd);
		else
			doc_pipe_end(&f, fd);
		srv_wait_idle(&S);
		assert_true(S.req[0].total > gib);
		double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
		print_message("1 GiB from a %s: VmHWM %ld KiB before, %ld KiB after (+%ld KiB), %.1f s\n",
		              kind ? "pipe" : "sparse file", before, after, after - before, secs);
		if (before > 0 && after - before >= 32 * 1024)
			fail_msg("peak RSS grew by %ld KiB", after - before);
	}
}

/* ------------------------------------------------------------------ */
/* TLS, against openssl s_server                                      */
/* ------------------------------------------------------------------ */

static char tls_dir[64]; /* certificates made for the TLS tests, "" when openssl is missing */

static bool run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static bool run(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd) == 0;
}

/*
 * A CA, and server certificates it signs: "good" for localhost and
 * 127.0.0.1, "wrongname" for printer.example, "expired" since yesterday;
 * "self" is self-signed.  resp.bin is a canned HTTP answer for s_server to
 * send.
 */
static bool make_certs(void)
{
	snprintf(tls_dir, sizeof(tls_dir), "/tmp/ippd-test-tls-XXXXXX");
	if (!mkdtemp(tls_dir) || !run("openssl version >/dev/null 2>&1"))
		goto none;
	const char *key = "-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes";
	if (!run("cd %s && exec >/dev/null 2>&1 && "
	         "openssl req -x509 %s -keyout ca.key -out ca.crt -subj /CN=ippd-test-ca -days 2 && "
	         "openssl req %s -keyout srv.key -out srv.csr -subj /CN=localhost && "
	         "echo subjectAltName=DNS:localhost,IP:127.0.0.1 >good.ext && "
	         "echo subjectAltName=DNS:printer.example >wrongname.ext && "
	         "openssl x509 -req -in srv.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 "
	         "-extfile good.ext -out good.crt && "
	         "openssl x509 -req -in srv.csr -CA ca.crt -CAkey ca.key -days 2 -extfile wrongname.ext "
	         "-out wrongname.crt && "
	         "openssl x509 -req -in srv.csr -CA ca.crt -CAkey ca.key -days -1 -extfile good.ext -out "
	         "expired.crt && "
	         "openssl req -x509 -key srv.key -out self.crt -subj /CN=localhost -days 2 "
	         "-addext subjectAltName=DNS:localhost && "
	         "openssl x509 -in good.crt -pubkey -noout | openssl pkey -pubin -outform der | "
	         "openssl dgst -sha256 -binary | base64 >pin.txt",
	         tls_dir, key, key))
		goto none;
	FILE *f;
	char path[128];
	snprintf(path, sizeof(path), "%s/resp.bin", tls_dir);
	f = fopen(path, "wb");
	if (!f)
		goto none;
	fprintf(f, "HTTP/1.1 200 OK\r\nContent-Type: application/ipp\r\nContent-Length: %zu\r\n\r\n",
	        ok_wire->n);
	fwrite(ok_wire->b, 1, ok_wire->n, f);
	fclose(f);
	return true;
none:
	tls_dir[0] = '\0';
	return false;
}

/* True when /proc/net/tcp shows a socket listening on 127.0.0.1:`port`. */
static bool port_listening(int port)
{
	char line[256], want[32];
	bool found = false;
	FILE *f = fopen("/proc/net/tcp", "r");
	if (!f)
		return false;
	snprintf(want, sizeof(want), "0100007F:%04X 00000000:0000 0A", port);
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, want) != NULL;
	fclose(f);
	return found;
}

/* s_server with certificate `cert` on a free port, answering resp.bin; its pid. */
static pid_t tls_server(const char *cert, int *port)
{
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	bind(fd, (struct sockaddr *)&sa, sizeof(sa));
	getsockname(fd, (struct sockaddr *)&sa, &len);
	close(fd);
	*port = ntohs(sa.sin_port);

	pid_t pid = fork();
	if (pid == 0) {
		char accept_at[32], crt[128], key[128], resp[128];
		snprintf(accept_at, sizeof(accept_at), "127.0.0.1:%d", *port);
		snprintf(crt, sizeof(crt), "%s/%s.crt", tls_dir, cert);
		snprintf(key, sizeof(key), "%s/srv.key", tls_dir);
		snprintf(resp, sizeof(resp), "%s/resp.bin", tls_dir);
		int in = open(resp, O_RDONLY);
		int null = open("/dev/null", O_WRONLY);
		dup2(in, 0);
		dup2(null, 1);
		dup2(null, 2);
		execlp("openssl", "openssl", "s_server", "-accept", accept_at, "-cert", crt, "-key", key,
		       "-quiet", "-naccept", "1", (char *)NULL);
		_exit(127);
	}
	/* Ready when listening; a probe connection would use up its one accept. */
	for (int i = 0; i < 250 && !port_listening(*port); i++)
		usleep(20000);
	return pid;
}

/* One exchange over TLS with `cert` served; the error text, "" on success. */
static void tls_try(const char *cert, const char *host, ippd_client_opts_t *o, char *text, size_t cap)
{
	int port;
	pid_t pid = tls_server(cert, &port);
	char uri[128];
	snprintf(uri, sizeof(uri), "ipps://%s:%d/ipp/print", host, port);
	ippd_error_t err;
	o->timeout_ms = 10000;
	ippd_client_t *c = ippd_client_new(uri, o, &err);
	assert_non_null(c);
	ippd_msg_t *req = print_job(c);
	ippd_msg_t *resp = ippd_client_send(c, req, -1, &err);
	snprintf(text, cap, "%s", resp ? "" : err.text);
	ippd_msg_free(resp);
	ippd_msg_free(req);
	ippd_client_free(c);
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
}

/* Trusted through ca_file, through insecure, and through a matching pin; each failure in its words. */
static void test_tls(void **state)
{
	if (!tls_dir[0] && !make_certs())
		skip();
	char ca[128], pin[128], text[300], want[300];
	snprintf(ca, sizeof(ca), "%s/ca.crt", tls_dir);
	snprintf(pin, sizeof(pin), "%s/pin.txt", tls_dir);
	FILE *f = fopen(pin, "r");
	char line[100] = "";
	assert_non_null(fgets(line, sizeof(line), f));
	fclose(f);
	line[strcspn(line, "\n")] = '\0';
	snprintf(pin, sizeof(pin), "sha256//%s", line);

	ippd_client_opts_t o = {.ca_file = ca};
	tls_try("good", "localhost", &o, text, sizeof(text));
	assert_string_equal(text, "");
	o = (ippd_client_opts_t){.ca_file = ca};
	tls_try("good", "127.0.0.1", &o, text, sizeof(text));
	assert_string_equal(text, "");
	o = (ippd_client_opts_t){.insecure = true};
	tls_try("self", "localhost", &o, text, sizeof(text));
	assert_string_equal(text, "");
	o = (ippd_client_opts_t){.ca_file = ca, .pinned_key = pin};
	tls_try("good", "localhost", &o, text, sizeof(text));
	assert_string_equal(text, "");

	o = (ippd_client_opts_t){0};
	tls_try("self", "localhost", &o, text, sizeof(text));
	assert_true(!strncmp(text, "TLS: the certificate of localhost:", 34));
	assert_non_null(strstr(text, " is not trusted ("));
	o = (ippd_client_opts_t){.ca_file = ca};
	tls_try("expired", "localhost", &o, text, sizeof(text));
	assert_non_null(strstr(text, " has expired ("));
	o = (ippd_client_opts_t){.ca_file = ca};
	tls_try("wrongname", "localhost", &o, text, sizeof(text));
	assert_non_null(strstr(text, " does not name this host (name mismatch) ("));
	o = (ippd_client_opts_t){.insecure = true,
	                         .pinned_key = "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="};
	tls_try("good", "localhost", &o, text, sizeof(text));
	assert_true(!strncmp(text, "TLS: the public key of localhost:", 33));
	assert_non_null(strstr(text, " does not match the pinned key"));

	/* A CA file that does not exist. */
	o = (ippd_client_opts_t){.ca_file = "/nonexistent/ca.crt"};
	tls_try("good", "localhost", &o, text, sizeof(text));
	snprintf(want, sizeof(want), "TLS: cannot use the CA file /nonexistent/ca.crt");
	assert_true(!strncmp(text, want, strlen(want)));
	run("rm -rf %s", tls_dir);
	tls_dir[0] = '\0';
}

static int setup(void **state)
{
	signal(SIGPIPE, SIG_IGN);
	make_wires();
	return srv_start(&S, "127.0.0.1") ? 0 : -1;
}

static int teardown(void **state)
{
	srv_stop(&S);
	free(ok_wire);
	free(bad_wire);
	free(err_wire);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    TEST(test_new, "ippd_client_new(ipp and ipps mapped to http and https, port 631)"),
	    TEST(test_new_bad, "ippd_client_new(bad URI, NULL arguments)"),
	    TEST(test_send_attrs, "ippd_client_send(attributes only: Content-Length, no Expect)"),
	    TEST(test_send_file, "ippd_client_send(regular file: Content-Length, Expect, from its offset)"),
	    TEST(test_send_pipe, "ippd_client_send(pipe: chunked)"),
	    TEST(test_keep_alive, "ippd_client_send(three requests over one connection)"),
	    TEST(test_ipp_error_status, "ippd_client_send(IPP error status is an answer)"),
	    TEST(test_early_ipp_answer, "ippd_client_send(IPP answer before the document is read)"),
	    TEST(test_http_404, "ippd_client_send(HTTP 404)"),
	    TEST(test_not_ipp, "ippd_client_send(HTTP 200 text/html)"),
	    TEST(test_truncated, "ippd_client_send(truncated response)"),
	    TEST(test_malformed, "ippd_client_send(malformed response)"),
	    TEST(test_refused, "ippd_client_send(connection refused)"),
	    TEST(test_unresolved, "ippd_client_send(host not resolved)"),
	    TEST(test_hang_up, "ippd_client_send(server closes without answering)"),
	    TEST(test_timeout, "ippd_client_send(slow server, timeout_ms)"),
	    TEST(test_basic_loopback, "ippd_client_send(Basic to loopback)"),
	    TEST(test_auth_required, "ippd_client_send(401 without credentials)"),
	    TEST(test_auth_failed, "ippd_client_send(401 with wrong credentials)"),
	    TEST(test_auth_outside, "ippd_client_send(plain http elsewhere: Basic refused, Digest sent)"),
	    TEST(test_expect_refused, "ippd_client_send(413 on the headers: document not sent)"),
	    TEST(test_expect_417, "ippd_client_send(417: sent again without Expect)"),
	    TEST(test_redirect, "ippd_client_send(307 followed, scheme change refused)"),
	    TEST(test_progress, "ippd_client_send(progress callback)"),
	    TEST(test_bad_document, "ippd_client_send(unreadable document)"),
	    TEST(test_one_gib, "ippd_client_send(1 GiB, flat memory)"),
	    TEST(test_tls, "ippd_client_send(TLS: CA file, insecure, pin, and failures)"),
	};
	return cmocka_run_group_tests_name("client", tests, setup, teardown);
}
