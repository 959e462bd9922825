/* toro-i18n.c: translated messages
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "toro-i18n-private.h"

#include <libintl.h>
#ifdef G_OS_UNIX
# include <unistd.h>
#endif

/* Where the message catalogs are: LOCALEDIR, or $TORO_LOCALEDIR so that
 * an uninstalled build finds the catalogs it built (meson devenv and the
 * tests point it at <builddir>/po). The variable is ignored in setuid and
 * setgid programs, which must not let the environment choose their files. */
static const char *
toro_localedir (void)
{
  const char *dir = NULL;

#ifdef G_OS_UNIX
  if (getuid () == geteuid () && getgid () == getegid ())
#endif
    dir = g_getenv ("TORO_LOCALEDIR");

  return dir != NULL && *dir != '\0' ? dir : LOCALEDIR;
}

/* The library binds its own text domain, once, so applications need not. */
const char *
toro_gettext (const char *msgid)
{
  static gsize bound = 0;

  if (g_once_init_enter (&bound))
    {
      bindtextdomain (GETTEXT_PACKAGE, toro_localedir ());
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      g_once_init_leave (&bound, 1);
    }

  return g_dgettext (GETTEXT_PACKAGE, msgid);
}
