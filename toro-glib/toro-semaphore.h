/* toro-semaphore.h: a counting semaphore for coroutines on the main loop
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
 * ToroSemaphore:
 *
 * A counter of permits that callbacks wait for: Toro's `Semaphore`.
 * The base class of #ToroBoundedSemaphore.
 * The structure is opaque.
 *
 * Since: 1.0
 */
#define TORO_TYPE_SEMAPHORE (toro_semaphore_get_type ())

TORO_AVAILABLE_IN_1_0
G_DECLARE_DERIVABLE_TYPE (ToroSemaphore, toro_semaphore, TORO, SEMAPHORE, GObject)

/**
 * ToroSemaphoreClass:
 * @parent_class: the parent class
 *
 * The class structure of #ToroSemaphore.
 *
 * Since: 1.0
 */
struct _ToroSemaphoreClass
{
  GObjectClass parent_class;

  /*< private >*/
  gpointer _reserved[8];
};

TORO_AVAILABLE_IN_1_0
ToroSemaphore *toro_semaphore_new            (guint                 value) G_GNUC_WARN_UNUSED_RESULT;

TORO_AVAILABLE_IN_1_0
void           toro_semaphore_acquire_async  (ToroSemaphore        *self,
                                              gint64                deadline,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
TORO_AVAILABLE_IN_1_0
gboolean       toro_semaphore_acquire_finish (ToroSemaphore        *self,
                                              GAsyncResult         *result,
                                              GError              **error);
TORO_AVAILABLE_IN_1_0
gboolean       toro_semaphore_try_acquire    (ToroSemaphore        *self);
TORO_AVAILABLE_IN_1_0
void           toro_semaphore_release        (ToroSemaphore        *self);
TORO_AVAILABLE_IN_1_0
void           toro_semaphore_wait_async     (ToroSemaphore        *self,
                                              gint64                deadline,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
TORO_AVAILABLE_IN_1_0
gboolean       toro_semaphore_wait_finish    (ToroSemaphore        *self,
                                              GAsyncResult         *result,
                                              GError              **error);
TORO_AVAILABLE_IN_1_0
guint          toro_semaphore_get_value      (ToroSemaphore        *self);
TORO_AVAILABLE_IN_1_0
gboolean       toro_semaphore_is_locked      (ToroSemaphore        *self);

G_END_DECLS
