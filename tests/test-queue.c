/* test-queue.c: ToroQueue and ToroLifoQueue
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "toro-test-util.h"

/* Helpers */

static void
get_async (ToroQueue    *queue,
           gint64        deadline,
           GCancellable *cancellable,
           ToroTestRec  *rec)
{
  toro_queue_get_async (queue, deadline, cancellable, toro_test_rec_cb, rec);
}

/* A C item queued as a plain pointer, counting its frees. */
typedef struct
{
  int    id;
  guint *n_freed;
} PtrItem;

static PtrItem *
ptr_item_new (int    id,
              guint *n_freed)
{
  PtrItem *item = g_new0 (PtrItem, 1);

  item->id = id;
  item->n_freed = n_freed;
  return item;
}

static void
ptr_item_free (gpointer data)
{
  PtrItem *item = data;

  (*item->n_freed)++;
  g_free (item);
}

/* An operation finished with toro_queue_get_pointer_finish(). */
typedef struct
{
  guint    done;
  gpointer pointer;
  GError  *error;
} PointerRec;

static void
pointer_rec_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  PointerRec *rec = user_data;

  rec->pointer = toro_queue_get_pointer_finish (TORO_QUEUE (source), result, &rec->error);
  rec->done++;
}

static gboolean
pointer_rec_is_done (gpointer data)
{
  return ((PointerRec *) data)->done > 0;
}

/* Construction and properties */

static void
test_queue_new_unbounded (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (0);
  guint maxsize = 42;

  g_test_summary ("maxsize 0 means unbounded: full() is never true and puts never fail (toro "
                  "test_maxsize/test_full)");

  g_assert_cmpuint (toro_queue_get_maxsize (queue), ==, 0);
  g_object_get (queue, "maxsize", &maxsize, NULL);
  g_assert_cmpuint (maxsize, ==, 0);
  g_assert_true (toro_queue_empty (queue));
  g_assert_false (toro_queue_full (queue));

  for (int i = 0; i < 1000; i++)
    {
      toro_test_put_int (queue, i);
      g_assert_false (toro_queue_full (queue));
    }
  g_assert_cmpuint (toro_queue_qsize (queue), ==, 1000);
  g_assert_false (toro_queue_empty (queue));

  for (int i = 0; i < 1000; i++)
    g_assert_cmpint (toro_test_get_int (queue), ==, i);
  g_assert_true (toro_queue_empty (queue));
  g_assert_false (toro_queue_full (queue));

  /* A default-constructed queue is unbounded too. */
  {
    g_autoptr(ToroQueue) plain = g_object_new (TORO_TYPE_QUEUE, NULL);

    g_assert_cmpuint (toro_queue_get_maxsize (plain), ==, 0);
    for (int i = 0; i < 20; i++)
      toro_test_put_int (plain, i);
    g_assert_false (toro_queue_full (plain));
  }
}

static void
test_queue_new_maxsize_property (void)
{
  g_autoptr(ToroQueue) queue = g_object_new (TORO_TYPE_QUEUE, "maxsize", 2, NULL);
  GParamSpec *pspec;
  guint maxsize = 0;

  g_test_summary ("maxsize is a construct-only property: g_object_new (\"maxsize\", 2) bounds "
                  "the queue at 2");

  g_assert_cmpuint (toro_queue_get_maxsize (queue), ==, 2);
  g_object_get (queue, "maxsize", &maxsize, NULL);
  g_assert_cmpuint (maxsize, ==, 2);

  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (queue), "maxsize");
  g_assert_nonnull (pspec);
  g_assert_true (pspec->flags & G_PARAM_CONSTRUCT_ONLY);
  g_assert_true (pspec->flags & G_PARAM_READABLE);

  toro_test_put_int (queue, 1);
  g_assert_false (toro_queue_full (queue));
  toro_test_put_int (queue, 2);
  g_assert_true (toro_queue_full (queue));
  toro_test_assert_put_full (queue, 3);
  g_assert_cmpuint (toro_queue_qsize (queue), ==, 2);

  if (g_test_undefined ())
    {
      g_test_expect_message ("GLib-GObject", G_LOG_LEVEL_WARNING,
                             "*maxsize*can't be set after construction*");
      g_object_set (queue, "maxsize", 5, NULL);
      g_test_assert_expected_messages ();
      g_assert_cmpuint (toro_queue_get_maxsize (queue), ==, 2);
      toro_test_assert_put_full (queue, 3);
    }
}

static void
test_queue_property_size (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (1);
  ToroTestNotifyCount count;
  ToroTestRec getter, putter;
  guint size = 99;

  g_test_summary ("notify::size fires on real changes only: not on a hand-off, a refused put or "
                  "an admitted putter");

  toro_test_count_notify (queue, "size", &count);
  toro_test_rec_init (&getter, "g", NULL);
  toro_test_rec_init (&putter, "p", NULL);

  g_object_get (queue, "size", &size, NULL);
  g_assert_cmpuint (size, ==, 0);

  toro_test_put_int (queue, 1);
  g_assert_cmpuint (count.count, ==, 1);
  g_assert_true (count.thread == g_thread_self ());
  g_object_get (queue, "size", &size, NULL);
  g_assert_cmpuint (size, ==, 1);

  /* Refused: nothing changed. */
  toro_test_assert_put_full (queue, 2);
  g_assert_cmpuint (count.count, ==, 1);

  /* A waiting putter admitted by get_nowait: still one item. */
  toro_test_put_int_async (queue, 2, TORO_NO_DEADLINE, NULL, &putter);
  g_assert_cmpuint (count.count, ==, 1);
  g_assert_cmpint (toro_test_get_int (queue), ==, 1);
  g_assert_cmpuint (toro_queue_qsize (queue), ==, 1);
  g_assert_cmpuint (count.count, ==, 1);
  toro_test_wait (&putter);
  toro_test_assert_ok (&putter);

  g_assert_cmpint (toro_test_get_int (queue), ==, 2);
  g_assert_cmpuint (count.count, ==, 2);
  g_object_get (queue, "size", &size, NULL);
  g_assert_cmpuint (size, ==, 0);

  /* Refused: nothing changed. */
  toro_test_assert_get_empty (queue);
  g_assert_cmpuint (count.count, ==, 2);

  /* Handed straight to a waiting getter: the size never changed. */
  get_async (queue, TORO_NO_DEADLINE, NULL, &getter);
  toro_test_put_int (queue, 3);
  g_assert_cmpuint (toro_queue_qsize (queue), ==, 0);
  g_assert_cmpuint (count.count, ==, 2);
  toro_test_wait (&getter);
  g_assert_cmpint (toro_test_rec_int (&getter), ==, 3);
  g_assert_cmpuint (count.count, ==, 2);

  toro_test_rec_clear (&getter);
  toro_test_rec_clear (&putter);
}

/* Getting and putting */

static void
test_queue_get_fifo (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (0);

  g_test_summary ("put_nowait 111, 333, 222: a Queue gives them back as 111, 333, 222 (toro "
                  "simple_queue_test)");

  toro_test_put_int (queue, 111);
  toro_test_put_int (queue, 333);
  toro_test_put_int (queue, 222);
  g_assert_cmpuint (toro_queue_qsize (queue), ==, 3);

  g_assert_cmpint (toro_test_get_int (queue), ==, 111);
  g_assert_cmpint (toro_test_get_int (queue), ==, 333);
  g_assert_cmpint (toro_test_get_int (queue), ==, 222);
  toro_test_assert_get_empty (queue);
}

static void
test_queue_get_ring_wrap (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (0);
  int next_put = 0, next_get = 0;

  g_test_summary ("FIFO order survives the store wrapping around and growing while wrapped");

  /* Take a few out so that later puts wrap around, then grow past the
   * first allocation while wrapped, several times. */
  for (guint round = 0; round < 6; round++)
    {
      for (guint i = 0; i < 5 + round * 7; i++)
        toro_test_put_int (queue, next_put++);
      for (guint i = 0; i < 3 + round; i++)
        g_assert_cmpint (toro_test_get_int (queue), ==, next_get++);
      g_assert_cmpuint (toro_queue_qsize (queue), ==, next_put - next_get);
    }

  while (next_get < next_put)
    g_assert_cmpint (toro_test_get_int (queue), ==, next_get++);
  toro_test_assert_get_empty (queue);
}

static void
test_queue_get_immediate (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (0);
  ToroTestRec rec;

  g_test_summary ("A get with an item there takes it at once and is called back from the main "
                  "loop");

  toro_test_rec_init (&rec, "g", NULL);
  toro_test_put_int (queue, 7);

  get_async (queue, TORO_NO_DEADLINE, NULL, &rec);
  /* Decided at once, delivered later. */
  g_assert_cmpuint (rec.done, ==, 0);
  g_assert_cmpuint (toro_queue_qsize (queue), ==, 0);
  g_assert_cmpuint (toro_queue_debug_n_getters (queue), ==, 0);
  toro_test_assert_get_empty (queue);

  toro_test_wait (&rec);
  g_assert_cmpint (toro_test_rec_int (&rec), ==, 7);
  g_assert_true (rec.context == g_main_context_default ());
  toro_test_rec_clear (&rec);
}

static void
test_queue_put_immediate (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (2);
  ToroTestRec rec;

  g_test_summary ("A put with room stores the item at once and is called back from the main loop");

  toro_test_rec_init (&rec, "p", NULL);
  toro_test_put_int_async (queue, 5, TORO_NO_DEADLINE, NULL, &rec);
  g_assert_cmpuint (rec.done, ==, 0);
  g_assert_cmpuint (toro_queue_qsize (queue), ==, 1);
  g_assert_cmpuint (toro_queue_debug_n_putters (queue), ==, 0);

  toro_test_wait (&rec);
  toro_test_assert_ok (&rec);
  g_assert_true (rec.context == g_main_context_default ());
  g_assert_cmpint (toro_test_get_int (queue), ==, 5);
  toro_test_rec_clear (&rec);
}

static void
test_queue_get_thread_default_context (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (0);
  g_autoptr(GMainContext) context = g_main_context_new ();
  ToroTestRec rec;

  g_test_summary ("A get is called back in the thread-default context it was started from, not "
                  "another");

  toro_test_rec_init (&rec, "g", NULL);

  g_main_context_push_thread_default (context);
  get_async (queue, TORO_NO_DEADLINE, NULL, &rec);
  g_main_context_pop_thread_default (context);

  /* Put from the default context: the getter's context is the one to run. */
  toro_test_put_int (queue, 9);
  g_assert_cmpuint (rec.done, ==, 0);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (rec.done, ==, 0);

  g_main_context_push_thread_default (context);
  toro_test_wait (&rec);
  g_main_context_pop_thread_default (context);

  g_assert_cmpint (toro_test_rec_int (&rec), ==, 9);
  g_assert_true (rec.context == context);
  toro_test_rec_clear (&rec);
}

