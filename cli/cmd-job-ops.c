/* ipp cancel, hold and release: one operation on one job, or on many for cancel --mine and --all. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <ippd/registry.h>

#include "cli.h"
#include "common.h"

#define CANCEL_USAGE                                                                                         \
	"usage: ipp cancel URI JOB-ID | ipp cancel JOB-URI | ipp cancel URI --mine|--all [--json]"
#define HOLD_USAGE "usage: ipp hold URI JOB-ID | ipp hold JOB-URI [--json]"
#define RELEASE_USAGE "usage: ipp release URI JOB-ID | ipp release JOB-URI [--json]"

void cmd_cancel_help(void)
{
	fputs(CANCEL_USAGE "\n"
	                   "\n"
	                   "Cancels job JOB-ID of the printer at URI (Cancel-Job), or the job a job URI\n"
	                   "names (ipp://host/ipp/print/42).\n"
	                   "\n"
	                   "  --mine            cancel every unfinished job of the requesting user\n"
	                   "                    (Cancel-My-Jobs, else one Cancel-Job per job)\n"
	                   "  --all             cancel every unfinished job (Cancel-Jobs, else one\n"
	                   "                    Cancel-Job per job); usually needs an operator\n"
	                   "  --json            {\"canceled\":[ID...]} (see ipp(1))\n" CLI_COMMON_HELP "\n"
	                   "Exit status: 0 canceled, 1 refused or failed, 2 bad usage.\n",
	      stdout);
}

void cmd_hold_help(void)
{
	fputs(HOLD_USAGE "\n"
	                 "\n"
	                 "Holds a pending job (Hold-Job): it stays in the queue, pending-held, until\n"
	                 "'ipp release'.\n"
	                 "\n"
	                 "  --json            {\"job-id\":ID,\"status\":\"successful-ok\"}\n" CLI_COMMON_HELP
	                 "\n"
	                 "Exit status: 0 held, 1 refused or failed, 2 bad usage.\n",
	      stdout);
}

void cmd_release_help(void)
{
	fputs(RELEASE_USAGE
	      "\n"
	      "\n"
	      "Releases a held job (Release-Job) so that it can print.\n"
	      "\n"
	      "  --json            {\"job-id\":ID,\"status\":\"successful-ok\"}\n" CLI_COMMON_HELP "\n"
	      "Exit status: 0 released, 1 refused or failed, 2 bad usage.\n",
	      stdout);
}

/* One subcommand of this file: its name, operation, words and help. */
typedef struct job_op {
	const char *cmd;
	uint16_t op;
	const char *usage;
	const char *done; /* "canceled" */
	void (*help)(void);
	bool bulk; /* accepts --mine and --all */
} job_op_t;

/* The ids of the unfinished jobs (of the user, with `mine`): for printers without Cancel-Jobs. */
static int32_t *list_jobs(cli_ctx_t *ctx, bool mine, size_t *count)
{
	static const char *const want[] = {"job-id"};
	*count = 0;
	ippd_msg_t *req = cli_request(ctx, IPPD_OP_GET_JOBS, 0);
	if (!req)
		return NULL;
	ippd_group_t *og = ippd_msg_get_group(req, IPPD_TAG_OPERATION);
	ippd_group_add_string(og, IPPD_TAG_KEYWORD, "which-jobs", "not-completed");
	if (mine)
		ippd_group_add_boolean(og, "my-jobs", true);
	cli_request_attrs(req, want, 1);
	ippd_msg_t *resp = cli_call(ctx, req, -1);
	ippd_msg_free(req);
	if (!resp)
		return NULL;
	size_t n = 0;
	for (const ippd_group_t *g = ippd_msg_first_group(resp); g; g = ippd_group_next(g))
		n += ippd_group_get_tag(g) == IPPD_TAG_JOB;
	int32_t *ids = calloc(n + 1, sizeof(*ids));
	for (const ippd_group_t *g = ippd_msg_first_group(resp); ids && g; g = ippd_group_next(g))
		if (ippd_group_get_tag(g) == IPPD_TAG_JOB && cli_group_int(g, "job-id", 0) > 0)
			ids[(*count)++] = cli_group_int(g, "job-id", 0);
	ippd_msg_free(resp);
	if (!ids)
		cli_error(ctx->cmd, "out of memory");
	return ids;
}

/* Sends `op` for one job; the response status decides. */
static bool one_job(cli_ctx_t *ctx, uint16_t op, int32_t id)
{
	ippd_msg_t *req = cli_request(ctx, op, id);
	ippd_msg_t *resp = req ? cli_call(ctx, req, -1) : NULL;
	ippd_msg_free(req);
	ippd_msg_free(resp);
	return resp != NULL;
}

static void print_ids(const cli_ctx_t *ctx, const job_op_t *jo, const int32_t *ids, size_t n,
                      const char *everything)
{
	if (ctx->json) {
		printf("{\"printer-uri\":");
		cli_json_string(stdout, ctx->printer_uri);
		printf(",\"status\":\"successful-ok\",\"%s\":", jo->done);
		if (everything) {
			printf("\"all\"}\n");
			return;
		}
		fputc('[', stdout);
		for (size_t i = 0; i < n; i++)
			printf("%s%d", i ? "," : "", (int)ids[i]);
		fputs("]}\n", stdout);
		return;
	}
	if (everything)
		printf("%s %s\n", jo->done, everything);
	else if (n == 0)
		printf("no jobs to %s\n", jo->cmd);
	for (size_t i = 0; i < n; i++)
		printf("job %d %s\n", (int)ids[i], jo->done);
}

/*
 * cancel --mine / --all: the bulk operation when the printer has it, else
 * Get-Jobs and one Cancel-Job per job (ippeveprinter has Cancel-My-Jobs but
 * not Cancel-Jobs, say).
 */
