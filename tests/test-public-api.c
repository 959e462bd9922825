/* test-public-api.c: the library as applications see it
 *
 * Built with the public header only and linked against the shared
 * library, so it also checks what libtoro-glib-1.0.so.0 exports.
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <toro-glib/toro-glib.h>

#ifdef TORO_COMPILATION
# error "This test must see the library from outside"
#endif

static void
test_public_types (void)
{
  g_test_summary ("Every primitive is a GObject type with the documented hierarchy");

  g_assert_true (g_type_is_a (TORO_TYPE_ASYNC_RESULT, G_TYPE_OBJECT));
  g_assert_true (g_type_is_a (TORO_TYPE_LOCK, G_TYPE_OBJECT));
  g_assert_true (g_type_is_a (TORO_TYPE_RW_LOCK, G_TYPE_OBJECT));
  g_assert_true (g_type_is_a (TORO_TYPE_SEMAPHORE, G_TYPE_OBJECT));
  g_assert_true (g_type_is_a (TORO_TYPE_BOUNDED_SEMAPHORE, TORO_TYPE_SEMAPHORE));
  g_assert_true (g_type_is_a (TORO_TYPE_CONDITION, G_TYPE_OBJECT));
  g_assert_true (g_type_is_a (TORO_TYPE_EVENT, G_TYPE_OBJECT));
  g_assert_true (g_type_is_a (TORO_TYPE_QUEUE, G_TYPE_OBJECT));
  g_assert_true (g_type_is_a (TORO_TYPE_PRIORITY_QUEUE, TORO_TYPE_QUEUE));
  g_assert_true (g_type_is_a (TORO_TYPE_LIFO_QUEUE, TORO_TYPE_QUEUE));
  g_assert_true (g_type_is_a (TORO_TYPE_JOINABLE_QUEUE, TORO_TYPE_QUEUE));

  /* Derivable only where API.md says so. */
  g_assert_false (G_TYPE_IS_FINAL (TORO_TYPE_SEMAPHORE));
  g_assert_false (G_TYPE_IS_FINAL (TORO_TYPE_QUEUE));
  g_assert_true (G_TYPE_IS_FINAL (TORO_TYPE_LOCK));
  g_assert_true (G_TYPE_IS_FINAL (TORO_TYPE_BOUNDED_SEMAPHORE));
  g_assert_true (G_TYPE_IS_FINAL (TORO_TYPE_JOINABLE_QUEUE));
}

static void
assert_property (GType        type,
                 const char  *name,
                 GType        value_type,
                 GParamFlags  flags)
{
  gpointer klass = g_type_class_ref (type);
  GParamSpec *pspec = g_object_class_find_property (klass, name);

  g_assert_nonnull (pspec);
  g_assert_true (pspec->value_type == value_type);
  g_assert_cmpint (pspec->flags & (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY), ==, flags);
  g_type_class_unref (klass);
}

static void
test_public_properties (void)
{
  g_test_summary ("Constructor arguments are construct-only properties; state is read-only");

  assert_property (TORO_TYPE_QUEUE, "maxsize", G_TYPE_UINT, G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY);
  assert_property (TORO_TYPE_QUEUE, "size", G_TYPE_UINT, G_PARAM_READABLE);
  assert_property (TORO_TYPE_JOINABLE_QUEUE, "unfinished-tasks", G_TYPE_UINT, G_PARAM_READABLE);
  assert_property (TORO_TYPE_RW_LOCK, "max-readers", G_TYPE_UINT, G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY);
  assert_property (TORO_TYPE_RW_LOCK, "locked", G_TYPE_BOOLEAN, G_PARAM_READABLE);
  assert_property (TORO_TYPE_SEMAPHORE, "value", G_TYPE_UINT, G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY);
  assert_property (TORO_TYPE_SEMAPHORE, "locked", G_TYPE_BOOLEAN, G_PARAM_READABLE);
  assert_property (TORO_TYPE_LOCK, "locked", G_TYPE_BOOLEAN, G_PARAM_READABLE);
  assert_property (TORO_TYPE_EVENT, "flag", G_TYPE_BOOLEAN, G_PARAM_READABLE);
  assert_property (TORO_TYPE_ASYNC_RESULT, "ready", G_TYPE_BOOLEAN, G_PARAM_READABLE);
}

