"""Project settings: ``[tool.localize]`` in ``pyproject.toml``, then environment, then flags.

A project is the folder holding ``pyproject.toml``; every path in the
settings is relative to it and must stay inside it, symbolic links
resolved: ``confine`` refuses a file path that leads out of the project
(``output/fr`` a link to ``/etc``, ``source/passwd.md`` a link to
``/etc/passwd``), by the one rule of ``runtime.confine``, so no stage
reads or writes there. Unknown keys and wrong types are errors that name the key and
suggest the closest known one; numbers out of range are errors too.
"""

from __future__ import annotations

import difflib
import functools
import json
import os
import tomllib
from collections.abc import Iterable
from dataclasses import MISSING, asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError, UsageError
from pipeline.project.languages import Language, get_language, get_languages
from pipeline.runtime.confine import folder_inside
from pipeline.runtime.files import digest_parts

TEXT_FIELDS: tuple[str, ...] = ("title", "description", "summary", "subtitle", "excerpt")
"""Front-matter keys whose values are translated, unless ``front_matter_fields`` says otherwise."""

DEFAULT_LANGUAGES = ("it", "fr", "de", "pl", "pt", "ru", "ar", "ja", "cn", "es")


@dataclass(frozen=True)
class Settings:
    """Everything a stage needs to know about the project it runs on."""

    root: Path
    source_dir: str = "source"
    po_dir: str = "po"
    output_dir: str = "output"
    source_language: str = "en"
    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    project_name: str = "articles"
    bugs_address: str = ""
    site_name: str = "ZeroOpposite"
    site_url: str = ""
    engine: str = "google"
    libre_url: str = "http://127.0.0.1:5000/"
    do_not_translate: tuple[str, ...] = ()
    front_matter_fields: tuple[str, ...] = TEXT_FIELDS
    """Front-matter keys whose values are translated."""
    min_complete: float = 0.0
    min_complete_per_language: dict[str, float] = field(default_factory=dict, hash=False)
    skip_checks: tuple[str, ...] = ()
    fallback: str = "english"
    reviewed_only: bool = False
    cache_dir: str = ".localize-cache"
    workers: int = 0
    """Processes for extract, validate and assemble; 0 means one per core, 1 means none."""
    translate_workers: int = 0
    """Concurrent calls per engine; 0 means the engine's own default."""
    translate_timeout: float = 20.0
    """Deadline of one machine translation call, in seconds."""
    max_source_bytes: int = 5_000_000
    """A Markdown source larger than this is refused (an accident, or an attack)."""
    max_segment_chars: int = 10_000
    """A block longer than this is refused: every stage parses each segment several times."""

    @functools.cached_property
    def source_path(self) -> Path:
        return self._inside(self.source_dir)

    @functools.cached_property
    def po_path(self) -> Path:
        return self._inside(self.po_dir)

    @functools.cached_property
    def output_path(self) -> Path:
        return self._inside(self.output_dir)

    @functools.cached_property
    def cache_path(self) -> Path:
        return self._inside(self.cache_dir)

    @property
    def source(self) -> Language:
        return get_language(self.source_language)

    @property
    def targets(self) -> list[Language]:
        """Target languages in configured order, without the source language."""
        return [lang for lang in get_languages(self.languages) if lang != self.source]

    def select_targets(self, keys: Iterable[str] | None) -> list[Language]:
        """The target languages named by ``keys`` (all when empty); each must be a target."""
        keys = list(keys or ())
        if not keys:
            return self.targets
        chosen = get_languages(keys)
        for lang in chosen:
            if lang not in self.targets:
                targets = ", ".join(t.code for t in self.targets)
                raise UsageError(
                    f"{lang.code!r} is not a target language of this project ({targets})")
        return chosen

    def display(self, path: Path) -> str:
        """``path`` relative to the project root, as written in references and messages."""
        if path.is_absolute() and path in self._displayed:
            return self._displayed[path]
        try:  # the folder resolved, not the file: a link is named as itself
            shown = (path.parent.resolve() / path.name).relative_to(self._root).as_posix()
        except ValueError:
            shown = str(path)
        if path.is_absolute():
            self._displayed[path] = shown
        return shown

    # Paths are resolved once per Settings (each resolve is a system call per folder level).
    @functools.cached_property
    def _root(self) -> Path:
        return self.root.resolve()

    @functools.cached_property
    def _displayed(self) -> dict[Path, str]:
        return {}

    def confine(self, path: Path) -> Path:
        """``path``, if the folders on its way (links resolved) stay inside the project; else
        ``confine.OutsideProject``. The file itself (a link, maybe) is checked when it is
        opened, by every read and write (``runtime.confine``), where its error is that file's."""
        try:
            shown = path.relative_to(self.root).as_posix()
        except ValueError:
            shown = str(path)
        folder_inside(self.root, path, shown)
        return path

    def _inside(self, relative: str) -> Path:
        path = (self.root / relative).resolve()
        root = self._root
        if path != root and root not in path.parents:
            raise ConfigError(f"{relative!r} points outside the project folder {root}")
        return path


