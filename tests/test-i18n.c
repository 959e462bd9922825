/* test-i18n.c: the library's messages, translated from the build tree
 *
 * Run with LANGUAGE=de, LANG=C.UTF-8 and TORO_LOCALEDIR pointing at the
 * catalogs built in <builddir>/po (tests/meson.build sets all three): the
 * library binds its text domain itself, so an application that never
 * calls bindtextdomain() gets its errors in German.
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <locale.h>

#include <toro-glib/toro-glib.h>

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
  GValue   *value;
} Outcome;

static void
on_lock_acquired (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->ok = toro_lock_acquire_finish (TORO_LOCK (source), result, &outcome->error);
  outcome->done = TRUE;
}

static void
on_queue_got (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->value = toro_queue_get_finish (TORO_QUEUE (source), result, &outcome->error);
  outcome->ok = outcome->value != NULL;
  outcome->done = TRUE;
}

static gboolean
on_failsafe (gpointer user_data)
{
  g_error ("An operation never completed");
  return G_SOURCE_REMOVE;
}

/* Runs the default main context until @outcome is done. */
static void
wait_for (Outcome *outcome)
{
  guint failsafe = g_timeout_add_seconds (30, on_failsafe, NULL);

  g_assert_false (outcome->done);   /* never completed inside the _async call */
  while (!outcome->done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (failsafe);
}

static void
outcome_clear (Outcome *outcome)
{
  g_clear_error (&outcome->error);
  if (outcome->value != NULL)
    g_boxed_free (G_TYPE_VALUE, outcome->value);
  outcome->value = NULL;
}

static void
test_i18n_environment (void)
{
  g_test_summary ("The test runs in the locale the other cases rely on");

  g_assert_cmpstr (g_getenv ("LANGUAGE"), ==, "de");
  g_assert_nonnull (g_getenv ("TORO_LOCALEDIR"));
  g_assert_true (g_file_test (g_getenv ("TORO_LOCALEDIR"), G_FILE_TEST_IS_DIR));
  /* "C" would make gettext ignore LANGUAGE; C.UTF-8 does not. */
  g_assert_cmpstr (setlocale (LC_MESSAGES, NULL), ==, "C.UTF-8");
}

static void
test_i18n_timeout (void)
{
  g_autoptr(ToroLock) lock = toro_lock_new ();
  Outcome outcome = { 0, };

  g_test_summary ("A lock's timeout error comes out in German");

  g_assert_true (toro_lock_try_acquire (lock));
  /* A deadline in the past fails at once, from the main loop. */
  toro_lock_acquire_async (lock, g_get_monotonic_time () - 1, NULL, on_lock_acquired, &outcome);
  wait_for (&outcome);

  g_assert_false (outcome.ok);
  g_assert_error (outcome.error, TORO_ERROR, TORO_ERROR_TIMEOUT);
  g_assert_cmpstr (outcome.error->message, ==, "Zeitüberschreitung beim Warten auf die Sperre");
  outcome_clear (&outcome);

  toro_lock_release (lock);
}

static void
test_i18n_queue (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (1);
  g_auto(GValue) item = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;
  Outcome outcome = { 0, };
  GValue *got;

  g_test_summary ("A queue's timeout, empty and full errors come out in German");

  toro_queue_get_async (queue, g_get_monotonic_time () - 1, NULL, on_queue_got, &outcome);
  wait_for (&outcome);
  g_assert_error (outcome.error, TORO_ERROR, TORO_ERROR_TIMEOUT);
  g_assert_cmpstr (outcome.error->message, ==,
                   "Zeitüberschreitung beim Warten auf ein Element aus der Warteschlange");
  outcome_clear (&outcome);

  got = toro_queue_get_nowait (queue, &error);
  g_assert_null (got);
  g_assert_error (error, TORO_ERROR, TORO_ERROR_EMPTY);
  g_assert_cmpstr (error->message, ==, "Die Warteschlange ist leer");
  g_clear_error (&error);

  g_value_init (&item, G_TYPE_INT);
  g_value_set_int (&item, 1);
  g_assert_true (toro_queue_put_nowait (queue, &item, &error));
  g_assert_no_error (error);
  g_assert_false (toro_queue_put_nowait (queue, &item, &error));
  g_assert_error (error, TORO_ERROR, TORO_ERROR_FULL);
  g_assert_cmpstr (error->message, ==, "Die Warteschlange ist voll");
}

static void
test_i18n_cancelled (void)
{
  g_autoptr(ToroLock) lock = toro_lock_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Outcome outcome = { 0, };

  g_test_summary ("A cancelled wait's error comes out in German");

  g_assert_true (toro_lock_try_acquire (lock));
  toro_lock_acquire_async (lock, TORO_NO_DEADLINE, cancellable, on_lock_acquired, &outcome);
  g_cancellable_cancel (cancellable);
  wait_for (&outcome);

  g_assert_error (outcome.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpstr (outcome.error->message, ==, "Vorgang wurde abgebrochen");
  outcome_clear (&outcome);

  toro_lock_release (lock);
}

static void
test_i18n_async_result (void)
{
  g_autoptr(ToroAsyncResult) result = toro_async_result_new ();
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  g_test_summary ("An AsyncResult's not-ready and already-set errors come out in German");

  g_assert_null (toro_async_result_get_nowait (result, &error));
  g_assert_error (error, TORO_ERROR, TORO_ERROR_NOT_READY);
  g_assert_cmpstr (error->message, ==, "Das Ergebnis ist noch nicht gesetzt");
  g_clear_error (&error);

  g_value_init (&value, G_TYPE_STRING);
  g_value_set_static_string (&value, "hello");
  g_assert_true (toro_async_result_set (result, &value, &error));
  g_assert_no_error (error);
  g_assert_false (toro_async_result_set (result, &value, &error));
  g_assert_error (error, TORO_ERROR, TORO_ERROR_ALREADY_SET);
  g_assert_cmpstr (error->message, ==, "Das Ergebnis wurde bereits gesetzt");
}

int
main (int    argc,
      char **argv)
{
  /* What an application does; it never binds toro-glib's domain itself. */
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/i18n/environment", test_i18n_environment);
  g_test_add_func ("/i18n/german/timeout", test_i18n_timeout);
  g_test_add_func ("/i18n/german/queue", test_i18n_queue);
  g_test_add_func ("/i18n/german/cancelled", test_i18n_cancelled);
  g_test_add_func ("/i18n/german/async-result", test_i18n_async_result);

  return g_test_run ();
}
