"""slurmdbd's configuration from sacctmgr's text pairs (22.05, 24.11) and its rendering
as v0.0.45's slurmdbd_conf (no lab)."""

from __future__ import annotations

from slurmrestd.openapi.common.engine import dump
from slurmrestd.openapi.v0_0_45.dbconf import DBD_CONF
from slurmrestd.slurm.db import conf_from_pairs

PAIRS = {
    "AllowNoDefAcct": "yes",
    "ArchiveDir": "/tmp",
    "ArchiveJobs": "yes",
    "ArchiveScript": "(null)",
    "CommitDelay": "no",
    "DbdPort": "6823",
    "DebugLevel": "debug2",
    "DebugLevelSyslog": "(null)",
    "DisableCoordDBD": "yes",
    "MaxQueryTimeRange": "1-02:03:04",
    "Parameters": "PreserveCaseUser,other",
    "PurgeEventAfter": "NONE",
    "PurgeJobAfter": "12 months*",
    "PurgeStepAfter": "3 days",
    "PurgeUsageAfter": "48 hours",
    "TrackWCKey": "yes",
}


def test_pairs_as_26_05_renders_them() -> None:
    conf = dump(DBD_CONF, conf_from_pairs(PAIRS))
    assert conf["Flags"] == ["AllowNoDefAcct", "DisableCoordDBD"]
    assert conf["ArchiveScript"] == ""
    assert conf["CommitDelay"] == 0
    assert conf["DbdPort"] == 6823
    assert conf["DebugLevel"] == "debug2"
    assert conf["DebugLevelSyslog"] == ""
    assert conf["MaxQueryTimeRange"] == "1-02:03:04"
    assert conf["Parameters"] == ["PreserveCaseUser", "other"]
    assert conf["PersistConnFlags"] == ["PreserveCaseUser"]
    assert conf["PurgeEventAfter"] == {
        "set": False,
        "hours": 0,
        "days": 0,
        "months": 0,
        "archive": False,
    }
    assert conf["PurgeJobAfter"] == {
        "set": True,
        "hours": 0,
        "days": 0,
        "months": 12,
        "archive": True,
    }
    assert conf["PurgeStepAfter"]["days"] == 3
    assert conf["PurgeUsageAfter"]["hours"] == 48
    assert conf["PurgeJobScriptAfter"]["set"] is False
    assert conf["MaxPurgeLimit"] == 0
    assert conf["TrackWCKey"] is True
    assert conf["TrackSlurmctldDown"] is False


def test_unlimited_time_range() -> None:
    conf = dump(DBD_CONF, conf_from_pairs({"MaxQueryTimeRange": "UNLIMITED"}))
    assert conf["MaxQueryTimeRange"] == "UNLIMITED"
    assert (
        dump(DBD_CONF, conf_from_pairs({"MaxQueryTimeRange": "00:05:00"}))["MaxQueryTimeRange"]
        == "00:05:00"
    )
