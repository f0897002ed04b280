/* Subscriptions and their events (RFC 3995): the registry, the event queues, the hooks, leases and persistence. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "subscription.h"

/* The last printer state reported to subscribers, to tell a change from a repeat. */
typedef struct printer_seen {
	const printer_t *p;
	int state;
	uint32_t reasons;
	device_reasons_t device_reasons;
	bool accepting;
} printer_seen_t;

struct sub_registry {
	sub_t *head, *tail;
	size_t n;
	int32_t next_id;
	uint64_t gen;
	printer_seen_t *seen;
	size_t n_seen;
	void (*listener)(void *ctx, int32_t sub_id);
	void *listener_ctx;
};

static const char *const event_names[EV_COUNT] = {
	[EV_JOB_CREATED] = "job-created",
	[EV_JOB_COMPLETED] = "job-completed",
	[EV_JOB_STOPPED] = "job-stopped",
	[EV_JOB_STATE_CHANGED] = "job-state-changed",
	[EV_JOB_CONFIG_CHANGED] = "job-config-changed",
	[EV_JOB_PROGRESS] = "job-progress",
	[EV_PRINTER_STATE_CHANGED] = "printer-state-changed",
	[EV_PRINTER_STOPPED] = "printer-stopped",
	[EV_PRINTER_RESTARTED] = "printer-restarted",
	[EV_PRINTER_SHUTDOWN] = "printer-shutdown",
	[EV_PRINTER_CONFIG_CHANGED] = "printer-config-changed",
	[EV_PRINTER_QUEUE_ORDER_CHANGED] = "printer-queue-order-changed",
};

const char *sub_event_name(unsigned kind)
{
	return kind < EV_COUNT ? event_names[kind] : NULL;
}

int sub_event_value(const char *keyword)
{
	for (unsigned i = 0; keyword && i < EV_COUNT; i++)
		if (strcmp(keyword, event_names[i]) == 0)
			return (int)i;
	return -1;
}

sub_registry_t *sub_registry_new(void)
{
	sub_registry_t *reg = calloc(1, sizeof(*reg));
	if (reg)
		reg->next_id = 1;
	return reg;
}

void sub_free(sub_t *sub)
{
	if (!sub)
		return;
	ippd_msg_free(sub->attrs);
	free(sub->ring);
	free(sub);
}

void sub_registry_free(sub_registry_t *reg)
{
	if (!reg)
		return;
	for (sub_t *s = reg->head, *next; s; s = next) {
		next = s->next;
		sub_free(s);
	}
	free(reg->seen);
	free(reg);
}

sub_t *sub_find_locked(system_t *sys, int32_t id)
{
	for (sub_t *s = sys->subs ? sys->subs->head : NULL; s; s = s->next)
		if (s->id == id)
			return s;
	return NULL;
}

sub_t *sub_first_locked(system_t *sys)
{
	return sys->subs ? sys->subs->head : NULL;
}

size_t sub_count_locked(system_t *sys)
{
	return sys->subs ? sys->subs->n : 0;
}

size_t sub_count_owned_locked(system_t *sys, const char *owner)
{
	size_t n = 0;
	for (const sub_t *s = sys->subs ? sys->subs->head : NULL; s; s = s->next)
		n += strcmp(s->owner, owner) == 0;
	return n;
}

uint64_t sub_generation_locked(system_t *sys)
{
	return sys->subs ? sys->subs->gen : 0;
}

void sub_set_event_listener(system_t *sys, void (*fn)(void *ctx, int32_t sub_id), void *ctx)
{
	if (!sys->subs)
		return;
	sys->subs->listener = fn;
	sys->subs->listener_ctx = ctx;
}

