/* Held Get-Notifications requests (notify-wait) and the notifier thread that wakes them and ends leases. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notify-wait.h"
#include "store.h"
#include "subscription.h"

struct notify_hold {
	notify_hold_t *next;
	int32_t *ids;
	size_t n_ids;
	time_t deadline;         /* CLOCK_MONOTONIC seconds */
	uint64_t gen;            /* the event generation the operation saw */
	bool want;               /* the operation wants to wait */
	bool due;                /* an event for one of its subscriptions came in */
	bool registered;         /* in the list below, its connection suspended */
	void (*resume)(void *arg);
	void *arg;
};

/*
 * One per process.  Lock order: the system lock, then `lock` (the event
 * listener runs with the system lock held); never the other way round.
 * `lock` is never held while resume() runs.
 */
static struct {
	pthread_mutex_t lock;
	pthread_cond_t wake;     /* an event, a new deadline, or stopping */
	notify_hold_t *holds;
	size_t n_holds;
	size_t live;             /* holds not yet freed: requests that may still be answering */
	pthread_cond_t freed;    /* `live` went down (notify_shutdown waits for 0) */
	bool stopping;
	bool started;
	pthread_t thread;
	system_t *sys;
} W = {.lock = PTHREAD_MUTEX_INITIALIZER, .freed = PTHREAD_COND_INITIALIZER};

/* How long notify_shutdown() lets resumed requests send their answers before the HTTP server stops. */
enum { SHUTDOWN_DRAIN_MS = 3000 };

time_t notify_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

notify_hold_t *notify_hold_new(const int32_t *ids, size_t n, time_t deadline, uint64_t gen)
{
	notify_hold_t *h = calloc(1, sizeof(*h));
	if (!h)
		return NULL;
	h->ids = malloc((n ? n : 1) * sizeof(*ids));
	if (!h->ids) {
		free(h);
		return NULL;
	}
	memcpy(h->ids, ids, n * sizeof(*ids));
	h->n_ids = n;
	h->deadline = deadline;
	h->gen = gen;
	h->want = true;
	pthread_mutex_lock(&W.lock);
	W.live++;
	pthread_mutex_unlock(&W.lock);
	return h;
}

/* Unlinks a hold from the list.  Caller holds W.lock. */
static void unlink_locked(notify_hold_t *h)
{
	for (notify_hold_t **pp = &W.holds; *pp; pp = &(*pp)->next) {
		if (*pp == h) {
			*pp = h->next;
			W.n_holds--;
			break;
		}
	}
	h->registered = false;
}

void notify_hold_free(notify_hold_t *h)
{
	if (!h)
		return;
	/* A suspended connection never ends before it is resumed; this is only a safety net. */
	pthread_mutex_lock(&W.lock);
	if (h->registered)
		unlink_locked(h);
	W.live--;
	pthread_cond_broadcast(&W.freed);
	pthread_mutex_unlock(&W.lock);
	free(h->ids);
	free(h);
}

void notify_hold_rearm(notify_hold_t *h, uint64_t gen)
{
	h->gen = gen;
	h->want = true;
	h->due = false;
}

void notify_hold_done(notify_hold_t *h)
{
	if (h)
		h->want = false;
}

time_t notify_hold_deadline(const notify_hold_t *h)
{
	return h->deadline;
}

bool notify_hold_pending(const request_t *r)
{
	return r->hold && r->hold->want;
}

bool notify_holding(void)
{
	pthread_mutex_lock(&W.lock);
	bool ok = W.started && !W.stopping;
	pthread_mutex_unlock(&W.lock);
	return ok;
}

void notify_hold_start(request_t *r, void (*resume)(void *arg), void *arg)
{
	notify_hold_t *h = r->hold;
	h->resume = resume;
	h->arg = arg;
	/* The system lock first (lock order): the generation only moves under it. */
	system_lock(r->sys);
	pthread_mutex_lock(&W.lock);
	bool now = W.stopping || !W.started || sub_generation_locked(r->sys) != h->gen;
	if (!now) {
		h->next = W.holds;
		W.holds = h;
		W.n_holds++;
		h->registered = true;
		pthread_cond_signal(&W.wake); /* it may have the nearest deadline */
	}
	pthread_mutex_unlock(&W.lock);
	system_unlock(r->sys);
	if (!now && log_enabled(LOG_DEBUG))
		log_msg(LOG_DEBUG, "%s: Get-Notifications held until an event (notify-wait)", r->peer);
	/* An event came in after the operation looked (or we are stopping): run it again now. */
	if (now)
		resume(arg);
}

/* The event listener: called with the system lock held after an event was queued for `sub_id`. */
static void on_event(void *ctx, int32_t sub_id)
{
	(void)ctx;
	bool any = false;
	pthread_mutex_lock(&W.lock);
	for (notify_hold_t *h = W.holds; h; h = h->next) {
		for (size_t i = 0; i < h->n_ids && !h->due; i++)
			if (h->ids[i] == sub_id)
				h->due = any = true;
	}
	if (any)
		pthread_cond_signal(&W.wake);
	pthread_mutex_unlock(&W.lock);
}

/* Takes one hold that is due (an event, its deadline, or stopping) off the list; NULL when none is.  Caller holds W.lock. */
static notify_hold_t *take_due_locked(time_t now, time_t *next_deadline)
{
	for (notify_hold_t *h = W.holds; h; h = h->next) {
		if (h->due || now >= h->deadline || W.stopping) {
			unlink_locked(h);
			return h;
		}
		if (h->deadline < *next_deadline)
			*next_deadline = h->deadline;
	}
	return NULL;
}

