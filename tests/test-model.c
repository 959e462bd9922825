/* test-model.c: toro-glib against a reference model, on random operations
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "toro-test-util.h"

#include <stdlib.h>

#include "toro-model.h"

#if defined(__has_include)
# if __has_include(<valgrind/valgrind.h>)
#  include <valgrind/valgrind.h>
#  define HAVE_VALGRIND_H 1
# endif
#endif

/* Every primitive runs --model-ops random operations (10^5 by default;
 * the "slow" suite runs 10^7) drawn from --model-seed (random unless
 * given, and always printed), in episodes of 100 to 2000 operations that
 * each end with every wait drained and every object finalized. See
 * toro-model.h for what is compared. */

#define DEFAULT_OPS 100000

static guint64 opt_seed;
static guint64 opt_ops = DEFAULT_OPS;
static gboolean opt_ops_given;

static guint64
seed_for (ToroModelKind kind)
{
  /* Each primitive its own stream, all from the one seed printed. */
  guint64 z = opt_seed + (guint64) (kind + 1) * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  return z ^ (z >> 27);
}

static void
test_model_kind (gconstpointer data)
{
  ToroModelKind kind = GPOINTER_TO_UINT (data);
  ToroModelStats stats = { 0, };
  g_autofree char *reproduce = NULL;
  g_autofree char *figures = NULL;

  g_test_summary ("Random operations with random deadlines (past, due, near, far, none) and "
                  "cancellations (before the call, while queued, racing a grant, from callbacks) "
                  "give exactly the model's completions: which waiter, which outcome, which item, "
                  "in which order; nothing lost, nothing delivered twice, everything freed");

  reproduce = g_strdup_printf ("%s --model-seed=%" G_GUINT64_FORMAT
                               " --model-ops=%" G_GUINT64_FORMAT " -p %s",
                               g_get_prgname (), opt_seed, opt_ops, g_test_get_path ());
  g_test_message ("model seed %" G_GUINT64_FORMAT " (reproduce: %s)", opt_seed, reproduce);

  toro_model_run_seed (kind, seed_for (kind), opt_ops, reproduce, &stats);

  figures = toro_model_stats_format (&stats);
  g_test_message ("%s: %s", toro_model_kind_name (kind), figures);

  /* The run must have exercised what it is meant to. */
  g_assert_cmpuint (stats.ops, ==, opt_ops);
  if (opt_ops < 20000)
    return;
  g_assert_cmpuint (stats.episodes, >, 10);
  g_assert_cmpuint (stats.granted, >, 0);
  g_assert_cmpuint (stats.timed_out, >, 0);
  g_assert_cmpuint (stats.cancelled_before, >, 0);
  g_assert_cmpuint (stats.cancelled_queued, >, 0);
  g_assert_cmpuint (stats.past_timed_out, >, 0);
  g_assert_cmpuint (stats.expired_in_batch, >, 0);
  g_assert_cmpuint (stats.callback_calls, >, 0);
  if (kind != TORO_MODEL_CONDITION)
    g_assert_cmpuint (stats.past_granted, >, 0);
  if (kind != TORO_MODEL_CONDITION && kind != TORO_MODEL_EVENT)
    g_assert_cmpuint (stats.nowait_calls, >, 0);
  if (kind != TORO_MODEL_ASYNC_RESULT)
    {
      /* Decided in the same iteration as a cancel or a passing deadline. */
      g_assert_cmpuint (stats.cancel_after_grant, >, 0);
      g_assert_cmpuint (stats.grant_after_deadline, >, 0);
    }
  if (kind >= TORO_MODEL_QUEUE)
    {
      g_assert_cmpuint (stats.hand_offs, >, 0);
      g_assert_cmpuint (stats.putters_admitted, >, 0);
    }
  if (kind == TORO_MODEL_RW_LOCK || kind == TORO_MODEL_ALL)
    g_assert_cmpuint (stats.removal_grants, >, 0);
  if (kind == TORO_MODEL_ASYNC_RESULT || kind == TORO_MODEL_ALL)
    g_assert_cmpuint (stats.failed, >, 0);
  if (g_test_undefined () && (kind == TORO_MODEL_RW_LOCK || kind == TORO_MODEL_BOUNDED_SEMAPHORE ||
                               kind == TORO_MODEL_ALL))
    g_assert_cmpuint (stats.misuse_criticals, >, 0);
}

