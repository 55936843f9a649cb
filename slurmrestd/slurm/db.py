"""slurmdbd through libslurm's slurmdb API: one connection per request, under its identity.

design: ``connect(identity)`` opens the request's session (auth_g_thread_config)
and yields a Db; its first call opens the slurmdbd connection, and the
connection is always closed when the request ends, as the reference does.
Records come back as plain dicts keyed by the C field names (nested records
and lists converted, the C list freed); records sent to slurmdbd are built
from such dicts in memory owned by Python, in lists that free nothing.
Failures follow the reference's query helper: a set errno is a SlurmError
with that number, a NULL list is ``ESLURM_REST_INVALID_QUERY`` "Unknown error
with query", and an empty one is returned empty (callers decide whether that
is "Nothing found").
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import threading
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from slurmrestd import slurm
from slurmrestd.slurm import Identity, Record, SlurmError, _load, constants, release, session
from slurmrestd.slurm.constants import ESLURM_DB_CONNECTION, ESLURM_REST_INVALID_QUERY, NO_VAL

# The record type of each List field the accounting API reads ("str": char * items).
LIST_ITEMS = {
    "assoc_list": "slurmdb_assoc_rec_t",
    "coordinators": "slurmdb_coord_rec_t",
    "coord_accts": "slurmdb_coord_rec_t",
    "wckey_list": "slurmdb_wckey_rec_t",
    "qos_list": "str",
    "preempt_list": "str",
    "steps": "slurmdb_step_rec_t",
    "rpc_list": "slurmdb_rpc_obj_t",
    "user_list": "slurmdb_rpc_obj_t",
    "accounting_list": "slurmdb_accounting_rec_t",
}
# slurmdbd_conf_t's flags (26.05's slurmdb.h; the names its data_parser writes) and
# purge settings (slurmdb.h of every release: the count in the low 16 bits, the unit's
# bit, the archive bit).
DBD_CONF_FLAGS = (
    ("AllowNoDefAcct", 1 << 0),
    ("AllResourcesAbsolute", 1 << 1),
    ("DisableCoordDBD", 1 << 2),
    ("DisableArchiveCommands", 1 << 4),
)
PURGE_UNITS = {"hours": 0x10000, "days": 0x20000, "months": 0x40000}
PURGE_ARCHIVE = 0x80000
# PersistConnFlags: slurmdbd answers user names in the case given (Parameters).
PERSIST_FLAG_P_USER_CASE = 1 << 3
# Slurm's log levels by number (log.h; the same in every release).
LOG_LEVEL_NAMES: tuple[str, ...] = ("quiet", "fatal", "error", "info", "verbose", "debug")
LOG_LEVEL_NAMES += ("debug2", "debug3", "debug4", "debug5")

# Where a record's List field holds another type than the one its name has above
# (None: a list the API never renders, left unread).
LIST_ITEMS_OF: dict[tuple[str, str], str | None] = {
    ("slurmdb_cluster_rec_t", "accounting_list"): None
}


class DbError(SlurmError):
    """A slurmdbd call failed the way the reference reports with a description."""

    def __init__(self, errno: int, source: str, description: str) -> None:
        super().__init__(errno, source, description)


def _items(ffi: Any, lib: Any, lst: Any, item: str) -> list[Any]:
    out: list[Any] = []
    if lst == ffi.NULL:
        return out
    it = lib.slurm_list_iterator_create(lst)
    try:
        while (x := lib.slurm_list_next(it)) != ffi.NULL:
            if item == "str":
                out.append(ffi.string(ffi.cast("char *", x)).decode("utf-8", "replace"))
            else:
                out.append(read(ffi.cast(item + " *", x)))
    finally:
        lib.slurm_list_iterator_destroy(it)
    return out


def _bits(lib: Any, bits: Any) -> list[int]:
    return [i for i in range(lib.bit_size(bits)) if lib.bit_test(bits, i)]


def _list_item(ffi: Any, struct: Any, name: str) -> str | None:
    for (owner, field), item in LIST_ITEMS_OF.items():
        if field == name and ffi.typeof(owner) is struct:
            return item
    return LIST_ITEMS.get(name)


def read(ptr: Any) -> Record:
    """A C record (pointer or embedded struct) as a dict of its declared fields."""
    ffi, lib = _load()
    rec: Record = {}
    ctype = ffi.typeof(ptr)
    struct = ctype.item if ctype.kind == "pointer" else ctype
    for name, fld in struct.fields:
        t = fld.type
        value = getattr(ptr, name)
        if t.kind == "primitive":
            rec[name] = value
        elif t.kind == "array":
            rec[name] = list(value)
        elif t.kind == "struct":
            rec[name] = read(value)
        elif t.kind != "pointer":
            continue
        elif t.item.cname == "char":
            rec[name] = None if value == ffi.NULL else ffi.string(value).decode("utf-8", "replace")
        elif t.item.cname == "struct xlist":
            item = _list_item(ffi, struct, name)
            rec[name] = _items(ffi, lib, value, item) if item else None
        elif t.item.cname == "bitstr_t":
            rec[name] = None if value == ffi.NULL else _bits(lib, value)
        elif t.item.kind == "struct":
            rec[name] = None if value == ffi.NULL else read(value)
    return rec


class _Builder:
    """C records built from dicts; owns their memory until the call is over."""

    def __init__(self) -> None:
        self.ffi, self.lib = _load()
        self.keep: list[Any] = []
        self.lists: list[Any] = []

    def string(self, value: str) -> Any:
        c = self.ffi.new("char[]", value.encode())
        self.keep.append(c)
        return c

    def list(self, items: Sequence[Any], item: str) -> Any:
        lst = self.lib.slurm_list_create(self.ffi.NULL)
        self.lists.append(lst)
        for x in items:
            value = self.string(x) if item == "str" else self.record(item, x, _init(item))
            self.lib.slurm_list_append(lst, value)
        return lst

    def record(self, ctype: str, values: Mapping[str, Any], init: Any = None) -> Any:
        ptr = self.ffi.new(ctype + " *")
        self.keep.append(ptr)
        if init is not None:
            init(ptr)
        self.fill(ptr, ctype, values)
        return ptr

    def fill(self, ptr: Any, ctype: str, values: Mapping[str, Any]) -> None:
        """Set a C record's fields from a dict."""
        fields = dict(self.ffi.typeof(ctype).fields)
        bits = release().cond_flags.get(ctype, {})
        for name, value in values.items():
            if name in bits:
                # A Boolean of 22.05's condition that this release keeps as a bit of flags.
                if value:
                    ptr.flags |= getattr(constants, bits[name])
                continue
            t = fields[name].type
            if t.kind == "primitive":
                setattr(ptr, name, value)
            elif value is None:
                setattr(ptr, name, self.ffi.NULL)
            elif t.item.cname == "char":
                setattr(ptr, name, self.string(value))
            elif t.item.cname == "struct xlist":
                # Conditions hold lists of names; records may hold lists of records.
                item = "str" if ctype.endswith("_cond_t") else LIST_ITEMS.get(name, "str")
                setattr(ptr, name, self.list(value, item))
            else:
                setattr(ptr, name, self.record(t.item.cname, value))

    def close(self) -> None:
        for lst in self.lists:
            self.lib.slurm_list_destroy(lst)
        self.lists.clear()
        self.keep.clear()


