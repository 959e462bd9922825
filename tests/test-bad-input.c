/* test-bad-input.c: every public function, given what it must not be given
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "toro-test-util.h"

/* One test per function family. Each public function gets NULL, an object
 * of the wrong type, a foreign or fake GAsyncResult, a bad cancellable, a
 * preset error, and out-of-range values (maxsize and values of G_MAXUINT,
 * deadlines of G_MAXINT64, G_MININT64 and every other negative, spans that
 * would overflow). Each call must answer with a critical (the usual
 * precondition checks) or a defined result, leave the object as it was,
 * and never crash, call back or leak. tests/check-bad-input.py fails the
 * suite if a public function is missing here. */

#define EXPECT_CRITICAL(pattern, stmt) \
  G_STMT_START { \
    g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, pattern); \
    stmt; \
    g_test_assert_expected_messages (); \
  } G_STMT_END

#define NOT_A(type) "*assertion*" type "*failed*"
#define INVALID_RESULT "*toro_waiter_is_valid*failed*"
#define PRESET_ERROR "*error == NULL || *error == NULL*failed*"
#define BAD_CANCELLABLE "*G_IS_CANCELLABLE*failed*"
#define UNUSABLE_DEST "*!= NULL && G_VALUE_TYPE*G_TYPE_INVALID*failed*"

static gboolean
skip_if_unchecked (void)
{
  if (!g_test_undefined ())
    {
      g_test_skip ("Misuse is undefined behaviour in this mode");
      return TRUE;
    }
  return FALSE;
}

/* An object of the wrong type for every function under test. */
static gpointer
wrong_object (void)
{
  return g_object_new (G_TYPE_OBJECT, NULL);
}

/* A GAsyncResult that no toro-glib operation made. */
static GAsyncResult *
fake_result (gpointer source)
{
  GTask *task = g_task_new (source, NULL, NULL, NULL);

  /* Completed, so that finalizing it later is quiet. */
  g_task_return_boolean (task, TRUE);
  return G_ASYNC_RESULT (task);
}

static void
drop_fake_result (GAsyncResult *result)
{
  g_object_unref (result);
  toro_test_flush ();
}

/* A completed toro-glib result, kept: toro_test_keep_result_cb. */
static GAsyncResult *
wait_result (GAsyncResult **result)
{
  toro_test_run_until (toro_test_result_is_kept, result);
  return *result;
}

static GError *
preset_error (void)
{
  return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "preset");
}

/* Starts a wait through @start with a bad self or cancellable and checks
 * that nothing was queued and nothing ever calls back. */
static void
assert_never_called (ToroTestRec *rec)
{
  toro_test_flush ();
  g_assert_cmpuint (rec->done, ==, 0);
}

/* How long the default context would sleep now: -1 for ever. */
static gint
context_poll_timeout (void)
{
  GMainContext *context = g_main_context_default ();
  GPollFD fds[16];
  gint priority, timeout = 0;

  g_assert_true (g_main_context_acquire (context));
  g_main_context_prepare (context, &priority);
  g_main_context_query (context, priority, &timeout, fds, G_N_ELEMENTS (fds));
  g_main_context_release (context);

  return timeout;
}

/* Lock */

static void
test_bad_input_lock (void)
{
  g_autoptr(ToroLock) lock = toro_lock_new ();
  g_autoptr(ToroLock) other = toro_lock_new ();
  g_autoptr(GObject) wrong = wrong_object ();
  g_autoptr(GAsyncResult) foreign = NULL;
  GAsyncResult *fake;
  GError *error = preset_error ();
  ToroTestRec rec;

  g_test_summary ("ToroLock: NULL, wrong types, foreign results, bad cancellables and preset "
                  "errors are criticals that change nothing");
  if (skip_if_unchecked ())
    {
      g_error_free (error);
      return;
    }

  toro_test_rec_init (&rec, "never", NULL);

  EXPECT_CRITICAL (NOT_A ("TORO_IS_LOCK"),
                   toro_lock_acquire_async (NULL, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &rec));
  EXPECT_CRITICAL (NOT_A ("TORO_IS_LOCK"),
                   toro_lock_acquire_async ((ToroLock *) wrong, TORO_NO_DEADLINE, NULL,
                                            toro_test_rec_cb, &rec));
  EXPECT_CRITICAL (BAD_CANCELLABLE,
                   toro_lock_acquire_async (lock, TORO_NO_DEADLINE, (GCancellable *) wrong,
                                            toro_test_rec_cb, &rec));
  assert_never_called (&rec);
  g_assert_false (toro_lock_is_locked (lock));
  g_assert_cmpuint (toro_lock_debug_n_waiters (lock), ==, 0);

  EXPECT_CRITICAL (NOT_A ("TORO_IS_LOCK"), g_assert_false (toro_lock_try_acquire (NULL)));
  EXPECT_CRITICAL (NOT_A ("TORO_IS_LOCK"),
                   g_assert_false (toro_lock_try_acquire ((ToroLock *) wrong)));
  EXPECT_CRITICAL (NOT_A ("TORO_IS_LOCK"), toro_lock_release (NULL));
  EXPECT_CRITICAL (NOT_A ("TORO_IS_LOCK"), toro_lock_release ((ToroLock *) wrong));
  EXPECT_CRITICAL ("*not held*", toro_lock_release (lock));
  EXPECT_CRITICAL (NOT_A ("TORO_IS_LOCK"), g_assert_false (toro_lock_is_locked (NULL)));
  EXPECT_CRITICAL (NOT_A ("TORO_IS_LOCK"),
                   g_assert_false (toro_lock_is_locked ((ToroLock *) wrong)));
  g_assert_false (toro_lock_is_locked (lock));

  /* _finish with NULL, a fake, a foreign result, a preset error. */
  toro_lock_acquire_async (other, TORO_NO_DEADLINE, NULL, toro_test_keep_result_cb, &foreign);
  wait_result (&foreign);
  fake = fake_result (lock);
  EXPECT_CRITICAL (NOT_A ("TORO_IS_LOCK"),
                   g_assert_false (toro_lock_acquire_finish (NULL, foreign, NULL)));
  EXPECT_CRITICAL (INVALID_RESULT, g_assert_false (toro_lock_acquire_finish (lock, NULL, NULL)));
  EXPECT_CRITICAL (INVALID_RESULT, g_assert_false (toro_lock_acquire_finish (lock, fake, NULL)));
  EXPECT_CRITICAL (INVALID_RESULT, g_assert_false (toro_lock_acquire_finish (lock, foreign, NULL)));
  EXPECT_CRITICAL (PRESET_ERROR,
                   g_assert_false (toro_lock_acquire_finish (other, foreign, &error)));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_true (toro_lock_acquire_finish (other, foreign, NULL));
  toro_lock_release (other);
  drop_fake_result (fake);
  g_clear_error (&error);

  /* NULL callback: allowed; the lock is still taken. */
  toro_lock_acquire_async (lock, TORO_NO_DEADLINE, NULL, NULL, NULL);
  g_assert_true (toro_lock_is_locked (lock));
  toro_lock_release (lock);
  toro_test_flush ();
  toro_test_rec_clear (&rec);
}

