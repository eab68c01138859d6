"""Worker processes never outlive the process that started them (Linux; elsewhere nothing is done)."""

from __future__ import annotations

import ctypes
import signal
import sys

# Looked up once here: a child between fork and exec should only make the call (no imports, no dlopen).
_prctl = ctypes.CDLL(None, use_errno=True).prctl if sys.platform.startswith("linux") else None
_PR_SET_PDEATHSIG = 1


def die_with_parent(signum: int) -> None:
    """Have Linux send this process `signum` when its parent dies, even by SIGKILL, so that no orphaned
    worker is left holding a model (elsewhere: nothing)."""
    if _prctl is not None:
        _prctl(_PR_SET_PDEATHSIG, signum)


def stop_with_parent() -> None:
    """preexec_fn of a worker child: SIGTERM, its graceful stop (a job finishes or is handed back)."""
    die_with_parent(signal.SIGTERM)