void sub_apply_attrs(sub_t *sub)
{
	const ippd_group_t *g = ippd_msg_first_group(sub->attrs);
	const ippd_attr_t *ev = ippd_group_find(g, "notify-events");
	sub->events = 0;
	for (size_t i = 0; i < ippd_attr_count(ev); i++) {
		int k = sub_event_value(ippd_attr_get_string(ev, i, NULL));
		if (k >= 0)
			sub->events |= EV_BIT(k);
	}
	const ippd_attr_t *lease = ippd_group_find(g, "notify-lease-duration");
	sub->lease = lease ? ippd_attr_get_integer(lease, 0) : 0;
	const ippd_attr_t *ti = ippd_group_find(g, "notify-time-interval");
	sub->time_interval = ti ? ippd_attr_get_integer(ti, 0) : 0;
}

/* The printer's name as the store keeps it: "" for the default printer, as for jobs. */
static const char *store_printer_name(const printer_t *p)
{
	return p->is_default ? "" : p->name;
}

bool sub_save_queue_locked(system_t *sys, const sub_t *sub, uint64_t *ticket)
{
	uint8_t *blob = NULL;
	size_t len = 0;
	if (ippd_msg_encode_alloc(sub->attrs, &blob, &len) != IPPD_OK)
		return false;
	store_sub_t row = {
		.id = sub->id,
		.printer = store_printer_name(sub->printer),
		.job_id = sub->job_id,
		.owner = sub->owner,
		.expires = sub->expires,
		.seq = sub->seq,
		.attrs = blob,
		.attrs_len = len,
	};
	char next[32];
	snprintf(next, sizeof(next), "%d", (int)sys->subs->next_id);
	bool ok = store_sub_put(sys->store, &row, ticket) == 0 &&
	          store_kv_set(sys->store, "next-subscription-id", next, ticket) == 0;
	free(blob);
	return ok;
}

bool sub_add_locked(system_t *sys, sub_t *sub)
{
	sub_registry_t *reg = sys->subs;
	if (!reg || reg->n >= SUB_MAX)
		return false;
	if (sub->id == 0)
		sub->id = reg->next_id;
	if (sub->id >= reg->next_id)
		reg->next_id = sub->id + 1;
	if (reg->tail)
		reg->tail->next = sub;
	else
		reg->head = sub;
	reg->tail = sub;
	sub->next = NULL;
	reg->n++;
	return true;
}

void sub_remove_locked(system_t *sys, sub_t *sub, uint64_t *ticket)
{
	sub_registry_t *reg = sys->subs;
	sub_t *prev = NULL;
	for (sub_t *s = reg->head; s; prev = s, s = s->next) {
		if (s != sub)
			continue;
		if (prev)
			prev->next = s->next;
		else
			reg->head = s->next;
		if (reg->tail == s)
			reg->tail = prev;
		reg->n--;
		break;
	}
	store_sub_delete(sys->store, sub->id, ticket);
	sub_free(sub);
}

/* ------------------------------------------------------------------ */
/* Event queues                                                       */
/* ------------------------------------------------------------------ */

/* Room for one more event: grows the ring up to SUB_MAX_EVENTS, then drops the oldest. */
static sub_event_t *ring_push(sub_t *sub)
{
	if (sub->n == sub->cap && sub->cap < SUB_MAX_EVENTS) {
		unsigned cap = sub->cap ? sub->cap * 2 : 4;
		if (cap > SUB_MAX_EVENTS)
			cap = SUB_MAX_EVENTS;
		sub_event_t *ring = malloc(cap * sizeof(*ring));
		if (ring) {
			for (unsigned i = 0; i < sub->n; i++)
				ring[i] = sub->ring[(sub->head + i) % sub->cap];
			free(sub->ring);
			sub->ring = ring;
			sub->cap = cap;
			sub->head = 0;
		}
	}
	if (sub->cap == 0)
		return NULL;
	if (sub->n == sub->cap) {
		/* Full: the oldest goes; its number stays used, so the client sees the gap. */
		sub_event_t *ev = &sub->ring[sub->head];
		sub->head = (sub->head + 1) % sub->cap;
		return ev;
	}
	return &sub->ring[(sub->head + sub->n++) % sub->cap];
}

