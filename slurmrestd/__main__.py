import sys

from slurmrestd.cli import main

sys.exit(main())
