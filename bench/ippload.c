/* ippload: a closed-loop HTTP/1.1 load generator for IPP servers, for bench/bench-server.sh. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */

/*
 * One thread, one epoll set, N keep-alive connections. Each connection sends the same POST
 * (Content-Type: application/ipp, the bytes of --body, then --pad filler bytes), reads the whole
 * response (Content-Length or chunked), checks the HTTP status and the IPP status-code in the
 * response body's bytes 2-3, and sends the next request at once. Every request that completes
 * inside the measured window has its latency recorded, so the percentiles are exact; a request
 * still unanswered at the end counts with the time it has waited.
 *
 * Output: one line of key=value pairs on stdout (see usage()). Exit status 0 when every measured
 * request succeeded, 1 when some failed (the line still says how many), 2 on a usage or
 * connection error.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum {
	RBUF_SIZE = 64 * 1024,
	PAD_CHUNK = 256 * 1024,
	MAX_CONNECTIONS = 4096,
};

typedef enum { RX_STATUS_LINE, RX_HEADERS, RX_BODY, RX_CHUNK_SIZE, RX_CHUNK_DATA, RX_CHUNK_CRLF, RX_TRAILER } rx_t;

typedef struct conn {
	int fd;
	bool sending;        /* the request is not fully written yet */
	bool busy;           /* a request is outstanding */
	uint64_t sent;       /* bytes of the request written (head+body+pad) */
	uint64_t started_ns; /* when its first byte was written */
	/* response parser */
	char line[1024]; /* the current header or chunk-size line */
	size_t line_len;
	rx_t rx;
	int http_status;
	bool chunked;
	bool close_after;
	uint64_t remaining; /* body or chunk bytes still to come */
	uint8_t ipp_head[8]; /* the first bytes of the body: version, status-code, request-id */
	size_t ipp_got;
	uint64_t body_bytes;
	uint64_t done_in_window; /* responses completed inside the measured window */
} conn_t;

typedef struct config {
	const char *host;
	const char *port;
	const char *path;
	const char *body_file;
	uint64_t pad;
	int pad_byte;
	int connections;
	double seconds;
	bool seconds_given;
	double warmup;
	uint64_t max_requests; /* 0: no limit; else stop after this many measured requests */
	double timeout;        /* seconds without any completed request before giving up */
	bool allow_ipp_errors;
} config_t;

static config_t cfg = {
	.host = "127.0.0.1", .port = "631", .path = "/ipp/print", .pad_byte = ' ',
	.connections = 1, .seconds = 3.0, .warmup = 1.0, .timeout = 30.0,
};

static uint8_t *head_and_body; /* HTTP head followed by the --body bytes */
static size_t head_len, hb_len;
static uint64_t request_len; /* hb_len + pad */
static uint8_t pad_buf[PAD_CHUNK];

static uint64_t *lat; /* latencies of measured requests, in ns */
static size_t n_lat, cap_lat;
static uint64_t n_ok_all, n_ok, n_ipp_err, n_http_err, n_reconnects, resp_bytes_total;
static int first_bad_ipp = -1, first_bad_http = -1;
static uint64_t window_start, window_end;
static bool measuring;
static struct addrinfo *target;

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void die(const char *what)
{
	fprintf(stderr, "ippload: %s: %s\n", what, strerror(errno));
	exit(2);
}

static void usage(FILE *out)
{
	fputs("usage: ippload --port PORT --body FILE [options]\n"
	      "\n"
	      "Sends the same IPP request over N keep-alive connections, closed loop, and prints\n"
	      "  requests=N ok=N ipp_errors=N http_errors=N reconnects=N seconds=S rps=R mbps=M\n"
	      "  p50_us=.. p90_us=.. p99_us=.. p999_us=.. max_us=.. mean_us=.. resp_bytes=B\n"
	      "  unfinished=N starved=N ok_all=N elapsed=S cpu=S [first_ipp_error=0xSSSS] [first_http_error=N]\n"
	      "  [aborted=1]\n"
	      "mbps counts request bytes, 10^6 per second; resp_bytes is the mean response body;\n"
	      "ok_all counts the successful requests of the warm-up too, and elapsed runs from the first\n"
	      "connection to the end; cpu is ippload's own user+system time; first_http_error=0 is a\n"
	      "connection the server dropped or refused. unfinished requests (still unanswered at the\n"
	      "end) count in the percentiles with the time they waited; starved connections completed\n"
	      "no request in the measured window.\n"
	      "\n"
	      "  --host HOST         server address (default 127.0.0.1)\n"
	      "  --port PORT         server port (required)\n"
	      "  --path PATH         HTTP request target (default /ipp/print)\n"
	      "  --body FILE         request body: the IPP message, and any document bytes\n"
	      "  --pad BYTES         filler bytes sent after FILE's bytes (a streamed document)\n"
	      "  --pad-byte N        the filler byte's value (default 32, a space)\n"
	      "  --connections N     concurrent connections (default 1)\n"
	      "  --seconds S         measured time (default 3)\n"
	      "  --warmup S          unmeasured time before it (default 1)\n"
	      "  --requests N        stop after N measured requests (and after --seconds, if given)\n"
	      "  --timeout S         give up after S seconds without a response (default 30)\n"
	      "  --allow-ipp-errors  exit 0 even if IPP status-codes were errors\n",
	      out);
}

