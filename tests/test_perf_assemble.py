"""Shortcuts in assemble give what the full computation gives."""

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
        fast = safety.added_markup(msgid, msgstr)
        assert (fast is None) == (slow(msgid, msgstr) is None), (msgid, msgstr)
