"""Bargaining over contracts: axioms, analytic cases, the worked cases, both methods."""

from fractions import Fraction as F

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from contracts import worked_cases
from solvers import analyze
from solvers.bargaining import bargain, rubinstein_path
from solvers.bargaining.polygon import rational_polygon
from solvers.bargaining.problem import bargaining_problem, problem_from_points
from tests.conftest import budget

SETTINGS = settings(max_examples=budget(40))
SOLUTIONS = ("nash", "ks", "egalitarian", "utilitarian", "rubinstein")

coordinate = st.fractions(min_value=0, max_value=1, max_denominator=12)
point_sets = st.lists(st.tuples(coordinate, coordinate), min_size=1, max_size=7)


@st.composite
def problems(draw, transfers=None):
    points = draw(point_sets)
    # the disagreement is a mix of two outcomes' coordinates, so that it is feasible
    base = draw(st.sampled_from(points))
    shrink = draw(st.fractions(min_value=0, max_value=1, max_denominator=4))
    d = (base[0] * shrink, base[1] * shrink)
    allow = draw(st.booleans()) if transfers is None else transfers
    cap = draw(st.sampled_from([None, F(1, 10), F(1, 3)])) if allow else None
    return problem_from_points(points, d, transfers=allow, cap=cap)


def dominated(problem, point):
    polygon = rational_polygon(problem)
    return any(
        v.point[0] >= point[0] and v.point[1] >= point[1] and v.point != tuple(point)
        for v in polygon
    )


@SETTINGS
@given(problems(), st.sampled_from(SOLUTIONS))
def test_solutions_are_individually_rational_and_pareto_efficient(problem, solution):
    result = bargain(problem, solution, method="polygon")
    d = problem.disagreement
    assert result.payoff[0] >= d[0] and result.payoff[1] >= d[1]
    assert not dominated(problem, result.payoff)
    assert sum(result.lottery.values()) == 1 and all(p > 0 for p in result.lottery.values())
    # the lottery and transfer reproduce the payoffs exactly
    by_label = {o.label: o for o in problem.outcomes}
    for f, sign in ((0, 1), (1, -1)):
        value = (
            sum(p * by_label[k].payoff[f] for k, p in result.lottery.items())
            + sign * result.transfer
        )
        assert value == result.payoff[f]
    if problem.cap is not None:
        assert abs(result.transfer) <= problem.cap


@SETTINGS
@given(
    point_sets,
    st.fractions(min_value=0, max_value=F(1, 2), max_denominator=6),
    st.sampled_from(("nash", "ks", "egalitarian", "utilitarian")),
)
def test_symmetric_problems_get_symmetric_solutions(points, d, solution):
    symmetric = points + [(b, a) for a, b in points]
    assume(any(a >= d and b >= d for a, b in symmetric))
    problem = problem_from_points(symmetric, (d, d))
    result = bargain(problem, solution, method="polygon")
    assert result.payoff[0] == result.payoff[1]


@SETTINGS
@given(
    problems(transfers=False),
    st.sampled_from([0, 1]),
    st.fractions(min_value=F(1, 5), max_value=5, max_denominator=7),
    st.fractions(min_value=-3, max_value=3, max_denominator=7),
    st.sampled_from([(1, 1), (2, 1), (1, 3)]),
)
def test_nash_is_invariant_to_positive_affine_rescaling(problem, firm, scale, shift, weights):
    result = bargain(problem, "nash", weights=weights, method="polygon")
    rescaled = bargain(
        problem.rescaled(firm, scale, shift), "nash", weights=weights, method="polygon"
    )
    expected = list(result.payoff)
    expected[firm] = scale * expected[firm] + shift
    assert list(rescaled.payoff) == expected


@SETTINGS
@given(problems(transfers=False))
def test_nash_satisfies_independence_of_irrelevant_alternatives(problem):
    result = bargain(problem, "nash", method="polygon")
    keep = [o for o in problem.outcomes if o.label in result.lottery]
    smaller = problem_from_points([o.payoff for o in keep], problem.disagreement)
    assert bargain(smaller, "nash", method="polygon").payoff == result.payoff


