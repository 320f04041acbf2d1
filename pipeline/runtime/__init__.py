"""runtime: what every stage runs on, whatever it does.

Owns atomic writes and content digests (``files``), the project lock
(``lock``), progress on a terminal (``progress``), worker processes
(``parallel``), giving memory back between stages (``memory``), and skipping
unchanged work: versioned JSON cache tables (``cachefile``) and the
content-hash manifest (``manifest``).

May import: ``pipeline.errors`` only. It knows nothing of articles, PO files
or settings: what it needs of a project (its root, its cache folder, how many
worker processes) it is given.
"""
