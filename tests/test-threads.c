/* test-threads.c: the primitives used from several threads at once
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "toro-test-util.h"

/* Each thread runs its own GMainContext, pushed as its thread-default, so
 * that its waiters are completed there; the threads meet only through
 * GMutex/GCond steps, atomics and g_thread_join (), never by sleeping. */

typedef struct
{
  GMainContext *context;
  GMainLoop    *loop;
  GSource      *failsafe;
  GThread      *thread;
} ThreadLoop;

static void
thread_loop_begin (ThreadLoop *tl)
{
  tl->context = g_main_context_new ();
  g_main_context_push_thread_default (tl->context);
  tl->loop = g_main_loop_new (tl->context, FALSE);
  tl->thread = g_thread_self ();

  /* A hang fails the test instead of blocking it forever. */
  tl->failsafe = g_timeout_source_new (TORO_TEST_FAILSAFE_USEC / 1000);
  g_source_set_callback (tl->failsafe, toro_test_failsafe_cb, NULL, NULL);
  g_source_attach (tl->failsafe, tl->context);
}

static void
thread_loop_end (ThreadLoop *tl)
{
  g_source_destroy (tl->failsafe);
  g_clear_pointer (&tl->failsafe, g_source_unref);
  g_clear_pointer (&tl->loop, g_main_loop_unref);
  g_main_context_pop_thread_default (tl->context);
  g_clear_pointer (&tl->context, g_main_context_unref);
}

/* Asserts that we run in @tl's thread, from a dispatch of its context. */
static void
assert_in_loop (ThreadLoop *tl)
{
  GMainContext *context = g_main_context_ref_thread_default ();

  g_assert_true (context == tl->context);
  g_main_context_unref (context);
  g_assert_true (g_thread_self () == tl->thread);
  g_assert_true (g_main_context_is_owner (tl->context));
}

/* Asserts that @rec completed once, in @tl's thread and context. */
static void
assert_rec_in_loop (ToroTestRec *rec,
                    ThreadLoop  *tl)
{
  g_assert_cmpuint (rec->done, ==, 1);
  g_assert_true (rec->context == tl->context);
  g_assert_true (rec->thread == tl->thread);
}

/* A counter that threads advance and wait on. */
typedef struct
{
  GMutex mutex;
  GCond  cond;
  guint  value;
} Steps;

static void
steps_init (Steps *steps)
{
  g_mutex_init (&steps->mutex);
  g_cond_init (&steps->cond);
  steps->value = 0;
}

static void
steps_clear (Steps *steps)
{
  g_mutex_clear (&steps->mutex);
  g_cond_clear (&steps->cond);
}

static void
steps_add (Steps *steps,
           guint  n)
{
  g_mutex_lock (&steps->mutex);
  steps->value += n;
  g_cond_broadcast (&steps->cond);
  g_mutex_unlock (&steps->mutex);
}

/* Blocks until the counter reaches @value; a hang fails the test. */
static void
steps_wait (Steps *steps,
            guint  value)
{
  gint64 failsafe = g_get_monotonic_time () + TORO_TEST_FAILSAFE_USEC;

  g_mutex_lock (&steps->mutex);
  while (steps->value < value)
    if (!g_cond_wait_until (&steps->cond, &steps->mutex, failsafe))
      g_error ("A thread waited more than %d seconds for step %u (at %u)",
               (int) (TORO_TEST_FAILSAFE_USEC / G_USEC_PER_SEC), value, steps->value);
  g_mutex_unlock (&steps->mutex);
}

/* Busy work: holds a lock a little longer, or shifts the two sides of a
 * race against each other. */
static void
spin (guint n)
{
  static gint sink;

  for (guint i = 0; i < n; i++)
    g_atomic_int_inc (&sink);
}

/* Queue: a producer and a consumer, each in its own thread and context */

#define N_ITEMS 10000

typedef struct
{
  ToroQueue  *queue;
  ThreadLoop  tl;
  int         next;       /* producer: the next item to put; consumer: the next expected */
  gboolean    in_call;    /* inside toro_queue_*_async () */
  guint       n_waited;   /* operations that could not complete at once */
} QueueSide;

static void producer_put_next (QueueSide *p);
static void consumer_get_next (QueueSide *c);

static void
producer_put_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  QueueSide *p = user_data;
  GError *error = NULL;

  g_assert_false (p->in_call);
  g_assert_true (toro_queue_put_finish (TORO_QUEUE (source), result, &error));
  g_assert_no_error (error);
  assert_in_loop (&p->tl);

  if (++p->next == N_ITEMS)
    g_main_loop_quit (p->tl.loop);
  else
    producer_put_next (p);
}

static void
producer_put_next (QueueSide *p)
{
  GValue value = G_VALUE_INIT;

  p->in_call = TRUE;
  toro_queue_put_async (p->queue, toro_test_int_value (&value, p->next), TORO_NO_DEADLINE, NULL,
                        producer_put_cb, p);
  p->in_call = FALSE;
  g_value_unset (&value);

  if (toro_queue_debug_n_putters (p->queue) > 0)
    p->n_waited++;
}