@SETTINGS
@given(problems(transfers=False), st.lists(st.tuples(coordinate, coordinate), max_size=4))
def test_kalai_smorodinsky_is_individually_monotone(problem, extra):
    before = bargain(problem, "ks", method="polygon")
    ideal1 = max(v.point[0] for v in rational_polygon(problem))
    added = [(min(a, ideal1), b) for a, b in extra]  # firm 1's ideal payoff stays the same
    bigger = problem_from_points([o.payoff for o in problem.outcomes] + added, problem.disagreement)
    assume(max(v.point[0] for v in rational_polygon(bigger)) == ideal1)
    after = bargain(bigger, "ks", method="polygon")
    assert after.payoff[1] >= before.payoff[1]


@settings(max_examples=budget(25))
@given(problems(), st.sampled_from(SOLUTIONS))
def test_polygon_and_cvxpy_agree(problem, solution):
    exact = bargain(problem, solution, method="polygon")
    convex = bargain(problem, solution, method="cvxpy")
    assert convex.method == "cvxpy" and exact.method == "polygon"
    for a, b in zip(exact.payoff, convex.payoff):
        assert abs(float(a) - b) <= 1e-7


def test_splitting_a_dollar():
    result = bargain(problem_from_points([(1, 0), (0, 1)], (0, 0)), "nash")
    assert result.payoff == (F(1, 2), F(1, 2))
    assert result.lottery == {"p0#1": F(1, 2), "p1#1": F(1, 2)}


@pytest.mark.parametrize("method", ["polygon", "cvxpy"])
@pytest.mark.parametrize("first", [0, 1])
def test_utilitarian_takes_the_most_equal_of_tied_sums(method, first):
    """Every point of the segment (1, 0)-(0, 1) maximizes u1 + u2 (d = 0): the rule then
    takes the most equal gains, (1/2, 1/2), whichever firm's outcome is listed first."""
    points = [(1, 0), (0, 1)] if first == 0 else [(0, 1), (1, 0)]
    result = bargain(problem_from_points(points, (0, 0)), "utilitarian", method=method)
    assert all(abs(float(v) - 0.5) <= 1e-7 for v in result.payoff)
    shifted = bargain(problem_from_points([(2, 0), (0, 2)], (1, 0)), "utilitarian", method=method)
    assert [round(float(v), 7) for v in shifted.payoff] == [1.5, 0.5]  # gains (1/2, 1/2)


def test_triangle_with_known_solutions():
    """Frontier u1/2 + u2 = 1 from (2, 0) to (0, 1), d = 0: Nash maximizes u1 (1 - u1/2)
    at u1 = 1; weights (2, 1) at u1 = 4/3; KS meets the ray to the ideal (2, 1) at t = 1/2;
    egalitarian solves t/2 + t = 1."""
    triangle = problem_from_points([(0, 0), (2, 0), (0, 1)], (0, 0))
    assert bargain(triangle, "nash").payoff == (1, F(1, 2))
    assert bargain(triangle, "nash", weights=(2, 1)).payoff == (F(4, 3), F(1, 3))
    assert bargain(triangle, "ks").payoff == (1, F(1, 2))
    assert bargain(triangle, "egalitarian").payoff == (F(2, 3), F(2, 3))
    assert bargain(triangle, "utilitarian").payoff == (2, 0)
    nash = bargain(triangle, "nash")
    assert nash.certificate["supporting_line_excess"] == 0


def test_transfers_split_the_largest_joint_surplus():
    """With unlimited transfers the frontier is u1 + u2 = W; symmetric Nash splits W - d1 - d2
    equally. Worked case 1: W = 0.3 (infer), d = (0.175, 0.075): (0.2, 0.1), paid by firm 2."""
    analysis = analyze(worked_cases()["correlation-0.8-0.7"], exact=True)
    problem = bargaining_problem(analysis, transfers=True)
    result = bargain(problem, "nash")
    assert result.payoff == (F(1, 5), F(1, 10))
    assert result.transfer == F(1, 20)
    assert set(result.lottery) <= {"infer#1", "full#1"}
    without = bargain(bargaining_problem(analysis), "nash")
    assert without.payoff == (F(7, 40), F(3, 40))  # nothing beats no-sharing for both


