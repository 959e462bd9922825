# test-events.py: Condition, Event and AsyncResult from Python
#
# Copyright 2026 The toro-glib authors
# SPDX-License-Identifier: LGPL-2.1-or-later

import gc

from torotest import GLib, GObject, Gio, Toro, Call, TestCase, main

SHORT = 20_000  # µs


class TestCondition(TestCase):
    def test_notify_n(self):
        cond = Toro.Condition.new()
        order = []
        waiters = [Call(cond, 'wait', log=order, tag=i) for i in range(6)]
        self.settle()
        self.assertEqual(order, [])
        self.toro(cond.notify, 3)
        self.wait_for(*waiters[:3])
        self.settle()
        self.assertEqual(order, [0, 1, 2])
        self.toro(cond.notify, 1)
        self.wait_for(waiters[3])
        self.toro(cond.notify, 2)
        self.wait_for(*waiters)
        self.assertEqual(order, [0, 1, 2, 3, 4, 5])
        self.assertTrue(all(w.result() is True for w in waiters))

    def test_notify_all(self):
        cond = Toro.Condition()
        order = []
        waiters = [Call(cond, 'wait', log=order, tag=i) for i in range(4)]
        self.toro(cond.notify_all)
        self.wait_for(*waiters)
        self.assertEqual(order, [0, 1, 2, 3])

    def test_notification_not_stored(self):
        cond = Toro.Condition()
        cond.notify(1)
        cond.notify_all()
        call = Call(cond, 'wait', deadline=Toro.deadline_after(SHORT))
        self.wait_for(call)
        self.assertToroError(call, Toro.Error.TIMEOUT)

    def test_timed_out_waiter_does_not_count(self):
        cond = Toro.Condition()
        order = []
        w0 = Call(cond, 'wait', log=order, tag=0)
        w1 = Call(cond, 'wait', log=order, tag=1, deadline=Toro.deadline_after(SHORT))
        w2 = Call(cond, 'wait', log=order, tag=2)
        w3 = Call(cond, 'wait', log=order, tag=3)
        self.wait_for(w1)
        self.assertToroError(w1, Toro.Error.TIMEOUT)
        self.toro(cond.notify, 2)
        self.wait_for(w0, w2)
        self.settle()
        self.assertFalse(w3.done)
        self.toro(cond.notify, 1)
        self.wait_for(w3)
        self.assertEqual(order, [1, 0, 2, 3])

    def test_cancel(self):
        cond = Toro.Condition()
        cancellable = Gio.Cancellable()
        first = Call(cond, 'wait', cancellable=cancellable)
        second = Call(cond, 'wait')
        self.settle()
        cancellable.cancel()
        self.wait_for(first)
        self.assertCancelled(first)
        self.toro(cond.notify, 1)     # goes to the live waiter
        self.wait_for(second)
        self.assertTrue(second.result())


class TestEvent(TestCase):
    def test_set_clear_flag(self):
        event = Toro.Event.new()
        flags = self.watch_notify(event, 'flag')
        self.assertFalse(event.is_set())
        self.assertFalse(event.props.flag)
        event.set()
        event.set()                    # idempotent, notified once
        self.assertTrue(event.is_set())
        self.assertTrue(event.props.flag)
        event.clear()
        event.clear()
        self.assertFalse(event.is_set())
        self.assertEqual(flags, [True, False])

    def test_wait(self):
        event = Toro.Event()
        order = []
        waiters = [Call(event, 'wait', log=order, tag=i) for i in range(3)]
        self.settle()
        self.assertEqual(order, [])
        self.toro(event.set)
        self.toro(event.clear)        # set then clear: every waiter still wakes
        self.wait_for(*waiters)
        self.assertEqual(order, [0, 1, 2])
        self.assertFalse(event.is_set())

    def test_wait_when_set(self):
        event = Toro.Event()
        event.set()
        self.assertTrue(self.run_call(event, 'wait'))
        self.assertTrue(self.run_call(event, 'wait', deadline=GLib.get_monotonic_time() - 1))

    def test_timeout(self):
        event = Toro.Event()
        call = Call(event, 'wait', deadline=Toro.deadline_after(SHORT))
        self.wait_for(call)
        self.assertToroError(call, Toro.Error.TIMEOUT)
        self.assertFalse(event.is_set())

    def test_cancel(self):
        event = Toro.Event()
        cancellable = Gio.Cancellable()
        call = Call(event, 'wait', cancellable=cancellable)
        self.settle()
        cancellable.cancel()
        self.wait_for(call)
        self.assertCancelled(call)


