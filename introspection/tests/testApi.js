// testApi.js: the shape of Toro-1.0 as GJS sees it
//
// Copyright 2026 The toro-glib authors
// SPDX-License-Identifier: LGPL-2.1-or-later

import GLib from 'gi://GLib';
import GObject from 'gi://GObject';
import Gio from 'gi://Gio';
import Toro from 'gi://Toro?version=1.0';

import {
    test, run, toro, Call, settle, waitFor, runCall, assert, assertEqual,
    assertToroError, expectCritical, watchNotify,
} from './harness.js';

test('namespace/version', () => {
    assertEqual(Toro.get_major_version(), Toro.MAJOR_VERSION);
    assertEqual(Toro.get_minor_version(), Toro.MINOR_VERSION);
    assertEqual(Toro.get_micro_version(), Toro.MICRO_VERSION);
    assertEqual(Toro.VERSION_S, `${Toro.MAJOR_VERSION}.${Toro.MINOR_VERSION}.${Toro.MICRO_VERSION}`);
    assertEqual(Toro.MAJOR_VERSION, 1);
});

test('namespace/no-deadline', () => {
    assertEqual(Toro.NO_DEADLINE, -1);
});

test('namespace/deadline-after', () => {
    const before = GLib.get_monotonic_time();
    const deadline = Toro.deadline_after(2000000);
    const after = GLib.get_monotonic_time();
    assertEqual(typeof deadline, 'number');
    assert(deadline >= before + 2000000 && deadline <= after + 2000000, `${deadline}`);
    assert(Toro.deadline_after(10 * 3600 * 1000000) > 2 ** 32, 'a 64-bit deadline');
});

test('namespace/error-domain', () => {
    assertEqual(GLib.quark_to_string(Toro.error_quark()), 'toro-error-quark');
    assertEqual(Toro.Error.quark(), Toro.error_quark());
    assertEqual([Toro.Error.TIMEOUT, Toro.Error.EMPTY, Toro.Error.FULL,
        Toro.Error.NOT_READY, Toro.Error.ALREADY_SET], [0, 1, 2, 3, 4]);
    const q = Toro.Queue.new(1);
    const e = assertToroError(() => q.get_nowait(), Toro.Error.EMPTY);
    assert(e instanceof GLib.Error, 'a GLib.Error');
    assertEqual(e.domain, Toro.error_quark());
    assertEqual(e.code, Toro.Error.EMPTY);
    assert(e.message.includes('empty'), e.message);
});

test('namespace/c-only-conveniences-hidden', () => {
    for (const name of ['put_pointer_async', 'put_pointer_nowait', 'get_pointer_finish',
        'get_pointer_nowait'])
        assertEqual(Toro.Queue.prototype[name], undefined, name);
});

test('classes/hierarchy', () => {
    assert(new Toro.BoundedSemaphore() instanceof Toro.Semaphore, 'BoundedSemaphore is a Semaphore');
    for (const Kind of [Toro.PriorityQueue, Toro.LifoQueue, Toro.JoinableQueue]) {
        assert(new Kind() instanceof Toro.Queue, `${Kind.$gtype.name} is a Queue`);
        assert(GObject.type_is_a(Kind.$gtype, Toro.Queue.$gtype), Kind.$gtype.name);
    }
    for (const Kind of [Toro.AsyncResult, Toro.Lock, Toro.RWLock, Toro.Semaphore,
        Toro.Condition, Toro.Event, Toro.Queue])
        assertEqual(GObject.type_parent(Kind.$gtype), GObject.Object.$gtype, Kind.$gtype.name);
    // Methods of the parent work on the child.
    const q = Toro.LifoQueue.new(0);
    Toro.Queue.prototype.put_nowait.call(q, 'x');
    assertEqual(Toro.Queue.prototype.get_nowait.call(q), 'x');
});

test('classes/constructors-with-properties', () => {
    const q = new Toro.Queue({maxsize: 2});
    assertEqual(q.maxsize, 2);
    assertEqual(q.get_maxsize(), 2);
    q.put_nowait(1);
    q.put_nowait(2);
    assert(q.full(), 'full');
    assertToroError(() => q.put_nowait(3), Toro.Error.FULL);
    for (const Kind of [Toro.LifoQueue, Toro.JoinableQueue, Toro.PriorityQueue]) {
        const k = new Kind({maxsize: 1});
        assertEqual(k.get_maxsize(), 1, Kind.$gtype.name);
        k.put_nowait(1);
        assert(k.full(), Kind.$gtype.name);
    }
    assertEqual(new Toro.RWLock({max_readers: 3}).get_max_readers(), 3);
    assertEqual(new Toro.RWLock({maxReaders: 3}).max_readers, 3);
    assertEqual(new Toro.Semaphore({value: 3}).get_value(), 3);
    const b = new Toro.BoundedSemaphore({value: 2});
    assertEqual(b.value, 2);
    assert(b.try_acquire(), 'acquired');
    b.release();
    expectCritical('released too many times', () => b.release());
    assertEqual(b.get_value(), 2);
});

