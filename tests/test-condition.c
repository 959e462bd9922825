/* test-condition.c: ToroCondition
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "toro-test-util.h"

#define N_WAITERS 6

static const char *labels[] = { "0", "1", "2", "3", "4", "5" };

static void
wait_n (ToroCondition *cond,
        ToroTestRec   *recs,
        guint          n,
        GString       *log)
{
  for (guint i = 0; i < n; i++)
    {
      toro_test_rec_init (&recs[i], labels[i], log);
      toro_condition_wait_async (cond, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &recs[i]);
    }
}

static void
clear_n (ToroTestRec *recs,
         guint        n)
{
  for (guint i = 0; i < n; i++)
    toro_test_rec_clear (&recs[i]);
}

/* The seed's example, from Toro's documentation. */
typedef struct
{
  ToroCondition *condition;
  GString       *log;
  gboolean       done;
} Example;

static void
example_waited (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Example *ex = user_data;

  g_assert_true (toro_condition_wait_finish (ex->condition, result, NULL));
  toro_test_log (ex->log, "I'm done waiting");
  ex->done = TRUE;
}

static gboolean
example_notifier (gpointer user_data)
{
  Example *ex = user_data;

  toro_test_log (ex->log, "About to notify");
  toro_condition_notify (ex->condition, 1);
  toro_test_log (ex->log, "Done notifying");

  return G_SOURCE_REMOVE;
}

static void
test_condition_seed_example (void)
{
  g_autoptr(ToroCondition) condition = toro_condition_new ();
  g_autoptr(GString) log = g_string_new (NULL);
  Example ex = { condition, log, FALSE };

  g_test_summary ("The seed's Condition example prints in Toro's order, with notify() in a later iteration than wait()");

  toro_test_log (log, "I'll wait right here");
  toro_condition_wait_async (condition, TORO_NO_DEADLINE, NULL, example_waited, &ex);
  /* The notifier runs from a later main-loop iteration than the wait. */
  g_idle_add (example_notifier, &ex);
  toro_test_wait_flag (&ex.done);

  g_assert_cmpstr (log->str, ==,
                   "I'll wait right here About to notify Done notifying I'm done waiting");
}

static void
test_condition_notify_not_stored (void)
{
  g_autoptr(ToroCondition) cond = toro_condition_new ();
  ToroTestRec rec;

  g_test_summary ("notify() with nobody waiting is not stored: a later wait times out (unlike tokio's notify_one)");

  toro_test_rec_init (&rec, "w", NULL);
  toro_condition_notify (cond, 1);
  toro_condition_notify_all (cond);
  toro_condition_wait_async (cond, toro_test_ms (20), NULL, toro_test_rec_cb, &rec);
  toro_test_wait (&rec);
  toro_test_assert_timeout (&rec);
  g_assert_true (g_str_has_prefix (rec.error->message, "Timed out"));
  toro_test_rec_clear (&rec);
}

static void
test_condition_notify_one (void)
{
  g_autoptr(ToroCondition) cond = toro_condition_new ();
  g_autoptr(GString) log = g_string_new (NULL);
  ToroTestRec recs[2];

  g_test_summary ("notify(1) wakes only the first waiter; a second notify(1) the next (toro test_notify_1)");

  wait_n (cond, recs, 2, log);
  toro_condition_notify (cond, 1);
  g_assert_cmpuint (recs[0].done, ==, 0);
  toro_test_flush ();
  g_assert_cmpstr (log->str, ==, "0");
  g_assert_cmpuint (recs[1].done, ==, 0);

  toro_condition_notify (cond, 1);
  toro_test_flush ();
  g_assert_cmpstr (log->str, ==, "0 1");
  clear_n (recs, 2);
}

static void
test_condition_notify_n (void)
{
  g_autoptr(ToroCondition) cond = toro_condition_new ();
  g_autoptr(GString) log = g_string_new (NULL);
  ToroTestRec recs[N_WAITERS];

  g_test_summary ("Six waiters: notify(3), notify(1), notify(2) wake them in order (toro test_notify_n)");

  wait_n (cond, recs, N_WAITERS, log);
  toro_condition_notify (cond, 3);
  toro_test_flush ();
  g_assert_cmpstr (log->str, ==, "0 1 2");
  toro_condition_notify (cond, 1);
  toro_test_flush ();
  g_assert_cmpstr (log->str, ==, "0 1 2 3");
  toro_condition_notify (cond, 2);
  toro_test_flush ();
  g_assert_cmpstr (log->str, ==, "0 1 2 3 4 5");

  /* notify (0) and notifying an empty condition do nothing. */
  toro_condition_notify (cond, 0);
  toro_condition_notify (cond, 10);
  toro_test_flush ();
  for (guint i = 0; i < N_WAITERS; i++)
    toro_test_assert_ok (&recs[i]);
  clear_n (recs, N_WAITERS);
}

