"""The reference for the read ratios (issue 10): a bare FastAPI endpoint that looks up the
bearer token's session by its unique index through asyncpg and answers a small JSON body.
No middleware, no session rules, no use case, no templates. ``load.py`` serves it the way
it serves the app (``jmo serve``'s worker processes, uvicorn with uvloop and httptools) and
measures it against its own floor in the same run, so the app's ratios can be read against
what the framework alone reaches on the same machine at the same moment.

    python benchmarks/bare_app.py --port 8001 --workers 2   (JMO_DATABASE_URL: the database)
"""

from __future__ import annotations

import argparse
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from uuid import UUID

import asyncpg
from fastapi import FastAPI, Header, HTTPException
from pydantic import BaseModel

from jmo.cli.serving import serve_workers
from jmo.storage.fast_reads.lane import asyncpg_dsn
from jmo.usecases.accounts.sessions import hash_token

# One indexed lookup, the first statement of every authenticated read of the app.
SQL = "SELECT id, account_id, expires_at FROM sessions WHERE token_hash = $1"


class SessionOut(BaseModel):
    id: UUID
    account_id: UUID
    expires_at: datetime


def create() -> FastAPI:
    dsn = asyncpg_dsn(os.environ["JMO_DATABASE_URL"])
    pool: asyncpg.Pool | None = None

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        nonlocal pool
        pool = await asyncpg.create_pool(dsn, min_size=0, max_size=8)
        yield
        await pool.close()

    app = FastAPI(lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)

    @app.get("/bare", response_model=SessionOut)
    async def bare(authorization: str = Header()) -> SessionOut:
        assert pool is not None
        row = await pool.fetchrow(SQL, hash_token(authorization.removeprefix("Bearer ")))
        if row is None:
            raise HTTPException(401)
        return SessionOut(id=row["id"], account_id=row["account_id"], expires_at=row["expires_at"])

    return app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    options = {
        "app": "bare_app:create",
        "factory": True,
        "log_level": "warning",
        "access_log": False,
    }
    serve_workers(options, host="127.0.0.1", port=args.port, workers=args.workers)


if __name__ == "__main__":
    main()
