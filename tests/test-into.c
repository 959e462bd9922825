/* test-into.c: the *_into() forms of the getters, used by the Python bindings
 *
 * toro_queue_get_finish_into(), toro_queue_get_nowait_into(),
 * toro_async_result_get_finish_into() and
 * toro_async_result_get_nowait_into() fill a caller-allocated GValue
 * instead of returning a new one. They must hand over exactly what the
 * plain getters do: the item (and its reference, for an object) on
 * success, a NULL G_TYPE_POINTER value on failure, never a leak.
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <toro-glib/toro-glib.h>

/* Iterates the default context until *done, failing after 30 s. */
static gboolean
failsafe_cb (gpointer user_data)
{
  g_error ("A test waited more than 30 seconds: something never completed");
  return G_SOURCE_REMOVE;
}

static void
iterate_until (const gboolean *done)
{
  guint failsafe = g_timeout_add_seconds (30, failsafe_cb, NULL);

  while (!*done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (failsafe);
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GValue    item;
  GError   *error;
} IntoRec;

static void
on_queue_got (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  IntoRec *rec = user_data;

  g_assert_false (rec->done);
  rec->ok = toro_queue_get_finish_into (TORO_QUEUE (source), result, &rec->item, &rec->error);
  rec->done = TRUE;
}

static void
on_result_got (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  IntoRec *rec = user_data;

  g_assert_false (rec->done);
  rec->ok = toro_async_result_get_finish_into (TORO_ASYNC_RESULT (source), result,
                                               &rec->item, &rec->error);
  rec->done = TRUE;
}

static void
into_rec_clear (IntoRec *rec)
{
  if (G_IS_VALUE (&rec->item))
    g_value_unset (&rec->item);
  g_clear_error (&rec->error);
}

/* A failed call leaves a valid, empty pointer value behind. */
static void
assert_failure_value (const GValue *value)
{
  g_assert_true (G_VALUE_HOLDS_POINTER (value));
  g_assert_null (g_value_get_pointer (value));
}

static void
put_string (ToroQueue  *queue,
            const char *string)
{
  g_auto(GValue) value = G_VALUE_INIT;

  g_value_init (&value, G_TYPE_STRING);
  g_value_set_string (&value, string);
  g_assert_true (toro_queue_put_nowait (queue, &value, NULL));
}

static void
test_queue_get_nowait_into_item (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (0);
  g_auto(GValue) item = G_VALUE_INIT;
  g_auto(GValue) object_value = G_VALUE_INIT;
  GObject *object = g_object_new (G_TYPE_OBJECT, NULL);
  GError *error = NULL;

  g_test_summary ("get_nowait_into() moves the item into the caller's GValue");

  put_string (queue, "job");
  g_assert_true (toro_queue_get_nowait_into (queue, &item, &error));
  g_assert_no_error (error);
  g_assert_true (G_VALUE_HOLDS_STRING (&item));
  g_assert_cmpstr (g_value_get_string (&item), ==, "job");
  g_assert_cmpuint (toro_queue_qsize (queue), ==, 0);
  g_value_unset (&item);

  /* An object item: the queue's reference moves to the caller. */
  g_value_init (&object_value, G_TYPE_OBJECT);
  g_value_set_object (&object_value, object);
  g_assert_true (toro_queue_put_nowait (queue, &object_value, NULL));
  g_value_unset (&object_value);
  g_object_add_weak_pointer (object, (gpointer *) &object);
  g_object_unref (object);
  g_assert_nonnull (object);   /* the queue holds it */

  g_assert_true (toro_queue_get_nowait_into (queue, &item, &error));
  g_assert_no_error (error);
  g_assert_true (g_value_get_object (&item) == object);
  g_assert_cmpuint (object->ref_count, ==, 1);
  g_value_unset (&item);
  g_assert_null (object);      /* and nobody else */
}

static void
test_queue_get_nowait_into_empty (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (0);
  g_auto(GValue) item = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  g_test_summary ("get_nowait_into() on an empty queue fails with EMPTY and a valid empty value");

  g_assert_false (toro_queue_get_nowait_into (queue, &item, &error));
  g_assert_error (error, TORO_ERROR, TORO_ERROR_EMPTY);
  assert_failure_value (&item);
}

static void
test_queue_get_finish_into_item (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (1);
  IntoRec rec = { FALSE, FALSE, G_VALUE_INIT, NULL };

  g_test_summary ("get_finish_into() gives the item a getter waited for");

  toro_queue_get_async (queue, TORO_NO_DEADLINE, NULL, on_queue_got, &rec);
  put_string (queue, "later");
  g_assert_false (rec.done);
  iterate_until (&rec.done);

  g_assert_true (rec.ok);
  g_assert_no_error (rec.error);
  g_assert_cmpstr (g_value_get_string (&rec.item), ==, "later");
  into_rec_clear (&rec);
}

static void
test_queue_get_finish_into_timeout (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (1);
  IntoRec rec = { FALSE, FALSE, G_VALUE_INIT, NULL };

  g_test_summary ("get_finish_into() reports a timeout and leaves a valid empty value");

  toro_queue_get_async (queue, toro_deadline_after (10 * G_TIME_SPAN_MILLISECOND), NULL,
                        on_queue_got, &rec);
  iterate_until (&rec.done);

  g_assert_false (rec.ok);
  g_assert_error (rec.error, TORO_ERROR, TORO_ERROR_TIMEOUT);
  assert_failure_value (&rec.item);
  into_rec_clear (&rec);
}

static void
test_queue_get_finish_into_pointer_item (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (0);
  IntoRec rec = { FALSE, FALSE, G_VALUE_INIT, NULL };
  char *data = g_strdup ("pointer");

  g_test_summary ("A pointer item comes out as a G_TYPE_POINTER the caller owns");

  g_assert_true (toro_queue_put_pointer_nowait (queue, data, g_free, NULL));
  toro_queue_get_async (queue, TORO_NO_DEADLINE, NULL, on_queue_got, &rec);
  iterate_until (&rec.done);

  g_assert_true (rec.ok);
  g_assert_true (G_VALUE_HOLDS_POINTER (&rec.item));
  g_assert_true (g_value_get_pointer (&rec.item) == data);
  g_free (data);
  into_rec_clear (&rec);
}

static void
set_int (ToroAsyncResult *result,
         int              n)
{
  g_auto(GValue) value = G_VALUE_INIT;

  g_value_init (&value, G_TYPE_INT);
  g_value_set_int (&value, n);
  g_assert_true (toro_async_result_set (result, &value, NULL));
}

static void
test_async_result_get_nowait_into (void)
{
  g_autoptr(ToroAsyncResult) result = toro_async_result_new ();
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;
  int round;

  g_test_summary ("get_nowait_into() fails before set and copies the value after");

  g_assert_false (toro_async_result_get_nowait_into (result, &value, &error));
  g_assert_error (error, TORO_ERROR, TORO_ERROR_NOT_READY);
  assert_failure_value (&value);
  g_value_unset (&value);
  g_clear_error (&error);

  set_int (result, 42);
  /* Each call gets its own copy; the stored value stays. */
  for (round = 0; round < 2; round++)
    {
      g_assert_true (toro_async_result_get_nowait_into (result, &value, &error));
      g_assert_no_error (error);
      g_assert_cmpint (g_value_get_int (&value), ==, 42);
      g_value_unset (&value);
    }
}

static void
test_async_result_get_nowait_into_stored_error (void)
{
  g_autoptr(ToroAsyncResult) result = toro_async_result_new ();
  g_autoptr(GError) failure = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE,
                                                   "no route");
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  g_test_summary ("get_nowait_into() after set_error() raises a copy of the error");

  g_assert_true (toro_async_result_set_error (result, failure, NULL));
  g_assert_false (toro_async_result_get_nowait_into (result, &value, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE);
  g_assert_cmpstr (error->message, ==, "no route");
  assert_failure_value (&value);
}

static void
test_async_result_get_finish_into (void)
{
  g_autoptr(ToroAsyncResult) result = toro_async_result_new ();
  IntoRec rec = { FALSE, FALSE, G_VALUE_INIT, NULL };
  IntoRec late = { FALSE, FALSE, G_VALUE_INIT, NULL };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  g_test_summary ("get_finish_into() gives the value, or the wait's error");

  toro_async_result_get_async (result, TORO_NO_DEADLINE, NULL, on_result_got, &rec);
  set_int (result, 7);
  g_assert_false (rec.done);
  iterate_until (&rec.done);
  g_assert_true (rec.ok);
  g_assert_cmpint (g_value_get_int (&rec.item), ==, 7);
  into_rec_clear (&rec);

  g_cancellable_cancel (cancellable);
  toro_async_result_get_async (result, TORO_NO_DEADLINE, cancellable, on_result_got, &late);
  iterate_until (&late.done);
  g_assert_false (late.ok);
  g_assert_error (late.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  assert_failure_value (&late.item);
  into_rec_clear (&late);
}

static void
test_into_not_empty (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (0);
  g_autoptr(ToroAsyncResult) result = toro_async_result_new ();
  g_auto(GValue) item = G_VALUE_INIT;

  g_test_summary ("Passing a GValue that is already initialized is a programming error");
  if (!g_test_undefined ())
    return;

  put_string (queue, "stays");
  set_int (result, 1);
  g_value_init (&item, G_TYPE_INT);

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*G_TYPE_INVALID*");
  g_assert_false (toro_queue_get_nowait_into (queue, &item, NULL));
  g_test_assert_expected_messages ();
  g_assert_cmpuint (toro_queue_qsize (queue), ==, 1);   /* nothing taken */

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*G_TYPE_INVALID*");
  g_assert_false (toro_async_result_get_nowait_into (result, &item, NULL));
  g_test_assert_expected_messages ();
  g_assert_true (G_VALUE_HOLDS_INT (&item));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/queue/get-nowait-into/item", test_queue_get_nowait_into_item);
  g_test_add_func ("/queue/get-nowait-into/empty", test_queue_get_nowait_into_empty);
  g_test_add_func ("/queue/get-finish-into/item", test_queue_get_finish_into_item);
  g_test_add_func ("/queue/get-finish-into/timeout", test_queue_get_finish_into_timeout);
  g_test_add_func ("/queue/get-finish-into/pointer-item", test_queue_get_finish_into_pointer_item);
  g_test_add_func ("/async-result/get-nowait-into/value", test_async_result_get_nowait_into);
  g_test_add_func ("/async-result/get-nowait-into/stored-error",
                   test_async_result_get_nowait_into_stored_error);
  g_test_add_func ("/async-result/get-finish-into", test_async_result_get_finish_into);
  g_test_add_func ("/into/not-empty", test_into_not_empty);

  return g_test_run ();
}
