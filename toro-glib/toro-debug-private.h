/* toro-debug-private.h: white-box views for the test suite
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef GETTEXT_PACKAGE
# error "config.h must be included before toro-debug-private.h"
#endif

#include "toro-glib.h"

G_BEGIN_DECLS

/* How many waiters are queued: tests check that a waiter that timed out
 * or was cancelled left at once. Not exported from the shared library. */
guint toro_async_result_debug_n_waiters   (ToroAsyncResult   *self);
guint toro_condition_debug_n_waiters      (ToroCondition     *self);
guint toro_event_debug_n_waiters          (ToroEvent         *self);
guint toro_joinable_queue_debug_n_joiners (ToroJoinableQueue *self);
guint toro_lock_debug_n_waiters           (ToroLock          *self);
guint toro_queue_debug_n_getters          (ToroQueue         *self);
guint toro_queue_debug_n_putters          (ToroQueue         *self);
guint toro_rw_lock_debug_n_waiters        (ToroRWLock        *self);
guint toro_semaphore_debug_n_acquirers    (ToroSemaphore     *self);
guint toro_semaphore_debug_n_waiters      (ToroSemaphore     *self);

/* How many deadlines the thread-default main context's timer holds: tests
 * check that a granted or cancelled waiter's deadline left with it. */
guint toro_dispatcher_debug_n_deadlines   (void);

G_END_DECLS