INIT = {
    "slurmdb_assoc_rec_t": lambda lib, p: lib.slurmdb_init_assoc_rec(p, False),
    "slurmdb_qos_rec_t": lambda lib, p: lib.slurmdb_init_qos_rec(p, False, NO_VAL),
    "slurmdb_wckey_rec_t": lambda lib, p: lib.slurmdb_init_wckey_rec(p, False),
    "slurmdb_cluster_rec_t": lambda lib, p: lib.slurmdb_init_cluster_rec(p, False),
}


class Db:
    """The slurmdbd calls of one request (use through connect())."""

    def __init__(self) -> None:
        self.ffi, self.lib = _load()
        self._conn: Any = None
        self._sockets: set[tuple[int, int]] = set()

    def conn(self, source: str) -> Any:
        if self._conn is None:
            # As the reference: no flags (with flags, a refused token ends the process).
            self.ffi.errno = 0
            conn = self.lib.slurmdb_connection_get(self.ffi.NULL)
            if self.ffi.errno or conn == self.ffi.NULL:
                raise DbError(ESLURM_DB_CONNECTION, source, "Failed connecting to slurmdbd")
            self._conn = conn
        self._note_socket()
        return self._conn

    def _note_socket(self) -> None:
        """Remember the connection's socket (fd and inode) as it is now; a new one is made
        to send at once (no_delay)."""
        fd = self.ffi.cast("persist_conn_head_t *", self._conn).fd
        if fd >= 0:
            with contextlib.suppress(OSError):
                sock = (fd, os.fstat(fd).st_ino)
                if sock not in self._sockets:
                    self._sockets.add(sock)
                    no_delay(fd)

    def close(self) -> None:
        """Close the connection; also its socket when libslurm forgot it (a refused
        request leaves it open in 22.05: one descriptor lost per denied call)."""
        if self._conn is None:
            return
        self._note_socket()
        holder = self.ffi.new("void **", self._conn)
        self.lib.slurmdb_connection_close(holder)
        self._conn = None
        for fd, inode in self._sockets:
            # Still the same socket: libslurm never closed it, so the number was not reused.
            with contextlib.suppress(OSError):
                if os.fstat(fd).st_ino == inode:
                    os.close(fd)
        self._sockets.clear()

    def _list_call(self, func: str, *args: Any) -> list[Record] | None:
        """Call a List-returning slurmdb function; None when it returned NULL."""
        conn = self.conn(func)
        self.ffi.errno = 0
        lst = getattr(self.lib, func)(conn, *args)
        errno = self.ffi.errno
        try:
            if errno:
                raise SlurmError(errno, func)
            if lst == self.ffi.NULL:
                return None
            return lst
        except SlurmError:
            if lst != self.ffi.NULL:
                self.lib.slurm_list_destroy(lst)
            raise

    def get(self, what: str, cond: Mapping[str, Any] | None, item: str) -> list[Record]:
        """slurmdb_<what>_get with a condition built from a dict (None: NULL condition)."""
        func = f"slurmdb_{what}_get"
        b = _Builder()
        try:
            c = self.ffi.NULL if cond is None else b.record(_COND[what], cond)
            lst = self._list_call(func, c)
        finally:
            b.close()
        if lst is None:
            raise DbError(ESLURM_REST_INVALID_QUERY, func, "Unknown error with query")
        try:
            return _items(self.ffi, self.lib, lst, item)
        finally:
            self.lib.slurm_list_destroy(lst)

    def names(self, func: str, cond_type: str, cond: Mapping[str, Any], *extra: Any) -> Any:
        """A remove or modify call: the list of names it returns (None for NULL)."""
        b = _Builder()
        try:
            args = [b.record(cond_type, cond)]
            for ctype, values in extra:
                args.append(b.record(ctype, values, _init(ctype)))
            lst = self._list_call(func, *args)
        finally:
            b.close()
        if lst is None:
            return None
        try:
            return _items(self.ffi, self.lib, lst, "str")
        finally:
            self.lib.slurm_list_destroy(lst)

    def add(
        self, what: str, item: str, records: Sequence[Mapping[str, Any]], init: bool = True
    ) -> int:
        """slurmdb_<what>_add: its return code; init: start records from slurmdb's defaults."""
        func = f"slurmdb_{what}_add"
        if not records:
            # Nothing to add: 22.05 answers success; 24.11 on refuses with ESLURM_EMPTY_LIST,
            # which would turn 22.05's answers of the API versions into 500s.
            return 0
        b = _Builder()
        try:
            lst = self.lib.slurm_list_create(self.ffi.NULL)
            b.lists.append(lst)
            for rec in records:
                start = _init(item) if init else None
                self.lib.slurm_list_append(lst, b.record(item, rec, start))
            return int(getattr(self.lib, func)(self.conn(func), lst))
        finally:
            b.close()

    def coord_add(self, accounts: Sequence[str], user: str) -> int:
        b = _Builder()
        try:
            accts = b.list(accounts, "str")
            cond = b.record("slurmdb_user_cond_t", {"assoc_cond": {"user_list": [user]}})
            return int(self.lib.slurmdb_coord_add(self.conn("slurmdb_coord_add"), accts, cond))
        finally:
            b.close()

    def coord_remove(self, accounts: Sequence[str], user: str) -> list[str] | None:
        """slurmdb_coord_remove: the coordinators removed (None: it failed; errno raised)."""
        b = _Builder()
        try:
            accts = b.list(accounts, "str")
            cond = b.record("slurmdb_user_cond_t", {"assoc_cond": {"user_list": [user]}})
            lst = self._list_call("slurmdb_coord_remove", accts, cond)
        finally:
            b.close()
        if lst is None:
            return None
        try:
            return _items(self.ffi, self.lib, lst, "str")
        finally:
            self.lib.slurm_list_destroy(lst)

    def add_cond(
        self,
        what: str,
        add_assoc: Mapping[str, Any] | None,
        assoc: Mapping[str, Any],
        rec_type: str,
        rec: Mapping[str, Any] | None,
    ) -> tuple[int, str | None]:
        """slurmdb_<what>_add_cond (24.11 on): errno and slurmdbd's text (what it added,
        or why not).  add_assoc: the condition's lists (None: NULL); assoc: its
        association's limits; rec: the account or user (None: NULL)."""
        func = f"slurmdb_{what}_add_cond"
        if not hasattr(self.lib, func):
            # 22.05's slurmdbd has no such call.
            return constants.ESLURM_NOT_SUPPORTED, None
        b = _Builder()
        try:
            cond = self.ffi.NULL
            if add_assoc is not None:
                cond = b.record("slurmdb_add_assoc_cond_t", add_assoc)
                target = self.ffi.addressof(cond[0], "assoc")
                self.lib.slurmdb_init_assoc_rec(target, False)
                b.fill(target, "slurmdb_assoc_rec_t", assoc)
            record = self.ffi.NULL if rec is None else b.record(rec_type, rec)
            conn = self.conn(func)
            self.ffi.errno = 0
            out = getattr(self.lib, func)(conn, cond, record)
            errno = self.ffi.errno
        finally:
            b.close()
        if out == self.ffi.NULL:
            return errno, None
        try:
            return errno, self.ffi.string(out).decode("utf-8", "replace")
        finally:
            self.lib.slurm_xfree_ptr(out)

    def commit(self) -> int:
        return int(self.lib.slurmdb_connection_commit(self.conn("db_query_commit"), True))

    def stats(self) -> Record:
        out = self.ffi.new("slurmdb_stats_rec_t **")
        rc = self.lib.slurmdb_get_stats(self.conn("slurmdb_get_stats"), out)
        if rc:
            raise SlurmError(rc, "slurmdb_get_stats")
        try:
            return read(out[0])
        finally:
            self.lib.slurmdb_destroy_stats_rec(out[0])

    def job_modify(
        self, job_ids: Sequence[str], values: Mapping[str, Any]
    ) -> tuple[int, list[str] | None]:
        """slurmdb_job_modify of the jobs named (each JOB[_TASK][.STEP], as sacct takes
        them) with the record's values set (the others unset: derived_ec NO_VAL): its
        return code (errno; a NULL list without one is an invalid query) and the jobs it
        changed ("ID submitted at TIME"); the change is not committed here."""
        ffi, lib = self.ffi, self.lib
        conn = self.conn("slurmdb_job_modify")
        b = _Builder()
        step_list = lib.slurm_list_create(lib.slurm_destroy_selected_step)
        try:
            cond = b.record(
                "slurmdb_job_cond_t",
                {
                    "db_flags": constants.SLURMDB_JOB_FLAG_NOTSET,
                    "flags": constants.JOBCOND_FLAG_NO_DEFAULT_USAGE,
                },
            )
            for job_id in job_ids:
                lib.slurm_addto_step_list(step_list, b.string(job_id))
            cond.step_list = step_list
            # What the release's job record lacks (22.05: extra) it cannot change.
            known = dict(ffi.typeof("slurmdb_job_rec_t").fields)
            wanted = {k: v for k, v in values.items() if k in known}
            rec = b.record("slurmdb_job_rec_t", {"derived_ec": NO_VAL, **wanted})
            ffi.errno = 0
            lst = lib.slurmdb_job_modify(conn, cond, rec)
            errno = ffi.errno
        finally:
            lib.slurm_list_destroy(step_list)
            b.close()
        if lst == ffi.NULL:
            return errno or ESLURM_REST_INVALID_QUERY, None
        try:
            changed = None if errno else _items(ffi, lib, lst, "str")
        finally:
            lib.slurm_list_destroy(lst)
        if changed == [] and release().dbd_unchanged_is_empty:
            return constants.SLURM_NO_CHANGE_IN_DATA, None
        return errno, changed

    def dbd_conf(self) -> Record:
        """slurmdbd's configuration as 26.05's slurmdbd_conf_t holds it (22.05 and 24.11
        give sacctmgr's text pairs, read back by conf_from_pairs)."""
        ffi, lib = self.ffi, self.lib
        conn = self.conn("slurmdb_config_get")
        if hasattr(lib, "slurmdbd_free_conf"):
            out = ffi.new("slurmdbd_conf_t **")
            rc = lib.slurmdb_config_get(conn, out)
            if rc:
                raise SlurmError(rc, "slurmdb_config_get")
            try:
                return read(out[0])
            finally:
                lib.slurmdbd_free_conf(out[0])
        lst = self._list_call("slurmdb_config_get")
        if lst is None:
            raise SlurmError(ffi.errno or constants.SLURM_ERROR, "slurmdb_config_get")
        try:
            pairs = {
                _text(ffi, p.name) or "": _text(ffi, p.value)
                for p in (ffi.cast("srd_config_key_pair_t *", x) for x in _walk(ffi, lib, lst))
            }
        finally:
            lib.slurm_list_destroy(lst)
        return conf_from_pairs(pairs)

    def step_list(self, text: str) -> bool:
        """Whether libslurm parses text as a job/step id list (as the reference's job lookup)."""
        if not steps_parsable(text):
            return False
        lst = self.lib.slurm_list_create(self.lib.slurm_destroy_selected_step)
        try:
            return bool(self.lib.slurm_addto_step_list(lst, self.ffi.new("char[]", text.encode())))
        finally:
            self.lib.slurm_list_destroy(lst)

    def jobs(self, cond: Mapping[str, Any] | None, steps: str | None = None) -> list[Record]:
        """slurmdb_jobs_get; steps: a job/step id list parsed by libslurm into the condition."""
        return self.search_jobs(cond, steps, sacct_times=False)

    def search_jobs(
        self, cond: Mapping[str, Any] | None, steps: str | None, sacct_times: bool
    ) -> list[Record]:
        """jobs(); sacct_times: the search window completed as sacct completes its own
        (slurmdb_job_cond_def_start_end)."""
        func = "slurmdb_jobs_get"
        b = _Builder()
        step_list = self.ffi.NULL
        try:
            c = self.ffi.NULL if cond is None else b.record("slurmdb_job_cond_t", cond)
            if sacct_times and cond is not None:
                self.lib.slurmdb_job_cond_def_start_end(c)
            if steps is not None:
                if not steps_parsable(steps):
                    raise DbError(
                        ESLURM_REST_INVALID_QUERY, func, f"Bad job/step specified: {steps}"
                    )
                step_list = self.lib.slurm_list_create(self.lib.slurm_destroy_selected_step)
                self.lib.slurm_addto_step_list(step_list, b.string(steps))
                c.step_list = step_list
            lst = self._list_call(func, c)
        finally:
            if step_list != self.ffi.NULL:
                self.lib.slurm_list_destroy(step_list)
            b.close()
        if lst is None:
            raise DbError(ESLURM_REST_INVALID_QUERY, func, "Unknown error with query")
        try:
            return _items(self.ffi, self.lib, lst, "slurmdb_job_rec_t")
        finally:
            self.lib.slurm_list_destroy(lst)


