/* toro-waiter.c: the waiting engine shared by every primitive
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "toro-waiter-private.h"

#include "toro-deadline.h"
#include "toro-dispatcher-private.h"
#include "toro-error.h"
#include "toro-i18n-private.h"

static void toro_waiter_async_result_iface_init (GAsyncResultIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ToroWaiter, toro_waiter, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_ASYNC_RESULT,
                                                      toro_waiter_async_result_iface_init))

/* Drops everything a waiter holds and returns it to its initial state.
 * May run arbitrary finalizers (of the item, of the primitive): never
 * call with a lock held. */
static void
waiter_reset (ToroWaiter *self)
{
  g_assert (self->queue == NULL);
  g_assert (self->heap_index == TORO_WAITER_NOT_IN_HEAP);
  g_assert (self->cancel_id == 0);

  toro_item_clear (&self->item);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->source_object);
  if (self->dispatcher != NULL)
    toro_dispatcher_release (self->dispatcher);

  memset ((char *) self + sizeof (GObject), 0, sizeof *self - sizeof (GObject));
  self->heap_index = TORO_WAITER_NOT_IN_HEAP;
}

static void
toro_waiter_finalize (GObject *object)
{
  waiter_reset ((ToroWaiter *) object);

  G_OBJECT_CLASS (toro_waiter_parent_class)->finalize (object);
}

/* Creating and destroying a GObject costs more than everything else an
 * operation does (callgrind: some 2 600 instructions of a 3 750-instruction
 * completion), so each thread keeps the waiters it delivered for reuse. A
 * delivered waiter is recycled only if nothing outside the engine can
 * tell: nobody else holds a reference, and it carries no qdata (no weak
 * reference, weak pointer, toggle reference, binding wrapper or user
 * data). Otherwise it is unreffed as usual.
 *
 * Signal handlers are the one thing GObject keeps outside the object. The
 * only signal a waiter has is GObject's "notify", which nothing emits on a
 * waiter; a handler somebody connected anyway stays connected, never
 * called, until the recycled waiter is finally finalized, when dispose ()
 * destroys it. Destroying it here would cost a global lock per operation. */
#define WAITER_POOL_MAX 1024

/* At thread exit. The pooled waiters hold nothing, so finalizing them
 * touches no context. */
void
toro_waiter_pool_clear (ToroThreadState *state)
{
  while (state->pool != NULL)
    {
      ToroWaiter *waiter = state->pool;

      state->pool = waiter->next;
      waiter->next = NULL;
      g_object_unref (waiter);
    }
  state->pool_length = 0;
}

/* Drops the engine's reference on a delivered waiter. */
static void
waiter_release (ToroWaiter *waiter)
{
  GObject *object = (GObject *) waiter;
  ToroThreadState *state;

  if (g_atomic_int_get (&object->ref_count) != 1 || object->qdata != NULL)
    {
      g_object_unref (waiter);
      return;
    }

  state = toro_thread_state_get ();
  if (state->pool_length >= WAITER_POOL_MAX)
    {
      g_object_unref (waiter);
      return;
    }

  waiter_reset (waiter);

  waiter->next = state->pool;
  state->pool = waiter;
  state->pool_length++;
}

static void
toro_waiter_class_init (ToroWaiterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = toro_waiter_finalize;
}

static void
toro_waiter_init (ToroWaiter *self)
{
  self->heap_index = TORO_WAITER_NOT_IN_HEAP;
}

static gpointer
toro_waiter_get_user_data (GAsyncResult *result)
{
  return ((ToroWaiter *) result)->user_data;
}

static GObject *
toro_waiter_ref_source_object (GAsyncResult *result)
{
  ToroWaiter *self = (ToroWaiter *) result;

  return self->source_object != NULL ? g_object_ref (self->source_object) : NULL;
}

static gboolean
toro_waiter_is_tagged (GAsyncResult *result,
                       gpointer      source_tag)
{
  return ((ToroWaiter *) result)->op->source_tag == source_tag;
}

static void
toro_waiter_async_result_iface_init (GAsyncResultIface *iface)
{
  iface->get_user_data = toro_waiter_get_user_data;
  iface->get_source_object = toro_waiter_ref_source_object;
  iface->is_tagged = toro_waiter_is_tagged;
}

void
toro_monitor_init (ToroMonitor     *monitor,
                   ToroRemovedFunc  removed)
{
  toro_mutex_init (&monitor->mutex);
  monitor->removed = removed;
}

