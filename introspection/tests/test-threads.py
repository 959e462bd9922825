# test-threads.py: toro-glib shared between Python threads
#
# Copyright 2026 The toro-glib authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Each thread that waits pushes its own thread-default GMainContext; its
# callbacks must run there, in that thread, whoever wakes it. Threads hand
# over with threading.Event, never by sleeping.

import threading

from torotest import GLib, Gio, Toro, Call, TestCase, ThreadWithContext, main


class TestThreads(TestCase):
    def test_getter_in_thread_woken_from_main(self):
        q = Toro.Queue()
        waiting = threading.Event()

        def body(thread):
            call = Call(q, 'get')
            waiting.set()
            thread.iterate_until(lambda: call.done)
            return call

        worker = ThreadWithContext(body, 'getter')
        worker.start()
        self.assertTrue(waiting.wait(30))
        q.put_nowait('from main')
        call = worker.join_checked()
        self.assertEqual(call.result(), 'from main')
        self.assertEqual(call.thread, worker.ident)
        self.assertFalse(call.reentrant)
        # Nothing was dispatched in the main context on the worker's behalf.
        self.assertFalse(self.context.pending())

    def test_main_getter_woken_from_thread(self):
        q = Toro.Queue(maxsize=1)
        call = Call(q, 'get', deadline=Toro.deadline_after(30_000_000))
        self.settle()

        worker = ThreadWithContext(lambda t: q.put_nowait(('tuple', 1)), 'putter')
        worker.start()
        self.wait_for(call)
        self.assertTrue(worker.join_checked())
        self.assertEqual(call.result(), ('tuple', 1))
        self.assertEqual(call.thread, threading.get_ident())

    def test_producers_and_consumer(self):
        n_producers, n_items = 4, 200
        q = Toro.Queue(maxsize=8)

        def producer(thread):
            # Odd items with put_nowait, falling back to put_async when the
            # queue is full; even items with put_async, from this thread's
            # context.
            k = int(thread.name[1:])
            for i in range(n_items):
                item = k * 1000 + i
                if i % 2:
                    try:
                        q.put_nowait(item)
                        continue
                    except GLib.Error as e:
                        assert e.matches(Toro.error_quark(), Toro.Error.FULL), e
                call = Call(q, 'put', item)
                thread.iterate_until(lambda: call.done)
                assert call.result() is True
                assert call.thread == threading.get_ident()
                assert not call.reentrant
            return n_items

        workers = [ThreadWithContext(producer, 'p%d' % k) for k in range(n_producers)]
        for w in workers:
            w.start()
        got = []
        for _ in range(n_producers * n_items):
            got.append(self.run_call(q, 'get'))
        for w in workers:
            self.assertEqual(w.join_checked(), n_items)
        self.assertTrue(q.empty())
        self.assertEqual(sorted(got), sorted(k * 1000 + i for k in range(n_producers)
                                             for i in range(n_items)))
        # Each producer's items came out in the order it put them.
        for k in range(n_producers):
            mine = [x for x in got if x // 1000 == k]
            self.assertEqual(mine, sorted(mine))

    def test_put_nowait_full_across_threads(self):
        q = Toro.Queue(maxsize=3)
        counts = {}

        def body(thread):
            ok = full = 0
            for i in range(100):
                try:
                    q.put_nowait(i)
                    ok += 1
                except GLib.Error as e:
                    assert e.matches(Toro.error_quark(), Toro.Error.FULL), e
                    full += 1
            counts[thread.name] = (ok, full)

        workers = [ThreadWithContext(body, 't%d' % k) for k in range(3)]
        for w in workers:
            w.start()
        for w in workers:
            w.join_checked()
        self.assertEqual(sum(ok for ok, _ in counts.values()), 3)
        self.assertEqual(sum(full for _, full in counts.values()), 297)
        self.assertEqual(q.qsize(), 3)

    def test_lock_mutual_exclusion(self):
        lock = Toro.Lock()
        n_threads, rounds = 4, 50
        state = {'holder': None, 'count': 0, 'overlaps': 0}
        guard = threading.Lock()

        def body(thread):
            for _ in range(rounds):
                call = Call(lock, 'acquire')
                thread.iterate_until(lambda: call.done)
                assert call.result() is True
                assert call.thread == threading.get_ident()
                with guard:
                    if state['holder'] is not None:
                        state['overlaps'] += 1
                    state['holder'] = thread.name
                    state['count'] += 1
                # Let the other threads run (this releases the GIL) while
                # holding the lock.
                for _ in range(3):
                    thread.context.iteration(False)
                with guard:
                    if state['holder'] != thread.name:
                        state['overlaps'] += 1
                    state['holder'] = None
                lock.release()

        workers = [ThreadWithContext(body, 'l%d' % k) for k in range(n_threads)]
        for w in workers:
            w.start()
        for w in workers:
            w.join_checked()
        self.assertEqual(state['overlaps'], 0)
        self.assertEqual(state['count'], n_threads * rounds)
        self.assertFalse(lock.is_locked())

    def test_event_wakes_every_thread(self):
        event = Toro.Event()
        ready = threading.Barrier(4)

        def body(thread):
            call = Call(event, 'wait')
            ready.wait(30)
            thread.iterate_until(lambda: call.done)
            return call.thread == threading.get_ident() and call.result()

        workers = [ThreadWithContext(body, 'e%d' % k) for k in range(3)]
        for w in workers:
            w.start()
        mine = Call(event, 'wait')
        ready.wait(30)
        setter = ThreadWithContext(lambda t: event.set(), 'setter')
        setter.start()
        self.wait_for(mine)
        setter.join_checked()
        self.assertTrue(mine.result())
        for w in workers:
            self.assertIs(w.join_checked(), True)

    def test_notify_in_changing_thread(self):
        q = Toro.Queue()
        seen = []
        q.connect('notify::size', lambda o, p: seen.append((threading.get_ident(), o.props.size)))
        worker = ThreadWithContext(lambda t: q.put_nowait('x'), 'notifier')
        worker.start()
        worker.join_checked()
        self.assertEqual(seen, [(worker.ident, 1)])

    def test_python_compare_from_threads(self):
        # The compare function runs with the queue's lock held, in whichever
        # thread puts or gets; PyGObject takes the GIL for it. Puts from
        # several threads at once must neither deadlock nor misorder.
        q = Toro.PriorityQueue.new(0, lambda a, b: (a > b) - (a < b))

        def body(thread):
            k = int(thread.name[1:])
            for i in range(100):
                q.put_nowait(i * 10 + k)

        workers = [ThreadWithContext(body, 'c%d' % k) for k in range(4)]
        for w in workers:
            w.start()
        for w in workers:
            w.join_checked()
        got = [q.get_nowait() for _ in range(q.qsize())]
        self.assertEqual(got, sorted(i * 10 + k for i in range(100) for k in range(4)))

    def test_cancel_from_another_thread(self):
        sem = Toro.Semaphore(value=0)
        cancellable = Gio.Cancellable()
        call = Call(sem, 'acquire', cancellable=cancellable)
        self.settle()
        worker = ThreadWithContext(lambda t: cancellable.cancel(), 'canceller')
        worker.start()
        self.wait_for(call)
        worker.join_checked()
        self.assertCancelled(call)
        self.assertEqual(call.thread, threading.get_ident())
        self.assertEqual(sem.get_value(), 0)


if __name__ == '__main__':
    main()
