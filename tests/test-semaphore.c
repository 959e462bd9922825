/* test-semaphore.c: ToroSemaphore and ToroBoundedSemaphore
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "toro-test-util.h"

static void
test_semaphore_default_value (void)
{
  g_autoptr(ToroSemaphore) sem = g_object_new (TORO_TYPE_SEMAPHORE, NULL);
  ToroTestRec second;

  g_test_summary ("The default value is 1: one acquire succeeds, a second waits for a release (toro test_default_value)");

  toro_test_rec_init (&second, "second", NULL);
  g_assert_cmpuint (toro_semaphore_get_value (sem), ==, 1);
  g_assert_true (toro_semaphore_try_acquire (sem));
  g_assert_true (toro_semaphore_is_locked (sem));

  toro_semaphore_acquire_async (sem, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &second);
  toro_test_flush ();
  g_assert_cmpuint (second.done, ==, 0);

  toro_semaphore_release (sem);
  g_assert_cmpuint (second.done, ==, 0);
  toro_test_wait (&second);
  toro_test_assert_ok (&second);
  g_assert_cmpuint (toro_semaphore_get_value (sem), ==, 0);
  toro_semaphore_release (sem);
  g_assert_cmpuint (toro_semaphore_get_value (sem), ==, 1);
  toro_test_rec_clear (&second);
}

static void
test_semaphore_release_unacquired (void)
{
  g_autoptr(ToroSemaphore) sem = toro_semaphore_new (1);
  ToroTestRec fourth;

  g_test_summary ("A plain semaphore may be released above its initial value (tornado test_release_unacquired)");

  toro_test_rec_init (&fourth, "fourth", NULL);
  toro_semaphore_release (sem);
  toro_semaphore_release (sem);
  g_assert_cmpuint (toro_semaphore_get_value (sem), ==, 3);

  for (int i = 0; i < 3; i++)
    g_assert_true (toro_semaphore_try_acquire (sem));
  g_assert_false (toro_semaphore_try_acquire (sem));

  toro_semaphore_acquire_async (sem, toro_test_ms (20), NULL, toro_test_rec_cb, &fourth);
  toro_test_wait (&fourth);
  toro_test_assert_timeout (&fourth);
  toro_test_rec_clear (&fourth);
}

static void
test_semaphore_acquire_fifo (void)
{
  g_autoptr(ToroSemaphore) sem = toro_semaphore_new (1);
  g_autoptr(GString) log = g_string_new (NULL);
  ToroTestRec f1, f2;

  g_test_summary ("Held; f1 and f2 queue: the first release completes f1 only, the second f2 (tornado test_acquire)");

  toro_test_rec_init (&f1, "f1", log);
  toro_test_rec_init (&f2, "f2", log);
  g_assert_true (toro_semaphore_try_acquire (sem));
  toro_semaphore_acquire_async (sem, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &f1);
  toro_semaphore_acquire_async (sem, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &f2);

  toro_semaphore_release (sem);
  g_assert_cmpuint (f1.done, ==, 0);
  toro_test_wait (&f1);
  toro_test_flush ();
  g_assert_cmpuint (f2.done, ==, 0);

  toro_semaphore_release (sem);
  toro_test_wait (&f2);
  g_assert_cmpstr (log->str, ==, "f1 f2");
  g_assert_cmpuint (toro_semaphore_get_value (sem), ==, 0);
  toro_semaphore_release (sem);
  toro_test_rec_clear (&f1);
  toro_test_rec_clear (&f2);
}

typedef struct
{
  ToroSemaphore *sem;
  GString       *log;
  const char    *name;
  int            round;
  int            rounds;
  gboolean       finished;
} Contender;

static void contender_acquire (Contender *c);

static gboolean
contender_release (gpointer data)
{
  Contender *c = data;

  toro_semaphore_release (c->sem);
  if (++c->round < c->rounds)
    contender_acquire (c);
  else
    c->finished = TRUE;

  return G_SOURCE_REMOVE;
}

static void
contender_acquired (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  Contender *c = data;
  GError *error = NULL;
  char *entry;

  g_assert_true (toro_semaphore_acquire_finish (c->sem, result, &error));
  g_assert_no_error (error);
  entry = g_strdup_printf ("%s_%d", c->name, c->round + 1);
  toro_test_log (c->log, entry);
  g_free (entry);

  /* Hold the permit across a main-loop hop, like "sleep" in the peer test. */
  g_idle_add (contender_release, c);
}