void
toro_monitor_clear (ToroMonitor *monitor)
{
  toro_mutex_clear (&monitor->mutex);
}

/* For white-box tests. */
guint
toro_monitor_queue_length (ToroMonitor   *monitor,
                           ToroWaitQueue *queue)
{
  guint length;

  toro_monitor_lock (monitor);
  length = queue->length;
  toro_monitor_unlock (monitor);

  return length;
}

static void
wait_queue_push (ToroWaitQueue *queue,
                 ToroWaiter    *waiter)
{
  g_assert (waiter->queue == NULL);

  waiter->queue = queue;
  waiter->prev = queue->tail;
  waiter->next = NULL;
  if (queue->tail != NULL)
    queue->tail->next = waiter;
  else
    queue->head = waiter;
  queue->tail = waiter;
  queue->length++;
}

static void
wait_queue_unlink (ToroWaiter *waiter)
{
  ToroWaitQueue *queue = waiter->queue;

  if (waiter->prev != NULL)
    waiter->prev->next = waiter->next;
  else
    queue->head = waiter->next;
  if (waiter->next != NULL)
    waiter->next->prev = waiter->prev;
  else
    queue->tail = waiter->prev;
  queue->length--;

  waiter->queue = NULL;
  waiter->prev = NULL;
  waiter->next = NULL;
}

static inline void
batch_append (ToroBatch  *batch,
              ToroWaiter *waiter)
{
  waiter->next = NULL;
  if (batch->tail != NULL)
    batch->tail->next = waiter;
  else
    batch->head = waiter;
  batch->tail = waiter;
}

/* Decides the outcome of a waiter: leaves its wait queue, if it was in
 * one, and joins the batch to be delivered. Monitor locked. */
static void
waiter_complete_locked (ToroWaiter      *waiter,
                        ToroWaiterState  state,
                        ToroBatch       *batch)
{
  g_assert (waiter->state == TORO_WAITER_NEW ||
            waiter->state == TORO_WAITER_CANCEL_REQUESTED ||
            waiter->state == TORO_WAITER_QUEUED);

  if (waiter->queue != NULL)
    wait_queue_unlink (waiter);
  waiter->state = state;
  batch_append (batch, waiter);
}

/**
 * toro_waiter_grant:
 * @waiter: a queued waiter
 * @batch: the batch of the current operation
 *
 * Completes @waiter successfully. The caller holds the monitor.
 */
void
toro_waiter_grant (ToroWaiter *waiter,
                   ToroBatch  *batch)
{
  waiter_complete_locked (waiter, TORO_WAITER_GRANTED, batch);
}

/* Completes @waiter successfully, handing it @item (left unset). */
void
toro_waiter_grant_item (ToroWaiter *waiter,
                        ToroItem   *item,
                        ToroBatch  *batch)
{
  toro_item_move (&waiter->item, item);
  waiter_complete_locked (waiter, TORO_WAITER_GRANTED, batch);
}

/* Grants every waiter of @queue, in order. */
void
toro_wait_queue_grant_all (ToroWaitQueue *queue,
                           ToroBatch     *batch)
{
  while (queue->head != NULL)
    waiter_complete_locked (queue->head, TORO_WAITER_GRANTED, batch);
}

/* Removes a queued waiter by its deadline or cancellable. */
static void
waiter_remove_locked (ToroWaiter      *waiter,
                      ToroWaiterState  state,
                      ToroBatch       *batch)
{
  ToroWaitQueue *queue = waiter->queue;

  waiter_complete_locked (waiter, state, batch);
  if (waiter->monitor->removed != NULL)
    waiter->monitor->removed (waiter->source_object, queue, batch);
}

ToroWaiter *
toro_waiter_new (gpointer             source_object,
                 const ToroWaitOp    *op,
                 gint64               deadline,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  ToroThreadState *state = toro_thread_state_get ();
  ToroWaiter *self = state->pool;

  if (self != NULL)
    {
      state->pool = self->next;
      state->pool_length--;
      self->next = NULL;
    }
  else
    self = g_object_new (TORO_TYPE_WAITER, NULL);

  self->op = op;
  self->source_object = g_object_ref (source_object);
  self->dispatcher = toro_dispatcher_hold_thread_default (state);
  self->callback = callback;
  self->user_data = user_data;
  self->deadline = deadline;
  if (cancellable != NULL)
    self->cancellable = g_object_ref (cancellable);

  return self;
}

