/* ipp pause, resume, enable, disable: a printer's processing and acceptance of jobs (Pause-/Resume-, Enable-/Disable-Printer). */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <errno.h>
#include <string.h>

#include <ippd/registry.h>

#include "cli.h"
#include "common.h"

#define PAUSE_USAGE "usage: ipp pause URI [--json]"
#define RESUME_USAGE "usage: ipp resume URI [--json]"
#define ENABLE_USAGE "usage: ipp enable URI [--json]"
#define DISABLE_USAGE "usage: ipp disable URI [--json]"

void cmd_pause_help(void)
{
	fputs(PAUSE_USAGE
	      "\n"
	      "\n"
	      "Pauses the printer (Pause-Printer): it goes on accepting jobs but starts no\n"
	      "new one until 'ipp resume'.  Usually needs an operator.\n"
	      "\n"
	      "  --json            {\"printer-uri\":URI,\"printer-state\":STATE,...}\n" CLI_COMMON_HELP "\n"
	      "Exit status: 0 paused, 1 refused or failed, 2 bad usage.\n",
	      stdout);
}

void cmd_resume_help(void)
{
	fputs(RESUME_USAGE
	      "\n"
	      "\n"
	      "Resumes a paused printer (Resume-Printer).  Usually needs an operator.\n"
	      "\n"
	      "  --json            {\"printer-uri\":URI,\"printer-state\":STATE,...}\n" CLI_COMMON_HELP "\n"
	      "Exit status: 0 resumed, 1 refused or failed, 2 bad usage.\n",
	      stdout);
}

void cmd_enable_help(void)
{
	fputs(ENABLE_USAGE
	      "\n"
	      "\n"
	      "Lets the printer accept new jobs again (Enable-Printer, RFC 3998).  Usually\n"
	      "needs an operator.\n"
	      "\n"
	      "  --json            {\"printer-uri\":URI,\"printer-is-accepting-jobs\":BOOL,...}\n" CLI_COMMON_HELP "\n"
	      "Exit status: 0 enabled, 1 refused or failed, 2 bad usage.\n",
	      stdout);
}

void cmd_disable_help(void)
{
	fputs(DISABLE_USAGE
	      "\n"
	      "\n"
	      "Stops the printer from accepting new jobs (Disable-Printer, RFC 3998); the jobs\n"
	      "it has still print.  Usually needs an operator.\n"
	      "\n"
	      "  --json            {\"printer-uri\":URI,\"printer-is-accepting-jobs\":BOOL,...}\n" CLI_COMMON_HELP "\n"
	      "Exit status: 0 disabled, 1 refused or failed, 2 bad usage.\n",
	      stdout);
}

/* Reports the printer's state after the change: the state is what the user wants to see confirmed. */
static void show_state(cli_ctx_t *ctx, const char *done, bool accepting)
{
	static const char *const want[] = {"printer-state", "printer-state-reasons", "printer-is-accepting-jobs"};
	ippd_msg_t *req = cli_request(ctx, IPPD_OP_GET_PRINTER_ATTRIBUTES, 0);
	if (req)
		cli_request_attrs(req, want, accepting ? 3 : 2);
	ippd_msg_t *resp = req ? cli_exchange(ctx, req, -1) : NULL;
	ippd_msg_free(req);
	const ippd_group_t *g = resp ? ippd_msg_find_group(resp, IPPD_TAG_PRINTER) : NULL;
	const ippd_attr_t *state = g ? ippd_group_find(g, "printer-state") : NULL;
	const ippd_attr_t *reasons = g ? ippd_group_find(g, "printer-state-reasons") : NULL;
	const ippd_attr_t *accept = g && accepting ? ippd_group_find(g, "printer-is-accepting-jobs") : NULL;
	if (ctx->json) {
		printf("{\"printer-uri\":");
		cli_json_string(stdout, ctx->printer_uri);
		printf(",\"status\":\"successful-ok\",\"printer-state\":");
		cli_json_values(stdout, state, false);
		printf(",\"printer-state-reasons\":");
		cli_json_values(stdout, reasons, true);
		if (accepting) {
			printf(",\"printer-is-accepting-jobs\":");
			cli_json_values(stdout, accept, false);
		}
		printf("}\n");
	} else if (accepting) {
		char a[16], uri[1100];
		printf("%s %s (printer-is-accepting-jobs %s)\n", cli_clean(ctx->printer_uri, uri, sizeof(uri)), done,
		       accept ? cli_attr_text(accept, a, sizeof(a)) : "unknown");
	} else {
		char s[64], r[512], uri[1100];
		printf("%s %s (state %s, reasons %s)\n", cli_clean(ctx->printer_uri, uri, sizeof(uri)), done,
		       state ? cli_attr_text(state, s, sizeof(s)) : "unknown",
		       reasons ? cli_attr_text(reasons, r, sizeof(r)) : "unknown");
	}
	ippd_msg_free(resp);
}

