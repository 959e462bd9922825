/* test-rw-lock.c: ToroRWLock
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "toro-test-util.h"

static void
test_rw_lock_acquire_read_free (void)
{
  g_autoptr(ToroRWLock) lock = toro_rw_lock_new (0);
  ToroTestRec rec;

  g_test_summary ("A free lock is taken for reading, and the callback runs from the main loop");

  toro_test_rec_init (&rec, "r", NULL);
  g_assert_false (toro_rw_lock_is_locked (lock));
  g_assert_cmpuint (toro_rw_lock_get_n_readers (lock), ==, 0);

  toro_rw_lock_acquire_read_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &rec);
  /* Decided at once, delivered later. */
  g_assert_cmpuint (toro_rw_lock_get_n_readers (lock), ==, 1);
  g_assert_cmpuint (toro_rw_lock_debug_n_waiters (lock), ==, 0);
  g_assert_cmpuint (rec.done, ==, 0);

  toro_test_wait (&rec);
  toro_test_assert_ok (&rec);
  g_assert_true (rec.context == g_main_context_default ());
  g_assert_true (rec.thread == g_thread_self ());
  /* No limit: one reader does not lock it. */
  g_assert_false (toro_rw_lock_is_locked (lock));

  toro_rw_lock_release_read (lock);
  g_assert_cmpuint (toro_rw_lock_get_n_readers (lock), ==, 0);
  g_assert_false (toro_rw_lock_is_locked (lock));
  toro_test_rec_clear (&rec);
}

static void
test_rw_lock_acquire_write_free (void)
{
  g_autoptr(ToroRWLock) lock = toro_rw_lock_new (0);
  ToroTestRec rec;

  g_test_summary ("A free lock is taken for writing, and the callback runs from the main loop");

  toro_test_rec_init (&rec, "w", NULL);
  toro_rw_lock_acquire_write_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &rec);
  g_assert_true (toro_rw_lock_is_locked (lock));
  g_assert_cmpuint (toro_rw_lock_get_n_readers (lock), ==, 0);
  g_assert_cmpuint (rec.done, ==, 0);

  toro_test_wait (&rec);
  toro_test_assert_ok (&rec);
  g_assert_true (rec.context == g_main_context_default ());
  g_assert_true (toro_rw_lock_is_locked (lock));
  g_assert_false (toro_rw_lock_try_acquire_read (lock));
  g_assert_false (toro_rw_lock_try_acquire_write (lock));

  toro_rw_lock_release_write (lock);
  g_assert_false (toro_rw_lock_is_locked (lock));
  toro_test_rec_clear (&rec);
}

static void
test_rw_lock_release_read (void)
{
  g_autoptr(ToroRWLock) lock = toro_rw_lock_new (10);
  ToroTestRec rec;

  g_test_summary ("Toro 1.0.1: release_read after one acquire_read succeeds with max_readers 10");

  toro_test_rec_init (&rec, "r", NULL);
  toro_rw_lock_acquire_read_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &rec);
  toro_test_wait (&rec);
  toro_test_assert_ok (&rec);

  /* Toro 1.0 raised here because locked() was false. */
  g_assert_false (toro_rw_lock_is_locked (lock));
  g_assert_cmpuint (toro_rw_lock_get_n_readers (lock), ==, 1);
  toro_rw_lock_release_read (lock);
  g_assert_cmpuint (toro_rw_lock_get_n_readers (lock), ==, 0);
  g_assert_true (toro_rw_lock_try_acquire_write (lock));
  toro_rw_lock_release_write (lock);
  toro_test_rec_clear (&rec);
}

static void
test_rw_lock_release_partial (void)
{
  g_autoptr(ToroRWLock) lock = toro_rw_lock_new (10);
  ToroTestRec reads[5], write;

  g_test_summary ("5 reads, 5 release_reads, then acquire_write succeeds (toro test_partial_release)");

  for (guint i = 0; i < G_N_ELEMENTS (reads); i++)
    {
      toro_test_rec_init (&reads[i], "r", NULL);
      toro_rw_lock_acquire_read_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &reads[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (reads); i++)
    {
      toro_test_wait (&reads[i]);
      toro_test_assert_ok (&reads[i]);
    }
  g_assert_cmpuint (toro_rw_lock_get_n_readers (lock), ==, 5);

  toro_test_rec_init (&write, "w", NULL);
  toro_rw_lock_acquire_write_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &write);
  g_assert_cmpuint (toro_rw_lock_debug_n_waiters (lock), ==, 1);

  for (guint i = 0; i < G_N_ELEMENTS (reads); i++)
    {
      /* The writer waits for the last reader. */
      g_assert_cmpuint (toro_rw_lock_debug_n_waiters (lock), ==, 1);
      toro_rw_lock_release_read (lock);
    }
  g_assert_cmpuint (toro_rw_lock_debug_n_waiters (lock), ==, 0);
  g_assert_true (toro_rw_lock_is_locked (lock));
  g_assert_cmpuint (write.done, ==, 0);

  toro_test_wait (&write);
  toro_test_assert_ok (&write);
  toro_rw_lock_release_write (lock);
  g_assert_false (toro_rw_lock_is_locked (lock));

  for (guint i = 0; i < G_N_ELEMENTS (reads); i++)
    toro_test_rec_clear (&reads[i]);
  toro_test_rec_clear (&write);
}

static void
test_rw_lock_release_read_not_held (void)
{
  g_autoptr(ToroRWLock) lock = toro_rw_lock_new (0);

  g_test_summary ("release_read with no read slot held emits a critical and changes nothing");

  if (!g_test_undefined ())
    return;

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*not held for reading*");
  toro_rw_lock_release_read (lock);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (toro_rw_lock_get_n_readers (lock), ==, 0);
  g_assert_false (toro_rw_lock_is_locked (lock));

  /* After N acquires and N releases (toro RWLockTests3::test_release_unlocked). */
  for (guint i = 0; i < 3; i++)
    g_assert_true (toro_rw_lock_try_acquire_read (lock));
  for (guint i = 0; i < 3; i++)
    toro_rw_lock_release_read (lock);
  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*not held for reading*");
  toro_rw_lock_release_read (lock);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (toro_rw_lock_get_n_readers (lock), ==, 0);

  /* Write-locked is not read-locked: the writer keeps the lock. */
  g_assert_true (toro_rw_lock_try_acquire_write (lock));
  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*not held for reading*");
  toro_rw_lock_release_read (lock);
  g_test_assert_expected_messages ();
  g_assert_true (toro_rw_lock_is_locked (lock));
  g_assert_false (toro_rw_lock_try_acquire_write (lock));
  toro_rw_lock_release_write (lock);

  /* Nothing was counted below zero: the lock works normally. */
  g_assert_true (toro_rw_lock_try_acquire_write (lock));
  toro_rw_lock_release_write (lock);
  g_assert_false (toro_rw_lock_is_locked (lock));
}

static void
test_rw_lock_release_write_not_held (void)
{
  g_autoptr(ToroRWLock) lock = toro_rw_lock_new (2);

  g_test_summary ("release_write when not write-locked emits a critical and changes nothing");

  if (!g_test_undefined ())
    return;

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*not held for writing*");
  toro_rw_lock_release_write (lock);
  g_test_assert_expected_messages ();
  g_assert_false (toro_rw_lock_is_locked (lock));

  /* After acquire_write and release_write (toro RWLockWriteTests2::test_multi_release). */
  g_assert_true (toro_rw_lock_try_acquire_write (lock));
  toro_rw_lock_release_write (lock);
  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*not held for writing*");
  toro_rw_lock_release_write (lock);
  g_test_assert_expected_messages ();
  g_assert_false (toro_rw_lock_is_locked (lock));

  /* Read-locked (every slot taken) is not write-locked: the readers stay. */
  g_assert_true (toro_rw_lock_try_acquire_read (lock));
  g_assert_true (toro_rw_lock_try_acquire_read (lock));
  g_assert_true (toro_rw_lock_is_locked (lock));
  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*not held for writing*");
  toro_rw_lock_release_write (lock);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (toro_rw_lock_get_n_readers (lock), ==, 2);
  g_assert_true (toro_rw_lock_is_locked (lock));
  g_assert_false (toro_rw_lock_try_acquire_read (lock));

  toro_rw_lock_release_read (lock);
  toro_rw_lock_release_read (lock);
  g_assert_true (toro_rw_lock_try_acquire_write (lock));
  toro_rw_lock_release_write (lock);
}

