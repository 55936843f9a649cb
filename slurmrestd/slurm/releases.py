"""What differs between the Slurm releases the binding builds against, stated once.

design: the binding's declarations (``_build.py``) are Slurm 22.05's; each
later release is stated here as its differences from the release before it:
fields of those declarations it lacks, has under another type, or adds;
condition fields that became bits of a ``flags`` field (the layers above keep
asking for ``with_deleted`` and the binding sets that release's bit); names of
constants it does not define (built as 0, "no bit") or defines under another
name; C aliases for calls that were renamed or changed signature; and the two
private layouts the binding copies from libslurm's sources (job_resources, the
head of the persistent slurmdbd connection), which no installed header
carries and which a wrong copy would misread without a compiler error.
``_build.py`` picks the release from the headers' SLURM_VERSION_NUMBER and
refuses one that is not listed here.  This module is plain data: the build
loads it by path, before the package exists.

A new release: add a ``Release`` derived from the last one, build against its
headers, and add what the compiler reports missing; copy both private layouts
from that release's sources (src/common/job_resources.h,
src/common/persist_conn.h) and run tests/lab/test_binding_layouts.py inside
its root, which reads a known record through each of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

# {struct type: {field: its declaration in this release, or None when it has none}}
Fields = Mapping[str, Mapping[str, str | None]]
# {condition type: {22.05 field: the constant naming its bit of the condition's flags}}
CondFlags = Mapping[str, Mapping[str, str]]
# {struct type: {22.05 field: where the release keeps it ("step_id.job_id")}}
Moved = Mapping[str, Mapping[str, str]]
# {struct type: {22.05 field the release lacks: what 22.05 holds when that field is unset}}
Unset = Mapping[str, Mapping[str, int]]
# {struct type: fields the release declares that 22.05 does not have}
Added = Mapping[str, frozenset[str]]

# The select plugin's per-node data (allocated CPUs, memory, TRES), which 26.05 puts
# in node_info_t itself.
SELECT_NODEINFO = """
typedef struct dynamic_plugin_data dynamic_plugin_data_t;
enum select_nodedata_type {
    SELECT_NODEDATA_SUBCNT = 2,
    SELECT_NODEDATA_MEM_ALLOC = 8,
    SELECT_NODEDATA_TRES_ALLOC_FMT_STR = 9,
    SELECT_NODEDATA_TRES_ALLOC_WEIGHTED = 10,
    ...
};
int slurm_get_select_nodeinfo(dynamic_plugin_data_t *nodeinfo, int data_type, int state,
                              void *data);
