# test-queues.py: Queue, PriorityQueue, LifoQueue and JoinableQueue from Python
#
# Copyright 2026 The toro-glib authors
# SPDX-License-Identifier: LGPL-2.1-or-later

from torotest import GLib, GObject, Gio, Toro, Call, TestCase, main

SHORT = 20_000  # µs


def drain(q):
    out = []
    while not q.empty():
        out.append(q.get_nowait())
    return out


class Job:
    """An arbitrary Python object: it travels through a queue untouched."""

    def __init__(self, name):
        self.name = name


class TestQueue(TestCase):
    def test_native_items_async(self):
        # The example of the API contract, word for word.
        q = Toro.Queue.new(2)
        put = Call(q, 'put', 'job')
        self.wait_for(put)
        self.assertIs(put.result(), True)
        item = self.run_call(q, 'get', deadline=Toro.deadline_after(1_000_000))
        self.assertEqual(item, 'job')

        obj = Gio.SimpleAction.new('act', None)
        job = Job('j')
        for value in ('job', '', 'ünïcödé', 7, -2 ** 31, 2 ** 31 - 1, 0.25, True, False,
                      obj, job, GLib.Variant('(si)', ('v', 1)), b'bytes', [1, 'two']):
            self.assertTrue(self.run_call(q, 'put', value))
            got = self.run_call(q, 'get')
            self.assertEqual(got, value)
            self.assertIs(type(got), type(value))
            if isinstance(value, (GObject.Object, Job)):
                self.assertIs(got, value)

    def test_native_items_nowait(self):
        q = Toro.Queue()
        for value in ('job', 3, 1.5, True, Job('x')):
            self.assertIs(q.put_nowait(value), True)
            got = q.get_nowait()
            self.assertIs(type(got), type(value))
            if isinstance(value, Job):
                self.assertIs(got, value)
            else:
                self.assertEqual(got, value)

    def test_fifo_order(self):
        q = Toro.Queue()
        for i in (111, 333, 222):
            q.put_nowait(i)
        self.assertEqual(drain(q), [111, 333, 222])

    def test_full_and_empty(self):
        q = Toro.Queue(maxsize=5)
        sizes = self.watch_notify(q, 'size')
        for _ in range(2):   # the same sequence twice on the same queue
            for i in range(5):
                self.assertFalse(q.full())
                q.put_nowait(i)
            self.assertTrue(q.full())
            self.assertEqual(q.qsize(), 5)
            self.assertEqual(q.props.size, 5)
            self.assertToroError(q.put_nowait, Toro.Error.FULL, 5)
            put = Call(q, 'put', 5, deadline=Toro.deadline_after(SHORT))
            self.wait_for(put)
            self.assertToroError(put, Toro.Error.TIMEOUT)
            self.assertEqual(q.qsize(), 5)
            self.assertEqual(drain(q), [0, 1, 2, 3, 4])
            self.assertTrue(q.empty())
            self.assertToroError(q.get_nowait, Toro.Error.EMPTY)
            get = Call(q, 'get', deadline=Toro.deadline_after(SHORT))
            self.wait_for(get)
            self.assertToroError(get, Toro.Error.TIMEOUT)
        self.assertEqual(sizes, [1, 2, 3, 4, 5, 4, 3, 2, 1, 0] * 2)

    def test_timed_out_putter_never_enqueues(self):
        q = Toro.Queue(maxsize=1)
        q.put_nowait(0)
        p1 = Call(q, 'put', 1, deadline=Toro.deadline_after(SHORT))
        p2 = Call(q, 'put', 2)
        self.wait_for(p1)
        self.assertToroError(p1, Toro.Error.TIMEOUT)
        self.assertEqual(self.toro(q.get_nowait), 0)
        self.wait_for(p2)            # the waiting putter's item went in
        self.assertEqual(self.run_call(q, 'get'), 2)
        self.assertTrue(q.empty())

    def test_timed_out_getter_takes_nothing(self):
        q = Toro.Queue()
        g1 = Call(q, 'get', deadline=Toro.deadline_after(SHORT))
        g2 = Call(q, 'get')
        self.wait_for(g1)
        self.assertToroError(g1, Toro.Error.TIMEOUT)
        self.toro(q.put_nowait, 'sent')
        self.wait_for(g2)
        self.assertEqual(g2.result(), 'sent')

    def test_hand_off_to_waiting_getter(self):
        q = Toro.Queue(maxsize=1)
        getter = Call(q, 'get')
        self.settle()
        self.toro(q.put_nowait, 'a')
        # The item belongs to the getter now, even before it runs.
        self.assertToroError(q.get_nowait, Toro.Error.EMPTY)
        self.toro(q.put_nowait, 'b')   # a queue of one still has room
        self.assertEqual(q.qsize(), 1)
        self.wait_for(getter)
        self.assertEqual(getter.result(), 'a')
        self.assertEqual(q.get_nowait(), 'b')

    def test_get_nowait_admits_waiting_putter(self):
        q = Toro.Queue(maxsize=1)
        q.put_nowait('first')
        putter = Call(q, 'put', 'second')
        self.settle()
        self.assertFalse(putter.done)
        self.assertEqual(self.toro(q.get_nowait), 'first')
        self.assertEqual(q.qsize(), 1)
        self.wait_for(putter)
        self.assertTrue(putter.result())
        self.assertEqual(q.get_nowait(), 'second')

    def test_cancel(self):
        q = Toro.Queue(maxsize=1)
        cancellable = Gio.Cancellable()
        getter = Call(q, 'get', cancellable=cancellable)
        self.settle()
        cancellable.cancel()
        self.wait_for(getter)
        self.assertCancelled(getter)
        q.put_nowait('kept')           # nobody took it
        self.assertEqual(q.qsize(), 1)

        cancellable = Gio.Cancellable()
        putter = Call(q, 'put', 'dropped', cancellable=cancellable)
        self.settle()
        cancellable.cancel()
        self.wait_for(putter)
        self.assertCancelled(putter)
        self.assertEqual(drain(q), ['kept'])

    def test_already_cancelled(self):
        q = Toro.Queue()
        q.put_nowait('x')
        cancellable = Gio.Cancellable()
        cancellable.cancel()
        call = Call(q, 'get', cancellable=cancellable)
        self.wait_for(call)
        self.assertCancelled(call)
        call = Call(q, 'put', 'y', cancellable=cancellable)
        self.wait_for(call)
        self.assertCancelled(call)
        self.assertEqual(drain(q), ['x'])

    def test_past_deadline(self):
        q = Toro.Queue()
        past = GLib.get_monotonic_time() - 1
        self.assertTrue(self.run_call(q, 'put', 'now', deadline=past))
        self.assertEqual(self.run_call(q, 'get', deadline=past), 'now')
        with self.assertRaises(GLib.Error) as cm:
            self.run_call(q, 'get', deadline=past)
        self.assertTrue(cm.exception.matches(Toro.error_quark(), Toro.Error.TIMEOUT))


