"""Solver code paths that ordinary inputs do not reach: continua on one side only, the
blocked and big-integer paths of pure enumeration, the potential's symmetry check, and
the "every" in unique IRPO up to equivalence."""

from __future__ import annotations

from fractions import Fraction as F
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings

import solvers.equilibria.pure as pure
from contracts import Contract, Environment, Utility
from solvers import BayesianGame, pure_equilibria
from solvers.analysis.dominance import DominanceVerdicts
from solvers.equilibria.mixed import component_mixed_equilibria
from solvers.equilibria.potential import has_exact_potential
from tests import reference
from tests.conftest import budget
from tests.strategies import (
    contracts,
    environments,
    indifferent_correlation,
    one_world,
    side_with_gains,
)


def one_sided_continuum() -> Environment:
    """Found by search: under no-sharing firm 1's cell `a` is indifferent against firm 2's
    equilibrium reply while firm 2 is strict, so firm 1's probability there ranges over
    [0, 1]: a continuum on firm 1's side only, with extreme points (0|1, 0) x (1, 0)."""
    inference = (
        ((F(0), F(1, 13)), (F(1, 13), F(3, 13))),
        ((F(3, 13), F(0)), (F(2, 13), F(3, 13))),
    )
    return one_world(inference, Utility(F(3), F(1), F(0), F(0)))


@pytest.mark.parametrize("swap", [False, True])
def test_a_continuum_on_either_side_is_detected(swap):
    """Firm 1 (enumerated, equal sizes) holds the continuum; swapped, the replying firm."""
    env = one_sided_continuum().swapped() if swap else one_sided_continuum()
    (sub,) = BayesianGame.build(env, Contract.named("no")).subgames
    profiles, continuum = component_mixed_equilibria(sub)
    assert continuum
    extreme = {((F(0), F(0)), (F(1), F(0))), ((F(1), F(0)), (F(1), F(0)))}
    if swap:
        extreme = {(y, x) for x, y in extreme}
    assert set(profiles) == extreme


@settings(max_examples=budget(40))
@given(environments(max_worlds=2, max_labels=2), contracts)
def test_enumeration_in_tiny_blocks_finds_the_same_equilibria(env, contract):
    game = BayesianGame.build(env, contract)
    expected = [pure.component_pure_equilibria(sub, exact=True) for sub in game.subgames]
    saved = pure._BLOCK_BITS
    try:
        pure._BLOCK_BITS = 1  # blocks of two strategies: every block boundary is crossed
        blocked = [pure.component_pure_equilibria(sub, exact=True) for sub in game.subgames]
    finally:
        pure._BLOCK_BITS = saved
    assert blocked == expected


def test_gain_coefficients_beyond_int64_use_exact_python_integers():
    """Probabilities with large coprime denominators scale the gains past 2^62: the exact
    path switches to Python integers and still finds the reference's equilibria."""
    primes = (1_000_000_007, 998_244_353, 1_000_000_009)
    weights = [F(1, p) for p in primes]
    rest = 1 - sum(weights)
    inference = (
        ((weights[0], weights[1]), (weights[2], rest / 2)),
        ((rest / 4, rest / 8), (rest / 16, rest / 16)),
    )
    env = one_world(inference, Utility(F(1, 999_999_937), F(1), F(1, 1_000_003), F(7, 5)))
    for name in ("no", "infer", "full"):
        game = BayesianGame.build(env, Contract.named(name))
        side = game.subgames[0].sides[0]
        assert side.base.dtype == object  # the big-integer path
        found = pure_equilibria(game, exact=True)
        engine = {
            reference.canonical(reference.from_engine(game.info, eq.strategy))
            for eq in found.equilibria()
        }
        expected = {reference.canonical(s) for s in reference.pure_equilibria(env, name)}
        assert engine == expected
        assert pure_equilibria(game, exact=False).parts == found.parts
    from contracts import worked_cases

    ordinary = BayesianGame.build(worked_cases()["claim-3-point"], Contract.named("no"))
    side = ordinary.subgames[0].sides[0]
    assert 2**40 < int(np.abs(side.base).max()) < 2**62  # large, yet within int64
    assert side.base.dtype == np.int64  # gains that fit stay in int64