/* The seed's producer-consumer, from Toro's documentation: a
 * JoinableQueue of 3, a producer putting 0-9, a consumer doing the work,
 * and main waiting for the work with join. */
typedef struct
{
  ToroJoinableQueue *queue;
  GCancellable      *stop;
  GString           *log;
  int                next;
  gboolean           done;
  gboolean           consumer_stopped;
} ProducerConsumer;

static void produce (ProducerConsumer *pc);
static void consume (ProducerConsumer *pc);

static void
joined (GObject      *source,
        GAsyncResult *result,
        gpointer      data)
{
  ProducerConsumer *pc = data;
  GError *error = NULL;

  g_assert_true (toro_joinable_queue_join_finish (pc->queue, result, &error));
  g_assert_no_error (error);
  g_string_append (pc->log, "Done");
  pc->done = TRUE;
}

static void
put_done (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  ProducerConsumer *pc = data;
  GError *error = NULL;

  g_assert_true (toro_queue_put_finish (TORO_QUEUE (pc->queue), result, &error));
  g_assert_no_error (error);
  if (++pc->next < 10)
    produce (pc);
  else
    toro_joinable_queue_join_async (pc->queue, TORO_NO_DEADLINE, NULL, joined, pc);
}

static void
produce (ProducerConsumer *pc)
{
  GValue item = G_VALUE_INIT;

  g_value_init (&item, G_TYPE_INT);
  g_value_set_int (&item, pc->next);
  toro_queue_put_async (TORO_QUEUE (pc->queue), &item, TORO_NO_DEADLINE, NULL, put_done, pc);
  g_value_unset (&item);
}

static void
got (GObject      *source,
     GAsyncResult *result,
     gpointer      data)
{
  ProducerConsumer *pc = data;
  GError *error = NULL;
  GValue *item = toro_queue_get_finish (TORO_QUEUE (pc->queue), result, &error);

  if (item == NULL)
    {
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_error_free (error);
      pc->consumer_stopped = TRUE;
      return;
    }

  g_string_append_printf (pc->log, "Doing work on %d\n", g_value_get_int (item));
  g_boxed_free (G_TYPE_VALUE, item);
  toro_joinable_queue_task_done (pc->queue);
  consume (pc);
}

static void
consume (ProducerConsumer *pc)
{
  toro_queue_get_async (TORO_QUEUE (pc->queue), TORO_NO_DEADLINE, pc->stop, got, pc);
}

static void
test_public_producer_consumer (void)
{
  g_autoptr(ToroJoinableQueue) queue = toro_joinable_queue_new (3);
  g_autoptr(GCancellable) stop = g_cancellable_new ();
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(GString) expected = g_string_new (NULL);
  ProducerConsumer pc = { queue, stop, log, 0, FALSE, FALSE };

  g_test_summary ("The seed's producer-consumer: every item is worked on once, in order, then Done");

  consume (&pc);
  produce (&pc);
  while (!pc.done)
    g_main_context_iteration (NULL, TRUE);

  for (int i = 0; i < 10; i++)
    g_string_append_printf (expected, "Doing work on %d\n", i);
  g_string_append (expected, "Done");
  g_assert_cmpstr (log->str, ==, expected->str);
  g_assert_cmpuint (toro_joinable_queue_get_unfinished_tasks (queue), ==, 0);
  g_assert_true (toro_queue_empty (TORO_QUEUE (queue)));

  /* The consumer waits for an eleventh item: stop it. */
  g_cancellable_cancel (stop);
  while (!pc.consumer_stopped)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_public_deadline_constant (void)
{
  g_test_summary ("TORO_NO_DEADLINE and toro_deadline_after() are exported");

  g_assert_cmpint (TORO_NO_DEADLINE, ==, -1);
  g_assert_cmpint (toro_deadline_after (0), >, 0);
  g_assert_cmpuint (toro_error_quark (), !=, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/public/types", test_public_types);
  g_test_add_func ("/public/properties", test_public_properties);
  g_test_add_func ("/public/deadline", test_public_deadline_constant);
  g_test_add_func ("/public/example/producer-consumer", test_public_producer_consumer);

  return g_test_run ();
}
