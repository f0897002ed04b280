/* HTTP on libmicrohttpd: listening sockets, routing, the streamed request body, and the response. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <errno.h>
#include <stdarg.h>
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

#include "acceptor.h"
#include "cups-compat.h"
#include "http.h"
#include "icons.h"
#include "inflate.h"
#include "listen.h"
#include "metrics.h"
#include "notify-wait.h"
#include "request.h"
#include "tls.h"
#include "web.h"

enum { MAX_LISTENERS = HTTP_MAX_LISTENERS };

/* TLS 1.2 and 1.3 only (RFC 7472 asks for 1.2 at least); GnuTLS's defaults otherwise. */
static const char TLS_PRIORITIES[] = "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2";

struct http_server {
	system_t *sys;
	struct MHD_Daemon *plain; /* HTTP connections the acceptor hands over */
	struct MHD_Daemon *tls;   /* TLS ones (RFC 7472: the same port); NULL with --no-tls */
	int fds[MAX_LISTENERS];
	size_t n;
	acceptor_t *acceptor;
	tls_creds_t creds;
};

/* Per-connection-request state kept by libmicrohttpd between calls. */
typedef struct http_ctx {
	request_t r;
	inflater_t *body_coding; /* Content-Encoding gzip/deflate of the whole body */
	bool answered;           /* a response was queued on the first call */
	conn_slot_t *slot;       /* the acceptor's record of the connection (deadlines), or NULL */
	web_form_t *form;        /* a web form POST (web.c) rather than an IPP request */
	bool held;               /* suspended: a Get-Notifications waiting for an event (notify-wait.c) */
} http_ctx_t;

/* The acceptor's record of a connection, set when libmicrohttpd started it. */
static conn_slot_t *conn_slot_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci ? ci->socket_context : NULL;
}

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

/* Called by the notifier thread (no lock held) when a held request has its event or its deadline. */
static void resume_held(void *conn)
{
	MHD_resume_connection(conn);
}

/*
 * Answers, or holds the answer of a Get-Notifications with notify-wait
 * until an event or its deadline: the connection is suspended (no thread
 * waits), registered with notify-wait.c, and resumed from there; then this
 * handler is called again and the operation runs again.  main.c has
 * notify_shutdown() resume every held connection before http_stop():
 * libmicrohttpd must not be stopped with one still suspended.
 */
static enum MHD_Result answer_or_hold(struct MHD_Connection *c, http_ctx_t *ctx)
{
	ctx->held = notify_hold_pending(&ctx->r);
	if (!ctx->held)
		return answer_ipp(c, &ctx->r);
	MHD_suspend_connection(c);
	notify_hold_start(&ctx->r, resume_held, c);
	return MHD_YES;
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
	if (!p) /* CUPS's name for it: /printers/NAME */
		p = cups_compat_printer_locked(sys, url, len);
	if (!p && cups_compat_resource(url)) /* "/", "/admin/", "/jobs/": printer-uri or job-uri will say */
		p = cups_compat_default_locked(sys);
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

bool http_connection_is_tls(struct MHD_Connection *c)
{
	/* Only a connection of the TLS daemon has a GnuTLS session (the pool's workers are other daemons). */
	return MHD_get_connection_info(c, MHD_CONNECTION_INFO_GNUTLS_SESSION) != NULL;
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
	r->secure = http_connection_is_tls(c);
	ctx->slot = conn_slot_of(c);
	clock_gettime(CLOCK_MONOTONIC, &r->started);
	peer_name(c, r->peer, sizeof(r->peer));
	copy_host(MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST), r->host, sizeof(r->host));
	r->authorization = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
	*con_cls = ctx;
	return MHD_YES;
}

/* The first call of a web form POST: the body (a few short fields) is read by web.c. */
static enum MHD_Result start_form(struct MHD_Connection *c, const char *url, void **con_cls)
{
	http_ctx_t *ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return MHD_NO;
	ctx->form = web_form_new(c, url);
	if (!ctx->form) {
		free(ctx);
		return MHD_NO;
	}
	peer_name(c, ctx->r.peer, sizeof(ctx->r.peer));
	ctx->r.secure = http_connection_is_tls(c);
	*con_cls = ctx;
	return MHD_YES;
}

