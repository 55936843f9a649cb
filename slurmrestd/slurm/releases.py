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

# Accounts and users added with associations made from a condition (23.11 on); declared
# after slurmdbd's records, which they use.
ADD_COND_CALLS = """
typedef struct {
    List acct_list;
    slurmdb_assoc_rec_t assoc;
    List cluster_list;
    char *default_acct;
    List partition_list;
    List user_list;
    List wckey_list;
    ...;
} slurmdb_add_assoc_cond_t;
char *slurmdb_accounts_add_cond(void *db_conn, slurmdb_add_assoc_cond_t *add_assoc,
                                slurmdb_account_rec_t *acct);
char *slurmdb_users_add_cond(void *db_conn, slurmdb_add_assoc_cond_t *add_assoc,
                             slurmdb_user_rec_t *user);
"""


@dataclass(frozen=True)
class Daemon:
    """What the release's own C slurmrestd does that ours follows on that release.

    Where a release's daemon has no such behaviour (22.05 has no data_parser), the value
    says what ours does there instead; the README lists both.
    """

    # The version ``-d latest`` names: the newest its C daemon serves (22.05's has none:
    # the newest this daemon has, "").
    data_parser_latest: str = ""
    # Authorization: Bearer TOKEN accepted (24.11 on; on 22.05 our extension, kept).
    auth_bearer: bool = True
    # X-SLURM-USER-TOKEN (or a bearer token) without X-SLURM-USER-NAME: the token's own
    # user (24.11 on); 22.05 rejects it (401).
    auth_token_alone: bool = False
    # GET /healthz, /readyz, /livez answer 204 to an authenticated client (26.05 on).
    health_probes: bool = False
    # SLURMRESTD_DEBUG: "level", Slurm's level by number (0-9) or name, -v adding to it
    # (24.11 on); "offset", 22.05's number of steps above info (1-10).
    debug_env: str = "offset"
    # The router's text/plain 404 body ("": 22.05's, which 24.11 keeps), and whether a
    # method a known path lacks is 405 (22.05) or that 404 (24.11 on).
    text_not_found: str = ""
    method_not_allowed: bool = True
    # Content negotiation (slurmrestd.api.media): the YAML types registered, and the
    # answers (status, text) where releases differ; the defaults are 22.05's.
    media: Media = field(default_factory=lambda: Media())


@dataclass(frozen=True)
class Media:
    """What a release's C daemon registers for YAML and answers around media types:
    each answer a (status line, text/plain body)."""

    yaml_types: tuple[str, ...] = ("application/x-yaml", "text/yaml")
    unknown_accept: tuple[str, str] = (
        "415 UNSUPPORTED MEDIA TYPE",
        "Accept content type is unknown",
    )
    # Accept: application/x-www-form-urlencoded (a reader only), once the handler ran.
    url_encoded_answer: tuple[str, str] = ("500 INTERNAL ERROR", "")
    unknown_content: tuple[str, str] = ("400 BAD REQUEST", "Unable to parse query.")
    bad_json: tuple[str, str] = ("400 BAD REQUEST", "Unable to parse query.")
    bad_yaml: tuple[str, str] = ("400 BAD REQUEST", "Unable to parse query.")
    bad_url_encoded: tuple[str, str] = ("400 BAD REQUEST", "Unable to parse query.")
    # The URL's path, before any route is looked up: a character neither unreserved nor
    # '/', an escape that is not %XX or is %00 or %FF, a ".." segment (measured on each
    # release with every printable character).
    bad_path: tuple[str, str] = ("400 BAD REQUEST", "Unable to parse URL path.")
    # "." segments: left out of the path (26.05), or kept (a path no route has).
    drop_dot_segments: bool = False
    # SLURMRESTD_YAML=compact|pretty read (24.11 on; 22.05 always writes it pretty).
    yaml_style: bool = False
    # A body where none is expected: 22.05 refuses one on any method but POST; 24.11 on,
    # one sent with a URL query.
    body_post_only: bool = True
    unexpected_body: tuple[str, str] = (
        "400 BAD REQUEST",
        "Unexpected http body provided for non-POST method",
    )


# 24.11 registers application/yaml (RFC 9512) first and reads SLURMRESTD_YAML.
MEDIA_2411 = Media(
    yaml_types=("application/yaml", "application/x-yaml", "text/yaml"),
    yaml_style=True,
    body_post_only=False,
    unexpected_body=("400 BAD REQUEST", "Unexpected HTTP body provided when URL Query provided"),
)
# 26.05 answers its own error texts.
MEDIA_2605 = Media(
    yaml_types=MEDIA_2411.yaml_types,
    unknown_accept=(
        "415 UNSUPPORTED MEDIA TYPE",
        "HTTP Accept header content type is unknown or unsupported",
    ),
    url_encoded_answer=(
        "422 UNPROCESSABLE CONTENT",
        "Requested operation not supported on this system",
    ),
    unknown_content=("415 UNSUPPORTED MEDIA TYPE", "MIME type is unknown to any loaded plugins"),
    bad_json=("400 BAD REQUEST", "Failure during parsing"),
    bad_yaml=("500 INTERNAL ERROR", "Unable to convert Data type"),
    bad_url_encoded=("500 INTERNAL ERROR", "Unspecified error"),
    bad_path=("404 NOT FOUND", "Invalid or unknown URL path"),
    drop_dot_segments=True,
    yaml_style=True,
    body_post_only=False,
    unexpected_body=MEDIA_2411.unexpected_body,
)


