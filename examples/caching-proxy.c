/* caching-proxy.c: Toro's caching proxy example, in C
 *
 * An HTTP proxy (a libsoup server on 127.0.0.1) in front of an origin
 * server (another one), caching what it fetched. The point is ToroEvent:
 * when a request comes in for a page that is being fetched from the origin
 * at that very moment, an inefficient proxy would start a second fetch.
 * This one puts a cache entry with a ToroEvent in the cache before it
 * fetches, and later requests for the same path wait on the entry's event:
 * one fetch from the origin, however many clients asked.
 *
 * By default the example shows this on its own: CLIENTS clients request
 * PATH through the proxy at the same time, and the origin counts how often
 * it was asked. To make the race certain rather than likely, the origin
 * answers only once every client's request has reached the proxy. Then one
 * more request shows the page coming from the cache.
 *
 *   $ caching-proxy --clients 20
 *   20 clients request /story.html through the proxy at the same time.
 *   proxy: /story.html is not cached: fetching it from the origin
 *   ...
 *
 * With --serve, it prints the two servers' addresses and keeps serving
 * until interrupted: try curl http://127.0.0.1:PORT/any/path on the proxy.
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

/* How long anything in the example may wait before it is a bug. */
#define PATIENCE (30 * G_TIME_SPAN_SECOND)

typedef struct
{
  /* The origin: the slow, far-away server the proxy saves requests to. */
  SoupServer   *origin;
  char         *origin_url;        /* http://127.0.0.1:PORT */
  GHashTable   *origin_hits;       /* path -> number of requests */
  ToroEvent    *gate;              /* the origin answers once this is set */

  /* The proxy. */
  SoupServer   *proxy;
  char         *proxy_url;
  SoupSession  *upstream;          /* the proxy's client for the origin */
  GHashTable   *cache;             /* path -> CacheEntry */
  guint         n_fetched;         /* requests answered by a fetch of their own */
  guint         n_waited;          /* requests that waited on an entry's event */
  guint         n_cached;          /* requests answered from a finished entry */
  guint         n_arrived;

  /* The demonstration's clients. */
  gboolean      verbose;
  guint         n_clients;
  const char   *path;
  SoupSession  *clients;
  guint         n_running;
  guint         n_got_body;
  GMainLoop    *loop;
  int           status;
} Demo;

/* Toro's CacheEntry: an event, then the response once it is set. Shared by
 * the cache and every request waiting on it, so reference counted. */
typedef struct
{
  ToroEvent *ready;
  guint      status;
  char      *content_type;
  GBytes    *body;
} CacheEntry;

static CacheEntry *
cache_entry_new (void)
{
  CacheEntry *entry = g_rc_box_new0 (CacheEntry);

  entry->ready = toro_event_new ();
  return entry;
}

static void
cache_entry_clear (gpointer data)
{
  CacheEntry *entry = data;

  g_object_unref (entry->ready);
  g_free (entry->content_type);
  g_clear_pointer (&entry->body, g_bytes_unref);
}

static void
cache_entry_unref (gpointer data)
{
  g_rc_box_release_full (data, cache_entry_clear);
}

/* The origin ------------------------------------------------------------ */

static GBytes *
origin_body (const char *path)
{
  GString *text = g_string_new (NULL);
  guint i;

  for (i = 1; i <= 64; i++)
    g_string_append_printf (text, "Line %2u of %s, as the origin serves it.\n", i, path);
  return g_string_free_to_bytes (text);
}

static void
origin_answer (SoupServerMessage *msg)
{
  g_autoptr(GBytes) body = origin_body (g_uri_get_path (soup_server_message_get_uri (msg)));

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg),
                                         "text/plain", NULL);
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), body);
}

static void
on_gate_open (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SoupServerMessage *msg = user_data;
  g_autoptr(GError) error = NULL;

  /* On a timeout, answer anyway: the counts will show what went wrong. */
  if (!toro_event_wait_finish (TORO_EVENT (source), result, &error))
    g_printerr ("origin: %s; answering anyway\n", error->message);
  origin_answer (msg);
  soup_server_message_unpause (msg);
  g_object_unref (msg);
}

