"""The libslurm boundary: the only package that calls Slurm.

design: ``libslurmfull`` is loaded once with RTLD_GLOBAL (its plugins resolve
symbols such as ``slurm_conf`` from it), then the cffi extension built at
install time.  ``slurm_init`` runs once per process, lazily, so a forked
worker initialises its own copy.  Every call runs inside ``session(identity)``:
``auth_g_thread_config(token, user)`` before, ``auth_g_thread_clear()`` after,
in the calling thread, also when the call raises; a thread can never run a
call under another request's identity.  Each call copies what it needs out
of the C message into plain Python values and frees the message before it
returns.  Slurm failures raise SlurmError (errno, slurm_strerror text, source).
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import importlib.util
import os
import re
import sys
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from slurmrestd.slurm import releases

PRELOAD_MARK = "SLURMRESTD_LIBSLURM_PRELOADED"


class _DlInfo(ctypes.Structure):
    _fields_ = (
        ("dli_fname", ctypes.c_char_p),
        ("dli_fbase", ctypes.c_void_p),
        ("dli_sname", ctypes.c_char_p),
        ("dli_saddr", ctypes.c_void_p),
    )


@functools.cache
def libslurmfull() -> str:
    """The path of the libslurmfull that the built binding links (as the dynamic linker finds it).

    The binding's extension is opened without being imported and asked which file
    defines slurm_init: its rpath, LD_LIBRARY_PATH and ld.so.cache count exactly as
    they will when it is imported, whatever the distribution or Slurm prefix.
    """
    spec = importlib.util.find_spec(f"{__name__}._libslurm")
    if spec is None or not spec.origin:
        raise BindingUnavailableError("the libslurm binding is not built (install the package)")
    try:
        binding = ctypes.CDLL(spec.origin, mode=os.RTLD_LOCAL)
        symbol = ctypes.cast(binding.slurm_init, ctypes.c_void_p)
    except (OSError, AttributeError) as exc:
        raise BindingUnavailableError(f"cannot load libslurm: {exc}") from None
    info = _DlInfo()
    if not ctypes.CDLL(None).dladdr(symbol, ctypes.byref(info)) or not info.dli_fname:
        raise BindingUnavailableError(f"cannot tell which libslurm {spec.origin} links")
    return os.fsdecode(info.dli_fname)


def preload(argv: Sequence[str]) -> None:
    """Re-run this process with libslurmfull preloaded (once, keeping pid and descriptors).

    libslurmfull calls its own log functions (error, fatal, ...) by their
    exported names.  In a C daemon linked to it those names resolve to
    libslurm; in Python, glibc is loaded first and error() would be glibc's
    error(3), which exits the process: the first libslurm error message (a
    refused token, slurmctld down) would end a worker.  Preloading puts
    libslurm's names first, as the C daemon has them.  Returns only in the
    preloaded process; raises BindingUnavailableError when the library the
    binding links cannot be found.

    The new interpreter runs with -P: ``-m`` would otherwise put the working
    directory first on sys.path, and a ``slurmrestd/`` there would run as root
    before any privilege drop.  Everything else it imports from is what this
    process imports from (the interpreter's own paths and the caller's
    PYTHONPATH; ``bin/slurmrestd`` puts its checkout there explicitly).
    """
    library = libslurmfull()
    if os.environ.get(PRELOAD_MARK) == library:
        return
    env = dict(os.environ)
    env["LD_PRELOAD"] = " ".join(filter(None, [library, env.get("LD_PRELOAD", "")]))
    env[PRELOAD_MARK] = library
    try:
        os.execve(sys.executable, [sys.executable, "-P", "-m", "slurmrestd", *argv], env)
    except OSError as exc:
        raise BindingUnavailableError(f"cannot re-run {sys.executable}: {exc.strerror}") from None


_load_lock = threading.Lock()
_loaded: tuple[Any, Any] | None = None
_init_pid: int | None = None
_local = threading.local()

Record = dict[str, Any]
# Called with every SlurmError before it is raised (e.g. to count failed RPCs).
error_hooks: list[Any] = []


class SlurmError(Exception):
    """A Slurm call failed: errno, Slurm's text for it, and the call that failed."""

    def __init__(self, errno: int, source: str, description: str | None = None) -> None:
        self.errno = errno
        self.source = source
        self.error = strerror(errno) if errno else "Unspecified error"
        self.description = description or ""
        super().__init__(f"{source}: {self.error} ({errno})")
        for hook in error_hooks:
            hook(self)


class NotModified(Exception):  # noqa: N818 - an outcome, not a failure
    """slurmctld says nothing changed since the update_time given."""


class BindingUnavailableError(RuntimeError):
    """The cffi extension or libslurmfull cannot be loaded."""


@dataclass(frozen=True)
class Identity:
    """Who a call runs as: a user and either their JWT or this process's own credential."""

    user_name: str
    uid: int
    gid: int
    token: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.token is not None and ("\0" in self.token or not self.token):
            raise ValueError("invalid token")
        if "\0" in self.user_name or not self.user_name:
            raise ValueError("invalid user name")


def _load() -> tuple[Any, Any]:
    global _loaded
    if _loaded is None:
        with _load_lock:
            if _loaded is None:
                try:
                    ctypes.CDLL(libslurmfull(), mode=os.RTLD_GLOBAL)
                    from slurmrestd.slurm import _libslurm  # type: ignore[attr-defined]
                except (OSError, ImportError) as exc:
                    raise BindingUnavailableError(f"cannot load libslurm: {exc}") from exc
                _loaded = (_libslurm.ffi, _libslurm.lib)
    return _loaded


def init() -> None:
    """slurm_init() once per process (after fork, each worker has its own)."""
    global _init_pid
    ffi, lib = _load()
    if _init_pid == os.getpid():
        return
    with _load_lock:
        if _init_pid != os.getpid():
            lib.slurm_init(ffi.NULL)
            _init_pid = os.getpid()


def strerror(errno: int) -> str:
    ffi, lib = _load()
    return str(ffi.string(lib.slurm_strerror(errno)).decode("utf-8", "replace"))


def _errno() -> int:
    # libslurm's errno as the last call in this thread left it (what 22.05's
    # slurm_get_errno() returned; later releases export no such call).
    return int(_load()[0].errno)


@contextlib.contextmanager
def session(identity: Identity) -> Iterator[None]:
    """Run the calls of one request as identity, in this thread; re-entrant for the same one."""
    current = getattr(_local, "identity", None)
    if current is not None:
        if current != identity:
            raise RuntimeError("a libslurm call under another identity is already active")
        yield
        return
    init()
    ffi, lib = _load()
    token = identity.token.encode() if identity.token is not None else ffi.NULL
    rc = lib.auth_g_thread_config(token, identity.user_name.encode())
    _local.identity = identity
    try:
        if rc != 0:
            raise SlurmError(_errno() or rc, "auth_g_thread_config")
        yield
    finally:
        lib.auth_g_thread_clear()
        _local.identity = None


# --- C structs to Python ----------------------------------------------------------

_field_cache: dict[str, list[tuple[str, str]]] = {}


def _fields(ctype: str) -> list[tuple[str, str]]:
    """(name, kind) for the declared fields of a struct: num, str or strv."""
    cached = _field_cache.get(ctype)
    if cached is None:
        ffi, _ = _load()
        cached = []
        for name, fld in ffi.typeof(ctype).fields:
            t = fld.type
            if t.kind == "primitive":
                cached.append((name, "num"))
            elif t.kind == "pointer" and t.item.cname == "char":
                cached.append((name, "str"))
            elif t.kind == "pointer" and t.item.kind == "pointer" and t.item.item.cname == "char":
                cached.append((name, "strv"))
        _field_cache[ctype] = cached
    return cached


