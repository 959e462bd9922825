/* toro-waiter-private.h: the waiting engine shared by every primitive
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef GETTEXT_PACKAGE
# error "config.h must be included before toro-waiter-private.h"
#endif

#include <gio/gio.h>

#include "toro-item-private.h"
#include "toro-mutex-private.h"

G_BEGIN_DECLS

/*
 * The engine in one page
 * ======================
 *
 * A primitive (a ToroLock, a ToroQueue, ...) owns a ToroMonitor (its mutex)
 * and one or more ToroWaitQueues. Every `_async` call creates a ToroWaiter:
 * a small GObject that is both the wait and the GAsyncResult handed to the
 * callback. toro_waiter_start() asks the primitive's rule (a ToroTryFunc,
 * called with the monitor locked) whether the operation can complete at
 * once; if not, the waiter joins the tail of a wait queue, its deadline
 * joins the timer heap of its main context and its cancellable is hooked
 * up.
 *
 * A waiter leaves the QUEUED state exactly once, under the monitor lock:
 * GRANTED by a rule (a release(), put, notify() or set() handing it what it
 * waited for), or TIMED_OUT / CANCELLED by its deadline or cancellable.
 * Whichever comes first wins; the loser does nothing. A granted waiter owns
 * what it was given even if its cancellable fires a moment later, so
 * nothing is ever lost or handed out twice.
 *
 * Completed waiters are collected in a ToroBatch while the monitor is
 * locked. toro_batch_finish(), called after unlocking, hands each to the
 * ToroDispatcher of the main context it was started from; the dispatcher
 * runs the callback from that context's dispatch, never from inside the
 * toro_*() call that completed it.
 */

typedef struct _ToroWaiter     ToroWaiter;
typedef struct _ToroWaitQueue  ToroWaitQueue;
typedef struct _ToroMonitor    ToroMonitor;
typedef struct _ToroBatch      ToroBatch;
typedef struct _ToroWaitOp     ToroWaitOp;
typedef struct _ToroDispatcher ToroDispatcher;

typedef enum
{
  TORO_WAITER_NEW,              /* not yet queued */
  TORO_WAITER_CANCEL_REQUESTED, /* NEW, and its cancellable fired meanwhile */
  TORO_WAITER_QUEUED,
  TORO_WAITER_GRANTED,
  TORO_WAITER_TIMED_OUT,
  TORO_WAITER_CANCELLED,
} ToroWaiterState;

struct _ToroWaitQueue
{
  ToroWaiter *head;
  ToroWaiter *tail;
  guint       length;
};

/* Called with the monitor locked when a waiter has left @queue by its
 * deadline or cancellable, so that the primitive can grant the waiters it
 * was holding up (a writer queued ahead of readers, say). */
typedef void (*ToroRemovedFunc) (gpointer       owner,
                                 ToroWaitQueue *queue,
                                 ToroBatch     *batch);

struct _ToroMonitor
{
  ToroMutex       mutex;
  ToroRemovedFunc removed;
};

/* A primitive's rule for one operation, called with the monitor locked:
 * complete @waiter now (grant it with toro_waiter_grant*(), possibly
 * granting others into @batch) and return TRUE, or return FALSE to make it
 * wait. Must not call out of the library. */
typedef gboolean (*ToroTryFunc) (gpointer    owner,
                                 ToroWaiter *waiter,
                                 ToroBatch  *batch);

/* What the engine needs to know about one kind of operation. Static. */
struct _ToroWaitOp
{
  gpointer     source_tag;       /* the public _async function */
  const char  *name;             /* for debugging: "toro_lock_acquire_async" */
  const char  *timeout_message;  /* N_() marked; translated on delivery */
  ToroTryFunc  try_now;
};

struct _ToroWaiter
{
  GObject               parent_instance;

  const ToroWaitOp     *op;
  GObject              *source_object;   /* strong: a pending wait keeps its primitive */
  ToroMonitor          *monitor;         /* inside source_object */
  ToroWaitQueue        *queue;           /* while QUEUED */
  ToroWaiter           *prev;
  ToroWaiter           *next;            /* wait queue, then batch, then ready list */

  ToroDispatcher       *dispatcher;      /* holds a reference on its GMainContext */
  GAsyncReadyCallback   callback;
  gpointer              user_data;

  GCancellable         *cancellable;
  gulong                cancel_id;

