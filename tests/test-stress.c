/* test-stress.c: four threads, four main contexts, one of each primitive
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "toro-test-util.h"

#if defined(__has_include)
# if __has_include(<valgrind/valgrind.h>)
#  include <valgrind/valgrind.h>
#  define HAVE_VALGRIND_H 1
# endif
#endif

/* N_WORKERS threads, each running its own GMainContext, share one of each
 * primitive and issue random operations on them: waits with random
 * deadlines (past, due, near, far, none) and cancellables (none, already
 * cancelled, or from a pool that every thread cancels at random, so that
 * cancels race grants made by other threads), and non-blocking calls,
 * releases, notifies, sets and puts. Holds are released from the callback,
 * a little later, or from another main-loop iteration.
 *
 * Checked while running: a Lock or an RWLock writer is never held twice
 * at once (nor a writer with readers, nor more readers than max-readers);
 * a Semaphore never has more holders than permits; no queue item is got
 * twice; every callback runs once, in the thread and context that started
 * the wait, never inside a toro_*() call of that thread.
 * Checked at the end: every wait completed exactly once; every item put is
 * got exactly once and no refused item ever is; every pointer item is
 * freed exactly once; every context's timer is empty; every primitive is
 * finalized when the last reference goes. */

#define N_WORKERS 4
#define MAX_PENDING 8
#define MAX_UNBOUNDED 3        /* waits that end only by grant or shutdown */
#define DEFAULT_OPS 50000      /* per worker */

typedef enum
{
  Q_FIFO,
  Q_LIFO,
  Q_PRIORITY,
  Q_JOINABLE,
  N_QUEUES,
} QueueIndex;

typedef enum
{
  OP_LOCK,
  OP_READ,
  OP_WRITE,
  OP_SEM_ACQUIRE,
  OP_SEM_WAIT,
  OP_BSEM_ACQUIRE,
  OP_COND_WAIT,
  OP_EVENT_WAIT,
  OP_AR_GET,
  OP_PUT,
  OP_GET,
  OP_JOIN,
} OpKind;

typedef enum
{
  HOLD_LOCK,
  HOLD_READ,
  HOLD_WRITE,
  HOLD_SEM,
  HOLD_BSEM,
  HOLD_TASK,      /* a joinable item got, not yet task_done () */
} HoldKind;

#define POOL_SIZE 16
#define SEM_PERMITS 2
#define BSEM_PERMITS 3
#define RW_MAX_READERS 3

typedef struct _Shared Shared;
typedef struct _Worker Worker;

struct _Shared
{
  ToroLock          *lock;
  ToroRWLock        *rw_lock;
  ToroSemaphore     *sem;
  ToroSemaphore     *bsem;
  ToroCondition     *cond;
  ToroEvent         *event;
  ToroAsyncResult   *result;
  ToroQueue         *queues[N_QUEUES];

  /* The invariants, counted by the holders themselves. */
  gint               lock_holders;
  gint               writers;
  gint               readers;
  gint               sem_holders;
  gint               bsem_holders;
  gint               max_readers_seen;
  gint               result_sets;

  /* Items: id = worker * ops_per_worker + n. */
  guint              ops_per_worker;
  gint              *put_state;          /* 0: not yet known, 1: accepted, 2: refused */
  gint              *got;
  gint               pointer_items_live;

  /* Cancellables any thread may cancel, and the one that ends the run. */
  GMutex             pool_lock;
  GCancellable      *pool[POOL_SIZE];
  GCancellable      *shutdown;
  gint               issuing;            /* workers still issuing operations */

  gint               cross_thread_cancels;
  gint               n_granted;
  gint               n_timed_out;
  gint               n_cancelled;
};

typedef struct
{
  Worker   *worker;
  guint     kind;        /* OpKind */
  guint     queue;       /* QueueIndex */
  guint     item;        /* put: the item's id */
  guint     done;
  gboolean  unbounded;
  gboolean  release_in_callback;
} Op;

typedef struct
{
  guint  kind;           /* HoldKind */
} Hold;

struct _Worker
{
  Shared       *shared;
  guint         index;
  GThread      *thread;       /* set by the worker itself */
  GMainContext *context;
  guint64       rng;
  guint         issued;
  guint         completed;
  guint         pending;
  guint         unbounded;
  guint         next_item;
  guint         progress;     /* issued + completed when the failsafe last looked */
  gboolean      in_call;      /* inside a toro_*() call made by this thread */
  GPtrArray    *ops;          /* Op *, for the final check */
  GArray       *holds;        /* Hold */
};

