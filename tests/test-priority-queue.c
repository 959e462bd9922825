/* test-priority-queue.c: ToroPriorityQueue
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <math.h>

#include "toro-test-util.h"

/* Helpers */

static void
put_value (ToroQueue    *queue,
           GValue       *value)
{
  GError *error = NULL;

  g_assert_true (toro_queue_put_nowait (queue, value, &error));
  g_assert_no_error (error);
  g_value_unset (value);
}

static void
put_string (ToroQueue  *queue,
            const char *string)
{
  GValue value = G_VALUE_INIT;

  g_value_init (&value, G_TYPE_STRING);
  g_value_set_string (&value, string);
  put_value (queue, &value);
}

static void
put_string_async (ToroQueue   *queue,
                  const char  *string,
                  ToroTestRec *rec)
{
  GValue value = G_VALUE_INIT;

  g_value_init (&value, G_TYPE_STRING);
  g_value_set_string (&value, string);
  toro_queue_put_async (queue, &value, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, rec);
  g_value_unset (&value);
}

static char *
get_string (ToroQueue *queue)
{
  GError *error = NULL;
  GValue *value = toro_queue_get_nowait (queue, &error);
  char *string;

  g_assert_no_error (error);
  g_assert_nonnull (value);
  g_assert_true (G_VALUE_HOLDS_STRING (value));
  string = g_value_dup_string (value);
  g_boxed_free (G_TYPE_VALUE, value);

  return string;
}

static void
assert_get_string (ToroQueue  *queue,
                   const char *expected)
{
  char *string = get_string (queue);

  g_assert_cmpstr (string, ==, expected);
  g_free (string);
}

/* A readable name for a value, to compare orders as strings. */
static char *
describe (const GValue *value)
{
  switch (G_TYPE_FUNDAMENTAL (G_VALUE_TYPE (value)))
    {
    case G_TYPE_CHAR:
      return g_strdup_printf ("char:%d", g_value_get_schar (value));
    case G_TYPE_UCHAR:
      return g_strdup_printf ("uchar:%u", g_value_get_uchar (value));
    case G_TYPE_INT:
      return g_strdup_printf ("int:%d", g_value_get_int (value));
    case G_TYPE_UINT:
      return g_strdup_printf ("uint:%u", g_value_get_uint (value));
    case G_TYPE_LONG:
      return g_strdup_printf ("long:%ld", g_value_get_long (value));
    case G_TYPE_ULONG:
      return g_strdup_printf ("ulong:%lu", g_value_get_ulong (value));
    case G_TYPE_INT64:
      return g_strdup_printf ("int64:%" G_GINT64_FORMAT, g_value_get_int64 (value));
    case G_TYPE_UINT64:
      return g_strdup_printf ("uint64:%" G_GUINT64_FORMAT, g_value_get_uint64 (value));
    case G_TYPE_FLOAT:
      return g_strdup_printf ("float:%.9g", (double) g_value_get_float (value));
    case G_TYPE_DOUBLE:
      return g_strdup_printf ("double:%.17g", g_value_get_double (value));
    case G_TYPE_STRING:
      if (g_value_get_string (value) == NULL)
        return g_strdup ("string:NULL");
      return g_strdup_printf ("string:'%s'", g_value_get_string (value));
    case G_TYPE_BOOLEAN:
      return g_strdup_printf ("bool:%d", g_value_get_boolean (value));
    case G_TYPE_OBJECT:
      return g_strdup_printf ("object:%s", (const char *)
                              g_object_get_data (g_value_get_object (value), "label"));
    case G_TYPE_POINTER:
      return g_strdup_printf ("pointer:%s", (const char *) g_value_get_pointer (value));
    default:
      return g_strdup (G_VALUE_TYPE_NAME (value));
    }
}

/* Empties @queue with get_nowait, describing each item. */
static char *
drain (ToroQueue *queue)
{
  GString *out = g_string_new (NULL);
  GValue *value;

  while ((value = toro_queue_get_nowait (queue, NULL)) != NULL)
    {
      char *entry = describe (value);

      toro_test_log (out, entry);
      g_free (entry);
      g_boxed_free (G_TYPE_VALUE, value);
    }

  return g_string_free (out, FALSE);
}

/* Construction */

