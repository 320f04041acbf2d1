"""Work skipped by content hashes: only when inputs and outputs are as the manifest recorded."""

from __future__ import annotations

import dataclasses
import hashlib
import shutil
from pathlib import Path

import pytest
from conftest import make_project

from pipeline.assemble.build import assemble
from pipeline.extract.stage import extract
from pipeline.po import catalog, update
from pipeline.po import writer as poformat
from pipeline.project.settings import load_settings
from pipeline.runtime import manifest, parallel


def tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` but the cache and the lock, with the SHA-256 of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".localize-cache" not in p.parts and not p.name.startswith(".localize.lock")
    }


@pytest.fixture(autouse=True)
def forget_digests() -> None:
    """Each test starts as a new process would: nothing hashed yet."""
    manifest._SEEN.clear()


def test_second_extract_skips_every_article_and_reports_the_same(project: Path) -> None:
    settings = load_settings(project)
    first = extract(settings)
    before = tree(project)
    second = extract(settings)
    assert tree(project) == before
    assert (second.articles, second.entries, second.written) == (first.articles, first.entries, [])
    assert second.unchanged == first.unchanged + len(first.written)
    assert (project / ".localize-cache" / "manifest-extract.json").is_file()


def test_a_po_file_edited_by_hand_is_merged_again(project: Path) -> None:
    settings = load_settings(project)
    extract(settings)
    po = project / "po" / "how-we-translate" / "fr.po"
    text = po.read_text(encoding="utf-8")
    # A translator's tool wrote it differently: extract must notice and normalise it.
    po.write_text(text.replace('msgstr ""\n"', 'msgstr "', 1), encoding="utf-8")
    stats = extract(settings)
    assert "po/how-we-translate/fr.po" in stats.written
    assert po.read_text(encoding="utf-8") == text


def test_a_changed_source_is_extracted_again(project: Path) -> None:
    settings = load_settings(project)
    extract(settings)
    source = project / "source" / "how-we-translate.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nA new closing paragraph.\n",
                      encoding="utf-8")
    stats = extract(settings)
    assert "po/how-we-translate/how-we-translate.pot" in stats.written
    pot = (project / "po" / "how-we-translate" / "how-we-translate.pot").read_text(encoding="utf-8")
    assert 'msgid "A new closing paragraph."' in pot


@pytest.mark.parametrize("content", [b"", b"{not json", b'{"version": "other", "records": {}}',
                                     b'{"version": 1, "records": []}', b"\xff\xfe"])
def test_a_corrupt_or_foreign_manifest_means_do_the_work(project: Path, content: bytes) -> None:
    settings = load_settings(project)
    extract(settings)
    (project / "po" / "how-we-translate" / "ja.po").unlink()
    (project / ".localize-cache" / "manifest-extract.json").write_bytes(content)
    stats = extract(settings)
    assert "po/how-we-translate/ja.po" in stats.written
    assert not stats.errors


def test_second_assemble_writes_nothing_and_reports_the_same(project: Path) -> None:
    settings = load_settings(project)
    extract(settings)
    first = assemble(settings)
    before = tree(project)
    second = assemble(settings)
    assert tree(project) == before
    assert second.written == []
    assert [(p.slug, p.lang.code, p.describe()) for p in second.pages] == [
        (p.slug, p.lang.code, p.describe()) for p in first.pages]
    assert [str(r) for r in second.refusals] == [str(r) for r in first.refusals]
    assert second.site_index == first.site_index


def test_a_deleted_page_or_changed_translation_is_built_again(project: Path) -> None:
    settings = load_settings(project)
    extract(settings)
    assemble(settings)
    page = project / "output" / "en" / "how-we-translate.html"
    page.unlink()
    stats = assemble(settings)
    assert "output/en/how-we-translate.html" in stats.written
    po = project / "po" / "how-we-translate" / "fr.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgstr ""\n\n', 'msgstr "Traduit"\n\n', 2), encoding="utf-8")
    stats = assemble(settings)
    assert "output/fr/how-we-translate.md" in stats.written  # published now it has a translation


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_worker_processes_give_the_same_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              method: str) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # both runs in the same minute
    # Workers are forked from a small process, spawned from a big one: force each way.
    monkeypatch.setattr(parallel, "FORK_BELOW_MB", 10**6 if method == "fork" else 0)
    assert parallel.start_method().get_start_method() == method
    roots = []
    for name, workers in (("one", 1), ("two", 2)):
        root = make_project(tmp_path / name)
        for article in sorted((Path(__file__).parent.parent / "source").glob("*.md")):
            text = article.read_text(encoding="utf-8")
            for copy in range(3):
                (root / "source" / f"{article.stem}-{copy}.md").write_text(
                    text.replace(f"slug: {article.stem}\n", ""), encoding="utf-8")
        settings = dataclasses.replace(load_settings(root), workers=workers)
        extract(settings)
        stats = assemble(settings)
        assert not stats.errors
        roots.append(root)
    one, two = (tree(root) for root in roots)
    assert len(one) > 40
    assert one == two


def test_two_sources_with_one_slug_are_an_error_not_a_race(project: Path) -> None:
    shutil.copy(project / "source" / "how-we-translate.md", project / "source" / "zz-copy.md")
    stats = extract(load_settings(project))
    assert [str(e) for e in stats.errors] == [
        "source/zz-copy.md: slug 'how-we-translate' is already used by "
        "source/how-we-translate.md; give one of them another slug"]


def fill(project: Path) -> None:
    """Translate every entry (the text reversed) so that merges have work to do."""
    for path in sorted(project.glob("po/*/*.po")):
        if path.parent.name == "site":
            continue
        po = catalog.load_po(path)
        for entry in po:
            entry.msgstr = entry.msgid[::-1]
        catalog.save_po(po, path)


def test_entries_reused_from_files_we_wrote_give_the_same_files(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    trees = []
    for name, keep_cache in (("reused", True), ("formatted", False)):
        root = make_project(tmp_path / name)
        for article in sorted((Path(__file__).parent.parent / "source").glob("*.md")):
            shutil.copy(article, root / "source" / article.name)
        settings = load_settings(root)
        extract(settings)
        fill(root)
        extract(settings)  # records the filled files as written by extract
        source = root / "source" / "how-we-translate.md"
        text = source.read_text(encoding="utf-8")
        source.write_text(text.replace("Every article on ZeroOpposite", "Each article on ZO", 1)
                          .replace("\n## ", "\nAn inserted paragraph.\n\n## ", 1), encoding="utf-8")
        if not keep_cache:
            shutil.rmtree(root / ".localize-cache")
        manifest._SEEN.clear()
        stats = extract(settings)
        assert "po/how-we-translate/fr.po" in stats.written
        trees.append(tree(root))
    assert trees[0] == trees[1]


def test_every_entry_reused_is_what_the_writer_gives(tmp_path: Path) -> None:
    root = Path(__file__).parent.parent
    checked = 0
    for path in sorted(root.glob("po/*/*.po")):
        copy = tmp_path / f"{path.parent.name}-{path.name}"
        copy.write_text(catalog.render_po(catalog.load_po(path)), encoding="utf-8")
        po = catalog.load_po(copy)
        known = update.written_entries(copy.read_bytes(), po)
        for entry in po:
            block = known.get(poformat.entry_key(entry))
            if block is not None:
                assert block == poformat.format_entry(entry)
                checked += 1
    assert checked > 100
