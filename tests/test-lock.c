/* test-lock.c: ToroLock
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "toro-test-util.h"

static void
test_lock_acquire_free (void)
{
  g_autoptr(ToroLock) lock = toro_lock_new ();
  ToroTestRec rec;

  g_test_summary ("A free lock is acquired, and the callback runs from the main loop");

  toro_test_rec_init (&rec, "a", NULL);
  g_assert_false (toro_lock_is_locked (lock));

  toro_lock_acquire_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &rec);
  /* Decided at once, delivered later. */
  g_assert_true (toro_lock_is_locked (lock));
  g_assert_cmpuint (rec.done, ==, 0);

  toro_test_wait (&rec);
  toro_test_assert_ok (&rec);
  g_assert_true (rec.context == g_main_context_default ());

  toro_lock_release (lock);
  g_assert_false (toro_lock_is_locked (lock));
  toro_test_rec_clear (&rec);
}

static void
test_lock_acquire_fifo (void)
{
  g_autoptr(ToroLock) lock = toro_lock_new ();
  g_autoptr(GString) log = g_string_new (NULL);
  ToroTestRec recs[5];
  static const char *labels[] = { "0", "1", "2", "3", "4" };

  g_test_summary ("Queued acquirers get the lock in the order they asked (tornado test_acquire_fifo)");

  g_assert_true (toro_lock_try_acquire (lock));
  for (guint i = 0; i < G_N_ELEMENTS (recs); i++)
    {
      toro_test_rec_init (&recs[i], labels[i], log);
      toro_lock_acquire_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &recs[i]);
    }
  g_assert_cmpuint (toro_lock_debug_n_waiters (lock), ==, 5);

  for (guint i = 0; i < G_N_ELEMENTS (recs); i++)
    {
      toro_lock_release (lock);
      /* The next holder is chosen, not yet called back. */
      g_assert_cmpuint (recs[i].done, ==, 0);
      g_assert_true (toro_lock_is_locked (lock));
      toro_test_wait (&recs[i]);
      toro_test_assert_ok (&recs[i]);
      for (guint j = i + 1; j < G_N_ELEMENTS (recs); j++)
        g_assert_cmpuint (recs[j].done, ==, 0);
    }

  g_assert_cmpstr (log->str, ==, "0 1 2 3 4");
  toro_lock_release (lock);
  g_assert_false (toro_lock_is_locked (lock));

  for (guint i = 0; i < G_N_ELEMENTS (recs); i++)
    toro_test_rec_clear (&recs[i]);
}

typedef struct
{
  ToroLock *lock;
  GString  *log;
} ReleaseFromCallback;

static void
release_and_log (gpointer data)
{
  ReleaseFromCallback *r = data;

  toro_test_log (r->log, "releasing");
  toro_lock_release (r->lock);
  toro_test_log (r->log, "released");
}

static void
test_lock_release_not_reentrant (void)
{
  g_autoptr(ToroLock) lock = toro_lock_new ();
  g_autoptr(GString) log = g_string_new (NULL);
  ReleaseFromCallback r = { lock, log };
  ToroTestRec first, second;

  g_test_summary ("A release in a later main-loop iteration returns before the next holder's callback runs");

  toro_test_rec_init (&first, "first", log);
  toro_test_rec_init (&second, "second", log);
  first.then = release_and_log;
  first.then_data = &r;

  toro_lock_acquire_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &first);
  toro_lock_acquire_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &second);

  /* "first" runs in a later iteration than the one that queued "second"
   * and releases from its callback: GTask alone would call "second" back
   * from inside that release. */
  toro_test_wait (&second);
  g_assert_cmpstr (log->str, ==, "first releasing released second");

  toro_lock_release (lock);
  toro_test_rec_clear (&first);
  toro_test_rec_clear (&second);
}

