"""The daemon process: bind, lock down, then serve (listen mode) or answer stdin (inetd mode).

design: everything that needs the starting user's privileges happens first
(bind listeners, read slurm.conf, import the application), then the lockdown
(see lockdown.py), and only then are workers forked or stdin served.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import signal
import socket
from collections.abc import Callable

from slurmrestd import slurm
from slurmrestd.server import app as app_mod
from slurmrestd.server import inetd, lockdown, logs, metrics, tls
from slurmrestd.server import listeners as lst
from slurmrestd.server.settings import Settings

log = logging.getLogger("slurmrestd")


class ServerError(Exception):
    """The daemon cannot start; the message says why."""


M_ARENA_MAX = -8
DEFAULT_ARENAS = 2


def limit_malloc_arenas() -> None:
    """Two glibc malloc arenas unless MALLOC_ARENA_MAX says otherwise.

    With one arena per thread the pool's RSS creeps up and down by megabytes
    with no leak behind it; two keep it flat and smaller (measured: 20,000
    requests on 8 threads, 42.3 MiB flat instead of 45-50 MiB wandering).
    """
    if "MALLOC_ARENA_MAX" in os.environ:
        return
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallopt(M_ARENA_MAX, DEFAULT_ARENAS)
    except (OSError, AttributeError):  # not glibc: nothing to tune
        pass


def serve(settings: Settings) -> int:
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    limit_malloc_arenas()
    if settings.slurm_conf:
        os.environ["SLURM_CONF"] = settings.slurm_conf
    if settings.slurm_jwt is not None:
        os.environ["SLURM_JWT"] = settings.slurm_jwt
    # Until the daemon is serving, only a fatal error is printed (one line).
    handler = logs.setup(settings.debug)
    metrics_sock = None
    logging.getLogger().setLevel(logging.ERROR)
    keep = logs.handler_fds(handler)
    cleanups: list[Callable[[], None]] = []
    try:
        addresses = [lst.parse_address(text) for text in settings.listen]
        ident = lockdown.target_identity(settings.uid, settings.gid)
        # Read as the starting user, before the lockdown: never again (see tls.py).
        tls_server, tls_note = tls.load(settings.slurm_conf, required=any(a.tls for a in addresses))
        notes = [tls_note] if tls_note else []
        middleware = []
        if settings.metrics and not settings.inetd:
            metrics_dir = metrics.prepare(ident.uid, ident.gid)
            cleanups.append(lambda: metrics.cleanup(metrics_dir))
            recorder = metrics.Recorder()
            middleware.append(metrics.Middleware(recorder))
            slurm.error_hooks.append(
                lambda err: recorder.slurm_errors.labels(err.source, str(err.errno)).inc()
            )
            try:
                metrics_sock = metrics.bind(settings.metrics)
            except OSError as exc:
                raise lst.ListenError(
                    f"Unable to bind --metrics {settings.metrics}: {exc.strerror}"
                ) from None
            keep |= {metrics_sock.fileno()}
        wsgi = app_mod.build(settings, middleware)
        # systemd Accept=yes hands over a connected socket (also on stdin): inetd mode.
        inherited = [fd for fd in lst.inherited_fds() if lst.is_listening(fd)]
        if settings.inetd and not inherited:
            return _serve_inetd(settings, wsgi, keep, tls_server, notes)
        return _serve_listen(
            settings,
            wsgi,
            addresses,
            ident,
            keep,
            inherited,
            tls_server,
            notes,
            metrics_sock if settings.metrics else None,
            cleanups,
        )
    except (
        lst.ListenError,
        lockdown.LockdownError,
        tls.TLSError,
        inetd.InetdError,
        app_mod.AppError,
        slurm.BindingUnavailableError,
    ) as exc:
        # Raised before the master took the cleanups over (in a worker they end as SystemExit).
        for cleanup in cleanups:
            cleanup()
        raise ServerError(str(exc)) from None


def _lock_down(settings: Settings, keep: set[int]) -> lockdown.Identity:
    return lockdown.lock_down(
        uid=settings.uid,
        gid=settings.gid,
        conf_path=settings.slurm_conf,
        check_user=settings.check_user,
        unshare_sysv=settings.unshare_sysv,
        unshare_files=settings.unshare_files,
        keep_fds=keep,
    )


def _started(settings: Settings, notes: list[str], tls_server: tls.Server | None) -> None:
    logging.getLogger().setLevel(logs.level_for(settings.debug))
    for note in [*app_mod.startup_notes(settings), *notes]:
        log.warning("%s", note)
    if tls_server is not None:
        log.debug("TLS on, with the certificate %s", tls_server.cert)


def _serve_inetd(
    settings: Settings,
    wsgi: app_mod.WSGIApp,
    keep: set[int],
    tls_server: tls.Server | None,
    notes: list[str],
) -> int:
    from gunicorn.config import Config

    cfg = Config()
    cfg.set("keepalive", settings.keep_alive)
    _lock_down(settings, keep)
    _started(settings, notes, tls_server)
    log.debug("inetd mode: serving stdin/stdout")
    return inetd.serve(wsgi, cfg, tls_server.context if tls_server else None)


def _serve_listen(
    settings: Settings,
    wsgi: app_mod.WSGIApp,
    addresses: list[lst.Address],
    ident: lockdown.Identity,
    keep: set[int],
    inherited: list[int],
    tls_server: tls.Server | None,
    notes: list[str],
    metrics_sock: socket.socket | None = None,
    cleanups: list[Callable[[], None]] | None = None,
) -> int:
    from slurmrestd.server import master

    master.post_fork_hooks.append(slurm.init)
    log.debug("open files limit: %d", master.raise_open_files_limit())
    application = master.Application(wsgi, settings, ident.uid, ident.gid, tls_server)
    gunicorn_log = application.cfg.logger_class(application.cfg)
    bound = lst.bind_all(addresses, application.cfg, gunicorn_log)
    if tls_server is not None:
        tls_server.required = bound.tls_required
    try:
        bound.sockets.extend(lst.adopt(inherited, application.cfg, gunicorn_log))
        for key in ("LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES"):
            os.environ.pop(key, None)
        _lock_down(settings, keep | bound.fds())
        _started(settings, notes, tls_server)
    except BaseException:
        lst.close(bound)
        raise
    for sock in bound.sockets:
        log.info("listening on %s", sock)
    if metrics_sock is not None:
        metrics.serve(metrics_sock)
        log.info("metrics on http://%s/metrics", settings.metrics)
    master.Master(application, bound, cleanups or []).run()
    return 0
