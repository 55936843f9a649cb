"""openapi/v0.0.37 renderers: one table per object (json name, C field, converter).

Diff this file with v0_0_38/tables.py to see what changed between the versions.
"""

from __future__ import annotations

from typing import Any

from slurmrestd.api.render import (
    OMIT,
    Field,
    Record,
    bit_names,
    boolean,
    csv_list,
    mapped,
    string,
)
from slurmrestd.openapi.common.convert import (
    JOB_FLAGS,
    PART_FLAGS,
    PART_STATES,
    PREEMPT_MODES,
    RESV_FLAGS,
    SHOW_FLAGS,
    billable,
    contiguous,
    core_spec,
    cpus,
    cpus_per_task,
    job_state,
    limit,
    lookup_user,
    memory,
    nice,
    node_flags,
    node_state,
    owner,
    per_minute,
    profile,
    purge,
    ratio,
    shared_mode,
    thread_spec,
    unset16,
    unset32,
    unset_infinite,
    unset_no_val,
    unset_no_val16,
    user_name,
)
from slurmrestd.slurm.constants import INFINITE, NO_VAL

# v0.0.37 names JOB_CPUS_SET with a trailing space; clients match that string.
JOB_FLAGS_V37 = tuple(
    (bit, "JOB_CPUS_SET " if name == "JOB_CPUS_SET" else name) for bit, name in JOB_FLAGS
)
# v0.0.37 never prints HOURLY / NO_HOURLY.
RESV_FLAGS_V37 = tuple(
    (bit, name) for bit, name in RESV_FLAGS if name not in ("HOURLY", "NO_HOURLY")
)


def preempt_mode_v37(value: int) -> list[str]:
    names = ["disabled"] if value == 0 else []
    return names + [name for bit, name in PREEMPT_MODES if value & bit and name != "within"]


def signed64(value: int) -> int:
    """A uint64 the reference writes as a signed integer."""
    return value - (1 << 64) if value >= 1 << 63 else value


def _job_resources(res: Any) -> Any:
    """{} for jobs without resources; per node index a flat socket map and core map."""
    if res is None:
        return {}
    nodes: dict[str, Any] = {}
    for i, host in enumerate(res["hosts"]):
        sockets: dict[str, str] = {}
        cores: dict[str, str] = {}
        for sock, core, used in host["cores"]:
            state = "assigned" if used else "unassigned"
            sockets[str(sock)] = state
            cores[str(core)] = state  # cores of all sockets share one map, as the reference
        entry: dict[str, Any] = {"sockets": sockets, "cores": cores}
        if host["memory_allocated"] is not None:
            entry["memory"] = host["memory_allocated"]
        entry["cpus"] = host["cpus"]
        nodes[str(i)] = entry
    return {
        "nodes": string(res["nodes"]),
        "allocated_cpus": res["ncpus"],
        "allocated_hosts": res["nhosts"],
        "allocated_nodes": nodes,
    }


def _default_time(rec: Record) -> Any:
    # Reference bug (v0.0.37): a set default time shows the default memory instead.
    return None if rec["default_time"] == NO_VAL else signed64(rec["def_mem_per_cpu"])


