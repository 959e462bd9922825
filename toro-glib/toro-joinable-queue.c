/* toro-joinable-queue.c: a queue that knows when its work is done
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "toro-joinable-queue.h"

#include "toro-debug-private.h"
#include "toro-i18n-private.h"
#include "toro-queue-private.h"

/**
 * SECTION:toro-joinable-queue
 * @title: ToroJoinableQueue
 * @short_description: A queue that can wait for all its items to be processed
 * @include: toro-glib/toro-glib.h
 *
 * A #ToroJoinableQueue is Toro's `JoinableQueue`: a first-in, first-out
 * #ToroQueue that also counts unfinished tasks. Every item put counts as
 * one, including an item handed straight to a waiting getter; each call
 * to toro_joinable_queue_task_done() finishes one. toro_joinable_queue_join_async()
 * completes when the count reaches 0, that is when every item put so far
 * has been got and processed, not merely got.
 *
 * |[<!-- language="C" -->
 * static void
 * on_item (GObject *source, GAsyncResult *result, gpointer user_data)
 * {
 *   ToroJoinableQueue *queue = TORO_JOINABLE_QUEUE (source);
 *   GValue *item = toro_queue_get_finish (TORO_QUEUE (queue), result, NULL);
 *
 *   if (item == NULL)
 *     return;
 *   g_print ("Doing work on %d\n", g_value_get_int (item));
 *   g_boxed_free (G_TYPE_VALUE, item);
 *   toro_joinable_queue_task_done (queue);
 *   toro_queue_get_async (TORO_QUEUE (queue), TORO_NO_DEADLINE, NULL, on_item, NULL);
 * }
 * ]|
 *
 * Calling toro_joinable_queue_task_done() more often than items were put
 * is a programming error: it emits a critical warning and changes
 * nothing. Use the toro_queue_*() functions to put and get.
 */

struct _ToroJoinableQueue
{
  ToroQueue      parent_instance;

  /* Guarded by the queue's monitor. */
  ToroWaitQueue  joiners;
  guint          unfinished;
};

G_DEFINE_FINAL_TYPE (ToroJoinableQueue, toro_joinable_queue, TORO_TYPE_QUEUE)

enum {
  PROP_0,
  PROP_UNFINISHED_TASKS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
joinable_item_added (ToroQueue *queue,
                     ToroBatch *batch)
{
  ToroJoinableQueue *self = TORO_JOINABLE_QUEUE (queue);

  self->unfinished++;
  toro_batch_notify (batch, self, properties[PROP_UNFINISHED_TASKS]);
}

static gboolean
joinable_join_try_now (gpointer    owner,
                       ToroWaiter *waiter,
                       ToroBatch  *batch)
{
  return ((ToroJoinableQueue *) owner)->unfinished == 0;
}

static const ToroWaitOp join_op = {
  toro_joinable_queue_join_async,
  "toro_joinable_queue_join_async",
  N_("Timed out waiting for the queue's tasks to be done"),
  joinable_join_try_now,
};

static void
toro_joinable_queue_finalize (GObject *object)
{
  ToroJoinableQueue *self = (ToroJoinableQueue *) object;

  g_assert (toro_wait_queue_is_empty (&self->joiners));

  G_OBJECT_CLASS (toro_joinable_queue_parent_class)->finalize (object);
}

static void
toro_joinable_queue_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  ToroJoinableQueue *self = TORO_JOINABLE_QUEUE (object);

