/* toro-bounded-semaphore.c: a semaphore that cannot be over-released
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "toro-bounded-semaphore.h"

#include "toro-semaphore-private.h"

/**
 * SECTION:toro-bounded-semaphore
 * @title: ToroBoundedSemaphore
 * @short_description: A semaphore that catches extra releases
 * @include: toro-glib/toro-glib.h
 *
 * A #ToroBoundedSemaphore is Toro's `BoundedSemaphore`: a #ToroSemaphore
 * whose value may never rise above its initial value. Releasing it more
 * often than it was acquired usually means a bug that would otherwise let
 * too many callers in, so toro_semaphore_release() then emits a critical
 * warning and leaves the value unchanged.
 *
 * |[<!-- language="C" -->
 * // At most five downloads at once, as in examples/web-spider.c
 * ToroSemaphore *slots = TORO_SEMAPHORE (toro_bounded_semaphore_new (5));
 *
 * toro_semaphore_acquire_async (slots, TORO_NO_DEADLINE, NULL, on_slot, spider);
 *
 * // ... and in the callback of each finished download:
 * toro_semaphore_release (slots);   // a critical if it would make six
 * ]|
 *
 * Everything else, including the order waiters are served in, is as for
 * #ToroSemaphore; use the toro_semaphore_*() functions on it.
 */

struct _ToroBoundedSemaphore
{
  ToroSemaphore parent_instance;
};

G_DEFINE_FINAL_TYPE (ToroBoundedSemaphore, toro_bounded_semaphore, TORO_TYPE_SEMAPHORE)

static void
toro_bounded_semaphore_class_init (ToroBoundedSemaphoreClass *klass)
{
}

static void
toro_bounded_semaphore_init (ToroBoundedSemaphore *self)
{
  toro_semaphore_set_bounded (TORO_SEMAPHORE (self));
}

/**
 * toro_bounded_semaphore_new:
 * @value: the initial, and highest, number of permits
 *
 * Creates a #ToroBoundedSemaphore holding @value permits.
 *
 * Returns: (transfer full): a new #ToroBoundedSemaphore
 *
 * Since: 1.0
 */
ToroBoundedSemaphore *
toro_bounded_semaphore_new (guint value)
{
  return g_object_new (TORO_TYPE_BOUNDED_SEMAPHORE, "value", value, NULL);
}
