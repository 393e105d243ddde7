"""Mixed, potential, MILP and Lemke methods: exact certificates and agreement."""

from fractions import Fraction as F

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from contracts import Contract, Environment, Utility, correlation
from solvers import BayesianGame, analyze, solve_equilibria
from solvers.equilibria.equilibrium_set import EquilibriumSet
from solvers.equilibria.milp import OBJECTIVES, best_equilibrium_milp, is_pure_equilibrium
from solvers.equilibria.potential import best_response_dynamics, has_exact_potential, potential
from solvers.equilibria.pure import gain_signs
from tests.conftest import budget
from tests.strategies import (
    contracts,
    environments,
    oracle_is_equilibrium,
    oracle_payoffs,
    oracle_regret,
)

SETTINGS = settings(max_examples=budget(40))


def small_game(env, contract, limit=8):
    game = BayesianGame.build(env, contract)
    assume(max(len(c.cells1) + len(c.cells2) for c in game.components) <= limit)
    return game


@SETTINGS
@given(environments(), contracts)
def test_every_mixed_equilibrium_passes_an_exact_best_response_check(env, contract):
    game = small_game(env, contract)
    result = solve_equilibria(game, "support", kind="mixed", exact=True)
    assert result.certificate() == 0
    for eq in result.equilibria(limit=30):
        assert oracle_regret(env, contract, eq.strategy) == 0
        assert eq.payoff == oracle_payoffs(env, contract, eq.strategy)
        assert all(0 <= a <= 1 for firm in eq.strategy for a in firm)


@SETTINGS
@given(environments(), contracts)
def test_mixed_enumeration_contains_every_pure_equilibrium(env, contract):
    game = small_game(env, contract)
    pure = solve_equilibria(game, "enumerate", exact=True)
    mixed = solve_equilibria(game, "support", kind="mixed", exact=True)
    for pure_part, mixed_part in zip(pure.parts, mixed.parts):
        as_fractions = {tuple(tuple(F(a) for a in side) for side in p) for p in mixed_part}
        for profile in pure_part:
            assert tuple(tuple(F(a) for a in side) for side in profile) in as_fractions


@SETTINGS
@given(environments(), contracts)
def test_lemke_finds_an_exact_equilibrium_among_the_extreme_ones(env, contract):
    game = small_game(env, contract)
    result = solve_equilibria(game, "lemke", kind="mixed", exact=True)
    assert result.certificate() == 0
    support = solve_equilibria(game, "support", kind="mixed", exact=True)
    if not support.continuum:
        for lemke_part, support_part in zip(result.parts, support.parts):
            assert lemke_part[0] in support_part


@settings(max_examples=budget(60))
@given(st.integers(1, 4).flatmap(lambda n: st.tuples(
    st.lists(st.lists(st.fractions(-2, 2, max_denominator=6), min_size=n, max_size=n),
             min_size=n, max_size=n),
    st.lists(st.fractions(-5, 5, max_denominator=6), min_size=n, max_size=n),
)))  # fmt: skip
def test_lemke_solves_lcps_with_fractional_data_exactly(data):
    """Fraction-free pivoting over a common denominator: on strictly diagonally dominant
    matrices (P-matrices: Lemke always ends) with fractional entries, the answer satisfies
    ``w = q + M z >= 0, z >= 0, w . z = 0`` exactly."""
    from solvers.equilibria.lemke import lemke

    off, q = data
    n = len(q)
    matrix = [[v if i != j else sum(abs(x) for x in off[i]) + 1 for j, v in enumerate(off[i])]
              for i in range(n)]  # fmt: skip
    z, pivots = lemke(matrix, q, [F(1)] * n)
    w = [q[i] + sum(matrix[i][j] * z[j] for j in range(n)) for i in range(n)]
    assert all(isinstance(v, F) for v in z)
    assert all(v >= 0 for v in z) and all(v >= 0 for v in w)
    assert sum(a * b for a, b in zip(w, z)) == 0
    assert (pivots == 0) == all(v >= 0 for v in q)


