/* toro-queue.h: a FIFO queue for coroutines on the main loop
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined (TORO_INSIDE) && !defined (TORO_COMPILATION)
# error "Only <toro-glib/toro-glib.h> can be included directly."
#endif

#include <gio/gio.h>

#include "toro-version-macros.h"

G_BEGIN_DECLS

/**
 * ToroQueue:
 *
 * A first-in, first-out queue of items between producers and
 * consumers: Toro's `Queue`. The base class of #ToroPriorityQueue,
 * #ToroLifoQueue and #ToroJoinableQueue.
 * The structure is opaque.
 *
 * Since: 1.0
 */
#define TORO_TYPE_QUEUE (toro_queue_get_type ())

TORO_AVAILABLE_IN_1_0
G_DECLARE_DERIVABLE_TYPE (ToroQueue, toro_queue, TORO, QUEUE, GObject)

/**
 * ToroQueueClass:
 * @parent_class: the parent class
 *
 * The class structure of #ToroQueue.
 *
 * Since: 1.0
 */
struct _ToroQueueClass
{
  GObjectClass parent_class;

  /*< private >*/
  gpointer _reserved[8];
};

TORO_AVAILABLE_IN_1_0
ToroQueue *toro_queue_new                (guint                  maxsize) G_GNUC_WARN_UNUSED_RESULT;

TORO_AVAILABLE_IN_1_0
void       toro_queue_put_async          (ToroQueue             *self,
                                          const GValue          *item,
                                          gint64                 deadline,
                                          GCancellable          *cancellable,
                                          GAsyncReadyCallback    callback,
                                          gpointer               user_data);
TORO_AVAILABLE_IN_1_0
gboolean   toro_queue_put_finish         (ToroQueue             *self,
                                          GAsyncResult          *result,
                                          GError               **error);
TORO_AVAILABLE_IN_1_0
void       toro_queue_get_async          (ToroQueue             *self,
                                          gint64                 deadline,
                                          GCancellable          *cancellable,
                                          GAsyncReadyCallback    callback,
                                          gpointer               user_data);
TORO_AVAILABLE_IN_1_0
GValue    *toro_queue_get_finish         (ToroQueue             *self,
                                          GAsyncResult          *result,
                                          GError               **error);
TORO_AVAILABLE_IN_1_0
gboolean   toro_queue_put_nowait         (ToroQueue             *self,
                                          const GValue          *item,
                                          GError               **error);
TORO_AVAILABLE_IN_1_0
GValue    *toro_queue_get_nowait         (ToroQueue             *self,
                                          GError               **error);
TORO_AVAILABLE_IN_1_0
gboolean   toro_queue_get_finish_into    (ToroQueue             *self,
                                          GAsyncResult          *result,
                                          GValue                *item,
                                          GError               **error);
TORO_AVAILABLE_IN_1_0
gboolean   toro_queue_get_nowait_into    (ToroQueue             *self,
                                          GValue                *item,
                                          GError               **error);

TORO_AVAILABLE_IN_1_0
void       toro_queue_put_pointer_async  (ToroQueue             *self,
                                          gpointer               item,
                                          GDestroyNotify         item_free,
                                          gint64                 deadline,
                                          GCancellable          *cancellable,
                                          GAsyncReadyCallback    callback,
                                          gpointer               user_data);
TORO_AVAILABLE_IN_1_0
gboolean   toro_queue_put_pointer_nowait (ToroQueue             *self,
                                          gpointer               item,
                                          GDestroyNotify         item_free,
                                          GError               **error);
TORO_AVAILABLE_IN_1_0
gpointer   toro_queue_get_pointer_finish (ToroQueue             *self,
                                          GAsyncResult          *result,
                                          GError               **error);
TORO_AVAILABLE_IN_1_0
gpointer   toro_queue_get_pointer_nowait (ToroQueue             *self,
                                          GError               **error);

TORO_AVAILABLE_IN_1_0
guint      toro_queue_qsize              (ToroQueue             *self);
TORO_AVAILABLE_IN_1_0
gboolean   toro_queue_empty              (ToroQueue             *self);
TORO_AVAILABLE_IN_1_0
gboolean   toro_queue_full               (ToroQueue             *self);
TORO_AVAILABLE_IN_1_0
guint      toro_queue_get_maxsize        (ToroQueue             *self);

G_END_DECLS
