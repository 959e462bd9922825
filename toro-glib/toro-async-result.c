/* toro-async-result.c: a value that will be set once
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "toro-async-result.h"

#include "toro-debug-private.h"
#include "toro-error.h"
#include "toro-i18n-private.h"
#include "toro-waiter-private.h"

/**
 * SECTION:toro-async-result
 * @title: ToroAsyncResult
 * @short_description: A value that callbacks wait for, set once
 * @include: toro-glib/toro-glib.h
 *
 * A #ToroAsyncResult is Toro's `AsyncResult`: a one-time cell. Any number
 * of callers wait with toro_async_result_get_async(); one call to
 * toro_async_result_set() (or toro_async_result_set_error()) fills the
 * cell and wakes them all, in the order they started waiting, each with
 * its own copy of the value. Later gets complete at once with the same
 * value. It is not a #GAsyncResult, which is the result of one
 * asynchronous call; the name is Toro's.
 *
 * |[<!-- language="C" -->
 * g_auto(GValue) value = G_VALUE_INIT;
 *
 * g_value_init (&value, G_TYPE_STRING);
 * g_value_set_static_string (&value, "hello");
 * toro_async_result_set (result, &value, NULL);
 *
 * static void
 * on_value (GObject *source, GAsyncResult *res, gpointer user_data)
 * {
 *   g_autoptr(GError) error = NULL;
 *   GValue *got = toro_async_result_get_finish (TORO_ASYNC_RESULT (source), res, &error);
 *
 *   if (got != NULL)
 *     {
 *       g_print ("%s\n", g_value_get_string (got));
 *       g_boxed_free (G_TYPE_VALUE, got);
 *     }
 * }
 * ]|
 *
 * Setting it twice is an error, %TORO_ERROR_ALREADY_SET, and keeps the
 * first value. toro_async_result_get_nowait() before the value is set
 * fails with %TORO_ERROR_NOT_READY. After toro_async_result_set_error(),
 * every get fails with a copy of the stored error.
 *
 * A #ToroAsyncResult may be used from several threads at once; each
 * waiter's callback runs in the thread-default main context of the thread
 * that started the wait. The value is copied for each getter with
 * g_value_copy(), outside the object's lock.
 */

struct _ToroAsyncResult
{
  GObject        parent_instance;

  ToroMonitor    monitor;
  ToroWaitQueue  getters;
  gboolean       ready;
  /* Written once under the monitor, before ready; immutable after. */
  GValue         value;
  GError        *error;
};

G_DEFINE_FINAL_TYPE (ToroAsyncResult, toro_async_result, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_READY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
async_result_get_try_now (gpointer    owner,
                          ToroWaiter *waiter,
                          ToroBatch  *batch)
{
  return ((ToroAsyncResult *) owner)->ready;
}

static const ToroWaitOp get_op = {
  toro_async_result_get_async,
  "toro_async_result_get_async",
  N_("Timed out waiting for the result to be set"),
  async_result_get_try_now,
};

/* A copy of the outcome, once ready: a new value, or the stored error. */
static GValue *
async_result_copy_outcome (ToroAsyncResult  *self,
                           GError          **error)
{
  GValue *copy;

  if (self->error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->error));
      return NULL;
    }

  copy = g_new0 (GValue, 1);
  g_value_init (copy, G_VALUE_TYPE (&self->value));
  g_value_copy (&self->value, copy);

  return copy;
}

static void
toro_async_result_finalize (GObject *object)
{
  ToroAsyncResult *self = (ToroAsyncResult *) object;

  g_assert (toro_wait_queue_is_empty (&self->getters));

  if (G_IS_VALUE (&self->value))
    g_value_unset (&self->value);
  g_clear_error (&self->error);
  toro_monitor_clear (&self->monitor);

  G_OBJECT_CLASS (toro_async_result_parent_class)->finalize (object);
}

