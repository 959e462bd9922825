/* toro-lock.c: a mutual-exclusion lock for coroutines on the main loop
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "toro-lock.h"

#include "toro-debug-private.h"
#include "toro-i18n-private.h"
#include "toro-waiter-private.h"

/**
 * SECTION:toro-lock
 * @title: ToroLock
 * @short_description: A lock that callbacks take turns holding
 * @include: toro-glib/toro-glib.h
 *
 * A #ToroLock is Toro's `Lock`: at most one holder at a time, with
 * waiters served strictly in the order they asked. It is not a #GMutex:
 * nobody blocks. toro_lock_acquire_async() calls back, from the caller's
 * main context, once the lock is held; toro_lock_release() hands it to the
 * next waiter.
 *
 * |[<!-- language="C" -->
 * static void
 * on_acquired (GObject *source, GAsyncResult *result, gpointer user_data)
 * {
 *   ToroLock *lock = TORO_LOCK (source);
 *   g_autoptr(GError) error = NULL;
 *
 *   if (!toro_lock_acquire_finish (lock, result, &error))
 *     {
 *       g_warning ("No lock: %s", error->message);
 *       return;
 *     }
 *
 *   write_the_file ();      // nobody else is in here
 *   toro_lock_release (lock);
 * }
 *
 * toro_lock_acquire_async (lock, toro_deadline_after (G_TIME_SPAN_SECOND),
 *                          NULL, on_acquired, NULL);
 * ]|
 *
 * The lock is handed over, not merely freed: toro_lock_release() with
 * waiters queued makes the first of them the holder at once, so
 * #ToroLock:locked stays %TRUE and a toro_lock_try_acquire() in between
 * fails. A waiter that times out or is cancelled is removed at once and
 * never holds the lock. The lock is not re-entrant: acquiring it again
 * while holding it waits for a release, like Toro's.
 *
 * A #ToroLock may be used from several threads at once; each waiter's
 * callback runs in the thread-default main context of the thread that
 * called toro_lock_acquire_async().
 */

struct _ToroLock
{
  GObject        parent_instance;

  ToroMonitor    monitor;
  ToroWaitQueue  waiters;
  gboolean       locked;
};