/* Resumes every hold that is due, one at a time, never with the lock held. */
static time_t resume_due(void)
{
	for (;;) {
		time_t next = notify_now() + 1;
		pthread_mutex_lock(&W.lock);
		notify_hold_t *h = take_due_locked(notify_now(), &next);
		/* Once resume() is called the request may finish and free `h`: copy first. */
		void (*resume)(void *) = h ? h->resume : NULL;
		void *arg = h ? h->arg : NULL;
		pthread_mutex_unlock(&W.lock);
		if (!h)
			return next;
		resume(arg);
	}
}

/* Ends the subscriptions whose lease ran out or whose job ended long enough ago. */
static void expire_subscriptions(system_t *sys)
{
	uint64_t ticket = 0;
	system_lock(sys);
	size_t n = sub_expire_locked(sys, time(NULL), &ticket);
	system_unlock(sys);
	if (n && store_commit_wait(sys->store, ticket) != 0)
		log_msg(LOG_ERROR, "cannot remove ended subscriptions from the store: %s", store_errmsg(sys->store));
}

/*
 * The notifier: wakes at the nearest deadline (at least once a second, for
 * the leases) or when an event makes a hold due.
 */
static void *notifier_main(void *arg)
{
	system_t *sys = arg;
	time_t last_sweep = 0;
	for (;;) {
		time_t next = resume_due();
		if (notify_now() != last_sweep) {
			last_sweep = notify_now();
			expire_subscriptions(sys);
		}
		pthread_mutex_lock(&W.lock);
		if (W.stopping && !W.holds) {
			pthread_mutex_unlock(&W.lock);
			break;
		}
		bool due = false;
		for (notify_hold_t *h = W.holds; h && !due; h = h->next)
			due = h->due;
		if (!due) {
			/* CLOCK_MONOTONIC deadlines, CLOCK_REALTIME for the wait: the difference is what counts. */
			struct timespec until;
			clock_gettime(CLOCK_REALTIME, &until);
			time_t wait = next - notify_now();
			until.tv_sec += wait > 0 ? wait : 0;
			until.tv_nsec = wait > 0 ? 0 : until.tv_nsec;
			if (wait > 0)
				pthread_cond_timedwait(&W.wake, &W.lock, &until);
		}
		pthread_mutex_unlock(&W.lock);
	}
	return NULL;
}

bool notify_start(system_t *sys, char *err, size_t errsize)
{
	sys->subs = sub_registry_new();
	if (!sys->subs) {
		snprintf(err, errsize, "out of memory");
		return false;
	}
	if (!sub_load(sys, err, errsize))
		return false;
	system_lock(sys);
	sub_set_event_listener(sys, on_event, NULL);
	for (size_t i = 0; i < sys->n_printers; i++)
		sub_printer_event_locked(sys->printers[i], EV_PRINTER_RESTARTED, "has restarted");
	system_unlock(sys);
	pthread_mutex_lock(&W.lock);
	W.sys = sys;
	W.stopping = false;
	pthread_cond_init(&W.wake, NULL);
	int rc = pthread_create(&W.thread, NULL, notifier_main, sys);
	W.started = rc == 0;
	pthread_mutex_unlock(&W.lock);
	if (rc != 0) {
		snprintf(err, errsize, "cannot start the notifier thread: %s", strerror(rc));
		return false;
	}
	return true;
}

void notify_shutdown(system_t *sys)
{
	if (!sys->subs)
		return;
	system_lock(sys);
	for (size_t i = 0; i < sys->n_printers; i++)
		sub_printer_event_locked(sys->printers[i], EV_PRINTER_SHUTDOWN, "is shutting down");
	system_unlock(sys);
	pthread_mutex_lock(&W.lock);
	W.stopping = true;
	pthread_mutex_unlock(&W.lock);
	/* Answered here, not by the notifier: they must all be resumed before the HTTP server stops. */
	resume_due();
	/*
	 * A resumed connection is answered by libmicrohttpd's own thread a
	 * moment later; stopping the server before that would close it without
	 * the printer-shutdown answer.  Each request frees its hold when it is
	 * done: wait for that, a bounded time.
	 */
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += SHUTDOWN_DRAIN_MS / 1000;
	pthread_mutex_lock(&W.lock);
	while (W.live > 0 && pthread_cond_timedwait(&W.freed, &W.lock, &until) == 0)
		;
	size_t left = W.live;
	pthread_mutex_unlock(&W.lock);
	if (left)
		log_msg(LOG_WARN, "%zu held Get-Notifications request(s) not answered before the stop", left);
}

void notify_stop(system_t *sys)
{
	pthread_mutex_lock(&W.lock);
	bool started = W.started;
	W.stopping = true;
	pthread_cond_signal(&W.wake);
	pthread_mutex_unlock(&W.lock);
	if (started) {
		pthread_join(W.thread, NULL);
		pthread_cond_destroy(&W.wake);
		W.started = false;
	}
	/* The last sequence numbers were queued without a wait; the store's close commits them. */
	system_lock(sys);
	sub_registry_free(sys->subs);
	sys->subs = NULL;
	system_unlock(sys);
}
