"""The exact potential of the game and best-response dynamics (MODEL.md section 4).

Firm 1's gain at a cell depends only on firm 2's strategy and vice versa, and the
interaction weights are the same seen from both sides: ``weight_1 = weight_2^T`` exactly,
since both equal ``sum_y mass[c1, c2, y] (E(1, y) + E(0, y))``. Hence

    Phi(p, q) = (base_1 . p + base_2 . q - p^T weight_1 q) / 2

(in the exact, unscaled coefficients) changes by exactly the deviating firm's utility
change under any unilateral deviation, pure or mixed: an exact potential, the
congestion-game structure behind "pure BNE always exist".

Best-response dynamics let the firms alternate, each best-responding at all of its
cells at once (its cells do not interact) and keeping its action where indifferent. Each
change strictly raises Phi, which takes finitely many values, so the dynamics stop at a
pure equilibrium.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from solvers.equilibria.pure import Profile, gain_signs
from solvers.errors import SolverFailure
from solvers.game import BayesianGame, exact_vector


def has_exact_potential(game: BayesianGame) -> bool:
    """Check the symmetry ``weight_1 == weight_2^T`` that makes Phi an exact potential."""
    side1, side2 = game.sides
    return bool((side1.weight_exact == side2.weight_exact.T).all())


def potential(game: BayesianGame, profile: tuple) -> Fraction:
    """Phi of a (pure or mixed) profile, exactly (module docstring)."""
    side1, side2 = game.sides
    b1, w1, b2 = side1.base_exact, side1.weight_exact, side2.base_exact
    p, q = exact_vector(profile[0]), exact_vector(profile[1])
    bilinear = p @ (w1 @ q) if p.size and q.size else Fraction(0)
    return (b1 @ p + b2 @ q - bilinear) / 2 if p.size or q.size else Fraction(0)


def best_response_dynamics(
    game: BayesianGame, start: Profile | None = None, max_rounds: int = 1_000_000
) -> tuple[Profile, int]:
    """A pure equilibrium reached from ``start`` (default all zeros) and the number of
    firm moves that changed something. Exact signs; ties keep the current action."""
    n1, n2 = game.sizes
    actions = [
        np.array(start[0] if start else [0] * n1, dtype=np.int8),
        np.array(start[1] if start else [0] * n2, dtype=np.int8),
    ]
    moves = 0
    stable = 0
    firm = 0
    for _ in range(max_rounds):
        signs = gain_signs(game.sides[firm], actions[1 - firm][None, :], exact=True)[0]
        reply = np.where(signs > 0, 1, np.where(signs < 0, 0, actions[firm])).astype(np.int8)
        if (reply != actions[firm]).any():
            actions[firm] = reply
            moves += 1
            stable = 0
        else:
            stable += 1
            if stable == 2:
                break
        firm = 1 - firm
    else:  # Phi strictly increases, so only a max_rounds too small for the game ends here
        raise SolverFailure("best-response dynamics did not stop")
    profile = (tuple(int(a) for a in actions[0]), tuple(int(a) for a in actions[1]))
    return profile, moves
