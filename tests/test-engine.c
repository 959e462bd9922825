/* test-engine.c: the waiting engine shared by every primitive
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "toro-test-util.h"

/* A nested main loop inside a callback carries on delivering, in order. */
typedef struct
{
  ToroCondition *cond;
  ToroTestRec   *later;
} NestedLoop;

static void
run_nested_loop (gpointer data)
{
  NestedLoop *n = data;

  /* Wait, inside this callback, for a waiter that was woken together with
   * us: the dispatcher must deliver it from the nested iteration. */
  toro_test_wait (n->later);
}

static void
test_engine_nested_main_loop (void)
{
  g_autoptr(ToroCondition) cond = toro_condition_new ();
  g_autoptr(GString) log = g_string_new (NULL);
  ToroTestRec outer, later, last;
  NestedLoop n = { cond, &later };

  g_test_summary ("A callback that iterates the main context itself still gets later completions, in order");

  toro_test_rec_init (&outer, "outer", log);
  toro_test_rec_init (&later, "later", log);
  toro_test_rec_init (&last, "last", log);
  outer.then = run_nested_loop;
  outer.then_data = &n;

  toro_condition_wait_async (cond, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &outer);
  toro_condition_wait_async (cond, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &later);
  toro_condition_wait_async (cond, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &last);
  toro_condition_notify_all (cond);

  toro_test_wait (&last);
  g_assert_cmpstr (log->str, ==, "outer later last");
  toro_test_rec_clear (&outer);
  toro_test_rec_clear (&later);
  toro_test_rec_clear (&last);
}

/* A ping-pong of callbacks does not starve the context's other sources. */
typedef struct
{
  ToroEvent *event;
  guint      hops;
  guint      hops_at_idle;
  gboolean   idle_ran;
} PingPong;

static void
ping_pong_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  PingPong *p = data;

  g_assert_true (toro_event_wait_finish (p->event, result, NULL));
  if (++p->hops < 20000)
    toro_event_wait_async (p->event, TORO_NO_DEADLINE, NULL, ping_pong_cb, p);
}

static gboolean
idle_cb (gpointer data)
{
  PingPong *p = data;

  p->idle_ran = TRUE;
  p->hops_at_idle = p->hops;
  return G_SOURCE_REMOVE;
}

static gboolean
ping_pong_done (gpointer data)
{
  PingPong *p = data;

  return p->hops == 20000 && p->idle_ran;
}

static void
test_engine_fair_to_other_sources (void)
{
  g_autoptr(ToroEvent) event = toro_event_new ();
  PingPong p = { event, 0, 0, FALSE };

  g_test_summary ("20 000 back-to-back completions let an idle source of the same priority run long before they end");

  toro_event_set (event);
  toro_event_wait_async (event, TORO_NO_DEADLINE, NULL, ping_pong_cb, &p);
  g_idle_add_full (G_PRIORITY_DEFAULT, idle_cb, &p, NULL);
  toro_test_run_until (ping_pong_done, &p);

  g_assert_true (p.idle_ran);
  g_assert_cmpuint (p.hops_at_idle, <, 20000);
}

static void
test_engine_deadline_order (void)
{
  g_autoptr(ToroCondition) cond = toro_condition_new ();
  g_autoptr(GString) log = g_string_new (NULL);
  ToroTestRec recs[6];
  /* Offsets in ms; equal deadlines leave in the order they were queued. */
  static const int offsets[] = { 40, 10, 30, 10, 20, 40 };
  static const char *labels[] = { "a40", "b10", "c30", "d10", "e20", "f40" };
  gint64 base = g_get_monotonic_time ();

  g_test_summary ("Deadlines fire in deadline order, FIFO among equal deadlines, all from one timer");

  for (guint i = 0; i < G_N_ELEMENTS (recs); i++)
    {
      toro_test_rec_init (&recs[i], labels[i], log);
      toro_condition_wait_async (cond, base + offsets[i] * 1000, NULL, toro_test_rec_cb, &recs[i]);
    }
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 6);

  for (guint i = 0; i < G_N_ELEMENTS (recs); i++)
    toro_test_wait (&recs[i]);

  g_assert_cmpstr (log->str, ==,
                   "b10:timeout d10:timeout e20:timeout c30:timeout a40:timeout f40:timeout");
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (recs); i++)
    toro_test_rec_clear (&recs[i]);
}