static void
test_queue_nowait_full_empty (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (2);
  GError *error = NULL;
  GValue value = G_VALUE_INIT;

  g_test_summary ("put_nowait on a full queue fails with FULL, get_nowait on an empty one with "
                  "EMPTY");

  toro_test_assert_get_empty (queue);
  g_assert_null (toro_queue_get_nowait (queue, &error));
  g_assert_error (error, TORO_ERROR, TORO_ERROR_EMPTY);
  g_assert_cmpstr (error->message, ==, "The queue is empty");
  g_clear_error (&error);

  /* A NULL error is allowed. */
  g_assert_null (toro_queue_get_nowait (queue, NULL));

  toro_test_put_int (queue, 1);
  toro_test_put_int (queue, 2);
  g_assert_true (toro_queue_full (queue));

  g_assert_false (toro_queue_put_nowait (queue, toro_test_int_value (&value, 3), &error));
  g_assert_error (error, TORO_ERROR, TORO_ERROR_FULL);
  g_assert_cmpstr (error->message, ==, "The queue is full");
  g_clear_error (&error);
  g_assert_false (toro_queue_put_nowait (queue, &value, NULL));
  g_value_unset (&value);

  g_assert_cmpuint (toro_queue_qsize (queue), ==, 2);
  g_assert_cmpint (toro_test_get_int (queue), ==, 1);
  g_assert_cmpint (toro_test_get_int (queue), ==, 2);
  toro_test_assert_get_empty (queue);
}

static void
full_empty_twice (ToroQueue *queue)
{
  g_test_summary ("maxsize 5 filled: FULL, put TIMEOUT with qsize 5; drained: EMPTY, get "
                  "TIMEOUT; twice on one queue (toro simple_queue_test)");

  for (guint run = 0; run < 2; run++)
    {
      ToroTestRec put_rec, get_rec;

      toro_test_rec_init (&put_rec, "p", NULL);
      toro_test_rec_init (&get_rec, "g", NULL);

      for (int i = 0; i < 5; i++)
        toro_test_put_int (queue, i);
      g_assert_true (toro_queue_full (queue));
      toro_test_assert_put_full (queue, 5);

      toro_test_put_int_async (queue, 5, toro_test_ms (10), NULL, &put_rec);
      g_assert_cmpuint (put_rec.done, ==, 0);
      toro_test_wait (&put_rec);
      toro_test_assert_timeout (&put_rec);
      g_assert_true (g_str_has_prefix (put_rec.error->message,
                                       "Timed out waiting for room in the queue"));
      g_assert_cmpuint (toro_queue_qsize (queue), ==, 5);
      g_assert_cmpuint (toro_queue_debug_n_putters (queue), ==, 0);

      for (int i = 0; i < 5; i++)
        toro_test_get_int (queue);
      g_assert_true (toro_queue_empty (queue));
      toro_test_assert_get_empty (queue);

      get_async (queue, toro_test_ms (10), NULL, &get_rec);
      g_assert_cmpuint (get_rec.done, ==, 0);
      toro_test_wait (&get_rec);
      toro_test_assert_timeout (&get_rec);
      g_assert_null (get_rec.value);
      g_assert_true (g_str_has_prefix (get_rec.error->message,
                                       "Timed out waiting for an item from the queue"));
      g_assert_cmpuint (toro_queue_debug_n_getters (queue), ==, 0);
      g_assert_cmpuint (toro_queue_qsize (queue), ==, 0);

      toro_test_rec_clear (&put_rec);
      toro_test_rec_clear (&get_rec);
    }
}

static void
test_queue_full_empty_twice (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (5);

  full_empty_twice (queue);
}

static void
test_queue_put_timeout_not_enqueued (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (1);
  ToroTestRec p1, p2, g;

  g_test_summary ("A putter that times out never enqueues its item; the next putter's does "
                  "(tornado test_put_timeout)");

  toro_test_rec_init (&p1, "p1", NULL);
  toro_test_rec_init (&p2, "p2", NULL);
  toro_test_rec_init (&g, "g", NULL);

  toro_test_put_int (queue, 0);
  toro_test_put_int_async (queue, 1, toro_test_ms (10), NULL, &p1);
  toro_test_put_int_async (queue, 2, TORO_NO_DEADLINE, NULL, &p2);
  g_assert_cmpuint (toro_queue_debug_n_putters (queue), ==, 2);

  toro_test_wait (&p1);
  toro_test_assert_timeout (&p1);
  g_assert_cmpuint (p2.done, ==, 0);
  g_assert_cmpuint (toro_queue_debug_n_putters (queue), ==, 1);
  g_assert_cmpuint (toro_queue_qsize (queue), ==, 1);

  g_assert_cmpint (toro_test_get_int (queue), ==, 0);
  get_async (queue, TORO_NO_DEADLINE, NULL, &g);
  toro_test_wait (&g);
  g_assert_cmpint (toro_test_rec_int (&g), ==, 2);
  toro_test_wait (&p2);
  toro_test_assert_ok (&p2);

  /* 1 never made it in. */
  toro_test_assert_get_empty (queue);
  toro_test_rec_clear (&p1);
  toro_test_rec_clear (&p2);
  toro_test_rec_clear (&g);
}

static void
test_queue_get_timeout_takes_nothing (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (0);
  g_autoptr(GString) log = g_string_new (NULL);
  ToroTestRec g1, g2, g3;

  g_test_summary ("Getters that time out take nothing: the live getter gets the item (tornado "
                  "test_get_timeout, gevent two bogus waiters)");

  toro_test_rec_init (&g1, "g1", log);
  toro_test_rec_init (&g2, "g2", log);
  toro_test_rec_init (&g3, "g3", log);

  get_async (queue, toro_test_ms (10), NULL, &g1);
  get_async (queue, toro_test_ms (15), NULL, &g2);
  get_async (queue, TORO_NO_DEADLINE, NULL, &g3);
  g_assert_cmpuint (toro_queue_debug_n_getters (queue), ==, 3);

  toro_test_wait (&g1);
  toro_test_wait (&g2);
  toro_test_assert_timeout (&g1);
  toro_test_assert_timeout (&g2);
  g_assert_cmpuint (g3.done, ==, 0);
  g_assert_cmpuint (toro_queue_debug_n_getters (queue), ==, 1);

  toro_test_put_int (queue, 0);
  g_assert_cmpuint (toro_queue_qsize (queue), ==, 0);
  g_assert_cmpuint (g3.done, ==, 0);
  toro_test_wait (&g3);
  g_assert_cmpint (toro_test_rec_int (&g3), ==, 0);
  g_assert_cmpstr (log->str, ==, "g1:timeout g2:timeout g3");
  g_assert_cmpuint (toro_queue_qsize (queue), ==, 0);

  toro_test_rec_clear (&g1);
  toro_test_rec_clear (&g2);
  toro_test_rec_clear (&g3);
}

/* Hand-off */

static void
test_queue_hand_off_put_nowait (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (1);
  GValue value = G_VALUE_INIT;
  ToroTestRec g;

  g_test_summary ("maxsize 1 with a getter waiting: put_nowait a and b both succeed; the getter "
                  "gets a, qsize is 1 (toro/tornado hand-off)");

  toro_test_rec_init (&g, "g", NULL);
  get_async (queue, TORO_NO_DEADLINE, NULL, &g);
  g_assert_cmpuint (toro_queue_debug_n_getters (queue), ==, 1);

  g_value_init (&value, G_TYPE_STRING);
  g_value_set_static_string (&value, "a");
  g_assert_true (toro_queue_put_nowait (queue, &value, NULL));
  g_assert_cmpuint (toro_queue_debug_n_getters (queue), ==, 0);
  g_assert_cmpuint (toro_queue_qsize (queue), ==, 0);
  g_assert_true (toro_queue_empty (queue));

  g_value_set_static_string (&value, "b");
  g_assert_true (toro_queue_put_nowait (queue, &value, NULL));
  g_value_unset (&value);
  g_assert_cmpuint (toro_queue_qsize (queue), ==, 1);
  g_assert_true (toro_queue_full (queue));
  g_assert_cmpuint (g.done, ==, 0);

  toro_test_wait (&g);
  toro_test_assert_ok (&g);
  g_assert_true (G_VALUE_HOLDS_STRING (g.value));
  g_assert_cmpstr (g_value_get_string (g.value), ==, "a");

  {
    GValue *b = toro_queue_get_nowait (queue, NULL);

    g_assert_nonnull (b);
    g_assert_cmpstr (g_value_get_string (b), ==, "b");
    g_boxed_free (G_TYPE_VALUE, b);
  }
  toro_test_rec_clear (&g);
}

static void
test_queue_hand_off_getter_owns (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (0);
  ToroTestRec g;

  g_test_summary ("An item handed to a waiting getter is its own: get_nowait before it runs "
                  "finds EMPTY (trio test_channel_fairness)");

  toro_test_rec_init (&g, "g", NULL);
  get_async (queue, TORO_NO_DEADLINE, NULL, &g);
  toro_test_put_int (queue, 2);
  g_assert_cmpuint (g.done, ==, 0);

  toro_test_assert_get_empty (queue);
  g_assert_cmpuint (toro_queue_qsize (queue), ==, 0);

  toro_test_wait (&g);
  g_assert_cmpint (toro_test_rec_int (&g), ==, 2);
  toro_test_assert_get_empty (queue);
  toro_test_rec_clear (&g);
}

static void
test_queue_hand_off_put_async (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (1);
  ToroTestRec g, p;

  g_test_summary ("A put while a getter waits hands the item over: both complete, the item never "
                  "enters the queue");

  toro_test_rec_init (&g, "g", NULL);
  toro_test_rec_init (&p, "p", NULL);
  get_async (queue, TORO_NO_DEADLINE, NULL, &g);
  toro_test_put_int_async (queue, 4, TORO_NO_DEADLINE, NULL, &p);
  g_assert_cmpuint (g.done, ==, 0);
  g_assert_cmpuint (p.done, ==, 0);
  g_assert_cmpuint (toro_queue_qsize (queue), ==, 0);
  g_assert_cmpuint (toro_queue_debug_n_getters (queue), ==, 0);
  g_assert_cmpuint (toro_queue_debug_n_putters (queue), ==, 0);

  toro_test_wait (&g);
  toro_test_wait (&p);
  g_assert_cmpint (toro_test_rec_int (&g), ==, 4);
  toro_test_assert_ok (&p);
  g_assert_cmpuint (toro_queue_qsize (queue), ==, 0);
  toro_test_rec_clear (&g);
  toro_test_rec_clear (&p);
}

static void
test_queue_get_nowait_admits_putter (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (1);
  ToroTestRec p;

  g_test_summary ("maxsize 1 holding 1, put(2) waiting: get_nowait gives 1, the put completes, "
                  "the queue holds 2 and is full (toro test_get_nowait_unblocks_putter)");

  toro_test_rec_init (&p, "p", NULL);
  toro_test_put_int (queue, 1);
  toro_test_put_int_async (queue, 2, TORO_NO_DEADLINE, NULL, &p);
  g_assert_cmpuint (toro_queue_debug_n_putters (queue), ==, 1);

  g_assert_cmpint (toro_test_get_int (queue), ==, 1);
  g_assert_cmpuint (toro_queue_debug_n_putters (queue), ==, 0);
  g_assert_true (toro_queue_full (queue));
  g_assert_cmpuint (toro_queue_qsize (queue), ==, 1);
  g_assert_cmpuint (p.done, ==, 0);

  toro_test_wait (&p);
  toro_test_assert_ok (&p);
  g_assert_cmpint (toro_test_get_int (queue), ==, 2);
  toro_test_assert_get_empty (queue);
  toro_test_rec_clear (&p);
}

static void
test_queue_put_nowait_unblocks_getter (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (0);
  ToroTestRec g;

  g_test_summary ("A getter with a deadline is woken by put_nowait, and its deadline goes with "
                  "it (toro test_put_nowait_unblocks_getter)");

  toro_test_rec_init (&g, "g", NULL);
  get_async (queue, toro_test_ms (1000), NULL, &g);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 1);

  toro_test_put_int (queue, 1);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 0);
  g_assert_cmpuint (g.done, ==, 0);
  toro_test_wait (&g);
  g_assert_cmpint (toro_test_rec_int (&g), ==, 1);
  toro_test_rec_clear (&g);
}