_STEP_NAMES = ("batch", "extern", "interactive")


def steps_parsable(text: str) -> bool:
    """Whether libslurm's job/step list parser accepts text.  It calls fatal() (ending the
    process: the C daemon dies on GET /slurmdb/v0.0.38/job/abc) for an item that does not
    start with a digit or has a bad step, array index or het offset; never pass it one."""
    if any(q in text for q in "\"'"):
        return False
    for item in text.split(","):
        if not item:
            continue
        if not item[0].isdigit():
            return False
        name, dot, step = item.partition(".")
        plus_in_step = False
        if dot:
            if step not in _STEP_NAMES and not step[:1].isdigit():
                return False
            plus_in_step = "+" in step
        if "_" in name:
            if not name.partition("_")[2][:1].isdigit():
                return False
        elif not plus_in_step and "+" in name and not name.partition("+")[2][:1].isdigit():
            return False
        if slurm.release().step_ids_strict and not _strictly_parsable(item):
            return False
    return True


# One id of a job/step list as a strict parser takes it: JOB[_ARRAY|+HETJOB][.STEP[+HETSTEP]].
_STRICT_ITEM = re.compile(
    r"([0-9]+)(?:_([0-9]+)|\+([0-9]+))?(?:\.(?:([0-9]+)|batch|extern|interactive)(?:\+([0-9]+))?)?"
)


