/* DNS-SD advertising of the printers through the Avahi client library, on Avahi's own thread. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#include <net/if.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <avahi-client/client.h>
#include <avahi-client/publish.h>
#include <avahi-common/alternative.h>
#include <avahi-common/error.h>
#include <avahi-common/malloc.h>
#include <avahi-common/thread-watch.h>
#include <avahi-common/timeval.h>

#include "dnssd.h"
#include "system.h"

/*
 * Threads: the Avahi objects are touched only in Avahi's thread (its
 * callbacks) or with its lock held (avahi_threaded_poll_lock).  Printer
 * fields are copied under the system lock into a snapshot first; the two
 * locks are never held together.  `gate` keeps dnssd_update() and
 * dnssd_stop() apart, so that an update never sees the poll freed.
 */

enum {
	DNSSD_NAME_MAX = 63,   /* a service instance name is one DNS label (RFC 6763 §4.1.1) */
	DNSSD_PAIR_MAX = 255,  /* one TXT string, key=value (RFC 6763 §6.1) */
	DNSSD_RETRY_MS = 5000, /* next attempt after avahi_client_new() itself failed (no D-Bus) */
	DNSSD_RENAMES = 100,   /* alternative names tried on local collisions before giving up */
};

/*
 * The service types: _ipp._tcp always, _ipps._tcp as well when TLS is on
 * (RFC 7472 §4.1: same port, same path).  Each carries the _print subtype
 * (PWG 5100.14 §4.2: how IPP Everywhere clients find printers), and
 * _universal when the printer takes Apple Raster (image/urf): that subtype
 * is what clients looking for URF printers browse.
 */
static const struct service_type {
	const char *type;
	const char *print_subtype;
	const char *universal_subtype;
} service_types[] = {
	{"_ipp._tcp", "_print._sub._ipp._tcp", "_universal._sub._ipp._tcp"},
	{"_ipps._tcp", "_print._sub._ipps._tcp", "_universal._sub._ipps._tcp"},
};
#define IPP_TYPE "_ipp._tcp"

/* What is advertised for one printer, copied under the system lock. */
typedef struct snapshot {
	char base[DNSSD_NAME_MAX + 1]; /* the service name wanted, already clean */
	char rp[160];
	char ty[256];
	char note[256];
	char uuid[48];
	char pdl[1024];
	char urf[512];
	char kind[256];
	const char *paper_max;
	bool color;
	bool duplex;
	bool urf_pdl; /* image/urf is in document-format-supported: the _universal subtype */
} snapshot_t;

typedef struct service {
	printer_t *printer; /* printers live until system_free(), after dnssd_stop() */
	snapshot_t snap;
	char name[DNSSD_NAME_MAX + 1]; /* the name in use: snap.base, or an alternative after a collision */
	AvahiEntryGroup *group;
	AvahiStringList *txt; /* the TXT record registered; NULL when nothing is */
	bool universal;       /* the _universal subtypes are registered with it */
} service_t;

static struct {
	pthread_mutex_t gate;
	AvahiThreadedPoll *poll; /* NULL when not started */
	AvahiClient *client;     /* NULL between a failure and the next attempt */
	AvahiTimeout *retry;     /* a new client, outside the old one's callback */
	int port;
	bool tls;                      /* TLS on the same port: _ipps._tcp and the TLS key too */
	AvahiIfIndex iface;            /* AVAHI_IF_UNSPEC, or loopback when ippd listens nowhere else */
	char name[DNSSD_NAME_MAX + 1]; /* --dnssd-name: the default printer's service name, "" for none */
	service_t **services;
	size_t n_services;
	bool absent_told; /* "no avahi-daemon" was logged and the daemon has not appeared since */
	bool up;          /* the current client reached S_RUNNING */
} dns = {.gate = PTHREAD_MUTEX_INITIALIZER};

/* ------------------------------------------------------------------ */
/* Text that goes on the network                                      */
/* ------------------------------------------------------------------ */

/*
 * Copies UTF-8 text into `out` (at most `max` bytes, then a NUL): invalid
 * sequences are dropped, control characters (C0, DEL, C1) become spaces,
 * and no character is cut in two.  TXT values and service names are read
 * by people on other machines; a printer-location set by any client must
 * not reach them raw.
 */