/* The cancellable's "cancelled" handler: runs in whatever thread cancelled,
 * possibly inside g_cancellable_connect (). The waiter is alive: it is
 * disconnected from the cancellable before its last reference goes, and
 * g_cancellable_disconnect () waits for a running handler. */
static void
on_cancelled (GCancellable *cancellable,
              ToroWaiter   *waiter)
{
  ToroBatch batch = TORO_BATCH_INIT;
  GObject *owner;

  toro_monitor_lock (waiter->monitor);

  if (waiter->state == TORO_WAITER_NEW)
    {
      /* toro_waiter_start () has not queued it yet and will see this. */
      waiter->state = TORO_WAITER_CANCEL_REQUESTED;
      toro_monitor_unlock (waiter->monitor);
      return;
    }

  if (waiter->state != TORO_WAITER_QUEUED)
    {
      /* Decided already: a grant that came first stands. */
      toro_monitor_unlock (waiter->monitor);
      return;
    }

  /* The batch may notify on the owner after the waiter, and its reference,
   * have gone to another thread. */
  owner = g_object_ref (waiter->source_object);
  waiter_remove_locked (waiter, TORO_WAITER_CANCELLED, &batch);

  toro_monitor_unlock (waiter->monitor);

  toro_batch_finish (&batch);
  g_object_unref (owner);
}

/* Called by the dispatcher of the waiter's context once its deadline has
 * passed. The waiter has left the deadline heap. */
void
toro_waiter_expire (ToroWaiter *waiter)
{
  ToroBatch batch = TORO_BATCH_INIT;
  GObject *owner;

  toro_monitor_lock (waiter->monitor);

  if (waiter->state != TORO_WAITER_QUEUED)
    {
      /* Granted or cancelled meanwhile; already on its way. */
      toro_monitor_unlock (waiter->monitor);
      return;
    }

  owner = g_object_ref (waiter->source_object);
  waiter_remove_locked (waiter, TORO_WAITER_TIMED_OUT, &batch);

  toro_monitor_unlock (waiter->monitor);

  toro_batch_finish (&batch);
  g_object_unref (owner);
}

/*
 * toro_waiter_start:
 * @waiter: (transfer full): a new waiter
 * @monitor: the monitor of the waiter's primitive
 * @queue: where the waiter waits if it cannot complete at once
 *
 * Runs the operation: completes it at once if the rule allows, if the
 * cancellable is already cancelled or if the deadline has passed, and
 * otherwise queues it until a grant, its deadline or its cancellable. In
 * every case the callback runs later, from the caller's main context.
 */
void
toro_waiter_start (ToroWaiter    *waiter,
                   ToroMonitor   *monitor,
                   ToroWaitQueue *queue)
{
  ToroBatch batch = TORO_BATCH_INIT;
  gboolean connected = FALSE;

  waiter->monitor = monitor;

  /* Already cancelled: fail and take nothing, even if something is there. */
  if (waiter->cancellable != NULL && g_cancellable_is_cancelled (waiter->cancellable))
    {
      waiter->state = TORO_WAITER_CANCELLED;
      toro_dispatcher_push (waiter->dispatcher, waiter);
      return;
    }

  toro_monitor_lock (monitor);

  for (;;)
    {
      if (waiter->state == TORO_WAITER_CANCEL_REQUESTED)
        {
          waiter_complete_locked (waiter, TORO_WAITER_CANCELLED, &batch);
          break;
        }

      if (waiter->op->try_now (waiter->source_object, waiter, &batch))
        {
          waiter_complete_locked (waiter, TORO_WAITER_GRANTED, &batch);
          break;
        }

      if (waiter->deadline != TORO_NO_DEADLINE &&
          waiter->deadline <= g_get_monotonic_time ())
        {
          waiter_complete_locked (waiter, TORO_WAITER_TIMED_OUT, &batch);
          break;
        }

      if (waiter->cancellable != NULL && !connected)
        {
          /* Connecting may run on_cancelled () at once, which takes the
           * monitor: connect unlocked, then look again. Until it is queued
           * nobody else knows the waiter, so it cannot go away. */
          toro_monitor_unlock (monitor);
          waiter->cancel_id = g_cancellable_connect (waiter->cancellable,
                                                     G_CALLBACK (on_cancelled),
                                                     waiter, NULL);
          connected = TRUE;
          toro_monitor_lock (monitor);
          continue;
        }

      /* Wait. From here on a grant, the deadline or the cancellable may
       * complete and deliver the waiter in another thread at any moment
       * after we unlock, so touch it no more. */
      waiter->state = TORO_WAITER_QUEUED;
      wait_queue_push (queue, waiter);
      if (waiter->deadline != TORO_NO_DEADLINE)
        toro_dispatcher_add_deadline (waiter->dispatcher, waiter);

      toro_monitor_unlock (monitor);
      toro_batch_finish (&batch);
      return;
    }

  toro_monitor_unlock (monitor);
  toro_batch_finish (&batch);
}