static void
test_lock_try_acquire_no_barging (void)
{
  g_autoptr(ToroLock) lock = toro_lock_new ();
  ToroTestRec waiter;

  g_test_summary ("try_acquire never takes the lock ahead of a queued waiter");

  toro_test_rec_init (&waiter, "w", NULL);
  g_assert_true (toro_lock_try_acquire (lock));
  g_assert_false (toro_lock_try_acquire (lock));
  toro_lock_acquire_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &waiter);

  toro_lock_release (lock);
  /* Handed to the waiter, whose callback has not run. */
  g_assert_true (toro_lock_is_locked (lock));
  g_assert_false (toro_lock_try_acquire (lock));

  toro_test_wait (&waiter);
  toro_test_assert_ok (&waiter);
  g_assert_false (toro_lock_try_acquire (lock));
  toro_lock_release (lock);
  g_assert_true (toro_lock_try_acquire (lock));
  toro_lock_release (lock);
  toro_test_rec_clear (&waiter);
}

static void
test_lock_not_reentrant (void)
{
  g_autoptr(ToroLock) lock = toro_lock_new ();
  ToroTestRec again;

  g_test_summary ("Acquiring a held lock again waits for a release (toro test_reacquire)");

  toro_test_rec_init (&again, "again", NULL);
  g_assert_true (toro_lock_try_acquire (lock));
  toro_lock_acquire_async (lock, toro_test_ms (20), NULL, toro_test_rec_cb, &again);
  toro_test_wait (&again);
  toro_test_assert_timeout (&again);
  g_assert_true (toro_lock_is_locked (lock));
  toro_lock_release (lock);
  toro_test_rec_clear (&again);
}

static void
test_lock_deadline_relative (void)
{
  g_autoptr(ToroLock) lock = toro_lock_new ();
  ToroTestRec rec;
  gint64 start = g_get_monotonic_time ();

  g_test_summary ("A relative deadline passes: TIMEOUT, and the lock stays held (toro test_acquire_timeout)");

  toro_test_rec_init (&rec, "late", NULL);
  g_assert_true (toro_lock_try_acquire (lock));
  toro_lock_acquire_async (lock, toro_deadline_after (30 * 1000), NULL, toro_test_rec_cb, &rec);

  toro_test_wait (&rec);
  toro_test_assert_timeout (&rec);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 30 * 1000);
  g_assert_true (toro_lock_is_locked (lock));
  g_assert_cmpuint (toro_lock_debug_n_waiters (lock), ==, 0);
  g_assert_true (g_str_has_prefix (rec.error->message, "Timed out waiting to acquire the lock"));

  /* A fresh acquire still waits for the holder. */
  g_assert_false (toro_lock_try_acquire (lock));
  toro_lock_release (lock);
  g_assert_false (toro_lock_is_locked (lock));
  toro_test_rec_clear (&rec);
}

static void
test_lock_deadline_absolute (void)
{
  g_autoptr(ToroLock) lock = toro_lock_new ();
  ToroTestRec rec;
  gint64 deadline = g_get_monotonic_time () + 25 * 1000;

  g_test_summary ("An absolute deadline on the monotonic clock is honoured");

  toro_test_rec_init (&rec, "late", NULL);
  g_assert_true (toro_lock_try_acquire (lock));
  toro_lock_acquire_async (lock, deadline, NULL, toro_test_rec_cb, &rec);
  toro_test_wait (&rec);
  toro_test_assert_timeout (&rec);
  g_assert_cmpint (g_get_monotonic_time (), >=, deadline);
  toro_lock_release (lock);
  toro_test_rec_clear (&rec);
}

static void
test_lock_deadline_past (void)
{
  g_autoptr(ToroLock) lock = toro_lock_new ();
  ToroTestRec free_rec, held_rec;

  g_test_summary ("A deadline in the past succeeds if the lock is free, else fails without waiting");

  toro_test_rec_init (&free_rec, "free", NULL);
  toro_test_rec_init (&held_rec, "held", NULL);

  toro_lock_acquire_async (lock, g_get_monotonic_time () - 1, NULL, toro_test_rec_cb, &free_rec);
  g_assert_cmpuint (free_rec.done, ==, 0);
  toro_test_wait (&free_rec);
  toro_test_assert_ok (&free_rec);

  /* Now held: 0 and negative deadlines are in the past too. */
  toro_lock_acquire_async (lock, 0, NULL, toro_test_rec_cb, &held_rec);
  g_assert_cmpuint (held_rec.done, ==, 0);
  g_assert_cmpuint (toro_lock_debug_n_waiters (lock), ==, 0);
  toro_test_flush ();
  toro_test_assert_timeout (&held_rec);

  toro_lock_release (lock);
  toro_test_rec_clear (&free_rec);
  toro_test_rec_clear (&held_rec);
}

