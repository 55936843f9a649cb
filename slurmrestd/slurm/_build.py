"""cffi builder for the libslurm binding (API mode), run at install time by setup.py.

Only what the daemon uses is declared; ``...;`` lets the compiler lay out each
struct from the installed slurm.h, so field order and padding always match.
The struct declarations keep the scalar and string fields of Slurm 22.05's
structs, in the header's order; what another release has instead is stated
in releases.py, selected here by the headers' SLURM_VERSION_NUMBER (a release
it does not list is refused: its private layouts are unknown).
"""

from __future__ import annotations

import ast
import importlib.util
import os
import re
import sys
from typing import Any

from cffi import FFI

INCLUDE_DIR = os.environ.get("SLURM_INCLUDE_DIR", "/usr/include")
LIB_DIR = os.environ.get("SLURM_LIB_DIR", "/usr/lib/x86_64-linux-gnu/slurm-wlm")
HEADER = os.path.join(INCLUDE_DIR, "slurm", "slurm.h")

if not os.path.exists(HEADER):
    sys.exit(
        f"slurmrestd: cannot build the libslurm binding: {HEADER} is missing. "
        "Install Slurm's development headers (Debian: apt-get install libslurm-dev), "
        "or set SLURM_INCLUDE_DIR / SLURM_LIB_DIR."
    )

HERE = os.path.dirname(os.path.abspath(__file__))


def _releases() -> Any:
    """slurmrestd/slurm/releases.py, loaded by path (the package is not installed yet)."""
    spec = importlib.util.spec_from_file_location(
        "_slurmrestd_releases", os.path.join(HERE, "releases.py")
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def version_number(include_dir: str) -> int:
    """SLURM_VERSION_NUMBER of the headers in include_dir."""
    path = os.path.join(include_dir, "slurm", "slurm_version.h")
    with open(path, encoding="utf-8") as f:
        found = re.search(r"^#define\s+SLURM_VERSION_NUMBER\s+(0x[0-9a-fA-F]+)", f.read(), re.M)
    if found is None:
        sys.exit(
            f"slurmrestd: cannot build the libslurm binding: no SLURM_VERSION_NUMBER in {path}"
        )
    return int(found.group(1), 16)


releases = _releases()
try:
    RELEASE = releases.of_version(version_number(INCLUDE_DIR))
except releases.UnknownReleaseError as exc:
    sys.exit(f"slurmrestd: cannot build the libslurm binding: {exc}")

JOB_RESOURCES = RELEASE.job_resources

BASE = (
    """
typedef int... time_t;
typedef struct xlist *List;
typedef void (*ListDelF)(void *x);
typedef int64_t bitstr_t;
typedef bitstr_t bitoff_t;
typedef struct hostlist *hostlist_t;
/* libslurm's private job_resources: see JOB_RESOURCES */
typedef struct job_resources {
"""
    + JOB_RESOURCES
    + """
} job_resources_t;
typedef struct {
    uint32_t job_id;
    uint32_t step_het_comp;
    uint32_t step_id;
    ...;
} slurm_step_id_t;
"""
)


def constant_names(path: str) -> list[str]:
    """The names slurmrestd.slurm.constants reads from the binding (``NAME: int = _lib.NAME``)."""
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read(), path)
    return [
        node.value.attr
        for node in tree.body
        if isinstance(node, ast.AnnAssign)
        and isinstance(node.value, ast.Attribute)
        and isinstance(node.value.value, ast.Name)
        and node.value.value.id == "_lib"
    ]


# Slurm's constants: each name the constants module reads is declared here as an integer
# constant, so the compiler gives it the value of the slurm.h, slurm_errno.h or slurmdb.h
# the binding is built against (a #define or an enum member alike).  The module is the one
# list: a constant is added there, never here.
CONSTANTS = "".join(
    f"#define {name} ...\n" for name in constant_names(os.path.join(HERE, "constants.py"))
)
# A constant the release does not define is 0 there: no bit, never set and never sent
# (slurmrestd.slurm.constants.defined() tells the layers above).
ABSENT = "".join(f"#define {name} 0\n" for name in sorted(RELEASE.absent))

FIELD = re.compile(r"(\w+)(\[[^]]*\])?;\s*$")
STRUCT = re.compile(r"(typedef struct[^{]*\{\n)(.*?)(\n\} (\w+);)", re.S)


def declare(text: str, fields: Any) -> str:
    """The struct declarations of text with the release's fields: {struct: {field: its
    declaration, or None where the release has no such field}}.  A struct or removed
    field that text does not declare is a mistake in releases.py: the build stops."""
    unused = {(s, f) for s, changes in fields.items() for f, d in changes.items() if d is None}
    unused |= {(s, None) for s in fields}

    def struct(m: re.Match[str]) -> str:
        changes = fields.get(m.group(4), {})
        unused.discard((m.group(4), None))
        lines, found = [], set()
        for line in m.group(2).split("\n"):
            name = FIELD.search(line)
            if name is not None and name.group(1) in changes:
                found.add(name.group(1))
                unused.discard((m.group(4), name.group(1)))
                if changes[name.group(1)] is None:
                    continue
                line = "    " + changes[name.group(1)]
            elif line.strip() == "...;":
                # Fields the release adds go last (the compiler places them).
                lines += ["    " + d for f, d in changes.items() if f not in found and d]
            lines.append(line)
        return m.group(1) + "\n".join(lines) + m.group(3)

    out = STRUCT.sub(struct, text)
    if unused:
        wrong = ", ".join(f"{s}.{f}" if f else s for s, f in sorted(unused, key=str))
        sys.exit(
            f"slurmrestd: releases.py ({RELEASE.name}) names what the binding never "
            f"declares: {wrong}"
        )
    return out


# libslurm's private shares messages (src/common/slurm_protocol_defs.h), the same layout
# in every release of releases.py: declared for cffi and compiled (SHARES).
SHARES_LAYOUT = """
typedef struct assoc_shares_object {
    uint32_t assoc_id;
    char *cluster;
    char *name;
    char *parent;
    char *partition;
    double shares_norm;
    uint32_t shares_raw;
    uint64_t *tres_run_secs;
    uint64_t *tres_grp_mins;
    double usage_efctv;
    double usage_norm;
    uint64_t usage_raw;
    long double *usage_tres_raw;
    double fs_factor;
    double level_fs;
    uint16_t user;
} assoc_shares_object_t;
typedef struct shares_request_msg {
    List acct_list;
    List user_list;
} shares_request_msg_t;
typedef struct shares_response_msg {
    List assoc_shares_list;
    uint64_t tot_shares;
    uint32_t tres_cnt;
    char **tres_names;
} shares_response_msg_t;
"""

