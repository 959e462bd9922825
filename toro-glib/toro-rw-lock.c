/* toro-rw-lock.c: a readers-writer lock for coroutines on the main loop
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "toro-rw-lock.h"

#include "toro-debug-private.h"
#include "toro-i18n-private.h"
#include "toro-waiter-private.h"

/**
 * SECTION:toro-rw-lock
 * @title: ToroRWLock
 * @short_description: Many readers or one writer
 * @include: toro-glib/toro-glib.h
 *
 * A #ToroRWLock is Toro's `RWLock`: up to #ToroRWLock:max-readers holders
 * may read at once, or one may write. Readers take
 * toro_rw_lock_acquire_read_async() and toro_rw_lock_release_read();
 * writers take toro_rw_lock_acquire_write_async() and
 * toro_rw_lock_release_write().
 *
 * |[<!-- language="C" -->
 * ToroRWLock *lock = toro_rw_lock_new (0);   // any number of readers
 *
 * toro_rw_lock_acquire_read_async (lock, TORO_NO_DEADLINE, NULL, on_reading, data);
 * toro_rw_lock_acquire_write_async (lock, TORO_NO_DEADLINE, NULL, on_writing, data);
 * ]|
 *
 * Readers and writers share one queue and are served strictly in the
 * order they asked: a writer queued behind readers holds up the readers
 * that come after it, so writers are never starved, and consecutive
 * readers at the head of the queue are let in together.
 *
 * Unlike Toro, whose writer takes the read slots one at a time, a writer
 * here takes the whole lock at once when the last reader leaves. A writer
 * that times out or is cancelled therefore never holds a slot, and the
 * readers it was holding up are let in at once.
 *
 * Toro's default of one reader makes an RWLock act as a plain lock; here
 * @max_readers 0, the default of the #ToroRWLock:max-readers property,
 * means no limit.
 *
 * A #ToroRWLock may be used from several threads at once; each waiter's
 * callback runs in the thread-default main context of the thread that
 * started the wait.
 */

typedef enum
{
  WAITER_READ,
  WAITER_WRITE,
} WaiterKind;

struct _ToroRWLock
{
  GObject        parent_instance;

  ToroMonitor    monitor;
  ToroWaitQueue  waiters;       /* readers and writers, in arrival order */
  guint          max_readers;   /* 0: no limit */
  guint          readers;       /* read slots held */
  gboolean       writer;        /* write-locked */
};

