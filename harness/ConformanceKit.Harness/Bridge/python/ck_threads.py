"""Threaded sessions of the bridge (docs/bridge-protocol.md, "Threaded sessions"), for ck_bridge.py.

In a threaded session several harness threads call one loop while one of them steps it. Every
message carries "ch", its channel: the harness thread it belongs to. Here a reader thread reads the
connection and hands each message to its channel's queue; each channel is served by a Python
thread of its own, so the loop's six functions are really called from different threads while
its step runs on another, as libvirt calls them. A callback goes out on the channel of the thread
that makes it: the stepping thread's for a callback the loop dispatches, the caller's for an ff a
remove calls at once. A thread no channel started (one the loop made) gets a channel of its own,
numbered below zero, which the harness serves.
"""

import itertools
import json
import os
import queue
import sys
import threading

_EXIT = object()  # put on every queue when the connection ends


class Threaded:
    """Wraps ck_bridge's Connection: same calls, callbacks and answers, one channel per thread."""

    def __init__(self, conn, protocol_error, hello_channel):
        self.conn = conn
        self.ProtocolError = protocol_error
        self.queues = {}
        self.local = threading.local()
        self.sending = threading.Lock()
        self.lock = threading.Lock()
        self.foreign = itertools.count(-1, -1)
        conn.send = self.send
        conn.read = self.read
        self.raw_read = type(conn).read.__get__(conn)
        self.local.ch = hello_channel  # this, the main thread, answers the hello, then reads all

    def channel(self):
        ch = getattr(self.local, "ch", None)
        if ch is None:
            ch = self.local.ch = next(self.foreign)  # a thread the loop made calls back
        return ch

    def send(self, obj):
        line = (json.dumps(dict(ch=self.channel(), **obj), separators=(",", ":")) + "\n").encode()
        with self.sending:
            self.conn.sock.sendall(line)

    def read(self):
        msg = self.queue(self.channel()).get()
        if msg is _EXIT:
            raise EOFError("the harness closed the connection")
        return msg

    def queue(self, ch):
        with self.lock:
            q = self.queues.get(ch)
            if q is None:
                q = self.queues[ch] = queue.SimpleQueue()
            return q

    def read_all(self):
        try:
            while True:
                msg = self.raw_read()
                ch = msg.get("ch")
                if not isinstance(ch, int) or ch == 0:
                    raise self.ProtocolError("a message of a threaded session without a channel: %s" % json.dumps(msg))
                if msg.get("op") == "add_handle" and isinstance(msg.get("fd"), int):
                    # Fds come in message order: take each with its message, here, not on the
                    # channel's thread, which may run later than another channel's.
                    msg["_local_fd"] = self.conn.take_fd(msg["fd"])
                with self.lock:
                    new = ch not in self.queues
                q = self.queue(ch)
                if new and ch > 0:
                    threading.Thread(target=self.serve_channel, args=(ch,), daemon=True).start()
                q.put(msg)
        except EOFError:
            self.end(0)
        except self.ProtocolError as e:
            sys.stderr.write("ck_bridge: protocol error: %s\n" % e)
            self.end(3)

    def serve_channel(self, ch):
        self.local.ch = ch
        try:
            while True:
                msg = self.read()
                if "re" in msg:
                    raise self.ProtocolError("answer with no request open: %s" % json.dumps(msg))
                self.conn.serve(msg)
        except SystemExit as e:  # the dispose was answered
            self.end(e.code or 0)
        except EOFError:
            self.end(0)
        except self.ProtocolError as e:
            sys.stderr.write("ck_bridge: protocol error: %s\n" % e)
            self.end(3)
        except BaseException:
            import traceback
            traceback.print_exc()
            self.end(4)

    def end(self, code):
        sys.stderr.flush()
        os._exit(code)  # every thread at once: the harness sees the connection close