static void
test_condition_notify_zero (void)
{
  g_autoptr(ToroCondition) cond = toro_condition_new ();
  ToroTestRec rec;

  g_test_summary ("notify(0) wakes nobody");

  toro_test_rec_init (&rec, "w", NULL);
  toro_condition_wait_async (cond, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &rec);
  toro_condition_notify (cond, 0);
  toro_test_flush ();
  g_assert_cmpuint (rec.done, ==, 0);
  g_assert_cmpuint (toro_condition_debug_n_waiters (cond), ==, 1);
  toro_condition_notify (cond, 1);
  toro_test_wait (&rec);
  toro_test_rec_clear (&rec);
}

static void
test_condition_notify_all (void)
{
  g_autoptr(ToroCondition) cond = toro_condition_new ();
  g_autoptr(GString) log = g_string_new (NULL);
  ToroTestRec recs[4];

  g_test_summary ("notify_all() wakes all four waiters in order (toro test_notify_all)");

  wait_n (cond, recs, 4, log);
  toro_condition_notify_all (cond);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpuint (recs[i].done, ==, 0);
  g_assert_cmpuint (toro_condition_debug_n_waiters (cond), ==, 0);
  toro_test_flush ();
  g_assert_cmpstr (log->str, ==, "0 1 2 3");
  clear_n (recs, 4);
}

static void
test_condition_notify_n_with_timeout (void)
{
  g_autoptr(ToroCondition) cond = toro_condition_new ();
  g_autoptr(GString) log = g_string_new (NULL);
  ToroTestRec recs[4];

  g_test_summary ("A timed-out waiter does not count towards notify(n): history Timeout 0 2 3 (test_notify_n_with_timeout)");

  for (guint i = 0; i < 4; i++)
    {
      toro_test_rec_init (&recs[i], labels[i], log);
      toro_condition_wait_async (cond, i == 1 ? toro_test_ms (20) : TORO_NO_DEADLINE, NULL,
                                 toro_test_rec_cb, &recs[i]);
    }

  toro_test_wait (&recs[1]);
  toro_test_assert_timeout (&recs[1]);
  g_assert_cmpuint (toro_condition_debug_n_waiters (cond), ==, 3);

  toro_condition_notify (cond, 2);
  toro_test_flush ();
  g_assert_cmpstr (log->str, ==, "1:timeout 0 2");
  toro_condition_notify (cond, 1);
  toro_test_flush ();
  g_assert_cmpstr (log->str, ==, "1:timeout 0 2 3");
  clear_n (recs, 4);
}

static void
test_condition_notify_all_with_timeout (void)
{
  g_autoptr(ToroCondition) cond = toro_condition_new ();
  g_autoptr(GString) log = g_string_new (NULL);
  ToroTestRec recs[3];

  g_test_summary ("Waiters 0, 1 (times out), 2: notify_all() wakes 0 and 2 only (test_notify_all_with_timeout)");

  for (guint i = 0; i < 3; i++)
    {
      toro_test_rec_init (&recs[i], labels[i], log);
      toro_condition_wait_async (cond, i == 1 ? toro_test_ms (20) : TORO_NO_DEADLINE, NULL,
                                 toro_test_rec_cb, &recs[i]);
    }
  toro_test_wait (&recs[1]);
  toro_condition_notify_all (cond);
  toro_test_flush ();
  g_assert_cmpstr (log->str, ==, "1:timeout 0 2");
  g_assert_cmpuint (recs[1].done, ==, 1);
  clear_n (recs, 3);
}

