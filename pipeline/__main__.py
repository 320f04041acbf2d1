"""``python -m pipeline``: the same as the ``localize`` command."""

from pipeline.cli import main

if __name__ == "__main__":  # not when a spawned worker process imports this module
    main()