static void
test_rw_lock_is_locked (void)
{
  g_autoptr(ToroRWLock) lock = toro_rw_lock_new (3);
  ToroTestRec reads[3], write;

  g_test_summary ("is_locked: false after max_readers-1 reads, true after max_readers, true while writing");

  g_assert_cmpuint (toro_rw_lock_get_max_readers (lock), ==, 3);
  for (guint i = 0; i < G_N_ELEMENTS (reads); i++)
    {
      g_assert_false (toro_rw_lock_is_locked (lock));
      toro_test_rec_init (&reads[i], "r", NULL);
      toro_rw_lock_acquire_read_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &reads[i]);
    }
  g_assert_true (toro_rw_lock_is_locked (lock));
  g_assert_cmpuint (toro_rw_lock_get_n_readers (lock), ==, 3);
  for (guint i = 0; i < G_N_ELEMENTS (reads); i++)
    {
      toro_test_wait (&reads[i]);
      toro_test_assert_ok (&reads[i]);
    }
  g_assert_false (toro_rw_lock_try_acquire_read (lock));

  toro_rw_lock_release_read (lock);
  g_assert_false (toro_rw_lock_is_locked (lock));
  toro_rw_lock_release_read (lock);
  toro_rw_lock_release_read (lock);
  g_assert_false (toro_rw_lock_is_locked (lock));

  toro_test_rec_init (&write, "w", NULL);
  toro_rw_lock_acquire_write_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &write);
  g_assert_true (toro_rw_lock_is_locked (lock));
  toro_test_wait (&write);
  toro_test_assert_ok (&write);
  g_assert_true (toro_rw_lock_is_locked (lock));
  toro_rw_lock_release_write (lock);
  g_assert_false (toro_rw_lock_is_locked (lock));

  for (guint i = 0; i < G_N_ELEMENTS (reads); i++)
    toro_test_rec_clear (&reads[i]);
  toro_test_rec_clear (&write);
}

static void
test_rw_lock_writers_serialized (void)
{
  g_autoptr(ToroRWLock) lock = toro_rw_lock_new (3);
  g_autoptr(GString) log = g_string_new (NULL);
  ToroTestRec w1, w2;

  g_test_summary ("Readers hold every slot; two writers queue and get the lock one after the other");

  toro_test_rec_init (&w1, "w1", log);
  toro_test_rec_init (&w2, "w2", log);
  for (guint i = 0; i < 3; i++)
    g_assert_true (toro_rw_lock_try_acquire_read (lock));

  toro_rw_lock_acquire_write_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &w1);
  toro_rw_lock_acquire_write_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &w2);
  g_assert_cmpuint (toro_rw_lock_debug_n_waiters (lock), ==, 2);

  toro_rw_lock_release_read (lock);
  toro_rw_lock_release_read (lock);
  toro_test_flush ();
  g_assert_cmpstr (log->str, ==, "");
  toro_rw_lock_release_read (lock);
  g_assert_cmpuint (toro_rw_lock_debug_n_waiters (lock), ==, 1);

  toro_test_wait (&w1);
  toro_test_flush ();
  toro_test_assert_ok (&w1);
  g_assert_cmpuint (w2.done, ==, 0);
  g_assert_cmpstr (log->str, ==, "w1");

  toro_rw_lock_release_write (lock);
  /* Handed straight to w2. */
  g_assert_true (toro_rw_lock_is_locked (lock));
  g_assert_false (toro_rw_lock_try_acquire_write (lock));
  toro_test_wait (&w2);
  toro_test_assert_ok (&w2);
  g_assert_cmpstr (log->str, ==, "w1 w2");

  toro_rw_lock_release_write (lock);
  g_assert_false (toro_rw_lock_is_locked (lock));
  toro_test_rec_clear (&w1);
  toro_test_rec_clear (&w2);
}

static void
test_rw_lock_write_timeout_no_leak (void)
{
  g_autoptr(ToroRWLock) lock = toro_rw_lock_new (3);
  ToroTestRec w, w2;

  g_test_summary ("A writer that times out holds no read slots: after the reader leaves, a writer gets in");

  toro_test_rec_init (&w, "w", NULL);
  toro_test_rec_init (&w2, "w2", NULL);
  g_assert_true (toro_rw_lock_try_acquire_read (lock));

  toro_rw_lock_acquire_write_async (lock, toro_test_ms (20), NULL, toro_test_rec_cb, &w);
  /* Toro takes the free slots one by one here; we take nothing yet. */
  g_assert_cmpuint (toro_rw_lock_get_n_readers (lock), ==, 1);
  g_assert_false (toro_rw_lock_is_locked (lock));
  toro_test_wait (&w);
  toro_test_assert_timeout (&w);
  g_assert_true (g_str_has_prefix (w.error->message, "Timed out waiting to acquire the lock"));

  g_assert_cmpuint (toro_rw_lock_get_n_readers (lock), ==, 1);
  g_assert_false (toro_rw_lock_is_locked (lock));
  g_assert_cmpuint (toro_rw_lock_debug_n_waiters (lock), ==, 0);

  toro_rw_lock_release_read (lock);
  g_assert_cmpuint (toro_rw_lock_get_n_readers (lock), ==, 0);
  toro_rw_lock_acquire_write_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &w2);
  g_assert_true (toro_rw_lock_is_locked (lock));
  toro_test_wait (&w2);
  toro_test_assert_ok (&w2);
  toro_rw_lock_release_write (lock);

  /* Every read slot is free again. */
  for (guint i = 0; i < 3; i++)
    g_assert_true (toro_rw_lock_try_acquire_read (lock));
  g_assert_true (toro_rw_lock_is_locked (lock));
  for (guint i = 0; i < 3; i++)
    toro_rw_lock_release_read (lock);

  toro_test_rec_clear (&w);
  toro_test_rec_clear (&w2);
}

static void
test_rw_lock_write_timeout_admits_readers (void)
{
  g_autoptr(ToroRWLock) lock = toro_rw_lock_new (0);
  ToroTestNotifyCount count;
  ToroTestRec w, r2, r3;

  g_test_summary ("The readers a timed-out writer held up are let in at once, with no release");

  toro_test_rec_init (&w, "w", NULL);
  toro_test_rec_init (&r2, "r2", NULL);
  toro_test_rec_init (&r3, "r3", NULL);
  g_assert_true (toro_rw_lock_try_acquire_read (lock));
  toro_test_count_notify (lock, "locked", &count);

  toro_rw_lock_acquire_write_async (lock, toro_test_ms (20), NULL, toro_test_rec_cb, &w);
  toro_rw_lock_acquire_read_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &r2);
  toro_rw_lock_acquire_read_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &r3);
  g_assert_cmpuint (toro_rw_lock_debug_n_waiters (lock), ==, 3);

  toro_test_wait (&w);
  toro_test_assert_timeout (&w);
  /* Decided when the writer left, before anyone released. */
  g_assert_cmpuint (toro_rw_lock_get_n_readers (lock), ==, 3);
  g_assert_cmpuint (toro_rw_lock_debug_n_waiters (lock), ==, 0);
  toro_test_wait (&r2);
  toro_test_wait (&r3);
  toro_test_assert_ok (&r2);
  toro_test_assert_ok (&r3);
  /* Unlimited readers: never locked, so never notified. */
  g_assert_cmpuint (count.count, ==, 0);

  for (guint i = 0; i < 3; i++)
    toro_rw_lock_release_read (lock);
  g_assert_true (toro_rw_lock_try_acquire_write (lock));
  toro_rw_lock_release_write (lock);
  toro_test_rec_clear (&w);
  toro_test_rec_clear (&r2);
  toro_test_rec_clear (&r3);
}