char *select_plugin_id_to_string(int plugin_id);
"""
# The C declarations of those calls that no installed header carries.
SELECT_NODEINFO_EXTERNS = "extern char *select_plugin_id_to_string(int plugin_id);\n"

# slurmdbd's ping and cloud instances (24.11 on; 22.05 has neither).
DB_CALLS = """
typedef struct {
    char *hostname;
    bool pinged;
    long latency;
    int offset;
    ...;
} slurmdbd_ping_t;
slurmdbd_ping_t *slurmdb_ping_all(void);
typedef struct {
    List cluster_list;
    List extra_list;
    List format_list;
    List instance_id_list;
    List instance_type_list;
    char *node_list;
    time_t time_end;
    time_t time_start;
} slurmdb_instance_cond_t;
typedef struct {
    char *cluster;
    char *extra;
    char *instance_id;
    char *instance_type;
    char *node_name;
    time_t time_end;
    time_t time_start;
} slurmdb_instance_rec_t;
List slurmdb_instances_get(void *db_conn, slurmdb_instance_cond_t *instance_cond);
"""
# 26.05 adds each ping's return code.
DB_CALLS_RC = DB_CALLS.replace("int offset;", "int offset;\n    int rc;")


@dataclass(frozen=True)
class Release:
    """One Slurm release (major.minor) as the binding declares it."""

    name: str
    # SLURM_VERSION_NUMBER without the micro part (0xMMmm00).
    version: int
    # libslurm's private struct job_resources (src/common/job_resources.h).
    job_resources: str
    # The head of the private persistent connection up to its socket, which
    # the binding calls ``fd`` whatever the release names it.
    persist_conn_head: str
    fields: Fields = field(default_factory=dict)
    cond_flags: CondFlags = field(default_factory=dict)
    moved: Moved = field(default_factory=dict)
    # Fields of 22.05 the release lacks, read as 22.05's unset value (the API versions
    # keep 22.05's documents: old clients find the key with its type and the value they
    # know as "unset"), and fields the release alone has (left out of those documents).
    unset: Unset = field(default_factory=dict)
    added: Added = field(default_factory=dict)
    # cffi declarations of calls (and their types) that only some releases have.
    calls: str = SELECT_NODEINFO
    call_externs: str = SELECT_NODEINFO_EXTERNS
    # Constants of slurmrestd.slurm.constants this release does not define.
    absent: frozenset[str] = frozenset()
    # cffi declarations of the types this release's fields use that 22.05 lacks.
    types: str = ""
    # C text given to the compiler after the headers: typedefs of renamed types,
    # #defines of renamed constants and calls.
    aliases: str = ""
    # {data_parser version this release's C slurmrestd serves: the operations
    # ("METHOD /path") it lacks there that later releases added to that version}
    rest_lacks: Mapping[str, frozenset[str]] = field(default_factory=dict)


def _merge(base: Mapping[str, Mapping[str, str | None]], more: Fields) -> Fields:
    merged = {name: dict(decls) for name, decls in base.items()}
    for name, decls in more.items():
        merged.setdefault(name, {}).update(decls)
    return MappingProxyType({name: MappingProxyType(d) for name, d in merged.items()})


def derive(
    base: Release,
    name: str,
    version: int,
    *,
    job_resources: str | None = None,
    persist_conn_head: str | None = None,
    fields: Fields | None = None,
    cond_flags: CondFlags | None = None,
    moved: Moved | None = None,
    unset: Unset | None = None,
    added: Added | None = None,
    calls: str | None = None,
    call_externs: str | None = None,
    absent: frozenset[str] = frozenset(),
    present: frozenset[str] = frozenset(),
    types: str = "",
    aliases: str = "",
    rest_lacks: Mapping[str, frozenset[str]] | None = None,
) -> Release:
    """A release stated as its differences from base (present: names base lacked)."""
    return Release(
        name=name,
        version=version,
        job_resources=job_resources or base.job_resources,
        persist_conn_head=persist_conn_head or base.persist_conn_head,
        fields=_merge(base.fields, fields or {}),
        cond_flags=_merge(base.cond_flags, cond_flags or {}),  # type: ignore[arg-type]
        moved=_merge(base.moved, moved or {}),  # type: ignore[arg-type]
        unset=_merge(base.unset, unset or {}),  # type: ignore[arg-type]
        added={**base.added, **(added or {})},
        calls=base.calls if calls is None else calls,
        call_externs=base.call_externs if call_externs is None else call_externs,
        absent=(base.absent - present) | absent,
        types=base.types + types,
        aliases=base.aliases + aliases,
        rest_lacks=base.rest_lacks if rest_lacks is None else rest_lacks,
    )


# Constants that only the releases after 22.05 define: the bits that replaced the
# Boolean fields of the accounting conditions (and two error numbers).
_COND_FLAG_NAMES = frozenset(
    {
        "ASSOC_COND_FLAG_WITH_DELETED",
        "ASSOC_COND_FLAG_WITH_USAGE",
        "ASSOC_COND_FLAG_ONLY_DEFS",
        "ASSOC_COND_FLAG_RAW_QOS",
        "ASSOC_COND_FLAG_SUB_ACCTS",
        "ASSOC_COND_FLAG_WOPI",
        "ASSOC_COND_FLAG_WOPL",
        "SLURMDB_ACCT_FLAG_WASSOC",
        "SLURMDB_ACCT_FLAG_WCOORD",
        "QOS_COND_FLAG_WITH_DELETED",
        # and the data_parser's errors of 24.11 on
        "ESLURM_DATA_FLAGS_INVALID_TYPE",
        "ESLURM_DATA_FLAGS_INVALID",
        "ESLURM_DATA_EXPECTED_LIST",
        "ESLURM_DATA_EXPECTED_DICT",
        "ESLURM_DATA_AMBIGUOUS_MODIFY",
        "ESLURM_DATA_AMBIGUOUS_QUERY",
    }
)

# slurm.h's NO_VAL (this module is loaded before the package's constants exist).
_NO_VAL = 0xFFFFFFFE

R22_05 = Release(
    name="22.05",
    version=0x160500,
    job_resources="""
    bitstr_t *core_bitmap;
    bitstr_t *core_bitmap_used;
    uint32_t cpu_array_cnt;
    uint16_t *cpu_array_value;
    uint32_t *cpu_array_reps;
    uint16_t *cpus;
    uint16_t *cpus_used;
    uint16_t *cores_per_socket;
    uint16_t cr_type;
    uint64_t *memory_allocated;
    uint64_t *memory_used;
    uint32_t nhosts;
    bitstr_t *node_bitmap;
    uint32_t node_req;
    char *nodes;
    uint32_t ncpus;
    uint32_t *sock_core_rep_count;
    uint16_t *sockets_per_node;
    uint16_t *tasks_per_node;
    uint16_t threads_per_core;
    uint8_t whole_node;