/* RWLock */

static void
test_bad_input_rw_lock (void)
{
  g_autoptr(ToroRWLock) lock = toro_rw_lock_new (2);
  g_autoptr(ToroRWLock) huge = toro_rw_lock_new (G_MAXUINT);
  g_autoptr(GObject) wrong = wrong_object ();
  g_autoptr(GAsyncResult) read_result = NULL;
  g_autoptr(GAsyncResult) write_result = NULL;
  GAsyncResult *fake;
  GError *error = NULL;
  ToroTestRec rec;

  g_test_summary ("ToroRWLock: bad arguments are criticals; releasing what is not held changes "
                  "nothing; max-readers G_MAXUINT is no limit");
  if (skip_if_unchecked ())
    return;

  toro_test_rec_init (&rec, "never", NULL);

  EXPECT_CRITICAL (NOT_A ("TORO_IS_RW_LOCK"),
                   toro_rw_lock_acquire_read_async (NULL, TORO_NO_DEADLINE, NULL, toro_test_rec_cb,
                                                    &rec));
  EXPECT_CRITICAL (NOT_A ("TORO_IS_RW_LOCK"),
                   toro_rw_lock_acquire_write_async ((ToroRWLock *) wrong, TORO_NO_DEADLINE, NULL,
                                                     toro_test_rec_cb, &rec));
  EXPECT_CRITICAL (BAD_CANCELLABLE,
                   toro_rw_lock_acquire_read_async (lock, TORO_NO_DEADLINE, (GCancellable *) wrong,
                                                    toro_test_rec_cb, &rec));
  EXPECT_CRITICAL (BAD_CANCELLABLE,
                   toro_rw_lock_acquire_write_async (lock, TORO_NO_DEADLINE, (GCancellable *) wrong,
                                                     toro_test_rec_cb, &rec));
  assert_never_called (&rec);

  EXPECT_CRITICAL (NOT_A ("TORO_IS_RW_LOCK"),
                   g_assert_false (toro_rw_lock_try_acquire_read (NULL)));
  EXPECT_CRITICAL (NOT_A ("TORO_IS_RW_LOCK"),
                   g_assert_false (toro_rw_lock_try_acquire_write ((ToroRWLock *) wrong)));
  EXPECT_CRITICAL (NOT_A ("TORO_IS_RW_LOCK"), toro_rw_lock_release_read (NULL));
  EXPECT_CRITICAL (NOT_A ("TORO_IS_RW_LOCK"), toro_rw_lock_release_write ((ToroRWLock *) wrong));
  EXPECT_CRITICAL ("*not held for reading*", toro_rw_lock_release_read (lock));
  EXPECT_CRITICAL ("*not held for writing*", toro_rw_lock_release_write (lock));
  EXPECT_CRITICAL (NOT_A ("TORO_IS_RW_LOCK"), g_assert_false (toro_rw_lock_is_locked (NULL)));
  EXPECT_CRITICAL (NOT_A ("TORO_IS_RW_LOCK"),
                   g_assert_cmpuint (toro_rw_lock_get_max_readers (NULL), ==, 0));
  EXPECT_CRITICAL (NOT_A ("TORO_IS_RW_LOCK"),
                   g_assert_cmpuint (toro_rw_lock_get_n_readers ((ToroRWLock *) wrong), ==, 0));
  g_assert_false (toro_rw_lock_is_locked (lock));
  g_assert_cmpuint (toro_rw_lock_get_n_readers (lock), ==, 0);

  /* A reader's result given to the writer's _finish and the other way. */
  toro_rw_lock_acquire_read_async (lock, TORO_NO_DEADLINE, NULL, toro_test_keep_result_cb,
                                   &read_result);
  wait_result (&read_result);
  EXPECT_CRITICAL (INVALID_RESULT,
                   g_assert_false (toro_rw_lock_acquire_write_finish (lock, read_result, NULL)));
  EXPECT_CRITICAL (NOT_A ("TORO_IS_RW_LOCK"),
                   g_assert_false (toro_rw_lock_acquire_read_finish (NULL, read_result, NULL)));
  g_assert_true (toro_rw_lock_acquire_read_finish (lock, read_result, &error));
  g_assert_no_error (error);
  toro_rw_lock_release_read (lock);

  toro_rw_lock_acquire_write_async (lock, TORO_NO_DEADLINE, NULL, toro_test_keep_result_cb,
                                    &write_result);
  wait_result (&write_result);
  fake = fake_result (lock);
  EXPECT_CRITICAL (INVALID_RESULT,
                   g_assert_false (toro_rw_lock_acquire_read_finish (lock, write_result, NULL)));
  EXPECT_CRITICAL (INVALID_RESULT,
                   g_assert_false (toro_rw_lock_acquire_write_finish (lock, fake, NULL)));
  g_assert_true (toro_rw_lock_acquire_write_finish (lock, write_result, NULL));
  toro_rw_lock_release_write (lock);
  drop_fake_result (fake);

  /* G_MAXUINT readers: effectively no limit. */
  g_assert_cmpuint (toro_rw_lock_get_max_readers (huge), ==, G_MAXUINT);
  for (guint i = 0; i < 1000; i++)
    g_assert_true (toro_rw_lock_try_acquire_read (huge));
  g_assert_false (toro_rw_lock_is_locked (huge));
  g_assert_false (toro_rw_lock_try_acquire_write (huge));
  for (guint i = 0; i < 1000; i++)
    toro_rw_lock_release_read (huge);
  g_assert_true (toro_rw_lock_try_acquire_write (huge));
  toro_rw_lock_release_write (huge);
  toro_test_rec_clear (&rec);
}

/* Semaphore, BoundedSemaphore */

