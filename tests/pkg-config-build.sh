#!/bin/sh
# Builds and runs a program against the build tree exactly as an
# application would: the public header, and pkg-config's flags for
# toro-glib-1.0 from the uninstalled .pc file meson writes.
set -eu

builddir=$1
cc=${CC:-cc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat > "$tmp/app.c" <<'C'
#include <toro-glib/toro-glib.h>

static void
acquired (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GError) error = NULL;

  if (!toro_lock_acquire_finish (TORO_LOCK (source), result, &error))
    g_error ("%s", error->message);
  *(gboolean *) data = TRUE;
}

int
main (void)
{
  g_autoptr(ToroLock) lock = toro_lock_new ();
  gboolean done = FALSE;

  toro_lock_acquire_async (lock, toro_deadline_after (G_USEC_PER_SEC), NULL, acquired, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert (toro_lock_is_locked (lock));
  toro_lock_release (lock);
  g_print ("ok %u.%u.%u\n", toro_get_major_version (), toro_get_minor_version (),
           toro_get_micro_version ());
  return 0;
}
C

PKG_CONFIG_PATH="$builddir/meson-uninstalled${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
export PKG_CONFIG_PATH

# shellcheck disable=SC2046
$cc -Wall -Werror -o "$tmp/app" "$tmp/app.c" $(pkg-config --cflags --libs toro-glib-1.0)
LD_LIBRARY_PATH="$builddir/toro-glib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "$tmp/app"