class TestPriorityQueue(TestCase):
    def test_default_order(self):
        q = Toro.PriorityQueue.new(0, None)
        for i in (111, 333, 222):
            q.put_nowait(i)
        self.assertEqual(drain(q), [111, 222, 333])
        # Numbers of every type together, then strings (bytewise), then
        # anything else (a boolean is not a number to GLib).
        for item in ('b', 3, 'a', True, 1.5, -1, 2 ** 31 - 1, 'A', -0.5, 0, 'é'):
            q.put_nowait(item)
        self.assertEqual(drain(q), [-1, -0.5, 0, 1.5, 3, 2 ** 31 - 1, 'A', 'a', 'b', 'é', True])

    def test_property_constructor_uses_default_order(self):
        q = Toro.PriorityQueue(maxsize=3)
        for s in ('pear', 'apple', 'fig'):
            q.put_nowait(s)
        self.assertTrue(q.full())
        self.assertEqual(drain(q), ['apple', 'fig', 'pear'])
        self.assertEqual(Toro.PriorityQueue().get_maxsize(), 0)

    def test_python_compare(self):
        seen_types = set()

        def reverse(a, b):
            seen_types.add(type(a))
            seen_types.add(type(b))
            return (a < b) - (a > b)

        q = Toro.PriorityQueue.new(0, reverse)
        for i in (111, 333, 222):
            q.put_nowait(i)
        self.assertEqual(drain(q), [333, 222, 111])
        self.assertEqual(seen_types, {int})   # native values, no GValue

    def test_compare_with_data(self):
        def by_key(a, b, key):
            return (key(a) > key(b)) - (key(a) < key(b))

        q = Toro.PriorityQueue.new(0, by_key, len)
        for word in ('three', 'a', 'to'):
            q.put_nowait(word)
        self.assertEqual(drain(q), ['a', 'to', 'three'])

    def test_compare_python_objects(self):
        def by_priority(a, b):
            return (a.priority > b.priority) - (a.priority < b.priority)

        q = Toro.PriorityQueue.new(0, by_priority)
        jobs = []
        for name, priority in (('low', 9), ('high', 1), ('mid', 5), ('mid2', 5), ('high2', 1)):
            job = Job(name)
            job.priority = priority
            jobs.append(job)
            q.put_nowait(job)
        # Equal items leave in the order they came.
        self.assertEqual([j.name for j in drain(q)], ['high', 'high2', 'mid', 'mid2', 'low'])

    def test_bounded_async(self):
        q = Toro.PriorityQueue.new(2, lambda a, b: a - b)
        q.put_nowait(5)
        q.put_nowait(4)
        putter = Call(q, 'put', 1)
        self.settle()
        self.assertFalse(putter.done)
        # As in Toro, get_nowait() first admits the waiting putter's item,
        # then hands out the lowest.
        self.assertEqual(self.toro(q.get_nowait), 1)
        self.wait_for(putter)
        self.assertTrue(q.full())
        self.assertEqual(self.run_call(q, 'get'), 4)
        self.assertEqual(self.run_call(q, 'get'), 5)


