from __future__ import annotations

from dataclasses import fields

import pytest

from slurmrestd import defaults, slurm
from slurmrestd.cli import Exit, UsageError, main, parse, usage
from slurmrestd.cli.options import AUTH_PLUGINS, OPENAPI_PLUGINS, OPTIONS
from slurmrestd.server.settings import Settings


def test_defaults_are_the_manuals() -> None:
    s = parse(["127.0.0.1:6820"], {})
    assert s.threads == 20
    assert s.listen == ("127.0.0.1:6820",)
    assert s.auth_plugins == AUTH_PLUGINS
    assert s.openapi_plugins == OPENAPI_PLUGINS
    assert s.debug == 0 and s.workers == defaults.workers()
    assert s.unshare_files and s.unshare_sysv and s.check_user
    assert not s.inetd


def test_default_workers_one_per_usable_cpu(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: {0, 1})
    assert defaults.workers() == 2
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: set(range(64)))
    assert defaults.workers() == 8


def test_no_address_is_inetd_mode() -> None:
    assert parse([], {}).inetd


def test_flags_win_over_environment() -> None:
    env = {"SLURMRESTD_AUTH_TYPES": "rest_auth/jwt", "SLURMRESTD_OPENAPI_PLUGINS": "bogus"}
    s = parse(["-a", "local", "-s", "openapi/v0.0.38"], env)
    assert s.auth_plugins == ("rest_auth/local",)
    assert s.openapi_plugins == ("openapi/v0.0.38",)
    env["SLURMRESTD_OPENAPI_PLUGINS"] = "v0.0.38"
    s = parse([], env)
    assert s.auth_plugins == ("rest_auth/jwt",)
    assert s.openapi_plugins == ("openapi/v0.0.38",)


def test_prefixes_are_optional_and_duplicates_collapse() -> None:
    s = parse(["-a", "jwt, rest_auth/local,jwt", "-s", "v0.0.38,openapi/v0.0.38"], {})
    assert s.auth_plugins == ("rest_auth/jwt", "rest_auth/local")
    assert s.openapi_plugins == ("openapi/v0.0.38",)


def test_verbosity_adds_to_debug_env() -> None:
    assert parse(["-vvv"], {}).debug == 3
    assert parse(["-v", "-v"], {"SLURMRESTD_DEBUG": "2"}).debug == 4


def test_listen_env_and_arguments_combine() -> None:
    s = parse(["unix:/run/x.sock"], {"SLURMRESTD_LISTEN": "127.0.0.1:1,[::1]:2"})
    assert s.listen == ("127.0.0.1:1", "[::1]:2", "unix:/run/x.sock")


def test_security_tokens() -> None:
    s = parse([], {"SLURMRESTD_SECURITY": "disable_unshare_files,DISABLE_USER_CHECK"})
    assert not s.unshare_files and not s.check_user and s.unshare_sysv


def test_request_timeout() -> None:
    assert parse([], {}).request_timeout == 10
    assert parse(["--request-timeout", "3"], {}).request_timeout == 3


def test_user_without_group_and_numeric_ids() -> None:
    s = parse(["-u", "0", "-g", "0"], {})
    assert (s.uid, s.gid) == (0, 0)