class TestAsyncResult(TestCase):
    def test_get_nowait_not_ready(self):
        result = Toro.AsyncResult.new()
        self.assertToroError(result.get_nowait, Toro.Error.NOT_READY)
        self.assertFalse(result.is_ready())

    def test_set_native_values(self):
        obj = Gio.SimpleAction.new('act', None)
        for value in ('hello', 42, -7, 2.5, True, False, obj, ('a', 1), {'k': [1]}):
            result = Toro.AsyncResult()
            self.assertTrue(result.set(value))
            got = result.get_nowait()
            self.assertEqual(got, value)
            self.assertIs(type(got), type(value))
            if value is obj:
                self.assertIs(got, obj)
            self.assertEqual(self.run_call(result, 'get'), value)

    def test_set_twice(self):
        result = Toro.AsyncResult()
        ready = self.watch_notify(result, 'ready')
        result.set('hello')
        self.assertToroError(result.set, Toro.Error.ALREADY_SET, 'whatever')
        self.assertEqual(result.get_nowait(), 'hello')
        self.assertEqual(result.get_nowait(), 'hello')
        self.assertTrue(result.is_ready())
        self.assertTrue(result.props.ready)
        self.assertEqual(ready, [True])
        failure = GLib.Error.new_literal(Toro.error_quark(), 'x', Toro.Error.FULL)
        self.assertToroError(result.set_error, Toro.Error.ALREADY_SET, failure)

    def test_waiters(self):
        result = Toro.AsyncResult()
        order = []
        waiters = [Call(result, 'get', log=order, tag=i) for i in range(2)]
        self.settle()
        self.assertEqual(order, [])
        self.toro(result.set, 'foo')
        self.wait_for(*waiters)
        self.assertEqual(order, [0, 1])
        self.assertEqual([w.result() for w in waiters], ['foo', 'foo'])

    def test_set_error(self):
        result = Toro.AsyncResult()
        waiter = Call(result, 'get')
        failure = GLib.Error.new_literal(Gio.io_error_quark(), 'no route',
                                         Gio.IOErrorEnum.HOST_UNREACHABLE)
        self.assertTrue(self.toro(result.set_error, failure))
        self.assertTrue(result.is_ready())
        self.wait_for(waiter)
        for attempt in (waiter.result, result.get_nowait,
                        lambda: self.run_call(result, 'get')):
            with self.assertRaises(GLib.Error) as cm:
                attempt()
            self.assertTrue(cm.exception.matches(Gio.io_error_quark(),
                                                 Gio.IOErrorEnum.HOST_UNREACHABLE))
            self.assertEqual(cm.exception.message, 'no route')
        self.assertToroError(result.set, Toro.Error.ALREADY_SET, 1)

    def test_timeout_then_set(self):
        result = Toro.AsyncResult()
        call = Call(result, 'get', deadline=Toro.deadline_after(SHORT))
        self.wait_for(call)
        self.assertToroError(call, Toro.Error.TIMEOUT)
        self.assertFalse(result.is_ready())
        result.set('foo')
        self.assertEqual(self.run_call(result, 'get', deadline=Toro.deadline_after(SHORT)), 'foo')
        # Already set: a deadline in the past still gets the value.
        self.assertEqual(self.run_call(result, 'get', deadline=GLib.get_monotonic_time() - 1),
                         'foo')

    def test_cancel(self):
        result = Toro.AsyncResult()
        cancellable = Gio.Cancellable()
        call = Call(result, 'get', cancellable=cancellable)
        self.settle()
        cancellable.cancel()
        self.wait_for(call)
        self.assertCancelled(call)
        self.assertFalse(result.is_ready())


class TestObjectLifetime(TestCase):
    def test_items_hold_a_reference(self):
        # A GObject stored in a primitive is kept alive by it, and released
        # when the primitive is finalized with the item still inside.
        for make in (Toro.AsyncResult.new, lambda: Toro.Queue.new(0)):
            finalized = []
            holder = make()
            obj = GObject.Object()
            obj.weak_ref(lambda: finalized.append(True))
            if isinstance(holder, Toro.Queue):
                holder.put_nowait(obj)
            else:
                holder.set(obj)
            del obj
            gc.collect()
            self.assertEqual(finalized, [])
            del holder
            gc.collect()
            self.assertEqual(finalized, [True])

    def test_item_identity(self):
        obj = GObject.Object()
        q = Toro.LifoQueue()
        q.put_nowait(obj)
        self.assertIs(self.run_call(q, 'get'), obj)


if __name__ == '__main__':
    main()
