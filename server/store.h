/* The durable store: jobs, documents and settings in one SQLite database, with group commit. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_SERVER_STORE_H
#define IPPD_SERVER_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * docs/internals/STORE.md explains the design; in short:
 *
 * - Writes (store_job_put, store_doc_put, store_job_delete, store_kv_set)
 *   copy their arguments into a queue and return a ticket at once.  They do
 *   no I/O, so a caller may make them while holding its own lock, which
 *   keeps the order of writes equal to the order of its model's changes.
 * - One committer thread per store applies everything queued in one
 *   transaction and commits it with one fsync (group commit).
 * - store_commit_wait() blocks until the write with that ticket has been
 *   committed (or has failed).  Reply successful-ok only after it returns 0.
 * - Reads (store_load, store_jobs_page, store_kv_get) use a second
 *   connection and see committed data only: a write becomes visible when
 *   its commit has completed.  They never wait for an fsync.
 *
 * Every function may be called from any thread, except that store_close()
 * must not race with other calls on the same store.  Strings and blobs
 * given to the store are borrowed for the duration of the call only.
 * Strings and blobs the store hands to callbacks are valid until the
 * callback returns: copy what you keep.
 */

typedef struct store store_t;

/* A write's place in the commit order; 0 stands for "nothing to wait for". */
typedef uint64_t store_ticket_t;

enum {
	/* Where PRAGMA user_version is headed; store_open() migrates older files. */
	STORE_SCHEMA_VERSION = 2,
	/* Job states from 7 (canceled, aborted, completed) on are terminal (RFC 8011 §5.3.7). */
	STORE_FIRST_TERMINAL_STATE = 7,
	/* Ceiling on one attrs blob; a request is far smaller than this. */
	STORE_ATTRS_MAX = 16 * 1024 * 1024,
};

/* `which` for store_jobs_page(): a class of job states, optionally newest first. */
enum {
	STORE_JOBS_ACTIVE = 1,       /* pending .. processing-stopped (3-6) */
	STORE_JOBS_COMPLETED = 2,    /* canceled, aborted, completed (7-9) */
	STORE_JOBS_ALL = 3,          /* both */
	STORE_JOBS_NEWEST_FIRST = 4, /* OR in: descending ids, after_id means "below" */
};

/*
 * A job row.  Text fields may be NULL and come back NULL; `printer` is
 * required.  Times are unix seconds, 0 for "not yet".  `attrs` is opaque to
 * the store (the server keeps the job's attributes there as an encoded IPP
 * message); attrs_len == 0 stores no blob and comes back as NULL, 0.
 */
typedef struct store_job {
	int32_t id;          /* > 0 */
	const char *printer; /* the printer's name, "" for the default one */
	int state;           /* job-state 3..9 */
	const char *reasons; /* job-state-reasons keywords, comma-separated */
	const char *owner;   /* job-originating-user-name */
	const char *name;    /* job-name */
	int64_t created;
	int64_t processing;
	int64_t completed;
	int64_t impressions;
	int64_t k_octets;
	const void *attrs;
	size_t attrs_len;
} store_job_t;

/* A document row: same conventions as store_job_t; the job must exist. */
typedef struct store_doc {
	int32_t job_id;
	int32_t number;          /* document-number, 1.. */
	const char *format;      /* document-format */
	const char *name;        /* document-name */
	const char *path;        /* spool file, relative to the state folder */
	int64_t size;            /* octets in the spool file */
	const char *compression; /* as supplied by the client */
	int64_t pages;
	const void *attrs;
	size_t attrs_len;
} store_doc_t;

/*
 * A subscription row (RFC 3995; server/subscription.c).  `printer` is
 * required ("" for the default printer); job_id is 0 for a printer
 * subscription.  `expires` is unix seconds, 0 for "ends with its job".
 * `seq` is the last notify-sequence-number given.  `attrs` is opaque to the
 * store (the server keeps the subscription's template attributes there as
 * an encoded IPP message).
 */
typedef struct store_sub {
	int32_t id; /* > 0 */
	const char *printer;
	int32_t job_id;
	const char *owner;
	int64_t expires;
	int64_t seq;
	const void *attrs;
	size_t attrs_len;
} store_sub_t;

/*
 * Opens (creating if need be, mode 0600) the database at `path`, switches it
 * to WAL with synchronous=FULL, migrates the schema to STORE_SCHEMA_VERSION
 * and starts the committer thread.  Returns NULL on failure with a sentence
 * naming the path in `err` (may be NULL), such as "store /x/y.db: folder /x
 * does not exist".  A file written by a newer schema version is refused.
 * Free with store_close().
 */
store_t *store_open(const char *path, char *err, size_t errsize);

/*
 * Commits everything queued, waits for it, stops the committer and closes
 * the database.  No other call on `s` may be running or follow.  NULL is
 * ignored.
 */
void store_close(store_t *s);

/*
 * Queues an insert of the job, or an update of every column if a job with
 * that id exists (its documents stay).  `ticket` (may be NULL) gets the
 * ticket to wait on.  Returns 0, or -1 with store_errmsg() when the job is
 * invalid (no printer, id <= 0, state outside 3..9, attrs too large), memory
 * runs out, or the queue is over its ceiling (answer server-error-busy).
 * Database errors are reported by store_commit_wait() instead.
 */
