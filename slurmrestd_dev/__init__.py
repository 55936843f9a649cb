"""Development tools of slurmrestd, apart from the daemon's runtime package.

``lab`` (slurm-lab: a real Slurm cluster on this machine, standard library only) and
``loadtest`` (slurmrestd-loadtest; needs the ``loadtest`` extra). The daemon never
imports them.
"""
