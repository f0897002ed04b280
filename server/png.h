/* A minimal PNG encoder: 8-bit RGBA images, for the icons ippd draws itself. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Copyright 2026 The ippd authors */
#ifndef IPPD_SERVER_PNG_H
#define IPPD_SERVER_PNG_H

#include <stddef.h>
#include <stdint.h>

/* Dimensions above this are refused: the raw image must stay far below zlib's 32-bit sizes. */
#define PNG_MAX_DIMENSION 4096u

/*
 * Encodes `width` x `height` pixels of 8-bit RGBA (non-premultiplied, rows
 * top to bottom, 4 bytes a pixel, no padding) as a PNG file: the signature,
 * IHDR (colour type 6, bit depth 8, no interlace), one IDAT (zlib, filter
 * type 0 on every row) and IEND, each chunk with its CRC-32.  0 with a
 * malloc'd buffer in *out (the caller frees it) and its length in *out_len;
 * -1 when a dimension is 0 or above PNG_MAX_DIMENSION, or memory runs out.
 */
int png_encode_rgba(const uint8_t *rgba, uint32_t width, uint32_t height, uint8_t **out, size_t *out_len);

#endif
