"""Human-readable tables of a contract analysis."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from contracts import fraction_text

if TYPE_CHECKING:
    from solvers import ContractAnalysis
    from solvers.analysis.readings import Reading
    from solvers.bargaining import BargainingResult
    from solvers.bargaining.problem import BargainingProblem


def format_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], max_width: int | None = None
) -> str:
    """Left-aligned columns separated by two spaces, with a rule under the header. With
    ``max_width``, the widest column is wrapped so that the table fits (if it can).

    >>> print(format_table(["a", "bb"], [["1", "2"], ["333", "4"]]))
    a    bb
    ---  --
    1    2
    333  4
    >>> print(format_table(["k", "text"], [["1", "one two three"]], max_width=10))
    k  text
    -  -------
    1  one two
       three
    """
    cells = [[str(c) for c in r] for r in rows]
    widths = [max(len(str(h)), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]
    total = sum(widths) + 2 * (len(widths) - 1)
    if max_width is not None and total > max_width:
        widest = max(range(len(widths)), key=lambda i: widths[i])
        widths[widest] = max(
            len(str(headers[widest])),
            20 if max_width >= 40 else 1,
            widths[widest] - (total - max_width),
        )
    lines = ["  ".join(str(h).ljust(w) for h, w in zip(headers, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in cells:
        wrapped = [textwrap.wrap(c, w, break_long_words=True) or [""] for c, w in zip(row, widths)]
        for k in range(max(len(part) for part in wrapped)):
            line = [part[k] if k < len(part) else "" for part in wrapped]
            lines.append("  ".join(c.ljust(w) for c, w in zip(line, widths)).rstrip())
    return "\n".join(lines)


def _number(value: Fraction | float, exact: bool) -> str:
    text = f"{float(value):.6f}"
    if (
        exact
        and isinstance(value, Fraction)
        and Fraction(text) != value
        and len(fraction_text(value)) <= 21
    ):
        return f"{text} ({fraction_text(value)})"
    return text


def equilibria_table(analysis: ContractAnalysis) -> str:
    """One row per equilibrium: ex-ante payoffs, the probability of trade (marked
    ``weak`` when the equilibrium is not strict, ``inverted`` per Definition 4.5), and
    interim payoffs where models differ."""
    env = analysis.environment
    observed = [
        [t for t, m in zip(env.training_labels[f], env.training_marginals[f]) if m > 0]
        for f in (0, 1)
    ]
    show_interim = [len(labels) > 1 for labels in observed]
    headers = ["contract", "eq", "cells", "U1", "U2", "trade"]
    for f in (0, 1):
        if show_interim[f]:
            headers.append(f"U{f + 1}(.|t{f + 1}) for t{f + 1} = " + ", ".join(observed[f]))
    rows = []
    for name, solution in analysis.solutions.items():
        cells = "x".join(map(str, solution.game.sizes))
        listed = solution.equilibria(limit=20)
        views = solution.consumer_views(limit=20)
        for k, (eq, view) in enumerate(zip(listed, views), start=1):
            row = [name if k == 1 else "", f"{k}/{solution.count}", cells if k == 1 else ""]
            row += [_number(u, analysis.exact) for u in eq.payoff]
            marks = ("" if view.strict else " weak") + (" inverted" if view.inverted else "")
            row.append(f"{float(view.trade_probability):.6f}{marks}")
            for f in (0, 1):
                if show_interim[f]:
                    row.append(", ".join(f"{float(u):.6f}" for u in eq.interim[f].values()))
            rows.append(row)
        if solution.count > len(listed):
            rows.append(
                ["", f"... {solution.count - len(listed)} more", "", "", "", ""]
                + [""] * sum(show_interim)
            )
    return format_table(headers, rows)


def reading_text(reading: Reading) -> str:
    """A reading (solvers.analysis.readings): the picked equilibrium per contract and the verdicts
    on its payoffs."""
    rows = [
        [
            name,
            str(reading.picked[name] + 1),
            f"{float(reading.payoff[name][0]):.6f}",
            f"{float(reading.payoff[name][1]):.6f}",
            f"{float(reading.consumers[name].trade_probability):.6f}",
            "yes" if name in reading.individually_rational else "-",
            "yes" if name in reading.pareto_optimal else "-",
            "yes" if name in reading.irpo else "-",
        ]
        for name in reading.picked
    ]
    table = format_table(["contract", "eq", "U1", "U2", "trade", "IR", "PO", "IRPO"], rows)
    return f"reading {reading.name}: one equilibrium per contract\n{table}"


def verdicts_table(analysis: ContractAnalysis) -> str:
    """IR / PO / IRPO per contract and the dominance matrix."""
    v = analysis.verdicts
    names = v.names
    yes = {True: "yes", False: "-"}
    ir, po, irpo = set(v.individually_rational), set(v.pareto_optimal), set(v.irpo)
    verdicts = format_table(
        ["contract", "IR", "PO", "IRPO"],
        [[c, yes[c in ir], yes[c in po], yes[c in irpo]] for c in names],
    )

    def mark(c: str, d: str) -> str:
        if c == d:
            return "="
        if v.equivalent(c, d):
            return "~"
        if v.strictly_dominates(c, d):
            return ">"
        return "."

    if len(names) <= 6:
        columns, rows = list(names), list(names)
    else:  # many contracts: number the columns, name the rows
        columns = [str(i) for i in range(1, len(names) + 1)]
        rows = [f"{i:>2} {c}" for i, c in enumerate(names, start=1)]
    matrix = format_table(
        ["dominates ->"] + columns, [[r] + [mark(c, d) for d in names] for r, c in zip(rows, names)]
    )
    unique = v.unique_irpo or "none"
    up_to = v.unique_irpo_up_to_equivalence or "none"
    return (
        f"{verdicts}\n\nunique IRPO: {unique}; unique IRPO up to equivalence: {up_to}\n\n"
        f"{matrix}\n(> strictly dominates, ~ equivalent, . does not dominate; row vs column)"
    )


def analysis_text(analysis: ContractAnalysis) -> str:
    """The full human report of :func:`solvers.analyze`."""
    env = analysis.environment
    arithmetic = "exact (Fractions)" if analysis.exact else "float64 (ties decided exactly)"
    first = next(iter(analysis.solutions.values()))
    found = f"{first.kind} equilibria by {first.method}"
    if not first.complete:
        found += " (not necessarily all of them)"
    head = f"{env.name or 'environment'}\n{env.describe()}; arithmetic: {arithmetic}; {found}"
    notes = [name for name, s in analysis.solutions.items() if s.continuum]
    if notes:
        head += "\ninfinitely many equilibria (extreme points listed) under: " + ", ".join(notes)
    return f"{head}\n\n{equilibria_table(analysis)}\n\n{verdicts_table(analysis)}"


def bargaining_text(problem: BargainingProblem, result: BargainingResult) -> str:
    """Human report of a bargaining solution: payoffs, lottery, transfer, certificate."""

    def show(value: Fraction | float) -> str:
        if isinstance(value, Fraction) and len(fraction_text(value)) <= 21:
            return (
                f"{float(value):.6f} ({fraction_text(value)})"
                if value.denominator != 1
                else fraction_text(value)
            )
        return f"{float(value):.6f}"

    if problem.cap is not None:
        transfers = "capped at " + show(problem.cap)
    else:
        transfers = "yes" if problem.transfers else "no"
    lines = [
        f"{problem.description.get('environment', 'bargaining problem')}",
        f"solution: {result.solution}; method: {result.method} ({result.status}); "
        f"{'interim' if problem.interim else 'ex-ante'} individual rationality; "
        f"transfers: {transfers}",
        "",
        format_table(
            ["", "firm 1", "firm 2"],
            [
                [
                    "disagreement (no sharing)",
                    show(result.disagreement[0]),
                    show(result.disagreement[1]),
                ],
                ["solution", show(result.payoff[0]), show(result.payoff[1])],
            ],
        ),
        "",
        format_table(
            ["outcome (contract#equilibrium)", "probability"],
            [[k, show(p)] for k, p in result.lottery.items()],
        ),
        f"transfer from firm 2 to firm 1: {show(result.transfer)}",
        "",
        "certificate: "
        + "; ".join(f"{k} = {_certificate_text(v)}" for k, v in result.certificate.items()),
    ]
    return "\n".join(lines)


def _certificate_text(value: object) -> str:
    if isinstance(value, Fraction):
        return f"{float(value):.3g}" if value else "0"
    if isinstance(value, float):
        return f"{value:.3g}"
    if isinstance(value, tuple):
        return "(" + ", ".join(_certificate_text(v) for v in value) + ")"
    return str(value)
