// testLocks.js: Lock, RWLock, Semaphore and BoundedSemaphore from GJS
//
// Copyright 2026 The toro-glib authors
// SPDX-License-Identifier: LGPL-2.1-or-later

import Gio from 'gi://Gio';
import Toro from 'gi://Toro?version=1.0';

import {
    test, run, toro, Call, settle, waitFor, runCall, assert, assertEqual,
    assertToroError, assertCancelled, expectCritical, watchNotify, pastDeadline,
} from './harness.js';

const SHORT = 20000;  // µs

test('lock/try-acquire-release', () => {
    const lock = Toro.Lock.new();
    const locked = watchNotify(lock, 'locked');
    assertEqual(lock.is_locked(), false);
    assertEqual(lock.locked, false);
    assertEqual(lock.try_acquire(), true);
    assertEqual(lock.locked, true);
    assertEqual(lock.try_acquire(), false);
    lock.release();
    assertEqual(lock.is_locked(), false);
    assertEqual(locked, [true, false]);
});

test('lock/acquire-async', async () => {
    const lock = new Toro.Lock();
    assertEqual(await runCall(lock, 'acquire'), true);
    assert(lock.is_locked(), 'locked');
    lock.release();
});

test('lock/fifo-hand-off', async () => {
    const lock = new Toro.Lock();
    lock.try_acquire();
    const order = [];
    const waiters = [0, 1, 2, 3].map(i => new Call(lock, 'acquire', [], {log: order, tag: i}));
    await settle();
    assertEqual(order, []);
    for (let i = 0; i < 4; i++) {
        toro(() => lock.release());
        assert(lock.is_locked(), 'handed over, still locked');
        assertEqual(lock.try_acquire(), false, 'no barging');
        // eslint-disable-next-line no-await-in-loop
        await waitFor(waiters[i]);
        assertEqual(order, [0, 1, 2, 3].slice(0, i + 1));
    }
    lock.release();
});

test('lock/timeout', async () => {
    const lock = new Toro.Lock();
    lock.try_acquire();
    const call = new Call(lock, 'acquire', [], {deadline: Toro.deadline_after(SHORT)});
    await waitFor(call);
    const e = assertToroError(call, Toro.Error.TIMEOUT);
    assert(e.message.includes('lock'), e.message);
    assert(lock.is_locked(), 'still locked');
    lock.release();
    assertEqual(lock.is_locked(), false);
});

test('lock/past-deadline', async () => {
    const lock = new Toro.Lock();
    assertEqual(await runCall(lock, 'acquire', [], {deadline: pastDeadline()}), true);
    const call = new Call(lock, 'acquire', [], {deadline: pastDeadline()});
    await waitFor(call);
    assertToroError(call, Toro.Error.TIMEOUT);
    lock.release();
});

test('lock/cancel', async () => {
    const lock = new Toro.Lock();
    lock.try_acquire();
    const cancellable = new Gio.Cancellable();
    const cancelled = new Call(lock, 'acquire', [], {cancellable});
    const second = new Call(lock, 'acquire');
    await settle();
    cancellable.cancel();
    await waitFor(cancelled);
    assertCancelled(cancelled);
    toro(() => lock.release());
    await waitFor(second);
    assertEqual(second.result(), true);
    lock.release();
});

test('lock/release-unlocked', () => {
    const lock = new Toro.Lock();
    expectCritical('not held', () => lock.release());
    assertEqual(lock.locked, false);
});

test('rwlock/readers-then-writer', async () => {
    const rw = Toro.RWLock.new(2);
    assertEqual(rw.max_readers, 2);
    const locked = watchNotify(rw, 'locked');
    assertEqual(await runCall(rw, 'acquire_read'), true);
    assertEqual(rw.try_acquire_read(), true);
    assertEqual(rw.get_n_readers(), 2);
    assert(rw.is_locked(), 'all read slots taken');
    assertEqual(rw.try_acquire_write(), false);
    const writer = new Call(rw, 'acquire_write');
    rw.release_read();
    await settle();
    assertEqual(writer.done, false);
    toro(() => rw.release_read());
    await waitFor(writer);
    assertEqual(writer.result(), true);
    assertEqual(rw.get_n_readers(), 0);
    rw.release_write();
    assertEqual(rw.locked, false);
    assertEqual(locked[0], true);
    assertEqual(locked[locked.length - 1], false);
});

