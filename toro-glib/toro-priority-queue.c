/* toro-priority-queue.c: a queue that hands out the lowest item first
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "toro-priority-queue.h"

#include "toro-queue-private.h"

/**
 * SECTION:toro-priority-queue
 * @title: ToroPriorityQueue
 * @short_description: A queue that hands out the lowest item first
 * @include: toro-glib/toro-glib.h
 *
 * A #ToroPriorityQueue is Toro's `PriorityQueue`: a #ToroQueue whose gets
 * take the lowest item, as ordered by a #ToroCompareFunc. Items that
 * compare equal leave in the order they came. Use the toro_queue_*()
 * functions on it.
 *
 * Without a compare function (toro_priority_queue_new() with %NULL, or
 * g_object_new() as the bindings' constructors use) items are ordered so
 * that Python and JavaScript numbers and strings sort as their users
 * expect:
 *
 * - numbers first, numerically, whatever their type: every integer type
 *   and float and double compare with each other exactly (a NaN sorts
 *   after every other number);
 * - then strings, bytewise (a %NULL string first);
 * - then everything else, in arrival order.
 *
 * |[<!-- language="C" -->
 * static gint
 * by_deadline (const GValue *a, const GValue *b, gpointer user_data)
 * {
 *   Job *ja = g_value_get_pointer (a), *jb = g_value_get_pointer (b);
 *
 *   return ja->deadline < jb->deadline ? -1 : ja->deadline > jb->deadline;
 * }
 *
 * ToroPriorityQueue *jobs = toro_priority_queue_new (0, by_deadline, NULL, NULL);
 * ]|
 *
 * The compare function runs with the queue's lock held, in whichever
 * thread is putting or getting: it must not call into the queue.
 */

struct _ToroPriorityQueue
{
  ToroQueue parent_instance;
};

G_DEFINE_FINAL_TYPE (ToroPriorityQueue, toro_priority_queue, TORO_TYPE_QUEUE)

typedef enum
{
  KIND_SIGNED,
  KIND_UNSIGNED,
  KIND_FLOATING,
  KIND_STRING,
  KIND_OTHER,
} ValueKind;

typedef struct
{
  ValueKind kind;
  union {
    gint64       s;
    guint64      u;
    double       d;
    const char  *str;
  };
} Classified;

static Classified
classify (const GValue *value)
{
  Classified c = { KIND_OTHER, { 0 } };

  switch (G_TYPE_FUNDAMENTAL (G_VALUE_TYPE (value)))
    {
    case G_TYPE_CHAR:   c.kind = KIND_SIGNED; c.s = g_value_get_schar (value); break;
    case G_TYPE_INT:    c.kind = KIND_SIGNED; c.s = g_value_get_int (value); break;
    case G_TYPE_LONG:   c.kind = KIND_SIGNED; c.s = g_value_get_long (value); break;
    case G_TYPE_INT64:  c.kind = KIND_SIGNED; c.s = g_value_get_int64 (value); break;
    case G_TYPE_UCHAR:  c.kind = KIND_UNSIGNED; c.u = g_value_get_uchar (value); break;
    case G_TYPE_UINT:   c.kind = KIND_UNSIGNED; c.u = g_value_get_uint (value); break;
    case G_TYPE_ULONG:  c.kind = KIND_UNSIGNED; c.u = g_value_get_ulong (value); break;
    case G_TYPE_UINT64: c.kind = KIND_UNSIGNED; c.u = g_value_get_uint64 (value); break;
    case G_TYPE_FLOAT:  c.kind = KIND_FLOATING; c.d = g_value_get_float (value); break;
    case G_TYPE_DOUBLE: c.kind = KIND_FLOATING; c.d = g_value_get_double (value); break;
    case G_TYPE_STRING: c.kind = KIND_STRING; c.str = g_value_get_string (value); break;
    default: break;
    }

  return c;
}

static inline int
sign (int cmp)
{
  return (cmp > 0) - (cmp < 0);
}

#define CMP(a, b) (((a) > (b)) - ((a) < (b)))

/* 2^63 and 2^64, exactly representable as doubles. */
#define TWO_POW_63 9223372036854775808.0
#define TWO_POW_64 18446744073709551616.0