static void
origin_handle (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  Demo *demo = user_data;

  guint hits = GPOINTER_TO_UINT (g_hash_table_lookup (demo->origin_hits, path));

  g_hash_table_insert (demo->origin_hits, g_strdup (path), GUINT_TO_POINTER (hits + 1));
  if (demo->verbose)
    g_print ("origin: GET %s\n", path);

  if (strcmp (soup_server_message_get_method (msg), SOUP_METHOD_GET) != 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      return;
    }

  soup_server_message_pause (msg);
  toro_event_wait_async (demo->gate, toro_deadline_after (PATIENCE), NULL,
                         on_gate_open, g_object_ref (msg));
}

/* The proxy ------------------------------------------------------------- */

static void
proxy_answer (SoupServerMessage *msg,
              CacheEntry        *entry)
{
  soup_server_message_set_status (msg, entry->status, NULL);
  if (entry->content_type != NULL)
    soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg),
                                           entry->content_type, NULL);
  if (entry->body != NULL)
    soup_message_body_append_bytes (soup_server_message_get_response_body (msg), entry->body);
}

typedef struct
{
  Demo              *demo;
  SoupServerMessage *msg;
  SoupMessage       *upstream_msg;
  CacheEntry        *entry;
  char              *path;
} ProxyRequest;

static void
proxy_request_free (ProxyRequest *request)
{
  g_object_unref (request->msg);
  g_clear_object (&request->upstream_msg);
  cache_entry_unref (request->entry);
  g_free (request->path);
  g_free (request);
}

/* A request that waited for another's fetch: the entry is ready now. */
static void
on_entry_ready (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  ProxyRequest *request = user_data;
  g_autoptr(GError) error = NULL;

  if (toro_event_wait_finish (TORO_EVENT (source), result, &error))
    proxy_answer (request->msg, request->entry);
  else
    soup_server_message_set_status (request->msg, SOUP_STATUS_GATEWAY_TIMEOUT, error->message);

  soup_server_message_unpause (request->msg);
  proxy_request_free (request);
}

/* The fetch from the origin is done: fill the entry and wake its waiters. */
static void
on_origin_fetched (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ProxyRequest *request = user_data;
  CacheEntry *entry = request->entry;
  g_autoptr(GError) error = NULL;
  SoupSession *session = SOUP_SESSION (source);
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (session, result, &error);

  if (body != NULL)
    {
      SoupMessageHeaders *headers = soup_message_get_response_headers (request->upstream_msg);

      entry->status = soup_message_get_status (request->upstream_msg);
      entry->content_type = g_strdup (soup_message_headers_get_content_type (headers, NULL));
      entry->body = g_steal_pointer (&body);
    }
  else
    {
      g_printerr ("proxy: fetching %s from the origin failed: %s\n", request->path, error->message);
      entry->status = SOUP_STATUS_BAD_GATEWAY;
    }

  /* Only successes stay cached; the next request for a failed page tries
   * again. Either way everyone waiting gets this answer. */
  if (entry->status != SOUP_STATUS_OK)
    g_hash_table_remove (request->demo->cache, request->path);
  toro_event_set (entry->ready);

  proxy_answer (request->msg, entry);
  soup_server_message_unpause (request->msg);
  proxy_request_free (request);
}

static void
proxy_handle (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  Demo *demo = user_data;
  ProxyRequest *request;
  CacheEntry *entry;
  g_autofree char *url = NULL;

  if (strcmp (soup_server_message_get_method (msg), SOUP_METHOD_GET) != 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      return;
    }

  /* Once every client's request is here, the origin may answer. */
  if (++demo->n_arrived == demo->n_clients)
    toro_event_set (demo->gate);

  request = g_new0 (ProxyRequest, 1);
  request->demo = demo;
  request->msg = g_object_ref (msg);
  request->path = g_strdup (path);
  soup_server_message_pause (msg);

  entry = g_hash_table_lookup (demo->cache, path);
  if (entry != NULL)
    {
      /* Block until the event is set, unless it's set already. */
      request->entry = g_rc_box_acquire (entry);
      if (toro_event_is_set (entry->ready))
        {
          demo->n_cached++;
          if (demo->verbose)
            g_print ("proxy: %s is cached\n", path);
        }
      else
        {
          demo->n_waited++;
          if (demo->verbose)
            g_print ("proxy: %s is being fetched: waiting for it\n", path);
        }
      toro_event_wait_async (entry->ready, toro_deadline_after (PATIENCE), NULL,
                             on_entry_ready, request);
      return;
    }

  demo->n_fetched++;
  g_print ("proxy: %s is not cached: fetching it from the origin\n", path);
  entry = cache_entry_new ();
  g_hash_table_insert (demo->cache, g_strdup (path), entry);
  request->entry = g_rc_box_acquire (entry);

  url = g_strconcat (demo->origin_url, path, NULL);
  request->upstream_msg = soup_message_new (SOUP_METHOD_GET, url);
  soup_session_send_and_read_async (demo->upstream, request->upstream_msg, G_PRIORITY_DEFAULT,
                                    NULL, on_origin_fetched, request);
}

