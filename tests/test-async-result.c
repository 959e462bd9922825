/* test-async-result.c: ToroAsyncResult
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "toro-test-util.h"

static GValue *
string_value (GValue     *value,
              const char *string)
{
  g_value_init (value, G_TYPE_STRING);
  g_value_set_string (value, string);
  return value;
}

/* Sets @string; asserts that it was accepted. */
static void
set_string (ToroAsyncResult *result,
            const char      *string)
{
  GValue value = G_VALUE_INIT;
  GError *error = NULL;

  g_assert_true (toro_async_result_set (result, string_value (&value, string), &error));
  g_assert_no_error (error);
  g_value_unset (&value);
}

/* Sets @string; asserts that it was refused with ALREADY_SET. */
static void
set_string_refused (ToroAsyncResult *result,
                    const char      *string)
{
  GValue value = G_VALUE_INIT;
  GError *error = NULL;

  g_assert_false (toro_async_result_set (result, string_value (&value, string), &error));
  g_assert_error (error, TORO_ERROR, TORO_ERROR_ALREADY_SET);
  g_assert_cmpstr (error->message, ==, "The result was already set");
  g_clear_error (&error);
  g_value_unset (&value);
}

/* get_nowait (); asserts that it returned the string @expected. */
static void
assert_nowait_string (ToroAsyncResult *result,
                      const char      *expected)
{
  GError *error = NULL;
  GValue *value = toro_async_result_get_nowait (result, &error);

  g_assert_no_error (error);
  g_assert_nonnull (value);
  g_assert_true (G_VALUE_HOLDS_STRING (value));
  g_assert_cmpstr (g_value_get_string (value), ==, expected);
  g_boxed_free (G_TYPE_VALUE, value);
}

static const char *
rec_string (ToroTestRec *rec)
{
  toro_test_assert_ok (rec);
  g_assert_nonnull (rec->value);
  g_assert_true (G_VALUE_HOLDS_STRING (rec->value));
  return g_value_get_string (rec->value);
}

static void
test_async_result_get_nowait_not_ready (void)
{
  g_autoptr(ToroAsyncResult) result = toro_async_result_new ();
  GError *error = NULL;
  gboolean ready = TRUE;

  g_test_summary ("get_nowait before set fails with NOT_READY (toro test_get_nowait)");

  g_assert_false (toro_async_result_is_ready (result));
  g_object_get (result, "ready", &ready, NULL);
  g_assert_false (ready);

  g_assert_null (toro_async_result_get_nowait (result, &error));
  g_assert_error (error, TORO_ERROR, TORO_ERROR_NOT_READY);
  g_clear_error (&error);

  /* Asking changes nothing; a NULL error is fine too. */
  g_assert_null (toro_async_result_get_nowait (result, NULL));
  g_assert_false (toro_async_result_is_ready (result));
  g_assert_cmpuint (toro_async_result_debug_n_waiters (result), ==, 0);

  set_string (result, "now");
  assert_nowait_string (result, "now");
}

static void
test_async_result_set_twice (void)
{
  g_autoptr(ToroAsyncResult) result = toro_async_result_new ();
  g_autoptr(GError) failure = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "late failure");
  GError *error = NULL;

  g_test_summary ("A second set fails with ALREADY_SET and the first value stays "
                  "(toro test_set; not gevent's overwrite)");

  set_string (result, "hello");
  g_assert_true (toro_async_result_is_ready (result));

  set_string_refused (result, "whatever");
  assert_nowait_string (result, "hello");
  g_assert_true (toro_async_result_is_ready (result));

  /* An error cannot replace the value either. */
  g_assert_false (toro_async_result_set_error (result, failure, &error));
  g_assert_error (error, TORO_ERROR, TORO_ERROR_ALREADY_SET);
  g_clear_error (&error);
  assert_nowait_string (result, "hello");

  /* A NULL error location is allowed; the answer is the same. */
  {
    GValue value = G_VALUE_INIT;

    g_assert_false (toro_async_result_set (result, string_value (&value, "again"), NULL));
    g_value_unset (&value);
  }
  assert_nowait_string (result, "hello");
}

