/* toro-bench.c: how fast toro-glib is, next to the main loop's own floor
 *
 * Every round measures, in the same process, the floor (a chain of bare
 * idle dispatches, and a bounded-queue ping-pong built from idle hops) and
 * then each toro-glib scenario, so that every result is also a ratio to
 * the floor of its own round. The table shows the median over rounds.
 *
 * Under valgrind --tool=callgrind each measured region is dumped
 * separately (CALLGRIND_DUMP_STATS_AT), so callgrind-report.py can print
 * instructions per operation: see tests/perf/README.md.
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <valgrind/callgrind.h>

#include <toro-glib/toro-glib.h>

/* Measuring */

static gboolean under_valgrind;
static double scale = 1.0;   /* --quick shrinks every n */

static gint64
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

typedef struct
{
  const char *label;
  gint64      start;
  guint64     ops;
} Span;

static Span
span_begin (const char *label,
            guint64     ops)
{
  Span span = { label, 0, ops };

  if (under_valgrind)
    CALLGRIND_ZERO_STATS;
  span.start = now_ns ();
  return span;
}

/* Returns nanoseconds per operation. */
static double
span_end (Span *span)
{
  gint64 elapsed = now_ns () - span->start;

  if (under_valgrind)
    {
      char *label = g_strdup_printf ("%s ops=%" G_GUINT64_FORMAT, span->label, span->ops);

      CALLGRIND_DUMP_STATS_AT (label);
      g_free (label);
    }

  return (double) elapsed / (double) span->ops;
}

static guint64
scaled (guint64 n)
{
  return MAX (1, (guint64) ((double) n * scale));
}

static void
run_until (gboolean *done)
{
  while (!*done)
    g_main_context_iteration (NULL, TRUE);
}

static void
check (gboolean    ok,
       const char *what)
{
  if (!ok)
    {
      g_printerr ("toro-bench: %s\n", what);
      exit (EXIT_FAILURE);
    }
}

/* Floor 1: a chain of bare idle dispatches */

typedef struct
{
  guint64  left;
  gboolean done;
} IdleChain;

static gboolean
idle_chain_cb (gpointer data)
{
  IdleChain *chain = data;

  if (--chain->left == 0)
    chain->done = TRUE;
  else
    g_idle_add_full (G_PRIORITY_DEFAULT, idle_chain_cb, chain, NULL);
  return G_SOURCE_REMOVE;
}

static double
bench_idle_chain (guint64 n)
{
  IdleChain chain = { n, FALSE };
  Span span = span_begin ("floor: idle dispatch", n);

  g_idle_add_full (G_PRIORITY_DEFAULT, idle_chain_cb, &chain, NULL);
  run_until (&chain.done);
  return span_end (&span);
}

/* Floor 2: the same bounded-queue ping-pong written with plain GLib, as
 * the peers' table measures it: a callback per item, reached by one idle
 * hop per item. The producer refills the GQueue (capacity 2) inline; the
 * consumer's callback is the hop. A queue has to beat this to be worth
 * using. */

typedef struct
{
  GQueue    items;
  guint     capacity;
  guint64   n;
  guint64   next_put;
  guint64   got;
  gboolean  done;
} HopPingPong;

static void
hop_fill (HopPingPong *pp)
{
  while (g_queue_get_length (&pp->items) < pp->capacity && pp->next_put < pp->n)
    g_queue_push_tail (&pp->items, GSIZE_TO_POINTER (pp->next_put++));
}

static gboolean
hop_consume (gpointer data)
{
  HopPingPong *pp = data;
  guint64 item = GPOINTER_TO_SIZE (g_queue_pop_head (&pp->items));

  check (item == pp->got, "idle-hop ping-pong: out of order");
  hop_fill (pp);
  if (++pp->got == pp->n)
    pp->done = TRUE;
  else
    g_idle_add_full (G_PRIORITY_DEFAULT, hop_consume, pp, NULL);
  return G_SOURCE_REMOVE;
}

static double
bench_idle_ping_pong (guint64 n)
{
  HopPingPong pp = { G_QUEUE_INIT, 2, n, 0, 0, FALSE };
  Span span = span_begin ("floor: idle-hop ping-pong", n);

  hop_fill (&pp);
  g_idle_add_full (G_PRIORITY_DEFAULT, hop_consume, &pp, NULL);
  run_until (&pp.done);
  return span_end (&span);
}