static void
toro_async_result_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  ToroAsyncResult *self = TORO_ASYNC_RESULT (object);

  switch (prop_id)
    {
    case PROP_READY:
      g_value_set_boolean (value, toro_async_result_is_ready (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
toro_async_result_class_init (ToroAsyncResultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = toro_async_result_finalize;
  object_class->get_property = toro_async_result_get_property;

  /**
   * ToroAsyncResult:ready:
   *
   * Whether a value or an error has been set. Notified, in the thread that
   * set it, when it becomes %TRUE.
   *
   * Since: 1.0
   */
  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
toro_async_result_init (ToroAsyncResult *self)
{
  toro_monitor_init (&self->monitor, NULL);
}

/**
 * toro_async_result_new:
 *
 * Creates an empty #ToroAsyncResult.
 *
 * Returns: (transfer full): a new #ToroAsyncResult
 *
 * Since: 1.0
 */
ToroAsyncResult *
toro_async_result_new (void)
{
  return g_object_new (TORO_TYPE_ASYNC_RESULT, NULL);
}

/**
 * toro_async_result_get_async:
 * @self: a #ToroAsyncResult
 * @deadline: when to give up, on the clock of g_get_monotonic_time(), or
 *   %TORO_NO_DEADLINE
 * @cancellable: (nullable): a #GCancellable, or %NULL
 * @callback: (scope async) (closure user_data): called once the value is
 *   set or the wait failed
 * @user_data: data passed to @callback
 *
 * Waits for the value: Toro's `AsyncResult.get()`. Completes at once
 * (from the caller's main context) if it is set already, whatever
 * @deadline says. @callback runs in the thread-default #GMainContext of
 * the caller, never before this function returns; call
 * toro_async_result_get_finish() from it.
 *
 * Since: 1.0
 */
void
toro_async_result_get_async (ToroAsyncResult     *self,
                             gint64               deadline,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  ToroWaiter *waiter;

  g_return_if_fail (TORO_IS_ASYNC_RESULT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  waiter = toro_waiter_new (self, &get_op, deadline, cancellable, callback, user_data);
  toro_waiter_start (waiter, &self->monitor, &self->getters);
}

/**
 * toro_async_result_get_finish:
 * @self: a #ToroAsyncResult
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError, or %NULL
 *
 * Finishes toro_async_result_get_async(). Fails with %TORO_ERROR_TIMEOUT
 * or %G_IO_ERROR_CANCELLED if the wait did, and with a copy of the stored
 * error if toro_async_result_set_error() was used.
 *
 * Returns: (transfer full) (nullable): a copy of the value, to be freed
 *   with g_boxed_free (%G_TYPE_VALUE, value), or %NULL with @error set
 *
 * Since: 1.0
 */
GValue *
toro_async_result_get_finish (ToroAsyncResult  *self,
                              GAsyncResult     *result,
                              GError          **error)
{
  g_return_val_if_fail (TORO_IS_ASYNC_RESULT (self), NULL);
  g_return_val_if_fail (toro_waiter_is_valid (result, self, toro_async_result_get_async), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!toro_waiter_propagate (result, error))
    return NULL;

  return async_result_copy_outcome (self, error);
}

/**
 * toro_async_result_get_nowait:
 * @self: a #ToroAsyncResult
 * @error: return location for a #GError, or %NULL
 *
 * Returns the value if it is set, without waiting: Toro's
 * `AsyncResult.get_nowait()`.
 *
 * Returns: (transfer full) (nullable): a copy of the value, to be freed
 *   with g_boxed_free (%G_TYPE_VALUE, value), or %NULL with @error set to
 *   %TORO_ERROR_NOT_READY or to a copy of the stored error
 *
 * Since: 1.0
 */
GValue *
toro_async_result_get_nowait (ToroAsyncResult  *self,
                              GError          **error)
{
  gboolean ready;

  g_return_val_if_fail (TORO_IS_ASYNC_RESULT (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  toro_monitor_lock (&self->monitor);
  ready = self->ready;
  toro_monitor_unlock (&self->monitor);

  if (!ready)
    {
      g_set_error_literal (error, TORO_ERROR, TORO_ERROR_NOT_READY,
                           _("The result is not set yet"));
      return NULL;
    }

  return async_result_copy_outcome (self, error);
}

/**
 * toro_async_result_get_finish_into:
 * @self: a #ToroAsyncResult
 * @result: the #GAsyncResult passed to the callback
 * @value: an empty #GValue (%G_VALUE_INIT) that
 *   receives a copy of the value
 * @error: return location for a #GError, or %NULL
 *
 * Finishes toro_async_result_get_async() as
 * toro_async_result_get_finish() does, but copies the value into @value,
 * which the caller provides, instead of returning a newly allocated
 * #GValue. Unset @value with g_value_unset() afterwards, whether or not
 * the call succeeded: on failure it holds a %NULL %G_TYPE_POINTER.
 *
 * This form is for bindings that cannot free a returned #GValue:
 * toro-glib's PyGObject override makes `Toro.AsyncResult.get_finish()`
 * fill a `GObject.Value` of its own with it, since PyGObject 3.42 never
 * frees a #GValue returned with (transfer full) (nor a caller-allocated
 * out #GValue when the call fails). C code and other bindings use
 * toro_async_result_get_finish().
 *
 * Returns: %TRUE with @value set, or %FALSE with @error set
 *
 * Since: 1.0
 */
gboolean
toro_async_result_get_finish_into (ToroAsyncResult  *self,
                                   GAsyncResult     *result,
                                   GValue           *value,
                                   GError          **error)
{
  g_return_val_if_fail (TORO_IS_ASYNC_RESULT (self), FALSE);
  g_return_val_if_fail (value != NULL && G_VALUE_TYPE (value) == G_TYPE_INVALID, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return toro_value_fill (value, toro_async_result_get_finish (self, result, error));
}

/**
 * toro_async_result_get_nowait_into:
 * @self: a #ToroAsyncResult
 * @value: an empty #GValue (%G_VALUE_INIT) that
 *   receives a copy of the value
 * @error: return location for a #GError, or %NULL
 *
 * Returns the value if it is set, without waiting, as
 * toro_async_result_get_nowait() does, but copies it into @value, which
 * the caller provides. Unset @value with g_value_unset() afterwards,
 * whether or not the call succeeded: on failure it holds a %NULL
 * %G_TYPE_POINTER. See toro_async_result_get_finish_into() for why this
 * form exists: it is what `Toro.AsyncResult.get_nowait()` calls in
 * Python.
 *
 * Returns: %TRUE with @value set, or %FALSE with @error set to
 *   %TORO_ERROR_NOT_READY or to a copy of the stored error
 *
 * Since: 1.0
 */
gboolean
toro_async_result_get_nowait_into (ToroAsyncResult  *self,
                                   GValue           *value,
                                   GError          **error)
{
  g_return_val_if_fail (TORO_IS_ASYNC_RESULT (self), FALSE);
  g_return_val_if_fail (value != NULL && G_VALUE_TYPE (value) == G_TYPE_INVALID, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return toro_value_fill (value, toro_async_result_get_nowait (self, error));
}

/* Fills the cell with what the caller prepared (a value or an error),
 * unless it is full. Takes ownership of both. */
static gboolean
async_result_fill (ToroAsyncResult  *self,
                   GValue           *value,
                   GError           *failure,
                   GError          **error)
{
  ToroBatch batch = TORO_BATCH_INIT;
  gboolean filled = FALSE;

  toro_monitor_lock (&self->monitor);
  if (!self->ready)
    {
      self->value = *value;
      memset (value, 0, sizeof *value);
      self->error = g_steal_pointer (&failure);
      self->ready = filled = TRUE;
      toro_batch_notify (&batch, self, properties[PROP_READY]);
      toro_wait_queue_grant_all (&self->getters, &batch);
    }
  toro_monitor_unlock (&self->monitor);

  toro_batch_finish (&batch);

  if (!filled)
    {
      if (G_IS_VALUE (value))
        g_value_unset (value);
      g_clear_error (&failure);
      g_set_error_literal (error, TORO_ERROR, TORO_ERROR_ALREADY_SET,
                           _("The result was already set"));
    }

  return filled;
}

/**
 * toro_async_result_set:
 * @self: a #ToroAsyncResult
 * @value: the value; copied
 * @error: return location for a #GError, or %NULL
 *
 * Sets the value and wakes every getter: Toro's `AsyncResult.set()`.
 * Their callbacks run later, each from its own main context, in the order
 * they started waiting.
 *
 * Returns: %TRUE if the value was set; %FALSE with @error set to
 *   %TORO_ERROR_ALREADY_SET if a value or error was set before, which is
 *   kept
 *
 * Since: 1.0
 */
gboolean
toro_async_result_set (ToroAsyncResult  *self,
                       const GValue     *value,
                       GError          **error)
{
  GValue copy = G_VALUE_INIT;

  g_return_val_if_fail (TORO_IS_ASYNC_RESULT (self), FALSE);
  g_return_val_if_fail (G_IS_VALUE (value), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Copying may call out (a boxed copy function): do it unlocked. */
  g_value_init (&copy, G_VALUE_TYPE (value));
  g_value_copy (value, &copy);

  return async_result_fill (self, &copy, NULL, error);
}

/**
 * toro_async_result_set_error:
 * @self: a #ToroAsyncResult
 * @failure: the error every get should fail with; copied
 * @error: return location for a #GError, or %NULL
 *
 * Sets an error instead of a value and wakes every getter: each of their
 * toro_async_result_get_finish() calls, and every later get, fails with a
 * copy of @failure.
 *
 * Returns: %TRUE if the error was set; %FALSE with @error set to
 *   %TORO_ERROR_ALREADY_SET if a value or error was set before, which is
 *   kept
 *
 * Since: 1.0
 */
gboolean
toro_async_result_set_error (ToroAsyncResult  *self,
                             const GError     *failure,
                             GError          **error)
{
  GValue none = G_VALUE_INIT;

  g_return_val_if_fail (TORO_IS_ASYNC_RESULT (self), FALSE);
  g_return_val_if_fail (failure != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return async_result_fill (self, &none, g_error_copy (failure), error);
}

/**
 * toro_async_result_is_ready:
 * @self: a #ToroAsyncResult
 *
 * Returns whether a value or an error has been set: Toro's
 * `AsyncResult.ready()` and #ToroAsyncResult:ready.
 *
 * Returns: %TRUE if a get would complete at once
 *
 * Since: 1.0
 */
gboolean
toro_async_result_is_ready (ToroAsyncResult *self)
{
  gboolean ready;

  g_return_val_if_fail (TORO_IS_ASYNC_RESULT (self), FALSE);

  toro_monitor_lock (&self->monitor);
  ready = self->ready;
  toro_monitor_unlock (&self->monitor);

  return ready;
}

guint
toro_async_result_debug_n_waiters (ToroAsyncResult *self)
{
  return toro_monitor_queue_length (&self->monitor, &self->getters);
}
