/* test-joinable-queue.c: ToroJoinableQueue
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "toro-test-util.h"

static void
test_joinable_queue_is_a_queue (void)
{
  g_autoptr(ToroJoinableQueue) queue = toro_joinable_queue_new (3);
  guint maxsize = 0;
  static const int items[] = { 111, 333, 222 };

  g_test_summary ("A joinable queue is a first-in, first-out ToroQueue with its maxsize");

  g_assert_true (TORO_IS_QUEUE (queue));
  g_assert_cmpuint (toro_queue_get_maxsize (TORO_QUEUE (queue)), ==, 3);
  g_object_get (queue, "maxsize", &maxsize, NULL);
  g_assert_cmpuint (maxsize, ==, 3);
  g_assert_cmpuint (toro_joinable_queue_get_unfinished_tasks (queue), ==, 0);
  g_assert_true (toro_queue_empty (TORO_QUEUE (queue)));

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    toro_test_put_int (TORO_QUEUE (queue), items[i]);
  g_assert_true (toro_queue_full (TORO_QUEUE (queue)));
  g_assert_cmpuint (toro_queue_qsize (TORO_QUEUE (queue)), ==, 3);
  g_assert_cmpuint (toro_joinable_queue_get_unfinished_tasks (queue), ==, 3);

  /* Getting is not finishing: the count stays until task_done (). */
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    g_assert_cmpint (toro_test_get_int (TORO_QUEUE (queue)), ==, items[i]);
  g_assert_true (toro_queue_empty (TORO_QUEUE (queue)));
  g_assert_cmpuint (toro_joinable_queue_get_unfinished_tasks (queue), ==, 3);

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    toro_joinable_queue_task_done (queue);
  g_assert_cmpuint (toro_joinable_queue_get_unfinished_tasks (queue), ==, 0);
}

static void
test_joinable_queue_join_empty (void)
{
  g_autoptr(ToroJoinableQueue) queue = toro_joinable_queue_new (0);
  ToroTestRec first, second;

  g_test_summary ("join on a queue with no unfinished tasks completes at once, twice "
                  "(gevent issue 45, tornado test_join_empty_queue)");

  toro_test_rec_init (&first, "first", NULL);
  toro_test_rec_init (&second, "second", NULL);

  toro_joinable_queue_join_async (queue, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &first);
  /* Decided at once, delivered from the main loop. */
  g_assert_cmpuint (first.done, ==, 0);
  g_assert_cmpuint (toro_joinable_queue_debug_n_joiners (queue), ==, 0);
  toro_test_wait (&first);
  toro_test_assert_ok (&first);
  g_assert_true (first.context == g_main_context_default ());

  toro_joinable_queue_join_async (queue, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &second);
  g_assert_cmpuint (second.done, ==, 0);
  toro_test_wait (&second);
  toro_test_assert_ok (&second);
  g_assert_cmpuint (first.done, ==, 1);

  toro_test_rec_clear (&first);
  toro_test_rec_clear (&second);
}

static void
test_joinable_queue_task_done_underflow (void)
{
  g_autoptr(ToroJoinableQueue) queue = toro_joinable_queue_new (0);
  ToroTestNotifyCount count;
  ToroTestRec join;

  g_test_summary ("task_done more often than items were put emits a critical and changes "
                  "nothing (toro test_queue_task_done, tornado test_task_done_underflow)");

  if (!g_test_undefined ())
    return;

  toro_test_count_notify (queue, "unfinished-tasks", &count);
  toro_test_rec_init (&join, "join", NULL);

  /* On a fresh queue. */
  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*more times than there were items put*");
  toro_joinable_queue_task_done (queue);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (toro_joinable_queue_get_unfinished_tasks (queue), ==, 0);
  g_assert_cmpuint (count.count, ==, 0);

  /* After put, get and task_done. */
  toro_test_put_int (TORO_QUEUE (queue), 7);
  g_assert_cmpint (toro_test_get_int (TORO_QUEUE (queue)), ==, 7);
  toro_joinable_queue_task_done (queue);
  g_assert_cmpuint (toro_joinable_queue_get_unfinished_tasks (queue), ==, 0);
  g_assert_cmpuint (count.count, ==, 2);

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*more times than there were items put*");
  toro_joinable_queue_task_done (queue);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (toro_joinable_queue_get_unfinished_tasks (queue), ==, 0);
  g_assert_cmpuint (count.count, ==, 2);

  /* The count did not wrap around: the next put is one task, and a join
   * still completes once it is done. */
  toro_test_put_int (TORO_QUEUE (queue), 8);
  g_assert_cmpuint (toro_joinable_queue_get_unfinished_tasks (queue), ==, 1);
  toro_joinable_queue_join_async (queue, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &join);
  g_assert_cmpuint (toro_joinable_queue_debug_n_joiners (queue), ==, 1);
  toro_test_flush ();
  g_assert_cmpuint (join.done, ==, 0);
  g_assert_cmpint (toro_test_get_int (TORO_QUEUE (queue)), ==, 8);
  toro_joinable_queue_task_done (queue);
  g_assert_cmpuint (join.done, ==, 0);
  toro_test_wait (&join);
  toro_test_assert_ok (&join);
  toro_test_rec_clear (&join);
}

static void
test_joinable_queue_join_waits_for_task_done (void)
{
  g_autoptr(ToroJoinableQueue) queue = toro_joinable_queue_new (0);
  ToroTestRec join, get;

  g_test_summary ("join waits for task_done, not for get (tornado test_task_done_delay)");

  toro_test_rec_init (&join, "join", NULL);
  toro_test_rec_init (&get, "get", NULL);

  toro_test_put_int (TORO_QUEUE (queue), 0);
  toro_joinable_queue_join_async (queue, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &join);
  g_assert_cmpuint (join.done, ==, 0);
  g_assert_cmpuint (toro_joinable_queue_debug_n_joiners (queue), ==, 1);

  toro_queue_get_async (TORO_QUEUE (queue), TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &get);
  g_assert_cmpuint (get.done, ==, 0);
  toro_test_wait (&get);
  g_assert_cmpint (toro_test_rec_int (&get), ==, 0);

  /* Got, but not done: the join still waits, after more iterations too. */
  toro_test_flush ();
  g_assert_cmpuint (join.done, ==, 0);
  g_assert_cmpuint (toro_joinable_queue_debug_n_joiners (queue), ==, 1);
  g_assert_cmpuint (toro_joinable_queue_get_unfinished_tasks (queue), ==, 1);

  toro_joinable_queue_task_done (queue);
  /* Granted, not called back from inside task_done (). */
  g_assert_cmpuint (join.done, ==, 0);
  g_assert_cmpuint (toro_joinable_queue_debug_n_joiners (queue), ==, 0);
  toro_test_wait (&join);
  toro_test_assert_ok (&join);

  toro_test_rec_clear (&join);
  toro_test_rec_clear (&get);
}

