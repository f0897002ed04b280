/* ipp find: the IPP printers DNS-SD finds on the local network, through the Avahi daemon. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <errno.h>
#include <getopt.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <avahi-client/client.h>
#include <avahi-client/lookup.h>
#include <avahi-common/error.h>
#include <avahi-common/malloc.h>
#include <avahi-common/simple-watch.h>

#include "cli.h"
#include "common.h"

#define FIND_USAGE "usage: ipp find [--timeout S] [--txt] [--json]"

enum {
	FIND_MAX_SECONDS = 300,   /* the longest --timeout */
	FIND_MAX_PRINTERS = 1024, /* services kept; a busy network beyond that is cut */
	FIND_URI_MAX = 1024,
};

void cmd_find_help(void)
{
	fputs(FIND_USAGE "\n"
	                 "\n"
	                 "Browses DNS-SD for IPP printers (_ipp._tcp and _ipps._tcp) through the\n"
	                 "Avahi daemon, resolves each one and lists its name, its URI (built from the\n"
	                 "host, the port and the TXT key rp), its make and model (ty) and its location\n"
	                 "(note).  The search lasts the whole timeout.\n"
	                 "\n"
	                 "  --timeout S       search for S seconds (default 5, at most 300)\n"
	                 "  --txt             also show each printer's TXT record, one key a line\n"
	                 "  --json            one JSON object {\"printers\":[...]} (see ipp(1))\n"
	                 "  -h, --help        this text\n"
	                 "\n"
	                 "Exit status: 0 searched (even when nothing was found), 1 no avahi-daemon or\n"
	                 "the search failed, 2 bad usage.\n",
	      stdout);
}

/* One DNS-SD service instance, seen on one or more interfaces and protocols. */
typedef struct found {
	char *name;
	char *type;
	char *domain;
	int instances; /* browser NEW minus REMOVE: 0 means withdrawn */
	bool resolving;
	bool resolved;
	char *host; /* host name as resolved, without a trailing dot */
	char address[AVAHI_ADDRESS_STR_MAX];
	bool ipv6;
	AvahiIfIndex iface;
	uint16_t port;
	AvahiStringList *txt; /* a copy; order as received */
} found_t;

typedef struct find {
	AvahiSimplePoll *poll;
	AvahiClient *client;
	found_t *found;
	size_t n_found;
	bool truncated;
	int error; /* an Avahi error that ended the search, 0 when none */
} find_t;

static found_t *find_lookup(find_t *f, const char *name, const char *type, const char *domain)
{
	for (size_t i = 0; i < f->n_found; i++) {
		found_t *x = &f->found[i];
		if (strcmp(x->name, name) == 0 && strcmp(x->type, type) == 0 &&
		    strcmp(x->domain, domain) == 0)
			return x;
	}
	return NULL;
}

static found_t *find_add(find_t *f, const char *name, const char *type, const char *domain)
{
	if (f->n_found == FIND_MAX_PRINTERS) {
		f->truncated = true;
		return NULL;
	}
	if ((f->n_found & (f->n_found - 1)) == 0) {
		size_t cap = f->n_found ? f->n_found * 2 : 8;
		found_t *list = realloc(f->found, cap * sizeof(*list));
		if (!list)
			return NULL;
		f->found = list;
	}
	found_t *x = &f->found[f->n_found];
	memset(x, 0, sizeof(*x));
	x->name = strdup(name);
	x->type = strdup(type);
	x->domain = strdup(domain);
	if (!x->name || !x->type || !x->domain) {
		free(x->name);
		free(x->type);
		free(x->domain);
		return NULL;
	}
	f->n_found++;
	return x;
}

static void resolve_cb(AvahiServiceResolver *r, AvahiIfIndex iface, AvahiProtocol proto,
                       AvahiResolverEvent event, const char *name, const char *type, const char *domain,
                       const char *host, const AvahiAddress *addr, uint16_t port, AvahiStringList *txt,
                       AvahiLookupResultFlags flags, void *userdata)
{
	(void)proto;
	(void)flags;
	find_t *f = userdata;
	found_t *x = find_lookup(f, name, type, domain);
	/* The first answer wins: the same service seen on several interfaces resolves alike. */
	if (x && !x->resolved && event == AVAHI_RESOLVER_FOUND) {
		x->host = strdup(host ? host : "");
		size_t n = x->host ? strlen(x->host) : 0;
		if (n && x->host[n - 1] == '.')
			x->host[n - 1] = '\0';
		avahi_address_snprint(x->address, sizeof(x->address), addr);
		x->ipv6 = addr->proto == AVAHI_PROTO_INET6;
		x->iface = iface;
		x->port = port;
		x->txt = avahi_string_list_copy(txt);
		x->resolved = x->host != NULL;
	}
	if (x)
		x->resolving = false;
	avahi_service_resolver_free(r);
}

