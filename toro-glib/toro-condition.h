/* toro-condition.h: a condition that callbacks wait to be notified of
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
 * ToroCondition:
 *
 * A condition that callbacks wait on until notified: Toro's `Condition`.
 * The structure is opaque.
 *
 * Since: 1.0
 */
#define TORO_TYPE_CONDITION (toro_condition_get_type ())

TORO_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (ToroCondition, toro_condition, TORO, CONDITION, GObject)

TORO_AVAILABLE_IN_1_0
ToroCondition *toro_condition_new         (void) G_GNUC_WARN_UNUSED_RESULT;

TORO_AVAILABLE_IN_1_0
void           toro_condition_wait_async  (ToroCondition        *self,
                                           gint64                deadline,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
TORO_AVAILABLE_IN_1_0
gboolean       toro_condition_wait_finish (ToroCondition        *self,
                                           GAsyncResult         *result,
                                           GError              **error);
TORO_AVAILABLE_IN_1_0
void           toro_condition_notify      (ToroCondition        *self,
                                           guint                 n);
TORO_AVAILABLE_IN_1_0
void           toro_condition_notify_all  (ToroCondition        *self);

G_END_DECLS