static void
test_async_result_get_after_set (void)
{
  g_autoptr(ToroAsyncResult) result = toro_async_result_new ();
  ToroTestRec recs[3];
  static const char *labels[] = { "get1", "get2", "get3" };

  g_test_summary ("After set, every get and get_nowait returns the value at once "
                  "(toro test_set)");

  set_string (result, "hello");

  for (guint i = 0; i < G_N_ELEMENTS (recs); i++)
    {
      toro_test_rec_init (&recs[i], labels[i], NULL);
      toro_async_result_get_async (result, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &recs[i]);
      /* Decided at once, never queued, delivered from the main loop. */
      g_assert_cmpuint (recs[i].done, ==, 0);
      g_assert_cmpuint (toro_async_result_debug_n_waiters (result), ==, 0);
      toro_test_flush ();
      g_assert_cmpstr (rec_string (&recs[i]), ==, "hello");
      g_assert_true (recs[i].context == g_main_context_default ());
      assert_nowait_string (result, "hello");
    }

  /* Each got its own copy. */
  g_assert_true (recs[0].value != recs[1].value);
  g_assert_true (g_value_get_string (recs[0].value) != g_value_get_string (recs[1].value));

  for (guint i = 0; i < G_N_ELEMENTS (recs); i++)
    toro_test_rec_clear (&recs[i]);
}

static void
test_async_result_get_fifo (void)
{
  g_autoptr(ToroAsyncResult) result = toro_async_result_new ();
  g_autoptr(GString) log = g_string_new (NULL);
  ToroTestRec recs[3];
  static const char *labels[] = { "get1", "get2", "get3" };

  g_test_summary ("Getters waiting when set is called all get the value, in the order they "
                  "came, each its own copy (toro test_get_callback, adapted)");

  for (guint i = 0; i < G_N_ELEMENTS (recs); i++)
    {
      toro_test_rec_init (&recs[i], labels[i], log);
      toro_async_result_get_async (result, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &recs[i]);
    }
  g_assert_cmpuint (toro_async_result_debug_n_waiters (result), ==, 3);
  toro_test_flush ();
  g_assert_cmpstr (log->str, ==, "");

  set_string (result, "foo");
  /* All granted by set (), none called back from inside it. */
  g_assert_cmpuint (toro_async_result_debug_n_waiters (result), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (recs); i++)
    g_assert_cmpuint (recs[i].done, ==, 0);

  toro_test_flush ();
  g_assert_cmpstr (log->str, ==, "get1 get2 get3");
  for (guint i = 0; i < G_N_ELEMENTS (recs); i++)
    g_assert_cmpstr (rec_string (&recs[i]), ==, "foo");

  for (guint i = 0; i < G_N_ELEMENTS (recs); i++)
    for (guint j = i + 1; j < G_N_ELEMENTS (recs); j++)
      {
        g_assert_true (recs[i].value != recs[j].value);
        g_assert_true (g_value_get_string (recs[i].value) != g_value_get_string (recs[j].value));
      }

  for (guint i = 0; i < G_N_ELEMENTS (recs); i++)
    toro_test_rec_clear (&recs[i]);
}

static void
test_async_result_get_timeout (void)
{
  g_autoptr(ToroAsyncResult) result = toro_async_result_new ();
  ToroTestRec timed_out, later;
  gint64 start = g_get_monotonic_time ();

  g_test_summary ("A get whose deadline passes fails with TIMEOUT and leaves the result unset; "
                  "a later set succeeds and a later get returns it (toro test_get_timeout)");

  toro_test_rec_init (&timed_out, "timed-out", NULL);
  toro_test_rec_init (&later, "later", NULL);

  toro_async_result_get_async (result, toro_deadline_after (30 * 1000), NULL,
                               toro_test_rec_cb, &timed_out);
  g_assert_cmpuint (timed_out.done, ==, 0);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 1);

  toro_test_wait (&timed_out);
  toro_test_assert_timeout (&timed_out);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 30 * 1000);
  g_assert_true (g_str_has_prefix (timed_out.error->message,
                                   "Timed out waiting for the result to be set"));
  g_assert_null (timed_out.value);
  g_assert_false (toro_async_result_is_ready (result));
  g_assert_cmpuint (toro_async_result_debug_n_waiters (result), ==, 0);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 0);

  /* The timed-out getter is skipped. */
  set_string (result, "foo");
  g_assert_true (toro_async_result_is_ready (result));

  toro_async_result_get_async (result, toro_test_ms (10), NULL, toro_test_rec_cb, &later);
  g_assert_cmpuint (later.done, ==, 0);
  toro_test_wait (&later);
  g_assert_cmpstr (rec_string (&later), ==, "foo");
  g_assert_cmpuint (timed_out.done, ==, 1);

  toro_test_rec_clear (&timed_out);
  toro_test_rec_clear (&later);
}