# 26.05's router: an unknown path or method.
TEXT_NOT_FOUND_2605 = (
    "Unable to find requested URL endpoint. Please query the '/openapi/v3' endpoint or visit "
    "'https://slurm.schedmd.com/rest_api.html' for the OpenAPI specification which includes "
    "a list of all possible slurmrestd endpoints."
)


@dataclass(frozen=True)
class OpenapiDoc:
    """The frame of the OpenAPI document the release's C slurmrestd writes around the
    content plugins' paths (openapi/slurmctld, openapi/slurmdbd, openapi/util)."""

    # info.version: "Slurm-<release>", then "&<plugin>" for every openapi plugin loaded.
    version_names_plugins: bool = True
    # info.x-slurm: the data_parser versions loaded (with their flags), the openapi
    # plugins loaded, the version numbers and the release.
    x_slurm: bool = False
    # The document's tags, in its order.
    tags: tuple[tuple[str, str], ...] = (
        ("slurm", "methods that query slurmctld"),
        ("slurmdb", "methods that query slurmdbd"),
        ("openapi", "methods that query for generated OpenAPI specifications"),
    )
    # The data_parser versions whose operations and parameters are marked deprecated.
    deprecated: frozenset[str] = frozenset()


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
    # cffi declarations of slurmdbd calls only some releases have, after its records.
    db_calls: str = ""
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
    # What its C slurmrestd does that ours follows on it (command line, auth, probes).
    daemon: Daemon = field(default_factory=Daemon)
    # C text of srd_get_shares(req, resp): how this release asks slurmctld for the
    # fair-share tree (sshare's RPC), compiled after the private shares layouts.
    shares_call: str = ""
    # Whose C data_parser v0.0.42 this release answers with: 24.11's (on 24.11) or
    # 26.05's (the newest that serves it: on 22.05 and 26.05).  They differ: 24.11's
    # dumps an infinite double of a {set, infinite, number} object as infinite, 26.05's
    # as the number 2^64; 26.05's schedule_cycle_sum is a 64-bit integer.
    rest_v0042: str = "26.05"
    # How its C slurmrestd frames the OpenAPI document of the content plugins (a release
    # whose daemon has none, 22.05, frames it as the first one that has: 24.11).
    openapi: OpenapiDoc = field(default_factory=OpenapiDoc)
    # Its slurmdbd answers a change that changed nothing (an unknown job, nothing to set)
    # as a success with an empty list, where later ones say SLURM_NO_CHANGE_IN_DATA
    # (22.05's proc_req.c _modify_job).
    dbd_unchanged_is_empty: bool = False
    # Its slurmdbd writes a reply's length and its body apart, so each reply waits for the
    # client's delayed ACK (about 40 ms on Linux, measured on the 22.05 lab: a TRES list
    # takes 42 to 48 ms; 0.3 to 2 ms on 24.11's and 26.05's).  Lists fetched together then
    # go faster on connections of their own (slurmrestd.slurm.db.Lookups).
    dbd_replies_stall: bool = False
    # Its libslurm reads every id of a job/step list strictly, and calls fatal() (ending the
    # process) for an id out of range or with any other character: a job id of 0 or above
    # 4294967292, a step above 4294967279, a HetJob component above 128, a HetStep component
    # of 0 or above 127, an array index above 2^63-2, an array index with a HetJob component,
    # trailing characters (measured on the 26.05 lab; 24.11 takes all of these).
    step_ids_strict: bool = False


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
    db_calls: str | None = None,
    absent: frozenset[str] = frozenset(),
    present: frozenset[str] = frozenset(),
    types: str = "",
    aliases: str = "",
    rest_lacks: Mapping[str, frozenset[str]] | None = None,
    daemon: Daemon | None = None,
    shares_call: str | None = None,
    rest_v0042: str | None = None,
    openapi: OpenapiDoc | None = None,
    dbd_unchanged_is_empty: bool = False,
    dbd_replies_stall: bool = False,
    step_ids_strict: bool | None = None,
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
        db_calls=base.db_calls if db_calls is None else db_calls,
        absent=(base.absent - present) | absent,
        types=base.types + types,
        aliases=base.aliases + aliases,
        rest_lacks=base.rest_lacks if rest_lacks is None else rest_lacks,
        daemon=base.daemon if daemon is None else daemon,
        shares_call=base.shares_call if shares_call is None else shares_call,
        rest_v0042=base.rest_v0042 if rest_v0042 is None else rest_v0042,
        openapi=base.openapi if openapi is None else openapi,
        dbd_unchanged_is_empty=dbd_unchanged_is_empty,
        dbd_replies_stall=dbd_replies_stall,
        step_ids_strict=base.step_ids_strict if step_ids_strict is None else step_ids_strict,
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