int store_job_put(store_t *s, const store_job_t *job, store_ticket_t *ticket);

/* Queues an insert or update of a document; as store_job_put().  No job with that id: the wait fails. */
int store_doc_put(store_t *s, const store_doc_t *doc, store_ticket_t *ticket);

/*
 * Queues the deletion of a job and its documents' rows (not their spool
 * files: unlink those after the wait returns 0, so that a failed delete
 * never leaves a job without its files).  Deleting a missing job is not an
 * error.  As store_job_put().
 */
int store_job_delete(store_t *s, int32_t id, store_ticket_t *ticket);

/* Queues setting `key` to `value`, or removing it when value is NULL; as store_job_put(). */
int store_kv_set(store_t *s, const char *key, const char *value, store_ticket_t *ticket);

/* Queues an insert or update of a subscription; as store_job_put() (id <= 0 or no printer: -1). */
int store_sub_put(store_t *s, const store_sub_t *sub, store_ticket_t *ticket);

/* Queues an update of a subscription's sequence number only (no row: nothing happens); as store_job_put(). */
int store_sub_seq(store_t *s, int32_t id, int64_t seq, store_ticket_t *ticket);

/* Queues the deletion of a subscription (a missing one is not an error); as store_job_put(). */
int store_sub_delete(store_t *s, int32_t id, store_ticket_t *ticket);

/* Calls on_sub for every committed subscription in id order; callback rules and result as store_load(). */
int store_subs_load(store_t *s, int (*on_sub)(void *ctx, const store_sub_t *sub), void *ctx);

/*
 * Blocks until the write with `ticket` has been committed, together with
 * every write queued before it.  Returns 0 when it is durable, or -1 with
 * store_errmsg() when that write failed (a constraint, say) or the commit
 * of its batch failed (every write in a failed batch gets -1, and none of
 * them is in the database).  The result is that one write's: after several
 * writes, wait for each ticket (a wait for an earlier ticket then returns
 * at once).  Ticket 0 returns 0 at once.  Never call it from a store
 * callback.
 */
int store_commit_wait(store_t *s, store_ticket_t ticket);

/*
 * Calls on_job for every job in id order, each followed by on_doc for its
 * documents in number order (either may be NULL), from one consistent
 * snapshot.  A callback returns 0 to go on, a positive value to stop early
 * (store_load then returns 0), or a negative value to fail (store_load then
 * returns -1 and store_errmsg() names the job).  Callbacks may queue
 * writes but must not call the read functions (store_load,
 * store_jobs_page, store_kv_get) nor wait.  Returns 0, or -1 with
 * store_errmsg().
 */
int store_load(store_t *s, int (*on_job)(void *ctx, const store_job_t *job),
               int (*on_doc)(void *ctx, const store_doc_t *doc), void *ctx);

/*
 * Calls on_job for up to `limit` jobs of `printer` in the class `which`
 * (STORE_JOBS_*), owned by `owner` (NULL for anyone), with ids above
 * `after_id` in ascending order, or below it (0: from the newest) with
 * STORE_JOBS_NEWEST_FIRST.  Each page is an index range, never a scan.
 * Callback rules as store_load().  Returns the number of jobs delivered
 * (counting the one whose callback stopped the page), or -1 with
 * store_errmsg().
 */
int store_jobs_page(store_t *s, const char *printer, int which, const char *owner, int32_t after_id,
                    int limit, int (*on_job)(void *ctx, const store_job_t *job), void *ctx);

/*
 * Deletes the oldest (lowest id) terminal jobs of `printer` beyond the
 * newest `keep`, waits for the commit, and only then calls on_removed (may
 * be NULL) once per removed job with its documents' paths (npaths may be 0)
 * so the caller can drop the job and unlink the files.  Blocks like
 * store_commit_wait().  Returns the number of jobs removed, or -1 with
 * store_errmsg() (then nothing was removed by the failed batch).
 */
int store_prune(store_t *s, const char *printer, int keep,
                void (*on_removed)(void *ctx, int32_t job_id, const char *const *paths, size_t npaths),
                void *ctx);

/*
 * Copies the committed value of `key` into `buf` (always NUL-terminated
 * when size > 0).  Returns 1 when found, 0 when not, or -1 with
 * store_errmsg() on error or when the value does not fit.
 */
int store_kv_get(store_t *s, const char *key, char *buf, size_t size);

/*
 * The sentence for the calling thread's most recent failed store call
 * ("store: FOREIGN KEY constraint failed (document 2 of job 7)").  Kept per
 * thread, so concurrent callers never see each other's errors; `s` may be
 * NULL.  Valid until the thread's next store call.
 */
const char *store_errmsg(const store_t *s);

/*
 * Caps how many queued writes go into one transaction (default 1024;
 * 1 turns group commit off).  For benchmarks and tests.
 */
void store_set_batch_limit(store_t *s, int max_writes);

/*
 * Writes SQLite's plan for the store_jobs_page() query with these
 * arguments (or for the pruning query when which is 0) into `buf`, one step
 * a line ("SEARCH jobs USING INDEX jobs_active (printer=? AND id>?)").
 * For tests and debug logging: a SCAN or a TEMP B-TREE there is a bug.
 * Returns 0, or -1 with store_errmsg().
 */
int store_explain(store_t *s, int which, bool by_owner, char *buf, size_t size);

#endif