static void
contender_acquire (Contender *c)
{
  toro_semaphore_acquire_async (c->sem, TORO_NO_DEADLINE, NULL, contender_acquired, c);
}

static gboolean
contenders_finished (gpointer data)
{
  Contender *c = data;

  return c[0].finished && c[1].finished && c[2].finished;
}

static void
test_semaphore_reacquire_goes_to_back (void)
{
  g_autoptr(ToroSemaphore) sem = toro_semaphore_new (1);
  g_autoptr(GString) log = g_string_new (NULL);
  Contender c[3] = {
    { sem, log, "c1", 0, 2, FALSE },
    { sem, log, "c2", 0, 2, FALSE },
    { sem, log, "c3", 0, 2, FALSE },
  };

  g_test_summary ("Three tasks acquire, hold, release, twice: strict FIFO, a re-acquire goes to the back (bpo-45997)");

  for (guint i = 0; i < G_N_ELEMENTS (c); i++)
    contender_acquire (&c[i]);
  toro_test_run_until (contenders_finished, c);

  g_assert_cmpstr (log->str, ==, "c1_1 c2_1 c3_1 c1_2 c2_2 c3_2");
  g_assert_cmpuint (toro_semaphore_get_value (sem), ==, 1);
}

static void
test_semaphore_release_serves_acquirers_first (void)
{
  g_autoptr(ToroSemaphore) sem = toro_semaphore_new (0);
  g_autoptr(GString) log = g_string_new (NULL);
  ToroTestRec a1, a2, w1, w2;

  g_test_summary ("release() goes to acquire() waiters before wait() waiters (Toro 0.2)");
  g_test_bug ("https://github.com/ajdavis/toro/commit/e5f02be");

  toro_test_rec_init (&a1, "acquire1", log);
  toro_test_rec_init (&a2, "acquire2", log);
  toro_test_rec_init (&w1, "wait1", log);
  toro_test_rec_init (&w2, "wait2", log);
  toro_semaphore_acquire_async (sem, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &a1);
  toro_semaphore_acquire_async (sem, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &a2);
  toro_semaphore_wait_async (sem, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &w1);
  toro_semaphore_wait_async (sem, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &w2);

  toro_test_log (log, "release1");
  toro_semaphore_release (sem);
  toro_test_flush ();
  toro_test_log (log, "release2");
  toro_semaphore_release (sem);
  toro_test_flush ();
  g_assert_cmpuint (w1.done + w2.done, ==, 0);
  g_assert_true (toro_semaphore_is_locked (sem));
  toro_test_log (log, "release3");
  toro_semaphore_release (sem);
  g_assert_cmpuint (w1.done + w2.done, ==, 0);
  toro_test_wait (&w1);
  toro_test_wait (&w2);

  g_assert_cmpstr (log->str, ==,
                   "release1 acquire1 release2 acquire2 release3 wait1 wait2");
  /* wait() took nothing. */
  g_assert_cmpuint (toro_semaphore_get_value (sem), ==, 1);
  g_assert_false (toro_semaphore_is_locked (sem));

  toro_test_rec_clear (&a1);
  toro_test_rec_clear (&a2);
  toro_test_rec_clear (&w1);
  toro_test_rec_clear (&w2);
}

static void
check_unlocked (gpointer data)
{
  g_assert_false (toro_semaphore_is_locked (data));
}

static void
test_semaphore_wait_sees_unlocked (void)
{
  g_autoptr(ToroSemaphore) sem = toro_semaphore_new (0);
  ToroTestRec w;

  g_test_summary ("A wait() callback sees the semaphore unlocked");

  toro_test_rec_init (&w, "w", NULL);
  w.then = check_unlocked;
  w.then_data = sem;
  toro_semaphore_wait_async (sem, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &w);
  toro_semaphore_release (sem);
  toro_test_wait (&w);
  toro_test_assert_ok (&w);
  toro_test_rec_clear (&w);
}