/* The model must be able to fail: each mutant model is wrong in one way
 * that toro-glib must expose, in a child process. */
typedef struct
{
  int            mutation;
  ToroModelKind  kind;
  const char    *what;
} Mutant;

static const Mutant mutants[] = {
  { 1, TORO_MODEL_LOCK, "waiters served newest first" },
  { 2, TORO_MODEL_SEMAPHORE, "an already-cancelled acquire takes a permit" },
  { 3, TORO_MODEL_EVENT, "a past deadline times out although the event is set" },
  { 4, TORO_MODEL_SEMAPHORE, "release wakes wait () before acquire ()" },
  { 5, TORO_MODEL_LIFO_QUEUE, "a get takes from the store before admitting the waiting putter" },
  { 6, TORO_MODEL_EVENT, "completions are delivered by whichever context runs first" },
  { 7, TORO_MODEL_CONDITION, "equal deadlines expire newest first" },
};

static void
test_model_mutant (gconstpointer data)
{
  const Mutant *mutant = data;

  g_test_summary ("A deliberately wrong model disagrees with toro-glib: the comparison can fail");

  if (g_test_subprocess ())
    {
      ToroModelStats stats;

      toro_model_mutation = mutant->mutation;
      toro_model_run_seed (mutant->kind, 1, 100000, "(a mutant model)", &stats);
      return;
    }

  g_test_message ("mutant %d (%s): %s", mutant->mutation, toro_model_kind_name (mutant->kind),
                  mutant->what);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*toro-glib and the model disagree*");
}

/* --model-seed=N and --model-ops=N, before GTest sees the arguments. */
static void
parse_args (int    *argc,
            char ***argv)
{
  const char *env_seed = g_getenv ("TORO_MODEL_SEED");
  const char *env_ops = g_getenv ("TORO_MODEL_OPS");
  gboolean seed_given = FALSE;
  int kept = 1;

  if (env_seed != NULL)
    {
      opt_seed = g_ascii_strtoull (env_seed, NULL, 10);
      seed_given = TRUE;
    }
  if (env_ops != NULL)
    {
      opt_ops = g_ascii_strtoull (env_ops, NULL, 10);
      opt_ops_given = TRUE;
    }

  for (int i = 1; i < *argc; i++)
    {
      const char *arg = (*argv)[i];

      if (g_str_has_prefix (arg, "--model-seed="))
        {
          opt_seed = g_ascii_strtoull (arg + strlen ("--model-seed="), NULL, 10);
          seed_given = TRUE;
        }
      else if (g_str_has_prefix (arg, "--model-ops="))
        {
          opt_ops = g_ascii_strtoull (arg + strlen ("--model-ops="), NULL, 10);
          opt_ops_given = TRUE;
        }
      else
        (*argv)[kept++] = (*argv)[i];
    }
  (*argv)[kept] = NULL;
  *argc = kept;

  if (!seed_given)
    opt_seed = (guint64) g_random_int () << 32 | g_random_int ();

#ifdef HAVE_VALGRIND_H
  /* memcheck is some 50 times slower: it looks for leaks and bad memory,
   * which a shorter run shows as well. */
  if (RUNNING_ON_VALGRIND && !opt_ops_given)
    opt_ops = DEFAULT_OPS / 20;
#endif
}

int
main (int    argc,
      char **argv)
{
  parse_args (&argc, &argv);
  toro_test_init (&argc, &argv);

  for (guint k = 0; k <= TORO_MODEL_ALL; k++)
    {
      char *path = g_strdup_printf ("/model/%s", toro_model_kind_name (k));

      g_test_add_data_func (path, GUINT_TO_POINTER (k), test_model_kind);
      g_free (path);
    }

  for (guint i = 0; i < G_N_ELEMENTS (mutants); i++)
    {
      char *path = g_strdup_printf ("/model/self-test/mutant-%d", mutants[i].mutation);

      g_test_add_data_func (path, &mutants[i], test_model_mutant);
      g_free (path);
    }

  return g_test_run ();
}