static void
test_joinable_queue_join_callback_order (void)
{
  g_autoptr(ToroJoinableQueue) queue = toro_joinable_queue_new (0);
  g_autoptr(GString) log = g_string_new (NULL);
  ToroTestRec join;

  g_test_summary ("The join completes on the last task_done only: history "
                  "task_done1 join task_done2 (toro test_queue_join_callback, adapted)");

  toro_test_rec_init (&join, "join", log);

  toro_test_put_int (TORO_QUEUE (queue), 1);
  toro_test_put_int (TORO_QUEUE (queue), 2);
  toro_joinable_queue_join_async (queue, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &join);

  toro_joinable_queue_task_done (queue);
  toro_test_flush ();
  toro_test_log (log, "task_done1");
  g_assert_cmpuint (join.done, ==, 0);
  g_assert_cmpuint (toro_joinable_queue_get_unfinished_tasks (queue), ==, 1);

  toro_joinable_queue_task_done (queue);
  /* Toro runs the join callback inside task_done (); here it runs from the
   * next dispatch, before anything else the test does. */
  g_assert_cmpuint (join.done, ==, 0);
  toro_test_wait (&join);
  toro_test_log (log, "task_done2");

  toro_test_assert_ok (&join);
  g_assert_cmpstr (log->str, ==, "task_done1 join task_done2");
  toro_test_rec_clear (&join);
}

static void
test_joinable_queue_join_timeout (void)
{
  g_autoptr(ToroJoinableQueue) queue = toro_joinable_queue_new (0);
  ToroTestRec join, again;
  gint64 start = g_get_monotonic_time ();

  g_test_summary ("A join whose deadline passes fails with TIMEOUT and leaves unfinished_tasks "
                  "as it was (toro test_queue_join_timeout, tornado test_join_timeout)");

  toro_test_rec_init (&join, "join", NULL);
  toro_test_rec_init (&again, "again", NULL);

  toro_test_put_int (TORO_QUEUE (queue), 1);
  toro_joinable_queue_join_async (queue, toro_deadline_after (30 * 1000), NULL,
                                  toro_test_rec_cb, &join);
  g_assert_cmpuint (join.done, ==, 0);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 1);

  toro_test_wait (&join);
  toro_test_assert_timeout (&join);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 30 * 1000);
  g_assert_true (g_str_has_prefix (join.error->message,
                                   "Timed out waiting for the queue's tasks to be done"));
  g_assert_cmpuint (toro_joinable_queue_get_unfinished_tasks (queue), ==, 1);
  g_assert_cmpuint (toro_queue_qsize (TORO_QUEUE (queue)), ==, 1);
  g_assert_cmpuint (toro_joinable_queue_debug_n_joiners (queue), ==, 0);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 0);

  /* The timed-out join took nothing: the task still ends a later join. */
  toro_joinable_queue_join_async (queue, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &again);
  g_assert_cmpint (toro_test_get_int (TORO_QUEUE (queue)), ==, 1);
  toro_joinable_queue_task_done (queue);
  g_assert_cmpuint (again.done, ==, 0);
  toro_test_wait (&again);
  toro_test_assert_ok (&again);
  g_assert_cmpuint (join.done, ==, 1);

  toro_test_rec_clear (&join);
  toro_test_rec_clear (&again);
}

static void
test_joinable_queue_join_rearms (void)
{
  g_autoptr(ToroJoinableQueue) queue = toro_joinable_queue_new (0);
  ToroTestRec recs[5];
  GValue bar = G_VALUE_INIT;
  GError *error = NULL;

  g_test_summary ("join is instant when all is done, waits again after a put, and is instant "
                  "again after task_done (toro test_queue_join_clear)");

  for (guint i = 0; i < G_N_ELEMENTS (recs); i++)
    toro_test_rec_init (&recs[i], "join", NULL);

  toro_test_put_int (TORO_QUEUE (queue), 0);
  toro_joinable_queue_task_done (queue);

  for (guint i = 0; i < 2; i++)
    {
      toro_joinable_queue_join_async (queue, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &recs[i]);
      g_assert_cmpuint (recs[i].done, ==, 0);
      toro_test_flush ();
      toro_test_assert_ok (&recs[i]);
    }

  g_value_init (&bar, G_TYPE_STRING);
  g_value_set_static_string (&bar, "bar");
  g_assert_true (toro_queue_put_nowait (TORO_QUEUE (queue), &bar, &error));
  g_assert_no_error (error);
  g_value_unset (&bar);
  g_assert_cmpuint (toro_joinable_queue_get_unfinished_tasks (queue), ==, 1);

  toro_joinable_queue_join_async (queue, toro_test_ms (20), NULL, toro_test_rec_cb, &recs[2]);
  g_assert_cmpuint (recs[2].done, ==, 0);
  g_assert_cmpuint (toro_joinable_queue_debug_n_joiners (queue), ==, 1);
  toro_test_wait (&recs[2]);
  toro_test_assert_timeout (&recs[2]);

  toro_joinable_queue_task_done (queue);
  for (guint i = 3; i < G_N_ELEMENTS (recs); i++)
    {
      toro_joinable_queue_join_async (queue, toro_test_ms (10000), NULL,
                                      toro_test_rec_cb, &recs[i]);
      g_assert_cmpuint (recs[i].done, ==, 0);
      g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 0);
      toro_test_flush ();
      toro_test_assert_ok (&recs[i]);
    }

  /* Items are not tasks: "bar" is still queued, and freed with the queue. */
  g_assert_cmpuint (toro_queue_qsize (TORO_QUEUE (queue)), ==, 2);

  for (guint i = 0; i < G_N_ELEMENTS (recs); i++)
    toro_test_rec_clear (&recs[i]);
}

