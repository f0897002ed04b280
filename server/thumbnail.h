/* Thumbnails for the web pages: the first page of a PWG Raster document, shrunk and encoded as PNG by ippd itself. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_SERVER_THUMBNAIL_H
#define IPPD_SERVER_THUMBNAIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The longer side of a thumbnail, in pixels. */
enum { THUMBNAIL_SIZE = 256 };

/*
 * Reads a PWG Raster document (PWG 5102.4) from `f` up to the end of its
 * first page and draws that page in at most `max` x `max` pixels (box
 * filter over a sample of the lines), as a PNG.  The data is untrusted:
 * every header field and run is checked, the page is bounded (32768 x
 * 65536 pixels), nothing is read past the first page.  Colour spaces:
 * sgray, black, srgb, adobe-rgb, rgb, cmyk at 1 (grey/black), 8 or 16 bits.
 * 0 with a malloc'd PNG in *png and its length in *len; -1 with a sentence
 * in `err`.
 */
int thumbnail_pwg(FILE *f, unsigned max, uint8_t **png, size_t *len, char *err, size_t errsize);

#endif
