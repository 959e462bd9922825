/* toro-async-result.h: a value that will be set once
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
 * ToroAsyncResult:
 *
 * A one-time value cell that callbacks wait for: Toro's `AsyncResult`.
 * The structure is opaque.
 *
 * Since: 1.0
 */
#define TORO_TYPE_ASYNC_RESULT (toro_async_result_get_type ())

TORO_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (ToroAsyncResult, toro_async_result, TORO, ASYNC_RESULT, GObject)

TORO_AVAILABLE_IN_1_0
ToroAsyncResult *toro_async_result_new        (void) G_GNUC_WARN_UNUSED_RESULT;

TORO_AVAILABLE_IN_1_0
void             toro_async_result_get_async  (ToroAsyncResult      *self,
                                               gint64                deadline,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
TORO_AVAILABLE_IN_1_0
GValue          *toro_async_result_get_finish (ToroAsyncResult      *self,
                                               GAsyncResult         *result,
                                               GError              **error);
TORO_AVAILABLE_IN_1_0
GValue          *toro_async_result_get_nowait (ToroAsyncResult      *self,
                                               GError              **error);
TORO_AVAILABLE_IN_1_0
gboolean         toro_async_result_get_finish_into (ToroAsyncResult  *self,
                                                    GAsyncResult     *result,
                                                    GValue           *value,
                                                    GError          **error);
TORO_AVAILABLE_IN_1_0
gboolean         toro_async_result_get_nowait_into (ToroAsyncResult  *self,
                                                    GValue           *value,
                                                    GError          **error);
TORO_AVAILABLE_IN_1_0
gboolean         toro_async_result_set        (ToroAsyncResult      *self,
                                               const GValue         *value,
                                               GError              **error);
TORO_AVAILABLE_IN_1_0
gboolean         toro_async_result_set_error  (ToroAsyncResult      *self,
                                               const GError         *failure,
                                               GError              **error);
TORO_AVAILABLE_IN_1_0
gboolean         toro_async_result_is_ready   (ToroAsyncResult      *self);

G_END_DECLS
