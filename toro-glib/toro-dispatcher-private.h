/* toro-dispatcher-private.h: one completion source and timer per GMainContext
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef GETTEXT_PACKAGE
# error "config.h must be included before toro-dispatcher-private.h"
#endif

#include "toro-waiter-private.h"

G_BEGIN_DECLS

/* Each GMainContext that toro-glib completes waiters in gets one
 * ToroDispatcher: a GSource that holds
 *  - the ready list: waiters whose outcome is decided, delivered in order
 *    from this source's dispatch (up to a budget per dispatch, so that a
 *    ping-pong of callbacks cannot starve the context's other sources);
 *  - the deadline heap: every pending deadline of the context in one
 *    binary heap, with the source's ready time set to the earliest.
 * So an idle iteration costs O(1) however many waiters are pending, adding
 * or removing a deadline costs O(log n), and a burst of completions costs
 * one dispatch, not one GSource each. */

ToroDispatcher *toro_dispatcher_hold_thread_default (ToroThreadState *state);
void            toro_dispatcher_release             (ToroDispatcher *dispatcher);

void            toro_dispatcher_add_deadline       (ToroDispatcher *dispatcher,
                                                    ToroWaiter     *waiter);
void            toro_dispatcher_push               (ToroDispatcher *dispatcher,
                                                    ToroWaiter     *waiter);

G_END_DECLS
