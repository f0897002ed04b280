/* DNS-SD advertising of the printers (IPP Everywhere's _ipp._tcp with the _print subtype) through Avahi. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_SERVER_DNSSD_H
#define IPPD_SERVER_DNSSD_H

#include "server.h"

/*
 * Starts advertising every printer of `sys` on `port` (the port ippd
 * serves): one _ipp._tcp service each — and _ipps._tcp on the same port
 * when sys->tls_enabled (set by http_start: call after it) — with the
 * _print subtype (and _universal for printers that take image/urf) and
 * the TXT keys of PWG 5100.14 (TLS only when TLS is on).  `name` (may be
 * NULL) is the DNS-SD service name of the default printer; without it,
 * and for the other printers,
 * the name is printer-info, else printer-name.  A name taken on the
 * network is replaced by "NAME #2" and so on.  `listen` holds the
 * --listen values: when all are loopback addresses, the services are
 * announced on the loopback interface only.
 *
 * Never fails the service: without an avahi-daemon (or without the system
 * D-Bus it talks over) one line is logged and the printers are advertised
 * as soon as the daemon appears.  Runs its own thread; call after the
 * signal mask is set and the HTTP server is up.  Call WITHOUT the lock.
 */
void dnssd_start(system_t *sys, int port, const char *name, const char *const *listen, size_t n_listen);

/*
 * Brings `p`'s advertisement up to date after a change (printer-info,
 * printer-location, capabilities) or advertises a printer added since
 * dnssd_start().  Does nothing when nothing advertised changed, or when
 * dnssd_start() was not called.  Call WITHOUT the lock (it takes it to
 * read the printer).
 */
void dnssd_update(printer_t *p);

/*
 * Withdraws `p`'s advertisement (a goodbye on the network) and forgets the
 * printer: call before a deleted printer is freed.  Call WITHOUT the lock.
 */
void dnssd_withdraw(printer_t *p);

/* dnssd_update() for every printer of the system, e.g. after a configuration reload. */
void dnssd_update_all(system_t *sys);

/* Withdraws every advertisement and ends the thread; before system_free().  Safe to call when not started. */
void dnssd_stop(void);

#endif
