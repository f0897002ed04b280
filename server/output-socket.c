/* The socket device: AppSocket / JetDirect, the document bytes over a plain TCP connection (port 9100). */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "metrics.h"
#include "output.h"

enum {
	SOCKET_DEFAULT_PORT = 9100,
	CONNECT_TIMEOUT_MS = 10000,
	SLICE_MS = 100,           /* how often a wait looks at cancel and stop */
	BACKOFF_FIRST_MS = 1000,  /* doubled after each failed attempt */
	BACKOFF_MAX_MS = 30000,
	CHUNK = 65536,
};

/* socket://HOST[:PORT][/...]: the host (IPv6 without brackets) and port; false with a sentence. */
static bool parse_uri(const char *uri, char *host, size_t hostsize, int *port, char *err, size_t errsize)
{
	const char *s = uri + 6; /* after "socket" */
	if (strncmp(s, "://", 3) != 0) {
		snprintf(err, errsize, "device-uri: a socket URI is socket://HOST[:PORT]");
		return false;
	}
	s += 3;
	const char *h = s, *end;
	if (*s == '[') {
		h = s + 1;
		end = strchr(h, ']');
		if (!end || end == h || strspn(h, "0123456789abcdefABCDEF:.") != (size_t)(end - h)) {
			snprintf(err, errsize, "device-uri: bad IPv6 address in the socket URI");
			return false;
		}
		s = end + 1;
	} else {
		end = s + strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_");
		s = end;
	}
	size_t n = (size_t)(end - h);
	if (n == 0 || n >= hostsize) {
		snprintf(err, errsize, "device-uri: the socket URI needs a host name or address");
		return false;
	}
	memcpy(host, h, n);
	host[n] = '\0';
	*port = SOCKET_DEFAULT_PORT;
	if (*s == ':') {
		s++;
		size_t digits = strspn(s, "0123456789");
		int v = digits && digits <= 5 ? atoi(s) : 0;
		if (v < 1 || v > 65535) {
			snprintf(err, errsize, "device-uri: the port of a socket URI is 1-65535");
			return false;
		}
		*port = v;
		s += digits;
	}
	if (*s && *s != '/') {
		snprintf(err, errsize, "device-uri: unexpected '%c' after the host of the socket URI", *s);
		return false;
	}
	return true;
}

static bool socket_check(const char *uri, char *err, size_t errsize)
{
	char host[256];
	int port;
	return parse_uri(uri, host, sizeof(host), &port, err, errsize);
}

/* One connection's context: where, and what to watch while waiting. */
typedef struct conn {
	output_device_t *dev;
	job_t *job;
	char host[256];
	int port;
	int fd;
	bool interrupted; /* canceled or stopping: no error, just stop */
} conn_t;

/* Waits for `events` on the socket in slices, watching for cancel; 1 ready, 0 timed out, -1 interrupted. */
static int wait_fd(conn_t *c, short events, long timeout_ms)
{
	for (long waited = 0; waited < timeout_ms; waited += SLICE_MS) {
		if (output_interrupted(c->dev->p, c->job)) {
			c->interrupted = true;
			return -1;
		}
		struct pollfd pfd = {c->fd, events, 0};
		int r = poll(&pfd, 1, SLICE_MS);
		if (r > 0)
			return 1;
		if (r < 0 && errno != EINTR)
			return 1; /* let the next call report the error */
	}
	return 0;
}

static bool connect_to(conn_t *c, char *error, size_t errsize)
{
	char port[8];
	snprintf(port, sizeof(port), "%d", c->port);
	struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM}, *res = NULL;
	int rc = getaddrinfo(c->host, port, &hints, &res);
	if (rc != 0) {
		snprintf(error, errsize, "cannot resolve %s: %s", c->host, gai_strerror(rc));
		return false;
	}
	int saved = ETIMEDOUT;
	for (struct addrinfo *ai = res; ai && c->fd < 0 && !c->interrupted; ai = ai->ai_next) {
		int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
		if (fd < 0) {
			saved = errno;
			continue;
		}
		c->fd = fd;
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) != 0 && errno != EINPROGRESS) {
			saved = errno;
		} else {
			int w = wait_fd(c, POLLOUT, CONNECT_TIMEOUT_MS);
			int soerr = 0;
			socklen_t len = sizeof(soerr);
			if (w == 1 && getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) == 0 && soerr == 0)
				break;
			saved = w == 0 ? ETIMEDOUT : soerr;
		}
		close(fd);
		c->fd = -1;
	}
	freeaddrinfo(res);
	if (c->fd >= 0 || c->interrupted)
		return c->fd >= 0;
	snprintf(error, errsize, "cannot connect to %s port %d: %s", c->host, c->port,
	         saved == ETIMEDOUT ? "timed out" : strerror(saved));
	return false;
}