static void
getters_fifo (ToroQueue *queue)
{
  g_autoptr(GString) log = g_string_new (NULL);
  ToroTestRec recs[5];
  static const char *labels[] = { "g0", "g1", "g2", "g3", "g4" };

  g_test_summary ("Waiting getters are served in the order they asked, one per put (tornado "
                  "test_put_with_getters)");

  for (guint i = 0; i < G_N_ELEMENTS (recs); i++)
    {
      toro_test_rec_init (&recs[i], labels[i], log);
      get_async (queue, TORO_NO_DEADLINE, NULL, &recs[i]);
    }
  g_assert_cmpuint (toro_queue_debug_n_getters (queue), ==, 5);

  /* One at a time ... */
  for (int i = 0; i < 2; i++)
    {
      toro_test_put_int (queue, i);
      g_assert_cmpuint (recs[i].done, ==, 0);
      toro_test_wait (&recs[i]);
      g_assert_cmpint (toro_test_rec_int (&recs[i]), ==, i);
      for (guint j = i + 1; j < G_N_ELEMENTS (recs); j++)
        g_assert_cmpuint (recs[j].done, ==, 0);
    }

  /* ... and several before the loop runs. */
  for (int i = 2; i < 5; i++)
    toro_test_put_int (queue, i);
  g_assert_cmpuint (toro_queue_qsize (queue), ==, 0);
  g_assert_cmpuint (toro_queue_debug_n_getters (queue), ==, 0);
  for (guint i = 2; i < G_N_ELEMENTS (recs); i++)
    g_assert_cmpuint (recs[i].done, ==, 0);
  for (guint i = 2; i < G_N_ELEMENTS (recs); i++)
    toro_test_wait (&recs[i]);
  for (guint i = 2; i < G_N_ELEMENTS (recs); i++)
    g_assert_cmpint (toro_test_rec_int (&recs[i]), ==, (int) i);

  g_assert_cmpstr (log->str, ==, "g0 g1 g2 g3 g4");
  for (guint i = 0; i < G_N_ELEMENTS (recs); i++)
    toro_test_rec_clear (&recs[i]);
}

static void
test_queue_get_getters_fifo (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (1);

  getters_fifo (queue);
}

/* In a LifoQueue each get takes the item of the putter it admits, and
 * the item stored first comes out last. */
static void
putters_fifo (ToroQueue *queue,
              gboolean   lifo)
{
  g_autoptr(GString) log = g_string_new (NULL);
  ToroTestRec recs[4];
  static const char *labels[] = { "p1", "p2", "p3", "p4" };

  g_test_summary ("Waiting putters are served in the order they asked, one per get "
                  "(in a LifoQueue each get hands out the item it admitted)");

  toro_test_put_int (queue, 0);
  for (guint i = 0; i < G_N_ELEMENTS (recs); i++)
    {
      toro_test_rec_init (&recs[i], labels[i], log);
      toro_test_put_int_async (queue, i + 1, TORO_NO_DEADLINE, NULL, &recs[i]);
    }
  g_assert_cmpuint (toro_queue_debug_n_putters (queue), ==, 4);

  for (guint i = 0; i < G_N_ELEMENTS (recs); i++)
    {
      g_assert_cmpint (toro_test_get_int (queue), ==, lifo ? (int) i + 1 : (int) i);
      g_assert_cmpuint (toro_queue_qsize (queue), ==, 1);
      g_assert_cmpuint (recs[i].done, ==, 0);
      toro_test_wait (&recs[i]);
      toro_test_assert_ok (&recs[i]);
      for (guint j = i + 1; j < G_N_ELEMENTS (recs); j++)
        g_assert_cmpuint (recs[j].done, ==, 0);
    }
  g_assert_cmpint (toro_test_get_int (queue), ==, lifo ? 0 : 4);
  toro_test_assert_get_empty (queue);
  g_assert_cmpstr (log->str, ==, "p1 p2 p3 p4");

  for (guint i = 0; i < G_N_ELEMENTS (recs); i++)
    toro_test_rec_clear (&recs[i]);
}

static void
test_queue_put_putters_fifo (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (1);

  putters_fifo (queue, FALSE);
}

static void
no_barging (ToroQueue *queue,
            gboolean   lifo)
{
  ToroTestRec p;

  g_test_summary ("maxsize 1 full, put(2) waiting: after get_nowait a newcomer's put_nowait(3) "
                  "is FULL, the freed slot went to 2 (trio test_channel_fairness)");

  toro_test_rec_init (&p, "p", NULL);
  toro_test_put_int (queue, 1);
  toro_test_put_int_async (queue, 2, TORO_NO_DEADLINE, NULL, &p);
  toro_test_assert_put_full (queue, 3);

  /* A LifoQueue hands out the item the get admitted. */
  g_assert_cmpint (toro_test_get_int (queue), ==, lifo ? 2 : 1);
  /* The freed slot went to the waiting putter, before its callback. */
  g_assert_cmpuint (p.done, ==, 0);
  toro_test_assert_put_full (queue, 3);

  toro_test_wait (&p);
  toro_test_assert_ok (&p);
  toro_test_assert_put_full (queue, 3);
  g_assert_cmpint (toro_test_get_int (queue), ==, lifo ? 1 : 2);
  toro_test_assert_get_empty (queue);
  toro_test_rec_clear (&p);
}

static void
test_queue_put_nowait_no_barging (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (1);

  no_barging (queue, FALSE);
}

typedef struct
{
  ToroQueue *queue;
  GString   *log;
} PutFromCallback;

static void
put_and_log (gpointer data)
{
  PutFromCallback *p = data;

  toro_test_log (p->log, "putting");
  toro_test_put_int (p->queue, 2);
  toro_test_log (p->log, "put");
}

static void
test_queue_put_not_reentrant (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (0);
  g_autoptr(GString) log = g_string_new (NULL);
  PutFromCallback p = { queue, log };
  ToroTestRec first, second;

  g_test_summary ("A put from a later main-loop iteration returns before the woken getter's "
                  "callback runs");

  toro_test_rec_init (&first, "first", log);
  toro_test_rec_init (&second, "second", log);
  first.then = put_and_log;
  first.then_data = &p;

  get_async (queue, TORO_NO_DEADLINE, NULL, &first);
  get_async (queue, TORO_NO_DEADLINE, NULL, &second);
  toro_test_put_int (queue, 1);

  toro_test_wait (&second);
  g_assert_cmpstr (log->str, ==, "first putting put second");
  g_assert_cmpint (toro_test_rec_int (&first), ==, 1);
  g_assert_cmpint (toro_test_rec_int (&second), ==, 2);
  toro_test_rec_clear (&first);
  toro_test_rec_clear (&second);
}

/* Producer and consumer (tornado's queues.py docstring example) */

#define PC_N_ITEMS 5

typedef struct
{
  ToroQueue *queue;
  GString   *log;
  int        n_put;
  int        n_got;
  gboolean   done;
  GArray    *qsizes;   /* qsize seen by the consumer at each receipt */
} ProducerConsumer;

static void consumer_get (ProducerConsumer *pc);

static void
producer_put_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ProducerConsumer *pc = user_data;
  GError *error = NULL;
  char *entry;

  g_assert_true (toro_queue_put_finish (TORO_QUEUE (source), result, &error));
  g_assert_no_error (error);

  entry = g_strdup_printf ("put%d", pc->n_put++);
  toro_test_log (pc->log, entry);
  g_free (entry);

  if (pc->n_put < PC_N_ITEMS)
    {
      GValue value = G_VALUE_INIT;

      toro_queue_put_async (pc->queue, toro_test_int_value (&value, pc->n_put),
                            TORO_NO_DEADLINE, NULL, producer_put_cb, pc);
      g_value_unset (&value);
    }
}

/* The consumer's work ends once the main loop has nothing more urgent. */
static gboolean
consumer_work_done_cb (gpointer data)
{
  consumer_get (data);
  return G_SOURCE_REMOVE;
}

static void
consumer_got_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ProducerConsumer *pc = user_data;
  GError *error = NULL;
  GValue *item = toro_queue_get_finish (TORO_QUEUE (source), result, &error);
  char *entry;
  guint qsize;

  g_assert_no_error (error);
  g_assert_nonnull (item);
  g_assert_cmpint (g_value_get_int (item), ==, pc->n_got);
  g_boxed_free (G_TYPE_VALUE, item);

  entry = g_strdup_printf ("work%d", pc->n_got++);
  toro_test_log (pc->log, entry);
  g_free (entry);
  qsize = toro_queue_qsize (pc->queue);
  g_array_append_val (pc->qsizes, qsize);

  if (pc->n_got < PC_N_ITEMS)
    g_idle_add (consumer_work_done_cb, pc);
  else
    {
      toro_test_log (pc->log, "done");
      pc->done = TRUE;
    }
}

static void
consumer_get (ProducerConsumer *pc)
{
  toro_queue_get_async (pc->queue, TORO_NO_DEADLINE, NULL, consumer_got_cb, pc);
}

static void
test_queue_producer_consumer (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (2);
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(GArray) qsizes = g_array_new (FALSE, FALSE, sizeof (guint));
  ProducerConsumer pc = { queue, log, 0, 0, FALSE, qsizes };
  GValue value = G_VALUE_INIT;

  g_test_summary ("maxsize 2, consumer already waiting, producer puts 0..4, each item's work "
                  "ending when the loop is idle: "
                  "work0 put0 put1 put2 put3 work1 put4 work2 work3 work4 done. "
                  "Puts 1 and 2 fit because item 0 went straight to the consumer (hand-off); "
                  "a get that admits a waiting putter completes that put before itself, so "
                  "put3 comes before work1 (tornado v4.2 docstring: put0 put1 put2 work0 work1 "
                  "put3 work2 put4 work3 work4 done, as its consumer resumes synchronously)");

  consumer_get (&pc);
  g_assert_cmpuint (toro_queue_debug_n_getters (queue), ==, 1);

  toro_queue_put_async (queue, toro_test_int_value (&value, 0), TORO_NO_DEADLINE, NULL,
                        producer_put_cb, &pc);
  g_value_unset (&value);
  /* Item 0 went to the consumer; nothing was called back yet. */
  g_assert_cmpuint (toro_queue_qsize (queue), ==, 0);
  g_assert_cmpstr (log->str, ==, "");

  toro_test_wait_flag (&pc.done);
  g_assert_cmpstr (log->str, ==,
                   "work0 put0 put1 put2 put3 work1 put4 work2 work3 work4 done");
  g_assert_cmpint (pc.n_put, ==, PC_N_ITEMS);

  /* What the consumer saw in the queue on each receipt. */
  g_assert_cmpuint (qsizes->len, ==, PC_N_ITEMS);
  g_assert_cmpuint (g_array_index (qsizes, guint, 0), ==, 0);
  g_assert_cmpuint (g_array_index (qsizes, guint, 1), ==, 2);
  g_assert_cmpuint (g_array_index (qsizes, guint, 2), ==, 2);
  g_assert_cmpuint (g_array_index (qsizes, guint, 3), ==, 1);
  g_assert_cmpuint (g_array_index (qsizes, guint, 4), ==, 0);
  g_assert_true (toro_queue_empty (queue));
}

/* Deadlines */

