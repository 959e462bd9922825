/* toro-deadline.h: deadlines on the monotonic clock
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined (TORO_INSIDE) && !defined (TORO_COMPILATION)
# error "Only <toro-glib/toro-glib.h> can be included directly."
#endif

#include <glib.h>

#include "toro-version-macros.h"

G_BEGIN_DECLS

/**
 * TORO_NO_DEADLINE:
 *
 * The deadline that never passes: a wait given it lasts until it succeeds
 * or its #GCancellable is cancelled.
 *
 * Since: 1.0
 */
#define TORO_NO_DEADLINE (-1)

TORO_AVAILABLE_IN_1_0
gint64 toro_deadline_after (GTimeSpan timeout);

G_END_DECLS