CDEF = (
    """

typedef struct job_defaults {
    uint16_t type;
    uint64_t value;
} job_defaults_t;
/* slurmctld's configuration: the fields GET /slurm/v0.0.45/conf dumps (22.05's, in its
   header's order; releases.py states what later releases retype or add). */
typedef struct {
    time_t last_update;
    char *accounting_storage_tres;
    uint16_t accounting_storage_enforce;
    char *accounting_storage_backup_host;
    char *accounting_storage_ext_host;
    char *accounting_storage_host;
    char *accounting_storage_params;
    uint16_t accounting_storage_port;
    char *accounting_storage_type;
    char *acct_gather_energy_type;
    char *acct_gather_profile_type;
    char *acct_gather_interconnect_type;
    char *acct_gather_filesystem_type;
    uint16_t acct_gather_node_freq;
    char *authalttypes;
    char *authinfo;
    char *authalt_params;
    char *authtype;
    uint16_t batch_start_timeout;
    char *bb_type;
    char *bcast_exclude;
    char *bcast_parameters;
    time_t boot_time;
    char *cli_filter_plugins;
    char *cluster_name;
    char *comm_params;
    uint16_t complete_wait;
    uint32_t conf_flags;
    char **control_addr;
    uint32_t control_cnt;
    char **control_machine;
    uint32_t cpu_freq_def;
    uint32_t cpu_freq_govs;
    char *cred_type;
    uint64_t debug_flags;
    uint64_t def_mem_per_cpu;
    char *dependency_params;
    uint16_t eio_timeout;
    uint16_t enforce_part_limits;
    char *epilog;
    uint32_t epilog_msg_time;
    char *epilog_slurmctld;
    char *fed_params;
    uint32_t first_job_id;
    uint16_t fs_dampening_factor;
    char *gres_plugins;
    uint16_t group_time;
    uint16_t group_force;
    char *gpu_freq_def;
    uint32_t hash_val;
    uint16_t health_check_interval;
    uint16_t health_check_node_state;
    char *health_check_program;
    uint16_t inactive_limit;
    char *interactive_step_opts;
    char *job_acct_gather_freq;
    char *job_acct_gather_type;
    char *job_acct_gather_params;
    uint16_t job_acct_oom_kill;
    char *job_comp_host;
    char *job_comp_loc;
    char *job_comp_params;
    uint32_t job_comp_port;
    char *job_comp_type;
    char *job_comp_user;
    List job_defaults_list;
    uint16_t job_file_append;
    uint16_t job_requeue;
    char *job_submit_plugins;
    uint32_t keepalive_interval;
    uint32_t keepalive_probes;
    uint32_t keepalive_time;
    uint16_t kill_on_bad_exit;
    uint16_t kill_wait;
    char *launch_params;
    char *licenses;
    uint16_t log_fmt;
    char *mail_domain;
    char *mail_prog;
    uint32_t max_array_sz;
    uint32_t max_dbd_msgs;
    uint32_t max_job_cnt;
    uint32_t max_job_id;
    uint64_t max_mem_per_cpu;
    uint32_t max_node_cnt;
    uint32_t max_step_cnt;
    uint16_t max_tasks_per_node;
    char *mcs_plugin;
    char *mcs_plugin_params;
    uint32_t min_job_age;
    char *mpi_default;
    char *mpi_params;
    uint16_t msg_timeout;
    uint32_t next_job_id;
    char *node_features_plugins;
    uint16_t over_time_limit;
    char *plugindir;
    char *plugstack;
    uint32_t preempt_exempt_time;
    uint16_t preempt_mode;
    char *preempt_type;
    char *prep_params;
    char *prep_plugins;
    uint32_t priority_decay_hl;
    uint32_t priority_calc_period;
    uint16_t priority_favor_small;
    uint16_t priority_flags;
    uint32_t priority_max_age;
    char *priority_params;
    uint16_t priority_reset_period;
    char *priority_type;
    uint32_t priority_weight_age;
    uint32_t priority_weight_assoc;
    uint32_t priority_weight_fs;
    uint32_t priority_weight_js;
    uint32_t priority_weight_part;
    uint32_t priority_weight_qos;
    char *priority_weight_tres;
    uint16_t private_data;
    char *proctrack_type;
    char *prolog;
    char *prolog_slurmctld;
    uint16_t propagate_prio_process;
    uint16_t prolog_flags;
    char *propagate_rlimits;
    char *propagate_rlimits_except;
    char *reboot_program;
    uint16_t reconfig_flags;
    char *requeue_exit;
    char *requeue_exit_hold;
    char *resume_fail_program;
    char *resume_program;
    uint16_t resume_rate;
    uint16_t resume_timeout;
    char *resv_epilog;
    uint16_t resv_over_run;
    char *resv_prolog;
    uint16_t ret2service;
    char *sched_logfile;
    uint16_t sched_log_level;
    char *sched_params;
    uint16_t sched_time_slice;
    char *schedtype;
    char *scron_params;
    char *select_type;
    uint16_t select_type_param;
    char *site_factor_plugin;
    char *site_factor_params;
    char *slurm_conf;
    uint32_t slurm_user_id;
    char *slurm_user_name;
    uint32_t slurmd_user_id;
    char *slurmd_user_name;
    char *slurmctld_addr;
    uint16_t slurmctld_debug;
    char *slurmctld_logfile;
    char *slurmctld_pidfile;
    uint32_t slurmctld_port;
    uint16_t slurmctld_port_count;
    char *slurmctld_primary_off_prog;
    char *slurmctld_primary_on_prog;
    uint16_t slurmctld_syslog_debug;
    uint16_t slurmctld_timeout;
    char *slurmctld_params;
    uint16_t slurmd_debug;
    char *slurmd_logfile;
    char *slurmd_params;
    char *slurmd_pidfile;
    uint32_t slurmd_port;
    char *slurmd_spooldir;
    uint16_t slurmd_syslog_debug;
    uint16_t slurmd_timeout;
    char *srun_epilog;
    uint16_t *srun_port_range;
    char *srun_prolog;
    char *state_save_location;
    char *suspend_exc_nodes;
    char *suspend_exc_parts;
    char *suspend_program;
    uint16_t suspend_rate;
    uint32_t suspend_time;
    uint16_t suspend_timeout;
    char *switch_type;
    char *switch_param;
    char *task_epilog;
    char *task_plugin;
    uint32_t task_plugin_param;
    char *task_prolog;
    uint16_t tcp_timeout;
    char *tmp_fs;
    char *topology_param;
    char *topology_plugin;
    uint16_t tree_width;
    char *unkillable_program;
    uint16_t unkillable_timeout;
    char *version;
    uint16_t vsize_factor;
    uint16_t wait_time;
    char *x11_params;
    ...;
} slurm_conf_t;
extern slurm_conf_t slurm_conf;

typedef struct job_info_msg {
    time_t last_backfill;
    time_t last_update;
    uint32_t record_count;
    slurm_job_info_t *job_array;
    ...;
} job_info_msg_t;
typedef struct node_info_msg {
    time_t last_update;
    uint32_t record_count;
    node_info_t *node_array;
    ...;
} node_info_msg_t;
typedef struct partition_info_msg {
    time_t last_update;
    uint32_t record_count;
    partition_info_t *partition_array;
    ...;
} partition_info_msg_t;
typedef struct reserve_info_msg {
    time_t last_update;
    uint32_t record_count;
    reserve_info_t *reservation_array;
    ...;
} reserve_info_msg_t;
typedef struct license_info_msg {
    time_t last_update;
    uint32_t num_lic;
    slurm_license_info_t *lic_array;
    ...;
} license_info_msg_t;
typedef struct stats_info_request_msg {
    uint16_t command_id;
    ...;
} stats_info_request_msg_t;
typedef struct {
    uint32_t job_array_count;
    char **job_array_id;
    uint32_t *error_code;
    ...;
} job_array_resp_msg_t;

void slurm_init(const char *conf);
char *slurm_job_reason_string(int inx);
char *rpc_num2string(uint16_t msg_type);
char *slurm_strerror(int errnum);
int auth_g_thread_config(const char *token, const char *username);
void auth_g_thread_clear(void);

List slurm_list_create(ListDelF f);
void slurm_list_append(List l, void *x);
void slurm_list_destroy(List l);

int slurm_ping(int dest);
int slurm_load_ctl_conf(time_t update_time, slurm_conf_t **conf);
void slurm_free_ctl_conf(slurm_conf_t *conf);
int slurm_get_statistics(stats_info_response_msg_t **buf, stats_info_request_msg_t *req);
void slurm_free_stats_response_msg(stats_info_response_msg_t *msg);

int slurm_load_jobs(time_t update_time, job_info_msg_t **resp, uint16_t show_flags);
int slurm_load_job(job_info_msg_t **resp, uint32_t job_id, uint16_t show_flags);
void slurm_free_job_info_msg(job_info_msg_t *msg);
void slurm_get_job_stderr(char *buf, int buf_size, slurm_job_info_t *job_ptr);
void slurm_get_job_stdin(char *buf, int buf_size, slurm_job_info_t *job_ptr);
void slurm_get_job_stdout(char *buf, int buf_size, slurm_job_info_t *job_ptr);
int slurm_load_node(time_t update_time, node_info_msg_t **resp, uint16_t show_flags);
int slurm_load_node_single(node_info_msg_t **resp, char *node_name, uint16_t show_flags);
void slurm_init_update_node_msg(update_node_msg_t *update_node_msg);
int slurm_update_node(update_node_msg_t *node_msg);
int slurm_delete_node(update_node_msg_t *node_msg);
int slurm_create_node(update_node_msg_t *node_msg);
int slurm_delete_reservation(reservation_name_msg_t *resv_msg);
int slurm_delete_partition(delete_part_msg_t *part_msg);
void slurm_init_part_desc_msg(partition_info_t *update_part_msg);
int slurm_create_partition(partition_info_t *part_msg);
int slurm_update_partition(partition_info_t *part_msg);
void slurm_init_resv_desc_msg(resv_desc_msg_t *update_resv_msg);
char *slurm_create_reservation(resv_desc_msg_t *resv_msg);
int slurm_update_reservation(resv_desc_msg_t *resv_msg);
void slurm_free_node_info_msg(node_info_msg_t *msg);
int slurm_load_partitions(time_t update_time, partition_info_msg_t **resp, uint16_t show_flags);
void slurm_free_partition_info_msg(partition_info_msg_t *msg);
int slurm_load_reservations(time_t update_time, reserve_info_msg_t **resp);
void slurm_free_reservation_info_msg(reserve_info_msg_t *msg);
int slurm_load_licenses(time_t update_time, license_info_msg_t **resp, uint16_t show_flags);
void slurm_free_license_info_msg(license_info_msg_t *msg);

void slurm_init_job_desc_msg(job_desc_msg_t *job_desc_msg);
int slurm_submit_batch_job(job_desc_msg_t *job_desc_msg, submit_response_msg_t **resp);
int slurm_submit_batch_het_job(List job_req_list, submit_response_msg_t **resp);
void slurm_free_submit_response_response_msg(submit_response_msg_t *msg);
int slurm_update_job2(job_desc_msg_t *job_msg, job_array_resp_msg_t **resp);
void slurm_free_job_array_resp(job_array_resp_msg_t *resp);
resource_allocation_response_msg_t *slurm_allocate_resources_blocking(
    const job_desc_msg_t *user_req, time_t timeout, void (*pending_callback)(uint32_t job_id));
List slurm_allocate_het_job_blocking(
    List job_req_list, time_t timeout, void (*pending_callback)(uint32_t job_id));
void slurm_free_resource_allocation_response_msg(resource_allocation_response_msg_t *msg);
int slurm_requeue2(char *job_id, uint32_t flags, job_array_resp_msg_t **resp);
int slurm_kill_job2(const char *job_id, uint16_t signal, uint16_t flags, const char *sibling);
void slurm_populate_node_partitions(node_info_msg_t *nodes, partition_info_msg_t *parts);
void slurm_xfree_ptr(void *ptr);
int bit_test(bitstr_t *b, bitoff_t bit);
bitoff_t bit_size(bitstr_t *b);
hostlist_t slurm_hostlist_create(const char *hostlist);
char *slurm_hostlist_shift(hostlist_t hl);
void slurm_hostlist_destroy(hostlist_t hl);
int slurm_hostlist_push(hostlist_t hl, const char *hosts);
char *slurm_hostlist_ranged_string_xmalloc(hostlist_t hl);
void free(void *ptr);
int slurm_reconfigure(void);

"""
    + SHARES_LAYOUT
    + """
int srd_get_shares(shares_request_msg_t *req, shares_response_msg_t **resp);
void slurm_free_shares_response_msg(shares_response_msg_t *msg);

void *slurmdb_connection_get(uint16_t *persist_conn_flags);
int slurmdb_connection_close(void **db_conn);
"""
)

