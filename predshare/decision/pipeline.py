"""The lender's decision, end to end (MODEL.md section 11): ``predshare.plan``.

From data (a :class:`~predshare.data.pipeline.DataConfig`): run the data path
(:func:`predshare.data.run_data`) at each train size; at today's size (the first one
listed) price every contract (:mod:`solvers.decision.pricing`), resample the estimated
laws ``resamples`` times and price each resample (:mod:`estimate.resampling`), and
summarize them (:mod:`solvers.decision.robust`); find every cost term's break-even value
(:mod:`solvers.decision.break_even`); size a pilot of the cheapest accepted contract from
its per-loan gains on the held-out stream (:mod:`solvers.decision.pilot`); and lay out
the staged plan on the train-size curve (:mod:`solvers.decision.staging`).

From a model (an :class:`~contracts.Environment`, e.g. a built-in setting): price its
contracts from the engine alone, with break-even values; nothing is resampled and no
pilot is sized.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from contracts import Environment
from contracts.terms import Terms
from solvers.analysis.environment import analyze
from solvers.decision.break_even import BreakEven, break_even
from solvers.decision.pilot import Pilot, pilot
from solvers.decision.pricing import PricedContract, best_proposal, price_all
from solvers.decision.recommend import ContractOutcome, contract_outcomes
from solvers.decision.robust import LEVEL, Robustness, base, proposal_for, robustness
from solvers.decision.staging import Stage, pilot_contract, staged_plan

#: Resamples of the estimated laws by default, and at most.
DEFAULT_RESAMPLES = 100
MAX_RESAMPLES = 10_000

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class PlanConfig:
    """How the decision is made: resamples, the level a recommendation needs, our firm,
    the pilot's confidence and power, and whether fees are proposed."""

    resamples: int = DEFAULT_RESAMPLES
    level: float = LEVEL
    firm: int = 1
    confidence: float = 0.95
    power: float = 0.8
    fees: bool = True

    def __post_init__(self) -> None:
        if isinstance(self.resamples, bool) or not isinstance(self.resamples, int):
            raise ValueError(f"resamples = {self.resamples!r}: must be a whole number")
        if not 10 <= self.resamples <= MAX_RESAMPLES:
            raise ValueError(
                f"resamples = {self.resamples}: must be between 10 and {MAX_RESAMPLES:,}"
            )
        for name in ("level", "confidence", "power"):
            value = getattr(self, name)
            if (
                isinstance(value, bool)
                or not isinstance(value, int | float | Fraction)
                or not (0 < float(value) < 1 or (name == "level" and float(value) == 1))
            ):
                raise ValueError(f"{name} = {value!r}: must be a number in (0, 1)")
            object.__setattr__(self, name, float(value))
        if self.firm not in (1, 2):
            raise ValueError(f"firm = {self.firm!r}: must be 1 or 2")


@dataclass(frozen=True)
class PlanResult:
    """Everything the decision reports (JSON schema ``predshare.plan/1``, README)."""

    source: dict[str, Any]
    config: PlanConfig
    terms: Terms
    outcomes: dict[str, ContractOutcome]
    priced: dict[str, PricedContract]
    robust: Robustness | None
    break_even: list[BreakEven]
    pilot: Pilot | None
    stages: list[Stage]
    curve: dict[int, dict[str, PricedContract]] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    data: Any = field(default=None, repr=False, compare=False)

    @property
    def recommendation(self) -> str:
        """The recommended contract, or ``"undecided"``."""
        if self.robust is None:
            return best_proposal(self.priced)
        return self.robust.recommendation

    @property
    def candidates(self) -> tuple[str, ...]:
        return (self.recommendation,) if self.robust is None else self.robust.candidates

    @property
    def proposal(self) -> str:
        """What to propose now: the recommendation, or the cheapest candidate to start,
        with its fee where the point estimate needs one."""
        if self.robust is None:
            return self.recommendation
        chosen = self.robust.recommendation
        if chosen == "undecided":
            chosen = self.robust.start
        return proposal_for(chosen, self.priced)

    def to_dict(self) -> dict[str, Any]:
        from predshare.decision.report import plan_dict

        return plan_dict(self)

    def to_markdown(self) -> str:
        from predshare.decision.report import plan_markdown

        return plan_markdown(self)

    def to_text(self) -> str:
        from predshare.decision.report import plan_text

        return plan_text(self)

    def to_html(self) -> str:
        from predshare.decision.html import plan_html

        return plan_html(self)

    def partner_html(self) -> str:
        from predshare.decision.html import partner_html

        return partner_html(self)


def _gains(outcomes: dict[str, ContractOutcome]) -> tuple[dict[str, Any], dict[str, Any]]:
    return ({n: o.gain for n, o in outcomes.items()},
            {n: o.accepts for n, o in outcomes.items()})  # fmt: skip


