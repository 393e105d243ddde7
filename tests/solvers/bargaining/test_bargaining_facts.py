"""Bargaining facts computed by hand, each checked on both methods where both apply.

The triangle (0, 0), (2, 0), (0, 1) has the frontier u1/2 + u2 = 1.
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction as F

import pytest

from contracts import Environment, Utility
from solvers import analyze
from solvers.bargaining import bargain
from solvers.bargaining.convex import strict_gains
from solvers.bargaining.problem import bargaining_problem, problem_from_points
from solvers.decision.recommend import recommend
from solvers.exact.polygon import Vertex, convex_hull, pareto_chain
from tests.strategies import indifferent_correlation, one_world

TRIANGLE = [(0, 0), (2, 0), (0, 1)]


def close(a, b, tol=1e-6):
    return all(abs(float(x) - float(y)) <= tol for x, y in zip(a, b))


@pytest.mark.parametrize("method", ["polygon", "cvxpy"])
@pytest.mark.parametrize(
    "weights, expected",
    [
        ((1, 1), (F(1), F(1, 2))),  # max u1 (1 - u1/2)
        ((2, 1), (F(4, 3), F(1, 3))),  # max u1^2 (1 - u1/2)
        ((1, 2), (F(2, 3), F(2, 3))),  # max u1 (1 - u1/2)^2: (1 - u1/2)(1 - 3 u1/2) = 0
    ],
)
def test_weighted_nash_exponents_on_both_methods(method, weights, expected):
    result = bargain(problem_from_points(TRIANGLE, (0, 0)), "nash", weights=weights, method=method)
    assert close(result.payoff, expected)
    if method == "polygon":
        assert result.payoff == expected


@pytest.mark.parametrize("method", ["polygon", "cvxpy"])
def test_kalai_smorodinsky_ray_starts_at_the_disagreement_point(method):
    """d = (1/2, 0): the ideal point is (2, 3/4) (firm 2's best with u1 >= 1/2 is at
    u1 = 1/2); the ray d + t (3/2, 3/4) meets the frontier at t = 1/2: (5/4, 3/8). From
    the origin it would meet it at (8/7, 3/7)."""
    result = bargain(problem_from_points(TRIANGLE, (F(1, 2), 0)), "ks", method=method)
    assert close(result.payoff, (F(5, 4), F(3, 8)))
    assert close(result.certificate["ideal_point"], (2, F(3, 4)))


@pytest.mark.parametrize("method", ["polygon", "cvxpy"])
def test_egalitarian_gains_start_at_the_disagreement_point(method):
    """d = (1/2, 0): equal gains (1/2 + t, t) on the frontier at t = 1/2: (1, 1/2)."""
    result = bargain(problem_from_points(TRIANGLE, (F(1, 2), 0)), "egalitarian", method=method)
    assert close(result.payoff, (1, F(1, 2)))


@pytest.mark.parametrize("method", ["polygon", "cvxpy"])
@pytest.mark.parametrize(
    "discount, share",
    [((F(9, 10), F(4, 5)), F(5, 7)), ((F(4, 5), F(9, 10)), F(5, 14))],
)
def test_rubinstein_discount_factors_keep_their_order(method, discount, share):
    """Splitting a dollar, firm 1 proposing first: x1 = (1 - delta2) / (1 - delta1 delta2)."""
    dollar = problem_from_points([(1, 0), (0, 1)], (0, 0))
    result = bargain(dollar, "rubinstein", discount=discount, method=method)
    assert close(result.payoff, (share, 1 - share))


def test_transfers_enter_interim_individual_rationality_with_the_right_sign():
    """Outcomes (1, 0) and (0, 1), d = (3/5, 1/10), transfers from firm 2 to firm 1: the
    frontier is u1 + u2 = 1 and symmetric Nash splits the surplus 3/10: (3/4, 1/4). With one
    type per firm the interim problem is the same problem."""
    problem = problem_from_points([(1, 0), (0, 1)], (F(3, 5), F(1, 10)), transfers=True)
    exact = bargain(problem, "nash", method="polygon")
    assert exact.payoff == (F(3, 4), F(1, 4))
    interim = bargain(dataclasses.replace(problem, interim=True), "nash", method="cvxpy")
    assert close(interim.payoff, (F(3, 4), F(1, 4)))
    lottery_u1 = sum(p * (1 if k == "p0#1" else 0) for k, p in interim.lottery.items())
    assert close((lottery_u1 + interim.transfer,), (F(3, 4),))


def three_equilibria() -> Environment:
    """No information, y uniform, R0 = 1, R1 = 2: three pure equilibria in every contract,
    (0, 1) -> (1/2, 1), (1, 0) -> (1, 1/2), (1, 1) -> (1/2, 1/2) (both earn R1/2 . 1/2)."""
    return one_world([[[F(1, 2)]], [[F(1, 2)]]], Utility(F(1), F(2), F(0), F(0)), (("0",), ("0",)))


def test_disagreement_selections_worst_best_and_by_number():
    analysis = analyze(three_equilibria(), exact=True)
    listed = [eq.payoff for eq in analysis.solutions["no"].equilibria()]
    assert sorted(listed) == [(F(1, 2), F(1, 2)), (F(1, 2), F(1)), (F(1), F(1, 2))]
    assert bargaining_problem(analysis, disagreement="worst").disagreement == (F(1, 2), F(1, 2))
    assert bargaining_problem(analysis, disagreement="best").disagreement == (F(1), F(1))
    for k, payoff in enumerate(listed):
        assert bargaining_problem(analysis, disagreement=k).disagreement == payoff
    with pytest.raises(ValueError, match="indices 0..2"):
        bargaining_problem(analysis, disagreement=3)


def test_the_pareto_chain_drops_weakly_dominated_vertices():
    """(0, 1) is weakly dominated by (1, 1) (same u2, less u1): not on the strong frontier."""
    hull = convex_hull([Vertex((F(x), F(y))) for x, y in [(0, 0), (0, 1), (1, 1), (2, 0)]])
    assert [v.point for v in pareto_chain(hull)] == [(F(2), F(0)), (F(1), F(1))]
    flat = convex_hull([Vertex((F(x), F(y))) for x, y in [(0, 0), (1, 0), (1, 1)]])
    assert [v.point for v in pareto_chain(flat)] == [(F(1), F(1))]


def test_rescaling_names_its_parameters_and_the_text_report_names_the_environment():
    from predshare.report import bargaining_text

    analysis = analyze(three_equilibria(), exact=True)
    problem = bargaining_problem(analysis)
    with pytest.raises(ValueError, match=r"^scale = 'x': must be a finite number"):
        problem.rescaled(0, "x", 0)
    with pytest.raises(ValueError, match=r"^scale = 0: must be positive"):
        problem.rescaled(0, 0, 0)
    with pytest.raises(ValueError, match=r"^shift = 'y': must be a finite number"):
        problem.rescaled(0, 1, "y")
    shifted = problem.rescaled(1, 2, F(1, 2))
    assert shifted.disagreement == (F(1, 2), F(3, 2))  # firm index 1: 2 u + 1/2
    for old, new in zip(problem.outcomes, shifted.outcomes):  # payoffs and interim alike
        assert new.payoff == (old.payoff[0], 2 * old.payoff[1] + F(1, 2))
        assert old.interim[1] and new.interim[0] == old.interim[0]
        assert new.interim[1] == tuple(2 * v + F(1, 2) for v in old.interim[1])
    text = bargaining_text(problem, bargain(problem, "nash"))
    assert text.splitlines()[0] == analysis.environment.describe()


@pytest.mark.parametrize("solution", ["nash", "ks", "egalitarian", "utilitarian", "rubinstein"])
@pytest.mark.parametrize("interim", [False, True])
def test_cvxpy_certificates_are_small_kkt_residuals(solution, interim):
    """The KKT residuals computed from the solver's duals certify the answer: a sign or
    index error in assembling them would show as a residual of the payoffs' size."""
    from contracts import worked_cases

    analysis = analyze(worked_cases()["hypotheses-1/10"], exact=True)
    problem = bargaining_problem(analysis, interim=interim, transfers=True, cap=F(1, 100))
    certificate = bargain(problem, solution, method="cvxpy").certificate
    assert certificate["stationarity_residual"] <= 1e-5
    for key in ("primal_infeasibility", "complementarity_residual", "dual_infeasibility"):
        assert 0 <= certificate[key] <= 1e-8, key
    if solution == "rubinstein":
        assert certificate["responder_indifference_residual"] <= 1e-9
        assert certificate["bisection_tolerance"] == 1e-10  # where its bisection stopped