def test_hypotheses_worked_case_nash_lottery():
    """Spec worked case 3: the frontier is the segment from infer (0.5185, 0.4815) to full
    (1/2, 1/2); d = no = (0.45775, 0.45225). Equal gains 0.06075 - 0.0185 s =
    0.02925 + 0.0185 s give s = 63/74 on full: payoffs (2011/4000, 1989/4000)."""
    analysis = analyze(worked_cases()["hypotheses-1/10"], exact=True)
    result = bargain(bargaining_problem(analysis), "nash")
    assert result.lottery == {"infer#1": F(11, 74), "full#1": F(63, 74)}
    assert result.payoff == (F(2011, 4000), F(1989, 4000))
    interim = bargain(bargaining_problem(analysis, interim=True), "nash")
    assert interim.method == "cvxpy"
    problem = bargaining_problem(analysis, interim=True)
    by_label = {o.label: o for o in problem.outcomes}
    for f in (0, 1):
        for i, floor in enumerate(problem.disagreement_interim[f]):
            value = sum(p * float(by_label[k].interim[f][i]) for k, p in interim.lottery.items())
            assert value >= float(floor) - 1e-8


def test_claim_three_point_bargaining_mixes_train_and_infer_exactly():
    """On the segment from train (T) to infer (I) with d = no, the Nash product
    (T1 - d1 + s D1)(T2 - d2 + s D2) is maximal at s = -(D1 (T2 - d2) + D2 (T1 - d1)) / (2 D1 D2)."""
    analysis = analyze(worked_cases()["claim-3-point"], exact=True)
    result = bargain(bargaining_problem(analysis), "nash")
    payoff = {name: s.equilibria()[0].payoff for name, s in analysis.solutions.items()}
    (t1, t2), (i1, i2), (d1, d2) = payoff["train"], payoff["infer"], payoff["no"]
    d_1, d_2 = i1 - t1, i2 - t2
    s = -(d_1 * (t2 - d2) + d_2 * (t1 - d1)) / (2 * d_1 * d_2)
    assert 0 < s < 1
    assert result.lottery == {"train#1": 1 - s, "infer#1": s}
    assert result.payoff == (t1 + s * d_1, t2 + s * d_2)
    assert result.certificate["supporting_line_excess"] <= 0


def test_rubinstein_closed_form_and_its_limit():
    dollar = problem_from_points([(1, 0), (0, 1)], (0, 0))
    delta1, delta2 = F(9, 10), F(4, 5)
    result = bargain(dollar, "rubinstein", discount=(delta1, delta2))
    assert result.payoff[0] == (1 - delta2) / (1 - delta1 * delta2)
    path = rubinstein_path(dollar, (1, 2), [1, F(1, 10), F(1, 100), F(1, 1000)])
    target = bargain(dollar, "nash", weights=(1, F(1, 2))).payoff[0]  # weights 1/r
    errors = [abs(payoff[0] - target) for _, payoff in path]
    assert errors == sorted(errors, reverse=True) and errors[-1] < F(1, 1000)


def test_infeasible_problems_are_clear_errors():
    problem = problem_from_points([(0, 0), (1, 0)], (F(1, 2), F(1, 2)))
    with pytest.raises(ValueError, match="no lottery gives both firms"):
        bargain(problem, "nash", method="polygon")
    for solution in ("nash", "ks", "egalitarian", "utilitarian", "rubinstein"):
        # decided exactly before any float solver runs, for every solution alike
        with pytest.raises(ValueError, match="no lottery satisfies the constraints"):
            bargain(problem, solution, method="cvxpy")


def test_bad_parameters_are_value_errors():
    dollar = problem_from_points([(1, 0), (0, 1)], (0, 0))
    with pytest.raises(ValueError, match="solution = 'fair'"):
        bargain(dollar, "fair")
    with pytest.raises(ValueError, match=r"weights\[1\] = 0: must be positive"):
        bargain(dollar, "nash", weights=(1, 0))
    with pytest.raises(ValueError, match=r"discount\[0\] = 1: must be in \(0, 1\)"):
        bargain(dollar, "rubinstein", discount=(1, F(1, 2)))