static void
test_joinable_queue_handoff_counts (void)
{
  g_autoptr(ToroJoinableQueue) queue = toro_joinable_queue_new (1);
  ToroTestNotifyCount count;
  ToroTestRec get1, get2, put2, join;
  GValue value = G_VALUE_INIT;
  GError *error = NULL;

  g_test_summary ("An item handed straight to a waiting getter counts as an unfinished task "
                  "until task_done (toro Queue.put comment, tornado __put_internal)");

  toro_test_count_notify (queue, "unfinished-tasks", &count);
  toro_test_rec_init (&get1, "get1", NULL);
  toro_test_rec_init (&get2, "get2", NULL);
  toro_test_rec_init (&put2, "put2", NULL);
  toro_test_rec_init (&join, "join", NULL);

  /* Handed off by put_nowait (). */
  toro_queue_get_async (TORO_QUEUE (queue), TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &get1);
  g_assert_cmpuint (toro_queue_debug_n_getters (TORO_QUEUE (queue)), ==, 1);
  g_assert_true (toro_queue_put_nowait (TORO_QUEUE (queue), toro_test_int_value (&value, 10),
                                        &error));
  g_assert_no_error (error);
  g_value_unset (&value);
  g_assert_cmpuint (toro_joinable_queue_get_unfinished_tasks (queue), ==, 1);
  g_assert_cmpuint (count.count, ==, 1);
  g_assert_cmpuint (toro_queue_qsize (TORO_QUEUE (queue)), ==, 0);
  g_assert_cmpuint (get1.done, ==, 0);

  /* Handed off by put_async (). */
  toro_queue_get_async (TORO_QUEUE (queue), TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &get2);
  toro_test_put_int_async (queue, 20, TORO_NO_DEADLINE, NULL, &put2);
  g_assert_cmpuint (toro_joinable_queue_get_unfinished_tasks (queue), ==, 2);
  g_assert_cmpuint (count.count, ==, 2);
  g_assert_cmpuint (toro_queue_qsize (TORO_QUEUE (queue)), ==, 0);
  g_assert_cmpuint (get2.done, ==, 0);
  g_assert_cmpuint (put2.done, ==, 0);

  toro_test_wait (&get1);
  toro_test_wait (&get2);
  toro_test_wait (&put2);
  g_assert_cmpint (toro_test_rec_int (&get1), ==, 10);
  g_assert_cmpint (toro_test_rec_int (&get2), ==, 20);
  toro_test_assert_ok (&put2);

  /* Still unfinished after the getters ran. */
  g_assert_cmpuint (toro_joinable_queue_get_unfinished_tasks (queue), ==, 2);
  toro_joinable_queue_join_async (queue, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &join);
  toro_joinable_queue_task_done (queue);
  toro_test_flush ();
  g_assert_cmpuint (join.done, ==, 0);
  toro_joinable_queue_task_done (queue);
  g_assert_cmpuint (toro_joinable_queue_get_unfinished_tasks (queue), ==, 0);
  g_assert_cmpuint (join.done, ==, 0);
  toro_test_wait (&join);
  toro_test_assert_ok (&join);

  toro_test_rec_clear (&get1);
  toro_test_rec_clear (&get2);
  toro_test_rec_clear (&put2);
  toro_test_rec_clear (&join);
}

static void
test_joinable_queue_waiting_putter (void)
{
  g_autoptr(ToroJoinableQueue) queue = toro_joinable_queue_new (1);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  ToroTestRec admitted, late, cancelled;

  g_test_summary ("A blocked put counts once its item is admitted; a put that times out or is "
                  "cancelled never counts");

  toro_test_rec_init (&admitted, "admitted", NULL);
  toro_test_rec_init (&late, "late", NULL);
  toro_test_rec_init (&cancelled, "cancelled", NULL);

  toro_test_put_int (TORO_QUEUE (queue), 1);
  toro_test_put_int_async (queue, 2, TORO_NO_DEADLINE, NULL, &admitted);
  g_assert_cmpuint (toro_queue_debug_n_putters (TORO_QUEUE (queue)), ==, 1);
  g_assert_cmpuint (toro_joinable_queue_get_unfinished_tasks (queue), ==, 1);

  /* get_nowait () lets the blocked item in: now it is a task. */
  g_assert_cmpint (toro_test_get_int (TORO_QUEUE (queue)), ==, 1);
  g_assert_cmpuint (toro_joinable_queue_get_unfinished_tasks (queue), ==, 2);
  g_assert_cmpuint (admitted.done, ==, 0);
  toro_test_wait (&admitted);
  toro_test_assert_ok (&admitted);

  /* The queue is full again: these fail and add nothing. */
  toro_test_put_int_async (queue, 3, toro_test_ms (20), NULL, &late);
  toro_test_put_int_async (queue, 4, TORO_NO_DEADLINE, cancellable, &cancelled);
  g_cancellable_cancel (cancellable);
  toro_test_wait (&late);
  toro_test_wait (&cancelled);
  toro_test_assert_timeout (&late);
  toro_test_assert_cancelled (&cancelled);
  g_assert_cmpuint (toro_joinable_queue_get_unfinished_tasks (queue), ==, 2);
  g_assert_cmpuint (toro_queue_qsize (TORO_QUEUE (queue)), ==, 1);
  g_assert_cmpint (toro_test_get_int (TORO_QUEUE (queue)), ==, 2);

  toro_joinable_queue_task_done (queue);
  toro_joinable_queue_task_done (queue);
  g_assert_cmpuint (toro_joinable_queue_get_unfinished_tasks (queue), ==, 0);

  toro_test_rec_clear (&admitted);
  toro_test_rec_clear (&late);
  toro_test_rec_clear (&cancelled);
}

static void
test_joinable_queue_two_joins (void)
{
  g_autoptr(ToroJoinableQueue) queue = toro_joinable_queue_new (0);
  g_autoptr(GString) log = g_string_new (NULL);
  ToroTestRec j1, j2;

  g_test_summary ("Every join waiting completes on the last task_done, in the order they came");

  toro_test_rec_init (&j1, "j1", log);
  toro_test_rec_init (&j2, "j2", log);

  toro_test_put_int (TORO_QUEUE (queue), 5);
  toro_joinable_queue_join_async (queue, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &j1);
  toro_joinable_queue_join_async (queue, toro_test_ms (10000), NULL, toro_test_rec_cb, &j2);
  g_assert_cmpuint (toro_joinable_queue_debug_n_joiners (queue), ==, 2);
  toro_test_flush ();
  g_assert_cmpuint (j1.done, ==, 0);
  g_assert_cmpuint (j2.done, ==, 0);

  g_assert_cmpint (toro_test_get_int (TORO_QUEUE (queue)), ==, 5);
  toro_joinable_queue_task_done (queue);
  g_assert_cmpuint (toro_joinable_queue_debug_n_joiners (queue), ==, 0);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 0);
  g_assert_cmpuint (j1.done, ==, 0);
  g_assert_cmpuint (j2.done, ==, 0);

  toro_test_wait (&j1);
  toro_test_wait (&j2);
  toro_test_assert_ok (&j1);
  toro_test_assert_ok (&j2);
  g_assert_cmpstr (log->str, ==, "j1 j2");

  toro_test_rec_clear (&j1);
  toro_test_rec_clear (&j2);
}