static void
consumer_get_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  QueueSide *c = user_data;
  GError *error = NULL;
  GValue *value;

  g_assert_false (c->in_call);
  value = toro_queue_get_finish (TORO_QUEUE (source), result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (value);
  assert_in_loop (&c->tl);

  /* Every item, once, in order. */
  g_assert_true (G_VALUE_HOLDS_INT (value));
  g_assert_cmpint (g_value_get_int (value), ==, c->next);
  g_boxed_free (G_TYPE_VALUE, value);

  if (++c->next == N_ITEMS)
    g_main_loop_quit (c->tl.loop);
  else
    consumer_get_next (c);
}

static void
consumer_get_next (QueueSide *c)
{
  c->in_call = TRUE;
  toro_queue_get_async (c->queue, TORO_NO_DEADLINE, NULL, consumer_get_cb, c);
  c->in_call = FALSE;

  if (toro_queue_debug_n_getters (c->queue) > 0)
    c->n_waited++;
}

static gpointer
producer_thread (gpointer data)
{
  QueueSide *p = data;

  thread_loop_begin (&p->tl);
  producer_put_next (p);
  g_main_loop_run (p->tl.loop);
  thread_loop_end (&p->tl);

  return NULL;
}

static gpointer
consumer_thread (gpointer data)
{
  QueueSide *c = data;

  thread_loop_begin (&c->tl);
  consumer_get_next (c);
  g_main_loop_run (c->tl.loop);
  thread_loop_end (&c->tl);

  return NULL;
}

static void
test_threads_queue_producer_consumer (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (4);
  QueueSide producer = { queue, }, consumer = { queue, };
  GThread *threads[2];

  g_test_summary ("A producer thread feeds a consumer thread through a small queue: "
                  "every item once, in order, each callback in its own thread's context");

  threads[0] = g_thread_new ("producer", producer_thread, &producer);
  threads[1] = g_thread_new ("consumer", consumer_thread, &consumer);
  g_thread_join (threads[0]);
  g_thread_join (threads[1]);

  g_assert_cmpint (producer.next, ==, N_ITEMS);
  g_assert_cmpint (consumer.next, ==, N_ITEMS);
  g_assert_cmpuint (toro_queue_qsize (queue), ==, 0);
  g_assert_cmpuint (toro_queue_debug_n_getters (queue), ==, 0);
  g_assert_cmpuint (toro_queue_debug_n_putters (queue), ==, 0);
  g_test_message ("producer waited %u times, consumer %u times",
                  producer.n_waited, consumer.n_waited);
}

/* Semaphore: BEHAVIOURS case 97 */

typedef struct
{
  ToroSemaphore *sem;
  Steps          steps;   /* 1: A holds; 2: B is queued; 3: A tried to barge */
} SemaphoreHandOff;

static gpointer
hand_off_holder_thread (gpointer data)
{
  SemaphoreHandOff *h = data;
  ThreadLoop tl;
  ToroTestRec a;

  thread_loop_begin (&tl);
  toro_test_rec_init (&a, "a", NULL);

  toro_semaphore_acquire_async (h->sem, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &a);
  g_assert_cmpuint (a.done, ==, 0);
  toro_test_wait (&a);
  toro_test_assert_ok (&a);
  assert_rec_in_loop (&a, &tl);
  steps_add (&h->steps, 1);

  steps_wait (&h->steps, 2);
  toro_semaphore_release (h->sem);

  /* The permit went to B's queued acquire, however often we try. */
  for (guint i = 0; i < 1000; i++)
    g_assert_false (toro_semaphore_try_acquire (h->sem));
  g_assert_cmpuint (toro_semaphore_get_value (h->sem), ==, 0);
  g_assert_true (toro_semaphore_is_locked (h->sem));
  steps_add (&h->steps, 1);

  toro_test_rec_clear (&a);
  thread_loop_end (&tl);

  return NULL;
}

static gpointer
hand_off_waiter_thread (gpointer data)
{
  SemaphoreHandOff *h = data;
  ThreadLoop tl;
  ToroTestRec b;

  steps_wait (&h->steps, 1);
  thread_loop_begin (&tl);
  toro_test_rec_init (&b, "b", NULL);

  toro_semaphore_acquire_async (h->sem, toro_test_ms (20000), NULL, toro_test_rec_cb, &b);
  g_assert_cmpuint (b.done, ==, 0);
  g_assert_cmpuint (toro_semaphore_debug_n_acquirers (h->sem), ==, 1);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 1);
  steps_add (&h->steps, 1);

  toro_test_wait (&b);
  toro_test_assert_ok (&b);
  assert_rec_in_loop (&b, &tl);
  /* The deadline left B's timer with the grant. */
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 0);
  g_assert_cmpuint (toro_semaphore_debug_n_acquirers (h->sem), ==, 0);

  /* Hold it until A has failed to take it. */
  steps_wait (&h->steps, 3);
  toro_semaphore_release (h->sem);

  toro_test_rec_clear (&b);
  thread_loop_end (&tl);

  return NULL;
}