def test_the_potential_check_sees_asymmetric_weights():
    symmetric = np.array([[F(1), F(2)], [F(3), F(4)]], dtype=object)
    game = SimpleNamespace(
        sides=(SimpleNamespace(weight_exact=symmetric), SimpleNamespace(weight_exact=symmetric.T))
    )
    assert has_exact_potential(game)
    bent = symmetric.T.copy()
    bent[0, 1] += F(1, 10**9)
    game.sides = (game.sides[0], SimpleNamespace(weight_exact=bent))
    assert not has_exact_potential(game)


def verdicts(edges, names=("no", "a", "b")) -> DominanceVerdicts:
    return DominanceVerdicts(tuple(names), frozenset(edges))


def test_unique_irpo_up_to_equivalence_needs_every_irpo_contract_equivalent():
    """a and b both strictly dominate no and are incomparable: both IRPO, neither unique."""
    v = verdicts({("a", "no"), ("b", "no")})
    assert v.irpo == ("a", "b")
    assert v.unique_irpo is None and v.unique_irpo_up_to_equivalence is None
    v = verdicts({("a", "no"), ("b", "no"), ("a", "b"), ("b", "a")})
    assert v.irpo == ("a", "b") and v.unique_irpo_up_to_equivalence == "a"
    assert v.unique_irpo is None
    v = verdicts({("a", "no"), ("b", "no"), ("a", "b")})  # a strictly dominates b
    assert v.irpo == ("a",) and v.unique_irpo == "a" == v.unique_irpo_up_to_equivalence
    assert v.strictly_dominates("a", "b") and not v.strictly_dominates("b", "a")
    assert v.pareto_optimal == ("a",)


def test_best_response_moves_are_summed_over_components():
    from contracts import worked_cases
    from solvers import solve_equilibria
    from solvers.equilibria.potential import best_response_dynamics

    game = BayesianGame.build(worked_cases()["claim-3-point"], Contract.named("full"))
    result = solve_equilibria(game, "potential")
    per_component = [best_response_dynamics(sub)[1] for sub in game.subgames]
    assert len(per_component) == 16 and sum(per_component) > max(per_component)
    assert result.stats["moves"] == sum(per_component)
    assert result.count == 1 and result.certificate() == 0  # one certified equilibrium


def test_backtracking_nodes_are_summed_over_components():
    """The count game at N = 2: train-sharing has 9 components whose searches visit
    different numbers of nodes (README, solve's ``stats``)."""
    from contracts import two_hypotheses
    from solvers import solve_equilibria
    from solvers.equilibria.backtrack import backtrack_pure_equilibria

    env = two_hypotheses("1/2", "1/5", "3/10", "2/5", samples=2)
    game = BayesianGame.build(env, Contract.named("train"))
    per_component = [backtrack_pure_equilibria(sub)[1] for sub in game.subgames]
    assert len(per_component) == 9 and len(set(per_component)) > 1
    assert solve_equilibria(game, "backtrack").stats["nodes"] == sum(per_component)


def test_lemke_pivots_are_summed_over_components():
    from contracts import worked_cases
    from solvers import solve_equilibria
    from solvers.equilibria.lemke import lemke_equilibrium

    game = BayesianGame.build(worked_cases()["claim-3-point"], Contract.named("full"))
    result = solve_equilibria(game, "lemke", kind="mixed", exact=True)
    per_component = [lemke_equilibrium(sub)[1] for sub in game.subgames]
    assert result.stats["pivots"] == sum(per_component) > max(per_component)
    assert result.count == 1 and result.certificate() == 0


def test_contract_lists_are_checked_and_no_sharing_is_added():
    from solvers.analysis.environment import resolve_contracts

    assert [c.name for c in resolve_contracts(["full"])] == ["no", "full"]
    assert [c.name for c in resolve_contracts(None)] == ["no", "train", "infer", "full"]
    assert len(resolve_contracts("directional")) == 16
    with pytest.raises(ValueError, match=r"contracts = \[\]: must name at least one contract"):
        resolve_contracts([])
    with pytest.raises(ValueError, match=r"must be distinct"):
        resolve_contracts(["infer", "infer"])