static int run_op(const char *cmd, uint16_t op, const char *usage, const char *done, bool accepting,
                  void (*help)(void), int argc, char **argv);

static int run_printer_op(const char *cmd, uint16_t op, const char *usage, const char *done,
                          void (*help)(void), int argc, char **argv)
{
	return run_op(cmd, op, usage, done, false, help, argc, argv);
}

static int run_op(const char *cmd, uint16_t op, const char *usage, const char *done, bool accepting,
                  void (*help)(void), int argc, char **argv)
{
	static const struct option opts[] = {CLI_COMMON_OPTIONS, {NULL, 0, NULL, 0}};
	cli_ctx_t ctx;
	cli_ctx_init(&ctx, cmd, usage);
	int rc = EXIT_USAGE;
	if ((rc = cli_ctx_options(&ctx, argc, argv, opts, help, NULL, NULL)) != CLI_OPTIONS_READ)
		goto out;
	rc = EXIT_USAGE;
	if (argc - optind != 1) {
		cli_error(ctx.cmd, "expected one printer URI");
		rc = cli_usage(&ctx);
		goto out;
	}
	rc = cli_ctx_connect(&ctx, argv[optind], false);
	if (rc != EXIT_OK)
		goto out;
	ippd_msg_t *req = cli_request(&ctx, op, 0);
	ippd_msg_t *resp = req ? cli_call(&ctx, req, -1) : NULL;
	ippd_msg_free(req);
	rc = resp ? EXIT_OK : EXIT_FAIL;
	ippd_msg_free(resp);
	if (rc == EXIT_OK)
		show_state(&ctx, done, accepting);
	if (fflush(stdout) != 0 && rc == EXIT_OK) {
		cli_error(ctx.cmd, "writing the output failed: %s", strerror(errno));
		rc = EXIT_FAIL;
	}
out:
	cli_ctx_done(&ctx);
	return rc;
}

int cmd_pause(int argc, char **argv)
{
	return run_printer_op("pause", IPPD_OP_PAUSE_PRINTER, PAUSE_USAGE, "paused", cmd_pause_help, argc,
	                      argv);
}

int cmd_resume(int argc, char **argv)
{
	return run_printer_op("resume", IPPD_OP_RESUME_PRINTER, RESUME_USAGE, "resumed", cmd_resume_help,
	                      argc, argv);
}

int cmd_enable(int argc, char **argv)
{
	return run_op("enable", IPPD_OP_ENABLE_PRINTER, ENABLE_USAGE, "enabled", /*accepting*/ true, cmd_enable_help,
	              argc, argv);
}

int cmd_disable(int argc, char **argv)
{
	return run_op("disable", IPPD_OP_DISABLE_PRINTER, DISABLE_USAGE, "disabled", /*accepting*/ true,
	              cmd_disable_help, argc, argv);
}
