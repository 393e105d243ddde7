"""What sharing costs each firm, in money (MODEL.md section 11).

Per firm and per sharing act (give a model, receive a model, give predictions, receive
predictions): a one-time setup cost, a running cost per month and a cost per shared
prediction; the IP risk of giving a model and of giving predictions (a yearly
probability of loss times the value at stake); the volume (decisions per month), the
horizon in months and an optional yearly discount rate; each firm's labelled loans per
month; and, for data runs, the money a granted loan earns when repaid and loses when not.

A contract's cost to a firm is the sum over the acts it performs (:func:`acts`);
no-sharing costs nothing. Every number is exact (Fractions); with a discount rate the
months are weighted by ``(1 + r)^(-m/12)`` and the sums are floats.

Terms come from a TOML file (:func:`terms_from_toml`, the format in the README) or a
mapping of the same shape (:func:`terms_from_dict`), and are validated at construction:
a negative, NaN or infinite amount, a probability outside [0, 1], an unknown act or key,
a horizon outside 1..600 months, or a volume past the limits below is a ValueError that
names the field, the value and the rule.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from contracts.contract import FLOWS, Contract
from contracts.numbers import to_fraction

#: The four sharing acts, as keys of a firm's terms.
ACTS = ("give_model", "receive_model", "give_predictions", "receive_predictions")
#: The three kinds of cost of an act.
KINDS = ("setup", "monthly", "per_prediction")
#: Longest horizon, in months (50 years).
MAX_HORIZON = 600
#: Most decisions per month.
MAX_VOLUME = 10**9
#: Largest amount of money in any one field.
MAX_MONEY = 10**15
#: Largest yearly discount rate.
MAX_DISCOUNT = 10
#: Most labelled loans a firm gains per month.
MAX_GROWTH = 10**9
#: Largest terms file read, in bytes.
MAX_TERMS_BYTES = 1 << 20


def _amount(value: Any, name: str, limit: int = MAX_MONEY) -> Fraction:
    """A nonnegative, finite amount at most ``limit`` (exact)."""
    if isinstance(value, bool):
        raise ValueError(f"{name} = {value!r}: must be a number")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{name} = {value!r}: must be a finite number")
        value = repr(value)
    number = to_fraction(value, name)
    if number < 0:
        raise ValueError(f"{name} = {value}: must be nonnegative")
    if number > limit:
        raise ValueError(f"{name} = {value}: must be at most {limit:,}")
    return number


@dataclass(frozen=True)
class ActCost:
    """The cost of one sharing act to one firm: once, per month, per shared prediction."""

    setup: Fraction = Fraction(0)
    monthly: Fraction = Fraction(0)
    per_prediction: Fraction = Fraction(0)

    @property
    def zero(self) -> bool:
        return not (self.setup or self.monthly or self.per_prediction)


@dataclass(frozen=True)
class IPRisk:
    """A yearly probability of losing ``value`` (the expected yearly loss is their
    product)."""

    probability: Fraction = Fraction(0)
    value: Fraction = Fraction(0)

    @property
    def yearly_loss(self) -> Fraction:
        return self.probability * self.value


@dataclass(frozen=True)
class FirmTerms:
    """One firm's costs: per act, the IP risk of giving a model and of giving predictions,
    and its labelled loans per month."""

    acts: dict[str, ActCost] = field(default_factory=lambda: {a: ActCost() for a in ACTS})
    ip_model: IPRisk = IPRisk()
    ip_predictions: IPRisk = IPRisk()
    labelled_per_month: Fraction = Fraction(0)


@dataclass(frozen=True)
class CostBreakdown:
    """A contract's cost to one firm over the horizon, by term (money)."""

    setup: Fraction | float
    running: Fraction | float
    per_prediction: Fraction | float
    ip_risk: Fraction | float

    @property
    def total(self) -> Fraction | float:
        return self.setup + self.running + self.per_prediction + self.ip_risk

    def to_dict(self) -> dict[str, float]:
        return {
            "setup": float(self.setup),
            "running": float(self.running),
            "per_prediction": float(self.per_prediction),
            "ip_risk": float(self.ip_risk),
            "total": float(self.total),
        }


