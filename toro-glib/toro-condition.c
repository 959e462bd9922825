/* toro-condition.c: a condition that callbacks wait to be notified of
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "toro-condition.h"

#include "toro-debug-private.h"
#include "toro-i18n-private.h"
#include "toro-waiter-private.h"

/**
 * SECTION:toro-condition
 * @title: ToroCondition
 * @short_description: Wait until notified
 * @include: toro-glib/toro-glib.h
 *
 * A #ToroCondition is Toro's `Condition`: callbacks wait with
 * toro_condition_wait_async() until another part of the program calls
 * toro_condition_notify() or toro_condition_notify_all(). It holds no
 * state of its own and is not bound to a lock: the waiter re-checks
 * whatever it was waiting for when it wakes.
 *
 * |[<!-- language="C" -->
 * static void
 * on_notified (GObject *source, GAsyncResult *result, gpointer user_data)
 * {
 *   if (toro_condition_wait_finish (TORO_CONDITION (source), result, NULL))
 *     g_print ("I'm done waiting\n");
 * }
 *
 * g_print ("I'll wait right here\n");
 * toro_condition_wait_async (condition, TORO_NO_DEADLINE, NULL, on_notified, NULL);
 *
 * // later, in some other callback
 * g_print ("About to notify\n");
 * toro_condition_notify (condition, 1);
 * g_print ("Done notifying\n");   // printed before "I'm done waiting"
 * ]|
 *
 * A notification is not stored: notifying with nobody waiting does
 * nothing, and a later wait waits for a later notification. Waiters wake
 * in the order they started waiting. A waiter that times out or is
 * cancelled leaves the queue at once and does not count towards the @n of
 * a later toro_condition_notify(); a waiter notified before its
 * cancellable fires completes successfully, so a notification is never
 * lost between the two.
 *
 * The method keeps Toro's name, notify, so in Python and JavaScript
 * `condition.notify(1)` calls toro_condition_notify() and hides
 * GObject's `notify()`; use `GObject.Object.notify(condition, name)` for
 * the latter.
 *
 * A #ToroCondition may be used from several threads at once; each
 * waiter's callback runs in the thread-default main context of the thread
 * that started the wait.
 */

struct _ToroCondition
{
  GObject        parent_instance;

  ToroMonitor    monitor;
  ToroWaitQueue  waiters;
};

G_DEFINE_FINAL_TYPE (ToroCondition, toro_condition, G_TYPE_OBJECT)

/* A wait is only ever ended by a notification. */
static gboolean
condition_wait_try_now (gpointer    owner,
                        ToroWaiter *waiter,
                        ToroBatch  *batch)
{
  return FALSE;
}

static const ToroWaitOp wait_op = {
  toro_condition_wait_async,
  "toro_condition_wait_async",
  N_("Timed out waiting for the condition to be notified"),
  condition_wait_try_now,
};

static void
toro_condition_finalize (GObject *object)
{
  ToroCondition *self = (ToroCondition *) object;

  g_assert (toro_wait_queue_is_empty (&self->waiters));
  toro_monitor_clear (&self->monitor);

  G_OBJECT_CLASS (toro_condition_parent_class)->finalize (object);
}

static void
toro_condition_class_init (ToroConditionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = toro_condition_finalize;
}

static void
toro_condition_init (ToroCondition *self)
{
  toro_monitor_init (&self->monitor, NULL);
}

/**
 * toro_condition_new:
 *
 * Creates a #ToroCondition.
 *
 * Returns: (transfer full): a new #ToroCondition
 *
 * Since: 1.0
 */
ToroCondition *
toro_condition_new (void)
{
  return g_object_new (TORO_TYPE_CONDITION, NULL);
}

/**
 * toro_condition_wait_async:
 * @self: a #ToroCondition
 * @deadline: when to give up, on the clock of g_get_monotonic_time(), or
 *   %TORO_NO_DEADLINE
 * @cancellable: (nullable): a #GCancellable, or %NULL
 * @callback: (scope async) (closure user_data): called once notified or
 *   when the wait failed
 * @user_data: data passed to @callback
 *
 * Waits for a later toro_condition_notify() or
 * toro_condition_notify_all(): Toro's `Condition.wait()`. @callback runs
 * in the thread-default #GMainContext of the caller, never before this
 * function returns; call toro_condition_wait_finish() from it. If
 * @deadline passes first the wait fails with %TORO_ERROR_TIMEOUT (Toro's
 * `Timeout`; Tornado would return %FALSE instead).
 *
 * Since: 1.0
 */
void
toro_condition_wait_async (ToroCondition       *self,
                           gint64               deadline,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  ToroWaiter *waiter;

  g_return_if_fail (TORO_IS_CONDITION (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  waiter = toro_waiter_new (self, &wait_op, deadline, cancellable, callback, user_data);
  toro_waiter_start (waiter, &self->monitor, &self->waiters);
}

/**
 * toro_condition_wait_finish:
 * @self: a #ToroCondition
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError, or %NULL
 *
 * Finishes toro_condition_wait_async().
 *
 * Returns: %TRUE if the waiter was notified; %FALSE with @error set
 *   otherwise
 *
 * Since: 1.0
 */
gboolean
toro_condition_wait_finish (ToroCondition  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (TORO_IS_CONDITION (self), FALSE);
  g_return_val_if_fail (toro_waiter_is_valid (result, self, toro_condition_wait_async), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return toro_waiter_propagate (result, error);
}

/**
 * toro_condition_notify:
 * @self: a #ToroCondition
 * @n: how many waiters to wake
 *
 * Wakes the @n waiters that have waited longest (all of them, if fewer are
 * waiting): Toro's `Condition.notify(n)`. Their callbacks run later, each
 * from its own main context, in the order they started waiting.
 *
 * In the bindings this method hides GObject's `notify()`; see the
 * description of #ToroCondition.
 *
 * Since: 1.0
 */
void
toro_condition_notify (ToroCondition *self,
                       guint          n)
{
  ToroBatch batch = TORO_BATCH_INIT;
  ToroWaiter *next;

  g_return_if_fail (TORO_IS_CONDITION (self));

  toro_monitor_lock (&self->monitor);
  while (n-- > 0 && (next = toro_wait_queue_peek (&self->waiters)) != NULL)
    toro_waiter_grant (next, &batch);
  toro_monitor_unlock (&self->monitor);

  toro_batch_finish (&batch);
}

/**
 * toro_condition_notify_all:
 * @self: a #ToroCondition
 *
 * Wakes every waiter: Toro's `Condition.notify_all()`.
 *
 * Since: 1.0
 */
void
toro_condition_notify_all (ToroCondition *self)
{
  ToroBatch batch = TORO_BATCH_INIT;

  g_return_if_fail (TORO_IS_CONDITION (self));

  toro_monitor_lock (&self->monitor);
  toro_wait_queue_grant_all (&self->waiters, &batch);
  toro_monitor_unlock (&self->monitor);

  toro_batch_finish (&batch);
}

guint
toro_condition_debug_n_waiters (ToroCondition *self)
{
  return toro_monitor_queue_length (&self->monitor, &self->waiters);
}