/* The clients ----------------------------------------------------------- */

typedef struct
{
  Demo        *demo;
  SoupMessage *msg;
} ClientRequest;

static void client_request_start (Demo *demo);

static void
on_client_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  ClientRequest *request = user_data;
  Demo *demo = request->demo;
  g_autoptr(GError) error = NULL;
  SoupSession *session = SOUP_SESSION (source);
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (session, result, &error);
  g_autoptr(GBytes) expected = origin_body (demo->path);

  if (body == NULL)
    g_printerr ("client: %s\n", error->message);
  else if (soup_message_get_status (request->msg) != SOUP_STATUS_OK)
    g_printerr ("client: %u %s\n", soup_message_get_status (request->msg),
                soup_message_get_reason_phrase (request->msg));
  else if (!g_bytes_equal (body, expected))
    g_printerr ("client: got a body of %" G_GSIZE_FORMAT " bytes that is not the page\n",
                g_bytes_get_size (body));
  else
    demo->n_got_body++;

  g_object_unref (request->msg);
  g_free (request);

  if (--demo->n_running == 0)
    g_main_loop_quit (demo->loop);
}

static void
client_request_start (Demo *demo)
{
  ClientRequest *request = g_new0 (ClientRequest, 1);
  g_autofree char *url = g_strconcat (demo->proxy_url, demo->path, NULL);

  request->demo = demo;
  request->msg = soup_message_new (SOUP_METHOD_GET, url);
  demo->n_running++;
  soup_session_send_and_read_async (demo->clients, request->msg, G_PRIORITY_DEFAULT, NULL,
                                    on_client_done, request);
}

static guint
origin_hits (Demo       *demo,
             const char *path)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (demo->origin_hits, path));
}

/* Runs the demonstration; returns whether it showed what it should. */
static gboolean
demonstrate (Demo *demo)
{
  g_autoptr(GBytes) page = origin_body (demo->path);
  gboolean ok;
  guint i;

  g_print ("%u clients request %s through the proxy at the same time.\n",
           demo->n_clients, demo->path);
  for (i = 0; i < demo->n_clients; i++)
    client_request_start (demo);
  g_main_loop_run (demo->loop);

  g_print ("proxy: %u request%s fetched %s from the origin, %u waited on the entry's event.\n",
           demo->n_fetched, demo->n_fetched == 1 ? "" : "s", demo->path, demo->n_waited);
  g_print ("origin: served %s %u time%s.\n", demo->path, origin_hits (demo, demo->path),
           origin_hits (demo, demo->path) == 1 ? "" : "s");
  g_print ("%u of %u clients got the %" G_GSIZE_FORMAT "-byte page.\n",
           demo->n_got_body, demo->n_clients, g_bytes_get_size (page));
  ok = origin_hits (demo, demo->path) == 1 && demo->n_got_body == demo->n_clients;

  /* The entry is ready now: a later request is answered from it. */
  demo->n_got_body = 0;
  client_request_start (demo);
  g_main_loop_run (demo->loop);
  g_print ("One more request: %s from the cache; the origin still served it %u time%s.\n",
           demo->n_got_body == 1 && demo->n_cached == 1 ? "answered" : "NOT answered",
           origin_hits (demo, demo->path), origin_hits (demo, demo->path) == 1 ? "" : "s");
  ok = ok && demo->n_got_body == 1 && demo->n_cached == 1 && origin_hits (demo, demo->path) == 1;

  return ok;
}

static gboolean
on_signal (gpointer user_data)
{
  Demo *demo = user_data;

  g_main_loop_quit (demo->loop);
  return G_SOURCE_CONTINUE;
}

static char *
listen_local (SoupServer  *server,
              GError     **error)
{
  GSList *uris;
  char *url;

  /* 127.0.0.1 only, on a port the system picks. */
  if (!soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, error))
    return NULL;
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return url;
}

