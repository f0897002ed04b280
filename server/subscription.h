/* Subscriptions and their events (RFC 3995): the model the notification operations and the event hooks share. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_SERVER_SUBSCRIPTION_H
#define IPPD_SERVER_SUBSCRIPTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "server.h"

/*
 * docs/internals/notifications.md tells the whole story.  In short: every
 * subscription and its queue of events live in memory under the system
 * lock (sys->lock), like printers and jobs.  The event hooks (sub_*_locked)
 * are called where the model changes, with that lock held; they only copy
 * a few fields into the queues of the subscriptions that want the event
 * and queue a store write (no I/O).  Get-Notifications reads the queues.
 */

enum {
	SUB_LEASE_DEFAULT = 86400,   /* notify-lease-duration-default, seconds */
	SUB_LEASE_MAX = 7 * 86400,   /* notify-lease-duration-supported is 1..this */
	SUB_MAX = 1000,              /* notify-max-subscriptions-supported, printers and jobs together */
	SUB_MAX_PER_USER = 100,      /* one user cannot take them all */
	SUB_MAX_EVENTS = 100,        /* notify-max-events-supported: events kept per subscription */
	SUB_EVENT_LIFE = 300,        /* ippget-event-life: a job subscription outlives its job this long */
	SUB_WAIT_MAX = 30,           /* longest a notify-wait request is held, seconds */
	SUB_GET_INTERVAL = 10,       /* notify-get-interval when the client did not wait */
};

/* The events (RFC 3995 §5.3.3.4), as bits; sub_event_name() spells them. */
typedef enum sub_event_kind {
	EV_JOB_CREATED,
	EV_JOB_COMPLETED,
	EV_JOB_STOPPED,
	EV_JOB_STATE_CHANGED,
	EV_JOB_CONFIG_CHANGED,
	EV_JOB_PROGRESS,
	EV_PRINTER_STATE_CHANGED,
	EV_PRINTER_STOPPED,
	EV_PRINTER_RESTARTED,
	EV_PRINTER_SHUTDOWN,
	EV_PRINTER_CONFIG_CHANGED,
	EV_PRINTER_QUEUE_ORDER_CHANGED,
	EV_COUNT,
} sub_event_kind_t;

#define EV_BIT(k) (1u << (k))
/* Events about jobs: a job subscription gets these for its own job only. */
#define EV_JOB_MASK                                                                                          \
	(EV_BIT(EV_JOB_CREATED) | EV_BIT(EV_JOB_COMPLETED) | EV_BIT(EV_JOB_STOPPED) |                          \
	 EV_BIT(EV_JOB_STATE_CHANGED) | EV_BIT(EV_JOB_CONFIG_CHANGED) | EV_BIT(EV_JOB_PROGRESS))

/* "job-completed" for EV_JOB_COMPLETED; NULL out of range. */
const char *sub_event_name(unsigned kind);
/* EV_* for a keyword, or -1. */
int sub_event_value(const char *keyword);

/* One event as it happened: the state it reports is copied, not looked up later. */
typedef struct sub_event {
	int32_t seq;              /* notify-sequence-number */
	uint8_t kind;             /* the event that happened (EV_*) */
	uint8_t subscribed;       /* the subscribed event it matched (notify-subscribed-event) */
	time_t when;
	int32_t job_id;           /* 0 for printer events */
	int8_t job_state;
	uint32_t job_reasons;
	int32_t job_impressions_completed;
	int8_t printer_state;
	uint32_t printer_reasons;
	device_reasons_t device_reasons; /* what the output device reports (device-reasons.h) */
	bool accepting;
	char text[112];           /* notify-text */
} sub_event_t;

typedef struct sub {
	struct sub *next;
	int32_t id;               /* notify-subscription-id, never reused */
	printer_t *printer;
	int32_t job_id;           /* notify-job-id; 0 for a printer subscription */
	uint32_t events;          /* EV_BIT()s of notify-events */
	char owner[256];          /* notify-subscriber-user-name */
	int32_t lease;            /* notify-lease-duration granted (printer subscriptions) */
	time_t expires;           /* end of the lease; 0 for a job subscription */
	time_t job_ended;         /* a job subscription: when its job ended (0: not yet) */
	int32_t time_interval;    /* notify-time-interval: job-progress no more often than this */
	time_t last_progress;
	int32_t seq;              /* the last notify-sequence-number given */
	ippd_msg_t *attrs;        /* one subscription group: the template attributes as granted */

	/* The newest events, oldest first from `head`: a ring of up to SUB_MAX_EVENTS. */
	sub_event_t *ring;
	unsigned head, n, cap;
} sub_t;

