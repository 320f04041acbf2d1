"""export and import: the PO files as XLIFF or TMX for CAT tools, and what comes back.

Rules:

- ``export_files`` reads the PO files of the articles (or those named)
  in the selected languages, and with no article named the site's own
  strings too; it writes into ``output`` only (never ``po/``):
  - XLIFF 1.2 (``xliff``) or 2.0 (``xliff2``): one file per article and
    language (``<slug>.<bcp47>.xlf``) or, ``per="language"``, one per
    language (``<bcp47>.xlf``, a ``<file>`` per PO file); every entry,
    untranslated ones without a target (see ``xliff`` for states,
    notes and placeholders);
  - TMX 1.4 (``tmx``): one file per language (``<bcp47>.tmx``) of the
    reviewed translations, each English text once; ``unreviewed`` adds
    machine, stale and fuzzy ones, marked as such.
  A PO file that does not parse is an error and left out.
- ``import_files`` takes XLIFF (any version, see ``incoming`` and
  ``apply``) into the PO files and TMX into the imported memory
  (``mt.tmx.memory_path``), by each file's content, not its name. Each
  file is read whole before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import LocalizeError, PoFileError, UsageError
from pipeline.exchange.apply import Applied, apply_units
from pipeline.exchange.incoming import read_xliff
from pipeline.exchange.xliff import REVIEWED, PoFile, unit_of, write_12, write_20
from pipeline.markdown.articles import article_slugs
from pipeline.mt.tmx import Pair, add_to_store, read_tmx, write_tmx
from pipeline.po import catalog
from pipeline.project.languages import Language
from pipeline.project.layout import po_path
from pipeline.project.settings import Settings
from pipeline.runtime.confine import read_inside
from pipeline.runtime.files import atomic_write_bytes

FORMATS = ("xliff", "xliff2", "tmx")
PER = ("article", "language")


@dataclass
class ExportStats:
    written: list[str] = field(default_factory=list)
    units: int = 0
    errors: list[LocalizeError] = field(default_factory=list)


@dataclass
class ImportReport(Applied):
    files: int = 0
    memory: dict[str, int] = field(default_factory=dict)
    """Pairs added to each imported memory file."""


def _terms(settings: Settings) -> tuple[str, ...]:
    return tuple(t for t in (*settings.do_not_translate, settings.site_name) if t)


def export_files(settings: Settings, output: Path, fmt: str = "xliff",
                 only: list[str] | None = None, languages: list[str] | None = None,
                 per: str = "article", unreviewed: bool = False) -> ExportStats:
    """Write the PO files of the selection as ``fmt`` files into ``output``."""
    if fmt not in FORMATS or per not in PER:
        raise UsageError(f"format must be one of {', '.join(FORMATS)} and per article or "
                         f"language, not {fmt!r} per {per!r}")
    stats = ExportStats()
    slugs = article_slugs(settings, only, stats.errors)
    for lang in settings.select_targets(languages):
        files = [found for slug in slugs
                 if (found := _po_file(settings, slug, lang, stats)) is not None]
        if fmt == "tmx":
            _write(output / f"{lang.bcp47}.tmx", _tmx(settings, lang, files, unreviewed), stats)
        elif per == "language":
            _write(output / f"{lang.bcp47}.xlf", _xliff(settings, lang, files, fmt), stats)
        else:
            for po in files:
                _write(output / f"{_slug(po)}.{lang.bcp47}.xlf",
                       _xliff(settings, lang, [po], fmt), stats)
        stats.units += sum(len(po.units) for po in files)
    return stats


def _slug(po: PoFile) -> str:
    return Path(po.original).parent.name


def _po_file(settings: Settings, slug: str, lang: Language, stats: ExportStats) -> PoFile | None:
    path = po_path(settings, slug, lang)
    if not path.exists():
        return None
    shown = settings.display(path)
    try:
        po = catalog.load_po(path, shown, settings.root, lang, settings.skip_checks)
    except LocalizeError as exc:
        stats.errors.append(exc)
        return None
    units = [unit_of(e) for e in po
             if not e.obsolete and not e.msgctxt and not e.msgid_plural and e.msgid]
    return PoFile(shown, units)


def _xliff(settings: Settings, lang: Language, files: list[PoFile], fmt: str) -> bytes:
    write = write_20 if fmt == "xliff2" else write_12
    return write(files, settings.source.bcp47, lang.bcp47, _terms(settings))


def _tmx(settings: Settings, lang: Language, files: list[PoFile], unreviewed: bool) -> bytes:
    pairs: dict[str, Pair] = {}
    for po in files:
        for unit in po.units:
            if unit.state == "untranslated" or (unit.state != REVIEWED and not unreviewed):
                continue
            if unit.state == REVIEWED or unit.msgid not in pairs:
                pairs[unit.msgid] = Pair(unit.msgid, unit.msgstr, unit.state)
    return write_tmx(pairs.values(), settings.source, lang, _terms(settings))


def _write(path: Path, data: bytes, stats: ExportStats) -> None:
    # the folder named by --output: its own boundary, like a file named on the command line
    atomic_write_bytes(path, data, root=path.parent)
    stats.written.append(str(path))


def import_files(settings: Settings, paths: list[Path], overwrite: bool = False,
                 dry_run: bool = False) -> ImportReport:
    """Take XLIFF files into the PO files and TMX files into the imported memory."""
    report = ImportReport()
    for path in paths:
        shown = str(path)
        try:
            raw = read_inside(None, path, shown)  # named on the command line
        except OSError as exc:
            report.errors.append(PoFileError(shown, f"cannot read: {exc.strerror or exc}"))
            continue
        report.files += 1
        try:
            if b"<tmx" in raw[:4096]:
                _import_tmx(settings, raw, shown, dry_run, report)
            else:
                apply_units(settings, read_xliff(raw, shown), shown, overwrite, dry_run, report)
        except LocalizeError as exc:
            report.errors.append(exc)
    return report


def _import_tmx(settings: Settings, raw: bytes, shown: str, dry_run: bool,
                report: ImportReport) -> None:
    found = read_tmx(raw, shown, settings.source)
    if not found:
        raise PoFileError(shown, f"holds no translation from {settings.source.english_name}")
    for lang, pairs in found.items():
        if lang not in settings.targets:
            continue
        added = len(pairs) if dry_run else add_to_store(settings, lang, pairs)
        report.memory[lang.code] = report.memory.get(lang.code, 0) + added
