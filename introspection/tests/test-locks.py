# test-locks.py: Lock, RWLock, Semaphore and BoundedSemaphore from Python
#
# Copyright 2026 The toro-glib authors
# SPDX-License-Identifier: LGPL-2.1-or-later

from torotest import GLib, Gio, Toro, Call, TestCase, main

SHORT = 20_000  # µs: a deadline that passes quickly


def past():
    """A deadline that has already passed."""
    return GLib.get_monotonic_time() - 1


class TestLock(TestCase):
    def test_try_acquire_release(self):
        lock = Toro.Lock.new()
        locked = self.watch_notify(lock, 'locked')
        self.assertFalse(lock.is_locked())
        self.assertFalse(lock.props.locked)
        self.assertTrue(lock.try_acquire())
        self.assertTrue(lock.is_locked())
        self.assertTrue(lock.props.locked)
        self.assertFalse(lock.try_acquire())
        lock.release()
        self.assertFalse(lock.is_locked())
        self.assertEqual(locked, [True, False])

    def test_acquire_async(self):
        lock = Toro.Lock()
        self.assertIs(self.run_call(lock, 'acquire'), True)
        self.assertTrue(lock.is_locked())
        lock.release()

    def test_fifo_handoff(self):
        lock = Toro.Lock()
        self.assertTrue(lock.try_acquire())
        order = []
        waiters = [Call(lock, 'acquire', log=order, tag=i) for i in range(4)]
        self.settle()
        self.assertEqual(order, [])
        for i in range(4):
            self.toro(lock.release)
            # The lock went straight to the next waiter: nobody barges in.
            self.assertTrue(lock.is_locked())
            self.assertFalse(lock.try_acquire())
            self.wait_for(waiters[i])
            self.assertEqual(order, list(range(i + 1)))
            self.assertTrue(waiters[i].result())
        lock.release()
        self.assertFalse(lock.is_locked())

    def test_timeout(self):
        lock = Toro.Lock()
        lock.try_acquire()
        call = Call(lock, 'acquire', deadline=Toro.deadline_after(SHORT))
        self.wait_for(call)
        self.assertToroError(call, Toro.Error.TIMEOUT)
        self.assertIn('lock', call.error.message)
        self.assertTrue(lock.is_locked())
        # The timed-out waiter is gone: a release unlocks.
        lock.release()
        self.assertFalse(lock.is_locked())

    def test_past_deadline(self):
        lock = Toro.Lock()
        self.assertTrue(self.run_call(lock, 'acquire', deadline=past()))
        with self.assertRaises(GLib.Error) as cm:
            self.run_call(lock, 'acquire', deadline=past())
        self.assertTrue(cm.exception.matches(Toro.error_quark(), Toro.Error.TIMEOUT))
        lock.release()

    def test_cancel_while_waiting(self):
        lock = Toro.Lock()
        lock.try_acquire()
        cancellable = Gio.Cancellable()
        cancelled = Call(lock, 'acquire', cancellable=cancellable)
        second = Call(lock, 'acquire')
        self.settle()
        cancellable.cancel()
        self.wait_for(cancelled)
        self.assertCancelled(cancelled)
        self.toro(lock.release)
        self.wait_for(second)     # the cancelled waiter took nothing
        self.assertTrue(second.result())
        lock.release()

    def test_already_cancelled(self):
        lock = Toro.Lock()
        cancellable = Gio.Cancellable()
        cancellable.cancel()
        call = Call(lock, 'acquire', cancellable=cancellable)
        self.wait_for(call)
        self.assertCancelled(call)
        self.assertFalse(lock.is_locked())

    def test_release_unlocked(self):
        lock = Toro.Lock()
        self.expect_critical('not held', lock.release)
        self.assertFalse(lock.is_locked())