static void
test_joinable_queue_deadline_past (void)
{
  g_autoptr(ToroJoinableQueue) queue = toro_joinable_queue_new (0);
  ToroTestRec idle, busy;

  g_test_summary ("A join with a deadline in the past succeeds if nothing is unfinished, "
                  "else fails with TIMEOUT without waiting");

  toro_test_rec_init (&idle, "idle", NULL);
  toro_test_rec_init (&busy, "busy", NULL);

  toro_joinable_queue_join_async (queue, g_get_monotonic_time () - 1, NULL,
                                  toro_test_rec_cb, &idle);
  g_assert_cmpuint (idle.done, ==, 0);
  toro_test_wait (&idle);
  toro_test_assert_ok (&idle);

  toro_test_put_int (TORO_QUEUE (queue), 1);
  toro_joinable_queue_join_async (queue, 0, NULL, toro_test_rec_cb, &busy);
  g_assert_cmpuint (busy.done, ==, 0);
  g_assert_cmpuint (toro_joinable_queue_debug_n_joiners (queue), ==, 0);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 0);
  toro_test_flush ();
  toro_test_assert_timeout (&busy);
  g_assert_cmpuint (toro_joinable_queue_get_unfinished_tasks (queue), ==, 1);

  toro_test_rec_clear (&idle);
  toro_test_rec_clear (&busy);
}

static void
test_joinable_queue_deadline_preempted (void)
{
  g_autoptr(ToroJoinableQueue) queue = toro_joinable_queue_new (0);
  ToroTestRec rec, later;

  g_test_summary ("A task_done before the join's deadline wins, and no TIMEOUT comes later");

  toro_test_rec_init (&rec, "join", NULL);
  toro_test_rec_init (&later, "later", NULL);

  toro_test_put_int (TORO_QUEUE (queue), 1);
  toro_joinable_queue_join_async (queue, toro_test_ms (40), NULL, toro_test_rec_cb, &rec);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 1);

  toro_joinable_queue_task_done (queue);
  /* The timer went with the grant. */
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 0);
  g_assert_cmpuint (rec.done, ==, 0);
  toro_test_wait (&rec);
  toro_test_assert_ok (&rec);

  /* Run past the old deadline: the callback must not run again. */
  toro_test_put_int (TORO_QUEUE (queue), 2);
  toro_joinable_queue_join_async (queue, toro_test_ms (60), NULL, toro_test_rec_cb, &later);
  toro_test_wait (&later);
  toro_test_assert_timeout (&later);
  g_assert_cmpuint (rec.done, ==, 1);
  toro_joinable_queue_task_done (queue);

  toro_test_rec_clear (&rec);
  toro_test_rec_clear (&later);
}

static void
test_joinable_queue_cancel_before (void)
{
  g_autoptr(ToroJoinableQueue) queue = toro_joinable_queue_new (0);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  ToroTestRec idle, busy;

  g_test_summary ("An already-cancelled join fails with CANCELLED, even with nothing "
                  "unfinished, and is never queued");

  toro_test_rec_init (&idle, "idle", NULL);
  toro_test_rec_init (&busy, "busy", NULL);
  g_cancellable_cancel (cancellable);

  toro_joinable_queue_join_async (queue, TORO_NO_DEADLINE, cancellable, toro_test_rec_cb, &idle);
  g_assert_cmpuint (idle.done, ==, 0);
  g_assert_cmpuint (toro_joinable_queue_debug_n_joiners (queue), ==, 0);
  toro_test_wait (&idle);
  toro_test_assert_cancelled (&idle);

  toro_test_put_int (TORO_QUEUE (queue), 1);
  toro_joinable_queue_join_async (queue, toro_test_ms (10000), cancellable,
                                  toro_test_rec_cb, &busy);
  g_assert_cmpuint (busy.done, ==, 0);
  g_assert_cmpuint (toro_joinable_queue_debug_n_joiners (queue), ==, 0);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 0);
  toro_test_wait (&busy);
  toro_test_assert_cancelled (&busy);
  g_assert_cmpuint (toro_joinable_queue_get_unfinished_tasks (queue), ==, 1);

  toro_test_rec_clear (&idle);
  toro_test_rec_clear (&busy);
}

static void
test_joinable_queue_cancel_waiting (void)
{
  g_autoptr(ToroJoinableQueue) queue = toro_joinable_queue_new (0);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  ToroTestRec cancelled, other;

  g_test_summary ("Cancelling a waiting join removes it at once; other joins still complete");

  toro_test_rec_init (&cancelled, "cancelled", NULL);
  toro_test_rec_init (&other, "other", NULL);

  toro_test_put_int (TORO_QUEUE (queue), 1);
  toro_joinable_queue_join_async (queue, toro_test_ms (10000), cancellable,
                                  toro_test_rec_cb, &cancelled);
  toro_joinable_queue_join_async (queue, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &other);
  g_assert_cmpuint (toro_joinable_queue_debug_n_joiners (queue), ==, 2);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 1);

  g_cancellable_cancel (cancellable);
  g_assert_cmpuint (toro_joinable_queue_debug_n_joiners (queue), ==, 1);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 0);
  g_assert_cmpuint (cancelled.done, ==, 0);
  toro_test_wait (&cancelled);
  toro_test_assert_cancelled (&cancelled);
  g_assert_cmpuint (toro_joinable_queue_get_unfinished_tasks (queue), ==, 1);
  g_assert_cmpuint (other.done, ==, 0);

  toro_joinable_queue_task_done (queue);
  toro_test_wait (&other);
  toro_test_assert_ok (&other);
  g_assert_cmpuint (cancelled.done, ==, 1);

  toro_test_rec_clear (&cancelled);
  toro_test_rec_clear (&other);
}