  switch (prop_id)
    {
    case PROP_UNFINISHED_TASKS:
      g_value_set_uint (value, toro_joinable_queue_get_unfinished_tasks (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
toro_joinable_queue_class_init (ToroJoinableQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = toro_joinable_queue_finalize;
  object_class->get_property = toro_joinable_queue_get_property;

  /**
   * ToroJoinableQueue:unfinished-tasks:
   *
   * How many items were put and not yet marked done with
   * toro_joinable_queue_task_done(). Notified, in the thread that changed
   * it, when it changes.
   *
   * Since: 1.0
   */
  properties[PROP_UNFINISHED_TASKS] =
    g_param_spec_uint ("unfinished-tasks", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
toro_joinable_queue_init (ToroJoinableQueue *self)
{
  toro_queue_set_item_added (TORO_QUEUE (self), joinable_item_added);
}

/**
 * toro_joinable_queue_new:
 * @maxsize: how many items the queue holds before puts wait, or 0 for no
 *   limit
 *
 * Creates an empty #ToroJoinableQueue with no unfinished tasks.
 *
 * Returns: (transfer full): a new #ToroJoinableQueue
 *
 * Since: 1.0
 */
ToroJoinableQueue *
toro_joinable_queue_new (guint maxsize)
{
  return g_object_new (TORO_TYPE_JOINABLE_QUEUE, "maxsize", maxsize, NULL);
}

/**
 * toro_joinable_queue_task_done:
 * @self: a #ToroJoinableQueue
 *
 * Marks one item got from the queue as processed: Toro's
 * `JoinableQueue.task_done()`. When every item put has been marked, every
 * join completes (their callbacks run later, each from its own main
 * context).
 *
 * Since: 1.0
 */
void
toro_joinable_queue_task_done (ToroJoinableQueue *self)
{
  ToroMonitor *monitor;
  ToroBatch batch = TORO_BATCH_INIT;

  g_return_if_fail (TORO_IS_JOINABLE_QUEUE (self));

  monitor = toro_queue_get_monitor (TORO_QUEUE (self));
  toro_monitor_lock (monitor);

  if (self->unfinished == 0)
    {
      toro_monitor_unlock (monitor);
      g_critical ("%s: called more times than there were items put", G_STRFUNC);
      return;
    }

  self->unfinished--;
  toro_batch_notify (&batch, self, properties[PROP_UNFINISHED_TASKS]);
  if (self->unfinished == 0)
    toro_wait_queue_grant_all (&self->joiners, &batch);

  toro_monitor_unlock (monitor);

  toro_batch_finish (&batch);
}

/**
 * toro_joinable_queue_join_async:
 * @self: a #ToroJoinableQueue
 * @deadline: when to give up, on the clock of g_get_monotonic_time(), or
 *   %TORO_NO_DEADLINE
 * @cancellable: (nullable): a #GCancellable, or %NULL
 * @callback: (scope async) (closure user_data): called once every task is
 *   done or the wait failed
 * @user_data: data passed to @callback
 *
 * Waits until every item put so far has been marked done with
 * toro_joinable_queue_task_done(): Toro's `JoinableQueue.join()`.
 * Completes at once (from the caller's main context) if there are no
 * unfinished tasks. @callback runs in the thread-default #GMainContext of
 * the caller, never before this function returns; call
 * toro_joinable_queue_join_finish() from it.
 *
 * Since: 1.0
 */
void
toro_joinable_queue_join_async (ToroJoinableQueue   *self,
                                gint64               deadline,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  ToroWaiter *waiter;

  g_return_if_fail (TORO_IS_JOINABLE_QUEUE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  waiter = toro_waiter_new (self, &join_op, deadline, cancellable, callback, user_data);
  toro_waiter_start (waiter, toro_queue_get_monitor (TORO_QUEUE (self)), &self->joiners);
}

/**
 * toro_joinable_queue_join_finish:
 * @self: a #ToroJoinableQueue
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError, or %NULL
 *
 * Finishes toro_joinable_queue_join_async().
 *
 * Returns: %TRUE if every task was done; %FALSE with @error set otherwise
 *
 * Since: 1.0
 */
gboolean
toro_joinable_queue_join_finish (ToroJoinableQueue  *self,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  g_return_val_if_fail (TORO_IS_JOINABLE_QUEUE (self), FALSE);
  g_return_val_if_fail (toro_waiter_is_valid (result, self, toro_joinable_queue_join_async), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return toro_waiter_propagate (result, error);
}

/**
 * toro_joinable_queue_get_unfinished_tasks:
 * @self: a #ToroJoinableQueue
 *
 * Returns #ToroJoinableQueue:unfinished-tasks: Toro's
 * `JoinableQueue.unfinished_tasks`.
 *
 * Returns: how many items were put and not yet marked done
 *
 * Since: 1.0
 */
guint
toro_joinable_queue_get_unfinished_tasks (ToroJoinableQueue *self)
{
  ToroMonitor *monitor;
  guint unfinished;

  g_return_val_if_fail (TORO_IS_JOINABLE_QUEUE (self), 0);

  monitor = toro_queue_get_monitor (TORO_QUEUE (self));
  toro_monitor_lock (monitor);
  unfinished = self->unfinished;
  toro_monitor_unlock (monitor);

  return unfinished;
}

guint
toro_joinable_queue_debug_n_joiners (ToroJoinableQueue *self)
{
  return toro_monitor_queue_length (toro_queue_get_monitor (TORO_QUEUE (self)), &self->joiners);
}
