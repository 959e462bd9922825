/* toro-version.c: run-time version information
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "toro-version-info.h"

/**
 * toro_get_major_version:
 *
 * Returns the major version of the toro-glib library in use, which may
 * differ from %TORO_MAJOR_VERSION, the version a program was built against.
 *
 * Returns: the major version
 *
 * Since: 1.0
 */
guint
toro_get_major_version (void)
{
  return TORO_MAJOR_VERSION;
}

/**
 * toro_get_minor_version:
 *
 * Returns the minor version of the toro-glib library in use.
 *
 * Returns: the minor version
 *
 * Since: 1.0
 */
guint
toro_get_minor_version (void)
{
  return TORO_MINOR_VERSION;
}

/**
 * toro_get_micro_version:
 *
 * Returns the micro version of the toro-glib library in use.
 *
 * Returns: the micro version
 *
 * Since: 1.0
 */
guint
toro_get_micro_version (void)
{
  return TORO_MICRO_VERSION;
}
