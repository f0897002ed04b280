/* Unit tests for the durable store, and its benchmark (test-store --bench DIR). */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "store.h"

#define TEST(fn, title) ((struct CMUnitTest){.name = (title), .test_func = (fn)})
#define TESTD(fn, title)                                                                                     \
	((struct CMUnitTest){                                                                                \
	    .name = (title), .test_func = (fn), .setup_func = dir_setup, .teardown_func = dir_teardown})
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* A fresh folder per test, with the database path inside it. */
typedef struct tdir {
	char dir[64];
	char db[96];
} tdir_t;

static int dir_setup(void **state)
{
	tdir_t *t = calloc(1, sizeof(*t));

	if (!t)
		return -1;
	snprintf(t->dir, sizeof(t->dir), "/tmp/test-store-XXXXXX");
	if (!mkdtemp(t->dir)) {
		free(t);
		return -1;
	}
	snprintf(t->db, sizeof(t->db), "%s/ippd.db", t->dir);
	*state = t;
	return 0;
}

static int dir_teardown(void **state)
{
	tdir_t *t = *state;
	DIR *d = opendir(t->dir);
	struct dirent *e;
	char path[400];

	while (d && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", t->dir, e->d_name);
		unlink(path);
	}
	if (d)
		closedir(d);
	rmdir(t->dir);
	free(t);
	return 0;
}

static store_t *open_ok(const char *path)
{
	char err[256];
	store_t *s = store_open(path, err, sizeof(err));

	if (!s)
		fail_msg("store_open(%s): %s", path, err);
	return s;
}

/* Puts a job and waits for it to be durable. */
static void put_job(store_t *s, const store_job_t *j)
{
	store_ticket_t t;

	assert_int_equal(store_job_put(s, j, &t), 0);
	if (store_commit_wait(s, t) != 0)
		fail_msg("job %d: %s", (int)j->id, store_errmsg(s));
}

static void put_doc(store_t *s, const store_doc_t *d)
{
	store_ticket_t t;

	assert_int_equal(store_doc_put(s, d, &t), 0);
	if (store_commit_wait(s, t) != 0)
		fail_msg("doc %d of job %d: %s", (int)d->number, (int)d->job_id, store_errmsg(s));
}

static char *dup_or_null(const char *str)
{
	return str ? strdup(str) : NULL;
}

static void *memdup(const void *p, size_t n)
{
	void *q;

	if (!n)
		return NULL;
	q = malloc(n);
	memcpy(q, p, n);
	return q;
}

/* What store_load() delivered, deep-copied, with the order of the calls as text ("J1 D1.1 J2 "). */
typedef struct loaded {
	store_job_t jobs[4096];
	size_t njobs;
	store_doc_t docs[4096];
	size_t ndocs;
	char trace[8192];
	size_t tlen;
} loaded_t;

static int on_job_copy(void *ctx, const store_job_t *j)
{
	loaded_t *l = ctx;
	store_job_t *c;

	assert_true(l->njobs < COUNT(l->jobs));
	c = &l->jobs[l->njobs++];
	*c = *j;
	c->printer = dup_or_null(j->printer);
	c->reasons = dup_or_null(j->reasons);
	c->owner = dup_or_null(j->owner);
	c->name = dup_or_null(j->name);
	c->attrs = memdup(j->attrs, j->attrs_len);
	if (l->tlen < sizeof(l->trace) - 32)
		l->tlen +=
		    (size_t)snprintf(l->trace + l->tlen, sizeof(l->trace) - l->tlen, "J%d ", (int)j->id);
	return 0;
}

static int on_doc_copy(void *ctx, const store_doc_t *d)
{
	loaded_t *l = ctx;
	store_doc_t *c;

	assert_true(l->ndocs < COUNT(l->docs));
	c = &l->docs[l->ndocs++];
	*c = *d;
	c->format = dup_or_null(d->format);
	c->name = dup_or_null(d->name);
	c->path = dup_or_null(d->path);
	c->compression = dup_or_null(d->compression);
	c->attrs = memdup(d->attrs, d->attrs_len);
	if (l->tlen < sizeof(l->trace) - 32)
		l->tlen += (size_t)snprintf(l->trace + l->tlen, sizeof(l->trace) - l->tlen, "D%d.%d ",
		                            (int)d->job_id, (int)d->number);
	return 0;
}

static loaded_t *load_all(store_t *s)
{
	loaded_t *l = calloc(1, sizeof(*l));

	assert_non_null(l);
	if (store_load(s, on_job_copy, on_doc_copy, l) != 0)
		fail_msg("store_load: %s", store_errmsg(s));
	return l;
}

static void loaded_free(loaded_t *l)
{
	for (size_t i = 0; i < l->njobs; i++) {
		free((void *)l->jobs[i].printer);
		free((void *)l->jobs[i].reasons);
		free((void *)l->jobs[i].owner);
		free((void *)l->jobs[i].name);
		free((void *)l->jobs[i].attrs);
	}
	for (size_t i = 0; i < l->ndocs; i++) {
		free((void *)l->docs[i].format);
		free((void *)l->docs[i].name);
		free((void *)l->docs[i].path);
		free((void *)l->docs[i].compression);
		free((void *)l->docs[i].attrs);
	}
	free(l);
}

static const store_job_t *find_job(const loaded_t *l, int32_t id)
{
	for (size_t i = 0; i < l->njobs; i++)
		if (l->jobs[i].id == id)
			return &l->jobs[i];
	return NULL;
}