static void
test_priority_queue_new (void)
{
  g_autoptr(ToroPriorityQueue) plain = toro_priority_queue_new (0, NULL, NULL, NULL);
  g_autoptr(ToroQueue) queue = g_object_new (TORO_TYPE_PRIORITY_QUEUE, "maxsize", 2, NULL);

  g_test_summary ("A PriorityQueue is a ToroQueue; g_object_new with maxsize works and orders "
                  "numbers by default");

  g_assert_true (TORO_IS_QUEUE (plain));
  g_assert_true (TORO_IS_PRIORITY_QUEUE (queue));
  g_assert_cmpuint (toro_queue_get_maxsize (TORO_QUEUE (plain)), ==, 0);
  g_assert_cmpuint (toro_queue_get_maxsize (queue), ==, 2);

  toro_test_put_int (queue, 3);
  toro_test_put_int (queue, 1);
  g_assert_true (toro_queue_full (queue));
  toro_test_assert_put_full (queue, 2);
  g_assert_cmpint (toro_test_get_int (queue), ==, 1);
  toro_test_put_int (queue, 2);
  g_assert_cmpint (toro_test_get_int (queue), ==, 2);
  g_assert_cmpint (toro_test_get_int (queue), ==, 3);
  toro_test_assert_get_empty (queue);

  /* maxsize 0: unbounded. */
  for (int i = 200; i > 0; i--)
    toro_test_put_int (TORO_QUEUE (plain), i);
  g_assert_false (toro_queue_full (TORO_QUEUE (plain)));
  for (int i = 1; i <= 200; i++)
    g_assert_cmpint (toro_test_get_int (TORO_QUEUE (plain)), ==, i);
}

/* Order */

static void
test_priority_queue_get_lowest_first (void)
{
  g_autoptr(ToroQueue) queue = TORO_QUEUE (toro_priority_queue_new (0, NULL, NULL, NULL));

  g_test_summary ("put_nowait 111, 333, 222: a PriorityQueue gives them back as 111, 222, 333 "
                  "(toro simple_queue_test)");

  toro_test_put_int (queue, 111);
  toro_test_put_int (queue, 333);
  toro_test_put_int (queue, 222);

  g_assert_cmpint (toro_test_get_int (queue), ==, 111);
  g_assert_cmpint (toro_test_get_int (queue), ==, 222);
  g_assert_cmpint (toro_test_get_int (queue), ==, 333);
  toro_test_assert_get_empty (queue);
}

static void
test_priority_queue_get_equal_fifo (void)
{
  g_autoptr(ToroQueue) queue = TORO_QUEUE (toro_priority_queue_new (0, NULL, NULL, NULL));
  GValue value = G_VALUE_INIT;
  g_autofree char *order = NULL;

  g_test_summary ("Equal items leave in the order they came, whatever their number types");

  toro_test_put_int (queue, 2);
  g_value_init (&value, G_TYPE_DOUBLE);
  g_value_set_double (&value, 1.0);
  put_value (queue, &value);
  g_value_init (&value, G_TYPE_UINT64);
  g_value_set_uint64 (&value, 1);
  put_value (queue, &value);
  toro_test_put_int (queue, 1);
  g_value_init (&value, G_TYPE_FLOAT);
  g_value_set_float (&value, 1.0f);
  put_value (queue, &value);
  g_value_init (&value, G_TYPE_CHAR);
  g_value_set_schar (&value, 1);
  put_value (queue, &value);
  toro_test_put_int (queue, 0);
  g_value_init (&value, G_TYPE_LONG);
  g_value_set_long (&value, 1);
  put_value (queue, &value);

  order = drain (queue);
  g_assert_cmpstr (order, ==,
                   "int:0 double:1 uint64:1 int:1 float:1 char:1 long:1 int:2");
}

/* A key with its arrival number, queued as a pointer. */
typedef struct
{
  int   key;
  guint seq;
} Keyed;

static gint
compare_keyed (const GValue *a,
               const GValue *b,
               gpointer      user_data)
{
  const Keyed *ka = g_value_get_pointer (a);
  const Keyed *kb = g_value_get_pointer (b);

  (*(guint *) user_data)++;
  return (ka->key > kb->key) - (ka->key < kb->key);
}