static int cancel_many(cli_ctx_t *ctx, const job_op_t *jo, bool mine)
{
	ippd_msg_t *req = cli_request(ctx, mine ? IPPD_OP_CANCEL_MY_JOBS : IPPD_OP_CANCEL_JOBS, 0);
	ippd_msg_t *resp = req ? cli_exchange(ctx, req, -1) : NULL;
	ippd_msg_free(req);
	if (!resp)
		return EXIT_FAIL;
	uint16_t status = ippd_msg_get_code(resp);
	if (status != IPPD_STATUS_SERVER_ERROR_OPERATION_NOT_SUPPORTED) {
		bool ok = cli_check(ctx, resp);
		ippd_msg_free(resp);
		if (ok)
			print_ids(ctx, jo, NULL, 0, mine ? "your unfinished jobs" : "every unfinished job");
		return ok ? EXIT_OK : EXIT_FAIL;
	}
	ippd_msg_free(resp);
	size_t n;
	int32_t *ids = list_jobs(ctx, mine, &n);
	if (!ids)
		return EXIT_FAIL;
	size_t done = 0;
	int rc = EXIT_OK;
	for (size_t i = 0; i < n; i++) {
		if (one_job(ctx, IPPD_OP_CANCEL_JOB, ids[i]))
			ids[done++] = ids[i];
		else
			rc = EXIT_FAIL;
	}
	print_ids(ctx, jo, ids, done, NULL);
	free(ids);
	return rc;
}

enum { OPT_MINE = CLI_OPT_FIRST_OWN, OPT_ALL };

/* cancel's own options: --mine and --all, each setting its flag in `data` (bool *[2]). */
static int bulk_option(cli_ctx_t *ctx, int c, const char *arg, void *data)
{
	(void)arg;
	bool **which = data;
	if (c != OPT_MINE && c != OPT_ALL)
		return cli_usage(ctx);
	*which[c == OPT_ALL] = true;
	return EXIT_OK;
}

static int run_job_op(const job_op_t *jo, int argc, char **argv)
{
	static const struct option bulk_opts[] = {
	    {"mine", no_argument, NULL, OPT_MINE},
	    {"all", no_argument, NULL, OPT_ALL},
	    CLI_COMMON_OPTIONS,
	    {NULL, 0, NULL, 0},
	};
	cli_ctx_t ctx;
	cli_ctx_init(&ctx, jo->cmd, jo->usage);
	bool mine = false, all = false;
	int rc = EXIT_USAGE;
	/* Only cancel takes --mine and --all: the others stop at the common options. */
	const struct option *opts = jo->bulk ? bulk_opts : bulk_opts + 2;
	bool *which[2] = {&mine, &all};
	if ((rc = cli_ctx_options(&ctx, argc, argv, opts, jo->help, bulk_option, which)) != CLI_OPTIONS_READ)
		goto out;
	rc = EXIT_USAGE;
	int nargs = argc - optind;
	int32_t id = 0;
	if (mine && all) {
		cli_error(ctx.cmd, "--mine and --all are alternatives");
		goto out;
	}
	if ((mine || all) && nargs != 1) {
		cli_error(ctx.cmd, "--%s takes the printer URI alone", mine ? "mine" : "all");
		rc = cli_usage(&ctx);
		goto out;
	}
	if (nargs == 2 && !cli_parse_job_id(argv[optind + 1], &id)) {
		cli_error(ctx.cmd, "'%s' is not a job-id (a positive number)", argv[optind + 1]);
		goto out;
	}
	if (nargs < 1 || nargs > 2) {
		cli_error(ctx.cmd, "expected a printer URI and a JOB-ID, or a job URI");
		rc = cli_usage(&ctx);
		goto out;
	}
	rc = cli_ctx_connect(&ctx, argv[optind], nargs == 1 && !mine && !all);
	if (rc != EXIT_OK)
		goto out;
	if (mine || all) {
		rc = cancel_many(&ctx, jo, mine);
		goto out;
	}
	if (!id)
		id = ctx.job_id;
	if (!id) {
		cli_error(ctx.cmd, "%s is not a job URI (ipp://host/ipp/print/42): give a JOB-ID",
		          argv[optind]);
		rc = cli_usage(&ctx);
		goto out;
	}
	rc = one_job(&ctx, jo->op, id) ? EXIT_OK : EXIT_FAIL;
	if (rc == EXIT_OK && ctx.json) {
		printf("{\"printer-uri\":");
		cli_json_string(stdout, ctx.printer_uri);
		printf(",\"job-id\":%d,\"status\":\"successful-ok\"}\n", (int)id);
	} else if (rc == EXIT_OK)
		printf("job %d %s\n", (int)id, jo->done);
out:
	if (fflush(stdout) != 0 && rc == EXIT_OK) {
		cli_error(ctx.cmd, "writing the output failed: %s", strerror(errno));
		rc = EXIT_FAIL;
	}
	cli_ctx_done(&ctx);
	return rc;
}

int cmd_cancel(int argc, char **argv)
{
	static const job_op_t jo = {"cancel",   IPPD_OP_CANCEL_JOB, CANCEL_USAGE,
	                            "canceled", cmd_cancel_help,    true};
	return run_job_op(&jo, argc, argv);
}

int cmd_hold(int argc, char **argv)
{
	static const job_op_t jo = {"hold", IPPD_OP_HOLD_JOB, HOLD_USAGE, "held", cmd_hold_help, false};
	return run_job_op(&jo, argc, argv);
}

int cmd_release(int argc, char **argv)
{
	static const job_op_t jo = {"release",  IPPD_OP_RELEASE_JOB, RELEASE_USAGE,
	                            "released", cmd_release_help,    false};
	return run_job_op(&jo, argc, argv);
}
