/* Print-URI and Send-URI: one background thread fetches each document-uri (libcurl, or a file) into the spool. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>

#include "document.h"
#include "ops.h"
#include "spool.h"
#include "uri-fetch.h"

enum { MAX_REDIRECTS = 5 };

typedef struct fetch {
	struct fetch *next;
	job_t *job;              /* referenced */
	int number;              /* document-number */
	bool last;
	uri_policy_t policy;     /* the printer's, when the request came */
	char uri[1024];
	char path[PATH_MAX];
	char format[128];
	char compression[16];
	char name[256];
} fetch_t;

/* The queue and its thread; guarded by the system lock. */
static struct {
	system_t *sys;
	fetch_t *head, *tail;
	pthread_t thread;
	bool started;
	bool stopping;
	pthread_cond_t wake;
} fq = {.wake = PTHREAD_COND_INITIALIZER};

/* One fetch in progress: where the bytes go and why it stopped. */
typedef struct run {
	fetch_t *f;
	CURL *curl;
	spool_t *spool;
	bool spool_failed;
	time_t deadline;
	char error[256];
} run_t;

/* True when the fetch should stop: the job was canceled, the service stops, or time is up. */
static bool abandoned(run_t *run)
{
	system_lock(fq.sys);
	bool stop = fq.stopping || run->f->job->cancel_requested || job_is_terminal(run->f->job);
	system_unlock(fq.sys);
	if (stop)
		snprintf(run->error, sizeof(run->error), "The fetch of the document was stopped.");
	else if (time(NULL) > run->deadline) {
		snprintf(run->error, sizeof(run->error), "Fetching %.120s took longer than %d seconds.", run->f->uri,
		         run->f->policy.timeout);
		stop = true;
	}
	return stop;
}

/* Bytes for the spool; false when it refused them (size limit, format, compression). */
static bool feed(run_t *run, const void *data, size_t len)
{
	if (spool_write(run->spool, data, len) == 0)
		return true;
	run->spool_failed = true;
	return false;
}

static size_t on_body(char *data, size_t size, size_t n, void *arg)
{
	run_t *run = arg;
	long code = 0;
	/* A redirect's own body is not the document. */
	curl_easy_getinfo(run->curl, CURLINFO_RESPONSE_CODE, &code);
	if (code >= 300 && code < 400)
		return size * n;
	return feed(run, data, size * n) ? size * n : 0;
}

static int on_progress(void *arg, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
	(void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
	return abandoned(arg) ? 1 : 0;
}

/* The allowed remote schemes, as CURLOPT_PROTOCOLS_STR wants them. */
static const char *protocols(const uri_policy_t *pol)
{
	return pol->http && pol->https ? "http,https" : pol->http ? "http" : "https";
}

/*
 * http and https: no automatic redirects.  Each 3xx is followed by hand,
 * at most MAX_REDIRECTS times, and only to a URI the policy allows, so a
 * listed host cannot send the printer anywhere else.
 */
static bool fetch_remote(run_t *run)
{
	fetch_t *f = run->f;
	char url[1024];
	snprintf(url, sizeof(url), "%s", f->uri);
	run->curl = curl_easy_init();
	if (!run->curl) {
		snprintf(run->error, sizeof(run->error), "Out of memory.");
		return false;
	}
	CURL *c = run->curl;
	char curl_error[CURL_ERROR_SIZE] = "";
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, protocols(&f->policy));
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_FAILONERROR, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)f->policy.timeout);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, run);
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(c, CURLOPT_XFERINFODATA, run);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, curl_error);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "ippd");
	if (fq.sys->max_document_size)
		curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)fq.sys->max_document_size);
	bool ok = false;
	for (int hop = 0;; hop++) {
		curl_easy_setopt(c, CURLOPT_URL, url);
		CURLcode rc = curl_easy_perform(c);
		long code = 0;
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
		if (rc != CURLE_OK) {
			if (!run->spool_failed && !run->error[0])
				snprintf(run->error, sizeof(run->error), "Cannot fetch %.120s: %s", f->uri,
				         curl_error[0] ? curl_error : curl_easy_strerror(rc));
			break;
		}
		if (code < 300 || code >= 400) {
			ok = true;
			break;
		}
		char *next = NULL;
		curl_easy_getinfo(c, CURLINFO_REDIRECT_URL, &next);
		if (!next || hop + 1 > MAX_REDIRECTS || !uri_policy_allows_remote(&f->policy, next)) {
			snprintf(run->error, sizeof(run->error), "%.90s redirects to %.90s, which this printer does not fetch.",
			         f->uri, next ? next : "nowhere");
			if (hop + 1 > MAX_REDIRECTS)
				snprintf(run->error, sizeof(run->error), "%.120s redirects more than %d times.", f->uri,
				         MAX_REDIRECTS);
			break;
		}
		snprintf(url, sizeof(url), "%s", next);
	}
	curl_easy_cleanup(c);
	run->curl = NULL;
	return ok;
}

/*
 * file: the path was resolved inside the folder when the request came.
 * Opened without following a final symbolic link, and the open file's own
 * path checked again, so a link swapped in since then leads nowhere.
 */