def _strictly_parsable(item: str) -> bool:
    """Whether a release that reads ids strictly (Release.step_ids_strict) takes item."""
    found = _STRICT_ITEM.fullmatch(item)
    if found is None:
        return False
    job, array, het_job, step, het_step = found.groups()
    return (
        1 <= int(job) <= 4294967292
        and (array is None or int(array) <= 2**63 - 2)
        and (het_job is None or int(het_job) <= 128)
        and (step is None or int(step) <= 4294967279)
        and (het_step is None or (het_job is None and 1 <= int(het_step) <= 127))
    )


_COND = {
    "tres": "slurmdb_tres_cond_t",
    "qos": "slurmdb_qos_cond_t",
    "accounts": "slurmdb_account_cond_t",
    "users": "slurmdb_user_cond_t",
    "associations": "slurmdb_assoc_cond_t",
    "wckeys": "slurmdb_wckey_cond_t",
    "clusters": "slurmdb_cluster_cond_t",
    "instances": "slurmdb_instance_cond_t",  # 24.11 on
}


def _init(ctype: str) -> Any:
    init = INIT.get(ctype)
    if init is None:
        return None
    lib = _load()[1]
    return lambda p: init(lib, p)


def no_delay(fd: int) -> None:
    """TCP_NODELAY on a slurmdbd connection.  libslurm writes a message's length and its
    body separately, so with Nagle's algorithm every body waits for the ACK of its length,
    which the peer delays (40 ms on Linux): measured on the 22.05 lab, a TRES, QOS or
    association list took 87 to 96 ms on a default socket and 42 to 48 ms with no delay."""
    with socket.socket(fileno=os.dup(fd)) as sock:
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


