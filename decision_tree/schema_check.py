"""Check tree data against ``schema.json`` and say what is wrong in plain English.

``schema.json`` (JSON Schema draft-07) is the one source of truth for the
shape of a tree: which keys exist, their types, the id pattern, http(s)-only
URLs, the 'multiple: true' rules. This module runs ``jsonschema``'s
Draft7Validator and rewords each error from its validator keyword and schema
path ("question 'q' has no 'options'"), locating it at the offending node, or
at the id key when the error is about a whole question or outcome.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator
from jsonschema.exceptions import ValidationError, best_match

from .model import slugify
from .wording import describe, did_you_mean, kind_of
from .yaml_source import DataPath, Problem, Source

SCHEMA_PATH = Path(__file__).parent / "schema.json"
CATALOGUE_SCHEMA_PATH = Path(__file__).parent / "models.schema.json"
"""The schema of the model catalogue's files (models and licences)."""

_SCHEMAS = {"tree": SCHEMA_PATH, "catalogue": CATALOGUE_SCHEMA_PATH}
_TOP_HINTS = {
    "tree": "a tree starts with 'version: 1', then id, title, start, questions, outcomes",
    "catalogue": "a catalogue file starts with 'version: 1', then 'models:' (a list) "
    "and/or 'licences:'",
}

_TYPE_NAMES = {
    "string": "text",
    "object": "a mapping of keys to values",
    "array": "a list",
    "boolean": "true or false",
    "integer": "a whole number",
    "number": "a number",
}
_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]*):")


@functools.cache
def schema(kind: str = "tree") -> dict[str, Any]:
    """Return the parsed schema of *kind*: ``tree`` (``schema.json``) or ``catalogue``."""
    loaded: dict[str, Any] = json.loads(_SCHEMAS[kind].read_text(encoding="utf-8"))
    return loaded


@functools.cache
def _validator(kind: str) -> Draft7Validator:
    Draft7Validator.check_schema(schema(kind))
    return Draft7Validator(schema(kind))


# Keywords that fastjsonschema and jsonschema decide alike for any data. Under
# 'not', 'if' and 'oneOf' a keyword that fastjsonschema decides more strictly
# (it reads '$' in a pattern as the very end of the text) could turn "invalid"
# into "valid", so the fast validator is only used while these are all that
# appear there.
_EXACT_KEYWORDS = frozenset(
    {
        "$ref", "additionalProperties", "allOf", "anyOf", "const", "description", "else",
        "enum", "exclusiveMaximum", "exclusiveMinimum", "if", "items", "markdownDescription",
        "maxItems", "maximum", "maxProperties", "minItems", "minimum", "minProperties", "not",
        "oneOf", "properties", "required", "then", "title", "type",
    }
)  # fmt: skip


def _exact_under_negation(definition: dict[str, Any]) -> bool:
    """Return whether only :data:`_EXACT_KEYWORDS` appear under 'not', 'if' and 'oneOf'."""
    definitions = definition.get("definitions", {})

    def exact(node: Any, negated: bool, seen: frozenset[str]) -> bool:
        if isinstance(node, list):
            return all(exact(item, negated, seen) for item in node)
        if not isinstance(node, dict):
            return True
        if negated and not set(node) <= _EXACT_KEYWORDS:
            return False
        ref = node.get("$ref")
        if negated and isinstance(ref, str) and ref not in seen:
            target = definitions.get(ref.rsplit("/", 1)[-1])
            if not exact(target, negated, seen | {ref}):
                return False
        return all(
            all(exact(sub, negated, seen) for sub in value.values())
            if key in ("properties", "definitions") and isinstance(value, dict)
            else exact(value, negated or key in ("not", "if", "oneOf"), seen)
            for key, value in node.items()
            if key not in ("description", "markdownDescription", "title", "const", "enum")
        )

    return exact(definition, False, frozenset())


@functools.cache
def _fast_validator(kind: str) -> Callable[[Any], Any] | None:
    """Return fastjsonschema's compiled validator for *kind*, or None to use jsonschema alone.

    It only says whether data is valid, much faster than jsonschema for a big
    file; the located messages always come from jsonschema's errors.
    """
    try:
        import fastjsonschema  # optional: without it, jsonschema does it all
    except ImportError:
        return None
    definition = schema(kind)
    if not _exact_under_negation(definition):
        return None
    try:
        validate: Callable[[Any], Any] = fastjsonschema.compile(
            definition, use_default=False, use_formats=False
        )
    except Exception:
        return None
    return validate


def known_valid(data: Any, kind: str = "tree") -> bool:
    """Return True if the fast validator finds *data* valid against the schema of *kind*.

    False means invalid, or not known (no fast validator): then jsonschema decides.
    """
    validate = _fast_validator(kind)
    if validate is None:
        return False
    try:
        validate(data)
    except Exception:
        return False
    return True


