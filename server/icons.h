/* printer-icons: the PNG icons ippd draws at start-up and serves under /icons/. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_SERVER_ICONS_H
#define IPPD_SERVER_ICONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <microhttpd.h>

/*
 * PWG 5100.13 printer-icons lists the URIs of a 48x48, a 128x128 and a
 * 512x512 PNG image, in that order.  ippd's printers are virtual and all
 * look alike, so one drawing serves every printer: /icons/ippd-48.png,
 * /icons/ippd-128.png and /icons/ippd-512.png.
 */
enum { ICONS_COUNT = 3 };

/* The URL paths of the icons, smallest first ("/icons/ippd-48.png", ...). */
extern const char *const icons_paths[ICONS_COUNT];

/* Draws and encodes the icons (once; later calls do nothing).  False when memory runs out. */
bool icons_init(void);

/* The PNG file at `path` (one of icons_paths), or NULL (unknown path, or icons_init failed). */
const uint8_t *icons_find(const char *path, size_t *len);

/* True for a path under /icons/: icons_answer() owns those. */
bool icons_is_path(const char *url);

/*
 * Answers a GET or HEAD for `url`: the PNG with Content-Type image/png, a
 * day of caching and an ETag (If-None-Match gets 304), or 404.
 */
enum MHD_Result icons_answer(struct MHD_Connection *c, const char *url);

#endif