static void
test_condition_timeout_preempted (void)
{
  g_autoptr(ToroCondition) cond = toro_condition_new ();
  ToroTestRec rec, later;

  g_test_summary ("A notify before the deadline wins and the timer is cancelled (test_wait_timeout_preempted)");

  toro_test_rec_init (&rec, "w", NULL);
  toro_test_rec_init (&later, "later", NULL);
  toro_condition_wait_async (cond, toro_test_ms (30), NULL, toro_test_rec_cb, &rec);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 1);
  toro_condition_notify (cond, 1);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 0);
  toro_test_wait (&rec);
  toro_test_assert_ok (&rec);

  /* Outlive the old deadline: no second callback. */
  toro_condition_wait_async (cond, toro_test_ms (60), NULL, toro_test_rec_cb, &later);
  toro_test_wait (&later);
  g_assert_cmpuint (rec.done, ==, 1);
  toro_test_rec_clear (&rec);
  toro_test_rec_clear (&later);
}

static void
test_condition_deadline_absolute (void)
{
  g_autoptr(ToroCondition) cond = toro_condition_new ();
  ToroTestRec rec;
  gint64 deadline = g_get_monotonic_time () + 20 * 1000;

  g_test_summary ("An absolute deadline: TIMEOUT (Toro raises Timeout; Tornado would return False)");

  toro_test_rec_init (&rec, "w", NULL);
  toro_condition_wait_async (cond, deadline, NULL, toro_test_rec_cb, &rec);
  toro_test_wait (&rec);
  toro_test_assert_timeout (&rec);
  g_assert_cmpint (g_get_monotonic_time (), >=, deadline);
  g_assert_cmpuint (toro_condition_debug_n_waiters (cond), ==, 0);
  toro_test_rec_clear (&rec);
}

static void
test_condition_deadline_past (void)
{
  g_autoptr(ToroCondition) cond = toro_condition_new ();
  ToroTestRec rec;

  g_test_summary ("A deadline in the past fails without queueing, from the next iteration");

  toro_test_rec_init (&rec, "w", NULL);
  toro_condition_wait_async (cond, g_get_monotonic_time (), NULL, toro_test_rec_cb, &rec);
  g_assert_cmpuint (toro_condition_debug_n_waiters (cond), ==, 0);
  g_assert_cmpuint (rec.done, ==, 0);
  toro_test_flush ();
  toro_test_assert_timeout (&rec);
  toro_test_rec_clear (&rec);
}

static void
nested_notify (gpointer data)
{
  toro_condition_notify (data, 1);
}

static void
test_condition_nested_notify (void)
{
  g_autoptr(ToroCondition) cond = toro_condition_new ();
  g_autoptr(GString) log = g_string_new (NULL);
  ToroTestRec recs[3];

  g_test_summary ("Waiter 1's callback calls notify(); notify(2) then completes all three (tornado test_nested_notify)");

  wait_n (cond, recs, 3, log);
  recs[1].then = nested_notify;
  recs[1].then_data = cond;

  toro_condition_notify (cond, 2);
  toro_test_wait (&recs[2]);
  g_assert_cmpstr (log->str, ==, "0 1 2");
  clear_n (recs, 3);
}

static void
test_condition_cancel_before (void)
{
  g_autoptr(ToroCondition) cond = toro_condition_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  ToroTestRec rec;

  g_test_summary ("An already-cancelled wait fails and is not queued");

  toro_test_rec_init (&rec, "w", NULL);
  g_cancellable_cancel (cancellable);
  toro_condition_wait_async (cond, TORO_NO_DEADLINE, cancellable, toro_test_rec_cb, &rec);
  g_assert_cmpuint (toro_condition_debug_n_waiters (cond), ==, 0);
  toro_test_wait (&rec);
  toro_test_assert_cancelled (&rec);
  toro_test_rec_clear (&rec);
}

static void
test_condition_cancel_waiting (void)
{
  g_autoptr(ToroCondition) cond = toro_condition_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GString) log = g_string_new (NULL);
  ToroTestRec a, b;

  g_test_summary ("A cancelled waiter leaves at once and does not use up a notification");

  toro_test_rec_init (&a, "a", log);
  toro_test_rec_init (&b, "b", log);
  toro_condition_wait_async (cond, toro_test_ms (10000), cancellable, toro_test_rec_cb, &a);
  toro_condition_wait_async (cond, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &b);
  g_cancellable_cancel (cancellable);
  g_assert_cmpuint (toro_condition_debug_n_waiters (cond), ==, 1);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 0);

  toro_condition_notify (cond, 1);
  toro_test_flush ();
  g_assert_cmpstr (log->str, ==, "a:cancelled b");
  toro_test_rec_clear (&a);
  toro_test_rec_clear (&b);
}