@pytest.mark.parametrize("interim", [False, True])
def test_a_transfer_that_must_flow_from_firm_one_to_firm_two(interim):
    """One outcome (1, 0), d = (1/2, 1/4): firm 2 is individually rational only if firm 1
    pays it (tau <= -1/4); Nash maximizes (1/2 + tau)(-tau - 1/4) at tau = -3/8, giving
    (5/8, 3/8). A transfer entering individual rationality with the wrong sign cannot."""
    problem = dataclasses.replace(
        problem_from_points([(1, 0)], (F(1, 2), F(1, 4)), transfers=True), interim=interim
    )
    assert strict_gains(problem) == (True, True)
    result = bargain(problem, "nash", method="cvxpy")
    assert close(result.payoff, (F(5, 8), F(3, 8))) and close((result.transfer,), (F(-3, 8),))
    if not interim:
        exact = bargain(problem, "nash", method="polygon")
        assert exact.payoff == (F(5, 8), F(3, 8)) and exact.transfer == F(-3, 8)


def test_a_convex_program_that_fails_says_how() -> None:
    """The lottery weights sum to one: asking one of them to exceed 2 is infeasible, and
    a solver that is not installed is a solver error; each ends in one SolverFailure."""
    import cvxpy as cp

    from solvers.bargaining.convex import _solve, linear_form
    from solvers.errors import SolverFailure

    form = linear_form(problem_from_points([(1, 0), (0, 1)], (0, 0)))
    z = cp.Variable(form.a_ub.shape[1])
    with pytest.raises(SolverFailure) as infeasible:
        _solve(cp.Maximize(z[0]), z, form, ["HIGHS"], [z[0] >= 2])
    assert str(infeasible.value) == "bargaining: the convex program ended with status 'infeasible'"
    with pytest.raises(SolverFailure) as missing:
        _solve(cp.Maximize(z[0]), z, form, ["NO_SUCH_SOLVER"])
    assert str(missing.value).startswith(
        "bargaining: the convex program ended with status 'solver error: "
    )


