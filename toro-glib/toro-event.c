/* toro-event.c: a flag that callbacks wait to see set
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "toro-event.h"

#include "toro-debug-private.h"
#include "toro-i18n-private.h"
#include "toro-waiter-private.h"

/**
 * SECTION:toro-event
 * @title: ToroEvent
 * @short_description: A flag to wait for
 * @include: toro-glib/toro-glib.h
 *
 * A #ToroEvent is Toro's `Event`: a flag, initially clear.
 * toro_event_wait_async() completes once the flag is set, at once if it
 * is set already; toro_event_set() sets it and wakes every waiter;
 * toro_event_clear() clears it again.
 *
 * |[<!-- language="C" -->
 * // A cache whose first request for a page fetches it while later requests
 * // for the same page wait for that fetch (examples/caching-proxy.c).
 * static void
 * on_page_ready (GObject *source, GAsyncResult *result, gpointer user_data)
 * {
 *   Request *request = user_data;
 *   g_autoptr(GError) error = NULL;
 *
 *   if (toro_event_wait_finish (TORO_EVENT (source), result, &error))
 *     respond (request, request->entry->page);
 *   else
 *     respond_error (request, error);   // TORO_ERROR_TIMEOUT
 * }
 *
 * request->entry = g_hash_table_lookup (cache, path);
 * if (request->entry == NULL)
 *   {
 *     request->entry = cache_entry_new ();   // entry->ready = toro_event_new ()
 *     g_hash_table_insert (cache, g_strdup (path), request->entry);
 *     fetch (path, request->entry);          // sets entry->page, then toro_event_set ()
 *   }
 * toro_event_wait_async (request->entry->ready, toro_deadline_after (10 * G_TIME_SPAN_SECOND),
 *                        NULL, on_page_ready, request);
 * ]|
 *
 * Everyone waiting when toro_event_set() is called wakes, even if the
 * flag is cleared again before their callbacks run. Completions are
 * delivered in order within a main context: a waiter that blocked before
 * the set runs before a caller that found the flag already set.
 *
 * The flag is the property #ToroEvent:flag and toro_event_is_set(); a
 * property named is-set would hide toro_event_is_set() in JavaScript.
 *
 * A #ToroEvent may be used from several threads at once; each waiter's
 * callback runs in the thread-default main context of the thread that
 * started the wait.
 */

struct _ToroEvent
{
  GObject        parent_instance;

  ToroMonitor    monitor;
  ToroWaitQueue  waiters;
  gboolean       flag;
};