static void parse_args(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "--help") == 0) {
			usage(stdout);
			exit(0);
		}
		if (strcmp(a, "--allow-ipp-errors") == 0) {
			cfg.allow_ipp_errors = true;
			continue;
		}
		if (!v) {
			usage(stderr);
			exit(2);
		}
		i++;
		if (strcmp(a, "--host") == 0)
			cfg.host = v;
		else if (strcmp(a, "--port") == 0)
			cfg.port = v;
		else if (strcmp(a, "--path") == 0)
			cfg.path = v;
		else if (strcmp(a, "--body") == 0)
			cfg.body_file = v;
		else if (strcmp(a, "--pad") == 0)
			cfg.pad = strtoull(v, NULL, 10);
		else if (strcmp(a, "--pad-byte") == 0)
			cfg.pad_byte = atoi(v);
		else if (strcmp(a, "--connections") == 0)
			cfg.connections = atoi(v);
		else if (strcmp(a, "--seconds") == 0) {
			cfg.seconds = atof(v);
			cfg.seconds_given = true;
		}
		else if (strcmp(a, "--warmup") == 0)
			cfg.warmup = atof(v);
		else if (strcmp(a, "--requests") == 0)
			cfg.max_requests = strtoull(v, NULL, 10);
		else if (strcmp(a, "--timeout") == 0)
			cfg.timeout = atof(v);
		else {
			fprintf(stderr, "ippload: unknown option %s\n", a);
			usage(stderr);
			exit(2);
		}
	}
	if (!cfg.body_file || cfg.connections < 1 || cfg.connections > MAX_CONNECTIONS || cfg.seconds <= 0 ||
	    cfg.warmup < 0) {
		usage(stderr);
		exit(2);
	}
}

static void load_request(void)
{
	FILE *f = fopen(cfg.body_file, "rb");
	if (!f)
		die(cfg.body_file);
	struct stat st;
	if (fstat(fileno(f), &st) != 0)
		die(cfg.body_file);
	size_t body_len = (size_t)st.st_size;
	char head[1024];
	int n = snprintf(head, sizeof(head),
	                 "POST %s HTTP/1.1\r\nHost: %s:%s\r\nContent-Type: application/ipp\r\n"
	                 "Content-Length: %" PRIu64 "\r\n\r\n",
	                 cfg.path, strcmp(cfg.host, "127.0.0.1") == 0 ? "localhost" : cfg.host, cfg.port,
	                 (uint64_t)body_len + cfg.pad);
	head_len = (size_t)n;
	hb_len = head_len + body_len;
	head_and_body = malloc(hb_len);
	if (!head_and_body)
		die("malloc");
	memcpy(head_and_body, head, head_len);
	if (body_len && fread(head_and_body + head_len, 1, body_len, f) != body_len)
		die(cfg.body_file);
	fclose(f);
	request_len = hb_len + cfg.pad;
	memset(pad_buf, cfg.pad_byte, sizeof(pad_buf));
}

static void record(uint64_t ns)
{
	if (n_lat == cap_lat) {
		cap_lat = cap_lat ? cap_lat * 2 : 65536;
		lat = realloc(lat, cap_lat * sizeof(*lat));
		if (!lat)
			die("realloc");
	}
	lat[n_lat++] = ns;
}