static void
test_threads_semaphore_hand_off (void)
{
  g_autoptr(ToroSemaphore) sem = toro_semaphore_new (1);
  SemaphoreHandOff h = { sem, };
  GThread *a, *b;

  g_test_summary ("Thread A holds a semaphore, thread B waits with a deadline: A's release "
                  "hands the permit to B, in B's context, and A cannot take it back "
                  "(BEHAVIOURS 97)");

  steps_init (&h.steps);
  a = g_thread_new ("holder", hand_off_holder_thread, &h);
  b = g_thread_new ("waiter", hand_off_waiter_thread, &h);
  g_thread_join (a);
  g_thread_join (b);
  steps_clear (&h.steps);

  g_assert_cmpuint (toro_semaphore_get_value (sem), ==, 1);
  g_assert_false (toro_semaphore_is_locked (sem));
  g_assert_cmpuint (toro_semaphore_debug_n_acquirers (sem), ==, 0);
}

typedef struct
{
  ToroSemaphore *sem;
} SemaphoreTimeout;

static gpointer
timeout_waiter_thread (gpointer data)
{
  SemaphoreTimeout *t = data;
  ThreadLoop tl;
  ToroTestRec b;
  gint64 start = g_get_monotonic_time ();

  thread_loop_begin (&tl);
  toro_test_rec_init (&b, "b", NULL);

  toro_semaphore_acquire_async (t->sem, toro_test_ms (20), NULL, toro_test_rec_cb, &b);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 1);
  toro_test_wait (&b);
  toro_test_assert_timeout (&b);
  assert_rec_in_loop (&b, &tl);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 20 * 1000);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 0);
  g_assert_cmpuint (toro_semaphore_debug_n_acquirers (t->sem), ==, 0);

  toro_test_rec_clear (&b);
  thread_loop_end (&tl);

  return NULL;
}

static void
test_threads_semaphore_timeout (void)
{
  g_autoptr(ToroSemaphore) sem = toro_semaphore_new (1);
  SemaphoreTimeout t = { sem, };
  GThread *thread;

  g_test_summary ("A waiter in another thread times out by its own context's timer and takes nothing");

  g_assert_true (toro_semaphore_try_acquire (sem));
  thread = g_thread_new ("waiter", timeout_waiter_thread, &t);
  g_thread_join (thread);

  g_assert_cmpuint (toro_semaphore_get_value (sem), ==, 0);
  toro_semaphore_release (sem);
  g_assert_cmpuint (toro_semaphore_get_value (sem), ==, 1);
  g_assert_true (toro_semaphore_try_acquire (sem));
  toro_semaphore_release (sem);
}

#define N_STARVATION_ROUNDS 200

typedef struct
{
  ToroSemaphore *sem;
  gint           stop;
  gint           successes;   /* the spinner's try_acquires that worked */
  gint           failures;
  ThreadLoop     tl;          /* the waiter's */
  guint          rounds;
  guint          queued;      /* rounds in which the waiter was seen queued */
} Starvation;

static void starvation_acquire_next (Starvation *s);

static void
starvation_acquired_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  Starvation *s = user_data;
  GError *error = NULL;
  gint successes, failures;

  g_assert_true (toro_semaphore_acquire_finish (TORO_SEMAPHORE (source), result, &error));
  g_assert_no_error (error);
  assert_in_loop (&s->tl);

  /* We hold the only permit: the spinner keeps failing meanwhile. */
  successes = g_atomic_int_get (&s->successes);
  failures = g_atomic_int_get (&s->failures);
  while (g_atomic_int_get (&s->failures) < failures + 10)
    g_thread_yield ();
  g_assert_cmpint (g_atomic_int_get (&s->successes), ==, successes);

  toro_semaphore_release (s->sem);

  if (++s->rounds == N_STARVATION_ROUNDS)
    g_main_loop_quit (s->tl.loop);
  else
    starvation_acquire_next (s);
}

static void
starvation_acquire_next (Starvation *s)
{
  toro_semaphore_acquire_async (s->sem, TORO_NO_DEADLINE, NULL, starvation_acquired_cb, s);
  if (toro_semaphore_debug_n_acquirers (s->sem) > 0)
    s->queued++;
}

static gpointer
starvation_waiter_thread (gpointer data)
{
  Starvation *s = data;

  thread_loop_begin (&s->tl);
  starvation_acquire_next (s);
  g_main_loop_run (s->tl.loop);
  thread_loop_end (&s->tl);

  return NULL;
}