void sub_events_from(const sub_t *sub, int32_t from, void (*each)(void *ctx, const sub_t *sub, const sub_event_t *ev),
                     void *ctx)
{
	for (unsigned i = 0; i < sub->n; i++) {
		const sub_event_t *ev = &sub->ring[(sub->head + i) % sub->cap];
		if (ev->seq >= from)
			each(ctx, sub, ev);
	}
}

bool sub_has_events_from(const sub_t *sub, int32_t from)
{
	return sub->n > 0 && sub->ring[(sub->head + sub->n - 1) % sub->cap].seq >= from;
}

/*
 * Which of the subscription's events an event counts as: itself, or the
 * wider event that includes it (RFC 3995: job-state-changed covers
 * job-created, -completed and -stopped; printer-state-changed covers
 * printer-stopped, -restarted and -shutdown).  -1 when not subscribed.
 */
static int subscribed_as(const sub_t *sub, unsigned kind)
{
	if (sub->events & EV_BIT(kind))
		return (int)kind;
	if ((kind == EV_JOB_CREATED || kind == EV_JOB_COMPLETED || kind == EV_JOB_STOPPED) &&
	    (sub->events & EV_BIT(EV_JOB_STATE_CHANGED)))
		return EV_JOB_STATE_CHANGED;
	if ((kind == EV_PRINTER_STOPPED || kind == EV_PRINTER_RESTARTED || kind == EV_PRINTER_SHUTDOWN) &&
	    (sub->events & EV_BIT(EV_PRINTER_STATE_CHANGED)))
		return EV_PRINTER_STATE_CHANGED;
	return -1;
}

/* Records `proto` for every subscription of `p` that wants it. */
static void dispatch_locked(system_t *sys, printer_t *p, sub_event_t *proto)
{
	sub_registry_t *reg = sys->subs;
	if (!reg)
		return;
	bool job_event = (EV_BIT(proto->kind) & EV_JOB_MASK) != 0;
	for (sub_t *s = reg->head; s; s = s->next) {
		if (s->printer != p)
			continue;
		/* A job subscription hears about its own job, and about its printer while the job lasts. */
		if (s->job_id && (job_event ? s->job_id != proto->job_id : s->job_ended != 0))
			continue;
		int as = subscribed_as(s, proto->kind);
		if (as < 0)
			continue;
		if (proto->kind == EV_JOB_PROGRESS && s->time_interval > 0 && proto->when - s->last_progress < s->time_interval)
			continue;
		sub_event_t *ev = ring_push(s);
		if (!ev)
			continue;
		*ev = *proto;
		ev->subscribed = (uint8_t)as;
		ev->seq = ++s->seq;
		if (proto->kind == EV_JOB_PROGRESS)
			s->last_progress = proto->when;
		/* Only the number is written: the store batches it with whatever commits next. */
		store_sub_seq(sys->store, s->id, s->seq, NULL);
		reg->gen++;
		if (reg->listener)
			reg->listener(reg->listener_ctx, s->id);
	}
}

static void fill_printer(sub_event_t *ev, const printer_t *p)
{
	ev->printer_state = (int8_t)p->state;
	ev->printer_reasons = p->reasons;
	ev->device_reasons = p->device_reasons;
	ev->accepting = p->accepting;
}

void sub_job_event_locked(job_t *job, sub_event_kind_t kind, const char *text)
{
	system_t *sys = job->printer->sys;
	if (!sys->subs)
		return;
	sub_event_t ev = {
		.kind = (uint8_t)kind,
		.when = time(NULL),
		.job_id = job->id,
		.job_state = (int8_t)job->state,
		.job_reasons = job->reasons,
		.job_impressions_completed = job->impressions_completed,
	};
	fill_printer(&ev, job->printer);
	snprintf(ev.text, sizeof(ev.text), "Job %d %s.", (int)job->id, text);
	dispatch_locked(sys, job->printer, &ev);
}

