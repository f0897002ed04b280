/* ipp print: files as one job (Print-Job, or Create-Job + Send-Document), optionally followed to its end. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <ippd/registry.h>

#include "cli.h"
#include "common.h"

#define PRINT_USAGE                                                                                          \
	"usage: ipp print URI FILE... [-o NAME=VALUE]... [-n COPIES] [-t TITLE] [--format MIME] [--wait] "   \
	"[--json]"

void cmd_print_help(void)
{
	fputs(PRINT_USAGE
	      "\n"
	      "\n"
	      "Prints the FILEs as one job on the printer at URI: Print-Job for one file,\n"
	      "Create-Job and one Send-Document per file for several.  '-' reads a document\n"
	      "from standard input (streamed: any size).  Files are never read into memory.\n"
	      "\n"
	      "  -o NAME=VALUE     a job attribute, typed from the IPP registry: copies=2,\n"
	      "                    sides=two-sided-long-edge, print-quality=high or 5,\n"
	      "                    page-ranges=1-3,7-9, printer-resolution=600dpi,\n"
	      "                    media-col={media-size={x-dimension=21000 y-dimension=29700}}\n"
	      "  -n COPIES         the number of copies\n"
	      "  -t TITLE          the job name (default: the first file's name)\n"
	      "  --format MIME     the document-format of every file (default: detected from\n"
	      "                    the first bytes: PDF, JPEG, PWG Raster, Apple Raster, PNG,\n"
	      "                    PostScript, text; otherwise application/octet-stream)\n"
	      "  --wait            follow the job until it ends and report its final state\n"
	      "  --json            print the job as one JSON object (see ipp(1))\n" CLI_COMMON_HELP "\n"
	      "Exit status: 0 submitted (with --wait: completed), 1 refused, failed, canceled\n"
	      "or aborted, 2 bad usage.\n",
	      stdout);
}

enum { HEAD_BYTES = 4096 };

/* One document to send: where its bytes come from and what it is. */
typedef struct doc {
	const char *path; /* as given; "-" for standard input */
	const char *name; /* document-name: the file's base name */
	const char *format;
	int fd;  /* what the transport reads */
	int src; /* for a pumped pipe: where the pump reads */
	bool pumping;
	pthread_t pump;
	int wfd;        /* the pump's write end */
	int pump_errno; /* a read error the pump met */
	unsigned char head[HEAD_BYTES];
	size_t head_n;
} doc_t;

/* Closes the pump's write end however the pump ends: the transport then sees the end of the document. */
static void pump_cleanup(void *arg)
{
	doc_t *d = arg;
	close(d->wfd);
}

/* Writes all of buf to fd; false when the reader has gone. */
static bool write_all(int fd, const unsigned char *buf, size_t n)
{
	for (size_t off = 0; off < n;) {
		ssize_t k = write(fd, buf + off, n - off);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return false;
		off += (size_t)k;
	}
	return true;
}

/*
 * Copies the bytes already read for detection, then the rest of the source,
 * into the pipe the transport reads: the document stays a stream and never
 * sits in memory.  It stops when the transport closes its end.
 */