static void
test_semaphore_wait_blocks_after_acquire (void)
{
  g_autoptr(ToroSemaphore) sem = toro_semaphore_new (1);
  ToroTestRec w;

  g_test_summary ("wait() blocks once acquire() has locked the semaphore (Toro 0.7)");
  g_test_bug ("https://github.com/ajdavis/toro/issues/9");

  toro_test_rec_init (&w, "w", NULL);
  g_assert_true (toro_semaphore_try_acquire (sem));
  toro_semaphore_wait_async (sem, toro_test_ms (30), NULL, toro_test_rec_cb, &w);
  toro_test_wait (&w);
  toro_test_assert_timeout (&w);
  g_assert_cmpuint (toro_semaphore_debug_n_waiters (sem), ==, 0);
  toro_semaphore_release (sem);
  toro_test_rec_clear (&w);
}

static void
test_semaphore_wait_takes_nothing (void)
{
  g_autoptr(ToroSemaphore) sem = toro_semaphore_new (1);
  ToroTestRec f, again;

  g_test_summary ("wait() does not decrement the counter (toro test_acquire)");

  toro_test_rec_init (&f, "f", NULL);
  toro_test_rec_init (&again, "again", NULL);
  g_assert_true (toro_semaphore_try_acquire (sem));
  toro_semaphore_wait_async (sem, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &f);
  toro_semaphore_release (sem);
  toro_test_wait (&f);
  toro_test_assert_ok (&f);

  toro_semaphore_wait_async (sem, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &again);
  g_assert_cmpuint (again.done, ==, 0);
  toro_test_wait (&again);
  toro_test_assert_ok (&again);
  g_assert_cmpuint (toro_semaphore_get_value (sem), ==, 1);
  toro_test_rec_clear (&f);
  toro_test_rec_clear (&again);
}

static void
test_semaphore_timeout_loses_nothing (void)
{
  g_autoptr(ToroSemaphore) sem = toro_semaphore_new (2);
  ToroTestRec late, fresh;

  g_test_summary ("A timed-out acquire takes no permit: a later release is not lost (tornado test_acquire_timeout)");

  toro_test_rec_init (&late, "late", NULL);
  toro_test_rec_init (&fresh, "fresh", NULL);
  g_assert_true (toro_semaphore_try_acquire (sem));
  g_assert_true (toro_semaphore_try_acquire (sem));
  toro_semaphore_acquire_async (sem, toro_test_ms (10), NULL, toro_test_rec_cb, &late);
  toro_test_wait (&late);
  toro_test_assert_timeout (&late);

  toro_semaphore_release (sem);
  g_assert_cmpuint (toro_semaphore_get_value (sem), ==, 1);
  g_assert_true (toro_semaphore_try_acquire (sem));

  toro_semaphore_acquire_async (sem, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &fresh);
  toro_test_flush ();
  g_assert_cmpuint (fresh.done, ==, 0);
  toro_semaphore_release (sem);
  toro_test_wait (&fresh);
  toro_test_assert_ok (&fresh);

  toro_semaphore_release (sem);
  toro_semaphore_release (sem);
  g_assert_cmpuint (toro_semaphore_get_value (sem), ==, 2);
  toro_test_rec_clear (&late);
  toro_test_rec_clear (&fresh);
}

static void
test_semaphore_timeout_preempted (void)
{
  g_autoptr(ToroSemaphore) sem = toro_semaphore_new (0);
  ToroTestRec rec;

  g_test_summary ("A release before the deadline wins, and the timer is removed (tornado test_acquire_timeout_preempted)");

  toro_test_rec_init (&rec, "r", NULL);
  toro_semaphore_acquire_async (sem, toro_test_ms (5000), NULL, toro_test_rec_cb, &rec);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 1);
  toro_semaphore_release (sem);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 0);
  toro_test_wait (&rec);
  toro_test_assert_ok (&rec);
  g_assert_cmpuint (toro_semaphore_get_value (sem), ==, 0);
  toro_test_rec_clear (&rec);
}

