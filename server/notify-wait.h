/* Held Get-Notifications requests (notify-wait) and the notifier thread that wakes them and ends leases. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_SERVER_NOTIFY_WAIT_H
#define IPPD_SERVER_NOTIFY_WAIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "request.h"

/*
 * A Get-Notifications with notify-wait 'true' that finds no new event is
 * not answered at once: the HTTP layer suspends the connection
 * (MHD_suspend_connection) and registers it here.  No thread waits for it.
 * When an event is recorded for one of its subscriptions, or its deadline
 * passes, the notifier thread calls resume(arg) (MHD_resume_connection);
 * the operation then runs again and answers.  docs/internals/notifications.md
 * has the details.
 */

typedef struct notify_hold notify_hold_t;

/*
 * Creates the subscription registry, loads the saved subscriptions, reports
 * printer-restarted to them, and starts the notifier thread.  Call after
 * the jobs are loaded, before serving.  False with `err` on failure.
 */
bool notify_start(system_t *sys, char *err, size_t errsize);

/*
 * Before the HTTP server stops: reports printer-shutdown, answers every
 * held request (libmicrohttpd must not be stopped with a suspended
 * connection), and holds no new ones.
 */
void notify_shutdown(system_t *sys);

/* After the HTTP server and the workers have stopped: ends the thread and frees the subscriptions. */
void notify_stop(system_t *sys);

/* True while requests may be held (false once notify_shutdown ran). */
bool notify_holding(void);

/*
 * A hold for the subscriptions `ids` until `deadline` (CLOCK_MONOTONIC
 * seconds); `gen` is sub_generation_locked() when the request found nothing.
 * NULL when out of memory.  Freed by notify_hold_free().
 */
notify_hold_t *notify_hold_new(const int32_t *ids, size_t n, time_t deadline, uint64_t gen);
void notify_hold_free(notify_hold_t *h);

/* The operation ran again and still found nothing: wait on, from generation `gen`. */
void notify_hold_rearm(notify_hold_t *h, uint64_t gen);
/* The operation answered: the request is no longer held. */
void notify_hold_done(notify_hold_t *h);
/* The hold's deadline, CLOCK_MONOTONIC seconds. */
time_t notify_hold_deadline(const notify_hold_t *h);
/* Now, in CLOCK_MONOTONIC seconds. */
time_t notify_now(void);

/* True when the request's answer is to be held (the operation set r->hold and wants to wait). */
bool notify_hold_pending(const request_t *r);

/*
 * Registers the held request (its connection already suspended): resume(arg)
 * is called once, from another thread or at once (an event came in since
 * the operation looked, or the server is stopping), with no lock held.
 */
void notify_hold_start(request_t *r, void (*resume)(void *arg), void *arg);

/* The operation runs again for a resumed request (notify-ipp.c). */
void notify_ipp_resume(request_t *r);

#endif