@pytest.mark.parametrize(
    ("argv", "env", "message"),
    [
        (["-t", "1"], {}, "at least 2 threads"),
        (["-t", "1025"], {}, "Excessive thread count"),
        (["-t", "many"], {}, "Invalid thread count"),
        (["-a", "kerberos"], {}, "rest_auth/kerberos"),
        (["-s", "v0.0.35"], {}, "openapi/v0.0.35"),
        (["-a", ","], {}, "no authentication plugin"),
        (["--workers", "0"], {}, "--workers"),
        (["--max-body-size", "-1"], {}, "--max-body-size"),
        (["--keep-alive", "soon"], {}, "--keep-alive"),
        (["--request-timeout", "0"], {}, "--request-timeout"),
        (["--bogus"], {}, "--bogus"),
        (["-u", "no-such-user-xyz"], {}, "Unable to resolve user"),
        (["-g", "no-such-group-xyz"], {}, "Unable to resolve group"),
        ([], {"SLURMRESTD_DEBUG": "0"}, "SLURMRESTD_DEBUG"),
        ([], {"SLURMRESTD_DEBUG": "abc"}, "SLURMRESTD_DEBUG"),
        ([], {"SLURMRESTD_SECURITY": "disable_everything"}, "SLURMRESTD_SECURITY"),
        ([], {"SLURMRESTD_AUTH_TYPES": "nope"}, "SLURMRESTD_AUTH_TYPES"),
    ],
)
def test_bad_input_is_a_usage_error(argv: list[str], env: dict[str, str], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        parse(argv, env)


@pytest.mark.parametrize(
    ("argv", "first_line"),
    [
        (["-a", "list"], "Possible REST authentication plugins:"),
        (["-s", "list"], "Possible OpenAPI plugins:"),
        (["-V"], f"slurm {slurm.release_text()} (slurmrestd in Python "),
        (["-h"], "Usage: slurmrestd"),
    ],
)
def test_informational_flags_exit_zero(argv: list[str], first_line: str) -> None:
    with pytest.raises(Exit) as exc:
        parse(argv, {})
    assert exc.value.status == 0
    assert exc.value.text.startswith(first_line)


def test_list_names_every_plugin() -> None:
    with pytest.raises(Exit) as exc:
        parse(["-a", "list"], {})
    assert exc.value.text.splitlines()[1:] == list(AUTH_PLUGINS)


def test_help_is_generated_from_every_declaration() -> None:
    text = usage()
    for opt in OPTIONS:
        for flag in opt.flags:
            assert f"  {flag}" in text
        if opt.env:
            assert f"  {opt.env}\n" in text


def test_settings_defaults_are_the_command_lines() -> None:
    """Settings() as built in-process (tests, a worker without the application's settings)
    has the defaults the command line gives, plugin lists aside (resolved by parse)."""
    parsed, plain = parse([], {}), Settings()
    resolved = {"auth_plugins", "openapi_plugins", "openapi_default"}
    for f in fields(Settings):
        if f.name not in resolved:
            assert getattr(plain, f.name) == getattr(parsed, f.name), f.name


def test_help_states_each_options_own_default() -> None:
    by_flag = {flag: opt.help for opt in OPTIONS for flag in opt.flags}
    assert by_flag["-a"].endswith(
        "Default: all, tried in this order: " + ", ".join(AUTH_PLUGINS) + "."
    )
    assert "accounting" not in by_flag["-a"] and "accounting" in by_flag["-s"]
    assert by_flag["-t"].endswith("Default: 20.")
    assert by_flag["--max-body-size"].endswith("Default: 52428800.")
    assert by_flag["--keep-alive"].endswith("Default: 5.")
    assert by_flag["--request-timeout"].endswith("Default: 10.")
    assert by_flag["--graceful-timeout"].endswith("Default: 10.")


def test_main_prints_one_line_and_exits_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-t", "0"]) == 1
    err = capsys.readouterr().err
    assert err == "slurmrestd: fatal: Request at least 2 threads for processing\n"


def test_no_libslurm_is_one_line_and_exit_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from slurmrestd import cli, slurm

    def missing() -> str:
        raise slurm.BindingUnavailableError("cannot load libslurm: libslurmfull.so: not found")

    monkeypatch.setattr(slurm, "libslurmfull", missing)
    monkeypatch.setattr("sys.argv", ["slurmrestd", "-V"])
    assert cli.run() == 1
    err = capsys.readouterr().err
    assert err == "slurmrestd: fatal: cannot load libslurm: libslurmfull.so: not found\n"


def test_libslurmfull_is_the_file_the_binding_resolves_slurm_init_from() -> None:
    """Found by asking the dynamic linker, not at a distribution's path."""
    import ctypes
    import os

    from slurmrestd import slurm

    path = slurm.libslurmfull()
    assert os.path.isabs(path) and os.path.basename(path) == "libslurmfull.so"
    # The same object as the one the binding's import maps (dlopen hands back the loaded one).
    lib = ctypes.CDLL(path, mode=os.RTLD_NOLOAD | os.RTLD_LOCAL)
    assert lib.slurm_init