static void assert_str_or_null(const char *a, const char *b)
{
	if (!a || !b)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

static void assert_job_equal(const store_job_t *a, const store_job_t *b)
{
	assert_int_equal(a->id, b->id);
	assert_str_or_null(a->printer, b->printer);
	assert_int_equal(a->state, b->state);
	assert_str_or_null(a->reasons, b->reasons);
	assert_str_or_null(a->owner, b->owner);
	assert_str_or_null(a->name, b->name);
	assert_int_equal(a->created, b->created);
	assert_int_equal(a->processing, b->processing);
	assert_int_equal(a->completed, b->completed);
	assert_int_equal(a->impressions, b->impressions);
	assert_int_equal(a->k_octets, b->k_octets);
	assert_int_equal(a->attrs_len, b->attrs_len);
	if (a->attrs_len)
		assert_memory_equal(a->attrs, b->attrs, a->attrs_len);
	else
		assert_null(b->attrs);
}

static void assert_doc_equal(const store_doc_t *a, const store_doc_t *b)
{
	assert_int_equal(a->job_id, b->job_id);
	assert_int_equal(a->number, b->number);
	assert_str_or_null(a->format, b->format);
	assert_str_or_null(a->name, b->name);
	assert_str_or_null(a->path, b->path);
	assert_int_equal(a->size, b->size);
	assert_str_or_null(a->compression, b->compression);
	assert_int_equal(a->pages, b->pages);
	assert_int_equal(a->attrs_len, b->attrs_len);
	if (a->attrs_len)
		assert_memory_equal(a->attrs, b->attrs, a->attrs_len);
}

/* A job of printer "p" with everything but the id defaulted. */
static store_job_t simple_job(int32_t id, int state, const char *owner)
{
	store_job_t j = {.id = id, .printer = "p", .state = state, .owner = owner, .name = "job"};

	return j;
}

/* Opens the database behind the store's back, for checks the API does not offer. */
static sqlite3 *raw_open(const char *path)
{
	sqlite3 *db = NULL;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL),
	                 SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	return db;
}