def check_schema(source: Source, kind: str = "tree") -> list[Problem]:
    """Return a located problem for each way ``source.data`` breaks the schema of *kind*.

    Valid data, the common case, is recognised by a fast compiled validator
    (``fastjsonschema``, when installed); otherwise jsonschema lists the errors.
    """
    if known_valid(source.data, kind):
        return []
    problems: list[Problem] = []
    for error in _validator(kind).iter_errors(source.data):
        path = tuple(error.absolute_path)
        if any(path[:end] in source.unread for end in range(len(path) + 1)):
            continue  # already reported while reading (an alias)
        problems.extend(_reword(_narrow(error), source, kind))
    return problems


def _narrow(error: ValidationError) -> ValidationError:
    """For anyOf/oneOf errors, pick the sub-error that names the real problem."""
    while error.context:
        found = best_match(error.context)
        if found is None:
            break
        error = found
    return error


def _definition(name: str, kind: str = "tree") -> dict[str, Any]:
    found: dict[str, Any] = schema(kind)["definitions"].get(name, {})
    return found


def _reword(error: ValidationError, source: Source, kind: str = "tree") -> list[Problem]:
    """Turn one validation error into one or more located problems."""
    path: DataPath = tuple(error.absolute_path)
    schema_path = list(error.absolute_schema_path)
    keyword = error.validator
    # jsonschema types these loosely; they are plain JSON values here.
    instance: Any = error.instance
    expected: Any = error.validator_value
    subschema: Any = error.schema
    what = describe(path)
    branch = "then" if "then" in schema_path else "else" if "else" in schema_path else None

    def at_key(where: DataPath, message: str, hint: str | None = None) -> Problem:
        line, column = source.where_key(where)
        return Problem(line, column, message, hint)

    def at_value(message: str, hint: str | None = None) -> Problem:
        line, column = source.where(path)
        return Problem(line, column, message, hint)

    if keyword == "required":
        present = instance if isinstance(instance, dict) else {}
        # An option with 'next' where 'adds' belongs (or the reverse) gets one
        # error, from the 'not' rule that says which key to use.
        swapped = {"adds": "next", "next": "adds"}
        return [
            at_key(path, *_missing(path, name, branch))
            for name in expected
            if name not in present and not (branch and swapped.get(name) in present)
        ]
    if keyword == "additionalProperties":
        allowed = set(subschema.get("properties", {}))
        return [
            at_key(
                (*path, name),
                f"unknown key '{name}' in {what}",
                did_you_mean(name, allowed) or "allowed keys: " + ", ".join(sorted(allowed)),
            )
            for name in instance
            if name not in allowed
        ]
    if keyword == "not":
        (name,) = expected.get("required", ["?"])
        return [at_key((*path, name), *_forbidden(path, name, branch))]
    if "propertyNames" in schema_path:
        name = str(instance)
        return [at_key((*path, name), *_bad_id(f"the id '{name}'", name))]
    if keyword == "type":
        return [at_value(*_wrong_type(path, error, source, kind))]
    if keyword == "const":
        raw = source.raw.get(path, repr(instance))
        return [at_value(f"{what} must be {expected}, not {raw}", _CONST_HINT)]
    if keyword == "pattern":
        return [at_value(*_bad_pattern(path, error, kind))]
    if keyword == "enum":
        allowed_values = [str(v) for v in expected]
        return [
            at_value(
                f"{what} is '{instance}', which is not one of: {', '.join(allowed_values)}",
                did_you_mean(str(instance), allowed_values),
            )
        ]
    return [at_value(*_sizes(path, error))]


_CONST_HINT = "1 is the only version of the tree format"


def _missing(path: DataPath, name: str, branch: str | None) -> tuple[str, str | None]:
    what = describe(path)
    if name == "next" and branch == "then":
        return (
            f"{what} has 'multiple: true' but no 'next'",
            "add 'next: <id>' to the question: where readers go once they have ticked",
        )
    if name == "adds" and branch == "then":
        return (
            f"{what} has no 'adds'",
            "each option of a 'multiple: true' question names the outcome it adds: adds: <id>",
        )
    if name == "next" and branch == "else":
        return (f"{what} has no 'next'", "say where this answer leads: next: <id>")
    if name == "resources":
        return (f"{what} has no 'resources'", "add at least one further-reading link")
    return (f"{what} has no '{name}'", None)


def _forbidden(path: DataPath, name: str, branch: str | None) -> tuple[str, str | None]:
    if name == "next" and branch == "then":
        return ("'next' is not allowed in a 'multiple: true' question's option; use 'adds'", None)
    if name == "adds":
        return (
            "'adds' is only allowed in a 'multiple: true' question's option; use 'next'",
            "or add 'multiple: true' to the question",
        )
    if name == "next":
        return (
            f"'next' on {describe(path)} needs 'multiple: true'; "
            "otherwise each option has its own 'next'",
            None,
        )
    return (f"'{name}' is not allowed in {describe(path)}", None)