def test_support_system_counts_by_hand():
    """sum over m of C(n_x, m) 2^(n_x - m) C(n_y, m): (1, 1): 2 + 1; (2, 1): 4 + 4;
    (2, 2): 4 + 8 + 1."""
    from solvers.equilibria.mixed import support_system_count

    assert support_system_count(1, 1) == 3
    assert support_system_count(2, 1) == 8
    assert support_system_count(1, 2) == 4
    assert support_system_count(2, 2) == 13


def test_support_enumeration_beyond_its_limit_names_lemke():
    from contracts import correlation
    from solvers import SolverLimitError, solve_equilibria

    env = correlation("0.8", "0.7", [("indep", "1/8")] * 8)  # no-sharing: one 16 x 16 component
    game = BayesianGame.build(env, Contract.named("no"))
    with pytest.raises(
        SolverLimitError, match=r"component with 16 x 16 cells: .*use method 'lemke'"
    ):
        solve_equilibria(game, "support", kind="mixed")


def test_a_reply_polytope_beyond_its_vertex_search_limit_names_lemke(monkeypatch):
    """Zero rewards and costs make every cell indifferent, so each pure part's reply set
    is a whole box: with the vertex search cut to 10 subsets of inequalities the mixed
    enumeration is refused in one line naming lemke; at the default it answers."""
    import functools

    import solvers.equilibria.mixed as mixed
    from solvers import SolverLimitError, solve_equilibria
    from solvers.exact.linear import polytope_vertices

    env = indifferent_correlation([("indep", "1/2")] * 2)
    game = BayesianGame.build(env, Contract.named("no"))
    assert solve_equilibria(game, "support", kind="mixed", exact=True).continuum
    monkeypatch.setattr(mixed, "polytope_vertices",
                        functools.partial(polytope_vertices, max_subsets=10))  # fmt: skip
    with pytest.raises(SolverLimitError) as error:
        solve_equilibria(game, "support", kind="mixed", exact=True)
    assert str(error.value) == (
        "support enumeration: a reply polytope is too large; use method 'lemke'"
    )


def test_pure_equilibria_default_to_the_float_path():
    from contracts import worked_cases

    game = BayesianGame.build(worked_cases()["hypotheses-1/10"], Contract.named("no"))
    found = pure_equilibria(game)
    assert found.exact is False and isinstance(found.equilibria()[0].payoff[0], float)
    # float64 arrays throughout, never object arrays of floats (Python speed)
    for part in [*found.contributions(), *found.magnitudes()]:
        assert all(array.dtype == np.float64 for contribution in part for array in contribution)


def test_milp_messages(monkeypatch):
    import cvxpy as cp

    from contracts import worked_cases
    from solvers import SolverFailure
    from solvers.equilibria.milp import best_equilibrium_milp

    (sub, *_) = BayesianGame.build(worked_cases()["hypotheses-1/10"], Contract.named("no")).subgames
    with pytest.raises(
        ValueError, match=r"^objective = 'fairness': must be one of welfare, firm1, firm2$"
    ):
        best_equilibrium_milp(sub, "fairness")
    assert best_equilibrium_milp(sub) == best_equilibrium_milp(sub, "welfare")  # the default
    best = best_equilibrium_milp(sub)
    assert best.mip_gap == 0.0  # HiGHS reports its gap: proven optimal
    solve = cp.Problem.solve

    def solve_without_gap(self, *args, **kwargs):  # a solver that reports no MIP gap
        value = solve(self, *args, **kwargs)
        self._solver_stats.extra_stats = None
        return value

    monkeypatch.setattr(cp.Problem, "solve", solve_without_gap)
    silent = best_equilibrium_milp(sub)
    assert silent.mip_gap is None and silent.verified and silent.profile == best.profile
    monkeypatch.setattr(cp.Problem, "solve", lambda self, *a, **k: None)  # a solver that gives up
    with pytest.raises(SolverFailure, match=r"^MILP \(firm2\) ended with status None$"):
        best_equilibrium_milp(sub, "firm2")