/* Queue ping-pong and streaming: one producer chain, one consumer chain */

typedef struct
{
  ToroQueue *queue;
  guint64    n;
  guint64    next_put;
  guint64    got;
  gboolean   done;
} PingPong;

static void producer (PingPong *pp);
static void consumer (PingPong *pp);

static void
on_put (GObject      *source,
        GAsyncResult *result,
        gpointer      data)
{
  PingPong *pp = data;

  check (toro_queue_put_finish (pp->queue, result, NULL), "put failed");
  producer (pp);
}

static void
producer (PingPong *pp)
{
  GValue item = G_VALUE_INIT;

  if (pp->next_put == pp->n)
    return;

  g_value_init (&item, G_TYPE_UINT64);
  g_value_set_uint64 (&item, pp->next_put++);
  toro_queue_put_async (pp->queue, &item, TORO_NO_DEADLINE, NULL, on_put, pp);
}

static void
on_got (GObject      *source,
        GAsyncResult *result,
        gpointer      data)
{
  PingPong *pp = data;
  GValue *item = toro_queue_get_finish (pp->queue, result, NULL);

  check (item != NULL && g_value_get_uint64 (item) == pp->got, "get: wrong item");
  g_boxed_free (G_TYPE_VALUE, item);
  if (++pp->got == pp->n)
    pp->done = TRUE;
  else
    consumer (pp);
}

static void
consumer (PingPong *pp)
{
  toro_queue_get_async (pp->queue, TORO_NO_DEADLINE, NULL, on_got, pp);
}

static double
bench_queue (const char *label,
             guint       capacity,
             guint64     n)
{
  PingPong pp = { toro_queue_new (capacity), n, 0, 0, FALSE };
  Span span = span_begin (label, n);
  double result;

  consumer (&pp);
  producer (&pp);
  run_until (&pp.done);
  result = span_end (&span);

  g_object_unref (pp.queue);
  return result;
}

/* Contention: many callback chains on one Lock or Semaphore */

typedef struct
{
  ToroLock      *lock;
  ToroSemaphore *semaphore;
  guint64        left;
  guint          running;
  guint          holders;
  guint          max_holders;
  gboolean       done;
} Contention;

static void contender_start (Contention *c);

static void
on_contended (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Contention *c = data;
  gboolean ok;

  ok = c->lock != NULL ? toro_lock_acquire_finish (c->lock, result, NULL)
                       : toro_semaphore_acquire_finish (c->semaphore, result, NULL);
  check (ok, "contended acquire failed");
  check (++c->holders <= c->max_holders, "too many holders");

  /* Hold it only across this callback, then queue again at the back. */
  c->holders--;
  if (c->lock != NULL)
    toro_lock_release (c->lock);
  else
    toro_semaphore_release (c->semaphore);

  if (c->left > 0)
    {
      c->left--;
      contender_start (c);
    }
  else if (--c->running == 0)
    c->done = TRUE;
}

static void
contender_start (Contention *c)
{
  if (c->lock != NULL)
    toro_lock_acquire_async (c->lock, TORO_NO_DEADLINE, NULL, on_contended, c);
  else
    toro_semaphore_acquire_async (c->semaphore, TORO_NO_DEADLINE, NULL, on_contended, c);
}

static double
bench_contention (const char *label,
                  guint       value,
                  guint       chains,
                  guint64     n)
{
  Contention c = { NULL, NULL, n - chains, chains, 0, value, FALSE };
  Span span;
  double result;

  if (value == 1)
    c.lock = toro_lock_new ();
  else
    c.semaphore = toro_semaphore_new (value);

  span = span_begin (label, n);
  for (guint i = 0; i < chains; i++)
    contender_start (&c);
  run_until (&c.done);
  result = span_end (&span);

  g_clear_object (&c.lock);
  g_clear_object (&c.semaphore);
  return result;
}

/* Uncontended: acquire_async + callback + release, and try_acquire + release */

typedef struct
{
  ToroLock *lock;
  guint64   left;
  gboolean  done;
} Uncontended;

static void
on_uncontended (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  Uncontended *u = data;

  check (toro_lock_acquire_finish (u->lock, result, NULL), "acquire failed");
  toro_lock_release (u->lock);
  if (--u->left == 0)
    u->done = TRUE;
  else
    toro_lock_acquire_async (u->lock, TORO_NO_DEADLINE, NULL, on_uncontended, u);
}