static void
test_async_result_deadline_per_waiter (void)
{
  g_autoptr(ToroAsyncResult) result = toro_async_result_new ();
  g_autoptr(GString) log = g_string_new (NULL);
  ToroTestRec early, late, forever;

  g_test_summary ("Each getter has its own deadline: one times out, the others still get the "
                  "value (toro test_get_timeout)");

  toro_test_rec_init (&early, "early", log);
  toro_test_rec_init (&late, "late", log);
  toro_test_rec_init (&forever, "forever", log);

  toro_async_result_get_async (result, toro_test_ms (10000), NULL, toro_test_rec_cb, &late);
  toro_async_result_get_async (result, toro_test_ms (20), NULL, toro_test_rec_cb, &early);
  toro_async_result_get_async (result, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &forever);
  g_assert_cmpuint (toro_async_result_debug_n_waiters (result), ==, 3);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 2);

  toro_test_wait (&early);
  toro_test_assert_timeout (&early);
  g_assert_cmpuint (late.done, ==, 0);
  g_assert_cmpuint (forever.done, ==, 0);
  g_assert_cmpuint (toro_async_result_debug_n_waiters (result), ==, 2);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 1);

  set_string (result, "foo");
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 0);
  g_assert_cmpuint (late.done, ==, 0);
  g_assert_cmpuint (forever.done, ==, 0);
  toro_test_wait (&late);
  toro_test_wait (&forever);
  g_assert_cmpstr (rec_string (&late), ==, "foo");
  g_assert_cmpstr (rec_string (&forever), ==, "foo");
  g_assert_cmpuint (early.done, ==, 1);
  g_assert_cmpstr (log->str, ==, "early:timeout late forever");

  toro_test_rec_clear (&early);
  toro_test_rec_clear (&late);
  toro_test_rec_clear (&forever);
}

static void
test_async_result_deadline_past_after_set (void)
{
  g_autoptr(ToroAsyncResult) result = toro_async_result_new ();
  ToroTestRec past, zero;

  g_test_summary ("Once set, a get with a deadline in the past returns the value, no TIMEOUT "
                  "(toro AsyncResult.get / _TimeoutFuture)");

  toro_test_rec_init (&past, "past", NULL);
  toro_test_rec_init (&zero, "zero", NULL);

  set_string (result, "value");

  toro_async_result_get_async (result, g_get_monotonic_time () - 1, NULL,
                               toro_test_rec_cb, &past);
  toro_async_result_get_async (result, 0, NULL, toro_test_rec_cb, &zero);
  g_assert_cmpuint (past.done, ==, 0);
  g_assert_cmpuint (zero.done, ==, 0);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 0);

  toro_test_flush ();
  g_assert_cmpstr (rec_string (&past), ==, "value");
  g_assert_cmpstr (rec_string (&zero), ==, "value");

  toro_test_rec_clear (&past);
  toro_test_rec_clear (&zero);
}

static void
test_async_result_deadline_past_unset (void)
{
  g_autoptr(ToroAsyncResult) result = toro_async_result_new ();
  ToroTestRec rec;

  g_test_summary ("Not set, a get with a deadline in the past fails with TIMEOUT without "
                  "waiting, from the main loop");

  toro_test_rec_init (&rec, "past", NULL);

  toro_async_result_get_async (result, 0, NULL, toro_test_rec_cb, &rec);
  g_assert_cmpuint (rec.done, ==, 0);
  g_assert_cmpuint (toro_async_result_debug_n_waiters (result), ==, 0);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 0);
  toro_test_flush ();
  toro_test_assert_timeout (&rec);
  g_assert_false (toro_async_result_is_ready (result));

  toro_test_rec_clear (&rec);
}

static void
test_async_result_deadline_preempted (void)
{
  g_autoptr(ToroAsyncResult) result = toro_async_result_new ();
  g_autoptr(ToroAsyncResult) never = toro_async_result_new ();
  ToroTestRec rec, later;

  g_test_summary ("A set before the deadline wins, and no TIMEOUT comes later");

  toro_test_rec_init (&rec, "get", NULL);
  toro_test_rec_init (&later, "later", NULL);

  toro_async_result_get_async (result, toro_test_ms (40), NULL, toro_test_rec_cb, &rec);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 1);

  set_string (result, "in time");
  /* The timer went with the grant. */
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 0);
  g_assert_cmpuint (rec.done, ==, 0);
  toro_test_wait (&rec);
  g_assert_cmpstr (rec_string (&rec), ==, "in time");

  /* Run past the old deadline: the callback must not run again. */
  toro_async_result_get_async (never, toro_test_ms (60), NULL, toro_test_rec_cb, &later);
  toro_test_wait (&later);
  toro_test_assert_timeout (&later);
  g_assert_cmpuint (rec.done, ==, 1);

  toro_test_rec_clear (&rec);
  toro_test_rec_clear (&later);
}

static void
assert_same_error (const GError *error,
                   const GError *expected)
{
  g_assert_nonnull (error);
  g_assert_true (error != expected);
  g_assert_cmpuint (error->domain, ==, expected->domain);
  g_assert_cmpint (error->code, ==, expected->code);
  g_assert_cmpstr (error->message, ==, expected->message);
  g_assert_true (error->message != expected->message);
}