static void
test_engine_idle_with_far_deadlines (void)
{
  g_autoptr(ToroCondition) cond = toro_condition_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  ToroTestRec recs[1000];

  g_test_summary ("Pending far deadlines (up to G_MAXINT64) make nothing ready: an iteration dispatches nothing");

  for (guint i = 0; i < G_N_ELEMENTS (recs); i++)
    {
      toro_test_rec_init (&recs[i], "w", NULL);
      toro_condition_wait_async (cond, i == 0 ? G_MAXINT64 : toro_test_ms (600000 + i), cancellable,
                                 toro_test_rec_cb, &recs[i]);
    }
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 1000);

  toro_test_flush ();
  g_assert_false (g_main_context_iteration (NULL, FALSE));
  for (guint i = 0; i < G_N_ELEMENTS (recs); i++)
    g_assert_cmpuint (recs[i].done, ==, 0);

  /* One cancellable shared by all: every waiter leaves, in order. */
  g_cancellable_cancel (cancellable);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 0);
  g_assert_cmpuint (toro_condition_debug_n_waiters (cond), ==, 0);
  toro_test_flush ();
  for (guint i = 0; i < G_N_ELEMENTS (recs); i++)
    {
      toro_test_assert_cancelled (&recs[i]);
      toro_test_rec_clear (&recs[i]);
    }
}

static void
test_engine_context_of_caller (void)
{
  g_autoptr(ToroEvent) event = toro_event_new ();
  g_autoptr(GMainContext) context = g_main_context_new ();
  ToroTestRec in_default, in_pushed;

  g_test_summary ("A waiter completes in the thread-default context of its _async call, and only there");

  toro_test_rec_init (&in_default, "default", NULL);
  toro_test_rec_init (&in_pushed, "pushed", NULL);

  g_main_context_push_thread_default (context);
  toro_event_wait_async (event, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &in_pushed);
  g_main_context_pop_thread_default (context);
  toro_event_wait_async (event, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &in_default);

  toro_event_set (event);
  toro_test_flush ();
  toro_test_assert_ok (&in_default);
  g_assert_cmpuint (in_pushed.done, ==, 0);

  g_main_context_push_thread_default (context);
  toro_test_wait (&in_pushed);
  g_main_context_pop_thread_default (context);
  toro_test_assert_ok (&in_pushed);
  g_assert_true (in_pushed.context == context);
  g_assert_true (in_default.context == g_main_context_default ());

  toro_test_rec_clear (&in_default);
  toro_test_rec_clear (&in_pushed);
}

static void
test_engine_context_recycled (void)
{
  g_autoptr(ToroLock) lock = toro_lock_new ();

  g_test_summary ("Main contexts can come and go; each new one gets working deliveries and deadlines");

  for (guint round = 0; round < 20; round++)
    {
      GMainContext *context = g_main_context_new ();
      ToroTestRec got, late;

      toro_test_rec_init (&got, "got", NULL);
      toro_test_rec_init (&late, "late", NULL);
      g_main_context_push_thread_default (context);

      toro_lock_acquire_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &got);
      toro_lock_acquire_async (lock, toro_test_ms (1), NULL, toro_test_rec_cb, &late);
      toro_test_wait (&got);
      toro_test_wait (&late);
      toro_test_assert_ok (&got);
      toro_test_assert_timeout (&late);
      g_assert_true (got.context == context);
      toro_lock_release (lock);

      toro_test_rec_clear (&got);
      toro_test_rec_clear (&late);
      g_main_context_pop_thread_default (context);
      g_main_context_unref (context);
    }
}

