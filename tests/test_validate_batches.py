"""validate reads files one by one and checks entries in batches: same report, flat memory.

The batch size is made tiny here so that a small project goes through every
path: several batches in flight, worker processes (started fresh, not
forked), results taken in while later files are read, and the entry
database reused, rebuilt when corrupt, and pruned.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from validate_project import HOW, POWER, build, edit, fill

from pipeline.checks.cache import ENTRIES_FILENAME
from pipeline.project.settings import load_settings
from pipeline.validate import stage as validate_module
from pipeline.validate.stage import validate


def _report(folder: Path, use_cache: bool = True,
            workers: int = 0) -> tuple[list[tuple[object, ...]], int, int]:
    report = validate(load_settings(folder, workers=workers), use_cache=use_cache)
    problems = [(p.location, p.check, p.severity, p.message, p.language, p.msgid)
                for p in report.problems]
    return problems, report.entries, report.exit_code


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = build(tmp_path, ("de", "ja", "fr"))
    fill(folder, HOW, "de", leave_english=["intro"])
    fill(folder, POWER, "de")
    fill(folder, HOW, "fr")
    return folder


@pytest.fixture
def one_batch(project: Path) -> tuple[list[tuple[object, ...]], int, int]:
    """The report with everything in one batch, checked in this process."""
    return _report(project, use_cache=False)


def test_small_batches_in_worker_processes_report_the_same(
    project: Path, one_batch: tuple[list[tuple[object, ...]], int, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(validate_module, "_BATCH", 7)
    monkeypatch.setattr(validate_module, "_IN_FLIGHT", 1)
    problems, entries, code = _report(project, use_cache=False, workers=2)
    assert problems and entries > 7 * 10
    assert sorted(map(repr, problems)) == sorted(map(repr, one_batch[0]))
    assert (entries, code) == one_batch[1:]


def test_without_worker_processes_the_report_is_the_same(
    project: Path, one_batch: tuple[list[tuple[object, ...]], int, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(validate_module, "_BATCH", 5)
    problems, entries, code = _report(project, workers=1)
    assert sorted(map(repr, problems)) == sorted(map(repr, one_batch[0]))
    assert (entries, code) == one_batch[1:]


def test_what_waits_for_checking_stays_within_a_few_batches(
    project: Path, one_batch: tuple[list[tuple[object, ...]], int, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(validate_module, "_BATCH", 7)
    monkeypatch.setattr(validate_module, "_IN_FLIGHT", 1)
    sizes: list[int] = []
    in_flight: list[int] = []
    send = validate_module._Checker.send

    def recording(checker: validate_module._Checker, batch: dict[str, object]) -> None:
        sizes.append(len(batch))
        send(checker, batch)  # type: ignore[arg-type]
        in_flight.append(len(checker.jobs))

    monkeypatch.setattr(validate_module._Checker, "send", recording)
    problems, entries, code = _report(project, use_cache=False, workers=1)
    assert len(sizes) > 3 and max(sizes) == 7  # an article has far more than 7 entries
    assert max(in_flight) <= 2
    assert sorted(map(repr, problems)) == sorted(map(repr, one_batch[0]))
    assert (entries, code) == one_batch[1:]


def _rows(folder: Path) -> int:
    database = sqlite3.connect(folder / ".localize-cache" / ENTRIES_FILENAME)
    try:
        return int(database.execute("SELECT count(*) FROM results").fetchone()[0])
    finally:
        database.close()


def test_entry_results_are_reused_when_a_file_changes(
    project: Path, one_batch: tuple[list[tuple[object, ...]], int, int],
) -> None:
    assert _report(project) == one_batch
    rows = _rows(project)
    assert rows > 0
    edit(project, HOW, "fr", lambda entry, key: setattr(entry, "msgstr", "") if key == "word"
         else None)
    settings = load_settings(project)
    report = validate(settings)
    # Only the edited entry of the changed file is checked again: the others come from the
    # database, the unchanged files from the file records.
    assert report.cached == report.entries - 1


@pytest.mark.parametrize("content", [b"", b"SQLite format 3\0garbage" * 40, b"\0\1\2", None])
def test_a_broken_entry_database_is_rebuilt(
    project: Path, one_batch: tuple[list[tuple[object, ...]], int, int], content: bytes | None,
) -> None:
    assert _report(project) == one_batch
    cache = project / ".localize-cache"
    (cache / "validate-results.json").unlink()  # so that entries are looked up
    database = cache / ENTRIES_FILENAME
    for name in (ENTRIES_FILENAME + "-wal", ENTRIES_FILENAME + "-shm"):
        (cache / name).unlink(missing_ok=True)
    database.unlink()
    if content is None:
        database.mkdir()
    else:
        database.write_bytes(content)
    assert _report(project) == one_batch
    if content is not None:
        assert _rows(project) > 0


def test_the_entry_database_drops_the_least_recently_used_rows(tmp_path: Path) -> None:
    from pipeline.checks.cache import EntryStore

    path = tmp_path / ENTRIES_FILENAME
    old = EntryStore(path)
    old.put_many((f"old{i}", []) for i in range(100))
    old.close(keep=1000)
    reused = EntryStore(path)
    assert set(reused.get_many([f"old{i}" for i in range(10)])) == {f"old{i}" for i in range(10)}
    reused.put_many((f"new{i}", []) for i in range(20))
    reused.close(keep=20)  # 120 rows > 2 x 20: down to 20 of the 30 this run used
    database = sqlite3.connect(path)
    kept = {row[0] for row in database.execute("SELECT key FROM results")}
    database.close()
    assert len(kept) == 20
    assert kept <= {f"old{i}" for i in range(10)} | {f"new{i}" for i in range(20)}


def test_worker_processes_do_not_outlive_a_killed_validate(tmp_path: Path) -> None:
    """SIGKILL the validating process while its workers check: they are gone soon after."""
    import os
    import signal
    import subprocess
    import sys
    import time

    script = tmp_path / "slow.py"
    script.write_text(
        "import time\n"
        "from pipeline.validate import stage as validate\n"
        "if __name__ == '__main__':\n"
        "    checker = validate._Checker((), 2)\n"
        "    pool = checker._start()\n"
        "    futures = [pool.submit(time.sleep, 60) for _ in range(2)]\n"
        "    while not all(p.is_alive() for p in pool._processes.values()) or len(pool._processes) < 2:\n"
        "        time.sleep(0.1)\n"
        "    time.sleep(1)  # the tasks are running\n"
        "    print(' '.join(str(p) for p in pool._processes), flush=True)\n"
        "    time.sleep(60)\n",
        encoding="utf-8",
    )
    process = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    workers = [int(pid) for pid in process.stdout.readline().split()]
    assert len(workers) == 2
    process.send_signal(signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 10
    alive = workers
    while alive and time.monotonic() < deadline:
        time.sleep(0.2)
        alive = [pid for pid in workers if _running(pid)]
    for pid in alive:  # do not leave them behind even when the test fails
        os.kill(pid, signal.SIGKILL)
    assert alive == []


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().split(") ")[1][0] != "Z"
    except OSError:
        return False
