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


def decide(firm1: list[float], firm2: list[float], valid: list[bool], best=(0.0, 0.0)):  # type: ignore[no-untyped-def]
    """One point, one training pair z = (0, 0), combinations given by their interim sums."""
    found = _Combinations(
        rows=np.array([0]),
        sums=(np.array(firm1)[:, None], np.array(firm2)[:, None]),
        valid=np.array(valid)[:, None],
        choice=np.zeros((len(valid), 0, 1), dtype=np.int64),
        parts=[],
    )
    d = SimpleNamespace(best=(np.array([[best[0]]]), np.array([[best[1]]])))
    sure, fails = _decide_combinations(found, None, d, (None, None), np.array([-1]), (0, 0),  # type: ignore[arg-type]
                                       None, TOL)  # fmt: skip
    return bool(sure[0]), bool(fails[0])


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
