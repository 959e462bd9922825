# test-api.py: the shape of Toro-1.0 as Python (PyGObject) sees it
#
# Copyright 2026 The toro-glib authors
# SPDX-License-Identifier: LGPL-2.1-or-later

import gc

from torotest import GLib, GObject, Gio, Toro, Call, TestCase, main


class TestNamespace(TestCase):
    def test_version(self):
        self.assertEqual(Toro.get_major_version(), Toro.MAJOR_VERSION)
        self.assertEqual(Toro.get_minor_version(), Toro.MINOR_VERSION)
        self.assertEqual(Toro.get_micro_version(), Toro.MICRO_VERSION)
        self.assertEqual(Toro.VERSION_S, '%d.%d.%d' % (Toro.MAJOR_VERSION, Toro.MINOR_VERSION,
                                                       Toro.MICRO_VERSION))
        self.assertEqual(Toro.MAJOR_VERSION, 1)

    def test_no_deadline(self):
        self.assertEqual(Toro.NO_DEADLINE, -1)

    def test_deadline_after(self):
        before = GLib.get_monotonic_time()
        deadline = Toro.deadline_after(2_000_000)
        after = GLib.get_monotonic_time()
        self.assertIsInstance(deadline, int)
        self.assertGreaterEqual(deadline, before + 2_000_000)
        self.assertLessEqual(deadline, after + 2_000_000)
        # A 64-bit value: hours from now do not overflow.
        self.assertGreater(Toro.deadline_after(10 * 3600 * 1_000_000), 2 ** 32)

    def test_error_domain(self):
        self.assertEqual(GLib.quark_to_string(Toro.error_quark()), 'toro-error-quark')
        self.assertEqual(Toro.Error.quark(), Toro.error_quark())
        codes = [Toro.Error.TIMEOUT, Toro.Error.EMPTY, Toro.Error.FULL,
                 Toro.Error.NOT_READY, Toro.Error.ALREADY_SET]
        self.assertEqual([int(c) for c in codes], [0, 1, 2, 3, 4])
        self.assertTrue(GObject.type_is_a(Toro.Error.__gtype__, GObject.TYPE_ENUM))

    def test_error_raised_natively(self):
        q = Toro.Queue.new(1)
        with self.assertRaises(GLib.Error) as cm:
            q.get_nowait()
        e = cm.exception
        self.assertEqual(e.domain, 'toro-error-quark')
        self.assertEqual(e.code, Toro.Error.EMPTY)
        self.assertTrue(e.matches(Toro.error_quark(), Toro.Error.EMPTY))
        self.assertIn('empty', e.message)

    def test_c_only_conveniences_are_hidden(self):
        for name in ('put_pointer_async', 'put_pointer_nowait',
                     'get_pointer_finish', 'get_pointer_nowait'):
            self.assertFalse(hasattr(Toro.Queue, name), name)