def test_a_problem_from_bare_points_is_its_own_interim_problem() -> None:
    problem = problem_from_points([(1, 0), (0, 2)], ("1/3", "1/4"), transfers=True, cap="1/5")
    assert problem.disagreement == (F(1, 3), F(1, 4))
    assert problem.disagreement_interim == ((F(1, 3),), (F(1, 4),))
    assert problem.type_mass == ((F(1),), (F(1),)) and problem.cap == F(1, 5)
    assert [o.interim for o in problem.outcomes] == [((F(1),), (F(0),)), ((F(0),), (F(2),))]


def test_the_welfare_best_equilibrium_breaks_a_welfare_tie_by_firm_1() -> None:
    """(0, 1) -> (1/2, 1) and (1, 0) -> (1, 1/2) tie on U1 + U2 = 3/2; the larger U1 wins,
    whichever is listed first."""
    for solution in analyze(three_equilibria(), exact=True).solutions.values():
        assert solution.welfare_best().payoff == (F(1), F(1, 2))


def test_the_welfare_tie_is_broken_exactly_below_float_resolution() -> None:
    """R0 = 1, R1 = 1 + 10^-30: (0, 1) -> (1/2, R1/2) and (1, 0) -> (R1/2, 1/2) tie on
    U1 + U2 exactly, and firm 1's payoffs differ by 10^-30 / 2, which no double can tell
    apart: the exact rule still picks (1, 0)."""
    r1 = 1 + F(1, 10**30)
    env = one_world([[[F(1, 2)]], [[F(1, 2)]]], Utility(F(1), r1, F(0), F(0)), (("0",), ("0",)))
    solution = analyze(env, ["no"], exact=True).solutions["no"]
    assert solution.count == 2
    assert solution.welfare_best().payoff == (r1 / 2, F(1, 2))


