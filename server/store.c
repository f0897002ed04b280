/* The durable store: SQLite in WAL mode, a queue of writes, and one committer thread for group commit. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

enum {
	/* Writes per transaction unless store_set_batch_limit() says otherwise. */
	BATCH_DEFAULT = 1024,
	/* Bytes of copied writes that may wait for the disk before puts are refused. */
	QUEUE_BYTES_MAX = 64 * 1024 * 1024,
	/* Failed writes remembered for late waiters (see failure_find). */
	FAIL_RING = 64,
	/* How long a statement waits for another process holding the database. */
	BUSY_TIMEOUT_MS = 5000,
	/* Jobs removed per pruning write, which bounds the memory for their paths. */
	PRUNE_CHUNK = 256,
	ERR_MAX = 320,
	/* A burst can grow the WAL; after a checkpoint it is cut back to this. */
	WAL_KEEP_BYTES = 4 * 1024 * 1024,
	/* Upsert (INSERT ... ON CONFLICT DO UPDATE) arrived in SQLite 3.24.0. */
	MIN_SQLITE_VERSION = 3024000,
};

typedef enum op_kind {
	OP_JOB_PUT,
	OP_DOC_PUT,
	OP_JOB_DELETE,
	OP_KV_SET,
	OP_PRUNE,
	OP_SUB_PUT,
	OP_SUB_SEQ,
	OP_SUB_DELETE,
} op_kind_t;

/* One job removed by pruning, with the paths of its documents. */
typedef struct pruned {
	int32_t id;
	char **paths;
	size_t npaths;
} pruned_t;

/* Filled by the committer for the thread waiting in store_prune(). */
typedef struct prune_result {
	pruned_t jobs[PRUNE_CHUNK];
	size_t n;
} prune_result_t;

/* A queued write: the arguments, with every string and blob copied into data[]. */
typedef struct op {
	struct op *next;
	uint64_t seq;
	op_kind_t kind;
	size_t bytes;
	union {
		store_job_t job;
		store_doc_t doc;
		int32_t id;
		struct {
			const char *key;
			const char *value;
		} kv;
		struct {
			const char *printer;
			int keep;
			prune_result_t *out;
		} prune;
		store_sub_t sub;
	} u;
	char data[];
} op_t;

/* A thread in store_commit_wait(), woken alone when its ticket is done (no thundering herd). */
typedef struct waiter {
	struct waiter *next;
	uint64_t ticket;
	pthread_cond_t cv;
} waiter_t;

/* Writes with tickets lo..hi failed, for this reason. */
typedef struct failure {
	uint64_t lo;
	uint64_t hi;
	char msg[ERR_MAX];
} failure_t;

/* Statements of the writer connection, used only by the committer thread. */
enum {
	W_BEGIN,
	W_COMMIT,
	W_ROLLBACK,
	W_SAVEPOINT,
	W_RELEASE,
	W_ROLLBACK_TO,
	W_JOB_PUT,
	W_DOC_PUT,
	W_JOB_DELETE,
	W_KV_SET,
	W_KV_DELETE,
	W_PRUNE_PICK,
	W_DOC_PATHS,
	W_SUB_PUT,
	W_SUB_SEQ,
	W_SUB_DELETE,
	W_COUNT,
};

/* Statements of the reader connection; the twelve page queries follow R_PAGE. */
enum {
	R_BEGIN,
	R_COMMIT,
	R_LOAD_JOBS,
	R_LOAD_DOCS,
	R_KV_GET,
	R_LOAD_SUBS,
	R_PAGE,
	R_COUNT = R_PAGE + 12,
};

struct store {
	char *path;
	sqlite3 *wdb;
	sqlite3 *rdb;
	sqlite3_stmt *w[W_COUNT];
	sqlite3_stmt *r[R_COUNT];
	/* Guards rdb and its statements: readers take turns on one connection. */
	pthread_mutex_t read_lock;

	/* Guards everything below; never held across I/O. */
	pthread_mutex_t lock;
	pthread_cond_t work; /* to the committer: the queue has writes, or closing */
	waiter_t *waiters;   /* to be signalled once `done` reaches their ticket */
	op_t *head;
	op_t *tail;
	size_t queued_bytes;
	uint64_t next_seq;
	uint64_t done;
	int batch_limit;
	bool closing;
	failure_t fails[FAIL_RING];
	uint64_t n_fails;
	uint64_t forgotten;

	pthread_t committer;
	bool started;
	bool locks_ready;
};

#define JOB_COLS                                                                                             \
	"id, printer, state, reasons, owner, name, created, processing, completed, impressions, k_octets, "  \
	"attrs"
#define DOC_COLS "job_id, number, format, name, path, size, compression, pages, attrs"
#define SUB_COLS "id, printer, job_id, owner, expires, seq, attrs"
/* The newest `keep` terminal jobs are skipped; the next PRUNE_CHUNK older ones go. */
#define PRUNE_SQL "SELECT id FROM jobs WHERE printer = ?1 AND state >= 7 ORDER BY id DESC LIMIT ?3 OFFSET ?2"
/*
 * The SQL spells "terminal" as state >= 7 and "active" as state < 7.  A
 * query must say it exactly as the partial indexes' WHERE does, or SQLite
 * will not use them.
 */
_Static_assert(STORE_FIRST_TERMINAL_STATE == 7, "the SQL below follows store.h");

/*
 * Migrations: entry i takes a database from user_version i to i + 1, in one
 * transaction together with the version bump.  Append, never edit.
 */
static const char *const migrations[] = {
    /* 0 -> 1: the first schema.  Four partial indexes make every page query an index range. */
    "CREATE TABLE jobs ("
    " id INTEGER PRIMARY KEY,"
    " printer TEXT NOT NULL,"
    " state INTEGER NOT NULL,"
    " reasons TEXT,"
    " owner TEXT,"
    " name TEXT,"
    " created INTEGER NOT NULL DEFAULT 0,"
    " processing INTEGER NOT NULL DEFAULT 0,"
    " completed INTEGER NOT NULL DEFAULT 0,"
    " impressions INTEGER NOT NULL DEFAULT 0,"
    " k_octets INTEGER NOT NULL DEFAULT 0,"
    " attrs BLOB);"
    "CREATE INDEX jobs_active ON jobs (printer, id) WHERE state < 7;"
    "CREATE INDEX jobs_done ON jobs (printer, id) WHERE state >= 7;"
    "CREATE INDEX jobs_active_owner ON jobs (printer, owner, id) WHERE state < 7;"
    "CREATE INDEX jobs_done_owner ON jobs (printer, owner, id) WHERE state >= 7;"
    "CREATE TABLE documents ("
    " job_id INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,"
    " number INTEGER NOT NULL,"
    " format TEXT,"
    " name TEXT,"
    " path TEXT,"
    " size INTEGER NOT NULL DEFAULT 0,"
    " compression TEXT,"
    " pages INTEGER NOT NULL DEFAULT 0,"
    " attrs BLOB,"
    " PRIMARY KEY (job_id, number)) WITHOUT ROWID;"
    "CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;",
    /*
     * 1 -> 2: subscriptions (RFC 3995).  No foreign key to jobs: a job
     * subscription is created before its job's first save, and the server
     * removes it when its job goes.
     */
    "CREATE TABLE subscriptions ("
    " id INTEGER PRIMARY KEY,"
    " printer TEXT NOT NULL,"
    " job_id INTEGER NOT NULL DEFAULT 0,"
    " owner TEXT,"
    " expires INTEGER NOT NULL DEFAULT 0,"
    " seq INTEGER NOT NULL DEFAULT 0,"
    " attrs BLOB);",
};
_Static_assert(COUNT(migrations) == STORE_SCHEMA_VERSION, "one migration per schema version");

