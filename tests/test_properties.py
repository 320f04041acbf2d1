"""Property tests: extract → translate → edit → merge → rebuild never loses a translation."""

from __future__ import annotations

from pathlib import Path

import polib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import LocalizeError
from pipeline.extract.stage import build_template
from pipeline.markdown.document import parse_text
from pipeline.po.catalog import FUZZY, HeaderInfo, load_po, merge, new_translation, render_po
from pipeline.project.languages import get_language

WORDS = ["power", "Macht", "dynamique", "治療", "علاج", "терапия", "a", "of", "café", "x1", "42%"]
word = st.sampled_from(WORDS)
phrase = st.lists(word, min_size=1, max_size=8).map(" ".join)
inline = st.one_of(
    phrase,
    phrase.map(lambda p: f"**{p}**"),
    phrase.map(lambda p: f"*{p}*"),
    phrase.map(lambda p: f"`{p}`"),
    phrase.map(lambda p: f"[{p}](https://example.com/{len(p)})"),
)
text = st.lists(inline, min_size=1, max_size=5).map(" ".join)
block = st.one_of(
    text,
    text.map(lambda t: f"## {t}"),
    st.lists(text, min_size=1, max_size=3).map(lambda items: "\n".join(f"- {i}" for i in items)),
    st.lists(text, min_size=1, max_size=3).map(lambda items: "\n".join(f"> {i}" for i in items)),
    st.tuples(text, text).map(lambda c: f"| {c[0]} | {c[1]} |\n|---|---|\n| {c[1]} | {c[0]} |"),
    text.map(lambda t: f"```\n{t}\n```"),
)
document = st.lists(block, min_size=1, max_size=8).map(lambda blocks: "\n\n".join(blocks) + "\n")

FR = get_language("fr")
PATH = Path("source/a.md")


def template(source: str) -> polib.POFile:
    return build_template(parse_text(source, PATH), HeaderInfo("a"), "2024-01-01 00:00+0000")


def translate_some(po: polib.POFile, picks: list[bool]) -> dict[str, str]:
    done: dict[str, str] = {}
    for entry, pick in zip(po, picks, strict=False):
        if pick:
            entry.msgstr = f"«{entry.msgid}» (fr)"
            done[entry.msgid] = entry.msgstr
    return done


def reparse(po: polib.POFile, tmp: Path) -> polib.POFile:
    path = tmp / "fr.po"
    path.write_text(render_po(po), encoding="utf-8")
    return load_po(path)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(old=document, new=document, picks=st.lists(st.booleans(), max_size=40))
def test_merge_never_loses_a_translation(tmp_path: Path, old: str, new: str, picks: list[bool]) -> None:
    po = merge(new_translation(template(old), FR, HeaderInfo("a")), template(old))
    translated = translate_some(po, picks)
    po = reparse(po, tmp_path)
    merged = reparse(merge(po, template(new + old[: len(old) // 2])), tmp_path)
    kept = {e.msgstr for e in merged if e.msgstr}
    assert set(translated.values()) <= kept
    for entry in merged:
        if entry.msgid in translated and not entry.obsolete:
            assert entry.msgstr == translated[entry.msgid]
            assert FUZZY not in entry.flags


@settings(max_examples=60, deadline=None)
@given(source=document, picks=st.lists(st.booleans(), max_size=40))
def test_rebuild_shows_every_reviewed_translation(source: str, picks: list[bool]) -> None:
    doc = parse_text(source, PATH)
    po = merge(new_translation(template(source), FR, HeaderInfo("a")), template(source))
    translated = translate_some(po, picks)
    rebuilt = doc.rebuild(lambda seg: translated.get(seg.text))
    for msgstr in translated.values():
        assert msgstr.replace("|", "\\|") in rebuilt or msgstr in rebuilt
    again = parse_text(rebuilt, PATH)
    assert {s.text for s in again.segments} >= {m for m in translated.values() if "\n" not in m}


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_any_text_parses_or_fails_cleanly(source: str) -> None:
    try:
        doc = parse_text(source, PATH)
    except LocalizeError:
        return
    assert doc.rebuild(lambda seg: seg.text) == source.removeprefix("\ufeff")
