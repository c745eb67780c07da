"""The publishers' app manifest schemas, vendored in tests/data/schemas (origin in its README).

Everything is read from disk: the Slack schema's references to its versioned parts on
raw.githubusercontent.com resolve to the vendored copies, so no test touches the network.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator, Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

SCHEMAS = Path(__file__).parent.parent / "data" / "schemas"
SLACK_PARTS = "https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/"


def _load(name: str) -> Any:
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


@cache
def teams_manifest_validator(version: str) -> Draft4Validator:
    """The Teams app manifest schema for `version` ("1.19"); only the vendored ones exist."""
    schema = _load(f"MicrosoftTeams-{version}.schema.json")
    Draft4Validator.check_schema(schema)
    return Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)


@cache
def slack_manifest_validator() -> Draft7Validator:
    """Slack's published manifest schema: the top level picks the part for _metadata's version."""
    registry: Registry = Registry().with_resources(
        (
            SLACK_PARTS + name,
            Resource.from_contents(_load(f"slack-{name}"), default_specification=DRAFT7),
        )
        for name in ("manifest.schema.1.0.0.json", "manifest.schema.2.0.0.json")
    )
    schema = _load("slack-manifest.schema.json")
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema, registry=registry, format_checker=Draft7Validator.FORMAT_CHECKER)


def problems(validator: Draft4Validator | Draft7Validator, document: Any) -> list[str]:
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(root)'}: {error.message}"
        for error in validator.iter_errors(document)
    ]