static const char *const writer_sql[W_COUNT] = {
    [W_BEGIN] = "BEGIN IMMEDIATE",
    [W_COMMIT] = "COMMIT",
    [W_ROLLBACK] = "ROLLBACK",
    [W_SAVEPOINT] = "SAVEPOINT op",
    [W_RELEASE] = "RELEASE op",
    [W_ROLLBACK_TO] = "ROLLBACK TO op",
    [W_JOB_PUT] = "INSERT INTO jobs (" JOB_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
                  " ON CONFLICT (id) DO UPDATE SET printer = excluded.printer, state = excluded.state,"
                  " reasons = excluded.reasons, owner = excluded.owner, name = excluded.name,"
                  " created = excluded.created, processing = excluded.processing,"
                  " completed = excluded.completed, impressions = excluded.impressions,"
                  " k_octets = excluded.k_octets, attrs = excluded.attrs",
    [W_DOC_PUT] =
        "INSERT INTO documents (" DOC_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
        " ON CONFLICT (job_id, number) DO UPDATE SET format = excluded.format, name = excluded.name,"
        " path = excluded.path, size = excluded.size, compression = excluded.compression,"
        " pages = excluded.pages, attrs = excluded.attrs",
    [W_JOB_DELETE] = "DELETE FROM jobs WHERE id = ?1",
    [W_KV_SET] =
        "INSERT INTO kv (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    [W_KV_DELETE] = "DELETE FROM kv WHERE key = ?1",
    [W_PRUNE_PICK] = PRUNE_SQL,
    [W_DOC_PATHS] = "SELECT path FROM documents WHERE job_id = ?1 ORDER BY number",
    [W_SUB_PUT] = "INSERT INTO subscriptions (" SUB_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                  " ON CONFLICT (id) DO UPDATE SET printer = excluded.printer, job_id = excluded.job_id,"
                  " owner = excluded.owner, expires = excluded.expires, seq = excluded.seq,"
                  " attrs = excluded.attrs",
    [W_SUB_SEQ] = "UPDATE subscriptions SET seq = ?2 WHERE id = ?1",
    [W_SUB_DELETE] = "DELETE FROM subscriptions WHERE id = ?1",
};

static const char *const reader_sql[R_PAGE] = {
    [R_BEGIN] = "BEGIN",
    [R_COMMIT] = "COMMIT",
    [R_LOAD_JOBS] = "SELECT " JOB_COLS " FROM jobs ORDER BY id",
    [R_LOAD_DOCS] = "SELECT " DOC_COLS " FROM documents ORDER BY job_id, number",
    [R_KV_GET] = "SELECT value FROM kv WHERE key = ?1",
    [R_LOAD_SUBS] = "SELECT " SUB_COLS " FROM subscriptions ORDER BY id",
};

/* Errors are per thread, like errno, so that concurrent callers keep their own. */
static _Thread_local char tl_err[ERR_MAX];

__attribute__((format(printf, 1, 2))) static int fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tl_err, sizeof(tl_err), fmt, ap);
	va_end(ap);
	return -1;
}

__attribute__((format(printf, 3, 4))) static void open_fail(char *err, size_t errsize, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errsize)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errsize, fmt, ap);
	va_end(ap);
}

const char *store_errmsg(const store_t *s)
{
	(void)s;
	return tl_err;
}

/* ------------------------------------------------------------------ */
/* Opening                                                            */
/* ------------------------------------------------------------------ */

/* SQLite says only "unable to open database file"; name the folder that is missing. */
static int check_folder(const char *path, char *err, size_t errsize)
{
	const char *slash = strrchr(path, '/');
	char dir[4096];
	struct stat st;

	if (!slash)
		return 0;
	if ((size_t)(slash - path) >= sizeof(dir)) {
		open_fail(err, errsize, "store %s: path too long", path);
		return -1;
	}
	memcpy(dir, path, (size_t)(slash - path));
	dir[slash - path] = '\0';
	if (!dir[0])
		strcpy(dir, "/");
	if (stat(dir, &st) != 0) {
		if (errno == ENOENT)
			open_fail(err, errsize, "store %s: folder %s does not exist", path, dir);
		else
			open_fail(err, errsize, "store %s: folder %s: %s", path, dir, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		open_fail(err, errsize, "store %s: %s is not a folder", path, dir);
		return -1;
	}
	return 0;
}

/* Runs SQL that returns at most one row of one column, copying the text. */
static int query_text(sqlite3 *db, const char *sql, char *buf, size_t size)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);

	buf[0] = '\0';
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			const unsigned char *t = sqlite3_column_text(st, 0);
			snprintf(buf, size, "%s", t ? (const char *)t : "");
			rc = SQLITE_OK;
		} else if (rc == SQLITE_DONE) {
			rc = SQLITE_OK;
		}
	}
	sqlite3_finalize(st);
	return rc;
}

/*
 * Both connections: extended result codes for clear messages, a busy
 * timeout in case another process (the sqlite3 shell) holds the file, and
 * foreign keys on (per connection in SQLite) so deletes cascade.
 */
static sqlite3 *db_connect(const char *path, char *err, size_t errsize)
{
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);

	if (rc != SQLITE_OK) {
		open_fail(err, errsize, "store %s: %s (%s)", path,
		          db ? sqlite3_errmsg(db) : sqlite3_errstr(rc),
		          strerror(db ? sqlite3_system_errno(db) : 0));
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_extended_result_codes(db, 1);
	sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
	rc = sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		open_fail(err, errsize, "store %s: %s", path, sqlite3_errmsg(db));
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

/*
 * WAL lets the reader connection read while the committer writes, and makes
 * a commit one sequential append.  synchronous=FULL fsyncs the WAL at every
 * commit: with NORMAL a power cut could lose commits we already answered
 * successful-ok for.  STORE.md has the measurements.
 */
static int setup_writer(sqlite3 *db, const char *path, char *err, size_t errsize)
{
	char mode[16], limit[64];
	int rc = query_text(db, "PRAGMA journal_mode = WAL", mode, sizeof(mode));

	if (rc == SQLITE_OK && strcmp(mode, "wal") != 0) {
		open_fail(err, errsize, "store %s: cannot switch to WAL (journal_mode is %s)", path, mode);
		return -1;
	}
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, "PRAGMA synchronous = FULL", NULL, NULL, NULL);
	snprintf(limit, sizeof(limit), "PRAGMA journal_size_limit = %d", WAL_KEEP_BYTES);
	if (rc == SQLITE_OK)
		rc = query_text(db, limit, mode, sizeof(mode));
	if (rc != SQLITE_OK) {
		open_fail(err, errsize, "store %s: %s", path, sqlite3_errmsg(db));
		return -1;
	}
	return 0;
}

