/* toro-event.h: a flag that callbacks wait to see set
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
 * ToroEvent:
 *
 * A flag that callbacks wait for: Toro's `Event`.
 * The structure is opaque.
 *
 * Since: 1.0
 */
#define TORO_TYPE_EVENT (toro_event_get_type ())

TORO_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (ToroEvent, toro_event, TORO, EVENT, GObject)

TORO_AVAILABLE_IN_1_0
ToroEvent *toro_event_new         (void) G_GNUC_WARN_UNUSED_RESULT;

TORO_AVAILABLE_IN_1_0
void       toro_event_wait_async  (ToroEvent            *self,
                                   gint64                deadline,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data);
TORO_AVAILABLE_IN_1_0
gboolean   toro_event_wait_finish (ToroEvent            *self,
                                   GAsyncResult         *result,
                                   GError              **error);
TORO_AVAILABLE_IN_1_0
void       toro_event_set         (ToroEvent            *self);
TORO_AVAILABLE_IN_1_0
void       toro_event_clear       (ToroEvent            *self);
TORO_AVAILABLE_IN_1_0
gboolean   toro_event_is_set      (ToroEvent            *self);

G_END_DECLS