static double
bench_uncontended_async (guint64 n)
{
  Uncontended u = { toro_lock_new (), n, FALSE };
  Span span = span_begin ("lock: acquire_async + callback + release", n);
  double result;

  toro_lock_acquire_async (u.lock, TORO_NO_DEADLINE, NULL, on_uncontended, &u);
  run_until (&u.done);
  result = span_end (&span);
  g_object_unref (u.lock);
  return result;
}

static double
bench_try_acquire (guint64 n)
{
  ToroLock *lock = toro_lock_new ();
  Span span = span_begin ("lock: try_acquire + release", n);
  double result;

  for (guint64 i = 0; i < n; i++)
    {
      if (G_UNLIKELY (!toro_lock_try_acquire (lock)))
        check (FALSE, "try_acquire failed");
      toro_lock_release (lock);
    }
  result = span_end (&span);
  g_object_unref (lock);
  return result;
}

/* Wake-ups: Condition notify_all and Event set, to many waiters */

typedef struct
{
  guint    left;
  gboolean done;
} Countdown;

static void
on_woken (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  Countdown *c = data;
  gboolean ok;

  if (TORO_IS_CONDITION (source))
    ok = toro_condition_wait_finish (TORO_CONDITION (source), result, NULL);
  else
    ok = toro_event_wait_finish (TORO_EVENT (source), result, NULL);
  check (ok, "wake-up failed");
  if (--c->left == 0)
    c->done = TRUE;
}

static double
bench_wake_all (gboolean event,
                guint    waiters)
{
  ToroCondition *condition = event ? NULL : toro_condition_new ();
  ToroEvent *ev = event ? toro_event_new () : NULL;
  Countdown c = { waiters, FALSE };
  Span span = span_begin (event ? "event: wait + set, per waiter"
                                : "condition: wait + notify_all, per waiter", waiters);
  double result;

  for (guint i = 0; i < waiters; i++)
    {
      if (event)
        toro_event_wait_async (ev, TORO_NO_DEADLINE, NULL, on_woken, &c);
      else
        toro_condition_wait_async (condition, TORO_NO_DEADLINE, NULL, on_woken, &c);
    }
  if (event)
    toro_event_set (ev);
  else
    toro_condition_notify_all (condition);
  run_until (&c.done);
  result = span_end (&span);

  g_clear_object (&condition);
  g_clear_object (&ev);
  return result;
}

/* Pending waiters with far deadlines */

static gsize
rss_bytes (void)
{
  unsigned long size = 0, resident = 0;
  FILE *statm = fopen ("/proc/self/statm", "r");

  if (statm == NULL)
    return 0;
  if (fscanf (statm, "%lu %lu", &size, &resident) != 2)
    resident = 0;
  fclose (statm);
  return (gsize) resident * (gsize) sysconf (_SC_PAGESIZE);
}

static void
on_cancelled_waiter (GObject      *source,
                     GAsyncResult *result,
                     gpointer      data)
{
  GError *error = NULL;

  check (!toro_condition_wait_finish (TORO_CONDITION (source), result, &error) &&
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED), "expected a cancellation");
  g_error_free (error);
  (*(guint *) data)++;
}

typedef struct
{
  double idle_iteration;
  double add_cancel;
  double bytes_per_waiter;
} PendingResult;

static double
measure_idle_iterations (const char *label,
                         guint64     iterations)
{
  GMainContext *context = g_main_context_default ();
  Span span = span_begin (label, iterations);

  for (guint64 i = 0; i < iterations; i++)
    if (G_UNLIKELY (g_main_context_iteration (context, FALSE)))
      check (FALSE, "an idle iteration dispatched something");
  return span_end (&span);
}