void sub_job_state_locked(job_t *job, int old_state)
{
	system_t *sys = job->printer->sys;
	if (!sys->subs || job->state == old_state)
		return;
	/* A job subscription's clock starts when its job ends, and stops if the job starts again. */
	time_t now = time(NULL);
	for (sub_t *s = sys->subs->head; s; s = s->next)
		if (s->job_id == job->id && s->printer == job->printer)
			s->job_ended = job_is_terminal(job) ? now : 0;
	sub_event_kind_t kind = EV_JOB_STATE_CHANGED;
	if (job_is_terminal(job))
		kind = EV_JOB_COMPLETED;
	else if (job->state == IPPD_JOB_STATE_PROCESSING_STOPPED)
		kind = EV_JOB_STOPPED;
	char text[80];
	snprintf(text, sizeof(text), "is %s", ippd_enum_name("job-state", job->state));
	/* The job's last events still reach its subscriptions: job_ended only stops printer events. */
	sub_job_event_locked(job, kind, text);
}

void sub_printer_event_locked(printer_t *p, sub_event_kind_t kind, const char *text)
{
	if (!p->sys->subs)
		return;
	sub_event_t ev = {.kind = (uint8_t)kind, .when = time(NULL)};
	fill_printer(&ev, p);
	snprintf(ev.text, sizeof(ev.text), "Printer %s %s.", printer_label(p), text);
	dispatch_locked(p->sys, p, &ev);
}

void sub_printer_state_locked(printer_t *p)
{
	sub_registry_t *reg = p->sys->subs;
	if (!reg)
		return;
	printer_seen_t *seen = NULL;
	for (size_t i = 0; i < reg->n_seen; i++)
		if (reg->seen[i].p == p)
			seen = &reg->seen[i];
	if (!seen) {
		/* The first look at a printer is its baseline, not a change. */
		printer_seen_t *grown = realloc(reg->seen, (reg->n_seen + 1) * sizeof(*grown));
		if (!grown)
			return;
		reg->seen = grown;
		reg->seen[reg->n_seen++] = (printer_seen_t){p, p->state, p->reasons, p->device_reasons, p->accepting};
		return;
	}
	if (seen->state == p->state && seen->reasons == p->reasons && seen->accepting == p->accepting &&
	    device_reasons_equal(&seen->device_reasons, &p->device_reasons))
		return;
	bool stopped = p->state == IPPD_PRINTER_STATE_STOPPED && seen->state != IPPD_PRINTER_STATE_STOPPED;
	seen->state = p->state;
	seen->reasons = p->reasons;
	seen->device_reasons = p->device_reasons;
	seen->accepting = p->accepting;
	char text[80];
	snprintf(text, sizeof(text), "is %s%s", ippd_enum_name("printer-state", p->state),
	         p->accepting ? "" : " and not accepting jobs");
	sub_printer_event_locked(p, stopped ? EV_PRINTER_STOPPED : EV_PRINTER_STATE_CHANGED, text);
}

/* ------------------------------------------------------------------ */
/* Leases                                                             */
/* ------------------------------------------------------------------ */

/* True while `p` is one of the system's printers (Delete-Printer retires printers). */
static bool printer_listed(const system_t *sys, const printer_t *p)
{
	for (size_t i = 0; i < sys->n_printers; i++)
		if (sys->printers[i] == p)
			return true;
	return false;
}

/* True when a subscription has run out at `now`, or its printer was deleted. */
static bool sub_over(system_t *sys, sub_t *s, time_t now)
{
	if (!printer_listed(sys, s->printer))
		return true;
	if (!s->job_id)
		return s->expires && now >= s->expires;
	job_t *job = printer_find_job_locked(s->printer, s->job_id);
	if (!job)
		return true;
	if (job_is_terminal(job) && !s->job_ended)
		s->job_ended = now; /* ended before a restart: its clock starts now */
	return s->job_ended && now - s->job_ended >= SUB_EVENT_LIFE;
}

