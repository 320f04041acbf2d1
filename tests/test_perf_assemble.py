"""Shortcuts in assemble give what the full computation gives.

``added_inline`` (its no-parse shortcut and memory) against every text
parsed, and ``added_markup`` (each part behind a first-character test)
against every part run on every text.
"""

from __future__ import annotations

import random

from pipeline.checks import safety

PIECES = ["text ", "[link](https://a.example/x) ", "![img](i.png) ", "<b>", "</b>", "<x@y.z>",
          "<https://b.example>", "`code <x>` ", "[ref][r] ", "[ref] ", "](", "<!-- c -->",
          "\\<no>", "javascript:alert(1) ", "[j](javascript:alert(1))", "a < b ", "a > b ",
          "&lt;i&gt; ", "\n", "*em* ", "<img onerror=x>"]


def slow(msgid: str, msgstr: str) -> str | None:
    """added_markup with every text parsed (no shortcut, no memory)."""
    id_html, id_targets = safety._markup.__wrapped__(msgid)
    str_html, str_targets = safety._markup.__wrapped__(msgstr)
    for piece in str_html:
        if piece not in id_html and piece.strip() not in msgid:
            return "refused"
    for target in str_targets:
        if target not in id_targets:
            return "refused"
    return None


def test_shortcut_and_memory_change_no_answer() -> None:
    rnd = random.Random(3)
    for _ in range(4000):
        msgid = "".join(rnd.choice(PIECES) for _ in range(rnd.randint(0, 5)))
        msgstr = "".join(rnd.choice(PIECES) for _ in range(rnd.randint(0, 5)))
        fast = safety.added_inline(msgid, msgstr)
        assert (fast is None) == (slow(msgid, msgstr) is None), (msgid, msgstr)


BLOCK_PIECES = [*PIECES, "# ", "- ", "1. ", "> ", "```", "    ", "---", "===", "| a |", "|-|",
                "[d]: ", "[x]", "][d]", "[]", "https://e.example", "www.e.example",
                "WWW.E.EXAMPLE", "a@b.example", "mailto:x", "\\[", "\r", "\t", "7) "]


def unguarded(msgid: str, msgstr: str) -> str | None:
    """added_markup with every part run, whatever the first-character tests say."""
    return (safety.added_inline(msgid, msgstr) or safety._added_raw_text(msgid, msgstr)
            or safety._added_blocks(msgid, msgstr) or safety._added_labels(msgid, msgstr)
            or safety._added_bare_links(msgid, msgstr))


def test_first_character_tests_skip_no_finding() -> None:
    rnd = random.Random(7)
    refused = 0
    for _ in range(6000):
        msgid = "".join(rnd.choice(BLOCK_PIECES) for _ in range(rnd.randint(0, 5)))
        msgstr = "".join(rnd.choice(BLOCK_PIECES) for _ in range(rnd.randint(1, 5)))
        expected = unguarded(msgid, msgstr)
        assert safety.added_markup(msgid, msgstr) == expected, (msgid, msgstr)
        refused += expected is not None
    assert 1000 < refused < 5900