class TestClasses(TestCase):
    def test_hierarchy(self):
        self.assertTrue(issubclass(Toro.BoundedSemaphore, Toro.Semaphore))
        for kind in (Toro.PriorityQueue, Toro.LifoQueue, Toro.JoinableQueue):
            self.assertTrue(issubclass(kind, Toro.Queue), kind)
        for kind in (Toro.AsyncResult, Toro.Lock, Toro.RWLock, Toro.Semaphore,
                     Toro.Condition, Toro.Event, Toro.Queue):
            self.assertEqual(GObject.type_parent(kind.__gtype__), GObject.Object.__gtype__, kind)
            self.assertTrue(issubclass(kind, GObject.Object), kind)
        self.assertIsInstance(Toro.BoundedSemaphore.new(1), Toro.Semaphore)
        self.assertIsInstance(Toro.JoinableQueue.new(0), Toro.Queue)
        # Methods of the parent work on the child.
        q = Toro.LifoQueue.new(0)
        Toro.Queue.put_nowait(q, 'x')
        self.assertEqual(Toro.Queue.get_nowait(q), 'x')

    def test_constructors_with_properties(self):
        q = Toro.Queue(maxsize=2)
        self.assertEqual(q.props.maxsize, 2)
        self.assertEqual(q.get_maxsize(), 2)
        q.put_nowait(1)
        q.put_nowait(2)
        self.assertTrue(q.full())
        self.assertToroError(q.put_nowait, Toro.Error.FULL, 3)

        for kind in (Toro.LifoQueue, Toro.JoinableQueue, Toro.PriorityQueue):
            q = kind(maxsize=1)
            self.assertEqual(q.get_maxsize(), 1, kind)
            q.put_nowait(1)
            self.assertTrue(q.full(), kind)

        self.assertEqual(Toro.RWLock(max_readers=3).get_max_readers(), 3)
        self.assertEqual(Toro.RWLock(max_readers=3).props.max_readers, 3)
        self.assertEqual(Toro.Semaphore(value=3).get_value(), 3)
        b = Toro.BoundedSemaphore(value=2)
        self.assertEqual(b.get_value(), 2)
        self.assertTrue(b.try_acquire())
        b.release()
        self.expect_critical('released too many times', b.release)
        self.assertEqual(b.get_value(), 2)

    def test_constructor_defaults(self):
        self.assertEqual(Toro.Queue().get_maxsize(), 0)
        self.assertEqual(Toro.Semaphore().get_value(), 1)    # Toro's default
        self.assertEqual(Toro.RWLock().get_max_readers(), 0)  # no limit
        self.assertFalse(Toro.Lock().is_locked())
        self.assertFalse(Toro.Event().is_set())
        self.assertFalse(Toro.AsyncResult().is_ready())
        # new() and the property constructor make the same thing.
        self.assertEqual(Toro.Queue.new(5).props.maxsize, Toro.Queue(maxsize=5).props.maxsize)

    def test_construct_only(self):
        # Configuration is set at construction, state is read-only.
        flags = GObject.ParamFlags
        for cls, name in ((Toro.Queue, 'maxsize'), (Toro.RWLock, 'max-readers'),
                          (Toro.Semaphore, 'value')):
            pspec = cls.find_property(name)
            self.assertTrue(pspec.flags & flags.CONSTRUCT_ONLY, name)
            self.assertTrue(pspec.flags & flags.READABLE, name)
        for cls, name in ((Toro.Queue, 'size'), (Toro.Lock, 'locked'), (Toro.Event, 'flag'),
                          (Toro.AsyncResult, 'ready'), (Toro.Semaphore, 'locked'),
                          (Toro.JoinableQueue, 'unfinished-tasks')):
            pspec = cls.find_property(name)
            self.assertFalse(pspec.flags & flags.WRITABLE, name)
            self.assertTrue(pspec.flags & flags.READABLE, name)

    def test_properties_listed(self):
        def names(cls):
            return sorted(p.name for p in cls.list_properties())
        self.assertEqual(names(Toro.Lock), ['locked'])
        self.assertEqual(names(Toro.RWLock), ['locked', 'max-readers'])
        self.assertEqual(names(Toro.Semaphore), ['locked', 'value'])
        self.assertEqual(names(Toro.BoundedSemaphore), ['locked', 'value'])
        self.assertEqual(names(Toro.Event), ['flag'])
        self.assertEqual(names(Toro.AsyncResult), ['ready'])
        self.assertEqual(names(Toro.Queue), ['maxsize', 'size'])
        self.assertEqual(names(Toro.JoinableQueue), ['maxsize', 'size', 'unfinished-tasks'])

    def test_subclass_in_python(self):
        # The derivable types can be subclassed in Python.
        class JobQueue(Toro.Queue):
            __gtype_name__ = 'TestJobQueue'
            label = GObject.Property(type=str, default='jobs')

            def put_job(self, name):
                self.put_nowait('job:' + name)

        q = JobQueue(maxsize=1, label='mine')
        self.assertEqual(q.props.label, 'mine')
        self.assertTrue(GObject.type_is_a(q.__gtype__, Toro.Queue.__gtype__))
        q.put_job('a')
        self.assertTrue(q.full())
        self.assertEqual(self.run_call(q, 'get'), 'job:a')

        class Pool(Toro.Semaphore):
            __gtype_name__ = 'TestPool'

        pool = Pool(value=2)
        self.assertTrue(self.run_call(pool, 'acquire'))
        self.assertEqual(pool.get_value(), 1)


