/* The IPP Everywhere printer attributes that depend on the request: icons, web pages, the organizational unit. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_SERVER_PRINTER_EVERYWHERE_H
#define IPPD_SERVER_PRINTER_EVERYWHERE_H

#include <stddef.h>

#include "ops.h"

/*
 * "http://HOST:PORT/PATH" (https over TLS) for a page or file ippd serves on
 * the port the request came in on.  HOST:PORT is the request's Host header;
 * an IPP client leaves the port out only for IPP's own 631, which then has
 * to be written out for an http URL.
 */
void printer_web_uri(const request_t *r, const char *path, char *buf, size_t size);

/*
 * Adds what `f` asks for of printer-icons (PWG 5100.13: the 48, 128 and 512
 * pixel PNGs), printer-more-info and printer-supply-info-uri (the printer's
 * web status page) and printer-organizational-unit, skipping names `fixed`
 * (the capability set) already has.  Caller holds the lock.
 */
void printer_everywhere_add_locked(const request_t *r, const printer_t *p, ippd_group_t *g, const attr_filter_t *f,
                                   const ippd_group_t *fixed);

#endif