static guint opt_ops = DEFAULT_OPS;

static guint32
worker_rand (Worker  *w,
             guint32  n)
{
  guint64 z = (w->rng += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  z ^= z >> 31;
  return (guint32) (((z >> 32) * n) >> 32);
}

/* Pointer items: freed exactly once, by whoever owns them last. */

typedef struct
{
  guint32  magic;
  guint    id;
  Shared  *shared;
} PtrItem;

#define PTR_MAGIC 0x73747273u

static PtrItem *
ptr_item_new (Shared *s,
              guint   id)
{
  PtrItem *p = g_new (PtrItem, 1);

  p->magic = PTR_MAGIC;
  p->id = id;
  p->shared = s;
  g_atomic_int_inc (&s->pointer_items_live);
  return p;
}

static void
ptr_item_free (gpointer data)
{
  PtrItem *p = data;

  g_assert_cmphex (p->magic, ==, PTR_MAGIC);
  p->magic = 0;
  g_atomic_int_add (&p->shared->pointer_items_live, -1);
  g_free (p);
}

/* An item reached a getter: the first and only time. */
static void
item_got (Shared *s,
          guint   id)
{
  g_assert_cmpuint (id, <, N_WORKERS * s->ops_per_worker);
  g_assert_cmpint (g_atomic_int_add (&s->got[id], 1), ==, 0);
}

static guint
value_item_id (Shared *s,
               GValue *value)
{
  guint id;

  if (G_VALUE_HOLDS_POINTER (value))
    {
      PtrItem *p = g_value_get_pointer (value);

      id = p->id;
      ptr_item_free (p);
    }
  else
    {
      g_assert_true (G_VALUE_HOLDS_UINT (value));
      id = g_value_get_uint (value);
    }
  g_boxed_free (G_TYPE_VALUE, value);
  return id;
}

/* Holds: what a worker owns and must give back */

static void
hold_begin (Worker   *w,
            HoldKind  kind)
{
  Shared *s = w->shared;
  gint before;

  switch (kind)
    {
    case HOLD_LOCK:
      g_assert_cmpint (g_atomic_int_add (&s->lock_holders, 1), ==, 0);
      break;
    case HOLD_WRITE:
      g_assert_cmpint (g_atomic_int_add (&s->writers, 1), ==, 0);
      g_assert_cmpint (g_atomic_int_get (&s->readers), ==, 0);
      break;
    case HOLD_READ:
      before = g_atomic_int_add (&s->readers, 1);
      g_assert_cmpint (before, <, RW_MAX_READERS);
      g_assert_cmpint (g_atomic_int_get (&s->writers), ==, 0);
      if (before + 1 > g_atomic_int_get (&s->max_readers_seen))
        g_atomic_int_set (&s->max_readers_seen, before + 1);
      break;
    case HOLD_SEM:
      g_assert_cmpint (g_atomic_int_add (&s->sem_holders, 1), <, SEM_PERMITS);
      break;
    case HOLD_BSEM:
      g_assert_cmpint (g_atomic_int_add (&s->bsem_holders, 1), <, BSEM_PERMITS);
      break;
    case HOLD_TASK:
    default:
      break;
    }
}

/* Gives a hold back: our count first, then the primitive, so that the next
 * holder never sees us still counted. */
static void
hold_end (Worker   *w,
          HoldKind  kind)
{
  Shared *s = w->shared;

  w->in_call = TRUE;
  switch (kind)
    {
    case HOLD_LOCK:
      g_assert_cmpint (g_atomic_int_add (&s->lock_holders, -1), ==, 1);
      toro_lock_release (s->lock);
      break;
    case HOLD_WRITE:
      g_assert_cmpint (g_atomic_int_add (&s->writers, -1), ==, 1);
      toro_rw_lock_release_write (s->rw_lock);
      break;
    case HOLD_READ:
      g_assert_cmpint (g_atomic_int_add (&s->readers, -1), >, 0);
      toro_rw_lock_release_read (s->rw_lock);
      break;
    case HOLD_SEM:
      g_assert_cmpint (g_atomic_int_add (&s->sem_holders, -1), >, 0);
      toro_semaphore_release (s->sem);
      break;
    case HOLD_BSEM:
      g_assert_cmpint (g_atomic_int_add (&s->bsem_holders, -1), >, 0);
      toro_semaphore_release (s->bsem);
      break;
    case HOLD_TASK:
      toro_joinable_queue_task_done (TORO_JOINABLE_QUEUE (s->queues[Q_JOINABLE]));
      break;
    default:
      g_assert_not_reached ();
    }
  w->in_call = FALSE;
}

static void
hold_add (Worker   *w,
          HoldKind  kind,
          gboolean  release_now)
{
  Hold hold = { kind };

  hold_begin (w, kind);
  if (release_now)
    hold_end (w, kind);
  else
    g_array_append_val (w->holds, hold);
}

static void
release_holds (Worker   *w,
               gboolean  all)
{
  for (guint i = 0; i < w->holds->len;)
    {
      Hold hold = g_array_index (w->holds, Hold, i);

      if (all || worker_rand (w, 3) == 0)
        {
          g_array_remove_index_fast (w->holds, i);
          hold_end (w, hold.kind);
        }
      else
        i++;
    }
}

/* Completions */

static void
op_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Op *op = user_data;
  Worker *w = op->worker;
  Shared *s = w->shared;
  GMainContext *context = g_main_context_get_thread_default ();
  GError *error = NULL;
  GValue *value = NULL;
  gboolean ok = FALSE;

  /* Once, in the waiting thread's own context, from its dispatch. */
  g_assert_cmpuint (op->done, ==, 0);
  op->done++;
  g_assert_true (g_thread_self () == w->thread);
  g_assert_true (context == w->context);
  g_assert_true (g_main_context_is_owner (w->context));
  g_assert_false (w->in_call);

  switch ((OpKind) op->kind)
    {
    case OP_LOCK:
      ok = toro_lock_acquire_finish (TORO_LOCK (source), result, &error);
      if (ok)
        hold_add (w, HOLD_LOCK, op->release_in_callback);
      break;
    case OP_READ:
      ok = toro_rw_lock_acquire_read_finish (TORO_RW_LOCK (source), result, &error);
      if (ok)
        hold_add (w, HOLD_READ, op->release_in_callback);
      break;
    case OP_WRITE:
      ok = toro_rw_lock_acquire_write_finish (TORO_RW_LOCK (source), result, &error);
      if (ok)
        hold_add (w, HOLD_WRITE, op->release_in_callback);
      break;
    case OP_SEM_ACQUIRE:
      ok = toro_semaphore_acquire_finish (TORO_SEMAPHORE (source), result, &error);
      if (ok)
        hold_add (w, HOLD_SEM, op->release_in_callback);
      break;
    case OP_BSEM_ACQUIRE:
      ok = toro_semaphore_acquire_finish (TORO_SEMAPHORE (source), result, &error);
      if (ok)
        hold_add (w, HOLD_BSEM, op->release_in_callback);
      break;
    case OP_SEM_WAIT:
      ok = toro_semaphore_wait_finish (TORO_SEMAPHORE (source), result, &error);
      break;
    case OP_COND_WAIT:
      ok = toro_condition_wait_finish (TORO_CONDITION (source), result, &error);
      break;
    case OP_EVENT_WAIT:
      ok = toro_event_wait_finish (TORO_EVENT (source), result, &error);
      break;
    case OP_AR_GET:
      value = toro_async_result_get_finish (TORO_ASYNC_RESULT (source), result, &error);
      ok = value != NULL;
      if (ok)
        {
          g_assert_cmpint (g_value_get_int (value), ==, 42);
          g_boxed_free (G_TYPE_VALUE, value);
        }
      break;
    case OP_JOIN:
      ok = toro_joinable_queue_join_finish (TORO_JOINABLE_QUEUE (source), result, &error);
      break;
    case OP_PUT:
      ok = toro_queue_put_finish (TORO_QUEUE (source), result, &error);
      g_assert_cmpint (g_atomic_int_get (&s->put_state[op->item]), ==, 0);
      g_atomic_int_set (&s->put_state[op->item], ok ? 1 : 2);
      break;
    case OP_GET:
      value = toro_queue_get_finish (TORO_QUEUE (source), result, &error);
      ok = value != NULL;
      if (ok)
        {
          item_got (s, value_item_id (s, value));
          if (op->queue == Q_JOINABLE)
            hold_add (w, HOLD_TASK, op->release_in_callback);
        }
      break;
    default:
      g_assert_not_reached ();
    }

  if (ok)
    {
      g_assert_no_error (error);
      g_atomic_int_inc (&s->n_granted);
    }
  else if (g_error_matches (error, TORO_ERROR, TORO_ERROR_TIMEOUT))
    g_atomic_int_inc (&s->n_timed_out);
  else
    {
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_atomic_int_inc (&s->n_cancelled);
    }
  g_clear_error (&error);

  w->completed++;
  w->pending--;
  if (op->unbounded)
    w->unbounded--;
}