class TestRWLock(TestCase):
    def test_readers_then_writer(self):
        rw = Toro.RWLock.new(2)
        self.assertEqual(rw.get_max_readers(), 2)
        self.assertEqual(rw.props.max_readers, 2)
        locked = self.watch_notify(rw, 'locked')
        self.assertTrue(self.run_call(rw, 'acquire_read'))
        self.assertFalse(rw.is_locked())
        self.assertTrue(rw.try_acquire_read())
        self.assertEqual(rw.get_n_readers(), 2)
        self.assertTrue(rw.is_locked())      # all read slots are taken
        self.assertFalse(rw.try_acquire_read())
        self.assertFalse(rw.try_acquire_write())
        writer = Call(rw, 'acquire_write')
        self.settle()
        self.assertFalse(writer.done)
        rw.release_read()
        self.settle()
        self.assertFalse(writer.done)
        self.toro(rw.release_read)
        self.wait_for(writer)
        self.assertTrue(writer.result())
        self.assertTrue(rw.is_locked())
        self.assertEqual(rw.get_n_readers(), 0)
        rw.release_write()
        self.assertFalse(rw.is_locked())
        self.assertEqual(locked[0], True)
        self.assertEqual(locked[-1], False)

    def test_writer_preference(self):
        rw = Toro.RWLock(max_readers=0)    # no limit
        self.assertTrue(rw.try_acquire_read())
        order = []
        writer = Call(rw, 'acquire_write', log=order, tag='w')
        reader = Call(rw, 'acquire_read', log=order, tag='r')
        self.settle()
        self.assertEqual(order, [])
        # A reader that comes after a queued writer waits for it.
        self.assertFalse(rw.try_acquire_read())
        self.toro(rw.release_read)
        self.wait_for(writer)
        self.settle()
        self.assertEqual(order, ['w'])
        self.toro(rw.release_write)
        self.wait_for(reader)
        self.assertEqual(order, ['w', 'r'])
        rw.release_read()
        self.assertFalse(rw.is_locked())

    def test_write_timeout_holds_nothing(self):
        rw = Toro.RWLock(max_readers=3)
        self.assertTrue(rw.try_acquire_read())
        call = Call(rw, 'acquire_write', deadline=Toro.deadline_after(SHORT))
        self.wait_for(call)
        self.assertToroError(call, Toro.Error.TIMEOUT)
        rw.release_read()
        self.assertEqual(rw.get_n_readers(), 0)
        self.assertTrue(rw.try_acquire_write())
        rw.release_write()

    def test_cancel_read(self):
        rw = Toro.RWLock()
        self.assertTrue(rw.try_acquire_write())
        cancellable = Gio.Cancellable()
        call = Call(rw, 'acquire_read', cancellable=cancellable)
        self.settle()
        cancellable.cancel()
        self.wait_for(call)
        self.assertCancelled(call)
        rw.release_write()
        self.assertFalse(rw.is_locked())
        self.assertEqual(rw.get_n_readers(), 0)

    def test_misuse(self):
        rw = Toro.RWLock()
        self.expect_critical('not held for reading', rw.release_read)
        self.expect_critical('not held for writing', rw.release_write)
        self.assertTrue(rw.try_acquire_read())
        self.expect_critical('not held for writing', rw.release_write)
        self.assertEqual(rw.get_n_readers(), 1)
        rw.release_read()


