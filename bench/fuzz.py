#!/usr/bin/env python3
"""`make fuzz`: schemathesis against the running server's OpenAPI document, once with a token
of each role (viewer, coordinator, staff, administrator).

The server runs on a fresh database with the demo data set (on PostgreSQL when
TEST_POSTGRES_URL is set, as in CI, else SQLite). Every operation gets generated requests, valid
and invalid, in all of schemathesis's phases; the checks are: no 5xx, every status is one the
document lists for the operation, every body has the documented content type and matches the
documented schema. Each role's run is bounded (FUZZ_SECONDS per role, default 60 s), so the
whole target finishes well within 10 minutes. Reports (JUnit) go to target/fuzz/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402  (the harness's database and server helpers)

ST = bench.ROOT / "target" / "fuzz-venv" / "bin" / "st"
OUT = bench.ROOT / "target" / "fuzz"
ROLES = ["viewer", "coordinator", "staff", "admin"]
CHECKS = ",".join([
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
])


def main() -> int:
    settings = bench.Settings.from_env()
    bench.build_release(settings)
    seconds = int(os.environ.get("FUZZ_SECONDS", "60"))
    if not ST.exists():
        sys.exit(f"fuzz: {ST} is missing: run `make fuzz` (it installs schemathesis)")
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)

    pg_url = os.environ.get("TEST_POSTGRES_URL")
    db = bench.PostgresDb(pg_url, "tracker_fuzz") if pg_url else bench.SqliteDb("fuzz")
    bench.say(f"fuzz: a fresh {db.backend} database with the demo data")
    db.reset()
    if db.backend == "postgres":
        bench._cleanups.append(db.drop)
    env = bench.server_env(db.url)
    bench.run([str(bench.SERVER), "seed", "demo"], env=env, timeout=600)
    tokens = {}
    for role in ROLES:
        email = f"fuzz-{role}@fuzz.example.jp"
        bench.run([str(bench.SERVER), "user", "add", "--email", email, "--name", f"fuzz {role}",
                   "--role", role], env=env, stdin=bench.PASSWORD + "\n")
        out = bench.run([str(bench.SERVER), "token", "create", "--email", email, "--name",
                         "make fuzz"], env=env)
        tokens[role] = out.stdout.strip().splitlines()[-1]

    server = bench.Server(db.url, OUT / "server.log")
    server.start()
    base = f"http://127.0.0.1:{server.port}"
    failed = []
    began = time.monotonic()
    for role in ROLES:
        bench.say(f"fuzz: schemathesis as {role} ({seconds} s)")
        cmd = [
            str(ST), "run", f"{base}/api/v1/openapi.json", "--url", base,
            "--header", f"Authorization: Bearer {tokens[role]}",
            "--checks", CHECKS, "--max-time", str(seconds), "--max-examples", "40",
            # One worker: with two, hypothesis once raised an internal error reading a lambda's
            # source (its AST cache is not thread-safe), failing a run the API had passed.
            "--workers", "1", "--seed", "2026", "--request-timeout", "30",
            "--report", "junit", "--report-dir", str(OUT / role),
            "--output-sanitize", "true",
        ]
        proc = subprocess.run(cmd, cwd=bench.ROOT, timeout=seconds * 3 + 120)
        if proc.returncode != 0:
            failed.append(role)
    server.stop()
    panics = [line for line in (OUT / "server.log").read_text(errors="replace").splitlines()
              if "panicked" in line]
    if db.backend == "postgres":
        db.drop()
        bench._cleanups.remove(db.drop)
    bench.say(f"fuzz: {len(ROLES)} roles in {time.monotonic() - began:.0f} s on {db.backend}; "
              f"failed: {', '.join(failed) or 'none'}; server panics: {len(panics)}")
    for line in panics[:5]:
        bench.say(f"  {line}")
    return 1 if failed or panics else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        bench._cleanup()
