/* ipp: the command-line IPP client; this file dispatches to one subcommand per cmd-*.c. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const cli_command_t commands[] = {
    {"print", "print files as one job, optionally waiting for it to end", cmd_print, cmd_print_help},
    {"status", "show a printer's state, reasons, queue and supplies", cmd_status, cmd_status_help},
    {"attrs", "show the attributes of a printer or a job", cmd_attrs, cmd_attrs_help},
    {"jobs", "list a printer's jobs as a table", cmd_jobs, cmd_jobs_help},
    {"cancel", "cancel a job, your jobs or all jobs", cmd_cancel, cmd_cancel_help},
    {"hold", "hold a pending job", cmd_hold, cmd_hold_help},
    {"release", "release a held job", cmd_release, cmd_release_help},
    {"pause", "stop a printer from starting jobs", cmd_pause, cmd_pause_help},
    {"resume", "let a paused printer start jobs again", cmd_resume, cmd_resume_help},
    {"enable", "let a printer accept new jobs (Enable-Printer)", cmd_enable, cmd_enable_help},
    {"disable", "stop a printer from accepting new jobs (Disable-Printer)", cmd_disable, cmd_disable_help},
    {"send", "send a request written in a small text form and show the response", cmd_send, cmd_send_help},
    {"decode", "print a captured IPP request or response readably, or as JSON", cmd_decode, cmd_decode_help},
    {"find", "list the IPP printers DNS-SD finds on the local network", cmd_find, cmd_find_help},
};

enum { N_COMMANDS = sizeof(commands) / sizeof(commands[0]) };

void cli_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "ipp %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void usage(FILE *out)
{
	fputs("usage: ipp COMMAND [ARGS...]\n\ncommands:\n", out);
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fputs("\n'ipp COMMAND --help' describes a command.\n", out);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "ipp: unknown command '%s'; 'ipp --help' lists them\n", argv[1]);
	return EXIT_USAGE;
}
