/* web-spider.c: Toro's web spider example, in C
 *
 * Crawls every page beneath a base URL, following links, with at most
 * CONCURRENCY fetches in flight, and fetches each URL once.
 *
 * Two toro-glib primitives do the work. A ToroJoinableQueue holds the URLs
 * still to fetch: it starts with the base URL, every new link beneath it
 * is put in, and each fetched URL is marked done with task_done(); the
 * crawl is over when toro_joinable_queue_join_async() completes, that is
 * when every URL ever queued has been fetched and its links queued. A
 * ToroBoundedSemaphore of CONCURRENCY permits bounds the fetches: the
 * worker takes a permit before it takes a URL, and the fetch gives it back
 * when it completes.
 *
 * Without a BASE_URL the spider serves itself a generated site on
 * 127.0.0.1 (a free port): PAGES pages that link to each other, some broken
 * links and some links outside the base URL. The server counts what it
 * serves, so at the end the spider can show that it requested each URL
 * beneath the base URL once and nothing outside it.
 *
 *   $ web-spider --concurrency 5
 *   Serving a generated site of 40 pages at http://127.0.0.1:41345/site/
 *   fetched http://127.0.0.1:41345/site/
 *   ...
 *   Done in 0.06 seconds, fetched 49 URLs.
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsoup/soup.h>
#include <toro-glib/toro-glib.h>

/* The generated site ---------------------------------------------------- */

typedef struct
{
  SoupServer *server;
  char       *base_url;       /* http://127.0.0.1:PORT/site/ */
  guint       n_pages;
  GHashTable *hits;           /* path -> number of requests (GUINT_TO_POINTER) */
  guint       n_requests;
  guint       n_open;         /* requests read but not yet answered */
  guint       max_open;
} Site;

/* Page i links to the next page, to one further away, and sometimes to a
 * page that does not exist or to something outside the base URL. */
static gboolean
site_page_is_broken_link (guint i)
{
  return i % 5 == 2;
}

static char *
site_render_page (Site  *site,
                  guint  i)
{
  GString *html = g_string_new (NULL);
  guint far = (i * 7 + 3) % site->n_pages;

  g_string_append_printf (html, "<!DOCTYPE html>\n<html><head><title>Page %u</title></head>\n"
                                "<body id=\"top\"><h1>Page %u</h1>\n<ul>\n", i, i);
  if (i + 1 < site->n_pages)
    g_string_append_printf (html, "<li><a href=\"page-%u.html\">next</a></li>\n", i + 1);
  /* The same page, spelled in every way a page may spell a link. */
  switch (i % 4)
    {
    case 0:
      g_string_append_printf (html, "<li><a href=\"/site/page-%u.html\">far</a></li>\n", far);
      break;
    case 1:
      g_string_append_printf (html, "<li><a class=\"x\" href=\"./page-%u.html#part-2\">far</a>"
                                    "</li>\n", far);
      break;
    case 2:
      g_string_append_printf (html, "<li><A HREF='%spage-%u.html'>far</A></li>\n",
                              site->base_url, far);
      break;
    default:
      g_string_append_printf (html, "<li><a href=\"../site/page-%u.html\">far</a></li>\n", far);
      break;
    }
  g_string_append (html, "<li><a href=\"#top\">top</a></li>\n");
  if (site_page_is_broken_link (i))
    g_string_append_printf (html, "<li><a href=\"missing-%u.html\">gone</a></li>\n", i);
  if (i % 6 == 1)
    g_string_append_printf (html, "<li><a href=\"/elsewhere/page-%u.html\">elsewhere</a></li>\n",
                            i);
  if (i % 9 == 4)
    g_string_append_printf (html, "<li><a href=\"http://outside.invalid/page-%u.html\">away</a>"
                                  "</li>\n", i);
  g_string_append (html, "</ul></body></html>\n");

  return g_string_free (html, FALSE);
}

static char *
site_render_index (Site *site)
{
  return g_strdup ("<!DOCTYPE html>\n<html><head><title>A generated site</title></head>\n"
                   "<body><p>Start at <a href=\"page-0.html\">the first page</a>, or read\n"
                   "<a href=\"/elsewhere/about.html\">about it</a>.</p></body></html>\n");
}