static void
test_priority_queue_get_stable_random (void)
{
  guint n_compares = 0;
  g_autoptr(ToroQueue) queue = TORO_QUEUE (toro_priority_queue_new (0, compare_keyed,
                                                                    &n_compares, NULL));
  g_autoptr(GPtrArray) model = g_ptr_array_new_with_free_func (g_free);
  guint next_seq = 0;

  g_test_summary ("Interleaved puts and gets of 2000 items with few distinct keys: each get takes "
                  "the lowest key, and among equal keys the oldest");

  for (guint step = 0; step < 4000; step++)
    {
      gboolean put = model->len == 0 || g_test_rand_int_range (0, 100) < (step < 2000 ? 65 : 35);

      if (put)
        {
          Keyed *item = g_new (Keyed, 1);

          item->key = g_test_rand_int_range (0, 8);
          item->seq = next_seq++;
          g_assert_true (toro_queue_put_pointer_nowait (queue, item, NULL, NULL));
          g_ptr_array_add (model, item);
        }
      else
        {
          Keyed *got = toro_queue_get_pointer_nowait (queue, NULL);
          guint best = 0;

          g_assert_nonnull (got);
          for (guint i = 1; i < model->len; i++)
            {
              Keyed *candidate = g_ptr_array_index (model, i);
              Keyed *current = g_ptr_array_index (model, best);

              if (candidate->key < current->key ||
                  (candidate->key == current->key && candidate->seq < current->seq))
                best = i;
            }
          g_assert_true (got == g_ptr_array_index (model, best));
          g_ptr_array_remove_index (model, best);   /* frees got */
        }
      g_assert_cmpuint (toro_queue_qsize (queue), ==, model->len);
    }

  /* Drain what is left, still in order. */
  while (model->len > 0)
    {
      Keyed *got = toro_queue_get_pointer_nowait (queue, NULL);
      guint best = 0;

      for (guint i = 1; i < model->len; i++)
        {
          Keyed *candidate = g_ptr_array_index (model, i);
          Keyed *current = g_ptr_array_index (model, best);

          if (candidate->key < current->key ||
              (candidate->key == current->key && candidate->seq < current->seq))
            best = i;
        }
      g_assert_true (got == g_ptr_array_index (model, best));
      g_ptr_array_remove_index (model, best);
    }
  toro_test_assert_get_empty (queue);
  g_assert_cmpuint (n_compares, >, 0);
}

static void
test_priority_queue_get_many (void)
{
  g_autoptr(ToroQueue) queue = TORO_QUEUE (toro_priority_queue_new (0, NULL, NULL, NULL));
  g_autoptr(GArray) model = g_array_new (FALSE, FALSE, sizeof (int));

  g_test_summary ("1000 random integers come out sorted, with gets interleaved");

  for (guint i = 0; i < 1000; i++)
    {
      int n = g_test_rand_int_range (-100000, 100000);

      toro_test_put_int (queue, n);
      g_array_append_val (model, n);
      if (i % 7 == 6)
        {
          int lowest = G_MAXINT;
          guint at = 0;

          for (guint j = 0; j < model->len; j++)
            if (g_array_index (model, int, j) < lowest)
              {
                lowest = g_array_index (model, int, j);
                at = j;
              }
          g_assert_cmpint (toro_test_get_int (queue), ==, lowest);
          g_array_remove_index_fast (model, at);
        }
    }

  {
    int previous = G_MININT;

    g_assert_cmpuint (toro_queue_qsize (queue), ==, model->len);
    for (guint i = 0; i < model->len; i++)
      {
        int n = toro_test_get_int (queue);

        g_assert_cmpint (n, >=, previous);
        previous = n;
      }
    toro_test_assert_get_empty (queue);
  }
}

/* The default compare */

