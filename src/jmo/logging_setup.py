"""Logging that never carries personal identifiers or secrets (UU 27/2022; OWASP ASVS 7.1).

The code does not log NIKs, bank accounts or selfies in the first place; this filter is the
second line: any run of 10+ digits (NIK, KPJ, bank account, phone) is masked, and so are
link tokens in URLs (uvicorn's access log prints the query string) and email addresses.
"""

from __future__ import annotations

import logging
import re

_DIGITS = re.compile(r"(?<!\d)(\+?\d[\d ]{8,}\d)(?!\d)")
_TOKEN = re.compile(r"((?:token|nonce|code)=)[^&\s\"']+", re.IGNORECASE)
_EMAIL = re.compile(r"\b([\w.+-]{1,2})[\w.+-]*@([\w-]+\.)+[\w-]+\b")


def redact(text: str) -> str:
    text = _TOKEN.sub(r"\1[redacted]", text)
    text = _EMAIL.sub(r"\1***@***", text)
    return _DIGITS.sub(
        lambda m: "[digits]" if sum(c.isdigit() for c in m.group(1)) >= 10 else m.group(1), text
    )


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        # Redact the parts, not the formatted line: some formatters (uvicorn's access log)
        # read ``record.args`` themselves.
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_redact_arg(a) for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: _redact_arg(v) for k, v in record.args.items()}
        return True


def _redact_arg(value: object) -> object:
    """Numbers stay numbers (``%d``); anything else is redacted as text. SQLAlchemy's
    statement log passes the parameters as a tuple or dict: their ``repr`` holds the
    KPJ, phone numbers and emails (tests/test_logs.py)."""
    if isinstance(value, str):
        return redact(value)
    if value is None or isinstance(value, int | float):
        return value
    return redact(repr(value))


def install(level: int = logging.INFO) -> None:
    """Put the filter on every handler of the root and uvicorn loggers (idempotent)."""
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for name in ("", "uvicorn", "uvicorn.access", "uvicorn.error", "jmo"):
        logger = logging.getLogger(name)
        for handler in logger.handlers:
            if not any(isinstance(f, RedactingFilter) for f in handler.filters):
                handler.addFilter(RedactingFilter())
        if not any(isinstance(f, RedactingFilter) for f in logger.filters):
            logger.addFilter(RedactingFilter())