static void
test_rw_lock_writer_preference (void)
{
  g_autoptr(ToroRWLock) lock = toro_rw_lock_new (0);
  g_autoptr(GString) log = g_string_new (NULL);
  ToroTestRec r1, w, r2;

  g_test_summary ("A writer queued behind a reader holds up later readers until it has written");

  toro_test_rec_init (&r1, "r1", log);
  toro_test_rec_init (&w, "w", log);
  toro_test_rec_init (&r2, "r2", log);

  toro_rw_lock_acquire_read_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &r1);
  toro_test_wait (&r1);
  toro_test_assert_ok (&r1);

  toro_rw_lock_acquire_write_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &w);
  toro_rw_lock_acquire_read_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &r2);
  /* A slot is free (no limit), yet r2 waits behind the writer. */
  g_assert_cmpuint (toro_rw_lock_get_n_readers (lock), ==, 1);
  g_assert_cmpuint (toro_rw_lock_debug_n_waiters (lock), ==, 2);
  g_assert_false (toro_rw_lock_try_acquire_read (lock));
  toro_test_flush ();
  g_assert_cmpuint (w.done, ==, 0);
  g_assert_cmpuint (r2.done, ==, 0);

  toro_rw_lock_release_read (lock);
  toro_test_wait (&w);
  toro_test_flush ();
  toro_test_assert_ok (&w);
  g_assert_cmpuint (r2.done, ==, 0);
  g_assert_cmpuint (toro_rw_lock_get_n_readers (lock), ==, 0);

  toro_rw_lock_release_write (lock);
  g_assert_cmpuint (toro_rw_lock_get_n_readers (lock), ==, 1);
  toro_test_wait (&r2);
  toro_test_assert_ok (&r2);
  g_assert_cmpstr (log->str, ==, "r1 w r2");

  toro_rw_lock_release_read (lock);
  toro_test_rec_clear (&r1);
  toro_test_rec_clear (&w);
  toro_test_rec_clear (&r2);
}

static void
test_rw_lock_default_unlimited (void)
{
  g_autoptr(ToroRWLock) lock = g_object_new (TORO_TYPE_RW_LOCK, NULL);
  g_autoptr(ToroRWLock) four = g_object_new (TORO_TYPE_RW_LOCK, "max-readers", 4, NULL);
  guint max_readers = 42;

  g_test_summary ("The default max-readers is 0, no limit; unlike Toro's 1, readers do not exclude each other");

  g_assert_cmpuint (toro_rw_lock_get_max_readers (lock), ==, 0);
  g_object_get (lock, "max-readers", &max_readers, NULL);
  g_assert_cmpuint (max_readers, ==, 0);
  g_assert_cmpuint (toro_rw_lock_get_max_readers (four), ==, 4);
  g_object_get (four, "max-readers", &max_readers, NULL);
  g_assert_cmpuint (max_readers, ==, 4);

  for (guint i = 0; i < 1000; i++)
    {
      g_assert_true (toro_rw_lock_try_acquire_read (lock));
      g_assert_false (toro_rw_lock_is_locked (lock));
    }
  g_assert_cmpuint (toro_rw_lock_get_n_readers (lock), ==, 1000);
  g_assert_false (toro_rw_lock_try_acquire_write (lock));
  for (guint i = 0; i < 1000; i++)
    toro_rw_lock_release_read (lock);
  g_assert_true (toro_rw_lock_try_acquire_write (lock));
  toro_rw_lock_release_write (lock);

  for (guint i = 0; i < 4; i++)
    g_assert_true (toro_rw_lock_try_acquire_read (four));
  g_assert_true (toro_rw_lock_is_locked (four));
  g_assert_false (toro_rw_lock_try_acquire_read (four));
  for (guint i = 0; i < 4; i++)
    toro_rw_lock_release_read (four);
}

static void
test_rw_lock_acquire_fifo (void)
{
  g_autoptr(ToroRWLock) lock = toro_rw_lock_new (0);
  g_autoptr(GString) log = g_string_new (NULL);
  ToroTestRec r1, r2, w1, r3, w2, r4;

  g_test_summary ("Readers and writers are served in arrival order; consecutive readers go in together");

  toro_test_rec_init (&r1, "r1", log);
  toro_test_rec_init (&r2, "r2", log);
  toro_test_rec_init (&w1, "w1", log);
  toro_test_rec_init (&r3, "r3", log);
  toro_test_rec_init (&w2, "w2", log);
  toro_test_rec_init (&r4, "r4", log);

  g_assert_true (toro_rw_lock_try_acquire_write (lock));
  toro_rw_lock_acquire_read_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &r1);
  toro_rw_lock_acquire_read_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &r2);
  toro_rw_lock_acquire_write_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &w1);
  toro_rw_lock_acquire_read_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &r3);
  toro_rw_lock_acquire_write_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &w2);
  toro_rw_lock_acquire_read_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &r4);
  g_assert_cmpuint (toro_rw_lock_debug_n_waiters (lock), ==, 6);
  toro_test_flush ();
  g_assert_cmpstr (log->str, ==, "");

  /* r1 and r2 go in together, up to w1. */
  toro_rw_lock_release_write (lock);
  g_assert_cmpuint (toro_rw_lock_get_n_readers (lock), ==, 2);
  g_assert_cmpuint (toro_rw_lock_debug_n_waiters (lock), ==, 4);
  toro_test_wait (&r2);
  toro_test_flush ();
  g_assert_cmpstr (log->str, ==, "r1 r2");

  toro_rw_lock_release_read (lock);
  toro_test_flush ();
  g_assert_cmpuint (w1.done, ==, 0);
  toro_rw_lock_release_read (lock);
  toro_test_wait (&w1);
  toro_test_flush ();
  g_assert_cmpstr (log->str, ==, "r1 r2 w1");

  toro_rw_lock_release_write (lock);
  toro_test_wait (&r3);
  toro_test_flush ();
  g_assert_cmpstr (log->str, ==, "r1 r2 w1 r3");
  g_assert_cmpuint (toro_rw_lock_get_n_readers (lock), ==, 1);

  toro_rw_lock_release_read (lock);
  toro_test_wait (&w2);
  toro_test_flush ();
  g_assert_cmpstr (log->str, ==, "r1 r2 w1 r3 w2");

  toro_rw_lock_release_write (lock);
  toro_test_wait (&r4);
  g_assert_cmpstr (log->str, ==, "r1 r2 w1 r3 w2 r4");
  toro_rw_lock_release_read (lock);
  g_assert_false (toro_rw_lock_is_locked (lock));
  g_assert_cmpuint (toro_rw_lock_get_n_readers (lock), ==, 0);

  toro_test_assert_ok (&r1);
  toro_test_assert_ok (&r2);
  toro_test_assert_ok (&w1);
  toro_test_assert_ok (&r3);
  toro_test_assert_ok (&w2);
  toro_test_assert_ok (&r4);
  toro_test_rec_clear (&r1);
  toro_test_rec_clear (&r2);
  toro_test_rec_clear (&w1);
  toro_test_rec_clear (&r3);
  toro_test_rec_clear (&w2);
  toro_test_rec_clear (&r4);
}