static void
test_semaphore_deadline_past (void)
{
  g_autoptr(ToroSemaphore) sem = toro_semaphore_new (1);
  ToroTestRec avail, none, wait_none;

  g_test_summary ("A past deadline takes a free permit, and otherwise fails at once");

  toro_test_rec_init (&avail, "avail", NULL);
  toro_test_rec_init (&none, "none", NULL);
  toro_test_rec_init (&wait_none, "wait-none", NULL);

  toro_semaphore_acquire_async (sem, 0, NULL, toro_test_rec_cb, &avail);
  toro_semaphore_acquire_async (sem, toro_deadline_after (-1000), NULL, toro_test_rec_cb, &none);
  toro_semaphore_wait_async (sem, 1, NULL, toro_test_rec_cb, &wait_none);
  g_assert_cmpuint (toro_semaphore_debug_n_acquirers (sem), ==, 0);
  g_assert_cmpuint (toro_semaphore_debug_n_waiters (sem), ==, 0);
  toro_test_flush ();

  toro_test_assert_ok (&avail);
  toro_test_assert_timeout (&none);
  toro_test_assert_timeout (&wait_none);
  g_assert_cmpuint (toro_semaphore_get_value (sem), ==, 0);
  toro_semaphore_release (sem);

  toro_test_rec_clear (&avail);
  toro_test_rec_clear (&none);
  toro_test_rec_clear (&wait_none);
}

static void
test_semaphore_scoped_timeout (void)
{
  g_autoptr(ToroSemaphore) sem = toro_semaphore_new (0);
  ToroTestRec rec;

  g_test_summary ("Semaphore(0), acquire with a timeout: TIMEOUT and the counter is still 0 (tornado test_context_manager_timeout_error)");

  toro_test_rec_init (&rec, "r", NULL);
  toro_semaphore_acquire_async (sem, toro_test_ms (10), NULL, toro_test_rec_cb, &rec);
  toro_test_wait (&rec);
  toro_test_assert_timeout (&rec);
  g_assert_cmpuint (toro_semaphore_get_value (sem), ==, 0);
  g_assert_true (toro_semaphore_is_locked (sem));
  toro_test_rec_clear (&rec);
}

static void
test_semaphore_cancel_before (void)
{
  g_autoptr(ToroSemaphore) sem = toro_semaphore_new (3);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  ToroTestRec acq, wt;

  g_test_summary ("An already-cancelled acquire or wait takes nothing, even with permits free");

  toro_test_rec_init (&acq, "acq", NULL);
  toro_test_rec_init (&wt, "wait", NULL);
  g_cancellable_cancel (cancellable);
  toro_semaphore_acquire_async (sem, TORO_NO_DEADLINE, cancellable, toro_test_rec_cb, &acq);
  toro_semaphore_wait_async (sem, TORO_NO_DEADLINE, cancellable, toro_test_rec_cb, &wt);
  g_assert_cmpuint (toro_semaphore_get_value (sem), ==, 3);
  toro_test_flush ();
  toro_test_assert_cancelled (&acq);
  toro_test_assert_cancelled (&wt);
  g_assert_cmpuint (toro_semaphore_get_value (sem), ==, 3);
  toro_test_rec_clear (&acq);
  toro_test_rec_clear (&wt);
}

static void
test_semaphore_cancel_head_waiters (void)
{
  g_autoptr(ToroSemaphore) sem = toro_semaphore_new (0);
  g_autoptr(GCancellable) c1 = g_cancellable_new ();
  g_autoptr(GCancellable) c2 = g_cancellable_new ();
  ToroTestRec t1, t2, t3, t4;

  g_test_summary ("Cancel t1 and t2 of four; one release completes exactly t3 (CPython test_acquire_cancel_before_awoken)");

  toro_test_rec_init (&t1, "t1", NULL);
  toro_test_rec_init (&t2, "t2", NULL);
  toro_test_rec_init (&t3, "t3", NULL);
  toro_test_rec_init (&t4, "t4", NULL);
  toro_semaphore_acquire_async (sem, TORO_NO_DEADLINE, c1, toro_test_rec_cb, &t1);
  toro_semaphore_acquire_async (sem, TORO_NO_DEADLINE, c2, toro_test_rec_cb, &t2);
  toro_semaphore_acquire_async (sem, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &t3);
  toro_semaphore_acquire_async (sem, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &t4);

  g_cancellable_cancel (c1);
  g_cancellable_cancel (c2);
  g_assert_cmpuint (toro_semaphore_debug_n_acquirers (sem), ==, 2);
  toro_semaphore_release (sem);
  toro_test_wait (&t3);
  toro_test_flush ();

  toro_test_assert_cancelled (&t1);
  toro_test_assert_cancelled (&t2);
  toro_test_assert_ok (&t3);
  g_assert_cmpuint (t4.done, ==, 0);
  g_assert_cmpuint (toro_semaphore_get_value (sem), ==, 0);

  toro_semaphore_release (sem);
  toro_test_wait (&t4);
  toro_test_assert_ok (&t4);
  toro_test_rec_clear (&t1);
  toro_test_rec_clear (&t2);
  toro_test_rec_clear (&t3);
  toro_test_rec_clear (&t4);
}

