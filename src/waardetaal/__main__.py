"""``python -m waardetaal`` behaves exactly like the ``waardetaal`` command."""

from waardetaal.cli import main

main(prog_name="waardetaal")
