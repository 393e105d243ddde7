"""``python -m predshare`` and the ``predshare`` script: the command line.

The command line holds OpenBLAS to one thread unless the environment sets it: its float
arrays are small, and an idle OpenBLAS pool spins, costing about as much CPU as importing
numpy does (issue 12: start-up). Set here, before numpy is imported, and marked so that
:func:`user_environment` can give a child process the environment the user had.
"""

import os
import sys

BLAS_THREADS = "OPENBLAS_NUM_THREADS"
MARK = "PREDSHARE_SET_" + BLAS_THREADS

if BLAS_THREADS not in os.environ:
    os.environ[BLAS_THREADS] = "1"
    os.environ[MARK] = "1"


def user_environment() -> dict[str, str]:
    """The environment without the entry point's BLAS default (for benchmarks that start
    other programs as the user would)."""
    env = dict(os.environ)
    if env.pop(MARK, None) is not None:
        env.pop(BLAS_THREADS, None)
    return env


def main() -> int:
    from predshare.cli import main as run

    return run()


if __name__ == "__main__":
    sys.exit(main())