def _bad_id(what: str, value: str) -> tuple[str, str]:
    """Word a bad id; *what* reads "the id 'x'" or "'start' is 'x', which"."""
    suggestion = slugify(value)
    example = f", e.g. '{suggestion}'" if suggestion and suggestion != value else ""
    return (
        f"{what} is not a valid id",
        f"ids use lowercase letters a-z, digits and single hyphens{example}",
    )


def _wrong_type(
    path: DataPath, error: ValidationError, source: Source, kind: str = "tree"
) -> tuple[str, str | None]:
    expected: Any = error.validator_value
    names = [expected] if isinstance(expected, str) else list(expected)
    wanted = " or ".join(_TYPE_NAMES.get(name, name) for name in names)
    actual = kind_of(error.instance)
    if not path:
        return (
            f"the file must be a mapping of keys to values at the top level, not {actual}",
            _TOP_HINTS[kind],
        )
    message = f"{describe(path)} must be {wanted}, not {actual}"
    raw = source.raw.get(path)
    if "string" in names and raw is not None:
        field = f"{path[-1]}: " if isinstance(path[-1], str) else "- "
        hint = f'put it in quotes: {field}"{raw}" (YAML reads unquoted {raw} as {actual})'
        return (message, hint if raw else "write the text after the colon")
    return (message, None)


def _bad_pattern(
    path: DataPath, error: ValidationError, kind: str = "tree"
) -> tuple[str, str | None]:
    pattern = error.validator_value
    value = str(error.instance)
    what = describe(path)
    if kind == "catalogue":
        return _bad_catalogue_pattern(what, value, str(pattern))
    if pattern == _definition("slug")["pattern"]:
        return _bad_id(f"{what} is '{value}', which", value)
    if pattern == _definition("url")["pattern"]:
        scheme = _SCHEME.match(value)
        if scheme and scheme.group(1).lower() not in ("http", "https"):
            return (
                f"{what} uses the '{scheme.group(1)}:' scheme; only http:// and https:// "
                "addresses are allowed",
                None,
            )
        if scheme:
            return (
                f"{what} is '{value}', which is not a valid web address",
                "remove spaces, quotes and angle brackets",
            )
        return (f"{what} is '{value}', which is not a full web address", "start it with https://")
    if pattern == _definition("text")["pattern"]:
        return (f"{what} is blank", None)
    if len(path) >= 2 and path[-2] == "models":
        return (
            f"{what} is '{value}', which is not a model id",
            "use the id of a catalogued model, e.g. qwen3-8b (see decision_tree/models/)",
        )
    if path and path[-1] == "guide":
        return (
            f"{what} is '{value}', which is not a page path inside the docs folder",
            "give the path relative to docs/, ending in .md, e.g. model-types/base-models.md",
        )
    return (f"{what} is '{value}', which does not match the pattern {pattern}", None)


def _sizes(path: DataPath, error: ValidationError) -> tuple[str, str | None]:
    """Word the size keywords (minItems, maxLength ...) and anything left."""
    what = describe(path)
    keyword = error.validator
    limit: Any = error.validator_value
    instance: Any = error.instance
    if keyword == "minItems" and path and path[-1] == "options":
        owner = describe(path[:-1])
        return (f"{owner} has no options", "add at least one option with a label")
    if keyword == "minItems" and path and path[-1] == "resources":
        owner = describe(path[:-1])
        return (f"{owner} has no resources", "add at least one further-reading link")
    if keyword in ("minItems", "minProperties", "minLength"):
        return (f"{what} is empty", None)
    if keyword == "maxItems":
        return (f"{what} has {len(instance)} items; at most {limit} are allowed", None)
    if keyword == "maxLength":
        return (f"{what} is longer than {limit} characters", None)
    if keyword == "uniqueItems":
        return (f"{what} lists the same id twice", None)
    return (f"{what}: {error.message}", None)


_CATALOGUE_PATTERNS = {
    "id": (
        "is not a valid id",
        "ids use lowercase letters, digits and single '-' or '.' between them, "
        "normally the repository name in lowercase (Qwen/Qwen3-8B -> qwen3-8b)",
    ),
    "https": ("is not an https:// address", "sources and licence texts are https:// addresses"),
    "month": ("is not a month", "write the release month as YYYY-MM, e.g. 2026-04"),
    "date": ("is not a date", "write the date as YYYY-MM-DD, e.g. 2026-12-03"),
    "text": ("is blank", None),
}


def _bad_catalogue_pattern(what: str, value: str, pattern: str) -> tuple[str, str | None]:
    for name, (problem, hint) in _CATALOGUE_PATTERNS.items():
        if pattern == _definition(name, "catalogue").get("pattern"):
            return (f"{what} is '{value}', which {problem}", hint)
    if "/" in pattern:
        return (
            f"{what} is '{value}', which is not a Hugging Face repository",
            "write it exactly as on the Hub: owner/name, e.g. Qwen/Qwen3-8B",
        )
    return (f"{what} is '{value}', which does not match the pattern {pattern}", None)
