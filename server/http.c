/* HTTP on libmicrohttpd: listening sockets, routing, the streamed request body, and the response. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <unistd.h>

#include <microhttpd.h>

#include "http.h"
#include "icons.h"
#include "inflate.h"
#include "metrics.h"
#include "request.h"
#include "web.h"

enum { MAX_LISTENERS = 16 };

struct http_server {
	system_t *sys;
	struct MHD_Daemon *daemons[MAX_LISTENERS];
	int fds[MAX_LISTENERS];
	size_t n;
};

/* Per-connection-request state kept by libmicrohttpd between calls. */
typedef struct http_ctx {
	request_t r;
	inflater_t *body_coding; /* Content-Encoding gzip/deflate of the whole body */
	bool answered;           /* a response was queued on the first call */
} http_ctx_t;

/* Queues a small response with a status and a plain-text body. */
static enum MHD_Result answer_text(struct MHD_Connection *c, unsigned status, const char *text)
{
	struct MHD_Response *resp =
		MHD_create_response_from_buffer(strlen(text), (void *)(uintptr_t)text, MHD_RESPMEM_MUST_COPY);
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain; charset=utf-8");
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, "GET, HEAD, POST");
	enum MHD_Result ret = MHD_queue_response(c, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* Encodes r->resp (or a minimal error response) and queues it. */
static enum MHD_Result answer_ipp(struct MHD_Connection *c, request_t *r)
{
	uint8_t *buf = NULL;
	size_t len = 0;
	if (!r->resp || ippd_msg_encode_alloc(r->resp, &buf, &len) != IPPD_OK) {
		log_msg(LOG_ERROR, "%s: cannot encode the response", r->peer);
		return answer_text(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "ippd could not encode its response\n");
	}
	struct MHD_Response *resp = MHD_create_response_from_buffer(len, buf, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(buf);
		return MHD_NO;
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/ipp");
	unsigned status = r->http_status ? (unsigned)r->http_status : MHD_HTTP_OK;
	if (status == MHD_HTTP_UNAUTHORIZED)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Basic realm=\"ippd\", charset=\"UTF-8\"");
	enum MHD_Result ret = MHD_queue_response(c, status, resp);
	MHD_destroy_response(resp);

	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	long us = (now.tv_sec - r->started.tv_sec) * 1000000L + (now.tv_nsec - r->started.tv_nsec) / 1000;
	const char *op = r->req ? ippd_op_name(r->op) : NULL;
	const char *st = ippd_status_name(ippd_msg_get_code(r->resp));
	metrics_request(r->req ? r->op : 0, ippd_msg_get_code(r->resp), us, r->bytes_in);
	log_msg(LOG_INFO, "%s POST %s %s printer=%s status=%s in=%llu out=%zu us=%ld", r->peer,
	        r->printer ? r->printer->path : "-", op ? op : "(undecoded)",
	        r->printer ? printer_label(r->printer) : "-", st ? st : "?", (unsigned long long)r->bytes_in, len, us);
	return ret;
}

/* "127.0.0.1:631" or "[::1]:631" for log lines. */
static void peer_name(struct MHD_Connection *c, char *buf, size_t size)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char host[INET6_ADDRSTRLEN] = "?";
	unsigned port = 0;
	if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET) {
		const struct sockaddr_in *a = (const struct sockaddr_in *)(const void *)ci->client_addr;
		inet_ntop(AF_INET, &a->sin_addr, host, sizeof(host));
		port = ntohs(a->sin_port);
		snprintf(buf, size, "%s:%u", host, port);
	} else if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET6) {
		const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)(const void *)ci->client_addr;
		inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof(host));
		port = ntohs(a->sin6_port);
		snprintf(buf, size, "[%s]:%u", host, port);
	} else {
		snprintf(buf, size, "?");
	}
}

/* Keeps a Host header only when it is a plausible host[:port]; URIs we generate are built from it. */
static void copy_host(const char *host, char *buf, size_t size)
{
	buf[0] = '\0';
	if (!host)
		return;
	size_t n = strlen(host);
	if (n == 0 || n >= size)
		return;
	for (size_t i = 0; i < n; i++) {
		char ch = host[i];
		bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '.' ||
		          ch == '-' || ch == ':' || ch == '[' || ch == ']' || ch == '_' || ch == '%';
		if (!ok)
			return;
	}
	memcpy(buf, host, n + 1);
}

