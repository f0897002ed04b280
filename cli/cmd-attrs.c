/* ipp attrs: the attributes of a printer (Get-Printer-Attributes) or of a job (Get-Job-Attributes). */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <ippd/registry.h>

#include "cli.h"
#include "common.h"

#define ATTRS_USAGE "usage: ipp attrs URI [NAME...] [--job ID] [--json]"

void cmd_attrs_help(void)
{
	fputs(ATTRS_USAGE
	      "\n"
	      "\n"
	      "Shows the attributes NAME... (default: all) of the printer at URI, or of a\n"
	      "job: when URI is a job URI (its last path component is a number, as in\n"
	      "ipp://host/ipp/print/42) or --job gives the job-id.  NAME may also be a group\n"
	      "such as printer-description or job-template.\n"
	      "\n"
	      "  --job ID          Get-Job-Attributes for job ID of the printer at URI\n"
	      "  --json            one JSON object, attribute name to value (see ipp(1))\n" CLI_COMMON_HELP
	      "\n"
	      "Exit status: 0 shown, 1 the printer or job could not be asked, 2 bad usage.\n",
	      stdout);
}

/* The groups that carry the object's attributes (not the operation or unsupported groups). */
static bool is_object_group(ippd_tag_t tag)
{
	return tag != IPPD_TAG_OPERATION && tag != IPPD_TAG_UNSUPPORTED_GROUP;
}

/* A flat object: one key per attribute; a 1setOf is always an array, a single value a scalar. */
static void attrs_json(const ippd_msg_t *resp)
{
	bool first = true;
	fputc('{', stdout);
	for (const ippd_group_t *g = ippd_msg_first_group(resp); g; g = ippd_group_next(g)) {
		if (!is_object_group(ippd_group_get_tag(g)))
			continue;
		for (const ippd_attr_t *a = ippd_group_first(g); a; a = ippd_attr_next(a)) {
			const ippd_attr_def_t *def = ippd_registry_find(ippd_attr_get_name(a));
			fputs(first ? "" : ",", stdout);
			first = false;
			cli_json_string(stdout, ippd_attr_get_name(a));
			fputc(':', stdout);
			cli_json_values(stdout, a, (def && def->set_of) || ippd_attr_count(a) != 1);
		}
	}
	fputs("}\n", stdout);
}

/* "name  value,value" with the names in one aligned column (capped so one long name does not push all). */
static bool attrs_text(const ippd_msg_t *resp)
{
	enum { MAX_NAME_COL = 36, VALUE_CAP = 65536 };
	size_t width = 0;
	for (const ippd_group_t *g = ippd_msg_first_group(resp); g; g = ippd_group_next(g))
		for (const ippd_attr_t *a = is_object_group(ippd_group_get_tag(g)) ? ippd_group_first(g)
		                                                                   : NULL;
		     a; a = ippd_attr_next(a)) {
			size_t w = strlen(ippd_attr_get_name(a));
			if (w > width && w <= MAX_NAME_COL)
				width = w;
		}
	char *value = malloc(VALUE_CAP);
	if (!value)
		return false;
	for (const ippd_group_t *g = ippd_msg_first_group(resp); g; g = ippd_group_next(g)) {
		if (!is_object_group(ippd_group_get_tag(g)))
			continue;
		for (const ippd_attr_t *a = ippd_group_first(g); a; a = ippd_attr_next(a)) {
			char name[256];
			cli_clean(ippd_attr_get_name(a), name, sizeof(name));
			printf("%-*s  %s\n", (int)width, name, cli_attr_text(a, value, VALUE_CAP));
		}
	}
	free(value);
	return true;
}

/* Names the user asked for that the answer lacks (group names like printer-description excepted). */
static void report_missing(const cli_ctx_t *ctx, const ippd_msg_t *resp, char **names, int n)
{
	for (int i = 0; i < n; i++) {
		const char *name = names[i];
		if (strcmp(name, "all") == 0 || strstr(name, "-description") || strstr(name, "-status") ||
		    strcmp(name, "job-template") == 0 || strcmp(name, "document-template") == 0 ||
		    strcmp(name, "media-col-database") == 0)
			continue;
		bool found = false;
		for (const ippd_group_t *g = ippd_msg_first_group(resp); g && !found; g = ippd_group_next(g))
			found = is_object_group(ippd_group_get_tag(g)) && ippd_group_find(g, name);
		if (!found)
			cli_error(ctx->cmd, "note: %s: not reported", name);
	}
}

enum { OPT_JOB = CLI_OPT_FIRST_OWN };

/* attrs's own option: --job ID. */
static int attrs_option(cli_ctx_t *ctx, int c, const char *arg, void *data)
{
	if (c == OPT_JOB && cli_parse_job_id(arg, data))
		return EXIT_OK;
	if (c == OPT_JOB)
		cli_error(ctx->cmd, "--job wants a job-id (a positive number), not '%s'", arg);
	return cli_usage(ctx);
}

int cmd_attrs(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"job", required_argument, NULL, OPT_JOB},
	    CLI_COMMON_OPTIONS,
	    {NULL, 0, NULL, 0},
	};
	cli_ctx_t ctx;
	cli_ctx_init(&ctx, "attrs", ATTRS_USAGE);
	int rc = EXIT_USAGE;
	int32_t job_id = 0;
	if ((rc = cli_ctx_options(&ctx, argc, argv, opts, cmd_attrs_help, attrs_option, &job_id)) != CLI_OPTIONS_READ)
		goto out;
	rc = EXIT_USAGE;
	if (argc - optind < 1) {
		cli_error(ctx.cmd, "expected a printer or job URI");
		rc = cli_usage(&ctx);
		goto out;
	}
	/* A job URI names the job only when --job does not. */
	rc = cli_ctx_connect(&ctx, argv[optind], job_id == 0);
	if (rc != EXIT_OK)
		goto out;
	rc = EXIT_FAIL;
	if (!job_id)
		job_id = ctx.job_id;
	char **names = argv + optind + 1;
	int nnames = argc - optind - 1;
	ippd_msg_t *req =
	    cli_request(&ctx, job_id ? IPPD_OP_GET_JOB_ATTRIBUTES : IPPD_OP_GET_PRINTER_ATTRIBUTES, job_id);
	if (!req)
		goto out;
	static const char *const all[] = {"all"};
	if (nnames)
		cli_request_attrs(req, (const char *const *)names, (size_t)nnames);
	else
		cli_request_attrs(req, all, 1);
	ippd_msg_t *resp = cli_call(&ctx, req, -1);
	ippd_msg_free(req);
	if (!resp)
		goto out;
	if (ctx.json)
		attrs_json(resp);
	else if (!attrs_text(resp))
		cli_error(ctx.cmd, "out of memory");
	report_missing(&ctx, resp, names, nnames);
	ippd_msg_free(resp);
	rc = EXIT_OK;
	if (fflush(stdout) != 0) {
		cli_error(ctx.cmd, "writing the output failed: %s", strerror(errno));
		rc = EXIT_FAIL;
	}
out:
	cli_ctx_done(&ctx);
	return rc;
}
