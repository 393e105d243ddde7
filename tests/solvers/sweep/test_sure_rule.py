"""The sweep's Eq. (6) decision over combinations of equilibria (solvers.sweep.dominance):
"sure" when some valid combination is surely at least d's maxima for both firms at
once, "fails" when every combination is invalid or surely below for one firm, and
otherwise left to the exact engine. Margins here are clear of the tolerance, so no tie
codes are consulted."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from solvers.sweep.dominance import _Combinations, _decide_combinations

TOL = np.array([1e-9])


def decide_points(firm1, firm2, valid, best=(0.0, 0.0), exact=False):  # type: ignore[no-untyped-def]
    """Several points (columns), one training pair z = (0, 0): combinations (rows) given
    by their interim sums; no payoff codes (every point's position is -1). The exact
    pass has no tolerance (solvers.sweep.batch)."""
    firm1, firm2, valid = (np.array(v, ndmin=2).T if np.ndim(v) == 1 else np.array(v)
                           for v in (firm1, firm2, valid))  # fmt: skip
    m = firm1.shape[1]
    found = _Combinations(
        rows=np.arange(m),
        sums=(firm1.astype(float), firm2.astype(float)),
        valid=valid.astype(bool),
        choice=np.zeros((firm1.shape[0], 0, m), dtype=np.int64),
        parts=[],
    )
    d = SimpleNamespace(best=(np.full((1, m), best[0]), np.full((1, m), best[1])))
    sure, fails = _decide_combinations(found, None, d, (None, None), np.full(m, -1), (0, 0),  # type: ignore[arg-type]
                                       None, np.full(m, 0.0 if exact else TOL[0]), exact)  # fmt: skip
    return sure.tolist(), fails.tolist()


def decide(firm1: list[float], firm2: list[float], valid: list[bool], best=(0.0, 0.0),
           exact: bool = False):  # type: ignore[no-untyped-def]  # fmt: skip
    """One point, one training pair z = (0, 0), combinations given by their interim sums."""
    sure, fails = decide_points(firm1, firm2, valid, best, exact)
    return sure[0], fails[0]


@pytest.mark.parametrize(
    ("firm1", "firm2", "valid", "expected"),
    [
        ([1.0, -1.0], [-1.0, 1.0], [True, True], (False, True)),  # each below for one firm
        ([1.0, -1.0, 1.0], [-1.0, 1.0, 1.0], [True, True, True], (True, False)),  # one for both
        ([1.0, 1.0], [1.0, -1.0], [False, True], (False, True)),  # the good one is invalid
        ([1.0, 0.0], [1.0, 0.0], [False, True], (False, False)),  # valid one within tolerance
        ([1.0, 1.0], [1.0, -1.0], [False, False], (False, True)),  # none valid
        ([-1.0, -1.0], [1.0, 1.0], [True, True], (False, True)),  # all below for firm 1
    ],
)
def test_some_valid_combination_must_beat_both_maxima(firm1, firm2, valid, expected):  # type: ignore[no-untyped-def]
    assert decide(firm1, firm2, valid) == expected


def test_the_maxima_are_those_of_the_other_contract() -> None:
    """Against maxima (2, 2), a combination at (1, 3) is below for firm 1: fails."""
    assert decide([1.0], [3.0], [True], best=(2.0, 2.0)) == (False, True)
    assert decide([3.0], [3.0], [True], best=(2.0, 2.0)) == (True, False)


def test_within_the_tolerance_nothing_is_sure_without_codes_or_exact_payoffs() -> None:
    """A margin at most the tolerance from zero, either sign, the tolerance itself
    included, is neither surely above nor surely below: the point is left undecided."""
    for margin in (0.0, TOL[0], -TOL[0], TOL[0] / 2, -TOL[0] / 2):
        assert decide([margin], [1.0], [True]) == (False, False), margin
        assert decide([1.0], [margin], [True]) == (False, False), margin
    assert decide([2 * TOL[0]], [1.0], [True]) == (True, False)
    assert decide([-2 * TOL[0]], [1.0], [True]) == (False, True)


def test_the_exact_pass_decides_a_zero_margin_as_a_tie() -> None:
    """On exact payoffs (the integer pass, no tolerance) a zero margin is a tie, so at
    least d's maximum; any other margin, however small, is decided by its sign."""
    assert decide([0.0], [1.0], [True], exact=True) == (True, False)
    assert decide([0.0], [0.0], [True], exact=True) == (True, False)
    assert decide([1e-300], [-1e-300], [True], exact=True) == (False, True)
    assert decide([1e-300], [1e-300], [True], exact=True) == (True, False)
    assert decide([0.0], [0.0], [False], exact=True) == (False, True)  # invalid


def test_each_point_is_decided_by_its_own_combinations() -> None:
    """Three points at once: sure at the first, failing at the second, undecided at the
    third; no point's combinations decide another's."""
    firm1 = [[1.0, -1.0, 0.0], [-1.0, 1.0, 1.0]]  # combinations x points
    firm2 = [[1.0, 1.0, 1.0], [1.0, -1.0, -1.0]]
    valid = [[True, True, True], [True, True, True]]
    assert decide_points(firm1, firm2, valid) == ([True, False, False], [False, True, False])
    # the second combination is the only good one at the first point: invalid there
    valid = [[False, True, True], [True, True, True]]
    assert decide_points(firm1, firm2, valid) == ([False, False, False], [True, True, False])