""",
    # src/common/slurm_persist_conn.h: slurm_persist_conn_t
    persist_conn_head="""
    void *auth_cred;
    void *callback_proc;
    void *callback_fini;
    char *cluster_name;
    time_t comm_fail_time;
    uint16_t my_port;
    int fd;
""",
    absent=_COND_FLAG_NAMES,
)

R24_11 = derive(
    R22_05,
    "24.11",
    0x180B00,
    calls=SELECT_NODEINFO + DB_CALLS,
    job_resources="""
    bitstr_t *core_bitmap;
    bitstr_t *core_bitmap_used;
    uint32_t cpu_array_cnt;
    uint16_t *cpu_array_value;
    uint32_t *cpu_array_reps;
    uint16_t *cpus;
    uint16_t *cpus_used;
    uint16_t *cores_per_socket;
    uint16_t cr_type;
    uint64_t *memory_allocated;
    uint64_t *memory_used;
    uint32_t next_step_node_inx;
    uint32_t nhosts;
    bitstr_t *node_bitmap;
    uint32_t node_req;
    char *nodes;
    uint32_t ncpus;
    uint32_t *sock_core_rep_count;
    uint16_t *sockets_per_node;
    uint16_t *tasks_per_node;
    uint16_t threads_per_core;
    uint8_t whole_node;
""",
    # src/common/persist_conn.h: persist_conn_t
    persist_conn_head="""
    void *auth_cred;
    uint32_t auth_uid;  // uid_t
    uint32_t auth_gid;  // gid_t
    bool auth_ids_set;
    void *callback_proc;
    void *callback_fini;
    char *cluster_name;
    time_t comm_fail_time;
    uint16_t my_port;
    int fd;
