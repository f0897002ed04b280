/* ipp jobs: a printer's jobs (Get-Jobs) as an aligned table or as JSON. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <errno.h>
#include <string.h>
#include <time.h>

#include <ippd/registry.h>

#include "cli.h"
#include "common.h"

#define JOBS_USAGE "usage: ipp jobs URI [--completed|--all] [--mine] [--json]"

void cmd_jobs_help(void)
{
	fputs(JOBS_USAGE "\n"
	                 "\n"
	                 "Lists the printer's jobs: id, owner, name, state, size and creation time.\n"
	                 "By default the jobs not yet completed (pending, held, processing, stopped).\n"
	                 "\n"
	                 "  --completed       only the jobs that ended (completed, canceled, aborted)\n"
	                 "  --all             every job the printer still knows\n"
	                 "  --mine            only the requesting user's jobs (-u, $IPP_USER)\n"
	                 "  --json            one JSON object {\"jobs\":[...]} (see ipp(1))\n" CLI_COMMON_HELP
	                 "\n"
	                 "Exit status: 0 listed (even when empty), 1 the printer could not be asked,\n"
	                 "2 bad usage.\n",
	      stdout);
}

static const char *const job_attrs[] = {
    "job-id",
    "job-uri",
    "job-originating-user-name",
    "job-name",
    "job-state",
    "job-state-reasons",
    "job-k-octets",
    "date-time-at-creation",
};

/* The responses to list: one, or two when the printer lacks which-jobs=all (not-completed, then completed).
 */
typedef struct answers {
	ippd_msg_t *resp[2];
	size_t n;
} answers_t;

static void jobs_json(const answers_t *ans)
{
	static const char *const shown[] = {"job-id",
	                                    "job-uri",
	                                    "job-originating-user-name",
	                                    "job-name",
	                                    "job-state",
	                                    "job-state-reasons",
	                                    "job-k-octets",
	                                    "date-time-at-creation"};
	bool first = true;
	fputs("{\"jobs\":[", stdout);
	for (size_t r = 0; r < ans->n; r++)
		for (const ippd_group_t *g = ippd_msg_first_group(ans->resp[r]); g; g = ippd_group_next(g)) {
			if (ippd_group_get_tag(g) != IPPD_TAG_JOB)
				continue;
			fputs(first ? "{" : ",{", stdout);
			first = false;
			for (size_t i = 0; i < sizeof(shown) / sizeof(shown[0]); i++) {
				printf("%s\"%s\":", i ? "," : "", shown[i]);
				const ippd_attr_t *a = ippd_group_find(g, shown[i]);
				cli_json_values(stdout, a, strcmp(shown[i], "job-state-reasons") == 0);
			}
			fputc('}', stdout);
		}
	fputs("]}\n", stdout);
}

/* "2026-11-22 19:13" from date-time-at-creation, else "-". */
static const char *created_text(const ippd_group_t *g, char *buf, size_t cap)
{
	const ippd_attr_t *a = ippd_group_find(g, "date-time-at-creation");
	const uint8_t *d = a ? ippd_attr_get_date(a, 0) : NULL;
	if (!d)
		return NULL;
	time_t t = ippd_date_to_time(d);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(buf, cap, "%Y-%m-%d %H:%M:%S", &tm);
	return buf;
}

static bool jobs_text(const answers_t *ans)
{
	static const char *const head[] = {"ID", "OWNER", "NAME", "STATE", "SIZE", "CREATED"};
	cli_table_t *t = cli_table_new(6, head);
	if (!t)
		return false;
	cli_table_align_right(t, 0);
	cli_table_align_right(t, 4);
	size_t n = 0;
	for (size_t r = 0; r < ans->n; r++)
		for (const ippd_group_t *g = ippd_msg_first_group(ans->resp[r]); g; g = ippd_group_next(g)) {
			if (ippd_group_get_tag(g) != IPPD_TAG_JOB)
				continue;
			char id[16], name[48], size[16], created[32];
			snprintf(id, sizeof(id), "%d", (int)cli_group_int(g, "job-id", 0));
			/* Long names would push every column right: cut them. */
			const char *jn = cli_group_string(g, "job-name");
			if (jn && strlen(jn) >= sizeof(name) - 1)
				snprintf(name, sizeof(name), "%.40s...", jn);
			else
				snprintf(name, sizeof(name), "%s", jn ? jn : "-");
			int32_t k = cli_group_int(g, "job-k-octets", -1);
			const char *state = ippd_enum_name("job-state", cli_group_int(g, "job-state", 0));
			const char *cells[6] = {
			    id,
			    cli_group_string(g, "job-originating-user-name"),
			    name,
			    state,
			    k >= 0 ? cli_format_size((uint64_t)k * 1024, size, sizeof(size)) : NULL,
			    created_text(g, created, sizeof(created)),
			};
			if (!cli_table_add(t, cells)) {
				cli_table_free(t);
				return false;
			}
			n++;
		}
	if (n)
		cli_table_print(t, stdout);
	else
		puts("no jobs");
	cli_table_free(t);
	return true;
}