static void
test_lock_deadline_preempted (void)
{
  g_autoptr(ToroLock) lock = toro_lock_new ();
  ToroTestRec rec;

  g_test_summary ("A grant before the deadline wins, and no TIMEOUT comes later");

  toro_test_rec_init (&rec, "w", NULL);
  g_assert_true (toro_lock_try_acquire (lock));
  toro_lock_acquire_async (lock, toro_test_ms (40), NULL, toro_test_rec_cb, &rec);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 1);

  toro_lock_release (lock);
  /* The timer went with the grant. */
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 0);
  toro_test_wait (&rec);
  toro_test_assert_ok (&rec);

  /* Run past the old deadline: the callback must not run again. */
  {
    ToroTestRec later;

    toro_test_rec_init (&later, "later", NULL);
    toro_lock_acquire_async (lock, toro_test_ms (60), NULL, toro_test_rec_cb, &later);
    toro_test_wait (&later);
    toro_test_assert_timeout (&later);
    toro_test_rec_clear (&later);
  }
  g_assert_cmpuint (rec.done, ==, 1);
  toro_lock_release (lock);
  toro_test_rec_clear (&rec);
}

static void
test_lock_cancel_before (void)
{
  g_autoptr(ToroLock) lock = toro_lock_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  ToroTestRec rec;

  g_test_summary ("An already-cancelled acquire fails and takes nothing, even from a free lock");

  toro_test_rec_init (&rec, "c", NULL);
  g_cancellable_cancel (cancellable);
  toro_lock_acquire_async (lock, TORO_NO_DEADLINE, cancellable, toro_test_rec_cb, &rec);
  g_assert_false (toro_lock_is_locked (lock));
  g_assert_cmpuint (toro_lock_debug_n_waiters (lock), ==, 0);
  g_assert_cmpuint (rec.done, ==, 0);

  toro_test_wait (&rec);
  toro_test_assert_cancelled (&rec);
  g_assert_false (toro_lock_is_locked (lock));
  toro_test_rec_clear (&rec);
}

static void
test_lock_cancel_waiting (void)
{
  g_autoptr(ToroLock) lock = toro_lock_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  ToroTestRec rec, next;

  g_test_summary ("Cancelling a queued acquire removes it at once; the lock goes to the next waiter");

  toro_test_rec_init (&rec, "c", NULL);
  toro_test_rec_init (&next, "n", NULL);
  g_assert_true (toro_lock_try_acquire (lock));
  toro_lock_acquire_async (lock, toro_test_ms (10000), cancellable, toro_test_rec_cb, &rec);
  toro_lock_acquire_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &next);
  g_assert_cmpuint (toro_lock_debug_n_waiters (lock), ==, 2);

  g_cancellable_cancel (cancellable);
  g_assert_cmpuint (toro_lock_debug_n_waiters (lock), ==, 1);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 0);
  g_assert_cmpuint (rec.done, ==, 0);
  toro_test_wait (&rec);
  toro_test_assert_cancelled (&rec);

  toro_lock_release (lock);
  toro_test_wait (&next);
  toro_test_assert_ok (&next);
  toro_lock_release (lock);
  toro_test_rec_clear (&rec);
  toro_test_rec_clear (&next);
}