class TestSemaphore(TestCase):
    def test_value_and_notify(self):
        sem = Toro.Semaphore.new(2)
        values = self.watch_notify(sem, 'value')
        locked = self.watch_notify(sem, 'locked')
        self.assertEqual(sem.get_value(), 2)
        self.assertEqual(sem.props.value, 2)
        self.assertTrue(sem.try_acquire())
        self.assertTrue(self.run_call(sem, 'acquire'))
        self.assertTrue(sem.is_locked())
        self.assertTrue(sem.props.locked)
        self.assertFalse(sem.try_acquire())
        sem.release()
        sem.release()
        # A plain semaphore may go above its initial value.
        sem.release()
        self.assertEqual(sem.get_value(), 3)
        self.assertEqual(values, [1, 0, 1, 2, 3])
        self.assertEqual(locked, [True, False])

    def test_fifo(self):
        sem = Toro.Semaphore(value=1)
        sem.try_acquire()
        order = []
        waiters = [Call(sem, 'acquire', log=order, tag=i) for i in range(3)]
        for i in range(3):
            self.toro(sem.release)
            self.assertEqual(sem.get_value(), 0)   # handed over, not counted
            self.wait_for(waiters[i])
            self.assertEqual(order, list(range(i + 1)))

    def test_wait(self):
        # wait() blocks while the value is 0 and never takes a permit;
        # release() serves acquire() before wait().
        sem = Toro.Semaphore(value=0)
        order = []
        acquirer = Call(sem, 'acquire', log=order, tag='acquire')
        waiter = Call(sem, 'wait', log=order, tag='wait')
        self.settle()
        self.toro(sem.release)
        self.wait_for(acquirer)
        self.settle()
        self.assertEqual(order, ['acquire'])
        self.assertFalse(waiter.done)
        self.toro(sem.release)
        self.wait_for(waiter)
        self.assertEqual(order, ['acquire', 'wait'])
        self.assertTrue(waiter.result())
        self.assertEqual(sem.get_value(), 1)
        # Not locked: wait() returns at once, still taking nothing.
        self.assertTrue(self.run_call(sem, 'wait'))
        self.assertEqual(sem.get_value(), 1)

    def test_wait_timeout(self):
        sem = Toro.Semaphore(value=1)
        sem.try_acquire()
        call = Call(sem, 'wait', deadline=Toro.deadline_after(SHORT))
        self.wait_for(call)
        self.assertToroError(call, Toro.Error.TIMEOUT)

    def test_acquire_timeout_loses_nothing(self):
        sem = Toro.Semaphore(value=0)
        call = Call(sem, 'acquire', deadline=Toro.deadline_after(SHORT))
        self.wait_for(call)
        self.assertToroError(call, Toro.Error.TIMEOUT)
        sem.release()
        self.assertEqual(sem.get_value(), 1)
        self.assertTrue(sem.try_acquire())

    def test_cancel(self):
        sem = Toro.Semaphore(value=0)
        cancellable = Gio.Cancellable()
        first = Call(sem, 'acquire', cancellable=cancellable)
        second = Call(sem, 'acquire')
        self.settle()
        cancellable.cancel()
        self.wait_for(first)
        self.assertCancelled(first)
        self.toro(sem.release)
        self.wait_for(second)
        self.assertTrue(second.result())
        self.assertEqual(sem.get_value(), 0)

    def test_already_cancelled_takes_nothing(self):
        sem = Toro.Semaphore(value=1)
        cancellable = Gio.Cancellable()
        cancellable.cancel()
        for name in ('acquire', 'wait'):
            call = Call(sem, name, cancellable=cancellable)
            self.wait_for(call)
            self.assertCancelled(call)
        self.assertEqual(sem.get_value(), 1)


class TestBoundedSemaphore(TestCase):
    def test_is_a_semaphore(self):
        sem = Toro.BoundedSemaphore.new(2)
        self.assertIsInstance(sem, Toro.Semaphore)
        values = self.watch_notify(sem, 'value')
        self.assertTrue(self.run_call(sem, 'acquire'))
        self.assertTrue(sem.try_acquire())
        self.assertTrue(sem.is_locked())
        waiter = Call(sem, 'wait')
        self.toro(sem.release)
        self.wait_for(waiter)
        sem.release()
        self.assertEqual(values, [1, 0, 1, 2])

    def test_over_release(self):
        sem = Toro.BoundedSemaphore(value=1)
        self.expect_critical('released too many times', sem.release)
        self.assertEqual(sem.get_value(), 1)
        sem.try_acquire()
        waiter = Call(sem, 'acquire')
        self.toro(sem.release)           # to the waiter
        self.wait_for(waiter)
        sem.release()                    # back to 1
        self.assertEqual(sem.get_value(), 1)
        self.expect_critical('released too many times', sem.release)
        self.assertEqual(sem.get_value(), 1)

    def test_timeout(self):
        sem = Toro.BoundedSemaphore(value=1)
        sem.try_acquire()
        call = Call(sem, 'acquire', deadline=Toro.deadline_after(SHORT))
        self.wait_for(call)
        self.assertToroError(call, Toro.Error.TIMEOUT)
        sem.release()
        self.assertEqual(sem.get_value(), 1)


if __name__ == '__main__':
    main()