def acts(contract: Contract, firm: int) -> tuple[str, ...]:
    """The acts firm 1 or 2 performs under ``contract`` (MODEL.md section 11).

    >>> acts(Contract.named("infer"), 1)
    ('give_predictions', 'receive_predictions')
    >>> acts(Contract.named("model1>2"), 2)
    ('receive_model',)
    """
    if firm not in (1, 2):
        raise ValueError(f"firm = {firm!r}: must be 1 or 2")
    flows = dict(zip(FLOWS, contract.flags))
    me, other = str(firm), str(3 - firm)
    done = {
        "give_model": flows[f"model{me}>{other}"],
        "receive_model": flows[f"model{other}>{me}"],
        "give_predictions": flows[f"pred{me}>{other}"],
        "receive_predictions": flows[f"pred{other}>{me}"],
    }
    return tuple(a for a in ACTS if done[a])


@dataclass(frozen=True)
class Terms:
    """Costs, IP risk, volume and horizon of a sharing decision (module docstring).

    >>> t = terms_from_dict({"volume": {"loans_per_month": 100, "horizon_months": 12},
    ...                      "firm1": {"give_predictions": {"setup": 500, "monthly": 10}}})
    >>> c = t.contract_costs(Contract.named("infer"), 1)
    >>> (c.setup, c.running, t.loans)
    (Fraction(500, 1), Fraction(120, 1), Fraction(1200, 1))
    """

    firms: tuple[FirmTerms, FirmTerms] = (FirmTerms(), FirmTerms())
    volume: int = 10_000
    horizon: int = 12
    discount: Fraction = Fraction(0)
    reward: Fraction | None = None
    cost: Fraction | None = None

    def __post_init__(self) -> None:
        if isinstance(self.volume, bool) or not isinstance(self.volume, int):
            raise ValueError(f"volume.loans_per_month = {self.volume!r}: must be a whole number")
        if not 1 <= self.volume <= MAX_VOLUME:
            raise ValueError(
                f"volume.loans_per_month = {self.volume}: must be between 1 and {MAX_VOLUME:,}"
            )
        if isinstance(self.horizon, bool) or not isinstance(self.horizon, int):
            raise ValueError(f"volume.horizon_months = {self.horizon!r}: must be a whole number")
        if not 1 <= self.horizon <= MAX_HORIZON:
            raise ValueError(
                f"volume.horizon_months = {self.horizon}: must be between 1 and {MAX_HORIZON}"
            )
        object.__setattr__(
            self, "discount", _amount(self.discount, "volume.discount_rate", MAX_DISCOUNT)
        )
        for key in ("reward", "cost"):
            if getattr(self, key) is not None:
                object.__setattr__(self, key, _amount(getattr(self, key), f"money.{key}"))

    @property
    def priced(self) -> bool:
        """Whether any cost or IP risk was given."""
        return any(
            not cost.zero for firm in self.firms for cost in firm.acts.values()
        ) or any(firm.ip_model.yearly_loss or firm.ip_predictions.yearly_loss
                 for firm in self.firms)  # fmt: skip

    def months(self, upto: int | None = None) -> Fraction | float:
        """The (discounted) number of months from month 1 to ``upto`` (default: the
        horizon): ``sum_m (1 + r)^(-m/12)``, exactly ``upto`` without discount."""
        last = self.horizon if upto is None else upto
        if not self.discount:
            return Fraction(last)
        factor = (1 + float(self.discount)) ** (-1 / 12)
        return sum(factor**m for m in range(1, last + 1))

    @property
    def loans(self) -> Fraction | float:
        """Decisions over the horizon (discounted): volume times :meth:`months`."""
        return self.volume * self.months()

    @staticmethod
    def ip_loss(done: tuple[str, ...], terms: FirmTerms) -> Fraction:
        """The yearly expected IP loss of the acts ``done``."""
        loss = Fraction(0)
        if "give_model" in done:
            loss += terms.ip_model.yearly_loss
        if "give_predictions" in done:
            loss += terms.ip_predictions.yearly_loss
        return loss

    def contract_costs(self, contract: Contract, firm: int) -> CostBreakdown:
        """The contract's cost to firm 1 or 2 over the horizon, by term."""
        terms = self.firms[firm - 1]
        done = acts(contract, firm)
        months = self.months()
        return CostBreakdown(
            setup=sum((terms.acts[a].setup for a in done), Fraction(0)),
            running=sum((terms.acts[a].monthly for a in done), Fraction(0)) * months,
            per_prediction=sum((terms.acts[a].per_prediction for a in done), Fraction(0))
            * self.volume
            * months,
            ip_risk=self.ip_loss(done, terms) * months / 12,
        )

    def to_dict(self) -> dict[str, Any]:
        """The terms as the mapping :func:`terms_from_dict` reads (numbers as floats)."""
        out: dict[str, Any] = {
            "volume": {"loans_per_month": self.volume, "horizon_months": self.horizon,
                       "discount_rate": float(self.discount)},
        }  # fmt: skip
        if self.reward is not None or self.cost is not None:
            out["money"] = {k: float(v) for k, v in (("reward", self.reward),
                            ("cost", self.cost)) if v is not None}  # fmt: skip
        for k, firm in enumerate(self.firms, start=1):
            entry: dict[str, Any] = {"labelled_per_month": float(firm.labelled_per_month)}
            for act, cost in firm.acts.items():
                entry[act] = {kind: float(getattr(cost, kind)) for kind in KINDS}
            entry["ip_risk"] = {
                name: {"probability": float(r.probability), "value": float(r.value)}
                for name, r in (("model", firm.ip_model), ("predictions", firm.ip_predictions))
            }
            out[f"firm{k}"] = entry
        return out