/* True for a successful status. */
static bool is_ok(const ippd_msg_t *resp)
{
	return ippd_msg_get_code(resp) < 0x0100;
}

/* One Get-Jobs; with `check` an IPP error is reported and gives NULL, else the caller looks at the status. */
static ippd_msg_t *get_jobs(cli_ctx_t *ctx, const char *which, bool mine, bool check)
{
	ippd_msg_t *req = cli_request(ctx, IPPD_OP_GET_JOBS, 0);
	if (!req)
		return NULL;
	ippd_group_t *og = ippd_msg_get_group(req, IPPD_TAG_OPERATION);
	ippd_group_add_string(og, IPPD_TAG_KEYWORD, "which-jobs", which);
	if (mine)
		ippd_group_add_boolean(og, "my-jobs", true);
	cli_request_attrs(req, job_attrs, sizeof(job_attrs) / sizeof(job_attrs[0]));
	ippd_msg_t *resp = check ? cli_call(ctx, req, -1) : cli_exchange(ctx, req, -1);
	ippd_msg_free(req);
	return resp;
}

enum { OPT_COMPLETED = CLI_OPT_FIRST_OWN, OPT_ALL, OPT_MINE };

/* What the options of `ipp jobs` ask for. */
typedef struct jobs_opts {
	const char *which; /* which-jobs */
	bool mine;         /* my-jobs */
} jobs_opts_t;

static int jobs_option(cli_ctx_t *ctx, int c, const char *arg, void *data)
{
	jobs_opts_t *o = data;
	(void)arg;
	switch (c) {
	case OPT_COMPLETED:
	case OPT_ALL:
		if (strcmp(o->which, "not-completed") != 0) {
			cli_error(ctx->cmd, "--completed and --all are alternatives");
			return EXIT_USAGE;
		}
		o->which = c == OPT_ALL ? "all" : "completed";
		return EXIT_OK;
	case OPT_MINE:
		o->mine = true;
		return EXIT_OK;
	default:
		return cli_usage(ctx);
	}
}

int cmd_jobs(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"completed", no_argument, NULL, OPT_COMPLETED},
	    {"all", no_argument, NULL, OPT_ALL},
	    {"mine", no_argument, NULL, OPT_MINE},
	    CLI_COMMON_OPTIONS,
	    {NULL, 0, NULL, 0},
	};
	cli_ctx_t ctx;
	cli_ctx_init(&ctx, "jobs", JOBS_USAGE);
	jobs_opts_t o = {"not-completed", false};
	const char *which;
	bool mine;
	int rc;
	if ((rc = cli_ctx_options(&ctx, argc, argv, opts, cmd_jobs_help, jobs_option, &o)) != CLI_OPTIONS_READ)
		goto out;
	rc = EXIT_USAGE;
	which = o.which;
	mine = o.mine;
	if (argc - optind != 1) {
		cli_error(ctx.cmd, "expected one printer URI");
		rc = cli_usage(&ctx);
		goto out;
	}
	rc = cli_ctx_connect(&ctx, argv[optind], false);
	if (rc != EXIT_OK)
		goto out;
	rc = EXIT_FAIL;
	answers_t ans = {{NULL, NULL}, 0};
	ippd_msg_t *resp = get_jobs(&ctx, which, mine, false);
	/* which-jobs=all is PWG 5100.7, not RFC 8011: without it, the two halves one after the other. */
	if (resp && strcmp(which, "all") == 0 && !is_ok(resp)) {
		ippd_msg_free(resp);
		ans.resp[ans.n++] = get_jobs(&ctx, "not-completed", mine, true);
		resp = ans.resp[0] ? get_jobs(&ctx, "completed", mine, true) : NULL;
	} else if (resp && !cli_check(&ctx, resp)) {
		ippd_msg_free(resp);
		resp = NULL;
	}
	ans.resp[ans.n++] = resp;
	if (!resp) {
		ippd_msg_free(ans.resp[0]);
		goto out;
	}
	bool ok = true;
	if (ctx.json)
		jobs_json(&ans);
	else
		ok = jobs_text(&ans);
	for (size_t i = 0; i < ans.n; i++)
		ippd_msg_free(ans.resp[i]);
	if (!ok) {
		cli_error(ctx.cmd, "out of memory");
		goto out;
	}
	rc = EXIT_OK;
	if (fflush(stdout) != 0) {
		cli_error(ctx.cmd, "writing the output failed: %s", strerror(errno));
		rc = EXIT_FAIL;
	}
out:
	cli_ctx_done(&ctx);
	return rc;
}