G_DEFINE_FINAL_TYPE (ToroLock, toro_lock, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LOCKED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Free only when nobody holds it and nobody is queued: no barging. */
static gboolean
lock_try_acquire_locked (ToroLock  *self,
                         ToroBatch *batch)
{
  if (self->locked || !toro_wait_queue_is_empty (&self->waiters))
    return FALSE;

  self->locked = TRUE;
  toro_batch_notify (batch, self, properties[PROP_LOCKED]);
  return TRUE;
}

static gboolean
lock_acquire_try_now (gpointer    owner,
                      ToroWaiter *waiter,
                      ToroBatch  *batch)
{
  return lock_try_acquire_locked (owner, batch);
}

static const ToroWaitOp acquire_op = {
  toro_lock_acquire_async,
  "toro_lock_acquire_async",
  N_("Timed out waiting to acquire the lock"),
  lock_acquire_try_now,
};

static void
toro_lock_finalize (GObject *object)
{
  ToroLock *self = (ToroLock *) object;

  /* Every waiter holds a reference on us. */
  g_assert (toro_wait_queue_is_empty (&self->waiters));
  toro_monitor_clear (&self->monitor);

  G_OBJECT_CLASS (toro_lock_parent_class)->finalize (object);
}

static void
toro_lock_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  ToroLock *self = TORO_LOCK (object);

  switch (prop_id)
    {
    case PROP_LOCKED:
      g_value_set_boolean (value, toro_lock_is_locked (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
toro_lock_class_init (ToroLockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = toro_lock_finalize;
  object_class->get_property = toro_lock_get_property;

  /**
   * ToroLock:locked:
   *
   * Whether the lock is held, including while it is being handed to the
   * next waiter. Notified, in the thread that changed it, when it changes.
   *
   * Since: 1.0
   */
  properties[PROP_LOCKED] =
    g_param_spec_boolean ("locked", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
toro_lock_init (ToroLock *self)
{
  toro_monitor_init (&self->monitor, NULL);
}

/**
 * toro_lock_new:
 *
 * Creates an unlocked #ToroLock.
 *
 * Returns: (transfer full): a new #ToroLock
 *
 * Since: 1.0
 */
ToroLock *
toro_lock_new (void)
{
  return g_object_new (TORO_TYPE_LOCK, NULL);
}

/**
 * toro_lock_acquire_async:
 * @self: a #ToroLock
 * @deadline: when to give up, on the clock of g_get_monotonic_time(), or
 *   %TORO_NO_DEADLINE
 * @cancellable: (nullable): a #GCancellable, or %NULL
 * @callback: (scope async) (closure user_data): called once the lock is
 *   held or the wait failed
 * @user_data: data passed to @callback
 *
 * Asynchronously acquires @self: Toro's `Lock.acquire()`. @callback runs
 * in the thread-default #GMainContext of the caller, never before this
 * function returns; call toro_lock_acquire_finish() from it.
 *
 * Waiters get the lock in the order they called this function. If
 * @deadline passes first the wait fails with %TORO_ERROR_TIMEOUT, and if
 * @cancellable is cancelled first with %G_IO_ERROR_CANCELLED; either way
 * the caller does not hold the lock. If the lock was handed to this waiter
 * before the cancellation, the wait succeeds and the caller must release
 * the lock.
 *
 * Since: 1.0
 */
void
toro_lock_acquire_async (ToroLock            *self,
                         gint64               deadline,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  ToroWaiter *waiter;

  g_return_if_fail (TORO_IS_LOCK (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  waiter = toro_waiter_new (self, &acquire_op, deadline, cancellable, callback, user_data);
  toro_waiter_start (waiter, &self->monitor, &self->waiters);
}

/**
 * toro_lock_acquire_finish:
 * @self: a #ToroLock
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError, or %NULL
 *
 * Finishes toro_lock_acquire_async().
 *
 * Returns: %TRUE if the caller now holds the lock and must release it with
 *   toro_lock_release(); %FALSE with @error set otherwise
 *
 * Since: 1.0
 */
gboolean
toro_lock_acquire_finish (ToroLock      *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (TORO_IS_LOCK (self), FALSE);
  g_return_val_if_fail (toro_waiter_is_valid (result, self, toro_lock_acquire_async), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return toro_waiter_propagate (result, error);
}

/**
 * toro_lock_try_acquire:
 * @self: a #ToroLock
 *
 * Acquires @self if it is free and nobody is waiting for it, without
 * waiting. Never succeeds ahead of a queued waiter.
 *
 * Returns: %TRUE if the caller now holds the lock
 *
 * Since: 1.0
 */
gboolean
toro_lock_try_acquire (ToroLock *self)
{
  ToroBatch batch = TORO_BATCH_INIT;
  gboolean acquired;

  g_return_val_if_fail (TORO_IS_LOCK (self), FALSE);

  toro_monitor_lock (&self->monitor);
  acquired = lock_try_acquire_locked (self, &batch);
  toro_monitor_unlock (&self->monitor);

  toro_batch_finish (&batch);

  return acquired;
}

/**
 * toro_lock_release:
 * @self: a #ToroLock
 *
 * Releases @self, handing it straight to the first waiter if there is one;
 * that waiter's callback runs later, from its own main context. Releasing
 * a lock that is not held is a programming error: it emits a critical
 * warning and changes nothing.
 *
 * Any thread may release the lock, not only the one that acquired it.
 *
 * Since: 1.0
 */
void
toro_lock_release (ToroLock *self)
{
  ToroBatch batch = TORO_BATCH_INIT;
  ToroWaiter *next;

  g_return_if_fail (TORO_IS_LOCK (self));

  toro_monitor_lock (&self->monitor);

  if (!self->locked)
    {
      toro_monitor_unlock (&self->monitor);
      g_critical ("%s: the lock is not held", G_STRFUNC);
      return;
    }

  next = toro_wait_queue_peek (&self->waiters);
  if (next != NULL)
    {
      toro_waiter_grant (next, &batch);
    }
  else
    {
      self->locked = FALSE;
      toro_batch_notify (&batch, self, properties[PROP_LOCKED]);
    }

  toro_monitor_unlock (&self->monitor);

  toro_batch_finish (&batch);
}

/**
 * toro_lock_is_locked:
 * @self: a #ToroLock
 *
 * Returns whether @self is held: Toro's `Lock.locked()`. Also %TRUE while
 * the lock is being handed to a waiter whose callback has not run yet.
 *
 * Returns: %TRUE if the lock is held
 *
 * Since: 1.0
 */
gboolean
toro_lock_is_locked (ToroLock *self)
{
  gboolean locked;

  g_return_val_if_fail (TORO_IS_LOCK (self), FALSE);

  toro_monitor_lock (&self->monitor);
  locked = self->locked;
  toro_monitor_unlock (&self->monitor);

  return locked;
}

guint
toro_lock_debug_n_waiters (ToroLock *self)
{
  return toro_monitor_queue_length (&self->monitor, &self->waiters);
}