static void
test_joinable_queue_cancel_race_grant (void)
{
  g_autoptr(ToroJoinableQueue) queue = toro_joinable_queue_new (0);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  ToroTestRec join;

  g_test_summary ("task_done then cancel before the join's callback ran: the join succeeds");

  toro_test_rec_init (&join, "join", NULL);

  toro_test_put_int (TORO_QUEUE (queue), 1);
  toro_joinable_queue_join_async (queue, TORO_NO_DEADLINE, cancellable, toro_test_rec_cb, &join);
  toro_joinable_queue_task_done (queue);  /* the join is granted ... */
  g_cancellable_cancel (cancellable);     /* ... before its callback ran */
  g_assert_cmpuint (join.done, ==, 0);

  toro_test_wait (&join);
  toro_test_assert_ok (&join);
  toro_test_rec_clear (&join);
}

static void
test_joinable_queue_notify_unfinished (void)
{
  g_autoptr(ToroJoinableQueue) queue = toro_joinable_queue_new (1);
  ToroTestNotifyCount count;
  ToroTestRec getter;
  GValue value = G_VALUE_INIT;
  GError *error = NULL;
  guint unfinished = G_MAXUINT;

  g_test_summary ("notify::unfinished-tasks fires, in the changing thread, on real changes only");

  toro_test_count_notify (queue, "unfinished-tasks", &count);
  toro_test_rec_init (&getter, "getter", NULL);

  g_object_get (queue, "unfinished-tasks", &unfinished, NULL);
  g_assert_cmpuint (unfinished, ==, 0);

  toro_test_put_int (TORO_QUEUE (queue), 1);
  g_assert_cmpuint (count.count, ==, 1);
  g_assert_true (count.thread == g_thread_self ());
  g_object_get (queue, "unfinished-tasks", &unfinished, NULL);
  g_assert_cmpuint (unfinished, ==, 1);

  /* A put that fails adds nothing. */
  g_assert_false (toro_queue_put_nowait (TORO_QUEUE (queue), toro_test_int_value (&value, 2),
                                         &error));
  g_assert_error (error, TORO_ERROR, TORO_ERROR_FULL);
  g_clear_error (&error);
  g_value_unset (&value);
  g_assert_cmpuint (count.count, ==, 1);

  /* Nor does a get. */
  g_assert_cmpint (toro_test_get_int (TORO_QUEUE (queue)), ==, 1);
  g_assert_cmpuint (count.count, ==, 1);

  toro_joinable_queue_task_done (queue);
  g_assert_cmpuint (count.count, ==, 2);
  g_object_get (queue, "unfinished-tasks", &unfinished, NULL);
  g_assert_cmpuint (unfinished, ==, 0);

  /* A hand-off is a change too, notified before the getter's callback. */
  toro_queue_get_async (TORO_QUEUE (queue), TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &getter);
  g_assert_cmpuint (count.count, ==, 2);
  toro_test_put_int (TORO_QUEUE (queue), 3);
  g_assert_cmpuint (count.count, ==, 3);
  g_assert_cmpuint (getter.done, ==, 0);
  toro_test_wait (&getter);
  g_assert_cmpint (toro_test_rec_int (&getter), ==, 3);
  g_assert_cmpuint (count.count, ==, 3);

  toro_joinable_queue_task_done (queue);
  g_assert_cmpuint (count.count, ==, 4);
  g_object_get (queue, "unfinished-tasks", &unfinished, NULL);
  g_assert_cmpuint (unfinished, ==, 0);

  toro_test_rec_clear (&getter);
}

/* A consumer or producer chained through callbacks, as in Toro's docs. */
typedef struct
{
  ToroJoinableQueue *queue;
  GString           *log;          /* "Doing work on N", then "Done" */
  GArray            *history;      /* every item the consumer got, in order */
  GCancellable      *stop;         /* ends the consumer's last get */
  guint              processed[10];
  int                n_items;
  int                next_put;
  gboolean           producer_done;
  gboolean           consumer_stopped;
} ProducerConsumer;

static void consumer_get (ProducerConsumer *pc);
static void producer_put (ProducerConsumer *pc);

static void
consumer_got_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ProducerConsumer *pc = user_data;
  GError *error = NULL;
  GValue *item = toro_queue_get_finish (TORO_QUEUE (source), result, &error);
  char *entry;
  int i;

  if (item == NULL)
    {
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_clear_error (&error);
      pc->consumer_stopped = TRUE;
      return;
    }

  g_assert_true (G_VALUE_HOLDS_INT (item));
  i = g_value_get_int (item);
  g_boxed_free (G_TYPE_VALUE, item);
  g_assert_cmpint (i, >=, 0);
  g_assert_cmpint (i, <, pc->n_items);

  pc->processed[i]++;
  g_array_append_val (pc->history, i);
  entry = g_strdup_printf ("Doing work on %d", i);
  toro_test_log (pc->log, entry);
  g_free (entry);

  /* No wait between get and task_done. */
  toro_joinable_queue_task_done (pc->queue);
  consumer_get (pc);
}

static void
consumer_get (ProducerConsumer *pc)
{
  toro_queue_get_async (TORO_QUEUE (pc->queue), TORO_NO_DEADLINE, pc->stop,
                        consumer_got_cb, pc);
}

static void
producer_put_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ProducerConsumer *pc = user_data;
  GError *error = NULL;

  g_assert_true (toro_queue_put_finish (TORO_QUEUE (source), result, &error));
  g_assert_no_error (error);

  if (++pc->next_put < pc->n_items)
    producer_put (pc);
  else
    pc->producer_done = TRUE;
}

static void
producer_put (ProducerConsumer *pc)
{
  GValue value = G_VALUE_INIT;

  toro_queue_put_async (TORO_QUEUE (pc->queue), toro_test_int_value (&value, pc->next_put),
                        TORO_NO_DEADLINE, NULL, producer_put_cb, pc);
  g_value_unset (&value);
}

static void
producer_consumer_init (ProducerConsumer *pc,
                        guint             maxsize)
{
  memset (pc, 0, sizeof *pc);
  pc->queue = toro_joinable_queue_new (maxsize);
  pc->log = g_string_new (NULL);
  pc->history = g_array_new (FALSE, FALSE, sizeof (int));
  pc->stop = g_cancellable_new ();
  pc->n_items = G_N_ELEMENTS (pc->processed);
}

