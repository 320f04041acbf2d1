"""What one PO entry needs from a person: its verdict, what the checks say of it, where it is.

One view of an entry for everyone who shows entries to translators:
``review`` lists the ones that need a person, ``serve`` overlays each
paragraph of a page with it, and validate's text report shortens texts
the same way (``shorten``).

Rules:

- The verdict is ``verdict.verdict`` (what a reader gets), so a view says
  what the page shows; the findings are every entry check's message
  (``base.run_entry``), ``# ignore:`` lines and skipped checks honoured,
  as validate reports them.
- An entry needs a person when it is not *reviewed* (machine output,
  stale, a translator's doubt, refused, untranslated, withheld) or when a
  check other than those that only restate the verdict finds something.
- The line is where the translation is edited: the ``msgstr`` line when
  the file's layout is known (as validate reports it), else polib's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import polib

from pipeline.checks.base import Severity, Subject, run_entry
from pipeline.checks.verdict import Verdict, verdict
from pipeline.errors import LocalizeError
from pipeline.po import marks
from pipeline.po.syntax import PoLayout
from pipeline.project.glossary import Glossary, load_glossary
from pipeline.project.languages import Language
from pipeline.project.settings import Settings

STATE_CHECKS = frozenset({"untranslated", "fuzzy-stale", "fuzzy-machine", "fuzzy"})
"""Checks whose finding only restates the verdict; a view shows the verdict instead."""


@dataclass(frozen=True)
class Finding:
    """One check's message about an entry."""

    check: str
    severity: Severity
    message: str


@dataclass(frozen=True)
class EntryView:
    """One entry as a translator needs to see it."""

    msgid: str
    msgstr: str
    verdict: Verdict
    line: int
    previous_msgid: str | None = None
    """The English this was translated from, for a stale entry (``#|``)."""
    engine: str | None = None
    """The ``mt:`` engine of machine output."""
    refusal: str | None = None
    """Why a *refused* msgstr is not published."""
    findings: tuple[Finding, ...] = ()

    @property
    def problems(self) -> tuple[Finding, ...]:
        """The findings beyond those that restate the verdict."""
        return tuple(f for f in self.findings if f.check not in STATE_CHECKS)

    @property
    def needs_person(self) -> bool:
        return self.verdict is not Verdict.REVIEWED or bool(self.problems)


def project_terms(settings: Settings) -> tuple[str, ...]:
    """The do-not-translate terms checks are given: the glossary and the site name."""
    return tuple(t for t in (*settings.do_not_translate, settings.site_name) if t)


def entry_subjects(entry: polib.POEntry, lang: Language, terms: tuple[str, ...],
                   glossary: Glossary | None = None) -> list[Subject]:
    """What the entry checks see of ``entry``: one subject, or one per plural form; with the
    glossary's terms whose English the msgid holds (for the ``glossary`` check)."""
    common = {
        "lang": lang,
        "flags": frozenset(entry.flags),
        "previous_msgid": entry.previous_msgid,
        "terms": terms,
        "obsolete": bool(entry.obsolete),  # polib gives 0 or 1; keys must match subject_of
        "engine": marks.machine_engine(entry),
        "ignored": frozenset(marks.ignored_checks(entry)),
        "comment": entry.tcomment or "",
        "glossary": glossary.hits(entry.msgid, lang) if glossary else (),
    }
    if not entry.msgid_plural:
        return [Subject(msgid=entry.msgid, msgstr=entry.msgstr, **common)]
    forms = entry.msgstr_plural or {0: ""}
    return [
        Subject(msgid=entry.msgid if n == 0 else entry.msgid_plural, msgstr=forms[n], **common)
        for n in sorted(forms)
    ]


def entry_view(entry: polib.POEntry, lang: Language, terms: tuple[str, ...],
               skip: Iterable[str] = (), reviewed_only: bool = False, line: int | None = None,
               glossary: Glossary | None = None) -> EntryView:
    """The view of one active entry; ``line`` overrides polib's line number."""
    found: dict[tuple[str, str], Finding] = {}
    for subject in entry_subjects(entry, lang, terms, glossary):
        for check, message in run_entry(subject, skip):
            found.setdefault((check.id, message), Finding(check.id, check.severity, message))
    state, reason = verdict(entry.msgid, marks.marked(entry), reviewed_only)
    return EntryView(
        msgid=entry.msgid,
        msgstr=entry.msgstr,
        verdict=state,
        line=line or entry.linenum,
        previous_msgid=entry.previous_msgid if marks.is_stale(entry) else None,
        engine=marks.machine_engine(entry) if state in (Verdict.MACHINE, Verdict.WITHHELD)
        else None,
        refusal=reason,
        findings=tuple(found.values()),
    )


def catalog_views(po: polib.POFile, layout: PoLayout | None, lang: Language, settings: Settings,
                  skip: Iterable[str] = ()) -> list[EntryView]:
    """The view of every active, context-free entry of ``po``, in file order."""
    positions = layout.lines_by_key() if layout else {}
    terms = project_terms(settings)
    skipped = (*settings.skip_checks, *skip)
    glossary = usable_glossary(settings)
    views = []
    for entry in po:
        if entry.obsolete or entry.msgctxt or not entry.msgid:
            continue
        place = positions.get((entry.msgctxt, entry.msgid, False))
        line = (place.msgstr_line or place.msgid_line) if place else None
        views.append(entry_view(entry, lang, terms, skipped, settings.reviewed_only, line,
                                glossary))
    return views


def usable_glossary(settings: Settings) -> Glossary | None:
    """The project's glossary for the ``glossary`` check; ``None`` when there is none, or
    when it cannot be read (``validate`` reports that, with its line)."""
    try:
        return load_glossary(settings) or None
    except LocalizeError:
        return None


def shorten(text: str, width: int = 160) -> str:
    """``text`` on one line, cut at a word near ``width`` characters with an ellipsis.

    Line breaks become ``⏎`` so a hard break stays visible; the cut falls
    at the last space before ``width`` unless that would drop more than a
    third of the text kept.
    """
    flat = text.replace("\r\n", "\n").replace("\n", " ⏎ ")
    if len(flat) <= width:
        return flat
    cut = flat.rfind(" ", 0, width)
    if cut < width * 2 // 3:
        cut = width
    return flat[:cut].rstrip() + " …"
