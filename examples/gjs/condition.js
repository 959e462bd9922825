// condition.js: Toro's Condition example, in JavaScript
//
// A waiter waits on a Toro.Condition; a notifier wakes it. As in Toro,
// notify() returns before the waiter runs: the waiter is woken from the
// main loop, after "Done notifying".
//
//   $ meson devenv -C _build gjs -m examples/gjs/condition.js
//   I'll wait right here
//   About to notify
//   Done notifying
//   I'm done waiting
//
// Toro.Condition.prototype.notify(n) is Toro's notify; it hides
// GObject.Object.prototype.notify() on conditions (call
// GObject.Object.prototype.notify.call(cond, name) for that one).
//
// Copyright 2026 The toro-glib authors
// SPDX-License-Identifier: LGPL-2.1-or-later

import GLib from 'gi://GLib';
import Gio from 'gi://Gio';
import Toro from 'gi://Toro?version=1.0';
import System from 'system';

Gio._promisify(Toro.Condition.prototype, 'wait_async', 'wait_finish');

const condition = new Toro.Condition();

async function waiter() {
    print("I'll wait right here");
    await condition.wait_async(Toro.NO_DEADLINE, null);
    print("I'm done waiting");
}

function notifier() {
    print('About to notify');
    condition.notify(1);
    print('Done notifying');
}

function main(argv) {
    if (argv.length > 0) {
        printerr(`Usage: ${System.programInvocationName}\nShows a Toro.Condition waking a waiter.`);
        return 2;
    }
    const loop = new GLib.MainLoop(null, false);
    let status = 0;
    waiter().catch(e => {
        printerr(`${System.programInvocationName}: ${e.message}`);
        status = 1;
    }).finally(() => loop.quit());
    notifier();
    loop.run();
    return status;
}

System.exit(main(ARGV));