JOB = (
    Field("account", "account", string),
    Field("accrue_time", "accrue_time"),
    Field("admin_comment", "admin_comment", string),
    Field("array_job_id", "array_job_id"),
    Field("array_task_id", "array_task_id", unset_no_val),
    Field("array_max_tasks", "array_max_tasks"),
    Field("array_task_string", "array_task_str", string),
    Field("association_id", "assoc_id"),
    Field("batch_features", "batch_features", string),
    Field("batch_flag", "batch_flag", lambda v: v == 1),
    Field("batch_host", "batch_host", string),
    Field("flags", "bitflags", bit_names(JOB_FLAGS_V37)),
    Field("burst_buffer", "burst_buffer", string),
    Field("burst_buffer_state", "burst_buffer_state", string),
    Field("cluster", "cluster", string),
    Field("cluster_features", "cluster_features", string),
    Field("command", "command", string),
    Field("comment", "comment", string),
    Field("contiguous", "contiguous", contiguous),
    Field("core_spec", core_spec),
    Field("thread_spec", thread_spec),
    Field("cores_per_socket", "cores_per_socket", unset_no_val16),
    Field("billable_tres", "billable_tres", billable),
    Field("cpus_per_task", cpus_per_task),
    Field("cpu_frequency_minimum", "cpu_freq_min", lambda v: None if v == NO_VAL else OMIT),
    # Reference bug: a set minimum appears under this misspelled key instead.
    Field("cpu_frequency_minumum", "cpu_freq_min", lambda v: OMIT if v == NO_VAL else v),
    Field("cpu_frequency_maximum", "cpu_freq_max", unset_no_val),
    Field("cpu_frequency_governor", "cpu_freq_gov", unset_no_val),
    Field("cpus_per_tres", "cpus_per_tres", string),
    Field("deadline", "deadline"),
    Field("delay_boot", "delay_boot", unset_no_val),
    Field("dependency", "dependency", string),
    Field("derived_exit_code", "derived_ec"),
    Field("eligible_time", "eligible_time"),
    Field("end_time", "end_time"),
    Field("excluded_nodes", "exc_nodes", string),
    Field("exit_code", "exit_code"),
    Field("features", "features", string),
    Field("federation_origin", "fed_origin_str", string),
    Field("federation_siblings_active", "fed_siblings_active_str", string),
    Field("federation_siblings_viable", "fed_siblings_viable_str", string),
    Field("gres_detail", "gres_detail_str"),
    Field("group_id", "group_id", unset_no_val),
    Field("job_id", "job_id", unset_no_val),
    Field("job_resources", "job_resources", _job_resources),
    Field("job_state", "job_state", job_state),
    Field("last_sched_evaluation", "last_sched_eval"),
    Field("licenses", "licenses", string),
    Field("max_cpus", "max_cpus", unset_no_val),
    Field("max_nodes", "max_nodes", unset_no_val),
    Field("mcs_label", "mcs_label", string),
    Field("memory_per_tres", "mem_per_tres", string),
    Field("name", "name", string),
    Field("nodes", "nodes", string),
    Field("nice", nice),
    Field("tasks_per_core", "ntasks_per_core", unset16),
    Field("tasks_per_node", "ntasks_per_node"),
    Field("tasks_per_socket", "ntasks_per_socket", unset16),
    Field("tasks_per_board", "ntasks_per_board"),
    Field("cpus", cpus),
    Field("node_count", "num_nodes"),
    Field("tasks", "num_tasks", unset32),
    Field("het_job_id", "het_job_id"),
    Field("het_job_id_set", "het_job_id_set", string),
    Field("het_job_offset", "het_job_offset"),
    Field("partition", "partition", string),
    Field("memory_per_node", memory(per_cpu=False)),
    Field("memory_per_cpu", memory(per_cpu=True)),
    Field("minimum_cpus_per_node", "pn_min_cpus"),
    Field("minimum_tmp_disk_per_node", "pn_min_tmp_disk"),
    Field("preempt_time", "preempt_time"),
    Field("pre_sus_time", "pre_sus_time"),
    Field("priority", "priority", unset32),
    Field("profile", "profile", profile),
    Field("qos", "qos", string),
    Field("reboot", "reboot", boolean),
    Field("required_nodes", "req_nodes", string),
    Field("requeue", "requeue", boolean),
    Field("resize_time", "resize_time"),
    Field("restart_cnt", "restart_cnt"),
    Field("resv_name", "resv_name", string),
    Field("shared", "shared", shared_mode),
    Field("show_flags", "show_flags", bit_names(SHOW_FLAGS)),
    Field("sockets_per_board", "sockets_per_board"),
    Field("sockets_per_node", "sockets_per_node", unset_no_val16),
    Field("start_time", "start_time"),
    Field("state_description", "state_desc", string),
    Field("state_reason", "state_reason_str"),
    Field("standard_error", "std_err", string),
    Field("standard_input", "std_in", string),
    Field("standard_output", "std_out", string),
    Field("submit_time", "submit_time"),
    Field("suspend_time", "suspend_time"),
    Field("system_comment", "system_comment", string),
    Field("time_limit", "time_limit", unset_infinite),
    Field("time_minimum", "time_min", unset_infinite),
    Field("threads_per_core", "threads_per_core", unset_no_val16),
    Field("tres_bind", "tres_bind", string),
    Field("tres_freq", "tres_freq", string),
    Field("tres_per_job", "tres_per_job", string),
    Field("tres_per_node", "tres_per_node", string),
    Field("tres_per_socket", "tres_per_socket", string),
    Field("tres_per_task", "tres_per_task", string),
    Field("tres_req_str", "tres_req_str", string),
    Field("tres_alloc_str", "tres_alloc_str", string),
    Field("user_id", "user_id"),
    Field("user_name", user_name),
    Field("wckey", "wckey", string),
    Field("current_working_directory", "work_dir", string),
)


