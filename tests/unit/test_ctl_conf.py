"""slurmctld's configuration rendered as v0.0.45's slurm_conf and slurm_conf_meta (no lab)."""

from __future__ import annotations

import json

from slurmrestd.openapi.common.engine import dump
from slurmrestd.openapi.v0_0_45 import conf
from slurmrestd.slurm import constants as c
from tests import dpgolden

# A configuration record as slurmrestd.slurm.load_conf gives it (a few settings; every other
# field is missing, as a field the release lacks).
RECORD = {
    "accounting_storage_enforce": c.ACCOUNTING_ENFORCE_ASSOCS | c.ACCOUNTING_ENFORCE_LIMITS,
    "conf_flags": c.CONF_FLAG_OR | c.CONF_FLAG_IPV4_ENABLED | c.CONF_FLAG_WCKEY,
    "controllers": [{"addr": "10.0.0.1", "machine": "ctl1"}, {"addr": None, "machine": "ctl2"}],
    "epilog": ["/etc/slurm/epilog", "/etc/slurm/epilog2"],
    "health_check_node_state": c.HEALTH_CHECK_NODE_IDLE | c.HEALTH_CHECK_CYCLE,
    "job_defaults_list": [{"type": c.JOB_DEF_MEM_PER_GPU, "value": 2048}],
    "licenses": "matlab:2,fluent:4",
    "max_mem_per_cpu": 4096 | c.MEM_PER_CPU,
    "preempt_mode": c.PREEMPT_MODE_OFF,
    "priority_decay_hl": 7 * 86400,
    "priority_calc_period": 300,
    "ret2service": c.RETURN_TO_SERVICE_NON_RESP,
    "select_type_param": c.CR_CORE | c.CR_MEMORY | c.CR_ONE_TASK_PER_CORE,
    "slurmctld_debug": 3,
    "srun_port_range": (60001, 63000),
    "suspend_time": c.INFINITE,
    "task_plugin_param": c.CPU_BIND_TO_CORES | c.CPU_BIND_VERBOSE,
    "cluster_id": c.NO_VAL16,
    "next_job_id": 42,
}


def test_settings_render_as_the_data_parser_names_them() -> None:
    out = dump(conf.CONF, RECORD)
    assert out["AccountingStorageEnforce"] == ["associations", "limits"]
    assert out["ConfFlags"] == ["TrackWCKey"]
    assert out["CommunicationParametersFlags"] == ["IPv4"]
    assert out["SlurmdParametersFlags"] == ["config_overrides"]
    assert out["controllers"] == [
        {"address": "10.0.0.1", "machine": "ctl1"},
        {"address": "", "machine": "ctl2"},
    ]
    assert out["Epilog"] == ["/etc/slurm/epilog", "/etc/slurm/epilog2"]
    assert out["Prolog"] == []
    assert out["HealthCheckNodeState"] == ["IDLE", "CYCLE"]
    assert out["JobDefaults"] == [{"type": ["DefMemPerGPU"], "value": 2048}]
    assert out["Licenses"] == ["matlab:2", "fluent:4"]
    assert out["MaxMemPerCPU"] == {"set": False, "infinite": False, "number": 0}
    assert out["DefMemPerCPU"] == {"set": False, "infinite": False, "number": 0}
    assert out["PreemptMode"] == ["DISABLED"]
    assert out["PriorityDecayHalfLife"] == "7-00:00:00"
    assert out["PriorityCalcPeriod"] == "00:05:00"
    assert out["ReturnToService"] == "non_responsive_only"
    assert out["SelectTypeParameters"] == ["CR_CORE_MEMORY", "CR_ONE_TASK_PER_CORE"]
    assert out["SlurmctldDebug"] == "info"
    assert out["SrunPortRange"] == {"minimum": 60001, "maximum": 63000, "set": True}
    assert out["SuspendTime"] == {"set": False, "infinite": True, "number": 0}
    assert out["TaskPluginParam"] == ["Cores", "Verbose"]


def test_unset_fields_render_as_the_reference_renders_them_unset() -> None:
    out = dump(conf.CONF, {})
    assert out["AuthInfo"] == ""
    assert out["TLSParameters"] == []
    assert out["EpilogTimeout"] == {"set": False, "infinite": False, "number": 0}
    assert out["SrunPortRange"] == {"minimum": 0, "maximum": 0, "set": False}
    assert out["LogTimeFormat"] == "iso8601_ms"
    assert out["SlurmctldSyslogDebug"] == ""
    meta = dump(conf.CONF_META, RECORD)
    assert meta["ClusterId"] == {"set": False, "infinite": False, "number": 0}
    assert meta["NEXT_JOB_ID"] == {"set": True, "infinite": False, "number": 42}


def test_keys_are_the_references_in_its_order() -> None:
    ref = dpgolden.read("v0.0.45", "conf")["body"]
    assert [f.path for f in conf.CONF] == list(ref["slurm_conf"])
    assert [f.path for f in conf.CONF_META] == list(ref["slurm_conf_meta"])
    # and the recorded answer's value types, from an empty record
    out = json.loads(json.dumps(dump(conf.CONF, {})))
    assert {k: type(v) for k, v in out.items()} == {
        k: type(v) for k, v in ref["slurm_conf"].items()
    }
