/* toro-lifo-queue.c: a queue that hands out the newest item first
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "toro-lifo-queue.h"

#include "toro-queue-private.h"

/**
 * SECTION:toro-lifo-queue
 * @title: ToroLifoQueue
 * @short_description: A queue that hands out the newest item first
 * @include: toro-glib/toro-glib.h
 *
 * A #ToroLifoQueue is Toro's `LifoQueue`: a #ToroQueue whose gets take
 * the item put most recently. Use the toro_queue_*() functions on it.
 *
 * |[<!-- language="C" -->
 * ToroQueue *undo = TORO_QUEUE (toro_lifo_queue_new (0));
 * g_autofree char *edit = NULL;
 *
 * toro_queue_put_pointer_nowait (undo, g_strdup ("type 'a'"), g_free, NULL);
 * toro_queue_put_pointer_nowait (undo, g_strdup ("type 'b'"), g_free, NULL);
 *
 * edit = toro_queue_get_pointer_nowait (undo, NULL);   // "type 'b'"
 * ]|
 *
 * The order applies to the items in the queue; waiters are still served
 * first come, first served. When a get finds putters waiting on a full
 * queue, the head putter's item goes in first, so that get takes that
 * newest item.
 */

struct _ToroLifoQueue
{
  ToroQueue parent_instance;
};

G_DEFINE_FINAL_TYPE (ToroLifoQueue, toro_lifo_queue, TORO_TYPE_QUEUE)

static void
toro_lifo_queue_class_init (ToroLifoQueueClass *klass)
{
}

static void
toro_lifo_queue_init (ToroLifoQueue *self)
{
  toro_queue_set_order (TORO_QUEUE (self), TORO_ITEM_ORDER_LIFO);
}

/**
 * toro_lifo_queue_new:
 * @maxsize: how many items the queue holds before puts wait, or 0 for no
 *   limit
 *
 * Creates an empty last-in, first-out queue.
 *
 * Returns: (transfer full): a new #ToroLifoQueue
 *
 * Since: 1.0
 */
ToroLifoQueue *
toro_lifo_queue_new (guint maxsize)
{
  return g_object_new (TORO_TYPE_LIFO_QUEUE, "maxsize", maxsize, NULL);
}