static void
test_priority_queue_compare_numbers (void)
{
  g_autoptr(ToroQueue) queue = TORO_QUEUE (toro_priority_queue_new (0, NULL, NULL, NULL));
  GValue value = G_VALUE_INIT;
  g_autofree char *order = NULL;

  g_test_summary ("The default compare orders every integer and floating type together, exactly: "
                  "G_MAXINT64 < 2^63 and G_MAXUINT64 < 2^64 as doubles, 2^53 + 1 > 2^53, "
                  "-1 < G_MAXUINT64; "
                  "equal values keep arrival order; NaN after every number");

#define PUT(gtype, setter, v) \
  G_STMT_START { \
    g_value_init (&value, gtype); \
    setter (&value, v); \
    put_value (queue, &value); \
  } G_STMT_END

  PUT (G_TYPE_DOUBLE, g_value_set_double, NAN);
  PUT (G_TYPE_DOUBLE, g_value_set_double, INFINITY);
  PUT (G_TYPE_DOUBLE, g_value_set_double, 18446744073709551616.0);      /* 2^64 */
  PUT (G_TYPE_UINT64, g_value_set_uint64, G_MAXUINT64);
  PUT (G_TYPE_DOUBLE, g_value_set_double, 9223372036854775808.0);       /* 2^63 */
  PUT (G_TYPE_INT64, g_value_set_int64, G_MAXINT64);
  PUT (G_TYPE_UINT64, g_value_set_uint64, G_GUINT64_CONSTANT (9223372036854775808));
  PUT (G_TYPE_INT64, g_value_set_int64, G_GINT64_CONSTANT (9007199254740993));  /* 2^53 + 1 */
  PUT (G_TYPE_DOUBLE, g_value_set_double, 9007199254740992.0);          /* 2^53 */
  PUT (G_TYPE_ULONG, g_value_set_ulong, 7);
  PUT (G_TYPE_UCHAR, g_value_set_uchar, 200);
  PUT (G_TYPE_UINT, g_value_set_uint, 1);
  PUT (G_TYPE_FLOAT, g_value_set_float, 0.5f);
  PUT (G_TYPE_DOUBLE, g_value_set_double, -0.0);
  PUT (G_TYPE_INT, g_value_set_int, 0);
  PUT (G_TYPE_LONG, g_value_set_long, -3);
  PUT (G_TYPE_CHAR, g_value_set_schar, -5);
  PUT (G_TYPE_INT64, g_value_set_int64, -1);
  PUT (G_TYPE_DOUBLE, g_value_set_double, -9223372036854775808.0);      /* -2^63 */
  PUT (G_TYPE_INT64, g_value_set_int64, G_MININT64);
  PUT (G_TYPE_DOUBLE, g_value_set_double, -1e300);
  PUT (G_TYPE_DOUBLE, g_value_set_double, -INFINITY);
  PUT (G_TYPE_FLOAT, g_value_set_float, NAN);
  PUT (G_TYPE_UINT64, g_value_set_uint64, 0);
  PUT (G_TYPE_DOUBLE, g_value_set_double, 0.25);
  PUT (G_TYPE_INT, g_value_set_int, G_MININT);
  PUT (G_TYPE_DOUBLE, g_value_set_double, -2147483648.5);

#undef PUT

  order = drain (queue);
  g_assert_cmpstr (order, ==,
                   "double:-inf "
                   "double:-1.0000000000000001e+300 "
                   "double:-9.2233720368547758e+18 int64:-9223372036854775808 "
                   "double:-2147483648.5 "
                   "int:-2147483648 "
                   "char:-5 "
                   "long:-3 "
                   "int64:-1 "
                   "double:-0 int:0 uint64:0 "
                   "double:0.25 "
                   "float:0.5 "
                   "uint:1 "
                   "ulong:7 "
                   "uchar:200 "
                   "double:9007199254740992 "
                   "int64:9007199254740993 "
                   "int64:9223372036854775807 "
                   "double:9.2233720368547758e+18 uint64:9223372036854775808 "
                   "uint64:18446744073709551615 "
                   "double:1.8446744073709552e+19 "
                   "double:inf "
                   "double:nan float:nan");
}

