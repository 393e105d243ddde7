"""Heavy third-party solvers (cvxpy, HiGHS): loaded on first use, and their console
output kept out of predshare's own.

A plain solve never pays for cvxpy's 0.9 s import, and a JSON report on stdout never
carries a solver's banner.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any


class LazyModule:
    """Stands for a module and imports it at the first attribute access.

    >>> json = LazyModule("json")
    >>> json.dumps([1])
    '[1]'
    """

    def __init__(self, name: str) -> None:
        self._name = name
        self._module: ModuleType | None = None

    def __getattr__(self, attribute: str) -> Any:
        if self._module is None:
            self._module = importlib.import_module(self._name)
        return getattr(self._module, attribute)


@contextmanager
def solver_output_silenced() -> Iterator[None]:
    """HiGHS prints a banner on the C-level stdout; keep it out of our (JSON) output."""
    sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:  # no real stdout (e.g. captured in-process): nothing to protect
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)