/* Splits "/ipp/print/42" into its printer and job id; NULL when no printer is there. */
static printer_t *route(system_t *sys, const char *url, int32_t *job_id)
{
	*job_id = 0;
	size_t len = strlen(url);
	system_lock(sys);
	printer_t *p = system_find_printer_locked(sys, url, len);
	if (!p) {
		/* A job path: the printer's path, a slash, and digits only. */
		const char *slash = strrchr(url, '/');
		if (slash && slash[1] && strspn(slash + 1, "0123456789") == strlen(slash + 1) && strlen(slash + 1) < 10) {
			p = system_find_printer_locked(sys, url, (size_t)(slash - url));
			if (p)
				*job_id = (int32_t)strtol(slash + 1, NULL, 10);
		}
	}
	system_unlock(sys);
	return p;
}

/* True when a Content-Type is application/ipp, parameters allowed. */
static bool is_ipp_type(const char *ct)
{
	if (!ct)
		return false;
	size_t n = strlen("application/ipp");
	return strncasecmp(ct, "application/ipp", n) == 0 && (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

/* A plain-text error after which the connection closes: where the body ends cannot be trusted. */
static enum MHD_Result answer_and_close(struct MHD_Connection *c, unsigned status, const char *text)
{
	struct MHD_Response *resp =
		MHD_create_response_from_buffer(strlen(text), (void *)(uintptr_t)text, MHD_RESPMEM_MUST_COPY);
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain; charset=utf-8");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
	enum MHD_Result ret = MHD_queue_response(c, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result count_length_header(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	(void)value;
	if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0)
		(*(unsigned *)cls)++;
	return MHD_YES;
}

/*
 * RFC 9112 section 6.3: several Content-Length fields are an unrecoverable
 * framing error (libmicrohttpd 0.9.75 silently uses the first), the way
 * requests are smuggled past a proxy that uses another one.
 */
static bool framing_is_ambiguous(struct MHD_Connection *c)
{
	unsigned n = 0;
	MHD_get_connection_values(c, MHD_HEADER_KIND, count_length_header, &n);
	return n > 1;
}

/* The first call of a POST: everything that can be answered before the body is read. */
static enum MHD_Result start_post(http_server_t *srv, struct MHD_Connection *c, const char *url, void **con_cls)
{
	int32_t job_id = 0;
	if (framing_is_ambiguous(c))
		return answer_and_close(c, MHD_HTTP_BAD_REQUEST, "The request has more than one Content-Length.\n");
	printer_t *p = route(srv->sys, url, &job_id);
	bool system_target = !p && (strcmp(url, "/ipp/system") == 0 || strcmp(url, "/ipp/system/") == 0);
	if (!p && !system_target)
		return answer_text(c, MHD_HTTP_NOT_FOUND, "No printer at this path.\n");
	if (!is_ipp_type(MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE)))
		return answer_text(c, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE,
		                   "A POST to a printer must have Content-Type: application/ipp.\n");
	const char *coding = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_ENCODING);
	inflater_t *body_coding = NULL;
	if (coding && strcasecmp(coding, "identity") != 0) {
		if (strcasecmp(coding, "gzip") != 0 && strcasecmp(coding, "deflate") != 0 &&
		    strcasecmp(coding, "x-gzip") != 0)
			return answer_text(c, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE,
			                   "Content-Encoding must be gzip, deflate or identity.\n");
		body_coding = inflater_new(strcasecmp(coding, "deflate") == 0 ? "deflate" : "gzip",
		                           srv->sys->max_document_size);
		if (!body_coding)
			return MHD_NO;
	}

	http_ctx_t *ctx = calloc(1, sizeof(*ctx));
	ippd_limits_t lim;
	ippd_limits_request(&lim);
	ippd_decoder_t *dec = ctx ? ippd_decoder_new(&lim) : NULL;
	if (!dec) {
		free(ctx);
		inflater_free(body_coding);
		return MHD_NO;
	}
	request_t *r = &ctx->r;
	ctx->body_coding = body_coding;
	r->sys = srv->sys;
	r->printer = p;
	r->system_target = system_target;
	r->path_job_id = job_id;
	r->dec = dec;
	r->phase = PHASE_ATTRS;
	clock_gettime(CLOCK_MONOTONIC, &r->started);
	peer_name(c, r->peer, sizeof(r->peer));
	copy_host(MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST), r->host, sizeof(r->host));
	r->authorization = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
	*con_cls = ctx;
	return MHD_YES;
}