def plan(
    source: Any,
    terms: Terms | None = None,
    config: PlanConfig | None = None,
    progress: Progress | None = None,
) -> PlanResult:
    """The lender's decision from data (a ``DataConfig``) or from a model (an
    ``Environment``); see the module docstring.

    Examples
    --------
    >>> import predshare as ps
    >>> from contracts.terms import terms_from_dict
    >>> env = ps.two_hypotheses("1/10", "1/10", "1/20", "3/10")
    >>> result = plan(env, terms_from_dict({"volume": {"loans_per_month": 1000}}))
    >>> result.recommendation, result.to_dict()["priced"]
    ('infer', False)
    """
    terms = terms if terms is not None else Terms()
    config = config if config is not None else PlanConfig()
    if isinstance(source, Environment):
        return _from_model(source, terms, config)
    from predshare.data.pipeline import DataConfig

    if not isinstance(source, DataConfig):
        raise ValueError(f"source = {type(source).__name__}: must be a DataConfig or an "
                         "Environment")  # fmt: skip
    return _from_data(source, terms, config, progress)


def _from_model(environment: Environment, terms: Terms, config: PlanConfig) -> PlanResult:
    if terms.reward is not None or terms.cost is not None:
        raise ValueError("money: a model's payoffs are already in its own units; set the "
                         "reward and cost in the setting instead")  # fmt: skip
    analysis = analyze(environment, exact=True)
    outcomes = contract_outcomes(analysis)
    gains, accepts = _gains(outcomes)
    priced = price_all(terms, gains, accepts, config.fees)
    stages = staged_plan(terms, 0, {0: priced}, config.firm, None, best_proposal(priced))[:1]
    notes = [
        "priced from the model alone: nothing was resampled, no pilot was sized, and "
        "without a train-size curve no widening is timed"
    ]
    return PlanResult(
        source={"kind": "model", "environment": environment.name},
        config=config,
        terms=terms,
        outcomes=outcomes,
        priced=priced,
        robust=None,
        break_even=break_even(terms, gains, accepts, config.fees),
        pilot=None,
        stages=stages,
        curve={},
        notes=tuple(notes),
    )


def _from_data(data_config: Any, terms: Terms, config: PlanConfig,
               progress: Progress | None) -> PlanResult:  # fmt: skip
    from estimate.resampling import resampled_environments
    from predshare.data.pipeline import run_data
    from predshare.data.validation import per_loan_gains

    if terms.reward is not None:
        data_config = dataclasses.replace(data_config, reward=terms.reward)
    if terms.cost is not None:
        data_config = dataclasses.replace(data_config, cost=terms.cost)
    report = run_data(data_config, progress)
    today = report.results[0]
    dataset = report.dataset
    assert dataset is not None  # run_data keeps the data it loaded
    outcomes = today.recommendation.outcomes
    gains, accepts = _gains(outcomes)
    priced = price_all(terms, gains, accepts, config.fees)
    resampled = []
    environments = resampled_environments(today.estimate, dataset, today.split,
                                          today.firms, config.resamples,
                                          data_config.seed)  # fmt: skip
    for k, environment in enumerate(environments):
        sample = contract_outcomes(analyze(environment, exact=True))
        g, a = _gains(sample)
        resampled.append(price_all(terms, g, a, config.fees))
        if progress is not None:
            progress("resampling", k + 1, config.resamples)
    robust = robustness(priced, resampled, config.level)
    curve = {}
    for result in report.results:
        g, a = _gains(result.recommendation.outcomes)
        curve[result.train_size] = price_all(terms, g, a, config.fees)
    start = robust.recommendation if robust.recommendation != "undecided" else robust.start
    chosen = proposal_for(start, priced) if start != "no" else pilot_contract(priced)
    piloted = None
    if chosen is not None:
        series = per_loan_gains(today.estimate, today.analysis, today.recommendation,
                                dataset, today.split.stream, today.firms,
                                base(chosen))  # fmt: skip
        piloted = pilot(chosen, series[:, config.firm - 1], 1 - config.confidence, config.power,
                        data_config.seed)  # fmt: skip
    notes = []
    if not terms.priced:
        notes.append("no costs were given: every figure is a gross gain, and the ROI is "
                     "undefined")  # fmt: skip
    if len(report.results) == 1:
        notes.append("one train size: give several (--train-sizes) to find when widening pays")
    return PlanResult(
        source={"kind": "data", "dataset": report.data_name, "rows": report.rows,
                "train_sizes": [r.train_size for r in report.results], "today": today.train_size,
                "seed": data_config.seed, "segments": report.segments},
        config=config,
        terms=terms,
        outcomes=outcomes,
        priced=priced,
        robust=robust,
        break_even=break_even(terms, gains, accepts, config.fees),
        pilot=piloted,
        stages=staged_plan(terms, today.train_size, curve, config.firm, piloted, chosen),
        curve=curve,
        notes=tuple(notes),
        data=report,
    )  # fmt: skip