static void
test_priority_queue_compare_strings_and_others (void)
{
  g_autoptr(ToroQueue) queue = TORO_QUEUE (toro_priority_queue_new (0, NULL, NULL, NULL));
  g_autoptr(GObject) object = g_object_new (G_TYPE_OBJECT, NULL);
  GValue value = G_VALUE_INIT;
  g_autofree char *order = NULL;
  static char pointer_label[] = "p";

  g_test_summary ("The default compare puts numbers first, then strings bytewise (NULL first), "
                  "then everything else in arrival order");

  g_object_set_data (object, "label", (gpointer) "x");

  put_string (queue, "b");
  g_value_init (&value, G_TYPE_BOOLEAN);
  g_value_set_boolean (&value, TRUE);
  put_value (queue, &value);
  put_string (queue, "a");
  g_value_init (&value, G_TYPE_OBJECT);
  g_value_set_object (&value, object);
  put_value (queue, &value);
  toro_test_put_int (queue, 5);
  put_string (queue, NULL);
  g_value_init (&value, G_TYPE_POINTER);
  g_value_set_pointer (&value, pointer_label);
  put_value (queue, &value);
  put_string (queue, "B");
  put_string (queue, "\xc3\xa9");     /* é: bytes above ASCII */
  put_string (queue, "ab");
  g_value_init (&value, G_TYPE_BOOLEAN);
  g_value_set_boolean (&value, FALSE);
  put_value (queue, &value);
  g_value_init (&value, G_TYPE_DOUBLE);
  g_value_set_double (&value, 1.5);
  put_value (queue, &value);
  put_string (queue, "");
  put_string (queue, "z");

  order = drain (queue);
  g_assert_cmpstr (order, ==,
                   "double:1.5 int:5 "
                   "string:NULL string:'' string:'B' string:'a' string:'ab' string:'b' string:'z' "
                   "string:'\xc3\xa9' "
                   "bool:1 object:x pointer:p bool:0");
}

typedef struct
{
  guint n_compares;
  guint n_destroyed;
} CompareData;

static gint
compare_reversed (const GValue *a,
                  const GValue *b,
                  gpointer      user_data)
{
  CompareData *data = user_data;

  data->n_compares++;
  return g_value_get_int (b) - g_value_get_int (a);
}

static void
compare_data_destroy (gpointer user_data)
{
  ((CompareData *) user_data)->n_destroyed++;
}

static void
test_priority_queue_compare_custom (void)
{
  CompareData data = { 0, 0 };
  ToroQueue *queue = TORO_QUEUE (toro_priority_queue_new (0, compare_reversed, &data,
                                                          compare_data_destroy));
  guint finalized = 0;

  g_test_summary ("A custom compare gets its data, decides the order, and its destroy notify "
                  "runs once at finalize");

  g_object_weak_ref (G_OBJECT (queue), toro_test_weak_count_cb, &finalized);

  toro_test_put_int (queue, 1);
  toro_test_put_int (queue, 3);
  toro_test_put_int (queue, 2);
  toro_test_put_int (queue, 3);
  g_assert_cmpuint (data.n_compares, >, 0);

  g_assert_cmpint (toro_test_get_int (queue), ==, 3);
  g_assert_cmpint (toro_test_get_int (queue), ==, 3);
  g_assert_cmpint (toro_test_get_int (queue), ==, 2);
  toro_test_put_int (queue, 0);
  g_assert_cmpint (toro_test_get_int (queue), ==, 1);
  g_assert_cmpuint (data.n_destroyed, ==, 0);

  /* Finalized with an item still in it. */
  g_object_unref (queue);
  g_assert_cmpuint (finalized, ==, 1);
  g_assert_cmpuint (data.n_destroyed, ==, 1);
}

/* Waiters */

static void
test_priority_queue_blocked_putters (void)
{
  g_autoptr(ToroQueue) queue = TORO_QUEUE (toro_priority_queue_new (2, NULL, NULL, NULL));
  ToroTestRec pc, pd, g_a, g_c;

  g_test_summary ("PriorityQueue(2) holding 1a, 0b with put(3c), put(2d) waiting: 0b, 1a, 2d, 3c "
                  "(tornado PriorityQueueJoinTest::test_order)");

  toro_test_rec_init (&pc, "pc", NULL);
  toro_test_rec_init (&pd, "pd", NULL);
  toro_test_rec_init (&g_a, "ga", NULL);
  toro_test_rec_init (&g_c, "gc", NULL);

  put_string (queue, "1a");
  put_string (queue, "0b");
  put_string_async (queue, "3c", &pc);
  put_string_async (queue, "2d", &pd);
  g_assert_cmpuint (toro_queue_debug_n_putters (queue), ==, 2);

  assert_get_string (queue, "0b");
  g_assert_cmpuint (toro_queue_debug_n_putters (queue), ==, 1);
  g_assert_cmpuint (toro_queue_qsize (queue), ==, 2);
  g_assert_cmpuint (pc.done, ==, 0);

  toro_queue_get_async (queue, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &g_a);
  g_assert_cmpuint (toro_queue_debug_n_putters (queue), ==, 0);
  toro_test_wait (&g_a);
  toro_test_assert_ok (&g_a);
  g_assert_cmpstr (g_value_get_string (g_a.value), ==, "1a");

  assert_get_string (queue, "2d");

  toro_queue_get_async (queue, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &g_c);
  toro_test_wait (&g_c);
  toro_test_assert_ok (&g_c);
  g_assert_cmpstr (g_value_get_string (g_c.value), ==, "3c");

  toro_test_wait (&pc);
  toro_test_wait (&pd);
  toro_test_assert_ok (&pc);
  toro_test_assert_ok (&pd);
  toro_test_assert_get_empty (queue);

  toro_test_rec_clear (&pc);
  toro_test_rec_clear (&pd);
  toro_test_rec_clear (&g_a);
  toro_test_rec_clear (&g_c);
}