static bool fetch_file(run_t *run)
{
	fetch_t *f = run->f;
	int fd = open(f->path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		snprintf(run->error, sizeof(run->error), "Cannot open %.120s: %s", f->uri, strerror(errno));
		return false;
	}
	char link[64], real[PATH_MAX];
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	ssize_t n = readlink(link, real, sizeof(real) - 1);
	if (n > 0)
		real[n] = '\0';
	if (n <= 0 || !uri_policy_inside(f->policy.folder, real)) {
		snprintf(run->error, sizeof(run->error), "%.120s is no longer inside the folder this printer prints from.",
		         f->uri);
		close(fd);
		return false;
	}
	bool ok = true;
	char buf[65536];
	for (;;) {
		ssize_t r = read(fd, buf, sizeof(buf));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			snprintf(run->error, sizeof(run->error), "Cannot read %.120s: %s", f->uri, strerror(errno));
			ok = false;
		}
		if (r <= 0 || !ok)
			break;
		if (!feed(run, buf, (size_t)r) || abandoned(run)) {
			ok = false;
			break;
		}
	}
	close(fd);
	return ok;
}

/* Fetches one document into the spool and hands it to its job; any failure aborts the job. */
static void fetch_one(fetch_t *f)
{
	system_t *sys = fq.sys;
	job_t *job = f->job;
	run_t run = {.f = f, .deadline = time(NULL) + f->policy.timeout};
	doc_t doc;
	uint32_t reason = JR_DOCUMENT_ACCESS_ERROR;
	char err[300];

	run.spool = spool_open(sys, job->id, f->number, f->format, f->compression, err, sizeof(err));
	bool ok = run.spool != NULL;
	if (!ok)
		snprintf(run.error, sizeof(run.error), "%.250s", err);
	else
		ok = f->path[0] ? fetch_file(&run) : fetch_remote(&run);
	if (ok && spool_size(run.spool) == 0) {
		snprintf(run.error, sizeof(run.error), "%.120s is empty.", f->uri);
		ok = false;
	}
	if (ok && spool_finish(run.spool, &doc) != 0) {
		run.spool_failed = true;
		ok = false;
	}
	if (run.spool_failed) {
		snprintf(run.error, sizeof(run.error), "%s", spool_error(run.spool));
		reason = spool_reason(run.spool);
	}
	if (ok) {
		spool_close(run.spool);
		snprintf(doc.name, sizeof(doc.name), "%s", f->name);
		snprintf(doc.uri, sizeof(doc.uri), "%s", f->uri);
		doc.number = f->number;
		doc.created = time(NULL);
	} else {
		spool_discard(run.spool);
	}

	system_lock(sys);
	job->fetching--;
	bool gone = job_is_terminal(job);
	if (ok && !gone && !job_add_doc_locked(job, &doc)) {
		snprintf(run.error, sizeof(run.error), "Out of memory.");
		reason = JR_ABORTED_BY_SYSTEM;
		ok = false;
	}
	if (ok && gone)
		unlink(doc.path);
	if (!ok && !gone) {
		snprintf(job->message, sizeof(job->message), "%s", run.error);
		job_enter_state_locked(job, IPPD_JOB_STATE_ABORTED, reason, JR_JOB_INCOMING);
	} else if (ok && !gone && f->last && job->fetching == 0 && (job->reasons & JR_JOB_INCOMING)) {
		job_ipp_close_locked(job);
	}
	system_unlock(sys);
	if (ok)
		log_job(job, LOG_INFO, "document %d fetched from %s (%lld octets)", f->number, f->uri, (long long)doc.size);
	else
		log_job(job, LOG_WARN, "document %d: %s", f->number, run.error);
	job_save(sys, job);
}

static void *fetch_main(void *arg)
{
	system_t *sys = arg;
	system_lock(sys);
	while (!fq.stopping) {
		fetch_t *f = fq.head;
		if (!f) {
			pthread_cond_wait(&fq.wake, &sys->lock);
			continue;
		}
		fq.head = f->next;
		if (!fq.head)
			fq.tail = NULL;
		system_unlock(sys);
		fetch_one(f);
		system_lock(sys);
		job_release_locked(f->job);
		free(f);
	}
	system_unlock(sys);
	return NULL;
}

bool uri_fetch_queue_locked(job_t *job, const uri_fetch_req_t *req)
{
	system_t *sys = job->printer->sys;
	if (fq.stopping)
		return false;
	fetch_t *f = calloc(1, sizeof(*f));
	if (!f)
		return false;
	if (!fq.started) {
		fq.sys = sys;
		if (pthread_create(&fq.thread, NULL, fetch_main, sys) != 0) {
			free(f);
			return false;
		}
		fq.started = true;
	}
	f->job = job;
	f->number = job->n_docs + job->fetching + 1;
	f->last = req->last;
	f->policy = job->printer->uri_policy;
	snprintf(f->uri, sizeof(f->uri), "%s", req->uri);
	snprintf(f->path, sizeof(f->path), "%s", req->path ? req->path : "");
	snprintf(f->format, sizeof(f->format), "%s", req->format);
	snprintf(f->compression, sizeof(f->compression), "%s", req->compression ? req->compression : "none");
	snprintf(f->name, sizeof(f->name), "%s", req->name);
	job_hold_locked(job);
	job->fetching++;
	if (fq.tail)
		fq.tail->next = f;
	else
		fq.head = f;
	fq.tail = f;
	pthread_cond_signal(&fq.wake);
	return true;
}

void uri_fetch_stop(system_t *sys)
{
	system_lock(sys);
	bool started = fq.started && fq.sys == sys;
	fq.stopping = true;
	pthread_cond_broadcast(&fq.wake);
	system_unlock(sys);
	if (started)
		pthread_join(fq.thread, NULL);
	/* What was never fetched stays incoming; multiple-operation-time-out ends those jobs after a restart. */
	system_lock(sys);
	while (fq.head) {
		fetch_t *f = fq.head;
		fq.head = f->next;
		f->job->fetching--;
		job_release_locked(f->job);
		free(f);
	}
	fq.tail = NULL;
	fq.started = false;
	system_unlock(sys);
}
