"""Python mutants of TinyPollLoop, one known bug each, each convicted of its rule through the bridge
(BridgeMutantTests), and loops that kill or hang the adapter (BridgeCrashTests)."""

import ctypes
import os

import libvirt

from tiny_poll_loop import TinyPollLoop, ERROR, HANGUP, now_ms


class FfInsideRemove(TinyPollLoop):
    """FREE-3: the free callback runs inside remove (the bug that deadlocked libvirt)."""

    def free_later(self, opaque):
        libvirt.virEventInvokeFreeCallback(opaque)


class FfNever(TinyPollLoop):
    """FREE-2: the free callback never runs."""

    def free_later(self, opaque):
        pass


class IdsFromZero(TinyPollLoop):
    """IDS-1 / IDS-2: the first id is 0 (what libvirtaio does)."""

    first_id = 0


class RemoveReturnsOne(TinyPollLoop):
    """IDS-5 alone: a remove that worked returns 1. libvirt-python tells libvirt 0 all the same, so
    the registration is gone for libvirt and nothing else breaks; only the value is wrong."""

    def remove_handle(self, watch):
        return 1 if super().remove_handle(watch) == 0 else -1

    def remove_timeout(self, timer):
        return 1 if super().remove_timeout(timer) == 0 else -1


class HangupOnlyWhenAsked(TinyPollLoop):
    """HANDLE-3: Error and Hangup are reported only when the mask asks for them (it never does)."""

    def events_of(self, mask, revents):
        return super().events_of(mask, revents) & (mask | ~(ERROR | HANGUP))


class ZeroFiresOnce(TinyPollLoop):
    """TIMER-2: frequency 0 fires once, then never again."""

    def fires(self, t, now):
        if t[0] == 0:
            t[0] = -1
            return True
        return super().fires(t, now)


class UpdateHandleIgnored(TinyPollLoop):
    """HANDLE-6: update_handle changes nothing."""

    def update_handle(self, watch, events):
        pass


class ExitsInTimer(TinyPollLoop):
    """Kills its adapter process when a timer is added (os._exit): a crash of the case."""

    def add_timeout(self, ms, cb, opaque):
        os._exit(7)


class HangsInTimer(TinyPollLoop):
    """Never returns from add_timeout: a hang of the case."""

    def add_timeout(self, ms, cb, opaque):
        while True:
            pass


class InterruptInTimer(TinyPollLoop):
    """Raises a BaseException (not an Exception) out of add_timeout: the adapter dies of it."""

    def add_timeout(self, ms, cb, opaque):
        raise KeyboardInterrupt("a loop that raises past the adapter")


class UpdateUnknownRaises(TinyPollLoop):
    """Updating an id that is not live raises KeyError (as libvirtaio does); adding fd -1 raises
    ValueError (as asyncio's add_reader does). Not a bug through the binding: it prints the
    exception and tells libvirt nothing (update) or -1 (add), so IDS-6 and IDS-7 hold."""

    def add_handle(self, fd, events, cb, opaque):
        if fd < 0:
            raise ValueError("Invalid file descriptor: %d" % fd)
        return super().add_handle(fd, events, cb, opaque)

    def update_handle(self, watch, events):
        self.watches[watch][1] = events

    def update_timeout(self, timer, ms):
        t = self.timers[timer]
        t[0] = ms
        t[3] = now_ms()


class SegfaultsInTimer(TinyPollLoop):
    """Dereferences NULL when a timer is added: the adapter dies of SIGSEGV."""

    def add_timeout(self, ms, cb, opaque):
        import ctypes
        ctypes.string_at(0)


class WritesGarbageInTimer(TinyPollLoop):
    """Writes a line that is not a message onto the adapter's connection: a protocol error."""

    def add_timeout(self, ms, cb, opaque):
        import __main__
        __main__.CONN.sock.sendall(b"this is not json\n")
        return super().add_timeout(ms, cb, opaque)


class ClassCounter(TinyPollLoop):
    """A correct loop that counts ids in a class attribute, as libvirtaio does: only a fresh
    process per scenario gives each scenario the same ids whatever ran before it."""

    counter = 1

    def new_id(self):
        i = ClassCounter.counter
        ClassCounter.counter += 1
        return i


class StepRaisesWithATimer(TinyPollLoop):
    """Raises ValueError out of run_once while a timer is registered: the iteration threw."""

    def run_once(self, timeout):
        if self.timers:
            raise ValueError("a loop that cannot iterate with a timer")
        super().run_once(timeout)


# Mutants of the threaded tier: each breaks a rule only another thread can show.

class NoWakeup(TinyPollLoop):
    """THREAD-2: a change from another thread does not wake a waiting run_once (no wake pipe)."""

    def wake(self):
        pass


class FfUnderLock(TinyPollLoop):
    """FREE-5: the free callback runs with the loop's lock held, so an ff that waits for another
    thread calling into the loop deadlocks."""

    def run_frees(self):
        with self.lock:
            super().run_frees()


class RemoveAtIterationEnd(TinyPollLoop):
    """THREAD-3: remove only marks the registration; the loop drops it at the end of its
    iteration and dispatches it meanwhile, after remove has returned."""

    def __init__(self):
        super().__init__()
        self.doomed = []

    def remove_handle(self, watch):
        with self.lock:
            w = self.watches.get(watch)
            if w is None or watch in self.doomed:
                return -1
            self.doomed.append(watch)
            self.free_later(w[3])
        self.wake()
        return 0

    def remove_timeout(self, timer):
        with self.lock:
            t = self.timers.get(timer)
            if t is None or timer in self.doomed:
                return -1
            self.doomed.append(timer)
            self.free_later(t[2])
        self.wake()
        return 0

    def run_once(self, timeout):
        super().run_once(timeout)
        with self.lock:
            for i in self.doomed:
                self.watches.pop(i, None)
                self.timers.pop(i, None)
            self.doomed.clear()


class RefusesToRunDumpable(TinyPollLoop):
    """Not a mutant: a loop that will not start in an adapter child that could dump core
    (prctl PR_GET_DUMPABLE gives 1), which the adapter should have made not dumpable."""

    def __init__(self):
        if ctypes.CDLL(None).prctl(3) != 0:
            raise RuntimeError("this adapter child can dump core")
        super().__init__()
