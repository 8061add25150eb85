"""A small, correct event loop for libvirt-python's virEventRegisterImpl, on select.poll: the bridge's
own TinyPollLoop. Certified through the bridge by BridgeCertifyTests; the mutants in mutants.py each
break one rule of it."""

import select
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

    def new_id(self):
        i = self.next_id
        self.next_id += 1
        return i

    def add_handle(self, fd, events, cb, opaque):
        if fd < 0:
            return -1  # poll() would raise on it in every later iteration (IDS-7's case)
        i = self.new_id()
        self.watches[i] = [fd, events, cb, opaque]
        return i

    def update_handle(self, watch, events):
        if watch in self.watches:
            self.watches[watch][1] = events

    def remove_handle(self, watch):
        w = self.watches.pop(watch, None)
        if w is None:
            return -1
        self.free_later(w[3])
        return 0

    def add_timeout(self, ms, cb, opaque):
        i = self.new_id()
        self.timers[i] = [ms, cb, opaque, now_ms()]
        return i

    def update_timeout(self, timer, ms):
        if timer in self.timers:
            t = self.timers[timer]
            t[0] = ms
            t[3] = now_ms()

    def remove_timeout(self, timer):
        t = self.timers.pop(timer, None)
        if t is None:
            return -1
        self.free_later(t[2])
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

    def run_once(self, timeout):
        now = now_ms()
        poller = select.poll()
        masks = {}
        for fd, events, _cb, _op in self.watches.values():
            if events:
                masks[fd] = masks.get(fd, 0) | (select.POLLIN if events & READABLE else 0) | (select.POLLOUT if events & WRITABLE else 0)
        for fd, m in masks.items():
            poller.register(fd, m)
        ready = dict(poller.poll(0)) if masks else {}
        for wid in list(self.watches):
            w = self.watches.get(wid)  # a callback may have removed or changed it
            if w is None or not w[1]:
                continue
            ev = self.events_of(w[1], ready.get(w[0], 0))
            if ev:
                w[2](wid, w[0], ev, w[3])
        for tid in list(self.timers):
            t = self.timers.get(tid)
            if t is not None and self.fires(t, now):
                t[3] = now
                t[1](tid, t[2])
        while self.frees:
            libvirt.virEventInvokeFreeCallback(self.frees.pop(0))
