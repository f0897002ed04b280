/* Unit tests of the subscription model: event matching, sequence numbers, the bounded ring, leases, the cap. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "store.h"
#include "subscription.h"

typedef struct fixture {
	system_t sys;
	printer_t *p;
	printer_t *list[1];
	char dir[64];
} fixture_t;

static int setup(void **state)
{
	fixture_t *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	snprintf(f->dir, sizeof(f->dir), "/tmp/ippd-test-sub.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	char db[128];
	snprintf(db, sizeof(db), "%s/ippd.db", f->dir);
	pthread_mutex_init(&f->sys.lock, NULL);
	f->sys.start_time = time(NULL);
	f->sys.store = store_open(db, NULL, 0);
	assert_non_null(f->sys.store);
	f->sys.subs = sub_registry_new();
	f->p = calloc(1, sizeof(*f->p));
	f->p->sys = &f->sys;
	f->p->is_default = true;
	snprintf(f->p->name, sizeof(f->p->name), "ippd");
	f->p->state = IPPD_PRINTER_STATE_IDLE;
	f->p->accepting = true;
	f->list[0] = f->p;
	f->sys.printers = f->list;
	f->sys.n_printers = 1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture_t *f = *state;
	sub_registry_free(f->sys.subs);
	for (size_t i = 0; i < f->p->n_jobs; i++)
		job_free(f->p->jobs[i]);
	free(f->p->jobs);
	free(f->p);
	store_close(f->sys.store);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", f->dir);
	assert_int_equal(system(cmd), 0);
	pthread_mutex_destroy(&f->sys.lock);
	free(f);
	return 0;
}

/* A subscription to `events` (NULL-terminated keywords), of the printer or of job `job_id`. */
static sub_t *add_sub(fixture_t *f, int32_t job_id, const char *const *events)
{
	sub_t *s = calloc(1, sizeof(*s));
	assert_non_null(s);
	s->attrs = ippd_msg_new();
	ippd_group_t *g = ippd_msg_add_group(s->attrs, IPPD_TAG_SUBSCRIPTION);
	size_t n = 0;
	while (events[n])
		n++;
	ippd_group_add_strings(g, IPPD_TAG_KEYWORD, "notify-events", n, events);
	s->printer = f->p;
	s->job_id = job_id;
	sub_apply_attrs(s);
	if (!sub_add_locked(&f->sys, s)) {
		sub_free(s);
		return NULL;
	}
	return s;
}

static job_t *add_job(fixture_t *f, int32_t id, int state)
{
	job_t *job = calloc(1, sizeof(*job));
	job->id = id;
	job->state = state;
	assert_true(printer_append_job_locked(f->p, job));
	return job;
}

typedef struct collected {
	int32_t seq[200];
	uint8_t kind[200];
	uint8_t subscribed[200];
	size_t n;
} collected_t;

static void collect(void *ctx, const sub_t *sub, const sub_event_t *ev)
{
	collected_t *c = ctx;
	(void)sub;
	c->seq[c->n] = ev->seq;
	c->kind[c->n] = ev->kind;
	c->subscribed[c->n++] = ev->subscribed;
}

static void test_event_names(void **state)
{
	(void)state;
	for (unsigned i = 0; i < EV_COUNT; i++)
		assert_int_equal(sub_event_value(sub_event_name(i)), (int)i);
	assert_int_equal(sub_event_value("no-such-event"), -1);
	assert_int_equal(sub_event_value(NULL), -1);
	assert_null(sub_event_name(EV_COUNT));
}