def test_a_degenerate_problem_says_why_in_its_certificate() -> None:
    """No individually rational point gives either firm a strict gain: the ray solutions
    say the ideal point is the disagreement point, Nash that no point gives both a strict
    gain; every solution is then the disagreement point itself."""
    from fractions import Fraction

    from solvers.bargaining import bargain, problem_from_points

    zero = (Fraction(0), Fraction(0))
    problem = problem_from_points([zero, (Fraction(-1), Fraction(1)), (Fraction(1), Fraction(-1))],
                                  disagreement=zero)  # fmt: skip
    reasons = {s: bargain(problem, s, method="cvxpy").certificate["degenerate"]
               for s in ("ks", "egalitarian", "nash")}  # fmt: skip
    assert reasons == {"ks": "the ideal point is the disagreement point",
                       "egalitarian": "the ideal point is the disagreement point",
                       "nash": "no feasible point gives both firms a strict gain"}  # fmt: skip
    assert all(tuple(map(float, bargain(problem, s, method="cvxpy").payoff)) == (0.0, 0.0)
               for s in reasons)  # fmt: skip


def test_transfers_up_to_a_cap_of_one_are_used() -> None:
    """Only firm 1 gains (2, 0) without money; with transfers of at most 1 it pays firm 2
    one unit and the Nash solution is (1, 1)."""
    from fractions import Fraction

    from solvers.bargaining import bargain, problem_from_points

    zero = (Fraction(0), Fraction(0))
    problem = problem_from_points([zero, (Fraction(2), Fraction(0))], zero, transfers=True,
                                  cap=Fraction(1))  # fmt: skip
    assert tuple(bargain(problem, "nash", method="polygon").payoff) == (1, 1)


def test_a_cvxpy_result_names_its_solution_method_and_status() -> None:
    dollar = problem_from_points([(1, 0), (0, 1)], (0, 0))
    for solution in ("nash", "ks", "egalitarian", "utilitarian", "rubinstein"):
        result = bargain(dollar, solution, method="cvxpy")
        assert (result.solution, result.method, result.status) == (solution, "cvxpy", "optimal")


def test_cvxpy_lottery_weights_up_to_1e_12_are_solver_noise_and_left_out(monkeypatch) -> None:
    import solvers.bargaining.convex as convex

    def answer(lottery):  # what a convex program returns, with the weights given
        return lambda problem: {"lottery": lottery, "payoff": (1.0, 0.0), "transfer": 0.0,
                                "certificate": {}}  # fmt: skip

    dollar = problem_from_points([(1, 0), (0, 1)], (0, 0))
    monkeypatch.setattr(convex, "convex_utilitarian", answer([1 - 1e-12, 1e-12]))
    assert bargain(dollar, "utilitarian", method="cvxpy").lottery == {"p0#1": 1 - 1e-12}
    monkeypatch.setattr(convex, "convex_utilitarian", answer([1 - 2e-12, 2e-12]))
    assert bargain(dollar, "utilitarian", method="cvxpy").lottery == {"p0#1": 1 - 2e-12, "p1#1": 2e-12}


def test_every_polygon_solution_certifies_itself_pareto_optimal() -> None:
    """No vertex of the feasible set weakly dominates the solution: on the dollar, whose
    vertices (1, 0) and (0, 1) each beat the midpoint in one coordinate only, and with a
    dominated outcome inside."""
    for points in ([(1, 0), (0, 1)], [(1, 0), (0, 1), (F(1, 4), F(1, 4))], [(3, 1), (1, 2)]):
        problem = problem_from_points(points, (0, 0))
        for solution in ("nash", "ks", "egalitarian", "utilitarian", "rubinstein"):
            certificate = bargain(problem, solution, method="polygon").certificate
            assert certificate["pareto_optimal"] is True, (points, solution)
    dollar = problem_from_points([(1, 0), (0, 1)], (0, 0))
    # Rubinstein's equations hold exactly at an interior agreement
    assert bargain(dollar, "rubinstein", method="polygon").certificate[
        "responder_indifference_residual"] == 0  # fmt: skip


@pytest.mark.parametrize("period, message", [
    ("x", "period = 'x': must be a finite number (decimal or p/q)"),
    (0, "period = 0: must be positive"),
    (-1, "period = -1: must be positive"),  # 1 + r D = 0 here: a division by zero before
])
def test_rubinstein_path_refuses_a_period_that_is_not_a_positive_number(period, message) -> None:
    dollar = problem_from_points([(1, 0), (0, 1)], (0, 0))
    with pytest.raises(ValueError) as error:
        rubinstein_path(dollar, (1, 2), [1, period])
    assert str(error.value) == message