static void
test_async_result_set_error (void)
{
  g_autoptr(ToroAsyncResult) result = toro_async_result_new ();
  GError *failure = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "The thing is gone");
  g_autoptr(GString) log = g_string_new (NULL);
  ToroTestRec a, b, after;
  GError *error = NULL;
  GValue value = G_VALUE_INIT;

  g_test_summary ("After set_error, every get_finish and get_nowait fails with a copy of the "
                  "stored error");

  toro_test_rec_init (&a, "a", log);
  toro_test_rec_init (&b, "b", log);
  toro_test_rec_init (&after, "after", log);

  toro_async_result_get_async (result, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &a);
  toro_async_result_get_async (result, toro_test_ms (10000), NULL, toro_test_rec_cb, &b);

  g_assert_true (toro_async_result_set_error (result, failure, &error));
  g_assert_no_error (error);
  g_assert_true (toro_async_result_is_ready (result));
  g_assert_cmpuint (toro_async_result_debug_n_waiters (result), ==, 0);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 0);
  g_assert_cmpuint (a.done, ==, 0);
  g_assert_cmpuint (b.done, ==, 0);

  /* The caller's error is copied, not taken. */
  g_assert_cmpstr (failure->message, ==, "The thing is gone");

  toro_test_wait (&a);
  toro_test_wait (&b);
  g_assert_cmpstr (log->str, ==, "a:error b:error");
  toro_test_assert_error (&a, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  toro_test_assert_error (&b, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  assert_same_error (a.error, failure);
  assert_same_error (b.error, failure);
  assert_same_error (b.error, a.error);
  g_assert_null (a.value);
  g_assert_null (b.value);

  /* get_nowait, twice: a fresh copy each time. */
  for (guint i = 0; i < 2; i++)
    {
      g_assert_null (toro_async_result_get_nowait (result, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
      assert_same_error (error, failure);
      g_clear_error (&error);
    }

  /* A get after the fact fails the same way, from the main loop. */
  toro_async_result_get_async (result, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &after);
  g_assert_cmpuint (after.done, ==, 0);
  toro_test_wait (&after);
  toro_test_assert_error (&after, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  assert_same_error (after.error, failure);

  /* Neither a value nor another error replaces it. */
  g_assert_false (toro_async_result_set (result, string_value (&value, "value"), &error));
  g_assert_error (error, TORO_ERROR, TORO_ERROR_ALREADY_SET);
  g_clear_error (&error);
  g_value_unset (&value);
  {
    g_autoptr(GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_BUSY, "other");

    g_assert_false (toro_async_result_set_error (result, other, &error));
    g_assert_error (error, TORO_ERROR, TORO_ERROR_ALREADY_SET);
    g_clear_error (&error);
  }
  g_assert_null (toro_async_result_get_nowait (result, &error));
  assert_same_error (error, failure);
  g_clear_error (&error);

  g_error_free (failure);
  toro_test_rec_clear (&a);
  toro_test_rec_clear (&b);
  toro_test_rec_clear (&after);
}

static void
test_async_result_set_copies_value (void)
{
  g_autoptr(ToroAsyncResult) result = toro_async_result_new ();
  GValue value = G_VALUE_INIT;
  GError *error = NULL;

  g_test_summary ("set stores a copy: changing the caller's GValue afterwards changes nothing");

  g_assert_true (toro_async_result_set (result, string_value (&value, "original"), &error));
  g_assert_no_error (error);
  g_value_set_string (&value, "changed");
  assert_nowait_string (result, "original");
  g_value_unset (&value);
  assert_nowait_string (result, "original");

  /* Nor does changing a copy that was handed out. */
  {
    GValue *copy = toro_async_result_get_nowait (result, &error);

    g_assert_no_error (error);
    g_value_set_string (copy, "scribbled");
    g_boxed_free (G_TYPE_VALUE, copy);
  }
  assert_nowait_string (result, "original");
}

static void
test_async_result_object_value (void)
{
  ToroAsyncResult *result = toro_async_result_new ();
  GObject *object = g_object_new (G_TYPE_OBJECT, NULL);
  GObject *refused = g_object_new (G_TYPE_OBJECT, NULL);
  guint object_finalized = 0, refused_finalized = 0, result_finalized = 0;
  GValue value = G_VALUE_INIT;
  GValue *got;
  GError *error = NULL;
  ToroTestRec rec;

  g_test_summary ("A GObject value is held while set and released when the AsyncResult is "
                  "finalized; a refused value is not kept");

  toro_test_rec_init (&rec, "get", NULL);
  g_object_weak_ref (object, toro_test_weak_count_cb, &object_finalized);
  g_object_weak_ref (refused, toro_test_weak_count_cb, &refused_finalized);
  g_object_weak_ref (G_OBJECT (result), toro_test_weak_count_cb, &result_finalized);

  g_value_init (&value, G_TYPE_OBJECT);
  g_value_set_object (&value, object);
  g_assert_true (toro_async_result_set (result, &value, &error));
  g_assert_no_error (error);
  g_value_unset (&value);
  g_object_unref (object);
  /* Only the result holds it now. */
  g_assert_false (object_finalized);

  g_value_init (&value, G_TYPE_OBJECT);
  g_value_set_object (&value, refused);
  g_assert_false (toro_async_result_set (result, &value, &error));
  g_assert_error (error, TORO_ERROR, TORO_ERROR_ALREADY_SET);
  g_clear_error (&error);
  g_value_unset (&value);
  g_object_unref (refused);
  g_assert_true (refused_finalized);

  toro_async_result_get_async (result, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &rec);
  g_assert_cmpuint (rec.done, ==, 0);
  toro_test_wait (&rec);
  toro_test_assert_ok (&rec);
  g_assert_true (G_VALUE_HOLDS_OBJECT (rec.value));
  g_assert_true (g_value_get_object (rec.value) == object);

  got = toro_async_result_get_nowait (result, &error);
  g_assert_no_error (error);
  g_assert_true (g_value_get_object (got) == object);

  /* The copies handed out hold their own references. */
  g_object_unref (result);
  g_assert_true (result_finalized);
  g_assert_false (object_finalized);

  g_boxed_free (G_TYPE_VALUE, got);
  g_assert_false (object_finalized);
  toro_test_rec_clear (&rec);
  g_assert_true (object_finalized);
}

static void
test_async_result_object_released_at_finalize (void)
{
  ToroAsyncResult *result = toro_async_result_new ();
  GObject *object = g_object_new (G_TYPE_OBJECT, NULL);
  guint finalized = 0;
  GValue value = G_VALUE_INIT;
  GError *error = NULL;

  g_test_summary ("The stored GObject is released exactly when the AsyncResult is finalized");

  g_object_weak_ref (object, toro_test_weak_count_cb, &finalized);
  g_value_init (&value, G_TYPE_OBJECT);
  g_value_take_object (&value, object);
  g_assert_true (toro_async_result_set (result, &value, &error));
  g_assert_no_error (error);
  g_value_unset (&value);
  g_assert_false (finalized);

  g_object_unref (result);
  g_assert_true (finalized);
}

static void
test_async_result_cancel_before (void)
{
  g_autoptr(ToroAsyncResult) result = toro_async_result_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  ToroTestRec unset, set;

  g_test_summary ("An already-cancelled get fails with CANCELLED and is never queued, even "
                  "when the value is set");

  toro_test_rec_init (&unset, "unset", NULL);
  toro_test_rec_init (&set, "set", NULL);
  g_cancellable_cancel (cancellable);

  toro_async_result_get_async (result, toro_test_ms (10000), cancellable,
                               toro_test_rec_cb, &unset);
  g_assert_cmpuint (unset.done, ==, 0);
  g_assert_cmpuint (toro_async_result_debug_n_waiters (result), ==, 0);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 0);
  toro_test_wait (&unset);
  toro_test_assert_cancelled (&unset);
  g_assert_null (unset.value);

  set_string (result, "value");
  toro_async_result_get_async (result, TORO_NO_DEADLINE, cancellable, toro_test_rec_cb, &set);
  g_assert_cmpuint (set.done, ==, 0);
  toro_test_wait (&set);
  toro_test_assert_cancelled (&set);
  g_assert_null (set.value);
  assert_nowait_string (result, "value");

  toro_test_rec_clear (&unset);
  toro_test_rec_clear (&set);
}

static void
test_async_result_cancel_waiting (void)
{
  g_autoptr(ToroAsyncResult) result = toro_async_result_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GString) log = g_string_new (NULL);
  ToroTestRec cancelled, other;

  g_test_summary ("Cancelling a waiting get removes it at once; the other getters still get "
                  "the value");

  toro_test_rec_init (&cancelled, "cancelled", log);
  toro_test_rec_init (&other, "other", log);

  toro_async_result_get_async (result, toro_test_ms (10000), cancellable,
                               toro_test_rec_cb, &cancelled);
  toro_async_result_get_async (result, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &other);
  g_assert_cmpuint (toro_async_result_debug_n_waiters (result), ==, 2);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 1);

  g_cancellable_cancel (cancellable);
  g_assert_cmpuint (toro_async_result_debug_n_waiters (result), ==, 1);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 0);
  g_assert_cmpuint (cancelled.done, ==, 0);
  toro_test_wait (&cancelled);
  toro_test_assert_cancelled (&cancelled);
  g_assert_false (toro_async_result_is_ready (result));
  g_assert_cmpuint (other.done, ==, 0);

  set_string (result, "value");
  toro_test_wait (&other);
  g_assert_cmpstr (rec_string (&other), ==, "value");
  g_assert_cmpuint (cancelled.done, ==, 1);
  g_assert_cmpstr (log->str, ==, "cancelled:cancelled other");

  toro_test_rec_clear (&cancelled);
  toro_test_rec_clear (&other);
}