static PendingResult
bench_pending (guint n)
{
  ToroCondition *condition = toro_condition_new ();
  GCancellable *all = g_cancellable_new ();
  GCancellable *one;
  PendingResult r;
  guint64 iterations = scaled (200000);
  guint64 adds = scaled (20000);
  gsize before, after;
  guint cancelled = 0;
  char *label;
  Span span;

  /* One cancellable per waiter, as a real program would have. */
  GCancellable **cancellables = g_new (GCancellable *, n);

  /* The cancellables are the caller's; count what a wait adds to them. */
  for (guint i = 0; i < n; i++)
    cancellables[i] = g_cancellable_new ();

  before = rss_bytes ();
  for (guint i = 0; i < n; i++)
    toro_condition_wait_async (condition, toro_deadline_after ((gint64) 3600 * G_USEC_PER_SEC + i),
                               cancellables[i], on_cancelled_waiter, &cancelled);
  after = rss_bytes ();
  r.bytes_per_waiter = (double) (after - before) / n;

  label = g_strdup_printf ("idle iteration, %u pending", n);
  r.idle_iteration = measure_idle_iterations (label, iterations);
  g_free (label);

  /* Add one more waiter and cancel it, with n others pending. */
  label = g_strdup_printf ("add + cancel one waiter, %u pending", n);
  one = g_cancellable_new ();
  span = span_begin (label, adds);
  for (guint64 i = 0; i < adds; i++)
    {
      guint target = cancelled + 1;

      toro_condition_wait_async (condition, toro_deadline_after ((gint64) 1800 * G_USEC_PER_SEC),
                                 one, on_cancelled_waiter, &cancelled);
      g_cancellable_cancel (one);
      while (cancelled < target)
        g_main_context_iteration (NULL, TRUE);
      g_cancellable_reset (one);
    }
  r.add_cancel = span_end (&span);
  g_free (label);
  g_object_unref (one);

  for (guint i = 0; i < n; i++)
    {
      g_cancellable_cancel (cancellables[i]);
      g_object_unref (cancellables[i]);
    }
  g_free (cancellables);
  while (cancelled < n + adds)
    g_main_context_iteration (NULL, TRUE);

  g_object_unref (all);
  g_object_unref (condition);
  return r;
}

/* Cross-thread hand-off */

typedef struct
{
  ToroQueue    *queue;
  GAsyncQueue  *async_queue;
  guint64       n;
  guint64       count;
  gboolean      done;
  GMainContext *context;
  guint64       iterations;
} Side;

static void cross_put (Side *side);

static void
cross_on_put (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Side *side = data;

  check (toro_queue_put_finish (side->queue, result, NULL), "cross put failed");
  if (++side->count == side->n)
    side->done = TRUE;
  else
    cross_put (side);
}

static void
cross_put (Side *side)
{
  GValue item = G_VALUE_INIT;

  g_value_init (&item, G_TYPE_UINT64);
  g_value_set_uint64 (&item, side->count);
  toro_queue_put_async (side->queue, &item, TORO_NO_DEADLINE, NULL, cross_on_put, side);
}

static void cross_get (Side *side);

static void
cross_on_got (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Side *side = data;
  GValue *item = toro_queue_get_finish (side->queue, result, NULL);

  check (item != NULL && g_value_get_uint64 (item) == side->count, "cross get: wrong item");
  g_boxed_free (G_TYPE_VALUE, item);
  if (++side->count == side->n)
    side->done = TRUE;
  else
    cross_get (side);
}

static void
cross_get (Side *side)
{
  toro_queue_get_async (side->queue, TORO_NO_DEADLINE, NULL, cross_on_got, side);
}

static gpointer
cross_producer_thread (gpointer data)
{
  Side *side = data;

  g_main_context_push_thread_default (side->context);
  cross_put (side);
  while (!side->done)
    {
      g_main_context_iteration (side->context, TRUE);
      side->iterations++;
    }
  g_main_context_pop_thread_default (side->context);
  return NULL;
}

static gpointer
cross_consumer_thread (gpointer data)
{
  Side *side = data;

  g_main_context_push_thread_default (side->context);
  cross_get (side);
  while (!side->done)
    {
      g_main_context_iteration (side->context, TRUE);
      side->iterations++;
    }
  g_main_context_pop_thread_default (side->context);
  return NULL;
}

/* Items per second. */
static double
bench_cross_thread (const char *label,
                    guint       capacity,
                    guint64     n)
{
  ToroQueue *queue = toro_queue_new (capacity);
  Side producer_side = { queue, NULL, n, 0, FALSE, g_main_context_new () };
  Side consumer_side = { queue, NULL, n, 0, FALSE, g_main_context_new () };
  GThread *p, *c;
  Span span = span_begin (label, n);
  double ns;

  c = g_thread_new ("consumer", cross_consumer_thread, &consumer_side);
  p = g_thread_new ("producer", cross_producer_thread, &producer_side);
  g_thread_join (p);
  g_thread_join (c);
  ns = span_end (&span);
  if (g_getenv ("TORO_BENCH_VERBOSE"))
    g_printerr ("cross-thread: %.3f producer and %.3f consumer iterations per item\n",
                (double) producer_side.iterations / n, (double) consumer_side.iterations / n);

  g_main_context_unref (producer_side.context);
  g_main_context_unref (consumer_side.context);
  g_object_unref (queue);
  return 1e9 / ns;
}