/* Bytes of the (decoded) body: first the attributes, then document data or nothing. */
static void body_bytes(http_ctx_t *ctx, const uint8_t *data, size_t len)
{
	request_t *r = &ctx->r;
	while (len > 0) {
		switch (r->phase) {
		case PHASE_ATTRS: {
			size_t used = 0;
			ippd_decode_status_t st = ippd_decoder_feed(r->dec, data, len, &used);
			data += used;
			len -= used;
			if (st == IPPD_DECODE_ERROR) {
				acceptor_conn_busy(ctx->slot);
				ipp_respond_undecodable(r, ippd_decoder_error(r->dec));
				r->phase = PHASE_DISCARD;
			} else if (st == IPPD_DECODE_DONE) {
				/* The request is complete: the slow-client deadline ends before the operation runs. */
				acceptor_conn_busy(ctx->slot);
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

/* Connections open now, plain and TLS, those still waiting for their first byte included. */
static unsigned open_connections(const http_server_t *srv)
{
	return (unsigned)acceptor_open_connections(srv->acceptor);
}

static enum MHD_Result access_handler(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                      const char *version, const char *upload_data, size_t *upload_data_size,
                                      void **con_cls)
{
	http_server_t *srv = cls;
	http_ctx_t *ctx = *con_cls;
	(void)version;

	if (!ctx) {
		/* The headers are in: only a POST's IPP attributes still count against the slow-client deadline. */
		enum MHD_Result ret;
		if (strcmp(method, MHD_HTTP_METHOD_POST) == 0 && web_is_form(c))
			ret = start_form(c, url, con_cls);
		else if (strcmp(method, MHD_HTTP_METHOD_POST) == 0)
			ret = start_post(srv, c, url, con_cls);
		else if ((strcmp(method, MHD_HTTP_METHOD_GET) == 0 || strcmp(method, MHD_HTTP_METHOD_HEAD) == 0) &&
		         strcmp(url, "/metrics") == 0)
			ret = metrics_answer(srv->sys, c, open_connections(srv));
		else if ((strcmp(method, MHD_HTTP_METHOD_GET) == 0 || strcmp(method, MHD_HTTP_METHOD_HEAD) == 0) &&
		         icons_is_path(url))
			ret = icons_answer(c, url);
		else if (strcmp(method, MHD_HTTP_METHOD_GET) == 0 || strcmp(method, MHD_HTTP_METHOD_HEAD) == 0)
			ret = web_answer(srv->sys, c, url);
		else
			ret = answer_text(c, MHD_HTTP_METHOD_NOT_ALLOWED, "ippd answers GET, HEAD and POST.\n");
		if (!*con_cls)
			acceptor_conn_busy(conn_slot_of(c));
		return ret;
	}

	request_t *r = &ctx->r;
	if (ctx->form) {
		if (*upload_data_size > 0) {
			web_form_feed(ctx->form, upload_data, *upload_data_size);
			*upload_data_size = 0;
			return MHD_YES;
		}
		acceptor_conn_busy(conn_slot_of(c));
		return web_form_answer(srv->sys, ctx->form, c, r->peer, r->secure);
	}
	if (*upload_data_size > 0) {
		r->bytes_in += *upload_data_size;
		if (ctx->body_coding && r->phase != PHASE_DISCARD) {
			if (inflater_feed(ctx->body_coding, upload_data, *upload_data_size, coding_sink, ctx) != 0) {
				ippd_error_t e = {.code = IPPD_ERR_MALFORMED, .ipp_status = IPPD_STATUS_CLIENT_ERROR_BAD_REQUEST};
				snprintf(e.text, sizeof(e.text), "the request body's Content-Encoding is broken: %s",
				         inflater_error(ctx->body_coding));
				if (r->phase == PHASE_DATA)
					ipp_abort(r);
				ipp_respond_undecodable(r, &e);
				r->phase = PHASE_DISCARD;
			}
		} else {
			body_bytes(ctx, (const uint8_t *)upload_data, *upload_data_size);
		}
		*upload_data_size = 0;
		return MHD_YES;
	}

	/* A held Get-Notifications was resumed: it runs again. */
	if (ctx->held) {
		notify_ipp_resume(r);
		return answer_or_hold(c, ctx);
	}

	/* The body has ended. */
	acceptor_conn_busy(ctx->slot);
	if (ctx->body_coding && r->phase != PHASE_DISCARD && inflater_finish(ctx->body_coding, coding_sink, ctx) != 0) {
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
	return answer_or_hold(c, ctx);
}

/* Called when a request ends, answered or not: a document upload cut short is aborted. */
static void request_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	http_server_t *srv = cls;
	/* A kept-alive connection now waits for its next request, under the slow-client deadline again. */
	acceptor_conn_waiting(srv->acceptor, conn_slot_of(c));
	http_ctx_t *ctx = *con_cls;
	if (!ctx)
		return;
	if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK && ctx->r.phase == PHASE_DATA)
		ipp_abort(&ctx->r);
	ipp_request_cleanup(&ctx->r);
	inflater_free(ctx->body_coding);
	web_form_free(ctx->form);
	free(ctx);
	*con_cls = NULL;
}

/* libmicrohttpd started or ended a connection: the acceptor's table follows (caps, deadlines). */
static void connection_notice(void *cls, struct MHD_Connection *c, void **socket_context,
                              enum MHD_ConnectionNotificationCode code)
{
	http_server_t *srv = cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		*socket_context = ci ? acceptor_conn_started(srv->acceptor, ci->connect_fd) : NULL;
	} else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
		acceptor_conn_closed(srv->acceptor, *socket_context);
		*socket_context = NULL;
	}
}

/* The acceptor's hand-over: to the TLS daemon when the first byte starts a handshake. */
static bool handoff(void *cls, int fd, const struct sockaddr *addr, socklen_t addrlen, bool tls)
{
	http_server_t *srv = cls;
	if (tls && !srv->tls) {
		log_msg(LOG_DEBUG, "a TLS handshake arrived, but TLS is off (--no-tls): connection closed");
		close(fd);
		return false;
	}
	return MHD_add_connection(tls ? srv->tls : srv->plain, fd, addr, addrlen) == MHD_YES;
}

/* libmicrohttpd's messages for TLS connections (failed handshakes: scanners, old clients) into our log. */
__attribute__((format(printf, 2, 0))) static void tls_library_message(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	if (!log_enabled(LOG_INFO))
		return;
	char text[256];
	vsnprintf(text, sizeof(text), fmt, ap);
	text[strcspn(text, "\r\n")] = '\0';
	log_msg(LOG_INFO, "TLS: %s", text);
}

/* One daemon without a listening socket of its own: the acceptor gives it its connections. */
static struct MHD_Daemon *start_daemon(http_server_t *srv, const http_conf_t *conf, bool tls)
{
	/*
	 * poll(), not epoll: libmicrohttpd 0.9.75 with epoll misses the end of
	 * a connection whose client half-closed it in the middle of a body, and
	 * holds it (and its job) until the idle timeout; with poll the close is
	 * seen at once.  Measured: 6 of 6 such uploads stalled with epoll, 0 of
	 * 3 with poll, and Get-Printer-Attributes throughput was the same.
	 */
	/* MHD_ALLOW_SUSPEND_RESUME: held Get-Notifications (notify-wait) suspend their connection. */
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL | MHD_USE_ERROR_LOG | MHD_USE_NO_LISTEN_SOCKET |
	                 MHD_USE_ITC | MHD_ALLOW_SUSPEND_RESUME;
	/* The acceptor enforces the caps; libmicrohttpd's own limit is only a backstop above them. */
	unsigned backstop = conf->max_connections * 2 + 16;
	size_t memory = 64 * 1024; /* per connection: bounds the request line and headers too */
	if (!tls)
		return MHD_start_daemon(flags, 0, NULL, NULL, access_handler, srv, MHD_OPTION_THREAD_POOL_SIZE,
		                        conf->threads, MHD_OPTION_CONNECTION_LIMIT, backstop,
		                        MHD_OPTION_CONNECTION_TIMEOUT, conf->client_timeout,
		                        MHD_OPTION_CONNECTION_MEMORY_LIMIT, memory, MHD_OPTION_NOTIFY_COMPLETED,
		                        request_completed, srv, MHD_OPTION_NOTIFY_CONNECTION, connection_notice, srv,
		                        MHD_OPTION_END);
	return MHD_start_daemon(flags | MHD_USE_TLS, 0, NULL, NULL, access_handler, srv, MHD_OPTION_EXTERNAL_LOGGER,
	                        tls_library_message, NULL, MHD_OPTION_THREAD_POOL_SIZE,
	                        conf->threads, MHD_OPTION_CONNECTION_LIMIT, backstop, MHD_OPTION_CONNECTION_TIMEOUT,
	                        conf->client_timeout, MHD_OPTION_CONNECTION_MEMORY_LIMIT, memory,
	                        MHD_OPTION_NOTIFY_COMPLETED, request_completed, srv, MHD_OPTION_NOTIFY_CONNECTION,
	                        connection_notice, srv, MHD_OPTION_HTTPS_MEM_KEY, srv->creds.key_pem,
	                        MHD_OPTION_HTTPS_MEM_CERT, srv->creds.cert_pem, MHD_OPTION_HTTPS_PRIORITIES,
	                        TLS_PRIORITIES, MHD_OPTION_END);
}

/* The names a generated certificate covers: this host, localhost, loopback and every bound address. */
static void certificate_names(const http_server_t *srv, tls_names_t *names, char *host, size_t hostsize,
                              char *local, size_t localsize)
{
	memset(names, 0, sizeof(*names));
	/* The first name is the certificate's common name. */
	if (gethostname(host, hostsize) == 0 && host[0] && strcmp(host, "localhost") != 0) {
		host[hostsize - 1] = '\0';
		names->dns[names->n_dns++] = host;
		/* DNS-SD advertises HOST.local: clients that found the printer there connect by that name. */
		if (!strchr(host, '.') && snprintf(local, localsize, "%s.local", host) < (int)localsize)
			names->dns[names->n_dns++] = local;
	}
	names->dns[names->n_dns++] = "localhost";
	tls_names_add_ip(names, "127.0.0.1");
	tls_names_add_ip(names, "::1");
	for (size_t i = 0; i < srv->n; i++) {
		struct sockaddr_storage ss;
		socklen_t len = sizeof(ss);
		char ip[INET6_ADDRSTRLEN];
		if (getsockname(srv->fds[i], (struct sockaddr *)&ss, &len) != 0)
			continue;
		if (ss.ss_family == AF_INET) {
			const struct sockaddr_in *a = (const struct sockaddr_in *)(const void *)&ss;
			if (a->sin_addr.s_addr != htonl(INADDR_ANY) && inet_ntop(AF_INET, &a->sin_addr, ip, sizeof(ip)))
				tls_names_add_ip(names, ip);
		} else if (ss.ss_family == AF_INET6) {
			const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)(const void *)&ss;
			if (!IN6_IS_ADDR_UNSPECIFIED(&a->sin6_addr) &&
			    inet_ntop(AF_INET6, &a->sin6_addr, ip, sizeof(ip)))
				tls_names_add_ip(names, ip);
		}
	}
}

/* The operator's certificate, or the generated one; false with a sentence in `err`. */
static bool setup_tls(http_server_t *srv, const http_conf_t *conf, char *err, size_t errsize)
{
	if (!conf->tls_cert != !conf->tls_key) {
		snprintf(err, errsize, "--tls-cert and --tls-key go together");
		return false;
	}
	if (conf->tls_cert) {
		if (tls_creds_load(&srv->creds, conf->tls_cert, conf->tls_key, err, errsize))
			return true;
		char why[512];
		snprintf(why, sizeof(why), "%s", err);
		snprintf(err, errsize, "TLS: %s", why);
		return false;
	}
	tls_names_t names;
	char host[256], local[300];
	certificate_names(srv, &names, host, sizeof(host), local, sizeof(local));
	return tls_creds_self_signed(&srv->creds, srv->sys->state_dir, &names, err, errsize);
}

bool http_listen(const http_conf_t *conf, int *fds, size_t *n, char *err, size_t errsize)
{
	*n = 0;
	int passed = listen_from_environment(fds, MAX_LISTENERS, err, errsize);
	if (passed < 0)
		return false;
	if (passed > 0) {
		*n = (size_t)passed;
		log_msg(LOG_INFO, "socket activation: %d listening socket%s from the service manager (--listen ignored)",
		        passed, passed == 1 ? "" : "s");
		return true;
	}
	for (size_t i = 0; i < conf->n_listen; i++)
		if (!listen_open(conf->listen[i], fds, n, MAX_LISTENERS, err, errsize)) {
			for (size_t k = 0; k < *n; k++)
				close(fds[k]);
			*n = 0;
			return false;
		}
	return true;
}

/* The listening sockets: those main() opened already (http_listen), or opened now. */
static bool open_sockets(http_server_t *srv, const http_conf_t *conf, char *err, size_t errsize)
{
	if (conf->fds && conf->n_fds) {
		if (conf->n_fds > MAX_LISTENERS) {
			snprintf(err, errsize, "at most %d listening sockets", MAX_LISTENERS);
			return false;
		}
		memcpy(srv->fds, conf->fds, conf->n_fds * sizeof(int));
		srv->n = conf->n_fds;
		return true;
	}
	return http_listen(conf, srv->fds, &srv->n, err, errsize);
}

http_server_t *http_start(system_t *sys, const http_conf_t *conf, char *err, size_t errsize)
{
	http_server_t *srv = calloc(1, sizeof(*srv));
	if (!srv) {
		snprintf(err, errsize, "out of memory");
		return NULL;
	}
	srv->sys = sys;
	err[0] = '\0';
	if (!open_sockets(srv, conf, err, errsize))
		goto fail;
	if (conf->tls && !setup_tls(srv, conf, err, errsize))
		goto fail;
	acceptor_conf_t ac = {
		.max_connections = conf->max_connections,
		.max_per_address = conf->max_per_address,
		.client_timeout = conf->client_timeout,
		.first_byte_ms = conf->client_timeout < 5 ? conf->client_timeout * 1000 : 5000,
	};
	srv->acceptor = acceptor_new(srv->fds, srv->n, &ac, handoff, srv, err, errsize);
	if (!srv->acceptor)
		goto fail;
	srv->plain = start_daemon(srv, conf, false);
	if (!srv->plain) {
		snprintf(err, errsize, "cannot start the HTTP server (libmicrohttpd)");
		goto fail;
	}
	if (conf->tls) {
		srv->tls = start_daemon(srv, conf, true);
		if (!srv->tls) {
			snprintf(err, errsize, "cannot start the HTTPS server (libmicrohttpd with GnuTLS; the certificate "
			                       "%s and its key were refused)", srv->creds.cert_path);
			goto fail;
		}
	}
	if (!acceptor_start(srv->acceptor, err, errsize))
		goto fail;
	sys->tls_enabled = srv->tls != NULL;
	return srv;
fail:
	http_stop(srv);
	return NULL;
}

void http_stop(http_server_t *srv)
{
	if (!srv)
		return;
	/* No new connections first; then the daemons end theirs (the acceptor's table hears of each). */
	acceptor_stop(srv->acceptor);
	if (srv->plain)
		MHD_stop_daemon(srv->plain);
	if (srv->tls)
		MHD_stop_daemon(srv->tls);
	acceptor_free(srv->acceptor);
	for (size_t i = 0; i < srv->n; i++)
		close(srv->fds[i]);
	tls_creds_free(&srv->creds);
	free(srv);
}

int http_port(const http_server_t *srv)
{
	return srv && srv->n ? listen_port(srv->fds[0]) : 0;
}

const char *http_certificate_path(const http_server_t *srv)
{
	return srv && srv->tls ? srv->creds.cert_path : NULL;
}