static gpointer
starvation_spinner_thread (gpointer data)
{
  Starvation *s = data;

  for (guint i = 0; !g_atomic_int_get (&s->stop); i++)
    {
      if (toro_semaphore_try_acquire (s->sem))
        {
          /* Counted before the release that may hand the permit over. */
          g_atomic_int_inc (&s->successes);
          spin (64);
          toro_semaphore_release (s->sem);
        }
      else
        g_atomic_int_inc (&s->failures);

      /* Still a spin, but one that lets valgrind's serialising scheduler
       * run the waiter's thread too. */
      if (i % 8 == 0)
        g_thread_yield ();
    }

  return NULL;
}

static void
test_threads_semaphore_no_starvation (void)
{
  g_autoptr(ToroSemaphore) sem = toro_semaphore_new (1);
  Starvation s = { sem, };
  GThread *spinner, *waiter;

  g_test_summary ("A thread spinning try_acquire/release does not starve another thread's queued "
                  "acquire: the release hands the permit over (BEHAVIOURS 97, gevent#1744)");

  spinner = g_thread_new ("spinner", starvation_spinner_thread, &s);
  waiter = g_thread_new ("waiter", starvation_waiter_thread, &s);
  g_thread_join (waiter);
  g_atomic_int_set (&s.stop, TRUE);
  g_thread_join (spinner);

  g_assert_cmpuint (s.rounds, ==, N_STARVATION_ROUNDS);
  g_assert_cmpuint (toro_semaphore_get_value (sem), ==, 1);
  g_assert_cmpuint (toro_semaphore_debug_n_acquirers (sem), ==, 0);
  g_test_message ("waiter queued in %u of %u rounds; spinner: %d successes, %d failures",
                  s.queued, s.rounds, s.successes, s.failures);
}

/* Lock: contended by several threads */

#define N_CONTENDERS 4
#define N_CYCLES 500

typedef struct
{
  ToroLock   *lock;
  gint       *inside;     /* how many hold the lock, by our count */
  guint      *counter;    /* guarded by the lock only */
  ThreadLoop  tl;
  guint       cycles;
  gboolean    in_call;
} Contender;

static void contender_acquire_next (Contender *c);

static void
contender_release (Contender *c)
{
  g_assert_cmpint (g_atomic_int_add (c->inside, -1), ==, 1);
  toro_lock_release (c->lock);

  if (c->cycles == N_CYCLES)
    g_main_loop_quit (c->tl.loop);
  else
    contender_acquire_next (c);
}

static gboolean
contender_release_idle (gpointer data)
{
  contender_release (data);
  return G_SOURCE_REMOVE;
}

static void
contender_acquired_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  Contender *c = user_data;
  GError *error = NULL;
  guint value;

  g_assert_false (c->in_call);
  g_assert_true (toro_lock_acquire_finish (TORO_LOCK (source), result, &error));
  g_assert_no_error (error);
  assert_in_loop (&c->tl);

  /* Nobody else holds it; a non-atomic update would lose counts if
   * anyone did. */
  g_assert_cmpint (g_atomic_int_add (c->inside, 1), ==, 0);
  g_assert_true (toro_lock_is_locked (c->lock));
  value = *c->counter;
  g_thread_yield ();
  *c->counter = value + 1;
  c->cycles++;

  if (c->cycles % 2 == 0)
    {
      contender_release (c);
    }
  else
    {
      /* Hold it across an iteration of our context. */
      GSource *idle = g_idle_source_new ();

      g_source_set_callback (idle, contender_release_idle, c, NULL);
      g_source_attach (idle, c->tl.context);
      g_source_unref (idle);
    }
}

static void
contender_acquire_next (Contender *c)
{
  c->in_call = TRUE;
  toro_lock_acquire_async (c->lock, TORO_NO_DEADLINE, NULL, contender_acquired_cb, c);
  c->in_call = FALSE;
}

static gpointer
contender_thread (gpointer data)
{
  Contender *c = data;

  thread_loop_begin (&c->tl);
  contender_acquire_next (c);
  g_main_loop_run (c->tl.loop);
  thread_loop_end (&c->tl);

  return NULL;
}

static void
test_threads_lock_contention (void)
{
  g_autoptr(ToroLock) lock = toro_lock_new ();
  Contender contenders[N_CONTENDERS];
  GThread *threads[N_CONTENDERS];
  gint inside = 0;
  guint counter = 0;

  g_test_summary ("Four threads, each with its own context, take turns on one lock: never two "
                  "holders at once, and no count is lost");

  for (guint i = 0; i < N_CONTENDERS; i++)
    {
      memset (&contenders[i], 0, sizeof contenders[i]);
      contenders[i].lock = lock;
      contenders[i].inside = &inside;
      contenders[i].counter = &counter;
      threads[i] = g_thread_new ("contender", contender_thread, &contenders[i]);
    }
  for (guint i = 0; i < N_CONTENDERS; i++)
    g_thread_join (threads[i]);

  for (guint i = 0; i < N_CONTENDERS; i++)
    g_assert_cmpuint (contenders[i].cycles, ==, N_CYCLES);
  g_assert_cmpuint (counter, ==, N_CONTENDERS * N_CYCLES);
  g_assert_cmpint (inside, ==, 0);
  g_assert_false (toro_lock_is_locked (lock));
  g_assert_cmpuint (toro_lock_debug_n_waiters (lock), ==, 0);
}