STRUCTS = """
typedef struct job_info {
    char * account;
    time_t accrue_time;
    char * admin_comment;
    char * alloc_node;
    uint32_t alloc_sid;
    uint32_t array_job_id;
    uint32_t array_task_id;
    uint32_t array_max_tasks;
    char * array_task_str;
    uint32_t assoc_id;
    char * batch_features;
    uint16_t batch_flag;
    char * batch_host;
    uint64_t bitflags;
    uint16_t boards_per_node;
    char * burst_buffer;
    char * burst_buffer_state;
    char * cluster;
    char * cluster_features;
    char * command;
    char * comment;
    char * container;
    uint16_t contiguous;
    uint16_t core_spec;
    uint16_t cores_per_socket;
    double billable_tres;
    uint16_t cpus_per_task;
    uint32_t cpu_freq_min;
    uint32_t cpu_freq_max;
    uint32_t cpu_freq_gov;
    char * cpus_per_tres;
    char * cronspec;
    time_t deadline;
    uint32_t delay_boot;
    char * dependency;
    uint32_t derived_ec;
    time_t eligible_time;
    time_t end_time;
    char * exc_nodes;
    uint32_t exit_code;
    char * features;
    char * fed_origin_str;
    uint64_t fed_siblings_active;
    char * fed_siblings_active_str;
    uint64_t fed_siblings_viable;
    char * fed_siblings_viable_str;
    uint32_t gres_detail_cnt;
    char  ** gres_detail_str;
    char * gres_total;
    uint32_t group_id;
    uint32_t het_job_id;
    char * het_job_id_set;
    uint32_t het_job_offset;
    uint32_t job_id;
    uint32_t job_state;
    time_t last_sched_eval;
    char * licenses;
    uint16_t mail_type;
    char * mail_user;
    uint32_t max_cpus;
    uint32_t max_nodes;
    char * mcs_label;
    char * mem_per_tres;
    char * name;
    char * network;
    char * nodes;
    uint32_t nice;
    uint16_t ntasks_per_core;
    uint16_t ntasks_per_tres;
    uint16_t ntasks_per_node;
    uint16_t ntasks_per_socket;
    uint16_t ntasks_per_board;
    uint32_t num_cpus;
    uint32_t num_nodes;
    uint32_t num_tasks;
    char * partition;
    char * prefer;
    uint64_t pn_min_memory;
    uint16_t pn_min_cpus;
    uint32_t pn_min_tmp_disk;
    uint8_t power_flags;
    time_t preempt_time;
    time_t preemptable_time;
    time_t pre_sus_time;
    uint32_t priority;
    uint32_t profile;
    char * qos;
    uint8_t reboot;
    char * req_nodes;
    uint32_t req_switch;
    uint16_t requeue;
    time_t resize_time;
    uint16_t restart_cnt;
    char * resv_name;
    char * sched_nodes;
    char * selinux_context;
    uint16_t shared;
    uint16_t show_flags;
    uint32_t site_factor;
    uint16_t sockets_per_board;
    uint16_t sockets_per_node;
    time_t start_time;
    uint16_t start_protocol_ver;
    char * state_desc;
    uint16_t state_reason;
    char * std_err;
    char * std_in;
    char * std_out;
    time_t submit_time;
    time_t suspend_time;
    char * system_comment;
    uint32_t time_limit;
    uint32_t time_min;
    uint16_t threads_per_core;
    char * tres_bind;
    char * tres_freq;
    char * tres_per_job;
    char * tres_per_node;
    char * tres_per_socket;
    char * tres_per_task;
    char * tres_req_str;
    char * tres_alloc_str;
    uint32_t user_id;
    char * user_name;
    uint32_t wait4switch;
    char * wckey;
    char * work_dir;
    job_resources_t *job_resrcs;
    ...;
} slurm_job_info_t;

typedef struct acct_gather_energy {
    uint32_t ave_watts;
    uint64_t base_consumed_energy;
    uint64_t consumed_energy;
    uint32_t current_watts;
    uint64_t previous_consumed_energy;
    time_t poll_time;
    ...;
} acct_gather_energy_t;

typedef struct resv_core_spec {
    char * node_name;
    char * core_id;
    ...;
} resv_core_spec_t;

typedef struct node_info {
    char * arch;
    char * bcast_address;
    uint16_t boards;
    time_t boot_time;
    char * cluster_name;
    uint16_t cores;
    uint16_t core_spec_cnt;
    uint32_t cpu_bind;
    uint32_t cpu_load;
    uint64_t free_mem;
    uint16_t cpus;
    uint16_t cpus_efctv;
    char * cpu_spec_list;
    acct_gather_energy_t *energy;
    char * extra;
    char * features;
    char * features_act;
    char * gres;
    char * gres_drain;
    char * gres_used;
    time_t last_busy;
    char * mcs_label;
    uint64_t mem_spec_limit;
    char * name;
    uint32_t next_state;
    char * node_addr;
    char * node_hostname;
    uint32_t node_state;
    char * os;
    uint32_t owner;
    char * partitions;
    uint16_t port;
    uint64_t real_memory;
    char * comment;
    char * reason;
    time_t reason_time;
    uint32_t reason_uid;
    time_t slurmd_start_time;
    uint16_t sockets;
    uint16_t threads;
    uint32_t tmp_disk;
    uint32_t weight;
    char * tres_fmt_str;
    char * version;
    dynamic_plugin_data_t *select_nodeinfo;
    ...;
} node_info_t;

typedef struct slurm_update_node_msg {
    char * comment;
    uint32_t cpu_bind;
    char * extra;
    char * features;
    char * features_act;
    char * gres;
    char * node_addr;
    char * node_hostname;
    char * node_names;
    uint32_t node_state;
    char * reason;
    uint32_t reason_uid;
    uint32_t weight;
    ...;
} update_node_msg_t;

typedef struct reservation_name_msg {
    char * name;
    ...;
} reservation_name_msg_t;

typedef struct resv_desc_msg {
    char * accounts;
    char * burst_buffer;
    uint32_t *core_cnt;
    uint32_t duration;
    time_t end_time;
    char * features;
    uint64_t flags;
    char * groups;
    char * licenses;
    uint32_t max_start_delay;
    char * name;
    uint32_t *node_cnt;
    char * node_list;
    char * partition;
    uint32_t purge_comp_time;
    time_t start_time;
    uint32_t resv_watts;
    char * tres_str;
    char * users;
    ...;
} resv_desc_msg_t;

typedef struct delete_partition_msg {
    char * name;
    ...;
} delete_part_msg_t;

typedef struct partition_info {
    char * allow_alloc_nodes;
    char * allow_accounts;
    char * allow_groups;
    char * allow_qos;
    char * alternate;
    char * billing_weights_str;
    char * cluster_name;
    uint16_t cr_type;
    uint32_t cpu_bind;
    uint64_t def_mem_per_cpu;
    uint32_t default_time;
    char * deny_accounts;
    char * deny_qos;
    uint16_t flags;
    uint32_t grace_time;
    char * job_defaults_str;
    uint32_t max_cpus_per_node;
    uint64_t max_mem_per_cpu;
    uint32_t max_nodes;
    uint16_t max_share;
    uint32_t max_time;
    uint32_t min_nodes;
    char * name;
    char * nodes;
    char * nodesets;
    uint16_t over_time_limit;
    uint16_t preempt_mode;
    uint16_t priority_job_factor;
    uint16_t priority_tier;
    char * qos_char;
    uint16_t resume_timeout;
    uint16_t state_up;
    uint32_t suspend_time;
    uint16_t suspend_timeout;
    uint32_t total_cpus;
    uint32_t total_nodes;
    char * tres_fmt_str;
    ...;
} partition_info_t;

typedef struct reserve_info {
    char * accounts;
    char * burst_buffer;
    uint32_t core_cnt;
    uint32_t core_spec_cnt;
    resv_core_spec_t *core_spec;
    time_t end_time;
    char * features;
    uint64_t flags;
    char * groups;
    char * licenses;
    uint32_t max_start_delay;
    char * name;
    uint32_t node_cnt;
    char * node_list;
    char * partition;
    uint32_t purge_comp_time;
    time_t start_time;
    uint32_t resv_watts;
    char * tres_str;
    char * users;
    ...;
} reserve_info_t;

typedef struct slurm_license_info {
    char * name;
    uint32_t total;
    uint32_t in_use;
    uint32_t available;
    uint8_t remote;
    uint32_t reserved;
    ...;
} slurm_license_info_t;

typedef struct stats_info_response_msg {
    uint32_t parts_packed;
    time_t req_time;
    time_t req_time_start;
    uint32_t server_thread_count;
    uint32_t agent_queue_size;
    uint32_t agent_count;
    uint32_t agent_thread_count;
    uint32_t dbd_agent_queue_size;
    uint32_t gettimeofday_latency;
    uint32_t schedule_cycle_max;
    uint32_t schedule_cycle_last;
    uint32_t schedule_cycle_sum;
    uint32_t schedule_cycle_counter;
    uint32_t schedule_cycle_depth;
    uint32_t schedule_queue_len;
    uint32_t jobs_submitted;
    uint32_t jobs_started;
    uint32_t jobs_completed;
    uint32_t jobs_canceled;
    uint32_t jobs_failed;
    uint32_t jobs_pending;
    uint32_t jobs_running;
    time_t job_states_ts;
    uint32_t bf_backfilled_jobs;
    uint32_t bf_last_backfilled_jobs;
    uint32_t bf_backfilled_het_jobs;
    uint32_t bf_cycle_counter;
    uint64_t bf_cycle_sum;
    uint32_t bf_cycle_last;
    uint32_t bf_cycle_max;
    uint32_t bf_last_depth;
    uint32_t bf_last_depth_try;
    uint32_t bf_depth_sum;
    uint32_t bf_depth_try_sum;
    uint32_t bf_queue_len;
    uint32_t bf_queue_len_sum;
    uint32_t bf_table_size;
    uint32_t bf_table_size_sum;
    time_t bf_when_last_cycle;
    uint32_t bf_active;
    uint32_t rpc_type_size;
    uint16_t * rpc_type_id;
    uint32_t * rpc_type_cnt;
    uint64_t * rpc_type_time;
    uint32_t rpc_user_size;
    uint32_t * rpc_user_id;
    uint32_t * rpc_user_cnt;
    uint64_t * rpc_user_time;
    uint32_t rpc_queue_type_count;
    uint32_t * rpc_queue_type_id;
    uint32_t * rpc_queue_count;
    uint32_t rpc_dump_count;
    uint32_t * rpc_dump_types;
    char  ** rpc_dump_hostlist;
    ...;
} stats_info_response_msg_t;

typedef struct job_descriptor {
    char * account;
    char * acctg_freq;
    char * admin_comment;
    char * alloc_node;
    uint16_t alloc_resp_port;
    uint32_t alloc_sid;
    uint32_t argc;
    char  ** argv;
    char * array_inx;
    char * batch_features;
    time_t begin_time;
    uint64_t bitflags;
    char * burst_buffer;
    char * clusters;
    char * cluster_features;
    char * comment;
    uint16_t contiguous;
    char * container;
    uint16_t core_spec;
    char * cpu_bind;
    uint16_t cpu_bind_type;
    uint32_t cpu_freq_min;
    uint32_t cpu_freq_max;
    uint32_t cpu_freq_gov;
    char * cpus_per_tres;
    time_t deadline;
    uint32_t delay_boot;
    char * dependency;
    time_t end_time;
    char  ** environment;
    uint32_t env_size;
    char * extra;
    char * exc_nodes;
    char * features;
    uint64_t fed_siblings_active;
    uint64_t fed_siblings_viable;
    uint32_t group_id;
    uint32_t het_job_offset;
    uint16_t immediate;
    uint32_t job_id;
    char * job_id_str;
    uint16_t kill_on_node_fail;
    char * licenses;
    uint16_t mail_type;
    char * mail_user;
    char * mcs_label;
    char * mem_bind;
    uint16_t mem_bind_type;
    char * mem_per_tres;
    char * name;
    char * network;
    uint32_t nice;
    uint32_t num_tasks;
    uint8_t open_mode;
    char * origin_cluster;
    uint16_t other_port;
    uint8_t overcommit;
    char * partition;
    uint16_t plane_size;
    uint8_t power_flags;
    char * prefer;
    uint32_t priority;
    uint32_t profile;
    char * qos;
    uint16_t reboot;
    char * resp_host;
    uint16_t restart_cnt;
    char * req_nodes;
    uint16_t requeue;
    char * reservation;
    char * script;
    uint16_t shared;
    uint32_t site_factor;
    char  ** spank_job_env;
    uint32_t spank_job_env_size;
    char * submit_line;
    uint32_t task_dist;
    uint32_t time_limit;
    uint32_t time_min;
    char * tres_bind;
    char * tres_freq;
    char * tres_per_job;
    char * tres_per_node;
    char * tres_per_socket;
    char * tres_per_task;
    uint32_t user_id;
    uint16_t wait_all_nodes;
    uint16_t warn_flags;
    uint16_t warn_signal;
    uint16_t warn_time;
    char * work_dir;
    uint16_t cpus_per_task;
    uint32_t min_cpus;
    uint32_t max_cpus;
    uint32_t min_nodes;
    uint32_t max_nodes;
    uint16_t boards_per_node;
    uint16_t sockets_per_board;
    uint16_t sockets_per_node;
    uint16_t cores_per_socket;
    uint16_t threads_per_core;
    uint16_t ntasks_per_node;
    uint16_t ntasks_per_socket;
    uint16_t ntasks_per_core;
    uint16_t ntasks_per_board;
    uint16_t ntasks_per_tres;
    uint16_t pn_min_cpus;
    uint64_t pn_min_memory;
    uint32_t pn_min_tmp_disk;
    char * req_context;
    uint32_t req_switch;
    char * selinux_context;
    char * std_err;
    char * std_in;
    char * std_out;
    uint32_t wait4switch;
    char * wckey;
    uint16_t x11;
    char * x11_magic_cookie;
    char * x11_target;
    uint16_t x11_target_port;
    ...;
} job_desc_msg_t;

typedef struct submit_response_msg {
    uint32_t job_id;
    uint32_t step_id;
    uint32_t error_code;
    char * job_submit_user_msg;
    ...;
} submit_response_msg_t;

typedef struct resource_allocation_response_msg {
    uint32_t job_id;
    uint32_t error_code;
    char * job_submit_user_msg;
    ...;
} resource_allocation_response_msg_t;

"""