def json_types(ctype: str) -> dict[str, dict[str, Any]]:
    """{field: JSON schema} for the scalar and string fields of a struct as 22.05 declares
    them (the API versions' documents are 22.05's on every release)."""
    ffi, _ = _load()
    out: dict[str, dict[str, Any]] = {name: {"type": "integer"} for name in _unset(ctype)}
    added = release().added.get(ctype, frozenset())
    for name, kind in _fields(ctype):
        if name in added:
            continue
        cname = dict(ffi.typeof(ctype).fields)[name].type.cname
        if kind == "str":
            out[name] = {"type": "string"}
        elif kind == "strv":
            out[name] = {"type": "array", "items": {"type": "string"}}
        else:
            out[name] = {"type": "number" if cname in ("double", "float") else "integer"}
    return out


def _str(ffi: Any, ptr: Any) -> str | None:
    if ptr == ffi.NULL:
        return None
    return str(ffi.string(ptr).decode("utf-8", "replace"))


def _strv(ffi: Any, ptr: Any, count: int | None) -> list[str]:
    out: list[str] = []
    if ptr == ffi.NULL:
        return out
    i = 0
    while (count is None or i < count) and ptr[i] != ffi.NULL:
        out.append(str(ffi.string(ptr[i]).decode("utf-8", "replace")))
        i += 1
    return out


# char ** fields and the field that counts them (None: NULL-terminated).
_STRV_COUNTS = {
    "gres_detail_str": "gres_detail_cnt",
    "rpc_dump_hostlist": "rpc_dump_count",
    # slurm_conf_t's controllers and (24.11 on) its Prolog/Epilog arrays
    "control_addr": "control_cnt",
    "control_machine": "control_cnt",
    "epilog": "epilog_cnt",
    "prolog": "prolog_cnt",
    "epilog_slurmctld": "epilog_slurmctld_cnt",
    "prolog_slurmctld": "prolog_slurmctld_cnt",
}


def to_record(cdata: Any, ctype: str, wanted: frozenset[str] | None = None) -> Record:
    ffi, _ = _load()
    rec: Record = {}
    for name, kind in _fields(ctype):
        if wanted is not None and name not in wanted:
            continue
        value = getattr(cdata, name)
        if kind == "num":
            rec[name] = value
        elif kind == "str":
            rec[name] = _str(ffi, value)
        else:
            count_field = _STRV_COUNTS.get(name)
            rec[name] = _strv(ffi, value, getattr(cdata, count_field) if count_field else None)
    for name, value in _unset(ctype).items():
        # A field this release declares is read, never replaced by another's unset value.
        if wanted is None or name in wanted:
            rec.setdefault(name, value)
    return rec


def _unset(ctype: str) -> Mapping[str, int]:
    """22.05's fields of a struct that this release lacks, with 22.05's unset value."""
    return release().unset.get(ctype, {})


@dataclass(frozen=True)
class Loaded:
    """Records of one load call and slurmctld's last_update time for them."""

    last_update: int
    records: list[Record]
    # The job lists' time of the last backfill cycle (0 for other lists).
    last_backfill: int = 0


def _check(rc: int, source: str) -> None:
    if rc != 0:
        err = _errno()
        if err == _load()[1].SLURM_NO_CHANGE_IN_DATA:
            raise NotModified(source)
        raise SlurmError(err or rc, source)


def _load_msg(
    identity: Identity,
    source: str,
    call: Any,
    free: Any,
    msg_type: str,
    array: str,
    count: str,
    item_type: str,
    wanted: frozenset[str] | None,
    extra: Any = None,
) -> Loaded:
    ffi, _ = _load()
    with session(identity):
        out = ffi.new(f"{msg_type} **")
        _check(call(out), source)
        msg = out[0]
        try:
            items = getattr(msg, array)
            records = []
            for i in range(getattr(msg, count)):
                rec = to_record(items[i], item_type, wanted)
                if extra is not None:
                    rec.update(extra(items[i]))
                records.append(rec)
            return Loaded(int(msg.last_update), records, int(getattr(msg, "last_backfill", 0)))
        finally:
            free(msg)


# --- slurmctld calls --------------------------------------------------------------


def ping(identity: Identity) -> list[Record]:
    """Each configured controller: hostname, slurm_ping() result, and its role."""
    ffi, lib = _load()
    with session(identity):
        out = ffi.new("slurm_conf_t **")
        _check(lib.slurm_load_ctl_conf(0, out), "slurm_load_ctl_conf")
        conf = out[0]
        try:
            hosts = [_str(ffi, conf.control_machine[i]) for i in range(conf.control_cnt)]
        finally:
            lib.slurm_free_ctl_conf(conf)
        return _ping_each(lib, hosts)


def _ping_each(lib: Any, hosts: list[str | None]) -> list[Record]:
    out_list = []
    for i, h in enumerate(hosts):
        start = time.monotonic_ns()
        rc = int(lib.slurm_ping(i))
        latency = (time.monotonic_ns() - start) // 1000  # microseconds, as the reference
        out_list.append({"hostname": h, "rc": rc, "index": i, "latency": latency})
    return out_list


def ping_configured(identity: Identity) -> list[Record]:
    """ping() of the controllers this process's slurm.conf names (no RPC to read them),
    as the data_parser versions' C daemons ping."""
    init()  # slurm_conf is read by slurm_init()
    ffi, lib = _load()
    conf = lib.slurm_conf
    hosts = [_str(ffi, conf.control_machine[i]) for i in range(conf.control_cnt)]
    with session(identity):
        return _ping_each(lib, hosts)


# slurm_conf_t's path lists: one path (or none) in 22.05, an array from 24.11 on.
_CONF_PATHS = ("epilog", "prolog", "epilog_slurmctld", "prolog_slurmctld")


def load_conf(identity: Identity, update_time: int = 0) -> Record:
    """slurmctld's configuration (slurm_load_ctl_conf) as a record of slurm_conf_t's fields.

    Beside the fields: "controllers" ({"addr", "machine"} per controller), each Prolog/
    Epilog field as a list of paths, "job_defaults_list" as {"type", "value"} records and
    "srun_port_range" as (min, max) or None.  NotModified when nothing changed since
    update_time.
    """
    ffi, lib = _load()
    with session(identity):
        out = ffi.new("slurm_conf_t **")
        _check(lib.slurm_load_ctl_conf(update_time, out), "slurm_load_ctl_conf")
        conf = out[0]
        try:
            return _conf_record(ffi, lib, conf)
        finally:
            lib.slurm_free_ctl_conf(conf)


def _conf_record(ffi: Any, lib: Any, conf: Any) -> Record:
    rec = to_record(conf, "slurm_conf_t")
    rec["controllers"] = [
        {"addr": addr, "machine": machine}
        for addr, machine in zip(rec.pop("control_addr"), rec.pop("control_machine"), strict=False)
    ]
    for name in _CONF_PATHS:
        paths = rec.get(name)
        if not isinstance(paths, list):
            rec[name] = [paths] if paths else []
    defaults = []
    if conf.job_defaults_list != ffi.NULL:
        it = lib.slurm_list_iterator_create(conf.job_defaults_list)
        try:
            while (item := lib.slurm_list_next(it)) != ffi.NULL:
                job_def = ffi.cast("job_defaults_t *", item)
                defaults.append({"type": int(job_def.type), "value": int(job_def.value)})
        finally:
            lib.slurm_list_iterator_destroy(it)
    rec["job_defaults_list"] = defaults
    ports = conf.srun_port_range
    rec["srun_port_range"] = None if ports == ffi.NULL else (int(ports[0]), int(ports[1]))
    return rec