def test_lemke_reports_a_secondary_ray_and_its_pivot_budget():
    """M = 0, q = -1 has no solution: the path leaves along a ray, named. The doctest's
    problem takes exactly 3 pivots: a budget of 3 is enough, one of 2 is not."""
    from solvers.equilibria.lemke import RayTermination, lemke

    with pytest.raises(RayTermination, match=r"^Lemke's method ended in a secondary ray$"):
        lemke([[F(0)]], [F(-1)], [F(1)])
    matrix, q = [[F(2), F(1)], [F(1), F(2)]], [F(-5), F(-6)]
    assert lemke(matrix, q, [F(1), F(1)], max_pivots=3) == ([F(4, 3), F(7, 3)], 3)
    with pytest.raises(RayTermination, match=r"^Lemke's method did not stop within 2 pivots$"):
        lemke(matrix, q, [F(1), F(1)], max_pivots=2)


def test_best_response_dynamics_that_run_out_of_rounds_say_so() -> None:
    """From all zeros firm 1 moves at once in the hand-worked one-world game (it grants
    on its informative signal), so one round cannot end with two quiet turns: refused
    by name; two more rounds reach the equilibrium."""
    from solvers.errors import SolverFailure
    from tests.solvers.decision.test_recommend import informed_and_uninformed

    game = BayesianGame.build(informed_and_uninformed(cost=2), Contract.named("no"))
    with pytest.raises(SolverFailure, match=r"^best-response dynamics did not stop$"):
        best_response_dynamics(game, max_rounds=1)
    end, moves = best_response_dynamics(game, max_rounds=3)
    assert moves == 1 and is_pure_equilibrium(game, end) and end != ((0, 0), (0, 0))


@SETTINGS
@given(environments(), contracts, st.randoms(use_true_random=False))
def test_best_response_dynamics_end_at_an_equilibrium_from_random_starts(env, contract, rng):
    game = BayesianGame.build(env, contract)
    for sub in game.subgames:
        n1, n2 = sub.sizes
        start = (
            tuple(rng.randint(0, 1) for _ in range(n1)),
            tuple(rng.randint(0, 1) for _ in range(n2)),
        )
        end, _ = best_response_dynamics(sub, start)
        assert potential(sub, end) >= potential(sub, start)
        assert is_pure_equilibrium(sub, end)


@SETTINGS
@given(environments(), contracts, st.randoms(use_true_random=False))
def test_the_milp_check_of_a_profile_is_the_oracles_equilibrium_check(env, contract, rng):
    """MILP answers are checked by is_pure_equilibrium: on random pure profiles, and on
    profiles where one firm plays a best reply to the other's random strategy (so that
    often exactly one firm best-responds), it says what the independent oracle says."""
    game = BayesianGame.build(env, contract)
    sizes = game.sizes
    for _ in range(8):
        profile = [tuple(rng.randint(0, 1) for _ in range(n)) for n in sizes]
        replier = rng.choice([None, 0, 1])
        if replier is not None and sizes[replier]:
            other = np.array(profile[1 - replier], dtype=np.int8)[None, :]
            signs = gain_signs(game.sides[replier], other, exact=True)[0]
            profile[replier] = tuple(int(v > 0) for v in signs)
        pair = (profile[0], profile[1])
        assert is_pure_equilibrium(game, pair) == oracle_is_equilibrium(env, contract, pair)


@SETTINGS
@given(environments(), contracts, st.randoms(use_true_random=False))
def test_the_potential_is_exact_for_pure_and_mixed_deviations(env, contract, rng):
    game = BayesianGame.build(env, contract)
    assert has_exact_potential(game)
    n1, n2 = game.sizes
    profile = (
        tuple(F(rng.randint(0, 4), 4) for _ in range(n1)),
        tuple(F(rng.randint(0, 4), 4) for _ in range(n2)),
    )
    firm = rng.randint(0, 1)
    deviation = [list(profile[0]), list(profile[1])]
    deviation[firm] = [F(rng.randint(0, 4), 4) for _ in deviation[firm]]
    deviation = (tuple(deviation[0]), tuple(deviation[1]))
    utility_change = (
        oracle_payoffs(env, contract, deviation)[firm]
        - oracle_payoffs(env, contract, profile)[firm]
    )
    assert potential(game, deviation) - potential(game, profile) == utility_change