static void
test_bad_input_semaphore (void)
{
  g_autoptr(ToroSemaphore) sem = toro_semaphore_new (1);
  g_autoptr(ToroSemaphore) full = toro_semaphore_new (G_MAXUINT);
  g_autoptr(ToroSemaphore) empty = toro_semaphore_new (0);
  g_autoptr(GObject) wrong = wrong_object ();
  g_autoptr(GAsyncResult) acquired = NULL;
  g_autoptr(GAsyncResult) waited = NULL;
  ToroTestRec rec, late;

  g_test_summary ("ToroSemaphore: bad arguments are criticals; a value of G_MAXUINT cannot "
                  "overflow; a value of 0 times out at once with a past deadline");
  if (skip_if_unchecked ())
    return;

  toro_test_rec_init (&rec, "never", NULL);

  EXPECT_CRITICAL (NOT_A ("TORO_IS_SEMAPHORE"),
                   toro_semaphore_acquire_async (NULL, TORO_NO_DEADLINE, NULL, toro_test_rec_cb,
                                                 &rec));
  EXPECT_CRITICAL (NOT_A ("TORO_IS_SEMAPHORE"),
                   toro_semaphore_wait_async ((ToroSemaphore *) wrong, TORO_NO_DEADLINE, NULL,
                                              toro_test_rec_cb, &rec));
  EXPECT_CRITICAL (BAD_CANCELLABLE,
                   toro_semaphore_acquire_async (sem, TORO_NO_DEADLINE, (GCancellable *) wrong,
                                                 toro_test_rec_cb, &rec));
  EXPECT_CRITICAL (BAD_CANCELLABLE,
                   toro_semaphore_wait_async (sem, TORO_NO_DEADLINE, (GCancellable *) wrong,
                                              toro_test_rec_cb, &rec));
  assert_never_called (&rec);
  g_assert_cmpuint (toro_semaphore_get_value (sem), ==, 1);

  EXPECT_CRITICAL (NOT_A ("TORO_IS_SEMAPHORE"), g_assert_false (toro_semaphore_try_acquire (NULL)));
  EXPECT_CRITICAL (NOT_A ("TORO_IS_SEMAPHORE"), toro_semaphore_release ((ToroSemaphore *) wrong));
  EXPECT_CRITICAL (NOT_A ("TORO_IS_SEMAPHORE"),
                   g_assert_cmpuint (toro_semaphore_get_value (NULL), ==, 0));
  EXPECT_CRITICAL (NOT_A ("TORO_IS_SEMAPHORE"),
                   g_assert_false (toro_semaphore_is_locked ((ToroSemaphore *) wrong)));

  /* Results swapped between acquire and wait. */
  toro_semaphore_acquire_async (sem, TORO_NO_DEADLINE, NULL, toro_test_keep_result_cb, &acquired);
  wait_result (&acquired);
  toro_semaphore_release (sem);
  toro_semaphore_wait_async (sem, TORO_NO_DEADLINE, NULL, toro_test_keep_result_cb, &waited);
  wait_result (&waited);
  EXPECT_CRITICAL (INVALID_RESULT,
                   g_assert_false (toro_semaphore_wait_finish (sem, acquired, NULL)));
  EXPECT_CRITICAL (INVALID_RESULT,
                   g_assert_false (toro_semaphore_acquire_finish (sem, waited, NULL)));
  EXPECT_CRITICAL (INVALID_RESULT,
                   g_assert_false (toro_semaphore_acquire_finish (full, acquired, NULL)));
  g_assert_true (toro_semaphore_acquire_finish (sem, acquired, NULL));
  g_assert_true (toro_semaphore_wait_finish (sem, waited, NULL));
  g_assert_cmpuint (toro_semaphore_get_value (sem), ==, 1);

  /* G_MAXUINT: one more release would overflow. */
  EXPECT_CRITICAL ("*would overflow*", toro_semaphore_release (full));
  g_assert_cmpuint (toro_semaphore_get_value (full), ==, G_MAXUINT);
  g_assert_true (toro_semaphore_try_acquire (full));
  g_assert_cmpuint (toro_semaphore_get_value (full), ==, G_MAXUINT - 1);
  toro_semaphore_release (full);
  g_assert_cmpuint (toro_semaphore_get_value (full), ==, G_MAXUINT);

  /* 0: locked from the start; a past deadline fails without waiting. */
  toro_test_rec_init (&late, "late", NULL);
  g_assert_true (toro_semaphore_is_locked (empty));
  g_assert_false (toro_semaphore_try_acquire (empty));
  toro_semaphore_acquire_async (empty, G_MININT64, NULL, toro_test_rec_cb, &late);
  toro_test_wait (&late);
  toro_test_assert_timeout (&late);
  g_assert_cmpuint (toro_semaphore_debug_n_acquirers (empty), ==, 0);
  toro_test_rec_clear (&late);
  toro_test_rec_clear (&rec);
}

static void
test_bad_input_bounded_semaphore (void)
{
  g_autoptr(ToroBoundedSemaphore) bounded = toro_bounded_semaphore_new (2);
  g_autoptr(ToroBoundedSemaphore) huge = toro_bounded_semaphore_new (G_MAXUINT);
  g_autoptr(ToroBoundedSemaphore) zero = toro_bounded_semaphore_new (0);
  ToroSemaphore *sem = TORO_SEMAPHORE (bounded);

  g_test_summary ("ToroBoundedSemaphore: over-releasing is a critical that changes nothing, "
                  "at any initial value, G_MAXUINT and 0 included");
  if (skip_if_unchecked ())
    return;

  EXPECT_CRITICAL ("*released too many times*", toro_semaphore_release (sem));
  g_assert_cmpuint (toro_semaphore_get_value (sem), ==, 2);
  g_assert_true (toro_semaphore_try_acquire (sem));
  toro_semaphore_release (sem);
  EXPECT_CRITICAL ("*released too many times*", toro_semaphore_release (sem));
  g_assert_cmpuint (toro_semaphore_get_value (sem), ==, 2);

  EXPECT_CRITICAL ("*released too many times*", toro_semaphore_release (TORO_SEMAPHORE (huge)));
  g_assert_cmpuint (toro_semaphore_get_value (TORO_SEMAPHORE (huge)), ==, G_MAXUINT);

  EXPECT_CRITICAL ("*released too many times*", toro_semaphore_release (TORO_SEMAPHORE (zero)));
  g_assert_cmpuint (toro_semaphore_get_value (TORO_SEMAPHORE (zero)), ==, 0);
  g_assert_true (toro_semaphore_is_locked (TORO_SEMAPHORE (zero)));
}

/* Condition */

