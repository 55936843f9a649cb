"""The binding against the release it was built for: every declaration lays out, and
what releases.py states of that release holds (runs on each release, in its root)."""

from __future__ import annotations

import pytest

from slurmrestd import slurm
from slurmrestd.slurm import _load, constants, releases
from slurmrestd.slurm.db import _Builder


def _structs() -> list[str]:
    ffi, _ = _load()
    names, seen = [], set()
    for name in ffi.list_types()[0]:
        ctype = ffi.typeof(name)
        if ctype.kind == "struct" and ctype.cname not in seen:
            seen.add(ctype.cname)
            names.append(name)
    return names


@pytest.mark.parametrize("name", _structs())
def test_every_declared_struct_lays_out_against_the_headers(name: str) -> None:
    """cffi checks each declared field's size against the compiler's only when the struct
    is first used: a field whose type changed would fail in the middle of a request."""
    ffi, _ = _load()
    if name in {"dynamic_plugin_data_t"}:  # opaque in every release
        return
    assert ffi.sizeof(name) > 0


def test_the_release_is_the_headers() -> None:
    release = slurm.release()
    assert release.version == constants.SLURM_VERSION_NUMBER & 0xFFFF00
    assert release.name == "{:02d}.{:02d}".format(*slurm.version()[:2])


def test_an_undeclared_release_is_refused_with_the_reason() -> None:
    with pytest.raises(releases.UnknownReleaseError, match=r"Slurm 23\.02 .*private layouts"):
        releases.of_version(0x170203)


def test_releases_are_ordered_and_apart() -> None:
    versions = [r.version for r in releases.RELEASES]
    assert versions == sorted(set(versions))
    assert all(v & 0xFF == 0 for v in versions)


def test_absent_constants_are_no_bit() -> None:
    for name in slurm.release().absent:
        assert getattr(constants, name) == 0
        assert not constants.defined(name)
    assert constants.defined("NO_VAL")


@pytest.mark.parametrize(
    ("ctype", "field"),
    [
        ("slurmdb_assoc_cond_t", "with_deleted"),
        ("slurmdb_assoc_cond_t", "without_parent_limits"),
        ("slurmdb_account_cond_t", "with_assocs"),
        ("slurmdb_account_cond_t", "with_deleted"),
        ("slurmdb_qos_cond_t", "with_deleted"),
        ("slurmdb_tres_cond_t", "with_deleted"),
        ("slurmdb_user_cond_t", "with_coords"),
    ],
)
def test_a_condition_is_asked_by_its_2205_name(ctype: str, field: str) -> None:
    """Handlers ask for with_deleted=1; the release has that field or its bit of flags."""
    bits = slurm.release().cond_flags.get(ctype, {})
    b = _Builder()
    try:
        on = b.record(ctype, {field: 1})
        off = b.record(ctype, {field: 0})
        if field in bits:
            bit = getattr(constants, bits[field])
            assert bit and constants.defined(bits[field])
            assert on.flags == bit and off.flags == 0
        else:
            assert getattr(on, field) == 1 and getattr(off, field) == 0
    finally:
        b.close()