def diag(identity: Identity) -> Record:
    ffi, lib = _load()
    with session(identity):
        req = ffi.new("stats_info_request_msg_t *")
        req.command_id = lib.STAT_COMMAND_GET
        out = ffi.new("stats_info_response_msg_t **")
        _check(lib.slurm_get_statistics(out, req), "slurm_get_statistics")
        msg = out[0]
        try:
            rec = to_record(msg, "stats_info_response_msg_t")
            rec["rpc_types"] = [
                {
                    "type_id": msg.rpc_type_id[i],
                    "count": msg.rpc_type_cnt[i],
                    "time": msg.rpc_type_time[i],
                    "name": _str(ffi, lib.rpc_num2string(msg.rpc_type_id[i])),
                    **_rpc_queue_counts(msg, i),
                }
                for i in range(msg.rpc_type_size)
            ]
            rec["rpc_users"] = [
                {
                    "user_id": msg.rpc_user_id[i],
                    "count": msg.rpc_user_cnt[i],
                    "time": msg.rpc_user_time[i],
                }
                for i in range(msg.rpc_user_size)
            ]
            rec.update(_stats_extra(msg))
            return rec
        finally:
            lib.slurm_free_stats_response_msg(msg)


def _has(ctype: str, name: str) -> bool:
    """Whether this release's struct has a field (22.05's fields, and those it adds)."""
    decl = release().fields.get(ctype, {})
    return decl[name] is not None if name in decl else name in dict(_fields(ctype))


def _rpc_queue_counts(msg: Any, i: int) -> Record:
    """An RPC type's queue counts: 0 where slurmctld runs no RPC queue (or has none, 22.05)."""
    if not _has("stats_info_response_msg_t", "rpc_queue_enabled") or not msg.rpc_queue_enabled:
        return {"queued": 0, "dropped": 0, "cycle_last": 0, "cycle_max": 0}
    return {
        "queued": msg.rpc_type_queued[i],
        "dropped": msg.rpc_type_dropped[i],
        "cycle_last": msg.rpc_type_cycle_last[i],
        "cycle_max": msg.rpc_type_cycle_max[i],
    }


def _stats_extra(msg: Any) -> Record:
    """The statistics' arrays: why the cycles ended (by reason, [] in 22.05), the RPCs
    pending in slurmctld's agent queue and the hosts each pending RPC type is for."""
    ffi, lib = _load()
    out: Record = {"schedule_exit": [], "bf_exit": []}
    if _has("stats_info_response_msg_t", "bf_exit"):
        out["schedule_exit"] = [msg.schedule_exit[i] for i in range(msg.schedule_exit_cnt)]
        out["bf_exit"] = [msg.bf_exit[i] for i in range(msg.bf_exit_cnt)]
    out["rpc_queue"] = [
        {
            "type_id": msg.rpc_queue_type_id[i],
            "count": msg.rpc_queue_count[i],
            "name": _str(ffi, lib.rpc_num2string(msg.rpc_queue_type_id[i] & 0xFFFF)),
        }
        for i in range(msg.rpc_queue_type_count)
    ]
    out["rpc_dump"] = [
        {
            "type_id": msg.rpc_dump_types[i],
            "name": _str(ffi, lib.rpc_num2string(msg.rpc_dump_types[i] & 0xFFFF)),
            "hostlist": _str(ffi, msg.rpc_dump_hostlist[i]),
        }
        for i in range(msg.rpc_dump_count)
    ]
    return out


def reconfigure(identity: Identity) -> None:
    """slurm_reconfigure(): slurmctld rereads slurm.conf (SlurmUser or root only)."""
    _, lib = _load()
    with session(identity):
        _check(lib.slurm_reconfigure(), "slurm_reconfigure")


def shares(identity: Identity, accounts: Sequence[str] = (), users: Sequence[str] = ()) -> Record:
    """sshare's fair-share tree: {"shares": [one record per association], "tot_shares",
    "tres_names"}, each record with its TRES arrays as lists in tres_names' order."""
    ffi, lib = _load()
    keep = [ffi.new("char[]", name.encode()) for name in (*accounts, *users)]
    req = ffi.new("shares_request_msg_t *")
    req.acct_list = lib.slurm_list_create(ffi.NULL)
    req.user_list = lib.slurm_list_create(ffi.NULL)
    try:
        for i, buf in enumerate(keep):
            lib.slurm_list_append(req.acct_list if i < len(accounts) else req.user_list, buf)
        with session(identity):
            out = ffi.new("shares_response_msg_t **")
            _check(lib.srd_get_shares(req, out), "slurm_associations_get_shares")
            resp = out[0]
            if resp == ffi.NULL:
                return {"shares": [], "tot_shares": 0, "tres_names": []}
            try:
                return _shares_record(resp)
            finally:
                lib.slurm_free_shares_response_msg(resp)
    finally:
        lib.slurm_list_destroy(req.acct_list)
        lib.slurm_list_destroy(req.user_list)


def _shares_record(resp: Any) -> Record:
    ffi, lib = _load()
    count = int(resp.tres_cnt)
    names = [_str(ffi, resp.tres_names[i]) or "" for i in range(count)]

    def array(ptr: Any, convert: Any) -> list[Any]:
        return [] if ptr == ffi.NULL else [convert(ptr[i]) for i in range(count)]

    records = []
    if resp.assoc_shares_list != ffi.NULL:
        it = lib.slurm_list_iterator_create(resp.assoc_shares_list)
        try:
            while (item := lib.slurm_list_next(it)) != ffi.NULL:
                obj = ffi.cast("assoc_shares_object_t *", item)
                rec = to_record(obj[0], "assoc_shares_object_t")
                rec["tres_run_secs"] = array(obj.tres_run_secs, int)
                rec["tres_grp_mins"] = array(obj.tres_grp_mins, int)
                rec["usage_tres_raw"] = array(obj.usage_tres_raw, float)
                records.append(rec)
        finally:
            lib.slurm_list_iterator_destroy(it)
    return {"shares": records, "tot_shares": int(resp.tot_shares), "tres_names": names}


def _ranged(hl: Any) -> str:
    ffi, lib = _load()
    text = lib.slurm_hostlist_ranged_string_xmalloc(hl)
    try:
        return _str(ffi, text) or ""
    finally:
        lib.slurm_xfree_ptr(text)


def hostlist(names: Sequence[str]) -> str | None:
    """The ranged hostlist expression of host names (each may be an expression itself), in
    their order ("n[1-3],m1"); None when libslurm takes one for no host."""
    ffi, lib = _load()
    hl = lib.slurm_hostlist_create(ffi.NULL)
    try:
        for name in names:
            data = name.encode()
            if b"\0" in data or lib.slurm_hostlist_push(hl, data) <= 0:
                return None
        return _ranged(hl)
    finally:
        lib.slurm_hostlist_destroy(hl)


def ranged(expression: str) -> str | None:
    """A hostlist expression as libslurm ranges it ("n1,n2,n3" -> "n[1-3]"); None when
    libslurm cannot read it."""
    ffi, lib = _load()
    data = expression.encode()
    if b"\0" in data:
        return None
    hl = lib.slurm_hostlist_create(data)
    if hl == ffi.NULL:
        return None
    try:
        return _ranged(hl)
    finally:
        lib.slurm_hostlist_destroy(hl)


