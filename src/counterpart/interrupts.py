"""Ctrl-C that reaches Python even while RDKit is searching a substructure.

RDKit (2025.09 on) wraps every substructure search in its `ControlCHandler`: it swaps the
process's SIGINT handler for its own with `std::signal` and puts the old one back when the
search ends. A SIGINT that arrives during the search only sets RDKit's flag; the search stops
early ("Substructure search was interrupted, result may not include all matches", in a log we
mute) and the signal is forgotten. So Ctrl-C was lost about one time in six in a batch, and the
search it cut short could have missed a match: a silent "not controlled". Threads searching at
the same time (the web node's) can also leave RDKit's handler in place for good, since each
puts back the handler it found.

The remedy, for the `counterpart` program: no thread takes SIGINT from the kernel. It is
blocked in the main thread before any other thread starts (threads inherit the mask, and
NumPy's OpenBLAS starts one on import), and one thread waits for it with `sigwait` and hands it
to Python's handler in the main thread (`_thread.interrupt_main`), whatever C handler is
installed at that moment. A SIGUSR2 then ends the system call the main thread may be blocked in
(a read from the terminal, a sleep), so Ctrl-C acts there as promptly as before.

Children started afterwards inherit the blocked SIGINT: a `counterpart` child sets up its own
forwarding, the worker processes of a screening pool finish their chunk and are shut down by
the parent, and OPSIN's Java is stopped by the parent.
"""

from __future__ import annotations

import _thread
import os
import signal
import threading
from types import FrameType

WAKE = signal.SIGUSR2  # sent to the main thread to end a blocking system call

_state = {"installed": False}


def forward_sigint() -> bool:
    """Route SIGINT through a waiting thread to the main thread's Python handler.

    Call it first thing, from the main thread, before anything starts a thread. False (and
    nothing done) when called again, off the main thread, or when SIGINT is ignored (a job
    started in the background with Ctrl-C ignored stays so).
    """
    if _state["installed"] or threading.current_thread() is not threading.main_thread():
        return False
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        return False
    signal.signal(WAKE, _woken)
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    main = threading.main_thread().ident
    assert main is not None
    threading.Thread(target=_forward, args=(main,), name="sigint", daemon=True).start()
    _state["installed"] = True
    return True


def _forward(main: int) -> None:
    while True:
        signal.sigwait({signal.SIGINT})
        handler = signal.getsignal(signal.SIGINT)
        if handler is signal.SIG_IGN:
            continue
        if handler is signal.SIG_DFL:
            os._exit(128 + signal.SIGINT)  # what the default action would end with
        _thread.interrupt_main(signal.SIGINT)
        try:
            signal.pthread_kill(main, WAKE)
        except (ProcessLookupError, OSError):  # the main thread has already ended
            return


def _woken(_signum: int, _frame: FrameType | None) -> None:
    """Nothing to do: arriving is enough to end the main thread's blocking system call."""
