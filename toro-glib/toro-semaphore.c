/* toro-semaphore.c: a counting semaphore for coroutines on the main loop
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "toro-semaphore.h"
#include "toro-semaphore-private.h"

#include "toro-debug-private.h"
#include "toro-i18n-private.h"
#include "toro-waiter-private.h"

/**
 * SECTION:toro-semaphore
 * @title: ToroSemaphore
 * @short_description: A counter of permits that callbacks wait for
 * @include: toro-glib/toro-glib.h
 *
 * A #ToroSemaphore is Toro's `Semaphore`: a counter of permits.
 * toro_semaphore_acquire_async() takes one, waiting while there are none;
 * toro_semaphore_release() gives one back. Use it to bound concurrency,
 * say to at most ten requests in flight:
 *
 * |[<!-- language="C" -->
 * ToroSemaphore *slots = toro_semaphore_new (10);
 *
 * static void
 * on_slot (GObject *source, GAsyncResult *result, gpointer user_data)
 * {
 *   g_autoptr(GError) error = NULL;
 *
 *   if (!toro_semaphore_acquire_finish (TORO_SEMAPHORE (source), result, &error))
 *     return;
 *   start_request (user_data);   // calls toro_semaphore_release() when done
 * }
 * ]|
 *
 * Permits are handed over: a release with waiters queued gives the permit
 * straight to the first of them, so the value stays 0,
 * #ToroSemaphore:locked stays %TRUE and toro_semaphore_try_acquire()
 * cannot take the permit ahead of the queue. A waiter that times out or is
 * cancelled takes nothing.
 *
 * toro_semaphore_wait_async() waits until the semaphore is not locked
 * (its value is above 0) without taking a permit. A release serves the
 * acquirers first: the wait() callers wake only when a release finds no
 * acquirer queued and the value rises above 0 (Toro 0.2). wait() blocks
 * whenever the value is 0, even if the semaphore was unlocked before
 * (Toro 0.7).
 *
 * A plain #ToroSemaphore may be released more often than it was acquired,
 * raising its value above the initial one; a #ToroBoundedSemaphore may
 * not. The value is a #guint, so a negative initial value cannot be
 * expressed (Toro raises ValueError for it); releasing a semaphore whose
 * value is %G_MAXUINT is a programming error.
 *
 * A #ToroSemaphore may be used from several threads at once; each
 * waiter's callback runs in the thread-default main context of the thread
 * that started the wait.
 */