@functools.cache
def release() -> releases.Release:
    """What the binding declared for the Slurm release it was built against."""
    return releases.of_version(int(_load()[1].SLURM_VERSION_NUMBER))


def version() -> tuple[int, int, int]:
    """The (major, minor, micro) of the libslurm this binding was built against."""
    number = int(_load()[1].SLURM_VERSION_NUMBER)
    return (number >> 16) & 0xFF, (number >> 8) & 0xFF, number & 0xFF


def cluster_conf() -> tuple[str, str]:
    """(ClusterName, AccountingStorageType) of the slurm.conf libslurm read ("" when unset)."""
    ffi, lib = _load()
    conf = lib.slurm_conf
    return _str(ffi, conf.cluster_name) or "", _str(ffi, conf.accounting_storage_type) or ""


def release_text() -> str:
    """The Slurm release this binding runs on, as Slurm writes it ("24.11.5")."""
    major, minor, micro = version()
    return f"{major}.{minor:02d}.{micro}"


def _host_names(nodes: Any) -> list[str]:
    ffi, lib = _load()
    if nodes == ffi.NULL:
        return []
    hl = lib.slurm_hostlist_create(nodes)
    names = []
    try:
        while (name := lib.slurm_hostlist_shift(hl)) != ffi.NULL:
            names.append(_str(ffi, name) or "")
            lib.free(name)
    finally:
        lib.slurm_hostlist_destroy(hl)
    return names


def hostnames(text: str) -> list[str]:
    """The host names of a hostlist expression ("n[1-3]")."""
    ffi, _ = _load()
    return _host_names(ffi.new("char[]", text.encode()))


