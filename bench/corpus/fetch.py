"""Fetch the benchmark corpora from the package registries, pinned and hash-checked.

Two corpora of real Markdown written outside this project, committed so that
nothing needs the network to use them:

- ``bench/corpus/`` (``readmes``): package READMEs (npm tarballs and PyPI sdists);
- ``bench/corpus-docs/`` (``docs``): documentation pages and changelogs from the
  same kind of archives (``docs/**/*.md``, ``CHANGELOG.md`` …), not READMEs.

Each folder holds the documents, ``MANIFEST.tsv`` (one row per document: its
file and SHA-256, the registry, package, pinned version, the path inside the
package's archive, the archive's file name and SHA-256, the licence's SPDX
expression and the licence file copied from the same archive) and
``LICENSES/`` (each package's own licence text, as its licence requires).

Usage::

    python bench/corpus/fetch.py                # verify: download every pinned archive,
                                                # check its SHA-256 and every committed file
    python bench/corpus/fetch.py --write        # the same, and (re)write the documents
    python bench/corpus/fetch.py --select       # choose the corpora afresh from CANDIDATES.tsv
                                                # (how they were made; rewrites the manifests)

Archives are fetched with the registries' own clients (``npm pack NAME@VERSION``,
``pip download --no-deps --no-binary :all: NAME==VERSION``) into ``--cache``
(kept between runs) and never committed. Only packages whose licence is in
``ALLOWED`` (permissive, redistribution allowed) and whose archive carries a
licence file are used.
"""

from __future__ import annotations

import argparse
import csv
import fnmatch
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Iterable
from dataclasses import dataclass
from email.parser import HeaderParser
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCH = HERE.parent
FOLDERS = {"readmes": BENCH / "corpus", "docs": BENCH / "corpus-docs"}
CANDIDATES = HERE / "CANDIDATES.tsv"
COLUMNS = ("file", "sha256", "bytes", "registry", "package", "version", "path", "archive",
           "archive_sha256", "license", "license_file")

ALLOWED = {
    "MIT", "MIT-0", "ISC", "0BSD", "BSD-2-Clause", "BSD-3-Clause", "Apache-2.0", "PSF-2.0",
    "Python-2.0", "CC-BY-3.0", "CC-BY-4.0", "CC0-1.0", "BlueOak-1.0.0", "Unlicense", "Zlib",
}
"""SPDX ids whose terms allow redistributing the documents with the licence text."""

_CLASSIFIERS = {
    "MIT License": "MIT", "BSD License": "BSD-3-Clause", "Apache Software License": "Apache-2.0",
    "ISC License (ISCL)": "ISC", "Python Software Foundation License": "PSF-2.0",
    "MIT No Attribution License (MIT-0)": "MIT-0",
}
_LICENSE_FILE = re.compile(r"(?:licen[cs]e|copying)(?:[-._][\w.-]*)?(?:\.(?:md|txt|rst))?", re.I)

MIN_BYTES = 300
MAX_BYTES = 150_000
READMES = 240
"""How many READMEs --select keeps (the first that qualify, in CANDIDATES.tsv order)."""


@dataclass
class Candidate:
    corpus: str
    registry: str
    package: str
    version: str
    patterns: list[str]
    cap: int


@dataclass
class Archive:
    registry: str
    package: str
    version: str
    path: Path

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()

    def open(self) -> tarfile.TarFile:
        return tarfile.open(self.path)


# --- downloading -----------------------------------------------------------------------


def download(registry: str, specs: list[tuple[str, str]], cache: Path
             ) -> dict[tuple[str, str], Path]:
    """(package, version) → archive in ``cache``, fetching the missing ones."""
    folder = cache / registry
    folder.mkdir(parents=True, exist_ok=True)
    found: dict[tuple[str, str], Path] = {}
    missing = []
    for package, version in specs:
        path = _cached(folder, registry, package, version)
        if path:
            found[package, version] = path
        else:
            missing.append((package, version))
    if registry == "npm":
        for start in range(0, len(missing), 40):
            batch = missing[start : start + 40]
            result = subprocess.run(
                ["npm", "pack", "--json", "--ignore-scripts", "--pack-destination", str(folder),
                 *(f"{p}@{v}" for p, v in batch)], capture_output=True, text=True)
            if result.returncode:
                print(result.stderr[-2000:], file=sys.stderr)
                raise SystemExit(f"npm pack failed for {batch}")
    elif registry == "pypi":
        for package, version in missing:
            print(f"  pip download {package}=={version}", flush=True)
            result = subprocess.run(
                [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:",
                 "-d", str(folder), f"{package}=={version}"], capture_output=True, text=True)
            if result.returncode:
                print(result.stderr[-2000:], file=sys.stderr)
                raise SystemExit(f"pip download failed for {package}=={version}")
    else:
        raise SystemExit(f"unknown registry {registry!r}")
    for package, version in missing:
        path = _cached(folder, registry, package, version)
        if path is None:
            raise SystemExit(f"{registry} {package} {version}: no archive after download")
        found[package, version] = path
    return found