static void
test_rw_lock_acquire_read_slots (void)
{
  g_autoptr(ToroRWLock) lock = toro_rw_lock_new (2);
  g_autoptr(GString) log = g_string_new (NULL);
  ToroTestRec r3, r4;

  g_test_summary ("With every read slot taken, queued readers get in one per released slot, in order");

  toro_test_rec_init (&r3, "r3", log);
  toro_test_rec_init (&r4, "r4", log);
  g_assert_true (toro_rw_lock_try_acquire_read (lock));
  g_assert_true (toro_rw_lock_try_acquire_read (lock));
  toro_rw_lock_acquire_read_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &r3);
  toro_rw_lock_acquire_read_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &r4);
  g_assert_cmpuint (toro_rw_lock_debug_n_waiters (lock), ==, 2);

  toro_rw_lock_release_read (lock);
  g_assert_cmpuint (toro_rw_lock_get_n_readers (lock), ==, 2);
  g_assert_true (toro_rw_lock_is_locked (lock));
  toro_test_wait (&r3);
  toro_test_flush ();
  g_assert_cmpstr (log->str, ==, "r3");
  g_assert_cmpuint (r4.done, ==, 0);

  toro_rw_lock_release_read (lock);
  toro_test_wait (&r4);
  g_assert_cmpstr (log->str, ==, "r3 r4");
  toro_rw_lock_release_read (lock);
  toro_rw_lock_release_read (lock);
  g_assert_cmpuint (toro_rw_lock_get_n_readers (lock), ==, 0);
  toro_test_rec_clear (&r3);
  toro_test_rec_clear (&r4);
}

typedef struct
{
  ToroRWLock *lock;
  GString    *log;
} ReleaseFromCallback;

static void
release_write_and_log (gpointer data)
{
  ReleaseFromCallback *r = data;

  toro_test_log (r->log, "releasing");
  toro_rw_lock_release_write (r->lock);
  toro_test_log (r->log, "released");
}

static void
test_rw_lock_release_not_reentrant (void)
{
  g_autoptr(ToroRWLock) lock = toro_rw_lock_new (0);
  g_autoptr(GString) log = g_string_new (NULL);
  ReleaseFromCallback r = { lock, log };
  ToroTestRec first, second, third;

  g_test_summary ("A release in a later iteration returns before the woken readers' callbacks run");

  toro_test_rec_init (&first, "first", log);
  toro_test_rec_init (&second, "second", log);
  toro_test_rec_init (&third, "third", log);
  first.then = release_write_and_log;
  first.then_data = &r;

  toro_rw_lock_acquire_write_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &first);
  toro_rw_lock_acquire_read_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &second);
  toro_rw_lock_acquire_read_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &third);

  toro_test_wait (&third);
  g_assert_cmpstr (log->str, ==, "first releasing released second third");

  toro_rw_lock_release_read (lock);
  toro_rw_lock_release_read (lock);
  g_assert_cmpuint (toro_rw_lock_get_n_readers (lock), ==, 0);
  toro_test_rec_clear (&first);
  toro_test_rec_clear (&second);
  toro_test_rec_clear (&third);
}

static void
test_rw_lock_try_acquire (void)
{
  g_autoptr(ToroRWLock) lock = toro_rw_lock_new (2);

  g_test_summary ("try_acquire_read and try_acquire_write answer at once and need no main loop");

  g_assert_true (toro_rw_lock_try_acquire_read (lock));
  g_assert_false (toro_rw_lock_try_acquire_write (lock));
  g_assert_true (toro_rw_lock_try_acquire_read (lock));
  g_assert_false (toro_rw_lock_try_acquire_read (lock));
  g_assert_cmpuint (toro_rw_lock_get_n_readers (lock), ==, 2);
  toro_rw_lock_release_read (lock);
  toro_rw_lock_release_read (lock);

  g_assert_true (toro_rw_lock_try_acquire_write (lock));
  g_assert_false (toro_rw_lock_try_acquire_write (lock));
  g_assert_false (toro_rw_lock_try_acquire_read (lock));
  g_assert_cmpuint (toro_rw_lock_get_n_readers (lock), ==, 0);
  toro_rw_lock_release_write (lock);
  g_assert_false (toro_rw_lock_is_locked (lock));

  /* Nothing was queued or scheduled. */
  g_assert_cmpuint (toro_rw_lock_debug_n_waiters (lock), ==, 0);
  g_assert_false (g_main_context_pending (NULL));
}

static void
test_rw_lock_try_acquire_no_barging (void)
{
  g_autoptr(ToroRWLock) lock = toro_rw_lock_new (0);
  ToroTestRec w, r;

  g_test_summary ("try_acquire never goes ahead of a queued waiter, nor takes what was handed over");

  toro_test_rec_init (&w, "w", NULL);
  toro_test_rec_init (&r, "r", NULL);

  /* A reader holds, a writer waits: a free read slot is not for newcomers. */
  g_assert_true (toro_rw_lock_try_acquire_read (lock));
  toro_rw_lock_acquire_write_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &w);
  g_assert_false (toro_rw_lock_try_acquire_read (lock));
  g_assert_false (toro_rw_lock_try_acquire_write (lock));
  g_assert_cmpuint (toro_rw_lock_get_n_readers (lock), ==, 1);

  /* Handed to the writer, whose callback has not run. */
  toro_rw_lock_release_read (lock);
  g_assert_true (toro_rw_lock_is_locked (lock));
  g_assert_false (toro_rw_lock_try_acquire_read (lock));
  g_assert_false (toro_rw_lock_try_acquire_write (lock));
  g_assert_cmpuint (w.done, ==, 0);
  toro_test_wait (&w);
  toro_test_assert_ok (&w);

  /* The writer holds, a reader waits; the release hands it the lock. */
  toro_rw_lock_acquire_read_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &r);
  toro_rw_lock_release_write (lock);
  g_assert_cmpuint (toro_rw_lock_get_n_readers (lock), ==, 1);
  g_assert_false (toro_rw_lock_try_acquire_write (lock));
  g_assert_cmpuint (r.done, ==, 0);
  toro_test_wait (&r);
  toro_test_assert_ok (&r);

  toro_rw_lock_release_read (lock);
  g_assert_true (toro_rw_lock_try_acquire_write (lock));
  toro_rw_lock_release_write (lock);
  toro_test_rec_clear (&w);
  toro_test_rec_clear (&r);
}

static void
test_rw_lock_deadline_relative (void)
{
  g_autoptr(ToroRWLock) lock = toro_rw_lock_new (0);
  ToroTestRec r, w;
  gint64 start = g_get_monotonic_time ();

  g_test_summary ("A relative deadline passes: TIMEOUT for a reader and a writer; the holder keeps the lock");

  toro_test_rec_init (&r, "r", NULL);
  toro_test_rec_init (&w, "w", NULL);
  g_assert_true (toro_rw_lock_try_acquire_write (lock));
  toro_rw_lock_acquire_read_async (lock, toro_deadline_after (30 * 1000), NULL,
                                   toro_test_rec_cb, &r);
  toro_rw_lock_acquire_write_async (lock, toro_deadline_after (30 * 1000), NULL,
                                    toro_test_rec_cb, &w);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 2);

  toro_test_wait (&r);
  toro_test_wait (&w);
  toro_test_assert_timeout (&r);
  toro_test_assert_timeout (&w);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 30 * 1000);
  g_assert_true (g_str_has_prefix (r.error->message, "Timed out waiting to acquire the lock"));
  g_assert_cmpuint (toro_rw_lock_debug_n_waiters (lock), ==, 0);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 0);
  g_assert_true (toro_rw_lock_is_locked (lock));
  g_assert_cmpuint (toro_rw_lock_get_n_readers (lock), ==, 0);

  toro_rw_lock_release_write (lock);
  g_assert_false (toro_rw_lock_is_locked (lock));
  toro_test_rec_clear (&r);
  toro_test_rec_clear (&w);
}