static void
test_priority_queue_admitted_putter_first (void)
{
  g_autoptr(ToroQueue) queue = TORO_QUEUE (toro_priority_queue_new (1, NULL, NULL, NULL));
  ToroTestRec p;

  g_test_summary ("PriorityQueue(1) holding 5, put(1) waiting: get_nowait admits 1 first and "
                  "returns it; 5 stays");

  toro_test_rec_init (&p, "p", NULL);
  toro_test_put_int (queue, 5);
  toro_test_put_int_async (queue, 1, TORO_NO_DEADLINE, NULL, &p);

  g_assert_cmpint (toro_test_get_int (queue), ==, 1);
  g_assert_true (toro_queue_full (queue));
  g_assert_cmpuint (p.done, ==, 0);
  toro_test_wait (&p);
  toro_test_assert_ok (&p);
  g_assert_cmpint (toro_test_get_int (queue), ==, 5);
  toro_test_assert_get_empty (queue);
  toro_test_rec_clear (&p);
}

static void
test_priority_queue_getters_fifo (void)
{
  g_autoptr(ToroQueue) queue = TORO_QUEUE (toro_priority_queue_new (0, NULL, NULL, NULL));
  g_autoptr(GString) log = g_string_new (NULL);
  ToroTestNotifyCount count;
  ToroTestRec g0, g1;

  g_test_summary ("Waiting getters take items in the order they asked, not by priority; "
                  "hand-offs leave size alone");

  toro_test_count_notify (queue, "size", &count);
  toro_test_rec_init (&g0, "g0", log);
  toro_test_rec_init (&g1, "g1", log);
  toro_queue_get_async (queue, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &g0);
  toro_queue_get_async (queue, TORO_NO_DEADLINE, NULL, toro_test_rec_cb, &g1);

  toro_test_put_int (queue, 5);
  toro_test_put_int (queue, 1);
  g_assert_cmpuint (toro_queue_qsize (queue), ==, 0);
  g_assert_cmpuint (count.count, ==, 0);
  g_assert_cmpuint (g0.done, ==, 0);
  g_assert_cmpuint (g1.done, ==, 0);

  toro_test_wait (&g0);
  toro_test_wait (&g1);
  g_assert_cmpint (toro_test_rec_int (&g0), ==, 5);
  g_assert_cmpint (toro_test_rec_int (&g1), ==, 1);
  g_assert_cmpstr (log->str, ==, "g0 g1");

  toro_test_put_int (queue, 2);
  g_assert_cmpuint (count.count, ==, 1);
  g_assert_cmpint (toro_test_get_int (queue), ==, 2);
  g_assert_cmpuint (count.count, ==, 2);
  toro_test_rec_clear (&g0);
  toro_test_rec_clear (&g1);
}