static void browse_cb(AvahiServiceBrowser *b, AvahiIfIndex iface, AvahiProtocol proto,
                      AvahiBrowserEvent event, const char *name, const char *type, const char *domain,
                      AvahiLookupResultFlags flags, void *userdata)
{
	(void)b;
	(void)flags;
	find_t *f = userdata;
	found_t *x;
	switch (event) {
	case AVAHI_BROWSER_NEW:
		x = find_lookup(f, name, type, domain);
		if (!x)
			x = find_add(f, name, type, domain);
		if (!x)
			return;
		x->instances++;
		/* One resolver at a time per service; another instance retries after a failure. */
		/* The address asked for is of the family the service was seen on: an IPv4 announcement
		 * resolves to an IPv4 address, not to whatever AAAA record the host also has. */
		if (!x->resolved && !x->resolving) {
			x->resolving = avahi_service_resolver_new(f->client, iface, proto, name, type, domain, proto, 0,
			                                          resolve_cb, f) != NULL;
		}
		break;
	case AVAHI_BROWSER_REMOVE:
		x = find_lookup(f, name, type, domain);
		if (x && x->instances > 0)
			x->instances--;
		break;
	case AVAHI_BROWSER_FAILURE:
		f->error = avahi_client_errno(f->client);
		avahi_simple_poll_quit(f->poll);
		break;
	case AVAHI_BROWSER_CACHE_EXHAUSTED:
	case AVAHI_BROWSER_ALL_FOR_NOW:
		break;
	}
}

static void client_cb(AvahiClient *c, AvahiClientState state, void *userdata)
{
	find_t *f = userdata;
	/* The daemon went away during the search: what was found so far is still shown. */
	if (state == AVAHI_CLIENT_FAILURE) {
		f->error = avahi_client_errno(c);
		avahi_simple_poll_quit(f->poll);
	}
}

/* True when `s` is a plain DNS host name, safe to put in a URI as it is. */
static bool plain_host(const char *s)
{
	if (!*s || strlen(s) > 253)
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '-' || *p == '.'))
			return false;
	return true;
}

/* The value of TXT key `key` (case-insensitive, RFC 6763 §6.4), "" for a key without '=', NULL when absent.
 */
static const char *txt_get(const found_t *x, const char *key, char *buf, size_t cap)
{
	for (AvahiStringList *l = x->txt; l; l = avahi_string_list_get_next(l)) {
		const char *text = (const char *)avahi_string_list_get_text(l);
		size_t n = avahi_string_list_get_size(l), k = strlen(key);
		if (n < k || strncasecmp(text, key, k) != 0 || (n > k && text[k] != '='))
			continue;
		size_t v = n > k ? n - k - 1 : 0;
		if (v >= cap)
			v = cap - 1;
		memcpy(buf, text + (n > k ? k + 1 : k), v);
		buf[v] = '\0';
		return buf;
	}
	return NULL;
}

/*
 * ipp://HOST:PORT/RP (ipps for _ipps._tcp).  The host name is used when it
 * is a plain DNS name (the usual NAME.local), else the address; rp is
 * percent-encoded where a URI path cannot carry it as it is.
 */
static void build_uri(const found_t *x, char *uri, size_t cap)
{
	char rp[512] = "";
	txt_get(x, "rp", rp, sizeof(rp));
	const char *scheme = strncmp(x->type, "_ipps.", 6) == 0 ? "ipps" : "ipp";
	char host[300];
	if (plain_host(x->host)) {
		snprintf(host, sizeof(host), "%s", x->host);
	} else if (x->ipv6) {
		char ifname[IF_NAMESIZE] = "";
		bool link_local = strncasecmp(x->address, "fe80:", 5) == 0;
		/* A link-local address means nothing without its interface (RFC 6874 zone). */
		if (link_local && x->iface >= 0 && if_indextoname((unsigned)x->iface, ifname))
			snprintf(host, sizeof(host), "[%s%%25%s]", x->address, ifname);
		else
			snprintf(host, sizeof(host), "[%s]", x->address);
	} else {
		snprintf(host, sizeof(host), "%s", x->address);
	}
	int n = snprintf(uri, cap, "%s://%s:%u/", scheme, host, (unsigned)x->port);
	size_t len = n > 0 && (size_t)n < cap ? (size_t)n : 0;
	static const char hex[] = "0123456789ABCDEF";
	const char *p = rp[0] == '/' ? rp + 1 : rp;
	for (; *p && len + 4 < cap; p++) {
		unsigned char c = (unsigned char)*p;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    strchr("-._~/!$&'()*+,;=:@", c)) {
			uri[len++] = (char)c;
		} else {
			uri[len++] = '%';
			uri[len++] = hex[c >> 4];
			uri[len++] = hex[c & 15];
		}
	}
	uri[len] = '\0';
}