static long long raw_count(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	long long n = -1;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* ------------------------------------------------------------------ */

static void test_open_errors(void **state)
{
	tdir_t *t = *state;
	char err[256], path[160];
	FILE *f;

	snprintf(path, sizeof(path), "%s/missing/ippd.db", t->dir);
	assert_null(store_open(path, err, sizeof(err)));
	assert_non_null(strstr(err, "does not exist"));
	assert_non_null(strstr(err, "/missing"));

	assert_null(store_open(NULL, err, sizeof(err)));
	assert_non_null(strstr(err, "no path"));

	/* A file that is not a database is refused, and left alone. */
	snprintf(path, sizeof(path), "%s/junk.db", t->dir);
	f = fopen(path, "w");
	assert_non_null(f);
	for (int i = 0; i < 1000; i++)
		fputs("this is not a database\n", f);
	fclose(f);
	assert_null(store_open(path, err, sizeof(err)));
	assert_non_null(strstr(err, "not a database"));
	assert_non_null(strstr(err, path));

	/* A newer schema than we know. */
	{
		sqlite3 *db = raw_open(t->db);
		assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
		sqlite3_close(db);
		assert_null(store_open(t->db, err, sizeof(err)));
		assert_non_null(strstr(err, "schema version 99"));
	}
}

static const unsigned char blob1[] = {0x01, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00,
                                      0x01, 0x01, 0x47, 0x00, 0x00, 0x03};
static const unsigned char blob2[] = {0x00, 0xff, 0x00, 0x7f};

static void test_round_trip(void **state)
{
	tdir_t *t = *state;
	store_t *s = open_ok(t->db);
	const store_job_t jobs[] = {
	    {1, "p", 3, "job-incoming,job-queued", "alice", "report.pdf", 1700000000, 0, 0, 2, 17, blob1,
	     sizeof(blob1)},
	    {2, "", 5, NULL, NULL, NULL, 1700000001, 1700000002, 0, 0, 0, NULL, 0},
	    {3, "laser", 9, "job-completed-successfully", "bob", "Ünïcode ✓", 1, 2, 3, 2147483647,
	     INT64_C(1) << 40, blob2, sizeof(blob2)},
	};
	const store_doc_t docs[] = {
	    {1, 1, "application/pdf", "a.pdf", "spool/1-1.prn", 17000, "gzip", 2, blob2, sizeof(blob2)},
	    {1, 2, "image/pwg-raster", NULL, "spool/1-2.prn", 0, NULL, -1, NULL, 0},
	    {3, 1, "text/plain", "t", "spool/3-1.prn", 5, "none", 1, blob1, sizeof(blob1)},
	};
	store_ticket_t tickets[6];
	loaded_t *l;

	/* All queued before any wait: they commit together, in order. */
	for (size_t i = 0; i < COUNT(jobs); i++)
		assert_int_equal(store_job_put(s, &jobs[i], &tickets[i]), 0);
	for (size_t i = 0; i < COUNT(docs); i++)
		assert_int_equal(store_doc_put(s, &docs[i], &tickets[3 + i]), 0);
	for (size_t i = 1; i < COUNT(tickets); i++)
		assert_true(tickets[i] > tickets[i - 1]);
	for (size_t i = COUNT(tickets); i-- > 0;)
		assert_int_equal(store_commit_wait(s, tickets[i]), 0);

	l = load_all(s);
	assert_string_equal(l->trace, "J1 D1.1 D1.2 J2 J3 D3.1 ");
	assert_int_equal(l->njobs, 3);
	for (size_t i = 0; i < COUNT(jobs); i++)
		assert_job_equal(&jobs[i], &l->jobs[i]);
	for (size_t i = 0; i < COUNT(docs); i++)
		assert_doc_equal(&docs[i], &l->docs[i]);
	loaded_free(l);
	assert_int_equal(store_commit_wait(s, 0), 0);
	store_close(s);
}

/* Stops after the first job: the load ends early and cleanly. */
static int stop_at_first(void *ctx, const store_job_t *j)
{
	(void)j;
	(*(int *)ctx)++;
	return 1;
}

/* Fails at the second document, as a caller out of memory would. */
static int fail_at_second_doc(void *ctx, const store_doc_t *d)
{
	(void)d;
	return ++*(int *)ctx == 2 ? -1 : 0;
}

static int fail_at_once(void *ctx, const store_job_t *j)
{
	(void)ctx;
	(void)j;
	return -1;
}

static void test_update_in_place(void **state)
{
	tdir_t *t = *state;
	store_t *s = open_ok(t->db);
	store_job_t j = simple_job(5, 3, "alice");
	store_doc_t d = {.job_id = 5, .number = 1, .format = "application/pdf", .path = "spool/5-1.prn"};
	loaded_t *l;
	int calls = 0;

	put_job(s, &j);
	put_doc(s, &d);
	j.state = 9;
	j.reasons = "job-completed-successfully";
	j.name = "renamed";
	j.completed = 1700000100;
	j.attrs = blob1;
	j.attrs_len = sizeof(blob1);
	put_job(s, &j);
	d.size = 99;
	put_doc(s, &d);

	l = load_all(s);
	assert_string_equal(l->trace, "J5 D5.1 ");
	assert_job_equal(&j, &l->jobs[0]);
	assert_doc_equal(&d, &l->docs[0]);
	loaded_free(l);

	j.id = 6;
	put_job(s, &j);
	assert_int_equal(store_load(s, stop_at_first, NULL, &calls), 0);
	assert_int_equal(calls, 1);

	/* A negative return is the caller's failure, and the load's. */
	d.number = 2;
	put_doc(s, &d);
	calls = 0;
	assert_int_equal(store_load(s, NULL, fail_at_second_doc, &calls), -1);
	assert_int_equal(calls, 2);
	assert_non_null(strstr(store_errmsg(s), "callback failed at job 5"));
	assert_int_equal(store_jobs_page(s, "p", STORE_JOBS_ALL, NULL, 0, 10, fail_at_once, NULL), -1);
	assert_int_equal(store_jobs_page(s, "p", STORE_JOBS_ALL, NULL, 0, 10, stop_at_first, &calls), 1);
	/* The reader is usable again after either. */
	l = load_all(s);
	assert_string_equal(l->trace, "J5 D5.1 D5.2 J6 ");
	loaded_free(l);
	store_close(s);
}

static void test_delete_cascades(void **state)
{
	tdir_t *t = *state;
	store_t *s = open_ok(t->db);
	store_ticket_t tk;
	loaded_t *l;
	sqlite3 *db;

	for (int32_t id = 1; id <= 2; id++) {
		store_job_t j = simple_job(id, 3, "u");
		put_job(s, &j);
		for (int32_t n = 1; n <= 3; n++) {
			store_doc_t d = {.job_id = id, .number = n, .path = "x"};
			put_doc(s, &d);
		}
	}
	assert_int_equal(store_job_delete(s, 1, &tk), 0);
	assert_int_equal(store_commit_wait(s, tk), 0);
	/* A job that is not there: nothing to do, and no error. */
	assert_int_equal(store_job_delete(s, 77, &tk), 0);
	assert_int_equal(store_commit_wait(s, tk), 0);

	l = load_all(s);
	assert_string_equal(l->trace, "J2 D2.1 D2.2 D2.3 ");
	loaded_free(l);
	db = raw_open(t->db);
	assert_int_equal(raw_count(db, "SELECT count(*) FROM documents WHERE job_id = 1"), 0);
	assert_int_equal(raw_count(db, "SELECT count(*) FROM documents"), 3);
	sqlite3_close(db);
	store_close(s);
}

/* The model the page test checks against: printer a has 1..40, printer b 41..50. */
static int page_state(int32_t id)
{
	static const int states[] = {9, 3, 7, 5};

	return id > 40 ? 3 : states[id % 4];
}

static const char *page_owner(int32_t id)
{
	return id % 2 ? "alice" : (id % 3 ? "bob" : "carol");
}

typedef struct ids {
	int32_t v[64];
	int n;
} ids_t;

static int on_page(void *ctx, const store_job_t *j)
{
	ids_t *ids = ctx;

	assert_true(ids->n < (int)COUNT(ids->v));
	ids->v[ids->n++] = j->id;
	assert_string_equal(j->printer, "a");
	assert_int_equal(j->state, page_state(j->id));
	return 0;
}

static void check_page(store_t *s, int which, const char *owner, int32_t after, int limit)
{
	ids_t got = {0}, want = {0};
	bool desc = which & STORE_JOBS_NEWEST_FIRST;
	int n = store_jobs_page(s, "a", which, owner, after, limit, on_page, &got);

	for (int32_t k = 0; k < 40 && want.n < limit; k++) {
		int32_t id = desc ? 40 - k : 1 + k;
		bool done = page_state(id) >= STORE_FIRST_TERMINAL_STATE;

		if (desc ? (after > 0 && id >= after) : id <= after)
			continue;
		if (owner && strcmp(owner, page_owner(id)) != 0)
			continue;
		if ((done && !(which & STORE_JOBS_COMPLETED)) || (!done && !(which & STORE_JOBS_ACTIVE)))
			continue;
		want.v[want.n++] = id;
	}
	if (n != want.n || memcmp(got.v, want.v, (size_t)n * sizeof(got.v[0])) != 0)
		fail_msg("page which=%d owner=%s after=%d limit=%d: got %d jobs, want %d (first %d vs %d)",
		         which, owner ? owner : "-", (int)after, limit, n, want.n, n ? got.v[0] : 0,
		         want.n ? want.v[0] : 0);
}

static void test_pages(void **state)
{
	tdir_t *t = *state;
	store_t *s = open_ok(t->db);
	static const char *const owners[] = {NULL, "alice", "bob", "carol", "nobody"};
	static const int32_t afters[] = {0, 1, 9, 20, 39, 40, 100};
	static const int limits[] = {1, 5, 100};
	store_ticket_t tk = 0;
	ids_t got = {0};

	for (int32_t id = 1; id <= 50; id++) {
		store_job_t j = simple_job(id, page_state(id), page_owner(id));
		j.printer = id > 40 ? "b" : "a";
		assert_int_equal(store_job_put(s, &j, &tk), 0);
	}
	assert_int_equal(store_commit_wait(s, tk), 0);

	for (int which = 1; which <= 7; which++) {
		if ((which & STORE_JOBS_ALL) == 0)
			continue;
		for (size_t o = 0; o < COUNT(owners); o++)
			for (size_t a = 0; a < COUNT(afters); a++)
				for (size_t k = 0; k < COUNT(limits); k++)
					check_page(s, which, owners[o], afters[a], limits[k]);
	}

	/* Spot checks that do not lean on the model above. */
	assert_int_equal(store_jobs_page(s, "a", STORE_JOBS_ACTIVE, NULL, 0, 5, on_page, &got), 5);
	assert_int_equal(got.v[0], 1);
	assert_int_equal(got.v[4], 9);
	got.n = 0;
	assert_int_equal(
	    store_jobs_page(s, "a", STORE_JOBS_ALL | STORE_JOBS_NEWEST_FIRST, "alice", 0, 3, on_page, &got),
	    3);
	assert_int_equal(got.v[0], 39);
	assert_int_equal(got.v[2], 35);
	assert_int_equal(store_jobs_page(s, "b", STORE_JOBS_COMPLETED, NULL, 0, 10, NULL, NULL), 0);
	assert_int_equal(store_jobs_page(s, "b", STORE_JOBS_ACTIVE, NULL, 0, 100, NULL, NULL), 10);
	assert_int_equal(store_jobs_page(s, "none", STORE_JOBS_ALL, NULL, 0, 100, NULL, NULL), 0);
	assert_int_equal(store_jobs_page(s, "a", STORE_JOBS_ALL, NULL, 0, 0, NULL, NULL), 0);
	assert_int_equal(store_jobs_page(s, "a", 0, NULL, 0, 10, NULL, NULL), -1);
	assert_non_null(strstr(store_errmsg(s), "bad job class"));
	assert_int_equal(store_jobs_page(s, "a", 8 | STORE_JOBS_ALL, NULL, 0, 10, NULL, NULL), -1);
	store_close(s);
}

/* Records what store_prune() reported. */
typedef struct removed {
	int32_t ids[1024];
	int n;
	int paths;
	bool bad_path;
} removed_t;

static void on_removed(void *ctx, int32_t id, const char *const *paths, size_t npaths)
{
	removed_t *r = ctx;
	char want[64];

	assert_true(r->n < (int)COUNT(r->ids));
	r->ids[r->n++] = id;
	for (size_t i = 0; i < npaths; i++) {
		snprintf(want, sizeof(want), "spool/%d-%zu.prn", (int)id, i + 1);
		if (strcmp(paths[i], want) != 0)
			r->bad_path = true;
		r->paths++;
	}
}

static int cmp_id(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

	return (x > y) - (x < y);
}

static void test_prune(void **state)
{
	tdir_t *t = *state;
	store_t *s = open_ok(t->db);
	removed_t *r = calloc(1, sizeof(*r));
	store_ticket_t tk = 0;
	char path[64];
	loaded_t *l;

	/* a: 1-9 terminal, 10-12 active, two documents each; b: 13-15 terminal; c: 600 terminal, no
	 * documents. */
	for (int32_t id = 1; id <= 615; id++) {
		store_job_t j = simple_job(id, id <= 9 ? 7 + id % 3 : id <= 12 ? 3 : 9, "u");
		j.printer = id <= 12 ? "a" : id <= 15 ? "b" : "c";
		assert_int_equal(store_job_put(s, &j, &tk), 0);
		for (int n = 1; n <= 2 && id <= 12; n++) {
			store_doc_t d = {.job_id = id, .number = n, .path = path};
			snprintf(path, sizeof(path), "spool/%d-%d.prn", (int)id, n);
			assert_int_equal(store_doc_put(s, &d, &tk), 0);
		}
	}
	assert_int_equal(store_commit_wait(s, tk), 0);

	assert_int_equal(store_prune(s, "a", 4, on_removed, r), 5);
	qsort(r->ids, (size_t)r->n, sizeof(r->ids[0]), cmp_id);
	assert_int_equal(r->n, 5);
	for (int i = 0; i < 5; i++)
		assert_int_equal(r->ids[i], i + 1);
	assert_int_equal(r->paths, 10);
	assert_false(r->bad_path);

	/* Nothing beyond `keep` any more; the active jobs were never candidates. */
	memset(r, 0, sizeof(*r));
	assert_int_equal(store_prune(s, "a", 4, on_removed, r), 0);
	assert_int_equal(store_prune(s, "a", 0, on_removed, r), 4);
	assert_int_equal(store_prune(s, "b", 0, NULL, NULL), 3);
	/* More than one chunk: 590 go, the newest 10 stay. */
	assert_int_equal(store_prune(s, "c", 10, NULL, NULL), 590);

	l = load_all(s);
	assert_int_equal(l->njobs, 3 + 10);
	assert_int_equal(l->jobs[0].id, 10);
	assert_int_equal(l->jobs[2].id, 12);
	assert_int_equal(l->jobs[3].id, 606);
	assert_int_equal(l->jobs[12].id, 615);
	assert_int_equal(l->ndocs, 6);
	loaded_free(l);
	free(r);
	store_close(s);
}

static void test_kv(void **state)
{
	tdir_t *t = *state;
	store_t *s = open_ok(t->db);
	store_ticket_t tk;
	char buf[16], tiny[4];

	assert_int_equal(store_kv_set(s, "next-job-id", "42", &tk), 0);
	assert_int_equal(store_kv_set(s, "printer/print/uuid", "urn:uuid:1", &tk), 0);
	assert_int_equal(store_commit_wait(s, tk), 0);
	assert_int_equal(store_kv_get(s, "next-job-id", buf, sizeof(buf)), 1);
	assert_string_equal(buf, "42");
	assert_int_equal(store_kv_get(s, "missing", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");

	assert_int_equal(store_kv_set(s, "next-job-id", "43", &tk), 0);
	assert_int_equal(store_commit_wait(s, tk), 0);
	assert_int_equal(store_kv_get(s, "next-job-id", buf, sizeof(buf)), 1);
	assert_string_equal(buf, "43");

	/* A value that does not fit is an error, not a silent truncation. */
	assert_int_equal(store_kv_get(s, "printer/print/uuid", tiny, sizeof(tiny)), -1);
	assert_non_null(strstr(store_errmsg(s), "does not fit"));

	assert_int_equal(store_kv_set(s, "next-job-id", NULL, &tk), 0);
	assert_int_equal(store_commit_wait(s, tk), 0);
	assert_int_equal(store_kv_get(s, "next-job-id", buf, sizeof(buf)), 0);
	assert_int_equal(store_kv_set(s, NULL, "x", &tk), -1);
	assert_int_equal(tk, 0);
	store_close(s);
}

static void test_reopen(void **state)
{
	tdir_t *t = *state;
	store_t *s = open_ok(t->db);
	store_job_t j = simple_job(9, 4, "zed");
	store_doc_t d = {
	    .job_id = 9, .number = 1, .path = "spool/9-1.prn", .attrs = blob1, .attrs_len = sizeof(blob1)};
	store_ticket_t tk;
	char buf[32], mode[16];
	struct stat st;
	loaded_t *l;
	sqlite3 *db;

	j.attrs = blob2;
	j.attrs_len = sizeof(blob2);
	put_job(s, &j);
	put_doc(s, &d);
	assert_int_equal(store_kv_set(s, "state", "stopped", &tk), 0);
	/* Not waited for: close commits whatever is queued. */
	store_close(s);

	s = open_ok(t->db);
	l = load_all(s);
	assert_string_equal(l->trace, "J9 D9.1 ");
	assert_job_equal(&j, &l->jobs[0]);
	assert_doc_equal(&d, &l->docs[0]);
	loaded_free(l);
	assert_int_equal(store_kv_get(s, "state", buf, sizeof(buf)), 1);
	assert_string_equal(buf, "stopped");
	store_close(s);

	assert_int_equal(stat(t->db, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	db = raw_open(t->db);
	assert_int_equal(raw_count(db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	{
		sqlite3_stmt *q = NULL;
		assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &q, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(q), SQLITE_ROW);
		snprintf(mode, sizeof(mode), "%s", (const char *)sqlite3_column_text(q, 0));
		sqlite3_finalize(q);
	}
	assert_string_equal(mode, "wal");
	sqlite3_close(db);
}

/*
 * The child puts jobs, and after each successful wait tells the parent the
 * id through a pipe; then it _exits without closing, or is killed.
 */
static void crash_child(const char *path, int fd, int count)
{
	char err[256];
	store_t *s = store_open(path, err, sizeof(err));

	if (!s)
		_exit(2);
	for (int32_t id = 1; id <= count; id++) {
		store_job_t j = simple_job(id, 3, "crash");
		store_doc_t d = {.job_id = id, .number = 1, .path = "spool/x.prn"};
		store_ticket_t a, b;

		if (store_job_put(s, &j, &a) != 0 || store_doc_put(s, &d, &b) != 0)
			_exit(3);
		if (store_commit_wait(s, a) != 0 || store_commit_wait(s, b) != 0)
			_exit(4);
		if (write(fd, &id, sizeof(id)) != (ssize_t)sizeof(id))
			_exit(5);
	}
	_exit(0);
}

static void crash_check(const char *path, bool kill_it)
{
	int fds[2], status;
	int32_t id, acked[100000];
	int n = 0;
	pid_t pid;
	store_t *s;
	loaded_t *l;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		crash_child(path, fds[1], kill_it ? 100000 : 300);
	}
	close(fds[1]);
	while (read(fds[0], &id, sizeof(id)) == (ssize_t)sizeof(id)) {
		acked[n++] = id;
		if (kill_it && n == 150)
			kill(pid, SIGKILL);
	}
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (kill_it)
		assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	else
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);

	/* Every acknowledged job is back, with its document. */
	s = open_ok(path);
	l = load_all(s);
	assert_true(l->njobs >= (size_t)n);
	for (int i = 0; i < n; i++) {
		const store_job_t *j = find_job(l, acked[i]);
		if (!j)
			fail_msg("acknowledged job %d is missing after the crash", (int)acked[i]);
	}
	assert_true(l->ndocs >= (size_t)n);
	loaded_free(l);
	store_close(s);
}

static void test_crash_exit(void **state)
{
	crash_check(((tdir_t *)*state)->db, false);
}

static void test_crash_kill(void **state)
{
	crash_check(((tdir_t *)*state)->db, true);
}

/* No SCAN and no sort: each query walks one or two index ranges. */
static void assert_indexed(store_t *s, int which, bool by_owner)
{
	char plan[1024];
	const char *want = which == 0                                         ? "jobs_done "
	                   : (which & STORE_JOBS_ALL) == STORE_JOBS_COMPLETED ? "jobs_done"
	                                                                      : "jobs_active";

	assert_int_equal(store_explain(s, which, by_owner, plan, sizeof(plan)), 0);
	if (strstr(plan, "SCAN") || strstr(plan, "TEMP B-TREE") || !strstr(plan, "USING") ||
	    !strstr(plan, want) || (by_owner && !strstr(plan, "owner=?")))
		fail_msg("which=%d owner=%d: plan is\n%s", which, by_owner, plan);
	if ((which & STORE_JOBS_ALL) == STORE_JOBS_ALL &&
	    (!strstr(plan, "jobs_done") || !strstr(plan, "MERGE")))
		fail_msg("which=%d owner=%d: plan is\n%s", which, by_owner, plan);
}

static void assert_all_indexed(store_t *s)
{
	for (int which = 1; which <= 7; which++) {
		if ((which & STORE_JOBS_ALL) == 0)
			continue;
		assert_indexed(s, which, false);
		assert_indexed(s, which, true);
	}
	assert_indexed(s, 0, false);
}

static void test_query_plans(void **state)
{
	store_t *s = open_ok(((tdir_t *)*state)->db);
	char tiny[8];

	assert_all_indexed(s);
	assert_int_equal(store_explain(s, STORE_JOBS_ALL, true, tiny, sizeof(tiny)), -1);
	store_close(s);
}

typedef struct worker {
	store_t *s;
	int32_t first;
	int count;
	int failures;
} worker_t;

static void *put_worker(void *arg)
{
	worker_t *w = arg;

	for (int32_t id = w->first; id < w->first + w->count; id++) {
		store_job_t j = simple_job(id, 3, "thread");
		store_doc_t d = {.job_id = id, .number = 1, .path = "p"};
		store_ticket_t a, b;

		if (store_job_put(w->s, &j, &a) != 0 || store_doc_put(w->s, &d, &b) != 0 ||
		    store_commit_wait(w->s, a) != 0 || store_commit_wait(w->s, b) != 0)
			w->failures++;
	}
	return NULL;
}

static void test_threads(void **state)
{
	store_t *s = open_ok(((tdir_t *)*state)->db);
	pthread_t th[8];
	worker_t w[8];
	loaded_t *l;

	for (int i = 0; i < 8; i++) {
		w[i] = (worker_t){.s = s, .first = 1 + i * 250, .count = 250};
		assert_int_equal(pthread_create(&th[i], NULL, put_worker, &w[i]), 0);
	}
	for (int i = 0; i < 8; i++) {
		assert_int_equal(pthread_join(th[i], NULL), 0);
		assert_int_equal(w[i].failures, 0);
	}
	l = load_all(s);
	assert_int_equal(l->njobs, 2000);
	assert_int_equal(l->ndocs, 2000);
	for (size_t i = 0; i < l->njobs; i++)
		assert_int_equal(l->jobs[i].id, (int32_t)i + 1);
	loaded_free(l);
	store_close(s);
}

static void *errmsg_elsewhere(void *arg)
{
	*(const char **)arg = store_errmsg(NULL);
	return NULL;
}

static void test_write_errors(void **state)
{
	store_t *s = open_ok(((tdir_t *)*state)->db);
	store_job_t j = simple_job(1, 2, "u");
	store_doc_t orphan = {.job_id = 999, .number = 1};
	store_ticket_t a = 1, b, c;
	const char *other = NULL;
	pthread_t th;

	/* Refused before queueing: the ticket is cleared. */
	assert_int_equal(store_job_put(s, &j, &a), -1);
	assert_int_equal(a, 0);
	assert_non_null(strstr(store_errmsg(s), "state 2"));
	j.state = 3;
	j.printer = NULL;
	assert_int_equal(store_job_put(s, &j, &a), -1);
	j.printer = "p";
	j.attrs_len = 10;
	assert_int_equal(store_job_put(s, &j, &a), -1);
	j.attrs_len = 0;
	assert_int_equal(store_doc_put(s, &(store_doc_t){.job_id = 1, .number = 0}, &a), -1);
	assert_int_equal(store_job_put(NULL, &j, &a), -1);
	assert_int_equal(store_commit_wait(s, 12345), -1);
	assert_non_null(strstr(store_errmsg(s), "never issued"));

	/* The orphan fails alone; the writes around it, likely in its batch, commit. */
	assert_int_equal(store_job_put(s, &j, &a), 0);
	assert_int_equal(store_doc_put(s, &orphan, &b), 0);
	j.id = 2;
	assert_int_equal(store_job_put(s, &j, &c), 0);
	assert_int_equal(store_commit_wait(s, b), -1);
	assert_non_null(strstr(store_errmsg(s), "FOREIGN KEY"));
	assert_non_null(strstr(store_errmsg(s), "job 999"));
	assert_int_equal(store_commit_wait(s, a), 0);
	assert_int_equal(store_commit_wait(s, c), 0);
	/* The outcome stays put for a second look. */
	assert_int_equal(store_commit_wait(s, b), -1);

	/* Messages are per thread. */
	assert_int_equal(pthread_create(&th, NULL, errmsg_elsewhere, &other), 0);
	assert_int_equal(pthread_join(th, NULL), 0);
	assert_non_null(other);
	assert_int_equal(store_jobs_page(s, "p", STORE_JOBS_ALL, NULL, 0, 10, NULL, NULL), 2);
	store_close(s);
}

/*
 * In a child, since it changes RLIMIT_FSIZE: a batch whose WAL write goes
 * over the limit fails as a whole, every waiter hears of it, nothing of it
 * lands, and the store works again once the limit is lifted.  Another
 * connection holds the write lock so that jobs 3 and 4 queue up together.
 */
static int batch_failure_child(const char *path)
{
	char err[256], wal[200];
	static unsigned char big[1 << 20];
	store_job_t j = simple_job(1, 3, "u");
	store_ticket_t t1, t2, t3, t4, t5;
	struct stat a, b;
	struct rlimit rl;
	sqlite3 *db = NULL;
	store_t *s;

	signal(SIGXFSZ, SIG_IGN);
	s = store_open(path, err, sizeof(err));
	if (!s)
		return 10;
	if (store_job_put(s, &j, &t1) != 0 || store_commit_wait(s, t1) != 0)
		return 11;
	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return 12;
	j.id = 2;
	if (store_job_put(s, &j, &t2) != 0)
		return 13;
	usleep(200 * 1000);
	j.id = 3;
	j.attrs = big;
	j.attrs_len = sizeof(big);
	if (store_job_put(s, &j, &t3) != 0)
		return 14;
	j.id = 4;
	j.attrs = NULL;
	j.attrs_len = 0;
	if (store_job_put(s, &j, &t4) != 0)
		return 15;
	snprintf(wal, sizeof(wal), "%s-wal", path);
	if (stat(path, &a) != 0 || stat(wal, &b) != 0)
		return 16;
	rl.rlim_cur = (rlim_t)(a.st_size > b.st_size ? a.st_size : b.st_size) + 65536;
	rl.rlim_max = RLIM_INFINITY;
	if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
		return 17;
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	if (store_commit_wait(s, t2) != 0)
		return 18;
	if (store_commit_wait(s, t3) != -1 || store_commit_wait(s, t4) != -1)
		return 19;
	if (!strstr(store_errmsg(s), "store: "))
		return 20;
	if (getenv("STORE_TEST_VERBOSE"))
		fprintf(stderr, "batch failure: %s\n", store_errmsg(s));
	rl.rlim_cur = RLIM_INFINITY;
	if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
		return 21;
	j.id = 5;
	if (store_job_put(s, &j, &t5) != 0 || store_commit_wait(s, t5) != 0)
		return 22;
	sqlite3_close(db);
	store_close(s);
	return 0;
}

static int on_id_bits(void *ctx, const store_job_t *j)
{
	*(unsigned *)ctx |= 1u << j->id;
	return 0;
}

static void test_batch_failure(void **state)
{
	tdir_t *t = *state;
	unsigned ids = 0;
	int status;
	pid_t pid = fork();
	store_t *s;

	assert_true(pid >= 0);
	if (pid == 0)
		_exit(batch_failure_child(t->db));
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fail_msg("child failed at step %d",
		         WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status));
	s = open_ok(t->db);
	assert_int_equal(store_load(s, on_id_bits, NULL, &ids), 0);
	assert_int_equal(ids, (1u << 1) | (1u << 2) | (1u << 5));
	store_close(s);
}

static int on_first_id(void *ctx, const store_job_t *j)
{
	ids_t *ids = ctx;

	ids->v[ids->n++] = j->id;
	return 0;
}

/* 100,000 jobs; the queries stay index ranges (the plan is the assertion, not the clock). */
static void test_scale(void **state)
{
	store_t *s = open_ok(((tdir_t *)*state)->db);
	static const char *const owners[] = {"u0", "u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9"};
	store_ticket_t tk = 0;
	ids_t page = {0};
	struct timespec t0, t1;

	store_set_batch_limit(s, 200000);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int32_t id = 1; id <= 100000; id++) {
		store_job_t j = simple_job(id, id > 99900 ? 3 : 9, owners[id % 10]);
		assert_int_equal(store_job_put(s, &j, &tk), 0);
	}
	assert_int_equal(store_commit_wait(s, tk), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	print_message("100000 jobs put and committed in %.0f ms\n",
	              (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);

	assert_all_indexed(s);
	assert_int_equal(store_jobs_page(s, "p", STORE_JOBS_ACTIVE, NULL, 0, 20, on_first_id, &page), 20);
	assert_int_equal(page.v[0], 99901);
	page.n = 0;
	assert_int_equal(store_jobs_page(s, "p", STORE_JOBS_COMPLETED | STORE_JOBS_NEWEST_FIRST, "u3", 0, 20,
	                                 on_first_id, &page),
	                 20);
	assert_int_equal(page.v[0], 99893);
	assert_int_equal(page.v[19], 99703);
	page.n = 0;
	assert_int_equal(store_jobs_page(s, "p", STORE_JOBS_ALL, NULL, 99890, 20, on_first_id, &page), 20);
	assert_int_equal(page.v[0], 99891);
	assert_int_equal(page.v[19], 99910);
	store_close(s);
}

/* ------------------------------------------------------------------ */
/* Benchmark: test-store --bench DIR [SECONDS [ROUNDS]]               */
/* ------------------------------------------------------------------ */

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void bench_rm(const char *db)
{
	char p[600];

	unlink(db);
	snprintf(p, sizeof(p), "%s-wal", db);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", db);
	unlink(p);
}

/* One-row transactions on a bare table: what one commit costs at a synchronous level; commits/s. */
static double bench_raw_commits(const char *db, const char *sync, double secs)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *ins = NULL;
	char sql[64];
	long n = 0;
	double t0, t;

	bench_rm(db);
	sqlite3_open(db, &h);
	snprintf(sql, sizeof(sql), "PRAGMA synchronous = %s", sync);
	sqlite3_exec(h, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
	sqlite3_exec(h, sql, NULL, NULL, NULL);
	sqlite3_exec(h, "CREATE TABLE t (x INTEGER PRIMARY KEY, y BLOB)", NULL, NULL, NULL);
	sqlite3_prepare_v2(h, "INSERT INTO t (y) VALUES (zeroblob(600))", -1, &ins, NULL);
	t0 = now_s();
	do {
		sqlite3_exec(h, "BEGIN", NULL, NULL, NULL);
		sqlite3_step(ins);
		sqlite3_reset(ins);
		sqlite3_exec(h, "COMMIT", NULL, NULL, NULL);
		n++;
		t = now_s();
	} while (t - t0 < secs);
	sqlite3_finalize(ins);
	sqlite3_close(h);
	return (double)n / (t - t0);
}

typedef struct bench_ctx {
	store_t *s;
	sqlite3 *raw;
	pthread_mutex_t *raw_lock;
	sqlite3_stmt *raw_ins;
	atomic_int *next_id;
	double until;
	long done;
	int errors;
} bench_ctx_t;

static const unsigned char bench_attrs[600];

/* What a Create-Job does to the store: a job row with its attributes, and a wait. */
static void *bench_store_worker(void *arg)
{
	bench_ctx_t *b = arg;

	while (now_s() < b->until) {
		store_job_t j = simple_job(atomic_fetch_add(b->next_id, 1), 3, "bench");
		store_ticket_t tk;

		j.attrs = bench_attrs;
		j.attrs_len = sizeof(bench_attrs);
		if (store_job_put(b->s, &j, &tk) != 0 || store_commit_wait(b->s, tk) != 0)
			b->errors++;
		b->done++;
	}
	return NULL;
}

/* The simplest alternative: one connection under a mutex, a transaction per job, in the caller's thread. */
static void *bench_raw_worker(void *arg)
{
	bench_ctx_t *b = arg;

	while (now_s() < b->until) {
		int32_t id = atomic_fetch_add(b->next_id, 1);

		pthread_mutex_lock(b->raw_lock);
		sqlite3_exec(b->raw, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		sqlite3_bind_int(b->raw_ins, 1, id);
		if (sqlite3_step(b->raw_ins) != SQLITE_DONE)
			b->errors++;
		sqlite3_reset(b->raw_ins);
		if (sqlite3_exec(b->raw, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
			b->errors++;
		pthread_mutex_unlock(b->raw_lock);
		b->done++;
	}
	return NULL;
}

/* Jobs/s with `threads` clients each doing put + wait; batch 0 means no queue at all. */
static double bench_jobs(const char *db, int threads, int batch, double secs)
{
	pthread_t th[16];
	bench_ctx_t b[16];
	pthread_mutex_t raw_lock = PTHREAD_MUTEX_INITIALIZER;
	atomic_int next_id = 1;
	char err[256];
	long total = 0;
	store_t *s;
	sqlite3 *h = NULL;
	sqlite3_stmt *ins = NULL;
	double t0;

	bench_rm(db);
	s = store_open(db, err, sizeof(err));
	if (!s) {
		fprintf(stderr, "%s\n", err);
		exit(1);
	}
	store_set_batch_limit(s, batch);
	if (batch == 0) {
		store_close(s);
		s = NULL;
		sqlite3_open(db, &h);
		sqlite3_exec(h, "PRAGMA synchronous = FULL", NULL, NULL, NULL);
		sqlite3_prepare_v2(h,
		                   "INSERT INTO jobs (id, printer, state, owner, name, attrs)"
		                   " VALUES (?1, 'p', 3, 'bench', 'job', zeroblob(600))",
		                   -1, &ins, NULL);
	}
	t0 = now_s();
	for (int i = 0; i < threads; i++) {
		b[i] = (bench_ctx_t){s, h, &raw_lock, ins, &next_id, t0 + secs, 0, 0};
		pthread_create(&th[i], NULL, batch == 0 ? bench_raw_worker : bench_store_worker, &b[i]);
	}
	for (int i = 0; i < threads; i++) {
		pthread_join(th[i], NULL);
		total += b[i].done;
		if (b[i].errors)
			fprintf(stderr, "bench: %d errors\n", b[i].errors);
	}
	sqlite3_finalize(ins);
	sqlite3_close(h);
	store_close(s);
	return (double)total / (now_s() - t0);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/*
 * Every configuration once per round, rounds interleaved, so a slow spell
 * of a shared disk hits all of them alike; prints median [min-max].
 */
static int bench(const char *dir, double secs, int rounds)
{
	static const struct {
		const char *label;
		int threads;
		int batch; /* -1, -2: raw commits FULL, NORMAL; 0: no queue */
	} cfg[] = {
	    {"raw commit, synchronous=FULL      commits/s", 1, -1},
	    {"raw commit, synchronous=NORMAL    commits/s", 1, -2},
	    {"no queue (mutex + txn per job)     1 thread ", 1, 0},
	    {"store, batch limit 1               1 thread ", 1, 1},
	    {"store, group commit                1 thread ", 1, 1024},
	    {"no queue (mutex + txn per job)    16 threads", 16, 0},
	    {"store, batch limit 1              16 threads", 16, 1},
	    {"store, group commit               16 threads", 16, 1024},
	};
	double r[COUNT(cfg)][16];
	char db[512];

	if (rounds < 1 || rounds > 16)
		rounds = 5;
	snprintf(db, sizeof(db), "%s/bench-store.db", dir);
	printf("store benchmark in %s: %d rounds of %.1f s, median [min-max]\n", dir, rounds, secs);
	for (int k = 0; k < rounds; k++)
		for (size_t i = 0; i < COUNT(cfg); i++)
			r[i][k] = cfg[i].batch < 0
			              ? bench_raw_commits(db, cfg[i].batch == -1 ? "FULL" : "NORMAL", secs)
			              : bench_jobs(db, cfg[i].threads, cfg[i].batch, secs);
	for (size_t i = 0; i < COUNT(cfg); i++) {
		qsort(r[i], (size_t)rounds, sizeof(double), cmp_double);
		printf("  %s: %8.0f  [%.0f-%.0f]\n", cfg[i].label, r[i][rounds / 2], r[i][0],
		       r[i][rounds - 1]);
	}
	bench_rm(db);
	return 0;
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
	    TESTD(test_open_errors, "store_open(missing folder, not a database, newer schema)"),
	    TESTD(test_round_trip, "store_job_put/store_doc_put/store_load(round trip w/blobs and NULLs)"),
	    TESTD(test_update_in_place, "store_job_put(update in place keeps documents)"),
	    TESTD(test_delete_cascades, "store_job_delete(documents go too)"),
	    TESTD(test_pages, "store_jobs_page(every class, owner, direction, after_id and limit)"),
	    TESTD(test_prune, "store_prune(keeps the newest N, reports paths, several chunks)"),
	    TESTD(test_kv, "store_kv_set/store_kv_get(set, replace, too small, remove)"),
	    TESTD(test_reopen, "store_open(reopen keeps everything; WAL, 0600, user_version)"),
	    TESTD(test_crash_exit, "store_commit_wait(acknowledged jobs survive _exit w/o close)"),
	    TESTD(test_crash_kill, "store_commit_wait(acknowledged jobs survive SIGKILL)"),
	    TESTD(test_query_plans, "store_explain(pages and pruning use indexes)"),
	    TESTD(test_threads, "store_commit_wait(8 threads put and wait)"),
	    TESTD(test_write_errors, "store_commit_wait(bad writes fail alone w/messages)"),
	    TESTD(test_batch_failure,
	          "store_commit_wait(a failed commit fails its whole batch, then recovery)"),
	    TESTD(test_scale, "store_jobs_page(100000 jobs, index ranges)"),
	};

	if (argc >= 3 && strcmp(argv[1], "--bench") == 0)
		return bench(argv[2], argc >= 4 ? atof(argv[3]) : 2.0, argc >= 5 ? atoi(argv[4]) : 5);
	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