@SETTINGS
@given(environments(), contracts)
def test_milp_best_equilibria_beat_every_enumerated_one(env, contract):
    game = small_game(env, contract, limit=12)
    for sub in game.subgames:
        enumerated = solve_equilibria(sub, "enumerate", exact=True).equilibria()
        for objective in OBJECTIVES:
            best = best_equilibrium_milp(sub, objective)
            assert best.verified
            value = oracle_like(sub, best.profile, objective)
            for eq in enumerated:
                other = {
                    "welfare": eq.payoff[0] + eq.payoff[1],
                    "firm1": eq.payoff[0],
                    "firm2": eq.payoff[1],
                }[objective]
                assert value >= float(other) - 1e-9


def oracle_like(game, profile, objective):
    (eq,) = EquilibriumSet(game, ((profile,),), exact=True).equilibria()
    return float(
        {"welfare": eq.payoff[0] + eq.payoff[1], "firm1": eq.payoff[0], "firm2": eq.payoff[1]}[
            objective
        ]
    )


def test_dispatcher_flags_completeness_and_rejects_unknown_methods():
    env = correlation("0.8", "0.7", [("indep", "1/2"), ("max", "1/2")])
    game = BayesianGame.build(env, Contract.named("no"))
    assert solve_equilibria(game, "enumerate").complete
    assert solve_equilibria(game, "support", kind="mixed").complete
    assert not solve_equilibria(game, "potential").complete
    assert not solve_equilibria(game, "milp").complete
    assert not solve_equilibria(game, "lemke", kind="mixed").complete
    with pytest.raises(ValueError, match="method = 'lemke': for pure equilibria"):
        solve_equilibria(game, "lemke")
    with pytest.raises(ValueError, match="kind = 'all'"):
        solve_equilibria(game, kind="all")


# ---------------------------------------------------------------- degenerate games
def anti_coordination() -> Environment:
    """One cell each, uninformative signals, matching utility: acting alone pays 1/2, acting
    together 1/4. Pure equilibria (0, 1) and (1, 0); the mixed one plays 1/2 each."""
    return Environment(
        worlds=("w",),
        prior=(1,),
        training_labels=(("*",), ("*",)),
        signal_labels=(("*",), ("*",)),
        training=([[1]],),
        inference=([[[F(1, 2)]], [[F(1, 2)]]],),
        utility=Utility.matching(),
    )


def test_anti_coordination_has_two_pure_and_one_mixed_equilibrium():
    game = BayesianGame.build(anti_coordination(), Contract.named("no"))
    mixed = solve_equilibria(game, "support", kind="mixed", exact=True)
    assert sorted(eq.strategy for eq in mixed.equilibria()) == [
        ((0,), (1,)),
        ((F(1, 2),), (F(1, 2),)),
        ((1,), (0,)),
    ]
    assert not mixed.continuum
    payoffs = {eq.strategy: eq.payoff for eq in mixed.equilibria()}
    assert payoffs[((F(1, 2),), (F(1, 2),))] == (F(3, 8), F(3, 8))
    assert payoffs[((1,), (0,))] == (F(1, 2), F(1, 2))
    pure = solve_equilibria(game, "enumerate", exact=True)
    assert [eq.strategy for eq in pure.equilibria()] == [((0,), (1,)), ((1,), (0,))]


def test_mixed_equilibria_enter_the_analysis_and_its_json():
    report = analyze(anti_coordination(), exact=True, equilibria="mixed").to_dict()
    listed = report["contracts"]["no"]["equilibria"]
    assert report["equilibria"] == "mixed"
    assert report["contracts"]["no"]["equilibrium_count"] == 3
    mixed = [eq for eq in listed if eq["strategy"]["firm1"]["t1=*,s1=*"] not in (0, 1)]
    assert len(mixed) == 1
    assert mixed[0]["strategy"] == {"firm1": {"t1=*,s1=*": 0.5}, "firm2": {"t2=*,s2=*": 0.5}}
    assert mixed[0]["strategy_exact"] == {
        "firm1": {"t1=*,s1=*": "1/2"},
        "firm2": {"t2=*,s2=*": "1/2"},
    }
    assert mixed[0]["payoff_exact"] == ["3/8", "3/8"]
    pure = [eq for eq in listed if eq is not mixed[0]]
    assert all(
        type(v) is int for eq in pure for firm in eq["strategy"].values() for v in firm.values()
    )
    # every contract is the same game here (nothing to share), so all are equivalent
    assert report["irpo"] == ["no", "train", "infer", "full"]