# The job-state RPC of 24.11 on (22.05's slurmctld has none).
JOB_STATE_CALLS = """
typedef struct {
    uint32_t job_id;
    uint32_t array_job_id;
    uint32_t array_task_id;
    bitstr_t *array_task_id_bitmap;
    uint32_t het_job_id;
    uint32_t state;
    ...;
} job_state_response_job_t;
typedef struct {
    uint32_t jobs_count;
    job_state_response_job_t *jobs;
    ...;
} job_state_response_msg_t;
typedef struct {
    bitstr_t *array_bitmap;
    uint32_t array_task_id;
    uint32_t het_job_offset;
    slurm_step_id_t step_id;
    ...;
} slurm_selected_step_t;
int slurm_load_job_state(int job_id_count, slurm_selected_step_t *job_ids,
                         job_state_response_msg_t **jsr_pptr);
void slurm_free_job_state_response_msg(job_state_response_msg_t *msg);
"""

# slurmctld's resource layout RPC (REQUEST_RESOURCE_LAYOUT, 25.11 on: 26.05 here; 22.05's
# and 24.11's slurmctld have none, and the layout is read from the job's own allocation,
# slurmrestd.slurm.resource_layout).  Its records are libslurm's private types
# (src/common/slurm_protocol_defs.h of 26.05): declared for cffi and compiled alike.
RESOURCE_LAYOUT_TYPES = """
typedef struct {
    char *name;
    char *type;
    uint64_t count;
    bitstr_t *index;
} srd_node_gres_layout_t;
typedef struct {
    char *node;
    uint64_t mem_alloc;
    uint16_t sockets_per_node;
    uint16_t cores_per_socket;
    char *core_bitmap;
    uint32_t channel;
    void *gres;
} srd_node_resource_layout_t;
typedef struct {
    void *nodes;
} srd_resource_layout_msg_t;
"""
RESOURCE_LAYOUT_CALLS = (
    RESOURCE_LAYOUT_TYPES
    + """
int slurm_get_resource_layout(slurm_step_id_t *step_id, void **response);
void slurm_free_resource_layout_msg(srd_resource_layout_msg_t *msg);
char *slurm_bit_fmt_full(bitstr_t *b);
"""
)
RESOURCE_LAYOUT_EXTERNS = (
    RESOURCE_LAYOUT_TYPES
    + """
extern void slurm_free_resource_layout_msg(srd_resource_layout_msg_t *msg);
extern char *slurm_bit_fmt_full(bitstr_t *b);
"""
)

# slurmdbd's configuration: 22.05 and 24.11 give it as sacctmgr's "show config" text
# pairs (slurmrestd.slurm.db.conf_from_pairs reads them back), 26.05 as its
# slurmdbd_conf_t.
# config_key_pair_t is private (src/common/read_config.h of 22.05 and 24.11): declared
# for cffi and compiled alike.
DBD_CONF_PAIR_TYPE = """
typedef struct {
    char *name;
    char *value;
} srd_config_key_pair_t;
"""
DBD_CONF_PAIRS = (
    DBD_CONF_PAIR_TYPE
    + """
List slurmdb_config_get(void *db_conn);
"""
)
DBD_CONF_STRUCT = """
typedef struct {
    char *archive_dir;
    char *archive_script;
    uint16_t commit_delay;
    char *dbd_addr;
    char *dbd_backup;
    char *dbd_host;
    uint16_t dbd_port;
    uint16_t debug_level;
    char *default_qos;
    uint32_t flags;
    char *log_file;
    uint32_t max_purge_limit;
    uint32_t max_time_range;
    char *parameters;
    uint16_t persist_conn_rc_flags;
    char *pid_file;
    uint32_t purge_event;
    uint32_t purge_job;
    uint32_t purge_resv;
    uint32_t purge_step;
    uint32_t purge_suspend;
    uint32_t purge_txn;
    uint32_t purge_usage;
    uint32_t purge_jobscript;
    uint32_t purge_jobenv;
    char *storage_loc;
    char *storage_pass_script;
    char *storage_user;
    uint16_t syslog_debug;
    uint16_t track_wckey;
    uint16_t track_ctld;
    ...;
} slurmdbd_conf_t;
int slurmdb_config_get(void *db_conn, slurmdbd_conf_t **conf);
void slurmdbd_free_conf(slurmdbd_conf_t *conf);
"""

# The job bitflags that 24.11 and 26.05 added.
_JOB_FLAGS_2411 = frozenset(
    {
        "GRES_ONE_TASK_PER_SHARING",
        "GRES_MULT_TASKS_PER_SHARING",
        "GRES_ALLOW_TASK_SHARING",
        "STEPMGR_ENABLED",
    }
)
_JOB_FLAGS_2605 = frozenset(
    {
        "EXTERNAL_JOB",
        "SPREAD_SEGMENTS",
        "CONSOLIDATE_SEGMENTS",
        "EXPEDITED_REQUEUE",
        "JOB_IMPLICIT_MAX_NODES",
    }
)

