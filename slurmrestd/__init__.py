"""slurmrestd: Slurm's REST API daemon, in Python."""

__version__ = "0.1.0"
