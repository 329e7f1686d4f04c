"""Processes a build forks to read and to write: tied to their parent, deaf to Ctrl-C.

Both the reading pool (``documents.pool``) and the engine's writing processes
are forked from a build that holds the index lock and answers Ctrl-C itself;
each child must drop the lock, die with its parent, and leave Ctrl-C to it.
One module below both says how, so neither imports the other.
"""
from __future__ import annotations

import ctypes
import os
import signal
import sys
from contextlib import contextmanager


def init_worker(parent_pid: int, inherited_fds: tuple[int, ...]) -> None:
    """Tie a reading process to its parent and drop the parent's lock.

    A forked worker shares the parent's lock file, and a worker orphaned by a
    killed parent would hold the lock for ever, so: ask Linux to kill the worker
    when the parent dies, and close the worker's copy of the lock (closing a
    copy does not release the parent's lock). Ctrl-C is left to the parent,
    which stops the pool. (The parent forks with Ctrl-C held back, ``forking``,
    so the worker cannot be interrupted before it ignores it.)
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # held back by ``forking``
    if sys.platform.startswith("linux"):
        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(1)
    for fd in inherited_fds:
        try:
            os.close(fd)
        except OSError:
            pass


@contextmanager
def forking():
    """Hold Ctrl-C back while processes are forked: they start with it blocked until they ignore it.

    Otherwise a Ctrl-C in the instant after a fork interrupts the new
    process in its start-up code, which prints a traceback.
    """
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