static void
test_engine_null_callback (void)
{
  g_autoptr(ToroLock) lock = toro_lock_new ();
  ToroTestRec next;

  g_test_summary ("An operation with no callback still takes effect");

  toro_test_rec_init (&next, "next", NULL);
  toro_lock_acquire_async (lock, TORO_NO_DEADLINE, NULL, NULL, NULL);
  g_assert_true (toro_lock_is_locked (lock));
  toro_lock_acquire_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &next);
  toro_test_flush ();
  toro_lock_release (lock);
  toro_test_wait (&next);
  toro_test_assert_ok (&next);
  toro_lock_release (lock);
  toro_test_rec_clear (&next);
}

static void
test_engine_async_result_contract (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (0);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GObject) source = NULL;
  GValue *item;

  g_test_summary ("The GAsyncResult: source object, user data, source tag; an item is handed out once");

  toro_test_put_int (queue, 7);
  toro_queue_get_async (queue, TORO_NO_DEADLINE, NULL, toro_test_keep_result_cb, &result);
  toro_test_run_until (toro_test_result_is_kept, &result);

  source = g_async_result_get_source_object (result);
  g_assert_true (source == G_OBJECT (queue));
  g_assert_true (g_async_result_get_user_data (result) == &result);
  g_assert_true (g_async_result_is_tagged (result, toro_queue_get_async));
  g_assert_false (g_async_result_is_tagged (result, toro_queue_put_async));
  g_assert_false (g_async_result_legacy_propagate_error (result, NULL));

  item = toro_queue_get_finish (queue, result, NULL);
  g_assert_nonnull (item);
  g_assert_cmpint (g_value_get_int (item), ==, 7);
  g_boxed_free (G_TYPE_VALUE, item);

  if (g_test_undefined ())
    {
      g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*already taken*");
      g_assert_null (toro_queue_get_finish (queue, result, NULL));
      g_test_assert_expected_messages ();
    }
}

static void
test_engine_cancel_in_callback (void)
{
  g_autoptr(ToroCondition) cond = toro_condition_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GString) log = g_string_new (NULL);
  ToroTestRec first, second;

  g_test_summary ("A callback may cancel another waiter, including one already woken with it");

  toro_test_rec_init (&first, "first", log);
  toro_test_rec_init (&second, "second", log);
  first.then = (void (*) (gpointer)) g_cancellable_cancel;
  first.then_data = cancellable;

  toro_condition_wait_async (cond, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &first);
  toro_condition_wait_async (cond, TORO_NO_DEADLINE, cancellable, toro_test_rec_cb, &second);
  toro_condition_notify (cond, 2);
  toro_test_wait (&second);
  /* second was notified before first's callback cancelled it. */
  g_assert_cmpstr (log->str, ==, "first second");
  toro_test_rec_clear (&first);
  toro_test_rec_clear (&second);
}

int
main (int    argc,
      char **argv)
{
  toro_test_init (&argc, &argv);

  g_test_add_func ("/engine/delivery/nested-main-loop", test_engine_nested_main_loop);
  g_test_add_func ("/engine/delivery/fair-to-other-sources", test_engine_fair_to_other_sources);
  g_test_add_func ("/engine/delivery/null-callback", test_engine_null_callback);
  g_test_add_func ("/engine/delivery/cancel-in-callback", test_engine_cancel_in_callback);
  g_test_add_func ("/engine/deadline/order", test_engine_deadline_order);
  g_test_add_func ("/engine/deadline/idle-iteration", test_engine_idle_with_far_deadlines);
  g_test_add_func ("/engine/context/of-caller", test_engine_context_of_caller);
  g_test_add_func ("/engine/context/recycled", test_engine_context_recycled);
  g_test_add_func ("/engine/result/contract", test_engine_async_result_contract);

  return g_test_run ();
}
