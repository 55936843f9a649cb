"""setup.py exists only to hand setuptools the cffi extension (metadata: pyproject.toml)."""

from setuptools import setup

setup(cffi_modules=["slurmrestd/slurm/_build.py:ffibuilder"])