static void
test_queue_deadline_relative (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (1);
  ToroTestRec g, p;
  gint64 start = g_get_monotonic_time ();

  g_test_summary ("Relative deadlines pass for a get on an empty queue and a put on a full one");

  toro_test_rec_init (&g, "g", NULL);
  toro_test_rec_init (&p, "p", NULL);

  get_async (queue, toro_deadline_after (30 * 1000), NULL, &g);
  g_assert_cmpuint (g.done, ==, 0);
  toro_test_wait (&g);
  toro_test_assert_timeout (&g);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 30 * 1000);
  g_assert_cmpuint (toro_queue_debug_n_getters (queue), ==, 0);

  toro_test_put_int (queue, 1);
  start = g_get_monotonic_time ();
  toro_test_put_int_async (queue, 2, toro_deadline_after (30 * 1000), NULL, &p);
  g_assert_cmpuint (p.done, ==, 0);
  toro_test_wait (&p);
  toro_test_assert_timeout (&p);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 30 * 1000);
  g_assert_cmpuint (toro_queue_debug_n_putters (queue), ==, 0);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 0);

  g_assert_cmpint (toro_test_get_int (queue), ==, 1);
  toro_test_assert_get_empty (queue);
  toro_test_rec_clear (&g);
  toro_test_rec_clear (&p);
}

static void
test_queue_deadline_absolute (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (0);
  ToroTestRec g;
  gint64 deadline = g_get_monotonic_time () + 25 * 1000;

  g_test_summary ("An absolute deadline on the monotonic clock is honoured");

  toro_test_rec_init (&g, "g", NULL);
  get_async (queue, deadline, NULL, &g);
  toro_test_wait (&g);
  toro_test_assert_timeout (&g);
  g_assert_cmpint (g_get_monotonic_time (), >=, deadline);
  toro_test_rec_clear (&g);
}

static void
test_queue_deadline_past (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (1);
  ToroTestRec got, empty, zero, put_room, put_full;

  g_test_summary ("A deadline in the past gets or puts at once if it can, else TIMEOUT without "
                  "waiting (tornado#3271)");

  toro_test_rec_init (&got, "got", NULL);
  toro_test_rec_init (&empty, "empty", NULL);
  toro_test_rec_init (&zero, "zero", NULL);
  toro_test_rec_init (&put_room, "put-room", NULL);
  toro_test_rec_init (&put_full, "put-full", NULL);

  /* An item is there: it is returned, no TIMEOUT. */
  toro_test_put_int (queue, 1);
  get_async (queue, g_get_monotonic_time () - 1, NULL, &got);
  g_assert_cmpuint (got.done, ==, 0);
  g_assert_true (toro_queue_empty (queue));
  toro_test_wait (&got);
  g_assert_cmpint (toro_test_rec_int (&got), ==, 1);

  /* Nothing there: TIMEOUT on the next iteration, never queued. 0 is in
   * the past too, not "no deadline". */
  get_async (queue, g_get_monotonic_time () - 1, NULL, &empty);
  get_async (queue, 0, NULL, &zero);
  g_assert_cmpuint (empty.done, ==, 0);
  g_assert_cmpuint (zero.done, ==, 0);
  g_assert_cmpuint (toro_queue_debug_n_getters (queue), ==, 0);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 0);
  toro_test_flush ();
  toro_test_assert_timeout (&empty);
  toro_test_assert_timeout (&zero);

  /* The same for puts. */
  toro_test_put_int_async (queue, 2, 0, NULL, &put_room);
  g_assert_cmpuint (put_room.done, ==, 0);
  g_assert_cmpuint (toro_queue_qsize (queue), ==, 1);
  toro_test_put_int_async (queue, 3, g_get_monotonic_time () - 1, NULL, &put_full);
  g_assert_cmpuint (put_full.done, ==, 0);
  g_assert_cmpuint (toro_queue_debug_n_putters (queue), ==, 0);
  toro_test_flush ();
  toro_test_assert_ok (&put_room);
  toro_test_assert_timeout (&put_full);

  g_assert_cmpint (toro_test_get_int (queue), ==, 2);
  toro_test_assert_get_empty (queue);

  toro_test_rec_clear (&got);
  toro_test_rec_clear (&empty);
  toro_test_rec_clear (&zero);
  toro_test_rec_clear (&put_room);
  toro_test_rec_clear (&put_full);
}

static void
test_queue_deadline_preempted (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (1);
  ToroTestRec g, p, later;

  g_test_summary ("A grant before the deadline wins, its timer goes, and no TIMEOUT comes later");

  toro_test_rec_init (&g, "g", NULL);
  toro_test_rec_init (&p, "p", NULL);
  toro_test_rec_init (&later, "later", NULL);

  get_async (queue, toro_test_ms (40), NULL, &g);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 1);
  toro_test_put_int (queue, 1);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 0);
  toro_test_wait (&g);
  g_assert_cmpint (toro_test_rec_int (&g), ==, 1);

  toro_test_put_int (queue, 2);
  toro_test_put_int_async (queue, 3, toro_test_ms (40), NULL, &p);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 1);
  g_assert_cmpint (toro_test_get_int (queue), ==, 2);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 0);
  toro_test_wait (&p);
  toro_test_assert_ok (&p);

  /* Run past both old deadlines: neither callback runs again. */
  toro_test_put_int_async (queue, 4, toro_test_ms (60), NULL, &later);
  toro_test_wait (&later);
  toro_test_assert_timeout (&later);
  g_assert_cmpuint (g.done, ==, 1);
  g_assert_cmpuint (p.done, ==, 1);
  g_assert_cmpint (toro_test_get_int (queue), ==, 3);

  toro_test_rec_clear (&g);
  toro_test_rec_clear (&p);
  toro_test_rec_clear (&later);
}

static void
test_queue_deadline_no_residue (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (0);
  ToroTestRec recs[101], live;

  g_test_summary ("101 timed-out getters leave the queue at once; the live one still gets the "
                  "item");

  for (guint i = 0; i < G_N_ELEMENTS (recs); i++)
    {
      toro_test_rec_init (&recs[i], "t", NULL);
      get_async (queue, toro_test_ms (10), NULL, &recs[i]);
    }
  toro_test_rec_init (&live, "live", NULL);
  get_async (queue, TORO_NO_DEADLINE, NULL, &live);
  g_assert_cmpuint (toro_queue_debug_n_getters (queue), ==, 102);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 101);

  for (guint i = 0; i < G_N_ELEMENTS (recs); i++)
    {
      toro_test_wait (&recs[i]);
      toro_test_assert_timeout (&recs[i]);
    }
  g_assert_cmpuint (toro_queue_debug_n_getters (queue), ==, 1);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 0);

  toro_test_put_int (queue, 42);
  toro_test_wait (&live);
  g_assert_cmpint (toro_test_rec_int (&live), ==, 42);
  g_assert_true (toro_queue_empty (queue));

  for (guint i = 0; i < G_N_ELEMENTS (recs); i++)
    toro_test_rec_clear (&recs[i]);
  toro_test_rec_clear (&live);
}

static void
test_queue_purge_getters (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (0);
  ToroTestRec recs[10], live;

  g_test_summary ("10 getters time out around 1 live one: they are purged when they expire, "
                  "before any put (tornado test_get_clears_timed_out_getters: 11 -> 2 on "
                  "the next get)");

  for (guint i = 0; i < G_N_ELEMENTS (recs); i++)
    {
      toro_test_rec_init (&recs[i], "t", NULL);
      if (i == 5)
        {
          toro_test_rec_init (&live, "live", NULL);
          get_async (queue, TORO_NO_DEADLINE, NULL, &live);
        }
      get_async (queue, toro_test_ms (10), NULL, &recs[i]);
    }
  g_assert_cmpuint (toro_queue_debug_n_getters (queue), ==, 11);

  for (guint i = 0; i < G_N_ELEMENTS (recs); i++)
    toro_test_wait (&recs[i]);
  g_assert_cmpuint (toro_queue_debug_n_getters (queue), ==, 1);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 0);
  g_assert_cmpuint (live.done, ==, 0);

  /* A new getter queues behind the live one. */
  {
    ToroTestRec fresh;

    toro_test_rec_init (&fresh, "fresh", NULL);
    get_async (queue, toro_test_ms (10), NULL, &fresh);
    g_assert_cmpuint (toro_queue_debug_n_getters (queue), ==, 2);
    toro_test_wait (&fresh);
    toro_test_assert_timeout (&fresh);
    toro_test_rec_clear (&fresh);
  }
  g_assert_cmpuint (toro_queue_debug_n_getters (queue), ==, 1);

  toro_test_put_int (queue, 1);
  toro_test_wait (&live);
  g_assert_cmpint (toro_test_rec_int (&live), ==, 1);
  for (guint i = 0; i < G_N_ELEMENTS (recs); i++)
    {
      toro_test_assert_timeout (&recs[i]);
      toro_test_rec_clear (&recs[i]);
    }
  toro_test_rec_clear (&live);
}

static void
test_queue_purge_putters (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (1);
  ToroTestRec recs[10], live;

  g_test_summary ("10 putters time out around 1 live one: they are purged when they expire, "
                  "none of their items gets in (tornado test_put_clears_timed_out_putters)");

  toro_test_put_int (queue, 0);
  for (guint i = 0; i < G_N_ELEMENTS (recs); i++)
    {
      toro_test_rec_init (&recs[i], "t", NULL);
      if (i == 5)
        {
          toro_test_rec_init (&live, "live", NULL);
          toro_test_put_int_async (queue, 100, TORO_NO_DEADLINE, NULL, &live);
        }
      toro_test_put_int_async (queue, (int) i + 1, toro_test_ms (10), NULL, &recs[i]);
    }
  g_assert_cmpuint (toro_queue_debug_n_putters (queue), ==, 11);

  for (guint i = 0; i < G_N_ELEMENTS (recs); i++)
    toro_test_wait (&recs[i]);
  g_assert_cmpuint (toro_queue_debug_n_putters (queue), ==, 1);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 0);
  g_assert_cmpuint (live.done, ==, 0);

  g_assert_cmpint (toro_test_get_int (queue), ==, 0);
  toro_test_wait (&live);
  toro_test_assert_ok (&live);
  g_assert_cmpint (toro_test_get_int (queue), ==, 100);
  toro_test_assert_get_empty (queue);

  for (guint i = 0; i < G_N_ELEMENTS (recs); i++)
    {
      toro_test_assert_timeout (&recs[i]);
      toro_test_rec_clear (&recs[i]);
    }
  toro_test_rec_clear (&live);
}

/* Cancellation */