static void
test_rw_lock_deadline_absolute (void)
{
  g_autoptr(ToroRWLock) lock = toro_rw_lock_new (0);
  ToroTestRec w;
  gint64 deadline = g_get_monotonic_time () + 25 * 1000;

  g_test_summary ("An absolute deadline on the monotonic clock is honoured");

  toro_test_rec_init (&w, "w", NULL);
  g_assert_true (toro_rw_lock_try_acquire_read (lock));
  toro_rw_lock_acquire_write_async (lock, deadline, NULL, toro_test_rec_cb, &w);
  g_assert_cmpuint (w.done, ==, 0);
  toro_test_wait (&w);
  toro_test_assert_timeout (&w);
  g_assert_cmpint (g_get_monotonic_time (), >=, deadline);
  g_assert_cmpuint (toro_rw_lock_get_n_readers (lock), ==, 1);
  toro_rw_lock_release_read (lock);
  toro_test_rec_clear (&w);
}

static void
test_rw_lock_deadline_past (void)
{
  g_autoptr(ToroRWLock) lock = toro_rw_lock_new (0);
  ToroTestRec r_free, w_held, r_held, r_queue;

  g_test_summary ("A deadline in the past succeeds if the lock can be taken, else fails without waiting");

  toro_test_rec_init (&r_free, "r_free", NULL);
  toro_test_rec_init (&w_held, "w_held", NULL);
  toro_test_rec_init (&r_held, "r_held", NULL);
  toro_test_rec_init (&r_queue, "r_queue", NULL);

  toro_rw_lock_acquire_read_async (lock, g_get_monotonic_time () - 1, NULL,
                                   toro_test_rec_cb, &r_free);
  g_assert_cmpuint (r_free.done, ==, 0);
  g_assert_cmpuint (toro_rw_lock_get_n_readers (lock), ==, 1);
  toro_test_wait (&r_free);
  toro_test_assert_ok (&r_free);

  /* A reader holds: a writer with deadline 0 fails and is never queued. */
  toro_rw_lock_acquire_write_async (lock, 0, NULL, toro_test_rec_cb, &w_held);
  g_assert_cmpuint (w_held.done, ==, 0);
  g_assert_cmpuint (toro_rw_lock_debug_n_waiters (lock), ==, 0);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 0);
  toro_test_flush ();
  toro_test_assert_timeout (&w_held);
  toro_rw_lock_release_read (lock);

  /* Write-locked: a reader with a past deadline fails. */
  g_assert_true (toro_rw_lock_try_acquire_write (lock));
  toro_rw_lock_acquire_read_async (lock, g_get_monotonic_time () - G_USEC_PER_SEC, NULL,
                                   toro_test_rec_cb, &r_held);
  g_assert_cmpuint (toro_rw_lock_debug_n_waiters (lock), ==, 0);
  toro_test_flush ();
  toro_test_assert_timeout (&r_held);
  g_assert_cmpuint (toro_rw_lock_get_n_readers (lock), ==, 0);
  toro_rw_lock_release_write (lock);

  /* A free slot but a writer queued ahead: a past-deadline reader may not
   * jump the queue, so it times out. */
  {
    ToroTestRec w;

    toro_test_rec_init (&w, "w", NULL);
    g_assert_true (toro_rw_lock_try_acquire_read (lock));
    toro_rw_lock_acquire_write_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &w);
    toro_rw_lock_acquire_read_async (lock, 0, NULL, toro_test_rec_cb, &r_queue);
    g_assert_cmpuint (toro_rw_lock_debug_n_waiters (lock), ==, 1);
    toro_test_flush ();
    toro_test_assert_timeout (&r_queue);
    g_assert_cmpuint (toro_rw_lock_get_n_readers (lock), ==, 1);

    toro_rw_lock_release_read (lock);
    toro_test_wait (&w);
    toro_test_assert_ok (&w);
    toro_rw_lock_release_write (lock);
    toro_test_rec_clear (&w);
  }

  toro_test_rec_clear (&r_free);
  toro_test_rec_clear (&w_held);
  toro_test_rec_clear (&r_held);
  toro_test_rec_clear (&r_queue);
}

static void
test_rw_lock_deadline_preempted (void)
{
  g_autoptr(ToroRWLock) lock = toro_rw_lock_new (0);
  ToroTestRec r, w;

  g_test_summary ("A grant before the deadline wins, its timer goes, and no TIMEOUT comes later");

  toro_test_rec_init (&r, "r", NULL);
  toro_test_rec_init (&w, "w", NULL);
  g_assert_true (toro_rw_lock_try_acquire_write (lock));
  toro_rw_lock_acquire_read_async (lock, toro_test_ms (40), NULL, toro_test_rec_cb, &r);
  toro_rw_lock_acquire_write_async (lock, toro_test_ms (40), NULL, toro_test_rec_cb, &w);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 2);

  toro_rw_lock_release_write (lock);
  /* The reader's timer went with its grant; the writer still waits. */
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 1);
  toro_test_wait (&r);
  toro_test_assert_ok (&r);

  toro_rw_lock_release_read (lock);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 0);
  toro_test_wait (&w);
  toro_test_assert_ok (&w);

  /* Run past the old deadlines: neither callback runs again. */
  {
    ToroTestRec later;

    toro_test_rec_init (&later, "later", NULL);
    toro_rw_lock_acquire_read_async (lock, toro_test_ms (60), NULL, toro_test_rec_cb, &later);
    toro_test_wait (&later);
    toro_test_assert_timeout (&later);
    toro_test_rec_clear (&later);
  }
  g_assert_cmpuint (r.done, ==, 1);
  g_assert_cmpuint (w.done, ==, 1);
  g_assert_true (toro_rw_lock_is_locked (lock));
  toro_rw_lock_release_write (lock);
  toro_test_rec_clear (&r);
  toro_test_rec_clear (&w);
}

static void
test_rw_lock_timeouts_leave_no_residue (void)
{
  g_autoptr(ToroRWLock) lock = toro_rw_lock_new (0);
  ToroTestRec recs[101], live;

  g_test_summary ("101 timed-out readers and writers leave the queue at once; the live one still gets in");

  g_assert_true (toro_rw_lock_try_acquire_write (lock));
  for (guint i = 0; i < G_N_ELEMENTS (recs); i++)
    {
      toro_test_rec_init (&recs[i], "t", NULL);
      if (i % 2 == 0)
        toro_rw_lock_acquire_read_async (lock, toro_test_ms (10), NULL, toro_test_rec_cb, &recs[i]);
      else
        toro_rw_lock_acquire_write_async (lock, toro_test_ms (10), NULL,
                                          toro_test_rec_cb, &recs[i]);
    }
  toro_test_rec_init (&live, "live", NULL);
  toro_rw_lock_acquire_read_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &live);
  g_assert_cmpuint (toro_rw_lock_debug_n_waiters (lock), ==, 102);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 101);

  for (guint i = 0; i < G_N_ELEMENTS (recs); i++)
    {
      toro_test_wait (&recs[i]);
      toro_test_assert_timeout (&recs[i]);
    }
  g_assert_cmpuint (toro_rw_lock_debug_n_waiters (lock), ==, 1);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 0);
  g_assert_cmpuint (live.done, ==, 0);
  g_assert_cmpuint (toro_rw_lock_get_n_readers (lock), ==, 0);

  toro_rw_lock_release_write (lock);
  toro_test_wait (&live);
  toro_test_assert_ok (&live);
  g_assert_cmpuint (toro_rw_lock_get_n_readers (lock), ==, 1);
  toro_rw_lock_release_read (lock);
  g_assert_true (toro_rw_lock_try_acquire_write (lock));
  toro_rw_lock_release_write (lock);

  for (guint i = 0; i < G_N_ELEMENTS (recs); i++)
    toro_test_rec_clear (&recs[i]);
  toro_test_rec_clear (&live);
}

