/* toro-item.c: queue items and the stores that order them
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "toro-item-private.h"

/* A value of one of these types is plain data: copied by assignment and
 * unset by forgetting it, with no call into the type system. */
static inline gboolean
value_is_plain (GType type)
{
  switch (type)
    {
    case G_TYPE_CHAR:
    case G_TYPE_UCHAR:
    case G_TYPE_BOOLEAN:
    case G_TYPE_INT:
    case G_TYPE_UINT:
    case G_TYPE_LONG:
    case G_TYPE_ULONG:
    case G_TYPE_INT64:
    case G_TYPE_UINT64:
    case G_TYPE_FLOAT:
    case G_TYPE_DOUBLE:
    case G_TYPE_POINTER:
      return TRUE;

    default:
      return FALSE;
    }
}

void
toro_item_init_value (ToroItem     *item,
                      const GValue *value)
{
  g_assert (!toro_item_is_set (item));

  if (value_is_plain (G_VALUE_TYPE (value)))
    {
      item->value = *value;
    }
  else
    {
      g_value_init (&item->value, G_VALUE_TYPE (value));
      g_value_copy (value, &item->value);
    }
  item->pointer_free = NULL;
}

void
toro_item_init_pointer (ToroItem       *item,
                        gpointer        pointer,
                        GDestroyNotify  pointer_free)
{
  g_assert (!toro_item_is_set (item));

  g_value_init (&item->value, G_TYPE_POINTER);
  g_value_set_pointer (&item->value, pointer);
  item->pointer_free = pointer_free;
}

/* Frees what the item holds. Never call with a lock held: a value's free
 * function may be anything (the last unref of a GObject, say). */
void
toro_item_clear (ToroItem *item)
{
  if (!toro_item_is_set (item))
    return;

  if (item->pointer_free != NULL)
    {
      gpointer pointer = g_value_get_pointer (&item->value);

      if (pointer != NULL)
        item->pointer_free (pointer);
    }

  if (value_is_plain (G_VALUE_TYPE (&item->value)))
    memset (&item->value, 0, sizeof item->value);
  else
    g_value_unset (&item->value);
  item->pointer_free = NULL;
}

/* Transfers the item to a newly allocated GValue. A pointer item becomes a
 * G_TYPE_POINTER value, and the caller now owns the pointer. */
GValue *
toro_item_steal_value (ToroItem *item)
{
  GValue *value;

  g_assert (toro_item_is_set (item));

  value = g_new (GValue, 1);
  *value = item->value;
  memset (item, 0, sizeof *item);

  return value;
}

/* Transfers the item out as a pointer the caller owns: the pointer of a
 * pointer item, or the contents of a value that holds a pointer (a string,
 * object, boxed, variant or param value; for a G_TYPE_POINTER value the
 * pointer itself). Any other value is a programming error. */
gpointer
toro_item_steal_pointer (ToroItem   *item,
                         const char *caller)
{
  GValue *value = &item->value;
  gpointer pointer = NULL;

  g_assert (toro_item_is_set (item));

  switch (G_TYPE_FUNDAMENTAL (G_VALUE_TYPE (value)))
    {
    case G_TYPE_POINTER:
      pointer = g_value_get_pointer (value);
      item->pointer_free = NULL;
      break;

    case G_TYPE_STRING:
      pointer = g_value_dup_string (value);
      break;

    case G_TYPE_OBJECT:
    case G_TYPE_INTERFACE:
      pointer = g_value_dup_object (value);
      break;

    case G_TYPE_BOXED:
      pointer = g_value_dup_boxed (value);
      break;

    case G_TYPE_VARIANT:
      pointer = g_value_dup_variant (value);
      break;

    case G_TYPE_PARAM:
      pointer = g_value_dup_param (value);
      break;

    default:
      g_critical ("%s: the item is a %s, which does not hold a pointer; "
                  "use the GValue variant of this function",
                  caller, G_VALUE_TYPE_NAME (value));
      break;
    }

  toro_item_clear (item);

  return pointer;
}

/* For the *_into () getters: moves @got, a newly allocated value from a
 * getter (or %NULL if it failed), into the caller's empty @dest and frees
 * its shell. On failure @dest becomes a %NULL G_TYPE_POINTER, so that the
 * caller can unset it either way. Returns whether there was a value. */
gboolean
toro_value_fill (GValue *dest,
                 GValue *got)
{
  if (got == NULL)
    {
      g_value_init (dest, G_TYPE_POINTER);
      return FALSE;
    }

  *dest = *got;
  g_free (got);
  return TRUE;
}

void
toro_item_store_init (ToroItemStore *store,
                      ToroItemOrder  order)
{
  memset (store, 0, sizeof *store);
  store->order = order;
}

