"""init: start a project in a folder, the way ``mkdocs new`` and ``hugo new site`` do.

The stage (``stage.init_project``) writes the configuration, an example
article, ``.gitignore`` lines, a CI workflow and a static-site generator's
configuration snippet from the files in ``files/``; it never overwrites a
file. A stage: it imports no other stage, only the layers below
(``pipeline.project`` and under).
"""