static int found_cmp(const void *a, const void *b)
{
	const found_t *x = a, *y = b;
	int c = strcasecmp(x->name, y->name);
	return c ? c : strcmp(x->type, y->type);
}

static void print_json(const find_t *f)
{
	char uri[FIND_URI_MAX], ifname[IF_NAMESIZE];
	bool first = true;
	fputs("{\"printers\":[", stdout);
	for (size_t i = 0; i < f->n_found; i++) {
		const found_t *x = &f->found[i];
		if (!x->resolved || !x->instances)
			continue;
		char ty[256], note[256];
		build_uri(x, uri, sizeof(uri));
		fputs(first ? "{\"name\":" : ",{\"name\":", stdout);
		first = false;
		cli_json_string(stdout, x->name);
		fputs(",\"type\":", stdout);
		cli_json_string(stdout, x->type);
		fputs(",\"domain\":", stdout);
		cli_json_string(stdout, x->domain);
		fputs(",\"uri\":", stdout);
		cli_json_string(stdout, uri);
		fputs(",\"host\":", stdout);
		cli_json_string(stdout, x->host);
		fputs(",\"address\":", stdout);
		cli_json_string(stdout, x->address);
		printf(",\"port\":%u,\"interface\":", (unsigned)x->port);
		cli_json_string(stdout,
		                x->iface >= 0 && if_indextoname((unsigned)x->iface, ifname) ? ifname : NULL);
		fputs(",\"make-and-model\":", stdout);
		cli_json_string(stdout, txt_get(x, "ty", ty, sizeof(ty)));
		fputs(",\"location\":", stdout);
		cli_json_string(stdout, txt_get(x, "note", note, sizeof(note)));
		/* RFC 6763 §6.4: a key alone is a boolean true, "key=" an empty value. */
		fputs(",\"txt\":{", stdout);
		bool first_key = true;
		for (AvahiStringList *l = x->txt; l; l = avahi_string_list_get_next(l)) {
			char *key = NULL, *value = NULL;
			if (avahi_string_list_get_pair(l, &key, &value, NULL) != 0)
				continue;
			if (!first_key)
				fputc(',', stdout);
			first_key = false;
			cli_json_string(stdout, key);
			fputc(':', stdout);
			if (value)
				cli_json_string(stdout, value);
			else
				fputs("true", stdout);
			avahi_free(key);
			avahi_free(value);
		}
		fputs("}}", stdout);
	}
	fputs("]}\n", stdout);
}

/* The TXT record of one printer, one key=value a line under its row, made safe for a terminal. */
static void print_txt(const found_t *x)
{
	char clean[600];
	for (AvahiStringList *l = x->txt; l; l = avahi_string_list_get_next(l)) {
		size_t n = avahi_string_list_get_size(l);
		char text[300];
		if (n >= sizeof(text))
			n = sizeof(text) - 1;
		memcpy(text, avahi_string_list_get_text(l), n);
		text[n] = '\0';
		printf("    %s\n", cli_clean(text, clean, sizeof(clean)));
	}
}

static void print_table(const find_t *f, bool txt)
{
	static const char *const headers[] = {"NAME", "URI", "MAKE AND MODEL", "LOCATION"};
	char uri[FIND_URI_MAX], name[256], ty[256], note[256], c_ty[512], c_note[512];
	cli_table_t *t = txt ? NULL : cli_table_new(4, headers);
	for (size_t i = 0; i < f->n_found; i++) {
		const found_t *x = &f->found[i];
		if (!x->resolved || !x->instances)
			continue;
		build_uri(x, uri, sizeof(uri));
		const char *m = txt_get(x, "ty", ty, sizeof(ty));
		const char *l = txt_get(x, "note", note, sizeof(note));
		const char *row[4] = {cli_clean(x->name, name, sizeof(name)), uri,
		                      m && *m ? cli_clean(m, c_ty, sizeof(c_ty)) : NULL,
		                      l && *l ? cli_clean(l, c_note, sizeof(c_note)) : NULL};
		if (t) {
			cli_table_add(t, row);
			continue;
		}
		/* With --txt each printer is a block: its row, then its record. */
		printf("%s  %s  %s  %s\n", row[0], row[1], row[2] ? row[2] : "-", row[3] ? row[3] : "-");
		print_txt(x);
	}
	if (t) {
		cli_table_print(t, stdout);
		cli_table_free(t);
	}
}

