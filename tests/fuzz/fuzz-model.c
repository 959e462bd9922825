/* fuzz-model.c: fuzzer bytes as operations on every primitive at once
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>

#include <toro-glib/toro-glib.h>

#include "toro-model.h"

/* Each input is a program: every decision of the model test (which
 * primitive, which operation, which deadline, which cancellable, when the
 * context runs, when the clock moves) is read from the input's bytes
 * instead of a generator, over one object of each primitive in two main
 * contexts. toro-glib must agree with the model on every return value,
 * state and completion, and the final drain must deliver every waiter
 * once and free every object and item. A disagreement aborts with the
 * report of tests/toro-model.c; ASan, UBSan and LeakSanitizer watch the
 * rest.
 *
 * Built with -Dfuzzing=true (clang) this is a libFuzzer target:
 *   fuzz-model -max_total_time=60 NEW_CORPUS_DIR tests/fuzz/corpus
 * Otherwise it is a replay driver that runs the files or directories
 * given on the command line, as the test "fuzz-corpus" does with the
 * committed corpus in every build. */

int LLVMFuzzerInitialize   (int            *argc,
                            char         ***argv);
int LLVMFuzzerTestOneInput (const uint8_t  *data,
                            size_t          size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  /* A critical nobody asked for is a finding. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING | G_LOG_FATAL_MASK);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  ToroModelStats stats;

  toro_model_run_bytes (data, size, &stats);
  return 0;
}

#ifndef TORO_LIBFUZZER

static gboolean
run_file (const char     *path,
          ToroModelStats *total)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  ToroModelStats stats;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      g_printerr ("%s: %s\n", path, error->message);
      return FALSE;
    }

  toro_model_run_bytes ((const guint8 *) contents, length, &stats);
  toro_model_stats_add (total, &stats);
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  ToroModelStats total = { 0, };
  g_autofree char *figures = NULL;
  guint n_inputs = 0;

  LLVMFuzzerInitialize (&argc, &argv);

  if (argc < 2)
    {
      g_printerr ("Usage: %s FILE-OR-DIRECTORY...\n", argv[0]);
      return 2;
    }

  for (int i = 1; i < argc; i++)
    {
      GDir *dir = g_dir_open (argv[i], 0, NULL);
      const char *name;

      if (dir == NULL)
        {
          if (!run_file (argv[i], &total))
            return 1;
          n_inputs++;
          continue;
        }

      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (argv[i], name, NULL);

          if (!run_file (path, &total))
            {
              g_dir_close (dir);
              return 1;
            }
          n_inputs++;
        }
      g_dir_close (dir);
    }

  figures = toro_model_stats_format (&total);
  printf ("%u inputs replayed: %s\n", n_inputs, figures);

  /* An empty corpus would check nothing. */
  return n_inputs > 0 && total.waits > 0 ? 0 : 1;
}

#endif