static void
test_lock_cancel_race_grant (void)
{
  g_autoptr(ToroLock) lock = toro_lock_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  ToroTestRec b, c;

  g_test_summary ("Release then cancel in one iteration: the grant stands, nothing is lost");

  toro_test_rec_init (&b, "b", NULL);
  toro_test_rec_init (&c, "c", NULL);
  g_assert_true (toro_lock_try_acquire (lock));
  toro_lock_acquire_async (lock, TORO_NO_DEADLINE, cancellable, toro_test_rec_cb, &b);
  toro_lock_acquire_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &c);

  toro_lock_release (lock);          /* b is now the holder ... */
  g_cancellable_cancel (cancellable); /* ... before its callback ran */

  toro_test_wait (&b);
  /* b was told it holds the lock, so it does; c is still waiting. */
  toro_test_assert_ok (&b);
  g_assert_cmpuint (c.done, ==, 0);
  g_assert_true (toro_lock_is_locked (lock));

  toro_lock_release (lock);
  toro_test_wait (&c);
  toro_test_assert_ok (&c);
  toro_lock_release (lock);
  g_assert_false (toro_lock_is_locked (lock));
  toro_test_rec_clear (&b);
  toro_test_rec_clear (&c);
}

static void
test_lock_cancel_then_release (void)
{
  g_autoptr(ToroLock) lock = toro_lock_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  ToroTestRec b, c;

  g_test_summary ("Cancel then release in one iteration: the next waiter gets the lock (bpo-27585)");

  toro_test_rec_init (&b, "b", NULL);
  toro_test_rec_init (&c, "c", NULL);
  g_assert_true (toro_lock_try_acquire (lock));
  toro_lock_acquire_async (lock, TORO_NO_DEADLINE, cancellable, toro_test_rec_cb, &b);
  toro_lock_acquire_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &c);

  g_cancellable_cancel (cancellable);
  toro_lock_release (lock);

  toro_test_wait (&b);
  toro_test_wait (&c);
  toro_test_assert_cancelled (&b);
  toro_test_assert_ok (&c);
  g_assert_true (toro_lock_is_locked (lock));
  toro_lock_release (lock);
  toro_test_rec_clear (&b);
  toro_test_rec_clear (&c);
}

static void
test_lock_cancel_one_of_three (void)
{
  g_autoptr(ToroLock) lock = toro_lock_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  ToroTestRec t1, t2, t3;

  g_test_summary ("Cancel t1, then release: exactly one of t2, t3 holds the lock (bpo-32734)");

  toro_test_rec_init (&t1, "t1", NULL);
  toro_test_rec_init (&t2, "t2", NULL);
  toro_test_rec_init (&t3, "t3", NULL);
  g_assert_true (toro_lock_try_acquire (lock));
  toro_lock_acquire_async (lock, TORO_NO_DEADLINE, cancellable, toro_test_rec_cb, &t1);
  toro_lock_acquire_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &t2);
  toro_lock_acquire_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &t3);

  g_cancellable_cancel (cancellable);
  toro_lock_release (lock);
  toro_test_wait (&t1);
  toro_test_wait (&t2);
  toro_test_flush ();

  toro_test_assert_cancelled (&t1);
  toro_test_assert_ok (&t2);
  g_assert_cmpuint (t3.done, ==, 0);
  g_assert_cmpuint (toro_lock_debug_n_waiters (lock), ==, 1);

  toro_lock_release (lock);
  toro_test_wait (&t3);
  toro_test_assert_ok (&t3);
  toro_lock_release (lock);
  toro_test_rec_clear (&t1);
  toro_test_rec_clear (&t2);
  toro_test_rec_clear (&t3);
}

static void
test_lock_timeouts_leave_no_residue (void)
{
  g_autoptr(ToroLock) lock = toro_lock_new ();
  ToroTestRec recs[101], live;

  g_test_summary ("101 timed-out acquirers leave the queue at once; the live one still gets the lock");

  g_assert_true (toro_lock_try_acquire (lock));
  for (guint i = 0; i < G_N_ELEMENTS (recs); i++)
    {
      toro_test_rec_init (&recs[i], "t", NULL);
      toro_lock_acquire_async (lock, toro_test_ms (10), NULL, toro_test_rec_cb, &recs[i]);
    }
  toro_test_rec_init (&live, "live", NULL);
  toro_lock_acquire_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &live);
  g_assert_cmpuint (toro_lock_debug_n_waiters (lock), ==, 102);

  for (guint i = 0; i < G_N_ELEMENTS (recs); i++)
    {
      toro_test_wait (&recs[i]);
      toro_test_assert_timeout (&recs[i]);
    }
  g_assert_cmpuint (toro_lock_debug_n_waiters (lock), ==, 1);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 0);

  toro_lock_release (lock);
  toro_test_wait (&live);
  toro_test_assert_ok (&live);
  toro_lock_release (lock);

  for (guint i = 0; i < G_N_ELEMENTS (recs); i++)
    toro_test_rec_clear (&recs[i]);
  toro_test_rec_clear (&live);
}