static void clean_utf8(const char *in, char *out, size_t max)
{
	static const uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
	const unsigned char *p = (const unsigned char *)in;
	size_t n = 0;
	while (*p) {
		size_t len = *p < 0x80             ? 1
		             : (*p & 0xe0) == 0xc0 ? 2
		             : (*p & 0xf0) == 0xe0 ? 3
		             : (*p & 0xf8) == 0xf0 ? 4
		                                   : 0;
		uint32_t cp = len == 1 ? *p : len == 2 ? *p & 0x1fu : len == 3 ? *p & 0x0fu : *p & 0x07u;
		size_t i = 1;
		while (i < len && (p[i] & 0xc0) == 0x80) {
			cp = cp << 6 | (p[i] & 0x3fu);
			i++;
		}
		if (len == 0 || i < len) {
			p++;
			continue;
		}
		if (cp < least[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
			p += len;
			continue;
		}
		bool control = cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0);
		if (n + (control ? 1 : len) > max)
			break;
		if (control) {
			out[n++] = ' ';
		} else {
			memcpy(out + n, p, len);
			n += len;
		}
		p += len;
	}
	out[n] = '\0';
}

/* A service name: clean, at most one DNS label long, no blank edges; "" when nothing is left. */
static void clean_name(const char *in, char *out)
{
	char tmp[DNSSD_NAME_MAX + 1];
	clean_utf8(in, tmp, DNSSD_NAME_MAX);
	const char *s = tmp + strspn(tmp, " ");
	size_t n = strlen(s);
	while (n && s[n - 1] == ' ')
		n--;
	memcpy(out, s, n);
	out[n] = '\0';
}

/* Appends "key=value", the value cleaned and cut so that the pair fits in one TXT string. */
static AvahiStringList *txt_text(AvahiStringList *l, const char *key, const char *value)
{
	char v[DNSSD_PAIR_MAX + 1];
	clean_utf8(value, v, DNSSD_PAIR_MAX - strlen(key) - 1);
	AvahiStringList *n = avahi_string_list_add_pair(l, key, v);
	return n ? n : l;
}

/* Appends "key=a,b,c", cut after the last whole item that fits rather than inside one. */
static AvahiStringList *txt_list(AvahiStringList *l, const char *key, const char *value)
{
	char v[1024];
	size_t max = DNSSD_PAIR_MAX - strlen(key) - 1;
	clean_utf8(value, v, sizeof(v) - 1);
	if (strlen(v) > max) {
		char *comma = v[max] == ',' ? v + max : memrchr(v, ',', max);
		*(comma ? comma : v) = '\0';
	}
	AvahiStringList *n = avahi_string_list_add_pair(l, key, v);
	return n ? n : l;
}

/*
 * The TXT record IPP Everywhere (PWG 5100.14) asks of a printer, with the
 * keys of the Bonjour Printing Specification it builds on, txtvers first.
 * TLS (the highest version served) only when ippd serves TLS; product (a
 * PostScript product name) means nothing here, and mopria-certified is
 * only for printers that are.  The same record goes with both types.
 */
static AvahiStringList *txt_build(const snapshot_t *s, const char *host, int port, const char *path)
{
	char url[600];
	snprintf(url, sizeof(url), "http://%s:%d%s", host, port, path);
	AvahiStringList *l = NULL;
	l = txt_text(l, "txtvers", "1");
	l = txt_text(l, "qtotal", "1");
	l = txt_text(l, "rp", s->rp);
	l = txt_text(l, "ty", s->ty);
	l = txt_text(l, "adminurl", url);
	l = txt_text(l, "note", s->note);
	l = txt_text(l, "priority", "50");
	l = txt_list(l, "pdl", s->pdl);
	l = txt_text(l, "UUID", s->uuid);
	if (s->urf[0])
		l = txt_list(l, "URF", s->urf);
	l = txt_text(l, "Color", s->color ? "T" : "F");
	l = txt_text(l, "Duplex", s->duplex ? "T" : "F");
	l = txt_list(l, "kind", s->kind);
	l = txt_text(l, "PaperMax", s->paper_max);
	if (dns.tls)
		l = txt_text(l, "TLS", "1.3");
	return l;
}

