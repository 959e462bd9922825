/* toro-semaphore-private.h: what a subclass of ToroSemaphore may change
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "toro-semaphore.h"

#ifndef GETTEXT_PACKAGE
# error "config.h must be included before toro-semaphore-private.h"
#endif

G_BEGIN_DECLS

/* Makes releasing above the initial value a programming error. Call from
 * the subclass's instance init, before construct properties are set. */
void toro_semaphore_set_bounded (ToroSemaphore *self);

G_END_DECLS