/* Issuing operations */

/* A deadline and a cancellable such that the wait ends by itself, by the
 * pool, or at the latest at shutdown. Returns whether it is unbounded. */
static gboolean
pick_wait (Worker        *w,
           gint64        *deadline,
           GCancellable **cancellable)
{
  Shared *s = w->shared;
  guint choice = worker_rand (w, 20);
  gint64 now = g_get_monotonic_time ();

  *cancellable = NULL;

  if (choice < 6 && w->unbounded < MAX_UNBOUNDED)
    {
      /* No deadline, or one that never comes in this run. */
      if (choice < 4)
        *deadline = TORO_NO_DEADLINE;
      else if (choice == 4)
        *deadline = G_MAXINT64;
      else
        *deadline = now + 60 * G_USEC_PER_SEC;
      *cancellable = g_object_ref (s->shutdown);
      return TRUE;
    }

  if (choice < 8)
    *deadline = now - worker_rand (w, 1000);               /* past or due */
  else
    *deadline = now + worker_rand (w, 3000);               /* near */

  choice = worker_rand (w, 10);
  if (choice < 4)
    {
      g_mutex_lock (&s->pool_lock);
      *cancellable = g_object_ref (s->pool[worker_rand (w, POOL_SIZE)]);
      g_mutex_unlock (&s->pool_lock);
    }
  return FALSE;
}