/* ------------------------------------------------------------------ */
/* Reading a printer                                                  */
/* ------------------------------------------------------------------ */

/* The values of a keyword or text attribute, comma-separated, as many as fit. */
static void join_values(const ippd_group_t *g, const char *name, char *buf, size_t cap)
{
	const ippd_attr_t *a = ippd_group_find(g, name);
	size_t n = 0;
	buf[0] = '\0';
	for (size_t i = 0; a && i < ippd_attr_count(a); i++) {
		size_t len = 0;
		const char *v = ippd_attr_get_string(a, i, &len);
		if (!v || n + len + 2 > cap)
			continue;
		if (n)
			buf[n++] = ',';
		memcpy(buf + n, v, len);
		n += len;
		buf[n] = '\0';
	}
}

/*
 * PaperMax, the class of the largest medium (Bonjour Printing Specification):
 * "<legal-A4", "legal-A4", "tabloid-A3", "isoC-A2" or ">isoC-A2", from the
 * sizes in media-supported, custom_max_ included.  Sizes are in
 * hundredths of millimetres, short side first.
 */
static const char *paper_max(const ippd_group_t *g)
{
	const ippd_attr_t *a = ippd_group_find(g, "media-supported");
	int32_t short_max = 0, long_max = 0;
	for (size_t i = 0; a && i < ippd_attr_count(a); i++) {
		int32_t w, l;
		const char *name = ippd_attr_get_string(a, i, NULL);
		if (!name || !printer_media_parse(name, &w, &l))
			continue;
		if (w > l) {
			int32_t t = w;
			w = l;
			l = t;
		}
		short_max = w > short_max ? w : short_max;
		long_max = l > long_max ? l : long_max;
	}
	if (short_max > 45800 || long_max > 64800) /* beyond ISO C2 (458 x 648 mm) */
		return ">isoC-A2";
	if (short_max > 29700 || long_max > 43180) /* beyond A3 and Tabloid (11 x 17 in) */
		return "isoC-A2";
	if (short_max > 21590 || long_max > 35560) /* beyond A4 and Legal (8.5 x 14 in) */
		return "tabloid-A3";
	if (short_max >= 21000 && long_max >= 29700) /* A4 or Legal */
		return "legal-A4";
	return "<legal-A4";
}

/* Copies what is advertised about `p`.  Caller holds the system lock. */
static void snapshot_locked(const printer_t *p, snapshot_t *s)
{
	memset(s, 0, sizeof(*s));
	const char *base = p->is_default && dns.name[0] ? dns.name : p->info;
	clean_name(base, s->base);
	if (!s->base[0])
		clean_name(p->name, s->base);
	snprintf(s->rp, sizeof(s->rp), "%s", p->path[0] == '/' ? p->path + 1 : p->path);
	snprintf(s->note, sizeof(s->note), "%s", p->location);
	const char *uuid = p->uuid;
	if (strncasecmp(uuid, "urn:uuid:", 9) == 0)
		uuid += 9;
	snprintf(s->uuid, sizeof(s->uuid), "%s", uuid);

	const ippd_group_t *g = ippd_msg_first_group(p->static_attrs);
	join_values(g, "printer-make-and-model", s->ty, sizeof(s->ty));
	join_values(g, "document-format-supported", s->pdl, sizeof(s->pdl));
	join_values(g, "urf-supported", s->urf, sizeof(s->urf));
	join_values(g, "printer-kind", s->kind, sizeof(s->kind));
	if (!s->kind[0])
		snprintf(s->kind, sizeof(s->kind), "document");
	const ippd_attr_t *color = ippd_group_find(g, "color-supported");
	s->color = color && ippd_attr_get_boolean(color, 0);
	const ippd_attr_t *sides = ippd_group_find(g, "sides-supported");
	for (size_t i = 0; sides && i < ippd_attr_count(sides); i++) {
		const char *v = ippd_attr_get_string(sides, i, NULL);
		s->duplex |= v && strncmp(v, "two-sided-", 10) == 0;
	}
	const ippd_attr_t *formats = ippd_group_find(g, "document-format-supported");
	for (size_t i = 0; formats && i < ippd_attr_count(formats); i++) {
		const char *v = ippd_attr_get_string(formats, i, NULL);
		s->urf_pdl |= v && strcasecmp(v, "image/urf") == 0;
	}
	s->paper_max = paper_max(g);
}