/* Stops the consumer and checks that nothing is left behind. */
static void
producer_consumer_finish (ProducerConsumer *pc)
{
  char *log_before = g_strdup (pc->log->str);
  guint finalized = 0;

  g_cancellable_cancel (pc->stop);
  toro_test_wait_flag (&pc->consumer_stopped);
  g_assert_cmpstr (pc->log->str, ==, log_before);
  g_free (log_before);

  g_assert_cmpuint (toro_joinable_queue_get_unfinished_tasks (pc->queue), ==, 0);
  g_assert_cmpuint (toro_queue_qsize (TORO_QUEUE (pc->queue)), ==, 0);
  g_assert_cmpuint (toro_queue_debug_n_getters (TORO_QUEUE (pc->queue)), ==, 0);
  g_assert_cmpuint (toro_queue_debug_n_putters (TORO_QUEUE (pc->queue)), ==, 0);
  g_assert_cmpuint (toro_joinable_queue_debug_n_joiners (pc->queue), ==, 0);

  g_object_weak_ref (G_OBJECT (pc->queue), toro_test_weak_count_cb, &finalized);
  g_object_unref (pc->queue);
  g_assert_true (finalized);

  g_string_free (pc->log, TRUE);
  g_array_unref (pc->history);
  g_object_unref (pc->stop);
}

static void
test_joinable_queue_producer_consumer (void)
{
  ProducerConsumer pc;
  ToroTestRec join;

  g_test_summary ("Producer and consumer with maxsize 3 and task_done right after get: "
                  "the join after the producer sees every item 0..9 "
                  "(tornado queues_test.py ProducerConsumerTest)");

  producer_consumer_init (&pc, 3);
  toro_test_rec_init (&join, "join", NULL);

  consumer_get (&pc);
  producer_put (&pc);
  g_assert_cmpuint (pc.history->len, ==, 0);
  g_assert_false (pc.producer_done);

  toro_test_wait_flag (&pc.producer_done);
  toro_joinable_queue_join_async (pc.queue, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &join);
  g_assert_cmpuint (join.done, ==, 0);
  toro_test_wait (&join);
  toro_test_assert_ok (&join);

  g_assert_cmpuint (pc.history->len, ==, 10);
  for (int i = 0; i < 10; i++)
    g_assert_cmpint (g_array_index (pc.history, int, i), ==, i);

  producer_consumer_finish (&pc);
  toro_test_rec_clear (&join);
}

static void
test_joinable_queue_toro_docs_example (void)
{
  ProducerConsumer pc;
  ToroTestRec join;
  g_autoptr(GString) expected = g_string_new (NULL);

  g_test_summary ("The producer-consumer example from Toro's docs: JoinableQueue(maxsize=3), "
                  "every item worked on once and in order, then Done");

  producer_consumer_init (&pc, 3);
  toro_test_rec_init (&join, "Done", pc.log);

  /* main (): start the consumer and the producer; wait for the producer to
   * have put everything, then for every task to be done. */
  consumer_get (&pc);
  producer_put (&pc);
  g_assert_cmpstr (pc.log->str, ==, "");
  g_assert_cmpint (pc.next_put, ==, 0);

  toro_test_wait_flag (&pc.producer_done);
  toro_joinable_queue_join_async (pc.queue, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &join);
  g_assert_cmpuint (join.done, ==, 0);
  toro_test_wait (&join);
  toro_test_assert_ok (&join);

  for (int i = 0; i < 10; i++)
    g_string_append_printf (expected, "Doing work on %d ", i);
  g_string_append (expected, "Done");
  g_assert_cmpstr (pc.log->str, ==, expected->str);

  for (int i = 0; i < 10; i++)
    g_assert_cmpuint (pc.processed[i], ==, 1);
  g_assert_cmpint (pc.next_put, ==, 10);

  producer_consumer_finish (&pc);
  toro_test_rec_clear (&join);
}

/* One of several workers that get and task_done until a sentinel. */
typedef struct
{
  ToroJoinableQueue *queue;
  guint             *seen;      /* shared: how often each item was processed */
  guint              n_seen;
  guint              n_done;
  gint64             sum;
  gboolean           stopped;
} Worker;

static void worker_get (Worker *worker);

static void
worker_got_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Worker *worker = user_data;
  GError *error = NULL;
  GValue *item = toro_queue_get_finish (TORO_QUEUE (source), result, &error);
  int i;

  g_assert_no_error (error);
  g_assert_nonnull (item);
  i = g_value_get_int (item);
  g_boxed_free (G_TYPE_VALUE, item);

  if (i < 0)
    {
      /* The sentinel is a task too. */
      worker->stopped = TRUE;
      toro_joinable_queue_task_done (worker->queue);
      return;
    }

  g_assert_cmpint (i, <, (int) worker->n_seen);
  worker->seen[i]++;
  worker->sum += i;
  worker->n_done++;
  toro_joinable_queue_task_done (worker->queue);
  worker_get (worker);
}

static void
worker_get (Worker *worker)
{
  toro_queue_get_async (TORO_QUEUE (worker->queue), TORO_NO_DEADLINE, NULL,
                        worker_got_cb, worker);
}