def test_the_welfare_best_is_exact_where_rounding_would_order_a_tie() -> None:
    """R0 = 1 + 10^-30 (found by a search over small games): two equilibria of
    no-sharing have exactly equal welfare, and their payoffs rounded to doubles sum to
    different values. The pick is the exact maximizer of (U1 + U2, then U1)."""
    r0 = 1 + F(1, 10**30)
    third = F(1, 3)
    env = one_world([[[third, third]], [[third, F(0)]]], Utility(r0, F(2), F(0), F(0)),
                    (("a",), ("w", "x")))  # fmt: skip
    solution = analyze(env, ["no"], exact=True).solutions["no"]
    listed = solution.equilibria()
    assert len(listed) == 2
    (a1, a2), (b1, b2) = (e.payoff for e in listed)
    assert a1 + a2 == b1 + b2 and float(a1) + float(a2) != float(b1) + float(b2)
    best = max(listed, key=lambda e: (e.payoff[0] + e.payoff[1], e.payoff[0]))
    assert solution.welfare_best().payoff == best.payoff == (max(a1, b1), min(a2, b2))


@pytest.mark.parametrize("contract", ["no", "train"])
def test_equal_payoffs_go_to_the_first_listed_equilibrium(contract: str) -> None:
    """The count game at N = 1, (1/2, 1/2, 1/2, 0): 16 equilibria, all with the same
    payoffs (in one component under no-sharing, in four under train-sharing). The
    welfare-best is the first listed, not another of the equals."""
    from contracts.settings import two_hypotheses

    env = two_hypotheses("1/2", "1/2", "1/2", "0", samples=1)
    solution = analyze(env, [contract], exact=True).solutions[contract]
    listed = solution.equilibria()
    assert len(listed) == 16 and len({e.payoff for e in listed}) == 1
    assert solution.welfare_best().strategy == listed[0].strategy != listed[-1].strategy


def test_a_problem_is_refused_without_outcomes_a_negative_cap_or_a_cap_without_transfers() -> None:
    """Each refusal names its field and rule; a cap of 0 is allowed (no transfer at all)."""
    with pytest.raises(
        ValueError, match=r"^bargaining problem: there must be at least one outcome$"
    ):
        problem_from_points([], (0, 0))
    with pytest.raises(ValueError, match=r"^cap = -1/5: must be nonnegative$"):
        problem_from_points([(1, 0)], (0, 0), transfers=True, cap="-1/5")
    with pytest.raises(
        ValueError, match=r"^cap: a cap on transfers needs transfers to be allowed$"
    ):
        problem_from_points([(1, 0)], (0, 0), cap="1/5")
    assert problem_from_points([(1, 0)], (0, 0), transfers=True, cap=0).cap == 0


def test_a_problem_with_transfers_is_rescaled_only_by_a_shift() -> None:
    """Transfers are money: a scale other than 1 is refused; a shift alone is allowed."""
    problem = problem_from_points([(1, 0), (0, 1)], (0, 0), transfers=True)
    with pytest.raises(
        ValueError, match=r"^rescaled: transfers are money; rescale only without transfers$"
    ):
        problem.rescaled(0, 2, 0)
    assert problem.rescaled(0, 1, "1/2").disagreement == (F(1, 2), 0)