static Op *
op_new (Worker *w,
        OpKind  kind)
{
  Op *op = g_new0 (Op, 1);

  op->worker = w;
  op->kind = kind;
  op->release_in_callback = worker_rand (w, 3) == 0;
  g_ptr_array_add (w->ops, op);
  return op;
}

static void
issue_wait (Worker *w,
            OpKind  kind)
{
  Shared *s = w->shared;
  Op *op = op_new (w, kind);
  GCancellable *cancellable;
  gint64 deadline;

  op->unbounded = pick_wait (w, &deadline, &cancellable);
  op->queue = worker_rand (w, N_QUEUES);
  w->pending++;
  w->issued++;
  if (op->unbounded)
    w->unbounded++;

  w->in_call = TRUE;
  switch (kind)
    {
    case OP_LOCK:
      toro_lock_acquire_async (s->lock, deadline, cancellable, op_done, op);
      break;
    case OP_READ:
      toro_rw_lock_acquire_read_async (s->rw_lock, deadline, cancellable, op_done, op);
      break;
    case OP_WRITE:
      toro_rw_lock_acquire_write_async (s->rw_lock, deadline, cancellable, op_done, op);
      break;
    case OP_SEM_ACQUIRE:
      toro_semaphore_acquire_async (s->sem, deadline, cancellable, op_done, op);
      break;
    case OP_SEM_WAIT:
      toro_semaphore_wait_async (s->sem, deadline, cancellable, op_done, op);
      break;
    case OP_BSEM_ACQUIRE:
      toro_semaphore_acquire_async (s->bsem, deadline, cancellable, op_done, op);
      break;
    case OP_COND_WAIT:
      toro_condition_wait_async (s->cond, deadline, cancellable, op_done, op);
      break;
    case OP_EVENT_WAIT:
      toro_event_wait_async (s->event, deadline, cancellable, op_done, op);
      break;
    case OP_AR_GET:
      toro_async_result_get_async (s->result, deadline, cancellable, op_done, op);
      break;
    case OP_JOIN:
      toro_joinable_queue_join_async (TORO_JOINABLE_QUEUE (s->queues[Q_JOINABLE]), deadline,
                                      cancellable, op_done, op);
      break;
    case OP_GET:
      toro_queue_get_async (s->queues[op->queue], deadline, cancellable, op_done, op);
      break;
    case OP_PUT:
      op->item = w->index * s->ops_per_worker + w->next_item++;
      if (worker_rand (w, 3) == 0)
        toro_queue_put_pointer_async (s->queues[op->queue], ptr_item_new (s, op->item),
                                      ptr_item_free, deadline, cancellable, op_done, op);
      else
        {
          GValue value = G_VALUE_INIT;

          g_value_init (&value, G_TYPE_UINT);
          g_value_set_uint (&value, op->item);
          toro_queue_put_async (s->queues[op->queue], &value, deadline, cancellable, op_done, op);
          g_value_unset (&value);
        }
      break;
    default:
      g_assert_not_reached ();
    }
  w->in_call = FALSE;

  g_clear_object (&cancellable);
}

