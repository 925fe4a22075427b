"""Login timing for docs/security.md (issue 8 item 1; run by hand):

    python benchmarks/login_timing.py [--rounds 40]

A wrong password for an existing account against an email with no account, through the
real login use case, argon2id with the production parameters, on a fresh SQLite file. The
two medians must be close: the answer must not tell whether an account exists. Nothing here
is a unit test (the suite counts argon2 runs instead:
tests/api/test_account_security.py::test_an_unknown_email_costs_one_verification_like_a_known_one).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import statistics
import tempfile
import time
from pathlib import Path

from jmo.bootstrap import bootstrap
from jmo.domain.accounts import Role
from jmo.settings import Settings
from jmo.storage.db import make_engine
from jmo.storage.migrate import upgrade
from jmo.usecases.accounts.create import create_account
from jmo.usecases.accounts.sessions import Client, LoginFailed, login


class _NoFaces:
    """Logins never look at faces; this keeps the face engine's processes out of it."""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=40)
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(environment="test", data_dir=Path(tmp))
        engine = make_engine(settings.database_url)
        upgrade(settings.database_url, engine=engine)
        runtime = bootstrap(settings, faces=_NoFaces(), engine=engine)  # type: ignore[arg-type]
        svc = runtime.services
        # No lock in the way: this measures the verification, not the limiter.
        policy = dataclasses.replace(svc.policy, login_max_failures=10**6, login_ip_limit=10**6)
        create_account(
            svc.uow(),
            svc.passwords,
            None,
            email="petugas@bench.jmo.id",
            password="a long benchmark phrase",
            role=Role.OFFICER,
            now=svc.clock.now(),
        )

        def seconds(email: str, n: int) -> float:
            start = time.perf_counter()
            with contextlib.suppress(LoginFailed):  # every attempt here is a wrong password
                login(
                    svc.uow(),
                    svc.passwords,
                    svc.limiter,
                    email=email,
                    password="wrong-password-1",
                    client=Client(f"192.0.2.{n % 250}", None),
                    now=svc.clock.now(),
                    policy=policy,
                    notices=svc.notices,
                    devices=svc.device_tokens,
                )
            return time.perf_counter() - start

        seconds("warm-up@bench.jmo.id", 0)
        known, unknown = [], []
        for n in range(rounds):  # interleaved, so drift hits both alike
            known.append(seconds("petugas@bench.jmo.id", n))
            unknown.append(seconds(f"nobody{n}@bench.jmo.id", n))
        runtime.close()
    for label, values in (("existing account", known), ("unknown email", unknown)):
        ms = sorted(v * 1000 for v in values)
        print(
            f"{label:>17}: median {statistics.median(ms):6.1f} ms, "
            f"p10 {ms[len(ms) // 10]:6.1f}, p90 {ms[len(ms) * 9 // 10]:6.1f} ({rounds} logins)"
        )


if __name__ == "__main__":
    main()