@pytest.mark.parametrize("method", ["polygon", "cvxpy"])
def test_uncapped_transfers_reach_every_individually_rational_point(method: str) -> None:
    """Outcomes (5, 5) and (0, 0), disagreement (0, -20), transfers uncapped: firm 1 can
    be paid up to 30 (firm 2 left at its -20), so the Kalai-Smorodinsky ideal is
    (30, 10), the gains are equal, and the solution is (15, -5), as the Nash one."""
    from solvers.bargaining.polygon import effective_cap, feasible_polygon

    problem = problem_from_points([(5, 5), (0, 0)], (0, -20), transfers=True)
    assert max(v.point[0] for v in feasible_polygon(problem)) >= 30
    assert effective_cap(problem) >= 25
    for solution in ("ks", "nash"):
        payoff = bargain(problem, solution, method=method).payoff
        if method == "polygon":  # exact
            assert payoff == (15, -5)
        else:
            assert abs(float(payoff[0]) - 15) < 1e-6 and abs(float(payoff[1]) + 5) < 1e-6


def test_rubinsteins_responder_indifference_is_reported_only_inside_the_frontier() -> None:
    """At (1, 1) (the other outcome (0, 0)) the proposer's best offer gives the responder
    1 - 9/10 more than it needs: the proposer takes its ideal, the corner, where the
    responder need not be indifferent, so the residual reported is 0. Splitting a dollar,
    the agreement is interior and the responder is indifferent to within the bisection."""
    corner = bargain(problem_from_points([(1, 1), (0, 0)], (0, 0)), "rubinstein",
                     discount=("9/10", "9/10"), method="cvxpy")  # fmt: skip
    assert corner.payoff == (1, 1)
    assert corner.certificate["responder_indifference_residual"] == 0.0
    split = bargain(problem_from_points([(1, 0), (0, 1)], (0, 0)), "rubinstein",
                    discount=("9/10", "9/10"), method="cvxpy")  # fmt: skip
    assert abs(float(split.payoff[0]) - 1 / 1.9) < 1e-8  # 1 / (1 + delta)
    assert split.certificate["responder_indifference_residual"] < 1e-8


def test_the_problem_lists_each_firms_types_of_positive_probability_and_their_mass() -> None:
    """One labelled example (MODEL.md section 7): firm 2 never sees (b, 1), since y = 1
    comes only with a; its interim tuples have three entries, firm 1's four."""
    from contracts import two_hypotheses

    env = two_hypotheses("11/20", "1/5", "2/5", "2/5", one_sample=True)
    problem = bargaining_problem(analyze(env, exact=True))
    assert problem.types == (("(A,0)", "(A,1)", "(B,0)", "(B,1)"), ("(a,0)", "(a,1)", "(b,0)"))
    assert problem.type_mass == (env.training_marginals[0], env.training_marginals[1][:3])
    assert env.training_marginals[1][3] == 0 and sum(problem.type_mass[1]) == 1
    assert all(tuple(map(len, o.interim)) == (4, 3) for o in problem.outcomes)


@pytest.mark.parametrize("selection", ["median", True, 1.5])
def test_a_disagreement_selection_other_than_worst_best_or_an_index_is_refused(selection) -> None:
    analysis = analyze(worked_cases_hypotheses(), exact=True)
    with pytest.raises(ValueError) as error:
        bargaining_problem(analysis, disagreement=selection)
    assert str(error.value) == (
        f"disagreement = {selection!r}: must be 'worst', 'best' or an equilibrium index"
    )


def zero_utility() -> Environment:
    """Zero rewards and costs: every profile is an equilibrium, 2^8 under no-sharing,
    2^16 under train, 2^32 under full sharing."""
    return indifferent_correlation([("indep", "1/2"), ("max", "1/2")])


def test_a_contract_listing_more_equilibria_than_can_be_bargained_over_is_refused() -> None:
    """With equilibrium lotteries the outcomes are listed: 2^16 are too many, and the
    message names the way out."""
    with pytest.raises(ValueError) as error:
        bargaining_problem(analyze(zero_utility(), exact=True))
    assert str(error.value) == (
        "contract train lists 65536 equilibria: at most 20000 outcomes can be bargained over; "
        "without equilibrium lotteries each contract is played at its welfare-best "
        "equilibrium, found without listing"
    )


