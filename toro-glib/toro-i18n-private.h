/* toro-i18n-private.h: translated messages
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef GETTEXT_PACKAGE
# error "config.h must be included before toro-i18n-private.h"
#endif

#include <glib.h>

G_BEGIN_DECLS

const char *toro_gettext (const char *msgid) G_GNUC_FORMAT (1);

#define _(String) toro_gettext (String)
#define N_(String) (String)

G_END_DECLS
