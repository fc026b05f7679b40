"""Work done alongside: a function run in a forked copy of this process
while this one goes on, its text handed back through a pipe.

A rebuild after a front matter change computes the gap report and renders
both pages again. With two cores, a copy of the process can make the
report page while this one makes the timeline: a fork shares
the loaded journal without copying it. Where a fork is not to be had (not
Linux, one core, other threads running) or the copy fails for any reason,
the function runs here when its result is asked for, so whatever it
raises (a template a family broke) is raised here, with its traceback, as
without it.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable

from iepjournal.writing import write_all


class Alongside:
    """`work()`, started in a forked copy by `start`; `result()` is its
    text, from the copy or, failing that, made here. `close()` gives up on
    the copy (a build that failed before it needed the text)."""

    def __init__(self, work: Callable[[], str]) -> None:
        self.work = work
        self.pid = 0
        self.reader = -1

    def result(self) -> str:
        if self.pid:
            data = _read_all(self.reader)
            if self.close() == 0:
                return data.decode("utf-8")
        return self.work()

    def close(self) -> int:
        """Stop waiting for the copy (ended, or killed if it has not) and
        say how it ended; -1 if there was none."""
        if not self.pid:
            return -1
        pid, self.pid = self.pid, 0
        os.close(self.reader)
        finished, status = os.waitpid(pid, os.WNOHANG)
        if not finished:
            os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
        return os.waitstatus_to_exitcode(status)


def start(work: Callable[[], str]) -> Alongside:
    """`work` running in a forked copy of this process, where it can be."""
    alongside = Alongside(work)
    if not _can_fork():
        return alongside
    reader, writer = os.pipe()
    try:
        pid = os.fork()
    except OSError:  # no process to be had: made here, when asked
        os.close(reader)
        os.close(writer)
        return alongside
    if pid == 0:  # the copy: it never returns
        os.close(reader)
        _run(work, writer)
    os.close(writer)
    alongside.pid, alongside.reader = pid, reader
    return alongside


def _can_fork() -> bool:
    # fork is unsafe on macOS and absent on Windows; with other threads
    # running (a cold build's pool and cache writer), a lock one of them
    # held would stay held in the copy; one core gains nothing.
    return (
        sys.platform.startswith("linux")
        and (os.cpu_count() or 1) > 1
        and threading.active_count() == 1
    )


def _run(work: Callable[[], str], writer: int) -> None:
    code = 1
    try:
        write_all(writer, work().encode("utf-8"))
        code = 0
    finally:
        # Out at once, whatever happened: an error is the caller's to meet
        # again (it makes the text itself), and the state this copy shares
        # with it (open files, the cache's connections) is not this copy's
        # to clean up.
        os._exit(code)


def _read_all(reader: int) -> bytes:
    chunks = []
    while chunk := os.read(reader, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)
