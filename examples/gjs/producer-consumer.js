// producer-consumer.js: Toro's producer-consumer example, in JavaScript
//
// A producer puts the numbers 0-9 into a Toro.JoinableQueue that holds at
// most three; a consumer gets them one by one and does its work; main
// waits until every item has been worked on, then prints "Done". The same
// program as examples/producer-consumer.c, and it prints the same lines.
// Written with `await`: Gio._promisify() turns each _async/_finish pair
// into a method that returns a Promise when called without a callback.
//
//   $ meson devenv -C _build gjs -m examples/gjs/producer-consumer.js
//   Doing work on 0
//   Put 0
//   ...
//   Done
//
// Copyright 2026 The toro-glib authors
// SPDX-License-Identifier: LGPL-2.1-or-later

import GLib from 'gi://GLib';
import Gio from 'gi://Gio';
import Toro from 'gi://Toro?version=1.0';
import System from 'system';

Gio._promisify(Toro.Queue.prototype, 'put_async', 'put_finish');
Gio._promisify(Toro.Queue.prototype, 'get_async', 'get_finish');
Gio._promisify(Toro.JoinableQueue.prototype, 'join_async', 'join_finish');

// while True: item = yield q.get(); ...; q.task_done()
async function consumer(q, stop) {
    for (;;) {
        let item;
        try {
            // eslint-disable-next-line no-await-in-loop
            item = await q.get_async(Toro.NO_DEADLINE, stop);   // the item itself: a number
        } catch (e) {
            // main() stops the consumer once all the work is done.
            if (e.matches(Gio.IOErrorEnum, Gio.IOErrorEnum.CANCELLED))
                return;
            throw e;
        }
        print(`Doing work on ${item}`);
        q.task_done();
    }
}

// for item in range(10): yield q.put(item); then yield q.join()
async function producer(q, nItems) {
    for (let item = 0; item < nItems; item++) {
        // eslint-disable-next-line no-await-in-loop
        await q.put_async(item, Toro.NO_DEADLINE, null);
        print(`Put ${item}`);
    }
    await q.join_async(Toro.NO_DEADLINE, null);
    print('Done');
}

function main(argv) {
    let nItems = 10;
    if (argv.length > 1 || (argv.length === 1 && !(/^[0-9]+$/.test(argv[0]) && Number(argv[0]) > 0))) {
        printerr(`Usage: ${System.programInvocationName} [N_ITEMS]\n` +
            'Puts N_ITEMS numbers (default 10) through a queue of three.');
        return 2;
    }
    if (argv.length === 1)
        nItems = Number(argv[0]);

    const q = Toro.JoinableQueue.new(3);
    const stop = new Gio.Cancellable();
    const loop = new GLib.MainLoop(null, false);
    let status = 0;
    const fail = e => {
        printerr(`${System.programInvocationName}: ${e.message}`);
        status = 1;
    };

    const consuming = consumer(q, stop).catch(fail);
    producer(q, nItems).catch(fail).finally(() => {
        // The consumer waits for an item that will never come: stop it.
        stop.cancel();
        consuming.finally(() => loop.quit());
    });
    loop.run();
    return status;
}

System.exit(main(ARGV));
