/* toro-version-info.h: run-time version information
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined (TORO_INSIDE) && !defined (TORO_COMPILATION)
# error "Only <toro-glib/toro-glib.h> can be included directly."
#endif

#include "toro-version-macros.h"

G_BEGIN_DECLS

TORO_AVAILABLE_IN_1_0
guint toro_get_major_version (void);
TORO_AVAILABLE_IN_1_0
guint toro_get_minor_version (void);
TORO_AVAILABLE_IN_1_0
guint toro_get_micro_version (void);

G_END_DECLS