static void
site_handle (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  Site *site = user_data;
  char *body = NULL;
  guint i;
  int consumed = 0;

  guint hits = GPOINTER_TO_UINT (g_hash_table_lookup (site->hits, path));

  g_hash_table_insert (site->hits, g_strdup (path), GUINT_TO_POINTER (hits + 1));
  site->n_requests++;

  if (strcmp (soup_server_message_get_method (msg), SOUP_METHOD_GET) != 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      return;
    }

  if (strcmp (path, "/site/") == 0)
    body = site_render_index (site);
  else if (sscanf (path, "/site/page-%u.html%n", &i, &consumed) == 1 &&
           path[consumed] == '\0' && i < site->n_pages)
    body = site_render_page (site, i);
  else if (g_str_has_prefix (path, "/elsewhere/"))
    body = g_strdup ("<!DOCTYPE html>\n<html><body><p>Not part of the crawl.</p></body></html>\n");

  if (body == NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "Not found\n", 10);
      return;
    }

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_TAKE,
                                    body, strlen (body));
}

/* The server's own count of requests being served at once: a witness of
 * the spider's concurrency that does not rely on the spider's bookkeeping. */
static void
site_request_started (SoupServer        *server,
                      SoupServerMessage *msg,
                      gpointer           user_data)
{
  Site *site = user_data;

  site->n_open++;
  site->max_open = MAX (site->max_open, site->n_open);
}

static void
site_request_ended (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  Site *site = user_data;

  site->n_open--;
}

static Site *
site_new (guint    n_pages,
          GError **error)
{
  Site *site = g_new0 (Site, 1);
  GSList *uris;

  site->n_pages = n_pages;
  site->hits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  site->server = soup_server_new ("server-header", "toro-glib-web-spider-site ", NULL);
  soup_server_add_handler (site->server, NULL, site_handle, site, NULL);
  g_signal_connect (site->server, "request-started", G_CALLBACK (site_request_started), site);
  g_signal_connect (site->server, "request-finished", G_CALLBACK (site_request_ended), site);
  g_signal_connect (site->server, "request-aborted", G_CALLBACK (site_request_ended), site);

  /* 127.0.0.1 only, on a port the system picks. */
  if (!soup_server_listen_local (site->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, error))
    {
      g_object_unref (site->server);
      g_hash_table_unref (site->hits);
      g_free (site);
      return NULL;
    }

  uris = soup_server_get_uris (site->server);
  site->base_url = g_strdup_printf ("http://127.0.0.1:%d/site/", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return site;
}

static guint
site_hits (Site       *site,
           const char *path)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (site->hits, path));
}

static void
site_free (Site *site)
{
  soup_server_disconnect (site->server);
  g_object_unref (site->server);
  g_hash_table_unref (site->hits);
  g_free (site->base_url);
  g_free (site);
}

/* The spider ------------------------------------------------------------ */

typedef struct
{
  const char        *base_url;
  guint              concurrency;
  gboolean           quiet;

  ToroJoinableQueue *queue;      /* URLs to fetch, as char * */
  ToroSemaphore     *slots;      /* a ToroBoundedSemaphore of concurrency permits */
  GCancellable      *stop;       /* stops the worker and fetches once the crawl ends */
  SoupSession       *session;
  GMainLoop         *loop;

  GRegex            *href_regex; /* finds <a href="..."> */
  GHashTable        *seen;       /* every URL ever queued */
  GHashTable        *outside;    /* every link found outside base_url */
  guint              n_ok;
  guint              n_broken;
  guint              n_failed;
  guint              in_flight;
  guint              max_in_flight;

  guint              pending;    /* callbacks still to come */
  gboolean           joined;
  gboolean           timed_out;
  gint64             start;
  gint64             end;
} Spider;

typedef struct
{
  Spider      *spider;
  char        *url;
  SoupMessage *msg;
} Fetch;

static void worker (Spider *spider);

static void
spider_maybe_quit (Spider *spider)
{
  if (spider->joined && spider->pending == 0)
    g_main_loop_quit (spider->loop);
}

/* Queues @url unless it was queued before or lies outside the base URL. */
static void
spider_add_url (Spider     *spider,
                const char *url)
{
  if (!g_str_has_prefix (url, spider->base_url))
    {
      g_hash_table_add (spider->outside, g_strdup (url));
      return;
    }
  if (g_hash_table_contains (spider->seen, url))
    return;

  g_hash_table_add (spider->seen, g_strdup (url));
  /* The queue is unbounded: a put never waits. */
  toro_queue_put_pointer_nowait (TORO_QUEUE (spider->queue), g_strdup (url), g_free, NULL);
}