@contextlib.contextmanager
def connect(identity: Identity) -> Iterator[Db]:
    """The request's slurmdbd calls, under its identity; the connection always closed."""
    with session(identity):
        db = Db()
        try:
            yield db
        finally:
            db.close()


# A list to fetch: slurmdb_<what>_get with a condition, read as records of item.
ListCall = tuple[str, Mapping[str, Any] | None, str]
# The threads that fetch lists beside a request (Lookups); at most this many at once in a
# process, the others queued.
LOOKUP_THREADS = 8
_lookup_pool: ThreadPoolExecutor | None = None
_lookup_lock = threading.Lock()


def _get_alone(identity: Identity, call: ListCall) -> list[Record]:
    with connect(identity) as db:
        return db.get(*call)


class Lookups:
    """Lists an answer resolves ids and names against, fetched beside the request's own
    calls.  Where slurmdbd's replies stall (release().dbd_replies_stall: 22.05), each list
    is fetched at once on a slurmdbd connection of its own under identity, while the
    request's thread goes on, so that three lists take about the time of one; elsewhere
    they are fetched on db, the request's connection, when results() is asked for (no
    more connections, no more RPCs).  Either way each call begins after its request
    arrived, as every call does."""

    def __init__(self, identity: Identity, calls: Sequence[ListCall], db: Db) -> None:
        self.calls, self.db = calls, db
        self._futures: list[Future[list[Record]]] | None = None
        if release().dbd_replies_stall:
            global _lookup_pool
            with _lookup_lock:
                if _lookup_pool is None:
                    _lookup_pool = ThreadPoolExecutor(LOOKUP_THREADS, "slurmdbd-lookup")
                pool = _lookup_pool
            self._futures = [pool.submit(_get_alone, identity, call) for call in calls]

    def results(self) -> list[list[Record] | SlurmError]:
        """Each call's records, or the SlurmError it raised, in the order asked."""
        out: list[list[Record] | SlurmError] = []
        for i, call in enumerate(self.calls):
            try:
                if self._futures is None:
                    out.append(self.db.get(*call))
                else:
                    out.append(self._futures[i].result())
            except SlurmError as exc:
                out.append(exc)
        return out