# slurmdbd records and conditions (slurmdb.h 22.05): the fields the accounting
# plugins read or set, laid out by the compiler from the header.
DB_STRUCTS = """
typedef struct {
    uint64_t count;
    uint32_t id;
    char *name;
    char *type;
    ...;
} slurmdb_tres_rec_t;
typedef struct {
    uint64_t alloc_secs;
    uint32_t id;
    time_t period_start;
    slurmdb_tres_rec_t tres_rec;
    ...;
} slurmdb_accounting_rec_t;
typedef struct {
    uint32_t accrue_cnt;
    double grp_used_wall;
    double fs_factor;
    uint32_t level_shares;
    double priority_norm;
    double shares_norm;
    long double usage_efctv;
    long double usage_norm;
    long double usage_raw;
    uint32_t used_jobs;
    uint32_t used_submit_jobs;
    long double level_fs;
    ...;
} slurmdb_assoc_usage_t;
typedef struct slurmdb_assoc_rec {
    List accounting_list;
    char *acct;
    char *cluster;
    uint32_t def_qos_id;
    uint16_t flags;
    uint32_t grp_jobs;
    uint32_t grp_jobs_accrue;
    uint32_t grp_submit_jobs;
    char *grp_tres;
    char *grp_tres_mins;
    char *grp_tres_run_mins;
    uint32_t grp_wall;
    uint32_t id;
    uint16_t is_def;
    uint32_t max_jobs;
    uint32_t max_jobs_accrue;
    uint32_t max_submit_jobs;
    char *max_tres_mins_pj;
    char *max_tres_run_mins;
    char *max_tres_pj;
    char *max_tres_pn;
    uint32_t max_wall_pj;
    uint32_t min_prio_thresh;
    char *parent_acct;
    uint32_t parent_id;
    char *partition;
    uint32_t priority;
    List qos_list;
    uint32_t shares_raw;
    uint32_t uid;
    slurmdb_assoc_usage_t *usage;
    char *user;
    ...;
} slurmdb_assoc_rec_t;
typedef struct {
    List acct_list;
    List cluster_list;
    List def_qos_id_list;
    List format_list;
    List id_list;
    uint16_t only_defs;
    List parent_acct_list;
    List partition_list;
    List qos_list;
    List user_list;
    uint16_t with_usage;
    uint16_t with_deleted;
    uint16_t with_raw_qos;
    uint16_t with_sub_accts;
    uint16_t without_parent_info;
    uint16_t without_parent_limits;
    ...;
} slurmdb_assoc_cond_t;
typedef struct {
    slurmdb_assoc_cond_t *assoc_cond;
    List description_list;
    List organization_list;
    uint16_t with_assocs;
    uint16_t with_coords;
    uint16_t with_deleted;
    ...;
} slurmdb_account_cond_t;
typedef struct {
    List assoc_list;
    List coordinators;
    char *description;
    uint32_t flags;
    char *name;
    char *organization;
    ...;
} slurmdb_account_rec_t;
typedef struct {
    char *name;
    uint16_t direct;
    ...;
} slurmdb_coord_rec_t;
typedef struct {
    uint64_t count;
    List format_list;
    List id_list;
    List name_list;
    List type_list;
    uint16_t with_deleted;
    ...;
} slurmdb_tres_cond_t;
typedef struct {
    List description_list;
    List id_list;
    List format_list;
    List name_list;
    uint16_t preempt_mode;
    uint16_t with_deleted;
    ...;
} slurmdb_qos_cond_t;
typedef struct {
    char *description;
    uint32_t id;
    uint32_t flags;
    uint32_t grace_time;
    uint32_t grp_jobs_accrue;
    uint32_t grp_jobs;
    uint32_t grp_submit_jobs;
    char *grp_tres;
    char *grp_tres_mins;
    char *grp_tres_run_mins;
    uint32_t grp_wall;
    double limit_factor;
    uint32_t max_jobs_pa;
    uint32_t max_jobs_pu;
    uint32_t max_jobs_accrue_pa;
    uint32_t max_jobs_accrue_pu;
    uint32_t max_submit_jobs_pa;
    uint32_t max_submit_jobs_pu;
    char *max_tres_mins_pj;
    char *max_tres_pa;
    char *max_tres_pj;
    char *max_tres_pn;
    char *max_tres_pu;
    char *max_tres_run_mins_pa;
    char *max_tres_run_mins_pu;
    uint32_t max_wall_pj;
    uint32_t min_prio_thresh;
    char *min_tres_pj;
    char *name;
    bitstr_t *preempt_bitstr;
    List preempt_list;
    uint16_t preempt_mode;
    uint32_t preempt_exempt_time;
    uint32_t priority;
    double usage_factor;
    double usage_thres;
    ...;
} slurmdb_qos_rec_t;
typedef struct {
    uint16_t admin_level;
    slurmdb_assoc_cond_t *assoc_cond;
    List def_acct_list;
    List def_wckey_list;
    uint16_t with_assocs;
    uint16_t with_coords;
    uint16_t with_deleted;
    uint16_t with_wckeys;
    uint16_t without_defaults;
    ...;
} slurmdb_user_cond_t;
typedef struct {
    uint16_t admin_level;
    List assoc_list;
    List coord_accts;
    char *default_acct;
    char *default_wckey;
    uint32_t flags;
    char *name;
    char *old_name;
    uint32_t uid;
    List wckey_list;
    ...;
} slurmdb_user_rec_t;
typedef struct {
    List cluster_list;
    List format_list;
    List id_list;
    List name_list;
    uint16_t only_defs;
    List user_list;
    uint16_t with_usage;
    uint16_t with_deleted;
    ...;
} slurmdb_wckey_cond_t;
typedef struct {
    List accounting_list;
    char *cluster;
    uint32_t flags;
    uint32_t id;
    uint16_t is_def;
    char *name;
    uint32_t uid;
    char *user;
    ...;
} slurmdb_wckey_rec_t;
typedef struct {
    uint16_t classification;
    List cluster_list;
    List federation_list;
    uint32_t flags;
    List format_list;
    List plugin_id_select_list;
    List rpc_version_list;
    uint16_t with_deleted;
    uint16_t with_usage;
    ...;
} slurmdb_cluster_cond_t;
typedef struct slurmdb_cluster_rec {
    List accounting_list;
    uint16_t classification;
    char *control_host;
    uint32_t control_port;
    uint16_t dimensions;
    uint32_t flags;
    char *name;
    char *nodes;
    uint32_t plugin_id_select;
    slurmdb_assoc_rec_t *root_assoc;
    uint16_t rpc_version;
    char *tres_str;
    ...;
} slurmdb_cluster_rec_t;
typedef struct {
    List acct_list;
    List associd_list;
    List cluster_list;
    List constraint_list;
    uint32_t cpus_max;
    uint32_t cpus_min;
    uint32_t db_flags;
    int32_t exitcode;
    uint32_t flags;
    List format_list;
    List groupid_list;
    List jobname_list;
    uint32_t nodes_max;
    uint32_t nodes_min;
    List partition_list;
    List qos_list;
    List reason_list;
    List resv_list;
    List resvid_list;
    List state_list;
    List step_list;
    uint32_t timelimit_max;
    uint32_t timelimit_min;
    time_t usage_end;
    time_t usage_start;
    char *used_nodes;
    List userid_list;
    List wckey_list;
    ...;
} slurmdb_job_cond_t;
typedef struct {
    double act_cpufreq;
    uint64_t consumed_energy;
    char *tres_usage_in_ave;
    char *tres_usage_in_max;
    char *tres_usage_in_max_nodeid;
    char *tres_usage_in_max_taskid;
    char *tres_usage_in_min;
    char *tres_usage_in_min_nodeid;
    char *tres_usage_in_min_taskid;
    char *tres_usage_in_tot;
    char *tres_usage_out_ave;
    char *tres_usage_out_max;
    char *tres_usage_out_max_nodeid;
    char *tres_usage_out_max_taskid;
    char *tres_usage_out_min;
    char *tres_usage_out_min_nodeid;
    char *tres_usage_out_min_taskid;
    char *tres_usage_out_tot;
    ...;
} slurmdb_stats_t;
typedef struct {
    char *account;
    char *admin_comment;
    uint32_t alloc_nodes;
    uint32_t array_job_id;
    uint32_t array_max_tasks;
    uint32_t array_task_id;
    char *array_task_str;
    uint32_t associd;
    char *blockid;
    char *cluster;
    char *constraints;
    char *container;
    uint64_t db_index;
    uint32_t derived_ec;
    char *derived_es;
    uint32_t elapsed;
    time_t eligible;
    time_t end;
    uint32_t exitcode;
    uint32_t flags;
    uint32_t gid;
    uint32_t het_job_id;
    uint32_t het_job_offset;
    uint32_t jobid;
    char *jobname;
    char *mcs_label;
    char *nodes;
    char *partition;
    uint32_t priority;
    uint32_t qosid;
    uint32_t req_cpus;
    uint64_t req_mem;
    uint32_t requid;
    uint32_t resvid;
    char *resv_name;
    char *script;
    time_t start;
    uint32_t state;
    uint32_t state_reason_prev;
    List steps;
    time_t submit;
    char *submit_line;
    uint32_t suspended;
    char *system_comment;
    uint64_t sys_cpu_sec;
    uint64_t sys_cpu_usec;
    uint32_t timelimit;
    uint64_t tot_cpu_sec;
    uint64_t tot_cpu_usec;
    char *tres_alloc_str;
    char *tres_req_str;
    uint32_t uid;
    char *used_gres;
    char *user;
    uint64_t user_cpu_sec;
    uint64_t user_cpu_usec;
    char *wckey;
    char *work_dir;
    ...;
} slurmdb_job_rec_t;
typedef struct {
    uint32_t elapsed;
    time_t end;
    int32_t exitcode;
    uint32_t nnodes;
    char *nodes;
    uint32_t ntasks;
    char *pid_str;
    uint32_t req_cpufreq_min;
    uint32_t req_cpufreq_max;
    uint32_t req_cpufreq_gov;
    uint32_t requid;
    time_t start;
    uint32_t state;
    slurmdb_stats_t stats;
    slurm_step_id_t step_id;
    char *stepname;
    char *submit_line;
    uint32_t suspended;
    uint64_t sys_cpu_sec;
    uint32_t sys_cpu_usec;
    uint32_t task_dist;
    uint64_t tot_cpu_sec;
    uint32_t tot_cpu_usec;
    char *tres_alloc_str;
    uint64_t user_cpu_sec;
    uint32_t user_cpu_usec;
    ...;
} slurmdb_step_rec_t;
typedef struct {
    uint32_t cnt;
    uint32_t id;
    uint64_t time;
    uint64_t time_ave;
    ...;
} slurmdb_rpc_obj_t;
typedef struct {
    char *cluster_name;
    uint16_t count[...];
    time_t timestamp[...];
    uint64_t time_last[...];
    uint64_t time_max[...];
    uint64_t time_total[...];
    ...;
} slurmdb_rollup_stats_t;
typedef struct {
    slurmdb_rollup_stats_t *dbd_rollup_stats;
    List rpc_list;
    time_t time_start;
    List user_list;
    ...;
} slurmdb_stats_rec_t;
"""

