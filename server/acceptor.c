/* The acceptor thread: accept, connection caps, first byte (TLS or not), hand-over, and slow-client deadlines. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "acceptor.h"
#include "log.h"

enum {
	MAX_LISTEN = 16,
	ACCEPT_BURST = 64,         /* accepts per listening socket per wake-up, so that others get their turn */
	TLS_HANDSHAKE_RECORD = 0x16, /* the content type of the record a TLS ClientHello arrives in */
	SWEEP_MS = 1000,           /* how often the deadlines of running connections are checked */
	HANDED_GRACE_MS = 60000,   /* a connection handed over but never started by then was dropped by the HTTP layer */
	WARN_EVERY_MS = 10000,     /* at most one "limit reached" line this often */
	PAUSE_MS = 100,            /* accept() out of descriptors: wait this long before trying again */
	SHUT_LOG_MAX = 8,          /* peers named per sweep; the rest are counted */
};

typedef enum slot_state {
	SLOT_FREE,
	SLOT_PENDING, /* accepted; the acceptor waits for its first byte */
	SLOT_HANDED,  /* given to the HTTP layer, which has not said it started yet */
	SLOT_LIVE,    /* the HTTP layer runs it */
} slot_state_t;

struct conn_slot {
	slot_state_t state;
	int fd;
	struct sockaddr_storage addr;
	socklen_t addrlen;
	int64_t since_ms;            /* when it entered its state */
	_Atomic int64_t deadline_ms; /* the end of the wait for a complete request; 0: none */
	bool shut;                   /* the acceptor has shut it down */
	conn_slot_t *next_free;
};

struct acceptor {
	acceptor_conf_t conf;
	acceptor_handoff_fn handoff;
	void *cls;
	int listen_fds[MAX_LISTEN];
	size_t n_listen;
	int wake[2]; /* a byte here stops the thread */
	pthread_t thread;
	bool started;

	/* Guards every slot's state, fd, address and the free list; never held across a hand-over. */
	pthread_mutex_t lock;
	conn_slot_t *slots;
	size_t n_slots;
	conn_slot_t *free_list;
	size_t used;

	/* The thread's own. */
	conn_slot_t **pending;
	size_t n_pending;
	struct pollfd *pfds;
	int64_t last_sweep_ms;
	int64_t last_warning_ms;
	int64_t paused_until_ms;
};

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* "127.0.0.1:43210" or "[::1]:43210" for log lines. */
static void addr_text(const struct sockaddr_storage *ss, char *buf, size_t size)
{
	char host[INET6_ADDRSTRLEN] = "?";
	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *a = (const struct sockaddr_in *)(const void *)ss;
		inet_ntop(AF_INET, &a->sin_addr, host, sizeof(host));
		snprintf(buf, size, "%s:%u", host, ntohs(a->sin_port));
	} else if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *a = (const struct sockaddr_in6 *)(const void *)ss;
		inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof(host));
		snprintf(buf, size, "[%s]:%u", host, ntohs(a->sin6_port));
	} else {
		snprintf(buf, size, "(local)");
	}
}

/* The same client host (the port aside). */
static bool same_host(const struct sockaddr_storage *a, const struct sockaddr_storage *b)
{
	if (a->ss_family != b->ss_family)
		return false;
	if (a->ss_family == AF_INET)
		return ((const struct sockaddr_in *)(const void *)a)->sin_addr.s_addr ==
		       ((const struct sockaddr_in *)(const void *)b)->sin_addr.s_addr;
	if (a->ss_family == AF_INET6)
		return memcmp(&((const struct sockaddr_in6 *)(const void *)a)->sin6_addr,
		              &((const struct sockaddr_in6 *)(const void *)b)->sin6_addr, sizeof(struct in6_addr)) == 0;
	return true;
}

/* Returns a slot to the free list.  Caller holds the lock. */
static void slot_free_locked(acceptor_t *a, conn_slot_t *s)
{
	s->state = SLOT_FREE;
	s->fd = -1;
	s->next_free = a->free_list;
	a->free_list = s;
	a->used--;
}

