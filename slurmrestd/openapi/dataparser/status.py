"""The HTTP status of a failed data_parser request, from the error number that ended it.

design: the C daemons map the error number a handler returns to the status
they answer, 24.11 with a short list (anything else: 500), 26.05 with a longer
one and 422 for every slurmctld and slurmdbd error (the request was well
formed, the cluster refused it).  A version is answered the way of the
release we run on when that release's C daemon serves it, else the way of the
newest release that does (RECORDED_ON): on 22.05, v0.0.40 and v0.0.41 answer
as 24.11, v0.0.42 on as 26.05; on 24.11, v0.0.43 on as 26.05; on 26.05,
v0.0.40 and v0.0.41 as 24.11.  The numbers are slurm_errno.h's (the same in
every release; names in the comments).
"""

from __future__ import annotations

from slurmrestd import slurm

# The versions each release's C daemon serves, and the newest release serving each.
SERVES = {
    "24.11": ("v0.0.40", "v0.0.41", "v0.0.42"),
    "26.05": ("v0.0.42", "v0.0.43", "v0.0.44", "v0.0.45"),
}
NEWEST = {v: r for r, versions in SERVES.items() for v in versions}

BAD_REQUEST = "400 BAD REQUEST"
UNAUTHORIZED = "401 UNAUTHORIZED"
FORBIDDEN = "403 FORBIDDEN"
NOT_FOUND = "404 NOT FOUND"
NOT_ALLOWED = "405 NOT ALLOWED"
UNSUPPORTED_MEDIA_TYPE = "415 UNSUPPORTED MEDIA TYPE"
UNPROCESSABLE = "422 UNPROCESSABLE CONTENT"
INTERNAL = "500 INTERNAL ERROR"
BAD_GATEWAY = "502 BAD GATEWAY"
GATEWAY_TIMEOUT = "504 GATEWAY TIMEOUT"
NETWORK_AUTH = "511 Network Authentication Required"

# Failing to reach slurmctld or slurmdbd (SLURM_COMMUNICATIONS_*, SLURMCTLD_COMMUNICATIONS_*
# with BACKOFF, SLURM_PROTOCOL_SOCKET_ZERO_BYTES_SENT, ESLURM_DB_CONNECTION,
# ESLURM_PROTOCOL_INCOMPLETE_PACKET).
_GATEWAY = {1001, 1002, 1003, 1004, 1800, 1801, 1802, 1803, 1804, 5005, 7000, 5003}

R24_11 = {
    9000: UNPROCESSABLE,  # ESLURM_REST_INVALID_QUERY
    9001: BAD_REQUEST,  # ESLURM_REST_FAIL_PARSING
    9002: BAD_REQUEST,  # ESLURM_REST_INVALID_JOBS_DESC
    9204: UNSUPPORTED_MEDIA_TYPE,  # ESLURM_DATA_UNKNOWN_MIME_TYPE
    2017: NOT_FOUND,  # ESLURM_INVALID_JOB_ID
    **dict.fromkeys(_GATEWAY, BAD_GATEWAY),
    5004: GATEWAY_TIMEOUT,  # SLURM_PROTOCOL_SOCKET_IMPL_TIMEOUT
    1007: NETWORK_AUTH,  # SLURM_PROTOCOL_AUTHENTICATION_ERROR
}
R26_05 = {
    **R24_11,
    1: FORBIDDEN,  # EPERM
    9200: UNPROCESSABLE,  # ESLURM_DATA_PATH_NOT_FOUND
    9216: UNPROCESSABLE,  # ESLURM_DATA_PARSE_BAD_INPUT
    6000: UNAUTHORIZED,  # ESLURM_AUTH_CRED_INVALID
    6001: UNAUTHORIZED,  # ESLURM_AUTH_EXPIRED
    6008: UNAUTHORIZED,  # ESLURM_AUTH_SKIP
    6009: UNAUTHORIZED,  # ESLURM_AUTH_UNABLE_TO_GENERATE_TOKEN
}
# 26.05: the slurmctld errors (ESLURM_INVALID_PARTITION_NAME to ESLURM_INVALID_SLUID) and
# the slurmdbd ones (ESLURM_DB_CONNECTION to ESLURM_NO_RPC_STATS) not listed above.
_UNPROCESSABLE_26_05 = ((2000, 2185), (7000, 7013))


def rules(version: str) -> str:
    """The release whose C daemon's statuses a version follows on the release we run on."""
    here = slurm.release().name
    return here if version in SERVES.get(here, ()) else NEWEST.get(version, "26.05")


def of(rc: int, version: str) -> str:
    """The status of a request a handler ended with error number rc (non-zero)."""
    if rules(version) == "24.11":
        return R24_11.get(rc, INTERNAL)
    found = R26_05.get(rc)
    if found is not None:
        return found
    if any(low <= rc <= high for low, high in _UNPROCESSABLE_26_05):
        return UNPROCESSABLE
    return INTERNAL