/* Runs in the waiter's context, from its dispatcher, with no lock held. */
void
toro_waiter_deliver (ToroWaiter *waiter)
{
  if (waiter->cancel_id != 0)
    {
      g_cancellable_disconnect (waiter->cancellable, waiter->cancel_id);
      waiter->cancel_id = 0;
    }

  if (waiter->callback != NULL)
    waiter->callback (waiter->source_object, (GAsyncResult *) waiter, waiter->user_data);

  waiter_release (waiter);
}

void
toro_batch_notify (ToroBatch  *batch,
                   gpointer    object,
                   GParamSpec *pspec)
{
  g_assert (batch->object == NULL || batch->object == object);
  g_assert (batch->n_notify < G_N_ELEMENTS (batch->notify));

  for (guint i = 0; i < batch->n_notify; i++)
    if (batch->notify[i] == pspec)
      return;

  batch->object = object;
  batch->notify[batch->n_notify++] = pspec;
}

/* After unlocking: hands each decided waiter to its context, in order, then
 * emits the property notifications (in this thread). */
void
toro_batch_finish (ToroBatch *batch)
{
  ToroWaiter *waiter = batch->head;

  while (waiter != NULL)
    {
      ToroWaiter *next = waiter->next;

      toro_dispatcher_push (waiter->dispatcher, waiter);
      waiter = next;
    }

  for (guint i = 0; i < batch->n_notify; i++)
    g_object_notify_by_pspec (batch->object, batch->notify[i]);
}

gboolean
toro_waiter_is_valid (GAsyncResult *result,
                      gpointer      source_object,
                      gpointer      source_tag)
{
  ToroWaiter *self = (ToroWaiter *) result;

  return TORO_IS_WAITER (result) &&
         self->source_object == source_object &&
         self->op->source_tag == source_tag;
}

/* The outcome of a delivered waiter, as a _finish function reports it. */
gboolean
toro_waiter_propagate (GAsyncResult  *result,
                       GError       **error)
{
  ToroWaiter *self = (ToroWaiter *) result;

  switch ((ToroWaiterState) self->state)
    {
    case TORO_WAITER_GRANTED:
      return TRUE;

    case TORO_WAITER_TIMED_OUT:
      g_set_error_literal (error, TORO_ERROR, TORO_ERROR_TIMEOUT, _(self->op->timeout_message));
      return FALSE;

    case TORO_WAITER_CANCELLED:
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Operation was cancelled"));
      return FALSE;

    case TORO_WAITER_NEW:
    case TORO_WAITER_CANCEL_REQUESTED:
    case TORO_WAITER_QUEUED:
    default:
      g_critical ("%s: finished before the operation completed; call the _finish "
                  "function from the callback", self->op->name);
      return FALSE;
    }
}

GValue *
toro_waiter_propagate_value (GAsyncResult  *result,
                             GError       **error)
{
  ToroWaiter *self = (ToroWaiter *) result;

  if (!toro_waiter_propagate (result, error))
    return NULL;

  if (self->result_taken)
    {
      g_critical ("%s: the item was already taken by an earlier _finish call", self->op->name);
      return NULL;
    }

  self->result_taken = TRUE;
  return toro_item_steal_value (&self->item);
}

gpointer
toro_waiter_propagate_pointer (GAsyncResult  *result,
                               const char    *caller,
                               GError       **error)
{
  ToroWaiter *self = (ToroWaiter *) result;

  if (!toro_waiter_propagate (result, error))
    return NULL;

  if (self->result_taken)
    {
      g_critical ("%s: the item was already taken by an earlier _finish call", caller);
      return NULL;
    }

  self->result_taken = TRUE;
  return toro_item_steal_pointer (&self->item, caller);
}