/* Bytes of the (decoded) body: first the attributes, then document data or nothing. */
static void body_bytes(request_t *r, const uint8_t *data, size_t len)
{
	while (len > 0) {
		switch (r->phase) {
		case PHASE_ATTRS: {
			size_t used = 0;
			ippd_decode_status_t st = ippd_decoder_feed(r->dec, data, len, &used);
			data += used;
			len -= used;
			if (st == IPPD_DECODE_ERROR) {
				ipp_respond_undecodable(r, ippd_decoder_error(r->dec));
				r->phase = PHASE_DISCARD;
			} else if (st == IPPD_DECODE_DONE) {
				r->req = ippd_decoder_take(r->dec);
				ipp_begin(r);
			}
			break;
		}
		case PHASE_DATA:
			ipp_data(r, data, len);
			return;
		case PHASE_DISCARD:
			return;
		}
	}
}

static int coding_sink(void *ctx, const void *data, size_t len)
{
	body_bytes(ctx, data, len);
	return 0;
}

/* Connections open on every listener (libmicrohttpd sums its pool's threads). */
static unsigned open_connections(const http_server_t *srv)
{
	unsigned n = 0;
	for (size_t i = 0; i < srv->n; i++) {
		const union MHD_DaemonInfo *di =
			srv->daemons[i] ? MHD_get_daemon_info(srv->daemons[i], MHD_DAEMON_INFO_CURRENT_CONNECTIONS) : NULL;
		if (di)
			n += di->num_connections;
	}
	return n;
}

static enum MHD_Result access_handler(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                      const char *version, const char *upload_data, size_t *upload_data_size,
                                      void **con_cls)
{
	http_server_t *srv = cls;
	http_ctx_t *ctx = *con_cls;
	(void)version;

	if (!ctx) {
		if (strcmp(method, MHD_HTTP_METHOD_POST) == 0)
			return start_post(srv, c, url, con_cls);
		if ((strcmp(method, MHD_HTTP_METHOD_GET) == 0 || strcmp(method, MHD_HTTP_METHOD_HEAD) == 0) &&
		    strcmp(url, "/metrics") == 0)
			return metrics_answer(srv->sys, c, open_connections(srv));
		if ((strcmp(method, MHD_HTTP_METHOD_GET) == 0 || strcmp(method, MHD_HTTP_METHOD_HEAD) == 0) &&
		    icons_is_path(url))
			return icons_answer(c, url);
		if (strcmp(method, MHD_HTTP_METHOD_GET) == 0 || strcmp(method, MHD_HTTP_METHOD_HEAD) == 0)
			return web_answer(srv->sys, c, url);
		return answer_text(c, MHD_HTTP_METHOD_NOT_ALLOWED, "ippd answers GET, HEAD and POST.\n");
	}

	request_t *r = &ctx->r;
	if (*upload_data_size > 0) {
		r->bytes_in += *upload_data_size;
		if (ctx->body_coding && r->phase != PHASE_DISCARD) {
			if (inflater_feed(ctx->body_coding, upload_data, *upload_data_size, coding_sink, r) != 0) {
				ippd_error_t e = {.code = IPPD_ERR_MALFORMED, .ipp_status = IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST};
				snprintf(e.text, sizeof(e.text), "the request body's Content-Encoding is broken: %s",
				         inflater_error(ctx->body_coding));
				if (r->phase == PHASE_DATA)
					ipp_abort(r);
				ipp_respond_undecodable(r, &e);
				r->phase = PHASE_DISCARD;
			}
		} else {
			body_bytes(r, (const uint8_t *)upload_data, *upload_data_size);
		}
		*upload_data_size = 0;
		return MHD_YES;
	}

	/* The body has ended. */
	if (ctx->body_coding && r->phase != PHASE_DISCARD && inflater_finish(ctx->body_coding, coding_sink, r) != 0) {
		ippd_error_t e = {.code = IPPD_ERR_MALFORMED, .ipp_status = IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST};
		snprintf(e.text, sizeof(e.text), "the request body's Content-Encoding is broken: %s",
		         inflater_error(ctx->body_coding));
		if (r->phase == PHASE_DATA)
			ipp_abort(r);
		ipp_respond_undecodable(r, &e);
		r->phase = PHASE_DISCARD;
	}
	if (r->phase == PHASE_ATTRS) {
		ippd_error_t e = {.code = IPPD_ERR_TRUNCATED, .offset = ippd_decoder_offset(r->dec),
		                  .ipp_status = IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST};
		snprintf(e.text, sizeof(e.text), "the request ends after %zu bytes, before end-of-attributes",
		         ippd_decoder_offset(r->dec));
		ipp_respond_undecodable(r, &e);
	} else {
		ipp_end(r);
	}
	return answer_ipp(c, r);
}

/* Called when a request ends, answered or not: a document upload cut short is aborted. */
static void request_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)c;
	http_ctx_t *ctx = *con_cls;
	if (!ctx)
		return;
	if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK && ctx->r.phase == PHASE_DATA)
		ipp_abort(&ctx->r);
	ipp_request_cleanup(&ctx->r);
	inflater_free(ctx->body_coding);
	free(ctx);
	*con_cls = NULL;
}

