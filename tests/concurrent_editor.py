"""A translator's editor saving PO files as fast as it can, for the concurrency test.

    python tests/concurrent_editor.py PROJECT LANG-FILE SECONDS-BETWEEN-SAVES STOP-FILE SEED

Every few milliseconds it opens a random ``po/<slug>/<LANG-FILE>``, gives
one of its entries a new translation (``EDIT-<n>``), and saves the whole
file as Poedit does: a temporary file renamed over the old one. It stops
when ``STOP-FILE`` exists and prints, as JSON, the last translation it
saved for each entry of each file, the SHA-256 of the last text it saved in
each file, and how many saves it made.

Only single-line entries of the articles' first paragraphs are edited: the
test adds a paragraph at the end of every article, so their msgids do not
change during the run.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import sys
import time
from pathlib import Path

ENTRY = re.compile(r'^msgid "(Paragraph \d+ of article \d+[^"\\]*)"\nmsgstr "[^"\n]*"$',
                   re.MULTILINE)


def save(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.editor-{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def main() -> None:
    project, lang_file, pause, stop, seed = sys.argv[1:6]
    rng = random.Random(int(seed))
    files = sorted(Path(project, "po").glob(f"*/{lang_file}"))
    files = [path for path in files if path.parent.name != "site"]
    last: dict[str, dict[str, str]] = {}
    saved: dict[str, str] = {}
    saves = 0
    while not os.path.exists(stop):
        path = rng.choice(files)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            continue
        entries = list(ENTRY.finditer(text))
        if not entries:
            continue  # caught between two states of a file: try another
        match = rng.choice(entries)
        saves += 1
        token = f"EDIT-{saves}"
        text = text[: match.start()] + f'msgid "{match.group(1)}"\nmsgstr "{token}"' + \
            text[match.end():]
        save(path, text)
        last.setdefault(path.parent.name, {})[match.group(1)] = token
        saved[path.parent.name] = hashlib.sha256(text.encode("utf-8")).hexdigest()
        time.sleep(float(pause))
    print(json.dumps({"saves": saves, "last": last, "saved": saved}))


if __name__ == "__main__":
    main()