static gpointer
async_queue_consumer (gpointer data)
{
  Side *side = data;

  for (guint64 i = 0; i < side->n; i++)
    check (GPOINTER_TO_SIZE (g_async_queue_pop (side->async_queue)) == i + 1,
           "GAsyncQueue: wrong item");
  return NULL;
}

static double
bench_async_queue (guint64 n)
{
  Side side = { NULL, g_async_queue_new (), n, 0, FALSE, NULL };
  GThread *c;
  Span span = span_begin ("cross-thread GAsyncQueue", n);
  double ns;

  c = g_thread_new ("consumer", async_queue_consumer, &side);
  for (guint64 i = 0; i < n; i++)
    g_async_queue_push (side.async_queue, GSIZE_TO_POINTER (i + 1));
  g_thread_join (c);
  ns = span_end (&span);

  g_async_queue_unref (side.async_queue);
  return 1e9 / ns;
}

/* Rounds and the table */

enum {
  R_IDLE_CHAIN,
  R_IDLE_PING_PONG,
  R_PING_PONG,
  R_STREAMING,
  R_LOCK_CONTENDED,
  R_SEMAPHORE_CONTENDED,
  R_UNCONTENDED_ASYNC,
  R_TRY_ACQUIRE,
  R_CONDITION_NOTIFY_ALL,
  R_EVENT_SET,
  R_CROSS_THREAD,
  R_CROSS_THREAD_BOUNDED,
  R_ASYNC_QUEUE,
  N_RESULTS
};

static const char *names[N_RESULTS] = {
  "floor: idle dispatch",
  "floor: idle-hop ping-pong (cap 2)",
  "queue ping-pong (cap 2)",
  "queue streaming (cap 1000)",
  "lock, 100 chains, per hand-off",
  "semaphore(10), 100 chains, per acquire",
  "lock: acquire_async + callback + release",
  "lock: try_acquire + release",
  "condition: notify_all, per waiter",
  "event: set, per waiter",
  "cross-thread queue, unbounded",
  "cross-thread queue, capacity 64",
  "cross-thread GAsyncQueue",
};

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *values,
        guint   n)
{
  double *copy = g_memdup2 (values, n * sizeof (double));
  double m;

  qsort (copy, n, sizeof (double), compare_doubles);
  m = n % 2 ? copy[n / 2] : (copy[n / 2 - 1] + copy[n / 2]) / 2;
  g_free (copy);
  return m;
}

int
main (int    argc,
      char **argv)
{
  gboolean quick = FALSE;
  int rounds = 5;
  gboolean skip_pending = FALSE;
  char *only = NULL;
  GOptionEntry entries[] = {
    { "only", 'o', 0, G_OPTION_ARG_STRING, &only, "Run only the scenarios whose name contains TEXT (the floors always run)", "TEXT" },
    { "quick", 'q', 0, G_OPTION_ARG_NONE, &quick, "Fewer operations (for callgrind)", NULL },
    { "rounds", 'r', 0, G_OPTION_ARG_INT, &rounds, "Rounds to take the median of (default 5)", "N" },
    { "no-pending", 0, 0, G_OPTION_ARG_NONE, &skip_pending, "Skip the pending-waiters table", NULL },
    { NULL }
  };
  GOptionContext *options = g_option_context_new ("- measure toro-glib against the main loop's floor");
  GError *error = NULL;
  double results[N_RESULTS][32];
  int r;

  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error) || rounds < 1 || rounds > 32)
    {
      g_printerr ("toro-bench: %s\n", error != NULL ? error->message : "--rounds must be 1 to 32");
      return EXIT_FAILURE;
    }
  g_option_context_free (options);

  /* Warm up: types registered, dispatcher attached, caches hot. */
  bench_idle_chain (1000);
  bench_queue ("warm-up", 2, 1000);

  under_valgrind = RUNNING_ON_VALGRIND;
  if (quick || under_valgrind)
    scale = 0.02;
  if (under_valgrind)
    rounds = 1;

  memset (results, 0, sizeof results);

