/* toro-test-util.h: shared helpers for the toro-glib test programs
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "config.h"

#include <toro-glib/toro-glib.h>

#include "toro-debug-private.h"

G_BEGIN_DECLS

/* How long any wait in a test may take before the test fails. Generous:
 * the machines are shared and noisy, and sanitizers and valgrind are slow.
 * Nothing waits for this long in a passing run. */
#define TORO_TEST_FAILSAFE_USEC (30 * G_USEC_PER_SEC)

/* One asynchronous operation, as a test sees it complete. */
typedef struct
{
  const char   *label;     /* appended to the log when the callback runs */
  GString      *log;       /* shared history, or NULL */
  guint         done;      /* how many times the callback ran (must end at 1) */
  gboolean      ok;
  GError       *error;
  GValue       *value;     /* for gets */
  GMainContext *context;   /* the thread-default context the callback ran in */
  GThread      *thread;
  /* Run from the callback after it finished the operation, if set. */
  void        (*then)      (gpointer then_data);
  gpointer      then_data;
} ToroTestRec;

static inline void
toro_test_rec_init (ToroTestRec *rec,
                    const char  *label,
                    GString     *log)
{
  memset (rec, 0, sizeof *rec);
  rec->label = label;
  rec->log = log;
}

static inline void
toro_test_rec_clear (ToroTestRec *rec)
{
  g_clear_error (&rec->error);
  if (rec->value != NULL)
    g_boxed_free (G_TYPE_VALUE, rec->value);
  rec->value = NULL;
  if (rec->context != NULL)
    g_main_context_unref (rec->context);
  rec->context = NULL;
}

static inline void
toro_test_log (GString    *log,
               const char *entry)
{
  if (log == NULL)
    return;
  if (log->len > 0)
    g_string_append_c (log, ' ');
  g_string_append (log, entry);
}

/* One callback for every operation in the library: finishes it with the
 * right _finish function, found by source tag, and records the outcome. */
static inline void
toro_test_rec_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ToroTestRec *rec = user_data;

#define FINISH_BOOL(tag, finish, type) \
  else if (g_async_result_is_tagged (result, tag)) \
    rec->ok = finish (type (source), result, &rec->error)
#define FINISH_VALUE(tag, finish, type) \
  else if (g_async_result_is_tagged (result, tag)) \
    { rec->value = finish (type (source), result, &rec->error); rec->ok = rec->value != NULL; }

  g_assert_true (G_IS_OBJECT (source));
  g_assert_true (g_async_result_get_user_data (result) == user_data);

  if (0) {}
  FINISH_BOOL (toro_lock_acquire_async, toro_lock_acquire_finish, TORO_LOCK);
  FINISH_BOOL (toro_rw_lock_acquire_read_async, toro_rw_lock_acquire_read_finish, TORO_RW_LOCK);
  FINISH_BOOL (toro_rw_lock_acquire_write_async, toro_rw_lock_acquire_write_finish, TORO_RW_LOCK);
  FINISH_BOOL (toro_semaphore_acquire_async, toro_semaphore_acquire_finish, TORO_SEMAPHORE);
  FINISH_BOOL (toro_semaphore_wait_async, toro_semaphore_wait_finish, TORO_SEMAPHORE);
  FINISH_BOOL (toro_condition_wait_async, toro_condition_wait_finish, TORO_CONDITION);
  FINISH_BOOL (toro_event_wait_async, toro_event_wait_finish, TORO_EVENT);
  FINISH_BOOL (toro_queue_put_async, toro_queue_put_finish, TORO_QUEUE);
  FINISH_BOOL (toro_joinable_queue_join_async, toro_joinable_queue_join_finish, TORO_JOINABLE_QUEUE);
  FINISH_VALUE (toro_queue_get_async, toro_queue_get_finish, TORO_QUEUE)
  FINISH_VALUE (toro_async_result_get_async, toro_async_result_get_finish, TORO_ASYNC_RESULT)
  else
    g_assert_not_reached ();