/* ------------------------------------------------------------------ */
/* Services (Avahi's thread, or its lock held)                        */
/* ------------------------------------------------------------------ */

static void group_cb(AvahiEntryGroup *g, AvahiEntryGroupState state, void *userdata);

/* The next name after a collision: "NAME #2", "NAME #3", ... */
static void service_rename(service_t *s)
{
	char *alt = avahi_alternative_service_name(s->name);
	if (!alt)
		return;
	char old[sizeof(s->name)];
	memcpy(old, s->name, sizeof(old));
	clean_utf8(alt, s->name, DNSSD_NAME_MAX);
	avahi_free(alt);
	log_printer(s->printer, LOG_INFO, "DNS-SD: the name '%s' is taken; now '%s'", old, s->name);
}

/* The number of service types advertised: _ipp._tcp, and _ipps._tcp with TLS. */
static size_t n_types(void)
{
	return dns.tls ? 2 : 1;
}

/* Adds every type of the service, with its subtypes, to the (reset) entry group. */
static int add_services(service_t *s, AvahiStringList *txt)
{
	s->universal = s->snap.urf_pdl;
	for (size_t t = 0; t < n_types(); t++) {
		const struct service_type *st = &service_types[t];
		int r = avahi_entry_group_add_service_strlst(s->group, dns.iface, AVAHI_PROTO_UNSPEC, 0, s->name,
		                                             st->type, NULL, NULL, (uint16_t)dns.port, txt);
		if (r >= 0)
			r = avahi_entry_group_add_service_subtype(s->group, dns.iface, AVAHI_PROTO_UNSPEC, 0,
			                                          s->name, st->type, NULL, st->print_subtype);
		if (r >= 0 && s->universal)
			r = avahi_entry_group_add_service_subtype(s->group, dns.iface, AVAHI_PROTO_UNSPEC, 0,
			                                          s->name, st->type, NULL, st->universal_subtype);
		if (r < 0)
			return r;
	}
	return 0;
}

/*
 * (Re)registers the service with `txt` (taken), under the next free name
 * when this daemon already holds the name for someone else (a second
 * ippd, say).  A collision with another host comes later, through group_cb.
 */
static void service_register(service_t *s, AvahiStringList *txt)
{
	avahi_string_list_free(s->txt);
	s->txt = NULL;
	int r = 0;
	for (int tries = 0; tries <= DNSSD_RENAMES; tries++) {
		avahi_entry_group_reset(s->group);
		r = add_services(s, txt);
		if (r != AVAHI_ERR_COLLISION)
			break;
		service_rename(s);
	}
	if (r >= 0)
		r = avahi_entry_group_commit(s->group);
	if (r < 0) {
		log_printer(s->printer, LOG_WARN, "DNS-SD: cannot advertise '%s': %s", s->name,
		            avahi_strerror(r));
		avahi_entry_group_reset(s->group);
		avahi_string_list_free(txt);
		return;
	}
	s->txt = txt;
}

