"""The batch classifier against the exact engine, point by point, verdict by verdict.

Thousands of points per setting, many of them placed on purpose where the float path
is most likely to go wrong: ties between contracts (no ~ train), the regime boundary
3 beta = alpha + 1, alpha = beta, rho at its bounds, R1 = C1, the two-hypotheses
conditions at equality, small-denominator rationals that make exact ties common.
The expected values are read off ``analyze(exact=True)`` here, independently of the
classifier's own ``analysis_row``.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

import numpy as np
import pytest

from contracts import Environment
from solvers.analysis.environment import ContractAnalysis, analyze
from solvers.sweep.batch import analysis_row, classify, verdict_columns
from solvers.sweep.family import CorrelationFamily, HypothesesFamily, SettingFamily
from solvers.sweep.layout import build_layout
from tests.conftest import budget

Point = dict[str, Fraction]


def _fraction(rng: np.random.Generator, low: Fraction, high: Fraction) -> Fraction:
    """A rational in [low, high] on a grid of a random small denominator (exact ties)."""
    den = int(rng.choice([2, 3, 4, 5, 6, 8, 10, 12, 20, 40, 100, 997]))
    return low + (high - low) * Fraction(int(rng.integers(0, den + 1)), den)


def correlation_points(rng: np.random.Generator, count: int, worlds: int) -> list[Point]:
    """Points of the correlation setting, a third generic, the rest on boundaries."""
    half, one = Fraction(1, 2), Fraction(1)
    points = []
    kinds = ("generic", "3beta=alpha+1", "alpha=beta", "rho bounds", "R1=C1", "full range")
    while len(points) < count:
        kind = kinds[len(points) % len(kinds)]
        alpha, beta = _fraction(rng, half, one), _fraction(rng, half, one)
        if kind == "3beta=alpha+1":
            beta = _fraction(rng, half, Fraction(2, 3))
            alpha = 3 * beta - 1
        elif kind == "alpha=beta":
            beta = alpha
        elif kind == "full range":
            alpha, beta = _fraction(rng, Fraction(0), one), _fraction(rng, Fraction(0), one)
        low, high = max(Fraction(0), alpha + beta - 1), min(alpha, beta)
        point = {"alpha": alpha, "beta": beta}
        point["reward"] = _fraction(rng, Fraction(1, 4), Fraction(2))
        point["cost"] = (
            point["reward"]
            if kind in ("R1=C1", "3beta=alpha+1")
            else _fraction(rng, Fraction(1, 4), Fraction(2))
        )
        if kind == "3beta=alpha+1":
            point["reward"] = point["cost"] = Fraction(1)
        weights = [_fraction(rng, Fraction(1, 10), one) for _ in range(worlds)]
        for k in range(worlds):
            if kind == "rho bounds":
                rho = (low, high)[k % 2]
            elif k == 1:
                rho = high  # maximal correlation, as in the papers
            else:
                rho = alpha * beta if rng.random() < 0.5 else _fraction(rng, low, high)
            point[f"rho{k + 1}"] = rho
            point[f"prior{k + 1}"] = weights[k] / sum(weights)
        if kind != "rho bounds" and worlds == 2 and rng.random() < 0.3:
            point["prior1"] = half + Fraction(int(rng.integers(-3, 4)), 10**5)
            point["prior2"] = 1 - point["prior1"]
        points.append(point)
    return points


def hypotheses_points(rng: np.random.Generator, count: int) -> list[Point]:
    """Points of the two-hypotheses setting; most put one of MODEL.md section 7's
    conditions at equality (solved for lambda or mu)."""
    points: list[Point] = []
    one = Fraction(1)
    while len(points) < count:
        p = _fraction(rng, Fraction(1, 100), Fraction(99, 100))
        kappa = _fraction(rng, Fraction(1, 100), Fraction(1, 2))
        lam = _fraction(rng, Fraction(0), Fraction(1, 2))
        mu = _fraction(rng, Fraction(0), one - lam)
        rest = 1 - kappa
        condition = len(points) % 6
        if condition == 1:
            mu = 2 * kappa / rest  # (1 - kappa) mu = 2 kappa
        elif condition == 2:
            lam = kappa / rest  # kappa = (1 - kappa) lambda
        elif condition == 3:
            mu = kappa * p / (rest * (1 - p))  # (1-kappa)(1-p) mu = kappa p
        elif condition == 4:
            mu = kappa * (1 - p) / (rest * p)  # (1-kappa) p mu = kappa (1-p)
        elif condition == 5:
            lam = 1 - mu - 2 * kappa / rest  # (1-kappa)(1-lambda-mu)/2 = kappa
        if lam < 0 or mu < 0 or lam + mu > 1:
            continue
        points.append({"prior_i": p, "kappa": kappa, "lambda": lam, "mu": mu})
    return points


def expected_row(analysis: ContractAnalysis) -> dict[str, object]:
    """The verdict columns of one point, from the exact engine's own objects."""
    names = list(analysis.solutions)
    verdicts = analysis.verdicts
    row: dict[str, object] = {}
    for name, solution in analysis.solutions.items():
        row[f"{name}.equilibria"] = solution.count
        if solution.count <= 64:
            payoffs = [e.payoff for e in solution.equilibria()]
            for f in (0, 1):
                row[f"{name}.u{f + 1}_min"] = min(float(u[f]) for u in payoffs)
                row[f"{name}.u{f + 1}_max"] = max(float(u[f]) for u in payoffs)
        row[f"{name}.dominates"] = sum(
            2**k for k, other in enumerate(names) if verdicts.dominates(name, other)
        )
    row["ir"] = sum(2 ** names.index(c) for c in verdicts.individually_rational)
    row["po"] = sum(2 ** names.index(c) for c in verdicts.pareto_optimal)
    row["irpo"] = sum(2 ** names.index(c) for c in verdicts.irpo)
    for key in ("unique_irpo", "unique_irpo_up_to_equivalence"):
        chosen = getattr(verdicts, key)
        row[key] = names.index(chosen) if chosen is not None else -1
    return row


