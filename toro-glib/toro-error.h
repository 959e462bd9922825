/* toro-error.h: the TORO_ERROR domain
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined (TORO_INSIDE) && !defined (TORO_COMPILATION)
# error "Only <toro-glib/toro-glib.h> can be included directly."
#endif

#include <glib.h>

#include "toro-version-macros.h"

G_BEGIN_DECLS

/**
 * TORO_ERROR:
 *
 * The error domain of toro-glib; errors in it have a code from #ToroError.
 *
 * Since: 1.0
 */
#define TORO_ERROR (toro_error_quark ())

/**
 * ToroError:
 * @TORO_ERROR_TIMEOUT: the deadline of a wait passed before it could
 *   complete (Toro's `Timeout`). Since: 1.0
 * @TORO_ERROR_EMPTY: toro_queue_get_nowait() found the queue empty
 *   (Toro's `Queue.Empty`). Since: 1.0
 * @TORO_ERROR_FULL: toro_queue_put_nowait() found the queue full
 *   (Toro's `Queue.Full`). Since: 1.0
 * @TORO_ERROR_NOT_READY: toro_async_result_get_nowait() was called before
 *   a value was set (Toro's `NotReady`). Since: 1.0
 * @TORO_ERROR_ALREADY_SET: toro_async_result_set() or
 *   toro_async_result_set_error() was called a second time (Toro's
 *   `AlreadySet`). Since: 1.0
 *
 * Error codes in the %TORO_ERROR domain. Cancellation is never reported
 * with these codes: a cancelled wait fails with %G_IO_ERROR_CANCELLED.
 *
 * Since: 1.0
 */
typedef enum {
  TORO_ERROR_TIMEOUT,
  TORO_ERROR_EMPTY,
  TORO_ERROR_FULL,
  TORO_ERROR_NOT_READY,
  TORO_ERROR_ALREADY_SET,
} ToroError;

TORO_AVAILABLE_IN_1_0
GQuark toro_error_quark (void);

G_END_DECLS
