"""Environment files: a documented JSON format that round-trips exactly.

Format ``predshare-environment/1``::

    {
      "format": "predshare-environment/1",
      "name": "optional description",
      "utility": {"R0": 0, "R1": 1, "C0": 0, "C1": "1511/2000"},
      "labels": {"t1": ["0", "1"], "t2": ["0", "1"], "s1": ["0", "1"], "s2": ["0", "1"]},
      "positive_signals": {"s1": "1", "s2": "1"},
      "worlds": [
        {"name": "w0", "prior": "1/2",
         "training":  [["0", "0", "1/2"], ["1", "1", "1/2"]],
         "inference": [[1, "1", "1", "0.28"], [0, "0", "0", "0.28"], ...]}
      ]
    }

``training`` rows are ``[t1, t2, P_w(t1, t2)]`` and ``inference`` rows are
``[y, s1, s2, P_w(y, s1, s2)]``; absent rows are zero. ``labels`` is optional (labels
are then taken in order of first appearance). ``positive_signals`` is optional: each
firm's signal that goes with ``y = 1``, the first or last of its labels (MODEL.md section
9); without it the readings that need it (patterns, inversion) are undefined. Every
number is a JSON number or an exact string (``"p/q"`` or a decimal); files written by
:func:`save_environment` use exact strings, so loading what was saved gives the identical
environment.
"""

from __future__ import annotations

import json
import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from contracts.environment import Environment
from contracts.limits import MAX_FILE_BYTES, MAX_LABELS, MAX_WORLDS
from contracts.numbers import MAX_DIGITS, fraction_text, parse_decimal, to_fraction
from contracts.utility import Utility

FORMAT = "predshare-environment/1"
_UTILITY_KEYS = ("R0", "R1", "C0", "C1")
_LABEL_KEYS = ("t1", "t2", "s1", "s2")


def _reject_constant(text: str) -> Any:
    raise ValueError(f"environment file: {text} is not allowed: numbers must be finite")


class _JsonFloat(str):
    """A JSON number with a fraction or exponent, kept as its text until its field is known."""