def test_without_lotteries_astronomically_many_equilibria_are_never_listed(monkeypatch) -> None:
    """2^32 equilibria under full sharing: each contract's welfare-best (the first
    listed, all payoffs being 0) and the disagreement come from the components, and
    listing any contract's equilibria would fail this test."""
    from solvers.equilibria.equilibrium_set import EquilibriumSet

    analysis = analyze(zero_utility(), exact=True)
    assert analysis.solutions["full"].count == 2**32

    def never(*args, **kwargs):
        raise AssertionError("listed")

    monkeypatch.setattr(EquilibriumSet, "equilibria", never)
    for selection in ("worst", "best", 2**8 - 1):
        problem = bargaining_problem(analysis, equilibrium_lotteries=False, disagreement=selection)
        assert [o.label for o in problem.outcomes] == ["no#1", "train#1", "infer#1", "full#1"]
        assert problem.disagreement == (0, 0)
    with pytest.raises(ValueError, match=r"^disagreement = 256: no-sharing has 256 equilibria"):
        bargaining_problem(analysis, equilibrium_lotteries=False, disagreement=2**8)
    with pytest.raises(ValueError, match=r"^index = 256: must be in 0\.\.255$"):
        analysis.solutions["no"].equilibrium_at(2**8)
    # the recommendation bargains without lotteries: nothing to gain, no-sharing is simplest
    assert recommend(analysis).contract == "no"


def test_without_lotteries_the_outcomes_and_disagreement_are_the_listings_selections() -> None:
    """Three equilibria per contract: the welfare-best is (1, 0) -> (1, 1/2) at its
    place in the listing; the disagreement by index is that listed equilibrium."""
    analysis = analyze(three_equilibria(), exact=True)
    listed = analysis.solutions["no"].equilibria()
    best = next(k for k, e in enumerate(listed) if e.payoff == (F(1), F(1, 2)))
    for k, eq in enumerate(listed):
        problem = bargaining_problem(analysis, equilibrium_lotteries=False, disagreement=k)
        assert problem.disagreement == eq.payoff
        assert problem.disagreement_interim == ((eq.interim[0]["0"],), (eq.interim[1]["0"],))
        assert [o.equilibrium for o in problem.outcomes] == [best] * 4
        assert {o.payoff for o in problem.outcomes} == {(F(1), F(1, 2))}
    worst = bargaining_problem(analysis, equilibrium_lotteries=False)
    assert worst.disagreement == (F(1, 2), F(1, 2))
    assert worst.disagreement_interim == ((F(1, 2),), (F(1, 2),))
    best_d = bargaining_problem(analysis, equilibrium_lotteries=False, disagreement="best")
    assert best_d.disagreement == (F(1), F(1)) and best_d.disagreement_interim == ((F(1),), (F(1),))


def worked_cases_hypotheses() -> Environment:
    from contracts import worked_cases

    return worked_cases()["hypotheses-1/10"]


def test_a_problem_records_its_cap_irpo_set_and_description() -> None:
    """From an analysis: the cap as an exact Fraction (refused when negative), the
    analysis's IRPO set, and a description naming the environment and the selections."""
    analysis = analyze(worked_cases_hypotheses(), exact=True)
    problem = bargaining_problem(analysis, transfers=True, cap="0.2", disagreement="best")
    assert problem.cap == F(1, 5) and problem.transfers
    assert problem.irpo == analysis.verdicts.irpo != ()
    assert problem.description == {
        "environment": analysis.environment.name or analysis.environment.describe(),
        "equilibrium_lotteries": True,
        "disagreement_selection": "best",
    }
    with pytest.raises(ValueError, match=r"^cap = -1/5: must be nonnegative$"):
        bargaining_problem(analysis, transfers=True, cap="-0.2")


def test_a_bad_cap_is_named_and_rescaling_keeps_the_interim_mode() -> None:
    with pytest.raises(ValueError, match=r"^cap = 'x': must be a finite number"):
        problem_from_points([(1, 0)], (0, 0), transfers=True, cap="x")
    problem = bargaining_problem(analyze(three_equilibria(), exact=True), interim=True)
    rescaled = problem.rescaled(0, 2, 1)
    assert problem.interim is rescaled.interim is True
    assert rescaled.irpo == problem.irpo and rescaled.types == problem.types
