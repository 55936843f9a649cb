import sys

from slurmrestd.cli import run

sys.exit(run())
