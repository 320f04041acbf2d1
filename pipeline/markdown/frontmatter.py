"""A Markdown article's YAML front matter: its data, and where its text fields are.

Rules:

- Read by PyYAML's safe loader (libyaml when there is one: linear time, and
  it refuses nesting deeper than 1,000 levels).
- Every problem is a ``SourceError`` with the line in the file: YAML that
  does not parse; YAML aliases (``*name``: a few lines can expand into
  gigabytes, and a front matter needs none); nesting too deep; a value YAML
  parses but cannot build (``date: 2026-13-45``, ``date: 2026-02-30``,
  ``!!float "abc"``, ``!!bool maybe``), for which PyYAML raises whatever
  ``datetime`` or ``float`` raised and says nowhere where; a front matter
  that is not a mapping.
- The text fields asked for are the string values of those keys, with where
  each value's source text starts and ends, so that a translation can be put
  in its place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from pipeline.errors import SourceError

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml when PyYAML has it: linear time, and it refuses nesting deeper than 1,000 levels
(the pure-Python scanner is quadratic in flow nesting: ``[[[[``… takes minutes)."""
_KINDS = {"timestamp": "a date", "float": "a number", "int": "a whole number",
          "bool": "true or false", "binary": "base64 data", "null": "null"}
"""What a value of each YAML tag should be, in words."""


@dataclass(frozen=True)
class TextField:
    """A string value of a text field: its text, line, and span in the front matter's body."""

    key: str
    text: str
    line: int
    start: int
    end: int


@dataclass
class FrontMatter:
    """What the front matter holds."""

    data: dict[str, object] = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict)
    """The line of each key in the file."""
    fields: list[TextField] = field(default_factory=list)
    """The text fields asked for, in order."""


def read_front_matter(body: str, path: Path, text_fields: tuple[str, ...]) -> FrontMatter:
    """The front matter whose YAML is ``body`` (what is between the ``---`` lines, the first
    of which is line 1 of ``path``)."""
    node: yaml.Node | None = None
    try:
        _refuse_aliases(path, body)
        node = yaml.compose(body, Loader=_YAML_LOADER)
        data = yaml.load(body, Loader=_YAML_LOADER)  # noqa: S506 - a safe loader
    except SourceError:
        raise
    except RecursionError:
        raise SourceError(path, "front matter is nested too deeply", 2) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        last = max(0, len(body.splitlines()) - 1)
        line = (min(mark.line, last) + 2) if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise SourceError(path, f"front matter is not valid YAML: {problem}", line) from exc
    except Exception:  # noqa: BLE001 - a value PyYAML parses but cannot build
        raise _unbuildable(path, node) from None
    matter = FrontMatter()
    if data is None:
        return matter
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise SourceError(path, "front matter must be a YAML mapping (key: value lines)", 2)
    matter.data = data
    for key_node, value_node in node.value:
        key = key_node.value
        if isinstance(key, str):
            matter.key_lines.setdefault(key, key_node.start_mark.line + 2)
        if key not in text_fields or not isinstance(value_node, yaml.ScalarNode):
            continue
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            matter.fields.append(TextField(key, value.strip(), key_node.start_mark.line + 2,
                                           value_node.start_mark.index,
                                           value_node.end_mark.index))
    return matter


def _unbuildable(path: Path, node: yaml.Node | None) -> SourceError:
    """The error for the first value in ``node`` that PyYAML cannot build, at its line."""
    pending = [node] if node is not None else []
    while pending:
        current = pending.pop()
        if isinstance(current, yaml.ScalarNode):
            try:
                _YAML_LOADER("").construct_object(current, deep=True)
            except Exception as exc:  # noqa: BLE001 - the value we are looking for
                kind = current.tag.rsplit(":", 1)[-1]
                reason = str(exc).splitlines()[0] if str(exc) and type(exc) is ValueError else ""
                return SourceError(
                    path,
                    f"front matter value {_short(current.value)!r} is not "
                    f"{_KINDS.get(kind, 'a ' + repr(current.tag))}"
                    f"{f' ({reason})' if reason else ''}; correct it, or quote it to keep it "
                    "as text", current.start_mark.line + 2)
        elif isinstance(current, yaml.MappingNode):
            pending.extend(reversed([part for pair in current.value for part in pair]))
        elif isinstance(current, yaml.SequenceNode):
            pending.extend(reversed(current.value))
    return SourceError(path, "front matter cannot be read", 2)


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _refuse_aliases(path: Path, body: str) -> None:
    """YAML aliases (``*name``) can expand a few lines into gigabytes; a front matter needs none."""
    for event in yaml.parse(body, Loader=_YAML_LOADER):
        if isinstance(event, yaml.AliasEvent):
            line = event.start_mark.line + 2 if event.start_mark else 2
            raise SourceError(
                path, "front matter uses a YAML alias (*name); write the value out", line
            )