NODE = (
    Field("architecture", "arch", string),
    Field("burstbuffer_network_address", "bcast_address", string),
    Field("boards", "boards"),
    Field("boot_time", "boot_time"),
    Field("comment", "comment", string),
    Field("cores", "cores"),
    Field("cpu_binding", "cpu_bind"),
    Field("cpu_load", "cpu_load"),
    Field("extra", "extra", string),
    Field("free_memory", "free_mem"),
    Field("cpus", "cpus"),
    Field("last_busy", "last_busy"),
    Field("features", "features", string),
    Field("active_features", "features_act", string),
    Field("gres", "gres", string),
    Field("gres_drained", "gres_drain", string),
    Field("gres_used", "gres_used", string),
    Field("mcs_label", "mcs_label", string),
    Field("name", "name", string),
    Field("next_state_after_reboot", "next_state", node_state),
    Field("address", "node_addr", string),
    Field("hostname", "node_hostname", string),
    Field("state", "node_state", node_state),
    Field("state_flags", "node_state", node_flags),
    Field("next_state_after_reboot_flags", "next_state", node_flags),
    Field("operating_system", "os", string),
    Field("owner", "owner", owner),
    Field("partitions", "partitions", csv_list),
    Field("port", "port"),
    Field("real_memory", "real_memory"),
    Field("reason", "reason", string),
    Field("reason_changed_at", "reason_time"),
    Field("reason_set_by_user", "reason_uid", lookup_user),
    Field("slurmd_start_time", "slurmd_start_time"),
    Field("sockets", "sockets"),
    Field("threads", "threads"),
    Field("temporary_disk", "tmp_disk"),
    Field("weight", "weight"),
    Field("tres", "tres_fmt_str", string),
    Field("slurmd_version", "version", string),
    Field("alloc_memory", "alloc_memory"),
    Field("alloc_cpus", "alloc_cpus"),
    Field("idle_cpus", lambda rec: rec["cpus"] - rec["alloc_cpus"]),
    Field("tres_used", "tres_used"),
    Field("tres_weighted", "tres_weighted"),
)


PARTITION = (
    Field("flags", "flags", bit_names(PART_FLAGS)),
    Field("preemption_mode", "preempt_mode", preempt_mode_v37),
    Field("allowed_allocation_nodes", "allow_alloc_nodes", string),
    Field("allowed_accounts", "allow_accounts", string),
    Field("allowed_groups", "allow_groups", string),
    Field("allowed_qos", "allow_qos", string),
    Field("alternative", "alternate", string),
    Field("billing_weights", "billing_weights_str", string),
    Field("default_memory_per_cpu", "def_mem_per_cpu", signed64),
    Field("default_time_limit", _default_time),
    Field("denied_accounts", "deny_accounts", string),
    Field("denied_qos", "deny_qos", string),
    Field("preemption_grace_time", "grace_time"),
    Field("maximum_cpus_per_node", "max_cpus_per_node", limit),
    Field("maximum_memory_per_node", "max_mem_per_cpu", signed64),
    Field("maximum_nodes_per_job", "max_nodes", lambda v: -1 if v == INFINITE else v),
    Field("max_time_limit", "max_time", lambda v: -1 if v == INFINITE else v),
    Field("min nodes per job", "min_nodes"),
    Field("name", "name", string),
    Field("nodes", "nodes", string),
    Field("over_time_limit", "over_time_limit", unset_no_val16),
    Field("priority_job_factor", "priority_job_factor"),
    Field("priority_tier", "priority_tier"),
    Field("qos", "qos_char", string),
    Field("state", "state_up", mapped(PART_STATES, "UNKNOWN")),
    Field("total_cpus", "total_cpus"),
    Field("total_nodes", "total_nodes"),
    Field("tres", "tres_fmt_str", string),
)