/* RWLock: readers and writers in several threads */

#define N_READERS 3
#define N_WRITERS 2
#define N_RW_CYCLES 300
#define RW_MAX_READERS 2

typedef struct
{
  gint  readers;      /* inside, by our count */
  gint  writers;
  guint writes;       /* guarded by the write lock only */
  gint  max_readers;  /* most readers seen inside at once */
} RWShared;

typedef struct
{
  ToroRWLock *lock;
  RWShared   *shared;
  gboolean    writer;
  ThreadLoop  tl;
  guint       cycles;
} RWUser;

static void rw_user_acquire_next (RWUser *u);

static void
rw_user_acquired_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  RWUser *u = user_data;
  RWShared *shared = u->shared;
  GError *error = NULL;

  assert_in_loop (&u->tl);

  if (u->writer)
    {
      guint value;

      g_assert_true (toro_rw_lock_acquire_write_finish (TORO_RW_LOCK (source), result, &error));
      g_assert_no_error (error);
      g_assert_cmpint (g_atomic_int_add (&shared->writers, 1), ==, 0);
      g_assert_cmpint (g_atomic_int_get (&shared->readers), ==, 0);
      g_assert_cmpuint (toro_rw_lock_get_n_readers (u->lock), ==, 0);
      value = shared->writes;
      g_thread_yield ();
      shared->writes = value + 1;
      g_assert_cmpint (g_atomic_int_get (&shared->readers), ==, 0);
      g_assert_cmpint (g_atomic_int_add (&shared->writers, -1), ==, 1);
      toro_rw_lock_release_write (u->lock);
    }
  else
    {
      gint readers;

      g_assert_true (toro_rw_lock_acquire_read_finish (TORO_RW_LOCK (source), result, &error));
      g_assert_no_error (error);
      readers = g_atomic_int_add (&shared->readers, 1) + 1;
      g_assert_cmpint (readers, <=, RW_MAX_READERS);
      if (readers > g_atomic_int_get (&shared->max_readers))
        g_atomic_int_set (&shared->max_readers, readers);
      g_assert_cmpint (g_atomic_int_get (&shared->writers), ==, 0);
      g_thread_yield ();
      g_assert_cmpint (g_atomic_int_get (&shared->writers), ==, 0);
      g_atomic_int_add (&shared->readers, -1);
      toro_rw_lock_release_read (u->lock);
    }

  if (++u->cycles == N_RW_CYCLES)
    g_main_loop_quit (u->tl.loop);
  else
    rw_user_acquire_next (u);
}

static void
rw_user_acquire_next (RWUser *u)
{
  if (u->writer)
    toro_rw_lock_acquire_write_async (u->lock, TORO_NO_DEADLINE, NULL, rw_user_acquired_cb, u);
  else
    toro_rw_lock_acquire_read_async (u->lock, TORO_NO_DEADLINE, NULL, rw_user_acquired_cb, u);
}

static gpointer
rw_user_thread (gpointer data)
{
  RWUser *u = data;

  thread_loop_begin (&u->tl);
  rw_user_acquire_next (u);
  g_main_loop_run (u->tl.loop);
  thread_loop_end (&u->tl);

  return NULL;
}