static void
test_priority_queue_full_empty_twice (void)
{
  g_autoptr(ToroQueue) queue = TORO_QUEUE (toro_priority_queue_new (5, NULL, NULL, NULL));

  g_test_summary ("maxsize 5 filled: FULL, put TIMEOUT with qsize 5; drained: EMPTY, get TIMEOUT; "
                  "twice on one queue (toro simple_queue_test)");

  for (guint run = 0; run < 2; run++)
    {
      ToroTestRec put_rec, get_rec;

      toro_test_rec_init (&put_rec, "p", NULL);
      toro_test_rec_init (&get_rec, "g", NULL);

      for (int i = 5; i > 0; i--)
        toro_test_put_int (queue, i);
      g_assert_true (toro_queue_full (queue));
      toro_test_assert_put_full (queue, 0);

      /* The lowest item of all times out: it never gets in. */
      toro_test_put_int_async (queue, 0, toro_test_ms (10), NULL, &put_rec);
      g_assert_cmpuint (put_rec.done, ==, 0);
      toro_test_wait (&put_rec);
      toro_test_assert_timeout (&put_rec);
      g_assert_cmpuint (toro_queue_qsize (queue), ==, 5);

      for (int i = 1; i <= 5; i++)
        g_assert_cmpint (toro_test_get_int (queue), ==, i);
      toro_test_assert_get_empty (queue);

      toro_queue_get_async (queue, toro_test_ms (10), NULL, toro_test_rec_cb, &get_rec);
      g_assert_cmpuint (get_rec.done, ==, 0);
      toro_test_wait (&get_rec);
      toro_test_assert_timeout (&get_rec);
      g_assert_cmpuint (toro_queue_debug_n_getters (queue), ==, 0);

      toro_test_rec_clear (&put_rec);
      toro_test_rec_clear (&get_rec);
    }
}

static void
test_priority_queue_cancel_putter_never_enqueued (void)
{
  g_autoptr(ToroQueue) queue = TORO_QUEUE (toro_priority_queue_new (1, NULL, NULL, NULL));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  ToroTestRec waiting, before;

  g_test_summary ("A cancelled putter's item never enters, however low: the queue still gives 5, "
                  "then nothing");

  toro_test_rec_init (&waiting, "w", NULL);
  toro_test_rec_init (&before, "b", NULL);
  g_cancellable_cancel (cancelled);

  toro_test_put_int (queue, 5);
  toro_test_put_int_async (queue, 1, TORO_NO_DEADLINE, cancellable, &waiting);
  g_cancellable_cancel (cancellable);
  g_assert_cmpuint (toro_queue_debug_n_putters (queue), ==, 0);
  toro_test_wait (&waiting);
  toro_test_assert_cancelled (&waiting);

  g_assert_cmpint (toro_test_get_int (queue), ==, 5);

  /* Room now, but already cancelled: nothing goes in. */
  toro_test_put_int_async (queue, 0, TORO_NO_DEADLINE, cancelled, &before);
  g_assert_true (toro_queue_empty (queue));
  toro_test_wait (&before);
  toro_test_assert_cancelled (&before);
  toro_test_assert_get_empty (queue);

  toro_test_rec_clear (&waiting);
  toro_test_rec_clear (&before);
}

/* Items and lifetime */

typedef struct
{
  int    id;
  guint *n_freed;
} PtrItem;

static void
ptr_item_free (gpointer data)
{
  PtrItem *item = data;

  (*item->n_freed)++;
  g_free (item);
}

static gint
compare_ptr_items (const GValue *a,
                   const GValue *b,
                   gpointer      user_data)
{
  const PtrItem *pa = g_value_get_pointer (a);
  const PtrItem *pb = g_value_get_pointer (b);

  return (pa->id > pb->id) - (pa->id < pb->id);
}

static void
test_priority_queue_pointer_items (void)
{
  guint n_freed = 0, finalized = 0;
  CompareData data = { 0, 0 };
  ToroQueue *queue = TORO_QUEUE (toro_priority_queue_new (0, compare_ptr_items, &data,
                                                          compare_data_destroy));
  static const int ids[] = { 4, 9, 1, 7, 3, 8 };

  g_test_summary ("Pointer items with a custom compare come out in its order; those left are "
                  "freed at finalize");

  g_object_weak_ref (G_OBJECT (queue), toro_test_weak_count_cb, &finalized);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      PtrItem *item = g_new (PtrItem, 1);

      item->id = ids[i];
      item->n_freed = &n_freed;
      g_assert_true (toro_queue_put_pointer_nowait (queue, item, ptr_item_free, NULL));
    }

  for (int expected = 1; expected <= 3; expected += 2)
    {
      PtrItem *item = toro_queue_get_pointer_nowait (queue, NULL);

      g_assert_nonnull (item);
      g_assert_cmpint (item->id, ==, expected);
      ptr_item_free (item);
    }
  g_assert_cmpuint (n_freed, ==, 2);
  g_assert_cmpuint (toro_queue_qsize (queue), ==, 4);

  g_assert_cmpuint (data.n_destroyed, ==, 0);
  g_object_unref (queue);
  g_assert_cmpuint (finalized, ==, 1);
  g_assert_cmpuint (n_freed, ==, 6);
  g_assert_cmpuint (data.n_destroyed, ==, 1);
}