static void
test_lock_release_not_held (void)
{
  g_autoptr(ToroLock) lock = toro_lock_new ();

  g_test_summary ("Releasing a lock nobody holds emits a critical and changes nothing");

  if (!g_test_undefined ())
    return;

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*not held*");
  toro_lock_release (lock);
  g_test_assert_expected_messages ();
  g_assert_false (toro_lock_is_locked (lock));

  /* After an acquire and a release, too (toro test_multi_release). */
  g_assert_true (toro_lock_try_acquire (lock));
  toro_lock_release (lock);
  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*not held*");
  toro_lock_release (lock);
  g_test_assert_expected_messages ();
  g_assert_false (toro_lock_is_locked (lock));
  g_assert_true (toro_lock_try_acquire (lock));
  toro_lock_release (lock);
}

static void
test_lock_bad_arguments (void)
{
  g_autoptr(ToroLock) lock = toro_lock_new ();
  g_autoptr(GObject) not_a_lock = g_object_new (G_TYPE_OBJECT, NULL);

  g_test_summary ("NULL or wrong-typed arguments are rejected with a critical");

  if (!g_test_undefined ())
    return;

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*TORO_IS_LOCK*");
  toro_lock_release (NULL);
  g_test_assert_expected_messages ();

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*TORO_IS_LOCK*");
  g_assert_false (toro_lock_try_acquire ((ToroLock *) not_a_lock));
  g_test_assert_expected_messages ();

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*G_IS_CANCELLABLE*");
  toro_lock_acquire_async (lock, TORO_NO_DEADLINE, (GCancellable *) not_a_lock, NULL, NULL);
  g_test_assert_expected_messages ();
  g_assert_false (toro_lock_is_locked (lock));
}

static void
test_lock_finish_wrong_result (void)
{
  g_autoptr(ToroLock) lock = toro_lock_new ();
  g_autoptr(ToroLock) other = toro_lock_new ();
  g_autoptr(ToroEvent) event = toro_event_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GTask) task = NULL;

  g_test_summary ("A _finish given another object's or operation's result is rejected");

  if (!g_test_undefined ())
    return;

  toro_lock_acquire_async (other, TORO_NO_DEADLINE, NULL, toro_test_keep_result_cb, &result);
  toro_test_run_until (toro_test_result_is_kept, &result);

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*toro_waiter_is_valid*");
  g_assert_false (toro_lock_acquire_finish (lock, result, NULL));
  g_test_assert_expected_messages ();

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*toro_waiter_is_valid*");
  g_assert_false (toro_event_wait_finish (event, result, NULL));
  g_test_assert_expected_messages ();

  task = g_task_new (lock, NULL, NULL, NULL);
  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*toro_waiter_is_valid*");
  g_assert_false (toro_lock_acquire_finish (lock, G_ASYNC_RESULT (task), NULL));
  g_test_assert_expected_messages ();
  g_task_return_boolean (task, TRUE);

  /* The right object still finishes it, as a GAsyncResult should allow. */
  g_assert_true (g_async_result_is_tagged (result, toro_lock_acquire_async));
  g_assert_true (toro_lock_acquire_finish (other, result, NULL));
  toro_lock_release (other);
}