@settings(max_examples=budget(60))
@given(environments(max_worlds=3, max_labels=3), contracts)
def test_support_candidates_are_the_same_in_python_and_vectorized(env, contract):
    """Every (M, S) system solved pure part by pure part in Python, and all parts at once
    in numpy object arrays: the same extreme equilibria and the same continuum verdict."""
    import solvers.equilibria.mixed as mixed

    game = BayesianGame.build(env, contract)
    saved = mixed.VECTORIZE_FROM
    try:
        results = []
        for threshold in (1, 10**9):
            mixed.VECTORIZE_FROM = threshold
            results.append([mixed.component_mixed_equilibria(sub) for sub in game.subgames])
    finally:
        mixed.VECTORIZE_FROM = saved
    assert results[0] == results[1]


def test_support_enumeration_on_an_eight_cell_component_by_both_candidate_paths():
    """The correlation setting with 4 worlds (8 x 8 cells; alpha = beta = 0.7, C1 = 2,
    where 24 of the 26 extreme equilibria mix): vectorized systems for the large pure
    parts by default, plain Python for all of them, one answer; every listed profile has
    exactly zero regret."""
    import solvers.equilibria.mixed as mixed
    from contracts import correlation
    from solvers import solve_equilibria

    env = correlation("0.7", "0.7", [("indep", "1/4"), ("max", "1/4")] * 2, 1, 2)
    game = BayesianGame.build(env, Contract.named("no"))
    assert [sub.sizes for sub in game.subgames] == [(8, 8)]
    default = solve_equilibria(game, "support", kind="mixed", exact=True)
    saved = mixed.VECTORIZE_FROM
    try:
        mixed.VECTORIZE_FROM = 10**9
        plain = solve_equilibria(game, "support", kind="mixed", exact=True)
    finally:
        mixed.VECTORIZE_FROM = saved
    assert default.parts == plain.parts and default.continuum == plain.continuum
    assert default.certificate() == 0
    mixing = [
        eq for eq in default.equilibria() if any(0 < v < 1 for side in eq.strategy for v in side)
    ]
    assert (default.count, len(mixing), default.continuum) == (26, 24, True)


def test_support_enumeration_integer_helpers_by_hand():
    """The integer decisions of solvers.equilibria.mixed, each on cases worked by hand: a point's
    type check, the reduction of numerators over a determinant, and which pure parts put
    the solution strictly inside (0, 1)^M, with a positive and a negative determinant, in
    plain Python and vectorized."""
    from solvers.equilibria.mixed import _inside, _reduced, keeps_types, point_of

    # (numerators, den) = (0, 1, 1/2) over 2; gains: <= 0 at 0, >= 0 at 1, 0 where mixed
    assert keeps_types(((0, 2, 1), 2), [0, 0, 0]) and keeps_types(((0, 2, 1), 2), [-3, 5, 0])
    for gains in ([1, 0, 0], [0, -1, 0], [0, 0, 1], [0, 0, -1]):
        assert not keeps_types(((0, 2, 1), 2), gains)
    assert _reduced([2, 4], 3) == ((2, 4), 3)  # gcd(2, 4) = 2 does not divide 3
    assert _reduced([-2, -4], -6) == ((1, 2), 3)
    assert _reduced([0, 3], -3) == ((0, -1), 1)
    assert point_of([F(1, 2), F(1, 3), F(0)]) == ((3, 2, 0), 6)
    for det, rows, inside in ((4, [[1], [4], [0], [3], [-1]], [0, 3]),
                              (-4, [[-1], [-4], [0], [-2], [1]], [0, 3]),
                              (2, [[1], [2], [0]], [0])):  # fmt: skip
        for vectorized in (None, np.array(rows, dtype=object)):
            found = list(_inside(rows, vectorized, (0,), det, [[1]]))
            assert found == [(p, rows[p]) for p in inside]  # adj = [[1]]: num = const


