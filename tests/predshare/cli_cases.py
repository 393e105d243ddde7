"""Command-line arguments of MODEL.md's worked cases, shared by the CLI tests."""

from predshare.cli import main

CASE_ONE = [
    "correlation",
    "--alpha",
    "0.8",
    "--beta",
    "0.7",
    "--world",
    "0.56:1/2",
    "--world",
    "0.7:1/2",
    "--reward",
    "1",
    "--cost",
    "1",
]
CLAIM_THREE = [
    "correlation",
    "--alpha",
    "1441/2000",
    "--beta",
    "1027/2000",
    "--world",
    "indep:100001/200000",
    "--world",
    "max:99999/200000",
    "--reward",
    "1",
    "--cost",
    "1511/2000",
]
HYPOTHESES = [
    "hypotheses",
    "--prior-i",
    "1/10",
    "--kappa",
    "1/10",
    "--lambda",
    "1/20",
    "--mu",
    "3/10",
]


def run(args, capsys):
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err