static void *pump_main(void *arg)
{
	doc_t *d = arg;
	unsigned char buf[65536];
	pthread_cleanup_push(pump_cleanup, d);
	bool more = write_all(d->wfd, d->head, d->head_n);
	while (more) {
		ssize_t n = read(d->src, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			d->pump_errno = errno;
		more = n > 0 && write_all(d->wfd, buf, (size_t)n);
	}
	pthread_cleanup_pop(1);
	return NULL;
}

/* Reads up to HEAD_BYTES from a stream for detection (short only at the end of the stream). */
static ssize_t read_head(int fd, unsigned char *buf, size_t cap)
{
	size_t got = 0;
	while (got < cap) {
		ssize_t n = read(fd, buf + got, cap - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

/* Opens a document and settles its format: a regular file is peeked at, a stream goes through a pump. */
static bool doc_open(const cli_ctx_t *ctx, doc_t *d, const char *format)
{
	bool is_stdin = strcmp(d->path, "-") == 0;
	d->fd = is_stdin ? STDIN_FILENO : open(d->path, O_RDONLY | O_CLOEXEC);
	d->src = -1;
	if (d->fd < 0) {
		cli_error(ctx->cmd, "%s: %s", d->path, strerror(errno));
		return false;
	}
	const char *slash = strrchr(d->path, '/');
	d->name = is_stdin ? NULL : slash ? slash + 1 : d->path;
	struct stat st;
	if (fstat(d->fd, &st) != 0 || S_ISDIR(st.st_mode)) {
		cli_error(ctx->cmd, "%s: %s", d->path,
		          S_ISDIR(st.st_mode) ? "is a directory" : strerror(errno));
		return false;
	}
	d->format = format;
	if (format)
		return true;
	if (S_ISREG(st.st_mode)) {
		off_t at = lseek(d->fd, 0, SEEK_CUR);
		ssize_t n = pread(d->fd, d->head, sizeof(d->head), at < 0 ? 0 : at);
		if (n < 0) {
			cli_error(ctx->cmd, "%s: %s", d->path, strerror(errno));
			return false;
		}
		d->format = cli_detect_format(d->head, (size_t)n);
		return true;
	}
	ssize_t n = read_head(d->fd, d->head, sizeof(d->head));
	if (n < 0) {
		cli_error(ctx->cmd, "%s: %s", d->path, strerror(errno));
		return false;
	}
	d->head_n = (size_t)n;
	d->format = cli_detect_format(d->head, d->head_n);
	/* The bytes read must still reach the printer: the transport reads a pipe that replays them. */
	int p[2];
	if (pipe(p) != 0 || fcntl(p[0], F_SETFD, FD_CLOEXEC) != 0 || fcntl(p[1], F_SETFD, FD_CLOEXEC) != 0) {
		cli_error(ctx->cmd, "pipe: %s", strerror(errno));
		return false;
	}
	d->src = d->fd;
	d->fd = p[0];
	d->wfd = p[1];
	if (pthread_create(&d->pump, NULL, pump_main, d) != 0) {
		cli_error(ctx->cmd, "cannot start a thread");
		close(p[0]);
		close(p[1]);
		d->fd = d->src;
		return false;
	}
	d->pumping = true;
	return true;
}

/* Closes what doc_open opened; false when the source failed while it was being sent. */
static bool doc_close(const cli_ctx_t *ctx, doc_t *d)
{
	bool ok = true;
	if (d->pumping) {
		/* After an early refusal the pump may still wait on its source: cancel it (read is a
		 * cancellation point). */
		close(d->fd);
		pthread_cancel(d->pump);
		pthread_join(d->pump, NULL);
		d->pumping = false;
		if (d->pump_errno) {
			cli_error(ctx->cmd, "%s: %s", d->path, strerror(d->pump_errno));
			ok = false;
		}
		d->fd = d->src;
	}
	if (d->fd > STDIN_FILENO)
		close(d->fd);
	d->fd = -1;
	return ok;
}

/* Copies every attribute of `from` (the user's settings) after the request's own. */
static bool copy_group(ippd_msg_t *req, const ippd_msg_t *from, ippd_tag_t tag)
{
	const ippd_group_t *src = ippd_msg_find_group(from, tag);
	if (!src)
		return true;
	ippd_group_t *dst = ippd_msg_get_group(req, tag);
	for (const ippd_attr_t *a = ippd_group_first(src); a; a = ippd_attr_next(a)) {
		const char *name = ippd_attr_get_name(a);
		if (tag == IPPD_TAG_OPERATION && (strcmp(name, "attributes-charset") == 0 ||
		                                  strcmp(name, "attributes-natural-language") == 0))
			continue;
		ippd_attr_t *old = dst ? ippd_group_find(dst, name) : NULL;
		if (old)
			ippd_group_remove(dst, old);
		if (!dst || !ippd_group_copy_attr(dst, a, NULL))
			return false;
	}
	return true;
}

/* The job after submission or after waiting. */
typedef struct job {
	int32_t id;
	char uri[1024];
	int32_t state;
	char reasons[512];
	char message[512];
	ippd_msg_t *resp; /* the last response, for --json */
} job_t;

static void job_take(job_t *job, ippd_msg_t *resp)
{
	const ippd_group_t *g = ippd_msg_find_group(resp, IPPD_TAG_JOB);
	if (!job->id)
		job->id = cli_group_int(g, "job-id", 0);
	const char *uri = cli_group_string(g, "job-uri");
	if (uri && !job->uri[0])
		snprintf(job->uri, sizeof(job->uri), "%s", uri);
	job->state = cli_group_int(g, "job-state", job->state);
	const ippd_attr_t *r = g ? ippd_group_find(g, "job-state-reasons") : NULL;
	if (r)
		cli_attr_text(r, job->reasons, sizeof(job->reasons));
	const char *m = cli_group_string(g, "job-state-message");
	if (m)
		cli_clean(m, job->message, sizeof(job->message));
	ippd_msg_free(job->resp);
	job->resp = resp;
}

static const char *state_name(int32_t state)
{
	const char *s = ippd_enum_name("job-state", state);
	return s ? s : "unknown";
}

/*
 * Sends a request that creates a job (Print-Job, Create-Job) and retries
 * while the printer answers server-error-busy, as RFC 8011 §4.1.6 invites:
 * printers that print one job at a time (ippeveprinter, many real ones)
 * refuse new jobs until then.  A document is sent again only when it can be
 * read again (a regular file); a pipe gets the printer's answer as it is.
 */
static ippd_msg_t *submit(cli_ctx_t *ctx, ippd_msg_t *req, int fd)
{
	enum { BUSY_WAIT_S = 300 };
	double give_up = cli_now() + BUSY_WAIT_S;
	unsigned delay_s = 1;
	for (;;) {
		off_t start = fd >= 0 ? lseek(fd, 0, SEEK_CUR) : 0;
		cli_progress_begin(ctx);
		ippd_msg_t *resp = cli_exchange(ctx, req, fd);
		bool busy = resp && ippd_msg_get_code(resp) == IPPD_STATUS_SERVER_ERROR_BUSY;
		if (!busy || start < 0 || cli_now() + delay_s > give_up) {
			if (resp && !cli_check(ctx, resp)) {
				ippd_msg_free(resp);
				resp = NULL;
			}
			return resp;
		}
		ippd_msg_free(resp);
		if (delay_s == 1)
			cli_error(ctx->cmd, "note: the printer is busy; trying again for up to %d s",
			          BUSY_WAIT_S);
		sleep(delay_s);
		delay_s = delay_s * 2 > 8 ? 8 : delay_s * 2;
		if (fd >= 0 && lseek(fd, start, SEEK_SET) < 0) {
			cli_error(ctx->cmd, "cannot read the document again: %s", strerror(errno));
			return NULL;
		}
		ippd_msg_set_request_id(req, ippd_client_next_id(ctx->client));
	}
}

/* Sends one document: a Print-Job (retried while the printer is busy) or a Send-Document. */
static ippd_msg_t *send_doc(cli_ctx_t *ctx, ippd_msg_t *req, doc_t *d, bool create)
{
	ippd_msg_t *resp;
	if (create) {
		resp = submit(ctx, req, d->fd);
	} else {
		cli_progress_begin(ctx);
		resp = cli_call(ctx, req, d->fd);
	}
	if (!doc_close(ctx, d)) {
		ippd_msg_free(resp);
		return NULL;
	}
	return resp;
}

/* Adds the document's operation attributes (RFC 8011 §3.2.1.1) to a Print-Job or Send-Document. */
static bool add_doc_attrs(ippd_msg_t *req, const doc_t *d)
{
	ippd_group_t *g = ippd_msg_get_group(req, IPPD_TAG_OPERATION);
	if (!g)
		return false;
	if (d->name && !ippd_group_add_string(g, IPPD_TAG_NAME, "document-name", d->name))
		return false;
	return ippd_group_add_string(g, IPPD_TAG_MIME_TYPE, "document-format", d->format) != NULL;
}

/* Follows the job with Get-Job-Attributes until it is canceled, aborted or completed. */
static bool wait_job(cli_ctx_t *ctx, job_t *job)
{
	static const char *const want[] = {"job-id",
	                                   "job-uri",
	                                   "job-state",
	                                   "job-state-reasons",
	                                   "job-state-message",
	                                   "job-impressions-completed"};
	double delay = 0.25;
	while (job->state < 7) {
		struct timespec ts = {(time_t)delay, (long)((delay - (double)(time_t)delay) * 1e9)};
		nanosleep(&ts, NULL);
		/* Back off to one poll every two seconds: a long job must not flood the printer. */
		delay = delay * 2 > 2 ? 2 : delay * 2;
		ippd_msg_t *req = cli_request(ctx, IPPD_OP_GET_JOB_ATTRIBUTES, job->id);
		if (!req)
			return false;
		cli_request_attrs(req, want, sizeof(want) / sizeof(want[0]));
		ippd_msg_t *resp = cli_call(ctx, req, -1);
		ippd_msg_free(req);
		if (!resp)
			return false;
		job_take(job, resp);
	}
	return true;
}

/*
 * Several files make one job only where the printer takes several documents
 * per job: ask first, so that a printer that cannot (ippeveprinter) is not
 * left with half a job.  A printer that does not say is given the chance.
 */
static bool multiple_documents_ok(cli_ctx_t *ctx)
{
	static const char *const want[] = {"multiple-document-jobs-supported"};
	ippd_msg_t *req = cli_request(ctx, IPPD_OP_GET_PRINTER_ATTRIBUTES, 0);
	if (!req)
		return false;
	cli_request_attrs(req, want, 1);
	ippd_msg_t *resp = cli_call(ctx, req, -1);
	ippd_msg_free(req);
	if (!resp)
		return false;
	const ippd_attr_t *a = ippd_msg_find(resp, IPPD_TAG_PRINTER, want[0]);
	bool ok = !a || ippd_attr_tag(a) != IPPD_TAG_BOOLEAN || ippd_attr_get_boolean(a, 0);
	ippd_msg_free(resp);
	if (!ok)
		cli_error(ctx->cmd,
		          "the printer takes one document per job (multiple-document-jobs-supported is "
		          "false): print the files one at a time");
	return ok;
}

static void print_json(const cli_ctx_t *ctx, const job_t *job, size_t ndocs, bool waited)
{
	const ippd_group_t *g = ippd_msg_find_group(job->resp, IPPD_TAG_JOB);
	printf("{\"printer-uri\":");
	cli_json_string(stdout, ctx->printer_uri);
	printf(",\"job-id\":%d,\"job-uri\":", (int)job->id);
	cli_json_string(stdout, job->uri[0] ? job->uri : NULL);
	printf(",\"job-state\":");
	cli_json_string(stdout, state_name(job->state));
	printf(",\"job-state-reasons\":");
	cli_json_values(stdout, g ? ippd_group_find(g, "job-state-reasons") : NULL, true);
	printf(",\"job-state-message\":");
	cli_json_string(stdout, cli_group_string(g, "job-state-message"));
	printf(",\"documents\":%zu,\"waited\":%s}\n", ndocs, waited ? "true" : "false");
}

enum { OPT_FORMAT = CLI_OPT_FIRST_OWN, OPT_WAIT };

/* What the options of `ipp print` ask for; -o and -n go into `settings` as they come. */
typedef struct print_opts {
	ippd_msg_t *settings; /* a scratch request holding the job attributes */
	const char *title;
	const char *format;
	bool wait;
} print_opts_t;

static int print_option(cli_ctx_t *ctx, int c, const char *arg, void *data)
{
	print_opts_t *po = data;
	switch (c) {
	case 'o': {
		char why[256];
		if (!cli_add_option(po->settings, arg, why, sizeof(why))) {
			cli_error(ctx->cmd, "-o %s", why);
			return EXIT_USAGE;
		}
		return EXIT_OK;
	}
	case 'n': {
		int32_t n;
		if (!cli_parse_job_id(arg, &n)) {
			cli_error(ctx->cmd, "-n wants a number of copies, not '%s'", arg);
			return EXIT_USAGE;
		}
		ippd_group_t *jg = ippd_msg_get_group(po->settings, IPPD_TAG_JOB);
		ippd_attr_t *old = jg ? ippd_group_find(jg, "copies") : NULL;
		if (old)
			ippd_group_remove(jg, old);
		if (!jg || !ippd_group_add_integer(jg, IPPD_TAG_INTEGER, "copies", n)) {
			cli_error(ctx->cmd, "out of memory");
			return EXIT_FAIL;
		}
		return EXIT_OK;
	}
	case 't':
		po->title = arg;
		return EXIT_OK;
	case OPT_FORMAT:
		if (!strchr(arg, '/')) {
			cli_error(ctx->cmd, "--format wants a MIME type such as application/pdf, not '%s'", arg);
			return EXIT_USAGE;
		}
		po->format = arg;
		return EXIT_OK;
	case OPT_WAIT:
		po->wait = true;
		return EXIT_OK;
	default:
		return cli_usage(ctx);
	}
}

int cmd_print(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"option", required_argument, NULL, 'o'},
	    {"copies", required_argument, NULL, 'n'},
	    {"title", required_argument, NULL, 't'},
	    {"format", required_argument, NULL, OPT_FORMAT},
	    {"wait", no_argument, NULL, OPT_WAIT},
	    CLI_COMMON_OPTIONS,
	    {NULL, 0, NULL, 0},
	};
	cli_ctx_t ctx;
	cli_ctx_init(&ctx, "print", PRINT_USAGE);
	/* The user's job settings are parsed into a scratch request first: bad ones are bad usage. */
	ippd_msg_t *settings = ippd_msg_new_request(IPPD_OP_PRINT_JOB, 1);
	const char *title = NULL, *format = NULL;
	bool wait = false;
	int rc = EXIT_USAGE;
	doc_t *docs = NULL;
	size_t ndocs = 0;
	job_t job = {0};
	if (!settings) {
		cli_error("print", "out of memory");
		return EXIT_FAIL;
	}
	print_opts_t po = {settings, NULL, NULL, false};
	ctx.own_short = "o:n:t:";
	if ((rc = cli_ctx_options(&ctx, argc, argv, opts, cmd_print_help, print_option, &po)) != CLI_OPTIONS_READ)
		goto out;
	rc = EXIT_USAGE;
	title = po.title;
	format = po.format;
	wait = po.wait;
	if (argc - optind < 2) {
		cli_error(ctx.cmd, "expected a printer URI and at least one FILE (or - for standard input)");
		rc = cli_usage(&ctx);
		goto out;
	}
	ndocs = (size_t)(argc - optind - 1);
	size_t nstdin = 0;
	for (int i = optind + 1; i < argc; i++)
		nstdin += strcmp(argv[i], "-") == 0;
	if (nstdin > 1) {
		cli_error(ctx.cmd, "standard input ('-') can be printed only once");
		goto out;
	}
	rc = cli_ctx_connect(&ctx, argv[optind], false);
	if (rc != EXIT_OK)
		goto out;
	rc = EXIT_FAIL;
	docs = calloc(ndocs, sizeof(*docs));
	if (!docs) {
		cli_error(ctx.cmd, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < ndocs; i++) {
		docs[i].path = argv[optind + 1 + (int)i];
		docs[i].fd = -1;
	}
	/* A reader gone away must come back as an error from write(), not kill the process. */
	signal(SIGPIPE, SIG_IGN);
	/* Every file must open before a job exists, so that a typo does not leave half a job. */
	for (size_t i = 0; i < ndocs; i++)
		if (!doc_open(&ctx, &docs[i], format))
			goto out;

	if (ndocs > 1 && !multiple_documents_ok(&ctx))
		goto out;
	const char *job_name = title ? title : docs[0].name ? docs[0].name : "(stdin)";
	ippd_msg_t *req = cli_request(&ctx, ndocs == 1 ? IPPD_OP_PRINT_JOB : IPPD_OP_CREATE_JOB, 0);
	if (!req)
		goto out;
	bool ok = ippd_group_add_string(ippd_msg_get_group(req, IPPD_TAG_OPERATION), IPPD_TAG_NAME,
	                                "job-name", job_name) != NULL;
	ok = ok && copy_group(req, settings, IPPD_TAG_OPERATION);
	if (ok && ndocs == 1)
		ok = add_doc_attrs(req, &docs[0]);
	ok = ok && copy_group(req, settings, IPPD_TAG_JOB);
	if (!ok) {
		ippd_msg_free(req);
		cli_error(ctx.cmd, "out of memory");
		goto out;
	}
	ippd_msg_t *resp = ndocs == 1 ? send_doc(&ctx, req, &docs[0], true) : submit(&ctx, req, -1);
	ippd_msg_free(req);
	if (!resp)
		goto out;
	job_take(&job, resp);
	if (job.id <= 0) {
		cli_error(ctx.cmd, "the printer answered without a job-id");
		goto out;
	}

	/* Several documents: one Send-Document each, the last one closing the job. */
	for (size_t i = 0; ndocs > 1 && i < ndocs; i++) {
		req = cli_request(&ctx, IPPD_OP_SEND_DOCUMENT, job.id);
		ippd_group_t *og = req ? ippd_msg_get_group(req, IPPD_TAG_OPERATION) : NULL;
		ok = og && add_doc_attrs(req, &docs[i]) &&
		     ippd_group_add_boolean(og, "last-document", i + 1 == ndocs);
		resp = ok ? send_doc(&ctx, req, &docs[i], false) : NULL;
		ippd_msg_free(req);
		if (!ok)
			cli_error(ctx.cmd, "out of memory");
		if (!resp) {
			/* Do not leave an incomplete job waiting for documents that will never come. */
			req = cli_request(&ctx, IPPD_OP_CANCEL_JOB, job.id);
			if (req)
				ippd_msg_free(cli_exchange(&ctx, req, -1));
			ippd_msg_free(req);
			cli_error(ctx.cmd, "%s was not sent; job %d canceled", docs[i].path, (int)job.id);
			goto out;
		}
		job_take(&job, resp);
	}

	if (!ctx.json)
		printf("job %d submitted: %s (%s)\n", (int)job.id, job.uri[0] ? job.uri : ctx.printer_uri,
		       state_name(job.state));
	fflush(stdout);
	rc = EXIT_OK;
	if (wait) {
		if (!wait_job(&ctx, &job)) {
			rc = EXIT_FAIL;
			goto out;
		}
		if (!ctx.json)
			printf("job %d %s%s%s%s%s\n", (int)job.id, state_name(job.state),
			       job.reasons[0] ? ": " : "", job.reasons, job.message[0] ? ": " : "",
			       job.message);
		if (job.state != 9) {
			cli_error(ctx.cmd, "job %d %s: %s", (int)job.id, state_name(job.state),
			          job.message[0] ? job.message : job.reasons);
			rc = EXIT_FAIL;
		}
	}
	if (ctx.json)
		print_json(&ctx, &job, ndocs, wait);
	if (fflush(stdout) != 0) {
		cli_error(ctx.cmd, "writing the output failed: %s", strerror(errno));
		rc = EXIT_FAIL;
	}
out:
	for (size_t i = 0; docs && i < ndocs; i++)
		if (docs[i].fd >= 0)
			doc_close(&ctx, &docs[i]);
	free(docs);
	ippd_msg_free(job.resp);
	ippd_msg_free(settings);
	cli_ctx_done(&ctx);
	return rc;
}