def lookups_of(pending: Lookups) -> list[list[Record]]:
    """The lists of pending, waited for; the first failure raised."""
    lists: list[list[Record]] = []
    for result in pending.results():
        if isinstance(result, SlurmError):
            raise result
        lists.append(result)
    return lists


def _walk(ffi: Any, lib: Any, lst: Any) -> Iterator[Any]:
    it = lib.slurm_list_iterator_create(lst)
    try:
        while (x := lib.slurm_list_next(it)) != ffi.NULL:
            yield x
    finally:
        lib.slurm_list_iterator_destroy(it)


def _text(ffi: Any, ptr: Any) -> str | None:
    return None if ptr == ffi.NULL else ffi.string(ptr).decode("utf-8", "replace")


def _purge(text: str | None, archived: bool) -> int:
    """A purge setting from its text (NONE, 12 months, 4 days*): slurmdb.h's number."""
    count, _, unit = (text or "").rstrip("*").partition(" ")
    if not count.isdigit() or unit not in PURGE_UNITS:
        return NO_VAL
    archive = archived or (text or "").endswith("*")
    return int(count) | PURGE_UNITS[unit] | (PURGE_ARCHIVE if archive else 0)


def conf_from_pairs(pairs: Mapping[str, str | None]) -> Record:
    """slurmdbd's configuration from sacctmgr's text pairs (22.05, 24.11), as 26.05's
    slurmdbd_conf_t would hold it.  What those releases do not report is unset there
    (0, none): MaxPurgeLimit, StoragePassScript, the job script and environment purges
    (their slurmdbd has none of them); CommitDelay is only said to be set or not (1, 0)."""

    def text(key: str) -> str | None:
        value = pairs.get(key)
        return None if value in (None, "(null)") else value

    def yes(key: str) -> bool:
        return (pairs.get(key) or "").lower() == "yes"

    def level(key: str) -> int:
        value = text(key)
        return LOG_LEVEL_NAMES.index(value) if value in LOG_LEVEL_NAMES else 0

    def time_range(value: str | None) -> int:
        if value is None or value == "UNLIMITED":
            return constants.INFINITE
        days, _, clock = value.rpartition("-")
        h, m, sec = (int(x) for x in clock.split(":"))
        return int(days or 0) * 86400 + h * 3600 + m * 60 + sec

    parameters = text("Parameters")
    archives: tuple[tuple[str, str], ...] = (("Event", "Events"), ("Job", "Jobs"))
    archives += ("Resv", "Resvs"), ("Step", "Steps"), ("Suspend", "Suspend")
    archives += ("TXN", "TXN"), ("Usage", "Usage")
    rec: Record = {
        "archive_dir": text("ArchiveDir"),
        "archive_script": text("ArchiveScript"),
        "commit_delay": int(yes("CommitDelay")),
        "dbd_addr": text("DbdAddr"),
        "dbd_backup": text("DbdBackupHost"),
        "dbd_host": text("DbdHost"),
        "dbd_port": int(text("DbdPort") or 0),
        "debug_level": level("DebugLevel"),
        "default_qos": text("DefaultQOS"),
        "flags": (1 if yes("AllowNoDefAcct") else 0) | (4 if yes("DisableCoordDBD") else 0),
        "log_file": text("LogFile"),
        "max_purge_limit": 0,
        "max_time_range": time_range(text("MaxQueryTimeRange")),
        "parameters": parameters,
        "persist_conn_rc_flags": PERSIST_FLAG_P_USER_CASE
        if "preservecaseuser" in (parameters or "").lower()
        else 0,
        "pid_file": text("PidFile"),
        "purge_jobscript": NO_VAL,
        "purge_jobenv": NO_VAL,
        "storage_loc": text("StorageLoc"),
        "storage_pass_script": None,
        "storage_user": text("StorageUser"),
        "syslog_debug": level("DebugLevelSyslog"),
        "track_wckey": int(yes("TrackWCKey")),
        "track_ctld": int(yes("TrackSlurmctldDown")),
    }
    for name, archive in archives:
        rec[f"purge_{name.lower()}"] = _purge(text(f"Purge{name}After"), yes(f"Archive{archive}"))
    return rec


