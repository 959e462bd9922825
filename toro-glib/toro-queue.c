/* toro-queue.c: a FIFO queue for coroutines on the main loop
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "toro-queue.h"
#include "toro-queue-private.h"

#include "toro-debug-private.h"
#include "toro-error.h"
#include "toro-i18n-private.h"

/**
 * SECTION:toro-queue
 * @title: ToroQueue
 * @short_description: A queue to hand items from producers to consumers
 * @include: toro-glib/toro-glib.h
 *
 * A #ToroQueue is Toro's `Queue`: producers put items in with
 * toro_queue_put_async(), waiting while the queue is full; consumers take
 * them out with toro_queue_get_async(), waiting while it is empty. A
 * @maxsize of 0 makes the queue unbounded, so that puts never wait.
 *
 * |[<!-- language="C" -->
 * g_auto(GValue) job = G_VALUE_INIT;
 *
 * g_value_init (&job, G_TYPE_STRING);
 * g_value_set_static_string (&job, "https://example.org/");
 * toro_queue_put_async (queue, &job, TORO_NO_DEADLINE, NULL, on_put, NULL);
 *
 * static void
 * on_got (GObject *source, GAsyncResult *result, gpointer user_data)
 * {
 *   g_autoptr(GError) error = NULL;
 *   GValue *item = toro_queue_get_finish (TORO_QUEUE (source), result, &error);
 *
 *   if (item == NULL)
 *     return;
 *   fetch (g_value_get_string (item));
 *   g_boxed_free (G_TYPE_VALUE, item);
 * }
 * ]|
 *
 * Items are #GValue<!-- -->s, so that Python and JavaScript callers put and get
 * their own values. C code can queue plain pointers with a free function
 * instead, with toro_queue_put_pointer_async() and
 * toro_queue_get_pointer_finish(). Items still queued when the queue is
 * finalized are freed.
 *
 * Items are handed over, not merely made available. A put while getters
 * wait gives the item straight to the first of them (it does not count
 * towards the queue's size, so a queue with @maxsize 1 takes a second put
 * at once); a get while putters wait takes the head putter's item into the
 * queue and completes that put. So waiters are served in the order they
 * came, and a toro_queue_put_nowait() or toro_queue_get_nowait() never
 * takes a slot or an item that a waiter was given. A put that times out
 * or is cancelled never enqueues its item, and a get that times out or is
 * cancelled takes none; a get that was handed an item before its
 * cancellable fired completes successfully with it.
 *
 * A #ToroQueue may be used from several threads at once; each waiter's
 * callback runs in the thread-default main context of the thread that
 * started the wait. #ToroPriorityQueue, #ToroLifoQueue and
 * #ToroJoinableQueue are kinds of #ToroQueue.
 */

