"""No credential reaches the log, whoever quotes a request (logs.redact, logs.Redact)."""

from __future__ import annotations

import logging

from slurmrestd.server import logs

JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdW4iOiJib2IifQ.c2lnbmF0dXJl"


def test_redact_token_header_values_and_jwts() -> None:
    line = f"Invalid HTTP Header: 'X-SLURM-USER-TOKEN {JWT}'"
    assert logs.redact(line) == "Invalid HTTP Header: 'X-SLURM-USER-TOKEN [redacted]'"
    raw = repr(b"GET / HTTP/1.1\r\nX-SLURM-USER-TOKEN: abc.def\r\nAuthorization: Bearer xyz\r\n")
    out = logs.redact(raw)
    assert "abc.def" not in out and "xyz" not in out
    assert "X-SLURM-USER-TOKEN: [redacted]" in out and "Authorization: Bearer [redacted]" in out
    assert logs.redact(f"token={JWT[:40]}") == "token=[redacted]"


def test_redact_cuts_long_client_input() -> None:
    assert len(logs.redact("x" * 5000)) == logs.QUOTE_MAX + 3


def test_filter_rewrites_records() -> None:
    args = (f"X-SLURM-USER-TOKEN: {JWT}",)
    record = logging.LogRecord("t", logging.INFO, __file__, 1, "after: %r", args, None)
    assert logs.Redact().filter(record)
    assert JWT not in record.getMessage()
