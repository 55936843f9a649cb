from __future__ import annotations

import os
import pwd
from pathlib import Path

import pytest

from slurmrestd.server import lockdown
from slurmrestd.server.lockdown import Identity, LockdownError


def test_slurm_user_last_setting_wins_and_defaults_to_root(tmp_path: Path) -> None:
    conf = tmp_path / "slurm.conf"
    conf.write_text("# SlurmUser=nobody\nslurmuser=daemon # comment\nSlurmUser = bin\n")
    assert lockdown.slurm_user(str(conf)) == "bin"
    conf.write_text("ClusterName=x\n")
    assert lockdown.slurm_user(str(conf)) == "root"


def test_slurm_user_unreadable_conf(tmp_path: Path) -> None:
    with pytest.raises(LockdownError, match="Unable to read Slurm configuration"):
        lockdown.slurm_user(str(tmp_path / "missing.conf"))


def _ids(name: str) -> Identity:
    pw = pwd.getpwnam(name)
    return Identity(pw.pw_uid, pw.pw_gid)


@pytest.mark.parametrize(
    ("ident", "slurm_user", "message"),
    [
        (Identity(0, 1), "daemon", "root user"),
        (Identity(1, 0), "daemon", "root group"),
        (_ids("daemon"), "daemon", "as SlurmUser"),
        (Identity(12345, _ids("daemon").gid), "daemon", "SlurmUser's group"),
    ],
)
def test_refusals(ident: Identity, slurm_user: str, message: str) -> None:
    with pytest.raises(LockdownError, match=message):
        lockdown.check_identity(ident, slurm_user)


def test_an_ordinary_identity_passes() -> None:
    lockdown.check_identity(Identity(54321, 54321), "daemon")


def test_target_identity_takes_primary_group() -> None:
    pw = pwd.getpwnam("daemon")
    assert lockdown.target_identity(pw.pw_uid, None) == Identity(pw.pw_uid, pw.pw_gid)
    assert lockdown.target_identity(None, None) == Identity(os.getuid(), os.getgid())


def test_code_roots_are_the_most_specific_path_entries(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    import falcon

    site = Path(falcon.__file__).resolve().parents[1]
    # A parent of site-packages earlier on sys.path (like the cwd) must not hide it.
    monkeypatch.setattr(sys, "path", ["/", *sys.path])
    assert site in lockdown.code_roots()
    assert Path("/") not in lockdown.code_roots()


def test_a_module_counts_under_the_entry_it_was_imported_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys
    import types

    # Debian's sitecustomize: /usr/lib/python3.X/sitecustomize.py links to /etc/python3.X/.
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc" / "linked.py").write_text("")
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "linked.py").symlink_to(tmp_path / "etc" / "linked.py")
    module = types.ModuleType("linked")
    module.__file__ = str(tmp_path / "lib" / "linked.py")
    monkeypatch.setitem(sys.modules, "linked", module)
    monkeypatch.setattr(sys, "path", [str(tmp_path), str(tmp_path / "lib"), *sys.path])
    roots = lockdown.code_roots()
    assert tmp_path / "lib" in roots
    assert tmp_path not in roots