  gint64                deadline;
  guint64               deadline_seq;    /* FIFO among equal deadlines */
  guint                 heap_index;      /* TORO_WAITER_NOT_IN_HEAP when not in the heap */

  guint8                state;           /* ToroWaiterState */
  guint8                kind;            /* the primitive's own flag (read or write, ...) */
  guint8                result_taken : 1;

  ToroItem              item;            /* put: the item to put; get: the item got */
};

#define TORO_WAITER_NOT_IN_HEAP G_MAXUINT

/* What each thread keeps between operations (toro-dispatcher.c owns it). */
typedef struct
{
  /* The dispatcher of the thread-default context used last. */
  GMainContext   *context;
  ToroDispatcher *dispatcher;
  guint           generation;

  /* Delivered waiters kept for reuse (toro-waiter.c). */
  ToroWaiter     *pool;
  guint           pool_length;
} ToroThreadState;

ToroThreadState *toro_thread_state_get     (void);
void             toro_waiter_pool_clear    (ToroThreadState *state);

#define TORO_TYPE_WAITER (toro_waiter_get_type ())
G_DECLARE_FINAL_TYPE (ToroWaiter, toro_waiter, TORO, WAITER, GObject)

struct _ToroBatch
{
  ToroWaiter *head;
  ToroWaiter *tail;
  GObject    *object;      /* strong, while notifications are pending */
  GParamSpec *notify[4];
  guint       n_notify;
};

#define TORO_BATCH_INIT { NULL, NULL, NULL, { NULL, }, 0 }

/* Monitors and wait queues */

void         toro_monitor_init        (ToroMonitor     *monitor,
                                       ToroRemovedFunc  removed);
void         toro_monitor_clear       (ToroMonitor     *monitor);

static inline void
toro_monitor_lock (ToroMonitor *monitor)
{
  toro_mutex_lock (&monitor->mutex);
}

static inline void
toro_monitor_unlock (ToroMonitor *monitor)
{
  toro_mutex_unlock (&monitor->mutex);
}

guint        toro_monitor_queue_length (ToroMonitor    *monitor,
                                        ToroWaitQueue  *queue);

static inline ToroWaiter *
toro_wait_queue_peek (ToroWaitQueue *queue)
{
  return queue->head;
}

static inline gboolean
toro_wait_queue_is_empty (ToroWaitQueue *queue)
{
  return queue->head == NULL;
}

static inline guint
toro_wait_queue_length (ToroWaitQueue *queue)
{
  return queue->length;
}

/* Waiters: creating and starting (the _async side) */

ToroWaiter  *toro_waiter_new          (gpointer             source_object,
                                       const ToroWaitOp    *op,
                                       gint64               deadline,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
void         toro_waiter_start        (ToroWaiter          *waiter,
                                       ToroMonitor         *monitor,
                                       ToroWaitQueue       *queue);

/* Waiters: completing (the rules' side; monitor locked) */

void         toro_waiter_grant        (ToroWaiter          *waiter,
                                       ToroBatch           *batch);
void         toro_waiter_grant_item   (ToroWaiter          *waiter,
                                       ToroItem            *item,
                                       ToroBatch           *batch);
void         toro_wait_queue_grant_all (ToroWaitQueue      *queue,
                                        ToroBatch          *batch);

/* Waiters: finishing (the _finish side) */

gboolean     toro_waiter_is_valid     (GAsyncResult        *result,
                                       gpointer             source_object,
                                       gpointer             source_tag);
/* @result must have passed toro_waiter_is_valid (). */
gboolean     toro_waiter_propagate    (GAsyncResult        *result,
                                       GError             **error);
GValue      *toro_waiter_propagate_value   (GAsyncResult   *result,
                                            GError        **error);
gpointer     toro_waiter_propagate_pointer (GAsyncResult   *result,
                                            const char     *caller,
                                            GError        **error);

/* Batches: what to do once the monitor is unlocked */

void         toro_batch_notify        (ToroBatch           *batch,
                                       gpointer             object,
                                       GParamSpec          *pspec);
void         toro_batch_finish        (ToroBatch           *batch);

/* Used by the dispatcher */

void         toro_waiter_expire       (ToroWaiter          *waiter);
void         toro_waiter_deliver      (ToroWaiter          *waiter);

G_END_DECLS
