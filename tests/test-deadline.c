/* test-deadline.c: deadlines, errors and version information
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "toro-test-util.h"

static void
test_deadline_after (void)
{
  gint64 before, after, deadline;

  g_test_summary ("toro_deadline_after() is now plus the span, on the monotonic clock");

  before = g_get_monotonic_time ();
  deadline = toro_deadline_after (G_USEC_PER_SEC);
  after = g_get_monotonic_time ();

  g_assert_cmpint (deadline, >=, before + G_USEC_PER_SEC);
  g_assert_cmpint (deadline, <=, after + G_USEC_PER_SEC);
  g_assert_cmpint (toro_deadline_after (0), >=, before);
}

static void
test_deadline_saturates (void)
{
  g_test_summary ("toro_deadline_after() saturates: no overflow, and never TORO_NO_DEADLINE");

  g_assert_cmpint (toro_deadline_after (G_MAXINT64), ==, G_MAXINT64);
  g_assert_cmpint (toro_deadline_after (G_MAXINT64 - 1), ==, G_MAXINT64);
  g_assert_cmpint (toro_deadline_after (G_MININT64), ==, 0);
  g_assert_cmpint (toro_deadline_after (-g_get_monotonic_time () - 1000 * G_USEC_PER_SEC), ==, 0);
  g_assert_cmpint (toro_deadline_after (-1), <, g_get_monotonic_time ());
  g_assert_cmpint (toro_deadline_after (-1), >=, 0);
  g_assert_cmpint (TORO_NO_DEADLINE, ==, -1);
}

static void
test_deadline_negative_values (void)
{
  g_autoptr(ToroEvent) event = toro_event_new ();
  ToroTestRec minus_two, minimum;

  g_test_summary ("A negative deadline other than TORO_NO_DEADLINE is in the past");

  toro_test_rec_init (&minus_two, "-2", NULL);
  toro_test_rec_init (&minimum, "min", NULL);
  toro_event_wait_async (event, -2, NULL, toro_test_rec_cb, &minus_two);
  toro_event_wait_async (event, G_MININT64, NULL, toro_test_rec_cb, &minimum);
  toro_test_flush ();
  toro_test_assert_timeout (&minus_two);
  toro_test_assert_timeout (&minimum);
  toro_test_rec_clear (&minus_two);
  toro_test_rec_clear (&minimum);
}

static void
test_error_domain (void)
{
  GEnumClass *enum_class;

  g_test_summary ("TORO_ERROR is a registered domain with a registered ToroError enum");

  g_assert_cmpstr (g_quark_to_string (TORO_ERROR), ==, "toro-error-quark");
  g_assert_true (G_TYPE_IS_ENUM (TORO_TYPE_ERROR));
  g_assert_cmpstr (g_type_name (TORO_TYPE_ERROR), ==, "ToroError");

  enum_class = g_type_class_ref (TORO_TYPE_ERROR);
  g_assert_cmpint (g_enum_get_value_by_nick (enum_class, "timeout")->value, ==, TORO_ERROR_TIMEOUT);
  g_assert_cmpint (g_enum_get_value_by_nick (enum_class, "empty")->value, ==, TORO_ERROR_EMPTY);
  g_assert_cmpint (g_enum_get_value_by_nick (enum_class, "full")->value, ==, TORO_ERROR_FULL);
  g_assert_cmpint (g_enum_get_value_by_nick (enum_class, "not-ready")->value, ==, TORO_ERROR_NOT_READY);
  g_assert_cmpint (g_enum_get_value_by_nick (enum_class, "already-set")->value, ==, TORO_ERROR_ALREADY_SET);
  g_type_class_unref (enum_class);
}

static void
test_version (void)
{
  g_test_summary ("Compile-time and run-time versions agree");

  g_assert_cmpuint (toro_get_major_version (), ==, TORO_MAJOR_VERSION);
  g_assert_cmpuint (toro_get_minor_version (), ==, TORO_MINOR_VERSION);
  g_assert_cmpuint (toro_get_micro_version (), ==, TORO_MICRO_VERSION);
  g_assert_true (TORO_CHECK_VERSION (1, 0, 0));
  g_assert_false (TORO_CHECK_VERSION (TORO_MAJOR_VERSION + 1, 0, 0));
  g_assert_cmpstr (TORO_VERSION_S, ==, PACKAGE_VERSION);
}

int
main (int    argc,
      char **argv)
{
  toro_test_init (&argc, &argv);

  g_test_add_func ("/deadline/after", test_deadline_after);
  g_test_add_func ("/deadline/saturates", test_deadline_saturates);
  g_test_add_func ("/deadline/negative", test_deadline_negative_values);
  g_test_add_func ("/error/domain", test_error_domain);
  g_test_add_func ("/version/agree", test_version);

  return g_test_run ();
}
