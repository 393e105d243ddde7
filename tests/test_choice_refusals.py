"""A value outside a documented set of choices is refused in one line that names the
field, the value and every choice, in the order the README and the docstrings give them
(README, "Errors"). The choices are written out here, not read from the code, so that a
choice dropped, renamed or joined differently fails."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from contracts import Contract, correlation, two_hypotheses
from solvers.analysis.environment import analyze
from solvers.analysis.readings import pick
from solvers.bargaining import bargain
from solvers.bargaining.problem import problem_from_points
from solvers.equilibria.dispatch import check_method
from solvers.equilibria.milp import best_equilibrium_milp
from solvers.game import BayesianGame
from solvers.sweep.plan import sweep_output


def _game() -> BayesianGame:
    env = correlation("3/4", "3/4", [("indep", 1)])
    (component,) = BayesianGame.build(env, Contract.named("no")).subgames
    return component


def _points():  # type: ignore[no-untyped-def]
    return problem_from_points([(1, 0), (0, 1)], (0, 0))


REFUSALS: list[tuple[str, Callable[[], Any], str]] = [
    (
        "contract",
        lambda: Contract.named("model1>2+gift"),
        "contract = 'model1>2+gift': must be one of no, train, infer, full, or distinct "
        "flows from model1>2, model2>1, pred1>2, pred2>1 joined by '+'",
    ),
    (
        "types",
        lambda: two_hypotheses("1/2", "1/5", "3/10", "2/5", samples=2, types="merged"),
        "types = 'merged': must be one of counts, posterior",
    ),
    (
        "pure method",
        lambda: check_method("lemke", "pure"),
        "method = 'lemke': for pure equilibria must be one of enumerate, backtrack, "
        "potential, milp",
    ),
    (
        "mixed method",
        lambda: check_method("milp", "mixed"),
        "method = 'milp': for mixed equilibria must be one of support, lemke",
    ),
    ("kind", lambda: check_method(None, "correlated"), "kind = 'correlated': must be 'pure' or 'mixed'"),
    (
        "objective",
        lambda: best_equilibrium_milp(_game(), "trade"),
        "objective = 'trade': must be one of welfare, firm1, firm2",
    ),
    (
        "reading",
        lambda: pick(analyze(correlation("3/4", "3/4", [("indep", 1)])), "best"),
        "reading = 'best': must be one of welfare, trade-best, trade-worst, aligned-best, "
        "aligned-worst",
    ),
    ("format", lambda: sweep_output("phase.out", "json"), "format = 'json': must be one of parquet, csv"),
    (
        "solution",
        lambda: bargain(_points(), "shapley"),
        "solution = 'shapley': must be one of nash, ks, egalitarian, utilitarian, rubinstein",
    ),
    (
        "bargaining method",
        lambda: bargain(_points(), "nash", method="scipy"),
        "method = 'scipy': must be one of auto, polygon, cvxpy",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("field", "call", "message"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_a_value_outside_the_choices_is_refused_naming_every_choice(
    field: str, call: Callable[[], Any], message: str
) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        call()


def test_each_choice_named_in_a_refusal_is_accepted() -> None:
    """The other side of the boundary: every choice the messages above name is taken."""
    for method in ("enumerate", "backtrack", "potential", "milp"):
        assert check_method(method, "pure") == method
    for method in ("support", "lemke"):
        assert check_method(method, "mixed") == method
    assert (check_method(None, "pure"), check_method(None, "mixed")) == ("enumerate", "support")
    assert sweep_output("phase.out", "csv").format == "csv"
    assert sweep_output("phase.out", "parquet").format == "parquet"
    for flows in ("model1>2", "model2>1+pred1>2", "pred2>1+model1>2"):
        assert Contract.named(flows).name