class TestOverride(TestCase):
    """What toro-glib's PyGObject override (gi/overrides/Toro.py) adds."""

    def test_loaded(self):
        self.assertEqual(Toro.Queue.__module__, 'gi.overrides.Toro')
        self.assertEqual(Toro.AsyncResult.__module__, 'gi.overrides.Toro')
        # The subclasses are built on the overridden Queue.
        for kind in (Toro.PriorityQueue, Toro.LifoQueue, Toro.JoinableQueue):
            self.assertIn(Toro.Queue, kind.__mro__, kind)

    def test_none_and_wide_ints(self):
        values = [None, 2 ** 31, -2 ** 31 - 1, 2 ** 62, -2 ** 63, 2 ** 64 - 1, 2 ** 100, -2 ** 100]
        q = Toro.Queue()
        for value in values:
            self.assertTrue(q.put_nowait(value))
        self.assertEqual([q.get_nowait() for _ in values], values)
        for value in values:
            self.assertTrue(self.run_call(q, 'put', value))
            self.assertEqual(self.run_call(q, 'get'), value)
            result = Toro.AsyncResult()
            result.set(value)
            self.assertEqual(result.get_nowait(), value)
            self.assertEqual(self.run_call(result, 'get'), value)

    def test_wide_ints_are_numbers(self):
        # Stored as gint64/guint64, they sort with the other numbers.
        q = Toro.PriorityQueue.new(0, None)
        for value in (2 ** 40, 1, 'a', -2 ** 40, 2 ** 64 - 1, 0.5):
            q.put_nowait(value)
        self.assertEqual([q.get_nowait() for _ in range(6)],
                         [-2 ** 40, 0.5, 1, 2 ** 40, 2 ** 64 - 1, 'a'])

    def test_items_got_are_released(self):
        # Each path that hands out an item leaves no reference behind: the
        # object is finalized once Python drops it.
        def check(give, take):
            finalized = []
            obj = GObject.Object()
            obj.weak_ref(lambda: finalized.append(True))
            give(obj)
            del obj
            got = take()
            self.assertIsInstance(got, GObject.Object)
            del got
            gc.collect()
            self.assertEqual(finalized, [True])

        q = Toro.Queue()
        check(q.put_nowait, q.get_nowait)
        check(q.put_nowait, lambda: self.run_call(q, 'get'))
        holder = {}

        def give_result(obj):
            holder['result'] = Toro.AsyncResult()
            holder['result'].set(obj)

        def take_result(via):
            got = via(holder.pop('result'))
            return got

        check(give_result, lambda: take_result(lambda r: r.get_nowait()))
        check(give_result, lambda: take_result(lambda r: self.run_call(r, 'get')))

    def test_into_variants(self):
        # What the override calls: they fill a GObject.Value the caller owns.
        q = Toro.Queue()
        q.put_nowait('a')
        value = GObject.Value()
        self.assertTrue(q.get_nowait_into(value))
        self.assertEqual(value.get_value(), 'a')
        value.unset()
        self.assertToroError(q.get_nowait_into, Toro.Error.EMPTY, value)
        self.assertEqual(value.g_type, GObject.TYPE_POINTER)   # valid, empty
        value.unset()
        result = Toro.AsyncResult()
        self.assertToroError(result.get_nowait_into, Toro.Error.NOT_READY, value)
        value.unset()
        result.set(5)
        self.assertTrue(result.get_nowait_into(value))
        self.assertEqual(value.get_value(), 5)


class TestConditionNotify(TestCase):
    def test_notify_is_toros(self):
        # Toro's Condition.notify(n) shadows GObject.Object.notify(name).
        cond = Toro.Condition()
        self.assertIsNot(Toro.Condition.notify, GObject.Object.notify)
        waiters = [Call(cond, 'wait') for _ in range(2)]
        self.toro(cond.notify, 1)
        self.settle()
        self.assertEqual([w.done for w in waiters], [True, False])
        cond.notify_all()
        self.wait_for(*waiters)
        # GObject's notify stays reachable through the class.
        lock = Toro.Lock()
        seen = []
        lock.connect('notify::locked', lambda *a: seen.append(True))
        GObject.Object.notify(lock, 'locked')
        self.assertEqual(seen, [True])


if __name__ == '__main__':
    main()