/* Opens, binds and listens on every address HOST:PORT resolves to. */
static bool listen_on(http_server_t *srv, const char *spec, char *err, size_t errsize)
{
	char host[256];
	const char *port;
	const char *colon = strrchr(spec, ':');
	if (spec[0] == '[') {
		const char *close = strchr(spec, ']');
		if (!close || close[1] != ':' || (size_t)(close - spec - 1) >= sizeof(host)) {
			snprintf(err, errsize, "--listen %s: expected [IPV6]:PORT", spec);
			return false;
		}
		memcpy(host, spec + 1, (size_t)(close - spec - 1));
		host[close - spec - 1] = '\0';
		port = close + 2;
	} else if (colon && (size_t)(colon - spec) < sizeof(host)) {
		memcpy(host, spec, (size_t)(colon - spec));
		host[colon - spec] = '\0';
		port = colon + 1;
	} else if (!colon && strlen(spec) < sizeof(host)) {
		snprintf(host, sizeof(host), "%s", spec);
		port = "631";
	} else {
		snprintf(err, errsize, "--listen %s: expected HOST:PORT", spec);
		return false;
	}
	if (!*port)
		port = "631";

	struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE};
	struct addrinfo *res = NULL;
	int gai = getaddrinfo(host[0] ? host : NULL, port, &hints, &res);
	if (gai != 0) {
		snprintf(err, errsize, "--listen %s: %s", spec, gai_strerror(gai));
		return false;
	}
	bool any = false;
	for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
		if (srv->n >= MAX_LISTENERS)
			break;
		int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
		if (fd < 0)
			continue;
		int one = 1;
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (ai->ai_family == AF_INET6)
			setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
		if (bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, 1024) != 0) {
			snprintf(err, errsize, "--listen %s: cannot bind: %s", spec, strerror(errno));
			close(fd);
			continue;
		}
		srv->fds[srv->n++] = fd;
		any = true;
	}
	freeaddrinfo(res);
	if (any)
		err[0] = '\0';
	else if (!err[0])
		snprintf(err, errsize, "--listen %s: no address to bind", spec);
	return any;
}

http_server_t *http_start(system_t *sys, const char *const *listen, size_t n_listen, unsigned threads, char *err,
                          size_t errsize)
{
	http_server_t *srv = calloc(1, sizeof(*srv));
	if (!srv) {
		snprintf(err, errsize, "out of memory");
		return NULL;
	}
	srv->sys = sys;
	for (size_t i = 0; i < n_listen; i++) {
		err[0] = '\0';
		if (!listen_on(srv, listen[i], err, errsize))
			goto fail;
	}
	/*
	 * poll(), not epoll: libmicrohttpd 0.9.75 with epoll misses the end of
	 * a connection whose client half-closed it in the middle of a body, and
	 * holds it (and its job) until the idle timeout; with poll the close is
	 * seen at once.  Measured: 6 of 6 such uploads stalled with epoll, 0 of
	 * 3 with poll, and Get-Printer-Attributes throughput was the same.
	 */
	for (size_t i = 0; i < srv->n; i++) {
		srv->daemons[i] = MHD_start_daemon(
			MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL | MHD_USE_ERROR_LOG, 0, NULL, NULL, access_handler,
			srv, MHD_OPTION_LISTEN_SOCKET, srv->fds[i], MHD_OPTION_THREAD_POOL_SIZE, threads,
			MHD_OPTION_CONNECTION_LIMIT, (unsigned)1000, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)120,
			MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024), MHD_OPTION_NOTIFY_COMPLETED,
			request_completed, srv, MHD_OPTION_END);
		if (!srv->daemons[i]) {
			snprintf(err, errsize, "cannot start the HTTP server (libmicrohttpd)");
			goto fail;
		}
	}
	return srv;
fail:
	http_stop(srv);
	return NULL;
}

void http_stop(http_server_t *srv)
{
	if (!srv)
		return;
	for (size_t i = 0; i < srv->n; i++) {
		if (srv->daemons[i])
			MHD_stop_daemon(srv->daemons[i]);
		close(srv->fds[i]);
	}
	free(srv);
}

int http_port(const http_server_t *srv)
{
	if (!srv || srv->n == 0)
		return 0;
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	if (getsockname(srv->fds[0], (struct sockaddr *)&ss, &len) != 0)
		return 0;
	if (ss.ss_family == AF_INET)
		return ntohs(((struct sockaddr_in *)&ss)->sin_port);
	return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
}