int
main (int    argc,
      char **argv)
{
  Demo demo = { 0, };
  int n_clients = 20;
  g_autofree char *path = NULL;
  gboolean serve = FALSE;
  g_auto(GStrv) rest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GProxyResolver) no_proxy = NULL;
  gboolean ok = TRUE;
  const GOptionEntry entries[] = {
    { "clients", 'n', 0, G_OPTION_ARG_INT, &n_clients,
      "Request the page with N clients at once (default 20)", "N" },
    { "path", 'p', 0, G_OPTION_ARG_STRING, &path,
      "The page to request (default /story.html)", "PATH" },
    { "serve", 's', 0, G_OPTION_ARG_NONE, &serve,
      "Print the proxy's address and serve until interrupted", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &rest, NULL, NULL },
    G_OPTION_ENTRY_NULL
  };

  setlocale (LC_ALL, "");

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
    "A caching HTTP proxy on 127.0.0.1 in front of an origin server: concurrent\n"
    "requests for a page being fetched wait on its cache entry's ToroEvent.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    ok = FALSE;
  else if (rest != NULL)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   "Unexpected argument “%s”", rest[0]);
      ok = FALSE;
    }
  else if (n_clients < 1 || n_clients > 500)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--clients must be between 1 and 500");
      ok = FALSE;
    }
  else if (path != NULL && (path[0] != '/' || strpbrk (path, "?# ") != NULL))
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--path must be an absolute path like /story.html, without query");
      ok = FALSE;
    }
  if (!ok)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      g_printerr ("caching-proxy: %s\n\n%s", error->message, help);
      return EXIT_FAILURE;
    }

  demo.verbose = serve;
  demo.n_clients = serve ? 0 : n_clients;
  demo.path = path != NULL ? path : "/story.html";
  demo.loop = g_main_loop_new (NULL, FALSE);
  demo.origin_hits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  demo.cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, cache_entry_unref);
  demo.gate = toro_event_new ();
  if (serve)
    toro_event_set (demo.gate);   /* no demonstration: answer at once */

  demo.origin = soup_server_new ("server-header", "toro-glib-origin ", NULL);
  soup_server_add_handler (demo.origin, NULL, origin_handle, &demo, NULL);
  demo.proxy = soup_server_new ("server-header", "toro-glib-caching-proxy ", NULL);
  soup_server_add_handler (demo.proxy, NULL, proxy_handle, &demo, NULL);
  if ((demo.origin_url = listen_local (demo.origin, &error)) == NULL ||
      (demo.proxy_url = listen_local (demo.proxy, &error)) == NULL)
    {
      g_printerr ("caching-proxy: cannot listen on 127.0.0.1: %s\n", error->message);
      return EXIT_FAILURE;
    }

  /* Everything here talks to 127.0.0.1: never through a proxy. */
  no_proxy = g_simple_proxy_resolver_new (NULL, NULL);
  demo.upstream = soup_session_new_with_options ("proxy-resolver", no_proxy, NULL);
  /* A connection per client, so that all of them are in flight at once. */
  demo.clients = soup_session_new_with_options ("proxy-resolver", no_proxy,
                                                "max-conns", MAX (n_clients, 10),
                                                "max-conns-per-host", MAX (n_clients, 10),
                                                NULL);

  if (serve)
    {
      g_print ("Origin server: %s/\nCaching proxy: %s/\n"
               "Try: curl %s%s   (twice, or many at once). Stop with Ctrl+C.\n",
               demo.origin_url, demo.proxy_url, demo.proxy_url, demo.path);
      g_unix_signal_add (SIGINT, on_signal, &demo);
      g_unix_signal_add (SIGTERM, on_signal, &demo);
      g_main_loop_run (demo.loop);
    }
  else if (!demonstrate (&demo))
    {
      g_printerr ("caching-proxy: the proxy did not save the origin the repeated requests\n");
      demo.status = EXIT_FAILURE;
    }

  soup_server_disconnect (demo.proxy);
  soup_server_disconnect (demo.origin);
  g_object_unref (demo.clients);
  g_object_unref (demo.upstream);
  g_object_unref (demo.proxy);
  g_object_unref (demo.origin);
  g_hash_table_unref (demo.cache);
  g_hash_table_unref (demo.origin_hits);
  g_object_unref (demo.gate);
  g_main_loop_unref (demo.loop);
  g_free (demo.origin_url);
  g_free (demo.proxy_url);
  /* Let the closed connections finish closing. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  return demo.status;
}