@settings(max_examples=budget(60), deadline=None)
@given(env=environments(max_labels=3), contract=contracts)
def test_the_lean_path_for_small_components_lists_what_numpy_lists(env, contract) -> None:  # type: ignore[no-untyped-def]
    """Components of at most two enumerated cells are solved in plain Python integers:
    the same sorted equilibria and count as the vectorized enumeration (ties included,
    and the fallback when too many cells tie)."""
    game = BayesianGame.build(env, contract)
    for sub in game.subgames:
        lean = pure._enumerate(sub, exact=True, summarize=True)
        original = pure.SMALL_CELLS
        try:
            pure.SMALL_CELLS = 0
            general = pure._enumerate(sub, exact=True, summarize=True)
        finally:
            pure.SMALL_CELLS = original
        assert lean == general


def test_the_lean_path_lists_ties_and_hands_many_ties_on() -> None:
    """Nothing at stake: every profile is an equilibrium, every cell ties. Two cells
    against three are listed by the lean path; against five, more than SMALL_TIES cells
    tie, it hands over, and the general path lists the same 2^7 profiles."""
    for n_other in (3, 5):
        mass = F(1, 4 * n_other)
        table = [[[mass] * n_other for _ in range(2)] for _ in (0, 1)]
        env = one_world(table, Utility(0, 0, 0, 0), (("a", "b"), tuple("cdefg"[:n_other])))
        game = BayesianGame.build(env, Contract.named("no"))
        lean = pure._small_equilibria(*game.sides)
        if n_other > pure.SMALL_TIES:
            assert lean is None
        else:
            assert lean is not None and len(lean) == 2 ** (2 + n_other)
        found, count = pure._enumerate(game, exact=True, summarize=False)
        assert count == len(found) == 2 ** (2 + n_other)


@pytest.mark.parametrize("exact", [True, False])
def test_a_side_without_cells_has_no_signs(exact: bool) -> None:
    """A firm with no cells (gain_signs called directly; the engine's components always
    have cells of both firms) gets a (rows, 0) int8 array, one row per profile asked."""
    from solvers.equilibria.pure import gain_signs
    from solvers.game import FirmSide

    side = FirmSide.from_integers(np.zeros((0, 2), dtype=object), np.zeros((0, 2), dtype=object), 1)
    signs = gain_signs(side, np.array([[0, 1], [1, 1], [0, 0]]), exact)
    assert signs.shape == (3, 0) and signs.dtype == np.int8


@settings(max_examples=budget(60))
@given(environments(), contracts)
def test_float_and_exact_gain_signs_agree_on_every_profile_of_the_other_firm(env, contract) -> None:  # type: ignore[no-untyped-def]
    """The float path's signs (re-decided exactly near zero) are the exact signs, for
    every cell and every pure strategy of the other firm (up to 64 of them)."""
    from solvers.equilibria.pure import all_strategies, gain_signs

    for sub in BayesianGame.build(env, contract).subgames:
        for firm in (0, 1):
            side, others = sub.sides[firm], all_strategies(sub.sizes[1 - firm])[:64]
            assert np.array_equal(gain_signs(side, others, False), gain_signs(side, others, True))


def test_a_float_gain_lost_to_rounding_is_re_decided_exactly() -> None:
    """Base 2^60 + 1 against a weight of 2^60: the gain of action 1 when the other firm
    plays 1 is exactly 1, but float64 computes 0 (within the rounding bound), so the float
    path re-decides it in integers and gets +1; against action 0 the gain is clearly
    positive in float too."""
    from solvers.equilibria.pure import gain_signs

    big = 2**60
    side = side_with_gains(big + 1, big)
    assert side.base_float[0] - side.weight_float[0, 0] == 0.0  # what float64 sees
    others = np.array([[1], [0]])
    assert (
        gain_signs(side, others, False).tolist()
        == [[1], [1]]
        == gain_signs(side, others, True).tolist()
    )


@pytest.mark.parametrize("dtype", [object, np.int64])
def test_exact_signs_of_integers_of_either_kind(dtype) -> None:  # type: ignore[no-untyped-def]
    """Signs of Python integers (past int64) and of int64 alike: -1, 0, 1 as int8, with 1
    and -1 themselves kept apart from 0."""
    from solvers.equilibria.pure import _sign

    big = 2**70 if dtype is object else 2**62
    values = np.array([-big, -1, 0, 1, big], dtype=dtype)
    signs = _sign(values)
    assert signs.dtype == np.int8 and signs.tolist() == [-1, -1, 0, 1, 1]
