/* ippd: the print service's entry point — flags, configuration, signals, start and orderly stop. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "dnssd.h"
#include "http.h"
#include "icons.h"
#include "passwd-cmd.h"
#include "printer-keep.h"
#include "privilege.h"
#include "spool.h"
#include "system-printers.h"
#include "notify-wait.h"
#include "system.h"

enum { MAX_LISTEN = 16 };

static void usage(FILE *out)
{
	fputs("usage: ippd [--listen HOST:PORT]... [--state-dir DIR] [--config FILE] [--log-level LEVEL]\n"
	      "            [--threads N] [--max-document-size BYTES] [--dnssd-name NAME | --no-dnssd]\n"
	      "            [--tls-cert FILE --tls-key FILE | --no-tls] [--client-timeout SECONDS]\n"
	      "            [--max-connections N] [--max-connections-per-address N] [--user USER]\n"
	      "            [--spool-reserve BYTES]\n"
	      "\n"
	      "The ippd print service: IPP printers over HTTP, in the foreground.\n"
	      "\n"
	      "  --listen HOST:PORT   address to serve (repeatable; default *:631; [::1]:631 for IPv6)\n"
	      "  --state-dir DIR      jobs, spool and output (default /var/lib/ippd)\n"
	      "  --config FILE        printers beyond the default one (see man ippd)\n"
	      "  --log-level LEVEL    error, warn, info (default) or debug\n"
	      "  --threads N          HTTP worker threads (default 4)\n"
	      "  --max-document-size BYTES  largest document accepted after decompression (default: no limit)\n"
	      "  --spool-reserve BYTES  free space a document may not use up on the state directory's file\n"
	      "                       system (default 64 MiB; 0: none)\n"
	      "  --dnssd-name NAME    DNS-SD service name of the default printer (default: its printer-info)\n"
	      "  --no-dnssd           do not advertise the printers with DNS-SD (Avahi)\n"
	      "  --tls-cert FILE      PEM certificate (chain) for ipps:// (default: a self-signed one in\n"
	      "                       STATE/tls/ippd.crt, made on first start)\n"
	      "  --tls-key FILE       PEM private key of --tls-cert\n"
	      "  --no-tls             plain ipp:// only\n"
	      "  --client-timeout S   idle limit, and the time a client has to send a request's headers and\n"
	      "                       IPP attributes (default 30)\n"
	      "  --max-connections N  open connections in all (default 512); beyond, new ones are closed\n"
	      "  --max-connections-per-address N  from one client address (default 128)\n"
	      "  --user USER          started as root: the account to run as once the ports are bound\n"
	      "                       (default " PRIVILEGE_DEFAULT_USER " if it exists; --user root stays root)\n"
	      "\n"
	      "ippd passwd [--state-dir DIR] [--role user|operator|admin] [--delete] USER\n"
	      "            manages the password file (ippd passwd --help)\n"
	      "\n"
	      "SIGTERM or SIGINT stops ippd cleanly; SIGHUP reloads the configuration file.\n",
	      out);
}

/* A whole decimal number from `min` to `max`. */
static bool parse_bounded(const char *text, unsigned long min, unsigned long max, unsigned *out)
{
	char *end = NULL;
	errno = 0;
	unsigned long v = strtoul(text, &end, 10);
	if (!*text || *end || errno || v < min || v > max || text[0] == '-')
		return false;
	*out = (unsigned)v;
	return true;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"listen", required_argument, NULL, 'l'},    {"state-dir", required_argument, NULL, 's'},
		{"config", required_argument, NULL, 'c'},    {"log-level", required_argument, NULL, 'L'},
		{"threads", required_argument, NULL, 't'},   {"max-document-size", required_argument, NULL, 'm'},
		{"dnssd-name", required_argument, NULL, 'N'}, {"no-dnssd", no_argument, NULL, 'D'},
		{"tls-cert", required_argument, NULL, 'C'},  {"tls-key", required_argument, NULL, 'K'},
		{"no-tls", no_argument, NULL, 'T'},          {"client-timeout", required_argument, NULL, 'o'},
		{"max-connections", required_argument, NULL, 'x'},
		{"max-connections-per-address", required_argument, NULL, 'a'},
		{"user", required_argument, NULL, 'u'},
		{"spool-reserve", required_argument, NULL, 'r'},
		{"help", no_argument, NULL, 'h'},            {NULL, 0, NULL, 0},
	};
	if (argc > 1 && strcmp(argv[1], "passwd") == 0)
		return passwd_command(argc - 1, argv + 1);
	const char *listen[MAX_LISTEN];
	size_t n_listen = 0;
	const char *state_dir = "/var/lib/ippd";
	const char *config_path = NULL;
	unsigned threads = 4;
	unsigned long long max_doc = 0;
	unsigned long long spool_reserve = SPOOL_RESERVE_DEFAULT;
	const char *dnssd_name = NULL;
	bool dnssd = true;
	const char *run_user = NULL;
	http_conf_t http_conf = {
		.tls = true,
		.client_timeout = 30,
		.max_connections = 512,
		.max_per_address = 128,
	};
	int c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		char *end = NULL;
		switch (c) {
		case 'l':
			if (n_listen == MAX_LISTEN) {
				fprintf(stderr, "ippd: at most %d --listen options\n", MAX_LISTEN);
				return 2;
			}
			listen[n_listen++] = optarg;
			break;
		case 's':
			state_dir = optarg;
			break;
		case 'c':
			config_path = optarg;
			break;
		case 'L': {
			log_level_t level;
			if (!log_parse_level(optarg, &level)) {
				fprintf(stderr, "ippd: --log-level must be error, warn, info or debug, not '%s'\n", optarg);
				return 2;
			}
			log_set_level(level);
			break;
		}
		case 't':
			threads = (unsigned)strtoul(optarg, &end, 10);
			if (!*optarg || *end || threads < 1 || threads > 256) {
				fprintf(stderr, "ippd: --threads must be 1 to 256, not '%s'\n", optarg);
				return 2;
			}
			break;
		case 'm':
			errno = 0;
			max_doc = strtoull(optarg, &end, 10);
			if (!*optarg || *end || errno) {
				fprintf(stderr, "ippd: --max-document-size must be a number of bytes, not '%s'\n", optarg);
				return 2;
			}
			break;
		case 'r':
			errno = 0;
			spool_reserve = strtoull(optarg, &end, 10);
			if (!*optarg || *end || errno || optarg[0] == '-') {
				fprintf(stderr, "ippd: --spool-reserve must be a number of bytes, not '%s'\n", optarg);
				return 2;
			}
			break;
		case 'N':
			dnssd_name = optarg;
			break;
		case 'D':
			dnssd = false;
			break;
		case 'u':
			run_user = optarg;
			break;
		case 'C':
			http_conf.tls_cert = optarg;
			break;
		case 'K':
			http_conf.tls_key = optarg;
			break;
		case 'T':
			http_conf.tls = false;
			break;
		case 'o':
			if (!parse_bounded(optarg, 1, 3600, &http_conf.client_timeout)) {
				fprintf(stderr, "ippd: --client-timeout must be 1 to 3600 seconds, not '%s'\n", optarg);
				return 2;
			}
			break;
		case 'x':
			if (!parse_bounded(optarg, 1, 100000, &http_conf.max_connections)) {
				fprintf(stderr, "ippd: --max-connections must be 1 to 100000, not '%s'\n", optarg);
				return 2;
			}
			break;
		case 'a':
			if (!parse_bounded(optarg, 1, 100000, &http_conf.max_per_address)) {
				fprintf(stderr, "ippd: --max-connections-per-address must be 1 to 100000, not '%s'\n",
				        optarg);
				return 2;
			}
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "ippd: unexpected argument '%s'\n", argv[optind]);
		return 2;
	}
	if (n_listen == 0)
		listen[n_listen++] = ":631";
	if (!http_conf.tls && (http_conf.tls_cert || http_conf.tls_key)) {
		fprintf(stderr, "ippd: --no-tls and --tls-cert/--tls-key contradict each other\n");
		return 2;
	}
	if (!http_conf.tls_cert != !http_conf.tls_key) {
		fprintf(stderr, "ippd: --tls-cert and --tls-key go together\n");
		return 2;
	}
	http_conf.listen = listen;
	http_conf.n_listen = n_listen;
	http_conf.threads = threads;

	/* Signals are taken synchronously by this thread; every other thread inherits the mask. */
	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	/*
	 * Root is needed for one thing only, binding a port below 1024: the
	 * sockets are opened first, then the state folder is given to the
	 * unprivileged account and root is dropped for good, before any state
	 * is opened or any byte is read from the network.
	 */
	char err[512] = "";
	char warning[300] = "";
	privilege_t pv;
	if (!privilege_plan(&pv, run_user, warning, sizeof(warning), err, sizeof(err))) {
		fprintf(stderr, "ippd: --user: %s\n", err);
		return 1;
	}
	int listen_fds[HTTP_MAX_LISTENERS];
	size_t n_listen_fds = 0;
	if (!http_listen(&http_conf, listen_fds, &n_listen_fds, err, sizeof(err))) {
		fprintf(stderr, "ippd: %s\n", err);
		return 1;
	}
	http_conf.fds = listen_fds;
	http_conf.n_fds = n_listen_fds;
	if (!privilege_own_state(&pv, state_dir, err, sizeof(err)) || !privilege_drop(&pv, err, sizeof(err))) {
		fprintf(stderr, "ippd: --user %s: %s\n", pv.user, err);
		return 1;
	}
	if (pv.drop)
		log_msg(LOG_INFO, "running as user %s (uid %u, gid %u)", pv.user, (unsigned)pv.uid, (unsigned)pv.gid);

	static system_t sys;
	if (!system_init(&sys, state_dir, err, sizeof(err))) {
		fprintf(stderr, "ippd: --state-dir %s: %s\n", state_dir, err);
		return 1;
	}
	sys.max_document_size = (size_t)max_doc;
	sys.spool_reserve = (uint64_t)spool_reserve;
	config_t cfg;
	if (!config_load(&cfg, config_path, err, sizeof(err))) {
		fprintf(stderr, "ippd: --config %s\n", err);
		return 1;
	}
	if (!config_apply(&sys, &cfg, err, sizeof(err)) || !system_restore_printers(&sys, err, sizeof(err)) ||
	    !system_load(&sys, err, sizeof(err)) || !notify_start(&sys, err, sizeof(err))) {
		fprintf(stderr, "ippd: %s\n", err);
		return 1;
	}
	printer_keep_restore_all(&sys);
	for (size_t i = 0; i < sys.n_printers; i++)
		if (!printer_start_worker(sys.printers[i])) {
			fprintf(stderr, "ippd: cannot start a worker thread\n");
			return 1;
		}
	/* printer-icons are drawn once, before the first client can ask for them. */
	if (!icons_init()) {
		fprintf(stderr, "ippd: out of memory drawing the printer icons\n");
		return 1;
	}
	http_server_t *http = http_start(&sys, &http_conf, err, sizeof(err));
	if (!http) {
		fprintf(stderr, "ippd: %s\n", err);
		system_stop(&sys);
		return 1;
	}
	int port = http_port(http);
	for (size_t i = 0; i < sys.n_printers; i++)
		log_msg(LOG_INFO, "printer %s at ipp://localhost:%d%s", sys.printers[i]->name, port, sys.printers[i]->path);
	if (dnssd)
		dnssd_start(&sys, port, dnssd_name, listen, n_listen);
	if (http_certificate_path(http))
		log_msg(LOG_INFO, "TLS on the same port: ipps://localhost:%d/ipp/print (certificate %s)", port,
		        http_certificate_path(http));
	/* Said once the service is up, so that a start-up error stays the one line it is. */
	if (warning[0])
		log_msg(LOG_WARN, "%s", warning);
	log_msg(LOG_INFO, "ready: web page http://localhost:%d/, state in %s", port, state_dir);

	for (;;) {
		int sig = 0;
		if (sigwait(&sigs, &sig) != 0)
			continue;
		if (sig == SIGHUP) {
			config_t fresh;
			if (!config_path)
				log_msg(LOG_INFO, "SIGHUP: no --config file to reload");
			else if (!config_load(&fresh, config_path, err, sizeof(err)) ||
			         !config_apply(&sys, &fresh, err, sizeof(err)))
				log_msg(LOG_ERROR, "SIGHUP: the configuration was not reloaded: %s", err);
			else
				log_msg(LOG_INFO, "SIGHUP: configuration reloaded from %s", config_path);
			printer_keep_restore_all(&sys); /* values set over IPP since, where the file did not change */
			dnssd_update_all(&sys);
			continue;
		}
		log_msg(LOG_INFO, "stopping (signal %d)", sig);
		break;
	}
	dnssd_stop();
	notify_shutdown(&sys); /* answers held Get-Notifications: none may stay suspended in http_stop() */
	http_stop(http);
	system_stop(&sys);
	notify_stop(&sys);
	system_free(&sys);
	log_msg(LOG_INFO, "stopped");
	return 0;
}
