/* producer-consumer.c: Toro's producer-consumer example, in C
 *
 * A producer puts the numbers 0-9 into a ToroJoinableQueue that holds at
 * most three; a consumer gets them one by one and does its work; main
 * waits, with toro_joinable_queue_join_async(), until every item has been
 * worked on, then prints "Done".
 *
 *   $ producer-consumer
 *   Put 0
 *   ...
 *   Doing work on 9
 *   Done
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <stdlib.h>

#include <toro-glib/toro-glib.h>

typedef struct
{
  ToroJoinableQueue *queue;
  GMainLoop         *loop;
  GCancellable      *stop;
  int                n_items;
  int                next;
} Example;

static void consumer (Example *ex);
static void producer (Example *ex);

static void
on_got (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  Example *ex = user_data;
  g_autoptr(GError) error = NULL;
  GValue *item = toro_queue_get_finish (TORO_QUEUE (source), result, &error);

  if (item == NULL)
    {
      /* main () stops the consumer once all the work is done. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_error ("get failed: %s", error->message);
      g_main_loop_quit (ex->loop);
      return;
    }

  g_print ("Doing work on %d\n", g_value_get_int (item));
  g_boxed_free (G_TYPE_VALUE, item);
  toro_joinable_queue_task_done (ex->queue);

  consumer (ex);
}

/* while True: item = yield q.get(); ...; q.task_done() */
static void
consumer (Example *ex)
{
  toro_queue_get_async (TORO_QUEUE (ex->queue), TORO_NO_DEADLINE, ex->stop, on_got, ex);
}

static void
on_put (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  Example *ex = user_data;
  g_autoptr(GError) error = NULL;

  if (!toro_queue_put_finish (TORO_QUEUE (source), result, &error))
    g_error ("put failed: %s", error->message);

  g_print ("Put %d\n", ex->next);
  ex->next++;
  producer (ex);
}

static void
on_joined (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Example *ex = user_data;
  g_autoptr(GError) error = NULL;

  if (!toro_joinable_queue_join_finish (ex->queue, result, &error))
    g_error ("join failed: %s", error->message);

  g_print ("Done\n");
  g_main_loop_quit (ex->loop);
}

/* for item in range(10): yield q.put(item); then yield q.join() */
static void
producer (Example *ex)
{
  g_auto(GValue) item = G_VALUE_INIT;

  if (ex->next == ex->n_items)
    {
      toro_joinable_queue_join_async (ex->queue, TORO_NO_DEADLINE, NULL, on_joined, ex);
      return;
    }

  g_value_init (&item, G_TYPE_INT);
  g_value_set_int (&item, ex->next);
  toro_queue_put_async (TORO_QUEUE (ex->queue), &item, TORO_NO_DEADLINE, NULL, on_put, ex);
}

int
main (int    argc,
      char **argv)
{
  Example ex = { NULL, NULL, NULL, 10, 0 };

  if (argc > 2 || (argc == 2 && (ex.n_items = atoi (argv[1])) <= 0))
    {
      g_printerr ("Usage: %s [N_ITEMS]\n"
                  "Puts N_ITEMS numbers (default 10) through a queue of three.\n", argv[0]);
      return EXIT_FAILURE;
    }

  ex.queue = toro_joinable_queue_new (3);
  ex.loop = g_main_loop_new (NULL, FALSE);
  ex.stop = g_cancellable_new ();

  consumer (&ex);
  producer (&ex);
  g_main_loop_run (ex.loop);

  /* The consumer waits for an item that will never come: stop it. */
  g_cancellable_cancel (ex.stop);
  g_main_loop_run (ex.loop);

  g_object_unref (ex.stop);
  g_object_unref (ex.queue);
  g_main_loop_unref (ex.loop);
  return EXIT_SUCCESS;
}
