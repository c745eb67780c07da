"""Read a ward-plan YAML file; every error names the line and the field."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from storage.plans.schema import Problem, WardPlan
from storage.text import clean_text

# libyaml's loader when PyYAML was built with it: a 9,000-ward plan parses in ~7 s, not ~35 s.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class PlanError(ValueError):
    """A plan file that cannot be loaded. The message says where and why."""


def read_plan(path: Path) -> tuple[WardPlan, str]:
    """Parse a plan file; return the plan and a digest of its bytes."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PlanError(f"{path}: cannot read the plan file ({exc.strerror})") from exc
    return parse_plan(raw, name=str(path)), hashlib.sha256(raw).hexdigest()


def parse_plan(raw: bytes | str, *, name: str = "plan") -> WardPlan:
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError as exc:
        raise PlanError(f"{name}: the file is not UTF-8 text (byte {exc.start})") from exc
    try:
        data = yaml.load(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}" if mark else "somewhere"
        raise PlanError(f"{name}, {where}: not valid YAML ({exc.problem})") from exc
    if not isinstance(data, dict):
        raise PlanError(f"{name}: expected a mapping with council, plan_year, themes and wards")
    try:
        plan = WardPlan.model_validate(_cleaned(data))
    except ValidationError as exc:
        raise PlanError(
            _described(text, name, [Problem(tuple(e["loc"]), e["msg"]) for e in exc.errors()])
        ) from exc
    problems = plan.problems()
    if problems:
        raise PlanError(_described(text, name, problems))
    return plan


def _described(text: str, name: str, problems: list[Problem]) -> str:
    node = yaml.compose(text, Loader=yaml.SafeLoader)  # only now: for the line numbers
    return "\n".join(
        f"{name}, line {_line_of(node, where)}, {'.'.join(map(str, where)) or '(top level)'}: "
        f"{message}"
        for where, message in problems
    )


def _cleaned(data: Any) -> Any:
    """Every text in the plan as wardbot keeps text (storage/text.py): a "\\a" in a quoted
    title would otherwise reach a digest, a Board paper and a spreadsheet."""
    if isinstance(data, str):
        return clean_text(data)
    if isinstance(data, dict):
        return {_cleaned(k): _cleaned(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_cleaned(v) for v in data]
    return data


def _line_of(node: yaml.Node | None, loc: tuple[int | str, ...]) -> int:
    """The 1-based line of the YAML node at a pydantic error location (as near as exists)."""
    line = 1
    for part in loc:
        if node is None:
            break
        line = node.start_mark.line + 1
        child: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == part:
                    child = value
                    line = key.start_mark.line + 1
                    break
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value)
        ):
            child = node.value[part]
        node = child
    if node is not None:
        line = node.start_mark.line + 1
    return line