static void
test_threads_rw_lock_contention (void)
{
  g_autoptr(ToroRWLock) lock = toro_rw_lock_new (RW_MAX_READERS);
  RWShared shared = { 0, };
  RWUser users[N_READERS + N_WRITERS];
  GThread *threads[N_READERS + N_WRITERS];

  g_test_summary ("Reader and writer threads, each with its own context, share one RWLock: "
                  "a writer is always alone, readers never exceed max-readers, no write is lost");

  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      memset (&users[i], 0, sizeof users[i]);
      users[i].lock = lock;
      users[i].shared = &shared;
      users[i].writer = i >= N_READERS;
      threads[i] = g_thread_new (users[i].writer ? "writer" : "reader", rw_user_thread, &users[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    g_thread_join (threads[i]);

  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    g_assert_cmpuint (users[i].cycles, ==, N_RW_CYCLES);
  g_assert_cmpuint (shared.writes, ==, N_WRITERS * N_RW_CYCLES);
  g_assert_cmpint (shared.readers, ==, 0);
  g_assert_cmpint (shared.writers, ==, 0);
  g_assert_false (toro_rw_lock_is_locked (lock));
  g_assert_cmpuint (toro_rw_lock_get_n_readers (lock), ==, 0);
  g_assert_cmpuint (toro_rw_lock_debug_n_waiters (lock), ==, 0);
  g_test_message ("at most %d readers inside at once", shared.max_readers);
}

/* Cancellation from another thread */

typedef struct
{
  ToroLock     *lock;
  GCancellable *cancellable;
  Steps         steps;   /* 1: A queued; 2: B cancelled; 3: A saw the cancel */
} CancelOther;

static gpointer
cancel_waiter_thread (gpointer data)
{
  CancelOther *c = data;
  ThreadLoop tl;
  ToroTestRec a, b;

  thread_loop_begin (&tl);
  toro_test_rec_init (&a, "a", NULL);
  toro_test_rec_init (&b, "b", NULL);

  toro_lock_acquire_async (c->lock, toro_test_ms (20000), c->cancellable, toro_test_rec_cb, &a);
  toro_lock_acquire_async (c->lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &b);
  g_assert_cmpuint (a.done + b.done, ==, 0);
  g_assert_cmpuint (toro_lock_debug_n_waiters (c->lock), ==, 2);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 1);
  steps_add (&c->steps, 1);

  toro_test_wait (&a);
  toro_test_assert_cancelled (&a);
  assert_rec_in_loop (&a, &tl);
  g_assert_cmpuint (b.done, ==, 0);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 0);
  steps_wait (&c->steps, 2);
  steps_add (&c->steps, 1);

  /* The main thread's release hands the lock to b, here. */
  toro_test_wait (&b);
  toro_test_assert_ok (&b);
  assert_rec_in_loop (&b, &tl);
  toro_lock_release (c->lock);

  toro_test_rec_clear (&a);
  toro_test_rec_clear (&b);
  thread_loop_end (&tl);

  return NULL;
}

static gpointer
cancel_canceller_thread (gpointer data)
{
  CancelOther *c = data;

  steps_wait (&c->steps, 1);
  g_cancellable_cancel (c->cancellable);
  /* Removed from the queue by the time cancel returns. */
  g_assert_cmpuint (toro_lock_debug_n_waiters (c->lock), ==, 1);
  steps_add (&c->steps, 1);

  return NULL;
}

static void
test_threads_cancel_other_thread (void)
{
  g_autoptr(ToroLock) lock = toro_lock_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  CancelOther c = { lock, cancellable, };
  GThread *waiter, *canceller;

  g_test_summary ("A wait cancelled from another thread completes CANCELLED in the waiter's own context");

  steps_init (&c.steps);
  g_assert_true (toro_lock_try_acquire (lock));
  waiter = g_thread_new ("waiter", cancel_waiter_thread, &c);
  canceller = g_thread_new ("canceller", cancel_canceller_thread, &c);

  steps_wait (&c.steps, 3);
  g_assert_true (toro_lock_is_locked (lock));
  toro_lock_release (lock);

  g_thread_join (canceller);
  g_thread_join (waiter);
  steps_clear (&c.steps);

  g_assert_false (toro_lock_is_locked (lock));
  g_assert_cmpuint (toro_lock_debug_n_waiters (lock), ==, 0);
}

#define N_RACE_ROUNDS 200

typedef struct
{
  ToroLock     *lock;
  GCancellable *cancellable;
  Steps         steps;   /* 1: W and X queued */
  gint          ready;   /* the canceller spins, ready to cancel */
  gint          go;
  guint         cancel_delay;
  gboolean      granted;
} CancelRace;


static gpointer
race_waiter_thread (gpointer data)
{
  CancelRace *r = data;
  ThreadLoop tl;
  ToroTestRec w, x;

  thread_loop_begin (&tl);
  toro_test_rec_init (&w, "w", NULL);
  toro_test_rec_init (&x, "x", NULL);

  toro_lock_acquire_async (r->lock, TORO_NO_DEADLINE, r->cancellable, toro_test_rec_cb, &w);
  toro_lock_acquire_async (r->lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &x);
  steps_add (&r->steps, 1);

  toro_test_wait (&w);
  assert_rec_in_loop (&w, &tl);
  if (w.ok)
    {
      /* The grant won: w holds the lock, whatever the cancellable says. */
      r->granted = TRUE;
      g_assert_true (toro_lock_is_locked (r->lock));
      toro_test_flush ();
      g_assert_cmpuint (x.done, ==, 0);
      toro_lock_release (r->lock);
    }
  else
    {
      /* The cancel won: w took nothing; the release went to x. */
      toro_test_assert_cancelled (&w);
    }

  toro_test_wait (&x);
  toro_test_assert_ok (&x);
  assert_rec_in_loop (&x, &tl);
  toro_lock_release (r->lock);

  toro_test_rec_clear (&w);
  toro_test_rec_clear (&x);
  thread_loop_end (&tl);

  return NULL;
}

static gpointer
race_canceller_thread (gpointer data)
{
  CancelRace *r = data;

  steps_wait (&r->steps, 1);
  g_atomic_int_set (&r->ready, TRUE);
  while (!g_atomic_int_get (&r->go))
    g_thread_yield ();
  spin (r->cancel_delay);
  g_cancellable_cancel (r->cancellable);

  return NULL;
}