G_DEFINE_FINAL_TYPE (ToroRWLock, toro_rw_lock, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MAX_READERS,
  PROP_LOCKED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static inline guint
reader_limit (ToroRWLock *self)
{
  return self->max_readers == 0 ? G_MAXUINT : self->max_readers;
}

/* Toro's definition: write-locked, or every read slot taken. */
static inline gboolean
is_locked_locked (ToroRWLock *self)
{
  return self->writer || self->readers >= reader_limit (self);
}

static inline gboolean
can_read (ToroRWLock *self)
{
  return !self->writer && self->readers < reader_limit (self);
}

static inline gboolean
can_write (ToroRWLock *self)
{
  return !self->writer && self->readers == 0;
}

/* Lets in the waiters at the head of the queue that can go now. */
static void
rw_lock_grant_waiters (ToroRWLock *self,
                       ToroBatch  *batch)
{
  ToroWaiter *head;

  while ((head = toro_wait_queue_peek (&self->waiters)) != NULL)
    {
      if (head->kind == WAITER_READ && can_read (self))
        self->readers++;
      else if (head->kind == WAITER_WRITE && can_write (self))
        self->writer = TRUE;
      else
        break;

      toro_waiter_grant (head, batch);
    }
}

static void
notify_locked_if_changed (ToroRWLock *self,
                          gboolean    was_locked,
                          ToroBatch  *batch)
{
  if (was_locked != is_locked_locked (self))
    toro_batch_notify (batch, self, properties[PROP_LOCKED]);
}

/* A waiter left by its deadline or cancellable: if it was a writer at the
 * head, the readers behind it may go now. */
static void
rw_lock_waiter_removed (gpointer       owner,
                        ToroWaitQueue *queue,
                        ToroBatch     *batch)
{
  ToroRWLock *self = owner;
  gboolean was_locked = is_locked_locked (self);

  rw_lock_grant_waiters (self, batch);
  notify_locked_if_changed (self, was_locked, batch);
}

static gboolean
rw_lock_try_read_locked (ToroRWLock *self,
                         ToroBatch  *batch)
{
  gboolean was_locked = is_locked_locked (self);

  if (!toro_wait_queue_is_empty (&self->waiters) || !can_read (self))
    return FALSE;

  self->readers++;
  notify_locked_if_changed (self, was_locked, batch);
  return TRUE;
}

static gboolean
rw_lock_try_write_locked (ToroRWLock *self,
                          ToroBatch  *batch)
{
  if (!toro_wait_queue_is_empty (&self->waiters) || !can_write (self))
    return FALSE;

  self->writer = TRUE;
  toro_batch_notify (batch, self, properties[PROP_LOCKED]);
  return TRUE;
}

static gboolean
rw_lock_read_try_now (gpointer    owner,
                      ToroWaiter *waiter,
                      ToroBatch  *batch)
{
  waiter->kind = WAITER_READ;
  return rw_lock_try_read_locked (owner, batch);
}

static gboolean
rw_lock_write_try_now (gpointer    owner,
                       ToroWaiter *waiter,
                       ToroBatch  *batch)
{
  waiter->kind = WAITER_WRITE;
  return rw_lock_try_write_locked (owner, batch);
}

static const ToroWaitOp acquire_read_op = {
  toro_rw_lock_acquire_read_async,
  "toro_rw_lock_acquire_read_async",
  N_("Timed out waiting to acquire the lock for reading"),
  rw_lock_read_try_now,
};

static const ToroWaitOp acquire_write_op = {
  toro_rw_lock_acquire_write_async,
  "toro_rw_lock_acquire_write_async",
  N_("Timed out waiting to acquire the lock for writing"),
  rw_lock_write_try_now,
};

static void
toro_rw_lock_finalize (GObject *object)
{
  ToroRWLock *self = (ToroRWLock *) object;

  g_assert (toro_wait_queue_is_empty (&self->waiters));
  toro_monitor_clear (&self->monitor);

  G_OBJECT_CLASS (toro_rw_lock_parent_class)->finalize (object);
}

static void
toro_rw_lock_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  ToroRWLock *self = TORO_RW_LOCK (object);

  switch (prop_id)
    {
    case PROP_MAX_READERS:
      g_value_set_uint (value, self->max_readers);
      break;

    case PROP_LOCKED:
      g_value_set_boolean (value, toro_rw_lock_is_locked (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
toro_rw_lock_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  ToroRWLock *self = TORO_RW_LOCK (object);

  switch (prop_id)
    {
    case PROP_MAX_READERS:
      self->max_readers = g_value_get_uint (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
toro_rw_lock_class_init (ToroRWLockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = toro_rw_lock_finalize;
  object_class->get_property = toro_rw_lock_get_property;
  object_class->set_property = toro_rw_lock_set_property;

  /**
   * ToroRWLock:max-readers:
   *
   * How many holders may read at once; 0, the default, means no limit.
   *
   * Since: 1.0
   */
  properties[PROP_MAX_READERS] =
    g_param_spec_uint ("max-readers", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * ToroRWLock:locked:
   *
   * Whether a writer holds the lock or every read slot is taken (Toro's
   * definition), so that an acquire for reading would wait. Notified, in
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
toro_rw_lock_init (ToroRWLock *self)
{
  toro_monitor_init (&self->monitor, rw_lock_waiter_removed);
}

/**
 * toro_rw_lock_new:
 * @max_readers: how many may hold the lock for reading at once, or 0 for
 *   no limit
 *
 * Creates an unlocked #ToroRWLock.
 *
 * Returns: (transfer full): a new #ToroRWLock
 *
 * Since: 1.0
 */
ToroRWLock *
toro_rw_lock_new (guint max_readers)
{
  return g_object_new (TORO_TYPE_RW_LOCK, "max-readers", max_readers, NULL);
}

/**
 * toro_rw_lock_acquire_read_async:
 * @self: a #ToroRWLock
 * @deadline: when to give up, on the clock of g_get_monotonic_time(), or
 *   %TORO_NO_DEADLINE
 * @cancellable: (nullable): a #GCancellable, or %NULL
 * @callback: (scope async) (closure user_data): called once a read slot
 *   is held or the wait failed
 * @user_data: data passed to @callback
 *
 * Asynchronously takes one read slot of @self: Toro's
 * `RWLock.acquire_read()`. Waits while a writer holds the lock, while
 * every read slot is taken, or while anyone queued earlier is still
 * waiting. @callback runs in the thread-default #GMainContext of the
 * caller, never before this function returns; call
 * toro_rw_lock_acquire_read_finish() from it.
 *
 * Since: 1.0
 */
void
toro_rw_lock_acquire_read_async (ToroRWLock          *self,
                                 gint64               deadline,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  ToroWaiter *waiter;

  g_return_if_fail (TORO_IS_RW_LOCK (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  waiter = toro_waiter_new (self, &acquire_read_op, deadline, cancellable, callback, user_data);
  toro_waiter_start (waiter, &self->monitor, &self->waiters);
}

/**
 * toro_rw_lock_acquire_read_finish:
 * @self: a #ToroRWLock
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError, or %NULL
 *
 * Finishes toro_rw_lock_acquire_read_async().
 *
 * Returns: %TRUE if the caller now holds a read slot and must give it back
 *   with toro_rw_lock_release_read(); %FALSE with @error set otherwise
 *
 * Since: 1.0
 */
gboolean
toro_rw_lock_acquire_read_finish (ToroRWLock    *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (TORO_IS_RW_LOCK (self), FALSE);
  g_return_val_if_fail (toro_waiter_is_valid (result, self, toro_rw_lock_acquire_read_async), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return toro_waiter_propagate (result, error);
}

/**
 * toro_rw_lock_acquire_write_async:
 * @self: a #ToroRWLock
 * @deadline: when to give up, on the clock of g_get_monotonic_time(), or
 *   %TORO_NO_DEADLINE
 * @cancellable: (nullable): a #GCancellable, or %NULL
 * @callback: (scope async) (closure user_data): called once the lock is
 *   held for writing or the wait failed
 * @user_data: data passed to @callback
 *
 * Asynchronously takes @self for writing: Toro's `RWLock.acquire_write()`.
 * Waits until no reader and no writer holds it and everyone queued earlier
 * has been served. A writer that times out or is cancelled holds nothing.
 * @callback runs in the thread-default #GMainContext of the caller, never
 * before this function returns; call toro_rw_lock_acquire_write_finish()
 * from it.
 *
 * Since: 1.0
 */
void
toro_rw_lock_acquire_write_async (ToroRWLock          *self,
                                  gint64               deadline,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  ToroWaiter *waiter;

  g_return_if_fail (TORO_IS_RW_LOCK (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  waiter = toro_waiter_new (self, &acquire_write_op, deadline, cancellable, callback, user_data);
  toro_waiter_start (waiter, &self->monitor, &self->waiters);
}

/**
 * toro_rw_lock_acquire_write_finish:
 * @self: a #ToroRWLock
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError, or %NULL
 *
 * Finishes toro_rw_lock_acquire_write_async().
 *
 * Returns: %TRUE if the caller now holds the lock for writing and must
 *   release it with toro_rw_lock_release_write(); %FALSE with @error set
 *   otherwise
 *
 * Since: 1.0
 */
gboolean
toro_rw_lock_acquire_write_finish (ToroRWLock    *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (TORO_IS_RW_LOCK (self), FALSE);
  g_return_val_if_fail (toro_waiter_is_valid (result, self, toro_rw_lock_acquire_write_async), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return toro_waiter_propagate (result, error);
}

/* Runs a non-blocking acquire under the lock. */
static gboolean
rw_lock_try (ToroRWLock *self,
             gboolean    (*try_locked) (ToroRWLock *, ToroBatch *))
{
  ToroBatch batch = TORO_BATCH_INIT;
  gboolean acquired;

  toro_monitor_lock (&self->monitor);
  acquired = try_locked (self, &batch);
  toro_monitor_unlock (&self->monitor);

  toro_batch_finish (&batch);

  return acquired;
}

/**
 * toro_rw_lock_try_acquire_read:
 * @self: a #ToroRWLock
 *
 * Takes a read slot if one is free and nobody is queued, without waiting.
 *
 * Returns: %TRUE if the caller now holds a read slot
 *
 * Since: 1.0
 */
gboolean
toro_rw_lock_try_acquire_read (ToroRWLock *self)
{
  g_return_val_if_fail (TORO_IS_RW_LOCK (self), FALSE);

  return rw_lock_try (self, rw_lock_try_read_locked);
}

/**
 * toro_rw_lock_try_acquire_write:
 * @self: a #ToroRWLock
 *
 * Takes @self for writing if nobody holds it and nobody is queued, without
 * waiting.
 *
 * Returns: %TRUE if the caller now holds the lock for writing
 *
 * Since: 1.0
 */
gboolean
toro_rw_lock_try_acquire_write (ToroRWLock *self)
{
  g_return_val_if_fail (TORO_IS_RW_LOCK (self), FALSE);

  return rw_lock_try (self, rw_lock_try_write_locked);
}

/**
 * toro_rw_lock_release_read:
 * @self: a #ToroRWLock
 *
 * Gives back one read slot, letting in the waiters at the head of the
 * queue that can now go. Releasing when no read slot is held is a
 * programming error: it emits a critical warning and changes nothing.
 *
 * Since: 1.0
 */
void
toro_rw_lock_release_read (ToroRWLock *self)
{
  ToroBatch batch = TORO_BATCH_INIT;
  gboolean was_locked;

  g_return_if_fail (TORO_IS_RW_LOCK (self));

  toro_monitor_lock (&self->monitor);

  if (self->readers == 0)
    {
      toro_monitor_unlock (&self->monitor);
      g_critical ("%s: the lock is not held for reading", G_STRFUNC);
      return;
    }

  was_locked = is_locked_locked (self);
  self->readers--;
  rw_lock_grant_waiters (self, &batch);
  notify_locked_if_changed (self, was_locked, &batch);

  toro_monitor_unlock (&self->monitor);

  toro_batch_finish (&batch);
}

/**
 * toro_rw_lock_release_write:
 * @self: a #ToroRWLock
 *
 * Releases @self from writing, letting in the waiters at the head of the
 * queue that can now go: the next writer, or the readers up to the next
 * writer. Releasing when the lock is not held for writing is a
 * programming error: it emits a critical warning and changes nothing.
 *
 * Since: 1.0
 */
void
toro_rw_lock_release_write (ToroRWLock *self)
{
  ToroBatch batch = TORO_BATCH_INIT;

  g_return_if_fail (TORO_IS_RW_LOCK (self));

  toro_monitor_lock (&self->monitor);

  if (!self->writer)
    {
      toro_monitor_unlock (&self->monitor);
      g_critical ("%s: the lock is not held for writing", G_STRFUNC);
      return;
    }

  self->writer = FALSE;
  rw_lock_grant_waiters (self, &batch);
  notify_locked_if_changed (self, TRUE, &batch);

  toro_monitor_unlock (&self->monitor);

  toro_batch_finish (&batch);
}

/**
 * toro_rw_lock_is_locked:
 * @self: a #ToroRWLock
 *
 * Returns whether a writer holds @self or every read slot is taken:
 * Toro's `RWLock.locked()`. With #ToroRWLock:max-readers 0 (no limit) only
 * a writer locks it.
 *
 * Returns: %TRUE if an acquire for reading would wait
 *
 * Since: 1.0
 */
gboolean
toro_rw_lock_is_locked (ToroRWLock *self)
{
  gboolean locked;

  g_return_val_if_fail (TORO_IS_RW_LOCK (self), FALSE);

  toro_monitor_lock (&self->monitor);
  locked = is_locked_locked (self);
  toro_monitor_unlock (&self->monitor);

  return locked;
}

/**
 * toro_rw_lock_get_max_readers:
 * @self: a #ToroRWLock
 *
 * Returns #ToroRWLock:max-readers.
 *
 * Returns: how many may read at once, or 0 for no limit
 *
 * Since: 1.0
 */
guint
toro_rw_lock_get_max_readers (ToroRWLock *self)
{
  g_return_val_if_fail (TORO_IS_RW_LOCK (self), 0);

  return self->max_readers;
}

/**
 * toro_rw_lock_get_n_readers:
 * @self: a #ToroRWLock
 *
 * Returns how many read slots are held now.
 *
 * Returns: the number of readers holding @self
 *
 * Since: 1.0
 */
guint
toro_rw_lock_get_n_readers (ToroRWLock *self)
{
  guint readers;

  g_return_val_if_fail (TORO_IS_RW_LOCK (self), 0);

  toro_monitor_lock (&self->monitor);
  readers = self->readers;
  toro_monitor_unlock (&self->monitor);

  return readers;
}

guint
toro_rw_lock_debug_n_waiters (ToroRWLock *self)
{
  return toro_monitor_queue_length (&self->monitor, &self->waiters);
}