static void
issue_nowait (Worker *w)
{
  Shared *s = w->shared;
  ToroQueue *queue = s->queues[worker_rand (w, N_QUEUES)];
  GError *error = NULL;
  GValue value = G_VALUE_INIT;
  GValue *got;
  guint id;

  w->issued++;
  w->in_call = TRUE;

  switch (worker_rand (w, 14))
    {
    case 0:
      if (toro_lock_try_acquire (s->lock))
        hold_add (w, HOLD_LOCK, FALSE);
      break;
    case 1:
      if (toro_rw_lock_try_acquire_read (s->rw_lock))
        hold_add (w, HOLD_READ, FALSE);
      break;
    case 2:
      if (toro_rw_lock_try_acquire_write (s->rw_lock))
        hold_add (w, HOLD_WRITE, FALSE);
      break;
    case 3:
      if (toro_semaphore_try_acquire (s->sem))
        hold_add (w, HOLD_SEM, FALSE);
      break;
    case 4:
      if (toro_semaphore_try_acquire (s->bsem))
        hold_add (w, HOLD_BSEM, FALSE);
      break;
    case 5:
      toro_condition_notify (s->cond, 1 + worker_rand (w, 2));
      break;
    case 6:
      toro_condition_notify_all (s->cond);
      break;
    case 7:
      toro_event_set (s->event);
      break;
    case 8:
      toro_event_clear (s->event);
      break;
    case 9:
      g_value_init (&value, G_TYPE_INT);
      g_value_set_int (&value, 42);
      if (toro_async_result_set (s->result, &value, &error))
        g_assert_cmpint (g_atomic_int_add (&s->result_sets, 1), ==, 0);
      else
        g_assert_error (error, TORO_ERROR, TORO_ERROR_ALREADY_SET);
      g_clear_error (&error);
      g_value_unset (&value);
      break;
    case 10:
    case 11:
      id = w->index * s->ops_per_worker + w->next_item++;
      if (worker_rand (w, 3) == 0)
        {
          PtrItem *p = ptr_item_new (s, id);

          if (toro_queue_put_pointer_nowait (queue, p, ptr_item_free, &error))
            g_atomic_int_set (&s->put_state[id], 1);
          else
            {
              /* Refused: still ours. */
              g_atomic_int_set (&s->put_state[id], 2);
              ptr_item_free (p);
            }
        }
      else
        {
          g_value_init (&value, G_TYPE_UINT);
          g_value_set_uint (&value, id);
          g_atomic_int_set (&s->put_state[id], toro_queue_put_nowait (queue, &value,
                                                                      &error) ? 1 : 2);
          g_value_unset (&value);
        }
      if (error != NULL)
        g_assert_error (error, TORO_ERROR, TORO_ERROR_FULL);
      g_clear_error (&error);
      break;
    case 12:
    case 13:
    default:
      got = toro_queue_get_nowait (queue, &error);
      if (got != NULL)
        {
          item_got (s, value_item_id (s, got));
          if (queue == s->queues[Q_JOINABLE])
            hold_add (w, HOLD_TASK, worker_rand (w, 2));
        }
      else
        g_assert_error (error, TORO_ERROR, TORO_ERROR_EMPTY);
      g_clear_error (&error);
      break;
    }

  w->in_call = FALSE;
}

/* Cancels one of the pool's cancellables, whichever threads wait on it,
 * and puts a fresh one in its place. */
static void
cancel_from_pool (Worker *w)
{
  Shared *s = w->shared;
  guint slot = worker_rand (w, POOL_SIZE);
  GCancellable *cancellable;

  g_mutex_lock (&s->pool_lock);
  cancellable = s->pool[slot];
  s->pool[slot] = g_cancellable_new ();
  g_mutex_unlock (&s->pool_lock);

  w->in_call = TRUE;
  g_cancellable_cancel (cancellable);
  w->in_call = FALSE;
  g_object_unref (cancellable);
  g_atomic_int_inc (&s->cross_thread_cancels);
}

static void
issue_op (Worker *w)
{
  static const OpKind waits[] = {
    OP_LOCK, OP_READ, OP_WRITE, OP_SEM_ACQUIRE, OP_SEM_WAIT, OP_BSEM_ACQUIRE, OP_COND_WAIT,
    OP_EVENT_WAIT, OP_AR_GET, OP_JOIN, OP_PUT, OP_PUT, OP_PUT, OP_GET, OP_GET, OP_GET,
  };
  guint choice = worker_rand (w, 100);

  if (choice < 55)
    issue_wait (w, waits[worker_rand (w, G_N_ELEMENTS (waits))]);
  else if (choice < 95)
    issue_nowait (w);
  else
    {
      w->issued++;
      cancel_from_pool (w);
    }
}