""",
    fields={
        "slurm_job_info_t": {
            "power_flags": None,
            "show_flags": None,
            "state_reason": "uint32_t state_reason;",
        },
        "partition_info_t": {"flags": "uint32_t flags;"},
        "slurmdb_assoc_rec_t": {
            "flags": "slurmdb_assoc_flags_t flags;",
            "lineage": "char *lineage;",
        },
        "job_desc_msg_t": {"power_flags": None},
        "reserve_info_t": {"resv_watts": None},
        "slurmdb_cluster_rec_t": {"plugin_id_select": None},
        "slurmdb_cluster_cond_t": {"plugin_id_select_list": None},
        "slurmdb_account_rec_t": {"flags": "slurmdb_acct_flags_t flags;"},
        "slurmdb_account_cond_t": {
            "with_assocs": None,
            "with_coords": None,
            "with_deleted": None,
            "flags": "slurmdb_acct_flags_t flags;",
        },
        "slurmdb_assoc_cond_t": {
            "only_defs": None,
            "with_usage": None,
            "with_deleted": None,
            "with_raw_qos": None,
            "with_sub_accts": None,
            "without_parent_info": None,
            "without_parent_limits": None,
            "flags": "uint32_t flags;",
        },
        "slurmdb_qos_cond_t": {"with_deleted": None, "flags": "uint16_t flags;"},
    },
    # 22.05 sets show_flags to the flags of the load (24.11 keeps none: 0, no flags),
    # power_flags and resv_watts only when asked for (NO_VAL: none asked).
    unset={
        "slurm_job_info_t": {"power_flags": 0, "show_flags": 0},
        "reserve_info_t": {"resv_watts": _NO_VAL},
    },
    cond_flags={
        "slurmdb_assoc_cond_t": {
            "with_deleted": "ASSOC_COND_FLAG_WITH_DELETED",
            "with_usage": "ASSOC_COND_FLAG_WITH_USAGE",
            "only_defs": "ASSOC_COND_FLAG_ONLY_DEFS",
            "with_raw_qos": "ASSOC_COND_FLAG_RAW_QOS",
            "with_sub_accts": "ASSOC_COND_FLAG_SUB_ACCTS",
            "without_parent_info": "ASSOC_COND_FLAG_WOPI",
            "without_parent_limits": "ASSOC_COND_FLAG_WOPL",
        },
        "slurmdb_account_cond_t": {
            "with_deleted": "SLURMDB_ACCT_FLAG_DELETED",
            "with_assocs": "SLURMDB_ACCT_FLAG_WASSOC",
            "with_coords": "SLURMDB_ACCT_FLAG_WCOORD",
        },
        "slurmdb_qos_cond_t": {"with_deleted": "QOS_COND_FLAG_WITH_DELETED"},
    },
    present=_COND_FLAG_NAMES,
    absent=frozenset(
        {
            "JOB_RESIZED",
            "KILL_JOB_ARRAY",
            "NODE_STATE_NET",
            "RESERVE_FLAG_FIRST_CORES",
            "CLUSTER_FLAG_CRAY",
        }
    ),
    types="typedef int... slurmdb_acct_flags_t;\ntypedef int... slurmdb_assoc_flags_t;\n",
    aliases="""
typedef struct xlist *List;
typedef struct listIterator *ListIterator;
#define bit_test slurm_bit_test
#define slurm_job_reason_string slurm_job_state_reason_string
""",
    # 25.05 added DELETE reservation to the versions it served; 24.11's daemon has not.
    rest_lacks={"v0.0.42": frozenset({"DELETE /reservation/{reservation_name}"})},
)

R26_05 = derive(
    R24_11,
    "26.05",
    0x1A0500,
    rest_lacks={},
    job_resources="""
    bitstr_t *core_bitmap;
    bitstr_t *core_bitmap_used;
    uint32_t cpu_array_cnt;
    uint16_t *cpu_array_value;
    uint32_t *cpu_array_reps;
    uint16_t *cpus;
    uint16_t *cpus_used;
    uint16_t *cores_per_socket;
    uint16_t cr_type;
    uint64_t *memory_allocated;
    uint64_t *memory_used;
    uint32_t next_step_node_inx;
    uint32_t nhosts;
    bitstr_t *node_bitmap;
    uint32_t *node_ranks;
    uint32_t node_req;
    char *nodes;
    uint32_t ncpus;
    uint32_t *sock_core_rep_count;
    uint16_t *sockets_per_node;
    uint16_t *tasks_per_node;
    uint16_t threads_per_core;
    uint8_t whole_node;
