"""The init stage: a new project in a folder, from answers or defaults.

Rules:

- Writes the configuration: a ``[tool.localize]`` table appended to an
  existing ``pyproject.toml`` (a Python project), else ``localize.toml``;
  one example article in the source folder when it has none; the lines
  ``.gitignore`` lacks (generated output, caches, the lock); a GitHub
  Actions workflow (``.github/workflows/localize.yml``) when asked; the
  chosen generator's configuration and minimal layouts when asked.
- Never overwrites or truncates a file: one that exists is kept and
  reported (a configuration that already has ``[tool.localize]``, say).
- Every answer is checked before anything is written: languages against
  the language table, the engine against the known ones, the layout, the
  URL (absolute http(s), or empty).
- A stage: imports only the layers below.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

from pipeline.errors import UsageError
from pipeline.mt.engines import NO_ENGINE, engine_names
from pipeline.project.generators import DEFAULT_OUTPUT, language_key
from pipeline.project.languages import Language, get_language, get_languages
from pipeline.project.settings import CONFIG_FILES, OUTPUT_LAYOUTS
from pipeline.runtime.files import atomic_write_bytes, read_existing

GITIGNORE = ("/.localize-cache/", "/.localize.lock", "/.localize.lock.holder")


@dataclass(frozen=True)
class InitOptions:
    """The answers: each has a default, so ``--yes`` needs none."""

    site_name: str = "My site"
    site_url: str = ""
    source_language: str = "en"
    languages: tuple[str, ...] = ("fr", "de", "es")
    engine: str = "google"
    layout: str = "site"
    workflow: bool = True
    generator: bool = True
    min_complete: int = 0


@dataclass
class InitStats:
    written: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    """Files that existed and were left as they were."""


def check_options(options: InitOptions) -> None:
    """``UsageError`` naming the answer that cannot be used."""
    try:
        get_languages([options.source_language, *options.languages])
    except UsageError as exc:
        raise UsageError(f"languages: {exc}") from exc
    if options.engine not in (*engine_names(), NO_ENGINE):
        raise UsageError(f"engine: unknown engine {options.engine!r}; known engines: "
                         f"{', '.join([*engine_names(), NO_ENGINE])}")
    if options.layout not in OUTPUT_LAYOUTS:
        raise UsageError(f"layout must be one of {', '.join(OUTPUT_LAYOUTS)}, "
                         f"not {options.layout!r}")
    if options.site_url and not options.site_url.startswith(("https://", "http://")):
        raise UsageError(f"site URL {options.site_url!r} must start with https:// (or be empty)")


def init_project(folder: Path, options: InitOptions) -> InitStats:
    """Write a new project into ``folder`` (created if need be)."""
    check_options(options)
    stats = InitStats()
    folder.mkdir(parents=True, exist_ok=True)
    output_dir = DEFAULT_OUTPUT[options.layout]
    _write_config(folder, options, output_dir, stats)
    source = folder / "source"
    if source.is_dir() and any(source.glob("**/*.md")):
        stats.kept.append("source/ (has articles already)")
    else:
        _new(folder, "source/welcome.md", _fill("example.md", _values(options, output_dir)),
             stats)
    _gitignore(folder, output_dir, stats)
    if options.workflow:
        _new(folder, ".github/workflows/localize.yml",
             _fill("localize.yml", _values(options, output_dir)), stats)
    if options.generator and options.layout != "site":
        _generator(folder, options, output_dir, stats)
    return stats


def _values(options: InitOptions, output_dir: str) -> dict[str, str]:
    source = get_language(options.source_language)
    return {
        "site_name": options.site_name, "site_url": options.site_url or "/",
        "source_name": source.english_name, "source": source.code,
        "today": dt.date.today().isoformat(), "output_dir": output_dir,
        "source_dir": "source", "min_complete": str(options.min_complete),
        "install": "article-localize",
        "site_url_line": (f"site_url: {_toml_string(options.site_url)}" if options.site_url
                          else "# site_url: https://example.org/"),
    }


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def config_text(options: InitOptions, output_dir: str) -> str:
    """The ``[tool.localize]`` keys (without the table header)."""
    lines = [
        f"site_name = {_toml_string(options.site_name)}",
        f"site_url = {_toml_string(options.site_url)}",
        f"source_language = {_toml_string(options.source_language)}",
        "languages = [" + ", ".join(_toml_string(code) for code in options.languages) + "]",
        f"engine = {_toml_string(options.engine)}",
        f"output_layout = {_toml_string(options.layout)}",
        f'output_dir = "{output_dir}"',
        "# nav = [{ label = \"About\", url = \"https://example.org/about/\" }]",
        "# footer = \"© Your name\"",
    ]
    return "\n".join(lines) + "\n"


def _write_config(folder: Path, options: InitOptions, output_dir: str, stats: InitStats) -> None:
    pyproject, own = (folder / name for name in CONFIG_FILES)
    keys = config_text(options, output_dir)
    if own.is_file():
        stats.kept.append(own.name)
        return
    if not pyproject.is_file():
        _new(folder, own.name, keys, stats)
        return
    text = _read(folder, pyproject)
    if "[tool.localize]" in text:
        stats.kept.append("pyproject.toml ([tool.localize] is there already)")
        return
    joiner = "" if text.endswith("\n") or not text else "\n"
    atomic_write_bytes(pyproject, (text + joiner + "\n[tool.localize]\n" + keys).encode(),
                       root=folder)
    stats.written.append("pyproject.toml ([tool.localize] added)")


def _gitignore(folder: Path, output_dir: str, stats: InitStats) -> None:
    path = folder / ".gitignore"
    text = _read(folder, path)
    present = {line.strip() for line in text.splitlines()}
    wanted = [f"/{output_dir}/", *GITIGNORE]
    missing = [line for line in wanted if line not in present]
    if not missing:
        stats.kept.append(".gitignore")
        return
    joiner = "" if text.endswith("\n") or not text else "\n"
    addition = "# localize: generated files, caches, the lock\n" + "\n".join(missing) + "\n"
    atomic_write_bytes(path, (text + joiner + addition).encode("utf-8"), root=folder)
    stats.written.append(".gitignore" if not text else ".gitignore (lines added)")


def _generator(folder: Path, options: InitOptions, output_dir: str, stats: InitStats) -> None:
    langs = get_languages([options.source_language, *options.languages])
    values = {**_values(options, output_dir),
              "languages": _generator_languages(options.layout, langs)}
    if options.layout == "hugo":
        _new(folder, "hugo.toml", _fill("hugo.toml", values), stats)
        for name in ("baseof", "single", "list"):
            _new(folder, f"layouts/_default/{name}.html", _raw(f"hugo-{name}.html"), stats)
    elif options.layout == "mkdocs":
        _new(folder, "mkdocs.yml", _fill("mkdocs.yml", values), stats)
        _new(folder, "overrides/main.html", _raw("mkdocs-main.html"), stats)
    else:
        _new(folder, "_config.yml", _fill("jekyll.yml", values), stats)
        _new(folder, "_layouts/default.html", _raw("jekyll-default.html"), stats)


def _generator_languages(layout: str, langs: list[Language]) -> str:
    if layout == "hugo":
        blocks = []
        for weight, lang in enumerate(langs, 1):
            block = (f"[languages.{lang.code}]\nlanguageCode = {_toml_string(lang.bcp47)}\n"
                     f"languageName = {_toml_string(lang.native_name)}\nweight = {weight}\n")
            if lang.is_rtl:
                block += 'languageDirection = "rtl"\n'
            blocks.append(block)
        return "\n".join(blocks)
    if layout == "mkdocs":
        lines = []
        for index, lang in enumerate(langs):
            lines.append(f"        - locale: {language_key(layout, lang)}")
            lines.append(f"          name: {_toml_string(lang.native_name)}")
            lines.append("          build: true")
            if index == 0:
                lines.append("          default: true")
        return "\n".join(lines)
    return ", ".join(_toml_string(language_key(layout, lang)) for lang in langs)


def _read(folder: Path, path: Path) -> str:
    """The text of a file of the new project (empty when there is none), read inside it."""
    raw = read_existing(path, path.name, folder.resolve())
    try:
        return raw.decode("utf-8") if raw else ""
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path}: not UTF-8 text ({exc.reason}); fix or remove it") from None


def _raw(name: str) -> str:
    return files("pipeline.init").joinpath("files", name).read_text(encoding="utf-8")


def _fill(name: str, values: dict[str, str]) -> str:
    return _raw(name).format(**values)


def _new(folder: Path, relative: str, text: str, stats: InitStats) -> None:
    """Write ``text`` to a new file; a file that exists is kept as it is."""
    path = folder / relative
    if path.exists():
        stats.kept.append(relative)
        return
    atomic_write_bytes(path, text.encode("utf-8"), display=relative, root=folder)
    stats.written.append(relative)