/* Parses --timeout: seconds, fractions allowed, 0 < S <= FIND_MAX_SECONDS; -1 when bad. */
static long parse_timeout_ms(const char *s)
{
	char *end = NULL;
	errno = 0;
	double v = strtod(s, &end);
	if (!*s || *end || errno || !(v > 0) || v > FIND_MAX_SECONDS)
		return -1;
	long ms = (long)(v * 1000);
	return ms > 0 ? ms : 1;
}

int cmd_find(int argc, char **argv)
{
	enum { OPT_TIMEOUT = 300, OPT_JSON, OPT_TXT };
	static const struct option opts[] = {
	    {"timeout", required_argument, NULL, OPT_TIMEOUT},
	    {"json", no_argument, NULL, OPT_JSON},
	    {"txt", no_argument, NULL, OPT_TXT},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	long timeout_ms = 5000;
	bool json = false, txt = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_TIMEOUT:
			timeout_ms = parse_timeout_ms(optarg);
			if (timeout_ms < 0) {
				cli_error(
				    "find",
				    "--timeout must be a number of seconds above 0 and at most %d, not '%s'",
				    FIND_MAX_SECONDS, optarg);
				return EXIT_USAGE;
			}
			break;
		case OPT_JSON:
			json = true;
			break;
		case OPT_TXT:
			txt = true;
			break;
		case 'h':
			cmd_find_help();
			return EXIT_OK;
		default:
			fputs(FIND_USAGE "\n'ipp find --help' describes it.\n", stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc) {
		cli_error("find", "unexpected argument '%s'", argv[optind]);
		fputs(FIND_USAGE "\n", stderr);
		return EXIT_USAGE;
	}

	find_t f = {0};
	int rc = EXIT_FAIL, err = 0;
	f.poll = avahi_simple_poll_new();
	if (!f.poll) {
		cli_error("find", "out of memory");
		return EXIT_FAIL;
	}
	/* Without the daemon (or the system bus it talks over) there is nothing to ask. */
	f.client = avahi_client_new(avahi_simple_poll_get(f.poll), 0, client_cb, &f, &err);
	if (!f.client) {
		cli_error("find", "no avahi-daemon is running (DNS-SD needs it): %s", avahi_strerror(err));
		goto done;
	}
	static const char *const types[] = {"_ipp._tcp", "_ipps._tcp"};
	for (size_t i = 0; i < 2; i++)
		if (!avahi_service_browser_new(f.client, AVAHI_IF_UNSPEC, AVAHI_PROTO_UNSPEC, types[i], NULL,
		                               0, browse_cb, &f)) {
			cli_error("find", "cannot browse %s: %s", types[i],
			          avahi_strerror(avahi_client_errno(f.client)));
			goto done;
		}

	/* Answers trickle in as hosts reply: listen for the whole timeout. */
	double deadline = cli_now() + (double)timeout_ms / 1000;
	for (;;) {
		double left = deadline - cli_now();
		if (left <= 0)
			break;
		if (avahi_simple_poll_iterate(f.poll, (int)(left * 1000) + 1) != 0)
			break;
	}
	if (f.error) {
		cli_error("find", "the search failed: %s", avahi_strerror(f.error));
		goto done;
	}
	if (f.truncated)
		cli_error("find", "more than %d services; the rest are not shown", FIND_MAX_PRINTERS);
	if (f.n_found)
		qsort(f.found, f.n_found, sizeof(*f.found), found_cmp);
	size_t shown = 0;
	for (size_t i = 0; i < f.n_found; i++)
		shown += f.found[i].resolved && f.found[i].instances;
	if (json)
		print_json(&f);
	else if (shown == 0)
		puts("no printers found");
	else
		print_table(&f, txt);
	rc = EXIT_OK;
done:
	/* Freeing the client frees its browsers and any resolver still waiting. */
	if (f.client)
		avahi_client_free(f.client);
	avahi_simple_poll_free(f.poll);
	for (size_t i = 0; i < f.n_found; i++) {
		free(f.found[i].name);
		free(f.found[i].type);
		free(f.found[i].domain);
		free(f.found[i].host);
		avahi_string_list_free(f.found[i].txt);
	}
	free(f.found);
	return rc;
}