/* Fails the test if a worker made no progress for a whole period. */
static gboolean
failsafe_cb (gpointer user_data)
{
  Worker *w = user_data;

  if (w->issued + w->completed != w->progress)
    {
      w->progress = w->issued + w->completed;
      return G_SOURCE_CONTINUE;
    }

  g_error ("worker %u: no progress for %d seconds: %u of %u operations issued, %u pending "
           "(%u unbounded), %u holds", w->index, (int) (TORO_TEST_FAILSAFE_USEC / G_USEC_PER_SEC),
           w->issued, w->shared->ops_per_worker, w->pending, w->unbounded, w->holds->len);
  return G_SOURCE_REMOVE;
}

static gpointer
worker_thread (gpointer data)
{
  Worker *w = data;
  Shared *s = w->shared;
  gboolean announced = FALSE;
  GSource *failsafe;

  w->thread = g_thread_self ();
  w->context = g_main_context_new ();
  g_main_context_push_thread_default (w->context);
  failsafe = g_timeout_source_new (TORO_TEST_FAILSAFE_USEC / 1000);
  g_source_set_callback (failsafe, failsafe_cb, w, NULL);
  g_source_attach (failsafe, w->context);

  for (;;)
    {
      release_holds (w, FALSE);

      if (w->issued < s->ops_per_worker && w->pending < MAX_PENDING)
        {
          issue_op (w);
          g_main_context_iteration (w->context, FALSE);
          continue;
        }

      /* Done issuing: the last worker to get here ends every wait that
       * only shutdown would end, racing the others' grants. */
      if (w->issued >= s->ops_per_worker && !announced)
        {
          announced = TRUE;
          if (g_atomic_int_dec_and_test (&s->issuing))
            {
              w->in_call = TRUE;
              g_cancellable_cancel (s->shutdown);
              w->in_call = FALSE;
            }
        }

      if (announced && w->pending == 0)
        break;

      /* Never block while holding something another thread waits for.
       * Something pending ends by itself within milliseconds (at most
       * MAX_UNBOUNDED are unbounded), or at shutdown. */
      release_holds (w, TRUE);
      g_main_context_iteration (w->context, TRUE);
    }

  release_holds (w, TRUE);
  /* Nothing left in this context's timer. */
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 0);

  g_source_destroy (failsafe);
  g_source_unref (failsafe);
  g_main_context_pop_thread_default (w->context);
  g_main_context_unref (w->context);

  return NULL;
}

static void
finalized_cb (gpointer  data,
              GObject  *where_the_object_was)
{
  (*(guint *) data)++;
}