def with_slurmdbd() -> bool:
    """Whether slurm.conf sends accounting to slurmdbd (the accounting plugins need it)."""
    from slurmrestd.slurm import init

    init()
    return bool(_load()[1].slurm_with_slurmdbd())


def char_list(text: str) -> tuple[int, list[str]]:
    """libslurm's comma list parsing (quotes, duplicates): (its count, the items)."""
    ffi, lib = _load()
    lst = lib.slurm_list_create(lib.slurm_xfree_ptr)
    try:
        count = int(lib.slurm_addto_char_list(lst, ffi.new("char[]", text.encode())))
        return count, _items(ffi, lib, lst, "str")
    finally:
        lib.slurm_list_destroy(lst)


def parse_time(text: str) -> int:
    """libslurm's time parser (sacct's formats), past dates allowed; 0 when it fails."""
    ffi, lib = _load()
    return int(lib.slurm_parse_time(ffi.new("char[]", text.encode()), 1))


def job_state_num(name: str) -> int:
    _ffi, lib = _load()
    return int(lib.slurm_job_state_num(name.encode()))


def cluster_name() -> str:
    from slurmrestd.slurm import init

    init()
    ffi, lib = _load()
    name = lib.slurm_conf.cluster_name
    return "" if name == ffi.NULL else str(ffi.string(name).decode())


