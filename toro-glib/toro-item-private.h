/* toro-item-private.h: queue items and the stores that order them
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#ifndef GETTEXT_PACKAGE
# error "config.h must be included before toro-item-private.h"
#endif

#include <string.h>

#include <glib-object.h>

#include "toro-priority-queue.h"

G_BEGIN_DECLS

/* One queued item. Items put as GValues keep their value; items put with
 * toro_queue_put_pointer_*() are a G_TYPE_POINTER value plus the function
 * that frees the pointer. An unset item has G_VALUE_TYPE () == 0. */
typedef struct
{
  GValue         value;
  GDestroyNotify pointer_free;
} ToroItem;

#define TORO_ITEM_INIT { G_VALUE_INIT, NULL }

static inline gboolean
toro_item_is_set (const ToroItem *item)
{
  return G_VALUE_TYPE (&item->value) != 0;
}

/* Moves @src into @dest (which must be unset) and leaves @src unset. */
static inline void
toro_item_move (ToroItem *dest,
                ToroItem *src)
{
  *dest = *src;
  memset (src, 0, sizeof *src);
}

void      toro_item_init_value   (ToroItem       *item,
                                  const GValue   *value);
void      toro_item_init_pointer (ToroItem       *item,
                                  gpointer        pointer,
                                  GDestroyNotify  pointer_free);
void      toro_item_clear        (ToroItem       *item);
GValue   *toro_item_steal_value  (ToroItem       *item);
gpointer  toro_item_steal_pointer (ToroItem      *item,
                                   const char    *caller);

gboolean  toro_value_fill         (GValue        *dest,
                                   GValue        *got);

typedef enum
{
  TORO_ITEM_ORDER_FIFO,
  TORO_ITEM_ORDER_LIFO,
  TORO_ITEM_ORDER_PRIORITY,
} ToroItemOrder;

typedef struct
{
  ToroItem item;
  guint64  seq;       /* arrival order: ties in a priority store leave FIFO */
} ToroItemSlot;

/* The items a queue holds, in the queue's order. Guarded by the queue's
 * lock; the compare function runs with that lock held. */
typedef struct
{
  ToroItemSlot    *slots;
  guint            capacity;
  guint            head;       /* FIFO only: index of the oldest item */
  guint            length;
  guint64          next_seq;
  ToroItemOrder    order;
  ToroCompareFunc  compare;
  gpointer         compare_data;
  GDestroyNotify   compare_destroy;
} ToroItemStore;

void  toro_item_store_init        (ToroItemStore    *store,
                                   ToroItemOrder     order);
void  toro_item_store_set_compare (ToroItemStore    *store,
                                   ToroCompareFunc   compare,
                                   gpointer          compare_data,
                                   GDestroyNotify    compare_destroy);
void  toro_item_store_clear       (ToroItemStore    *store);
void  toro_item_store_push        (ToroItemStore    *store,
                                   ToroItem         *item);
void  toro_item_store_pop         (ToroItemStore    *store,
                                   ToroItem         *out);

G_END_DECLS
