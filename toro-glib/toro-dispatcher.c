/* toro-dispatcher.c: one completion source and timer per GMainContext
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "toro-dispatcher-private.h"

#include "toro-debug-private.h"

/* Completions delivered per dispatch before the context gets to run its
 * other sources. */
#define DELIVERY_BUDGET 256

/* GLib computes (ready_time - now + 999) / 1000 for the poll timeout; keep
 * the far end of the clock away from overflow. */
#define MAX_READY_TIME (G_MAXINT64 - G_USEC_PER_SEC)

struct _ToroDispatcher
{
  GSource        source;

  GMainContext  *context;      /* the context this source is attached to */

  /* Waiters that may still be delivered here; while there are any, the
   * dispatcher holds one reference on its context. Atomic. */
  gint           pending;

  /* Guarded by mutex. ready_head is also read without the lock (prepare,
   * check), so it is always written atomically. */
  ToroMutex      mutex;
  ToroWaiter    *ready_head;
  ToroWaiter    *ready_tail;
  ToroWaiter   **heap;
  guint          heap_length;
  guint          heap_capacity;
  guint64        next_seq;
  gint64         ready_time;   /* what the source's ready time is set to */

  /* The thread inside dispatch (), if any, guarded by mutex. It will run
   * prepare () again before it sleeps, so it needs no wake-up. */
  GThread       *dispatching;

  /* Touched only by the thread dispatching this source: the part of the
   * ready list being delivered, shared with nested dispatches. */
  ToroWaiter    *delivering;
};

/* Every dispatcher, by context; entries are weak and removed at finalize.
 * Lock order: a primitive's monitor, then a dispatcher's mutex, then a
 * GMainContext's lock (taken by g_source_set_ready_time ()). The GSource
 * callbacks below run with the context unlocked. */
static GMutex dispatchers_lock;
static GHashTable *dispatchers;

/* Each thread remembers the dispatcher it used last, sparing the table
 * lookup in the common case. The cache holds no reference: a GSource ref
 * would have to be dropped at thread exit, racing with the finalization
 * of its context in another thread (g_source_unref () reads
 * source->context unlocked). Instead every finalized dispatcher bumps a
 * generation counter, which invalidates every cache. A dispatcher lives as
 * long as its context, and the caller's thread-default context is alive,
 * so a cache entry whose context and generation both match is alive. */
static guint dispatcher_generation;

static void
thread_state_free (gpointer data)
{
  ToroThreadState *state = data;

  toro_waiter_pool_clear (state);
  g_free (state);
}

/* Frees the thread's state at thread exit. */
static GPrivate thread_state = G_PRIVATE_INIT (thread_state_free);

#ifdef TORO_THREAD_LOCAL
/* Compiler TLS for speed: a GPrivate lookup costs tens of instructions,
 * and every operation needs the state twice. */
static TORO_THREAD_LOCAL ToroThreadState *thread_state_fast;
#endif

ToroThreadState *
toro_thread_state_get (void)
{
  ToroThreadState *state;

#ifdef TORO_THREAD_LOCAL
  state = thread_state_fast;
  if (G_LIKELY (state != NULL))
    return state;
#endif

  state = g_private_get (&thread_state);
  if (state == NULL)
    {
      state = g_new0 (ToroThreadState, 1);
      g_private_set (&thread_state, state);
    }

#ifdef TORO_THREAD_LOCAL
  thread_state_fast = state;
#endif

  return state;
}

/* The deadline heap: earliest first, FIFO among equal deadlines. */

static inline gboolean
deadline_before (const ToroWaiter *a,
                 const ToroWaiter *b)
{
  return a->deadline < b->deadline ||
         (a->deadline == b->deadline && a->deadline_seq < b->deadline_seq);
}

static inline void
heap_set (ToroDispatcher *self,
          guint           index,
          ToroWaiter     *waiter)
{
  self->heap[index] = waiter;
  waiter->heap_index = index;
}

static void
heap_sift_up (ToroDispatcher *self,
              guint           index)
{
  ToroWaiter *waiter = self->heap[index];

  while (index > 0)
    {
      guint parent = (index - 1) / 2;

      if (!deadline_before (waiter, self->heap[parent]))
        break;
      heap_set (self, index, self->heap[parent]);
      index = parent;
    }

  heap_set (self, index, waiter);
}

static void
heap_sift_down (ToroDispatcher *self,
                guint           index)
{
  ToroWaiter *waiter = self->heap[index];

  for (;;)
    {
      guint child = 2 * index + 1;

      if (child >= self->heap_length)
        break;
      if (child + 1 < self->heap_length &&
          deadline_before (self->heap[child + 1], self->heap[child]))
        child++;
      if (!deadline_before (self->heap[child], waiter))
        break;
      heap_set (self, index, self->heap[child]);
      index = child;
    }

  heap_set (self, index, waiter);
}

