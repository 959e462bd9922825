/* toro-model.h: a reference model of toro-glib, run in lockstep with it
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The model in one page
 * =====================
 *
 * tests/toro-model.c holds a small, independent description of what every
 * primitive promises (API.md, README "What is promised"): strict FIFO wait
 * queues with hand-off; a waiter leaves its queue once, granted, timed out
 * or cancelled, whichever came first; an already-cancelled cancellable
 * fails at once and takes nothing; a past deadline succeeds if it can,
 * else times out; completions are delivered from the waiter's context, in
 * the order they were decided; and each primitive's own rules (writer
 * preference, acquire() before wait(), putters admitted by a get, ...).
 *
 * A run draws random operations (or reads them from fuzzer bytes) and
 * applies each one both to real toro-glib objects and to the model, then
 * compares: the return value of every non-blocking call, the observable
 * state after every call, and, after every main-context flush, the exact
 * sequence of completions (which waiter, which outcome, which item).
 *
 * Time is virtual: the test program's own clock_gettime () answers
 * CLOCK_MONOTONIC from a counter that only the run moves, so "near"
 * deadlines expire exactly when the model says, never by accident.
 */

typedef enum
{
  TORO_MODEL_LOCK,
  TORO_MODEL_RW_LOCK,
  TORO_MODEL_SEMAPHORE,
  TORO_MODEL_BOUNDED_SEMAPHORE,
  TORO_MODEL_CONDITION,
  TORO_MODEL_EVENT,
  TORO_MODEL_ASYNC_RESULT,
  TORO_MODEL_QUEUE,
  TORO_MODEL_LIFO_QUEUE,
  TORO_MODEL_PRIORITY_QUEUE,
  TORO_MODEL_JOINABLE_QUEUE,
  TORO_MODEL_N_KINDS,
  /* One of each, sharing one main context and its deadline timer. */
  TORO_MODEL_ALL = TORO_MODEL_N_KINDS,
} ToroModelKind;

/* What a run exercised: the figures a test prints. */
typedef struct
{
  guint64 ops;                  /* random operations, not counting the drains */
  guint64 episodes;             /* objects created, drained and finalized */
  guint64 waits;                /* _async calls */
  guint64 granted;
  guint64 timed_out;
  guint64 cancelled;
  guint64 failed;               /* an AsyncResult's stored error */
  guint64 nowait_calls;         /* try_acquire, put_nowait, get_nowait, ... */
  guint64 cancelled_before;     /* cancellable already cancelled at the _async call */
  guint64 cancelled_queued;     /* cancelled while queued */
  guint64 cancel_after_grant;   /* a cancel reached a granted, undelivered waiter: grant stood */
  guint64 grant_after_deadline; /* granted after its deadline passed, before the timer ran */
  guint64 past_granted;         /* a past deadline that still succeeded at once */
  guint64 past_timed_out;
  guint64 expired_in_batch;     /* dispatches that expired more than one waiter */
  guint64 hand_offs;            /* a put given straight to a waiting getter */
  guint64 putters_admitted;     /* a get that let a waiting putter's item in */
  guint64 removal_grants;       /* waiters let in because the one ahead left */
  guint64 callback_calls;       /* releases, puts, notifies, cancels made from callbacks */
  guint64 misuse_criticals;     /* misuse provoked on purpose, answered by a critical */
  guint64 max_queued;           /* most waiters queued at once */
} ToroModelStats;

const char *toro_model_kind_name   (ToroModelKind         kind);

/* Runs @n_ops random operations on @kind (or on one of each), seeded by
 * @seed. On any difference between toro-glib and the model it prints what
 * differed, the last operations and @reproduce, then aborts. */
void        toro_model_run_seed    (ToroModelKind         kind,
                                    guint64               seed,
                                    guint64               n_ops,
                                    const char           *reproduce,
                                    ToroModelStats       *stats);

/* The same over every primitive at once, drawing each decision from
 * @data (a fuzzer's input) until it runs out. */
void        toro_model_run_bytes   (const guint8         *data,
                                    gsize                 len,
                                    ToroModelStats       *stats);

void        toro_model_stats_add   (ToroModelStats       *total,
                                    const ToroModelStats *stats);
char       *toro_model_stats_format (const ToroModelStats *stats);

/* Self-test: a non-zero value makes the model deliberately wrong in one
 * way (see toro-model.c), so that a run must detect a mismatch. */
extern int toro_model_mutation;

G_END_DECLS