/* Reads and drops whatever the printer sends back (status bytes); false on a reset. */
static bool drop_input(conn_t *c, bool *eof)
{
	char buf[4096];
	for (;;) {
		ssize_t r = recv(c->fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (r > 0)
			continue;
		if (r == 0) {
			*eof = true;
			return true;
		}
		return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
	}
}

/* Sends one document; a stall of device-timeout seconds is an error. */
static bool send_doc(conn_t *c, const output_doc_t *doc, uint64_t *sent, char *error, size_t errsize)
{
	int in = open(doc->path, O_RDONLY | O_CLOEXEC);
	if (in < 0) {
		snprintf(error, errsize, "cannot open the spooled document: %s", strerror(errno));
		return false;
	}
	char *buf = malloc(CHUNK);
	bool ok = buf != NULL;
	bool eof = false;
	while (ok) {
		ssize_t n = read(in, buf, CHUNK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(error, errsize, "cannot read the spooled document: %s", strerror(errno));
			ok = false;
		}
		if (n <= 0)
			break;
		for (ssize_t off = 0; ok && off < n;) {
			ssize_t w = send(c->fd, buf + off, (size_t)(n - off), MSG_NOSIGNAL | MSG_DONTWAIT);
			if (w > 0) {
				off += w;
				*sent += (uint64_t)w;
				continue;
			}
			if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
				snprintf(error, errsize, "%s port %d: %s after %llu bytes", c->host, c->port, strerror(errno),
				         (unsigned long long)*sent);
				ok = false;
				break;
			}
			int r = wait_fd(c, POLLOUT | POLLIN, (long)c->dev->timeout * 1000);
			if (r < 0) {
				ok = false;
			} else if (r == 0) {
				snprintf(error, errsize, "%s port %d took nothing for %d s (device-timeout) after %llu bytes",
				         c->host, c->port, c->dev->timeout, (unsigned long long)*sent);
				ok = false;
			} else if (!drop_input(c, &eof)) {
				snprintf(error, errsize, "%s port %d: %s after %llu bytes", c->host, c->port, strerror(errno),
				         (unsigned long long)*sent);
				ok = false;
			}
		}
	}
	free(buf);
	close(in);
	return ok;
}

/* After the last byte: half-close and wait (bounded) for the printer to close its side. */
static bool finish(conn_t *c, uint64_t sent, char *error, size_t errsize)
{
	if (shutdown(c->fd, SHUT_WR) != 0) {
		snprintf(error, errsize, "%s port %d: %s after %llu bytes", c->host, c->port, strerror(errno),
		         (unsigned long long)sent);
		return false;
	}
	bool eof = false;
	while (!eof) {
		int r = wait_fd(c, POLLIN, (long)c->dev->timeout * 1000);
		if (r < 0)
			return false;
		if (r == 0) {
			/* Every byte was taken: the job is delivered even if the printer keeps the line open. */
			log_job(c->job, LOG_WARN, "%s port %d did not close within %d s after the job; closing", c->host,
			        c->port, c->dev->timeout);
			return true;
		}
		if (!drop_input(c, &eof)) {
			snprintf(error, errsize, "%s port %d: %s after the whole job was sent", c->host, c->port,
			         strerror(errno));
			return false;
		}
	}
	return true;
}

/* One attempt at the whole job over one connection. */
static bool attempt(conn_t *c, char *error, size_t errsize)
{
	printer_t *p = c->dev->p;
	output_set_reasons(p, PR_CONNECTING_TO_DEVICE, 0);
	bool ok = connect_to(c, error, errsize);
	output_set_reasons(p, 0, PR_CONNECTING_TO_DEVICE);
	if (!ok)
		return false;
	output_set_reasons(p, 0, PR_OFFLINE_REPORT);
	uint64_t sent = 0;
	for (int i = 0; ok; i++) {
		output_doc_t doc;
		if (!output_doc_get(p, c->job, i, &doc)) {
			c->interrupted = output_interrupted(p, c->job);
			break;
		}
		ok = send_doc(c, &doc, &sent, error, errsize);
	}
	if (ok && !c->interrupted)
		ok = finish(c, sent, error, errsize);
	if (ok && !c->interrupted)
		log_job(c->job, LOG_DEBUG, "%llu bytes sent to %s port %d", (unsigned long long)sent, c->host, c->port);
	return ok;
}

static output_status_t socket_run(output_device_t *dev, job_t *job, char *error, size_t errsize)
{
	conn_t c = {.dev = dev, .job = job, .fd = -1};
	char why[256];
	if (!parse_uri(dev->uri, c.host, sizeof(c.host), &c.port, why, sizeof(why))) {
		snprintf(error, errsize, "%s", why);
		return OUTPUT_FAILED;
	}
	long backoff = BACKOFF_FIRST_MS;
	for (int n = 0;; n++) {
		bool ok = attempt(&c, error, errsize);
		if (c.fd >= 0)
			close(c.fd);
		c.fd = -1;
		if (ok || c.interrupted)
			break;
		metrics_device_error(dev->p);
		output_set_reasons(dev->p, PR_OFFLINE_REPORT, 0);
		if (n >= dev->retries) {
			log_job(job, LOG_ERROR, "device error, giving up after %d attempt(s): %s", n + 1, error);
			output_set_reasons(dev->p, 0, PR_OFFLINE_REPORT);
			snprintf(why, sizeof(why), "%s", error);
			snprintf(error, errsize, "Device error after %d attempt(s): %s.", n + 1, why);
			return OUTPUT_FAILED;
		}
		log_job(job, LOG_WARN, "device error (attempt %d of %d, next in %ld ms): %s", n + 1, dev->retries + 1,
		        backoff, error);
		if (!output_sleep(dev->p, job, backoff)) {
			c.interrupted = true;
			break;
		}
		backoff = backoff * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : backoff * 2;
	}
	output_set_reasons(dev->p, 0, PR_OFFLINE_REPORT | PR_CONNECTING_TO_DEVICE);
	if (c.interrupted && output_stopping(dev->p))
		return OUTPUT_STOPPED;
	error[0] = '\0';
	return OUTPUT_DONE;
}

const output_ops_t output_socket_ops = {
	.scheme = "socket",
	.check = socket_check,
	.run = socket_run,
};