/* Every subscription of the system, and the last printer state each printer reported. */
typedef struct sub_registry sub_registry_t;

/* A new, empty registry; NULL when out of memory.  Free with sub_registry_free(). */
sub_registry_t *sub_registry_new(void);
void sub_registry_free(sub_registry_t *reg);

/* The subscription with `id`, or NULL.  Caller holds the lock. */
sub_t *sub_find_locked(system_t *sys, int32_t id);
/* The first subscription (then sub->next), in creation order.  Caller holds the lock. */
sub_t *sub_first_locked(system_t *sys);
size_t sub_count_locked(system_t *sys);
/* How many subscriptions `owner` has.  Caller holds the lock. */
size_t sub_count_owned_locked(system_t *sys, const char *owner);

/*
 * Adds a subscription made by the caller (calloc'd, attrs set, id 0: the
 * next id is given) and saves it (queued, see sub_save_queue_locked).
 * False when SUB_MAX is reached (the caller still owns `sub`).  Caller
 * holds the lock.
 */
bool sub_add_locked(system_t *sys, sub_t *sub);

/* Unlinks and frees a subscription, queueing the deletion of its row into *ticket.  Caller holds the lock. */
void sub_remove_locked(system_t *sys, sub_t *sub, uint64_t *ticket);

/* Queues the subscription's row (and the next id) for the store; *ticket gets the ticket to wait on.  Caller holds the lock. */
bool sub_save_queue_locked(system_t *sys, const sub_t *sub, uint64_t *ticket);

void sub_free(sub_t *sub);

/* The events of `sub` with sequence numbers >= `from`, oldest first: calls `each` for each. */
void sub_events_from(const sub_t *sub, int32_t from, void (*each)(void *ctx, const sub_t *sub, const sub_event_t *ev),
                     void *ctx);
/* True when `sub` holds an event numbered >= `from`. */
bool sub_has_events_from(const sub_t *sub, int32_t from);

/* ------------------------------------------------------------------ */
/* The event hooks: small calls where the model changes               */
/* ------------------------------------------------------------------ */

/* A job event (job-created, job-config-changed, job-progress...).  Caller holds the lock. */
void sub_job_event_locked(job_t *job, sub_event_kind_t kind, const char *text);

/* job_enter_state_locked() moved `job` from `old_state`: job-state-changed and its kin. */
void sub_job_state_locked(job_t *job, int old_state);

/* A printer event (printer-config-changed, printer-queue-order-changed...).  Caller holds the lock. */
void sub_printer_event_locked(printer_t *p, sub_event_kind_t kind, const char *text);

/*
 * printer_update_state_locked() ran: printer-state-changed (and
 * printer-stopped) when the state, the reasons or printer-is-accepting-jobs
 * differ from what was last reported.  Caller holds the lock.
 */
void sub_printer_state_locked(printer_t *p);

/*
 * Ends what has run out at `now`: printer subscriptions past their lease,
 * job subscriptions SUB_EVENT_LIFE after their job ended (or once the job is
 * gone).  Deletions are queued into *ticket.  Returns how many ended.
 * Caller holds the lock.
 */
size_t sub_expire_locked(system_t *sys, time_t now, uint64_t *ticket);

/*
 * Counts of events a request can see: the generation grows with every event
 * recorded, so a waiter that read it under the lock can tell whether it
 * missed one.  Caller holds the lock.
 */
uint64_t sub_generation_locked(system_t *sys);

/* Called (lock held) after events were queued for subscription `id`; set by notify-wait.c.  May be NULL. */
void sub_set_event_listener(system_t *sys, void (*fn)(void *ctx, int32_t sub_id), void *ctx);

/*
 * Loads the subscriptions saved in the store (printer subscriptions, and job
 * subscriptions whose job was recovered) and the next id.  Call after the
 * jobs are loaded, before serving.  False (err set) when the store fails.
 */
bool sub_load(system_t *sys, char *err, size_t errsize);

/* Builds the template group of a loaded or new subscription back into its fields (events, lease...). */
void sub_apply_attrs(sub_t *sub);

#endif
