"""v0.0.45: slurmdbd's configuration (GET /slurmdb/v0.0.45/conf), new here."""

from __future__ import annotations

from typing import Any

from slurmrestd.openapi.common.engine import Env, F, Kind, dump
from slurmrestd.openapi.dataparser import schemas
from slurmrestd.openapi.dataparser.kinds import BOOL, CSV, TEXT, Bits, Number
from slurmrestd.slurm.constants import INFINITE, NO_VAL
from slurmrestd.slurm.db import DBD_CONF_FLAGS, LOG_LEVEL_NAMES, PURGE_ARCHIVE, PURGE_UNITS


class LogLevel(Kind):
    """A log level by name; 0 (quiet, which slurmdbd also holds for "not set") as ""."""

    schema = schemas.STRING

    def dump(self, value: Any, env: Env) -> Any:
        value = value or 0
        return LOG_LEVEL_NAMES[value] if 0 < value < len(LOG_LEVEL_NAMES) else ""


class Seconds(Kind):
    """A time span in seconds as Slurm writes it: UNLIMITED, D-HH:MM:SS or HH:MM:SS."""

    schema = schemas.STRING

    def dump(self, value: Any, env: Env) -> Any:
        value = value or 0
        if value == INFINITE:
            return "UNLIMITED"
        days, rest = divmod(value, 86400)
        clock = f"{rest // 3600:02d}:{rest // 60 % 60:02d}:{rest % 60:02d}"
        return f"{days}-{clock}" if days else clock


PURGE_UNITS_TABLE = (
    F("set", "set", BOOL),
    F("hours", "hours", Number(32)),
    F("days", "days", Number(32)),
    F("months", "months", Number(32)),
    F("archive", "archive", BOOL),
)


class Purge(Kind):
    """A purge setting (its count in the unit its flag names, archive first or not)."""

    schema = schemas.obj("slurmdb_purge_units", PURGE_UNITS_TABLE)

    def dump(self, value: Any, env: Env) -> Any:
        units: dict[str, Any] = {"set": False, "hours": 0, "days": 0, "months": 0}
        units["archive"] = False
        if value is not None and value != NO_VAL:
            units["set"] = True
            for name, bit in PURGE_UNITS.items():
                if value & bit:
                    units[name] = value & 0xFFFF
                    break
            units["archive"] = bool(value & PURGE_ARCHIVE)
        return dump(PURGE_UNITS_TABLE, units)


PURGE = Purge()

DBD_CONF = (
    F("ArchiveDir", "archive_dir", TEXT),
    F("ArchiveScript", "archive_script", TEXT),
    F("CommitDelay", "commit_delay", Number(32)),
    F("DbdAddr", "dbd_addr", TEXT),
    F("DbdBackupHost", "dbd_backup", TEXT),
    F("DbdHost", "dbd_host", TEXT),
    F("DbdPort", "dbd_port", Number(32)),
    F("DebugLevel", "debug_level", LogLevel()),
    F("DefaultQOS", "default_qos", TEXT),
    F("Flags", "flags", Bits(*DBD_CONF_FLAGS)),
    F("LogFile", "log_file", TEXT),
    F("MaxPurgeLimit", "max_purge_limit", Number(32)),
    F("MaxQueryTimeRange", "max_time_range", Seconds()),
    F("Parameters", "parameters", CSV),
    F("PersistConnFlags", "persist_conn_rc_flags", Bits(("PreserveCaseUser", 1 << 3))),
    F("PidFile", "pid_file", TEXT),
    F("PurgeEventAfter", "purge_event", PURGE),
    F("PurgeJobAfter", "purge_job", PURGE),
    F("PurgeResvAfter", "purge_resv", PURGE),
    F("PurgeStepAfter", "purge_step", PURGE),
    F("PurgeSuspendAfter", "purge_suspend", PURGE),
    F("PurgeTXNAfter", "purge_txn", PURGE),
    F("PurgeUsageAfter", "purge_usage", PURGE),
    F("PurgeJobScriptAfter", "purge_jobscript", PURGE),
    F("PurgeJobEnvAfter", "purge_jobenv", PURGE),
    F("StorageLoc", "storage_loc", TEXT),
    F("StoragePassScript", "storage_pass_script", TEXT),
    F("StorageUser", "storage_user", TEXT),
    F("DebugLevelSyslog", "syslog_debug", LogLevel()),
    F("TrackWCKey", "track_wckey", BOOL),
    F("TrackSlurmctldDown", "track_ctld", BOOL),
)
