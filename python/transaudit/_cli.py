"""The ``transaudit`` command installed by the Python package: the Rust
command line, run in this process by the extension module (same code as the
binary built by cargo)."""

import sys

from ._transaudit import run_cli


def main() -> None:
    """Entry point of the ``transaudit`` console script."""
    sys.stdout.flush()
    sys.exit(run_cli(["transaudit", *sys.argv[1:]]))


if __name__ == "__main__":
    main()