typedef struct
{
  ToroMonitor         monitor;
  ToroItemStore       store;
  ToroWaitQueue       getters;   /* waiting only while the store is empty */
  ToroWaitQueue       putters;   /* waiting only while the store is full */
  guint               maxsize;   /* 0: no limit */
  ToroQueueItemAdded  item_added;
} ToroQueuePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (ToroQueue, toro_queue, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MAXSIZE,
  PROP_SIZE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define PRIV(self) ((ToroQueuePrivate *) toro_queue_get_instance_private (self))

static inline gboolean
store_is_full (ToroQueuePrivate *priv)
{
  return priv->maxsize != 0 && priv->store.length >= priv->maxsize;
}

static inline void
item_added (ToroQueue *self,
            ToroBatch *batch)
{
  ToroQueuePrivate *priv = PRIV (self);

  if (priv->item_added != NULL)
    priv->item_added (self, batch);
}

/* The put rule: hand the item to the first getter, or store it if there is
 * room and no putter is queued ahead. Takes @item on success. */
static gboolean
queue_put_locked (ToroQueue *self,
                  ToroItem  *item,
                  ToroBatch *batch)
{
  ToroQueuePrivate *priv = PRIV (self);
  ToroWaiter *getter = toro_wait_queue_peek (&priv->getters);

  if (getter != NULL)
    {
      g_assert (priv->store.length == 0);
      item_added (self, batch);
      toro_waiter_grant_item (getter, item, batch);
      return TRUE;
    }

  if (!toro_wait_queue_is_empty (&priv->putters) || store_is_full (priv))
    return FALSE;

  toro_item_store_push (&priv->store, item);
  item_added (self, batch);
  toro_batch_notify (batch, self, properties[PROP_SIZE]);
  return TRUE;
}

/* The get rule: take the next item into @out. A putter waiting means the
 * store is full: its item goes in first (it may be the one that comes out,
 * in a LIFO or priority queue) and its put completes. */
static gboolean
queue_get_locked (ToroQueue *self,
                  ToroItem  *out,
                  ToroBatch *batch)
{
  ToroQueuePrivate *priv = PRIV (self);
  ToroWaiter *putter = toro_wait_queue_peek (&priv->putters);

  if (putter != NULL)
    {
      g_assert (store_is_full (priv));
      toro_item_store_push (&priv->store, &putter->item);
      item_added (self, batch);
      toro_waiter_grant (putter, batch);
      toro_item_store_pop (&priv->store, out);
      return TRUE;
    }

  if (priv->store.length == 0)
    return FALSE;

  toro_item_store_pop (&priv->store, out);
  toro_batch_notify (batch, self, properties[PROP_SIZE]);
  return TRUE;
}

static gboolean
queue_put_try_now (gpointer    owner,
                   ToroWaiter *waiter,
                   ToroBatch  *batch)
{
  return queue_put_locked (owner, &waiter->item, batch);
}

static gboolean
queue_get_try_now (gpointer    owner,
                   ToroWaiter *waiter,
                   ToroBatch  *batch)
{
  return queue_get_locked (owner, &waiter->item, batch);
}

static const ToroWaitOp put_op = {
  toro_queue_put_async,
  "toro_queue_put_async",
  N_("Timed out waiting for room in the queue"),
  queue_put_try_now,
};

static const ToroWaitOp get_op = {
  toro_queue_get_async,
  "toro_queue_get_async",
  N_("Timed out waiting for an item from the queue"),
  queue_get_try_now,
};

void
toro_queue_set_order (ToroQueue     *self,
                      ToroItemOrder  order)
{
  PRIV (self)->store.order = order;
}

void
toro_queue_set_item_added (ToroQueue          *self,
                           ToroQueueItemAdded  added)
{
  PRIV (self)->item_added = added;
}

void
toro_queue_set_compare (ToroQueue       *self,
                        ToroCompareFunc  compare,
                        gpointer         data,
                        GDestroyNotify   destroy)
{
  toro_item_store_set_compare (&PRIV (self)->store, compare, data, destroy);
}

ToroMonitor *
toro_queue_get_monitor (ToroQueue *self)
{
  return &PRIV (self)->monitor;
}

static void
toro_queue_finalize (GObject *object)
{
  ToroQueuePrivate *priv = PRIV (TORO_QUEUE (object));

  g_assert (toro_wait_queue_is_empty (&priv->getters));
  g_assert (toro_wait_queue_is_empty (&priv->putters));

  toro_item_store_clear (&priv->store);
  toro_monitor_clear (&priv->monitor);

  G_OBJECT_CLASS (toro_queue_parent_class)->finalize (object);
}

static void
toro_queue_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  ToroQueue *self = TORO_QUEUE (object);

  switch (prop_id)
    {
    case PROP_MAXSIZE:
      g_value_set_uint (value, toro_queue_get_maxsize (self));
      break;

    case PROP_SIZE:
      g_value_set_uint (value, toro_queue_qsize (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
toro_queue_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  ToroQueuePrivate *priv = PRIV (TORO_QUEUE (object));

  switch (prop_id)
    {
    case PROP_MAXSIZE:
      priv->maxsize = g_value_get_uint (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
toro_queue_class_init (ToroQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = toro_queue_finalize;
  object_class->get_property = toro_queue_get_property;
  object_class->set_property = toro_queue_set_property;

  /**
   * ToroQueue:maxsize:
   *
   * How many items the queue holds before puts wait; 0, the default,
   * means no limit. Set at construction. (Toro accepts a float maxsize
   * such as 1.3 and rounds it up; here it is a whole number.)
   *
   * Since: 1.0
   */
  properties[PROP_MAXSIZE] =
    g_param_spec_uint ("maxsize", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * ToroQueue:size:
   *
   * How many items the queue holds, as toro_queue_qsize() returns.
   * Items handed straight from a put to a waiting get are never in the
   * queue. Notified, in the thread that changed it, when it changes.
   *
   * Since: 1.0
   */
  properties[PROP_SIZE] =
    g_param_spec_uint ("size", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
toro_queue_init (ToroQueue *self)
{
  ToroQueuePrivate *priv = PRIV (self);

  toro_monitor_init (&priv->monitor, NULL);
  toro_item_store_init (&priv->store, TORO_ITEM_ORDER_FIFO);
}

/**
 * toro_queue_new:
 * @maxsize: how many items the queue holds before puts wait, or 0 for no
 *   limit
 *
 * Creates an empty first-in, first-out #ToroQueue.
 *
 * Returns: (transfer full): a new #ToroQueue
 *
 * Since: 1.0
 */
ToroQueue *
toro_queue_new (guint maxsize)
{
  return g_object_new (TORO_TYPE_QUEUE, "maxsize", maxsize, NULL);
}

static void
queue_put_item_async (ToroQueue           *self,
                      ToroItem            *item,
                      gint64               deadline,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  ToroWaiter *waiter;

  waiter = toro_waiter_new (self, &put_op, deadline, cancellable, callback, user_data);
  toro_item_move (&waiter->item, item);
  toro_waiter_start (waiter, &PRIV (self)->monitor, &PRIV (self)->putters);
}

/**
 * toro_queue_put_async:
 * @self: a #ToroQueue
 * @item: the item; copied
 * @deadline: when to give up, on the clock of g_get_monotonic_time(), or
 *   %TORO_NO_DEADLINE
 * @cancellable: (nullable): a #GCancellable, or %NULL
 * @callback: (scope async) (closure user_data): called once the item is
 *   in the queue (or handed to a getter) or the put failed
 * @user_data: data passed to @callback
 *
 * Puts a copy of @item into @self, waiting while the queue is full:
 * Toro's `Queue.put()`. @callback runs in the thread-default
 * #GMainContext of the caller, never before this function returns; call
 * toro_queue_put_finish() from it. Putters are served in the order they
 * called; one that times out or is cancelled never enqueues its item.
 *
 * Since: 1.0
 */
void
toro_queue_put_async (ToroQueue           *self,
                      const GValue        *item,
                      gint64               deadline,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  ToroItem copy = TORO_ITEM_INIT;

  g_return_if_fail (TORO_IS_QUEUE (self));
  g_return_if_fail (G_IS_VALUE (item));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  toro_item_init_value (&copy, item);
  queue_put_item_async (self, &copy, deadline, cancellable, callback, user_data);
}

/**
 * toro_queue_put_pointer_async: (skip)
 * @self: a #ToroQueue
 * @item: (nullable): the item
 * @item_free: (nullable): frees @item if the queue has to (if it is still
 *   queued when the queue is finalized, or if the put fails)
 * @deadline: when to give up, on the clock of g_get_monotonic_time(), or
 *   %TORO_NO_DEADLINE
 * @cancellable: (nullable): a #GCancellable, or %NULL
 * @callback: (scope async) (closure user_data): called once the item is
 *   in the queue (or handed to a getter) or the put failed
 * @user_data: data passed to @callback
 *
 * Puts a plain pointer into @self, as toro_queue_put_async() puts a value;
 * finish with toro_queue_put_finish(). The queue owns @item from now on:
 * it frees it with @item_free if the put times out or is cancelled. The
 * getter takes ownership, best with toro_queue_get_pointer_finish().
 *
 * Since: 1.0
 */
void
toro_queue_put_pointer_async (ToroQueue           *self,
                              gpointer             item,
                              GDestroyNotify       item_free,
                              gint64               deadline,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  ToroItem wrapped = TORO_ITEM_INIT;

  g_return_if_fail (TORO_IS_QUEUE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  toro_item_init_pointer (&wrapped, item, item_free);
  queue_put_item_async (self, &wrapped, deadline, cancellable, callback, user_data);
}

/**
 * toro_queue_put_finish:
 * @self: a #ToroQueue
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError, or %NULL
 *
 * Finishes toro_queue_put_async() or toro_queue_put_pointer_async().
 *
 * Returns: %TRUE if the item was put; %FALSE with @error set otherwise,
 *   in which case the item was not queued
 *
 * Since: 1.0
 */
gboolean
toro_queue_put_finish (ToroQueue     *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (TORO_IS_QUEUE (self), FALSE);
  g_return_val_if_fail (toro_waiter_is_valid (result, self, toro_queue_put_async), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return toro_waiter_propagate (result, error);
}

/**
 * toro_queue_get_async:
 * @self: a #ToroQueue
 * @deadline: when to give up, on the clock of g_get_monotonic_time(), or
 *   %TORO_NO_DEADLINE
 * @cancellable: (nullable): a #GCancellable, or %NULL
 * @callback: (scope async) (closure user_data): called once an item is
 *   got or the get failed
 * @user_data: data passed to @callback
 *
 * Takes the next item out of @self, waiting while the queue is empty:
 * Toro's `Queue.get()`. @callback runs in the thread-default
 * #GMainContext of the caller, never before this function returns; call
 * toro_queue_get_finish() (or toro_queue_get_pointer_finish()) from it.
 * Getters are served in the order they called; one that times out or is
 * cancelled takes nothing.
 *
 * Since: 1.0
 */
void
toro_queue_get_async (ToroQueue           *self,
                      gint64               deadline,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  ToroWaiter *waiter;

  g_return_if_fail (TORO_IS_QUEUE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  waiter = toro_waiter_new (self, &get_op, deadline, cancellable, callback, user_data);
  toro_waiter_start (waiter, &PRIV (self)->monitor, &PRIV (self)->getters);
}

/**
 * toro_queue_get_finish:
 * @self: a #ToroQueue
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError, or %NULL
 *
 * Finishes toro_queue_get_async(). An item put with
 * toro_queue_put_pointer_async() comes out as a %G_TYPE_POINTER value,
 * and the caller then owns the pointer.
 *
 * Returns: (transfer full) (nullable): the item, to be freed with
 *   g_boxed_free (%G_TYPE_VALUE, item), or %NULL with @error set
 *
 * Since: 1.0
 */
GValue *
toro_queue_get_finish (ToroQueue     *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (TORO_IS_QUEUE (self), NULL);
  g_return_val_if_fail (toro_waiter_is_valid (result, self, toro_queue_get_async), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return toro_waiter_propagate_value (result, error);
}

/**
 * toro_queue_get_pointer_finish: (skip)
 * @self: a #ToroQueue
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError, or %NULL
 *
 * Finishes toro_queue_get_async(), returning the item as a pointer: the
 * pointer given to toro_queue_put_pointer_async(), or the contents of an
 * item put as a string, object, boxed, variant or pointer value. Getting
 * an item of another type (an integer, say) this way is a programming
 * error: it emits a critical warning, returns %NULL and frees the item,
 * which has already left the queue.
 *
 * Returns: (transfer full) (nullable): the item, now owned by the caller,
 *   or %NULL with @error set
 *
 * Since: 1.0
 */
gpointer
toro_queue_get_pointer_finish (ToroQueue     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (TORO_IS_QUEUE (self), NULL);
  g_return_val_if_fail (toro_waiter_is_valid (result, self, toro_queue_get_async), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return toro_waiter_propagate_pointer (result, G_STRFUNC, error);
}

/* A non-blocking put: takes @item on success, leaves it otherwise. */
static gboolean
queue_put_item_nowait (ToroQueue  *self,
                       ToroItem   *item,
                       GError    **error)
{
  ToroQueuePrivate *priv = PRIV (self);
  ToroBatch batch = TORO_BATCH_INIT;
  gboolean put;

  toro_monitor_lock (&priv->monitor);
  put = queue_put_locked (self, item, &batch);
  toro_monitor_unlock (&priv->monitor);

  toro_batch_finish (&batch);

  if (!put)
    g_set_error_literal (error, TORO_ERROR, TORO_ERROR_FULL, _("The queue is full"));

  return put;
}

/**
 * toro_queue_put_nowait:
 * @self: a #ToroQueue
 * @item: the item; copied
 * @error: return location for a #GError, or %NULL
 *
 * Puts a copy of @item into @self without waiting: Toro's
 * `Queue.put_nowait()`. If a getter is waiting it gets the item (its
 * callback runs later, from its own main context).
 *
 * Returns: %TRUE if the item was put; %FALSE with @error set to
 *   %TORO_ERROR_FULL if the queue is full or putters are waiting
 *
 * Since: 1.0
 */
gboolean
toro_queue_put_nowait (ToroQueue     *self,
                       const GValue  *item,
                       GError       **error)
{
  ToroItem copy = TORO_ITEM_INIT;
  gboolean put;

  g_return_val_if_fail (TORO_IS_QUEUE (self), FALSE);
  g_return_val_if_fail (G_IS_VALUE (item), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  toro_item_init_value (&copy, item);
  put = queue_put_item_nowait (self, &copy, error);
  toro_item_clear (&copy);

  return put;
}

/**
 * toro_queue_put_pointer_nowait: (skip)
 * @self: a #ToroQueue
 * @item: (nullable): the item
 * @item_free: (nullable): frees @item if it is still queued when the queue
 *   is finalized
 * @error: return location for a #GError, or %NULL
 *
 * Puts a plain pointer into @self without waiting, as
 * toro_queue_put_nowait() puts a value. The queue owns @item only if this
 * succeeds; on failure the caller still does.
 *
 * Returns: %TRUE if the item was put; %FALSE with @error set to
 *   %TORO_ERROR_FULL if the queue is full or putters are waiting
 *
 * Since: 1.0
 */
gboolean
toro_queue_put_pointer_nowait (ToroQueue       *self,
                               gpointer         item,
                               GDestroyNotify   item_free,
                               GError         **error)
{
  ToroItem wrapped = TORO_ITEM_INIT;

  g_return_val_if_fail (TORO_IS_QUEUE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  toro_item_init_pointer (&wrapped, item, item_free);
  if (queue_put_item_nowait (self, &wrapped, error))
    return TRUE;

  /* Not ours: give it back untouched. */
  wrapped.pointer_free = NULL;
  toro_item_clear (&wrapped);
  return FALSE;
}

/* A non-blocking get into @out. */
static gboolean
queue_get_item_nowait (ToroQueue  *self,
                       ToroItem   *out,
                       GError    **error)
{
  ToroQueuePrivate *priv = PRIV (self);
  ToroBatch batch = TORO_BATCH_INIT;
  gboolean got;

  toro_monitor_lock (&priv->monitor);
  got = queue_get_locked (self, out, &batch);
  toro_monitor_unlock (&priv->monitor);

  toro_batch_finish (&batch);

  if (!got)
    g_set_error_literal (error, TORO_ERROR, TORO_ERROR_EMPTY, _("The queue is empty"));

  return got;
}

/**
 * toro_queue_get_nowait:
 * @self: a #ToroQueue
 * @error: return location for a #GError, or %NULL
 *
 * Takes the next item out of @self without waiting: Toro's
 * `Queue.get_nowait()`. If a putter is waiting, its item enters the queue
 * and its put completes (its callback runs later, from its own main
 * context).
 *
 * Returns: (transfer full) (nullable): the item, to be freed with
 *   g_boxed_free (%G_TYPE_VALUE, item), or %NULL with @error set to
 *   %TORO_ERROR_EMPTY
 *
 * Since: 1.0
 */
GValue *
toro_queue_get_nowait (ToroQueue  *self,
                       GError    **error)
{
  ToroItem item = TORO_ITEM_INIT;

  g_return_val_if_fail (TORO_IS_QUEUE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!queue_get_item_nowait (self, &item, error))
    return NULL;

  return toro_item_steal_value (&item);
}

/**
 * toro_queue_get_finish_into:
 * @self: a #ToroQueue
 * @result: the #GAsyncResult passed to the callback
 * @item: an empty #GValue (%G_VALUE_INIT) that
 *   receives the item
 * @error: return location for a #GError, or %NULL
 *
 * Finishes toro_queue_get_async() as toro_queue_get_finish() does, but
 * moves the item into @item, which the caller provides, instead of
 * returning a newly allocated #GValue. Unset @item with g_value_unset()
 * afterwards, whether or not the call succeeded: on failure it holds a
 * %NULL %G_TYPE_POINTER.
 *
 * This form is for bindings that cannot free a returned #GValue: toro-glib's
 * PyGObject override makes `Toro.Queue.get_finish()` fill a
 * `GObject.Value` of its own with it, since PyGObject 3.42 never frees a
 * #GValue returned with (transfer full) (nor a caller-allocated out
 * #GValue when the call fails). C code and other bindings use
 * toro_queue_get_finish().
 *
 * Returns: %TRUE with @item set, or %FALSE with @error set
 *
 * Since: 1.0
 */
gboolean
toro_queue_get_finish_into (ToroQueue     *self,
                            GAsyncResult  *result,
                            GValue        *item,
                            GError       **error)
{
  g_return_val_if_fail (TORO_IS_QUEUE (self), FALSE);
  g_return_val_if_fail (item != NULL && G_VALUE_TYPE (item) == G_TYPE_INVALID, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return toro_value_fill (item, toro_queue_get_finish (self, result, error));
}

/**
 * toro_queue_get_nowait_into:
 * @self: a #ToroQueue
 * @item: an empty #GValue (%G_VALUE_INIT) that
 *   receives the item
 * @error: return location for a #GError, or %NULL
 *
 * Takes the next item out of @self without waiting, as
 * toro_queue_get_nowait() does, but moves it into @item, which the caller
 * provides. Unset @item with g_value_unset() afterwards, whether or not
 * the call succeeded: on failure it holds a %NULL %G_TYPE_POINTER. See
 * toro_queue_get_finish_into() for why this form exists: it is what
 * `Toro.Queue.get_nowait()` calls in Python.
 *
 * Returns: %TRUE with @item set, or %FALSE with @error set to
 *   %TORO_ERROR_EMPTY
 *
 * Since: 1.0
 */
gboolean
toro_queue_get_nowait_into (ToroQueue  *self,
                            GValue     *item,
                            GError    **error)
{
  g_return_val_if_fail (TORO_IS_QUEUE (self), FALSE);
  g_return_val_if_fail (item != NULL && G_VALUE_TYPE (item) == G_TYPE_INVALID, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return toro_value_fill (item, toro_queue_get_nowait (self, error));
}

/**
 * toro_queue_get_pointer_nowait: (skip)
 * @self: a #ToroQueue
 * @error: return location for a #GError, or %NULL
 *
 * Takes the next item out of @self without waiting, as a pointer; see
 * toro_queue_get_pointer_finish() for which items have one, and for what
 * happens to an item that has none.
 *
 * Returns: (transfer full) (nullable): the item, now owned by the caller,
 *   or %NULL with @error set to %TORO_ERROR_EMPTY
 *
 * Since: 1.0
 */
gpointer
toro_queue_get_pointer_nowait (ToroQueue  *self,
                               GError    **error)
{
  ToroItem item = TORO_ITEM_INIT;

  g_return_val_if_fail (TORO_IS_QUEUE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!queue_get_item_nowait (self, &item, error))
    return NULL;

  return toro_item_steal_pointer (&item, G_STRFUNC);
}

/**
 * toro_queue_qsize:
 * @self: a #ToroQueue
 *
 * Returns how many items @self holds: Toro's `Queue.qsize()` and
 * #ToroQueue:size.
 *
 * Returns: the number of items in the queue
 *
 * Since: 1.0
 */
guint
toro_queue_qsize (ToroQueue *self)
{
  ToroQueuePrivate *priv;
  guint size;

  g_return_val_if_fail (TORO_IS_QUEUE (self), 0);

  priv = PRIV (self);

  toro_monitor_lock (&priv->monitor);
  size = priv->store.length;
  toro_monitor_unlock (&priv->monitor);

  return size;
}

/**
 * toro_queue_empty:
 * @self: a #ToroQueue
 *
 * Returns whether @self holds no items: Toro's `Queue.empty()`.
 *
 * Returns: %TRUE if the queue is empty
 *
 * Since: 1.0
 */
gboolean
toro_queue_empty (ToroQueue *self)
{
  g_return_val_if_fail (TORO_IS_QUEUE (self), FALSE);

  return toro_queue_qsize (self) == 0;
}

/**
 * toro_queue_full:
 * @self: a #ToroQueue
 *
 * Returns whether @self holds #ToroQueue:maxsize items: Toro's
 * `Queue.full()`. An unbounded queue is never full.
 *
 * Returns: %TRUE if the queue is full
 *
 * Since: 1.0
 */
gboolean
toro_queue_full (ToroQueue *self)
{
  ToroQueuePrivate *priv;
  gboolean full;

  g_return_val_if_fail (TORO_IS_QUEUE (self), FALSE);

  priv = PRIV (self);

  toro_monitor_lock (&priv->monitor);
  full = store_is_full (priv);
  toro_monitor_unlock (&priv->monitor);

  return full;
}

/**
 * toro_queue_get_maxsize:
 * @self: a #ToroQueue
 *
 * Returns #ToroQueue:maxsize: Toro's `Queue.maxsize`.
 *
 * Returns: how many items the queue holds before puts wait, or 0 for no
 *   limit
 *
 * Since: 1.0
 */
guint
toro_queue_get_maxsize (ToroQueue *self)
{
  g_return_val_if_fail (TORO_IS_QUEUE (self), 0);

  return PRIV (self)->maxsize;
}

guint
toro_queue_debug_n_getters (ToroQueue *self)
{
  return toro_monitor_queue_length (&PRIV (self)->monitor, &PRIV (self)->getters);
}

guint
toro_queue_debug_n_putters (ToroQueue *self)
{
  return toro_monitor_queue_length (&PRIV (self)->monitor, &PRIV (self)->putters);
}
