from __future__ import annotations

import dataclasses
from dataclasses import fields
from typing import Any

import pytest

from slurmrestd import defaults, slurm
from slurmrestd.cli import Exit, UsageError, main, parse, usage
from slurmrestd.cli.options import AUTH_PLUGINS, DATA_PARSERS, OPENAPI_PLUGINS, OPTIONS
from slurmrestd.openapi.dataparser import PARSERS
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
    if slurm.release().daemon.debug_env == "offset":  # 22.05: steps above info
        assert parse(["-v", "-v"], {"SLURMRESTD_DEBUG": "2"}).debug == 4
    else:  # Slurm's level: 2 is error
        assert parse(["-v", "-v"], {"SLURMRESTD_DEBUG": "2"}).debug == 1
        assert parse(["-v"], {"SLURMRESTD_DEBUG": "debug"}).debug == 3


@pytest.mark.parametrize(
    ("raw", "offset"),
    [
        ("quiet", 0),
        ("0", 0),
        ("fatal", -2),
        ("ERROR", -1),
        ("info", 0),
        ("3", 0),
        ("verbose", 1),
        ("debug", 2),
        ("debug2", 3),
        ("debug5", 6),
        ("9", 6),
    ],
)
def test_debug_env_by_level(monkeypatch: pytest.MonkeyPatch, raw: str, offset: int) -> None:
    _release_daemon(monkeypatch, debug_env="level")
    assert parse([], {"SLURMRESTD_DEBUG": raw}).debug == offset


@pytest.mark.parametrize("raw", ["chatty", "-1", "", "debug6", "10", "11"])
def test_debug_env_by_level_refuses(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    _release_daemon(monkeypatch, debug_env="level")
    with pytest.raises(UsageError, match="SLURMRESTD_DEBUG"):
        parse([], {"SLURMRESTD_DEBUG": raw})


def test_debug_env_by_steps_on_2205(monkeypatch: pytest.MonkeyPatch) -> None:
    _release_daemon(monkeypatch, debug_env="offset")
    assert parse([], {"SLURMRESTD_DEBUG": "2"}).debug == 2
    for raw in ("debug", "0", "11"):
        with pytest.raises(UsageError, match="SLURMRESTD_DEBUG"):
            parse([], {"SLURMRESTD_DEBUG": raw})


def _release_daemon(monkeypatch: pytest.MonkeyPatch, **changes: Any) -> None:
    """Make slurm.release() answer this release's daemon with changes (a release's rules
    are tested on any host)."""
    release = slurm.release()
    changed = dataclasses.replace(release, daemon=dataclasses.replace(release.daemon, **changes))
    monkeypatch.setattr(slurm, "release", lambda: changed)


def _versions(s: Settings) -> list[str]:
    return [p.version for p in s.data_parsers]


def test_data_parsers_default_is_all() -> None:
    s = parse([], {})
    assert s.data_parsers == () and s.data_parser_flags == {} and s.data_parser_notes == ()


@pytest.mark.parametrize(
    ("raw", "versions"),
    [
        ("v0.0.42", ["v0.0.42"]),
        ("data_parser/v0.0.42", ["v0.0.42"]),
        ("DATA_PARSER/V0.0.42", ["v0.0.42"]),
        ("v0.0.44,v0.0.40", ["v0.0.44", "v0.0.40"]),
        (",v0.0.41,,v0.0.41+fast", ["v0.0.41"]),
        ("v0.0.42+", ["v0.0.42"]),
    ],
)
def test_data_parsers_in_the_order_given(raw: str, versions: list[str]) -> None:
    assert _versions(parse(["-d", raw], {})) == versions
    assert _versions(parse([], {"SLURMRESTD_DATA_PARSER_PLUGINS": raw})) == versions


@pytest.mark.parametrize(
    ("latest", "version"), [("v0.0.42", "v0.0.42"), ("v0.0.45", "v0.0.45"), ("", "v0.0.45")]
)
def test_latest_is_the_releases_newest(
    monkeypatch: pytest.MonkeyPatch, latest: str, version: str
) -> None:
    _release_daemon(monkeypatch, data_parser_latest=latest)
    assert _versions(parse(["-d", "latest+fast"], {})) == [version]
    assert parse(["-d", "LATEST+FAST"], {}).data_parser_flags == {version: frozenset({"fast"})}


def test_data_parser_flags_and_what_is_ignored() -> None:
    s = parse(["-d", "v0.0.42+fast+MINIMIZE_REFS+prefer_refs+bogus,v0.0.41+prefer_refs+bogus"], {})
    assert s.data_parser_flags == {
        "v0.0.42": frozenset({"fast", "minimize_refs"}),
        "v0.0.41": frozenset({"prefer_refs"}),
    }
    assert s.data_parser_notes == (
        "data_parser/v0.0.42 ignoring default flag FLAG_PREFER_REFS",
        "data_parser/v0.0.42 ignoring unknown flag bogus",
    )


def test_data_parser_flags_follow_parsers() -> None:
    for parser in PARSERS:
        s = parse(["-d", "+".join((parser.version, *parser.flags))], {})
        assert s.data_parser_flags == {parser.version: frozenset(parser.flags)}
        assert s.data_parser_notes == ()


@pytest.mark.parametrize("raw", ["v0.0.39", "v0.0.99", "+fast", "data_parser/", "v0.0.38"])
def test_unknown_data_parser_is_refused(raw: str) -> None:
    with pytest.raises(UsageError, match="Unable to find data_parser plugin"):
        parse(["-d", raw], {})
    with pytest.raises(UsageError, match="SLURMRESTD_DATA_PARSER_PLUGINS"):
        parse([], {"SLURMRESTD_DATA_PARSER_PLUGINS": raw})


def test_openapi_plugin_short_and_old_names() -> None:
    s = parse(["-s", "slurmctld,openapi/v0.0.38,dbv0.0.37"], {})
    assert s.openapi_plugins == ("openapi/slurmctld", "openapi/v0.0.38", "openapi/dbv0.0.37")


@pytest.mark.parametrize(
    ("argv", "env", "value"),
    [
        (["--max-connections", "7"], {}, 7),
        ([], {"SLURMRESTD_MAX_CONNECTIONS": "300"}, 300),
        (["--max-connections", "5"], {"SLURMRESTD_MAX_CONNECTIONS": "300"}, 5),
        ([], {}, None),
    ],
)
def test_max_connections(argv: list[str], env: dict[str, str], value: int | None) -> None:
    assert parse(argv, env).max_connections == value


@pytest.mark.parametrize("raw", ["0", "-1", "abc", "5x", ""])
def test_max_connections_refused(raw: str) -> None:
    with pytest.raises(UsageError, match="Invalid max connection count"):
        parse(["--max-connections", raw], {})


def test_serializer_styles() -> None:
    s = parse([], {"SLURMRESTD_JSON": "compact", "SLURMRESTD_YAML": "PRETTY"})
    assert (s.json, s.yaml) == ("compact", "pretty")
    assert parse([], {"SLURMRESTD_JSON": "compact,pretty"}).json == "pretty"
    assert parse([], {}).json == "pretty"
    with pytest.raises(UsageError, match="Unexpected value in SLURMRESTD_JSON=tiny"):
        parse([], {"SLURMRESTD_JSON": "tiny"})
    with pytest.raises(UsageError, match="Unexpected value in SLURMRESTD_YAML=no"):
        parse([], {"SLURMRESTD_YAML": "no"})


@pytest.mark.parametrize(
    ("raw", "codes"),
    [
        ("200,default", ("200", "default")),
        ("default", ("default",)),
        ("200,OK,not found,DEFAULT", ("200", "404", "default")),
        ("500", ("500",)),
    ],
)
def test_response_status_codes(raw: str, codes: tuple[str, ...]) -> None:
    assert parse([], {"SLURMRESTD_RESPONSE_STATUS_CODES": raw}).response_status_codes == codes


@pytest.mark.parametrize("raw", ["teapots", "0", "1000", ","])
def test_response_status_codes_refused(raw: str) -> None:
    with pytest.raises(UsageError, match=r"SLURMRESTD_RESPONSE_STATUS_CODES|HTTP status code"):
        parse([], {"SLURMRESTD_RESPONSE_STATUS_CODES": raw})


def test_become_user_is_refused_with_the_reason() -> None:
    with pytest.raises(UsageError, match="become_user is not supported"):
        parse([], {"SLURMRESTD_SECURITY": "disable_unshare_sysv,BECOME_USER"})


def test_generate_openapi_spec_is_a_setting() -> None:
    assert parse(["--generate-openapi-spec"], {}).generate_openapi_spec
    assert not parse([], {}).generate_openapi_spec


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
        (["-V"], f"slurm {slurm.release_text()} (slurmrestd in Python "),
        (["-h"], "Usage: slurmrestd"),
        (["--help"], "Usage: slurmrestd"),
    ],
)
def test_informational_flags_exit_zero(argv: list[str], first_line: str) -> None:
    with pytest.raises(Exit) as exc:
        parse(argv, {})
    assert exc.value.status == 0
    assert exc.value.text.startswith(first_line)