size_t sub_expire_locked(system_t *sys, time_t now, uint64_t *ticket)
{
	size_t n = 0;
	if (!sys->subs)
		return 0;
	for (sub_t *s = sys->subs->head, *next; s; s = next) {
		next = s->next;
		if (!sub_over(sys, s, now))
			continue;
		log_msg(LOG_INFO, "[Subscription %d] %s", (int)s->id, s->job_id ? "ended with its job" : "lease expired");
		sub_remove_locked(sys, s, ticket);
		n++;
	}
	return n;
}

/* ------------------------------------------------------------------ */
/* Loading                                                            */
/* ------------------------------------------------------------------ */

typedef struct load_ctx {
	system_t *sys;
	size_t loaded, dropped;
} load_ctx_t;

static printer_t *printer_by_store_name(system_t *sys, const char *name)
{
	for (size_t i = 0; name && i < sys->n_printers; i++) {
		printer_t *p = sys->printers[i];
		if (strcmp(store_printer_name(p), name) == 0)
			return p;
	}
	return NULL;
}

static int load_sub(void *arg, const store_sub_t *row)
{
	load_ctx_t *ctx = arg;
	system_t *sys = ctx->sys;
	printer_t *p = printer_by_store_name(sys, row->printer);
	/* The next id stays above every id ever saved, kept or not. */
	if (row->id >= sys->subs->next_id)
		sys->subs->next_id = row->id + 1;
	bool gone = !p || (row->job_id && !printer_find_job_locked(p, row->job_id));
	if (gone) {
		/* Its printer is not configured or its job is gone: the subscription has nothing to watch. */
		store_sub_delete(sys->store, row->id, NULL);
		ctx->dropped++;
		return 0;
	}
	sub_t *sub = calloc(1, sizeof(*sub));
	ippd_limits_t lim;
	ippd_limits_response(&lim);
	if (sub)
		sub->attrs = ippd_msg_decode(row->attrs, row->attrs_len, &lim, NULL, NULL);
	if (!sub || !sub->attrs) {
		log_msg(LOG_WARN, "[Subscription %d] its saved attributes are unreadable; dropped", (int)row->id);
		sub_free(sub);
		store_sub_delete(sys->store, row->id, NULL);
		ctx->dropped++;
		return 0;
	}
	sub->id = row->id;
	sub->printer = p;
	sub->job_id = row->job_id;
	snprintf(sub->owner, sizeof(sub->owner), "%s", row->owner ? row->owner : "");
	sub->expires = (time_t)row->expires;
	sub->seq = (int32_t)row->seq;
	sub_apply_attrs(sub);
	if (!sub_add_locked(sys, sub)) {
		sub_free(sub);
		return -1;
	}
	ctx->loaded++;
	return 0;
}

bool sub_load(system_t *sys, char *err, size_t errsize)
{
	load_ctx_t ctx = {.sys = sys};
	char next[32];
	if (!sys->subs)
		return true;
	int found = store_kv_get(sys->store, "next-subscription-id", next, sizeof(next));
	system_lock(sys);
	if (found == 1 && atoi(next) > sys->subs->next_id)
		sys->subs->next_id = atoi(next);
	int rc = store_subs_load(sys->store, load_sub, &ctx);
	/* Each printer's state now is the baseline for printer-state-changed. */
	for (size_t i = 0; i < sys->n_printers; i++)
		sub_printer_state_locked(sys->printers[i]);
	system_unlock(sys);
	if (rc != 0) {
		snprintf(err, errsize, "cannot load the subscriptions: %s", store_errmsg(sys->store));
		return false;
	}
	log_msg(LOG_INFO, "recovered %zu subscription(s) (%zu dropped); next subscription id %d", ctx.loaded, ctx.dropped,
	        (int)sys->subs->next_id);
	return true;
}