/* Every <a href="..."> of @html, made absolute against @page_url and with
 * its #fragment removed. */
static void
spider_add_links (Spider     *spider,
                  const char *page_url,
                  const char *html)
{
  GMatchInfo *match = NULL;

  g_regex_match (spider->href_regex, html, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *href = g_match_info_fetch (match, 1);
      g_autofree char *url = NULL;
      char *fragment;

      if (href == NULL || *href == '\0')
        {
          g_free (href);
          href = g_match_info_fetch (match, 2);
        }
      url = g_uri_resolve_relative (page_url, href, G_URI_FLAGS_NONE, NULL);
      if (url != NULL)
        {
          if ((fragment = strchr (url, '#')) != NULL)
            *fragment = '\0';
          spider_add_url (spider, url);
        }
      g_match_info_next (match, NULL);
    }
  g_match_info_free (match);
}

static void
on_fetched (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fetch *fetch = user_data;
  Spider *spider = fetch->spider;
  g_autoptr(GError) error = NULL;
  SoupSession *session = SOUP_SESSION (source);
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (session, result, &error);
  guint status = soup_message_get_status (fetch->msg);

  spider->pending--;
  spider->in_flight--;

  if (body == NULL)
    {
      spider->n_failed++;
      if (!spider->quiet && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_print ("failed %s: %s\n", fetch->url, error->message);
    }
  else if (status != SOUP_STATUS_OK)
    {
      spider->n_broken++;
      if (!spider->quiet)
        g_print ("broken %s: %u %s\n", fetch->url, status,
                 soup_message_get_reason_phrase (fetch->msg));
    }
  else
    {
      SoupMessageHeaders *headers = soup_message_get_response_headers (fetch->msg);
      const char *type = soup_message_headers_get_content_type (headers, NULL);
      g_autofree char *html = NULL;

      spider->n_ok++;
      if (!spider->quiet)
        g_print ("fetched %s\n", fetch->url);
      if (type != NULL && strcmp (type, "text/html") == 0 && !spider->joined)
        {
          gsize size;
          const char *data = g_bytes_get_data (body, &size);

          html = g_strndup (data, size);
          spider_add_links (spider, fetch->url, html);
        }
    }

  /* This URL is done and its links are queued: only now may join() see
   * the count of unfinished tasks reach 0. */
  toro_joinable_queue_task_done (spider->queue);
  toro_semaphore_release (spider->slots);

  g_object_unref (fetch->msg);
  g_free (fetch->url);
  g_free (fetch);
  spider_maybe_quit (spider);
}

static void
on_url (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  Spider *spider = user_data;
  g_autoptr(GError) error = NULL;
  char *url = toro_queue_get_pointer_finish (TORO_QUEUE (source), result, &error);
  Fetch *fetch;

  spider->pending--;

  if (url == NULL)
    {
      /* Cancelled: the crawl is over. Give back the permit taken for it. */
      toro_semaphore_release (spider->slots);
      spider_maybe_quit (spider);
      return;
    }

  fetch = g_new0 (Fetch, 1);
  fetch->spider = spider;
  fetch->url = url;
  fetch->msg = soup_message_new (SOUP_METHOD_GET, url);
  if (fetch->msg == NULL)
    {
      /* Not a URL libsoup can fetch (say, a mailto: beneath the base). */
      spider->n_failed++;
      if (!spider->quiet)
        g_print ("failed %s: not an HTTP URL\n", url);
      toro_joinable_queue_task_done (spider->queue);
      toro_semaphore_release (spider->slots);
      g_free (fetch->url);
      g_free (fetch);
      spider_maybe_quit (spider);
      return;
    }

  spider->in_flight++;
  spider->max_in_flight = MAX (spider->max_in_flight, spider->in_flight);
  if (spider->in_flight > spider->concurrency)
    g_error ("%u fetches in flight, more than the %u permits",
             spider->in_flight, spider->concurrency);

  spider->pending++;
  soup_session_send_and_read_async (spider->session, fetch->msg, G_PRIORITY_DEFAULT,
                                    spider->stop, on_fetched, fetch);
}

static void
on_slot (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Spider *spider = user_data;

  spider->pending--;

  if (!toro_semaphore_acquire_finish (TORO_SEMAPHORE (source), result, NULL))
    {
      spider_maybe_quit (spider);   /* cancelled: the crawl is over */
      return;
    }

  /* Holding a permit: take the next URL, then wait for the next permit. */
  spider->pending++;
  toro_queue_get_async (TORO_QUEUE (spider->queue), TORO_NO_DEADLINE, spider->stop,
                        on_url, spider);
  worker (spider);
}

/* while True: yield sem.acquire(); fetch_url() */
static void
worker (Spider *spider)
{
  spider->pending++;
  toro_semaphore_acquire_async (spider->slots, TORO_NO_DEADLINE, spider->stop, on_slot, spider);
}

static void
on_joined (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Spider *spider = user_data;
  g_autoptr(GError) error = NULL;

  spider->pending--;
  spider->end = g_get_monotonic_time ();

  if (!toro_joinable_queue_join_finish (spider->queue, result, &error))
    {
      g_printerr ("web-spider: %s: gave up with %u URLs still to fetch\n",
                  error->message, toro_joinable_queue_get_unfinished_tasks (spider->queue));
      spider->timed_out = TRUE;
    }

  /* The worker waits for a permit and the idle permits wait for URLs that
   * will never come; fetches still running (after a timeout) are aborted. */
  spider->joined = TRUE;
  g_cancellable_cancel (spider->stop);
  spider_maybe_quit (spider);
}

/* The site's count of what it served, against what the spider did. */
static gboolean
check_against_site (Spider *spider,
                    Site   *site)
{
  GHashTableIter iter;
  gpointer key, value;
  guint n_expected = 1 + site->n_pages, n_broken_expected = 0;
  gboolean ok = TRUE;
  guint i;

  for (i = 0; i < site->n_pages; i++)
    if (site_page_is_broken_link (i))
      n_broken_expected++;
  n_expected += n_broken_expected;

  g_hash_table_iter_init (&iter, site->hits);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (!g_str_has_prefix (key, "/site/"))
        {
          g_printerr ("web-spider: %s is outside the base URL but was requested %u times\n",
                      (const char *) key, GPOINTER_TO_UINT (value));
          ok = FALSE;
        }
      else if (GPOINTER_TO_UINT (value) != 1)
        {
          g_printerr ("web-spider: %s was requested %u times\n",
                      (const char *) key, GPOINTER_TO_UINT (value));
          ok = FALSE;
        }
    }
  for (i = 0; i < site->n_pages; i++)
    {
      g_autofree char *path = g_strdup_printf ("/site/page-%u.html", i);

      if (site_hits (site, path) == 0)
        {
          g_printerr ("web-spider: %s was never requested\n", path);
          ok = FALSE;
        }
    }
  if (site->n_requests != n_expected || spider->n_broken != n_broken_expected)
    {
      g_printerr ("web-spider: the site served %u requests (%u broken links), expected %u (%u)\n",
                  site->n_requests, spider->n_broken, n_expected, n_broken_expected);
      ok = FALSE;
    }
  if (site->max_open > spider->concurrency)
    {
      g_printerr ("web-spider: the site served %u requests at once, more than %u\n",
                  site->max_open, spider->concurrency);
      ok = FALSE;
    }

  if (ok)
    g_print ("The site served each of those %u URLs once, and nothing outside the base URL.\n",
             site->n_requests);
  return ok;
}