# What slurmdbd's job record gains in 24.11: the extra constraints, the node that failed
# it, its licenses, the QOS it asked for, its restarts and its standard streams.
_DBJOB_2411 = {
    "extra": "char *extra;",
    "failed_node": "char *failed_node;",
    "licenses": "char *licenses;",
    "qos_req": "char *qos_req;",
    "restart_cnt": "uint16_t restart_cnt;",
    "std_err": "char *std_err;",
    "std_in": "char *std_in;",
    "std_out": "char *std_out;",
}
# And in 26.05: exclusive and oversubscribe as asked, the reservations it asked for, its
# segment size, its original SLUID; a step's working directory, standard streams and
# time limit.
_DBJOB_2605 = {
    "exclusive": "char *exclusive;",
    "oversubscribe": "char *oversubscribe;",
    "resv_req": "char *resv_req;",
    "segment_size": "uint16_t segment_size;",
    "sluid": "uint64_t sluid;",
}
_DBSTEP_2605 = {
    "cwd": "char *cwd;",
    "std_err": "char *std_err;",
    "std_in": "char *std_in;",
    "std_out": "char *std_out;",
    "timelimit": "uint32_t timelimit;",
}
# The names of the data_parser versions' job searches and their errors that 22.05 lacks
# (24.11), and that 24.11 lacks too (26.05).
_DBJOB_NAMES_2411 = frozenset(
    {"ESLURM_DATA_FLAGS_INVALID", "ESLURM_DATA_EXPECTED_DICT", "ESLURM_USER_ID_UNKNOWN"}
)
_DBJOB_NAMES_2605 = frozenset({"SLURMDB_JOB_FLAG_ALTERED", "JOB_EXPEDITING"})
# 22.05's libslurm has no call for sshare's RPC (REQUEST_SHARE_INFO): it is sent as
# sshare sends it, with the head of libslurm's private slurm_msg_t up to msg_type
# (src/common/slurm_protocol_defs.h of 22.05) over a buffer larger than the whole struct.
SHARES_RPC_22_05 = """
#include <errno.h>
typedef struct {
    slurm_addr_t address;
    void *auth_cred;
    int auth_index;
    uid_t auth_uid;
    bool auth_uid_set;
    uid_t restrict_uid;
    bool restrict_uid_set;
    uint32_t body_offset;
    void *buffer;
    void *conn;
    int conn_fd;
    void *data;
    uint32_t data_size;
    uint16_t flags;
    uint8_t hash_index;
    uint16_t msg_type;
} srd_msg_head_t;
typedef union {
    srd_msg_head_t head;
    long double align;
    char room[4096];
} srd_msg_t;
extern void slurm_msg_t_init(void *msg);
extern int slurm_send_recv_controller_msg(void *req, void *resp, void *cluster);
extern void slurm_free_return_code_msg(void *msg);
static int srd_get_shares(shares_request_msg_t *req, shares_response_msg_t **resp)
{
    srd_msg_t req_msg, resp_msg;
    slurm_msg_t_init(&req_msg);
    slurm_msg_t_init(&resp_msg);
    req_msg.head.msg_type = 2022; /* REQUEST_SHARE_INFO */
    req_msg.head.data = req;
    *resp = NULL;
    if (slurm_send_recv_controller_msg(&req_msg, &resp_msg, NULL) < 0)
        return -1;
    switch (resp_msg.head.msg_type) {
    case 2023: /* RESPONSE_SHARE_INFO */
        *resp = resp_msg.head.data;
        return 0;
    case 8001: /* RESPONSE_SLURM_RC */
    {
        int rc = *(uint32_t *) resp_msg.head.data;
        slurm_free_return_code_msg(resp_msg.head.data);
        if (rc) {
            errno = rc;
            return -1;
        }
        return 0;
    }
    default:
        errno = 1000; /* SLURM_UNEXPECTED_MSG_ERROR */
        return -1;
    }
}
"""
# 24.11 on: libslurm's own call.
SHARES_CALL = """
extern int slurm_associations_get_shares(shares_request_msg_t *req,
                                         shares_response_msg_t **resp);
static int srd_get_shares(shares_request_msg_t *req, shares_response_msg_t **resp)
{
    *resp = NULL;
    return slurm_associations_get_shares(req, resp);
}
"""

# slurm.h's NO_VAL and INFINITE (this module is loaded before the package's constants exist).
_NO_VAL = 0xFFFFFFFE
_INFINITE = 0xFFFFFFFF

# Constants of the node, partition and reservation flags that 22.05 does not define,
# by the release that added them.
_NEWER_NAMES_2411 = frozenset(
    {
        "CR_LINEAR",
        "PART_FLAG_PDOI",
        "PART_FLAG_PDOI_CLR",
        "PART_FLAG_EXCLUSIVE_TOPO",
        "NODE_STATE_BLOCKED",
        "RESERVE_REOCCURRING",
        "RESERVE_FLAG_USER_DEL",
        "RESERVE_FLAG_NO_USER_DEL",
        "RESERVE_TRES_PER_NODE",
        "ENFORCE_BINDING_GRES",
        "ONE_TASK_PER_SHARING_GRES",
        "LL_SHARED_GRES",
        "MULTIPLE_SHARING_GRES_PJ",
    }
)
# node_info_t's fields that 24.11 has and 22.05 has not.
_NODE_ADDED_2411 = frozenset(
    {"instance_id", "instance_type", "res_cores_per_gpu", "gpu_spec", "resume_after", "resv_name"}
)
_NEWER_NAMES_2605 = frozenset(
    {
        "NODE_STATE_EXTERNAL",
        "RESERVE_FLAG_FORCE_START",
        "NODE_CERT_TOKEN_SET",
        "PREEMPT_MODE_PRIORITY",
        "CR_NO_DIST_TOPO_BLOCK",
    }
)