void
toro_item_store_set_compare (ToroItemStore   *store,
                             ToroCompareFunc  compare,
                             gpointer         compare_data,
                             GDestroyNotify   compare_destroy)
{
  g_assert (store->length == 0);
  g_assert (store->compare_destroy == NULL);

  store->compare = compare;
  store->compare_data = compare_data;
  store->compare_destroy = compare_destroy;
}

/* Frees every item and the comparator's data. Called from finalize, with
 * no lock held. */
void
toro_item_store_clear (ToroItemStore *store)
{
  for (guint i = 0; i < store->length; i++)
    {
      guint index = store->head + i;

      if (index >= store->capacity)
        index -= store->capacity;
      toro_item_clear (&store->slots[index].item);
    }
  store->length = 0;

  g_clear_pointer (&store->slots, g_free);
  store->capacity = 0;
  store->head = 0;

  if (store->compare_destroy != NULL)
    store->compare_destroy (store->compare_data);
  store->compare = NULL;
  store->compare_data = NULL;
  store->compare_destroy = NULL;
}

static void
toro_item_store_grow (ToroItemStore *store)
{
  guint new_capacity = store->capacity == 0 ? 8 : store->capacity * 2;

  g_assert (new_capacity > store->capacity);
  store->slots = g_renew (ToroItemSlot, store->slots, new_capacity);

  /* A FIFO ring that wraps around: move the wrapped part to the end of the
   * new space so that the items stay contiguous from head. */
  if (store->order == TORO_ITEM_ORDER_FIFO && store->head + store->length > store->capacity)
    {
      guint wrapped = store->head + store->length - store->capacity;

      memcpy (store->slots + store->capacity, store->slots, wrapped * sizeof (ToroItemSlot));
    }

  store->capacity = new_capacity;
}

/* Does slot a leave before slot b? Lowest first, then arrival order. */
static inline gboolean
slot_before (ToroItemStore      *store,
             const ToroItemSlot *a,
             const ToroItemSlot *b)
{
  int cmp = store->compare (&a->item.value, &b->item.value, store->compare_data);

  return cmp < 0 || (cmp == 0 && a->seq < b->seq);
}

static void
heap_sift_up (ToroItemStore *store,
              guint          i)
{
  ToroItemSlot slot = store->slots[i];

  while (i > 0)
    {
      guint parent = (i - 1) / 2;

      if (!slot_before (store, &slot, &store->slots[parent]))
        break;
      store->slots[i] = store->slots[parent];
      i = parent;
    }

  store->slots[i] = slot;
}

static void
heap_sift_down (ToroItemStore *store,
                guint          i)
{
  ToroItemSlot slot = store->slots[i];
  guint n = store->length;

  for (;;)
    {
      guint child = 2 * i + 1;

      if (child >= n)
        break;
      if (child + 1 < n && slot_before (store, &store->slots[child + 1], &store->slots[child]))
        child++;
      if (!slot_before (store, &store->slots[child], &slot))
        break;
      store->slots[i] = store->slots[child];
      i = child;
    }

  store->slots[i] = slot;
}

/* Takes ownership of @item (left unset). */
void
toro_item_store_push (ToroItemStore *store,
                      ToroItem      *item)
{
  ToroItemSlot *slot;
  guint index;

  if (store->length == store->capacity)
    toro_item_store_grow (store);

  switch (store->order)
    {
    case TORO_ITEM_ORDER_FIFO:
      index = store->head + store->length;
      if (index >= store->capacity)
        index -= store->capacity;
      break;

    case TORO_ITEM_ORDER_LIFO:
    case TORO_ITEM_ORDER_PRIORITY:
    default:
      index = store->length;
      break;
    }

  slot = &store->slots[index];
  toro_item_move (&slot->item, item);
  slot->seq = store->next_seq++;
  store->length++;

  if (store->order == TORO_ITEM_ORDER_PRIORITY)
    heap_sift_up (store, index);
}

/* Moves the next item, in the store's order, into @out (which must be
 * unset). The store must not be empty. */
void
toro_item_store_pop (ToroItemStore *store,
                     ToroItem      *out)
{
  g_assert (store->length > 0);

  switch (store->order)
    {
    case TORO_ITEM_ORDER_FIFO:
      toro_item_move (out, &store->slots[store->head].item);
      store->head++;
      if (store->head == store->capacity)
        store->head = 0;
      store->length--;
      if (store->length == 0)
        store->head = 0;
      break;

    case TORO_ITEM_ORDER_LIFO:
      store->length--;
      toro_item_move (out, &store->slots[store->length].item);
      break;

    case TORO_ITEM_ORDER_PRIORITY:
    default:
      toro_item_move (out, &store->slots[0].item);
      store->length--;
      if (store->length > 0)
        {
          store->slots[0] = store->slots[store->length];
          heap_sift_down (store, 0);
        }
      break;
    }
}
