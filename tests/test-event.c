/* test-event.c: ToroEvent
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "toro-test-util.h"

static void
test_event_set_then_wait (void)
{
  g_autoptr(ToroEvent) event = toro_event_new ();
  ToroTestRec rec;

  g_test_summary ("After set(), wait() completes at once and is_set() is TRUE (toro test_event_nowait)");

  toro_test_rec_init (&rec, "w", NULL);
  g_assert_false (toro_event_is_set (event));
  toro_event_set (event);
  g_assert_true (toro_event_is_set (event));

  toro_event_wait_async (event, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &rec);
  g_assert_cmpuint (rec.done, ==, 0);
  g_assert_cmpuint (toro_event_debug_n_waiters (event), ==, 0);
  toro_test_flush ();
  toro_test_assert_ok (&rec);
  toro_test_rec_clear (&rec);
}

static void
set_then_clear (guint n)
{
  g_autoptr(ToroEvent) event = toro_event_new ();
  ToroTestRec *recs = g_new0 (ToroTestRec, n);

  for (guint i = 0; i < n; i++)
    {
      toro_test_rec_init (&recs[i], "w", NULL);
      toro_event_wait_async (event, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &recs[i]);
    }

  toro_event_set (event);
  toro_event_clear (event);
  g_assert_false (toro_event_is_set (event));
  toro_test_flush ();

  for (guint i = 0; i < n; i++)
    {
      toro_test_assert_ok (&recs[i]);
      toro_test_rec_clear (&recs[i]);
    }
  g_free (recs);
}

static void
test_event_set_then_clear (void)
{
  g_test_summary ("set() then clear() at once still wakes every waiter, 1 and 100 of them (gevent TestEvent_SetThenClear)");

  set_then_clear (1);
  set_then_clear (100);
}

static void
test_event_wait_set_wait_clear_wait (void)
{
  g_autoptr(ToroEvent) event = toro_event_new ();
  ToroTestRec f0, f1, f2;

  g_test_summary ("f0 = wait; set; f1 = wait; clear; f2 = wait: f0 and f1 done, f2 pending (tornado test_event)");

  toro_test_rec_init (&f0, "f0", NULL);
  toro_test_rec_init (&f1, "f1", NULL);
  toro_test_rec_init (&f2, "f2", NULL);
  toro_event_wait_async (event, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &f0);
  toro_event_set (event);
  toro_event_wait_async (event, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &f1);
  toro_event_clear (event);
  toro_event_wait_async (event, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &f2);
  toro_test_flush ();

  toro_test_assert_ok (&f0);
  toro_test_assert_ok (&f1);
  g_assert_cmpuint (f2.done, ==, 0);
  g_assert_cmpuint (toro_event_debug_n_waiters (event), ==, 1);

  toro_event_set (event);
  toro_test_wait (&f2);
  toro_test_assert_ok (&f2);
  toro_test_rec_clear (&f0);
  toro_test_rec_clear (&f1);
  toro_test_rec_clear (&f2);
}

static void
test_event_clear_noop (void)
{
  g_autoptr(ToroEvent) event = toro_event_new ();
  ToroTestRec f0, f1;

  g_test_summary ("f0 = wait; clear (a no-op); f1 = wait; set: both done (tornado test_event_wait_clear)");

  toro_test_rec_init (&f0, "f0", NULL);
  toro_test_rec_init (&f1, "f1", NULL);
  toro_event_wait_async (event, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &f0);
  toro_event_clear (event);
  toro_event_wait_async (event, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &f1);
  toro_event_set (event);
  toro_test_flush ();
  toro_test_assert_ok (&f0);
  toro_test_assert_ok (&f1);
  toro_test_rec_clear (&f0);
  toro_test_rec_clear (&f1);
}

static void
test_event_set_twice (void)
{
  g_autoptr(ToroEvent) event = toro_event_new ();
  ToroTestNotifyCount count;
  ToroTestRec rec;

  g_test_summary ("set(); set() is idempotent: one notify::flag, no waiter woken twice (tornado test_event_set_multiple)");

  toro_test_rec_init (&rec, "w", NULL);
  toro_test_count_notify (event, "flag", &count);
  toro_event_wait_async (event, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &rec);
  toro_event_set (event);
  toro_event_set (event);
  g_assert_cmpuint (count.count, ==, 1);
  g_assert_true (toro_event_is_set (event));
  toro_test_flush ();
  g_assert_cmpuint (rec.done, ==, 1);

  toro_event_clear (event);
  toro_event_clear (event);
  g_assert_cmpuint (count.count, ==, 2);
  toro_test_rec_clear (&rec);
}

static void
test_event_flag_property (void)
{
  g_autoptr(ToroEvent) event = toro_event_new ();
  gboolean flag = TRUE;

  g_test_summary ("The state is the property flag");

  g_object_get (event, "flag", &flag, NULL);
  g_assert_false (flag);
  toro_event_set (event);
  g_object_get (event, "flag", &flag, NULL);
  g_assert_true (flag);
  g_assert_null (g_object_class_find_property (G_OBJECT_GET_CLASS (event), "is-set"));
}

static void
test_event_timeout (void)
{
  g_autoptr(ToroEvent) event = toro_event_new ();
  ToroTestRec first, second;

  g_test_summary ("wait with a deadline times out; a later waiter with a longer deadline is woken by set (toro test_event_timeout)");

  toro_test_rec_init (&first, "first", NULL);
  toro_test_rec_init (&second, "second", NULL);
  toro_event_wait_async (event, toro_test_ms (10), NULL, toro_test_rec_cb, &first);
  toro_test_wait (&first);
  toro_test_assert_timeout (&first);
  g_assert_cmpuint (toro_event_debug_n_waiters (event), ==, 0);

  toro_event_wait_async (event, toro_test_ms (10000), NULL, toro_test_rec_cb, &second);
  toro_event_set (event);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 0);
  toro_test_wait (&second);
  toro_test_assert_ok (&second);
  toro_test_rec_clear (&first);
  toro_test_rec_clear (&second);
}

static void
test_event_deadline_past (void)
{
  g_autoptr(ToroEvent) event = toro_event_new ();
  ToroTestRec unset, set;

  g_test_summary ("A past deadline: TIMEOUT while clear, success once set");

  toro_test_rec_init (&unset, "unset", NULL);
  toro_test_rec_init (&set, "set", NULL);
  toro_event_wait_async (event, 0, NULL, toro_test_rec_cb, &unset);
  g_assert_cmpuint (toro_event_debug_n_waiters (event), ==, 0);
  toro_test_flush ();
  toro_test_assert_timeout (&unset);

  toro_event_set (event);
  toro_event_wait_async (event, 0, NULL, toro_test_rec_cb, &set);
  toro_test_flush ();
  toro_test_assert_ok (&set);
  toro_test_rec_clear (&unset);
  toro_test_rec_clear (&set);
}

static void
test_event_cancel (void)
{
  g_autoptr(ToroEvent) event = toro_event_new ();
  g_autoptr(GCancellable) before = g_cancellable_new ();
  g_autoptr(GCancellable) during = g_cancellable_new ();
  ToroTestRec b, d;

  g_test_summary ("Cancelled before or while waiting: CANCELLED, and the waiter leaves the set (CPython EventTest.test_wait_cancel)");

  toro_test_rec_init (&b, "b", NULL);
  toro_test_rec_init (&d, "d", NULL);

  /* Even a set event does not complete an already-cancelled wait. */
  g_cancellable_cancel (before);
  toro_event_set (event);
  toro_event_wait_async (event, TORO_NO_DEADLINE, before, toro_test_rec_cb, &b);
  toro_test_flush ();
  toro_test_assert_cancelled (&b);

  toro_event_clear (event);
  toro_event_wait_async (event, TORO_NO_DEADLINE, during, toro_test_rec_cb, &d);
  g_assert_cmpuint (toro_event_debug_n_waiters (event), ==, 1);
  g_cancellable_cancel (during);
  g_assert_cmpuint (toro_event_debug_n_waiters (event), ==, 0);
  toro_test_wait (&d);
  toro_test_assert_cancelled (&d);
  toro_test_rec_clear (&b);
  toro_test_rec_clear (&d);
}