static void
test_semaphore_granted_then_cancelled (void)
{
  g_autoptr(ToroSemaphore) sem = toro_semaphore_new (1);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  ToroTestRec w, next;

  g_test_summary ("Granted, then cancelled before the callback runs: the permit is not lost (python/cpython#90155)");

  toro_test_rec_init (&w, "w", NULL);
  toro_test_rec_init (&next, "next", NULL);
  g_assert_true (toro_semaphore_try_acquire (sem));
  toro_semaphore_acquire_async (sem, TORO_NO_DEADLINE, cancellable, toro_test_rec_cb, &w);
  toro_semaphore_release (sem);        /* w is granted the permit ... */
  g_cancellable_cancel (cancellable);  /* ... and cancelled before it resumes */

  toro_test_wait (&w);
  /* The grant stands: w holds the permit and is told so. */
  toro_test_assert_ok (&w);
  g_assert_cmpuint (toro_semaphore_get_value (sem), ==, 0);

  toro_semaphore_acquire_async (sem, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &next);
  toro_semaphore_release (sem);        /* w gives it back: it reaches next */
  toro_test_wait (&next);
  toro_test_assert_ok (&next);
  toro_semaphore_release (sem);
  g_assert_cmpuint (toro_semaphore_get_value (sem), ==, 1);
  g_assert_false (toro_semaphore_is_locked (sem));
  toro_test_rec_clear (&w);
  toro_test_rec_clear (&next);
}

static void
test_semaphore_try_no_barging (void)
{
  g_autoptr(ToroSemaphore) sem = toro_semaphore_new (1);
  ToroTestRec w;

  g_test_summary ("With a waiter queued, release then a newcomer's try_acquire fails; locked stays TRUE (trio acquire_nowait)");

  toro_test_rec_init (&w, "w", NULL);
  g_assert_true (toro_semaphore_try_acquire (sem));
  toro_semaphore_acquire_async (sem, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &w);
  toro_semaphore_release (sem);
  g_assert_true (toro_semaphore_is_locked (sem));
  g_assert_false (toro_semaphore_try_acquire (sem));
  toro_test_wait (&w);
  toro_test_assert_ok (&w);
  toro_semaphore_release (sem);
  toro_test_rec_clear (&w);
}

static void
test_semaphore_timeouts_leave_no_residue (void)
{
  g_autoptr(ToroSemaphore) sem = toro_semaphore_new (0);
  ToroTestRec recs[101], live;

  g_test_summary ("101 timed-out acquirers leave the queue; release completes the live one (tornado test_garbage_collection)");

  for (guint i = 0; i < G_N_ELEMENTS (recs); i++)
    {
      toro_test_rec_init (&recs[i], "t", NULL);
      toro_semaphore_acquire_async (sem, toro_test_ms (10), NULL, toro_test_rec_cb, &recs[i]);
    }
  toro_test_rec_init (&live, "live", NULL);
  toro_semaphore_acquire_async (sem, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &live);

  for (guint i = 0; i < G_N_ELEMENTS (recs); i++)
    {
      toro_test_wait (&recs[i]);
      toro_test_assert_timeout (&recs[i]);
    }
  g_assert_cmpuint (toro_semaphore_debug_n_acquirers (sem), ==, 1);

  toro_semaphore_release (sem);
  toro_test_wait (&live);
  toro_test_assert_ok (&live);
  g_assert_cmpuint (toro_semaphore_get_value (sem), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (recs); i++)
    toro_test_rec_clear (&recs[i]);
  toro_test_rec_clear (&live);
}