# The head of libslurm's private persistent connection (releases.py): a slurmdbd
# connection's socket, so a leaked one can be found and closed.
PERSIST_CONN_HEAD = RELEASE.persist_conn_head

DB_CDEF = (
    """
typedef struct {
"""
    + PERSIST_CONN_HEAD
    + """
} persist_conn_head_t;
typedef struct listIterator *ListIterator;
ListIterator slurm_list_iterator_create(List l);
void *slurm_list_next(ListIterator i);
void slurm_list_iterator_destroy(ListIterator i);
bool slurm_with_slurmdbd(void);
int slurm_addto_step_list(List step_list, char *names);
void slurm_destroy_selected_step(void *object);
char *slurmdbd_msg_type_2_str(uint16_t msg_type, int get_enum);
char *slurm_step_layout_type_name(uint32_t task_dist);
char *slurm_job_state_string(uint32_t inx);
void cpu_freq_to_string(char *buf, int buf_size, uint32_t cpu_freq);
char *sig_num2name(int signal);
void slurmdb_job_cond_def_start_end(slurmdb_job_cond_t *job_cond);
int slurmdb_connection_commit(void *db_conn, bool commit);
time_t slurm_parse_time(char *time_str, int past);
int slurm_addto_char_list(List char_list, char *names);
uint32_t slurm_job_state_num(const char *state_name);
int slurmdb_get_stats(void *db_conn, slurmdb_stats_rec_t **stats_pptr);
void slurmdb_destroy_stats_rec(void *object);
void slurmdb_init_assoc_rec(slurmdb_assoc_rec_t *assoc, bool free_it);
void slurmdb_init_qos_rec(slurmdb_qos_rec_t *qos, bool free_it, uint32_t init_val);
void slurmdb_init_wckey_rec(slurmdb_wckey_rec_t *wckey, bool free_it);
void slurmdb_init_cluster_rec(slurmdb_cluster_rec_t *cluster, bool free_it);
List slurmdb_tres_get(void *db_conn, slurmdb_tres_cond_t *tres_cond);
List slurmdb_qos_get(void *db_conn, slurmdb_qos_cond_t *qos_cond);
List slurmdb_accounts_get(void *db_conn, slurmdb_account_cond_t *acct_cond);
List slurmdb_users_get(void *db_conn, slurmdb_user_cond_t *user_cond);
List slurmdb_associations_get(void *db_conn, slurmdb_assoc_cond_t *assoc_cond);
List slurmdb_wckeys_get(void *db_conn, slurmdb_wckey_cond_t *wckey_cond);
List slurmdb_clusters_get(void *db_conn, slurmdb_cluster_cond_t *cluster_cond);
List slurmdb_jobs_get(void *db_conn, slurmdb_job_cond_t *job_cond);
List slurmdb_job_modify(void *db_conn, slurmdb_job_cond_t *job_cond, slurmdb_job_rec_t *job);
int slurmdb_tres_add(void *db_conn, List tres_list_in);
int slurmdb_qos_add(void *db_conn, List qos_list);
int slurmdb_accounts_add(void *db_conn, List acct_list);
int slurmdb_users_add(void *db_conn, List user_list);
int slurmdb_associations_add(void *db_conn, List assoc_list);
int slurmdb_wckeys_add(void *db_conn, List wckey_list);
int slurmdb_clusters_add(void *db_conn, List cluster_list);
int slurmdb_coord_add(void *db_conn, List acct_list, slurmdb_user_cond_t *user_cond);
List slurmdb_coord_remove(void *db_conn, List acct_list, slurmdb_user_cond_t *user_cond);
List slurmdb_accounts_modify(void *db_conn, slurmdb_account_cond_t *acct_cond,
                             slurmdb_account_rec_t *acct);
List slurmdb_users_modify(void *db_conn, slurmdb_user_cond_t *user_cond,
                          slurmdb_user_rec_t *user);
List slurmdb_qos_modify(void *db_conn, slurmdb_qos_cond_t *qos_cond, slurmdb_qos_rec_t *qos);
List slurmdb_associations_modify(void *db_conn, slurmdb_assoc_cond_t *assoc_cond,
                                 slurmdb_assoc_rec_t *assoc);
List slurmdb_qos_remove(void *db_conn, slurmdb_qos_cond_t *qos_cond);
List slurmdb_accounts_remove(void *db_conn, slurmdb_account_cond_t *acct_cond);
List slurmdb_users_remove(void *db_conn, slurmdb_user_cond_t *user_cond);
List slurmdb_associations_remove(void *db_conn, slurmdb_assoc_cond_t *assoc_cond);
List slurmdb_wckeys_remove(void *db_conn, slurmdb_wckey_cond_t *wckey_cond);
List slurmdb_clusters_remove(void *db_conn, slurmdb_cluster_cond_t *cluster_cond);
"""
)