/* One "limit reached" warning per WARN_EVERY_MS, so that a flood does not flood the log too. */
static void warn_limit(acceptor_t *a, const struct sockaddr_storage *ss, const char *what, unsigned limit)
{
	int64_t now = now_ms();
	if (now - a->last_warning_ms < WARN_EVERY_MS)
		return;
	a->last_warning_ms = now;
	char peer[80];
	addr_text(ss, peer, sizeof(peer));
	log_msg(LOG_WARN, "%s: connection closed at once: %s (%u) reached (repeats are not logged for 10 s)", peer,
	        what, limit);
}

/* Closes a connection the acceptor still owns and frees its slot. */
static void drop(acceptor_t *a, conn_slot_t *s, const char *why)
{
	if (why && log_enabled(LOG_DEBUG)) {
		char peer[80];
		addr_text(&s->addr, peer, sizeof(peer));
		log_msg(LOG_DEBUG, "%s: connection closed: %s", peer, why);
	}
	close(s->fd);
	pthread_mutex_lock(&a->lock);
	slot_free_locked(a, s);
	pthread_mutex_unlock(&a->lock);
}

/*
 * Looks at the first byte without taking it.  Returns true when the
 * connection left the pending state (handed over, or closed), false while
 * the client has sent nothing yet.
 */
static bool examine(acceptor_t *a, conn_slot_t *s)
{
	unsigned char first;
	ssize_t n = recv(s->fd, &first, 1, MSG_PEEK | MSG_DONTWAIT);
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
		return false;
	if (n <= 0) {
		drop(a, s, n == 0 ? "closed by the client before a request" : strerror(errno));
		return true;
	}
	struct sockaddr_storage addr = s->addr;
	socklen_t addrlen = s->addrlen;
	int fd = s->fd;
	pthread_mutex_lock(&a->lock);
	s->state = SLOT_HANDED;
	s->since_ms = now_ms();
	pthread_mutex_unlock(&a->lock);
	if (!a->handoff(a->cls, fd, (const struct sockaddr *)&addr, addrlen, first == TLS_HANDSHAKE_RECORD)) {
		/* The descriptor is closed; the slot is still ours unless the HTTP layer started and ended it. */
		pthread_mutex_lock(&a->lock);
		if (s->state == SLOT_HANDED)
			slot_free_locked(a, s);
		pthread_mutex_unlock(&a->lock);
	}
	return true;
}

/* Accepts one connection; false when there is none left to accept now. */
static bool accept_one(acceptor_t *a, int lfd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	int fd = accept4(lfd, (struct sockaddr *)&ss, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0) {
		if (errno == EINTR || errno == ECONNABORTED || errno == EPROTO)
			return true;
		if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
			int64_t now = now_ms();
			if (now - a->last_warning_ms >= WARN_EVERY_MS) {
				a->last_warning_ms = now;
				log_msg(LOG_WARN, "cannot accept connections: %s (raise the descriptor limit, or lower "
				                  "--max-connections)", strerror(errno));
			}
			a->paused_until_ms = now + PAUSE_MS;
		}
		return false;
	}
	const char *refused = NULL;
	unsigned limit = 0;
	conn_slot_t *s = NULL;
	pthread_mutex_lock(&a->lock);
	size_t same = 0;
	for (size_t i = 0; i < a->n_slots && a->used < a->conf.max_connections; i++)
		if (a->slots[i].state != SLOT_FREE && same_host(&a->slots[i].addr, &ss))
			same++;
	if (a->used >= a->conf.max_connections || !a->free_list) {
		refused = "--max-connections";
		limit = a->conf.max_connections;
	} else if (same >= a->conf.max_per_address) {
		refused = "--max-connections-per-address";
		limit = a->conf.max_per_address;
	} else {
		s = a->free_list;
		a->free_list = s->next_free;
		a->used++;
		s->state = SLOT_PENDING;
		s->fd = fd;
		s->addr = ss;
		s->addrlen = len;
		s->shut = false;
		s->since_ms = now_ms();
		atomic_store(&s->deadline_ms, s->since_ms + (int64_t)a->conf.client_timeout * 1000);
	}
	pthread_mutex_unlock(&a->lock);
	if (!s) {
		close(fd);
		warn_limit(a, &ss, refused, limit);
		return true;
	}
	/* The request is often there already: no need to wait for poll to say so. */
	if (!examine(a, s))
		a->pending[a->n_pending++] = s;
	return true;
}