/* Brings the schema to STORE_SCHEMA_VERSION, one transaction per step so a crash leaves a whole version. */
static int migrate(sqlite3 *db, const char *path, char *err, size_t errsize)
{
	char text[32];
	int version;

	if (query_text(db, "PRAGMA user_version", text, sizeof(text)) != SQLITE_OK) {
		open_fail(err, errsize, "store %s: %s", path, sqlite3_errmsg(db));
		return -1;
	}
	version = atoi(text);
	if (version > STORE_SCHEMA_VERSION || version < 0) {
		open_fail(err, errsize,
		          "store %s: schema version %d is not one this ippd knows (it knows up to %d)", path,
		          version, STORE_SCHEMA_VERSION);
		return -1;
	}
	for (; version < STORE_SCHEMA_VERSION; version++) {
		char bump[64];
		int rc;

		snprintf(bump, sizeof(bump), "PRAGMA user_version = %d", version + 1);
		rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			rc = sqlite3_exec(db, migrations[version], NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			rc = sqlite3_exec(db, bump, NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
		if (rc != SQLITE_OK) {
			open_fail(err, errsize, "store %s: migrating to schema version %d: %s", path,
			          version + 1, sqlite3_errmsg(db));
			if (!sqlite3_get_autocommit(db))
				sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			return -1;
		}
	}
	return 0;
}

/* The SQL of one page query: class (1-3) and direction choose the indexes, via their WHERE terms. */
static void page_sql(char *buf, size_t size, int which, bool by_owner)
{
	const char *cmp = (which & STORE_JOBS_NEWEST_FIRST) ? "<" : ">";
	const char *dir = (which & STORE_JOBS_NEWEST_FIRST) ? "DESC" : "ASC";
	const char *own = by_owner ? " AND owner = ?2" : "";
	int cls = which & STORE_JOBS_ALL;

	if (cls != STORE_JOBS_ALL) {
		snprintf(buf, size,
		         "SELECT " JOB_COLS " FROM jobs WHERE printer = ?1 AND state %s 7"
		         "%s AND id %s ?3 ORDER BY id %s LIMIT ?4",
		         cls == STORE_JOBS_ACTIVE ? "<" : ">=", own, cmp, dir);
		return;
	}
	/* Both classes: SQLite merges the two index ranges in id order and stops at the limit. */
	snprintf(buf, size,
	         "SELECT " JOB_COLS " FROM jobs WHERE printer = ?1 AND state < 7%s AND id %s ?3"
	         " UNION ALL SELECT " JOB_COLS " FROM jobs WHERE printer = ?1 AND state >= 7"
	         "%s AND id %s ?3 ORDER BY id %s LIMIT ?4",
	         own, cmp, own, cmp, dir);
}

/* Index of a page query in r[]: three classes, with or without owner, either direction. */
static int page_index(int which, bool by_owner)
{
	int cls = (which & STORE_JOBS_ALL) - 1;

	return R_PAGE + cls * 4 + (by_owner ? 2 : 0) + ((which & STORE_JOBS_NEWEST_FIRST) ? 1 : 0);
}

static int prepare_all(store_t *s, char *err, size_t errsize)
{
	char sql[1024];
	int i;

	for (i = 0; i < W_COUNT; i++) {
		if (sqlite3_prepare_v3(s->wdb, writer_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &s->w[i],
		                       NULL) != SQLITE_OK)
			goto err_w;
	}
	for (i = 0; i < R_COUNT; i++) {
		const char *text = reader_sql[i < R_PAGE ? i : 0];
		if (i >= R_PAGE) {
			int which =
			    ((i - R_PAGE) / 4 + 1) | (((i - R_PAGE) & 1) ? STORE_JOBS_NEWEST_FIRST : 0);
			page_sql(sql, sizeof(sql), which, ((i - R_PAGE) & 2) != 0);
			text = sql;
		}
		if (sqlite3_prepare_v3(s->rdb, text, -1, SQLITE_PREPARE_PERSISTENT, &s->r[i], NULL) !=
		    SQLITE_OK)
			goto err_r;
	}
	return 0;
err_w:
	open_fail(err, errsize, "store %s: preparing %s: %s", s->path, writer_sql[i], sqlite3_errmsg(s->wdb));
	return -1;
err_r:
	open_fail(err, errsize, "store %s: preparing a query: %s", s->path, sqlite3_errmsg(s->rdb));
	return -1;
}

/*
 * What an administrator can do about the usual reasons a store will not
 * open or load, for the one-line error ippd exits with; NULL for others.
 */
static const char *store_advice(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return "another process holds it locked (another ippd with the same --state-dir, or an sqlite3 "
		       "shell): stop that process, then start ippd again";
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return "the file is damaged or is not an ippd store: restore a backup, or move it and its -wal and "
		       "-shm files aside to start with an empty store (the jobs in it are lost)";
	case SQLITE_FULL:
		return "the disk is full: free some space, then start ippd again";
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_CANTOPEN:
		return "ippd must be able to read and write the file and its folder: check their owner and mode";
	default:
		return NULL;
	}
}

/* Appends the advice for `db`'s last error to `err`, when there is one. */
static void add_advice(sqlite3 *db, char *err, size_t errsize)
{
	const char *advice = db ? store_advice(sqlite3_extended_errcode(db)) : NULL;
	size_t n = err && errsize ? strlen(err) : 0;
	if (advice && n + 1 < errsize)
		snprintf(err + n, errsize - n, "; %s", advice);
}

static void *committer_main(void *arg);

store_t *store_open(const char *path, char *err, size_t errsize)
{
	store_t *s = NULL;
	int fd;

	if (err && errsize)
		err[0] = '\0';
	if (!path || !*path) {
		open_fail(err, errsize, "store: no path given");
		return NULL;
	}
	if (sqlite3_libversion_number() < MIN_SQLITE_VERSION || !sqlite3_threadsafe()) {
		open_fail(err, errsize,
		          "store: SQLite %s is too old or single-threaded (3.24 or newer, threadsafe)",
		          sqlite3_libversion());
		return NULL;
	}
	if (check_folder(path, err, errsize) != 0)
		return NULL;
	/* Created here so the mode is 0600 (jobs name their owners); SQLite gives -wal and -shm the same. */
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		open_fail(err, errsize, "store %s: %s", path, strerror(errno));
		return NULL;
	}
	close(fd);

	s = calloc(1, sizeof(*s));
	if (!s)
		goto nomem;
	s->path = strdup(path);
	if (!s->path)
		goto nomem;
	s->next_seq = 1;
	s->batch_limit = BATCH_DEFAULT;
	if (pthread_mutex_init(&s->lock, NULL) != 0)
		goto nomem;
	if (pthread_mutex_init(&s->read_lock, NULL) != 0) {
		pthread_mutex_destroy(&s->lock);
		goto nomem;
	}
	if (pthread_cond_init(&s->work, NULL) != 0) {
		pthread_mutex_destroy(&s->read_lock);
		pthread_mutex_destroy(&s->lock);
		goto nomem;
	}
	s->locks_ready = true;

	s->wdb = db_connect(path, err, errsize);
	if (!s->wdb || setup_writer(s->wdb, path, err, errsize) != 0 ||
	    migrate(s->wdb, path, err, errsize) != 0)
		goto err;
	/* query_only: the reader can never write by mistake, so all writes go through the queue. */
	s->rdb = db_connect(path, err, errsize);
	if (!s->rdb)
		goto err;
	if (sqlite3_exec(s->rdb, "PRAGMA query_only = ON", NULL, NULL, NULL) != SQLITE_OK) {
		open_fail(err, errsize, "store %s: %s", path, sqlite3_errmsg(s->rdb));
		goto err;
	}
	if (prepare_all(s, err, errsize) != 0)
		goto err;
	if (pthread_create(&s->committer, NULL, committer_main, s) != 0) {
		open_fail(err, errsize, "store %s: cannot start the committer thread", path);
		goto err;
	}
	s->started = true;
	return s;
nomem:
	open_fail(err, errsize, "store %s: out of memory", path);
err:
	if (s)
		add_advice(s->rdb ? s->rdb : s->wdb, err, errsize);
	store_close(s);
	return NULL;
}

