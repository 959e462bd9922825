/* toro-glib.h: Toro's coordination primitives on the GLib main loop
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

#define TORO_INSIDE

#include "toro-version.h"
#include "toro-version-macros.h"
#include "toro-version-info.h"

#include "toro-async-result.h"
#include "toro-bounded-semaphore.h"
#include "toro-condition.h"
#include "toro-deadline.h"
#include "toro-enums.h"
#include "toro-error.h"
#include "toro-event.h"
#include "toro-joinable-queue.h"
#include "toro-lifo-queue.h"
#include "toro-lock.h"
#include "toro-priority-queue.h"
#include "toro-queue.h"
#include "toro-rw-lock.h"
#include "toro-semaphore.h"

#undef TORO_INSIDE