test('classes/constructor-defaults', () => {
    assertEqual(new Toro.Queue().get_maxsize(), 0);
    assertEqual(new Toro.Semaphore().get_value(), 1);
    assertEqual(new Toro.RWLock().get_max_readers(), 0);
    assertEqual(new Toro.Lock().is_locked(), false);
    assertEqual(new Toro.Event().is_set(), false);
    assertEqual(new Toro.AsyncResult().is_ready(), false);
    assertEqual(Toro.Queue.new(5).maxsize, new Toro.Queue({maxsize: 5}).maxsize);
});

test('classes/property-flags', () => {
    const F = GObject.ParamFlags;
    for (const [Kind, name] of [[Toro.Queue, 'maxsize'], [Toro.RWLock, 'max-readers'],
        [Toro.Semaphore, 'value']]) {
        const pspec = GObject.Object.find_property.call(Kind, name);
        assert(pspec.flags & F.CONSTRUCT_ONLY, `${name} is construct-only`);
    }
    for (const [Kind, name] of [[Toro.Queue, 'size'], [Toro.Lock, 'locked'], [Toro.Event, 'flag'],
        [Toro.AsyncResult, 'ready'], [Toro.Semaphore, 'locked'],
        [Toro.JoinableQueue, 'unfinished-tasks']]) {
        const pspec = GObject.Object.find_property.call(Kind, name);
        assert(pspec.flags & F.READABLE, `${name} is readable`);
        assert(!(pspec.flags & F.WRITABLE), `${name} is read-only`);
    }
    const names = Kind => GObject.Object.list_properties.call(Kind).map(p => p.name).sort();
    assertEqual(names(Toro.Queue), ['maxsize', 'size']);
    assertEqual(names(Toro.JoinableQueue), ['maxsize', 'size', 'unfinished-tasks']);
    assertEqual(names(Toro.Semaphore), ['locked', 'value']);
    assertEqual(names(Toro.BoundedSemaphore), ['locked', 'value']);
    assertEqual(names(Toro.RWLock), ['locked', 'max-readers']);
});

const JobQueue = GObject.registerClass({
    GTypeName: 'TestJsJobQueue',
    Properties: {
        label: GObject.ParamSpec.string('label', null, null, GObject.ParamFlags.READWRITE, 'jobs'),
    },
}, class JobQueue extends Toro.Queue {
    putJob(name) {
        this.put_nowait(`job:${name}`);
    }
});

test('classes/subclass-in-js', async () => {
    const q = new JobQueue({maxsize: 1, label: 'mine'});
    assertEqual(q.label, 'mine');
    assert(q instanceof Toro.Queue, 'a Queue');
    q.putJob('a');
    assert(q.full(), 'full');
    assertEqual(await runCall(q, 'get'), 'job:a');
});

test('condition/notify-shadows-gobject-notify', async () => {
    const cond = new Toro.Condition();
    assert(cond.notify !== GObject.Object.prototype.notify, 'Toro.Condition.notify is its own');
    const waiters = [new Call(cond, 'wait'), new Call(cond, 'wait')];
    toro(() => cond.notify(1));
    await settle();
    assertEqual(waiters.map(w => w.done), [true, false]);
    cond.notify_all();
    await waitFor(...waiters);
    // GObject's notify stays reachable through the prototype.
    const lock = new Toro.Lock();
    const seen = watchNotify(lock, 'locked');
    GObject.Object.prototype.notify.call(lock, 'locked');
    assertEqual(seen, [false]);
});

test('cancellable/gio-error', async () => {
    const lock = new Toro.Lock();
    const cancellable = new Gio.Cancellable();
    cancellable.cancel();
    const call = new Call(lock, 'acquire', [], {cancellable});
    await waitFor(call);
    try {
        call.result();
        assert(false, 'should have thrown');
    } catch (e) {
        assert(e.matches(Gio.IOErrorEnum, Gio.IOErrorEnum.CANCELLED), `${e}`);
        assertEqual(e.code, Gio.IOErrorEnum.CANCELLED);
    }
    assertEqual(lock.locked, false);
});

run();
