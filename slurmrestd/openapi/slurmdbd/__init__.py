"""The slurmdbd endpoints (/slurmdb/vX/...), version-agnostic, one module per resource.

design: a handler is handler(ctx) -> rc and runs inside one slurmdbd
connection of the request (context.Ctx).  Handlers follow the reference's
flow step by step because clients see its details: which queries run in
which order, which response keys exist when a step fails, the errors[]
entries, and the return code that becomes the HTTP status.  A version package
(openapi/dbv0.0.3x) declares which handlers serve which routes; where a
version behaves differently it declares another handler (or another function
its handlers are given), never a flag here.  The layout follows Slurm's own
openapi/slurmdbd plugin, which the data_parser versions (v0.0.40 on) serve.
"""