static void
test_bad_input_condition (void)
{
  g_autoptr(ToroCondition) cond = toro_condition_new ();
  g_autoptr(ToroCondition) other = toro_condition_new ();
  g_autoptr(GObject) wrong = wrong_object ();
  g_autoptr(GAsyncResult) foreign = NULL;
  g_autoptr(GString) log = g_string_new (NULL);
  ToroTestRec rec, a, b;

  g_test_summary ("ToroCondition: bad arguments are criticals; notify (G_MAXUINT) wakes every "
                  "waiter once, notify (0) none");
  if (skip_if_unchecked ())
    return;

  toro_test_rec_init (&rec, "never", NULL);

  EXPECT_CRITICAL (NOT_A ("TORO_IS_CONDITION"),
                   toro_condition_wait_async (NULL, TORO_NO_DEADLINE, NULL, toro_test_rec_cb,
                                              &rec));
  EXPECT_CRITICAL (BAD_CANCELLABLE,
                   toro_condition_wait_async (cond, TORO_NO_DEADLINE, (GCancellable *) wrong,
                                              toro_test_rec_cb, &rec));
  assert_never_called (&rec);
  g_assert_cmpuint (toro_condition_debug_n_waiters (cond), ==, 0);
  EXPECT_CRITICAL (NOT_A ("TORO_IS_CONDITION"), toro_condition_notify (NULL, 1));
  EXPECT_CRITICAL (NOT_A ("TORO_IS_CONDITION"),
                   toro_condition_notify_all ((ToroCondition *) wrong));

  toro_condition_wait_async (other, TORO_NO_DEADLINE, NULL, toro_test_keep_result_cb, &foreign);
  toro_condition_notify_all (other);
  wait_result (&foreign);
  EXPECT_CRITICAL (INVALID_RESULT,
                   g_assert_false (toro_condition_wait_finish (cond, foreign, NULL)));
  EXPECT_CRITICAL (NOT_A ("TORO_IS_CONDITION"),
                   g_assert_false (toro_condition_wait_finish (NULL, foreign, NULL)));
  g_assert_true (toro_condition_wait_finish (other, foreign, NULL));

  toro_test_rec_init (&a, "a", log);
  toro_test_rec_init (&b, "b", log);
  toro_condition_notify (cond, G_MAXUINT);
  toro_condition_wait_async (cond, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &a);
  toro_condition_wait_async (cond, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &b);
  toro_condition_notify (cond, 0);
  toro_test_flush ();
  g_assert_cmpuint (a.done + b.done, ==, 0);
  toro_condition_notify (cond, G_MAXUINT);
  toro_test_wait (&b);
  g_assert_cmpstr (log->str, ==, "a b");
  toro_test_rec_clear (&a);
  toro_test_rec_clear (&b);
  toro_test_rec_clear (&rec);
}

/* Event */

static void
test_bad_input_event (void)
{
  g_autoptr(ToroEvent) event = toro_event_new ();
  g_autoptr(ToroEvent) other = toro_event_new ();
  g_autoptr(GObject) wrong = wrong_object ();
  g_autoptr(GAsyncResult) foreign = NULL;
  ToroTestRec rec;

  g_test_summary ("ToroEvent: bad arguments are criticals that change nothing");
  if (skip_if_unchecked ())
    return;

  toro_test_rec_init (&rec, "never", NULL);

  EXPECT_CRITICAL (NOT_A ("TORO_IS_EVENT"),
                   toro_event_wait_async (NULL, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &rec));
  EXPECT_CRITICAL (BAD_CANCELLABLE,
                   toro_event_wait_async (event, TORO_NO_DEADLINE, (GCancellable *) wrong,
                                          toro_test_rec_cb, &rec));
  assert_never_called (&rec);
  EXPECT_CRITICAL (NOT_A ("TORO_IS_EVENT"), toro_event_set (NULL));
  EXPECT_CRITICAL (NOT_A ("TORO_IS_EVENT"), toro_event_clear ((ToroEvent *) wrong));
  EXPECT_CRITICAL (NOT_A ("TORO_IS_EVENT"), g_assert_false (toro_event_is_set (NULL)));
  g_assert_false (toro_event_is_set (event));

  toro_event_set (other);
  toro_event_wait_async (other, TORO_NO_DEADLINE, NULL, toro_test_keep_result_cb, &foreign);
  wait_result (&foreign);
  EXPECT_CRITICAL (INVALID_RESULT, g_assert_false (toro_event_wait_finish (event, foreign, NULL)));
  EXPECT_CRITICAL (NOT_A ("TORO_IS_EVENT"),
                   g_assert_false (toro_event_wait_finish (NULL, foreign, NULL)));
  g_assert_true (toro_event_wait_finish (other, foreign, NULL));
  toro_test_rec_clear (&rec);
}

/* AsyncResult */