static void conn_open(int ep, conn_t *c)
{
	c->fd = socket(target->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, target->ai_protocol);
	if (c->fd < 0)
		die("socket");
	int one = 1;
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	/* A refused connect (loopback answers at once) shows up as an error on the first write. */
	if (connect(c->fd, target->ai_addr, target->ai_addrlen) != 0 && errno != EINPROGRESS && errno != ECONNREFUSED)
		die("connect");
	struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET, .data.ptr = c};
	if (epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev) != 0)
		die("epoll_ctl");
}

static void conn_start_request(conn_t *c)
{
	c->busy = true;
	c->sending = true;
	c->sent = 0;
	c->started_ns = 0;
	c->rx = RX_STATUS_LINE;
	c->line_len = 0;
	c->http_status = 0;
	c->chunked = false;
	c->close_after = false;
	c->remaining = 0;
	c->ipp_got = 0;
	c->body_bytes = 0;
}

/* Writes what the socket takes. Returns -1 on a connection error. */
static int conn_send(conn_t *c)
{
	while (c->sending) {
		ssize_t n;
		if (c->sent < hb_len) {
			n = write(c->fd, head_and_body + c->sent, hb_len - c->sent);
		} else {
			uint64_t left = request_len - c->sent;
			n = write(c->fd, pad_buf, left < PAD_CHUNK ? (size_t)left : PAD_CHUNK);
		}
		if (n < 0) {
			if (errno == EAGAIN)
				return 0;
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (c->started_ns == 0)
			c->started_ns = now_ns();
		c->sent += (uint64_t)n;
		if (c->sent == request_len)
			c->sending = false;
	}
	return 0;
}

static void header_line(conn_t *c)
{
	char *l = c->line;
	if (strncasecmp(l, "Content-Length:", 15) == 0)
		c->remaining = strtoull(l + 15, NULL, 10);
	else if (strncasecmp(l, "Transfer-Encoding:", 18) == 0 && strcasestr(l + 18, "chunked"))
		c->chunked = true;
	else if (strncasecmp(l, "Connection:", 11) == 0 && strcasestr(l + 11, "close"))
		c->close_after = true;
}

static void body_data(conn_t *c, const uint8_t *p, size_t n)
{
	while (c->ipp_got < sizeof(c->ipp_head) && n) {
		c->ipp_head[c->ipp_got++] = *p++;
		n--;
	}
}

/* Feeds received bytes to the parser. Returns 1 when the response is complete, 0 for more, -1 on garbage. */
static int conn_parse(conn_t *c, const uint8_t *p, size_t n, size_t *used)
{
	size_t i = 0;
	while (i < n) {
		switch (c->rx) {
		case RX_STATUS_LINE:
		case RX_HEADERS:
		case RX_CHUNK_SIZE:
		case RX_CHUNK_CRLF:
		case RX_TRAILER: {
			uint8_t ch = p[i++];
			if (ch == '\r')
				break;
			if (ch != '\n') {
				if (c->line_len + 1 >= sizeof(c->line))
					return -1;
				c->line[c->line_len++] = (char)ch;
				break;
			}
			c->line[c->line_len] = '\0';
			size_t len = c->line_len;
			c->line_len = 0;
			if (c->rx == RX_STATUS_LINE) {
				if (len == 0)
					break; /* stray CRLF between responses */
				if (strncmp(c->line, "HTTP/1.", 7) != 0 || len < 12)
					return -1;
				c->http_status = atoi(c->line + 9);
				c->rx = RX_HEADERS;
			} else if (c->rx == RX_HEADERS) {
				if (len > 0) {
					header_line(c);
					break;
				}
				if (c->http_status == 100) { /* interim response: the real one follows */
					c->rx = RX_STATUS_LINE;
					break;
				}
				if (c->chunked)
					c->rx = RX_CHUNK_SIZE;
				else if (c->remaining == 0) {
					*used = i;
					return 1;
				} else
					c->rx = RX_BODY;
			} else if (c->rx == RX_CHUNK_SIZE) {
				c->remaining = strtoull(c->line, NULL, 16);
				c->rx = c->remaining ? RX_CHUNK_DATA : RX_TRAILER;
			} else if (c->rx == RX_CHUNK_CRLF) {
				c->rx = RX_CHUNK_SIZE;
			} else { /* RX_TRAILER: an empty line ends the message */
				if (len == 0) {
					*used = i;
					return 1;
				}
			}
			break;
		}
		case RX_BODY:
		case RX_CHUNK_DATA: {
			size_t take = n - i;
			if (take > c->remaining)
				take = (size_t)c->remaining;
			body_data(c, p + i, take);
			c->body_bytes += take;
			c->remaining -= take;
			i += take;
			if (c->remaining == 0) {
				if (c->rx == RX_BODY) {
					*used = i;
					return 1;
				}
				c->rx = RX_CHUNK_CRLF;
			}
			break;
		}
		}
	}
	*used = i;
	return 0;
}

static void finish_response(conn_t *c, uint64_t t)
{
	bool ok_http = c->http_status == 200;
	int ipp_status = c->ipp_got >= 4 ? (c->ipp_head[2] << 8 | c->ipp_head[3]) : -1;
	bool ok_ipp = ipp_status >= 0 && ipp_status < 0x0100;
	if (ok_http && ok_ipp)
		n_ok_all++;
	if (!measuring || t < window_start)
		return;
	c->done_in_window++;
	record(t - c->started_ns);
	resp_bytes_total += c->body_bytes;
	if (!ok_http) {
		n_http_err++;
		if (first_bad_http < 0)
			first_bad_http = c->http_status;
	} else if (!ok_ipp) {
		n_ipp_err++;
		if (first_bad_ipp < 0)
			first_bad_ipp = ipp_status;
	} else {
		n_ok++;
	}
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static double pct_us(double q)
{
	if (!n_lat)
		return 0;
	size_t k = (size_t)(q * (double)n_lat);
	if (k >= n_lat)
		k = n_lat - 1;
	return (double)lat[k] / 1000.0;
}

int main(int argc, char **argv)
{
	parse_args(argc, argv);
	signal(SIGPIPE, SIG_IGN);
	load_request();

	struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM};
	int gai = getaddrinfo(cfg.host, cfg.port, &hints, &target);
	if (gai != 0) {
		fprintf(stderr, "ippload: %s:%s: %s\n", cfg.host, cfg.port, gai_strerror(gai));
		return 2;
	}
	int ep = epoll_create1(EPOLL_CLOEXEC);
	if (ep < 0)
		die("epoll_create1");
	conn_t *conns = calloc((size_t)cfg.connections, sizeof(*conns));
	if (!conns)
		die("calloc");

	uint64_t t0 = now_ns();
	window_start = t0 + (uint64_t)(cfg.warmup * 1e9);
	window_end = cfg.max_requests && !cfg.seconds_given ? UINT64_MAX : window_start + (uint64_t)(cfg.seconds * 1e9);
	measuring = true;
	uint64_t last_progress = t0;
	uint64_t measured = 0;
	uint64_t broken_in_a_row = 0;
	bool aborted = false;

	for (int i = 0; i < cfg.connections; i++) {
		conn_open(ep, &conns[i]);
		conn_start_request(&conns[i]);
	}

	static uint8_t rbuf[RBUF_SIZE];
	struct epoll_event evs[256];
	bool done = false;
	while (!done) {
		int n = epoll_wait(ep, evs, 256, 200);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			die("epoll_wait");
		}
		uint64_t t = now_ns();
		if (t >= window_end)
			break;
		if (t - last_progress > (uint64_t)(cfg.timeout * 1e9)) {
			fprintf(stderr, "ippload: no response for %.0f s; giving up\n", cfg.timeout);
			aborted = true;
			break;
		}
		for (int e = 0; e < n && !done; e++) {
			conn_t *c = evs[e].data.ptr;
			if (c->sending && conn_send(c) != 0)
				goto broken;
			/* Read whatever arrived, even while still sending: a server may answer early. */
			for (;;) {
				ssize_t r = read(c->fd, rbuf, sizeof(rbuf));
				if (r < 0) {
					if (errno == EAGAIN)
						break;
					if (errno == EINTR)
						continue;
					goto broken;
				}
				if (r == 0) {
					errno = 0;
					if (c->busy && (c->sent > 0 || c->rx != RX_STATUS_LINE))
						goto broken;
					goto reopen; /* an idle keep-alive connection closed by the server */
				}
				size_t off = 0;
				while (off < (size_t)r) {
					size_t used = 0;
					int st = conn_parse(c, rbuf + off, (size_t)r - off, &used);
					off += used;
					if (st < 0) {
						fprintf(stderr, "ippload: a response that is not HTTP/1.x\n");
						return 2;
					}
					if (st == 0)
						break;
					uint64_t tr = now_ns();
					last_progress = tr;
					broken_in_a_row = 0;
					bool closing = c->close_after || c->sending;
					finish_response(c, tr);
					if (tr >= window_start)
						measured++;
					if (cfg.max_requests && measured >= cfg.max_requests) {
						window_end = tr;
						done = true;
						break;
					}
					if (tr >= window_end) {
						done = true;
						break;
					}
					if (closing)
						goto reopen;
					conn_start_request(c);
					if (conn_send(c) != 0)
						goto broken;
				}
				if (done)
					break;
			}
			continue;
		broken:
			if (++broken_in_a_row > 100 + 10 * (uint64_t)cfg.connections) {
				fprintf(stderr, "ippload: the server refuses or drops every connection (%s); giving up\n",
				        errno ? strerror(errno) : "closed");
				aborted = true;
				done = true;
			}
			if (getenv("IPPLOAD_DEBUG") && n_http_err < 5)
				fprintf(stderr, "ippload: connection broken: errno=%d sending=%d sent=%" PRIu64 " rx=%d status=%d\n",
				        errno, c->sending, c->sent, (int)c->rx, c->http_status);
			if (measuring && t >= window_start) {
				n_http_err++;
				if (first_bad_http < 0)
					first_bad_http = 0;
			}
		reopen:
			epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
			close(c->fd);
			c->fd = -1;
			if (done)
				continue;
			n_reconnects++;
			conn_open(ep, c);
			conn_start_request(c);
		}
	}
	if (window_end == UINT64_MAX || window_end > now_ns())
		window_end = now_ns();

	/*
	 * A request still unanswered when the window closes counts with the time it has waited so
	 * far (a lower bound), so that a server that stalls some connections cannot hide them from
	 * the percentiles; a connection that completed nothing in the window is "starved".
	 */
	uint64_t unfinished = 0, starved = 0;
	for (int i = 0; i < cfg.connections && window_end > window_start; i++) {
		conn_t *c = &conns[i];
		if (c->fd >= 0 && c->busy && c->started_ns && c->started_ns < window_end) {
			record(window_end - c->started_ns);
			unfinished++;
		}
		if (c->done_in_window == 0)
			starved++;
	}
	double secs = window_end > window_start ? (double)(window_end - window_start) / 1e9 : 0;
	if (secs <= 0)
		secs = 1e-9;
	uint64_t total = n_ok + n_ipp_err + n_http_err;
	qsort(lat, n_lat, sizeof(*lat), cmp_u64);
	double mean = 0;
	for (size_t i = 0; i < n_lat; i++)
		mean += (double)lat[i];
	mean = n_lat ? mean / (double)n_lat / 1000.0 : 0;
	printf("requests=%" PRIu64 " ok=%" PRIu64 " ipp_errors=%" PRIu64 " http_errors=%" PRIu64 " reconnects=%" PRIu64
	       " seconds=%.3f rps=%.1f mbps=%.1f p50_us=%.0f p90_us=%.0f p99_us=%.0f p999_us=%.0f max_us=%.0f"
	       " mean_us=%.0f resp_bytes=%.0f",
	       total, n_ok, n_ipp_err, n_http_err, n_reconnects, secs, (double)total / secs,
	       (double)total * (double)request_len / secs / 1e6, pct_us(0.50), pct_us(0.90), pct_us(0.99),
	       pct_us(0.999), n_lat ? (double)lat[n_lat - 1] / 1000.0 : 0, mean,
	       total ? (double)resp_bytes_total / (double)total : 0);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf(" unfinished=%" PRIu64 " starved=%" PRIu64, unfinished, starved);
	printf(" ok_all=%" PRIu64 " elapsed=%.3f cpu=%.3f", n_ok_all, (double)(now_ns() - t0) / 1e9,
	       (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) + (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6);
	if (first_bad_ipp >= 0)
		printf(" first_ipp_error=0x%04x", first_bad_ipp);
	if (first_bad_http >= 0)
		printf(" first_http_error=%d", first_bad_http);
	if (aborted)
		printf(" aborted=1");
	printf("\n");
	for (int i = 0; i < cfg.connections; i++)
		if (conns[i].fd >= 0)
			close(conns[i].fd);
	freeaddrinfo(target);
	free(conns);
	free(lat);
	free(head_and_body);
	if (aborted)
		return 2;
	if (n_http_err || (n_ipp_err && !cfg.allow_ipp_errors) || total == 0)
		return 1;
	return 0;
}