def text(func: str, value: int | None, *args: Any, owned: bool = False) -> str | None:
    """A libslurm string function's answer (names of RPCs, plugins, task layouts);
    owned: the caller frees the string."""
    ffi, lib = _load()
    if value is None or not hasattr(lib, func):
        # A field or call the release lacks (releases.py): nothing to name.
        return None
    ptr = getattr(lib, func)(value, *args)
    if ptr == ffi.NULL:
        return None
    try:
        return str(ffi.string(ptr).decode("utf-8", "replace"))
    finally:
        if owned:
            lib.slurm_xfree_ptr(ptr)


def cpu_freq_text(value: int | None) -> str:
    """A CPU frequency (or governor) as libslurm writes it ("Low", "OnDemand", "2400000")."""
    ffi, lib = _load()
    buf = ffi.new("char[]", 64)
    lib.cpu_freq_to_string(buf, 64, value or 0)
    return str(ffi.string(buf).decode("utf-8", "replace"))


def signal_name(number: int) -> str:
    """A signal's name as libslurm writes it (KILL, TERM, ...)."""
    return text("sig_num2name", number, owned=True) or ""


def with_instances() -> bool:
    """Whether this release's slurmdbd keeps cloud instances (24.11 on; 22.05 does not)."""
    return hasattr(_load()[1], "slurmdb_instances_get")


def ping_all() -> list[Record]:
    """slurmdbd's ping as the reference's (slurmdb_ping_all): the primary
    AccountingStorageHost, then the backup only when the primary did not answer; each with
    hostname, pinged, latency (microseconds), offset (0: primary) and rc.

    22.05 has no such call: there a ping is opening a TCP connection to the host's port
    within MessageTimeout (what a slurmdbd that listens answers), timed the same way.
    """
    ffi, lib = _load()
    if hasattr(lib, "slurmdb_ping_all"):
        pings = lib.slurmdb_ping_all()
        if pings == ffi.NULL:
            return []
        out: list[Record] = []
        try:
            i = 0
            while pings[i].hostname != ffi.NULL:
                p = pings[i]
                out.append(
                    {
                        "hostname": ffi.string(p.hostname).decode("utf-8", "replace"),
                        "pinged": bool(p.pinged),
                        "latency": int(p.latency),
                        "offset": int(p.offset),
                        "rc": int(p.rc) if hasattr(p, "rc") else 0,
                    }
                )
                i += 1
        finally:
            lib.slurm_xfree_ptr(pings)
        return out
    return _tcp_ping_all(ffi, lib)


def _tcp_ping_all(ffi: Any, lib: Any) -> list[Record]:
    import socket
    import time

    conf = lib.slurm_conf
    hosts = [conf.accounting_storage_host, conf.accounting_storage_backup_host]
    names = [ffi.string(h).decode() for h in hosts if h != ffi.NULL]
    timeout = max(int(conf.msg_timeout), 1)
    out: list[Record] = []
    for offset, host in enumerate(names):
        start = time.monotonic()
        try:
            with socket.create_connection((host, int(conf.accounting_storage_port)), timeout):
                rc = 0
        except OSError as exc:
            rc = exc.errno or constants.SLURM_ERROR
        latency = int((time.monotonic() - start) * 1_000_000)
        out.append(
            {"hostname": host, "pinged": not rc, "latency": latency, "offset": offset, "rc": rc}
        )
        if not rc:
            break
    return out