static void
test_async_result_cancel_race_grant (void)
{
  g_autoptr(ToroAsyncResult) result = toro_async_result_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  ToroTestRec rec;

  g_test_summary ("set then cancel before the getter's callback ran: the getter gets the value");

  toro_test_rec_init (&rec, "get", NULL);

  toro_async_result_get_async (result, TORO_NO_DEADLINE, cancellable, toro_test_rec_cb, &rec);
  set_string (result, "granted");      /* the getter is granted ... */
  g_cancellable_cancel (cancellable);  /* ... before its callback ran */
  g_assert_cmpuint (rec.done, ==, 0);

  toro_test_wait (&rec);
  g_assert_cmpstr (rec_string (&rec), ==, "granted");
  toro_test_rec_clear (&rec);
}

static void
test_async_result_notify_ready (void)
{
  g_autoptr(ToroAsyncResult) result = toro_async_result_new ();
  g_autoptr(ToroAsyncResult) failed = toro_async_result_new ();
  g_autoptr(GError) failure = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "failed");
  ToroTestNotifyCount count, failed_count;
  ToroTestRec getter;
  GError *error = NULL;
  gboolean ready = FALSE;

  g_test_summary ("notify::ready fires once, in the setting thread, before set returns; never "
                  "again");

  toro_test_count_notify (result, "ready", &count);
  toro_test_count_notify (failed, "ready", &failed_count);
  toro_test_rec_init (&getter, "getter", NULL);

  toro_async_result_get_async (result, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &getter);
  g_assert_cmpuint (count.count, ==, 0);

  set_string (result, "value");
  g_assert_cmpuint (count.count, ==, 1);
  g_assert_true (count.thread == g_thread_self ());
  g_assert_cmpuint (getter.done, ==, 0);
  g_object_get (result, "ready", &ready, NULL);
  g_assert_true (ready);

  /* Refused sets and gets change nothing. */
  set_string_refused (result, "again");
  g_assert_false (toro_async_result_set_error (result, failure, &error));
  g_assert_error (error, TORO_ERROR, TORO_ERROR_ALREADY_SET);
  g_clear_error (&error);
  toro_test_wait (&getter);
  assert_nowait_string (result, "value");
  g_assert_cmpuint (count.count, ==, 1);

  /* set_error makes it ready too. */
  g_object_get (failed, "ready", &ready, NULL);
  g_assert_false (ready);
  g_assert_true (toro_async_result_set_error (failed, failure, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (failed_count.count, ==, 1);
  g_assert_true (toro_async_result_is_ready (failed));
  g_object_get (failed, "ready", &ready, NULL);
  g_assert_true (ready);
  g_assert_false (toro_async_result_set_error (failed, failure, NULL));
  g_assert_cmpuint (failed_count.count, ==, 1);

  toro_test_rec_clear (&getter);
}

typedef struct
{
  ToroAsyncResult *result;
  GMainContext    *context;
  ToroTestRec      rec;
  GMutex           mutex;
  GCond            cond;
  gboolean         started;
} GetThread;

static gpointer
get_thread_func (gpointer data)
{
  GetThread *gt = data;

  g_main_context_push_thread_default (gt->context);

  toro_async_result_get_async (gt->result, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &gt->rec);
  g_assert_cmpuint (gt->rec.done, ==, 0);

  g_mutex_lock (&gt->mutex);
  gt->started = TRUE;
  g_cond_signal (&gt->cond);
  g_mutex_unlock (&gt->mutex);

  toro_test_wait (&gt->rec);

  g_main_context_pop_thread_default (gt->context);
  return NULL;
}

static void
test_async_result_get_other_thread (void)
{
  g_autoptr(ToroAsyncResult) result = toro_async_result_new ();
  GetThread gt;
  ToroTestRec here;
  GThread *thread;

  g_test_summary ("Getters in two threads each get the value in their own main context");

  memset (&gt, 0, sizeof gt);
  gt.result = result;
  gt.context = g_main_context_new ();
  toro_test_rec_init (&gt.rec, "there", NULL);
  toro_test_rec_init (&here, "here", NULL);
  g_mutex_init (&gt.mutex);
  g_cond_init (&gt.cond);

  thread = g_thread_new ("getter", get_thread_func, &gt);
  g_mutex_lock (&gt.mutex);
  while (!gt.started)
    g_cond_wait (&gt.cond, &gt.mutex);
  g_mutex_unlock (&gt.mutex);

  toro_async_result_get_async (result, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &here);
  g_assert_cmpuint (toro_async_result_debug_n_waiters (result), ==, 2);

  set_string (result, "shared");
  g_assert_cmpuint (here.done, ==, 0);

  g_thread_join (thread);
  toro_test_wait (&here);

  g_assert_cmpstr (rec_string (&gt.rec), ==, "shared");
  g_assert_true (gt.rec.context == gt.context);
  g_assert_true (gt.rec.thread == thread);
  g_assert_cmpstr (rec_string (&here), ==, "shared");
  g_assert_true (here.context == g_main_context_default ());
  g_assert_true (here.thread == g_thread_self ());

  toro_test_rec_clear (&gt.rec);
  toro_test_rec_clear (&here);
  g_mutex_clear (&gt.mutex);
  g_cond_clear (&gt.cond);
  g_main_context_unref (gt.context);
}

static void
test_async_result_bad_arguments (void)
{
  g_autoptr(ToroAsyncResult) result = toro_async_result_new ();
  g_autoptr(GObject) not_a_result = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GError) failure = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "failure");
  GValue value = G_VALUE_INIT;
  GValue unset = G_VALUE_INIT;
  GError *error = NULL;

  g_test_summary ("NULL self, NULL value or NULL failure are rejected with a critical and "
                  "change nothing");

  if (!g_test_undefined ())
    return;

  string_value (&value, "value");

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*TORO_IS_ASYNC_RESULT*");
  g_assert_false (toro_async_result_set (NULL, &value, NULL));
  g_test_assert_expected_messages ();

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*TORO_IS_ASYNC_RESULT*");
  g_assert_false (toro_async_result_set ((ToroAsyncResult *) not_a_result, &value, NULL));
  g_test_assert_expected_messages ();

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*G_IS_VALUE*");
  g_assert_false (toro_async_result_set (result, NULL, &error));
  g_test_assert_expected_messages ();
  g_assert_no_error (error);

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*G_IS_VALUE*");
  g_assert_false (toro_async_result_set (result, &unset, &error));
  g_test_assert_expected_messages ();
  g_assert_no_error (error);

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*TORO_IS_ASYNC_RESULT*");
  g_assert_false (toro_async_result_set_error (NULL, failure, NULL));
  g_test_assert_expected_messages ();

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*failure != NULL*");
  g_assert_false (toro_async_result_set_error (result, NULL, &error));
  g_test_assert_expected_messages ();
  g_assert_no_error (error);

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*TORO_IS_ASYNC_RESULT*");
  g_assert_null (toro_async_result_get_nowait (NULL, NULL));
  g_test_assert_expected_messages ();

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*TORO_IS_ASYNC_RESULT*");
  g_assert_false (toro_async_result_is_ready (NULL));
  g_test_assert_expected_messages ();

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*TORO_IS_ASYNC_RESULT*");
  toro_async_result_get_async (NULL, TORO_NO_DEADLINE, NULL, NULL, NULL);
  g_test_assert_expected_messages ();

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*G_IS_CANCELLABLE*");
  toro_async_result_get_async (result, TORO_NO_DEADLINE, (GCancellable *) not_a_result,
                               NULL, NULL);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (toro_async_result_debug_n_waiters (result), ==, 0);

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*toro_waiter_is_valid*");
  g_assert_null (toro_async_result_get_finish (result, NULL, NULL));
  g_test_assert_expected_messages ();

  /* An error location already holding an error is refused before anything
   * is set. */
  error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "left over");
  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*error == NULL*");
  g_assert_false (toro_async_result_set (result, &value, &error));
  g_test_assert_expected_messages ();
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_clear_error (&error);

  /* Nothing was set by any of these. */
  g_assert_false (toro_async_result_is_ready (result));
  g_assert_null (toro_async_result_get_nowait (result, &error));
  g_assert_error (error, TORO_ERROR, TORO_ERROR_NOT_READY);
  g_clear_error (&error);

  g_assert_true (toro_async_result_set (result, &value, &error));
  g_assert_no_error (error);
  assert_nowait_string (result, "value");
  g_value_unset (&value);
  toro_test_flush ();
}

