"""Project settings: the configuration file, then environment, then flags.

The configuration is ``[tool.localize]`` in ``pyproject.toml`` or, in a
folder that is no Python project, the same keys at the top of
``localize.toml`` (``CONFIG_FILES``); both at once is an error, so no key
is read from one file and silently ignored in the other. A project is the
nearest folder holding either file; every path in the
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
CONFIG_FILES = ("pyproject.toml", "localize.toml")
"""Where the configuration may be: ``[tool.localize]`` of the first, the top of the second."""
OUTPUT_LAYOUTS = ("site", "hugo", "mkdocs", "jekyll")
"""``output_layout``: a standalone site, or Markdown where a static-site generator reads it."""


@dataclass(frozen=True)
class NavLink:
    """One header link: its English label and its URL, one for all languages or per language."""

    label: str
    url: str = ""
    urls: tuple[tuple[str, str], ...] = ()
    """(language code, URL) pairs that replace ``url`` in that language."""
    comment: str = ""
    """A note for translators of the label."""

    def url_for(self, code: str) -> str:
        """The link in language ``code``; empty: the label is not a link."""
        return dict(self.urls).get(code, self.url)


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
    site_name: str = ""
    """Brand shown in titles, header and footer; never translated. Empty: no brand."""
    site_url: str = ""
    site_logo: str = ""
    """An image in the project shown in the header (copied into the output like an asset)."""
    nav: tuple[NavLink, ...] = ()
    """Header links; a label is translated through the site's catalog."""
    footer: str = ""
    """Footer text (inline Markdown), translated through the site's catalog."""
    templates_dir: str = "templates"
    """Templates and stylesheet of the project that replace the built-in ones of that name."""
    output_layout: str = "site"
    archive_dir: str = "po-archive"
    """Where ``prune`` moves the translations of languages and articles that are gone."""
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
    glossary: str = ""
    """The glossary file; empty means ``<po_dir>/glossary.csv`` (``project.glossary``)."""
    llm_url: str = "http://localhost:11434/v1"
    """OpenAI-compatible endpoint of ``engine = "llm"`` (default: a local Ollama)."""
    llm_model: str = ""
    llm_temperature: float = 0.0
    llm_budget: int = 1500
    """Estimated tokens of segments in one request to the ``llm`` engine."""
    llm_timeout: float = 120.0
    """Deadline of one request to the ``llm`` engine, in seconds (``--timeout`` overrides)."""
    llm_address: str = "formal"
    """How the ``llm`` engine addresses the reader: ``formal`` or ``informal``."""
    llm_style: dict[str, str] = field(default_factory=dict, hash=False)
    """Per language (any code the language table knows): more style instructions."""
    llm_price_input: float = 0.0
    llm_price_output: float = 0.0
    """Price per million input / output tokens, for ``--dry-run``'s cost estimate."""

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

    @functools.cached_property
    def glossary_path(self) -> Path:
        return self._inside(self.glossary or f"{self.po_dir}/glossary.csv")

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
            shown = (self._resolved(path.parent) / path.name).relative_to(self._root).as_posix()
        except ValueError:
            shown = str(path)
        if path.is_absolute():
            self._displayed[path] = shown
        return shown

    def _resolved(self, folder: Path) -> Path:
        # One resolve per folder: the eleven PO files of an article share theirs.
        if not folder.is_absolute():
            return folder.resolve()
        known = self._folders.get(folder)
        if known is None:
            known = self._folders[folder] = folder.resolve()
        return known

    # Paths are resolved once per Settings (each resolve is a system call per folder level).
    @functools.cached_property
    def _root(self) -> Path:
        return self.root.resolve()

    @functools.cached_property
    def _displayed(self) -> dict[Path, str]:
        return {}

    @functools.cached_property
    def _folders(self) -> dict[Path, Path]:
        return {}

    @functools.cached_property
    def _confined(self) -> set[Path]:
        return set()

    def confine(self, path: Path) -> Path:
        """``path``, if the folders on its way (links resolved) stay inside the project; else
        ``confine.OutsideProject``. The file itself (a link, maybe) is checked when it is
        opened, by every read and write (``runtime.confine``), where its error is that file's."""
        # A folder found inside once is not resolved again in this process: this check only
        # plans; every read and write checks its own file (and a write its folder) again.
        if path.parent in self._confined:
            return path
        try:
            shown = path.relative_to(self.root).as_posix()
        except ValueError:
            shown = str(path)
        folder_inside(self.root, path, shown)
        self._confined.add(path.parent)
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
    "llm_temperature": (0, 2, "from 0 to 2"),
    "llm_budget": (50, 1_000_000, "of tokens from 50 to 1000000"),
    "llm_timeout": (0.001, None, "of seconds above 0"),
    "llm_price_input": (0, None, "of at least 0"),
    "llm_price_output": (0, None, "of at least 0"),
}


def load_settings(root: Path | None = None, **overrides: Any) -> Settings:
    """Settings for the project at ``root`` (default: the nearest folder with a configuration)."""
    root = (root or find_root(Path.cwd())).resolve()
    values: dict[str, Any] = {}
    origin = config_file(root) or root / "pyproject.toml"
    if origin.is_file():
        # checked here, before the environment may override them: a wrong value in the
        # file is an error even on a run that does not use it
        values.update({k: _coerce(k, v, origin) for k, v in _read_table(origin).items()})
    values.update(_from_environment())
    values.update({k: v for k, v in overrides.items() if v is not None})
    settings = Settings(root=root, **{k: _coerce(k, v, origin) for k, v in values.items()})
    _check_languages(settings, origin)
    return settings