static void
heap_remove (ToroDispatcher *self,
             ToroWaiter     *waiter)
{
  guint index = waiter->heap_index;
  ToroWaiter *last;

  g_assert (index < self->heap_length && self->heap[index] == waiter);

  waiter->heap_index = TORO_WAITER_NOT_IN_HEAP;
  last = self->heap[--self->heap_length];
  if (last == waiter)
    return;

  heap_set (self, index, last);
  if (index > 0 && deadline_before (last, self->heap[(index - 1) / 2]))
    heap_sift_up (self, index);
  else
    heap_sift_down (self, index);
}

/* Keeps the source's ready time at or before the earliest deadline. It is
 * only ever moved earlier here; dispatch () moves it later, so removing a
 * deadline costs no wake-up of the context. Called with the mutex held. */
static void
set_ready_time_locked (ToroDispatcher *self,
                       gint64          ready_time)
{
  if (ready_time != -1)
    ready_time = CLAMP (ready_time, 0, MAX_READY_TIME);

  if (self->ready_time == ready_time)
    return;

  self->ready_time = ready_time;
  g_source_set_ready_time ((GSource *) self, ready_time);
}

void
toro_dispatcher_add_deadline (ToroDispatcher *self,
                              ToroWaiter     *waiter)
{
  g_assert (waiter->deadline != -1);
  g_assert (waiter->heap_index == TORO_WAITER_NOT_IN_HEAP);

  toro_mutex_lock (&self->mutex);

  if (self->heap_length == self->heap_capacity)
    {
      self->heap_capacity = MAX (16, self->heap_capacity * 2);
      self->heap = g_renew (ToroWaiter *, self->heap, self->heap_capacity);
    }

  waiter->deadline_seq = self->next_seq++;
  heap_set (self, self->heap_length++, waiter);
  heap_sift_up (self, waiter->heap_index);

  if (self->ready_time == -1 || waiter->deadline < self->ready_time)
    set_ready_time_locked (self, waiter->deadline);

  toro_mutex_unlock (&self->mutex);
}

/* Queues a waiter whose outcome is decided for delivery in this
 * dispatcher's context, and drops its deadline. Called with no lock held;
 * takes over the engine's reference on the waiter. */
void
toro_dispatcher_push (ToroDispatcher *self,
                      ToroWaiter     *waiter)
{
  GMainContext *context = NULL;

  toro_mutex_lock (&self->mutex);

  if (waiter->heap_index != TORO_WAITER_NOT_IN_HEAP)
    heap_remove (self, waiter);

  waiter->next = NULL;
  if (self->ready_head == NULL)
    {
      g_atomic_pointer_set (&self->ready_head, waiter);

      /* A thread inside our dispatch () will look at the list again before
       * it sleeps; otherwise the context may be asleep in poll (). Once we
       * unlock, the waiter may be delivered and release the context, so
       * hold it meanwhile. */
      if (self->dispatching == NULL)
        context = g_main_context_ref (self->context);
    }
  else
    self->ready_tail->next = waiter;
  self->ready_tail = waiter;

  toro_mutex_unlock (&self->mutex);

  /* A thread running the context calls prepare () before it polls again;
   * only a context asleep in another thread's poll () needs waking. */
  if (context != NULL)
    {
      if (!g_main_context_is_owner (context))
        g_main_context_wakeup (context);
      g_main_context_unref (context);
    }
}

static gboolean
has_deliveries (ToroDispatcher *self)
{
  return self->delivering != NULL || g_atomic_pointer_get (&self->ready_head) != NULL;
}

static gboolean
dispatcher_prepare (GSource *source,
                    gint    *timeout)
{
  *timeout = -1;
  return has_deliveries ((ToroDispatcher *) source);
}

static gboolean
dispatcher_check (GSource *source)
{
  return has_deliveries ((ToroDispatcher *) source);
}

static void
expire_deadlines (ToroDispatcher *self,
                  gint64          now)
{
  for (;;)
    {
      ToroWaiter *waiter;

      toro_mutex_lock (&self->mutex);

      if (self->heap_length == 0 || self->heap[0]->deadline > now)
        {
          /* Possibly later than before, if earlier deadlines left. */
          set_ready_time_locked (self, self->heap_length == 0 ? -1 : self->heap[0]->deadline);
          toro_mutex_unlock (&self->mutex);
          break;
        }

      /* Out of the heap, the waiter is still alive: it is delivered only
       * from this context's dispatch, which is us. */
      waiter = self->heap[0];
      heap_remove (self, waiter);

      toro_mutex_unlock (&self->mutex);

      toro_waiter_expire (waiter);
    }
}

