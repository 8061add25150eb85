"""A small, correct event loop for libvirt-python's virEventRegisterImpl, on select.poll: the bridge's
own TinyPollLoop. Certified through the bridge by BridgeCertifyTests; the mutants in mutants.py each
break one rule of it.

Safe to call from any thread, as libvirt calls it: one lock over the registrations, never held while
a callback or free callback runs (FREE-5), and a pipe that wakes a waiting run_once when another
thread changes something (THREAD-2)."""

import os
import select
import threading
import time

import libvirt

READABLE, WRITABLE, ERROR, HANGUP = 1, 2, 4, 8


def now_ms():
    # The adapter's virtual clock, in whole ms (round: seconds as floats are inexact).
    return round(time.monotonic() * 1000)


class TinyPollLoop:
    first_id = 1

    def __init__(self):
        self.next_id = self.first_id
        self.watches = {}  # id -> [fd, events, cb, opaque]
        self.timers = {}  # id -> [ms, cb, opaque, armed_at_ms]
        self.frees = []  # opaques whose free callback is due at the top of the loop
        self.lock = threading.RLock()
        self.wake_r, self.wake_w = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)

    def wake(self):
        try:
            os.write(self.wake_w, b"x")
        except BlockingIOError:
            pass  # the pipe is full: the loop is awake already

    def close(self):
        os.close(self.wake_r)
        os.close(self.wake_w)

    def new_id(self):
        i = self.next_id
        self.next_id += 1
        return i

    def add_handle(self, fd, events, cb, opaque):
        if fd < 0:
            return -1  # poll() would raise on it in every later iteration (IDS-7's case)
        with self.lock:
            i = self.new_id()
            self.watches[i] = [fd, events, cb, opaque]
        self.wake()
        return i

    def update_handle(self, watch, events):
        with self.lock:
            if watch in self.watches:
                self.watches[watch][1] = events
        self.wake()

    def remove_handle(self, watch):
        with self.lock:
            w = self.watches.pop(watch, None)
            if w is None:
                return -1
            self.free_later(w[3])
        self.wake()
        return 0

    def add_timeout(self, ms, cb, opaque):
        with self.lock:
            i = self.new_id()
            self.timers[i] = [ms, cb, opaque, now_ms()]
        self.wake()
        return i

    def update_timeout(self, timer, ms):
        with self.lock:
            if timer in self.timers:
                t = self.timers[timer]
                t[0] = ms
                t[3] = now_ms()
        self.wake()

    def remove_timeout(self, timer):
        with self.lock:
            t = self.timers.pop(timer, None)
            if t is None:
                return -1
            self.free_later(t[2])
        self.wake()
        return 0

    def free_later(self, opaque):
        # Never from inside remove (FREE-3) or a callback (FREE-4): run_once frees at its end.
        self.frees.append(opaque)

    def events_of(self, mask, revents):
        ev = 0
        if revents & select.POLLIN and mask & READABLE:
            ev |= READABLE
        if revents & select.POLLOUT and mask & WRITABLE:
            ev |= WRITABLE
        if revents & select.POLLERR:
            ev |= ERROR
        if revents & select.POLLHUP:
            ev |= HANGUP
        return ev

    def fires(self, t, now):
        return t[0] == 0 or (t[0] > 0 and now >= t[3] + t[0])

    def wait_ms(self, timeout, now):
        """How long poll may wait: not at all on the virtual clock (timeout 0) or with a frequency-0
        timer, else until the next timer is due, at most `timeout` ms (-1: no limit)."""
        if timeout == 0 or any(t[0] == 0 for t in self.timers.values()):
            return 0
        dues = [max(0, t[3] + t[0] - now) for t in self.timers.values() if t[0] > 0]
        due = min(dues) if dues else -1
        return due if timeout < 0 else (timeout if due < 0 else min(timeout, due))

    def run_once(self, timeout):
        poller = select.poll()
        masks = {}
        with self.lock:
            now = now_ms()
            for fd, events, _cb, _op in self.watches.values():
                if events:
                    masks[fd] = masks.get(fd, 0) | (select.POLLIN if events & READABLE else 0) | (select.POLLOUT if events & WRITABLE else 0)
            wait = self.wait_ms(timeout, now)
        for fd, m in masks.items():
            poller.register(fd, m)
        poller.register(self.wake_r, select.POLLIN)
        ready = dict(poller.poll(wait))
        if ready.pop(self.wake_r, 0):
            try:
                while os.read(self.wake_r, 512):
                    pass
            except BlockingIOError:
                pass
        if wait != 0:
            now = now_ms()  # after a wait, the timers are judged at the time now
        with self.lock:
            wids = list(self.watches)
        for wid in wids:
            with self.lock:
                w = self.watches.get(wid)  # a callback or another thread may have removed or changed it
                ev = self.events_of(w[1], ready.get(w[0], 0)) if w is not None and w[1] else 0
            if ev:
                w[2](wid, w[0], ev, w[3])
        with self.lock:
            tids = list(self.timers)
        for tid in tids:
            with self.lock:
                t = self.timers.get(tid)
                fire = t is not None and self.fires(t, now)
                if fire:
                    t[3] = now
            if fire:
                t[1](tid, t[2])
        self.run_frees()

    def run_frees(self):
        while True:
            with self.lock:
                if not self.frees:
                    break
                opaque = self.frees.pop(0)
            libvirt.virEventInvokeFreeCallback(opaque)  # with no lock held (FREE-5)