class TestLifoQueue(TestCase):
    def test_order(self):
        q = Toro.LifoQueue.new(0)
        for i in (111, 333, 222):
            q.put_nowait(i)
        self.assertEqual(drain(q), [222, 333, 111])

    def test_bounded(self):
        q = Toro.LifoQueue(maxsize=2)
        q.put_nowait('a')
        self.assertTrue(self.run_call(q, 'put', 'b'))
        self.assertToroError(q.put_nowait, Toro.Error.FULL, 'c')
        self.assertEqual(self.run_call(q, 'get'), 'b')
        self.assertEqual(q.get_nowait(), 'a')
        self.assertToroError(q.get_nowait, Toro.Error.EMPTY)


class TestJoinableQueue(TestCase):
    def test_join(self):
        q = Toro.JoinableQueue.new(0)
        unfinished = self.watch_notify(q, 'unfinished-tasks')
        self.assertTrue(self.run_call(q, 'join'))      # nothing to wait for
        for i in range(3):
            q.put_nowait(i)
        self.assertEqual(q.get_unfinished_tasks(), 3)
        self.assertEqual(q.props.unfinished_tasks, 3)
        joiner = Call(q, 'join')
        for i in range(3):
            self.assertEqual(q.get_nowait(), i)
        self.assertEqual(q.get_unfinished_tasks(), 3)  # got, not yet done
        self.toro(q.task_done)
        self.toro(q.task_done)
        self.settle()
        self.assertFalse(joiner.done)
        self.toro(q.task_done)
        self.wait_for(joiner)
        self.assertTrue(joiner.result())
        self.assertEqual(unfinished, [1, 2, 3, 2, 1, 0])

    def test_join_timeout_and_cancel(self):
        q = Toro.JoinableQueue(maxsize=1)
        q.put_nowait('x')
        call = Call(q, 'join', deadline=Toro.deadline_after(SHORT))
        self.wait_for(call)
        self.assertToroError(call, Toro.Error.TIMEOUT)
        cancellable = Gio.Cancellable()
        call = Call(q, 'join', cancellable=cancellable)
        self.settle()
        cancellable.cancel()
        self.wait_for(call)
        self.assertCancelled(call)
        self.assertEqual(q.get_unfinished_tasks(), 1)

    def test_task_done_misuse(self):
        q = Toro.JoinableQueue()
        self.expect_critical('more times than there were items', q.task_done)
        self.assertEqual(q.get_unfinished_tasks(), 0)

    def test_is_a_queue(self):
        q = Toro.JoinableQueue(maxsize=1)
        self.assertIsInstance(q, Toro.Queue)
        getter = Call(q, 'get')
        self.toro(q.put_nowait, 'work')
        self.wait_for(getter)
        self.assertEqual(getter.result(), 'work')
        q.task_done()
        self.assertEqual(q.get_unfinished_tasks(), 0)


if __name__ == '__main__':
    main()
