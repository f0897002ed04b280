/* Listening sockets: binding --listen addresses, or taking the ones a service manager passes. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "listen.h"

/* sd_listen_fds(3): the first passed descriptor. */
enum { LISTEN_FDS_START = 3 };

/* Splits "HOST:PORT", "[V6]:PORT" or "HOST" into host and port ("631" when missing). */
static bool split_spec(const char *spec, char *host, size_t hostsize, const char **port, char *err, size_t errsize)
{
	const char *colon = strrchr(spec, ':');
	if (spec[0] == '[') {
		const char *close = strchr(spec, ']');
		if (!close || close[1] != ':' || (size_t)(close - spec - 1) >= hostsize) {
			snprintf(err, errsize, "--listen %s: expected [IPV6]:PORT", spec);
			return false;
		}
		memcpy(host, spec + 1, (size_t)(close - spec - 1));
		host[close - spec - 1] = '\0';
		*port = close + 2;
	} else if (colon && (size_t)(colon - spec) < hostsize) {
		memcpy(host, spec, (size_t)(colon - spec));
		host[colon - spec] = '\0';
		*port = colon + 1;
	} else if (!colon && strlen(spec) < hostsize) {
		snprintf(host, hostsize, "%s", spec);
		*port = "631";
	} else {
		snprintf(err, errsize, "--listen %s: expected HOST:PORT", spec);
		return false;
	}
	if (!**port)
		*port = "631";
	return true;
}

bool listen_open(const char *spec, int *fds, size_t *n, size_t cap, char *err, size_t errsize)
{
	char host[256];
	const char *port;
	err[0] = '\0';
	if (!split_spec(spec, host, sizeof(host), &port, err, errsize))
		return false;
	struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE};
	struct addrinfo *res = NULL;
	int gai = getaddrinfo(host[0] ? host : NULL, port, &hints, &res);
	if (gai != 0) {
		snprintf(err, errsize, "--listen %s: %s", spec, gai_strerror(gai));
		return false;
	}
	bool any = false;
	for (struct addrinfo *ai = res; ai && *n < cap; ai = ai->ai_next) {
		int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai->ai_protocol);
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
		fds[(*n)++] = fd;
		any = true;
	}
	freeaddrinfo(res);
	if (any)
		err[0] = '\0';
	else if (!err[0])
		snprintf(err, errsize, "--listen %s: no address to bind", spec);
	return any;
}

/* A decimal that fits an int, whole string; -1 otherwise. */
static long parse_count(const char *s)
{
	char *end = NULL;
	errno = 0;
	long v = s && *s ? strtol(s, &end, 10) : -1;
	return (errno || !end || *end || v < 0 || v > 1000000) ? -1 : v;
}

int listen_from_environment(int *fds, size_t cap, char *err, size_t errsize)
{
	const char *pid_text = getenv("LISTEN_PID");
	const char *fds_text = getenv("LISTEN_FDS");
	if (!pid_text || !fds_text)
		return 0;
	long pid = parse_count(pid_text);
	long count = parse_count(fds_text);
	unsetenv("LISTEN_PID");
	unsetenv("LISTEN_FDS");
	unsetenv("LISTEN_FDNAMES");
	if (pid != (long)getpid())
		return 0; /* meant for another process (our parent): not ours to take */
	if (count < 0 || (size_t)count > cap) {
		snprintf(err, errsize, "LISTEN_FDS=%s: expected 1 to %zu sockets", fds_text, cap);
		return -1;
	}
	for (int i = 0; i < (int)count; i++) {
		int fd = LISTEN_FDS_START + i;
		int type = 0, listening = 0;
		socklen_t len = sizeof(type);
		socklen_t len2 = sizeof(listening);
		if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) != 0 ||
		    getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &len2) != 0 || type != SOCK_STREAM ||
		    !listening) {
			snprintf(err, errsize, "socket activation: descriptor %d is not a listening TCP socket", fd);
			return -1;
		}
		/* Not inherited by what ippd runs; accepted without blocking (one thread polls them all). */
		fcntl(fd, F_SETFD, FD_CLOEXEC);
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
		fds[i] = fd;
	}
	return (int)count;
}

int listen_port(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
		return 0;
	if (ss.ss_family == AF_INET)
		return ntohs(((struct sockaddr_in *)&ss)->sin_port);
	if (ss.ss_family == AF_INET6)
		return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	return 0;
}