# slurm_conf_t (GET /slurm/v0.0.45/conf): what 24.11 and 26.05 add to 22.05's fields, and
# 22.05's and 24.11's values for the numbers they lack (the reference's "unset": a
# NO_VAL16 timeout or cluster id is "not set"; the others are 0), strings they lack are
# unset ("" and []).  22.05 has one Prolog/Epilog (and *Slurmctld) path, later releases
# an array of them with its count.  22.05 requeues a batch job at most 5 times, a
# constant of its slurmctld (MAX_BATCH_REQUEUE) that 24.11 made MaxBatchRequeue.
_NO_VAL16 = 0xFFFE
CTL_CONF_UNSET_2205 = {
    "cluster_id": _NO_VAL16,
    "epilog_timeout": _NO_VAL16,
    "prolog_timeout": _NO_VAL16,
    "getnameinfo_cache_timeout": 0,
    "health_check_timeout": 0,
    "host_unreach_retry_count": 0,
    "max_batch_requeue": 5,
    "epilog_cnt": 0,
    "prolog_cnt": 0,
    "epilog_slurmctld_cnt": 0,
    "prolog_slurmctld_cnt": 0,
}
CTL_CONF_2411 = {
    "certmgr_params": "char *certmgr_params;",
    "certmgr_type": "char *certmgr_type;",
    "cluster_id": "uint16_t cluster_id;",
    "data_parser_parameters": "char *data_parser_parameters;",
    "epilog": "char **epilog;",
    "epilog_cnt": "uint32_t epilog_cnt;",
    "epilog_slurmctld": "char **epilog_slurmctld;",
    "epilog_slurmctld_cnt": "uint32_t epilog_slurmctld_cnt;",
    "getnameinfo_cache_timeout": "uint16_t getnameinfo_cache_timeout;",
    "hash_plugin": "char *hash_plugin;",
    "max_batch_requeue": "uint32_t max_batch_requeue;",
    "preempt_params": "char *preempt_params;",
    "prolog": "char **prolog;",
    "prolog_cnt": "uint32_t prolog_cnt;",
    "prolog_slurmctld": "char **prolog_slurmctld;",
    "prolog_slurmctld_cnt": "uint32_t prolog_slurmctld_cnt;",
    "suspend_exc_states": "char *suspend_exc_states;",
    "tls_params": "char *tls_params;",
    "tls_type": "char *tls_type;",
}
CTL_CONF_2605 = {
    "certgen_params": "char *certgen_params;",
    "certgen_type": "char *certgen_type;",
    "cli_filter_params": "char *cli_filter_params;",
    "epilog_timeout": "uint16_t epilog_timeout;",
    "health_check_timeout": "uint16_t health_check_timeout;",
    "host_unreach_retry_count": "uint32_t host_unreach_retry_count;",
    "http_parser_type": "char *http_parser_type;",
    "license_params": "char *license_params;",
    "metrics_auth_users": "char *metrics_auth_users;",
    "metrics_params": "char *metrics_params;",
    "metrics_type": "char *metrics_type;",
    "namespace_plugin": "char *namespace_plugin;",
    "prolog_timeout": "uint16_t prolog_timeout;",
    "slurmctld_http_auth_params": "char *slurmctld_http_auth_params;",
    "slurmd_http_auth_params": "char *slurmd_http_auth_params;",
    "url_parser_type": "char *url_parser_type;",
}