static gboolean
dispatcher_dispatch (GSource     *source,
                     GSourceFunc  callback,
                     gpointer     user_data)
{
  ToroDispatcher *self = (ToroDispatcher *) source;
  GThread *outer_dispatching;
  guint budget = DELIVERY_BUDGET;

  toro_mutex_lock (&self->mutex);
  outer_dispatching = self->dispatching;
  self->dispatching = g_thread_self ();
  toro_mutex_unlock (&self->mutex);

  expire_deadlines (self, g_source_get_time (source));

  while (budget-- > 0)
    {
      ToroWaiter *waiter = self->delivering;

      if (waiter == NULL)
        {
          toro_mutex_lock (&self->mutex);
          waiter = self->ready_head;
          g_atomic_pointer_set (&self->ready_head, NULL);
          self->ready_tail = NULL;
          toro_mutex_unlock (&self->mutex);

          if (waiter == NULL)
            break;
        }

      /* Take the waiter off the list before its callback runs: a nested
       * main loop inside the callback carries on from the next one. */
      self->delivering = waiter->next;
      waiter->next = NULL;

      toro_waiter_deliver (waiter);
    }

  /* Pushes from now on wake the context; pushes until now are seen by the
   * prepare () that comes before any poll (). */
  toro_mutex_lock (&self->mutex);
  self->dispatching = outer_dispatching;
  toro_mutex_unlock (&self->mutex);

  return G_SOURCE_CONTINUE;
}

static void
dispatcher_finalize (GSource *source)
{
  ToroDispatcher *self = (ToroDispatcher *) source;

  g_mutex_lock (&dispatchers_lock);
  if (dispatchers != NULL && g_hash_table_lookup (dispatchers, self->context) == self)
    g_hash_table_remove (dispatchers, self->context);
  /* Before the context's memory can be reused for another context. */
  g_atomic_int_inc (&dispatcher_generation);
  g_mutex_unlock (&dispatchers_lock);

  /* Every waiter holds a reference on the context, so a dispatcher only
   * dies once nothing is pending in it. */
  g_assert (self->ready_head == NULL && self->delivering == NULL);
  g_assert (self->heap_length == 0);

  g_free (self->heap);
  toro_mutex_clear (&self->mutex);
}

static GSourceFuncs dispatcher_funcs = {
  dispatcher_prepare,
  dispatcher_check,
  dispatcher_dispatch,
  dispatcher_finalize,
  NULL,
  NULL,
};

static ToroDispatcher *
dispatcher_lookup (GMainContext *context)
{
  ToroDispatcher *self;

  g_mutex_lock (&dispatchers_lock);

  if (dispatchers == NULL)
    dispatchers = g_hash_table_new (NULL, NULL);

  self = g_hash_table_lookup (dispatchers, context);

  /* A destroyed source belongs to a dead context whose address was reused. */
  if (self == NULL || g_source_is_destroyed ((GSource *) self))
    {
      GSource *source = g_source_new (&dispatcher_funcs, sizeof (ToroDispatcher));

      self = (ToroDispatcher *) source;
      self->context = context;
      toro_mutex_init (&self->mutex);
      self->ready_time = -1;

      g_source_set_static_name (source, "[toro-glib] completions and deadlines");
      g_source_set_can_recurse (source, TRUE);
      g_source_attach (source, context);
      g_source_unref (source);   /* the context keeps it */

      g_hash_table_insert (dispatchers, context, self);
    }

  g_mutex_unlock (&dispatchers_lock);

  return self;
}

/* Returns the dispatcher of the caller's thread-default main context,
 * counting one more waiter that may be delivered there: until as many
 * toro_dispatcher_release () calls, the context is kept alive.
 *
 * The caller's context is alive: the default one always is, and
 * g_main_context_push_thread_default () holds a reference on the others. So
 * the first hold can take its reference even if the last waiter of an
 * earlier round is dropping the dispatcher's previous one in another
 * thread at the same moment. */
ToroDispatcher *
toro_dispatcher_hold_thread_default (ToroThreadState *state)
{
  GMainContext *context = g_main_context_get_thread_default ();
  guint generation = (guint) g_atomic_int_get (&dispatcher_generation);
  ToroDispatcher *self;

  if (context == NULL)
    context = g_main_context_default ();

  if (G_LIKELY (state->context == context && state->generation == generation))
    {
      self = state->dispatcher;
    }
  else
    {
      self = dispatcher_lookup (context);
      state->context = context;
      state->generation = generation;
      state->dispatcher = self;
    }

  if (g_atomic_int_add (&self->pending, 1) == 0)
    g_main_context_ref (self->context);

  return self;
}

void
toro_dispatcher_release (ToroDispatcher *self)
{
  /* May be the last reference: the context and this dispatcher may go. */
  if (g_atomic_int_add (&self->pending, -1) == 1)
    g_main_context_unref (self->context);
}

guint
toro_dispatcher_debug_n_deadlines (void)
{
  ToroDispatcher *self = toro_dispatcher_hold_thread_default (toro_thread_state_get ());
  guint n;

  toro_mutex_lock (&self->mutex);
  n = self->heap_length;
  toro_mutex_unlock (&self->mutex);

  toro_dispatcher_release (self);

  return n;
}