static void
test_joinable_queue_two_workers (void)
{
  g_autoptr(ToroJoinableQueue) queue = toro_joinable_queue_new (0);
  guint seen[100] = { 0, };
  Worker workers[2];
  ToroTestRec join, join_again;

  g_test_summary ("Two workers get and task_done 100 items: join sees each item processed "
                  "once, then sentinels stop them and join works again "
                  "(toro queue_join_test, from gevent)");

  toro_test_rec_init (&join, "join", NULL);
  toro_test_rec_init (&join_again, "join-again", NULL);

  for (guint w = 0; w < G_N_ELEMENTS (workers); w++)
    {
      workers[w] = (Worker) { queue, seen, G_N_ELEMENTS (seen), 0, 0, FALSE };
      worker_get (&workers[w]);
    }
  g_assert_cmpuint (toro_queue_debug_n_getters (TORO_QUEUE (queue)), ==, 2);

  for (int i = 0; i < (int) G_N_ELEMENTS (seen); i++)
    toro_test_put_int (TORO_QUEUE (queue), i);
  /* Two went straight to the workers; all 100 are tasks. */
  g_assert_cmpuint (toro_joinable_queue_get_unfinished_tasks (queue), ==, 100);
  g_assert_cmpuint (toro_queue_qsize (TORO_QUEUE (queue)), ==, 98);
  g_assert_cmpuint (workers[0].n_done + workers[1].n_done, ==, 0);

  toro_joinable_queue_join_async (queue, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &join);
  toro_test_wait (&join);
  toro_test_assert_ok (&join);

  g_assert_cmpuint (toro_joinable_queue_get_unfinished_tasks (queue), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (seen); i++)
    g_assert_cmpuint (seen[i], ==, 1);
  g_assert_cmpint (workers[0].sum + workers[1].sum, ==, 99 * 100 / 2);
  g_assert_cmpuint (workers[0].n_done + workers[1].n_done, ==, 100);
  /* The first two items were handed to the workers in the order they waited. */
  g_assert_cmpuint (workers[0].n_done, >, 0);
  g_assert_cmpuint (workers[1].n_done, >, 0);

  /* Sentinels end both workers; the queue joins again. */
  for (guint w = 0; w < G_N_ELEMENTS (workers); w++)
    toro_test_put_int (TORO_QUEUE (queue), -1);
  g_assert_cmpuint (toro_joinable_queue_get_unfinished_tasks (queue), ==, 2);
  toro_joinable_queue_join_async (queue, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &join_again);
  g_assert_cmpuint (join_again.done, ==, 0);
  toro_test_wait (&join_again);
  toro_test_assert_ok (&join_again);
  g_assert_true (workers[0].stopped);
  g_assert_true (workers[1].stopped);
  g_assert_cmpuint (toro_queue_debug_n_getters (TORO_QUEUE (queue)), ==, 0);
  g_assert_cmpuint (toro_queue_qsize (TORO_QUEUE (queue)), ==, 0);

  toro_test_rec_clear (&join);
  toro_test_rec_clear (&join_again);
}

typedef struct
{
  ToroJoinableQueue *queue;
  GMainContext      *context;
  ToroTestRec        rec;
  GMutex             mutex;
  GCond              cond;
  gboolean           started;
} JoinThread;

static gpointer
join_thread_func (gpointer data)
{
  JoinThread *jt = data;

  g_main_context_push_thread_default (jt->context);

  toro_joinable_queue_join_async (jt->queue, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &jt->rec);
  g_assert_cmpuint (jt->rec.done, ==, 0);

  g_mutex_lock (&jt->mutex);
  jt->started = TRUE;
  g_cond_signal (&jt->cond);
  g_mutex_unlock (&jt->mutex);

  toro_test_wait (&jt->rec);

  g_main_context_pop_thread_default (jt->context);
  return NULL;
}

static void
test_joinable_queue_join_other_thread (void)
{
  g_autoptr(ToroJoinableQueue) queue = toro_joinable_queue_new (0);
  JoinThread jt;
  GThread *thread;

  g_test_summary ("A join from another thread completes in that thread's main context when "
                  "this thread calls task_done");

  memset (&jt, 0, sizeof jt);
  jt.queue = queue;
  jt.context = g_main_context_new ();
  toro_test_rec_init (&jt.rec, "join", NULL);
  g_mutex_init (&jt.mutex);
  g_cond_init (&jt.cond);

  toro_test_put_int (TORO_QUEUE (queue), 1);
  thread = g_thread_new ("joiner", join_thread_func, &jt);

  g_mutex_lock (&jt.mutex);
  while (!jt.started)
    g_cond_wait (&jt.cond, &jt.mutex);
  g_mutex_unlock (&jt.mutex);
  g_assert_cmpuint (toro_joinable_queue_debug_n_joiners (queue), ==, 1);

  g_assert_cmpint (toro_test_get_int (TORO_QUEUE (queue)), ==, 1);
  toro_joinable_queue_task_done (queue);
  /* Nothing for this thread's context to do. */
  toro_test_flush ();

  g_thread_join (thread);
  toro_test_assert_ok (&jt.rec);
  g_assert_true (jt.rec.context == jt.context);
  g_assert_true (jt.rec.thread == thread);

  toro_test_rec_clear (&jt.rec);
  g_mutex_clear (&jt.mutex);
  g_cond_clear (&jt.cond);
  g_main_context_unref (jt.context);
}

static void
test_joinable_queue_bad_arguments (void)
{
  g_autoptr(ToroJoinableQueue) queue = toro_joinable_queue_new (0);
  g_autoptr(ToroQueue) plain = toro_queue_new (0);
  g_autoptr(GObject) not_a_cancellable = g_object_new (G_TYPE_OBJECT, NULL);

  g_test_summary ("NULL or wrong-typed arguments are rejected with a critical and change nothing");

  if (!g_test_undefined ())
    return;

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*TORO_IS_JOINABLE_QUEUE*");
  toro_joinable_queue_task_done (NULL);
  g_test_assert_expected_messages ();

  /* A plain queue is not a joinable one. */
  toro_test_put_int (plain, 1);
  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*TORO_IS_JOINABLE_QUEUE*");
  toro_joinable_queue_task_done ((ToroJoinableQueue *) plain);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (toro_queue_qsize (plain), ==, 1);

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*TORO_IS_JOINABLE_QUEUE*");
  g_assert_cmpuint (toro_joinable_queue_get_unfinished_tasks (NULL), ==, 0);
  g_test_assert_expected_messages ();

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*TORO_IS_JOINABLE_QUEUE*");
  toro_joinable_queue_join_async (NULL, TORO_NO_DEADLINE, NULL, NULL, NULL);
  g_test_assert_expected_messages ();

  toro_test_put_int (TORO_QUEUE (queue), 1);
  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*G_IS_CANCELLABLE*");
  toro_joinable_queue_join_async (queue, TORO_NO_DEADLINE, (GCancellable *) not_a_cancellable,
                                  NULL, NULL);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (toro_joinable_queue_debug_n_joiners (queue), ==, 0);

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*toro_waiter_is_valid*");
  g_assert_false (toro_joinable_queue_join_finish (queue, NULL, NULL));
  g_test_assert_expected_messages ();

  g_assert_cmpuint (toro_joinable_queue_get_unfinished_tasks (queue), ==, 1);
  toro_test_flush ();
}

