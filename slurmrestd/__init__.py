"""slurmrestd: Slurm's REST API daemon, in Python."""

__version__ = "0.1.0"
# The Slurm release whose slurmrestd this daemon replaces (reported by -V and in `meta`).
REFERENCE_RELEASE = "22.05.8"
