"""``python -m pipeline``: the same as the ``localize`` command."""

from pipeline.cli import main

main()
