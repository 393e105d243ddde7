"""Free-tie families of pure equilibria: ties counted, not listed (MODEL.md section 4).

When the enumerated firm's strategy leaves many cells of the other firm
indifferent, and the enumerated firm best-responds to every completion of them (checked
exactly on the box of completions: its gains are linear in them), the 2^k completions
are all equilibria and are counted, not listed, once 2^k exceeds ``SUMMARIZED_FROM``. The
indifferent firm's payoffs are the same at every completion, and the enumerated firm's
interim payoffs move linearly with each free cell. Where each free cell moves them in
one direction for all of the firm's training labels, the family is listed by its
extreme members: every free cell at 0, every one at 1, and the two completions that
maximize and minimize the enumerated firm's interim payoffs, for all its labels at
once. Those members carry every maximum, minimum and Pareto-frontier point the family
has, of the firms' interim and ex-ante payoffs (so Eq. (6) dominance, IRPO and payoff
ranges are exact) and of the probability of trade (monotone in each action). Other
families are listed completion by completion (in pure enumeration, up to its
``MAX_TIE_COMPLETIONS``).

Both pure enumeration (:mod:`solvers.equilibria.pure`) and the backtracking search
(:mod:`solvers.equilibria.backtrack`) recognize such families with
:func:`free_tie_members`.
"""

from __future__ import annotations

import numpy as np

from solvers.game import FirmSide

#: Free-tie families of more completions than this are counted and listed by their
#: extreme members (module docstring).
SUMMARIZED_FROM = 2**10


def free_tie_members(
    x: np.ndarray, reply: np.ndarray, free: np.ndarray, side_x: FirmSide, labels_x: np.ndarray
) -> list[tuple[int, ...]] | None:
    """The extreme members of a free-tie family (module docstring), sorted; None unless
    ``x`` best-responds to every completion of the ``free`` cells of ``reply`` and each
    free cell moves the enumerated firm's interim payoffs one way for all its labels.

    Exact: gains in the scaled integers of :class:`FirmSide`, payoff effects in its
    scaled integers too (only their signs are read). The effect of the other firm's
    action at cell c on the value of cell j is ``-e1[j, c] / 2`` when j plays 1 and
    ``e0[j, c] / 2`` when it plays 0 (solvers.game, module docstring).
    """
    weight = side_x.weight[:, free].astype(object)
    gain = side_x.base.astype(object) - side_x.weight.astype(object) @ reply.astype(object)
    low = gain - np.where(weight > 0, weight, 0).sum(axis=1)
    high = gain - np.where(weight < 0, weight, 0).sum(axis=1)
    if not np.all(np.where(x == 1, low >= 0, high <= 0)):
        return None
    effect = np.where((x == 1)[:, None], -side_x.e1_int[:, free], side_x.e0_int[:, free])
    per_label = np.zeros((int(labels_x.max()) + 1, len(free)), dtype=object)
    np.add.at(per_label, labels_x, effect)
    raises = (per_label > 0).any(axis=0)
    lowers = (per_label < 0).any(axis=0)
    if np.any(raises & lowers):
        return None
    members = set()
    for chosen in (np.zeros(len(free), bool), np.ones(len(free), bool), raises, lowers):
        y = reply.copy()
        y[free] = chosen
        members.add(tuple(int(v) for v in y))
    return sorted(members)