def _table(value: Any, name: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"{name} = {value!r}: must be a table")
    return value


def _known(table: dict[str, Any], keys: tuple[str, ...], name: str) -> None:
    unknown = sorted(set(table) - set(keys))
    if unknown:
        where = f"{name}." if name else ""
        raise ValueError(
            f"{where}{unknown[0]}: unknown {'act or key' if name.startswith('firm') else 'key'}; "
            f"must be one of {', '.join(keys)}"
        )


def _whole(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} = {value!r}: must be a whole number")
    return value


def _firm(data: Any, name: str) -> FirmTerms:
    table = _table(data, name)
    _known(table, (*ACTS, "ip_risk", "labelled_per_month"), name)
    costs = {}
    for act in ACTS:
        entry = _table(table.get(act, {}), f"{name}.{act}")
        _known(entry, KINDS, f"{name}.{act}")
        costs[act] = ActCost(*(_amount(entry.get(k, 0), f"{name}.{act}.{k}") for k in KINDS))
    risks = _table(table.get("ip_risk", {}), f"{name}.ip_risk")
    _known(risks, ("model", "predictions"), f"{name}.ip_risk")
    parsed = []
    for kind in ("model", "predictions"):
        entry = _table(risks.get(kind, {}), f"{name}.ip_risk.{kind}")
        _known(entry, ("probability", "value"), f"{name}.ip_risk.{kind}")
        probability = _amount(entry.get("probability", 0), f"{name}.ip_risk.{kind}.probability")
        if probability > 1:
            raise ValueError(
                f"{name}.ip_risk.{kind}.probability = {entry['probability']}: must be a "
                "probability in [0, 1]"
            )
        parsed.append(IPRisk(probability, _amount(entry.get("value", 0),
                                                  f"{name}.ip_risk.{kind}.value")))  # fmt: skip
    growth = _amount(table.get("labelled_per_month", 0), f"{name}.labelled_per_month", MAX_GROWTH)
    return FirmTerms(costs, parsed[0], parsed[1], growth)


def terms_from_dict(data: Any) -> Terms:
    """Terms from a mapping shaped like the TOML file (module docstring, README)."""
    table = _table(data, "terms")
    _known(table, ("volume", "money", "firm1", "firm2"), "")
    volume = _table(table.get("volume", {}), "volume")
    _known(volume, ("loans_per_month", "horizon_months", "discount_rate"), "volume")
    money = _table(table.get("money", {}), "money")
    _known(money, ("reward", "cost"), "money")
    return Terms(
        firms=(_firm(table.get("firm1", {}), "firm1"), _firm(table.get("firm2", {}), "firm2")),
        volume=_whole(volume.get("loans_per_month", 10_000), "volume.loans_per_month"),
        horizon=_whole(volume.get("horizon_months", 12), "volume.horizon_months"),
        discount=volume.get("discount_rate", 0),
        reward=money.get("reward"),
        cost=money.get("cost"),
    )


def _toml_table(text: str, name: str) -> dict[str, Any]:
    """The table of TOML text (a duplicate key is refused by the TOML parser)."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"{name}: not valid TOML ({error})") from None


def terms_from_toml(text: str, name: str = "terms") -> Terms:
    """Terms from TOML text (a duplicate key is refused by the TOML parser)."""
    return terms_from_dict(_toml_table(text, name))


def terms_table(path: str) -> dict[str, Any]:
    """The raw table of a terms file (at most ``MAX_TERMS_BYTES``), before validation:
    for callers that add terms of their own before :func:`terms_from_dict`."""
    from contracts.files import read_text_file

    return _toml_table(read_text_file(path, "--terms", MAX_TERMS_BYTES), f"--terms {path!r}")


def load_terms(path: str) -> Terms:
    """Terms from a TOML file (at most ``MAX_TERMS_BYTES``)."""
    return terms_from_dict(terms_table(path))