def _job_resources(j: Any) -> Record:
    """A job's allocation: per host, its CPUs, memory and allocated cores (socket, core, used)."""
    ffi, lib = _load()
    params = lib.slurm_conf.select_type_param
    rec: Record = {
        "nodes": _str(ffi, j.nodes),
        "nhosts": int(j.nhosts),
        "ncpus": int(j.ncpus),
        "cr_core": bool(params & (lib.CR_CORE | lib.CR_SOCKET)),
        "cr_cpu": bool(params & lib.CR_CPU),
        "cr_type": int(j.cr_type),
        "node_req": int(j.node_req),
        "whole_node": int(j.whole_node),
        "threads_per_core": int(j.threads_per_core),
        "hosts": [],
    }
    if j.cores_per_socket == ffi.NULL or not j.nhosts:
        return rec
    names = _host_names(j.nodes)
    size = lib.bit_size(j.core_bitmap)

    def array(ptr: Any, i: int) -> int | None:
        return None if ptr == ffi.NULL else int(ptr[i])

    bit = sock_inx = sock_reps = 0
    for node_inx in range(j.nhosts):
        if sock_reps >= j.sock_core_rep_count[sock_inx]:
            sock_inx += 1
            sock_reps = 0
        sock_reps += 1
        per_socket = j.cores_per_socket[sock_inx]
        cores, slots = [], []
        for i in range(j.sockets_per_node[sock_inx] * per_socket):
            if bit >= size:
                break
            allocated = bool(lib.bit_test(j.core_bitmap, bit))
            used = allocated and bool(lib.bit_test(j.core_bitmap_used, bit))
            if allocated:
                cores.append((i // per_socket, i % per_socket, used))
            # Every core of the node: (socket, core, allocated, in use).
            slots.append((i // per_socket, i % per_socket, allocated, used))
            bit += 1
        rec["hosts"].append(
            {
                "name": names[node_inx] if node_inx < len(names) else None,
                "sockets_per_node": int(j.sockets_per_node[sock_inx]),
                "cores_per_socket": int(per_socket),
                "cpus": array(j.cpus, node_inx),
                "cpus_used": array(j.cpus_used, node_inx),
                "memory_used": array(j.memory_used, node_inx),
                "memory_allocated": array(j.memory_allocated, node_inx),
                "cores": cores,
                "slots": slots,
            }
        )
    return rec


# The paths of a job's standard streams as libslurm resolves them (the default file
# name, the working directory, %j and the like), at most PATH_MAX bytes.
_STD_PATHS = {
    "std_in_path": "slurm_get_job_stdin",
    "std_out_path": "slurm_get_job_stdout",
    "std_err_path": "slurm_get_job_stderr",
}
_PATH_MAX = 4096


def _priorities(ffi: Any, job: Any) -> list[tuple[str, int]]:
    """(partition, priority) per partition a pending job may run in (24.11 on)."""
    if not hasattr(job, "priority_array") or job.priority_array == ffi.NULL:
        return []
    names = (_str(ffi, job.priority_array_names) or "").split(",")
    return [(name, int(job.priority_array[i])) for i, name in enumerate(n for n in names if n)]


def _step_id(job: Any) -> Record | None:
    """The job's step id with its SLUID (26.05 on); None where the record has none."""
    if not hasattr(job, "step_id"):
        return None
    sid = job.step_id
    return {
        "sluid": int(getattr(sid, "sluid", 0)),
        "job_id": int(sid.job_id),
        "step_het_comp": int(sid.step_het_comp),
        "step_id": int(sid.step_id),
    }


def _job_extra(job: Any, wanted: frozenset[str] | None = None) -> Record:
    ffi, lib = _load()
    extra: Record = {"state_reason_str": _str(ffi, lib.slurm_job_reason_string(job.state_reason))}
    if job.job_resrcs != ffi.NULL:
        extra["job_resources"] = _job_resources(job.job_resrcs)
    if wanted is None or "std_out_path" in wanted:
        buf = ffi.new("char[]", _PATH_MAX)
        for name, call in _STD_PATHS.items():
            buf[0] = b"\0"
            getattr(lib, call)(buf, _PATH_MAX, ffi.addressof(job))
            extra[name] = _str(ffi, buf)
    if wanted is None or "priority_by_partition" in wanted:
        extra["priority_by_partition"] = _priorities(ffi, job)
    if wanted is None or "step_id" in wanted:
        extra["step_id"] = _step_id(job)
    return extra


def _job_fields(wanted: frozenset[str] | None) -> frozenset[str] | None:
    return None if wanted is None else wanted | {"state_reason"}


def _load_job_msg(
    identity: Identity, source: str, call: Any, wanted: frozenset[str] | None
) -> Loaded:
    _, lib = _load()
    return _load_msg(
        identity,
        source,
        call,
        lib.slurm_free_job_info_msg,
        "job_info_msg_t",
        "job_array",
        "record_count",
        "slurm_job_info_t",
        _job_fields(wanted),
        lambda job: _job_extra(job, wanted),
    )


def load_jobs(
    identity: Identity, update_time: int = 0, wanted: frozenset[str] | None = None
) -> Loaded:
    """All jobs (SHOW_ALL|SHOW_DETAIL); NotModified when nothing changed since update_time."""
    _, lib = _load()
    return load_job_info(identity, update_time, None, wanted, lib.SHOW_ALL | lib.SHOW_DETAIL)


def load_job(identity: Identity, job_id: int, wanted: frozenset[str] | None = None) -> Loaded:
    _, lib = _load()
    return load_job_info(identity, 0, job_id, wanted, lib.SHOW_ALL | lib.SHOW_DETAIL)


def load_job_info(
    identity: Identity,
    update_time: int = 0,
    job_id: int | None = None,
    wanted: frozenset[str] | None = None,
    show_flags: int = 0,
) -> Loaded:
    """All jobs (job_id None; NotModified when nothing changed since update_time) or one
    job (its array's or het job's records), with the show flags given."""
    _, lib = _load()
    if job_id is None:
        return _load_job_msg(
            identity,
            "slurm_load_jobs",
            lambda out: lib.slurm_load_jobs(update_time, out, show_flags),
            wanted,
        )
    return _load_job_msg(
        identity, "slurm_load_job", lambda out: lib.slurm_load_job(out, job_id, show_flags), wanted
    )


def load_job_state(
    identity: Identity, job_ids: Sequence[tuple[int, int | None]]
) -> list[Record] | None:
    """The job-state RPC (24.11 on): per job its ids, array tasks and state, for the jobs
    (job id, array task or None) asked, or every job; None where the release has none."""
    ffi, lib = _load()
    if not hasattr(lib, "slurm_load_job_state"):
        return None
    ids = ffi.new("slurm_selected_step_t[]", max(len(job_ids), 1))
    for i, (job_id, task) in enumerate(job_ids):
        ids[i].array_task_id = lib.NO_VAL if task is None else task
        ids[i].het_job_offset = lib.NO_VAL
        ids[i].step_id.job_id = job_id
        ids[i].step_id.step_het_comp = lib.NO_VAL
        ids[i].step_id.step_id = lib.NO_VAL
    with session(identity):
        out = ffi.new("job_state_response_msg_t **")
        selected = ids if job_ids else ffi.NULL
        _check(lib.slurm_load_job_state(len(job_ids), selected, out), "slurm_load_job_state")
        msg = out[0]
        try:
            return [_job_state(ffi, lib, msg.jobs[i]) for i in range(msg.jobs_count)]
        finally:
            lib.slurm_free_job_state_response_msg(msg)


def _walk(ffi: Any, lib: Any, lst: Any, ctype: str) -> Iterator[Any]:
    """The items of a libslurm list, each as a pointer to ctype (none for NULL)."""
    if lst == ffi.NULL:
        return
    it = lib.slurm_list_iterator_create(lst)
    try:
        while (item := lib.slurm_list_next(it)) != ffi.NULL:
            yield ffi.cast(ctype + " *", item)
    finally:
        lib.slurm_list_iterator_destroy(it)


def _bitmap_text(ffi: Any, lib: Any, bits: Any) -> str | None:
    """A bitmap as a ranged string (0-1,3); None for none."""
    if bits == ffi.NULL:
        return None
    text = lib.slurm_bit_fmt_full(bits)
    try:
        return _str(ffi, text)
    finally:
        lib.slurm_xfree_ptr(text)


def _layout_rpc(ffi: Any, lib: Any, job_id: int) -> list[Record]:
    """slurmctld's resource layout RPC (26.05): its records as they come."""
    sid = ffi.new("slurm_step_id_t *")
    sid.job_id = job_id
    sid.step_het_comp = lib.NO_VAL
    sid.step_id = lib.NO_VAL
    out = ffi.new("void **")
    rc = lib.slurm_get_resource_layout(sid, out)
    if rc:
        raise SlurmError((_errno() or rc) if rc == -1 else rc, "slurm_get_resource_layout")
    if out[0] == ffi.NULL:
        return []
    msg = ffi.cast("srd_resource_layout_msg_t *", out[0])
    try:
        return [
            {
                "node": _str(ffi, n.node),
                "sockets_per_node": int(n.sockets_per_node),
                "cores_per_socket": int(n.cores_per_socket),
                "mem_alloc": int(n.mem_alloc),
                "core_bitmap": _str(ffi, n.core_bitmap),
                "channel": int(n.channel),
                "gres": [
                    {
                        "name": _str(ffi, g.name),
                        "type": _str(ffi, g.type),
                        "count": int(g.count),
                        "index": _bitmap_text(ffi, lib, g.index),
                    }
                    for g in _walk(ffi, lib, n.gres, "srd_node_gres_layout_t")
                ],
            }
            for n in _walk(ffi, lib, msg.nodes, "srd_node_resource_layout_t")
        ]
    finally:
        lib.slurm_free_resource_layout_msg(msg)


# One GRES of a node's gres_detail_str: name[:type]:count(IDX:0-1) or name(CNT:2).
_GRES_DETAIL = re.compile(r"([^,()]+?)(?::(\d+))?\((IDX:|CNT:)?([^)]*)\)")


def gres_details(text: str) -> list[Record]:
    """A node's allocated GRES from slurmctld's per-node detail text (22.05, 24.11)."""
    out: list[Record] = []
    for m in _GRES_DETAIL.finditer(text or ""):
        name, _, kind = m.group(1).lstrip(",").partition(":")
        count = m.group(2)
        if m.group(3) == "CNT:":
            count = m.group(4)
        index = m.group(4) if m.group(3) == "IDX:" and m.group(4) != "N/A" else None
        out.append({"name": name, "type": kind or None, "count": int(count or 0), "index": index})
    return out


def hexmask(bits: Sequence[bool]) -> str:
    """A bitmap as libslurm's bit_fmt_hexmask writes it: 0x, a hex digit per 4 bits."""
    value = sum(1 << i for i, bit in enumerate(bits) if bit)
    return f"0x{value:0{max((len(bits) + 3) // 4, 1)}X}"


def _is_operator(identity: Identity) -> bool:
    """slurmctld's validate_operator(): root, SlurmUser, or an Operator or Administrator
    in slurmdbd (an unreachable slurmdbd: not one)."""
    _, lib = _load()
    if identity.uid in (0, int(lib.slurm_conf.slurm_user_id)):
        return True
    from slurmrestd.slurm import db  # the accounting layer imports this module

    try:
        with db.connect(identity) as conn:
            users = conn.get("users", None, "slurmdb_user_rec_t")
    except SlurmError:
        return False
    operator = 2  # SLURMDB_ADMIN_OPERATOR (slurmdb.h; the same in every release)
    return any(
        u.get("name") == identity.user_name and (u.get("admin_level") or 0) >= operator
        for u in users
    )


def _layout_of_job(identity: Identity, job_id: int) -> list[Record]:
    """The layout as 26.05's RPC answers it, from the job's allocation (22.05, 24.11):
    unknown job, not the caller's (unless an operator), not running: its error."""
    _, lib = _load()
    wanted = frozenset({"job_id", "user_id", "job_state", "gres_detail_str", "gres_detail_cnt"})
    loaded = load_job(identity, job_id, wanted)
    job = next((r for r in loaded.records if r.get("job_id") == job_id), None)
    if job is None:
        raise SlurmError(lib.ESLURM_INVALID_JOB_ID, "slurm_get_resource_layout")
    if job["user_id"] != identity.uid and not _is_operator(identity):
        raise SlurmError(lib.ESLURM_USER_ID_MISSING, "slurm_get_resource_layout")
    if (job["job_state"] & lib.JOB_STATE_BASE) != lib.JOB_RUNNING:
        raise SlurmError(lib.ESLURM_JOB_NOT_RUNNING, "slurm_get_resource_layout")
    res = job.get("job_resources") or {"hosts": []}
    details = job.get("gres_detail_str") or []
    nodes = []
    for i, host in enumerate(res["hosts"]):
        nodes.append(
            {
                "node": host["name"],
                "sockets_per_node": host["sockets_per_node"],
                "cores_per_socket": host["cores_per_socket"],
                "mem_alloc": host["memory_allocated"] or 0,
                "core_bitmap": hexmask([s[2] for s in host["slots"]]),
                "channel": lib.NO_VAL,  # no IMEX channels before 25.05
                "gres": gres_details(details[i] if i < len(details) else ""),
            }
        )
    return nodes


def resource_layout(identity: Identity, job_id: int) -> list[Record]:
    """A running job's resources per node (its cores as a mask of the node's, memory,
    GRES, IMEX channel): slurmctld's RPC where the release has one (26.05), the job's
    allocation elsewhere; SlurmError as that RPC fails."""
    ffi, lib = _load()
    if hasattr(lib, "slurm_get_resource_layout"):
        with session(identity):
            return _layout_rpc(ffi, lib, job_id)
    return _layout_of_job(identity, job_id)


def _job_state(ffi: Any, lib: Any, job: Any) -> Record:
    tasks = None
    if job.array_task_id_bitmap != ffi.NULL:
        bits = job.array_task_id_bitmap
        tasks = [i for i in range(lib.bit_size(bits)) if lib.bit_test(bits, i)]
    return {
        "job_id": int(job.job_id),
        "array_job_id": int(job.array_job_id),
        "array_task_id": int(job.array_task_id),
        "array_tasks": tasks,
        "het_job_id": int(job.het_job_id),
        "job_state": int(job.state),
    }


def _node_allocation(node: Any) -> Record:
    """What the select plugin knows of a node: allocated CPUs, memory and TRES."""
    ffi, lib = _load()
    if not hasattr(lib, "slurm_get_select_nodeinfo"):
        # The node record carries them itself (26.05 on), without a weighted TRES sum.
        return {
            "alloc_cpus": int(node.alloc_cpus),
            "alloc_memory": int(node.alloc_memory),
            "tres_used": _str(ffi, node.alloc_tres_fmt_str),
            "tres_weighted": 0.0,
        }
    info = node.select_nodeinfo
    cpus = ffi.new("uint16_t *", 0)
    mem = ffi.new("uint64_t *", 0)
    tres = ffi.new("char **", ffi.NULL)
    weighted = ffi.new("double *", 0.0)
    alloc = lib.NODE_STATE_ALLOCATED
    if info != ffi.NULL:
        lib.slurm_get_select_nodeinfo(info, lib.SELECT_NODEDATA_SUBCNT, alloc, cpus)
        lib.slurm_get_select_nodeinfo(info, lib.SELECT_NODEDATA_MEM_ALLOC, alloc, mem)
        lib.slurm_get_select_nodeinfo(info, lib.SELECT_NODEDATA_TRES_ALLOC_FMT_STR, alloc, tres)
        lib.slurm_get_select_nodeinfo(
            info, lib.SELECT_NODEDATA_TRES_ALLOC_WEIGHTED, alloc, weighted
        )
    used = _str(ffi, tres[0])
    if tres[0] != ffi.NULL:
        lib.slurm_xfree_ptr(tres[0])
    return {
        "alloc_cpus": int(cpus[0]),
        "alloc_memory": int(mem[0]),
        "tres_used": used,
        "tres_weighted": float(weighted[0]),
    }


def _energy(node: Any) -> Record:
    """The node's energy record (zeros when slurmctld sent none)."""
    ffi, _ = _load()
    energy = node.energy
    if energy == ffi.NULL:
        return {"energy": None}
    return {"energy": to_record(energy, "acct_gather_energy_t")}


def load_nodes(
    identity: Identity,
    update_time: int = 0,
    *,
    show_flags: int | None = None,
    name: str | None = None,
    with_energy: bool = False,
    partitions_since: int | None = None,
) -> Loaded:
    """Nodes with their partitions filled in (a partition RPC too, as the reference does).

    name: that node alone (slurm_load_node_single: no update_time); show_flags: the
    load's flags (SHOW_ALL|SHOW_DETAIL|SHOW_MIXED when None); with_energy: each
    record's energy as a record of its own; partitions_since: the partitions are
    loaded with that update_time and show_flags, and their failure (nothing changed
    since then included) fails the call with errno -1 and source
    "slurm_load_partitions", as the data_parser versions' handlers do.
    """
    ffi, lib = _load()
    if show_flags is None:
        show_flags = lib.SHOW_ALL | lib.SHOW_DETAIL | lib.SHOW_MIXED
    with session(identity):
        out = ffi.new("node_info_msg_t **")
        out[0] = ffi.NULL
        if name is None:
            _check(lib.slurm_load_node(update_time, out, show_flags), "slurm_load_node")
        else:
            data = name.encode()
            if b"\0" in data:
                raise SlurmError(0, "slurm_load_node_single")
            _check(
                lib.slurm_load_node_single(out, ffi.new("char[]", data), show_flags),
                "slurm_load_node_single",
            )
        msg = out[0]
        if msg == ffi.NULL:
            return Loaded(0, [])
        parts = ffi.new("partition_info_msg_t **")
        parts[0] = ffi.NULL
        try:
            if partitions_since is not None:
                if msg.record_count:
                    if lib.slurm_load_partitions(partitions_since, parts, show_flags) != 0:
                        raise SlurmError(-1, "slurm_load_partitions")
                    lib.slurm_populate_node_partitions(msg, parts[0])
            elif lib.slurm_load_partitions(0, parts, lib.SHOW_ALL) == 0:
                lib.slurm_populate_node_partitions(msg, parts[0])
            records = []
            for i in range(msg.record_count):
                node = msg.node_array[i]
                if node.name == ffi.NULL:
                    continue
                rec = to_record(node, "node_info_t")
                rec.update(_node_allocation(node))
                if with_energy:
                    rec.update(_energy(node))
                records.append(rec)
            return Loaded(int(msg.last_update), records)
        finally:
            if parts[0] != ffi.NULL:
                lib.slurm_free_partition_info_msg(parts[0])
            lib.slurm_free_node_info_msg(msg)


def load_partitions(
    identity: Identity, update_time: int = 0, *, show_flags: int | None = None
) -> Loaded:
    _, lib = _load()
    flags = lib.SHOW_ALL if show_flags is None else show_flags
    return _load_msg(
        identity,
        "slurm_load_partitions",
        lambda out: lib.slurm_load_partitions(update_time, out, flags),
        lib.slurm_free_partition_info_msg,
        "partition_info_msg_t",
        "partition_array",
        "record_count",
        "partition_info_t",
        None,
    )


def _core_specs(resv: Any) -> Record:
    ffi, _ = _load()
    specs = resv.core_spec
    if specs == ffi.NULL:
        return {"core_specs": []}
    return {
        "core_specs": [
            {"node_name": _str(ffi, specs[i].node_name), "core_id": _str(ffi, specs[i].core_id)}
            for i in range(resv.core_spec_cnt)
        ]
    }


def load_reservations(identity: Identity, update_time: int = 0) -> Loaded:
    _, lib = _load()
    return _load_msg(
        identity,
        "slurm_load_reservations",
        lambda out: lib.slurm_load_reservations(update_time, out),
        lib.slurm_free_reservation_info_msg,
        "reserve_info_msg_t",
        "reservation_array",
        "record_count",
        "reserve_info_t",
        None,
        _core_specs,
    )


def _set_fields(ptr: Any, ctype: str, values: Mapping[str, Any], keep: list[Any]) -> None:
    """Numbers and strings of a C struct from {field: value} (None: left as initialised);
    a field this release lacks is skipped; keep holds the C strings alive."""
    ffi, _ = _load()
    kinds = dict(_fields(ctype))
    for name, value in values.items():
        kind = kinds.get(name)
        if kind is None or value is None:
            continue
        if kind == "num":
            try:
                setattr(ptr, name, value)
            except (OverflowError, TypeError):
                raise ValueError(f"{name}: {value!r} is out of range") from None
        elif kind == "str":
            data = str(value).encode()
            if b"\0" in data:
                raise ValueError(f"{name}: NUL byte in string")
            buf = ffi.new("char[]", data)
            keep.append(buf)
            setattr(ptr, name, buf)


def update_node(identity: Identity, values: Mapping[str, Any]) -> None:
    """slurm_update_node with update_node_msg_t's fields (node_names: which nodes)."""
    ffi, lib = _load()
    msg = ffi.new("update_node_msg_t *")
    lib.slurm_init_update_node_msg(msg)
    keep: list[Any] = []
    _set_fields(msg, "update_node_msg_t", values, keep)
    with session(identity):
        _check(lib.slurm_update_node(msg), "slurm_update_node")


def create_node(identity: Identity, node_conf: str) -> None:
    """slurm_create_node: a dynamic node from a slurm.conf node line (every release)."""
    ffi, lib = _load()
    msg = ffi.new("update_node_msg_t *")
    lib.slurm_init_update_node_msg(msg)
    line = ffi.new("char[]", node_conf.encode())
    msg.extra = line
    with session(identity):
        _check(lib.slurm_create_node(msg), "slurm_create_node")


def delete_node(identity: Identity, names: str) -> None:
    """slurm_delete_node: remove dynamic nodes."""
    ffi, lib = _load()
    msg = ffi.new("update_node_msg_t *")
    lib.slurm_init_update_node_msg(msg)
    keep: list[Any] = []
    _set_fields(msg, "update_node_msg_t", {"node_names": names}, keep)
    with session(identity):
        _check(lib.slurm_delete_node(msg), "slurm_delete_node")


def delete_reservation(identity: Identity, name: str) -> None:
    ffi, lib = _load()
    msg = ffi.new("reservation_name_msg_t *")
    keep: list[Any] = []
    _set_fields(msg, "reservation_name_msg_t", {"name": name}, keep)
    with session(identity):
        _check(lib.slurm_delete_reservation(msg), "slurm_delete_reservation")


def delete_partition(identity: Identity, name: str) -> None:
    ffi, lib = _load()
    msg = ffi.new("delete_part_msg_t *")
    keep: list[Any] = []
    _set_fields(msg, "delete_part_msg_t", {"name": name}, keep)
    with session(identity):
        _check(lib.slurm_delete_partition(msg), "slurm_delete_partition")


# resv_desc_msg_t's counts: one number from 24.11 on, a 0-terminated array in 22.05.
_RESV_COUNTS = ("core_cnt", "node_cnt")


def _resv_desc(values: Mapping[str, Any], keep: list[Any]) -> Any:
    ffi, lib = _load()
    msg = ffi.new("resv_desc_msg_t *")
    lib.slurm_init_resv_desc_msg(msg)
    plain = {k: v for k, v in values.items() if k not in _RESV_COUNTS}
    _set_fields(msg, "resv_desc_msg_t", plain, keep)
    kinds = dict(_fields("resv_desc_msg_t"))
    for name in _RESV_COUNTS:
        value = values.get(name)
        if value is None or value == lib.NO_VAL:
            continue
        if name in kinds:
            setattr(msg, name, value)
        else:
            array = ffi.new("uint32_t[]", [value, 0])
            keep.append(array)
            setattr(msg, name, array)
    return msg


def _resv_record(msg: Any, values: Mapping[str, Any]) -> Record:
    """The description as slurmctld was sent it (the counts as given)."""
    _, lib = _load()
    rec = to_record(msg, "resv_desc_msg_t")
    for name in _RESV_COUNTS:
        if name not in dict(_fields("resv_desc_msg_t")):
            rec[name] = values.get(name, lib.NO_VAL)
    return rec


def create_reservation(identity: Identity, values: Mapping[str, Any]) -> Record:
    """slurm_create_reservation; the description sent (its record) with the new name."""
    ffi, lib = _load()
    keep: list[Any] = []
    msg = _resv_desc(values, keep)
    with session(identity):
        made = lib.slurm_create_reservation(msg)
        if made == ffi.NULL:
            raise SlurmError(_errno() or -1, "slurm_create_reservation")
        # The name is strdup()'s up to 24.11, xstrdup()'s from 26.05 on.
        if release().version >= releases.R26_05.version:
            lib.slurm_xfree_ptr(made)
        else:
            lib.free(made)
        return _resv_record(msg, values)


def update_reservation(identity: Identity, values: Mapping[str, Any]) -> Record:
    _, lib = _load()
    keep: list[Any] = []
    msg = _resv_desc(values, keep)
    with session(identity):
        _check(lib.slurm_update_reservation(msg), "slurm_update_reservation")
        return _resv_record(msg, values)


def create_or_update_partition(identity: Identity, values: Mapping[str, Any], create: bool) -> None:
    """slurm_create_partition or slurm_update_partition with partition_info_t's fields."""
    ffi, lib = _load()
    msg = ffi.new("partition_info_t *")
    lib.slurm_init_part_desc_msg(msg)
    keep: list[Any] = []
    _set_fields(msg, "partition_info_t", values, keep)
    with session(identity):
        if create:
            _check(lib.slurm_create_partition(msg), "slurm_create_partition")
        else:
            _check(lib.slurm_update_partition(msg), "slurm_update_partition")


def parse_time(text: str) -> int:
    """Slurm's parse_time() of a time as scontrol takes it ("now+1hour", ...); 0: refused."""
    ffi, lib = _load()
    data = text.encode()
    if b"\0" in data:
        return 0
    return int(lib.slurm_parse_time(ffi.new("char[]", data), 0))


def load_licenses(identity: Identity) -> Loaded:
    _, lib = _load()
    return _load_msg(
        identity,
        "slurm_load_licenses",
        lambda out: lib.slurm_load_licenses(0, out, 0),
        lib.slurm_free_license_info_msg,
        "license_info_msg_t",
        "lic_array",
        "num_lic",
        "slurm_license_info_t",
        None,
    )


# --- job descriptors (Python to C) ------------------------------------------------


def job_desc_fields() -> frozenset[str]:
    """The job_desc_msg_t fields this binding can set (by their 22.05 names)."""
    moved = release().moved.get("job_desc_msg_t", {})
    return frozenset(name for name, _ in _fields("job_desc_msg_t")) | frozenset(moved)


class JobDesc:
    """A job_desc_msg_t filled from {C field name: value}; keeps its C strings alive."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        ffi, lib = _load()
        self.ptr = ffi.new("job_desc_msg_t *")
        lib.slurm_init_job_desc_msg(self.ptr)
        self._keep: list[Any] = []
        kinds = dict(_fields("job_desc_msg_t"))
        moved = release().moved.get("job_desc_msg_t", {})
        for name, value in values.items():
            if name in moved and value is not None:
                holder, attr = _where(self.ptr, "job_desc_msg_t", name)
                setattr(holder, attr, value)
                continue
            kind = kinds.get(name)
            if kind is None:
                raise ValueError(f"job_desc has no field {name!r}")
            if value is None:
                continue
            if kind == "num":
                try:
                    setattr(self.ptr, name, value)
                except (OverflowError, TypeError):
                    raise ValueError(f"{name}: {value!r} is out of range") from None
            elif kind == "str":
                setattr(self.ptr, name, self._cstr(value, name))
            else:
                setattr(self.ptr, name, self._cstrv(value, name))
                if name == "environment":
                    self.ptr.env_size = len(value)
                elif name == "argv":
                    self.ptr.argc = len(value)

    def _cstr(self, value: Any, name: str) -> Any:
        ffi, _ = _load()
        data = str(value).encode()
        if b"\0" in data:
            raise ValueError(f"{name}: NUL byte in string")
        buf = ffi.new("char[]", data)
        self._keep.append(buf)
        return buf

    def _cstrv(self, values: Sequence[str], name: str) -> Any:
        ffi, _ = _load()
        arr = ffi.new("char *[]", len(values) + 1)
        for i, v in enumerate(values):
            arr[i] = self._cstr(v, name)
        self._keep.append(arr)
        return arr


def _where(cdata: Any, ctype: str, name: str) -> tuple[Any, str]:
    """The struct and field that hold 22.05's field name of ctype in this release."""
    path = release().moved.get(ctype, {}).get(name, name).split(".")
    for part in path[:-1]:
        cdata = getattr(cdata, part)
    return cdata, path[-1]


def field_value(cdata: Any, ctype: str, name: str) -> Any:
    """A field of a C struct by its 22.05 name, wherever the release keeps it."""
    holder, attr = _where(cdata, ctype, name)
    return getattr(holder, attr)


def _submitted(resp: Any, source: str) -> Record:
    ffi, lib = _load()
    kind = "submit_response_msg_t"
    try:
        return {
            "job_id": int(field_value(resp, kind, "job_id")),
            "step_id": int(field_value(resp, kind, "step_id")),
            "error_code": int(resp.error_code),
            "job_submit_user_msg": _str(ffi, resp.job_submit_user_msg),
        }
    finally:
        lib.slurm_free_submit_response_response_msg(resp)


def _as_submitter(identity: Identity, values: Mapping[str, Any]) -> dict[str, Any]:
    # slurmctld answers "Invalid user id" unless the job names the authenticated user:
    # the job is the requester's unless it names its user (and group) itself.
    return {"user_id": identity.uid, "group_id": identity.gid, **values}


def submit_job(identity: Identity, values: Mapping[str, Any]) -> Record:
    ffi, lib = _load()
    desc = JobDesc(_as_submitter(identity, values))
    with session(identity):
        out = ffi.new("submit_response_msg_t **")
        _check(lib.slurm_submit_batch_job(desc.ptr, out), "slurm_submit_batch_job")
        return _submitted(out[0], "slurm_submit_batch_job")


@contextlib.contextmanager
def _job_list(identity: Identity, components: Sequence[Mapping[str, Any]]) -> Iterator[Any]:
    """A List of the components' job_desc_msg_t, as the requester (destroyed after)."""
    ffi, lib = _load()
    descs = [JobDesc(_as_submitter(identity, c)) for c in components]
    job_list = lib.slurm_list_create(ffi.NULL)
    try:
        for d in descs:
            lib.slurm_list_append(job_list, d.ptr)
        yield job_list
    finally:
        lib.slurm_list_destroy(job_list)


def submit_het_job(identity: Identity, components: Sequence[Mapping[str, Any]]) -> Record:
    ffi, lib = _load()
    with _job_list(identity, components) as job_list, session(identity):
        out = ffi.new("submit_response_msg_t **")
        _check(lib.slurm_submit_batch_het_job(job_list, out), "slurm_submit_batch_het_job")
        return _submitted(out[0], "slurm_submit_batch_het_job")


def update_job(identity: Identity, values: Mapping[str, Any]) -> list[Record]:
    """slurm_update_job2: one record (job_array_id, error_code) per job it touched."""
    ffi, lib = _load()
    desc = JobDesc(values)
    with session(identity):
        out = ffi.new("job_array_resp_msg_t **")
        out[0] = ffi.NULL
        _check(lib.slurm_update_job2(desc.ptr, out), "slurm_update_job2")
        return _array_resp(out[0])


def _array_resp(resp: Any) -> list[Record]:
    ffi, lib = _load()
    if resp == ffi.NULL:
        return []
    try:
        return [
            {
                "job_array_id": _str(ffi, resp.job_array_id[i]),
                "error_code": int(resp.error_code[i]),
            }
            for i in range(resp.job_array_count)
        ]
    finally:
        lib.slurm_free_job_array_resp(resp)


def _allocated(resp: Any) -> Record:
    ffi, _ = _load()
    kind = "resource_allocation_response_msg_t"
    return {
        "job_id": int(field_value(resp, kind, "job_id")),
        "error_code": int(resp.error_code),
        "job_submit_user_msg": _str(ffi, resp.job_submit_user_msg),
    }


def allocate_job(identity: Identity, values: Mapping[str, Any]) -> Record:
    """slurm_allocate_resources_blocking: waits until slurmctld grants the allocation."""
    ffi, lib = _load()
    desc = JobDesc(_as_submitter(identity, values))
    with session(identity):
        resp = lib.slurm_allocate_resources_blocking(desc.ptr, 0, ffi.NULL)
        if resp == ffi.NULL:
            raise SlurmError(_errno() or -1, "slurm_allocate_resources_blocking")
        try:
            return _allocated(resp)
        finally:
            lib.slurm_free_resource_allocation_response_msg(resp)


def allocate_het_job(identity: Identity, components: Sequence[Mapping[str, Any]]) -> list[Record]:
    """slurm_allocate_het_job_blocking: one record per component, in order."""
    ffi, lib = _load()
    with _job_list(identity, components) as job_list, session(identity):
        resps = lib.slurm_allocate_het_job_blocking(job_list, 0, ffi.NULL)
        if resps == ffi.NULL:
            raise SlurmError(_errno() or -1, "slurm_allocate_het_job_blocking")
        out = []
        it = lib.slurm_list_iterator_create(resps)
        try:
            while True:
                item = lib.slurm_list_next(it)
                if item == ffi.NULL:
                    break
                out.append(_allocated(ffi.cast("resource_allocation_response_msg_t *", item)))
        finally:
            lib.slurm_list_iterator_destroy(it)
            lib.slurm_list_destroy(resps)
        return out


def requeue_job(identity: Identity, job_id: str, flags: int = 0) -> list[Record]:
    """slurm_requeue2: one record (job_array_id, error_code) per job it touched."""
    ffi, lib = _load()
    data = job_id.encode()
    if b"\0" in data:
        raise ValueError("NUL byte in job id")
    with session(identity):
        out = ffi.new("job_array_resp_msg_t **")
        out[0] = ffi.NULL
        _check(lib.slurm_requeue2(ffi.new("char[]", data), flags, out), "slurm_requeue2")
        return _array_resp(out[0])


def kill_job(identity: Identity, job_id: str, signal: int, flags: int = 0) -> None:
    """slurm_kill_job2: the job id as a string (array and het job ids included)."""
    ffi, lib = _load()
    data = job_id.encode()
    if b"\0" in data:
        raise ValueError("NUL byte in job id")
    with session(identity):
        _check(lib.slurm_kill_job2(data, signal, flags, ffi.NULL), "slurm_kill_job")


def constant(name: str) -> int:
    """A numeric constant of slurm.h (NO_VAL, INFINITE, KILL_FULL_JOB, ...)."""
    return int(getattr(_load()[1], name))