def test_a_game_of_ties_is_a_continuum_with_every_pure_profile_extreme():
    env = correlation("1/2", "1/2", [("indep", 1)], reward=1, cost=1)  # every gain is zero
    game = BayesianGame.build(env, Contract.named("no"))
    mixed = solve_equilibria(game, "support", kind="mixed", exact=True)
    assert mixed.continuum
    assert mixed.count == 2 ** sum(game.sizes)
    assert all(a in (0, 1) for eq in mixed.equilibria() for side in eq.strategy for a in side)
    assert solve_equilibria(game, "lemke", kind="mixed", exact=True).certificate() == 0


def test_exact_ties_from_unequal_numbers_are_detected():
    """P(y = 1) = 2/3, R1 = 1, C1 = 2: action 1 pays 2/3 - 2/3 = 0 alone and half of that
    together, exactly; floats would not see 1/3 * 2 == 2/3 as a tie by luck alone."""
    env = Environment(
        worlds=("w",),
        prior=(1,),
        training_labels=(("*",), ("*",)),
        signal_labels=(("*",), ("*",)),
        training=([[1]],),
        inference=([[[F(1, 3)]], [[F(2, 3)]]],),
        utility=Utility(0, 1, 0, 2),
    )
    game = BayesianGame.build(env, Contract.named("no"))
    mixed = solve_equilibria(game, "support", kind="mixed", exact=True)
    assert mixed.continuum and mixed.count == 4
    assert solve_equilibria(game, "enumerate", exact=True).count == 4


def test_zero_probability_cells_do_not_multiply_equilibria():
    env = correlation("1", "1", [("max", 1)])  # signals always right: two cells of four occur
    game = BayesianGame.build(env, Contract.named("full"))
    assert game.sizes == (2, 2)
    mixed = solve_equilibria(game, "support", kind="mixed", exact=True)
    assert mixed.count == solve_equilibria(game, "enumerate", exact=True).count == 1


def test_larger_components_use_lemke_and_milp():
    worlds = [(F(56, 100) + F(k, 100), F(1, 6)) for k in range(6)]
    env = correlation("0.8", "0.7", worlds)
    game = BayesianGame.build(env, Contract.named("no"))
    assert game.sizes == (12, 12) and len(game.components) == 1
    lemke = solve_equilibria(game, "lemke", kind="mixed", exact=True)
    assert lemke.certificate() == 0
    milp = solve_equilibria(game, "milp", exact=True)
    assert milp.certificate() == 0
    assert milp.stats["milp_status"] == ["optimal"]  # README, solve's `stats`
    enumerated = solve_equilibria(game, "enumerate", exact=True)
    best = max(float(sum(eq.payoff)) for eq in enumerated.equilibria())
    assert max(float(sum(eq.payoff)) for eq in milp.equilibria()) >= best - 1e-9


def test_milp_lists_the_best_equilibrium_for_each_objective():
    """One firm-2 type's best equilibrium for firm 1 is not the welfare-best one (found
    by search): the MILP method's listing holds the welfare-best, the firm-1-best and
    the firm-2-best equilibria, each with the enumerated maximum."""
    from contracts.files import environment_from_dict

    world = lambda name, prior, t, y: {  # noqa: E731
        "name": name, "prior": prior, "training": [["0", "0", t[0]], ["0", "1", t[1]]],
        "inference": [[y, "a", "w", "1"]],
    }  # fmt: skip
    env = environment_from_dict({
        "format": "predshare-environment/1",
        "utility": {"R0": "1", "R1": "2", "C0": "0", "C1": "0"},
        "labels": {"t1": ["0"], "t2": ["0", "1"], "s1": ["a"], "s2": ["w"]},
        "worlds": [world("w0", "1/2", ("1/2", "1/2"), 0), world("w1", "1/2", ("1/3", "2/3"), 1)],
    })  # fmt: skip
    game = BayesianGame.build(env, Contract.named("no"))
    every = solve_equilibria(game, "enumerate", exact=True).equilibria()
    listed = solve_equilibria(game, "milp", exact=True).equilibria()
    welfare_best = max(sum(e.payoff) for e in every)
    assert all(e.payoff[0] < max(f.payoff[0] for f in every)
               for e in every if sum(e.payoff) == welfare_best)  # fmt: skip
    assert max(sum(e.payoff) for e in listed) == welfare_best
    for firm in (0, 1):
        assert max(e.payoff[firm] for e in listed) == max(e.payoff[firm] for e in every)