/* RFC 3995: job-state-changed includes job-completed; the event reported as the one subscribed. */
static void test_job_state_changed_covers_completed(void **state)
{
	fixture_t *f = *state;
	static const char *const ev[] = {"job-state-changed", NULL};
	static const char *const done[] = {"job-completed", NULL};
	sub_t *wide = add_sub(f, 0, ev);
	sub_t *narrow = add_sub(f, 0, done);
	job_t *job = add_job(f, 5, IPPD_JOB_STATE_PROCESSING);
	job->state = IPPD_JOB_STATE_COMPLETED;
	sub_job_state_locked(job, IPPD_JOB_STATE_PROCESSING);
	job->state = IPPD_JOB_STATE_COMPLETED;
	sub_job_state_locked(job, IPPD_JOB_STATE_COMPLETED); /* no change: no event */
	collected_t c = {0};
	sub_events_from(wide, 1, collect, &c);
	assert_int_equal(c.n, 1);
	assert_int_equal(c.seq[0], 1);
	assert_int_equal(c.kind[0], EV_JOB_COMPLETED);
	assert_int_equal(c.subscribed[0], EV_JOB_STATE_CHANGED);
	memset(&c, 0, sizeof(c));
	sub_events_from(narrow, 1, collect, &c);
	assert_int_equal(c.n, 1);
	assert_int_equal(c.subscribed[0], EV_JOB_COMPLETED);
}

/* 150 events: the newest 100 stay, numbered 51..150; a number is never reused. */
static void test_ring_keeps_newest(void **state)
{
	fixture_t *f = *state;
	static const char *const ev[] = {"printer-config-changed", NULL};
	sub_t *s = add_sub(f, 0, ev);
	for (int i = 0; i < 150; i++)
		sub_printer_event_locked(f->p, EV_PRINTER_CONFIG_CHANGED, "changed");
	collected_t c = {0};
	sub_events_from(s, 1, collect, &c);
	assert_int_equal(c.n, SUB_MAX_EVENTS);
	for (size_t i = 0; i < c.n; i++)
		assert_int_equal(c.seq[i], 51 + (int)i);
	assert_true(sub_has_events_from(s, 150));
	assert_false(sub_has_events_from(s, 151));
	memset(&c, 0, sizeof(c));
	sub_events_from(s, 140, collect, &c);
	assert_int_equal(c.n, 11);
	assert_int_equal(s->seq, 150);
}

/* A job subscription hears its own job only, and its printer only while the job lasts. */
static void test_job_subscription_scope(void **state)
{
	fixture_t *f = *state;
	static const char *const ev[] = {"job-state-changed", "printer-config-changed", NULL};
	job_t *mine = add_job(f, 7, IPPD_JOB_STATE_PENDING);
	job_t *other = add_job(f, 8, IPPD_JOB_STATE_PENDING);
	sub_t *s = add_sub(f, 7, ev);
	other->state = IPPD_JOB_STATE_PROCESSING;
	sub_job_state_locked(other, IPPD_JOB_STATE_PENDING);
	assert_int_equal(s->n, 0);
	sub_printer_event_locked(f->p, EV_PRINTER_CONFIG_CHANGED, "changed");
	assert_int_equal(s->n, 1);
	mine->state = IPPD_JOB_STATE_CANCELED;
	sub_job_state_locked(mine, IPPD_JOB_STATE_PENDING);
	assert_int_equal(s->n, 2);
	assert_true(s->job_ended != 0);
	sub_printer_event_locked(f->p, EV_PRINTER_CONFIG_CHANGED, "changed");
	assert_int_equal(s->n, 2);
}

/* The first look at a printer is a baseline; a stop is printer-stopped, heard by printer-state-changed. */
static void test_printer_state(void **state)
{
	fixture_t *f = *state;
	static const char *const ev[] = {"printer-state-changed", NULL};
	sub_t *s = add_sub(f, 0, ev);
	sub_printer_state_locked(f->p);
	assert_int_equal(s->n, 0);
	sub_printer_state_locked(f->p);
	assert_int_equal(s->n, 0);
	f->p->state = IPPD_PRINTER_STATE_STOPPED;
	f->p->reasons = PR_PAUSED;
	sub_printer_state_locked(f->p);
	f->p->accepting = false;
	sub_printer_state_locked(f->p);
	collected_t c = {0};
	sub_events_from(s, 1, collect, &c);
	assert_int_equal(c.n, 2);
	assert_int_equal(c.kind[0], EV_PRINTER_STOPPED);
	assert_int_equal(c.subscribed[0], EV_PRINTER_STATE_CHANGED);
	assert_int_equal(c.kind[1], EV_PRINTER_STATE_CHANGED);
	assert_false(s->ring[1].accepting);
}