# slurmctld's configuration's flag values (GET /slurm/v0.0.45/conf) that only 24.11 on,
# or only 26.05, define; and what 22.05 holds under other names or in no header.
_CONF_NAMES_2411 = frozenset(
    {
        "CONF_FLAG_SJX",
        "CONF_FLAG_NO_STDIO",
        "CONF_FLAG_L3CSOCK",
        "CONF_FLAG_NNSOCK",
        "CONF_FLAG_ECORE",
        "CONF_FLAG_SHR",
        "CONF_FLAG_CONTAIN_SPANK",
        "HEALTH_CHECK_NODE_NONDRAINED_IDLE",
        "LOG_FMT_RFC3339",
        "PROLOG_FLAG_FORCE_REQUEUE_ON_FAIL",
        "PROLOG_FLAG_RUN_IN_JOB",
        "RECONFIG_KEEP_POWER_SAVE_SETTINGS",
        "OOM_KILL_STEP",
        "DEBUG_FLAG_AUDIT_RPCS",
        "DEBUG_FLAG_CONMGR",
        "DEBUG_FLAG_DBD_AGENT",
        "DEBUG_FLAG_GLOB_SILENCE",
        "DEBUG_FLAG_JOBCOMP",
        "DEBUG_FLAG_SACK",
        "DEBUG_FLAG_TLS",
    }
)
_CONF_NAMES_2605 = frozenset(
    {
        "CONF_FLAG_DISABLE_HTTP",
        "HEALTH_CHECK_START_ONLY",
        "HEALTH_CHECK_REBOOT_ONLY",
        "PRIORITY_FLAGS_MAX_TRES_GRES",
        "SLURMD_SPEC_OVERRIDE",
        "DEBUG_FLAG_AUDIT_TLS",
        "DEBUG_FLAG_METRICS",
        "DEBUG_FLAG_NAMESPACE",
        "DEBUG_FLAG_THREAD",
    }
)
# Each only where the headers lack it: AccountingStorageEnforce's bits
# (src/common/read_config.h, the same in 22.05, 24.11 and 26.05); 22.05's conf_flags
# (CTL_CONF_*, the same bits); TaskPluginParam's masks (24.11's slurm.h; 22.05's
# CPU_BIND_* values are 24.11's); ReturnToService, whose values 26.05 names (0, 1, 2
# in ret2service before).
_CONF_ALIASES = "".join(
    f"#ifndef {name}\n#define {name} {value}\n#endif\n"
    for name, value in (
        ("ACCOUNTING_ENFORCE_ASSOCS", "0x0001"),
        ("ACCOUNTING_ENFORCE_LIMITS", "0x0002"),
        ("ACCOUNTING_ENFORCE_WCKEYS", "0x0004"),
        ("ACCOUNTING_ENFORCE_QOS", "0x0008"),
        ("ACCOUNTING_ENFORCE_SAFE", "0x0010"),
        ("ACCOUNTING_ENFORCE_NO_JOBS", "0x0020"),
        ("ACCOUNTING_ENFORCE_NO_STEPS", "0x0040"),
        ("CONF_FLAG_OR", "CTL_CONF_OR"),
        ("CONF_FLAG_SJC", "CTL_CONF_SJC"),
        ("CONF_FLAG_DRJ", "CTL_CONF_DRJ"),
        ("CONF_FLAG_ASRU", "CTL_CONF_ASRU"),
        ("CONF_FLAG_PAM", "CTL_CONF_PAM"),
        ("CONF_FLAG_WCKEY", "CTL_CONF_WCKEY"),
        ("CONF_FLAG_IPV4_ENABLED", "CTL_CONF_IPV4_ENABLED"),
        ("CONF_FLAG_IPV6_ENABLED", "CTL_CONF_IPV6_ENABLED"),
        ("CONF_FLAG_SJS", "CTL_CONF_SJS"),
        ("CONF_FLAG_SJE", "CTL_CONF_SJE"),
        ("CPU_BIND_T_TO_MASK", "0x001e"),
        ("CPU_BIND_T_AUTO_TO_MASK", "0x34000"),
        ("CPU_BIND_T_MASK", "0x0fe0"),
        ("RETURN_TO_SERVICE_NONE", "0"),
        ("RETURN_TO_SERVICE_NON_RESP", "1"),
        ("RETURN_TO_SERVICE_ALL", "2"),
    )
)

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
    absent=_COND_FLAG_NAMES
    | _NEWER_NAMES_2411
    | _NEWER_NAMES_2605
    | frozenset({*_JOB_FLAGS_2411, *_JOB_FLAGS_2605, "ESLURM_DATA_FLAGS_INVALID"})
    | _DBJOB_NAMES_2411
    | _DBJOB_NAMES_2605
    | _CONF_NAMES_2411
    | _CONF_NAMES_2605,
    shares_call=SHARES_RPC_22_05,
    dbd_unchanged_is_empty=True,
    dbd_replies_stall=True,
    calls=SELECT_NODEINFO + DBD_CONF_PAIRS,
    call_externs=SELECT_NODEINFO_EXTERNS + DBD_CONF_PAIR_TYPE,
    # Fields only later releases have, read here as what those releases hold when they
    # are unset (a release that declares a field reads its own value instead).
    unset={
        "node_info_t": {
            "resume_after": 0,
            "res_cores_per_gpu": 0,
            "cert_flags": 0,
            "cert_last_renewal": 0,
            "suspend_time": _INFINITE,
        },
        "partition_info_t": {"max_cpus_per_socket": _INFINITE},
        "slurm_conf_t": CTL_CONF_UNSET_2205,
    },
    # enum node_cr_state of src/common/job_resources.h (no installed header has it; the
    # same values in 22.05, 24.11 and 26.05): a job allocation's node_req.
    aliases="""
#define NODE_CR_AVAILABLE 0
#define NODE_CR_ONE_ROW 1
#define NODE_CR_RESERVED 64000
"""
    + _CONF_ALIASES,
)

# The job record's fields of 24.11 that 22.05 lacks.
_JOB_ADDED_2411 = frozenset(
    {
        "container_id",
        "extra",
        "failed_node",
        "job_size_str",
        "priority_array",
        "priority_array_names",
    }
)

# What 24.11's statistics add to 22.05's: why the scheduler and backfill cycles ended,
# and the RPC queue's counts per message type.
STATS_24_11 = {
    "schedule_exit": "uint32_t *schedule_exit;",
    "schedule_exit_cnt": "uint32_t schedule_exit_cnt;",
    "bf_exit": "uint32_t *bf_exit;",
    "bf_exit_cnt": "uint32_t bf_exit_cnt;",
    "rpc_queue_enabled": "uint8_t rpc_queue_enabled;",
    "rpc_type_queued": "uint16_t *rpc_type_queued;",
    "rpc_type_dropped": "uint64_t *rpc_type_dropped;",
    "rpc_type_cycle_last": "uint16_t *rpc_type_cycle_last;",
    "rpc_type_cycle_max": "uint16_t *rpc_type_cycle_max;",
}
# What 24.11's licenses add to 22.05's (remote licenses' accounting).
LICENSE_24_11 = {
    "last_consumed": "uint32_t last_consumed;",
    "last_deficit": "uint32_t last_deficit;",
    "last_update": "time_t last_update;",
}

