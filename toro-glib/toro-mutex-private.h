/* toro-mutex-private.h: the lock that guards each primitive's state
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef GETTEXT_PACKAGE
# error "config.h must be included before toro-mutex-private.h"
#endif

#include <glib.h>

G_BEGIN_DECLS

/* GMutex is futex-based on Linux and invisible to ThreadSanitizer. A TSan
 * build (-Db_sanitize=thread, or -Dpthread_locks=true) guards our state with
 * pthread mutexes instead, so the detector sees every acquire and release
 * of the library's own locks. */
#if TORO_USE_PTHREAD_MUTEX

#include <pthread.h>

typedef pthread_mutex_t ToroMutex;

# define toro_mutex_init(m)   pthread_mutex_init ((m), NULL)
# define toro_mutex_clear(m)  pthread_mutex_destroy (m)
# define toro_mutex_lock(m)   pthread_mutex_lock (m)
# define toro_mutex_unlock(m) pthread_mutex_unlock (m)

#else

typedef GMutex ToroMutex;

# define toro_mutex_init(m)   g_mutex_init (m)
# define toro_mutex_clear(m)  g_mutex_clear (m)
# define toro_mutex_lock(m)   g_mutex_lock (m)
# define toro_mutex_unlock(m) g_mutex_unlock (m)

#endif

G_END_DECLS