# libslurm's private shares messages (src/common/slurm_protocol_defs.h; the same layout in
# every release of releases.py) and the free call; srd_get_shares() is the release's way to
# ask slurmctld for them (RELEASE.shares_call).
SHARES = (
    SHARES_LAYOUT
    + """
extern void slurm_free_shares_response_msg(shares_response_msg_t *msg);
"""
)

# Declarations libslurmfull exports but slurm.h does not carry.
PREAMBLE = (
    """
#include <stdlib.h>
#include <slurm/slurm.h>
#include <slurm/slurm_errno.h>
#include <slurm/slurmdb.h>
"""
    + RELEASE.aliases
    + RELEASE.call_externs
    + ABSENT
    + """
extern slurm_conf_t slurm_conf;
extern int auth_g_thread_config(const char *token, const char *username);
extern void auth_g_thread_clear(void);
extern void slurm_free_stats_response_msg(stats_info_response_msg_t *msg);
extern char *rpc_num2string(uint16_t msg_type);
extern char *slurm_job_reason_string(int inx);
extern void slurm_xfree_ptr(void *ptr);
extern int bit_test(bitstr_t *b, bitoff_t bit);
extern bitoff_t bit_size(bitstr_t *b);
extern bool slurm_with_slurmdbd(void);
extern time_t slurm_parse_time(char *time_str, int past);
extern int slurm_addto_char_list(List char_list, char *names);
extern uint32_t slurm_job_state_num(const char *state_name);
extern int slurm_addto_step_list(List step_list, char *names);
extern void slurm_destroy_selected_step(void *object);
extern char *slurmdbd_msg_type_2_str(uint16_t msg_type, int get_enum);
extern char *slurm_step_layout_type_name(uint32_t task_dist);
extern char *slurm_job_state_string(uint32_t inx);
extern void cpu_freq_to_string(char *buf, int buf_size, uint32_t cpu_freq);
extern char *sig_num2name(int signal);
extern void slurmdb_job_cond_def_start_end(slurmdb_job_cond_t *job_cond);
extern ListIterator slurm_list_iterator_create(List l);
extern void *slurm_list_next(ListIterator i);
extern void slurm_list_iterator_destroy(ListIterator i);
typedef struct {
"""
    + PERSIST_CONN_HEAD
    + """
} persist_conn_head_t;
struct job_resources {
"""
    + JOB_RESOURCES
    + """
};
"""
    + SHARES
    + RELEASE.shares_call
)

ffibuilder = FFI()
ffibuilder.cdef(
    declare(
        BASE
        + RELEASE.types
        + RELEASE.calls
        + STRUCTS
        + CONSTANTS
        + CDEF
        + DB_STRUCTS
        + DB_CDEF
        + RELEASE.db_calls,
        RELEASE.fields,
    )
)
ffibuilder.set_source(
    "slurmrestd.slurm._libslurm",
    PREAMBLE,
    include_dirs=[INCLUDE_DIR],
    libraries=["slurmfull"],
    library_dirs=[LIB_DIR],
    runtime_library_dirs=[LIB_DIR],
    # A function without a prototype would return int and truncate pointers.
    extra_compile_args=["-Werror=implicit-function-declaration"],
)

if __name__ == "__main__":
    ffibuilder.compile(verbose=True)