#undef FINISH_BOOL
#undef FINISH_VALUE

  /* Exactly one of success and error. */
  g_assert_true (rec->ok == (rec->error == NULL));

  if (rec->context != NULL)
    g_main_context_unref (rec->context);
  rec->context = g_main_context_ref_thread_default ();
  rec->thread = g_thread_self ();
  rec->done++;

  if (rec->log != NULL)
    {
      if (rec->ok)
        toro_test_log (rec->log, rec->label);
      else if (g_error_matches (rec->error, TORO_ERROR, TORO_ERROR_TIMEOUT))
        {
          char *entry = g_strdup_printf ("%s:timeout", rec->label);
          toro_test_log (rec->log, entry);
          g_free (entry);
        }
      else if (g_error_matches (rec->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          char *entry = g_strdup_printf ("%s:cancelled", rec->label);
          toro_test_log (rec->log, entry);
          g_free (entry);
        }
      else
        {
          char *entry = g_strdup_printf ("%s:error", rec->label);
          toro_test_log (rec->log, entry);
          g_free (entry);
        }
    }

  if (rec->then != NULL)
    rec->then (rec->then_data);
}

static inline gboolean
toro_test_failsafe_cb (gpointer user_data)
{
  g_error ("A test waited more than %d seconds: something never completed",
           (int) (TORO_TEST_FAILSAFE_USEC / G_USEC_PER_SEC));
  return G_SOURCE_REMOVE;
}

/* Iterates the thread-default main context until @condition (data) holds,
 * failing the test if that takes longer than the failsafe. */
static inline void
toro_test_run_until (gboolean (*condition) (gpointer data),
                     gpointer  data)
{
  GMainContext *context = g_main_context_ref_thread_default ();
  GSource *failsafe = g_timeout_source_new (TORO_TEST_FAILSAFE_USEC / 1000);

  g_source_set_callback (failsafe, toro_test_failsafe_cb, NULL, NULL);
  g_source_attach (failsafe, context);

  while (!condition (data))
    g_main_context_iteration (context, TRUE);

  g_source_destroy (failsafe);
  g_source_unref (failsafe);
  g_main_context_unref (context);
}

static inline gboolean
toro_test_rec_is_done (gpointer data)
{
  return ((ToroTestRec *) data)->done > 0;
}

static inline gboolean
toro_test_flag_is_set (gpointer data)
{
  return *(gboolean *) data;
}

/* Runs the main context until @rec's callback has run. */
static inline void
toro_test_wait (ToroTestRec *rec)
{
  toro_test_run_until (toro_test_rec_is_done, rec);
  g_assert_cmpuint (rec->done, ==, 1);
}

static inline void
toro_test_wait_flag (gboolean *flag)
{
  toro_test_run_until (toro_test_flag_is_set, flag);
}

/* Dispatches everything that is ready now, without blocking. */
static inline void
toro_test_flush (void)
{
  GMainContext *context = g_main_context_ref_thread_default ();

  while (g_main_context_iteration (context, FALSE))
    ;

  g_main_context_unref (context);
}

static inline void
toro_test_assert_ok (ToroTestRec *rec)
{
  g_assert_cmpuint (rec->done, ==, 1);
  g_assert_no_error (rec->error);
  g_assert_true (rec->ok);
}

static inline void
toro_test_assert_error (ToroTestRec *rec,
                        GQuark       domain,
                        int          code)
{
  g_assert_cmpuint (rec->done, ==, 1);
  g_assert_error (rec->error, domain, code);
  g_assert_false (rec->ok);
}

#define toro_test_assert_timeout(rec) toro_test_assert_error ((rec), TORO_ERROR, TORO_ERROR_TIMEOUT)
#define toro_test_assert_cancelled(rec) toro_test_assert_error ((rec), G_IO_ERROR, G_IO_ERROR_CANCELLED)

/* A deadline some milliseconds from now. */
static inline gint64
toro_test_ms (int ms)
{
  return toro_deadline_after ((gint64) ms * 1000);
}

static inline GValue *
toro_test_int_value (GValue *value,
                     int     i)
{
  g_value_init (value, G_TYPE_INT);
  g_value_set_int (value, i);
  return value;
}