static void
test_async_result_finish_wrong_result (void)
{
  g_autoptr(ToroAsyncResult) result = toro_async_result_new ();
  g_autoptr(ToroAsyncResult) other = toro_async_result_new ();
  g_autoptr(ToroEvent) event = toro_event_new ();
  g_autoptr(GAsyncResult) get_result = NULL;
  g_autoptr(GAsyncResult) wait_result = NULL;
  GValue *got;

  g_test_summary ("get_finish given another AsyncResult's or another operation's result is "
                  "rejected");

  if (!g_test_undefined ())
    return;

  set_string (other, "other");
  toro_async_result_get_async (other, TORO_NO_DEADLINE, NULL, toro_test_keep_result_cb, &get_result);
  toro_test_run_until (toro_test_result_is_kept, &get_result);
  toro_event_set (event);
  toro_event_wait_async (event, TORO_NO_DEADLINE, NULL, toro_test_keep_result_cb, &wait_result);
  toro_test_run_until (toro_test_result_is_kept, &wait_result);

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*toro_waiter_is_valid*");
  g_assert_null (toro_async_result_get_finish (result, get_result, NULL));
  g_test_assert_expected_messages ();

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*toro_waiter_is_valid*");
  g_assert_null (toro_async_result_get_finish (result, wait_result, NULL));
  g_test_assert_expected_messages ();

  /* The right object still finishes it. */
  g_assert_true (g_async_result_is_tagged (get_result, toro_async_result_get_async));
  got = toro_async_result_get_finish (other, get_result, NULL);
  g_assert_nonnull (got);
  g_assert_cmpstr (g_value_get_string (got), ==, "other");
  g_boxed_free (G_TYPE_VALUE, got);
  g_assert_true (toro_event_wait_finish (event, wait_result, NULL));
}

