/* toro-queue-private.h: what the subclasses of ToroQueue build on
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "toro-queue.h"

#ifndef GETTEXT_PACKAGE
# error "config.h must be included before toro-queue-private.h"
#endif

#include "toro-item-private.h"
#include "toro-waiter-private.h"

G_BEGIN_DECLS

/* Called with the queue's monitor locked each time an item is accepted,
 * whether it went into the store or straight to a waiting getter. */
typedef void (*ToroQueueItemAdded) (ToroQueue *self,
                                    ToroBatch *batch);

/* From a subclass's instance init: */
void          toro_queue_set_order      (ToroQueue          *self,
                                         ToroItemOrder       order);
void          toro_queue_set_item_added (ToroQueue          *self,
                                         ToroQueueItemAdded  item_added);

/* Before the queue is used: */
void          toro_queue_set_compare    (ToroQueue          *self,
                                         ToroCompareFunc     compare,
                                         gpointer            data,
                                         GDestroyNotify      destroy);

ToroMonitor  *toro_queue_get_monitor    (ToroQueue          *self);

G_END_DECLS