/* Leases end printer subscriptions; a job subscription ends SUB_EVENT_LIFE after its job, or with it. */
static void test_expiry(void **state)
{
	fixture_t *f = *state;
	static const char *const ev[] = {"job-completed", NULL};
	time_t now = time(NULL);
	sub_t *leased = add_sub(f, 0, ev);
	leased->expires = now + 10;
	int32_t leased_id = leased->id;
	job_t *job = add_job(f, 3, IPPD_JOB_STATE_COMPLETED);
	sub_t *js = add_sub(f, 3, ev);
	add_sub(f, 99, ev); /* its job does not exist */
	uint64_t ticket = 0;
	assert_int_equal(sub_expire_locked(&f->sys, now, &ticket), 1); /* the one without a job */
	assert_int_equal(sub_count_locked(&f->sys), 2);
	assert_true(js->job_ended == now); /* a finished job found by the sweep starts the clock */
	assert_int_equal(sub_expire_locked(&f->sys, now + 9, &ticket), 0);
	assert_int_equal(sub_expire_locked(&f->sys, now + 10, &ticket), 1);
	assert_null(sub_find_locked(&f->sys, leased_id));
	assert_non_null(sub_find_locked(&f->sys, js->id));
	assert_int_equal(sub_expire_locked(&f->sys, now + SUB_EVENT_LIFE - 1, &ticket), 0);
	assert_int_equal(sub_expire_locked(&f->sys, now + SUB_EVENT_LIFE, &ticket), 1);
	assert_int_equal(sub_count_locked(&f->sys), 0);
	assert_int_equal(store_commit_wait(f->sys.store, ticket), 0);
	(void)job;
}

/* notify-time-interval: job-progress no more often than that. */
static void test_progress_interval(void **state)
{
	fixture_t *f = *state;
	static const char *const ev[] = {"job-progress", NULL};
	sub_t *s = add_sub(f, 0, ev);
	s->time_interval = 3600;
	job_t *job = add_job(f, 4, IPPD_JOB_STATE_PROCESSING);
	sub_job_event_locked(job, EV_JOB_PROGRESS, "progressed");
	sub_job_event_locked(job, EV_JOB_PROGRESS, "progressed");
	assert_int_equal(s->n, 1);
}

/* Ids grow and are never reused; the registry stops at SUB_MAX. */
static void test_ids_and_cap(void **state)
{
	fixture_t *f = *state;
	static const char *const ev[] = {"job-completed", NULL};
	int32_t last = 0;
	for (int i = 0; i < SUB_MAX; i++) {
		sub_t *s = add_sub(f, 0, ev);
		assert_non_null(s);
		assert_true(s->id > last);
		last = s->id;
	}
	assert_null(add_sub(f, 0, ev));
	sub_remove_locked(&f->sys, sub_first_locked(&f->sys), NULL);
	sub_t *again = add_sub(f, 0, ev);
	assert_non_null(again);
	assert_int_equal(again->id, last + 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_event_names),
		cmocka_unit_test_setup_teardown(test_job_state_changed_covers_completed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ring_keeps_newest, setup, teardown),
		cmocka_unit_test_setup_teardown(test_job_subscription_scope, setup, teardown),
		cmocka_unit_test_setup_teardown(test_printer_state, setup, teardown),
		cmocka_unit_test_setup_teardown(test_expiry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_progress_interval, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ids_and_cap, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
