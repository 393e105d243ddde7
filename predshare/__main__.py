"""``python -m predshare`` and the ``predshare`` script: the command line.

OpenBLAS is held to one thread before anything imports numpy (:mod:`predshare.blas_threads`).
"""

import sys

from predshare.blas_threads import limit_blas_threads

limit_blas_threads()


def main() -> int:
    from predshare.cli import main as run

    return run()


if __name__ == "__main__":
    sys.exit(main())
