/* toro-bounded-semaphore.h: a semaphore that cannot be over-released
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined (TORO_INSIDE) && !defined (TORO_COMPILATION)
# error "Only <toro-glib/toro-glib.h> can be included directly."
#endif

#include "toro-semaphore.h"

G_BEGIN_DECLS

/**
 * ToroBoundedSemaphore:
 *
 * A #ToroSemaphore that may not be released above its initial value:
 * Toro's `BoundedSemaphore`.
 * The structure is opaque.
 *
 * Since: 1.0
 */
#define TORO_TYPE_BOUNDED_SEMAPHORE (toro_bounded_semaphore_get_type ())

TORO_AVAILABLE_IN_1_0
G_DECLARE_FINAL_TYPE (ToroBoundedSemaphore, toro_bounded_semaphore, TORO, BOUNDED_SEMAPHORE, ToroSemaphore)

TORO_AVAILABLE_IN_1_0
ToroBoundedSemaphore *toro_bounded_semaphore_new (guint value) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
