/* test-vala.vala: toro-glib from Vala, through toro-glib-1.0.vapi
 *
 * Copyright 2026 The toro-glib authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every wait is a Vala async method: `yield q.get_async (...)` suspends
 * until the item comes, and a failure is thrown as Toro.Error or
 * GLib.IOError.CANCELLED. Each case runs its coroutine on a main loop.
 */

const int64 SHORT = 20000; /* µs */

delegate void Case (MainLoop loop);

/* Runs an async case to its end on a fresh main loop; a case that never
 * finishes fails after 30 s. */
static void
run_case (Case body)
{
  var loop = new MainLoop ();
  var timeout = Timeout.add (30000, () => {
    error ("the case did not finish");
  });
  body (loop);
  loop.run ();
  Source.remove (timeout);
}

static async void
queue_yield (MainLoop loop)
{
  var q = new Toro.Queue (2);
  try {
    /* A string goes in as a GLib.Value; what comes out is the Value. */
    var put = yield q.put_async ("job", Toro.NO_DEADLINE, null);
    assert_true (put);
    Value? item = yield q.get_async (Toro.deadline_after (1000000), null);
    assert_true (item != null);
    assert_true (item.holds (typeof (string)));
    assert_cmpstr (item.get_string (), CompareOperator.EQ, "job");

    yield q.put_async (42, Toro.NO_DEADLINE, null);
    var obj = new Object ();
    yield q.put_async (obj, Toro.NO_DEADLINE, null);
    assert_true (q.full ());
    assert_cmpuint (q.qsize (), CompareOperator.EQ, 2);
    item = yield q.get_async (Toro.NO_DEADLINE, null);
    assert_cmpint (item.get_int (), CompareOperator.EQ, 42);
    item = yield q.get_async (Toro.NO_DEADLINE, null);
    assert_true (item.get_object () == obj);
  } catch (Error e) {
    error ("unexpected error: %s", e.message);
  }
  loop.quit ();
}

static async void
queue_errors (MainLoop loop)
{
  var q = new Toro.Queue (1);

  try {
    q.get_nowait ();
    assert_not_reached ();
  } catch (Error e) {
    assert_error (e, Toro.Error.quark (), Toro.Error.EMPTY);
  }

  try {
    yield q.get_async (Toro.deadline_after (SHORT), null);
    assert_not_reached ();
  } catch (Toro.Error.TIMEOUT e) {
    /* expected */
  } catch (Error e) {
    error ("expected a timeout, got %s", e.message);
  }

  var cancellable = new Cancellable ();
  Idle.add (() => {
    cancellable.cancel ();
    return Source.REMOVE;
  });
  try {
    yield q.get_async (Toro.NO_DEADLINE, cancellable);
    assert_not_reached ();
  } catch (IOError.CANCELLED e) {
    /* expected */
  } catch (Error e) {
    error ("expected cancellation, got %s", e.message);
  }

  try {
    q.put_nowait ("only");
    q.put_nowait ("too many");
    assert_not_reached ();
  } catch (Error e) {
    assert_error (e, Toro.Error.quark (), Toro.Error.FULL);
    assert_cmpuint (q.qsize (), CompareOperator.EQ, 1);
  }
  loop.quit ();
}

static int
reverse_ints (Value a, Value b)
{
  return b.get_int () - a.get_int ();
}

static async void
priority_queue (MainLoop loop)
{
  try {
    var q = new Toro.PriorityQueue (0, null);
    foreach (var i in new int[] { 111, 333, 222 })
      q.put_nowait (i);
    int[] got = {};
    while (!q.empty ())
      got += q.get_nowait ().get_int ();
    assert_true (got.length == 3 && got[0] == 111 && got[1] == 222 && got[2] == 333);

    var calls = 0;
    var r = new Toro.PriorityQueue (0, (a, b) => {
      calls++;
      return reverse_ints (a, b);
    });
    foreach (var i in new int[] { 111, 333, 222 })
      yield r.put_async (i, Toro.NO_DEADLINE, null);
    assert_cmpint ((yield r.get_async (Toro.NO_DEADLINE, null)).get_int (), CompareOperator.EQ, 333);
    assert_cmpint ((yield r.get_async (Toro.NO_DEADLINE, null)).get_int (), CompareOperator.EQ, 222);
    assert_cmpint (calls, CompareOperator.GT, 0);

    Toro.Queue lifo = new Toro.LifoQueue (0);
    lifo.put_nowait ("a");
    lifo.put_nowait ("b");
    assert_cmpstr (lifo.get_nowait ().get_string (), CompareOperator.EQ, "b");
  } catch (Error e) {
    error ("unexpected error: %s", e.message);
  }
  loop.quit ();
}

