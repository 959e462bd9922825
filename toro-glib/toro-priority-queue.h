/* toro-priority-queue.h: a queue that hands out the lowest item first
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
 * ToroCompareFunc:
 * @a: an item
 * @b: another item
 * @user_data: the data given with the function
 *
 * Orders the items of a #ToroPriorityQueue. Called with the queue's lock
 * held: it must not call into the queue, and should be quick.
 *
 * Returns: a negative value if @a comes before @b, 0 if they are equal,
 *   a positive value if @a comes after @b
 *
 * Since: 1.0
 */
typedef gint (*ToroCompareFunc) (const GValue *a,
                                 const GValue *b,
                                 gpointer      user_data);

/**
 * ToroPriorityQueue:
 *
 * A #ToroQueue that hands out the lowest item first: Toro's
 * `PriorityQueue`.
 * The structure is opaque.
 *
 * Since: 1.0
 */
#define TORO_TYPE_PRIORITY_QUEUE (toro_priority_queue_get_type ())

TORO_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (ToroPriorityQueue, toro_priority_queue, TORO, PRIORITY_QUEUE, ToroQueue)

TORO_AVAILABLE_IN_1_0
ToroPriorityQueue *toro_priority_queue_new (guint            maxsize,
                                            ToroCompareFunc  compare,
                                            gpointer         data,
                                            GDestroyNotify   destroy) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