static void op_free_list(op_t *op)
{
	while (op) {
		op_t *next = op->next;
		free(op);
		op = next;
	}
}

void store_close(store_t *s)
{
	if (!s)
		return;
	/* The committer drains the queue before it sees `closing` with nothing left. */
	if (s->started) {
		pthread_mutex_lock(&s->lock);
		s->closing = true;
		pthread_cond_signal(&s->work);
		pthread_mutex_unlock(&s->lock);
		pthread_join(s->committer, NULL);
	}
	for (size_t i = 0; i < W_COUNT; i++)
		sqlite3_finalize(s->w[i]);
	for (size_t i = 0; i < R_COUNT; i++)
		sqlite3_finalize(s->r[i]);
	/* The writer closes last: closing the last connection checkpoints and removes the WAL. */
	sqlite3_close(s->rdb);
	sqlite3_close(s->wdb);
	op_free_list(s->head);
	if (s->locks_ready) {
		pthread_cond_destroy(&s->work);
		pthread_mutex_destroy(&s->read_lock);
		pthread_mutex_destroy(&s->lock);
	}
	free(s->path);
	free(s);
}

void store_set_batch_limit(store_t *s, int max_writes)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->lock);
	s->batch_limit = max_writes < 1 ? 1 : max_writes;
	pthread_mutex_unlock(&s->lock);
}

/* ------------------------------------------------------------------ */
/* The write queue                                                    */
/* ------------------------------------------------------------------ */

static size_t str_size(const char *str)
{
	return str ? strlen(str) + 1 : 0;
}

/* Copies into the op's data area, advancing *p; NULL stays NULL. */
static const char *str_copy(char **p, const char *str)
{
	size_t n;
	char *dst = *p;

	if (!str)
		return NULL;
	n = strlen(str) + 1;
	memcpy(dst, str, n);
	*p += n;
	return dst;
}

static const void *blob_copy(char **p, const void *blob, size_t len)
{
	char *dst = *p;

	if (!len)
		return NULL;
	memcpy(dst, blob, len);
	*p += len;
	return dst;
}

static op_t *op_new(op_kind_t kind, size_t extra)
{
	op_t *op = malloc(sizeof(*op) + extra);

	if (!op) {
		fail("store: out of memory");
		return NULL;
	}
	memset(op, 0, sizeof(*op));
	op->kind = kind;
	op->bytes = sizeof(*op) + extra;
	return op;
}

/* Appends a write and wakes the committer; consumes op. */
static int enqueue(store_t *s, op_t *op, store_ticket_t *ticket)
{
	uint64_t seq;

	pthread_mutex_lock(&s->lock);
	if (s->closing) {
		pthread_mutex_unlock(&s->lock);
		free(op);
		return fail("store: closed");
	}
	/* The disk is not keeping up: refusing now beats running out of memory later. */
	if (s->queued_bytes > 0 && s->queued_bytes + op->bytes > QUEUE_BYTES_MAX) {
		size_t waiting = s->queued_bytes;
		pthread_mutex_unlock(&s->lock);
		free(op);
		return fail("store: %zu bytes of writes are waiting for the disk; try again later", waiting);
	}
	seq = op->seq = s->next_seq++;
	if (s->tail)
		s->tail->next = op;
	else
		s->head = op;
	s->tail = op;
	s->queued_bytes += op->bytes;
	pthread_cond_signal(&s->work);
	pthread_mutex_unlock(&s->lock);
	if (ticket)
		*ticket = seq;
	return 0;
}

static int check_blob(const void *blob, size_t len)
{
	if (len > STORE_ATTRS_MAX)
		return fail("store: attrs of %zu bytes are over the %d-byte ceiling", len, STORE_ATTRS_MAX);
	if (len && !blob)
		return fail("store: attrs_len is %zu but attrs is NULL", len);
	return 0;
}

int store_job_put(store_t *s, const store_job_t *job, store_ticket_t *ticket)
{
	op_t *op;
	char *p;

	if (ticket)
		*ticket = 0;
	if (!s || !job || !job->printer)
		return fail("store: job or printer missing");
	if (job->id <= 0 || job->state < 3 || job->state > 9)
		return fail("store: job %d: bad id or state %d", (int)job->id, job->state);
	if (check_blob(job->attrs, job->attrs_len) != 0)
		return -1;
	op = op_new(OP_JOB_PUT, str_size(job->printer) + str_size(job->reasons) + str_size(job->owner) +
	                            str_size(job->name) + job->attrs_len);
	if (!op)
		return -1;
	p = op->data;
	op->u.job = *job;
	op->u.job.printer = str_copy(&p, job->printer);
	op->u.job.reasons = str_copy(&p, job->reasons);
	op->u.job.owner = str_copy(&p, job->owner);
	op->u.job.name = str_copy(&p, job->name);
	op->u.job.attrs = blob_copy(&p, job->attrs, job->attrs_len);
	return enqueue(s, op, ticket);
}