_KEYS = {f.name: f for f in fields(Settings) if f.name != "root"}
_RANGES: dict[str, tuple[float, float | None, str]] = {
    "translate_workers": (0, 64, "from 0 (the engine's default) to 64"),
    "translate_timeout": (0.001, None, "of seconds above 0"),
    "max_source_bytes": (1, None, "of bytes above 0"),
    "max_segment_chars": (1, None, "of characters above 0"),
}


def load_settings(root: Path | None = None, **overrides: Any) -> Settings:
    """Settings for the project at ``root`` (default: the folder holding pyproject.toml)."""
    root = (root or find_root(Path.cwd())).resolve()
    values: dict[str, Any] = {}
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        # checked here, before the environment may override them: a wrong value in the
        # file is an error even on a run that does not use it
        values.update({k: _coerce(k, v, pyproject) for k, v in _read_table(pyproject).items()})
    values.update(_from_environment())
    values.update({k: v for k, v in overrides.items() if v is not None})
    settings = Settings(root=root, **{k: _coerce(k, v, pyproject) for k, v in values.items()})
    get_languages([settings.source_language, *settings.languages])
    return settings


def find_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` that holds ``pyproject.toml``; else ``start``."""
    for folder in (start, *start.parents):
        if (folder / "pyproject.toml").is_file():
            return folder
    return start


def _read_table(pyproject: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{pyproject}: cannot read: {exc}") from exc
    tool = data.get("tool", {})
    table = tool.get("localize", {}) if isinstance(tool, dict) else None
    if not isinstance(table, dict):
        raise ConfigError(f"{pyproject}: [tool.localize] must be a table")
    result: dict[str, Any] = {}
    for key, value in table.items():
        name = key.replace("-", "_")
        if name not in _KEYS:
            hint = difflib.get_close_matches(name, list(_KEYS), n=1)
            suggestion = f"; did you mean {hint[0]!r}?" if hint else ""
            raise ConfigError(f"{pyproject}: unknown key {key!r} in [tool.localize]{suggestion}")
        result[name] = value
    return result


def _from_environment() -> dict[str, Any]:
    result: dict[str, Any] = {}
    for name in ("engine", "libre_url", "output_dir", "po_dir", "source_dir"):
        value = os.environ.get(f"LOCALIZE_{name.upper()}")
        if value:
            result[name] = value
    return result


def _coerce(key: str, value: Any, origin: Path) -> Any:
    default = _KEYS[key].default
    expected: type = dict if default is MISSING else type(default)
    if expected is tuple:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{origin}: [tool.localize] {key} must be a list of strings")
        return tuple(value)
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, expected) or (expected is not bool and isinstance(value, bool)):
        raise ConfigError(
            f"{origin}: [tool.localize] {key} must be a {expected.__name__}, "
            f"not {type(value).__name__} {value!r}"
        )
    if key in _RANGES and isinstance(value, int | float):
        low, high, words = _RANGES[key]
        if value < low or (high is not None and value > high):
            raise ConfigError(
                f"{origin}: [tool.localize] {key} must be a number {words}, not {value!r}"
            )
    return value


def with_overrides(settings: Settings, **overrides: Any) -> Settings:
    """A copy of ``settings`` with the given (non-None) values replaced."""
    return replace(settings, **{k: v for k, v in overrides.items() if v is not None})


def settings_digest(settings: Settings) -> str:
    """Digest of every setting but the project root and the number of processes."""
    values = {k: v for k, v in asdict(settings).items() if k not in ("root", "workers")}
    return digest_parts(json.dumps(values, sort_keys=True, default=str))