""",
    # src/common/persist_conn.h: persist_conn_t keeps its socket in an interfaces/conn
    # object; last_fd (here fd) is the descriptor behind it.
    persist_conn_head="""
    void *auth_cred;
    uint32_t auth_uid;  // uid_t
    uint32_t auth_gid;  // gid_t
    bool auth_ids_set;
    void *callback_proc;
    void *callback_fini;
    char *cluster_name;
    time_t comm_fail_time;
    uint16_t my_port;
    uint16_t flags;
    bool inited;
    int persist_type;  // persist_conn_type_t
    uint32_t r_uid;  // uid_t
    char *rem_host;
    uint16_t rem_port;
    time_t *shutdown;
    unsigned long thread_id;  // pthread_t
    int timeout;
    void *conn;
    int fd;  // last_fd
""",
    fields={
        "node_info_t": {
            "select_nodeinfo": None,
            "alloc_cpus": "uint16_t alloc_cpus;",
            "alloc_memory": "uint64_t alloc_memory;",
            "alloc_tres_fmt_str": "char *alloc_tres_fmt_str;",
        },
        "stats_info_response_msg_t": {
            "parts_packed": None,
            "schedule_cycle_sum": "uint64_t schedule_cycle_sum;",
        },
        "slurmdb_qos_rec_t": {"flags": "slurmdb_qos_flags_t flags;"},
        "slurmdb_cluster_cond_t": {"flags": "slurmdb_cluster_flags_t flags;"},
        "submit_response_msg_t": {"job_id": None, "step_id": "slurm_step_id_t step_id;"},
        "job_desc_msg_t": {"job_id": None, "step_id": "slurm_step_id_t step_id;"},
    },
    # 26.05 no longer reports whether slurmctld packed its partition records: 0, as a
    # counter nobody set.
    unset={"stats_info_response_msg_t": {"parts_packed": 0}},
    added={
        "node_info_t": frozenset({"alloc_cpus", "alloc_memory", "alloc_tres_fmt_str"}),
        "stats_info_response_msg_t": frozenset({"schedule_cycle_sum"}),
    },
    moved={
        "submit_response_msg_t": {"job_id": "step_id.job_id", "step_id": "step_id.step_id"},
        "job_desc_msg_t": {"job_id": "step_id.job_id"},
    },
    calls=DB_CALLS_RC,
    call_externs="",
    types="typedef int... slurmdb_qos_flags_t;\ntypedef int... slurmdb_cluster_flags_t;\n",
    absent=frozenset({"CLUSTER_FLAG_FE"}),
    aliases="""
#define CR_CPU SELECT_CPU
#define CR_SOCKET SELECT_SOCKET
#define CR_CORE SELECT_CORE
#define slurm_free_ctl_conf slurm_free_conf
static int srd_load_job(job_info_msg_t **resp, uint32_t job_id, uint16_t show_flags)
{
    slurm_step_id_t step_id = SLURM_STEP_ID_INITIALIZER;
    step_id.job_id = job_id;
    return slurm_load_job(resp, step_id, show_flags);
}
#define slurm_load_job srd_load_job
""",
)

RELEASES: tuple[Release, ...] = (R22_05, R24_11, R26_05)


class UnknownReleaseError(LookupError):
    """No release of this module matches a SLURM_VERSION_NUMBER."""


def name_of(version: int) -> str:
    return f"{(version >> 16) & 0xFF:02d}.{(version >> 8) & 0xFF:02d}"


def of_version(version: int) -> Release:
    """The release of a SLURM_VERSION_NUMBER (any micro version of it)."""
    for release in RELEASES:
        if release.version == version & 0xFFFF00:
            return release
    known = ", ".join(r.name for r in RELEASES)
    raise UnknownReleaseError(
        f"Slurm {name_of(version)} (SLURM_VERSION_NUMBER {version:#x}): nobody has declared "
        f"its private layouts (job_resources, the persistent slurmdbd connection) or its "
        f"differences in slurmrestd/slurm/releases.py, so the binding would misread it; "
        f"the releases declared are {known}"
    )
