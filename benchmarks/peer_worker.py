"""Run one peer solver on a bimatrix game stored in an .npz file; print JSON to stdout.

Used by bench_solvers.py in a subprocess, so that a peer that runs too long can be
stopped. Usage: ``python benchmarks/peer_worker.py PEER FILE.npz`` with PEER one of
``gambit-enumpure``, ``gambit-enummixed``, ``gambit-lcp``, ``nashpy-support``,
``nashpy-vertex``.
"""

from __future__ import annotations

import json
import sys
import time
import warnings

import numpy as np


def main() -> int:
    peer, path = sys.argv[1], sys.argv[2]
    data = np.load(path)
    a, b = data["a"], data["b"]
    if peer.startswith("gambit"):
        import pygambit as gbt

        start = time.perf_counter()  # the peer's own set-up counts, its import does not
        game = gbt.Game.from_arrays(a, b)
        if peer == "gambit-enumpure":
            result = gbt.nash.enumpure_solve(game)
        elif peer == "gambit-enummixed":
            result = gbt.nash.enummixed_solve(game, rational=False)
        else:
            result = gbt.nash.lcp_solve(game, rational=False, stop_after=1)
        count = len(result.equilibria)
    else:
        import nashpy

        start = time.perf_counter()
        game = nashpy.Game(a - a.min() + 1.0, b - b.min() + 1.0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            method = "support_enumeration" if peer == "nashpy-support" else "vertex_enumeration"
            count = sum(1 for _ in getattr(game, method)())
    seconds = time.perf_counter() - start
    print(json.dumps({"peer": peer, "seconds": seconds, "equilibria": count}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