/* Closes pending connections that sent nothing in time; shuts down running ones past their deadline. */
static void sweep(acceptor_t *a, int64_t now)
{
	for (size_t i = a->n_pending; i-- > 0;) {
		conn_slot_t *s = a->pending[i];
		if (now - s->since_ms >= (int64_t)a->conf.first_byte_ms) {
			drop(a, s, "sent nothing");
			a->pending[i] = a->pending[--a->n_pending];
		}
	}
	if (now - a->last_sweep_ms < SWEEP_MS)
		return;
	a->last_sweep_ms = now;
	char names[SHUT_LOG_MAX][80];
	size_t n_shut = 0;
	pthread_mutex_lock(&a->lock);
	for (size_t i = 0; i < a->n_slots; i++) {
		conn_slot_t *s = &a->slots[i];
		if (s->state == SLOT_HANDED && now - s->since_ms > HANDED_GRACE_MS) {
			slot_free_locked(a, s);
		} else if (s->state == SLOT_LIVE && !s->shut) {
			int64_t deadline = atomic_load(&s->deadline_ms);
			if (deadline == 0 || now < deadline)
				continue;
			/* The HTTP layer owns the descriptor: shutting it down makes its poll see the end and close it. */
			shutdown(s->fd, SHUT_RDWR);
			s->shut = true;
			if (n_shut < SHUT_LOG_MAX)
				addr_text(&s->addr, names[n_shut], sizeof(names[0]));
			n_shut++;
		}
	}
	pthread_mutex_unlock(&a->lock);
	for (size_t i = 0; i < n_shut && i < SHUT_LOG_MAX; i++)
		log_msg(LOG_INFO, "%s: connection closed: no complete request within --client-timeout (%u s)", names[i],
		        a->conf.client_timeout);
	if (n_shut > SHUT_LOG_MAX)
		log_msg(LOG_INFO, "%zu more slow connections closed", n_shut - SHUT_LOG_MAX);
}

/* Milliseconds poll may sleep: until the next first-byte deadline or sweep. */
static int poll_timeout(const acceptor_t *a, int64_t now)
{
	int64_t t = SWEEP_MS - (now - a->last_sweep_ms);
	for (size_t i = 0; i < a->n_pending; i++) {
		int64_t left = a->pending[i]->since_ms + (int64_t)a->conf.first_byte_ms - now;
		if (left < t)
			t = left;
	}
	if (a->paused_until_ms > now && a->paused_until_ms - now < t)
		t = a->paused_until_ms - now;
	return t < 0 ? 0 : (int)t + 1;
}

static void *acceptor_main(void *arg)
{
	acceptor_t *a = arg;
	for (;;) {
		int64_t now = now_ms();
		size_t np = 0;
		bool paused = now < a->paused_until_ms;
		a->pfds[np++] = (struct pollfd){.fd = a->wake[0], .events = POLLIN};
		for (size_t i = 0; i < a->n_listen; i++)
			a->pfds[np++] = (struct pollfd){.fd = paused ? -1 : a->listen_fds[i], .events = POLLIN};
		for (size_t i = 0; i < a->n_pending; i++)
			a->pfds[np++] = (struct pollfd){.fd = a->pending[i]->fd, .events = POLLIN};
		int rc = poll(a->pfds, (nfds_t)np, poll_timeout(a, now));
		if (rc < 0 && errno != EINTR) {
			log_msg(LOG_ERROR, "acceptor: poll: %s", strerror(errno));
			a->paused_until_ms = now_ms() + PAUSE_MS;
		}
		if (rc > 0 && a->pfds[0].revents)
			break;
		/* Backwards, so that moving the last entry into a freed place skips nothing unexamined. */
		for (size_t i = rc > 0 ? a->n_pending : 0; i-- > 0;)
			if (a->pfds[1 + a->n_listen + i].revents && examine(a, a->pending[i]))
				a->pending[i] = a->pending[--a->n_pending];
		for (size_t i = 0; rc > 0 && i < a->n_listen; i++)
			if (a->pfds[1 + i].revents)
				for (int k = 0; k < ACCEPT_BURST && accept_one(a, a->listen_fds[i]); k++)
					;
		sweep(a, now_ms());
	}
	return NULL;
}

