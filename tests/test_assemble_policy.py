"""Publication policy (which entries are shown, which languages are published) and markup safety."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from pipeline.assemble.policy import Gap, Shown, check_policy, decide, plan, threshold
from pipeline.checks.safety import added_markup
from pipeline.errors import ConfigError, UsageError
from pipeline.project.languages import get_language
from pipeline.project.settings import Settings

AR = get_language("ar")


def catalog(*entries: polib.POEntry) -> polib.POFile:
    po = polib.POFile()
    for entry in entries:
        po.append(entry)
    return po


def entry(msgid: str, msgstr: str, flags: tuple[str, ...] = (),
          previous: str | None = None) -> polib.POEntry:
    return polib.POEntry(msgid=msgid, msgstr=msgstr, flags=list(flags), previous_msgid=previous)


CASES = [
    ("reviewed", entry("A", "أ"), Shown.REVIEWED, None),
    ("reviewed, mt history kept", entry("A", "أ", ("mt:google",)), Shown.REVIEWED, None),
    ("machine", entry("A", "أ", ("fuzzy", "mt:google")), Shown.MACHINE, None),
    ("stale machine", entry("A", "أ", ("fuzzy", "mt:google"), previous="B"),
     Shown.ENGLISH, Gap.STALE),
    ("stale", entry("A", "أ", ("fuzzy",), previous="B"), Shown.ENGLISH, Gap.STALE),
    ("translator fuzzy", entry("A", "أ", ("fuzzy",)), Shown.ENGLISH, Gap.FUZZY),
    ("empty", entry("A", ""), Shown.ENGLISH, Gap.UNTRANSLATED),
    ("hostile", entry("A", "<script>alert(1)</script>"), Shown.ENGLISH, Gap.REFUSED),
]


@pytest.mark.parametrize(("name", "item", "shown", "gap"), CASES, ids=[c[0] for c in CASES])
def test_each_kind_of_entry(name: str, item: polib.POEntry, shown: Shown, gap: Gap | None) -> None:
    result = plan(["A"], catalog(item), AR, is_source=False, reviewed_only=False, display="ar.po")
    choice = result.choice("A")
    assert (choice.shown, choice.gap) == (shown, gap)
    assert choice.text == ("A" if shown is Shown.ENGLISH else item.msgstr)


def test_reviewed_only_withholds_machine_translation() -> None:
    po = catalog(entry("A", "أ", ("fuzzy", "mt:deepl")), entry("B", "ب"))
    result = plan(["A", "B"], po, AR, is_source=False, reviewed_only=True, display="ar.po")
    assert result.choice("A").gap is Gap.WITHHELD
    assert result.choice("B").shown is Shown.REVIEWED
    assert not result.uses_machine and result.completeness == 50.0


def test_missing_entries_and_files_fall_back_to_english() -> None:
    result = plan(["A", "B"], None, AR, is_source=False, reviewed_only=False, display="ar.po")
    assert result.completeness == 0.0 and result.english_count == 2
    assert result.choice("never seen").gap is Gap.UNTRANSLATED


def test_refusal_is_reported_with_file_and_line() -> None:
    po = polib.pofile('msgid ""\nmsgstr ""\n\nmsgid "Go [here](https://a.example)."\n'
                      'msgstr "اذهب [هنا](javascript:alert(1))."\n')
    result = plan(["Go [here](https://a.example)."], po, AR, is_source=False, reviewed_only=False,
                  display="po/x/ar.po")
    assert [str(r) for r in result.refusals] == [
        "po/x/ar.po:4: translation refused, adds a javascript: link 'javascript:alert(1)'; "
        "the English text is shown instead"]


def test_source_language_shows_the_original() -> None:
    result = plan(["A"], None, get_language("en"), is_source=True, reviewed_only=True, display="")
    assert result.choice("A").shown is Shown.ORIGINAL and result.completeness == 100.0


def settings(**values: object) -> Settings:
    return Settings(root=Path("/tmp"), **values)  # type: ignore[arg-type]


def test_thresholds_per_language_and_fallback() -> None:
    half = plan(["A", "B"], catalog(entry("A", "أ")), AR, is_source=False, reviewed_only=False,
                display="ar.po")
    assert decide(settings(), half).published
    assert decide(settings(min_complete=60.0, fallback="english"), half).published
    below = decide(settings(min_complete=60.0, fallback="omit"), half)
    assert not below.published and below.below_threshold
    per_language = settings(min_complete=60.0, min_complete_per_language={"AR": 50},
                            fallback="omit")
    assert threshold(per_language, AR) == 50.0 and decide(per_language, half).published
    english = plan(["A"], None, get_language("en"), is_source=True, reviewed_only=False, display="")
    assert decide(settings(min_complete=100.0, fallback="omit"), english).published


@pytest.mark.parametrize(("values", "message"), [
    ({"fallback": "hide"}, "fallback must be one of english, omit, not 'hide'"),
    ({"min_complete": 150.0}, "min_complete must be a percentage between 0 and 100, not 150.0"),
    ({"min_complete_per_language": {"ar": -1}},
     "min_complete_per_language.ar must be a percentage between 0 and 100, not -1"),
])
def test_bad_policy_settings_are_usage_errors(values: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        check_policy(settings(**values))
    assert str(caught.value) == message


def test_unknown_language_in_thresholds() -> None:
    with pytest.raises(UsageError, match="unknown language 'xx'"):
        check_policy(settings(min_complete_per_language={"xx": 10}))


# --- safety -------------------------------------------------------------------

SAFE = [
    ("Plain text.", "نص عادي."),
    ("Go [here](https://a.example).", "اذهب [هنا](https://a.example)."),
    ("Use `<b>` tags.", "استخدم وسوم `<b>`."),
    ("Line one<br>two", "السطر الأول<br>الثاني"),
    ("See <https://a.example>.", "انظر <https://a.example>."),
    ("a < b and c > d", "a < b و c > d"),
    ("**Bold** and *em*", "**عريض** و*مائل*"),
    ("See [docs][d].", "Voir la [documentation][d]."),
    ("Line one\\\nline two", "Ligne un\\\nligne deux"),
    ("Read https://a.example/x.", "Lisez https://a.example/x。"),
    ("Go [here](https://a.example).", "Allez sur https://a.example"),
    ("Has a <script>var a = 1;</script> script.", "Ein <script>var a = 1;</script> Skript."),
    ("Italian date", "La data: 12 maggio"),
    ("Quote […]", "Zitat […]"),
    ("See [docs][d].", "Voir [sic] la [doc][d]."),  # a shortcut can only reach the editor's
    ("Run it [optional].", "Lancez-le [facultatif]."),
    ("On May 1, we met.", "1\\. Mai trafen wir uns."),
]
HOSTILE = [
    ("Hello.", "<script>alert(1)</script>", "adds HTML '<script>'"),
    ("Hello.", 'مرحبا <img src=x onerror="alert(1)">',
     "adds HTML '<img src=x onerror=\"alert(1)\">'"),
    ("Hello.", "<img/src=x onerror=alert(1)>", "adds HTML '<img/src=x onerror=alert(1)>'"),
    ("Hello.", "[x](javascript:alert(1))", "adds a javascript: link"),
    ("Hello.", "[x](&#106;avascript:alert(1))", "adds a javascript: link"),
    ("Hello.", "<JavaScript:alert(1)>", "adds a javascript: link"),
    ("Hello.", "[x](vbscript:msgbox(1))", "adds a vbscript: link"),
    ("Hello.", "![x](data:image/svg+xml;base64,PHN2Zz4=)", "adds a data: link"),
    ("Go [here](https://a.example).", "[هنا](https://evil.example)",
     "link target 'https://evil.example' is not one of the English text's targets"),
    ("Hello.", "<!-- hidden -->", "adds HTML '<!-- hidden -->'"),
    ("Hello.", "Bonjour.\n\n[d]: https://evil.example/", "adds a line break"),
    ("Hello.", "[d]: https://evil.example/", "starts a line with a link reference definition"),
    ("On May 1, we met.", "1. Mai trafen wir uns.", "starts a line with a list item"),
    ("Title", "# Titre", "starts a line with a heading"),
    ("Line one\\\nline two", "Ligne un\\\n> deux", "starts a line with a block quote"),
    ("Line one\\\nline two", "Ligne un\\\n---", "starts a line with a thematic break"),
    ("See [docs][d].", "Voir [docs][x].", "links to the reference '[x]'"),
    ("See [docs].", "Voir [docs][].", "links to the reference '[docs]'"),
    ("Hello.", "Bonjour https://evil.example.", "adds the bare URL or address"),
    ("Hello.", "Écrivez à x@evil.example", "adds the bare URL or address"),
    ("Hello.", "[x](java&#x09;script:alert(1))", "adds a javascript: link"),
    ("Has a <script>var a = 1;</script> script.", "Ein <script>alert(1)</script> Skript.",
     "changes the HTML element '<script>alert(1)</script>'"),
]


@pytest.mark.parametrize(("msgid", "msgstr"), SAFE)
def test_passes(msgid: str, msgstr: str) -> None:
    assert added_markup(msgid, msgstr) is None


@pytest.mark.parametrize(("msgid", "msgstr", "reason"), HOSTILE)
def test_fails(msgid: str, msgstr: str, reason: str) -> None:
    found = added_markup(msgid, msgstr)
    assert found is not None and found.startswith(reason), found
