/* toro-version-macros.h: symbol visibility and availability annotations
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined (TORO_INSIDE) && !defined (TORO_COMPILATION)
# error "Only <toro-glib/toro-glib.h> can be included directly."
#endif

#include <glib.h>

#include "toro-version.h"

#ifndef _TORO_EXTERN
# if defined (_WIN32) && !defined (__CYGWIN__)
#  ifdef TORO_COMPILATION
#   define _TORO_EXTERN __declspec(dllexport) extern
#  else
#   define _TORO_EXTERN __declspec(dllimport) extern
#  endif
# elif defined (TORO_COMPILATION) && defined (__GNUC__)
#  define _TORO_EXTERN __attribute__((visibility ("default"))) extern
# else
#  define _TORO_EXTERN extern
# endif
#endif

/**
 * TORO_VERSION_1_0:
 *
 * A version number for toro-glib 1.0, for %TORO_VERSION_MIN_REQUIRED and
 * %TORO_VERSION_MAX_ALLOWED.
 *
 * Since: 1.0
 */
#define TORO_VERSION_1_0 (G_ENCODE_VERSION (1, 0))

/**
 * TORO_VERSION_CUR_STABLE:
 *
 * The version number of the toro-glib headers in use, as a
 * `TORO_VERSION_x_y` value.
 *
 * Since: 1.0
 */
#define TORO_VERSION_CUR_STABLE (G_ENCODE_VERSION (TORO_MAJOR_VERSION, TORO_MINOR_VERSION))

/**
 * TORO_VERSION_MIN_REQUIRED:
 *
 * Define this before including `toro-glib/toro-glib.h` to the oldest
 * toro-glib version (a `TORO_VERSION_x_y` value) your code supports; API
 * deprecated in or before that version then warns at compile time. It
 * defaults to %TORO_VERSION_CUR_STABLE.
 *
 * Since: 1.0
 */
#ifndef TORO_VERSION_MIN_REQUIRED
# define TORO_VERSION_MIN_REQUIRED TORO_VERSION_CUR_STABLE
#endif

/**
 * TORO_VERSION_MAX_ALLOWED:
 *
 * Define this before including `toro-glib/toro-glib.h` to the newest
 * toro-glib version (a `TORO_VERSION_x_y` value) your code may use; API
 * added after that version then warns at compile time. It defaults to
 * %TORO_VERSION_CUR_STABLE.
 *
 * Since: 1.0
 */
#ifndef TORO_VERSION_MAX_ALLOWED
# define TORO_VERSION_MAX_ALLOWED TORO_VERSION_CUR_STABLE
#endif

#if TORO_VERSION_MAX_ALLOWED < TORO_VERSION_MIN_REQUIRED
# error "TORO_VERSION_MAX_ALLOWED must be >= TORO_VERSION_MIN_REQUIRED"
#endif

#define TORO_AVAILABLE_IN_ALL _TORO_EXTERN

#define TORO_DEPRECATED _TORO_EXTERN G_DEPRECATED
#define TORO_DEPRECATED_FOR(f) _TORO_EXTERN G_DEPRECATED_FOR (f)
#define TORO_UNAVAILABLE(maj, min) _TORO_EXTERN G_UNAVAILABLE (maj, min)

#if TORO_VERSION_MAX_ALLOWED < TORO_VERSION_1_0
# define TORO_AVAILABLE_IN_1_0 TORO_UNAVAILABLE (1, 0)
#else
# define TORO_AVAILABLE_IN_1_0 _TORO_EXTERN
#endif

#if TORO_VERSION_MIN_REQUIRED >= TORO_VERSION_1_0
# define TORO_DEPRECATED_IN_1_0 TORO_DEPRECATED
# define TORO_DEPRECATED_IN_1_0_FOR(f) TORO_DEPRECATED_FOR (f)
#else
# define TORO_DEPRECATED_IN_1_0 _TORO_EXTERN
# define TORO_DEPRECATED_IN_1_0_FOR(f) _TORO_EXTERN
#endif