static void
test_threads_cancel_race_release (void)
{
  guint granted = 0;

  g_test_summary ("A cancel in one thread races a release in another: the waiter either holds the "
                  "lock or took nothing, and the lock is never lost");

  for (guint round = 0; round < N_RACE_ROUNDS; round++)
    {
      g_autoptr(ToroLock) lock = toro_lock_new ();
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      CancelRace r = { lock, cancellable, };
      GThread *waiter, *canceller;

      /* Each side of the race gets a head start in some rounds. */
      r.cancel_delay = (round % 8) * 100;
      steps_init (&r.steps);
      g_assert_true (toro_lock_try_acquire (lock));
      waiter = g_thread_new ("waiter", race_waiter_thread, &r);
      canceller = g_thread_new ("canceller", race_canceller_thread, &r);

      steps_wait (&r.steps, 1);
      while (!g_atomic_int_get (&r.ready))
        g_thread_yield ();
      g_atomic_int_set (&r.go, TRUE);
      spin (((round / 8) % 8) * 100);
      toro_lock_release (lock);

      g_thread_join (canceller);
      g_thread_join (waiter);
      steps_clear (&r.steps);

      g_assert_false (toro_lock_is_locked (lock));
      g_assert_cmpuint (toro_lock_debug_n_waiters (lock), ==, 0);
      g_assert_true (toro_lock_try_acquire (lock));
      toro_lock_release (lock);
      granted += r.granted;
    }

  g_test_message ("the grant won %u of %u races", granted, N_RACE_ROUNDS);
}

/* One thread wakes waiters in several others */

#define N_WAKE_THREADS 3
#define N_WAITS_PER_THREAD 2

typedef struct
{
  gpointer  object;
  void    (*start_wait) (gpointer     object,
                         gint64       deadline,
                         ToroTestRec *rec);
  guint   (*n_waiters)  (gpointer     object);
  void    (*wake)       (gpointer     object);
  void    (*check)      (ToroTestRec *rec);  /* on each success, or NULL */
  Steps     steps;      /* how many waits are queued */
} WakeTest;

static gpointer
wake_waiter_thread (gpointer data)
{
  WakeTest *t = data;
  g_autoptr(GString) log = g_string_new (NULL);
  static const char *labels[N_WAITS_PER_THREAD] = { "0", "1" };
  ThreadLoop tl;
  ToroTestRec recs[N_WAITS_PER_THREAD];

  thread_loop_begin (&tl);
  for (guint i = 0; i < N_WAITS_PER_THREAD; i++)
    {
      toro_test_rec_init (&recs[i], labels[i], log);
      t->start_wait (t->object, toro_test_ms (20000), &recs[i]);
      g_assert_cmpuint (recs[i].done, ==, 0);
    }
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, N_WAITS_PER_THREAD);
  steps_add (&t->steps, N_WAITS_PER_THREAD);

  for (guint i = 0; i < N_WAITS_PER_THREAD; i++)
    {
      toro_test_wait (&recs[i]);
      toro_test_assert_ok (&recs[i]);
      assert_rec_in_loop (&recs[i], &tl);
      if (t->check != NULL)
        t->check (&recs[i]);
    }
  /* In order within the context; the timers left with the grants. */
  g_assert_cmpstr (log->str, ==, "0 1");
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 0);

  for (guint i = 0; i < N_WAITS_PER_THREAD; i++)
    toro_test_rec_clear (&recs[i]);
  thread_loop_end (&tl);

  return NULL;
}

static gpointer
wake_waker_thread (gpointer data)
{
  WakeTest *t = data;

  /* Every thread's waits, and the main thread's. */
  steps_wait (&t->steps, N_WAKE_THREADS * N_WAITS_PER_THREAD);
  g_assert_cmpuint (t->n_waiters (t->object), ==, N_WAKE_THREADS * N_WAITS_PER_THREAD + 1);
  t->wake (t->object);
  g_assert_cmpuint (t->n_waiters (t->object), ==, 0);

  return NULL;
}

static void
wake_test_run (WakeTest *t)
{
  GThread *waiters[N_WAKE_THREADS], *waker;
  ToroTestRec main_rec;

  steps_init (&t->steps);
  toro_test_rec_init (&main_rec, "main", NULL);
  t->start_wait (t->object, TORO_NO_DEADLINE, &main_rec);

  waker = g_thread_new ("waker", wake_waker_thread, t);
  for (guint i = 0; i < N_WAKE_THREADS; i++)
    waiters[i] = g_thread_new ("waiter", wake_waiter_thread, t);
  for (guint i = 0; i < N_WAKE_THREADS; i++)
    g_thread_join (waiters[i]);
  g_thread_join (waker);
  steps_clear (&t->steps);

  /* The main thread's waiter was woken too, and runs only from its own
   * context: nothing has dispatched it yet. */
  g_assert_cmpuint (main_rec.done, ==, 0);
  toro_test_wait (&main_rec);
  toro_test_assert_ok (&main_rec);
  g_assert_true (main_rec.context == g_main_context_default ());
  g_assert_true (main_rec.thread == g_thread_self ());
  if (t->check != NULL)
    t->check (&main_rec);
  toro_test_rec_clear (&main_rec);
}