def _columns(
    family: SettingFamily, points: list[Point], contracts: str = "standard"
) -> tuple[dict[str, np.ndarray], Callable[[int], Environment]]:
    values = {name: np.array([float(p[name]) for p in points]) for name in family.parameters}
    layout = build_layout(family, contracts)
    columns = classify(layout, values, lambda i: family.environment(points[i]))
    return columns, lambda i: family.environment(points[i])


def assert_agrees(
    family: SettingFamily, points: list[Point], contracts: str = "standard"
) -> dict[str, np.ndarray]:
    columns, environment = _columns(family, points, contracts)
    assert list(columns) == verdict_columns(
        tuple(c.name for c in build_layout(family, contracts).contracts)
    )
    for i in range(len(points)):
        analysis = analyze(environment(i), contracts, exact=True)
        for key, value in expected_row(analysis).items():
            got = columns[key][i]
            if isinstance(value, float):
                assert got == pytest.approx(value, abs=1e-12), (i, key, points[i])
            else:
                assert got == value, (i, key, points[i], got, value)
    return columns


#: The agreement tests check their points in parts (each part a test under 30 s); the
#: parts together are every point, drawn once.
PARTS = 4


def part_of(count: int, part: int) -> range:
    """The indices of one of PARTS consecutive parts of ``count`` points."""
    return range(part * count // PARTS, (part + 1) * count // PARTS)


@pytest.mark.parametrize("part", range(PARTS))
def test_correlation_two_worlds_agrees_with_the_exact_engine(part: int) -> None:
    every = correlation_points(np.random.default_rng(1), budget(2000), worlds=2)
    points = [every[i] for i in part_of(len(every), part)]
    columns = assert_agrees(CorrelationFamily(2), points)
    # the float path decided most points, boundary ones included (else this test would
    # only test the engine against itself)
    assert columns["exact_rechecked"].mean() < 0.4
    assert (columns["no.equilibria"] > 1).any() and (columns["infer.equilibria"] > 1).any()


def test_correlation_one_and_three_worlds_agree() -> None:
    rng = np.random.default_rng(2)
    assert_agrees(CorrelationFamily(1), correlation_points(rng, budget(400), worlds=1))
    assert_agrees(CorrelationFamily(3), correlation_points(rng, budget(150), worlds=3))


@pytest.mark.parametrize("part", range(PARTS))
@pytest.mark.parametrize("one_sample", [False, True], ids=["plain", "one-sample"])
def test_hypotheses_agrees_with_the_exact_engine(one_sample: bool, part: int) -> None:
    count = budget(1200 if one_sample else 2000)  # one-sample games are larger, slower
    every = hypotheses_points(np.random.default_rng(3 + one_sample), count)
    indices = list(part_of(len(every), part))
    columns = assert_agrees(HypothesesFamily(one_sample), [every[i] for i in indices])
    # five points in six sit on a condition at equality, a best-response tie that only
    # the exact engine decides; the generic sixth is decided in float
    generic = columns["exact_rechecked"][[k for k, i in enumerate(indices) if i % 6 == 0]]
    assert generic.mean() < 0.5, generic.mean()


def test_the_batch_classifier_takes_components_of_12_cells_and_refuses_14() -> None:
    """Its limit at the boundary: six correlation worlds make a 12 x 12 no-sharing
    component, laid out with all 2^12 strategies of firm 1 (as many cells on each side:
    firm 1 is enumerated, else the firm with fewer cells); seven make 14 x 14, refused in
    one line naming the limit."""
    from solvers.errors import SolverLimitError
    from solvers.sweep.layout import MAX_BATCH_CELLS

    assert MAX_BATCH_CELLS == 12
    (no,) = build_layout(CorrelationFamily(6), ["no"]).contracts
    (group,) = [g for g in no.groups if g.pairs.shape[1:] == (12, 12)]
    assert group.enumerated == 0 and group.candidates.shape == (2**12, 12)
    # where one firm sees more (directional contracts), the other firm is enumerated
    shapes = set()
    for contract in build_layout(CorrelationFamily(2), "directional").contracts:
        for g in contract.groups:
            n1, n2 = g.pairs.shape[1:]
            shapes.add((n1, n2))
            assert g.enumerated == (0 if n1 <= n2 else 1)
            assert g.candidates.shape == (2 ** min(n1, n2), min(n1, n2))
    assert any(n1 > n2 for n1, n2 in shapes) and any(n1 < n2 for n1, n2 in shapes)
    with pytest.raises(SolverLimitError) as error:
        build_layout(CorrelationFamily(7), ["no"])
    assert str(error.value) == (
        "contract no: a component with 14 x 14 cells; the batch classifier handles components "
        "where one firm has at most 12 cells (fewer worlds)"
    )


def test_directional_contracts_agree() -> None:
    rng = np.random.default_rng(5)
    assert_agrees(CorrelationFamily(2), correlation_points(rng, budget(60), 2), "directional")
    assert_agrees(HypothesesFamily(True), hypotheses_points(rng, budget(60)), "directional")


def test_random_floats_are_classified_without_the_exact_engine() -> None:
    """Generic double-valued points: ties between contracts are decided by payoff codes,
    so nothing needs the exact engine (a classifier that re-solved every tie would pass
    the agreement tests and miss the throughput)."""
    rng = np.random.default_rng(6)
    n = 4000
    a, b = rng.uniform(0.5, 1, n), rng.uniform(0.5, 1, n)
    values = {
        "alpha": a, "beta": b, "reward": np.ones(n), "cost": rng.uniform(0.25, 2, n),
        "rho1": a * b, "rho2": np.minimum(a, b), "prior1": np.full(n, 0.5),
        "prior2": np.full(n, 0.5),
    }  # fmt: skip
    columns = classify(build_layout(CorrelationFamily(2)), values)
    assert columns["exact_rechecked"].sum() <= n // 200
    no_train = (columns["no.dominates"] >> 1 & 1) & (columns["train.dominates"] & 1)
    assert no_train.mean() > 0.5  # equivalent on most of the box: ties decided in float
    chosen = columns["unique_irpo_up_to_equivalence"]
    assert ((columns["irpo"] >> np.maximum(chosen, 0) & 1)[chosen >= 0] == 1).all()


def test_ambiguous_maxima_are_not_decided_by_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    """When a contract's best equilibrium for a label is ambiguous (two equilibria
    within the tolerance with different codes), a tie must go to the exact engine: with
    every maximum declared ambiguous, each tie decided by codes becomes a recheck."""
    import dataclasses

    from solvers.sweep import dominance as module

    rng = np.random.default_rng(9)
    n = 300
    a, b = rng.uniform(0.5, 1, n), rng.uniform(0.5, 1, n)
    values = {"alpha": a, "beta": b, "reward": np.ones(n), "cost": rng.uniform(0.25, 2, n),
              "rho1": a * b, "rho2": np.minimum(a, b), "prior1": np.full(n, 0.5),
              "prior2": np.full(n, 0.5)}  # fmt: skip
    layout = build_layout(CorrelationFamily(2))
    plain = classify(layout, values)
    real = module.payoff_codes

    def ambiguous(*args, **kwargs):  # type: ignore[no-untyped-def]
        codes = real(*args, **kwargs)
        flags = [[np.ones_like(x) for x in per_firm] for per_firm in codes.ambiguous]
        return dataclasses.replace(codes, ambiguous=flags)

    monkeypatch.setattr(module, "payoff_codes", ambiguous)
    unsure = classify(layout, values)
    no_train = (plain["no.dominates"] >> 1 & 1) & (plain["train.dominates"] & 1)
    assert plain["exact_rechecked"].sum() == 0 and no_train.sum() > n // 2
    assert unsure["exact_rechecked"][no_train == 1].all()
    for key in plain:
        if key != "exact_rechecked":
            assert np.allclose(plain[key], unsure[key]), key
    # one side ambiguous is enough: only no-sharing's maxima (the first contract's codes)
    calls = []

    def first_ambiguous(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return ambiguous(*args, **kwargs) if len(calls) % len(layout.contracts) == 1 else real(
            *args, **kwargs)  # fmt: skip

    monkeypatch.setattr(module, "payoff_codes", first_ambiguous)
    one_sided = classify(layout, values)
    assert one_sided["exact_rechecked"][no_train == 1].all()


@pytest.mark.parametrize("setting", ["correlation", "correlation alpha=1", "hypotheses"])
def test_a_layout_with_a_smaller_support_sends_other_points_to_the_exact_engine(
    setting: str,
) -> None:
    """A layout read off a point where some masses vanish (alpha = beta with rho = max;
    alpha = 1, where every realization lacks one label; kappa = 0, no label 1 at all)
    must not be trusted where those masses are positive: such points are re-solved
    exactly (or with a layout of their own support), and the answers agree."""
    family: SettingFamily
    rng = np.random.default_rng(8)
    if setting.startswith("correlation"):
        family = CorrelationFamily(2)
        degenerate = {"alpha": Fraction(3, 4), "beta": Fraction(3, 4), "reward": Fraction(1),
                      "cost": Fraction(1, 2), "rho1": Fraction(9, 16), "rho2": Fraction(3, 4),
                      "prior1": Fraction(1, 2), "prior2": Fraction(1, 2)}  # fmt: skip
        if setting.endswith("alpha=1"):
            degenerate.update(alpha=Fraction(1), rho1=Fraction(3, 4))
        points = [
            p
            for p in correlation_points(rng, 40, 2)
            if p["alpha"] != p["beta"] and 0 < p["alpha"] < 1
        ]
    else:
        family = HypothesesFamily(False)
        degenerate = {"prior_i": Fraction(1, 3), "kappa": Fraction(0), "lambda": Fraction(1, 5),
                      "mu": Fraction(1, 4)}  # fmt: skip
        points = [p for p in hypotheses_points(rng, 30) if 0 < p["lambda"] and 0 < p["mu"]]
    small = build_layout(family, "standard", family.environment(degenerate))
    assert small.positive.sum() < build_layout(family).positive.sum()
    values = {name: np.array([float(p[name]) for p in points]) for name in family.parameters}
    columns = classify(small, values, lambda i: family.environment(points[i]))
    # every point differs from the small layout somewhere: each one was re-solved
    # exactly or classified with a layout of its own support, and all agree
    for i, point in enumerate(points):
        expected = expected_row(analyze(family.environment(point), exact=True))
        assert all(columns[k][i] == pytest.approx(v) for k, v in expected.items())


def test_a_mass_that_rounds_to_zero_is_not_taken_for_a_smaller_support() -> None:
    """rho = min(alpha, beta) - 10^-20 with alpha = beta: the mass of (a, b) is 10^-20,
    zero in float, so the float support looks smaller; exactly it is not, and the point
    goes to the exact engine, beside one whose mass is exactly zero (rho at its bound)."""
    tiny = Fraction(1, 10**20)
    seven = Fraction(7, 10)
    points = [{"alpha": seven, "beta": seven, "reward": Fraction(1), "cost": Fraction(c, 4),
               "rho1": seven - gap, "prior1": Fraction(1)}
              for gap in (tiny, Fraction(0)) for c in (3, 5)]  # fmt: skip
    columns = assert_agrees(CorrelationFamily(1), points)
    assert list(columns["exact_rechecked"]) == [1, 1, 0, 0]


def test_masses_a_layout_lacks_must_be_exactly_zero() -> None:
    """Near alpha = 1 (10^-12 away) the masses that vanish at alpha = 1 are tiny but not
    zero: the alpha = 1 layout, which ignores them when it decides ties by payoff codes,
    must not classify those points."""
    family = CorrelationFamily(2)
    one = {"alpha": Fraction(1), "beta": Fraction(3, 4), "reward": Fraction(1),
           "cost": Fraction(1, 2), "rho1": Fraction(3, 4), "rho2": Fraction(3, 4),
           "prior1": Fraction(1, 2), "prior2": Fraction(1, 2)}  # fmt: skip
    small = build_layout(family, "standard", family.environment(one))
    rng = np.random.default_rng(10)
    points = []
    for _ in range(20):
        alpha = 1 - Fraction(1, 10**12)
        beta, cost = (
            Fraction(int(rng.integers(50, 100)), 100),
            Fraction(int(rng.integers(25, 200)), 100),
        )
        points.append({"alpha": alpha, "beta": beta, "reward": Fraction(1), "cost": cost,
                       "rho1": alpha * beta, "rho2": beta, "prior1": Fraction(1, 2),
                       "prior2": Fraction(1, 2)})  # fmt: skip
    values = {name: np.array([float(p[name]) for p in points]) for name in family.parameters}
    columns = classify(small, values, lambda i: family.environment(points[i]))
    assert columns["exact_rechecked"].all()
    generic = classify(build_layout(family), values, lambda i: family.environment(points[i]))
    for key in columns:
        if key != "exact_rechecked":
            assert np.allclose(columns[key], generic[key]), key


def test_analysis_row_encodes_the_worked_case() -> None:
    """MODEL.md section 8: no and train are equivalent and IRPO; firm 1 gets 7/40."""
    from contracts import correlation

    env = correlation("0.8", "0.7", [("0.56", "1/2"), ("0.7", "1/2")])
    row = analysis_row(analyze(env, exact=True))
    assert row["no.u1_min"] == row["no.u1_max"] == 7 / 40
    assert row["irpo"] == 0b0011 and row["unique_irpo_up_to_equivalence"] == 0
    assert row["unique_irpo"] == -1


#: Points of the agreement tests above (generator seed, count, indices) at which Eq. (6)
#: compares a combination of c's equilibria with d's maxima within the tolerance, so
#: that the payoff codes decide the tie (solvers.sweep.dominance._combination_ties):
#: some where the codes agree (an exact tie), some where they do not. The first indices
#: (``alone`` of them) are points with no other tie: the float path decides them alone.
COMBINATION_TIES = {
    "correlation": (1, 2000, [0, 6, 10, 15, 23, 24, 27, 46, 60, 66, 74, 52], 11),
    "plain": (3, 2000, [0, 13, 19, 20, 27, 29], 1),
    "one-sample": (4, 1200, [0, 6, 12, 1, 3, 4, 5, 8, 9, 10, 11], 3),
}


@pytest.mark.parametrize("setting", sorted(COMBINATION_TIES))
def test_ties_between_combinations_are_decided_by_codes_as_the_exact_engine_does(
    setting: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import solvers.sweep.dominance as dominance

    seed, count, chosen, alone = COMBINATION_TIES[setting]
    if setting == "correlation":
        family: SettingFamily = CorrelationFamily(2)
        every = correlation_points(np.random.default_rng(seed), count, worlds=2)
    else:
        family = HypothesesFamily(setting == "one-sample")
        every = hypotheses_points(np.random.default_rng(seed), count)
    decided = []
    ties = dominance._combination_ties

    def spy(*args):  # type: ignore[no-untyped-def]
        out = ties(*args)
        decided.append(out.any(axis=0))
        return out

    monkeypatch.setattr(dominance, "_combination_ties", spy)
    columns = assert_agrees(family, [every[i] for i in chosen])
    # the codes were consulted, found exact ties, and the float path kept its verdicts
    assert decided and np.concatenate(decided).any()
    assert not columns["exact_rechecked"][:alone].any()


def test_blas_is_held_to_one_thread_inside_the_classifier_and_restored_after() -> None:
    threadpoolctl = pytest.importorskip("threadpoolctl")
    from solvers.sweep.batch import one_blas_thread

    def blas_threads() -> dict[str, int]:  # per loaded BLAS library
        return {p["filepath"]: p["num_threads"] for p in threadpoolctl.threadpool_info()
                if p["user_api"] == "blas"}  # fmt: skip

    with threadpoolctl.threadpool_limits(2, user_api="blas"):  # two, even on one core
        before = blas_threads()
        if not any(n > 1 for n in before.values()):
            pytest.skip("no BLAS library here runs more than one thread")
        with one_blas_thread():
            assert set(blas_threads().values()) == {1}
        assert blas_threads() == before
