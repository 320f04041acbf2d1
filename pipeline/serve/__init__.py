"""serve: the site on a local web server, rebuilt as files are saved, with a translator view.

The stage (``stage.serve``): builds the site into a folder of its own,
serves it over HTTP, rebuilds what a saved source or PO file changes
(``watch``) and tells open pages to reload; the translator view shows each
paragraph's state, English, findings and ``po/<slug>/<locale>.po:LINE``
(``overlay``, ``static/``). ``server`` is the HTTP side.

Why the build is handed in: assembling a page is the assemble stage's job,
and no stage imports another. ``cli`` (which may import every stage) gives
``serve`` a ``Rebuild`` callable that runs ``assemble.build.assemble`` with
``annotate=True`` on the settings ``serve`` chooses (its own output and
cache folders under the project's cache folder), so the published
``output/`` is never touched and nothing of the translator view reaches
it. What the overlay says of an entry comes from ``checks.attention``, the
layer below both, so it is the verdict assemble publishes by and the
findings validate reports.

May import: ``pipeline.checks``, ``pipeline.po``, ``pipeline.markdown``,
``pipeline.project``, ``pipeline.runtime``, ``pipeline.errors``; no stage.
"""
