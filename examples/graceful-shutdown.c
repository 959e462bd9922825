/* graceful-shutdown.c: Toro's graceful shutdown example, in C
 *
 * A poller fetches a page over and over; a shutdown request must stop the
 * main loop without cutting a fetch off halfway. A ToroLock makes that
 * easy: the poller holds the lock for each request, from before it starts
 * until its response is in, and begin_shutdown() acquires the same lock before
 * it stops the loop. If a request is in flight, begin_shutdown() waits for it;
 * once it holds the lock the poller cannot start another.
 *
 * The page comes from a server the example runs itself, on 127.0.0.1 (a
 * free port). To show the shutdown waiting, the server asks for the shutdown
 * while it is answering request number REQUESTS, as if Ctrl+C had been
 * pressed at that moment; SIGINT and SIGTERM also shut down gracefully.
 *
 *   $ graceful-shutdown --requests 3
 *   Starting request 1
 *   Response 1: 200 OK, 1046 bytes
 *   ...
 *   Loop stopped.
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include <glib-unix.h>
#include <libsoup/soup.h>
#include <toro-glib/toro-glib.h>

typedef struct
{
  ToroLock     *lock;
  GMainLoop    *loop;
  GCancellable *stop;              /* stops the poller after the loop stopped */

  SoupServer   *server;
  char         *url;
  guint         shutdown_at;       /* the request during which to shut down, or 0 */

  SoupSession  *session;
  SoupMessage  *msg;               /* the request in flight, if any */
  guint         interval_ms;
  guint         timer;             /* the pause between requests, if pending */
  guint         n_started;
  guint         n_answered;
  gboolean      poller_waiting;    /* for the lock */

  gboolean      shutting_down;
  gboolean      stopped;
  int           status;
} Example;

static void poll_once (Example *ex);
static void begin_shutdown (Example *ex);

/* The server ------------------------------------------------------------ */

static void
server_handle (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  Example *ex = user_data;
  static const char page[] =
    "<!DOCTYPE html>\n<html><head><title>Status</title></head>\n"
    "<body><p>All systems nominal.</p></body></html>\n";

  /* Shut down now, in the middle of this request: the shutdown must wait
   * until the poller has its response. */
  if (ex->shutdown_at != 0 && ex->n_started == ex->shutdown_at)
    begin_shutdown (ex);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_STATIC,
                                    page, strlen (page));
}

/* The poller ------------------------------------------------------------ */

static gboolean
on_interval_over (gpointer user_data)
{
  Example *ex = user_data;

  ex->timer = 0;
  poll_once (ex);
  return G_SOURCE_REMOVE;
}

static void
on_response (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Example *ex = user_data;
  g_autoptr(GError) error = NULL;
  SoupSession *session = SOUP_SESSION (source);
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (session, result, &error);

  if (body == NULL)
    {
      g_printerr ("graceful-shutdown: request %u failed: %s\n", ex->n_started, error->message);
      ex->status = EXIT_FAILURE;
    }
  else
    {
      ex->n_answered++;
      g_print ("Response %u: %u %s, %" G_GSIZE_FORMAT " bytes\n", ex->n_started,
               soup_message_get_status (ex->msg), soup_message_get_reason_phrase (ex->msg),
               g_bytes_get_size (body));
    }
  g_clear_object (&ex->msg);

  /* The request is over: now the shutdown may have the lock. */
  toro_lock_release (ex->lock);

  /* Wait a tenth of a second before the next request. */
  ex->timer = g_timeout_add (ex->interval_ms, on_interval_over, ex);
}