static void
test_semaphore_notify (void)
{
  g_autoptr(ToroSemaphore) sem = toro_semaphore_new (1);
  ToroTestNotifyCount value_count, locked_count;
  ToroTestRec w;

  g_test_summary ("notify::value and notify::locked fire on real changes only");

  toro_test_rec_init (&w, "w", NULL);
  toro_test_count_notify (sem, "value", &value_count);
  toro_test_count_notify (sem, "locked", &locked_count);

  g_assert_true (toro_semaphore_try_acquire (sem));   /* 1 -> 0 */
  g_assert_cmpuint (value_count.count, ==, 1);
  g_assert_cmpuint (locked_count.count, ==, 1);

  toro_semaphore_acquire_async (sem, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &w);
  toro_semaphore_release (sem);                       /* handed over: no change */
  g_assert_cmpuint (value_count.count, ==, 1);
  g_assert_cmpuint (locked_count.count, ==, 1);
  toro_test_wait (&w);

  toro_semaphore_release (sem);                       /* 0 -> 1 */
  g_assert_cmpuint (value_count.count, ==, 2);
  g_assert_cmpuint (locked_count.count, ==, 2);
  toro_semaphore_release (sem);                       /* 1 -> 2: still unlocked */
  g_assert_cmpuint (value_count.count, ==, 3);
  g_assert_cmpuint (locked_count.count, ==, 2);
  toro_test_rec_clear (&w);
}

static void
test_semaphore_properties (void)
{
  g_autoptr(ToroSemaphore) sem = g_object_new (TORO_TYPE_SEMAPHORE, "value", 4, NULL);
  guint value;
  gboolean locked;

  g_test_summary ("value is a construct property that reads back the current value");

  g_object_get (sem, "value", &value, "locked", &locked, NULL);
  g_assert_cmpuint (value, ==, 4);
  g_assert_false (locked);
  g_assert_true (toro_semaphore_try_acquire (sem));
  g_object_get (sem, "value", &value, NULL);
  g_assert_cmpuint (value, ==, 3);
}

static void
test_semaphore_overflow (void)
{
  g_autoptr(ToroSemaphore) sem = toro_semaphore_new (G_MAXUINT);

  g_test_summary ("Releasing a semaphore at G_MAXUINT is a critical and changes nothing");

  if (!g_test_undefined ())
    return;

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*overflow*");
  toro_semaphore_release (sem);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (toro_semaphore_get_value (sem), ==, G_MAXUINT);
}

static void
test_bounded_semaphore_release (void)
{
  g_autoptr(ToroBoundedSemaphore) bounded = toro_bounded_semaphore_new (1);
  ToroSemaphore *sem = TORO_SEMAPHORE (bounded);
  ToroTestRec w;

  g_test_summary ("A bounded semaphore rejects releases above its initial value (tornado BoundedSemaphoreTest)");

  g_assert_true (TORO_IS_SEMAPHORE (bounded));
  if (!g_test_undefined ())
    return;

  toro_test_rec_init (&w, "w", NULL);

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*released too many times*");
  toro_semaphore_release (sem);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (toro_semaphore_get_value (sem), ==, 1);

  g_assert_true (toro_semaphore_try_acquire (sem));
  toro_semaphore_acquire_async (sem, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &w);
  toro_semaphore_release (sem);       /* wakes the waiter */
  toro_test_wait (&w);
  toro_test_assert_ok (&w);
  g_assert_cmpuint (toro_semaphore_get_value (sem), ==, 0);
  toro_semaphore_release (sem);       /* back to 1 */
  g_assert_cmpuint (toro_semaphore_get_value (sem), ==, 1);

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*released too many times*");
  toro_semaphore_release (sem);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (toro_semaphore_get_value (sem), ==, 1);
  toro_test_rec_clear (&w);
}

