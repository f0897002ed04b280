/* What the ipp command's subcommands share: their table entry and the usage helpers. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPP_CLI_H
#define IPP_CLI_H

/* Exit statuses every subcommand uses. */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

typedef struct cli_command {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv); /* argv[0] is the subcommand's name */
	void (*help)(void);
} cli_command_t;

/* Subcommands, one cmd-*.c each. */
int cmd_decode(int argc, char **argv);
void cmd_decode_help(void);
int cmd_print(int argc, char **argv);
void cmd_print_help(void);
int cmd_status(int argc, char **argv);
void cmd_status_help(void);
int cmd_attrs(int argc, char **argv);
void cmd_attrs_help(void);
int cmd_jobs(int argc, char **argv);
void cmd_jobs_help(void);
int cmd_cancel(int argc, char **argv); /* cmd-job-ops.c */
void cmd_cancel_help(void);
int cmd_hold(int argc, char **argv);
void cmd_hold_help(void);
int cmd_release(int argc, char **argv);
void cmd_release_help(void);
int cmd_pause(int argc, char **argv); /* cmd-printer-ops.c */
void cmd_pause_help(void);
int cmd_resume(int argc, char **argv);
void cmd_resume_help(void);
int cmd_enable(int argc, char **argv); /* cmd-printer-ops.c */
void cmd_enable_help(void);
int cmd_disable(int argc, char **argv);
void cmd_disable_help(void);
int cmd_send(int argc, char **argv);
void cmd_send_help(void);
int cmd_find(int argc, char **argv);
void cmd_find_help(void);

/* Prints "ipp NAME: message" to stderr. */
__attribute__((format(printf, 2, 3))) void cli_error(const char *cmd, const char *fmt, ...);

#endif