static void
test_rw_lock_cancel_before (void)
{
  g_autoptr(ToroRWLock) lock = toro_rw_lock_new (0);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  ToroTestRec r, w;

  g_test_summary ("An already-cancelled acquire fails and takes nothing, even from a free lock");

  toro_test_rec_init (&r, "r", NULL);
  toro_test_rec_init (&w, "w", NULL);
  g_cancellable_cancel (cancellable);

  toro_rw_lock_acquire_read_async (lock, TORO_NO_DEADLINE, cancellable, toro_test_rec_cb, &r);
  toro_rw_lock_acquire_write_async (lock, TORO_NO_DEADLINE, cancellable, toro_test_rec_cb, &w);
  g_assert_cmpuint (toro_rw_lock_get_n_readers (lock), ==, 0);
  g_assert_false (toro_rw_lock_is_locked (lock));
  g_assert_cmpuint (toro_rw_lock_debug_n_waiters (lock), ==, 0);
  g_assert_cmpuint (r.done, ==, 0);
  g_assert_cmpuint (w.done, ==, 0);

  toro_test_wait (&r);
  toro_test_wait (&w);
  toro_test_assert_cancelled (&r);
  toro_test_assert_cancelled (&w);
  g_assert_cmpuint (toro_rw_lock_get_n_readers (lock), ==, 0);
  g_assert_false (toro_rw_lock_is_locked (lock));
  g_assert_true (toro_rw_lock_try_acquire_write (lock));
  toro_rw_lock_release_write (lock);
  toro_test_rec_clear (&r);
  toro_test_rec_clear (&w);
}

static void
test_rw_lock_cancel_waiting (void)
{
  g_autoptr(ToroRWLock) lock = toro_rw_lock_new (0);
  g_autoptr(GCancellable) cancel_r = g_cancellable_new ();
  g_autoptr(GCancellable) cancel_w = g_cancellable_new ();
  ToroTestRec r, w, next;

  g_test_summary ("Cancelling a queued reader or writer removes it at once; the next waiter goes on");

  toro_test_rec_init (&r, "r", NULL);
  toro_test_rec_init (&w, "w", NULL);
  toro_test_rec_init (&next, "next", NULL);

  /* A queued reader behind a writer that holds. */
  g_assert_true (toro_rw_lock_try_acquire_write (lock));
  toro_rw_lock_acquire_read_async (lock, toro_test_ms (10000), cancel_r, toro_test_rec_cb, &r);
  toro_rw_lock_acquire_write_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &next);
  g_assert_cmpuint (toro_rw_lock_debug_n_waiters (lock), ==, 2);

  g_cancellable_cancel (cancel_r);
  g_assert_cmpuint (toro_rw_lock_debug_n_waiters (lock), ==, 1);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 0);
  g_assert_cmpuint (r.done, ==, 0);
  toro_test_wait (&r);
  toro_test_assert_cancelled (&r);
  g_assert_cmpuint (toro_rw_lock_get_n_readers (lock), ==, 0);

  toro_rw_lock_release_write (lock);
  toro_test_wait (&next);
  toro_test_assert_ok (&next);
  toro_rw_lock_release_write (lock);
  toro_test_rec_clear (&next);

  /* A queued writer between a reader that holds and readers behind it:
   * cancelling it lets them in at once, and it holds no slot. */
  {
    ToroTestRec r2, r3;

    toro_test_rec_init (&r2, "r2", NULL);
    toro_test_rec_init (&r3, "r3", NULL);
    g_assert_true (toro_rw_lock_try_acquire_read (lock));
    toro_rw_lock_acquire_write_async (lock, TORO_NO_DEADLINE, cancel_w, toro_test_rec_cb, &w);
    toro_rw_lock_acquire_read_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &r2);
    toro_rw_lock_acquire_read_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &r3);
    g_assert_cmpuint (toro_rw_lock_get_n_readers (lock), ==, 1);

    g_cancellable_cancel (cancel_w);
    g_assert_cmpuint (toro_rw_lock_debug_n_waiters (lock), ==, 0);
    g_assert_cmpuint (toro_rw_lock_get_n_readers (lock), ==, 3);
    g_assert_false (toro_rw_lock_is_locked (lock));
    g_assert_cmpuint (w.done + r2.done + r3.done, ==, 0);

    toro_test_wait (&w);
    toro_test_wait (&r2);
    toro_test_wait (&r3);
    toro_test_assert_cancelled (&w);
    toro_test_assert_ok (&r2);
    toro_test_assert_ok (&r3);

    for (guint i = 0; i < 3; i++)
      toro_rw_lock_release_read (lock);
    g_assert_true (toro_rw_lock_try_acquire_write (lock));
    toro_rw_lock_release_write (lock);
    toro_test_rec_clear (&r2);
    toro_test_rec_clear (&r3);
  }

  toro_test_rec_clear (&r);
  toro_test_rec_clear (&w);
}

static void
test_rw_lock_cancel_race_grant (void)
{
  g_autoptr(ToroRWLock) lock = toro_rw_lock_new (0);
  g_autoptr(GCancellable) cancel_w = g_cancellable_new ();
  g_autoptr(GCancellable) cancel_r = g_cancellable_new ();
  ToroTestRec w, r1, r2, w2;

  g_test_summary ("Release then cancel in one iteration: the grant stands, nothing is lost");

  toro_test_rec_init (&w, "w", NULL);
  toro_test_rec_init (&r1, "r1", NULL);
  toro_test_rec_init (&r2, "r2", NULL);
  toro_test_rec_init (&w2, "w2", NULL);

  /* A writer is handed the lock, then cancelled before its callback. */
  g_assert_true (toro_rw_lock_try_acquire_read (lock));
  toro_rw_lock_acquire_write_async (lock, TORO_NO_DEADLINE, cancel_w, toro_test_rec_cb, &w);
  toro_rw_lock_acquire_read_async (lock, TORO_NO_DEADLINE, cancel_r, toro_test_rec_cb, &r1);
  toro_rw_lock_acquire_read_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &r2);

  toro_rw_lock_release_read (lock);      /* w now holds the lock ... */
  g_cancellable_cancel (cancel_w);       /* ... before its callback ran */
  toro_test_wait (&w);
  toro_test_flush ();
  toro_test_assert_ok (&w);
  g_assert_true (toro_rw_lock_is_locked (lock));
  g_assert_cmpuint (r1.done + r2.done, ==, 0);
  g_assert_cmpuint (toro_rw_lock_debug_n_waiters (lock), ==, 2);

  /* Both readers are let in; one is cancelled before its callback. */
  toro_rw_lock_release_write (lock);
  g_assert_cmpuint (toro_rw_lock_get_n_readers (lock), ==, 2);
  g_cancellable_cancel (cancel_r);
  g_assert_cmpuint (toro_rw_lock_get_n_readers (lock), ==, 2);
  toro_test_wait (&r1);
  toro_test_wait (&r2);
  toro_test_assert_ok (&r1);
  toro_test_assert_ok (&r2);

  /* Both slots are really held: a writer waits for both. */
  toro_rw_lock_acquire_write_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &w2);
  toro_rw_lock_release_read (lock);
  toro_test_flush ();
  g_assert_cmpuint (w2.done, ==, 0);
  toro_rw_lock_release_read (lock);
  toro_test_wait (&w2);
  toro_test_assert_ok (&w2);
  toro_rw_lock_release_write (lock);
  g_assert_false (toro_rw_lock_is_locked (lock));

  toro_test_rec_clear (&w);
  toro_test_rec_clear (&r1);
  toro_test_rec_clear (&r2);
  toro_test_rec_clear (&w2);
}