static void
test_lock_notify_locked (void)
{
  g_autoptr(ToroLock) lock = toro_lock_new ();
  ToroTestNotifyCount count;
  ToroTestRec w;
  gboolean locked;

  g_test_summary ("notify::locked fires on real changes only, not on a hand-off");

  toro_test_count_notify (lock, "locked", &count);
  toro_test_rec_init (&w, "w", NULL);

  g_assert_true (toro_lock_try_acquire (lock));
  g_assert_cmpuint (count.count, ==, 1);
  g_object_get (lock, "locked", &locked, NULL);
  g_assert_true (locked);

  g_assert_false (toro_lock_try_acquire (lock));
  g_assert_cmpuint (count.count, ==, 1);

  toro_lock_acquire_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &w);
  toro_lock_release (lock);        /* handed to w: still locked */
  g_assert_cmpuint (count.count, ==, 1);
  toro_test_wait (&w);

  toro_lock_release (lock);
  g_assert_cmpuint (count.count, ==, 2);
  g_assert_true (count.thread == g_thread_self ());
  g_object_get (lock, "locked", &locked, NULL);
  g_assert_false (locked);
  toro_test_rec_clear (&w);
}

static void
test_lock_unref_while_waiting (void)
{
  ToroLock *lock = toro_lock_new ();
  ToroTestRec rec;
  guint finalized = 0;

  g_test_summary ("A pending wait keeps its lock alive; dropping the last user reference fails nothing");

  toro_test_rec_init (&rec, "w", NULL);
  g_object_weak_ref (G_OBJECT (lock), toro_test_weak_count_cb, &finalized);
  g_assert_true (toro_lock_try_acquire (lock));
  toro_lock_acquire_async (lock, toro_test_ms (20), NULL, toro_test_rec_cb, &rec);

  g_object_unref (lock);
  g_assert_false (finalized);

  /* The wait ends by its deadline, as it would have; then the lock goes. */
  toro_test_wait (&rec);
  toro_test_assert_timeout (&rec);
  g_assert_true (finalized);
  toro_test_rec_clear (&rec);
}

static void
test_lock_finalize_idle (void)
{
  ToroLock *lock = toro_lock_new ();
  guint finalized = 0;

  g_test_summary ("A lock with nothing pending is finalized by its last unref, even if held");

  g_object_weak_ref (G_OBJECT (lock), toro_test_weak_count_cb, &finalized);
  g_assert_true (toro_lock_try_acquire (lock));
  g_object_unref (lock);
  g_assert_true (finalized);
}

int
main (int    argc,
      char **argv)
{
  toro_test_init (&argc, &argv);

  g_test_add_func ("/lock/acquire/free", test_lock_acquire_free);
  g_test_add_func ("/lock/acquire/fifo", test_lock_acquire_fifo);
  g_test_add_func ("/lock/acquire/not-reentrant", test_lock_not_reentrant);
  g_test_add_func ("/lock/release/no-reentrant-callback", test_lock_release_not_reentrant);
  g_test_add_func ("/lock/try-acquire/no-barging", test_lock_try_acquire_no_barging);
  g_test_add_func ("/lock/deadline/relative", test_lock_deadline_relative);
  g_test_add_func ("/lock/deadline/absolute", test_lock_deadline_absolute);
  g_test_add_func ("/lock/deadline/past", test_lock_deadline_past);
  g_test_add_func ("/lock/deadline/preempted", test_lock_deadline_preempted);
  g_test_add_func ("/lock/deadline/no-residue", test_lock_timeouts_leave_no_residue);
  g_test_add_func ("/lock/cancel/before", test_lock_cancel_before);
  g_test_add_func ("/lock/cancel/waiting", test_lock_cancel_waiting);
  g_test_add_func ("/lock/cancel/race-grant", test_lock_cancel_race_grant);
  g_test_add_func ("/lock/cancel/then-release", test_lock_cancel_then_release);
  g_test_add_func ("/lock/cancel/one-of-three", test_lock_cancel_one_of_three);
  g_test_add_func ("/lock/release/not-held", test_lock_release_not_held);
  g_test_add_func ("/lock/misuse/bad-arguments", test_lock_bad_arguments);
  g_test_add_func ("/lock/misuse/wrong-result", test_lock_finish_wrong_result);
  g_test_add_func ("/lock/property/locked", test_lock_notify_locked);
  g_test_add_func ("/lock/lifetime/unref-while-waiting", test_lock_unref_while_waiting);
  g_test_add_func ("/lock/lifetime/finalize-idle", test_lock_finalize_idle);

  return g_test_run ();
}