static void
test_queue_cancel_before (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (2);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  ToroTestRec get_rec, put_rec, waiting, put_to_waiter;

  g_test_summary ("An already-cancelled get or put fails with CANCELLED and takes nothing, even "
                  "when it could complete");

  toro_test_rec_init (&get_rec, "g", NULL);
  toro_test_rec_init (&put_rec, "p", NULL);
  toro_test_rec_init (&waiting, "w", NULL);
  toro_test_rec_init (&put_to_waiter, "pw", NULL);
  g_cancellable_cancel (cancellable);

  /* An item is there: the get leaves it. */
  toro_test_put_int (queue, 1);
  get_async (queue, TORO_NO_DEADLINE, cancellable, &get_rec);
  g_assert_cmpuint (toro_queue_qsize (queue), ==, 1);
  g_assert_cmpuint (toro_queue_debug_n_getters (queue), ==, 0);
  g_assert_cmpuint (get_rec.done, ==, 0);

  /* There is room: the put adds nothing. */
  toro_test_put_int_async (queue, 2, TORO_NO_DEADLINE, cancellable, &put_rec);
  g_assert_cmpuint (toro_queue_qsize (queue), ==, 1);
  g_assert_cmpuint (toro_queue_debug_n_putters (queue), ==, 0);
  g_assert_cmpuint (put_rec.done, ==, 0);

  toro_test_wait (&get_rec);
  toro_test_wait (&put_rec);
  toro_test_assert_cancelled (&get_rec);
  g_assert_null (get_rec.value);
  toro_test_assert_cancelled (&put_rec);
  g_assert_cmpint (toro_test_get_int (queue), ==, 1);
  toro_test_assert_get_empty (queue);

  /* A getter waits: the cancelled put does not hand it anything. */
  get_async (queue, TORO_NO_DEADLINE, NULL, &waiting);
  toro_test_put_int_async (queue, 3, TORO_NO_DEADLINE, cancellable, &put_to_waiter);
  g_assert_cmpuint (toro_queue_debug_n_getters (queue), ==, 1);
  toro_test_wait (&put_to_waiter);
  toro_test_assert_cancelled (&put_to_waiter);
  toro_test_flush ();
  g_assert_cmpuint (waiting.done, ==, 0);

  toro_test_put_int (queue, 4);
  toro_test_wait (&waiting);
  g_assert_cmpint (toro_test_rec_int (&waiting), ==, 4);

  toro_test_rec_clear (&get_rec);
  toro_test_rec_clear (&put_rec);
  toro_test_rec_clear (&waiting);
  toro_test_rec_clear (&put_to_waiter);
}

static void
test_queue_cancel_getter_waiting (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (0);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  ToroTestRec c, next;

  g_test_summary ("Cancelling a waiting get removes it at once; the next put goes to the next "
                  "getter");

  toro_test_rec_init (&c, "c", NULL);
  toro_test_rec_init (&next, "n", NULL);
  get_async (queue, toro_test_ms (10000), cancellable, &c);
  get_async (queue, TORO_NO_DEADLINE, NULL, &next);
  g_assert_cmpuint (toro_queue_debug_n_getters (queue), ==, 2);

  g_cancellable_cancel (cancellable);
  g_assert_cmpuint (toro_queue_debug_n_getters (queue), ==, 1);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 0);
  g_assert_cmpuint (c.done, ==, 0);
  toro_test_wait (&c);
  toro_test_assert_cancelled (&c);
  g_assert_null (c.value);

  toro_test_put_int (queue, 1);
  toro_test_wait (&next);
  g_assert_cmpint (toro_test_rec_int (&next), ==, 1);
  g_assert_true (toro_queue_empty (queue));

  /* With nobody waiting, the next put is stored. */
  toro_test_put_int (queue, 2);
  g_assert_cmpuint (toro_queue_qsize (queue), ==, 1);
  g_assert_cmpint (toro_test_get_int (queue), ==, 2);
  toro_test_rec_clear (&c);
  toro_test_rec_clear (&next);
}

static void
test_queue_cancel_putter_waiting (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (1);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  ToroTestRec c, retry;

  g_test_summary ("Cancelling a waiting put removes it at once and its item never enters; a "
                  "retry works (CPython test_put_cancel_drop)");

  toro_test_rec_init (&c, "c", NULL);
  toro_test_rec_init (&retry, "r", NULL);
  toro_test_put_int (queue, 1);
  toro_test_put_int_async (queue, 2, toro_test_ms (10000), cancellable, &c);
  g_assert_cmpuint (toro_queue_debug_n_putters (queue), ==, 1);

  g_cancellable_cancel (cancellable);
  g_assert_cmpuint (toro_queue_debug_n_putters (queue), ==, 0);
  g_assert_cmpuint (toro_dispatcher_debug_n_deadlines (), ==, 0);
  g_assert_cmpuint (c.done, ==, 0);
  toro_test_wait (&c);
  toro_test_assert_cancelled (&c);

  g_assert_cmpint (toro_test_get_int (queue), ==, 1);
  toro_test_assert_get_empty (queue);

  /* Retrying the put works, and 2 comes out exactly once. */
  toro_test_put_int_async (queue, 2, TORO_NO_DEADLINE, NULL, &retry);
  toro_test_wait (&retry);
  toro_test_assert_ok (&retry);
  g_assert_cmpint (toro_test_get_int (queue), ==, 2);
  toro_test_assert_get_empty (queue);
  g_assert_cmpuint (toro_queue_qsize (queue), ==, 0);
  toro_test_rec_clear (&c);
  toro_test_rec_clear (&retry);
}

static void
test_queue_cancel_one_putter_of_three (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (1);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GString) log = g_string_new (NULL);
  ToroTestRec p2, p3, p4;

  g_test_summary ("Cancelling a putter in the middle does not disturb the others (CPython "
                  "test_put_cancelled_race)");

  toro_test_rec_init (&p2, "p2", log);
  toro_test_rec_init (&p3, "p3", log);
  toro_test_rec_init (&p4, "p4", log);
  toro_test_put_int (queue, 1);
  toro_test_put_int_async (queue, 2, TORO_NO_DEADLINE, NULL, &p2);
  toro_test_put_int_async (queue, 3, TORO_NO_DEADLINE, cancellable, &p3);
  toro_test_put_int_async (queue, 4, TORO_NO_DEADLINE, NULL, &p4);

  g_cancellable_cancel (cancellable);
  g_assert_cmpuint (toro_queue_debug_n_putters (queue), ==, 2);

  g_assert_cmpint (toro_test_get_int (queue), ==, 1);
  g_assert_cmpint (toro_test_get_int (queue), ==, 2);
  g_assert_cmpint (toro_test_get_int (queue), ==, 4);
  toro_test_assert_get_empty (queue);

  toro_test_wait (&p2);
  toro_test_wait (&p3);
  toro_test_wait (&p4);
  toro_test_assert_ok (&p2);
  toro_test_assert_cancelled (&p3);
  toro_test_assert_ok (&p4);
  g_assert_cmpstr (log->str, ==, "p3:cancelled p2 p4");
  toro_test_rec_clear (&p2);
  toro_test_rec_clear (&p3);
  toro_test_rec_clear (&p4);
}

static void
test_queue_cancel_getter_race_grant (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (0);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  ToroTestRec g1, g2;

  g_test_summary ("put_nowait then cancel in one iteration: the getter keeps the item it was "
                  "handed (CPython test_get_cancel_drop_one_pending_reader)");

  toro_test_rec_init (&g1, "g1", NULL);
  toro_test_rec_init (&g2, "g2", NULL);
  get_async (queue, TORO_NO_DEADLINE, cancellable, &g1);
  get_async (queue, TORO_NO_DEADLINE, NULL, &g2);

  toro_test_put_int (queue, 1);          /* g1 is handed 1 ... */
  g_cancellable_cancel (cancellable);   /* ... before its callback ran */
  g_assert_cmpuint (toro_queue_debug_n_getters (queue), ==, 1);

  toro_test_wait (&g1);
  g_assert_cmpint (toro_test_rec_int (&g1), ==, 1);
  toro_test_flush ();
  g_assert_cmpuint (g2.done, ==, 0);
  g_assert_true (toro_queue_empty (queue));

  /* Exactly one item was put, and exactly one getter has it. */
  toro_test_assert_get_empty (queue);
  toro_test_put_int (queue, 2);
  toro_test_wait (&g2);
  g_assert_cmpint (toro_test_rec_int (&g2), ==, 2);
  toro_test_rec_clear (&g1);
  toro_test_rec_clear (&g2);
}

static void
test_queue_cancel_then_put (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (0);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  ToroTestRec g1, g2;

  g_test_summary ("Cancel then put_nowait in one iteration: the next getter gets the item");

  toro_test_rec_init (&g1, "g1", NULL);
  toro_test_rec_init (&g2, "g2", NULL);
  get_async (queue, TORO_NO_DEADLINE, cancellable, &g1);
  get_async (queue, TORO_NO_DEADLINE, NULL, &g2);

  g_cancellable_cancel (cancellable);
  toro_test_put_int (queue, 1);

  toro_test_wait (&g1);
  toro_test_wait (&g2);
  toro_test_assert_cancelled (&g1);
  g_assert_cmpint (toro_test_rec_int (&g2), ==, 1);
  g_assert_true (toro_queue_empty (queue));
  toro_test_rec_clear (&g1);
  toro_test_rec_clear (&g2);
}

static void
test_queue_cancel_putter_race_grant (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (1);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  ToroTestRec p1, p2;

  g_test_summary ("get_nowait admits a putter, then it is cancelled in the same iteration: "
                  "its put stands, its item comes out exactly once "
                  "(CPython test_put_cancel_drop, adapted)");

  toro_test_rec_init (&p1, "p1", NULL);
  toro_test_rec_init (&p2, "p2", NULL);
  toro_test_put_int (queue, 1);
  toro_test_put_int_async (queue, 2, TORO_NO_DEADLINE, cancellable, &p1);
  toro_test_put_int_async (queue, 3, TORO_NO_DEADLINE, NULL, &p2);

  g_assert_cmpint (toro_test_get_int (queue), ==, 1);    /* admits 2 ... */
  g_cancellable_cancel (cancellable);                   /* ... then cancel */
  g_assert_cmpuint (toro_queue_debug_n_putters (queue), ==, 1);
  g_assert_cmpuint (toro_queue_qsize (queue), ==, 1);

  toro_test_wait (&p1);
  toro_test_assert_ok (&p1);
  toro_test_flush ();
  g_assert_cmpuint (p2.done, ==, 0);

  g_assert_cmpint (toro_test_get_int (queue), ==, 2);
  toro_test_wait (&p2);
  toro_test_assert_ok (&p2);
  g_assert_cmpint (toro_test_get_int (queue), ==, 3);
  toro_test_assert_get_empty (queue);
  toro_test_rec_clear (&p1);
  toro_test_rec_clear (&p2);
}

/* Items: values, objects and pointers */

static void
test_queue_item_string_copied (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (0);
  GValue value = G_VALUE_INIT;
  GValue *got;
  char *original = g_strdup ("hello");
  ToroTestRec g;

  g_test_summary ("Items are copied in: changing the caller's GValue afterwards changes nothing "
                  "in the queue");

  toro_test_rec_init (&g, "g", NULL);
  g_value_init (&value, G_TYPE_STRING);
  g_value_take_string (&value, original);
  g_assert_true (toro_queue_put_nowait (queue, &value, NULL));
  original[0] = 'J';
  g_value_set_static_string (&value, "other");

  got = toro_queue_get_nowait (queue, NULL);
  g_assert_nonnull (got);
  g_assert_true (G_VALUE_HOLDS_STRING (got));
  g_assert_cmpstr (g_value_get_string (got), ==, "hello");
  g_assert_true (g_value_get_string (got) != g_value_get_string (&value));
  g_boxed_free (G_TYPE_VALUE, got);

  /* The same through put_async, copied before the call returns. */
  g_value_set_string (&value, "async");
  toro_queue_put_async (queue, &value, TORO_NO_DEADLINE, NULL, NULL, NULL);
  g_value_unset (&value);
  get_async (queue, TORO_NO_DEADLINE, NULL, &g);
  toro_test_wait (&g);
  toro_test_assert_ok (&g);
  g_assert_cmpstr (g_value_get_string (g.value), ==, "async");

  /* A NULL string is an item too. */
  g_value_init (&value, G_TYPE_STRING);
  g_assert_true (toro_queue_put_nowait (queue, &value, NULL));
  g_value_unset (&value);
  got = toro_queue_get_nowait (queue, NULL);
  g_assert_nonnull (got);
  g_assert_true (G_VALUE_HOLDS_STRING (got));
  g_assert_null (g_value_get_string (got));
  g_boxed_free (G_TYPE_VALUE, got);

  toro_test_flush ();
  toro_test_rec_clear (&g);
}