static void
test_rw_lock_cancel_then_release (void)
{
  g_autoptr(ToroRWLock) lock = toro_rw_lock_new (0);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  ToroTestRec b, c;

  g_test_summary ("Cancel then release in one iteration: the next waiter gets the lock (bpo-27585)");

  toro_test_rec_init (&b, "b", NULL);
  toro_test_rec_init (&c, "c", NULL);
  g_assert_true (toro_rw_lock_try_acquire_write (lock));
  toro_rw_lock_acquire_write_async (lock, TORO_NO_DEADLINE, cancellable, toro_test_rec_cb, &b);
  toro_rw_lock_acquire_write_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &c);

  g_cancellable_cancel (cancellable);
  toro_rw_lock_release_write (lock);

  toro_test_wait (&b);
  toro_test_wait (&c);
  toro_test_assert_cancelled (&b);
  toro_test_assert_ok (&c);
  g_assert_true (toro_rw_lock_is_locked (lock));
  g_assert_cmpuint (toro_rw_lock_debug_n_waiters (lock), ==, 0);
  toro_rw_lock_release_write (lock);
  g_assert_false (toro_rw_lock_is_locked (lock));
  toro_test_rec_clear (&b);
  toro_test_rec_clear (&c);
}

static void
test_rw_lock_bad_arguments (void)
{
  g_autoptr(ToroRWLock) lock = toro_rw_lock_new (0);
  g_autoptr(GObject) not_a_lock = g_object_new (G_TYPE_OBJECT, NULL);

  g_test_summary ("NULL or wrong-typed arguments are rejected with a critical");

  if (!g_test_undefined ())
    return;

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*TORO_IS_RW_LOCK*");
  toro_rw_lock_release_read (NULL);
  g_test_assert_expected_messages ();

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*TORO_IS_RW_LOCK*");
  toro_rw_lock_release_write (NULL);
  g_test_assert_expected_messages ();

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*TORO_IS_RW_LOCK*");
  g_assert_false (toro_rw_lock_try_acquire_read ((ToroRWLock *) not_a_lock));
  g_test_assert_expected_messages ();

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*TORO_IS_RW_LOCK*");
  g_assert_false (toro_rw_lock_try_acquire_write ((ToroRWLock *) not_a_lock));
  g_test_assert_expected_messages ();

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*TORO_IS_RW_LOCK*");
  g_assert_false (toro_rw_lock_is_locked (NULL));
  g_test_assert_expected_messages ();

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*TORO_IS_RW_LOCK*");
  g_assert_cmpuint (toro_rw_lock_get_n_readers (NULL), ==, 0);
  g_test_assert_expected_messages ();

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*TORO_IS_RW_LOCK*");
  g_assert_cmpuint (toro_rw_lock_get_max_readers (NULL), ==, 0);
  g_test_assert_expected_messages ();

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*TORO_IS_RW_LOCK*");
  toro_rw_lock_acquire_read_async (NULL, TORO_NO_DEADLINE, NULL, NULL, NULL);
  g_test_assert_expected_messages ();

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*TORO_IS_RW_LOCK*");
  toro_rw_lock_acquire_write_async ((ToroRWLock *) not_a_lock, TORO_NO_DEADLINE, NULL, NULL, NULL);
  g_test_assert_expected_messages ();

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*G_IS_CANCELLABLE*");
  toro_rw_lock_acquire_read_async (lock, TORO_NO_DEADLINE, (GCancellable *) not_a_lock, NULL, NULL);
  g_test_assert_expected_messages ();

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*G_IS_CANCELLABLE*");
  toro_rw_lock_acquire_write_async (lock, TORO_NO_DEADLINE, (GCancellable *) not_a_lock,
                                    NULL, NULL);
  g_test_assert_expected_messages ();

  /* Nothing was taken or queued. */
  g_assert_false (toro_rw_lock_is_locked (lock));
  g_assert_cmpuint (toro_rw_lock_get_n_readers (lock), ==, 0);
  g_assert_cmpuint (toro_rw_lock_debug_n_waiters (lock), ==, 0);
}

static void
test_rw_lock_finish_wrong_result (void)
{
  g_autoptr(ToroRWLock) lock = toro_rw_lock_new (0);
  g_autoptr(ToroRWLock) other = toro_rw_lock_new (0);
  g_autoptr(GAsyncResult) read_result = NULL;
  g_autoptr(GAsyncResult) write_result = NULL;

  g_test_summary ("A _finish given another object's or the other operation's result is rejected");

  if (!g_test_undefined ())
    return;

  toro_rw_lock_acquire_read_async (lock, TORO_NO_DEADLINE, NULL, toro_test_keep_result_cb, &read_result);
  toro_test_run_until (toro_test_result_is_kept, &read_result);

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*toro_waiter_is_valid*");
  g_assert_false (toro_rw_lock_acquire_write_finish (lock, read_result, NULL));
  g_test_assert_expected_messages ();

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*toro_waiter_is_valid*");
  g_assert_false (toro_rw_lock_acquire_read_finish (other, read_result, NULL));
  g_test_assert_expected_messages ();

  g_assert_true (g_async_result_is_tagged (read_result, toro_rw_lock_acquire_read_async));
  g_assert_true (toro_rw_lock_acquire_read_finish (lock, read_result, NULL));
  toro_rw_lock_release_read (lock);

  toro_rw_lock_acquire_write_async (lock, TORO_NO_DEADLINE, NULL, toro_test_keep_result_cb, &write_result);
  toro_test_run_until (toro_test_result_is_kept, &write_result);

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*toro_waiter_is_valid*");
  g_assert_false (toro_rw_lock_acquire_read_finish (lock, write_result, NULL));
  g_test_assert_expected_messages ();

  g_assert_true (toro_rw_lock_acquire_write_finish (lock, write_result, NULL));
  toro_rw_lock_release_write (lock);
}

static void
test_rw_lock_notify_locked (void)
{
  g_autoptr(ToroRWLock) lock = toro_rw_lock_new (2);
  ToroTestNotifyCount count;
  ToroTestRec w, r;
  gboolean locked;

  g_test_summary ("notify::locked fires on real changes only, not on a hand-off");

  toro_test_count_notify (lock, "locked", &count);
  toro_test_rec_init (&w, "w", NULL);
  toro_test_rec_init (&r, "r", NULL);

  /* One of two slots: not locked. */
  g_assert_true (toro_rw_lock_try_acquire_read (lock));
  g_assert_cmpuint (count.count, ==, 0);
  g_assert_true (toro_rw_lock_try_acquire_read (lock));
  g_assert_cmpuint (count.count, ==, 1);
  g_object_get (lock, "locked", &locked, NULL);
  g_assert_true (locked);
  g_assert_false (toro_rw_lock_try_acquire_read (lock));
  g_assert_cmpuint (count.count, ==, 1);

  toro_rw_lock_release_read (lock);
  g_assert_cmpuint (count.count, ==, 2);
  g_object_get (lock, "locked", &locked, NULL);
  g_assert_false (locked);
  toro_rw_lock_release_read (lock);
  g_assert_cmpuint (count.count, ==, 2);

  /* Write-locked, then handed from writer to writer: one change. */
  g_assert_true (toro_rw_lock_try_acquire_write (lock));
  g_assert_cmpuint (count.count, ==, 3);
  toro_rw_lock_acquire_write_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &w);
  toro_rw_lock_release_write (lock);
  g_assert_cmpuint (count.count, ==, 3);
  toro_test_wait (&w);
  toro_test_assert_ok (&w);

  /* From the writer to one reader (of two slots): unlocked. */
  toro_rw_lock_acquire_read_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &r);
  toro_rw_lock_release_write (lock);
  g_assert_cmpuint (count.count, ==, 4);
  g_assert_true (count.thread == g_thread_self ());
  g_object_get (lock, "locked", &locked, NULL);
  g_assert_false (locked);
  toro_test_wait (&r);
  toro_test_assert_ok (&r);

  toro_rw_lock_release_read (lock);
  g_assert_cmpuint (count.count, ==, 4);

  /* A misuse changes nothing, so notifies nothing. */
  if (g_test_undefined ())
    {
      g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*not held for writing*");
      toro_rw_lock_release_write (lock);
      g_test_assert_expected_messages ();
      g_assert_cmpuint (count.count, ==, 4);
    }

  toro_test_rec_clear (&w);
  toro_test_rec_clear (&r);
}