static void
test_priority_queue_finalize_with_values (void)
{
  ToroQueue *queue = TORO_QUEUE (toro_priority_queue_new (0, NULL, NULL, NULL));
  GObject *first = g_object_new (G_TYPE_OBJECT, NULL);
  GObject *second = g_object_new (G_TYPE_OBJECT, NULL);
  GValue value = G_VALUE_INIT;
  guint queue_finalized = 0, first_finalized = 0, second_finalized = 0;

  g_test_summary ("Objects and strings still in a PriorityQueue are released when it is "
                  "finalized, not before");

  g_object_weak_ref (G_OBJECT (queue), toro_test_weak_count_cb, &queue_finalized);
  g_object_weak_ref (first, toro_test_weak_count_cb, &first_finalized);
  g_object_weak_ref (second, toro_test_weak_count_cb, &second_finalized);
  g_object_set_data (first, "label", (gpointer) "first");
  g_object_set_data (second, "label", (gpointer) "second");

  g_value_init (&value, G_TYPE_OBJECT);
  g_value_set_object (&value, first);
  put_value (queue, &value);
  put_string (queue, "text");
  g_value_init (&value, G_TYPE_OBJECT);
  g_value_set_object (&value, second);
  put_value (queue, &value);
  toro_test_put_int (queue, 3);
  g_object_unref (first);
  g_object_unref (second);

  /* 3, then the string, then the objects in arrival order. */
  g_assert_cmpint (toro_test_get_int (queue), ==, 3);
  assert_get_string (queue, "text");
  {
    GValue *got = toro_queue_get_nowait (queue, NULL);

    g_assert_nonnull (got);
    g_assert_true (g_value_get_object (got) == first);
    g_assert_cmpuint (first_finalized, ==, 0);
    g_boxed_free (G_TYPE_VALUE, got);
    g_assert_cmpuint (first_finalized, ==, 1);
  }

  g_assert_cmpuint (second_finalized, ==, 0);
  g_object_unref (queue);
  g_assert_cmpuint (queue_finalized, ==, 1);
  g_assert_cmpuint (second_finalized, ==, 1);
}

int
main (int    argc,
      char **argv)
{
  toro_test_init (&argc, &argv);

  g_test_add_func ("/priority-queue/new/maxsize", test_priority_queue_new);
  g_test_add_func ("/priority-queue/get/lowest-first", test_priority_queue_get_lowest_first);
  g_test_add_func ("/priority-queue/get/equal-fifo", test_priority_queue_get_equal_fifo);
  g_test_add_func ("/priority-queue/get/stable-random", test_priority_queue_get_stable_random);
  g_test_add_func ("/priority-queue/get/many", test_priority_queue_get_many);
  g_test_add_func ("/priority-queue/get/blocked-putters", test_priority_queue_blocked_putters);
  g_test_add_func ("/priority-queue/get/admitted-putter-first",
                   test_priority_queue_admitted_putter_first);
  g_test_add_func ("/priority-queue/get/getters-fifo", test_priority_queue_getters_fifo);
  g_test_add_func ("/priority-queue/compare/numbers", test_priority_queue_compare_numbers);
  g_test_add_func ("/priority-queue/compare/strings-and-others",
                   test_priority_queue_compare_strings_and_others);
  g_test_add_func ("/priority-queue/compare/custom", test_priority_queue_compare_custom);
  g_test_add_func ("/priority-queue/nowait/full-empty-twice", test_priority_queue_full_empty_twice);
  g_test_add_func ("/priority-queue/cancel/putter-never-enqueued",
                   test_priority_queue_cancel_putter_never_enqueued);
  g_test_add_func ("/priority-queue/lifetime/pointer-items", test_priority_queue_pointer_items);
  g_test_add_func ("/priority-queue/lifetime/finalize-with-values",
                   test_priority_queue_finalize_with_values);

  return g_test_run ();
}