int store_doc_put(store_t *s, const store_doc_t *doc, store_ticket_t *ticket)
{
	op_t *op;
	char *p;

	if (ticket)
		*ticket = 0;
	if (!s || !doc)
		return fail("store: document missing");
	if (doc->job_id <= 0 || doc->number <= 0)
		return fail("store: document %d of job %d: bad number", (int)doc->number, (int)doc->job_id);
	if (check_blob(doc->attrs, doc->attrs_len) != 0)
		return -1;
	op = op_new(OP_DOC_PUT, str_size(doc->format) + str_size(doc->name) + str_size(doc->path) +
	                            str_size(doc->compression) + doc->attrs_len);
	if (!op)
		return -1;
	p = op->data;
	op->u.doc = *doc;
	op->u.doc.format = str_copy(&p, doc->format);
	op->u.doc.name = str_copy(&p, doc->name);
	op->u.doc.path = str_copy(&p, doc->path);
	op->u.doc.compression = str_copy(&p, doc->compression);
	op->u.doc.attrs = blob_copy(&p, doc->attrs, doc->attrs_len);
	return enqueue(s, op, ticket);
}

int store_job_delete(store_t *s, int32_t id, store_ticket_t *ticket)
{
	op_t *op;

	if (ticket)
		*ticket = 0;
	if (!s)
		return fail("store: no store");
	op = op_new(OP_JOB_DELETE, 0);
	if (!op)
		return -1;
	op->u.id = id;
	return enqueue(s, op, ticket);
}

int store_kv_set(store_t *s, const char *key, const char *value, store_ticket_t *ticket)
{
	op_t *op;
	char *p;

	if (ticket)
		*ticket = 0;
	if (!s || !key)
		return fail("store: key missing");
	op = op_new(OP_KV_SET, str_size(key) + str_size(value));
	if (!op)
		return -1;
	p = op->data;
	op->u.kv.key = str_copy(&p, key);
	op->u.kv.value = str_copy(&p, value);
	return enqueue(s, op, ticket);
}

int store_sub_put(store_t *s, const store_sub_t *sub, store_ticket_t *ticket)
{
	op_t *op;
	char *p;

	if (ticket)
		*ticket = 0;
	if (!s || !sub || !sub->printer)
		return fail("store: subscription or printer missing");
	if (sub->id <= 0)
		return fail("store: subscription %d: bad id", (int)sub->id);
	if (check_blob(sub->attrs, sub->attrs_len) != 0)
		return -1;
	op = op_new(OP_SUB_PUT, str_size(sub->printer) + str_size(sub->owner) + sub->attrs_len);
	if (!op)
		return -1;
	p = op->data;
	op->u.sub = *sub;
	op->u.sub.printer = str_copy(&p, sub->printer);
	op->u.sub.owner = str_copy(&p, sub->owner);
	op->u.sub.attrs = blob_copy(&p, sub->attrs, sub->attrs_len);
	return enqueue(s, op, ticket);
}

int store_sub_seq(store_t *s, int32_t id, int64_t seq, store_ticket_t *ticket)
{
	op_t *op;

	if (ticket)
		*ticket = 0;
	if (!s)
		return fail("store: no store");
	op = op_new(OP_SUB_SEQ, 0);
	if (!op)
		return -1;
	op->u.sub.id = id;
	op->u.sub.seq = seq;
	return enqueue(s, op, ticket);
}

int store_sub_delete(store_t *s, int32_t id, store_ticket_t *ticket)
{
	op_t *op;

	if (ticket)
		*ticket = 0;
	if (!s)
		return fail("store: no store");
	op = op_new(OP_SUB_DELETE, 0);
	if (!op)
		return -1;
	op->u.sub.id = id;
	return enqueue(s, op, ticket);
}

/* ------------------------------------------------------------------ */
/* Outcomes                                                           */
/* ------------------------------------------------------------------ */

/* Remembers that tickets lo..hi failed; the ring forgets the oldest (see failure_find). */
static void note_failure(store_t *s, uint64_t lo, uint64_t hi, const char *msg)
{
	failure_t *f;

	pthread_mutex_lock(&s->lock);
	f = &s->fails[s->n_fails % FAIL_RING];
	if (s->n_fails >= FAIL_RING && f->hi > s->forgotten)
		s->forgotten = f->hi;
	f->lo = lo;
	f->hi = hi;
	snprintf(f->msg, sizeof(f->msg), "%s", msg);
	s->n_fails++;
	pthread_mutex_unlock(&s->lock);
}

/*
 * Whether a finished ticket failed.  A waiter that arrives after more than
 * FAIL_RING newer failures cannot tell, and is told it failed: a false
 * failure is safe (the client retries), a false success is not.  Caller
 * holds s->lock.
 */
static bool failure_find(const store_t *s, uint64_t t)
{
	size_t n = s->n_fails < FAIL_RING ? (size_t)s->n_fails : FAIL_RING;

	for (size_t i = 0; i < n; i++) {
		if (t >= s->fails[i].lo && t <= s->fails[i].hi) {
			fail("%s", s->fails[i].msg);
			return true;
		}
	}
	if (t <= s->forgotten) {
		fail("store: the outcome of write %llu is no longer known", (unsigned long long)t);
		return true;
	}
	return false;
}

/*
 * The condition is checked under the lock in a loop, and the committer
 * moves `done` and signals under the same lock, so no wakeup is lost.  Each
 * waiter has its own condition variable: a commit wakes only the threads
 * whose writes it contained, not everyone waiting for the next batch.
 */
int store_commit_wait(store_t *s, store_ticket_t ticket)
{
	int rc = 0;

	if (!s)
		return fail("store: no store");
	if (ticket == 0)
		return 0;
	pthread_mutex_lock(&s->lock);
	if (ticket >= s->next_seq) {
		pthread_mutex_unlock(&s->lock);
		return fail("store: ticket %llu was never issued", (unsigned long long)ticket);
	}
	if (s->done < ticket) {
		waiter_t w = {.next = s->waiters, .ticket = ticket};

		pthread_cond_init(&w.cv, NULL);
		s->waiters = &w;
		while (s->done < ticket)
			pthread_cond_wait(&w.cv, &s->lock);
		pthread_cond_destroy(&w.cv);
	}
	if (failure_find(s, ticket))
		rc = -1;
	pthread_mutex_unlock(&s->lock);
	return rc;
}

/* Unlinks and wakes the waiters whose tickets are done.  Caller holds s->lock. */
static void wake_waiters_locked(store_t *s)
{
	waiter_t **pp = &s->waiters;

	while (*pp) {
		waiter_t *w = *pp;
		if (w->ticket <= s->done) {
			*pp = w->next;
			pthread_cond_signal(&w->cv);
		} else {
			pp = &w->next;
		}
	}
}

/* ------------------------------------------------------------------ */
/* The committer                                                      */
/* ------------------------------------------------------------------ */

