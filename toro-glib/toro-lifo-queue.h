/* toro-lifo-queue.h: a queue that hands out the newest item first
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined (TORO_INSIDE) && !defined (TORO_COMPILATION)
# error "Only <toro-glib/toro-glib.h> can be included directly."
#endif

#include "toro-queue.h"

G_BEGIN_DECLS

/**
 * ToroLifoQueue:
 *
 * A #ToroQueue that hands out the newest item first: Toro's `LifoQueue`.
 * The structure is opaque.
 *
 * Since: 1.0
 */
#define TORO_TYPE_LIFO_QUEUE (toro_lifo_queue_get_type ())

TORO_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (ToroLifoQueue, toro_lifo_queue, TORO, LIFO_QUEUE, ToroQueue)

TORO_AVAILABLE_IN_1_0
ToroLifoQueue *toro_lifo_queue_new (guint maxsize) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