static void
event_start_wait (gpointer     object,
                  gint64       deadline,
                  ToroTestRec *rec)
{
  toro_event_wait_async (object, deadline, NULL, toro_test_rec_cb, rec);
}

static guint
event_n_waiters (gpointer object)
{
  return toro_event_debug_n_waiters (object);
}

static void
event_wake (gpointer object)
{
  toro_event_set (object);
}

static void
test_threads_event_set (void)
{
  g_autoptr(ToroEvent) event = toro_event_new ();
  WakeTest t = { event, event_start_wait, event_n_waiters, event_wake, NULL, };

  g_test_summary ("An event set from one thread wakes the waiters of several threads, each in its "
                  "own context");

  wake_test_run (&t);
  g_assert_true (toro_event_is_set (event));
  g_assert_cmpuint (toro_event_debug_n_waiters (event), ==, 0);
}

static void
condition_start_wait (gpointer     object,
                      gint64       deadline,
                      ToroTestRec *rec)
{
  toro_condition_wait_async (object, deadline, NULL, toro_test_rec_cb, rec);
}

static guint
condition_n_waiters (gpointer object)
{
  return toro_condition_debug_n_waiters (object);
}

static void
condition_wake (gpointer object)
{
  toro_condition_notify_all (object);
}

static void
test_threads_condition_notify_all (void)
{
  g_autoptr(ToroCondition) condition = toro_condition_new ();
  WakeTest t = { condition, condition_start_wait, condition_n_waiters, condition_wake, NULL, };
  ToroTestRec late;

  g_test_summary ("notify_all from one thread wakes the waiters of several threads, each in its "
                  "own context");

  wake_test_run (&t);
  g_assert_cmpuint (toro_condition_debug_n_waiters (condition), ==, 0);

  /* The notification was not stored. */
  toro_test_rec_init (&late, "late", NULL);
  toro_condition_wait_async (condition, toro_test_ms (20), NULL, toro_test_rec_cb, &late);
  toro_test_wait (&late);
  toro_test_assert_timeout (&late);
  toro_test_rec_clear (&late);
}

static void
async_result_start_wait (gpointer     object,
                         gint64       deadline,
                         ToroTestRec *rec)
{
  toro_async_result_get_async (object, deadline, NULL, toro_test_rec_cb, rec);
}

static guint
async_result_n_waiters (gpointer object)
{
  return toro_async_result_debug_n_waiters (object);
}

static void
async_result_wake (gpointer object)
{
  GValue value = G_VALUE_INIT;
  GError *error = NULL;

  g_assert_true (toro_async_result_set (object, toro_test_int_value (&value, 42), &error));
  g_assert_no_error (error);
  g_value_unset (&value);
}

static void
async_result_check (ToroTestRec *rec)
{
  g_assert_cmpint (toro_test_rec_int (rec), ==, 42);
}

static void
test_threads_async_result_set (void)
{
  g_autoptr(ToroAsyncResult) result = toro_async_result_new ();
  WakeTest t = { result, async_result_start_wait, async_result_n_waiters, async_result_wake,
                 async_result_check, };

  g_test_summary ("An AsyncResult set from one thread gives its value to getters in several "
                  "threads, each in its own context");

  wake_test_run (&t);
  g_assert_true (toro_async_result_is_ready (result));
  g_assert_cmpuint (toro_async_result_debug_n_waiters (result), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  toro_test_init (&argc, &argv);

  g_test_add_func ("/threads/queue/producer-consumer", test_threads_queue_producer_consumer);
  g_test_add_func ("/threads/semaphore/hand-off", test_threads_semaphore_hand_off);
  g_test_add_func ("/threads/semaphore/timeout", test_threads_semaphore_timeout);
  g_test_add_func ("/threads/semaphore/no-starvation", test_threads_semaphore_no_starvation);
  g_test_add_func ("/threads/lock/contention", test_threads_lock_contention);
  g_test_add_func ("/threads/rw-lock/contention", test_threads_rw_lock_contention);
  g_test_add_func ("/threads/cancel/other-thread", test_threads_cancel_other_thread);
  g_test_add_func ("/threads/cancel/race-release", test_threads_cancel_race_release);
  g_test_add_func ("/threads/event/set", test_threads_event_set);
  g_test_add_func ("/threads/condition/notify-all", test_threads_condition_notify_all);
  g_test_add_func ("/threads/async-result/set", test_threads_async_result_set);

  return g_test_run ();
}