acceptor_t *acceptor_new(const int *fds, size_t n, const acceptor_conf_t *conf, acceptor_handoff_fn handoff,
                         void *cls, char *err, size_t errsize)
{
	if (n == 0 || n > MAX_LISTEN || conf->max_connections == 0) {
		snprintf(err, errsize, "acceptor: 1 to %d listening sockets and at least one connection", MAX_LISTEN);
		return NULL;
	}
	acceptor_t *a = calloc(1, sizeof(*a));
	if (!a) {
		snprintf(err, errsize, "out of memory");
		return NULL;
	}
	a->conf = *conf;
	a->handoff = handoff;
	a->cls = cls;
	memcpy(a->listen_fds, fds, n * sizeof(int));
	a->n_listen = n;
	a->wake[0] = a->wake[1] = -1;
	a->n_slots = conf->max_connections;
	a->slots = calloc(a->n_slots, sizeof(*a->slots));
	a->pending = calloc(a->n_slots, sizeof(*a->pending));
	a->pfds = calloc(1 + n + a->n_slots, sizeof(*a->pfds));
	pthread_mutex_init(&a->lock, NULL);
	if (!a->slots || !a->pending || !a->pfds || pipe2(a->wake, O_CLOEXEC | O_NONBLOCK) != 0) {
		snprintf(err, errsize, "acceptor: %s", strerror(errno ? errno : ENOMEM));
		acceptor_free(a);
		return NULL;
	}
	for (size_t i = a->n_slots; i-- > 0;) {
		a->slots[i].fd = -1;
		a->slots[i].next_free = a->free_list;
		a->free_list = &a->slots[i];
	}
	a->last_sweep_ms = now_ms();
	a->last_warning_ms = a->last_sweep_ms - WARN_EVERY_MS;
	return a;
}

bool acceptor_start(acceptor_t *a, char *err, size_t errsize)
{
	int rc = pthread_create(&a->thread, NULL, acceptor_main, a);
	if (rc != 0) {
		snprintf(err, errsize, "cannot start the acceptor thread: %s", strerror(rc));
		return false;
	}
	a->started = true;
	return true;
}

void acceptor_stop(acceptor_t *a)
{
	if (!a || !a->started)
		return;
	char byte = 1;
	while (write(a->wake[1], &byte, 1) < 0 && errno == EINTR)
		;
	pthread_join(a->thread, NULL);
	a->started = false;
	for (size_t i = 0; i < a->n_pending; i++)
		drop(a, a->pending[i], NULL);
	a->n_pending = 0;
}

void acceptor_free(acceptor_t *a)
{
	if (!a)
		return;
	acceptor_stop(a);
	pthread_mutex_destroy(&a->lock);
	if (a->wake[0] >= 0)
		close(a->wake[0]);
	if (a->wake[1] >= 0)
		close(a->wake[1]);
	free(a->slots);
	free(a->pending);
	free(a->pfds);
	free(a);
}

conn_slot_t *acceptor_conn_started(acceptor_t *a, int fd)
{
	if (!a)
		return NULL;
	conn_slot_t *found = NULL;
	pthread_mutex_lock(&a->lock);
	/* The most recent hand-over of this descriptor: an older one was dropped by the HTTP layer unseen. */
	for (size_t i = 0; i < a->n_slots; i++) {
		conn_slot_t *s = &a->slots[i];
		if (s->state == SLOT_HANDED && s->fd == fd && (!found || s->since_ms >= found->since_ms))
			found = s;
	}
	if (found)
		found->state = SLOT_LIVE;
	pthread_mutex_unlock(&a->lock);
	return found;
}

void acceptor_conn_closed(acceptor_t *a, conn_slot_t *slot)
{
	if (!a || !slot)
		return;
	pthread_mutex_lock(&a->lock);
	if (slot->state == SLOT_LIVE)
		slot_free_locked(a, slot);
	pthread_mutex_unlock(&a->lock);
}

void acceptor_conn_waiting(acceptor_t *a, conn_slot_t *slot)
{
	if (!a || !slot)
		return;
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	int64_t now = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	atomic_store_explicit(&slot->deadline_ms, now + (int64_t)a->conf.client_timeout * 1000, memory_order_relaxed);
}

void acceptor_conn_busy(conn_slot_t *slot)
{
	if (slot)
		atomic_store_explicit(&slot->deadline_ms, 0, memory_order_relaxed);
}

size_t acceptor_open_connections(acceptor_t *a)
{
	if (!a)
		return 0;
	pthread_mutex_lock(&a->lock);
	size_t n = a->used;
	pthread_mutex_unlock(&a->lock);
	return n;
}