def _cached(folder: Path, registry: str, package: str, version: str) -> Path | None:
    if registry == "npm":  # npm pack names @scope/name as scope-name-version.tgz
        path = folder / f"{package.lstrip('@').replace('/', '-')}-{version}.tgz"
        return path if path.exists() else None
    wanted = re.sub(r"[-_.]+", "_", package).lower()
    for path in folder.glob("*.tar.gz"):
        name, _, rest = path.name[: -len(".tar.gz")].rpartition("-")
        if re.sub(r"[-_.]+", "_", name).lower() == wanted and rest == version:
            return path
    return None


# --- licences --------------------------------------------------------------------------


def licence_of(archive: Archive, tar: tarfile.TarFile) -> str:
    """The package's licence as an SPDX expression ('' when it says none we can read)."""
    if archive.registry == "npm":
        meta = json.load(tar.extractfile("package/package.json"))  # type: ignore[arg-type]
        value = meta.get("license") or meta.get("licenses") or ""
        if isinstance(value, dict):
            value = value.get("type", "")
        if isinstance(value, list):
            value = " OR ".join(str(v.get("type", v) if isinstance(v, dict) else v) for v in value)
        return str(value).strip()
    info = next((m for m in tar.getnames() if m.count("/") == 1 and m.endswith("/PKG-INFO")), None)
    if info is None:
        return ""
    headers = HeaderParser().parsestr(tar.extractfile(info).read().decode("utf-8", "replace"))  # type: ignore[union-attr]
    if headers.get("License-Expression"):
        return str(headers["License-Expression"]).strip()
    for classifier in headers.get_all("Classifier") or []:
        if classifier.startswith("License :: OSI Approved :: "):
            name = classifier.rsplit(" :: ", 1)[1]
            if name in _CLASSIFIERS:
                return _CLASSIFIERS[name]
    short = str(headers.get("License", "")).strip()
    return short if short in ALLOWED else ""


def allowed(expression: str) -> bool:
    """Whether an SPDX expression lets us redistribute (any OR branch whose parts all are)."""
    text = expression.replace("(", " ").replace(")", " ")
    return any(all(part.strip() in ALLOWED for part in re.split(r"\s+AND\s+", branch))
               for branch in re.split(r"\s+OR\s+", text) if branch.strip())


def licence_file(tar: tarfile.TarFile) -> str | None:
    """The archive's top-level licence file (shortest name first), if any."""
    found = [m.name for m in tar.getmembers() if m.isfile() and m.name.count("/") == 1
             and _LICENSE_FILE.fullmatch(m.name.split("/", 1)[1])]
    return min(found, key=lambda name: (len(name), name)) if found else None


# --- choosing documents ------------------------------------------------------------------


def read_candidates() -> list[Candidate]:
    rows = []
    for line in CANDIDATES.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        corpus, registry, package, version, patterns, cap = line.split("\t")
        rows.append(Candidate(corpus, registry, package, version, patterns.split(","), int(cap)))
    return rows


def _matches(member: str, patterns: list[str]) -> bool:
    inner = member.split("/", 1)[1] if "/" in member else member
    return any(fnmatch.fnmatchcase(inner.lower(), pattern.lower()) for pattern in patterns)