def _json_int(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_DIGITS:
        raise ValueError(
            f"environment file: an integer of {digits} digits: numbers may have at most "
            f"{MAX_DIGITS} digits"
        )
    return int(text)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose keys are distinct (a repeated key would silently win)."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"environment file: key {key!r} appears twice in one object")
        out[key] = value
    return out


def environment_from_json(text: str) -> Environment:
    """Parse the JSON text of an environment file (see module docstring)."""
    try:
        data = json.loads(
            text,
            parse_constant=_reject_constant,
            parse_int=_json_int,
            parse_float=_JsonFloat,
            object_pairs_hook=_no_duplicates,
        )
    except json.JSONDecodeError as error:
        raise ValueError(
            f"environment file: not valid JSON ({error.msg} at line {error.lineno})"
        ) from None
    except RecursionError:
        raise ValueError("environment file: nested too deeply to be an environment") from None
    return environment_from_dict(data)


def _expect(value: Any, kind: type | tuple[type, ...], field: str, what: str) -> Any:
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise ValueError(f"{field} = {_short(value)}: must be {what}")
    return value


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _label(value: Any, field: str) -> str:
    if isinstance(value, (bool, _JsonFloat)) or not isinstance(value, (str, int)):
        raise ValueError(f"{field} = {_short(value)}: must be a label (string or integer)")
    return str(value)


def _number(value: Any, field: str) -> Any:
    """A JSON number (kept a float, so that its table is checked with the float tolerance)
    or an exact string, read as a Fraction; sizes bounded by the number parser."""
    if isinstance(value, _JsonFloat):
        parse_decimal(value, field)  # bounds the digits and exponent first
        return float(value)
    if isinstance(value, float):  # a dict built in Python rather than parsed
        to_fraction(value, field)
        return value
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValueError(f"{field} = {_short(value)}: must be a number or a 'p/q' string")
    return to_fraction(value, field)


def environment_from_dict(data: Any) -> Environment:
    """Build an environment from the decoded JSON object (see module docstring)."""
    _expect(data, dict, "environment", "a JSON object")
    fmt = data.get("format", FORMAT)
    if fmt != FORMAT:
        raise ValueError(f"format = {_short(fmt)}: must be {FORMAT!r}")
    unknown = set(data) - {"format", "name", "utility", "labels", "worlds", "positive_signals"}
    if unknown:
        raise ValueError(
            f"environment has unknown field(s) {sorted(unknown)}: allowed are "
            "format, name, utility, labels, worlds, positive_signals"
        )
    name = _expect(data.get("name", ""), str, "name", "a string")
    utility_data = _expect(data.get("utility"), dict, "utility", "an object with R0, R1, C0, C1")
    missing = [k for k in _UTILITY_KEYS if k not in utility_data]
    extra = sorted(set(utility_data) - set(_UTILITY_KEYS))
    if missing or extra:
        raise ValueError(
            f"utility has keys {sorted(utility_data)}: must have exactly R0, R1, C0, C1"
        )
    utility = Utility(
        *(
            to_fraction(_number(utility_data[k], f"utility.{k}"), f"utility.{k}")
            for k in _UTILITY_KEYS
        )
    )
    labels = None
    if "labels" in data:
        label_data = _expect(data["labels"], dict, "labels", "an object with t1, t2, s1, s2")
        if sorted(label_data) != sorted(_LABEL_KEYS):
            raise ValueError(
                f"labels has keys {sorted(label_data)}: must have exactly t1, t2, s1, s2"
            )
        labels = {}
        for key in _LABEL_KEYS:
            values = _expect(label_data[key], list, f"labels.{key}", "a list of labels")
            if len(values) > MAX_LABELS:
                raise ValueError(
                    f"labels.{key}: {len(values)} labels: at most {MAX_LABELS} per alphabet"
                )
            labels[key] = [_label(v, f"labels.{key}[{i}]") for i, v in enumerate(values)]
    worlds = _expect(data.get("worlds"), list, "worlds", "a non-empty list of worlds")
    if not worlds:
        raise ValueError("worlds = []: must be a non-empty list of worlds")
    if len(worlds) > MAX_WORLDS:
        raise ValueError(f"worlds: {len(worlds)} given: at most {MAX_WORLDS} worlds are supported")
    prior: dict[str, Any] = {}
    training: dict[str, dict[tuple[str, ...], Any]] = {}
    inference: dict[str, dict[tuple[str, ...], Any]] = {}
    for k, world in enumerate(worlds):
        where = f"worlds[{k}]"
        _expect(world, dict, where, "an object with name, prior, training, inference")
        unknown = set(world) - {"name", "prior", "training", "inference"}
        if unknown:
            raise ValueError(
                f"{where} has unknown field(s) {sorted(unknown)}: allowed are "
                "name, prior, training, inference"
            )
        wname = _label(world.get("name", f"w{k}"), f"{where}.name")
        if wname in prior:
            raise ValueError(f"{where}.name = {wname!r}: world names must be distinct")
        if "prior" not in world:
            raise ValueError(f"{where}.prior is missing: every world needs a prior")
        prior[wname] = _number(world["prior"], f"{where}.prior")
        training[wname] = _rows(world.get("training"), 2, f"{where}.training", MAX_LABELS**2)
        inference[wname] = _rows(world.get("inference"), 3, f"{where}.inference", 2 * MAX_LABELS**2)
    for wname, rows in inference.items():
        for y, *_ in rows:
            if y not in ("0", "1"):
                raise ValueError(f"inference of world {wname!r}: label y = {y!r} must be 0 or 1")
    positive = None
    if "positive_signals" in data:
        given = _expect(data["positive_signals"], dict, "positive_signals",
                        'an object {"s1": LABEL, "s2": LABEL}')  # fmt: skip
        if set(given) != {"s1", "s2"}:
            raise ValueError(f"positive_signals has keys {sorted(given)}: must have exactly s1, s2")
        positive = (_label(given["s1"], "positive_signals.s1"),
                    _label(given["s2"], "positive_signals.s2"))  # fmt: skip
    return Environment.from_tables(
        prior=prior,
        training=training,
        inference=inference,
        utility=utility,
        training_labels=(labels["t1"], labels["t2"]) if labels else None,
        signal_labels=(labels["s1"], labels["s2"]) if labels else None,
        name=name,
        positive_signals=positive,
    )


def _rows(value: Any, width: int, field: str, most: int) -> dict[tuple[str, ...], Any]:
    rows = _expect(value, list, field, f"a list of rows [{width} labels..., probability]")
    if len(rows) > most:
        raise ValueError(
            f"{field}: {len(rows)} rows: at most {most} (labels are limited to {MAX_LABELS} "
            "per alphabet)"
        )
    table: dict[tuple[str, ...], Any] = {}
    for i, row in enumerate(rows):
        where = f"{field}[{i}]"
        if not isinstance(row, list) or len(row) != width + 1:
            raise ValueError(
                f"{where} = {_short(row)}: must be a list of {width} labels and a probability"
            )
        key = tuple(_label(v, f"{where}[{j}]") for j, v in enumerate(row[:width]))
        if key in table:
            raise ValueError(f"{where} repeats the key {list(key)}: each key may appear once")
        table[key] = _number(row[width], f"{where}[{width}]")
    return table


def environment_to_dict(environment: Environment) -> dict[str, Any]:
    """The JSON object of an environment, every number as an exact string."""
    env = environment
    t1, t2 = env.training_labels
    s1, s2 = env.signal_labels
    worlds = []
    for w, p, train, infer in zip(env.worlds, env.prior, env.training, env.inference):
        worlds.append(
            {
                "name": w,
                "prior": fraction_text(p),
                "training": [
                    [t1[i], t2[j], fraction_text(train[i][j])]
                    for i in range(len(t1))
                    for j in range(len(t2))
                    if train[i][j] != 0
                ],
                "inference": [
                    [y, s1[i], s2[j], fraction_text(infer[y][i][j])]
                    for y in (0, 1)
                    for i in range(len(s1))
                    for j in range(len(s2))
                    if infer[y][i][j] != 0
                ],
            }
        )
    out: dict[str, Any] = {
        "format": FORMAT,
        "name": env.name,
        "utility": {k: fraction_text(v) for k, v in env.utility.as_dict().items()},
        "labels": {"t1": list(t1), "t2": list(t2), "s1": list(s1), "s2": list(s2)},
    }
    if env.positive_signals is not None:
        out["positive_signals"] = {"s1": env.positive_signals[0], "s2": env.positive_signals[1]}
    out["worlds"] = worlds
    return out


def load_environment(path: str | os.PathLike[str]) -> Environment:
    """Read an environment file; a missing, special, oversized or malformed file is a
    ValueError (see :func:`read_text_file`)."""
    return environment_from_json(read_text_file(path, "environment file"))


def read_text_file(path: str | os.PathLike[str], what: str, limit: int | None = None) -> str:
    """The UTF-8 text of a regular file of at most ``limit`` bytes, or a ValueError.

    Opened without blocking and checked with fstat before reading, so that a FIFO, a
    device such as /dev/zero or a directory is refused at once instead of hanging or
    filling memory.
    """
    name = str(path)
    limit = MAX_FILE_BYTES if limit is None else limit
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK)
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise ValueError(f"{what} {name!r}: cannot be read ({reason})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ValueError(f"{what} {name!r}: is not a regular file")
        if info.st_size > limit:
            raise ValueError(
                f"{what} {name!r}: {info.st_size} bytes: at most {limit} bytes are read"
            )
        chunks = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise ValueError(f"{what} {name!r}: larger than {limit} bytes")
    except OSError as error:
        raise ValueError(f"{what} {name!r}: cannot be read ({error.strerror})") from None
    finally:
        os.close(fd)
    try:
        return b"".join(chunks).decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError(f"{what} {name!r}: is not UTF-8 text") from None


def save_environment(environment: Environment, path: str | os.PathLike[str]) -> None:
    """Write an environment file atomically (see :func:`atomic_output`)."""
    write_text_atomically(path, json.dumps(environment_to_dict(environment), indent=2) + "\n")


def write_text_atomically(path: str | os.PathLike[str], text: str, what: str = "output") -> None:
    """Write ``text`` to ``path`` so that no half-written file is ever left behind."""
    with atomic_output(path, what) as handle:
        handle.write(text.encode("utf-8"))


def output_target(path: str | os.PathLike[str], what: str = "output") -> tuple[Path, bool]:
    """Where an output at ``path`` goes, checked before any work is done: the real path
    (symlinks followed, so that a link is never replaced) and whether it is a character
    device written through (such as /dev/null). Anything else that cannot take a regular
    file is a ValueError naming the path and the reason."""
    name = str(path)
    shown = repr(name) if len(name) <= 80 else repr(name[:77] + "...")
    if not name or "\0" in name:
        raise ValueError(f"{what} path {shown}: must be a non-empty file name")
    target = Path(os.path.realpath(name))
    directory = target.parent
    if not directory.is_dir():
        raise ValueError(f"{what} path {shown}: directory {str(directory)!r} does not exist")
    try:
        longest = os.pathconf(directory, "PC_NAME_MAX")
    except (OSError, ValueError):
        longest = 255
    if len(target.name.encode("utf-8", "surrogateescape")) > longest:
        raise ValueError(f"{what} path {shown}: the file name is longer than {longest} bytes")
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise ValueError(f"{what} path {shown}: cannot be used ({error.strerror})") from None
    if info is not None:
        if stat.S_ISCHR(info.st_mode):
            return target, True
        if stat.S_ISDIR(info.st_mode):
            raise ValueError(f"{what} path {shown}: is a directory")
        if not stat.S_ISREG(info.st_mode):
            raise ValueError(
                f"{what} path {shown}: is a special file (FIFO, socket or block device); "
                "predshare writes regular files and character devices such as /dev/null"
            )
    probe = directory / f".predshare-{secrets.token_hex(6)}.probe"
    try:  # the only reliable test (root, read-only mounts, immutable directories, /proc)
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        os.unlink(probe)
    except OSError as error:
        raise ValueError(
            f"{what} path {shown}: cannot create a file in {str(directory)!r} ({error.strerror})"
        ) from None
    return target, False


def output_folder(path: str | os.PathLike[str], what: str = "output") -> Path:
    """Where an output folder at ``path`` goes (a Parquet dataset, say), checked before
    any work is done: its parent directory exists and takes new entries, and ``path``
    is absent, a directory or a regular file (an earlier output, replaced by --force)."""
    name = str(path)
    shown = repr(name) if len(name) <= 80 else repr(name[:77] + "...")
    if not name or "\0" in name:
        raise ValueError(f"{what} path {shown}: must be a non-empty file name")
    target = Path(os.path.realpath(name))
    try:
        mode = os.stat(target).st_mode
    except OSError:  # absent, or a name that cannot be (too long, say): as a new file
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        return target
    if mode is not None and not stat.S_ISREG(mode):
        raise ValueError(
            f"{what} path {shown}: is a special file; a Parquet table is a folder of files"
        )
    output_target(target, what)  # the parent exists and takes new entries, the name fits
    return target


@contextmanager
def atomic_output(path: str | os.PathLike[str], what: str = "output") -> Iterator[IO[bytes]]:
    """A binary handle whose bytes land at ``path`` only if the block completes.

    Regular files are written to a temporary file in the same directory and renamed into
    place (a replaced file keeps its permissions; a new one gets the usual ones, 0666 less
    the umask); symlinks are followed, never replaced; character devices are written
    through. Any failure, an interrupt included, leaves no temporary file behind and is
    a ValueError naming the path.
    """
    target, device = output_target(path, what)
    name = str(path)
    if device:
        try:
            with open(target, "wb") as handle:
                yield handle
        except OSError as error:
            raise ValueError(f"{what} {name!r}: cannot be written ({error.strerror})") from None
        return
    tmp = target.parent / f".predshare-{secrets.token_hex(6)}.tmp"
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode) if target.exists() else 0o666
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        if target.exists():
            os.chmod(tmp, mode)
    except OSError as error:
        raise ValueError(f"{what} {name!r}: cannot be written ({error.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
        os.replace(tmp, target)
    except OSError as error:
        raise ValueError(f"{what} {name!r}: cannot be written ({error.strerror})") from None
    finally:
        if tmp.exists():
            tmp.unlink()