@pytest.mark.parametrize(
    ("argv", "env", "title", "names"),
    [
        (["-a", "list"], {}, "REST authentication", AUTH_PLUGINS),
        (["-s", "list"], {}, "OpenAPI", OPENAPI_PLUGINS),
        (["-d", "list"], {}, "data_parser", DATA_PARSERS),
        (["-d", "LIST"], {}, "data_parser", DATA_PARSERS),
        ([], {"SLURMRESTD_DATA_PARSER_PLUGINS": "list"}, "data_parser", DATA_PARSERS),
        # -d list is acted on first, whatever the order (as the C daemon reads it).
        (["-s", "list", "-d", "list"], {}, "data_parser", DATA_PARSERS),
    ],
)
def test_list_title_on_stderr_names_on_stdout(
    argv: list[str], env: dict[str, str], title: str, names: tuple[str, ...]
) -> None:
    with pytest.raises(Exit) as exc:
        parse(argv, env)
    assert exc.value.status == 0
    assert exc.value.err == f"Possible {title} plugins:\n"
    assert exc.value.text.splitlines() == list(names)


def test_help_is_generated_from_every_declaration() -> None:
    text = usage()
    for opt in OPTIONS:
        if opt.flags:
            assert f"  {', '.join(opt.flags)}" in text
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


def test_loaded_parsers_carry_their_flags_in_the_versions_order() -> None:
    from slurmrestd.server.app import loaded_parsers

    s = parse(["-d", "v0.0.42+inline_enums+FAST,v0.0.40"], {})
    loaded = loaded_parsers(s)
    assert [p.version for p in loaded] == ["v0.0.42", "v0.0.40"]
    assert getattr(loaded[0], "chosen", None) == ("fast", "inline_enums")
    assert getattr(loaded[1], "chosen", ()) == ()
    assert loaded[0].name == "data_parser/v0.0.42" and loaded[0].tag == "v0_0_42"
    assert [p.version for p in loaded_parsers(parse([], {}))] == [p.version for p in PARSERS]
