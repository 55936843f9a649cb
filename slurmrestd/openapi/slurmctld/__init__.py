"""The slurmctld endpoints (/slurm/vX/...), version-agnostic, one module per resource.

design: a handler is handler(version, call): it calls the libslurm binding
under the request's identity and renders records with the version's tables;
failures become the reference's errors[] entries (common.errors).  A version
package (openapi/v0.0.3x) declares which handlers serve which routes; where a
version behaves differently it declares another handler, never a flag here.
The layout follows Slurm's own openapi/slurmctld plugin (jobs, nodes,
partitions, reservations, diag), which the data_parser versions (v0.0.40 on)
serve, so those versions can reuse these modules.
"""