static void
test_stress_all (void)
{
  Shared s = { 0, };
  Worker workers[N_WORKERS];
  GThread *threads[N_WORKERS];
  guint n_objects = 0, n_finalized = 0, n_items = 0, n_accepted = 0, n_refused = 0;
  guint n_issued = 0, n_waits = 0;
  GObject *objects[7 + N_QUEUES];
  ToroJoinableQueue *joinable;
  GError *error = NULL;
  GValue *value;
  guint64 seed = (guint32) g_test_rand_int () | (guint64) (guint32) g_test_rand_int () << 32;

  g_test_summary ("Four threads, each with its own main context, share one of each primitive "
                  "with random deadlines and cancellations: locks are never held twice, "
                  "semaphores never over-grant, every item is got exactly once, every callback "
                  "runs once in its own context, and everything is freed");

  s.lock = toro_lock_new ();
  s.rw_lock = toro_rw_lock_new (RW_MAX_READERS);
  s.sem = toro_semaphore_new (SEM_PERMITS);
  s.bsem = TORO_SEMAPHORE (toro_bounded_semaphore_new (BSEM_PERMITS));
  s.cond = toro_condition_new ();
  s.event = toro_event_new ();
  s.result = toro_async_result_new ();
  s.queues[Q_FIFO] = toro_queue_new (3);
  s.queues[Q_LIFO] = TORO_QUEUE (toro_lifo_queue_new (2));
  s.queues[Q_PRIORITY] = TORO_QUEUE (toro_priority_queue_new (4, NULL, NULL, NULL));
  s.queues[Q_JOINABLE] = TORO_QUEUE (toro_joinable_queue_new (5));
  s.ops_per_worker = opt_ops;
  s.put_state = g_new0 (gint, N_WORKERS * opt_ops);
  s.got = g_new0 (gint, N_WORKERS * opt_ops);
  s.shutdown = g_cancellable_new ();
  s.issuing = N_WORKERS;
  g_mutex_init (&s.pool_lock);
  for (guint i = 0; i < POOL_SIZE; i++)
    s.pool[i] = g_cancellable_new ();

  objects[n_objects++] = G_OBJECT (s.lock);
  objects[n_objects++] = G_OBJECT (s.rw_lock);
  objects[n_objects++] = G_OBJECT (s.sem);
  objects[n_objects++] = G_OBJECT (s.bsem);
  objects[n_objects++] = G_OBJECT (s.cond);
  objects[n_objects++] = G_OBJECT (s.event);
  objects[n_objects++] = G_OBJECT (s.result);
  for (guint q = 0; q < N_QUEUES; q++)
    objects[n_objects++] = G_OBJECT (s.queues[q]);
  for (guint i = 0; i < n_objects; i++)
    g_object_weak_ref (objects[i], finalized_cb, &n_finalized);

  g_test_message ("%u workers x %u operations, seed %" G_GUINT64_FORMAT, N_WORKERS, opt_ops, seed);

  for (guint i = 0; i < N_WORKERS; i++)
    {
      memset (&workers[i], 0, sizeof workers[i]);
      workers[i].shared = &s;
      workers[i].index = i;
      workers[i].rng = seed + i;
      workers[i].ops = g_ptr_array_new_with_free_func (g_free);
      workers[i].holds = g_array_new (FALSE, FALSE, sizeof (Hold));
      threads[i] = g_thread_new ("stress-worker", worker_thread, &workers[i]);
    }
  for (guint i = 0; i < N_WORKERS; i++)
    g_thread_join (threads[i]);

  /* Every wait completed exactly once. */
  for (guint i = 0; i < N_WORKERS; i++)
    {
      Worker *w = &workers[i];

      g_assert_cmpuint (w->pending, ==, 0);
      g_assert_cmpuint (w->issued, ==, opt_ops);
      for (guint j = 0; j < w->ops->len; j++)
        g_assert_cmpuint (((Op *) w->ops->pdata[j])->done, ==, 1);
      g_assert_cmpuint (w->completed, ==, w->ops->len);
      n_issued += w->issued;
      n_waits += w->ops->len;
      g_ptr_array_unref (w->ops);
      g_array_unref (w->holds);
    }

  /* Nobody holds anything; the primitives are free. */
  g_assert_cmpint (s.lock_holders + s.writers + s.readers + s.sem_holders + s.bsem_holders, ==, 0);
  g_assert_false (toro_lock_is_locked (s.lock));
  g_assert_false (toro_rw_lock_is_locked (s.rw_lock));
  g_assert_cmpuint (toro_rw_lock_get_n_readers (s.rw_lock), ==, 0);
  g_assert_cmpuint (toro_semaphore_get_value (s.sem), ==, SEM_PERMITS);
  g_assert_cmpuint (toro_semaphore_get_value (s.bsem), ==, BSEM_PERMITS);
  g_assert_cmpint (s.result_sets, <=, 1);

  /* Whatever is still queued is got now, once. */
  for (guint q = 0; q < N_QUEUES; q++)
    {
      g_assert_cmpuint (toro_queue_debug_n_getters (s.queues[q]), ==, 0);
      g_assert_cmpuint (toro_queue_debug_n_putters (s.queues[q]), ==, 0);
      while ((value = toro_queue_get_nowait (s.queues[q], &error)) != NULL)
        {
          item_got (&s, value_item_id (&s, value));
          if (q == Q_JOINABLE)
            toro_joinable_queue_task_done (TORO_JOINABLE_QUEUE (s.queues[q]));
        }
      g_assert_error (error, TORO_ERROR, TORO_ERROR_EMPTY);
      g_clear_error (&error);
    }
  joinable = TORO_JOINABLE_QUEUE (s.queues[Q_JOINABLE]);
  g_assert_cmpuint (toro_joinable_queue_get_unfinished_tasks (joinable), ==, 0);

  /* Every accepted item got exactly once; no refused item ever. */
  for (guint i = 0; i < N_WORKERS; i++)
    for (guint j = 0; j < workers[i].next_item; j++)
      {
        guint id = i * opt_ops + j;

        g_assert_cmpint (s.put_state[id], !=, 0);
        g_assert_cmpint (s.got[id], ==, s.put_state[id] == 1 ? 1 : 0);
        n_items++;
        if (s.put_state[id] == 1)
          n_accepted++;
        else
          n_refused++;
      }

  g_test_message ("%u operations, %u waits: %d granted, %d timed out, %d cancelled; "
                  "%d pool cancels from any thread; %u items, %u accepted and got once, "
                  "%u refused (never got); at most %d readers at once",
                  n_issued, n_waits, s.n_granted, s.n_timed_out, s.n_cancelled,
                  s.cross_thread_cancels, n_items, n_accepted, n_refused, s.max_readers_seen);
  if (opt_ops >= 2000)
    {
      /* The run exercised what it should. */
      g_assert_cmpint (s.n_granted, >, 0);
      g_assert_cmpint (s.n_timed_out, >, 0);
      g_assert_cmpint (s.n_cancelled, >, 0);
      g_assert_cmpuint (n_accepted, >, 0);
      g_assert_cmpuint (n_refused, >, 0);
    }

  /* The last references go: everything is finalized, every item freed. */
  g_object_unref (s.lock);
  g_object_unref (s.rw_lock);
  g_object_unref (s.sem);
  g_object_unref (s.bsem);
  g_object_unref (s.cond);
  g_object_unref (s.event);
  g_object_unref (s.result);
  for (guint q = 0; q < N_QUEUES; q++)
    g_object_unref (s.queues[q]);
  g_assert_cmpuint (n_finalized, ==, n_objects);
  g_assert_cmpint (s.pointer_items_live, ==, 0);

  for (guint i = 0; i < POOL_SIZE; i++)
    g_object_unref (s.pool[i]);
  g_object_unref (s.shutdown);
  g_mutex_clear (&s.pool_lock);
  g_free (s.put_state);
  g_free (s.got);
}