static void
test_condition_cancelled_wakeup (void)
{
  g_autoptr(ToroCondition) cond = toro_condition_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  ToroTestRec first, second;

  g_test_summary ("notify(1); the woken waiter is cancelled before it runs: the notification is not lost (cpython#112202)");

  toro_test_rec_init (&first, "first", NULL);
  toro_test_rec_init (&second, "second", NULL);
  toro_condition_wait_async (cond, TORO_NO_DEADLINE, cancellable, toro_test_rec_cb, &first);
  toro_condition_wait_async (cond, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &second);

  toro_condition_notify (cond, 1);
  g_cancellable_cancel (cancellable);
  toro_test_flush ();

  /* The notification was delivered to the first waiter, which was told
   * so: it was consumed, not dropped. The second still waits for its own. */
  toro_test_assert_ok (&first);
  g_assert_cmpuint (second.done, ==, 0);
  toro_condition_notify (cond, 1);
  toro_test_wait (&second);
  toro_test_assert_ok (&second);
  toro_test_rec_clear (&first);
  toro_test_rec_clear (&second);
}

static void
test_condition_timeouts_leave_no_residue (void)
{
  g_autoptr(ToroCondition) cond = toro_condition_new ();
  ToroTestRec recs[101], live;

  g_test_summary ("101 timed-out waiters and a live one: the queue is trimmed to 1 and notify() wakes the live one (tornado test_garbage_collection)");

  for (guint i = 0; i < G_N_ELEMENTS (recs); i++)
    {
      toro_test_rec_init (&recs[i], "t", NULL);
      toro_condition_wait_async (cond, toro_test_ms (10), NULL, toro_test_rec_cb, &recs[i]);
    }
  toro_test_rec_init (&live, "live", NULL);
  toro_condition_wait_async (cond, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &live);
  g_assert_cmpuint (toro_condition_debug_n_waiters (cond), ==, 102);

  for (guint i = 0; i < G_N_ELEMENTS (recs); i++)
    toro_test_wait (&recs[i]);
  g_assert_cmpuint (toro_condition_debug_n_waiters (cond), ==, 1);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 0);

  toro_condition_notify (cond, 1);
  toro_test_wait (&live);
  toro_test_assert_ok (&live);
  clear_n (recs, G_N_ELEMENTS (recs));
  toro_test_rec_clear (&live);
}

static void
test_condition_bad_arguments (void)
{
  g_test_summary ("NULL arguments are rejected with a critical");

  if (!g_test_undefined ())
    return;

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*TORO_IS_CONDITION*");
  toro_condition_notify (NULL, 1);
  g_test_assert_expected_messages ();

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*TORO_IS_CONDITION*");
  toro_condition_notify_all (NULL);
  g_test_assert_expected_messages ();

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*TORO_IS_CONDITION*");
  toro_condition_wait_async (NULL, TORO_NO_DEADLINE, NULL, NULL, NULL);
  g_test_assert_expected_messages ();
}

int
main (int    argc,
      char **argv)
{
  toro_test_init (&argc, &argv);

  g_test_add_func ("/condition/example/seed", test_condition_seed_example);
  g_test_add_func ("/condition/notify/not-stored", test_condition_notify_not_stored);
  g_test_add_func ("/condition/notify/one", test_condition_notify_one);
  g_test_add_func ("/condition/notify/n", test_condition_notify_n);
  g_test_add_func ("/condition/notify/zero", test_condition_notify_zero);
  g_test_add_func ("/condition/notify/all", test_condition_notify_all);
  g_test_add_func ("/condition/notify/nested", test_condition_nested_notify);
  g_test_add_func ("/condition/deadline/notify-n", test_condition_notify_n_with_timeout);
  g_test_add_func ("/condition/deadline/notify-all", test_condition_notify_all_with_timeout);
  g_test_add_func ("/condition/deadline/preempted", test_condition_timeout_preempted);
  g_test_add_func ("/condition/deadline/absolute", test_condition_deadline_absolute);
  g_test_add_func ("/condition/deadline/past", test_condition_deadline_past);
  g_test_add_func ("/condition/deadline/no-residue", test_condition_timeouts_leave_no_residue);
  g_test_add_func ("/condition/cancel/before", test_condition_cancel_before);
  g_test_add_func ("/condition/cancel/waiting", test_condition_cancel_waiting);
  g_test_add_func ("/condition/cancel/after-wakeup", test_condition_cancelled_wakeup);
  g_test_add_func ("/condition/misuse/bad-arguments", test_condition_bad_arguments);

  return g_test_run ();
}