static void
test_bad_input_async_result (void)
{
  g_autoptr(ToroAsyncResult) cell = toro_async_result_new ();
  g_autoptr(ToroAsyncResult) other = toro_async_result_new ();
  g_autoptr(GObject) wrong = wrong_object ();
  g_autoptr(GAsyncResult) foreign = NULL;
  GValue unset = G_VALUE_INIT, value = G_VALUE_INIT, into = G_VALUE_INIT;
  GError *error = NULL, *preset = preset_error ();
  ToroTestRec rec;

  g_test_summary ("ToroAsyncResult: bad arguments are criticals; NULL or unset values and "
                  "errors are refused; a set cell stays as it was");
  if (skip_if_unchecked ())
    {
      g_error_free (preset);
      return;
    }

  toro_test_rec_init (&rec, "never", NULL);
  toro_test_int_value (&value, 7);

  EXPECT_CRITICAL (NOT_A ("TORO_IS_ASYNC_RESULT"),
                   toro_async_result_get_async (NULL, TORO_NO_DEADLINE, NULL, toro_test_rec_cb,
                                                &rec));
  EXPECT_CRITICAL (BAD_CANCELLABLE,
                   toro_async_result_get_async (cell, TORO_NO_DEADLINE, (GCancellable *) wrong,
                                                toro_test_rec_cb, &rec));
  assert_never_called (&rec);

  EXPECT_CRITICAL (NOT_A ("TORO_IS_ASYNC_RESULT"),
                   g_assert_false (toro_async_result_set (NULL, &value, NULL)));
  EXPECT_CRITICAL ("*G_IS_VALUE*failed*",
                   g_assert_false (toro_async_result_set (cell, NULL, NULL)));
  EXPECT_CRITICAL ("*G_IS_VALUE*failed*",
                   g_assert_false (toro_async_result_set (cell, &unset, NULL)));
  EXPECT_CRITICAL (PRESET_ERROR, g_assert_false (toro_async_result_set (cell, &value, &preset)));
  EXPECT_CRITICAL (NOT_A ("TORO_IS_ASYNC_RESULT"),
                   g_assert_false (toro_async_result_set_error ((ToroAsyncResult *) wrong, preset,
                                                                NULL)));
  EXPECT_CRITICAL ("*failure != NULL*failed*",
                   g_assert_false (toro_async_result_set_error (cell, NULL, NULL)));
  EXPECT_CRITICAL (NOT_A ("TORO_IS_ASYNC_RESULT"),
                   g_assert_false (toro_async_result_is_ready (NULL)));
  g_assert_false (toro_async_result_is_ready (cell));

  /* Not ready: a defined error, not a critical. */
  g_assert_null (toro_async_result_get_nowait (cell, &error));
  g_assert_error (error, TORO_ERROR, TORO_ERROR_NOT_READY);
  g_clear_error (&error);
  EXPECT_CRITICAL (NOT_A ("TORO_IS_ASYNC_RESULT"),
                   g_assert_null (toro_async_result_get_nowait (NULL, NULL)));
  EXPECT_CRITICAL (PRESET_ERROR, g_assert_null (toro_async_result_get_nowait (cell, &preset)));

  /* The _into variants: NULL or already initialised destinations. */
  EXPECT_CRITICAL (UNUSABLE_DEST,
                   g_assert_false (toro_async_result_get_nowait_into (cell, NULL, NULL)));
  g_value_init (&into, G_TYPE_INT);
  EXPECT_CRITICAL (UNUSABLE_DEST,
                   g_assert_false (toro_async_result_get_nowait_into (cell, &into, NULL)));
  g_value_unset (&into);
  EXPECT_CRITICAL (NOT_A ("TORO_IS_ASYNC_RESULT"),
                   g_assert_false (toro_async_result_get_nowait_into (NULL, &into, NULL)));
  g_assert_false (G_IS_VALUE (&into));

  g_assert_true (toro_async_result_set (other, &value, NULL));
  toro_async_result_get_async (other, TORO_NO_DEADLINE, NULL, toro_test_keep_result_cb, &foreign);
  wait_result (&foreign);
  EXPECT_CRITICAL (INVALID_RESULT,
                   g_assert_null (toro_async_result_get_finish (cell, foreign, NULL)));
  EXPECT_CRITICAL (NOT_A ("TORO_IS_ASYNC_RESULT"),
                   g_assert_null (toro_async_result_get_finish (NULL, foreign, NULL)));
  EXPECT_CRITICAL (PRESET_ERROR,
                   g_assert_null (toro_async_result_get_finish (other, foreign, &preset)));
  EXPECT_CRITICAL (INVALID_RESULT,
                   g_assert_false (toro_async_result_get_finish_into (cell, foreign, &into, NULL)));
  /* As documented for any failure: a NULL pointer value, to unset. */
  g_assert_true (G_VALUE_HOLDS_POINTER (&into));
  g_assert_null (g_value_get_pointer (&into));
  g_value_unset (&into);
  EXPECT_CRITICAL (UNUSABLE_DEST,
                   g_assert_false (toro_async_result_get_finish_into (other, foreign, NULL, NULL)));
  g_assert_true (toro_async_result_get_finish_into (other, foreign, &into, NULL));
  g_assert_cmpint (g_value_get_int (&into), ==, 7);
  g_value_unset (&into);

  /* Set once; a second set or set_error is a defined error. */
  g_assert_false (toro_async_result_set (other, &value, &error));
  g_assert_error (error, TORO_ERROR, TORO_ERROR_ALREADY_SET);
  g_clear_error (&error);
  g_assert_false (toro_async_result_set_error (other, preset, &error));
  g_assert_error (error, TORO_ERROR, TORO_ERROR_ALREADY_SET);
  g_clear_error (&error);
  g_assert_true (toro_async_result_get_nowait_into (other, &into, NULL));
  g_assert_cmpint (g_value_get_int (&into), ==, 7);
  g_value_unset (&into);

  g_assert_error (preset, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_error_free (preset);
  g_value_unset (&value);
  toro_test_rec_clear (&rec);
}

/* Queues */

static void
free_counted (gpointer data)
{
  (*(guint *) data)++;
}

static void
test_bad_input_queue (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (1);
  g_autoptr(ToroQueue) huge = toro_queue_new (G_MAXUINT);
  g_autoptr(GObject) wrong = wrong_object ();
  g_autoptr(GAsyncResult) put_result = NULL;
  g_autoptr(GAsyncResult) get_result = NULL;
  GAsyncResult *fake;
  GValue unset = G_VALUE_INIT, value = G_VALUE_INIT, into = G_VALUE_INIT;
  GError *error = NULL, *preset = preset_error ();
  guint freed = 0;
  gpointer pointer;
  ToroTestRec rec;

  g_test_summary ("ToroQueue: bad arguments and items are criticals that queue nothing; "
                  "maxsize G_MAXUINT is no practical limit; a NULL pointer item is an item");
  if (skip_if_unchecked ())
    {
      g_error_free (preset);
      return;
    }

  toro_test_rec_init (&rec, "never", NULL);
  toro_test_int_value (&value, 1);

  EXPECT_CRITICAL (NOT_A ("TORO_IS_QUEUE"),
                   toro_queue_put_async (NULL, &value, TORO_NO_DEADLINE, NULL, toro_test_rec_cb,
                                         &rec));
  EXPECT_CRITICAL ("*G_IS_VALUE*failed*",
                   toro_queue_put_async (queue, NULL, TORO_NO_DEADLINE, NULL, toro_test_rec_cb,
                                         &rec));
  EXPECT_CRITICAL ("*G_IS_VALUE*failed*",
                   toro_queue_put_async (queue, &unset, TORO_NO_DEADLINE, NULL, toro_test_rec_cb,
                                         &rec));
  EXPECT_CRITICAL (BAD_CANCELLABLE,
                   toro_queue_put_async (queue, &value, TORO_NO_DEADLINE, (GCancellable *) wrong,
                                         toro_test_rec_cb, &rec));
  EXPECT_CRITICAL (NOT_A ("TORO_IS_QUEUE"),
                   toro_queue_put_pointer_async ((ToroQueue *) wrong, &freed, free_counted,
                                                 TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &rec));
  EXPECT_CRITICAL (BAD_CANCELLABLE,
                   toro_queue_put_pointer_async (queue, &freed, free_counted, TORO_NO_DEADLINE,
                                                 (GCancellable *) wrong, toro_test_rec_cb, &rec));
  EXPECT_CRITICAL (NOT_A ("TORO_IS_QUEUE"),
                   toro_queue_get_async (NULL, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &rec));
  EXPECT_CRITICAL (BAD_CANCELLABLE,
                   toro_queue_get_async (queue, TORO_NO_DEADLINE, (GCancellable *) wrong,
                                         toro_test_rec_cb, &rec));
  assert_never_called (&rec);
  /* A refused pointer item stays the caller's: not freed. */
  g_assert_cmpuint (freed, ==, 0);
  g_assert_cmpuint (toro_queue_qsize (queue), ==, 0);
  g_assert_cmpuint (toro_queue_debug_n_getters (queue) + toro_queue_debug_n_putters (queue), ==, 0);

  EXPECT_CRITICAL (NOT_A ("TORO_IS_QUEUE"),
                   g_assert_false (toro_queue_put_nowait (NULL, &value, NULL)));
  EXPECT_CRITICAL ("*G_IS_VALUE*failed*",
                   g_assert_false (toro_queue_put_nowait (queue, NULL, NULL)));
  EXPECT_CRITICAL ("*G_IS_VALUE*failed*",
                   g_assert_false (toro_queue_put_nowait (queue, &unset, NULL)));
  EXPECT_CRITICAL (PRESET_ERROR, g_assert_false (toro_queue_put_nowait (queue, &value, &preset)));
  EXPECT_CRITICAL (NOT_A ("TORO_IS_QUEUE"),
                   g_assert_false (toro_queue_put_pointer_nowait ((ToroQueue *) wrong, &freed,
                                                                  free_counted, NULL)));
  EXPECT_CRITICAL (PRESET_ERROR,
                   g_assert_false (toro_queue_put_pointer_nowait (queue, &freed, free_counted,
                                                                  &preset)));
  EXPECT_CRITICAL (NOT_A ("TORO_IS_QUEUE"), g_assert_null (toro_queue_get_nowait (NULL, NULL)));
  EXPECT_CRITICAL (PRESET_ERROR, g_assert_null (toro_queue_get_nowait (queue, &preset)));
  EXPECT_CRITICAL (NOT_A ("TORO_IS_QUEUE"),
                   g_assert_null (toro_queue_get_pointer_nowait (NULL, NULL)));
  EXPECT_CRITICAL (NOT_A ("TORO_IS_QUEUE"),
                   g_assert_false (toro_queue_get_nowait_into (NULL, &into, NULL)));
  EXPECT_CRITICAL (UNUSABLE_DEST, g_assert_false (toro_queue_get_nowait_into (queue, NULL, NULL)));
  EXPECT_CRITICAL (NOT_A ("TORO_IS_QUEUE"), g_assert_cmpuint (toro_queue_qsize (NULL), ==, 0));
  EXPECT_CRITICAL (NOT_A ("TORO_IS_QUEUE"),
                   g_assert_false (toro_queue_empty ((ToroQueue *) wrong)));
  EXPECT_CRITICAL (NOT_A ("TORO_IS_QUEUE"), g_assert_false (toro_queue_full (NULL)));
  EXPECT_CRITICAL (NOT_A ("TORO_IS_QUEUE"),
                   g_assert_cmpuint (toro_queue_get_maxsize (NULL), ==, 0));
  g_assert_cmpuint (freed, ==, 0);
  g_assert_true (toro_queue_empty (queue));

  /* Foreign, fake and mismatched results. */
  toro_queue_put_async (queue, &value, TORO_NO_DEADLINE, NULL, toro_test_keep_result_cb,
                        &put_result);
  wait_result (&put_result);
  toro_queue_get_async (queue, TORO_NO_DEADLINE, NULL, toro_test_keep_result_cb, &get_result);
  wait_result (&get_result);
  fake = fake_result (queue);
  EXPECT_CRITICAL (INVALID_RESULT,
                   g_assert_false (toro_queue_put_finish (queue, get_result, NULL)));
  EXPECT_CRITICAL (INVALID_RESULT, g_assert_null (toro_queue_get_finish (queue, put_result, NULL)));
  EXPECT_CRITICAL (INVALID_RESULT, g_assert_null (toro_queue_get_finish (huge, get_result, NULL)));
  EXPECT_CRITICAL (INVALID_RESULT,
                   g_assert_null (toro_queue_get_pointer_finish (queue, fake, NULL)));
  EXPECT_CRITICAL (INVALID_RESULT,
                   g_assert_false (toro_queue_get_finish_into (queue, put_result, &into, NULL)));
  g_assert_true (G_VALUE_HOLDS_POINTER (&into));
  g_value_unset (&into);
  EXPECT_CRITICAL (UNUSABLE_DEST,
                   g_assert_false (toro_queue_get_finish_into (queue, get_result, NULL, NULL)));
  EXPECT_CRITICAL (NOT_A ("TORO_IS_QUEUE"),
                   g_assert_false (toro_queue_put_finish (NULL, put_result, NULL)));
  EXPECT_CRITICAL (PRESET_ERROR,
                   g_assert_null (toro_queue_get_pointer_finish (queue, get_result, &preset)));
  g_assert_true (toro_queue_put_finish (queue, put_result, NULL));
  /* Getting an int as a pointer is a programming error: a critical, NULL. */
  EXPECT_CRITICAL ("*does not hold a pointer*",
                   g_assert_null (toro_queue_get_pointer_finish (queue, get_result, NULL)));
  drop_fake_result (fake);

  /* A NULL pointer is an item like any other, and NULL frees nothing. */
  g_assert_true (toro_queue_put_pointer_nowait (queue, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (toro_queue_qsize (queue), ==, 1);
  pointer = toro_queue_get_pointer_nowait (queue, &error);
  g_assert_null (pointer);
  g_assert_no_error (error);
  g_assert_true (toro_queue_empty (queue));

  /* A full queue refuses a pointer item: still the caller's. */
  g_assert_true (toro_queue_put_nowait (queue, &value, NULL));
  g_assert_false (toro_queue_put_pointer_nowait (queue, &freed, free_counted, &error));
  g_assert_error (error, TORO_ERROR, TORO_ERROR_FULL);
  g_clear_error (&error);
  g_assert_cmpuint (freed, ==, 0);
  EXPECT_CRITICAL ("*does not hold a pointer*",
                   g_assert_null (toro_queue_get_pointer_nowait (queue, NULL)));

  /* maxsize G_MAXUINT: never full in practice. */
  g_assert_cmpuint (toro_queue_get_maxsize (huge), ==, G_MAXUINT);
  for (int i = 0; i < 10000; i++)
    toro_test_put_int (huge, i);
  g_assert_false (toro_queue_full (huge));
  g_assert_cmpuint (toro_queue_qsize (huge), ==, 10000);
  g_assert_true (toro_queue_put_pointer_nowait (huge, &freed, free_counted, NULL));
  g_clear_object (&huge);
  /* Finalized with items queued: each freed, the pointer item once. */
  g_assert_cmpuint (freed, ==, 1);

  g_assert_error (preset, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_error_free (preset);
  g_value_unset (&value);
  toro_test_rec_clear (&rec);
}

static gint
compare_reverse (const GValue *a,
                 const GValue *b,
                 gpointer      data)
{
  return g_value_get_int (b) - g_value_get_int (a);
}

static void
test_bad_input_priority_queue (void)
{
  g_autoptr(GObject) wrong = wrong_object ();
  ToroPriorityQueue *queue;
  guint destroyed = 0;

  g_test_summary ("ToroPriorityQueue and ToroLifoQueue: maxsize G_MAXUINT; a comparator's data "
                  "is destroyed exactly once; the queue functions refuse other types");
  if (skip_if_unchecked ())
    return;

  queue = toro_priority_queue_new (G_MAXUINT, compare_reverse, &destroyed, free_counted);
  g_assert_cmpuint (toro_queue_get_maxsize (TORO_QUEUE (queue)), ==, G_MAXUINT);
  toro_test_put_int (TORO_QUEUE (queue), 1);
  toro_test_put_int (TORO_QUEUE (queue), 3);
  toro_test_put_int (TORO_QUEUE (queue), 2);
  g_assert_cmpint (toro_test_get_int (TORO_QUEUE (queue)), ==, 3);
  g_object_unref (queue);
  g_assert_cmpuint (destroyed, ==, 1);

  /* NULL compare: the default order; NULL destroy with data: nothing freed. */
  queue = toro_priority_queue_new (0, NULL, &destroyed, NULL);
  toro_test_put_int (TORO_QUEUE (queue), 2);
  toro_test_put_int (TORO_QUEUE (queue), 1);
  g_assert_cmpint (toro_test_get_int (TORO_QUEUE (queue)), ==, 1);
  g_object_unref (queue);
  g_assert_cmpuint (destroyed, ==, 1);

  EXPECT_CRITICAL (NOT_A ("TORO_IS_QUEUE"),
                   g_assert_cmpuint (toro_queue_qsize ((ToroQueue *) wrong), ==, 0));
}

static void
test_bad_input_lifo_queue (void)
{
  g_autoptr(ToroLifoQueue) lifo = toro_lifo_queue_new (G_MAXUINT);
  g_autoptr(ToroLock) lock = toro_lock_new ();

  g_test_summary ("ToroLifoQueue: maxsize G_MAXUINT; a lock is not a queue");
  if (skip_if_unchecked ())
    return;

  g_assert_cmpuint (toro_queue_get_maxsize (TORO_QUEUE (lifo)), ==, G_MAXUINT);
  toro_test_put_int (TORO_QUEUE (lifo), 1);
  toro_test_put_int (TORO_QUEUE (lifo), 2);
  g_assert_cmpint (toro_test_get_int (TORO_QUEUE (lifo)), ==, 2);
  EXPECT_CRITICAL (NOT_A ("TORO_IS_QUEUE"),
                   g_assert_null (toro_queue_get_nowait ((ToroQueue *) lock, NULL)));
  g_assert_cmpint (toro_test_get_int (TORO_QUEUE (lifo)), ==, 1);
}

static void
test_bad_input_joinable_queue (void)
{
  g_autoptr(ToroJoinableQueue) queue = toro_joinable_queue_new (G_MAXUINT);
  g_autoptr(ToroJoinableQueue) other = toro_joinable_queue_new (0);
  g_autoptr(ToroQueue) plain = toro_queue_new (0);
  g_autoptr(GObject) wrong = wrong_object ();
  g_autoptr(GAsyncResult) foreign = NULL;
  ToroTestRec rec;

  g_test_summary ("ToroJoinableQueue: an extra task_done () is a critical that changes nothing; "
                  "a plain queue is not joinable");
  if (skip_if_unchecked ())
    return;

  toro_test_rec_init (&rec, "never", NULL);

  EXPECT_CRITICAL ("*more times than there were items put*", toro_joinable_queue_task_done (queue));
  g_assert_cmpuint (toro_joinable_queue_get_unfinished_tasks (queue), ==, 0);
  EXPECT_CRITICAL (NOT_A ("TORO_IS_JOINABLE_QUEUE"),
                   toro_joinable_queue_task_done ((ToroJoinableQueue *) plain));
  EXPECT_CRITICAL (NOT_A ("TORO_IS_JOINABLE_QUEUE"), toro_joinable_queue_task_done (NULL));
  EXPECT_CRITICAL (NOT_A ("TORO_IS_JOINABLE_QUEUE"),
                   g_assert_cmpuint (toro_joinable_queue_get_unfinished_tasks (
                                       (ToroJoinableQueue *) wrong), ==, 0));
  EXPECT_CRITICAL (NOT_A ("TORO_IS_JOINABLE_QUEUE"),
                   toro_joinable_queue_join_async ((ToroJoinableQueue *) plain, TORO_NO_DEADLINE,
                                                   NULL,
                                                   toro_test_rec_cb, &rec));
  EXPECT_CRITICAL (BAD_CANCELLABLE,
                   toro_joinable_queue_join_async (queue, TORO_NO_DEADLINE, (GCancellable *) wrong,
                                                   toro_test_rec_cb, &rec));
  assert_never_called (&rec);

  toro_test_put_int (TORO_QUEUE (queue), 1);
  g_assert_cmpuint (toro_joinable_queue_get_unfinished_tasks (queue), ==, 1);
  g_assert_cmpint (toro_test_get_int (TORO_QUEUE (queue)), ==, 1);
  toro_joinable_queue_task_done (queue);
  EXPECT_CRITICAL ("*more times than there were items put*", toro_joinable_queue_task_done (queue));
  g_assert_cmpuint (toro_joinable_queue_get_unfinished_tasks (queue), ==, 0);

  toro_joinable_queue_join_async (other, TORO_NO_DEADLINE, NULL, toro_test_keep_result_cb,
                                  &foreign);
  wait_result (&foreign);
  EXPECT_CRITICAL (INVALID_RESULT,
                   g_assert_false (toro_joinable_queue_join_finish (queue, foreign, NULL)));
  EXPECT_CRITICAL (NOT_A ("TORO_IS_JOINABLE_QUEUE"),
                   g_assert_false (toro_joinable_queue_join_finish (NULL, foreign, NULL)));
  g_assert_true (toro_joinable_queue_join_finish (other, foreign, NULL));
  toro_test_rec_clear (&rec);
}

/* Deadlines */

static void
test_bad_input_deadline (void)
{
  g_autoptr(ToroCondition) cond = toro_condition_new ();
  g_autoptr(ToroLock) lock = toro_lock_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  static const gint64 past[] = { G_MININT64, G_MININT64 + 1, -2, 0, 1 };
  gint64 now = g_get_monotonic_time ();
  ToroTestRec forever, never_comes, rec;

  g_test_summary ("Deadlines at the ends of the range: G_MAXINT64 and toro_deadline_after "
                  "(G_MAXINT64) never come and never make the context spin; G_MININT64 and every "
                  "negative but -1 are past; no span overflows");

  /* toro_deadline_after () saturates and never returns TORO_NO_DEADLINE. */
  g_assert_cmpint (toro_deadline_after (G_MAXINT64), ==, G_MAXINT64);
  g_assert_cmpint (toro_deadline_after (G_MAXINT64 - 1), ==, G_MAXINT64);
  g_assert_cmpint (toro_deadline_after (G_MAXINT64 - now), ==, G_MAXINT64);
  g_assert_cmpint (toro_deadline_after (0), >=, now);
  g_assert_cmpint (toro_deadline_after (G_TIME_SPAN_HOUR), >, now);
  for (gint64 span = -1; span >= G_MININT64 / 2; span *= 2)
    {
      gint64 deadline = toro_deadline_after (span);

      g_assert_cmpint (deadline, !=, TORO_NO_DEADLINE);
      g_assert_cmpint (deadline, >=, 0);
      g_assert_cmpint (deadline, <=, g_get_monotonic_time ());
    }
  g_assert_cmpint (toro_deadline_after (G_MININT64), ==, 0);

  /* Far deadlines wait, and the context sleeps (for ever, or for at
   * least a day) instead of spinning. */
  toro_test_rec_init (&forever, "forever", NULL);
  toro_test_rec_init (&never_comes, "never-comes", NULL);
  toro_condition_wait_async (cond, G_MAXINT64, cancellable, toro_test_rec_cb, &forever);
  toro_condition_wait_async (cond, toro_deadline_after (G_MAXINT64), cancellable, toro_test_rec_cb,
                             &never_comes);
  g_assert_cmpuint (toro_condition_debug_n_waiters (cond), ==, 2);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 2);
  g_assert_false (g_main_context_iteration (NULL, FALSE));
  {
    gint timeout = context_poll_timeout ();

    g_assert_true (timeout == -1 || timeout >= 24 * 3600 * 1000);
  }
  g_assert_cmpuint (forever.done + never_comes.done, ==, 0);
  g_cancellable_cancel (cancellable);
  toro_test_wait (&never_comes);
  toro_test_assert_cancelled (&forever);
  toro_test_assert_cancelled (&never_comes);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 0);

  /* Every past deadline: a wait that cannot succeed times out at once... */
  for (guint i = 0; i < G_N_ELEMENTS (past); i++)
    {
      toro_test_rec_init (&rec, "past", NULL);
      toro_condition_wait_async (cond, past[i], NULL, toro_test_rec_cb, &rec);
      g_assert_cmpuint (toro_condition_debug_n_waiters (cond), ==, 0);
      toro_test_wait (&rec);
      toro_test_assert_timeout (&rec);
      toro_test_rec_clear (&rec);
    }

  /* ... and one that can succeeds. */
  for (guint i = 0; i < G_N_ELEMENTS (past); i++)
    {
      toro_test_rec_init (&rec, "past", NULL);
      toro_lock_acquire_async (lock, past[i], NULL, toro_test_rec_cb, &rec);
      toro_test_wait (&rec);
      toro_test_assert_ok (&rec);
      toro_lock_release (lock);
      toro_test_rec_clear (&rec);
    }

  toro_test_rec_clear (&forever);
  toro_test_rec_clear (&never_comes);
}

/* Errors, versions, properties */

static void
test_bad_input_error_and_version (void)
{
  GEnumClass *codes = g_type_class_ref (TORO_TYPE_ERROR);

  g_test_summary ("The error domain and the version functions answer without arguments");

  g_assert_cmpuint (toro_error_quark (), !=, 0);
  g_assert_cmpuint (toro_error_quark (), ==, TORO_ERROR);
  g_assert_nonnull (g_enum_get_value (codes, TORO_ERROR_TIMEOUT));
  g_assert_null (g_enum_get_value (codes, 1000));
  g_assert_cmpuint (toro_get_major_version (), ==, TORO_MAJOR_VERSION);
  g_assert_cmpuint (toro_get_minor_version (), ==, TORO_MINOR_VERSION);
  g_assert_cmpuint (toro_get_micro_version (), ==, TORO_MICRO_VERSION);
  g_type_class_unref (codes);
}

static void
test_bad_input_properties (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (3);
  g_autoptr(ToroSemaphore) sem = toro_semaphore_new (2);
  GValue value = G_VALUE_INIT;

  g_test_summary ("Construct-only and read-only properties refuse writes with GObject's warning "
                  "and keep their value");
  if (skip_if_unchecked ())
    return;

  g_test_expect_message ("GLib-GObject", G_LOG_LEVEL_WARNING, "*construct*maxsize*");
  g_object_set (queue, "maxsize", 7, NULL);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (toro_queue_get_maxsize (queue), ==, 3);

  g_test_expect_message ("GLib-GObject", G_LOG_LEVEL_WARNING, "*not writable*");
  g_object_set (queue, "size", 7, NULL);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (toro_queue_qsize (queue), ==, 0);

  g_test_expect_message ("GLib-GObject", G_LOG_LEVEL_WARNING, "*construct*value*");
  g_object_set (sem, "value", 9, NULL);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (toro_semaphore_get_value (sem), ==, 2);

  g_test_expect_message ("GLib-GObject", G_LOG_LEVEL_WARNING, "*no property named*");
  g_value_init (&value, G_TYPE_INT);
  g_object_get_property (G_OBJECT (sem), "no-such-property", &value);
  g_test_assert_expected_messages ();
  g_value_unset (&value);
}

int
main (int    argc,
      char **argv)
{
  toro_test_init (&argc, &argv);

  g_test_add_func ("/bad-input/lock", test_bad_input_lock);
  g_test_add_func ("/bad-input/rw-lock", test_bad_input_rw_lock);
  g_test_add_func ("/bad-input/semaphore", test_bad_input_semaphore);
  g_test_add_func ("/bad-input/bounded-semaphore", test_bad_input_bounded_semaphore);
  g_test_add_func ("/bad-input/condition", test_bad_input_condition);
  g_test_add_func ("/bad-input/event", test_bad_input_event);
  g_test_add_func ("/bad-input/async-result", test_bad_input_async_result);
  g_test_add_func ("/bad-input/queue", test_bad_input_queue);
  g_test_add_func ("/bad-input/priority-queue", test_bad_input_priority_queue);
  g_test_add_func ("/bad-input/lifo-queue", test_bad_input_lifo_queue);
  g_test_add_func ("/bad-input/joinable-queue", test_bad_input_joinable_queue);
  g_test_add_func ("/bad-input/deadline", test_bad_input_deadline);
  g_test_add_func ("/bad-input/error-and-version", test_bad_input_error_and_version);
  g_test_add_func ("/bad-input/properties", test_bad_input_properties);

  return g_test_run ();
}