RESERVATION = (
    Field("flags", "flags", bit_names(RESV_FLAGS_V37)),
    Field("accounts", "accounts", string),
    Field("burst_buffer", "burst_buffer", string),
    Field("core_count", "core_cnt"),
    Field("core_spec_cnt", "core_spec_cnt"),
    Field("end_time", "end_time"),
    Field("features", "features", string),
    Field("groups", "groups", string),
    Field("licenses", "licenses", string),
    Field("max_start_delay", "max_start_delay"),
    Field("name", "name", string),
    Field("node_count", "node_cnt"),
    Field("node_list", "node_list", string),
    Field("partition", "partition", string),
    Field("purge_completed", purge),
    Field("start_time", "start_time"),
    Field("watts", "resv_watts"),
    Field("tres", "tres_str", string),
    Field("users", "users", string),
)


LICENSE = (
    Field("LicenseName", "name", string),
    Field("Total", "total"),
    Field("Used", "in_use"),
    Field("Free", "available"),
    Field("Reserved", "reserved"),
    Field("Remote", "remote", boolean),
)


DIAG = (
    Field("parts_packed", "parts_packed"),
    Field("req_time", "req_time"),
    Field("req_time_start", "req_time_start"),
    Field("server_thread_count", "server_thread_count"),
    Field("agent_queue_size", "agent_queue_size"),
    Field("agent_count", "agent_count"),
    Field("agent_thread_count", "agent_thread_count"),
    Field("dbd_agent_queue_size", "dbd_agent_queue_size"),
    Field("gettimeofday_latency", "gettimeofday_latency"),
    Field("schedule_cycle_max", "schedule_cycle_max"),
    Field("schedule_cycle_last", "schedule_cycle_last"),
    Field("schedule_cycle_total", "schedule_cycle_counter"),
    Field("schedule_cycle_mean", ratio("schedule_cycle_sum", "schedule_cycle_counter")),
    Field("schedule_cycle_mean_depth", ratio("schedule_cycle_depth", "schedule_cycle_counter")),
    Field("schedule_cycle_per_minute", per_minute),
    Field("schedule_queue_length", "schedule_queue_len"),
    Field("jobs_submitted", "jobs_submitted"),
    Field("jobs_started", "jobs_started"),
    Field("jobs_completed", "jobs_completed"),
    Field("jobs_canceled", "jobs_canceled"),
    Field("jobs_failed", "jobs_failed"),
    Field("jobs_pending", "jobs_pending"),
    Field("jobs_running", "jobs_running"),
    Field("job_states_ts", "job_states_ts"),
    Field("bf_backfilled_jobs", "bf_backfilled_jobs"),
    Field("bf_last_backfilled_jobs", "bf_last_backfilled_jobs"),
    Field("bf_backfilled_het_jobs", "bf_backfilled_het_jobs"),
    Field("bf_cycle_counter", "bf_cycle_counter"),
    Field("bf_cycle_mean", ratio("bf_cycle_sum", "bf_cycle_counter")),
    Field("bf_depth_mean", ratio("bf_depth_sum", "bf_cycle_counter")),
    Field("bf_depth_mean_try", ratio("bf_depth_try_sum", "bf_cycle_counter")),
    Field("bf_cycle_last", "bf_cycle_last"),
    Field("bf_cycle_max", "bf_cycle_max"),
    Field("bf_queue_len", "bf_queue_len"),
    Field("bf_queue_len_mean", ratio("bf_queue_len_sum", "bf_cycle_counter")),
    Field("bf_when_last_cycle", "bf_when_last_cycle"),
    Field("bf_active", "bf_active", boolean),
)