/* Makes the daemon's copy match the snapshot: a full registration, or a TXT update in place. */
static void service_publish(service_t *s, AvahiClient *c)
{
	if (!c || avahi_client_get_state(c) != AVAHI_CLIENT_S_RUNNING)
		return;
	if (!s->group) {
		s->group = avahi_entry_group_new(c, group_cb, s);
		if (!s->group) {
			log_printer(s->printer, LOG_WARN, "DNS-SD: %s",
			            avahi_strerror(avahi_client_errno(c)));
			return;
		}
	}
	const char *host = avahi_client_get_host_name_fqdn(c);
	AvahiStringList *txt = txt_build(&s->snap, host ? host : "localhost", dns.port, s->printer->path);
	/* Subtypes cannot be changed in place: a change of _universal means registering anew. */
	if (!s->txt || s->universal != s->snap.urf_pdl) {
		service_register(s, txt);
		return;
	}
	/* Same name: update the TXT record in place, which mDNS announces as a change (RFC 6762 §8.4). */
	if (avahi_string_list_equal(txt, s->txt)) {
		avahi_string_list_free(txt);
		return;
	}
	int r = 0;
	for (size_t t = 0; t < n_types() && r >= 0; t++)
		r = avahi_entry_group_update_service_txt_strlst(s->group, dns.iface, AVAHI_PROTO_UNSPEC, 0, s->name,
		                                                service_types[t].type, NULL, txt);
	if (r < 0) {
		log_printer(s->printer, LOG_WARN, "DNS-SD: cannot update '%s': %s", s->name,
		            avahi_strerror(r));
		avahi_string_list_free(txt);
		return;
	}
	log_printer(s->printer, LOG_DEBUG, "DNS-SD: TXT record of '%s' updated", s->name);
	avahi_string_list_free(s->txt);
	s->txt = txt;
}

/* Takes the entries out of the daemon, keeping the group for the next registration. */
static void service_withdraw(service_t *s)
{
	if (s->group)
		avahi_entry_group_reset(s->group);
	avahi_string_list_free(s->txt);
	s->txt = NULL;
}

static void group_cb(AvahiEntryGroup *g, AvahiEntryGroupState state, void *userdata)
{
	service_t *s = userdata;
	switch (state) {
	case AVAHI_ENTRY_GROUP_ESTABLISHED:
		/* On lo only when ippd listens on nothing else (dnssd_start). */
		log_printer(s->printer, LOG_INFO, "DNS-SD: advertised as '%s' (%s%s, _print%s, port %d%s)",
		            s->name, IPP_TYPE, dns.tls ? " and _ipps._tcp" : "", s->universal ? ", _universal" : "",
		            dns.port, dns.iface == AVAHI_IF_UNSPEC ? "" : ", on lo only");
		break;
	case AVAHI_ENTRY_GROUP_COLLISION: {
		/* Another host has the name; the entries are already withdrawn: next name, same group. */
		AvahiStringList *txt = s->txt;
		s->txt = NULL;
		service_rename(s);
		if (txt && s->group)
			service_register(s, txt);
		else
			avahi_string_list_free(txt);
		break;
	}
	case AVAHI_ENTRY_GROUP_FAILURE:
		log_printer(s->printer, LOG_WARN, "DNS-SD: advertising '%s' failed: %s", s->name,
		            avahi_strerror(avahi_client_errno(avahi_entry_group_get_client(g))));
		break;
	case AVAHI_ENTRY_GROUP_UNCOMMITED:
	case AVAHI_ENTRY_GROUP_REGISTERING:
		break;
	}
}

/* ------------------------------------------------------------------ */
/* The client and its reconnection                                    */
/* ------------------------------------------------------------------ */

static void absent(void)
{
	if (dns.absent_told)
		return;
	dns.absent_told = true;
	log_msg(LOG_WARN, "DNS-SD: no avahi-daemon; printers are not advertised");
}

static void retry_later(unsigned ms)
{
	struct timeval tv;
	avahi_threaded_poll_get(dns.poll)->timeout_update(dns.retry, avahi_elapse_time(&tv, ms, 0));
}

static void client_cb(AvahiClient *c, AvahiClientState state, void *userdata)
{
	(void)userdata;
	switch (state) {
	case AVAHI_CLIENT_S_RUNNING:
		/* The host name is established: register everything (again, after a restart of the daemon).
		 */
		if (dns.absent_told)
			log_msg(LOG_INFO, "DNS-SD: avahi-daemon is running; advertising the printers");
		dns.absent_told = false;
		dns.up = true;
		for (size_t i = 0; i < dns.n_services; i++)
			service_publish(dns.services[i], c);
		break;
	case AVAHI_CLIENT_S_COLLISION:
	case AVAHI_CLIENT_S_REGISTERING:
		/* The host name is changing: the services would point at a stale name until S_RUNNING. */
		for (size_t i = 0; i < dns.n_services; i++)
			service_withdraw(dns.services[i]);
		break;
	case AVAHI_CLIENT_CONNECTING:
		absent();
		break;
	case AVAHI_CLIENT_FAILURE:
		/* The daemon (or the bus) went away: a new client, made outside this callback, waits for it.
		 */
		if (dns.up)
			log_msg(
			    LOG_WARN,
			    "DNS-SD: lost avahi-daemon (%s); printers are not advertised until it returns",
			    avahi_strerror(avahi_client_errno(c)));
		else
			absent();
		dns.absent_told = true;
		retry_later(dns.up ? 1000 : DNSSD_RETRY_MS);
		dns.up = false;
		break;
	}
}