R24_11 = derive(
    R22_05,
    "24.11",
    0x180B00,
    daemon=Daemon(
        data_parser_latest="v0.0.42",
        auth_token_alone=True,
        debug_env="level",
        method_not_allowed=False,
        media=MEDIA_2411,
    ),
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
        "slurm_conf_t": CTL_CONF_2411,
        "slurm_job_info_t": {
            "power_flags": None,
            "show_flags": None,
            "state_reason": "uint32_t state_reason;",
            "container_id": "char *container_id;",
            "extra": "char *extra;",
            "failed_node": "char *failed_node;",
            "job_size_str": "char *job_size_str;",
            "priority_array": "uint32_t *priority_array;",
            "priority_array_names": "char *priority_array_names;",
        },
        "partition_info_t": {
            "flags": "uint32_t flags;",
            "max_cpus_per_socket": "uint32_t max_cpus_per_socket;",
        },
        "node_info_t": {
            "instance_id": "char *instance_id;",
            "instance_type": "char *instance_type;",
            "res_cores_per_gpu": "uint16_t res_cores_per_gpu;",
            "gpu_spec": "char *gpu_spec;",
            "resume_after": "time_t resume_after;",
            "resv_name": "char *resv_name;",
        },
        "resv_desc_msg_t": {
            "comment": "char *comment;",
            "core_cnt": "uint32_t core_cnt;",
            "node_cnt": "uint32_t node_cnt;",
            "resv_watts": None,
        },
        "update_node_msg_t": {
            "instance_id": "char *instance_id;",
            "instance_type": "char *instance_type;",
            "resume_after": "uint32_t resume_after;",
        },
        "slurmdb_assoc_rec_t": {
            "flags": "slurmdb_assoc_flags_t flags;",
            "lineage": "char *lineage;",
        },
        "slurmdb_accounting_rec_t": {"id_alt": "uint32_t id_alt;"},
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
        "slurmdb_job_rec_t": _DBJOB_2411,
        "stats_info_response_msg_t": STATS_24_11,
        "slurm_license_info_t": LICENSE_24_11,
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
    present=_COND_FLAG_NAMES
    | _NEWER_NAMES_2411
    | _JOB_FLAGS_2411
    | _DBJOB_NAMES_2411
    | _CONF_NAMES_2411,
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
    calls=SELECT_NODEINFO + JOB_STATE_CALLS + DB_CALLS + DBD_CONF_PAIRS,
    db_calls=ADD_COND_CALLS,
    # 25.05 added DELETE reservation to the versions it served; 24.11's daemon has not.
    rest_lacks={"v0.0.42": frozenset({"DELETE /reservation/{reservation_name}"})},
    added={
        "node_info_t": _NODE_ADDED_2411,
        "partition_info_t": frozenset({"max_cpus_per_socket"}),
        "stats_info_response_msg_t": frozenset(STATS_24_11),
        "slurm_license_info_t": frozenset(LICENSE_24_11),
        # Jobs: what 23.02 to 24.11 added (a 22.05 record reads them as None: "" or 0).
        "slurm_job_info_t": _JOB_ADDED_2411,
        # slurmdbd's job record (a 22.05 record reads them as None: "" or 0)
        "slurmdb_job_rec_t": frozenset(_DBJOB_2411),
    },
    shares_call=SHARES_CALL,
    rest_v0042="24.11",
)

