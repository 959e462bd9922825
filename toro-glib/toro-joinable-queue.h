/* toro-joinable-queue.h: a queue that knows when its work is done
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
 * ToroJoinableQueue:
 *
 * A #ToroQueue that counts unfinished tasks and can wait until all are
 * done: Toro's `JoinableQueue`.
 * The structure is opaque.
 *
 * Since: 1.0
 */
#define TORO_TYPE_JOINABLE_QUEUE (toro_joinable_queue_get_type ())

TORO_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (ToroJoinableQueue, toro_joinable_queue, TORO, JOINABLE_QUEUE, ToroQueue)

TORO_AVAILABLE_IN_1_0
ToroJoinableQueue *toro_joinable_queue_new                  (guint                 maxsize) G_GNUC_WARN_UNUSED_RESULT;

TORO_AVAILABLE_IN_1_0
void               toro_joinable_queue_task_done            (ToroJoinableQueue    *self);
TORO_AVAILABLE_IN_1_0
void               toro_joinable_queue_join_async           (ToroJoinableQueue    *self,
                                                             gint64                deadline,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
TORO_AVAILABLE_IN_1_0
gboolean           toro_joinable_queue_join_finish          (ToroJoinableQueue    *self,
                                                             GAsyncResult         *result,
                                                             GError              **error);
TORO_AVAILABLE_IN_1_0
guint              toro_joinable_queue_get_unfinished_tasks (ToroJoinableQueue    *self);

G_END_DECLS
