/* toro-deadline.c: deadlines on the monotonic clock
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "toro-deadline.h"

/**
 * SECTION:toro-deadline
 * @title: Deadlines
 * @short_description: When a wait gives up
 * @include: toro-glib/toro-glib.h
 *
 * Every operation that may wait takes a deadline: an absolute time on the
 * monotonic clock, in microseconds, as returned by g_get_monotonic_time()
 * and used by #GSource ready times and g_cond_wait_until(). Deadlines are
 * absolute, as in Toro, so that a loop of waits can share one:
 *
 * |[<!-- language="C" -->
 * gint64 deadline = toro_deadline_after (5 * G_TIME_SPAN_SECOND);
 *
 * toro_lock_acquire_async (lock, deadline, NULL, on_acquired, data);
 * ]|
 *
 * %TORO_NO_DEADLINE waits forever. A deadline that has already passed
 * never blocks: the operation succeeds at once if it can, and otherwise
 * fails with %TORO_ERROR_TIMEOUT (delivered, like every completion, from
 * the caller's main context). Any negative value other than
 * %TORO_NO_DEADLINE is a deadline in the past.
 *
 * Deadlines cost nothing per main-loop iteration: every pending deadline
 * of a #GMainContext shares one timer, ordered by a binary heap, so adding
 * or removing a waiter is O(log n) and an idle iteration is O(1) however
 * many waiters are pending.
 */

/**
 * toro_deadline_after:
 * @timeout: a span of time, in microseconds; may be negative
 *
 * Returns the deadline @timeout microseconds from now: Toro's relative
 * `timedelta` deadline. The result saturates instead of overflowing, so
 * `toro_deadline_after (G_MAXINT64)` is a deadline that never comes and a
 * negative @timeout gives a deadline in the past (never
 * %TORO_NO_DEADLINE).
 *
 * Returns: the absolute deadline, on the clock of g_get_monotonic_time()
 *
 * Since: 1.0
 */
gint64
toro_deadline_after (GTimeSpan timeout)
{
  gint64 now = g_get_monotonic_time ();

  if (timeout >= 0)
    return timeout > G_MAXINT64 - now ? G_MAXINT64 : now + timeout;

  /* now is never negative, so now + timeout cannot overflow downwards;
   * clamp so that a past deadline never reads as TORO_NO_DEADLINE. */
  return MAX (now + timeout, 0);
}
