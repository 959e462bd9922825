/* toro-lock.h: a mutual-exclusion lock for coroutines on the main loop
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined (TORO_INSIDE) && !defined (TORO_COMPILATION)
# error "Only <toro-glib/toro-glib.h> can be included directly."
#endif

#include <gio/gio.h>

#include "toro-version-macros.h"

G_BEGIN_DECLS

/**
 * ToroLock:
 *
 * A lock that callbacks take turns holding: Toro's `Lock`.
 * The structure is opaque.
 *
 * Since: 1.0
 */
#define TORO_TYPE_LOCK (toro_lock_get_type ())

TORO_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (ToroLock, toro_lock, TORO, LOCK, GObject)

TORO_AVAILABLE_IN_1_0
ToroLock *toro_lock_new            (void) G_GNUC_WARN_UNUSED_RESULT;

TORO_AVAILABLE_IN_1_0
void      toro_lock_acquire_async  (ToroLock             *self,
                                    gint64                deadline,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data);
TORO_AVAILABLE_IN_1_0
gboolean  toro_lock_acquire_finish (ToroLock             *self,
                                    GAsyncResult         *result,
                                    GError              **error);
TORO_AVAILABLE_IN_1_0
gboolean  toro_lock_try_acquire    (ToroLock             *self);
TORO_AVAILABLE_IN_1_0
void      toro_lock_release        (ToroLock             *self);
TORO_AVAILABLE_IN_1_0
gboolean  toro_lock_is_locked      (ToroLock             *self);

G_END_DECLS