/* Puts an int without waiting; asserts that it was accepted. */
static inline void
toro_test_put_int (ToroQueue *queue,
                   int        i)
{
  GValue value = G_VALUE_INIT;
  GError *error = NULL;

  g_assert_true (toro_queue_put_nowait (queue, toro_test_int_value (&value, i), &error));
  g_assert_no_error (error);
  g_value_unset (&value);
}

/* Gets an int without waiting; asserts that there was one. */
static inline int
toro_test_get_int (ToroQueue *queue)
{
  GError *error = NULL;
  GValue *value = toro_queue_get_nowait (queue, &error);
  int i;

  g_assert_no_error (error);
  g_assert_nonnull (value);
  g_assert_true (G_VALUE_HOLDS_INT (value));
  i = g_value_get_int (value);
  g_boxed_free (G_TYPE_VALUE, value);

  return i;
}

static inline int
toro_test_rec_int (ToroTestRec *rec)
{
  toro_test_assert_ok (rec);
  g_assert_nonnull (rec->value);
  g_assert_true (G_VALUE_HOLDS_INT (rec->value));
  return g_value_get_int (rec->value);
}

/* Counts finalizations: g_object_weak_ref (object, toro_test_weak_count_cb, &count). */
static inline void
toro_test_weak_count_cb (gpointer  data,
                         GObject  *where_the_object_was)
{
  (*(guint *) data)++;
}

/* Keeps the GAsyncResult an operation completes with, to finish it later
 * (or wrongly): toro_test_run_until (toro_test_result_is_kept, &result). */
static inline void
toro_test_keep_result_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static inline gboolean
toro_test_result_is_kept (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

/* Starts a put of the int @i into any ToroQueue, recorded in @rec. */
static inline void
toro_test_put_int_async (gpointer      queue,
                         int           i,
                         gint64        deadline,
                         GCancellable *cancellable,
                         ToroTestRec  *rec)
{
  GValue value = G_VALUE_INIT;

  toro_queue_put_async (TORO_QUEUE (queue), toro_test_int_value (&value, i), deadline, cancellable,
                        toro_test_rec_cb, rec);
  g_value_unset (&value);
}

/* put_nowait must refuse with FULL. */
static inline void
toro_test_assert_put_full (gpointer queue,
                           int      i)
{
  GValue value = G_VALUE_INIT;
  GError *error = NULL;

  g_assert_false (toro_queue_put_nowait (TORO_QUEUE (queue), toro_test_int_value (&value, i), &error));
  g_assert_error (error, TORO_ERROR, TORO_ERROR_FULL);
  g_clear_error (&error);
  g_value_unset (&value);
}

/* get_nowait must refuse with EMPTY. */
static inline void
toro_test_assert_get_empty (gpointer queue)
{
  GError *error = NULL;

  g_assert_null (toro_queue_get_nowait (TORO_QUEUE (queue), &error));
  g_assert_error (error, TORO_ERROR, TORO_ERROR_EMPTY);
  g_clear_error (&error);
}

/* Counts notify::<name> emissions. */
typedef struct
{
  guint    count;
  GThread *thread;
} ToroTestNotifyCount;

static inline void
toro_test_notify_count_cb (GObject    *object,
                           GParamSpec *pspec,
                           gpointer    user_data)
{
  ToroTestNotifyCount *count = user_data;

  count->count++;
  count->thread = g_thread_self ();
}

static inline void
toro_test_count_notify (gpointer             object,
                        const char          *property,
                        ToroTestNotifyCount *count)
{
  char *signal = g_strconcat ("notify::", property, NULL);

  memset (count, 0, sizeof *count);
  g_signal_connect (object, signal, G_CALLBACK (toro_test_notify_count_cb), count);
  g_free (signal);
}

/* Common start-up: no criticals tolerated unless a test expects them. */
static inline void
toro_test_init (int    *argc,
                char ***argv)
{
  g_test_init (argc, argv, NULL);
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING | G_LOG_FATAL_MASK);
}

G_END_DECLS