def config_file(root: Path) -> Path | None:
    """The file holding the project's configuration: ``localize.toml``, or ``pyproject.toml``
    when it has a ``[tool.localize]`` table; ``None`` when there is neither."""
    pyproject, own = (root / name for name in CONFIG_FILES)
    in_pyproject = pyproject.is_file() and "localize" in _tool_tables(pyproject)
    if own.is_file() and in_pyproject:
        raise ConfigError(f"{root}: configuration in both pyproject.toml ([tool.localize]) "
                          "and localize.toml; keep one of them")
    if own.is_file():
        return own
    return pyproject if in_pyproject else None


def require_config(root: Path) -> Path:
    """``config_file(root)``, or a usage error that says how to start a project."""
    found = config_file(root)
    if found is None:
        raise ConfigError(
            f"{root}: no localize configuration here ([tool.localize] in pyproject.toml or "
            "localize.toml); run `localize init` to start a project, or pass --project DIR")
    return found


def find_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` holding a configuration file; else ``start``."""
    for folder in (start, *start.parents):
        if any((folder / name).is_file() for name in CONFIG_FILES):
            return folder
    return start


def _load_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from exc


def _tool_tables(pyproject: Path) -> dict[str, Any]:
    tool = _load_toml(pyproject).get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"{pyproject}: [tool] must be a table")
    return tool


def _read_table(path: Path) -> dict[str, Any]:
    if path.name == "localize.toml":
        table: Any = _load_toml(path)
    else:
        table = _tool_tables(path).get("localize", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.localize] must be a table")
    result: dict[str, Any] = {}
    for key, value in table.items():
        name = key.replace("-", "_")
        if name not in _KEYS:
            hint = difflib.get_close_matches(name, list(_KEYS), n=1)
            suggestion = f"; did you mean {hint[0]!r}?" if hint else ""
            raise ConfigError(f"{path}: unknown key {key!r} in {_table(path)}{suggestion}")
        result[name] = value
    return result


def _table(origin: Path) -> str:
    return "localize.toml" if origin.name == "localize.toml" else "[tool.localize]"


def _check_languages(settings: Settings, origin: Path) -> None:
    for key, values in (("source_language", [settings.source_language]),
                        ("languages", list(settings.languages))):
        try:
            get_languages(values)
        except UsageError as exc:
            raise ConfigError(f"{origin}: {_table(origin)} {key}: {exc}") from exc


def _from_environment() -> dict[str, Any]:
    result: dict[str, Any] = {}
    for name in ("engine", "libre_url", "llm_url", "llm_model", "output_dir", "po_dir",
                 "source_dir"):
        value = os.environ.get(f"LOCALIZE_{name.upper()}")
        if value:
            result[name] = value
    return result


def _coerce(key: str, value: Any, origin: Path) -> Any:
    if key == "nav":
        return value if _is_nav(value) else _nav(value, origin)
    default = _KEYS[key].default
    expected: type = dict if default is MISSING else type(default)
    if expected is tuple:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{origin}: {_table(origin)} {key} must be a list of strings")
        return tuple(value)
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, expected) or (expected is not bool and isinstance(value, bool)):
        raise ConfigError(
            f"{origin}: {_table(origin)} {key} must be a {expected.__name__}, "
            f"not {type(value).__name__} {value!r}"
        )
    if key in _RANGES and isinstance(value, int | float):
        low, high, words = _RANGES[key]
        if value < low or (high is not None and value > high):
            raise ConfigError(
                f"{origin}: {_table(origin)} {key} must be a number {words}, not {value!r}"
            )
    if key == "output_layout" and value not in OUTPUT_LAYOUTS:
        raise ConfigError(f"{origin}: {_table(origin)} output_layout must be one of "
                          f"{', '.join(OUTPUT_LAYOUTS)}, not {value!r}")
    return value


def _is_nav(value: Any) -> bool:
    return isinstance(value, tuple) and all(isinstance(v, NavLink) for v in value)


def _nav(value: Any, origin: Path) -> tuple[NavLink, ...]:
    """``nav = [{label = "Contact", url = "/contact/"}, {label = "Blog", url = {fr = …}}]``"""
    where = f"{origin}: {_table(origin)} nav"
    if not isinstance(value, list):
        raise ConfigError(f"{where} must be a list of tables like {{label = \"Contact\", "
                          "url = \"https://example.org/contact/\"}")
    links = []
    for index, item in enumerate(value, 1):
        if not isinstance(item, dict) or not isinstance(item.get("label"), str):
            raise ConfigError(f"{where} item {index} must be a table with a label (a string)")
        unknown = set(item) - {"label", "url", "comment"}
        if unknown:
            raise ConfigError(f"{where} item {index}: unknown key {sorted(unknown)[0]!r}; "
                              "known: label, url, comment")
        url = item.get("url", "")
        per_lang: dict[str, Any] = url if isinstance(url, dict) else {}
        if not isinstance(url, str | dict) or not all(
                isinstance(v, str) for v in per_lang.values()):
            raise ConfigError(f"{where} item {index}: url must be a string or a table of "
                              "strings by language code")
        comment = item.get("comment", "")
        if not isinstance(comment, str):
            raise ConfigError(f"{where} item {index}: comment must be a string")
        links.append(NavLink(item["label"], url if isinstance(url, str) else "",
                             tuple(sorted(per_lang.items())), comment))
    return tuple(links)


def with_overrides(settings: Settings, **overrides: Any) -> Settings:
    """A copy of ``settings`` with the given (non-None) values replaced."""
    return replace(settings, **{k: v for k, v in overrides.items() if v is not None})


def settings_digest(settings: Settings) -> str:
    """Digest of every setting but the project root and the number of processes."""
    values = {k: v for k, v in asdict(settings).items() if k not in ("root", "workers")}
    return digest_parts(json.dumps(values, sort_keys=True, default=str))
