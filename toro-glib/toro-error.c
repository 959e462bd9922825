/* toro-error.c: the TORO_ERROR domain
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "toro-error.h"

/**
 * SECTION:toro-error
 * @title: Errors
 * @short_description: The TORO_ERROR domain and its codes
 * @include: toro-glib/toro-glib.h
 *
 * Waits that fail report a #GError: %TORO_ERROR_TIMEOUT when their
 * deadline passed, %G_IO_ERROR_CANCELLED when their #GCancellable was
 * cancelled. The non-blocking calls report %TORO_ERROR_EMPTY,
 * %TORO_ERROR_FULL and %TORO_ERROR_NOT_READY, and a second
 * toro_async_result_set() reports %TORO_ERROR_ALREADY_SET.
 *
 * Misusing a primitive (releasing a lock nobody holds, over-releasing a
 * #ToroBoundedSemaphore, calling toro_joinable_queue_task_done() too
 * often) is a programming error, not a #GError: it is reported with
 * g_critical() and leaves the object unchanged.
 */

/**
 * toro_error_quark:
 *
 * Returns the quark of the %TORO_ERROR domain.
 *
 * Returns: the error domain quark
 *
 * Since: 1.0
 */
GQuark
toro_error_quark (void)
{
  /* Not G_DEFINE_QUARK (): its cache is a plain static that two threads
   * making their first TORO_ERROR at once would both write, a data race
   * (found by tests/test-stress.c under ThreadSanitizer). */
  static gsize quark = 0;

  if (g_once_init_enter (&quark))
    g_once_init_leave (&quark, g_quark_from_static_string ("toro-error-quark"));

  return (GQuark) quark;
}