/* A new client; with AVAHI_CLIENT_NO_FAIL it waits for a daemon that is not there yet. */
static void client_connect(void)
{
	int err = 0;
	dns.client =
	    avahi_client_new(avahi_threaded_poll_get(dns.poll), AVAHI_CLIENT_NO_FAIL, client_cb, NULL, &err);
	if (!dns.client) {
		/* No system bus at all: NO_FAIL cannot wait for that, so try again now and then. */
		absent();
		retry_later(DNSSD_RETRY_MS);
	}
}

static void retry_cb(AvahiTimeout *t, void *userdata)
{
	(void)t;
	(void)userdata;
	/* Freeing the client frees its entry groups too. */
	if (dns.client) {
		for (size_t i = 0; i < dns.n_services; i++) {
			dns.services[i]->group = NULL;
			avahi_string_list_free(dns.services[i]->txt);
			dns.services[i]->txt = NULL;
		}
		avahi_client_free(dns.client);
		dns.client = NULL;
	}
	client_connect();
}

/* ------------------------------------------------------------------ */
/* The module's interface                                             */
/* ------------------------------------------------------------------ */

/* Records the snapshot for `p` (a new service when `p` has none) and publishes it.  Avahi's lock held. */
static void service_apply(printer_t *p, const snapshot_t *snap)
{
	service_t *s = NULL;
	for (size_t i = 0; i < dns.n_services && !s; i++)
		if (dns.services[i]->printer == p)
			s = dns.services[i];
	if (!s) {
		service_t **list = realloc(dns.services, (dns.n_services + 1) * sizeof(*list));
		s = calloc(1, sizeof(*s));
		if (!list || !s) {
			if (list)
				dns.services = list;
			free(s);
			log_printer(p, LOG_ERROR, "DNS-SD: out of memory; the printer is not advertised");
			return;
		}
		dns.services = list;
		dns.services[dns.n_services++] = s;
		s->printer = p;
	}
	/* A new name is a new service (a rename cannot be an update): withdraw, then register. */
	if (strcmp(s->snap.base, snap->base) != 0) {
		service_withdraw(s);
		memcpy(s->name, snap->base, sizeof(s->name));
	}
	s->snap = *snap;
	service_publish(s, dns.client);
}

void dnssd_update(printer_t *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&dns.gate);
	if (dns.poll) {
		snapshot_t snap;
		system_lock(p->sys);
		snapshot_locked(p, &snap);
		system_unlock(p->sys);
		avahi_threaded_poll_lock(dns.poll);
		service_apply(p, &snap);
		avahi_threaded_poll_unlock(dns.poll);
	}
	pthread_mutex_unlock(&dns.gate);
}

void dnssd_withdraw(printer_t *p)
{
	pthread_mutex_lock(&dns.gate);
	if (dns.poll) {
		avahi_threaded_poll_lock(dns.poll);
		for (size_t i = 0; i < dns.n_services; i++) {
			service_t *s = dns.services[i];
			if (s->printer != p)
				continue;
			bool was = s->txt != NULL;
			/* Freeing the group takes its entries out of the daemon (a goodbye on the network). */
			if (s->group)
				avahi_entry_group_free(s->group);
			avahi_string_list_free(s->txt);
			dns.services[i] = dns.services[--dns.n_services];
			if (was)
				log_printer(p, LOG_INFO, "DNS-SD: '%s' withdrawn", s->name);
			free(s);
			break;
		}
		avahi_threaded_poll_unlock(dns.poll);
	}
	pthread_mutex_unlock(&dns.gate);
}