static void
test_async_result_unref_while_waiting (void)
{
  ToroAsyncResult *result = toro_async_result_new ();
  ToroTestRec rec;
  guint finalized = 0;

  g_test_summary ("A pending get keeps its AsyncResult alive; dropping the last user reference "
                  "fails nothing");

  toro_test_rec_init (&rec, "get", NULL);
  g_object_weak_ref (G_OBJECT (result), toro_test_weak_count_cb, &finalized);
  toro_async_result_get_async (result, toro_test_ms (20), NULL, toro_test_rec_cb, &rec);

  g_object_unref (result);
  g_assert_false (finalized);

  /* The get ends by its deadline, as it would have; then the result goes. */
  toro_test_wait (&rec);
  toro_test_assert_timeout (&rec);
  g_assert_true (finalized);
  toro_test_rec_clear (&rec);
}

int
main (int    argc,
      char **argv)
{
  toro_test_init (&argc, &argv);

  g_test_add_func ("/async-result/get-nowait/not-ready", test_async_result_get_nowait_not_ready);
  g_test_add_func ("/async-result/set/twice", test_async_result_set_twice);
  g_test_add_func ("/async-result/set/copies-value", test_async_result_set_copies_value);
  g_test_add_func ("/async-result/set/object-value", test_async_result_object_value);
  g_test_add_func ("/async-result/set/object-released-at-finalize",
                   test_async_result_object_released_at_finalize);
  g_test_add_func ("/async-result/set-error/every-get-fails", test_async_result_set_error);
  g_test_add_func ("/async-result/get/after-set", test_async_result_get_after_set);
  g_test_add_func ("/async-result/get/fifo", test_async_result_get_fifo);
  g_test_add_func ("/async-result/get/timeout", test_async_result_get_timeout);
  g_test_add_func ("/async-result/get/other-thread", test_async_result_get_other_thread);
  g_test_add_func ("/async-result/deadline/per-waiter", test_async_result_deadline_per_waiter);
  g_test_add_func ("/async-result/deadline/past-after-set",
                   test_async_result_deadline_past_after_set);
  g_test_add_func ("/async-result/deadline/past-unset", test_async_result_deadline_past_unset);
  g_test_add_func ("/async-result/deadline/preempted", test_async_result_deadline_preempted);
  g_test_add_func ("/async-result/cancel/before", test_async_result_cancel_before);
  g_test_add_func ("/async-result/cancel/waiting", test_async_result_cancel_waiting);
  g_test_add_func ("/async-result/cancel/race-grant", test_async_result_cancel_race_grant);
  g_test_add_func ("/async-result/property/ready", test_async_result_notify_ready);
  g_test_add_func ("/async-result/misuse/bad-arguments", test_async_result_bad_arguments);
  g_test_add_func ("/async-result/misuse/wrong-result", test_async_result_finish_wrong_result);
  g_test_add_func ("/async-result/lifetime/unref-while-waiting",
                   test_async_result_unref_while_waiting);

  return g_test_run ();
}