static void
test_joinable_queue_finish_wrong_result (void)
{
  g_autoptr(ToroJoinableQueue) queue = toro_joinable_queue_new (0);
  g_autoptr(ToroJoinableQueue) other = toro_joinable_queue_new (0);
  g_autoptr(GAsyncResult) join_result = NULL;
  g_autoptr(GAsyncResult) get_result = NULL;

  g_test_summary ("join_finish given another queue's or another operation's result is rejected");

  if (!g_test_undefined ())
    return;

  toro_joinable_queue_join_async (other, TORO_NO_DEADLINE, NULL, toro_test_keep_result_cb, &join_result);
  toro_test_run_until (toro_test_result_is_kept, &join_result);
  toro_test_put_int (TORO_QUEUE (queue), 1);
  toro_queue_get_async (TORO_QUEUE (queue), TORO_NO_DEADLINE, NULL, toro_test_keep_result_cb, &get_result);
  toro_test_run_until (toro_test_result_is_kept, &get_result);

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*toro_waiter_is_valid*");
  g_assert_false (toro_joinable_queue_join_finish (queue, join_result, NULL));
  g_test_assert_expected_messages ();

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*toro_waiter_is_valid*");
  g_assert_false (toro_joinable_queue_join_finish (queue, get_result, NULL));
  g_test_assert_expected_messages ();

  /* The right object and operation still finish them. */
  g_assert_true (g_async_result_is_tagged (join_result, toro_joinable_queue_join_async));
  g_assert_true (toro_joinable_queue_join_finish (other, join_result, NULL));
  {
    GValue *item = toro_queue_get_finish (TORO_QUEUE (queue), get_result, NULL);

    g_assert_nonnull (item);
    g_assert_cmpint (g_value_get_int (item), ==, 1);
    g_boxed_free (G_TYPE_VALUE, item);
  }
  toro_joinable_queue_task_done (queue);
}

static void
test_joinable_queue_unref_while_joining (void)
{
  ToroJoinableQueue *queue = toro_joinable_queue_new (0);
  ToroTestRec rec;
  guint finalized = 0;

  g_test_summary ("A pending join keeps its queue alive; dropping the last user reference "
                  "fails nothing");

  toro_test_rec_init (&rec, "join", NULL);
  g_object_weak_ref (G_OBJECT (queue), toro_test_weak_count_cb, &finalized);
  toro_test_put_int (TORO_QUEUE (queue), 1);
  toro_joinable_queue_join_async (queue, toro_test_ms (20), NULL, toro_test_rec_cb, &rec);

  g_object_unref (queue);
  g_assert_false (finalized);

  /* The join ends by its deadline, as it would have; then the queue goes. */
  toro_test_wait (&rec);
  toro_test_assert_timeout (&rec);
  g_assert_true (finalized);
  toro_test_rec_clear (&rec);
}

static void
test_joinable_queue_finalize_with_tasks (void)
{
  ToroJoinableQueue *queue = toro_joinable_queue_new (0);
  GObject *object = g_object_new (G_TYPE_OBJECT, NULL);
  GValue value = G_VALUE_INIT;
  GError *error = NULL;
  guint queue_finalized = 0, object_finalized = 0;

  g_test_summary ("A queue with unfinished tasks and queued items but no waiter is finalized "
                  "by its last unref, and frees its items");

  g_object_weak_ref (G_OBJECT (queue), toro_test_weak_count_cb, &queue_finalized);
  g_object_weak_ref (object, toro_test_weak_count_cb, &object_finalized);

  g_value_init (&value, G_TYPE_OBJECT);
  g_value_set_object (&value, object);
  g_assert_true (toro_queue_put_nowait (TORO_QUEUE (queue), &value, &error));
  g_assert_no_error (error);
  g_value_unset (&value);
  g_object_unref (object);
  g_assert_false (object_finalized);
  g_assert_cmpuint (toro_joinable_queue_get_unfinished_tasks (queue), ==, 1);

  g_object_unref (queue);
  g_assert_true (queue_finalized);
  g_assert_true (object_finalized);
}

int
main (int    argc,
      char **argv)
{
  toro_test_init (&argc, &argv);

  g_test_add_func ("/joinable-queue/queue/fifo", test_joinable_queue_is_a_queue);
  g_test_add_func ("/joinable-queue/join/empty", test_joinable_queue_join_empty);
  g_test_add_func ("/joinable-queue/join/waits-for-task-done",
                   test_joinable_queue_join_waits_for_task_done);
  g_test_add_func ("/joinable-queue/join/callback-order", test_joinable_queue_join_callback_order);
  g_test_add_func ("/joinable-queue/join/timeout", test_joinable_queue_join_timeout);
  g_test_add_func ("/joinable-queue/join/re-arms", test_joinable_queue_join_rearms);
  g_test_add_func ("/joinable-queue/join/two-joins", test_joinable_queue_two_joins);
  g_test_add_func ("/joinable-queue/join/other-thread", test_joinable_queue_join_other_thread);
  g_test_add_func ("/joinable-queue/task-done/underflow", test_joinable_queue_task_done_underflow);
  g_test_add_func ("/joinable-queue/put/handoff-counts", test_joinable_queue_handoff_counts);
  g_test_add_func ("/joinable-queue/put/waiting-putter", test_joinable_queue_waiting_putter);
  g_test_add_func ("/joinable-queue/deadline/past", test_joinable_queue_deadline_past);
  g_test_add_func ("/joinable-queue/deadline/preempted", test_joinable_queue_deadline_preempted);
  g_test_add_func ("/joinable-queue/cancel/before", test_joinable_queue_cancel_before);
  g_test_add_func ("/joinable-queue/cancel/waiting", test_joinable_queue_cancel_waiting);
  g_test_add_func ("/joinable-queue/cancel/race-grant", test_joinable_queue_cancel_race_grant);
  g_test_add_func ("/joinable-queue/producer-consumer/completeness",
                   test_joinable_queue_producer_consumer);
  g_test_add_func ("/joinable-queue/producer-consumer/toro-docs",
                   test_joinable_queue_toro_docs_example);
  g_test_add_func ("/joinable-queue/producer-consumer/two-workers",
                   test_joinable_queue_two_workers);
  g_test_add_func ("/joinable-queue/property/unfinished-tasks",
                   test_joinable_queue_notify_unfinished);
  g_test_add_func ("/joinable-queue/misuse/bad-arguments", test_joinable_queue_bad_arguments);
  g_test_add_func ("/joinable-queue/misuse/wrong-result", test_joinable_queue_finish_wrong_result);
  g_test_add_func ("/joinable-queue/lifetime/unref-while-joining",
                   test_joinable_queue_unref_while_joining);
  g_test_add_func ("/joinable-queue/lifetime/finalize-with-tasks",
                   test_joinable_queue_finalize_with_tasks);

  return g_test_run ();
}