void dnssd_update_all(system_t *sys)
{
	size_t n;
	printer_t **list = system_printers_copy(sys, &n);
	if (!list) {
		log_msg(LOG_ERROR, "DNS-SD: out of memory; the advertisements were not updated");
		return;
	}
	for (size_t i = 0; i < n; i++)
		dnssd_update(list[i]);
	free(list);
}

/* True when a --listen value ("HOST:PORT", "[ADDR]:PORT") is a loopback address. */
static bool listen_is_loopback(const char *hp)
{
	const char *host = hp, *end;
	if (hp[0] == '[') {
		host = hp + 1;
		end = strchr(host, ']');
	} else {
		end = strchr(hp, ':');
	}
	size_t n = end ? (size_t)(end - host) : strlen(host);
	return (n > 4 && strncmp(host, "127.", 4) == 0) || (n == 3 && strncmp(host, "::1", 3) == 0) ||
	       (n == 9 && strncasecmp(host, "localhost", 9) == 0);
}

void dnssd_start(system_t *sys, int port, const char *name, const char *const *listen, size_t n_listen)
{
	pthread_mutex_lock(&dns.gate);
	if (dns.poll) {
		pthread_mutex_unlock(&dns.gate);
		return;
	}
	dns.port = port;
	dns.tls = sys->tls_enabled;
	clean_name(name ? name : "", dns.name);
	/* A printer no other machine can reach is not announced to them: loopback only, then. */
	bool loopback = n_listen > 0;
	for (size_t i = 0; i < n_listen; i++)
		loopback &= listen_is_loopback(listen[i]);
	unsigned lo = loopback ? if_nametoindex("lo") : 0;
	dns.iface = lo ? (AvahiIfIndex)lo : AVAHI_IF_UNSPEC;
	dns.poll = avahi_threaded_poll_new();
	const AvahiPoll *api = dns.poll ? avahi_threaded_poll_get(dns.poll) : NULL;
	dns.retry = api ? api->timeout_new(api, NULL, retry_cb, NULL) : NULL;
	if (!dns.retry) {
		if (dns.poll)
			avahi_threaded_poll_free(dns.poll);
		dns.poll = NULL;
		pthread_mutex_unlock(&dns.gate);
		log_msg(LOG_ERROR, "DNS-SD: out of memory; printers are not advertised");
		return;
	}
	/* The client comes first, before the thread: no lock is needed yet. */
	client_connect();
	if (avahi_threaded_poll_start(dns.poll) < 0) {
		if (dns.client)
			avahi_client_free(dns.client);
		dns.client = NULL;
		api->timeout_free(dns.retry);
		avahi_threaded_poll_free(dns.poll);
		dns.poll = NULL;
		pthread_mutex_unlock(&dns.gate);
		log_msg(LOG_ERROR, "DNS-SD: cannot start a thread; printers are not advertised");
		return;
	}
	pthread_mutex_unlock(&dns.gate);
	dnssd_update_all(sys);
}

void dnssd_stop(void)
{
	pthread_mutex_lock(&dns.gate);
	if (!dns.poll) {
		pthread_mutex_unlock(&dns.gate);
		return;
	}
	/* With the thread stopped the objects are ours; freeing a group withdraws its service. */
	avahi_threaded_poll_stop(dns.poll);
	size_t withdrawn = 0;
	for (size_t i = 0; i < dns.n_services; i++) {
		service_t *s = dns.services[i];
		withdrawn += s->txt != NULL;
		if (s->group)
			avahi_entry_group_free(s->group);
		avahi_string_list_free(s->txt);
		free(s);
	}
	free(dns.services);
	dns.services = NULL;
	dns.n_services = 0;
	if (dns.client)
		avahi_client_free(dns.client);
	dns.client = NULL;
	avahi_threaded_poll_get(dns.poll)->timeout_free(dns.retry);
	dns.retry = NULL;
	avahi_threaded_poll_free(dns.poll);
	dns.poll = NULL;
	pthread_mutex_unlock(&dns.gate);
	if (withdrawn)
		log_msg(LOG_INFO, "DNS-SD: %zu advertisement(s) withdrawn", withdrawn);
}