static void
test_event_cancel_race_set (void)
{
  g_autoptr(ToroEvent) event = toro_event_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  ToroTestRec rec;

  g_test_summary ("set() then cancel in one iteration: the waiter saw the set and succeeds");

  toro_test_rec_init (&rec, "w", NULL);
  toro_event_wait_async (event, TORO_NO_DEADLINE, cancellable, toro_test_rec_cb, &rec);
  toro_event_set (event);
  g_cancellable_cancel (cancellable);
  toro_test_wait (&rec);
  toro_test_assert_ok (&rec);
  toro_test_rec_clear (&rec);
}

static void
test_event_blocked_waiters_first (void)
{
  g_autoptr(ToroEvent) event = toro_event_new ();
  g_autoptr(GString) log = g_string_new (NULL);
  ToroTestRec early, late;

  g_test_summary ("A caller that finds the event set does not overtake waiters that blocked earlier (gevent#1520)");

  toro_test_rec_init (&early, "early", log);
  toro_test_rec_init (&late, "late", log);
  toro_event_wait_async (event, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &early);
  toro_event_set (event);
  toro_event_wait_async (event, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &late);
  toro_test_flush ();
  g_assert_cmpstr (log->str, ==, "early late");
  toro_test_rec_clear (&early);
  toro_test_rec_clear (&late);
}