R26_05 = derive(
    R24_11,
    "26.05",
    0x1A0500,
    step_ids_strict=True,
    daemon=Daemon(
        data_parser_latest="v0.0.45",
        auth_token_alone=True,
        health_probes=True,
        debug_env="level",
        text_not_found=TEXT_NOT_FOUND_2605,
        method_not_allowed=False,
        media=MEDIA_2605,
    ),
    rest_lacks={},
    rest_v0042="26.05",
    # The plugins and data_parsers move from info.version to info.x-slurm; the util tag;
    # v0.0.42, the oldest version served, deprecated.
    openapi=OpenapiDoc(
        version_names_plugins=False,
        x_slurm=True,
        tags=(
            *OpenapiDoc().tags[:2],
            ("util", "utilities available directly through slurmrestd"),
            OpenapiDoc().tags[2],
        ),
        deprecated=frozenset({"v0.0.42"}),
    ),
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
        "slurm_conf_t": CTL_CONF_2605,
        "node_info_t": {
            "select_nodeinfo": None,
            "alloc_cpus": "uint16_t alloc_cpus;",
            "alloc_memory": "uint64_t alloc_memory;",
            "alloc_tres_fmt_str": "char *alloc_tres_fmt_str;",
            "cert_flags": "uint16_t cert_flags;",
            "cert_last_renewal": "time_t cert_last_renewal;",
            "suspend_time": "uint32_t suspend_time;",
            "topology_str": "char *topology_str;",
        },
        "partition_info_t": {"topology_name": "char *topology_name;"},
        "update_node_msg_t": {"reason_uid": None},
        "stats_info_response_msg_t": {
            "parts_packed": None,
            "schedule_cycle_sum": "uint64_t schedule_cycle_sum;",
        },
        "slurmdb_qos_rec_t": {"flags": "slurmdb_qos_flags_t flags;"},
        "slurmdb_cluster_cond_t": {"flags": "slurmdb_cluster_flags_t flags;"},
        "submit_response_msg_t": {"job_id": None, "step_id": "slurm_step_id_t step_id;"},
        "slurm_job_info_t": {
            "container_type": "char *container_type;",
            "licenses_allocated": "char *licenses_allocated;",
            "mem_update_delay": "uint16_t mem_update_delay;",
            "mem_update_margin": "uint16_t mem_update_margin;",
            "segment_size": "uint16_t segment_size;",
            "submit_line": "char *submit_line;",
            "step_id": "slurm_step_id_t step_id;",
        },
        "slurm_step_id_t": {"sluid": "uint64_t sluid;"},
        "job_desc_msg_t": {"job_id": None, "step_id": "slurm_step_id_t step_id;"},
        "slurmdb_job_rec_t": _DBJOB_2605,
        "slurmdb_step_rec_t": _DBSTEP_2605,
        "resource_allocation_response_msg_t": {
            "job_id": None,
            "step_id": "slurm_step_id_t step_id;",
        },
        "slurm_license_info_t": {"nodes": "char *nodes;"},
    },
    # 26.05 no longer reports whether slurmctld packed its partition records: 0, as a
    # counter nobody set.
    unset={"stats_info_response_msg_t": {"parts_packed": 0}},
    added={
        "node_info_t": _NODE_ADDED_2411
        | frozenset(
            {
                "alloc_cpus",
                "alloc_memory",
                "alloc_tres_fmt_str",
                "cert_flags",
                "cert_last_renewal",
                "suspend_time",
                "topology_str",
            }
        ),
        "partition_info_t": frozenset({"max_cpus_per_socket", "topology_name"}),
        "stats_info_response_msg_t": frozenset({*STATS_24_11, "schedule_cycle_sum"}),
        "slurm_license_info_t": frozenset({*LICENSE_24_11, "nodes"}),
        "slurm_job_info_t": _JOB_ADDED_2411
        | frozenset(
            {
                "container_type",
                "licenses_allocated",
                "mem_update_delay",
                "mem_update_margin",
                "segment_size",
                "submit_line",
                "step_id",
            }
        ),
        "slurmdb_job_rec_t": frozenset({*_DBJOB_2411, *_DBJOB_2605}),
        "slurmdb_step_rec_t": frozenset(_DBSTEP_2605),
    },
    moved={
        "submit_response_msg_t": {"job_id": "step_id.job_id", "step_id": "step_id.step_id"},
        "job_desc_msg_t": {"job_id": "step_id.job_id"},
        "resource_allocation_response_msg_t": {"job_id": "step_id.job_id"},
    },
    calls=JOB_STATE_CALLS + DB_CALLS_RC + RESOURCE_LAYOUT_CALLS + DBD_CONF_STRUCT,
    call_externs=RESOURCE_LAYOUT_EXTERNS,
    present=_NEWER_NAMES_2605 | _JOB_FLAGS_2605 | _DBJOB_NAMES_2605 | _CONF_NAMES_2605,
    types="typedef int... slurmdb_qos_flags_t;\ntypedef int... slurmdb_cluster_flags_t;\n",
    absent=frozenset({"CLUSTER_FLAG_FE"}),
    aliases="""
#define CR_CPU SELECT_CPU
#define CR_SOCKET SELECT_SOCKET
#define CR_CORE SELECT_CORE
#define CR_BOARD SELECT_BOARD
#define CR_MEMORY SELECT_MEMORY
#define CR_ONE_TASK_PER_CORE SELECT_ONE_TASK_PER_CORE
#define CR_PACK_NODES SELECT_PACK_NODES
#define CR_CORE_DEFAULT_DIST_BLOCK SELECT_CORE_DEFAULT_DIST_BLOCK
#define CR_LLN SELECT_LLN
#define CR_LINEAR SELECT_LINEAR
#define ENFORCE_BINDING_GRES SELECT_ENFORCE_BINDING_GRES
#define ONE_TASK_PER_SHARING_GRES SELECT_ONE_TASK_PER_SHARING_GRES
#define LL_SHARED_GRES SELECT_LL_SHARED_GRES
#define CR_NO_DIST_TOPO_BLOCK SELECT_NO_DIST_TOPO_BLOCK
#define MULTIPLE_SHARING_GRES_PJ SELECT_MULTIPLE_SHARING_GRES_PJ
#define slurm_free_ctl_conf slurm_free_conf
static int srd_load_job(job_info_msg_t **resp, uint32_t job_id, uint16_t show_flags)
{
    slurm_step_id_t step_id = SLURM_STEP_ID_INITIALIZER;
    step_id.job_id = job_id;
    return slurm_load_job(resp, step_id, show_flags);
}
#define slurm_load_job srd_load_job
static resource_allocation_response_msg_t *srd_allocate_resources_blocking(
    const job_desc_msg_t *req, time_t timeout, void (*pending)(uint32_t job_id))
{
    return slurm_allocate_resources_blocking(req, timeout, NULL, -1);
}
#define slurm_allocate_resources_blocking srd_allocate_resources_blocking
static list_t *srd_allocate_het_job_blocking(
    list_t *job_req_list, time_t timeout, void (*pending)(uint32_t job_id))
{
    return slurm_allocate_het_job_blocking(job_req_list, timeout, NULL, -1);
}
#define slurm_allocate_het_job_blocking srd_allocate_het_job_blocking
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