static void
test_queue_item_object_refs (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (1);
  GObject *object = g_object_new (G_TYPE_OBJECT, NULL);
  GValue value = G_VALUE_INIT;
  GValue *got;
  guint finalized = 0;

  g_test_summary ("A queued GObject is held by one reference, handed to the getter, and freed "
                  "with its GValue");

  g_object_weak_ref (object, toro_test_weak_count_cb, &finalized);
  g_value_init (&value, G_TYPE_OBJECT);
  g_value_set_object (&value, object);
  g_assert_true (toro_queue_put_nowait (queue, &value, NULL));
  g_value_unset (&value);
  g_assert_cmpuint (object->ref_count, ==, 2);

  /* A refused put takes no reference. */
  g_value_init (&value, G_TYPE_OBJECT);
  g_value_set_object (&value, object);
  g_assert_false (toro_queue_put_nowait (queue, &value, NULL));
  g_value_unset (&value);
  g_assert_cmpuint (object->ref_count, ==, 2);

  g_object_unref (object);
  g_assert_cmpuint (finalized, ==, 0);

  got = toro_queue_get_nowait (queue, NULL);
  g_assert_nonnull (got);
  g_assert_true (G_VALUE_HOLDS_OBJECT (got));
  g_assert_true (g_value_get_object (got) == object);
  g_assert_cmpuint (object->ref_count, ==, 1);
  g_assert_cmpuint (finalized, ==, 0);

  g_boxed_free (G_TYPE_VALUE, got);
  g_assert_cmpuint (finalized, ==, 1);
}

static void
test_queue_item_object_hand_off (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (0);
  GObject *object = g_object_new (G_TYPE_OBJECT, NULL);
  GValue value = G_VALUE_INIT;
  guint finalized = 0;
  ToroTestRec g;

  g_test_summary ("A GObject handed to a waiting getter stays alive until the getter frees its "
                  "GValue");

  toro_test_rec_init (&g, "g", NULL);
  g_object_weak_ref (object, toro_test_weak_count_cb, &finalized);
  get_async (queue, TORO_NO_DEADLINE, NULL, &g);

  g_value_init (&value, G_TYPE_OBJECT);
  g_value_set_object (&value, object);
  g_assert_true (toro_queue_put_nowait (queue, &value, NULL));
  g_value_unset (&value);
  g_object_unref (object);
  g_assert_cmpuint (finalized, ==, 0);

  toro_test_wait (&g);
  toro_test_assert_ok (&g);
  g_assert_true (g_value_get_object (g.value) == object);
  g_assert_cmpuint (object->ref_count, ==, 1);
  g_assert_cmpuint (finalized, ==, 0);

  toro_test_rec_clear (&g);
  g_assert_cmpuint (finalized, ==, 1);
}

static void
test_queue_item_object_failed_put (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (1);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GObject *timed_out = g_object_new (G_TYPE_OBJECT, NULL);
  GObject *cancelled = g_object_new (G_TYPE_OBJECT, NULL);
  GValue value = G_VALUE_INIT;
  guint timed_out_finalized = 0, cancelled_finalized = 0;
  ToroTestRec t, c;

  g_test_summary ("A GObject whose put times out or is cancelled is released once the put has "
                  "failed");

  toro_test_rec_init (&t, "t", NULL);
  toro_test_rec_init (&c, "c", NULL);
  g_object_weak_ref (timed_out, toro_test_weak_count_cb, &timed_out_finalized);
  g_object_weak_ref (cancelled, toro_test_weak_count_cb, &cancelled_finalized);
  toro_test_put_int (queue, 0);

  g_value_init (&value, G_TYPE_OBJECT);
  g_value_set_object (&value, timed_out);
  toro_queue_put_async (queue, &value, toro_test_ms (10), NULL, toro_test_rec_cb, &t);
  g_value_set_object (&value, cancelled);
  toro_queue_put_async (queue, &value, TORO_NO_DEADLINE, cancellable, toro_test_rec_cb, &c);
  g_value_unset (&value);
  g_object_unref (timed_out);
  g_object_unref (cancelled);

  /* Pending: the queue holds them. */
  g_assert_cmpuint (timed_out_finalized, ==, 0);
  g_assert_cmpuint (cancelled_finalized, ==, 0);

  g_cancellable_cancel (cancellable);
  toro_test_wait (&c);
  toro_test_assert_cancelled (&c);
  g_assert_cmpuint (cancelled_finalized, ==, 1);
  g_assert_cmpuint (timed_out_finalized, ==, 0);

  toro_test_wait (&t);
  toro_test_assert_timeout (&t);
  g_assert_cmpuint (timed_out_finalized, ==, 1);

  g_assert_cmpint (toro_test_get_int (queue), ==, 0);
  toro_test_assert_get_empty (queue);
  toro_test_rec_clear (&t);
  toro_test_rec_clear (&c);
}

