/* toro-rw-lock.h: a readers-writer lock for coroutines on the main loop
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
 * ToroRWLock:
 *
 * A lock held by many readers or one writer: Toro's `RWLock`.
 * The structure is opaque.
 *
 * Since: 1.0
 */
#define TORO_TYPE_RW_LOCK (toro_rw_lock_get_type ())

TORO_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (ToroRWLock, toro_rw_lock, TORO, RW_LOCK, GObject)

TORO_AVAILABLE_IN_1_0
ToroRWLock *toro_rw_lock_new                 (guint                 max_readers) G_GNUC_WARN_UNUSED_RESULT;

TORO_AVAILABLE_IN_1_0
void        toro_rw_lock_acquire_read_async  (ToroRWLock           *self,
                                              gint64                deadline,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
TORO_AVAILABLE_IN_1_0
gboolean    toro_rw_lock_acquire_read_finish (ToroRWLock           *self,
                                              GAsyncResult         *result,
                                              GError              **error);
TORO_AVAILABLE_IN_1_0
void        toro_rw_lock_acquire_write_async (ToroRWLock           *self,
                                              gint64                deadline,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
TORO_AVAILABLE_IN_1_0
gboolean    toro_rw_lock_acquire_write_finish (ToroRWLock          *self,
                                               GAsyncResult        *result,
                                               GError             **error);
TORO_AVAILABLE_IN_1_0
gboolean    toro_rw_lock_try_acquire_read    (ToroRWLock           *self);
TORO_AVAILABLE_IN_1_0
gboolean    toro_rw_lock_try_acquire_write   (ToroRWLock           *self);
TORO_AVAILABLE_IN_1_0
void        toro_rw_lock_release_read        (ToroRWLock           *self);
TORO_AVAILABLE_IN_1_0
void        toro_rw_lock_release_write       (ToroRWLock           *self);
TORO_AVAILABLE_IN_1_0
gboolean    toro_rw_lock_is_locked           (ToroRWLock           *self);
TORO_AVAILABLE_IN_1_0
guint       toro_rw_lock_get_max_readers     (ToroRWLock           *self);
TORO_AVAILABLE_IN_1_0
guint       toro_rw_lock_get_n_readers       (ToroRWLock           *self);

G_END_DECLS
