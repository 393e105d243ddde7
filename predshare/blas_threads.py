"""The command line's one-thread OpenBLAS default, and the user's own environment.

The command line holds OpenBLAS to one thread unless the environment sets it: its float
arrays are small, and an idle OpenBLAS pool spins, costing about as much CPU as importing
numpy does. :func:`limit_blas_threads` runs at the entry points before numpy is
imported, and marks what it set so that :func:`user_environment` can give a child process
the environment the user had (the benchmarks start their baselines that way).
"""

from __future__ import annotations

import os

BLAS_THREADS = "OPENBLAS_NUM_THREADS"
MARK = "PREDSHARE_SET_" + BLAS_THREADS


def limit_blas_threads() -> None:
    """One OpenBLAS thread, unless the user chose a number."""
    if BLAS_THREADS not in os.environ:
        os.environ[BLAS_THREADS] = "1"
        os.environ[MARK] = "1"


def user_environment() -> dict[str, str]:
    """The environment without the entry point's BLAS default (a value the user set
    stays)."""
    env = dict(os.environ)
    if env.pop(MARK, None) is not None:
        env.pop(BLAS_THREADS, None)
    return env