static void
test_queue_pointer_nowait (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (1);
  guint n_freed = 0;
  PtrItem *a = ptr_item_new (1, &n_freed);
  PtrItem *b = ptr_item_new (2, &n_freed);
  PtrItem *got;
  GError *error = NULL;

  g_test_summary ("put_pointer_nowait/get_pointer_nowait hand the pointer over; a refused put "
                  "leaves it with the caller");

  g_assert_true (toro_queue_put_pointer_nowait (queue, a, ptr_item_free, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (toro_queue_qsize (queue), ==, 1);

  /* Full: not taken, not freed. */
  g_assert_false (toro_queue_put_pointer_nowait (queue, b, ptr_item_free, &error));
  g_assert_error (error, TORO_ERROR, TORO_ERROR_FULL);
  g_clear_error (&error);
  g_assert_cmpuint (n_freed, ==, 0);
  g_assert_cmpint (b->id, ==, 2);

  got = toro_queue_get_pointer_nowait (queue, &error);
  g_assert_no_error (error);
  g_assert_true (got == a);
  g_assert_cmpuint (n_freed, ==, 0);

  g_assert_null (toro_queue_get_pointer_nowait (queue, &error));
  g_assert_error (error, TORO_ERROR, TORO_ERROR_EMPTY);
  g_clear_error (&error);

  /* NULL is a valid item. */
  g_assert_true (toro_queue_put_pointer_nowait (queue, NULL, NULL, NULL));
  g_assert_cmpuint (toro_queue_qsize (queue), ==, 1);
  g_assert_null (toro_queue_get_pointer_nowait (queue, &error));
  g_assert_no_error (error);
  g_assert_true (toro_queue_empty (queue));

  ptr_item_free (got);
  ptr_item_free (b);
  g_assert_cmpuint (n_freed, ==, 2);
}

static void
test_queue_pointer_async (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (0);
  guint n_freed = 0;
  PtrItem *a = ptr_item_new (1, &n_freed);
  PtrItem *b = ptr_item_new (2, &n_freed);
  PointerRec g = { 0, NULL, NULL };
  ToroTestRec p, g2;

  g_test_summary ("put_pointer_async and get_pointer_finish hand a pointer over; get_finish "
                  "gives it as a G_TYPE_POINTER value");

  toro_test_rec_init (&p, "p", NULL);
  toro_test_rec_init (&g2, "g2", NULL);

  toro_queue_get_async (queue, TORO_NO_DEADLINE, NULL, pointer_rec_cb, &g);
  toro_queue_put_pointer_async (queue, a, ptr_item_free, TORO_NO_DEADLINE, NULL,
                                toro_test_rec_cb, &p);
  g_assert_cmpuint (g.done, ==, 0);
  g_assert_cmpuint (p.done, ==, 0);
  toro_test_run_until (pointer_rec_is_done, &g);
  toro_test_wait (&p);
  toro_test_assert_ok (&p);
  g_assert_no_error (g.error);
  g_assert_true (g.pointer == a);
  g_assert_cmpuint (n_freed, ==, 0);

  /* Through the GValue API: a pointer value, and the caller owns it. */
  g_assert_true (toro_queue_put_pointer_nowait (queue, b, ptr_item_free, NULL));
  get_async (queue, TORO_NO_DEADLINE, NULL, &g2);
  toro_test_wait (&g2);
  toro_test_assert_ok (&g2);
  g_assert_true (G_VALUE_HOLDS_POINTER (g2.value));
  g_assert_true (g_value_get_pointer (g2.value) == b);
  toro_test_rec_clear (&g2);
  g_assert_cmpuint (n_freed, ==, 0);

  ptr_item_free (a);
  ptr_item_free (b);
  g_assert_cmpuint (n_freed, ==, 2);
  toro_test_rec_clear (&p);
}

static void
test_queue_pointer_async_failed (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (1);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  guint n_freed = 0;
  ToroTestRec timed_out, before, waiting, past;

  g_test_summary ("A put_pointer_async that fails (timeout, cancelled before or while waiting) "
                  "frees the item with its free function");

  toro_test_rec_init (&timed_out, "t", NULL);
  toro_test_rec_init (&before, "b", NULL);
  toro_test_rec_init (&waiting, "w", NULL);
  toro_test_rec_init (&past, "p", NULL);
  g_cancellable_cancel (cancelled);
  toro_test_put_int (queue, 0);

  toro_queue_put_pointer_async (queue, ptr_item_new (1, &n_freed), ptr_item_free,
                                toro_test_ms (10), NULL, toro_test_rec_cb, &timed_out);
  toro_queue_put_pointer_async (queue, ptr_item_new (2, &n_freed), ptr_item_free,
                                TORO_NO_DEADLINE, cancelled, toro_test_rec_cb, &before);
  toro_queue_put_pointer_async (queue, ptr_item_new (3, &n_freed), ptr_item_free,
                                TORO_NO_DEADLINE, cancellable, toro_test_rec_cb, &waiting);
  toro_queue_put_pointer_async (queue, ptr_item_new (4, &n_freed), ptr_item_free,
                                0, NULL, toro_test_rec_cb, &past);
  g_assert_cmpuint (toro_queue_debug_n_putters (queue), ==, 2);

  toro_test_wait (&before);
  toro_test_assert_cancelled (&before);
  toro_test_wait (&past);
  toro_test_assert_timeout (&past);
  g_assert_cmpuint (n_freed, ==, 2);

  g_cancellable_cancel (cancellable);
  toro_test_wait (&waiting);
  toro_test_assert_cancelled (&waiting);
  g_assert_cmpuint (n_freed, ==, 3);

  toro_test_wait (&timed_out);
  toro_test_assert_timeout (&timed_out);
  g_assert_cmpuint (n_freed, ==, 4);

  g_assert_cmpint (toro_test_get_int (queue), ==, 0);
  toro_test_assert_get_empty (queue);
  toro_test_rec_clear (&timed_out);
  toro_test_rec_clear (&before);
  toro_test_rec_clear (&waiting);
  toro_test_rec_clear (&past);
}

static void
test_queue_pointer_from_values (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (0);
  GObject *object = g_object_new (G_TYPE_OBJECT, NULL);
  GValue value = G_VALUE_INIT;
  char *string;
  GObject *got;

  g_test_summary ("get_pointer_nowait on a string or object item hands the caller its own copy "
                  "or reference");

  g_value_init (&value, G_TYPE_STRING);
  g_value_set_static_string (&value, "text");
  g_assert_true (toro_queue_put_nowait (queue, &value, NULL));
  g_value_unset (&value);
  g_value_init (&value, G_TYPE_OBJECT);
  g_value_set_object (&value, object);
  g_assert_true (toro_queue_put_nowait (queue, &value, NULL));
  g_value_unset (&value);

  string = toro_queue_get_pointer_nowait (queue, NULL);
  g_assert_cmpstr (string, ==, "text");
  g_free (string);

  got = toro_queue_get_pointer_nowait (queue, NULL);
  g_assert_true (got == object);
  g_assert_cmpuint (object->ref_count, ==, 2);
  g_object_unref (got);
  g_object_unref (object);
}

/* Misuse */

static void
test_queue_bad_arguments (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (1);
  g_autoptr(GObject) not_a_queue = g_object_new (G_TYPE_OBJECT, NULL);
  GValue unset = G_VALUE_INIT;
  GValue value = G_VALUE_INIT;

  g_test_summary ("NULL or wrong-typed arguments and non-GValue items are rejected with a "
                  "critical and change nothing");

  if (!g_test_undefined ())
    return;

  toro_test_int_value (&value, 1);

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*TORO_IS_QUEUE*");
  g_assert_false (toro_queue_put_nowait (NULL, &value, NULL));
  g_test_assert_expected_messages ();

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*TORO_IS_QUEUE*");
  g_assert_null (toro_queue_get_nowait (NULL, NULL));
  g_test_assert_expected_messages ();

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*TORO_IS_QUEUE*");
  toro_queue_put_async (NULL, &value, TORO_NO_DEADLINE, NULL, NULL, NULL);
  g_test_assert_expected_messages ();

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*TORO_IS_QUEUE*");
  toro_queue_get_async (NULL, TORO_NO_DEADLINE, NULL, NULL, NULL);
  g_test_assert_expected_messages ();

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*TORO_IS_QUEUE*");
  g_assert_cmpuint (toro_queue_qsize ((ToroQueue *) not_a_queue), ==, 0);
  g_test_assert_expected_messages ();

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*TORO_IS_QUEUE*");
  g_assert_false (toro_queue_put_pointer_nowait (NULL, &value, NULL, NULL));
  g_test_assert_expected_messages ();

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*TORO_IS_QUEUE*");
  g_assert_null (toro_queue_get_pointer_nowait (NULL, NULL));
  g_test_assert_expected_messages ();

  /* Not a GValue: an unset one, or NULL. */
  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*G_IS_VALUE*");
  g_assert_false (toro_queue_put_nowait (queue, &unset, NULL));
  g_test_assert_expected_messages ();

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*G_IS_VALUE*");
  g_assert_false (toro_queue_put_nowait (queue, NULL, NULL));
  g_test_assert_expected_messages ();

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*G_IS_VALUE*");
  toro_queue_put_async (queue, &unset, TORO_NO_DEADLINE, NULL, NULL, NULL);
  g_test_assert_expected_messages ();

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*G_IS_CANCELLABLE*");
  toro_queue_get_async (queue, TORO_NO_DEADLINE, (GCancellable *) not_a_queue, NULL, NULL);
  g_test_assert_expected_messages ();

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*G_IS_CANCELLABLE*");
  toro_queue_put_async (queue, &value, TORO_NO_DEADLINE, (GCancellable *) not_a_queue, NULL, NULL);
  g_test_assert_expected_messages ();

  /* Nothing was queued or started. */
  toro_test_flush ();
  g_assert_cmpuint (toro_queue_qsize (queue), ==, 0);
  g_assert_cmpuint (toro_queue_debug_n_getters (queue), ==, 0);
  g_assert_cmpuint (toro_queue_debug_n_putters (queue), ==, 0);
  g_value_unset (&value);
}

static void
test_queue_get_pointer_not_a_pointer (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (0);

  g_test_summary ("get_pointer_nowait on an integer item is a programming error: a critical, and "
                  "NULL");

  if (!g_test_undefined ())
    return;

  toro_test_put_int (queue, 5);
  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*does not hold a pointer*");
  g_assert_null (toro_queue_get_pointer_nowait (queue, NULL));
  g_test_assert_expected_messages ();
}

static void
test_queue_finish_wrong_result (void)
{
  g_autoptr(ToroQueue) queue = toro_queue_new (0);
  g_autoptr(ToroQueue) other = toro_queue_new (0);
  g_autoptr(GAsyncResult) result = NULL;
  GValue *got;

  g_test_summary ("A _finish given another queue's or operation's result is rejected; an item is "
                  "taken only once");

  if (!g_test_undefined ())
    return;

  toro_test_put_int (other, 3);
  toro_queue_get_async (other, TORO_NO_DEADLINE, NULL, toro_test_keep_result_cb, &result);
  toro_test_run_until (toro_test_result_is_kept, &result);

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*toro_waiter_is_valid*");
  g_assert_null (toro_queue_get_finish (queue, result, NULL));
  g_test_assert_expected_messages ();

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*toro_waiter_is_valid*");
  g_assert_false (toro_queue_put_finish (other, result, NULL));
  g_test_assert_expected_messages ();

  /* The right queue still finishes it, once. */
  got = toro_queue_get_finish (other, result, NULL);
  g_assert_nonnull (got);
  g_assert_cmpint (g_value_get_int (got), ==, 3);
  g_boxed_free (G_TYPE_VALUE, got);

  g_test_expect_message ("Toro", G_LOG_LEVEL_CRITICAL, "*already taken*");
  g_assert_null (toro_queue_get_finish (other, result, NULL));
  g_test_assert_expected_messages ();
}

/* Lifetime */

static void
test_queue_finalize_with_items (void)
{
  ToroQueue *queue = toro_queue_new (0);
  GObject *object = g_object_new (G_TYPE_OBJECT, NULL);
  GValue value = G_VALUE_INIT;
  guint queue_finalized = 0, object_finalized = 0, n_freed = 0;
  static char static_item[] = "static";

  g_test_summary ("Finalizing a queue frees the items still in it: strings, objects and pointers "
                  "with their free functions");

  g_object_weak_ref (G_OBJECT (queue), toro_test_weak_count_cb, &queue_finalized);
  g_object_weak_ref (object, toro_test_weak_count_cb, &object_finalized);

  g_value_init (&value, G_TYPE_STRING);
  g_value_set_static_string (&value, "a string");
  g_assert_true (toro_queue_put_nowait (queue, &value, NULL));
  g_value_unset (&value);

  g_value_init (&value, G_TYPE_OBJECT);
  g_value_set_object (&value, object);
  g_assert_true (toro_queue_put_nowait (queue, &value, NULL));
  g_value_unset (&value);
  g_object_unref (object);

  for (int i = 0; i < 3; i++)
    g_assert_true (toro_queue_put_pointer_nowait (queue, ptr_item_new (i, &n_freed),
                                                  ptr_item_free, NULL));
  g_assert_true (toro_queue_put_pointer_nowait (queue, static_item, NULL, NULL));
  toro_test_put_int (queue, 7);
  g_assert_cmpuint (toro_queue_qsize (queue), ==, 7);

  g_assert_cmpuint (object_finalized, ==, 0);
  g_assert_cmpuint (n_freed, ==, 0);

  g_object_unref (queue);
  g_assert_cmpuint (queue_finalized, ==, 1);
  g_assert_cmpuint (object_finalized, ==, 1);
  g_assert_cmpuint (n_freed, ==, 3);
  g_assert_cmpstr (static_item, ==, "static");
}

static void
test_queue_finalize_idle (void)
{
  ToroQueue *queue = toro_queue_new (2);
  guint finalized = 0;

  g_test_summary ("A queue with nothing pending is finalized by its last unref");

  g_object_weak_ref (G_OBJECT (queue), toro_test_weak_count_cb, &finalized);
  toro_test_put_int (queue, 1);
  g_assert_cmpint (toro_test_get_int (queue), ==, 1);
  g_object_unref (queue);
  g_assert_cmpuint (finalized, ==, 1);
}

static void
test_queue_unref_while_getting (void)
{
  ToroQueue *queue = toro_queue_new (0);
  ToroTestRec rec;
  guint finalized = 0;

  g_test_summary ("A pending get keeps its queue alive after the last user reference, and still "
                  "times out");

  toro_test_rec_init (&rec, "g", NULL);
  g_object_weak_ref (G_OBJECT (queue), toro_test_weak_count_cb, &finalized);
  get_async (queue, toro_test_ms (20), NULL, &rec);

  g_object_unref (queue);
  g_assert_cmpuint (finalized, ==, 0);

  toro_test_wait (&rec);
  toro_test_assert_timeout (&rec);
  g_assert_cmpuint (finalized, ==, 1);
  toro_test_rec_clear (&rec);
}

static void
test_queue_unref_while_putting (void)
{
  ToroQueue *queue = toro_queue_new (1);
  ToroTestRec rec;
  guint finalized = 0, n_freed = 0;

  g_test_summary ("A pending put keeps its queue alive; after it times out both the queue and "
                  "all items are freed");

  toro_test_rec_init (&rec, "p", NULL);
  g_object_weak_ref (G_OBJECT (queue), toro_test_weak_count_cb, &finalized);
  g_assert_true (toro_queue_put_pointer_nowait (queue, ptr_item_new (1, &n_freed),
                                                ptr_item_free, NULL));
  toro_queue_put_pointer_async (queue, ptr_item_new (2, &n_freed), ptr_item_free,
                                toro_test_ms (20), NULL, toro_test_rec_cb, &rec);

  g_object_unref (queue);
  g_assert_cmpuint (finalized, ==, 0);
  g_assert_cmpuint (n_freed, ==, 0);

  toro_test_wait (&rec);
  toro_test_assert_timeout (&rec);
  g_assert_cmpuint (finalized, ==, 1);
  g_assert_cmpuint (n_freed, ==, 2);
  toro_test_rec_clear (&rec);
}

/* ToroLifoQueue */

static void
test_lifo_queue_new (void)
{
  g_autoptr(ToroQueue) queue = g_object_new (TORO_TYPE_LIFO_QUEUE, "maxsize", 2, NULL);
  g_autoptr(ToroLifoQueue) plain = toro_lifo_queue_new (0);

  g_test_summary ("A LifoQueue is a ToroQueue; g_object_new with maxsize works, and maxsize 0 is "
                  "unbounded");

  g_assert_true (TORO_IS_LIFO_QUEUE (queue));
  g_assert_true (TORO_IS_QUEUE (plain));
  g_assert_cmpuint (toro_queue_get_maxsize (queue), ==, 2);
  g_assert_cmpuint (toro_queue_get_maxsize (TORO_QUEUE (plain)), ==, 0);

  toro_test_put_int (queue, 1);
  toro_test_put_int (queue, 2);
  g_assert_true (toro_queue_full (queue));
  toro_test_assert_put_full (queue, 3);

  for (int i = 0; i < 100; i++)
    toro_test_put_int (TORO_QUEUE (plain), i);
  g_assert_false (toro_queue_full (TORO_QUEUE (plain)));
  for (int i = 99; i >= 0; i--)
    g_assert_cmpint (toro_test_get_int (TORO_QUEUE (plain)), ==, i);
}

static void
test_lifo_queue_get_lifo (void)
{
  g_autoptr(ToroQueue) queue = TORO_QUEUE (toro_lifo_queue_new (0));

  g_test_summary ("put_nowait 111, 333, 222: a LifoQueue gives them back as 222, 333, 111 (toro "
                  "simple_queue_test)");

  toro_test_put_int (queue, 111);
  toro_test_put_int (queue, 333);
  toro_test_put_int (queue, 222);

  g_assert_cmpint (toro_test_get_int (queue), ==, 222);
  g_assert_cmpint (toro_test_get_int (queue), ==, 333);
  g_assert_cmpint (toro_test_get_int (queue), ==, 111);
  toro_test_assert_get_empty (queue);
}

static void
test_lifo_queue_blocked_putters (void)
{
  g_autoptr(ToroQueue) queue = TORO_QUEUE (toro_lifo_queue_new (2));
  ToroTestRec p3, p2, g2, g1;

  g_test_summary ("LifoQueue(2) holding 1, 0 with put(3), put(2) waiting: get_nowait 3, get 2, "
                  "get_nowait 0, get 1 (tornado LifoQueueJoinTest::test_order)");

  toro_test_rec_init (&p3, "p3", NULL);
  toro_test_rec_init (&p2, "p2", NULL);
  toro_test_rec_init (&g2, "g2", NULL);
  toro_test_rec_init (&g1, "g1", NULL);

  toro_test_put_int (queue, 1);
  toro_test_put_int (queue, 0);
  toro_test_put_int_async (queue, 3, TORO_NO_DEADLINE, NULL, &p3);
  toro_test_put_int_async (queue, 2, TORO_NO_DEADLINE, NULL, &p2);
  g_assert_cmpuint (toro_queue_debug_n_putters (queue), ==, 2);

  /* The head putter's item goes on the stack first, so it comes out. */
  g_assert_cmpint (toro_test_get_int (queue), ==, 3);
  g_assert_cmpuint (p3.done, ==, 0);
  g_assert_cmpuint (toro_queue_qsize (queue), ==, 2);

  get_async (queue, TORO_NO_DEADLINE, NULL, &g2);
  g_assert_cmpuint (g2.done, ==, 0);
  g_assert_cmpuint (toro_queue_debug_n_putters (queue), ==, 0);
  toro_test_wait (&g2);
  g_assert_cmpint (toro_test_rec_int (&g2), ==, 2);

  g_assert_cmpint (toro_test_get_int (queue), ==, 0);

  get_async (queue, TORO_NO_DEADLINE, NULL, &g1);
  toro_test_wait (&g1);
  g_assert_cmpint (toro_test_rec_int (&g1), ==, 1);

  toro_test_wait (&p3);
  toro_test_wait (&p2);
  toro_test_assert_ok (&p3);
  toro_test_assert_ok (&p2);
  toro_test_assert_get_empty (queue);

  toro_test_rec_clear (&p3);
  toro_test_rec_clear (&p2);
  toro_test_rec_clear (&g2);
  toro_test_rec_clear (&g1);
}

static void
test_lifo_queue_full_empty_twice (void)
{
  g_autoptr(ToroQueue) queue = TORO_QUEUE (toro_lifo_queue_new (5));

  full_empty_twice (queue);
}

static void
test_lifo_queue_getters_fifo (void)
{
  g_autoptr(ToroQueue) queue = TORO_QUEUE (toro_lifo_queue_new (1));

  getters_fifo (queue);
}

static void
test_lifo_queue_putters_fifo (void)
{
  g_autoptr(ToroQueue) queue = TORO_QUEUE (toro_lifo_queue_new (1));

  putters_fifo (queue, TRUE);
}

static void
test_lifo_queue_no_barging (void)
{
  g_autoptr(ToroQueue) queue = TORO_QUEUE (toro_lifo_queue_new (1));

  no_barging (queue, TRUE);
}

static void
test_lifo_queue_hand_off (void)
{
  g_autoptr(ToroQueue) queue = TORO_QUEUE (toro_lifo_queue_new (0));
  ToroTestRec g;

  g_test_summary ("A put while a getter waits on a LifoQueue goes straight to it, even with "
                  "later puts around");

  toro_test_rec_init (&g, "g", NULL);
  get_async (queue, TORO_NO_DEADLINE, NULL, &g);
  toro_test_put_int (queue, 1);
  toro_test_put_int (queue, 2);
  toro_test_put_int (queue, 3);
  g_assert_cmpuint (toro_queue_qsize (queue), ==, 2);
  toro_test_wait (&g);
  g_assert_cmpint (toro_test_rec_int (&g), ==, 1);
  g_assert_cmpint (toro_test_get_int (queue), ==, 3);
  g_assert_cmpint (toro_test_get_int (queue), ==, 2);
  toro_test_rec_clear (&g);
}

static void
test_lifo_queue_finalize_with_items (void)
{
  ToroQueue *queue = TORO_QUEUE (toro_lifo_queue_new (0));
  guint finalized = 0, n_freed = 0;

  g_test_summary ("Finalizing a LifoQueue frees the items still in it");

  g_object_weak_ref (G_OBJECT (queue), toro_test_weak_count_cb, &finalized);
  for (int i = 0; i < 10; i++)
    g_assert_true (toro_queue_put_pointer_nowait (queue, ptr_item_new (i, &n_freed),
                                                  ptr_item_free, NULL));
  {
    PtrItem *top = toro_queue_get_pointer_nowait (queue, NULL);

    g_assert_cmpint (top->id, ==, 9);
    ptr_item_free (top);
  }
  g_assert_cmpuint (n_freed, ==, 1);

  g_object_unref (queue);
  g_assert_cmpuint (finalized, ==, 1);
  g_assert_cmpuint (n_freed, ==, 10);
}

int
main (int    argc,
      char **argv)
{
  toro_test_init (&argc, &argv);

  g_test_add_func ("/queue/new/unbounded", test_queue_new_unbounded);
  g_test_add_func ("/queue/new/maxsize-property", test_queue_new_maxsize_property);
  g_test_add_func ("/queue/property/size", test_queue_property_size);
  g_test_add_func ("/queue/get/fifo", test_queue_get_fifo);
  g_test_add_func ("/queue/get/ring-wrap", test_queue_get_ring_wrap);
  g_test_add_func ("/queue/get/immediate", test_queue_get_immediate);
  g_test_add_func ("/queue/get/thread-default-context", test_queue_get_thread_default_context);
  g_test_add_func ("/queue/get/getters-fifo", test_queue_get_getters_fifo);
  g_test_add_func ("/queue/get/timeout-takes-nothing", test_queue_get_timeout_takes_nothing);
  g_test_add_func ("/queue/put/immediate", test_queue_put_immediate);
  g_test_add_func ("/queue/put/putters-fifo", test_queue_put_putters_fifo);
  g_test_add_func ("/queue/put/timeout-not-enqueued", test_queue_put_timeout_not_enqueued);
  g_test_add_func ("/queue/put/no-reentrant-callback", test_queue_put_not_reentrant);
  g_test_add_func ("/queue/nowait/full-empty", test_queue_nowait_full_empty);
  g_test_add_func ("/queue/nowait/full-empty-twice", test_queue_full_empty_twice);
  g_test_add_func ("/queue/nowait/get-admits-putter", test_queue_get_nowait_admits_putter);
  g_test_add_func ("/queue/nowait/put-unblocks-getter", test_queue_put_nowait_unblocks_getter);
  g_test_add_func ("/queue/nowait/no-barging", test_queue_put_nowait_no_barging);
  g_test_add_func ("/queue/hand-off/put-nowait", test_queue_hand_off_put_nowait);
  g_test_add_func ("/queue/hand-off/getter-owns", test_queue_hand_off_getter_owns);
  g_test_add_func ("/queue/hand-off/put-async", test_queue_hand_off_put_async);
  g_test_add_func ("/queue/hand-off/producer-consumer", test_queue_producer_consumer);
  g_test_add_func ("/queue/deadline/relative", test_queue_deadline_relative);
  g_test_add_func ("/queue/deadline/absolute", test_queue_deadline_absolute);
  g_test_add_func ("/queue/deadline/past", test_queue_deadline_past);
  g_test_add_func ("/queue/deadline/preempted", test_queue_deadline_preempted);
  g_test_add_func ("/queue/deadline/no-residue", test_queue_deadline_no_residue);
  g_test_add_func ("/queue/deadline/purge-getters", test_queue_purge_getters);
  g_test_add_func ("/queue/deadline/purge-putters", test_queue_purge_putters);
  g_test_add_func ("/queue/cancel/before", test_queue_cancel_before);
  g_test_add_func ("/queue/cancel/getter-waiting", test_queue_cancel_getter_waiting);
  g_test_add_func ("/queue/cancel/putter-waiting", test_queue_cancel_putter_waiting);
  g_test_add_func ("/queue/cancel/one-putter-of-three", test_queue_cancel_one_putter_of_three);
  g_test_add_func ("/queue/cancel/getter-race-grant", test_queue_cancel_getter_race_grant);
  g_test_add_func ("/queue/cancel/then-put", test_queue_cancel_then_put);
  g_test_add_func ("/queue/cancel/putter-race-grant", test_queue_cancel_putter_race_grant);
  g_test_add_func ("/queue/item/string-copied", test_queue_item_string_copied);
  g_test_add_func ("/queue/item/object-refs", test_queue_item_object_refs);
  g_test_add_func ("/queue/item/object-hand-off", test_queue_item_object_hand_off);
  g_test_add_func ("/queue/item/object-failed-put", test_queue_item_object_failed_put);
  g_test_add_func ("/queue/pointer/nowait", test_queue_pointer_nowait);
  g_test_add_func ("/queue/pointer/async", test_queue_pointer_async);
  g_test_add_func ("/queue/pointer/async-failed", test_queue_pointer_async_failed);
  g_test_add_func ("/queue/pointer/from-values", test_queue_pointer_from_values);
  g_test_add_func ("/queue/misuse/bad-arguments", test_queue_bad_arguments);
  g_test_add_func ("/queue/misuse/not-a-pointer", test_queue_get_pointer_not_a_pointer);
  g_test_add_func ("/queue/misuse/wrong-result", test_queue_finish_wrong_result);
  g_test_add_func ("/queue/lifetime/finalize-with-items", test_queue_finalize_with_items);
  g_test_add_func ("/queue/lifetime/finalize-idle", test_queue_finalize_idle);
  g_test_add_func ("/queue/lifetime/unref-while-getting", test_queue_unref_while_getting);
  g_test_add_func ("/queue/lifetime/unref-while-putting", test_queue_unref_while_putting);

  g_test_add_func ("/lifo-queue/new/maxsize", test_lifo_queue_new);
  g_test_add_func ("/lifo-queue/get/lifo", test_lifo_queue_get_lifo);
  g_test_add_func ("/lifo-queue/get/blocked-putters", test_lifo_queue_blocked_putters);
  g_test_add_func ("/lifo-queue/get/getters-fifo", test_lifo_queue_getters_fifo);
  g_test_add_func ("/lifo-queue/put/putters-fifo", test_lifo_queue_putters_fifo);
  g_test_add_func ("/lifo-queue/nowait/full-empty-twice", test_lifo_queue_full_empty_twice);
  g_test_add_func ("/lifo-queue/nowait/no-barging", test_lifo_queue_no_barging);
  g_test_add_func ("/lifo-queue/hand-off/put-nowait", test_lifo_queue_hand_off);
  g_test_add_func ("/lifo-queue/lifetime/finalize-with-items", test_lifo_queue_finalize_with_items);

  return g_test_run ();
}