/* The sign of i - d, exactly. NaN is above every number. */
static int
compare_signed_double (gint64 i,
                       double d)
{
  gint64 whole;
  double frac;

  if (isnan (d) || d >= TWO_POW_63)
    return -1;
  if (d < -TWO_POW_63)
    return 1;

  whole = (gint64) d;          /* truncates towards zero; in range */
  if (i != whole)
    return CMP (i, whole);
  frac = d - (double) whole;   /* exact */
  return CMP (0.0, frac);
}

static int
compare_unsigned_double (guint64 u,
                         double  d)
{
  guint64 whole;
  double frac;

  if (isnan (d) || d >= TWO_POW_64)
    return -1;
  if (d < 0)
    return 1;

  whole = (guint64) d;
  if (u != whole)
    return CMP (u, whole);
  frac = d - (double) whole;
  return CMP (0.0, frac);
}

static int
compare_signed_unsigned (gint64  s,
                         guint64 u)
{
  if (s < 0)
    return -1;
  return CMP ((guint64) s, u);
}

static int
compare_doubles (double a,
                 double b)
{
  if (isnan (a) || isnan (b))
    return CMP (isnan (a), isnan (b));
  return CMP (a, b);
}

static gboolean
is_number (ValueKind kind)
{
  return kind <= KIND_FLOATING;
}

/* Numbers, then strings, then the rest (equal to each other). */
static gint
compare_default (const GValue *a,
                 const GValue *b,
                 gpointer      user_data)
{
  Classified ca = classify (a);
  Classified cb = classify (b);

  if (is_number (ca.kind) && is_number (cb.kind))
    {
      switch (ca.kind * 3 + cb.kind)
        {
        case KIND_SIGNED * 3 + KIND_SIGNED:       return CMP (ca.s, cb.s);
        case KIND_SIGNED * 3 + KIND_UNSIGNED:     return compare_signed_unsigned (ca.s, cb.u);
        case KIND_SIGNED * 3 + KIND_FLOATING:     return compare_signed_double (ca.s, cb.d);
        case KIND_UNSIGNED * 3 + KIND_SIGNED:     return -compare_signed_unsigned (cb.s, ca.u);
        case KIND_UNSIGNED * 3 + KIND_UNSIGNED:   return CMP (ca.u, cb.u);
        case KIND_UNSIGNED * 3 + KIND_FLOATING:   return compare_unsigned_double (ca.u, cb.d);
        case KIND_FLOATING * 3 + KIND_SIGNED:     return -compare_signed_double (cb.s, ca.d);
        case KIND_FLOATING * 3 + KIND_UNSIGNED:   return -compare_unsigned_double (cb.u, ca.d);
        case KIND_FLOATING * 3 + KIND_FLOATING:
        default:                                  return compare_doubles (ca.d, cb.d);
        }
    }

  if (is_number (ca.kind) || is_number (cb.kind))
    return is_number (ca.kind) ? -1 : 1;

  if (ca.kind == KIND_STRING && cb.kind == KIND_STRING)
    {
      if (ca.str == NULL || cb.str == NULL)
        return CMP (ca.str != NULL, cb.str != NULL);
      return sign (strcmp (ca.str, cb.str));
    }

  return CMP (ca.kind, cb.kind);
}

static void
toro_priority_queue_class_init (ToroPriorityQueueClass *klass)
{
}

static void
toro_priority_queue_init (ToroPriorityQueue *self)
{
  toro_queue_set_order (TORO_QUEUE (self), TORO_ITEM_ORDER_PRIORITY);
  toro_queue_set_compare (TORO_QUEUE (self), compare_default, NULL, NULL);
}

/**
 * toro_priority_queue_new:
 * @maxsize: how many items the queue holds before puts wait, or 0 for no
 *   limit
 * @compare: (nullable) (scope notified) (closure data) (destroy destroy):
 *   orders the items, or %NULL for numbers, then strings
 * @data: data passed to @compare
 * @destroy: (nullable): frees @data when the queue is finalized
 *
 * Creates an empty queue that hands out the lowest item first.
 *
 * Returns: (transfer full): a new #ToroPriorityQueue
 *
 * Since: 1.0
 */
ToroPriorityQueue *
toro_priority_queue_new (guint            maxsize,
                         ToroCompareFunc  compare,
                         gpointer         data,
                         GDestroyNotify   destroy)
{
  ToroPriorityQueue *self = g_object_new (TORO_TYPE_PRIORITY_QUEUE, "maxsize", maxsize, NULL);

  /* Nobody else can see the queue yet. */
  toro_queue_set_compare (TORO_QUEUE (self), compare != NULL ? compare : compare_default,
                          data, destroy);

  return self;
}