/* while True: item = yield q.get(); ...; q.task_done() -- until stopped */
static async void
consumer (Toro.JoinableQueue q, StringBuilder log, Cancellable stop)
{
  try {
    while (true) {
      var item = yield q.get_async (Toro.NO_DEADLINE, stop);
      log.append_printf ("got %d;", item.get_int ());
      q.task_done ();
    }
  } catch (IOError.CANCELLED e) {
    log.append ("stopped");
  } catch (Error e) {
    error ("consumer: %s", e.message);
  }
}

static async void
producer_consumer (MainLoop loop)
{
  var q = new Toro.JoinableQueue (3);
  var log = new StringBuilder ();
  var stop = new Cancellable ();
  consumer.begin (q, log, stop, (obj, res) => {
    consumer.end (res);
    assert_cmpstr (log.str, CompareOperator.EQ, "got 0;got 1;got 2;got 3;got 4;stopped");
    loop.quit ();
  });
  try {
    for (var i = 0; i < 5; i++)
      yield q.put_async (i, Toro.NO_DEADLINE, null);
    yield q.join_async (Toro.deadline_after (10000000), null);
  } catch (Error e) {
    error ("producer: %s", e.message);
  }
  assert_cmpstr (log.str, CompareOperator.EQ, "got 0;got 1;got 2;got 3;got 4;");
  assert_cmpuint (q.get_unfinished_tasks (), CompareOperator.EQ, 0);
  /* The consumer waits for an item that will never come: stop it. */
  stop.cancel ();
}

static async void
locks_and_events (MainLoop loop)
{
  try {
    var mutex = new Toro.Lock ();
    var changes = 0;
    mutex.notify["locked"].connect (() => changes++);
    assert_true (yield mutex.acquire_async (Toro.NO_DEADLINE, null));
    assert_true (mutex.locked);
    try {
      yield mutex.acquire_async (Toro.deadline_after (SHORT), null);
      assert_not_reached ();
    } catch (Toro.Error.TIMEOUT e) {
    }
    mutex.release ();
    assert_cmpint (changes, CompareOperator.EQ, 2);

    var rw = new Toro.RWLock (2);
    yield rw.acquire_read_async (Toro.NO_DEADLINE, null);
    assert_true (rw.try_acquire_read ());
    assert_true (rw.is_locked ());
    rw.release_read ();
    rw.release_read ();
    yield rw.acquire_write_async (Toro.NO_DEADLINE, null);
    rw.release_write ();

    Toro.Semaphore sem = new Toro.BoundedSemaphore (1);
    yield sem.acquire_async (Toro.NO_DEADLINE, null);
    assert_cmpuint (sem.value, CompareOperator.EQ, 0);
    Idle.add (() => {
      sem.release ();
      return Source.REMOVE;
    });
    yield sem.wait_async (Toro.NO_DEADLINE, null);
    assert_cmpuint (sem.get_value (), CompareOperator.EQ, 1);

    var event = new Toro.Event ();
    Idle.add (() => {
      event.set ();
      return Source.REMOVE;
    });
    yield event.wait_async (Toro.NO_DEADLINE, null);
    assert_true (event.flag);

    var cond = new Toro.Condition ();
    Idle.add (() => {
      /* Toro's notify (n), not GObject's notify (pspec). */
      cond.notify (1);
      return Source.REMOVE;
    });
    yield cond.wait_async (Toro.NO_DEADLINE, null);

    var result = new Toro.AsyncResult ();
    Idle.add (() => {
      try {
        result.set (2.5);
      } catch (Error e) {
        error ("set: %s", e.message);
      }
      return Source.REMOVE;
    });
    var v = yield result.get_async (Toro.NO_DEADLINE, null);
    assert_cmpfloat (v.get_double (), CompareOperator.EQ, 2.5);
    try {
      result.set ("again");
      assert_not_reached ();
    } catch (Toro.Error.ALREADY_SET e) {
    }
  } catch (Error e) {
    error ("unexpected error: %s", e.message);
  }
  loop.quit ();
}

int
main (string[] args)
{
  Test.init (ref args);
  Test.add_func ("/vala/queue/yield", () => run_case ((l) => queue_yield.begin (l)));
  Test.add_func ("/vala/queue/errors", () => run_case ((l) => queue_errors.begin (l)));
  Test.add_func ("/vala/priority-queue", () => run_case ((l) => priority_queue.begin (l)));
  Test.add_func ("/vala/joinable-queue/producer-consumer",
                 () => run_case ((l) => producer_consumer.begin (l)));
  Test.add_func ("/vala/locks-and-events", () => run_case ((l) => locks_and_events.begin (l)));
  return Test.run ();
}