static gboolean
parse_positive (const char  *option,
                double       value,
                double       max,
                GError     **error)
{
  if (value > 0 && value <= max)
    return TRUE;
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               "%s must be between 1 and %g", option, max);
  return FALSE;
}

int
main (int    argc,
      char **argv)
{
  Spider spider = { 0, };
  Site *site = NULL;
  int concurrency = 10, n_pages = 40;
  double deadline_seconds = 60;
  gint64 deadline;
  gboolean quiet = FALSE;
  g_auto(GStrv) rest = NULL;
  g_autofree char *base_url = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GProxyResolver) no_proxy = NULL;
  gboolean ok = TRUE;
  const GOptionEntry entries[] = {
    { "concurrency", 'c', 0, G_OPTION_ARG_INT, &concurrency,
      "At most N fetches in flight (default 10)", "N" },
    { "pages", 'p', 0, G_OPTION_ARG_INT, &n_pages,
      "Pages in the generated site (default 40)", "N" },
    { "deadline", 'd', 0, G_OPTION_ARG_DOUBLE, &deadline_seconds,
      "Give up after SECONDS (default 60)", "SECONDS" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet,
      "Print only the summary, not each URL", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &rest, NULL, "[BASE_URL]" },
    G_OPTION_ENTRY_NULL
  };

  setlocale (LC_ALL, "");

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
    "Crawls every page beneath BASE_URL, at most N fetches at a time, each URL once.\n"
    "Without BASE_URL, crawls a generated site served on 127.0.0.1.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      !parse_positive ("--concurrency", concurrency, 1000, &error) ||
      !parse_positive ("--pages", n_pages, 100000, &error) ||
      !parse_positive ("--deadline", deadline_seconds, 24 * 3600, &error))
    ok = FALSE;
  else if (rest != NULL && g_strv_length (rest) > 1)
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, "Too many arguments");
      ok = FALSE;
    }
  else if (rest != NULL &&
           !g_str_has_prefix (rest[0], "http://") && !g_str_has_prefix (rest[0], "https://"))
    {
      g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "“%s” is not an http:// or https:// URL", rest[0]);
      ok = FALSE;
    }
  if (!ok)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      g_printerr ("web-spider: %s\n\n%s", error->message, help);
      return EXIT_FAILURE;
    }

  if (rest != NULL)
    base_url = g_strdup (rest[0]);
  else
    {
      site = site_new (n_pages, &error);
      if (site == NULL)
        {
          g_printerr ("web-spider: cannot serve the site on 127.0.0.1: %s\n", error->message);
          return EXIT_FAILURE;
        }
      base_url = g_strdup (site->base_url);
      if (!quiet)
        g_print ("Serving a generated site of %d pages at %s\n", n_pages, base_url);
    }

  spider.base_url = base_url;
  spider.concurrency = concurrency;
  spider.quiet = quiet;
  spider.queue = toro_joinable_queue_new (0);
  spider.slots = TORO_SEMAPHORE (toro_bounded_semaphore_new (concurrency));
  spider.stop = g_cancellable_new ();
  spider.loop = g_main_loop_new (NULL, FALSE);
  spider.seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  spider.outside = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  spider.href_regex = g_regex_new ("<a\\s[^>]*?\\bhref\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)')",
                                   G_REGEX_CASELESS, 0, NULL);
  /* Enough connections for every permit. */
  spider.session = soup_session_new_with_options ("max-conns", concurrency,
                                                  "max-conns-per-host", concurrency,
                                                  "user-agent", "toro-glib-web-spider ",
                                                  NULL);
  if (site != NULL)
    {
      /* The local site is never reached through a proxy. */
      no_proxy = g_simple_proxy_resolver_new (NULL, NULL);
      soup_session_set_proxy_resolver (spider.session, no_proxy);
    }

  spider.start = g_get_monotonic_time ();
  spider_add_url (&spider, base_url);
  worker (&spider);
  spider.pending++;
  deadline = toro_deadline_after ((GTimeSpan) (deadline_seconds * G_USEC_PER_SEC));
  toro_joinable_queue_join_async (spider.queue, deadline, NULL, on_joined, &spider);
  g_main_loop_run (spider.loop);

  if (spider.timed_out)
    ok = FALSE;
  else
    {
      guint n_fetched = spider.n_ok + spider.n_broken + spider.n_failed;

      g_print ("Fetched %u pages and %u broken links beneath the base URL; "
               "skipped %u links outside it.\n",
               spider.n_ok, spider.n_broken, g_hash_table_size (spider.outside));
      if (n_fetched != g_hash_table_size (spider.seen))
        {
          g_printerr ("web-spider: fetched %u URLs but queued %u\n",
                      n_fetched, g_hash_table_size (spider.seen));
          ok = FALSE;
        }
      if (site != NULL && !check_against_site (&spider, site))
        ok = FALSE;
      if (quiet)
        g_print ("Fetches in flight never exceeded the concurrency of %u.\n", spider.concurrency);
      else
        g_print ("At most %u fetches were in flight at once (concurrency %u).\n",
                 spider.max_in_flight, spider.concurrency);
      g_print ("Done in %.2f seconds, fetched %u URLs.\n",
               (spider.end - spider.start) / (double) G_USEC_PER_SEC, n_fetched);
    }

  g_object_unref (spider.session);
  g_object_unref (spider.stop);
  g_object_unref (spider.slots);
  g_object_unref (spider.queue);
  g_main_loop_unref (spider.loop);
  g_hash_table_unref (spider.seen);
  g_hash_table_unref (spider.outside);
  g_regex_unref (spider.href_regex);
  if (site != NULL)
    site_free (site);
  /* Let the closed connections finish closing. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