static void
on_poll_locked (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Example *ex = user_data;
  g_autoptr(GError) error = NULL;

  ex->poller_waiting = FALSE;
  if (!toro_lock_acquire_finish (ex->lock, result, &error))
    {
      /* Cancelled after the loop stopped: the poller is done. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_error ("poll: %s", error->message);
      return;
    }

  ex->n_started++;
  g_print ("Starting request %u\n", ex->n_started);
  ex->msg = soup_message_new (SOUP_METHOD_GET, ex->url);
  soup_session_send_and_read_async (ex->session, ex->msg, G_PRIORITY_DEFAULT, NULL,
                                    on_response, ex);
}

/* while True: with (yield lock.acquire()): fetch; then sleep 0.1 s */
static void
poll_once (Example *ex)
{
  ex->poller_waiting = TRUE;
  toro_lock_acquire_async (ex->lock, TORO_NO_DEADLINE, ex->stop, on_poll_locked, ex);
}

/* The shutdown ---------------------------------------------------------- */

static void
on_shutdown_locked (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Example *ex = user_data;
  g_autoptr(GError) error = NULL;

  if (!toro_lock_acquire_finish (ex->lock, result, &error))
    {
      g_printerr ("graceful-shutdown: %s; stopping anyway\n", error->message);
      ex->status = EXIT_FAILURE;
    }
  else
    g_print ("Shutdown: holding the lock; %u requests started, %u answered, %s in flight.\n",
             ex->n_started, ex->n_answered, ex->msg == NULL ? "none" : "one STILL");
  if (ex->msg != NULL)
    ex->status = EXIT_FAILURE;

  ex->stopped = TRUE;
  g_main_loop_quit (ex->loop);
}

/* Get the lock: this ensures the poller isn't in a request when the loop
 * stops. A request never takes long, so a deadline guards against bugs. */
static void
begin_shutdown (Example *ex)
{
  if (ex->shutting_down)
    return;
  ex->shutting_down = TRUE;
  g_print ("Shutdown: acquiring the lock\n");
  toro_lock_acquire_async (ex->lock, toro_deadline_after (30 * G_TIME_SPAN_SECOND), NULL,
                           on_shutdown_locked, ex);
}

static gboolean
on_signal (gpointer user_data)
{
  begin_shutdown (user_data);
  return G_SOURCE_CONTINUE;
}

int
main (int    argc,
      char **argv)
{
  Example ex = { 0, };
  int shutdown_at = 3, interval_ms = 100;
  g_auto(GStrv) rest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GProxyResolver) no_proxy = NULL;
  GSList *uris;
  guint sigint, sigterm;
  gboolean ok = TRUE;
  const GOptionEntry entries[] = {
    { "requests", 'r', 0, G_OPTION_ARG_INT, &shutdown_at,
      "Shut down during request N (default 3; 0: on Ctrl+C only)", "N" },
    { "interval", 'i', 0, G_OPTION_ARG_INT, &interval_ms,
      "Pause MS milliseconds between requests (default 100)", "MS" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &rest, NULL, NULL },
    G_OPTION_ENTRY_NULL
  };

  setlocale (LC_ALL, "");

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
    "Polls a page served on 127.0.0.1 and shuts down without cutting a request off:\n"
    "the poller and the shutdown share a ToroLock.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    ok = FALSE;
  else if (rest != NULL)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   "Unexpected argument “%s”", rest[0]);
      ok = FALSE;
    }
  else if (shutdown_at < 0 || interval_ms < 0 || interval_ms > 60000)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--requests must be 0 or more, --interval between 0 and 60000");
      ok = FALSE;
    }
  if (!ok)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      g_printerr ("graceful-shutdown: %s\n\n%s", error->message, help);
      return EXIT_FAILURE;
    }

  ex.lock = toro_lock_new ();
  ex.loop = g_main_loop_new (NULL, FALSE);
  ex.stop = g_cancellable_new ();
  ex.shutdown_at = shutdown_at;
  ex.interval_ms = interval_ms;

  ex.server = soup_server_new ("server-header", "toro-glib-graceful-shutdown ", NULL);
  soup_server_add_handler (ex.server, NULL, server_handle, &ex, NULL);
  /* 127.0.0.1 only, on a port the system picks. */
  if (!soup_server_listen_local (ex.server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    {
      g_printerr ("graceful-shutdown: cannot listen on 127.0.0.1: %s\n", error->message);
      return EXIT_FAILURE;
    }
  uris = soup_server_get_uris (ex.server);
  ex.url = g_strdup_printf ("http://127.0.0.1:%d/status.html", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  no_proxy = g_simple_proxy_resolver_new (NULL, NULL);
  ex.session = soup_session_new_with_options ("proxy-resolver", no_proxy, NULL);

  sigint = g_unix_signal_add (SIGINT, on_signal, &ex);
  sigterm = g_unix_signal_add (SIGTERM, on_signal, &ex);

  /* Start polling, and run until the shutdown stops the loop. */
  poll_once (&ex);
  g_main_loop_run (ex.loop);
  g_print ("Loop stopped.\n");

  /* The poller is pausing or waiting for the lock: stop it. */
  g_source_remove (sigint);
  g_source_remove (sigterm);
  if (ex.timer != 0)
    g_source_remove (ex.timer);
  g_cancellable_cancel (ex.stop);
  while (ex.poller_waiting)
    g_main_context_iteration (NULL, TRUE);
  toro_lock_release (ex.lock);   /* the shutdown's */

  soup_server_disconnect (ex.server);
  g_object_unref (ex.session);
  g_object_unref (ex.server);
  g_object_unref (ex.stop);
  g_object_unref (ex.lock);
  g_main_loop_unref (ex.loop);
  g_free (ex.url);
  /* Let the closed connections finish closing. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  return ex.status;
}