static void
test_rw_lock_notify_locked_on_removal (void)
{
  g_autoptr(ToroRWLock) lock = toro_rw_lock_new (2);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  ToroTestNotifyCount count;
  ToroTestRec w, r2;

  g_test_summary ("A writer leaving by cancel lets a reader take the last slot: notify::locked fires");

  toro_test_rec_init (&w, "w", NULL);
  toro_test_rec_init (&r2, "r2", NULL);
  g_assert_true (toro_rw_lock_try_acquire_read (lock));
  toro_test_count_notify (lock, "locked", &count);

  toro_rw_lock_acquire_write_async (lock, TORO_NO_DEADLINE, cancellable, toro_test_rec_cb, &w);
  toro_rw_lock_acquire_read_async (lock, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &r2);
  g_assert_false (toro_rw_lock_is_locked (lock));
  g_assert_cmpuint (count.count, ==, 0);

  g_cancellable_cancel (cancellable);
  g_assert_cmpuint (toro_rw_lock_get_n_readers (lock), ==, 2);
  g_assert_true (toro_rw_lock_is_locked (lock));
  g_assert_cmpuint (count.count, ==, 1);

  toro_test_wait (&w);
  toro_test_wait (&r2);
  toro_test_assert_cancelled (&w);
  toro_test_assert_ok (&r2);

  toro_rw_lock_release_read (lock);
  g_assert_cmpuint (count.count, ==, 2);
  toro_rw_lock_release_read (lock);
  g_assert_cmpuint (count.count, ==, 2);
  toro_test_rec_clear (&w);
  toro_test_rec_clear (&r2);
}

static void
test_rw_lock_unref_while_waiting (void)
{
  ToroRWLock *lock = toro_rw_lock_new (0);
  ToroTestRec rec;
  guint finalized = 0;

  g_test_summary ("A pending wait keeps its lock alive; dropping the last user reference fails nothing");

  toro_test_rec_init (&rec, "w", NULL);
  g_object_weak_ref (G_OBJECT (lock), toro_test_weak_count_cb, &finalized);
  g_assert_true (toro_rw_lock_try_acquire_read (lock));
  toro_rw_lock_acquire_write_async (lock, toro_test_ms (20), NULL, toro_test_rec_cb, &rec);

  g_object_unref (lock);
  g_assert_false (finalized);

  toro_test_wait (&rec);
  toro_test_assert_timeout (&rec);
  g_assert_true (finalized);
  toro_test_rec_clear (&rec);
}

static void
test_rw_lock_finalize_idle (void)
{
  ToroRWLock *lock = toro_rw_lock_new (0);
  guint finalized = 0;

  g_test_summary ("A lock with nothing pending is finalized by its last unref, even if held");

  g_object_weak_ref (G_OBJECT (lock), toro_test_weak_count_cb, &finalized);
  g_assert_true (toro_rw_lock_try_acquire_read (lock));
  g_assert_true (toro_rw_lock_try_acquire_read (lock));
  g_object_unref (lock);
  g_assert_true (finalized);
}

int
main (int    argc,
      char **argv)
{
  toro_test_init (&argc, &argv);

  g_test_add_func ("/rw-lock/acquire-read/free", test_rw_lock_acquire_read_free);
  g_test_add_func ("/rw-lock/acquire-read/slots", test_rw_lock_acquire_read_slots);
  g_test_add_func ("/rw-lock/acquire-write/free", test_rw_lock_acquire_write_free);
  g_test_add_func ("/rw-lock/acquire-write/serialized", test_rw_lock_writers_serialized);
  g_test_add_func ("/rw-lock/acquire/fifo", test_rw_lock_acquire_fifo);
  g_test_add_func ("/rw-lock/acquire/writer-preference", test_rw_lock_writer_preference);
  g_test_add_func ("/rw-lock/release-read/after-acquire", test_rw_lock_release_read);
  g_test_add_func ("/rw-lock/release-read/partial", test_rw_lock_release_partial);
  g_test_add_func ("/rw-lock/release-read/not-held", test_rw_lock_release_read_not_held);
  g_test_add_func ("/rw-lock/release-write/not-held", test_rw_lock_release_write_not_held);
  g_test_add_func ("/rw-lock/release/no-reentrant-callback", test_rw_lock_release_not_reentrant);
  g_test_add_func ("/rw-lock/is-locked/max-readers", test_rw_lock_is_locked);
  g_test_add_func ("/rw-lock/max-readers/default-unlimited", test_rw_lock_default_unlimited);
  g_test_add_func ("/rw-lock/try-acquire/basic", test_rw_lock_try_acquire);
  g_test_add_func ("/rw-lock/try-acquire/no-barging", test_rw_lock_try_acquire_no_barging);
  g_test_add_func ("/rw-lock/deadline/relative", test_rw_lock_deadline_relative);
  g_test_add_func ("/rw-lock/deadline/absolute", test_rw_lock_deadline_absolute);
  g_test_add_func ("/rw-lock/deadline/past", test_rw_lock_deadline_past);
  g_test_add_func ("/rw-lock/deadline/preempted", test_rw_lock_deadline_preempted);
  g_test_add_func ("/rw-lock/deadline/no-residue", test_rw_lock_timeouts_leave_no_residue);
  g_test_add_func ("/rw-lock/deadline/write-no-leak", test_rw_lock_write_timeout_no_leak);
  g_test_add_func ("/rw-lock/deadline/write-admits-readers",
                   test_rw_lock_write_timeout_admits_readers);
  g_test_add_func ("/rw-lock/cancel/before", test_rw_lock_cancel_before);
  g_test_add_func ("/rw-lock/cancel/waiting", test_rw_lock_cancel_waiting);
  g_test_add_func ("/rw-lock/cancel/race-grant", test_rw_lock_cancel_race_grant);
  g_test_add_func ("/rw-lock/cancel/then-release", test_rw_lock_cancel_then_release);
  g_test_add_func ("/rw-lock/misuse/bad-arguments", test_rw_lock_bad_arguments);
  g_test_add_func ("/rw-lock/misuse/wrong-result", test_rw_lock_finish_wrong_result);
  g_test_add_func ("/rw-lock/property/locked", test_rw_lock_notify_locked);
  g_test_add_func ("/rw-lock/property/locked-on-removal", test_rw_lock_notify_locked_on_removal);
  g_test_add_func ("/rw-lock/lifetime/unref-while-waiting", test_rw_lock_unref_while_waiting);
  g_test_add_func ("/rw-lock/lifetime/finalize-idle", test_rw_lock_finalize_idle);

  return g_test_run ();
}