/* The first errors ever made, in several threads at once. */

typedef struct
{
  ToroLock *lock;
  GMutex    mutex;
  GCond     cond;
  guint     arrived;
} FirstUse;

static gpointer
first_use_thread (gpointer data)
{
  FirstUse *f = data;
  GMainContext *context = g_main_context_new ();
  ToroTestRec rec;

  g_main_context_push_thread_default (context);
  toro_test_rec_init (&rec, "first", NULL);

  /* Start together. */
  g_mutex_lock (&f->mutex);
  if (++f->arrived == N_WORKERS)
    g_cond_broadcast (&f->cond);
  while (f->arrived < N_WORKERS)
    g_cond_wait (&f->cond, &f->mutex);
  g_mutex_unlock (&f->mutex);

  /* Held by the main thread: a past deadline times out at once. */
  toro_lock_acquire_async (f->lock, G_MININT64, NULL, toro_test_rec_cb, &rec);
  toro_test_wait (&rec);
  toro_test_assert_timeout (&rec);

  toro_test_rec_clear (&rec);
  g_main_context_pop_thread_default (context);
  g_main_context_unref (context);
  return NULL;
}

static void
test_stress_first_use (void)
{
  FirstUse f = { toro_lock_new (), };
  GThread *threads[N_WORKERS];

  g_test_summary ("Several threads make the process's first TORO_ERROR at once: each gets its "
                  "TIMEOUT (under ThreadSanitizer, the error domain's lazy quark must not race)");

  g_mutex_init (&f.mutex);
  g_cond_init (&f.cond);
  g_assert_true (toro_lock_try_acquire (f.lock));
  for (guint i = 0; i < N_WORKERS; i++)
    threads[i] = g_thread_new ("first-use", first_use_thread, &f);
  for (guint i = 0; i < N_WORKERS; i++)
    g_thread_join (threads[i]);
  toro_lock_release (f.lock);
  g_object_unref (f.lock);
  g_mutex_clear (&f.mutex);
  g_cond_clear (&f.cond);
}

int
main (int    argc,
      char **argv)
{
  const char *ops = g_getenv ("TORO_STRESS_OPS");

  toro_test_init (&argc, &argv);

  if (ops != NULL)
    opt_ops = (guint) g_ascii_strtoull (ops, NULL, 10);
  else if (!g_test_quick ())
    opt_ops = DEFAULT_OPS * 10;     /* -m slow, as the "slow" suite runs it */
#ifdef HAVE_VALGRIND_H
  /* memcheck serializes the threads and is some 50 times slower. */
  else if (RUNNING_ON_VALGRIND)
    opt_ops = DEFAULT_OPS / 10;
#endif

  /* First: nothing in this process may have made a TORO_ERROR before. */
  g_test_add_func ("/stress/first-use", test_stress_first_use);
  g_test_add_func ("/stress/all", test_stress_all);

  return g_test_run ();
}