static void
test_bounded_semaphore_construct (void)
{
  g_autoptr(ToroSemaphore) sem = g_object_new (TORO_TYPE_BOUNDED_SEMAPHORE, "value", 2, NULL);

  g_test_summary ("A bounded semaphore made with g_object_new() is bounded by its value");

  g_assert_true (TORO_IS_BOUNDED_SEMAPHORE (sem));
  if (!g_test_undefined ())
    return;

  g_assert_true (toro_semaphore_try_acquire (sem));
  toro_semaphore_release (sem);
  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*released too many times*");
  toro_semaphore_release (sem);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (toro_semaphore_get_value (sem), ==, 2);
}

static void
test_semaphore_bad_arguments (void)
{
  g_autoptr(ToroLock) not_a_semaphore = toro_lock_new ();

  g_test_summary ("NULL or wrong-typed arguments are rejected with a critical");

  if (!g_test_undefined ())
    return;

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*TORO_IS_SEMAPHORE*");
  toro_semaphore_release (NULL);
  g_test_assert_expected_messages ();

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*TORO_IS_SEMAPHORE*");
  g_assert_false (toro_semaphore_try_acquire ((ToroSemaphore *) not_a_semaphore));
  g_test_assert_expected_messages ();

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*TORO_IS_SEMAPHORE*");
  toro_semaphore_wait_async (NULL, TORO_NO_DEADLINE, NULL, NULL, NULL);
  g_test_assert_expected_messages ();

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*TORO_IS_SEMAPHORE*");
  g_assert_cmpuint (toro_semaphore_get_value (NULL), ==, 0);
  g_test_assert_expected_messages ();
}

int
main (int    argc,
      char **argv)
{
  toro_test_init (&argc, &argv);

  g_test_add_func ("/semaphore/acquire/default-value", test_semaphore_default_value);
  g_test_add_func ("/semaphore/acquire/fifo", test_semaphore_acquire_fifo);
  g_test_add_func ("/semaphore/acquire/reacquire-goes-to-back", test_semaphore_reacquire_goes_to_back);
  g_test_add_func ("/semaphore/release/unacquired", test_semaphore_release_unacquired);
  g_test_add_func ("/semaphore/release/acquirers-before-waiters", test_semaphore_release_serves_acquirers_first);
  g_test_add_func ("/semaphore/release/overflow", test_semaphore_overflow);
  g_test_add_func ("/semaphore/wait/sees-unlocked", test_semaphore_wait_sees_unlocked);
  g_test_add_func ("/semaphore/wait/blocks-after-acquire", test_semaphore_wait_blocks_after_acquire);
  g_test_add_func ("/semaphore/wait/takes-nothing", test_semaphore_wait_takes_nothing);
  g_test_add_func ("/semaphore/deadline/loses-nothing", test_semaphore_timeout_loses_nothing);
  g_test_add_func ("/semaphore/deadline/preempted", test_semaphore_timeout_preempted);
  g_test_add_func ("/semaphore/deadline/past", test_semaphore_deadline_past);
  g_test_add_func ("/semaphore/deadline/scoped", test_semaphore_scoped_timeout);
  g_test_add_func ("/semaphore/deadline/no-residue", test_semaphore_timeouts_leave_no_residue);
  g_test_add_func ("/semaphore/cancel/before", test_semaphore_cancel_before);
  g_test_add_func ("/semaphore/cancel/head-waiters", test_semaphore_cancel_head_waiters);
  g_test_add_func ("/semaphore/cancel/granted-then-cancelled", test_semaphore_granted_then_cancelled);
  g_test_add_func ("/semaphore/try-acquire/no-barging", test_semaphore_try_no_barging);
  g_test_add_func ("/semaphore/property/notify", test_semaphore_notify);
  g_test_add_func ("/semaphore/property/construct", test_semaphore_properties);
  g_test_add_func ("/semaphore/misuse/bad-arguments", test_semaphore_bad_arguments);
  g_test_add_func ("/bounded-semaphore/release/too-many", test_bounded_semaphore_release);
  g_test_add_func ("/bounded-semaphore/construct", test_bounded_semaphore_construct);

  return g_test_run ();
}