test('rwlock/writer-preference', async () => {
    const rw = new Toro.RWLock();
    rw.try_acquire_read();
    const order = [];
    const writer = new Call(rw, 'acquire_write', [], {log: order, tag: 'w'});
    const reader = new Call(rw, 'acquire_read', [], {log: order, tag: 'r'});
    await settle();
    assertEqual(rw.try_acquire_read(), false, 'a reader waits behind a queued writer');
    toro(() => rw.release_read());
    await waitFor(writer);
    await settle();
    assertEqual(order, ['w']);
    toro(() => rw.release_write());
    await waitFor(reader);
    assertEqual(order, ['w', 'r']);
    rw.release_read();
});

test('rwlock/write-timeout-holds-nothing', async () => {
    const rw = new Toro.RWLock({max_readers: 3});
    rw.try_acquire_read();
    const call = new Call(rw, 'acquire_write', [], {deadline: Toro.deadline_after(SHORT)});
    await waitFor(call);
    assertToroError(call, Toro.Error.TIMEOUT);
    rw.release_read();
    assertEqual(rw.try_acquire_write(), true);
    rw.release_write();
});

test('rwlock/cancel', async () => {
    const rw = new Toro.RWLock();
    rw.try_acquire_write();
    const cancellable = new Gio.Cancellable();
    const call = new Call(rw, 'acquire_read', [], {cancellable});
    await settle();
    cancellable.cancel();
    await waitFor(call);
    assertCancelled(call);
    rw.release_write();
    assertEqual(rw.get_n_readers(), 0);
});

test('rwlock/misuse', () => {
    const rw = new Toro.RWLock();
    expectCritical('not held for reading', () => rw.release_read());
    expectCritical('not held for writing', () => rw.release_write());
});

test('semaphore/value-and-notify', async () => {
    const sem = Toro.Semaphore.new(2);
    const values = watchNotify(sem, 'value');
    const locked = watchNotify(sem, 'locked');
    assertEqual(sem.value, 2);
    assertEqual(sem.try_acquire(), true);
    assertEqual(await runCall(sem, 'acquire'), true);
    assertEqual(sem.locked, true);
    assertEqual(sem.try_acquire(), false);
    sem.release();
    sem.release();
    sem.release();   // a plain semaphore may go above its initial value
    assertEqual(sem.get_value(), 3);
    assertEqual(values, [1, 0, 1, 2, 3]);
    assertEqual(locked, [true, false]);
});

test('semaphore/wait', async () => {
    const sem = new Toro.Semaphore({value: 0});
    const order = [];
    const acquirer = new Call(sem, 'acquire', [], {log: order, tag: 'acquire'});
    const waiter = new Call(sem, 'wait', [], {log: order, tag: 'wait'});
    toro(() => sem.release());
    await waitFor(acquirer);
    await settle();
    assertEqual(order, ['acquire'], 'release serves acquire before wait');
    toro(() => sem.release());
    await waitFor(waiter);
    assertEqual(order, ['acquire', 'wait']);
    assertEqual(sem.value, 1, 'wait took nothing');
    assertEqual(await runCall(sem, 'wait'), true);
    assertEqual(sem.value, 1);
});

test('semaphore/timeout-and-cancel', async () => {
    const sem = new Toro.Semaphore({value: 0});
    const timed = new Call(sem, 'acquire', [], {deadline: Toro.deadline_after(SHORT)});
    await waitFor(timed);
    assertToroError(timed, Toro.Error.TIMEOUT);
    const waitTimed = new Call(sem, 'wait', [], {deadline: Toro.deadline_after(SHORT)});
    await waitFor(waitTimed);
    assertToroError(waitTimed, Toro.Error.TIMEOUT);
    const cancellable = new Gio.Cancellable();
    const cancelled = new Call(sem, 'acquire', [], {cancellable});
    const live = new Call(sem, 'acquire');
    await settle();
    cancellable.cancel();
    await waitFor(cancelled);
    assertCancelled(cancelled);
    toro(() => sem.release());
    await waitFor(live);
    assertEqual(sem.value, 0);
});

test('bounded-semaphore/is-a-semaphore', async () => {
    const sem = Toro.BoundedSemaphore.new(1);
    assert(sem instanceof Toro.Semaphore, 'a Semaphore');
    assertEqual(await runCall(sem, 'acquire'), true);
    const waiter = new Call(sem, 'acquire');
    toro(() => sem.release());
    await waitFor(waiter);
    sem.release();
    assertEqual(sem.value, 1);
    expectCritical('released too many times', () => sem.release());
    assertEqual(sem.value, 1);
    const call = new Call(sem, 'wait', [], {deadline: pastDeadline()});
    await waitFor(call);
    assertEqual(call.result(), true);
});

run();
