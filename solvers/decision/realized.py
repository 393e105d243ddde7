"""A strategy profile played on observed realizations (the out-of-sample check
of MODEL.md section 11: what a contract's equilibrium earns on held-out loans).

Given rows of realized ``(t1, t2, s1, s2, y)`` (label indices, as the environment
numbers them), each firm acts on its information cell under the contract (MODEL.md
section 3) as the profile says, and gets the ex-post utility of MODEL.md section 2.
A mixed cell's probability enters as the expectation over both firms' independent
draws (:func:`solvers.equilibria.consumers.expected_values`, as for consumers), so the utilities
are exact for pure and mixed profiles alike.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from contracts import Contract, Environment
from contracts.information import information_structure
from solvers.equilibria.consumers import expected_values


def realized_utilities(
    environment: Environment,
    contract: Contract,
    strategy: tuple[tuple[Any, ...], tuple[Any, ...]],
    rows: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray],
) -> np.ndarray:
    """Each row's expected ex-post utilities ``(u1, u2)`` (float64, shape ``(n, 2)``).

    ``rows`` are the arrays ``(t1, t2, s1, s2, y)``; ``strategy[f][c]`` is firm f's
    probability of action 1 at its cell c (the ``strategy`` of an
    :class:`solvers.equilibria.equilibrium_set.Equilibrium`).

    Examples
    --------
    Significant action with R1 = C1 = 1, both firms grant on a positive signal: a good
    loan granted alone pays 1, granted by both 1/2 each.

    >>> from contracts.settings import correlation
    >>> env = correlation("3/4", "3/4", [("indep", 1)])
    >>> no = Contract.named("no")
    >>> rows = [np.array(v) for v in ([0, 0], [0, 0], [1, 1], [1, 0], [1, 1])]
    >>> realized_utilities(env, no, ((0, 1), (0, 1)), rows).tolist()
    [[0.5, 0.5], [1.0, 0.0]]
    """
    t1, t2, s1, s2, y = (np.asarray(v, dtype=np.int64) for v in rows)
    info = information_structure(environment, contract)
    probability = []
    for f in (0, 1):
        cells = info.cell_index(f)[t1, t2, s1, s2]
        if np.any(cells < 0):
            k = int(np.argmax(cells < 0))
            where = tuple(int(v[k]) for v in (t1, t2, s1, s2))
            raise ValueError(
                f"rows: row {k} (t1, t2, s1, s2) = {where} has probability 0 in the environment"
            )
        act = np.array([float(p) for p in strategy[f]], dtype=float)
        probability.append(act[cells])
    u = environment.utility
    return np.stack(
        [
            expected_values(probability[0], probability[1], y,
                            lambda a1, label, a2: float(u.ex_post(a1, a2, label)), exact=False),
            expected_values(probability[0], probability[1], y,
                            lambda a1, label, a2: float(u.ex_post(a2, a1, label)), exact=False),
        ],
        axis=1,
    )  # fmt: skip