static void bind_text(sqlite3_stmt *st, int i, const char *str)
{
	if (str)
		sqlite3_bind_text(st, i, str, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static void bind_blob(sqlite3_stmt *st, int i, const void *blob, size_t len)
{
	if (len)
		sqlite3_bind_blob64(st, i, blob, len, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* Steps a statement that returns no rows, then resets it so it holds no lock. */
static int run(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}

static int apply_job_put(store_t *s, const store_job_t *j)
{
	sqlite3_stmt *st = s->w[W_JOB_PUT];

	sqlite3_bind_int64(st, 1, j->id);
	bind_text(st, 2, j->printer);
	sqlite3_bind_int(st, 3, j->state);
	bind_text(st, 4, j->reasons);
	bind_text(st, 5, j->owner);
	bind_text(st, 6, j->name);
	sqlite3_bind_int64(st, 7, j->created);
	sqlite3_bind_int64(st, 8, j->processing);
	sqlite3_bind_int64(st, 9, j->completed);
	sqlite3_bind_int64(st, 10, j->impressions);
	sqlite3_bind_int64(st, 11, j->k_octets);
	bind_blob(st, 12, j->attrs, j->attrs_len);
	return run(st);
}

static int apply_doc_put(store_t *s, const store_doc_t *d)
{
	sqlite3_stmt *st = s->w[W_DOC_PUT];

	sqlite3_bind_int64(st, 1, d->job_id);
	sqlite3_bind_int64(st, 2, d->number);
	bind_text(st, 3, d->format);
	bind_text(st, 4, d->name);
	bind_text(st, 5, d->path);
	sqlite3_bind_int64(st, 6, d->size);
	bind_text(st, 7, d->compression);
	sqlite3_bind_int64(st, 8, d->pages);
	bind_blob(st, 9, d->attrs, d->attrs_len);
	return run(st);
}

static void prune_result_clear(prune_result_t *res)
{
	for (size_t i = 0; i < res->n; i++) {
		for (size_t k = 0; k < res->jobs[i].npaths; k++)
			free(res->jobs[i].paths[k]);
		free(res->jobs[i].paths);
	}
	res->n = 0;
}

/* Collects a job's document paths into `pj`; SQLITE_NOMEM when they do not fit in memory. */
static int collect_paths(store_t *s, pruned_t *pj)
{
	sqlite3_stmt *st = s->w[W_DOC_PATHS];
	size_t cap = 0;
	int rc;

	sqlite3_bind_int64(st, 1, pj->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *path = sqlite3_column_text(st, 0);
		char *copy;

		if (!path)
			continue;
		if (pj->npaths == cap) {
			size_t ncap = cap ? cap * 2 : 4;
			char **grown = realloc(pj->paths, ncap * sizeof(*grown));
			if (!grown) {
				rc = SQLITE_NOMEM;
				break;
			}
			pj->paths = grown;
			cap = ncap;
		}
		copy = strdup((const char *)path);
		if (!copy) {
			rc = SQLITE_NOMEM;
			break;
		}
		pj->paths[pj->npaths++] = copy;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int apply_sub_put(store_t *s, const store_sub_t *sub)
{
	sqlite3_stmt *st = s->w[W_SUB_PUT];

	sqlite3_bind_int64(st, 1, sub->id);
	bind_text(st, 2, sub->printer);
	sqlite3_bind_int64(st, 3, sub->job_id);
	bind_text(st, 4, sub->owner);
	sqlite3_bind_int64(st, 5, sub->expires);
	sqlite3_bind_int64(st, 6, sub->seq);
	bind_blob(st, 7, sub->attrs, sub->attrs_len);
	return run(st);
}

/* Several statements, so a savepoint makes them one: all of the prune happens or none. */
static int apply_prune(store_t *s, op_t *op)
{
	prune_result_t *res = op->u.prune.out;
	sqlite3_stmt *pick = s->w[W_PRUNE_PICK];
	int rc = run(s->w[W_SAVEPOINT]);

	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_text(pick, 1, op->u.prune.printer, -1, SQLITE_STATIC);
	sqlite3_bind_int(pick, 2, op->u.prune.keep);
	sqlite3_bind_int(pick, 3, PRUNE_CHUNK);
	while (res->n < PRUNE_CHUNK && (rc = sqlite3_step(pick)) == SQLITE_ROW) {
		res->jobs[res->n].id = (int32_t)sqlite3_column_int64(pick, 0);
		res->jobs[res->n].paths = NULL;
		res->jobs[res->n].npaths = 0;
		res->n++;
	}
	sqlite3_reset(pick);
	rc = rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
	for (size_t i = 0; rc == SQLITE_OK && i < res->n; i++) {
		rc = collect_paths(s, &res->jobs[i]);
		if (rc == SQLITE_OK) {
			sqlite3_bind_int64(s->w[W_JOB_DELETE], 1, res->jobs[i].id);
			rc = run(s->w[W_JOB_DELETE]);
		}
	}
	if (rc == SQLITE_OK)
		return run(s->w[W_RELEASE]);
	if (!sqlite3_get_autocommit(s->wdb)) {
		run(s->w[W_ROLLBACK_TO]);
		run(s->w[W_RELEASE]);
	}
	prune_result_clear(res);
	return rc;
}

static int apply_op(store_t *s, op_t *op)
{
	switch (op->kind) {
	case OP_JOB_PUT:
		return apply_job_put(s, &op->u.job);
	case OP_DOC_PUT:
		return apply_doc_put(s, &op->u.doc);
	case OP_JOB_DELETE:
		sqlite3_bind_int64(s->w[W_JOB_DELETE], 1, op->u.id);
		return run(s->w[W_JOB_DELETE]);
	case OP_KV_SET:
		if (!op->u.kv.value) {
			bind_text(s->w[W_KV_DELETE], 1, op->u.kv.key);
			return run(s->w[W_KV_DELETE]);
		}
		bind_text(s->w[W_KV_SET], 1, op->u.kv.key);
		bind_text(s->w[W_KV_SET], 2, op->u.kv.value);
		return run(s->w[W_KV_SET]);
	case OP_PRUNE:
		return apply_prune(s, op);
	case OP_SUB_PUT:
		return apply_sub_put(s, &op->u.sub);
	case OP_SUB_SEQ:
		sqlite3_bind_int64(s->w[W_SUB_SEQ], 1, op->u.sub.id);
		sqlite3_bind_int64(s->w[W_SUB_SEQ], 2, op->u.sub.seq);
		return run(s->w[W_SUB_SEQ]);
	case OP_SUB_DELETE:
		sqlite3_bind_int64(s->w[W_SUB_DELETE], 1, op->u.sub.id);
		return run(s->w[W_SUB_DELETE]);
	}
	return SQLITE_MISUSE;
}

/* "store: document 2 of job 7: FOREIGN KEY constraint failed" */
static void describe_failure(store_t *s, const op_t *op, int rc, char *buf, size_t size)
{
	const char *why = rc == SQLITE_NOMEM ? sqlite3_errstr(rc) : sqlite3_errmsg(s->wdb);

	switch (op->kind) {
	case OP_JOB_PUT:
		snprintf(buf, size, "store: job %d: %s", (int)op->u.job.id, why);
		break;
	case OP_DOC_PUT:
		snprintf(buf, size, "store: document %d of job %d: %s", (int)op->u.doc.number,
		         (int)op->u.doc.job_id, why);
		break;
	case OP_JOB_DELETE:
		snprintf(buf, size, "store: deleting job %d: %s", (int)op->u.id, why);
		break;
	case OP_KV_SET:
		snprintf(buf, size, "store: setting %s: %s", op->u.kv.key, why);
		break;
	case OP_PRUNE:
		snprintf(buf, size, "store: pruning printer %s: %s", op->u.prune.printer, why);
		break;
	case OP_SUB_PUT:
	case OP_SUB_SEQ:
	case OP_SUB_DELETE:
		snprintf(buf, size, "store: subscription %d: %s", (int)op->u.sub.id, why);
		break;
	}
}

/*
 * Applies a batch in one transaction and commits it: one fsync for all.
 * A write that fails alone (a constraint) is undone by SQLite on its own
 * and the rest go on; an error that ends the transaction (I/O, disk full)
 * fails every write of the batch, and so does a failed COMMIT.
 */
static void run_batch(store_t *s, op_t *first, uint64_t hi)
{
	char msg[ERR_MAX];
	int rc = run(s->w[W_BEGIN]);

	if (rc != SQLITE_OK) {
		snprintf(msg, sizeof(msg), "store: starting a transaction: %s", sqlite3_errmsg(s->wdb));
		note_failure(s, first->seq, hi, msg);
		return;
	}
	for (op_t *op = first; op; op = op->next) {
		rc = apply_op(s, op);
		if (rc == SQLITE_OK)
			continue;
		describe_failure(s, op, rc, msg, sizeof(msg));
		if (sqlite3_get_autocommit(s->wdb)) {
			note_failure(s, first->seq, hi, msg);
			return;
		}
		note_failure(s, op->seq, op->seq, msg);
	}
	rc = run(s->w[W_COMMIT]);
	if (rc != SQLITE_OK) {
		snprintf(msg, sizeof(msg), "store: commit: %s", sqlite3_errmsg(s->wdb));
		if (!sqlite3_get_autocommit(s->wdb))
			run(s->w[W_ROLLBACK]);
		note_failure(s, first->seq, hi, msg);
	}
}

/* Takes up to batch_limit writes, commits them, and tells their waiters; until closed and drained. */
static void *committer_main(void *arg)
{
	store_t *s = arg;

	pthread_mutex_lock(&s->lock);
	for (;;) {
		op_t *first, *last;
		uint64_t hi;
		int n = 1;

		while (!s->head && !s->closing)
			pthread_cond_wait(&s->work, &s->lock);
		if (!s->head)
			break;
		first = s->head;
		last = first;
		s->queued_bytes -= first->bytes;
		while (last->next && n < s->batch_limit) {
			last = last->next;
			s->queued_bytes -= last->bytes;
			n++;
		}
		s->head = last->next;
		if (!s->head)
			s->tail = NULL;
		last->next = NULL;
		pthread_mutex_unlock(&s->lock);

		hi = last->seq;
		run_batch(s, first, hi);
		op_free_list(first);

		pthread_mutex_lock(&s->lock);
		s->done = hi;
		wake_waiters_locked(s);
	}
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Pruning                                                            */
/* ------------------------------------------------------------------ */

int store_prune(store_t *s, const char *printer, int keep,
                void (*on_removed)(void *ctx, int32_t job_id, const char *const *paths, size_t npaths),
                void *ctx)
{
	int total = 0;
	prune_result_t *res;

	if (!s || !printer)
		return fail("store: printer missing");
	res = calloc(1, sizeof(*res));
	if (!res)
		return fail("store: out of memory");
	if (keep < 0)
		keep = 0;
	/* A chunk at a time: each is a write of its own, and the callbacks follow its commit. */
	for (;;) {
		store_ticket_t ticket;
		op_t *op = op_new(OP_PRUNE, str_size(printer));
		char *p;
		size_t n;

		if (!op)
			goto err;
		p = op->data;
		op->u.prune.printer = str_copy(&p, printer);
		op->u.prune.keep = keep;
		op->u.prune.out = res;
		if (enqueue(s, op, &ticket) != 0 || store_commit_wait(s, ticket) != 0)
			goto err;
		for (size_t i = 0; on_removed && i < res->n; i++)
			on_removed(ctx, res->jobs[i].id, (const char *const *)res->jobs[i].paths,
			           res->jobs[i].npaths);
		n = res->n;
		total += (int)n;
		prune_result_clear(res);
		if (n < PRUNE_CHUNK)
			break;
	}
	free(res);
	return total;
err:
	prune_result_clear(res);
	free(res);
	return -1;
}

/* ------------------------------------------------------------------ */
/* Reading                                                            */
/* ------------------------------------------------------------------ */

static const char *col_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* The row's pointers are SQLite's, valid until the statement steps again. */
static void row_job(sqlite3_stmt *st, store_job_t *j)
{
	j->id = (int32_t)sqlite3_column_int64(st, 0);
	j->printer = col_text(st, 1);
	j->state = sqlite3_column_int(st, 2);
	j->reasons = col_text(st, 3);
	j->owner = col_text(st, 4);
	j->name = col_text(st, 5);
	j->created = sqlite3_column_int64(st, 6);
	j->processing = sqlite3_column_int64(st, 7);
	j->completed = sqlite3_column_int64(st, 8);
	j->impressions = sqlite3_column_int64(st, 9);
	j->k_octets = sqlite3_column_int64(st, 10);
	j->attrs = sqlite3_column_blob(st, 11);
	j->attrs_len = (size_t)sqlite3_column_bytes(st, 11);
	if (!j->attrs)
		j->attrs_len = 0;
}

static void row_doc(sqlite3_stmt *st, store_doc_t *d)
{
	d->job_id = (int32_t)sqlite3_column_int64(st, 0);
	d->number = (int32_t)sqlite3_column_int64(st, 1);
	d->format = col_text(st, 2);
	d->name = col_text(st, 3);
	d->path = col_text(st, 4);
	d->size = sqlite3_column_int64(st, 5);
	d->compression = col_text(st, 6);
	d->pages = sqlite3_column_int64(st, 7);
	d->attrs = sqlite3_column_blob(st, 8);
	d->attrs_len = (size_t)sqlite3_column_bytes(st, 8);
	if (!d->attrs)
		d->attrs_len = 0;
}

/*
 * Two scans in primary-key order, merged: each job, then its documents.
 * One read transaction around both, so jobs and documents come from the
 * same snapshot.
 */
/* A failed load names the file, SQLite's reason and what to do. */
static int load_fail(store_t *s)
{
	const char *advice = store_advice(sqlite3_extended_errcode(s->rdb));
	return fail("store %s: load: %s%s%s", s->path, sqlite3_errmsg(s->rdb), advice ? "; " : "", advice ? advice : "");
}

int store_load(store_t *s, int (*on_job)(void *ctx, const store_job_t *job),
               int (*on_doc)(void *ctx, const store_doc_t *doc), void *ctx)
{
	sqlite3_stmt *jobs, *docs;
	int jrc = SQLITE_DONE, drc = SQLITE_DONE, cb = 0, rc = 0;
	int32_t at = 0;

	if (!s)
		return fail("store: no store");
	pthread_mutex_lock(&s->read_lock);
	jobs = s->r[R_LOAD_JOBS];
	docs = s->r[R_LOAD_DOCS];
	if (run(s->r[R_BEGIN]) != SQLITE_OK) {
		rc = load_fail(s);
		pthread_mutex_unlock(&s->read_lock);
		return rc;
	}
	drc = sqlite3_step(docs);
	while (cb == 0 && (jrc = sqlite3_step(jobs)) == SQLITE_ROW) {
		store_job_t j;
		store_doc_t d;

		row_job(jobs, &j);
		at = j.id;
		cb = on_job ? on_job(ctx, &j) : 0;
		for (; cb == 0 && drc == SQLITE_ROW; drc = sqlite3_step(docs)) {
			row_doc(docs, &d);
			if (d.job_id > j.id)
				break;
			if (d.job_id == j.id && on_doc)
				cb = on_doc(ctx, &d);
		}
		if (drc != SQLITE_ROW && drc != SQLITE_DONE)
			break;
	}
	if (cb < 0)
		rc = fail("store: load: the caller's callback failed at job %d", (int)at);
	else if (cb == 0 &&
	         ((jrc != SQLITE_ROW && jrc != SQLITE_DONE) || (drc != SQLITE_ROW && drc != SQLITE_DONE)))
		rc = load_fail(s);
	sqlite3_reset(jobs);
	sqlite3_reset(docs);
	run(s->r[R_COMMIT]);
	pthread_mutex_unlock(&s->read_lock);
	return rc;
}

int store_subs_load(store_t *s, int (*on_sub)(void *ctx, const store_sub_t *sub), void *ctx)
{
	sqlite3_stmt *st;
	int rc, cb = 0;
	int32_t at = 0;

	if (!s)
		return fail("store: no store");
	pthread_mutex_lock(&s->read_lock);
	st = s->r[R_LOAD_SUBS];
	while (cb == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		store_sub_t sub = {
		    .id = (int32_t)sqlite3_column_int64(st, 0),
		    .printer = col_text(st, 1),
		    .job_id = (int32_t)sqlite3_column_int64(st, 2),
		    .owner = col_text(st, 3),
		    .expires = sqlite3_column_int64(st, 4),
		    .seq = sqlite3_column_int64(st, 5),
		    .attrs = sqlite3_column_blob(st, 6),
		    .attrs_len = (size_t)sqlite3_column_bytes(st, 6),
		};
		if (!sub.attrs)
			sub.attrs_len = 0;
		at = sub.id;
		cb = on_sub ? on_sub(ctx, &sub) : 0;
	}
	if (cb < 0)
		cb = fail("store: subscriptions: the caller's callback failed at subscription %d", (int)at);
	else if (cb == 0 && rc != SQLITE_DONE)
		cb = fail("store: subscriptions: %s", sqlite3_errmsg(s->rdb));
	else
		cb = 0;
	sqlite3_reset(st);
	pthread_mutex_unlock(&s->read_lock);
	return cb;
}

int store_jobs_page(store_t *s, const char *printer, int which, const char *owner, int32_t after_id,
                    int limit, int (*on_job)(void *ctx, const store_job_t *job), void *ctx)
{
	sqlite3_stmt *st;
	int rc, cb = 0, n = 0;
	int32_t last = 0;
	bool desc = (which & STORE_JOBS_NEWEST_FIRST) != 0;

	if (!s || !printer)
		return fail("store: printer missing");
	if ((which & STORE_JOBS_ALL) == 0 || (which & ~(STORE_JOBS_ALL | STORE_JOBS_NEWEST_FIRST)) != 0)
		return fail("store: bad job class %d", which);
	if (limit <= 0)
		return 0;
	pthread_mutex_lock(&s->read_lock);
	st = s->r[page_index(which, owner != NULL)];
	sqlite3_bind_text(st, 1, printer, -1, SQLITE_STATIC);
	if (owner)
		sqlite3_bind_text(st, 2, owner, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, desc && after_id <= 0 ? INT64_MAX : after_id);
	sqlite3_bind_int(st, 4, limit);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		store_job_t j;

		row_job(st, &j);
		last = j.id;
		n++;
		cb = on_job ? on_job(ctx, &j) : 0;
		if (cb != 0)
			break;
	}
	if (cb < 0)
		n = fail("store: jobs of printer %s: the caller's callback failed at job %d", printer,
		         (int)last);
	else if (cb == 0 && rc != SQLITE_DONE)
		n = fail("store: jobs of printer %s: %s", printer, sqlite3_errmsg(s->rdb));
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	pthread_mutex_unlock(&s->read_lock);
	return n;
}

int store_kv_get(store_t *s, const char *key, char *buf, size_t size)
{
	sqlite3_stmt *st;
	int rc, found = 0;

	if (buf && size)
		buf[0] = '\0';
	if (!s || !key || !buf || !size)
		return fail("store: key or buffer missing");
	pthread_mutex_lock(&s->read_lock);
	st = s->r[R_KV_GET];
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *v = col_text(st, 0);
		size_t len = v ? strlen(v) : 0;

		if (len >= size) {
			found = fail("store: %s: value of %zu bytes does not fit in %zu", key, len, size);
		} else {
			memcpy(buf, v ? v : "", len + 1);
			found = 1;
		}
	} else if (rc != SQLITE_DONE) {
		found = fail("store: getting %s: %s", key, sqlite3_errmsg(s->rdb));
	}
	sqlite3_reset(st);
	pthread_mutex_unlock(&s->read_lock);
	return found;
}

int store_explain(store_t *s, int which, bool by_owner, char *buf, size_t size)
{
	static const char prefix[] = "EXPLAIN QUERY PLAN ";
	const size_t skip = sizeof(prefix) - 1;
	char sql[1200];
	sqlite3_stmt *st = NULL;
	size_t len = 0;
	int rc;

	if (buf && size)
		buf[0] = '\0';
	if (!s || !buf || !size)
		return fail("store: buffer missing");
	if (which != 0 &&
	    ((which & STORE_JOBS_ALL) == 0 || (which & ~(STORE_JOBS_ALL | STORE_JOBS_NEWEST_FIRST))))
		return fail("store: bad job class %d", which);
	memcpy(sql, prefix, skip);
	if (which == 0)
		snprintf(sql + skip, sizeof(sql) - skip, "%s", PRUNE_SQL);
	else
		page_sql(sql + skip, sizeof(sql) - skip, which, by_owner);
	pthread_mutex_lock(&s->read_lock);
	rc = sqlite3_prepare_v2(s->rdb, sql, -1, &st, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *detail = col_text(st, 3);
		int w = snprintf(buf + len, size - len, "%s\n", detail ? detail : "");

		rc = SQLITE_OK;
		if (w < 0 || (size_t)w >= size - len) {
			rc = SQLITE_TOOBIG;
			break;
		}
		len += (size_t)w;
	}
	if (rc == SQLITE_TOOBIG)
		rc = fail("store: explain: the plan does not fit in %zu bytes", size);
	else if (rc != SQLITE_DONE)
		rc = fail("store: explain: %s", sqlite3_errmsg(s->rdb));
	else
		rc = 0;
	sqlite3_finalize(st);
	pthread_mutex_unlock(&s->read_lock);
	return rc;
}