G_DEFINE_FINAL_TYPE (ToroEvent, toro_event, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FLAG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
event_wait_try_now (gpointer    owner,
                    ToroWaiter *waiter,
                    ToroBatch  *batch)
{
  return ((ToroEvent *) owner)->flag;
}

static const ToroWaitOp wait_op = {
  toro_event_wait_async,
  "toro_event_wait_async",
  N_("Timed out waiting for the event to be set"),
  event_wait_try_now,
};

static void
toro_event_finalize (GObject *object)
{
  ToroEvent *self = (ToroEvent *) object;

  g_assert (toro_wait_queue_is_empty (&self->waiters));
  toro_monitor_clear (&self->monitor);

  G_OBJECT_CLASS (toro_event_parent_class)->finalize (object);
}

static void
toro_event_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  ToroEvent *self = TORO_EVENT (object);

  switch (prop_id)
    {
    case PROP_FLAG:
      g_value_set_boolean (value, toro_event_is_set (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
toro_event_class_init (ToroEventClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = toro_event_finalize;
  object_class->get_property = toro_event_get_property;

  /**
   * ToroEvent:flag:
   *
   * Whether the event is set. Notified, in the thread that changed it,
   * when it changes.
   *
   * Since: 1.0
   */
  properties[PROP_FLAG] =
    g_param_spec_boolean ("flag", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
toro_event_init (ToroEvent *self)
{
  toro_monitor_init (&self->monitor, NULL);
}

/**
 * toro_event_new:
 *
 * Creates a #ToroEvent whose flag is clear.
 *
 * Returns: (transfer full): a new #ToroEvent
 *
 * Since: 1.0
 */
ToroEvent *
toro_event_new (void)
{
  return g_object_new (TORO_TYPE_EVENT, NULL);
}

/**
 * toro_event_wait_async:
 * @self: a #ToroEvent
 * @deadline: when to give up, on the clock of g_get_monotonic_time(), or
 *   %TORO_NO_DEADLINE
 * @cancellable: (nullable): a #GCancellable, or %NULL
 * @callback: (scope async) (closure user_data): called once the flag is
 *   set or the wait failed
 * @user_data: data passed to @callback
 *
 * Waits until the flag is set: Toro's `Event.wait()`. Completes at once
 * (from the caller's main context) if it is set now. @callback runs in the
 * thread-default #GMainContext of the caller, never before this function
 * returns; call toro_event_wait_finish() from it.
 *
 * Since: 1.0
 */
void
toro_event_wait_async (ToroEvent           *self,
                       gint64               deadline,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  ToroWaiter *waiter;

  g_return_if_fail (TORO_IS_EVENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  waiter = toro_waiter_new (self, &wait_op, deadline, cancellable, callback, user_data);
  toro_waiter_start (waiter, &self->monitor, &self->waiters);
}

/**
 * toro_event_wait_finish:
 * @self: a #ToroEvent
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError, or %NULL
 *
 * Finishes toro_event_wait_async().
 *
 * Returns: %TRUE if the flag was set; %FALSE with @error set otherwise
 *
 * Since: 1.0
 */
gboolean
toro_event_wait_finish (ToroEvent     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (TORO_IS_EVENT (self), FALSE);
  g_return_val_if_fail (toro_waiter_is_valid (result, self, toro_event_wait_async), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return toro_waiter_propagate (result, error);
}

/**
 * toro_event_set:
 * @self: a #ToroEvent
 *
 * Sets the flag and wakes every waiter; their callbacks run later, each
 * from its own main context. Setting a set event does nothing.
 *
 * Since: 1.0
 */
void
toro_event_set (ToroEvent *self)
{
  ToroBatch batch = TORO_BATCH_INIT;

  g_return_if_fail (TORO_IS_EVENT (self));

  toro_monitor_lock (&self->monitor);
  if (!self->flag)
    {
      self->flag = TRUE;
      toro_batch_notify (&batch, self, properties[PROP_FLAG]);
      toro_wait_queue_grant_all (&self->waiters, &batch);
    }
  toro_monitor_unlock (&self->monitor);

  toro_batch_finish (&batch);
}

/**
 * toro_event_clear:
 * @self: a #ToroEvent
 *
 * Clears the flag, so that later waits wait for the next toro_event_set().
 * Waiters woken by an earlier set still complete successfully.
 *
 * Since: 1.0
 */
void
toro_event_clear (ToroEvent *self)
{
  ToroBatch batch = TORO_BATCH_INIT;

  g_return_if_fail (TORO_IS_EVENT (self));

  toro_monitor_lock (&self->monitor);
  if (self->flag)
    {
      self->flag = FALSE;
      toro_batch_notify (&batch, self, properties[PROP_FLAG]);
    }
  toro_monitor_unlock (&self->monitor);

  toro_batch_finish (&batch);
}

/**
 * toro_event_is_set:
 * @self: a #ToroEvent
 *
 * Returns whether the flag is set: Toro's `Event.is_set()` and
 * #ToroEvent:flag.
 *
 * Returns: %TRUE if the flag is set
 *
 * Since: 1.0
 */
gboolean
toro_event_is_set (ToroEvent *self)
{
  gboolean flag;

  g_return_val_if_fail (TORO_IS_EVENT (self), FALSE);

  toro_monitor_lock (&self->monitor);
  flag = self->flag;
  toro_monitor_unlock (&self->monitor);

  return flag;
}

guint
toro_event_debug_n_waiters (ToroEvent *self)
{
  return toro_monitor_queue_length (&self->monitor, &self->waiters);
}