typedef struct
{
  ToroMonitor    monitor;
  ToroWaitQueue  acquirers;
  ToroWaitQueue  waiters;      /* toro_semaphore_wait_async () */
  guint          value;
  guint          initial;
  gboolean       bounded;
} ToroSemaphorePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (ToroSemaphore, toro_semaphore, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_VALUE,
  PROP_LOCKED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define PRIV(self) ((ToroSemaphorePrivate *) toro_semaphore_get_instance_private (self))

/* A permit is free when the value is above 0, and then nobody is queued:
 * a release with acquirers queued hands its permit over instead. */
static gboolean
semaphore_try_acquire_locked (ToroSemaphore *self,
                              ToroBatch     *batch)
{
  ToroSemaphorePrivate *priv = PRIV (self);

  if (priv->value == 0)
    return FALSE;

  g_assert (toro_wait_queue_is_empty (&priv->acquirers));

  priv->value--;
  toro_batch_notify (batch, self, properties[PROP_VALUE]);
  if (priv->value == 0)
    toro_batch_notify (batch, self, properties[PROP_LOCKED]);

  return TRUE;
}

static gboolean
semaphore_acquire_try_now (gpointer    owner,
                           ToroWaiter *waiter,
                           ToroBatch  *batch)
{
  return semaphore_try_acquire_locked (owner, batch);
}

static gboolean
semaphore_wait_try_now (gpointer    owner,
                        ToroWaiter *waiter,
                        ToroBatch  *batch)
{
  return PRIV (owner)->value > 0;
}

static const ToroWaitOp acquire_op = {
  toro_semaphore_acquire_async,
  "toro_semaphore_acquire_async",
  N_("Timed out waiting to acquire the semaphore"),
  semaphore_acquire_try_now,
};

static const ToroWaitOp wait_op = {
  toro_semaphore_wait_async,
  "toro_semaphore_wait_async",
  N_("Timed out waiting for the semaphore to be unlocked"),
  semaphore_wait_try_now,
};

void
toro_semaphore_set_bounded (ToroSemaphore *self)
{
  PRIV (self)->bounded = TRUE;
}

static void
toro_semaphore_finalize (GObject *object)
{
  ToroSemaphorePrivate *priv = PRIV (TORO_SEMAPHORE (object));

  g_assert (toro_wait_queue_is_empty (&priv->acquirers));
  g_assert (toro_wait_queue_is_empty (&priv->waiters));
  toro_monitor_clear (&priv->monitor);

  G_OBJECT_CLASS (toro_semaphore_parent_class)->finalize (object);
}

static void
toro_semaphore_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  ToroSemaphore *self = TORO_SEMAPHORE (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      g_value_set_uint (value, toro_semaphore_get_value (self));
      break;

    case PROP_LOCKED:
      g_value_set_boolean (value, toro_semaphore_is_locked (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
toro_semaphore_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  ToroSemaphorePrivate *priv = PRIV (TORO_SEMAPHORE (object));

  switch (prop_id)
    {
    case PROP_VALUE:
      /* Construct-only: nobody else can see the object yet. */
      priv->value = priv->initial = g_value_get_uint (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
toro_semaphore_class_init (ToroSemaphoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = toro_semaphore_finalize;
  object_class->get_property = toro_semaphore_get_property;
  object_class->set_property = toro_semaphore_set_property;

  /**
   * ToroSemaphore:value:
   *
   * The number of free permits. Set at construction (the default is 1, as
   * in Toro); afterwards it changes with every acquire and release that
   * does not hand a permit straight to a waiter, and is notified, in the
   * thread that changed it, when it does.
   *
   * Since: 1.0
   */
  properties[PROP_VALUE] =
    g_param_spec_uint ("value", NULL, NULL,
                       0, G_MAXUINT, 1,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * ToroSemaphore:locked:
   *
   * Whether the value is 0, so that an acquire would wait. Notified, in
   * the thread that changed it, when it changes.
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
toro_semaphore_init (ToroSemaphore *self)
{
  ToroSemaphorePrivate *priv = PRIV (self);

  toro_monitor_init (&priv->monitor, NULL);
}

/**
 * toro_semaphore_new:
 * @value: the initial number of permits
 *
 * Creates a #ToroSemaphore holding @value permits.
 *
 * Returns: (transfer full): a new #ToroSemaphore
 *
 * Since: 1.0
 */
ToroSemaphore *
toro_semaphore_new (guint value)
{
  return g_object_new (TORO_TYPE_SEMAPHORE, "value", value, NULL);
}

/**
 * toro_semaphore_acquire_async:
 * @self: a #ToroSemaphore
 * @deadline: when to give up, on the clock of g_get_monotonic_time(), or
 *   %TORO_NO_DEADLINE
 * @cancellable: (nullable): a #GCancellable, or %NULL
 * @callback: (scope async) (closure user_data): called once a permit is
 *   held or the wait failed
 * @user_data: data passed to @callback
 *
 * Asynchronously takes one permit from @self: Toro's
 * `Semaphore.acquire()`. @callback runs in the thread-default
 * #GMainContext of the caller, never before this function returns; call
 * toro_semaphore_acquire_finish() from it.
 *
 * Acquirers are served in the order they called this function. A wait
 * that times out (%TORO_ERROR_TIMEOUT) or is cancelled
 * (%G_IO_ERROR_CANCELLED) takes no permit.
 *
 * Since: 1.0
 */
void
toro_semaphore_acquire_async (ToroSemaphore       *self,
                              gint64               deadline,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  ToroSemaphorePrivate *priv;
  ToroWaiter *waiter;

  g_return_if_fail (TORO_IS_SEMAPHORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  priv = PRIV (self);
  waiter = toro_waiter_new (self, &acquire_op, deadline, cancellable, callback, user_data);
  toro_waiter_start (waiter, &priv->monitor, &priv->acquirers);
}

/**
 * toro_semaphore_acquire_finish:
 * @self: a #ToroSemaphore
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError, or %NULL
 *
 * Finishes toro_semaphore_acquire_async().
 *
 * Returns: %TRUE if the caller now holds a permit and must give it back
 *   with toro_semaphore_release(); %FALSE with @error set otherwise
 *
 * Since: 1.0
 */
gboolean
toro_semaphore_acquire_finish (ToroSemaphore  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (TORO_IS_SEMAPHORE (self), FALSE);
  g_return_val_if_fail (toro_waiter_is_valid (result, self, toro_semaphore_acquire_async), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return toro_waiter_propagate (result, error);
}

/**
 * toro_semaphore_try_acquire:
 * @self: a #ToroSemaphore
 *
 * Takes a permit if one is free, without waiting. Never succeeds ahead of
 * a queued acquirer.
 *
 * Returns: %TRUE if the caller now holds a permit
 *
 * Since: 1.0
 */
gboolean
toro_semaphore_try_acquire (ToroSemaphore *self)
{
  ToroSemaphorePrivate *priv;
  ToroBatch batch = TORO_BATCH_INIT;
  gboolean acquired;

  g_return_val_if_fail (TORO_IS_SEMAPHORE (self), FALSE);

  priv = PRIV (self);

  toro_monitor_lock (&priv->monitor);
  acquired = semaphore_try_acquire_locked (self, &batch);
  toro_monitor_unlock (&priv->monitor);

  toro_batch_finish (&batch);

  return acquired;
}

/**
 * toro_semaphore_release:
 * @self: a #ToroSemaphore
 *
 * Gives a permit back. If acquirers are queued, the first of them gets it
 * straight away (its callback runs later, from its own main context) and
 * the value does not change. Otherwise the value goes up by one, and if
 * it was 0 every toro_semaphore_wait_async() caller wakes.
 *
 * For a #ToroBoundedSemaphore, releasing when the value is already at its
 * initial value is a programming error: it emits a critical warning and
 * changes nothing.
 *
 * Since: 1.0
 */
void
toro_semaphore_release (ToroSemaphore *self)
{
  ToroSemaphorePrivate *priv;
  ToroBatch batch = TORO_BATCH_INIT;
  ToroWaiter *next;

  g_return_if_fail (TORO_IS_SEMAPHORE (self));

  priv = PRIV (self);

  toro_monitor_lock (&priv->monitor);

  if (priv->bounded && priv->value >= priv->initial)
    {
      guint initial = priv->initial;

      toro_monitor_unlock (&priv->monitor);
      g_critical ("%s: the semaphore was released too many times "
                  "(its value is already the initial %u)", G_STRFUNC, initial);
      return;
    }

  if (priv->value == G_MAXUINT)
    {
      toro_monitor_unlock (&priv->monitor);
      g_critical ("%s: the semaphore's value would overflow", G_STRFUNC);
      return;
    }

  next = toro_wait_queue_peek (&priv->acquirers);
  if (next != NULL)
    {
      toro_waiter_grant (next, &batch);
    }
  else
    {
      priv->value++;
      toro_batch_notify (&batch, self, properties[PROP_VALUE]);
      if (priv->value == 1)
        {
          toro_batch_notify (&batch, self, properties[PROP_LOCKED]);
          toro_wait_queue_grant_all (&priv->waiters, &batch);
        }
    }

  toro_monitor_unlock (&priv->monitor);

  toro_batch_finish (&batch);
}

/**
 * toro_semaphore_wait_async:
 * @self: a #ToroSemaphore
 * @deadline: when to give up, on the clock of g_get_monotonic_time(), or
 *   %TORO_NO_DEADLINE
 * @cancellable: (nullable): a #GCancellable, or %NULL
 * @callback: (scope async) (closure user_data): called once @self is not
 *   locked or the wait failed
 * @user_data: data passed to @callback
 *
 * Waits until @self is not locked, that is until its value is above 0,
 * without taking a permit: Toro's `Semaphore.wait()`. Completes at once
 * (from the caller's main context) if the value is above 0 now.
 *
 * Since: 1.0
 */
void
toro_semaphore_wait_async (ToroSemaphore       *self,
                           gint64               deadline,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  ToroSemaphorePrivate *priv;
  ToroWaiter *waiter;

  g_return_if_fail (TORO_IS_SEMAPHORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  priv = PRIV (self);
  waiter = toro_waiter_new (self, &wait_op, deadline, cancellable, callback, user_data);
  toro_waiter_start (waiter, &priv->monitor, &priv->waiters);
}

/**
 * toro_semaphore_wait_finish:
 * @self: a #ToroSemaphore
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError, or %NULL
 *
 * Finishes toro_semaphore_wait_async().
 *
 * Returns: %TRUE if the semaphore was seen unlocked; %FALSE with @error
 *   set otherwise
 *
 * Since: 1.0
 */
gboolean
toro_semaphore_wait_finish (ToroSemaphore  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (TORO_IS_SEMAPHORE (self), FALSE);
  g_return_val_if_fail (toro_waiter_is_valid (result, self, toro_semaphore_wait_async), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return toro_waiter_propagate (result, error);
}

/**
 * toro_semaphore_get_value:
 * @self: a #ToroSemaphore
 *
 * Returns the number of free permits: #ToroSemaphore:value.
 *
 * Returns: the current value
 *
 * Since: 1.0
 */
guint
toro_semaphore_get_value (ToroSemaphore *self)
{
  ToroSemaphorePrivate *priv;
  guint value;

  g_return_val_if_fail (TORO_IS_SEMAPHORE (self), 0);

  priv = PRIV (self);

  toro_monitor_lock (&priv->monitor);
  value = priv->value;
  toro_monitor_unlock (&priv->monitor);

  return value;
}

/**
 * toro_semaphore_is_locked:
 * @self: a #ToroSemaphore
 *
 * Returns whether the value is 0, so that an acquire would wait: Toro's
 * `Semaphore.locked()`.
 *
 * Returns: %TRUE if no permit is free
 *
 * Since: 1.0
 */
gboolean
toro_semaphore_is_locked (ToroSemaphore *self)
{
  g_return_val_if_fail (TORO_IS_SEMAPHORE (self), FALSE);

  return toro_semaphore_get_value (self) == 0;
}

guint
toro_semaphore_debug_n_acquirers (ToroSemaphore *self)
{
  ToroSemaphorePrivate *priv = PRIV (self);

  return toro_monitor_queue_length (&priv->monitor, &priv->acquirers);
}

guint
toro_semaphore_debug_n_waiters (ToroSemaphore *self)
{
  ToroSemaphorePrivate *priv = PRIV (self);

  return toro_monitor_queue_length (&priv->monitor, &priv->waiters);
}