#define RUN(index, expr) \
  G_STMT_START { \
    if (index <= R_IDLE_PING_PONG || only == NULL || strstr (names[index], only) != NULL) \
      results[index][r] = (expr); \
  } G_STMT_END

  for (r = 0; r < rounds; r++)
    {
      RUN (R_IDLE_CHAIN, bench_idle_chain (scaled (1000000)));
      RUN (R_IDLE_PING_PONG, bench_idle_ping_pong (scaled (1000000)));
      RUN (R_PING_PONG, bench_queue ("queue ping-pong (cap 2)", 2, scaled (1000000)));
      RUN (R_STREAMING, bench_queue ("queue streaming (cap 1000)", 1000, scaled (1000000)));
      RUN (R_LOCK_CONTENDED, bench_contention ("lock, 100 chains", 1, 100, scaled (1000000)));
      RUN (R_SEMAPHORE_CONTENDED,
           bench_contention ("semaphore(10), 100 chains", 10, 100, scaled (1000000)));
      RUN (R_UNCONTENDED_ASYNC, bench_uncontended_async (scaled (1000000)));
      RUN (R_TRY_ACQUIRE, bench_try_acquire (scaled (10000000)));
      RUN (R_CONDITION_NOTIFY_ALL, bench_wake_all (FALSE, 10000));
      RUN (R_EVENT_SET, bench_wake_all (TRUE, 10000));
      RUN (R_CROSS_THREAD, bench_cross_thread ("cross-thread queue, unbounded", 0, scaled (500000)));
      RUN (R_CROSS_THREAD_BOUNDED,
           bench_cross_thread ("cross-thread queue, capacity 64", 64, scaled (500000)));
      RUN (R_ASYNC_QUEUE, bench_async_queue (scaled (500000)));
    }

  {
    double idle = median (results[R_IDLE_CHAIN], rounds);
    double hop = median (results[R_IDLE_PING_PONG], rounds);

    printf ("\ntoro-glib %s, GLib %u.%u.%u, median of %d round%s; ratios are to the floors of the same rounds\n\n",
            TORO_VERSION_S, glib_major_version, glib_minor_version, glib_micro_version,
            rounds, rounds == 1 ? "" : "s");
    printf ("%-44s %12s %12s %12s\n", "per operation", "ns", "x idle", "x idle-hop");
    printf ("%-44s %12s %12s %12s\n", "--------------------------------------------",
            "------------", "------------", "------------");
    for (int i = 0; i < R_CROSS_THREAD; i++)
      {
        double m = median (results[i], rounds);

        if (m == 0)
          continue;   /* not selected with --only */
        printf ("%-44s %12.1f %12.2f %12.2f\n", names[i], m, m / idle, m / hop);
      }

    printf ("\n%-44s %12s %12s\n", "throughput between two threads", "items/s", "x GAsyncQueue");
    printf ("%-44s %12s %12s\n", "--------------------------------------------",
            "------------", "------------");
    {
      double gaq = median (results[R_ASYNC_QUEUE], rounds);

      for (int i = R_CROSS_THREAD; i <= R_ASYNC_QUEUE; i++)
        {
          double m = median (results[i], rounds);

          if (m > 0 && gaq > 0)
            printf ("%-44s %12.0f %12.2f\n", names[i], m, m / gaq);
        }
    }
  }

  if (!skip_pending && (only == NULL || strstr ("pending waiters", only) != NULL))
    {
      double none = measure_idle_iterations ("idle iteration, 0 pending", scaled (200000));

      printf ("\n%-44s %12s %12s %12s %12s\n", "pending waiters (deadline + cancellable)",
              "idle it. ns", "x none", "add+cancel", "bytes each");
      printf ("%-44s %12s %12s %12s %12s\n", "--------------------------------------------",
              "------------", "------------", "------------", "------------");
      printf ("%-44s %12.1f %12.2f %12s %12s\n", "0", none, 1.0, "-", "-");
      for (guint n = 1000; n <= 100000; n *= 10)
        {
          PendingResult p = bench_pending (under_valgrind ? n / 10 : n);
          char *row = g_strdup_printf ("%u", under_valgrind ? n / 10 : n);

          printf ("%-44s %12.1f %12.2f %12.1f %12.0f\n", row, p.idle_iteration,
                  p.idle_iteration / none, p.add_cancel, p.bytes_per_waiter);
          g_free (row);
        }
    }

  return EXIT_SUCCESS;
}