def _spread(items: list[str], cap: int) -> list[str]:
    """At most ``cap`` of ``items``, evenly spaced (so every part of a docs tree is sampled)."""
    if len(items) <= cap:
        return items
    return [items[(i * len(items)) // cap] for i in range(cap)]


def _file_name(candidate: Candidate, member: str) -> str:
    inner = member.split("/", 1)[1]
    base = candidate.package.lstrip("@").replace("/", "-")
    if candidate.corpus == "readmes":
        stem = f"{candidate.registry}-{base}"
    else:
        stem = f"{base}--{inner[: -len('.md')]}"
    return re.sub(r"-{3,}", "--", re.sub(r"[^a-z0-9-]+", "-", stem.lower())).strip("-") + ".md"


def select(cache: Path) -> None:
    candidates = read_candidates()
    by_registry: dict[str, list[tuple[str, str]]] = {}
    for c in candidates:
        by_registry.setdefault(c.registry, []).append((c.package, c.version))
    archives = {}
    for registry, specs in by_registry.items():
        for (package, version), path in download(registry, specs, cache).items():
            archives[registry, package, version] = Archive(registry, package, version, path)
    for corpus, folder in FOLDERS.items():
        rows: list[dict[str, str]] = []
        texts: dict[str, bytes] = {}
        licences: dict[str, bytes] = {}
        seen: set[str] = set()
        skipped: dict[str, int] = {}
        for c in (c for c in candidates if c.corpus == corpus):
            if corpus == "readmes" and len(rows) >= READMES:
                break
            archive = archives[c.registry, c.package, c.version]
            with archive.open() as tar:
                expression = licence_of(archive, tar)
                if not allowed(expression):
                    skipped[f"licence {expression or 'unknown'}"] = skipped.get(
                        f"licence {expression or 'unknown'}", 0) + 1
                    continue
                lic = licence_file(tar)
                if lic is None:
                    skipped["no licence file"] = skipped.get("no licence file", 0) + 1
                    continue
                members = sorted(m.name for m in tar.getmembers() if m.isfile()
                                 and m.name.lower().endswith(".md")
                                 and "/node_modules/" not in m.name
                                 and _matches(m.name, c.patterns))
                good = []
                for member in members:
                    data = tar.extractfile(member).read()  # type: ignore[union-attr]
                    digest = hashlib.sha256(data).hexdigest()
                    try:
                        data.decode("utf-8")
                    except UnicodeDecodeError:
                        continue
                    if MIN_BYTES <= len(data) <= MAX_BYTES and digest not in seen:
                        good.append(member)
                        texts[member + "@" + c.package] = data
                        seen.add(digest)
                chosen = _spread(good, c.cap)
                if not chosen:
                    continue
                licence_name = (f"LICENSES/{c.registry}-{c.package.lstrip('@').replace('/', '-')}"
                                f"-{c.version}.txt")
                licences[licence_name] = tar.extractfile(lic).read()  # type: ignore[union-attr]
                for member in chosen:
                    data = texts[member + "@" + c.package]
                    rows.append({
                        "file": _file_name(c, member), "sha256": hashlib.sha256(data).hexdigest(),
                        "bytes": str(len(data)), "registry": c.registry, "package": c.package,
                        "version": c.version, "path": member.split("/", 1)[1],
                        "archive": archive.path.name, "archive_sha256": archive.sha256,
                        "license": expression, "license_file": licence_name,
                    })
                    texts[rows[-1]["file"]] = data
        names = [r["file"] for r in rows]
        if len(set(names)) != len(names):
            raise SystemExit(f"{corpus}: two documents would share a file name")
        if folder.exists():
            for old in folder.glob("*.md"):
                old.unlink()
            shutil.rmtree(folder / "LICENSES", ignore_errors=True)
        (folder / "LICENSES").mkdir(parents=True, exist_ok=True)
        for row in rows:
            (folder / row["file"]).write_bytes(texts[row["file"]])
        for name, data in licences.items():
            (folder / name).write_bytes(data)
        write_manifest(folder, rows)
        total = sum(int(r["bytes"]) for r in rows)
        print(f"{corpus}: {len(rows)} documents from {len({r['package'] for r in rows})} packages, "
              f"{total / 1e6:.2f} MB; left out: {skipped or 'none'}")


# --- the manifest --------------------------------------------------------------------------


def read_manifest(folder: Path) -> list[dict[str, str]]:
    with (folder / "MANIFEST.tsv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def write_manifest(folder: Path, rows: Iterable[dict[str, str]]) -> None:
    with (folder / "MANIFEST.tsv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def verify(cache: Path, write: bool, corpora: list[str]) -> int:
    """Download every pinned archive and check its hash and every document's; problems found."""
    problems = 0
    for corpus in corpora:
        folder = FOLDERS[corpus]
        rows = read_manifest(folder)
        by_registry: dict[str, set[tuple[str, str]]] = {}
        for row in rows:
            by_registry.setdefault(row["registry"], set()).add((row["package"], row["version"]))
        archives: dict[tuple[str, str], Path] = {}
        for registry, specs in by_registry.items():
            archives.update(download(registry, sorted(specs), cache))
        digests = {key: hashlib.sha256(path.read_bytes()).hexdigest()
                   for key, path in archives.items()}
        for row in rows:
            key = (row["package"], row["version"])
            if digests[key] != row["archive_sha256"]:
                print(f"{corpus}: {row['registry']} {key[0]} {key[1]}: archive SHA-256 "
                      f"{digests[key]}, manifest says {row['archive_sha256']}")
                problems += 1
                continue
            with tarfile.open(archives[key]) as tar:
                top = tar.getnames()[0].split("/", 1)[0]
                data = tar.extractfile(f"{top}/{row['path']}").read()  # type: ignore[union-attr]
            if hashlib.sha256(data).hexdigest() != row["sha256"]:
                print(f"{corpus}: {row['file']}: {row['path']} in the archive does not match")
                problems += 1
                continue
            target = folder / row["file"]
            if write:
                target.write_bytes(data)
            elif not target.exists() or target.read_bytes() != data:
                print(f"{corpus}: {row['file']} differs from {row['path']} in {row['archive']}")
                problems += 1
        print(f"{corpus}: {len(rows)} documents from {len(archives)} archives checked")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "localize-corpus",
                        help="Where archives are downloaded and kept (default: %(default)s).")
    parser.add_argument("--corpus", choices=("readmes", "docs", "all"), default="all")
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--write", action="store_true",
                        help="Rewrite the documents from the verified archives.")
    action.add_argument("--select", action="store_true",
                        help="Choose both corpora afresh from CANDIDATES.tsv (rewrites manifests).")
    args = parser.parse_args()
    if args.select:
        select(args.cache)
        return
    corpora = list(FOLDERS) if args.corpus == "all" else [args.corpus]
    problems = verify(args.cache, args.write, corpora)
    if problems:
        raise SystemExit(f"{problems} problem(s)")
    print("every archive and document matches its manifest")


if __name__ == "__main__":
    main()