static void
test_event_many_waiters_order (void)
{
  g_autoptr(ToroEvent) event = toro_event_new ();
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(GString) expected = g_string_new (NULL);
  ToroTestRec recs[20];
  char labels[20][4];

  g_test_summary ("set() wakes every waiter, in the order they started waiting");

  for (guint i = 0; i < G_N_ELEMENTS (recs); i++)
    {
      g_snprintf (labels[i], sizeof labels[i], "%u", i);
      toro_test_rec_init (&recs[i], labels[i], log);
      toro_event_wait_async (event, i % 2 ? toro_test_ms (10000) : TORO_NO_DEADLINE, NULL,
                             toro_test_rec_cb, &recs[i]);
      toro_test_log (expected, labels[i]);
    }
  toro_event_set (event);
  toro_test_flush ();
  g_assert_cmpstr (log->str, ==, expected->str);
  for (guint i = 0; i < G_N_ELEMENTS (recs); i++)
    toro_test_rec_clear (&recs[i]);
}

static void
test_event_bad_arguments (void)
{
  g_test_summary ("NULL arguments are rejected with a critical");

  if (!g_test_undefined ())
    return;

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*TORO_IS_EVENT*");
  toro_event_set (NULL);
  g_test_assert_expected_messages ();

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*TORO_IS_EVENT*");
  g_assert_false (toro_event_is_set (NULL));
  g_test_assert_expected_messages ();
}

int
main (int    argc,
      char **argv)
{
  toro_test_init (&argc, &argv);

  g_test_add_func ("/event/wait/already-set", test_event_set_then_wait);
  g_test_add_func ("/event/wait/set-wait-clear-wait", test_event_wait_set_wait_clear_wait);
  g_test_add_func ("/event/wait/blocked-waiters-first", test_event_blocked_waiters_first);
  g_test_add_func ("/event/wait/order", test_event_many_waiters_order);
  g_test_add_func ("/event/set/then-clear", test_event_set_then_clear);
  g_test_add_func ("/event/set/twice", test_event_set_twice);
  g_test_add_func ("/event/clear/no-op", test_event_clear_noop);
  g_test_add_func ("/event/property/flag", test_event_flag_property);
  g_test_add_func ("/event/deadline/timeout", test_event_timeout);
  g_test_add_func ("/event/deadline/past", test_event_deadline_past);
  g_test_add_func ("/event/cancel/before-and-during", test_event_cancel);
  g_test_add_func ("/event/cancel/race-set", test_event_cancel_race_set);
  g_test_add_func ("/event/misuse/bad-arguments", test_event_bad_arguments);

  return g_test_run ();
}
