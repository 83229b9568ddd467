#!/usr/bin/env python3
"""`make load`: 100 concurrent clients for 60 s against the release server, reads mixed with
writes, on SQLite and on PostgreSQL; then every acknowledged write is looked for in the database.

Each client is a thread with its own keep-alive connection and its own session. In a loop it
picks, by weight, one of:
  - a read: the ventures list page, a venture page, the dashboard, or the list's server function;
  - a write: a new venture (`/api/ventures/create`), or the next stage event of one of the
    client's own programs (`/api/journey/record`, with the version it last saw: no two clients
    ever write the same program, so a 409 would be a lost or doubled write).
Any answer other than 2xx, any connection error and any "database is locked" in the server's
log is an error. Afterwards every acknowledged venture must exist, and every program's version
must have risen by exactly the number of its acknowledged events.

Environment: LOAD_SETS (default "sqlite:s postgres:s"), LOAD_CLIENTS (100), LOAD_DURATION (60 s),
TEST_POSTGRES_URL (else the local server), BENCH_SKIP_BUILD=1 (as `make bench`). The table is
printed and written to bench/load.md.
"""

from __future__ import annotations

import datetime as dt
import http.client
import os
import platform
import random
import statistics
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402  (the harness's database, server and sign-in helpers)

RESULTS = bench.BENCH_DIR / "load.md"

#: (kind, weight): about a third of the requests write.
MIX = [
    ("list page", 20),
    ("venture page", 20),
    ("dashboard", 10),
    ("list function", 15),
    ("create venture", 15),
    ("stage event", 20),
]


@dataclass
class Tally:
    """What one client saw."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    unanswered: int = 0  # requests that got no HTTP answer (counted among the errors)
    created: list[str] = field(default_factory=list)
    events: dict[str, int] = field(default_factory=dict)  # program id -> acknowledged events


def client(n: int, port: int, cookie: str, ventures: list[str], programs: list[list],
           today: dt.date, until: float, tally: Tally, start: threading.Barrier) -> None:
    """One client's loop until `until` (monotonic seconds)."""
    rng = random.Random(n)
    kinds = [k for k, _ in MIX]
    weights = [w for _, w in MIX]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    form = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie,
            "Accept": "application/json"}
    page = {"Cookie": cookie, "Accept": "text/html"}
    created = 0
    start.wait()
    while time.monotonic() < until:
        kind = rng.choices(kinds, weights)[0]
        if kind == "stage event" and not programs:
            kind = "create venture"
        program = None
        if kind == "list page":
            req = ("GET", f"/ventures?page={rng.randint(1, 20)}", None, page)
        elif kind == "venture page":
            req = ("GET", f"/ventures/{rng.choice(ventures)}", None, page)
        elif kind == "dashboard":
            req = ("GET", "/dashboard", None, page)
        elif kind == "list function":
            body = urllib.parse.urlencode({"query[q]": "", "query[hub]": "", "query[sort]": "stage",
                                           "query[page]": rng.randint(1, 20)})
            req = ("POST", "/api/ventures/list", body, form)
        elif kind == "create venture":
            created += 1
            body = urllib.parse.urlencode({
                "form[name_ja]": f"株式会社負荷{n:03d}-{created:05d}",
                "form[name_kana]": "ふか", "form[hub]": rng.choice(["tonomachi", "shonan", "ksp"]),
                "form[modality]": "cell_therapy",
            })
            req = ("POST", "/api/ventures/create", body, form)
        else:
            program = rng.choice(programs)
            body = urllib.parse.urlencode({
                "program_id": program[0], "version": program[1], "action": next_action(program),
                "occurred_on": today.isoformat(), "precision": "day", "source_url": "",
                "note": "make load",
            })
            req = ("POST", "/api/journey/record", body, form)
        method, path, body, headers = req
        began = time.monotonic()
        try:
            conn.request(method, path, body=body, headers=headers)
            res = conn.getresponse()
            text = res.read()
        except (OSError, http.client.HTTPException) as e:
            tally.errors.append(f"{kind}: {type(e).__name__}: {e}")
            tally.unanswered += 1
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            continue
        tally.latencies.setdefault(kind, []).append(time.monotonic() - began)
        if not 200 <= res.status < 300:
            tally.errors.append(f"{kind}: {res.status} {text[:200]!r}")
            continue
        if kind == "create venture":
            tally.created.append(text.decode().strip().strip('"'))
        elif program is not None:
            program[1] += 1
            program[2] += 1
            tally.events[program[0]] = tally.events.get(program[0], 0) + 1
    conn.close()


def next_action(program: list) -> str:
    """The program's next event: its planned first action, then suspension and resumption in
    turn (as bench/wrk.lua), which the journey rules always allow."""
    _, _, rounds, first, active_after_first = program
    if rounds == 0:
        return first
    active = active_after_first == 1
    if active == (rounds % 2 == 1):
        return "exit:suspended"
    return "resumed"


@dataclass
class LoadResult:
    backend: str
    size: str
    clients: int
    seconds: float
    requests: int = 0
    errors: list[str] = field(default_factory=list)
    latencies: dict[str, list[float]] = field(default_factory=dict)
    created_acked: int = 0
    created_found: int = 0
    events_acked: int = 0
    events_found: int = 0
    locked_in_log: int = 0
    peak_memory: int | None = None


def run_set(backend: str, size: str, clients: int, duration: float, pg_url: str | None,
            features: dict) -> LoadResult:
    label = f"load-{backend}-{size}"
    out_dir = bench.OUT_DIR / label
    out_dir.mkdir(parents=True, exist_ok=True)
    db = bench.SqliteDb(f"load-{size}") if backend == "sqlite" else bench.PostgresDb(pg_url, "tracker_load")
    scratch = bench.SetResult(backend, size)
    bench.seed_database(db, size, features, scratch, label)
    log = out_dir / "server.log"
    log.unlink(missing_ok=True)
    server = bench.Server(db.url, log)
    server.start()
    today = dt.datetime.now(bench.JST).date()
    cookies = [bench.sign_in(server.port, bench.STAFF) for _ in range(clients)]
    ventures = [bench.uuid_text(r[0]) for r in db.query(
        "SELECT id FROM ventures WHERE archived_at IS NULL ORDER BY id LIMIT 500")]
    plan = bench.write_plan(db, today)
    random.Random(7).shuffle(plan)
    # Each client its own programs: [id, version, rounds done, first action, active after it].
    shares: list[list[list]] = [[] for _ in range(clients)]
    for i, (program_id, version, action, active_after) in enumerate(plan[: clients * 20]):
        shares[i % clients].append([program_id, version, 0, action, active_after])
    initial = {p[0]: p[1] for share in shares for p in share}

    bench.say(f"[{label}] {clients} clients for {duration:.0f} s")
    tallies = [Tally() for _ in range(clients)]
    barrier = threading.Barrier(clients + 1)
    until_holder = {}
    threads = []
    for n in range(clients):
        t = threading.Thread(target=lambda n=n: client(
            n, server.port, cookies[n], ventures, shares[n], today,
            until_holder["until"], tallies[n], barrier), daemon=True)
        threads.append(t)
    until_holder["until"] = time.monotonic() + duration + 1
    for t in threads:
        t.start()
    began = time.monotonic()
    barrier.wait()
    for t in threads:
        t.join()
    seconds = time.monotonic() - began
    result = LoadResult(backend, size, clients, seconds)
    result.peak_memory = server.peak_memory_bytes()
    server.stop()

    for t in tallies:
        result.errors += t.errors
        for kind, xs in t.latencies.items():
            result.latencies.setdefault(kind, []).extend(xs)
    result.requests = sum(len(xs) for xs in result.latencies.values()) + sum(
        t.unanswered for t in tallies)
    result.locked_in_log = sum(line.count("database is locked")
                               for line in log.read_text(errors="replace").splitlines())

    # Every acknowledged write, looked for in the database.
    created = {c for t in tallies for c in t.created}
    result.created_acked = len(created)
    existing = {bench.uuid_text(r[0]) for r in db.query("SELECT id FROM ventures")}
    result.created_found = len(created & existing)
    versions = {bench.uuid_text(r[0]): int(r[1]) for r in db.query("SELECT id, version FROM programs")}
    for t in tallies:
        for program_id, n in t.events.items():
            result.events_acked += n
            gained = versions.get(program_id, 0) - initial[program_id]
            result.events_found += min(gained, n)
            if gained != n:
                result.errors.append(
                    f"program {program_id}: {n} events acknowledged, version rose by {gained}")
    if backend == "postgres":
        db.drop()
    return result


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    i = max(1, min(len(xs), int(len(xs) * q + 0.999999))) - 1
    return xs[i] * 1e3


def render(results: list[LoadResult], skipped: list[str]) -> str:
    lines = [
        "# Load test (`make load`)",
        "",
        f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, {platform.node() or 'this machine'}, "
        f"{os.cpu_count()} cores; the clients (Python threads) share the cores with the server.",
        "",
    ]
    for message in skipped:
        lines += [f"**{message}**", ""]
    lines += [
        "| database | set | clients | seconds | requests | req/s | errors | ventures created: acknowledged / found | stage events: acknowledged / found | \"database is locked\" in the log | peak memory |",
        "|---|---|---:|---:|---:|---:|---:|---|---|---:|---:|",
    ]
    for r in results:
        mem = f"{r.peak_memory / 1e6:,.1f} MB" if r.peak_memory else "n/a"
        lines.append(
            f"| {r.backend} | {r.size.upper()} | {r.clients} | {r.seconds:.1f} | {r.requests:,} | "
            f"{r.requests / r.seconds:,.0f} | {len(r.errors)} | {r.created_acked:,} / {r.created_found:,} | "
            f"{r.events_acked:,} / {r.events_found:,} | {r.locked_in_log} | {mem} |")
    lines += ["", "Latency per kind of request (ms):", "",
              "| database | kind | requests | p50 | p95 | p99 |", "|---|---|---:|---:|---:|---:|"]
    for r in results:
        for kind, _ in MIX:
            xs = r.latencies.get(kind, [])
            if xs:
                lines.append(f"| {r.backend} | {kind} | {len(xs):,} | {pct(xs, .5):.1f} | "
                             f"{pct(xs, .95):.1f} | {pct(xs, .99):.1f} |")
    for r in results:
        if r.errors:
            lines += ["", f"First errors on {r.backend}:", ""]
            lines += [f"- `{e}`" for e in r.errors[:10]]
    return "\n".join(lines) + "\n"


def main() -> int:
    settings = bench.Settings.from_env()
    bench.build_release(settings)
    clients = int(os.environ.get("LOAD_CLIENTS", "100"))
    duration = float(os.environ.get("LOAD_DURATION", "60"))
    sets = [tuple(s.split(":")) for s in os.environ.get("LOAD_SETS", "sqlite:s postgres:s").split()]
    features = {"seed_set": bench.seed_supports_set(), "bench_queries": False}
    skipped = []
    pg_url = None
    if any(b == "postgres" for b, _ in sets):
        pg_url, how = bench.postgres_admin_url(settings)
        if pg_url is None:
            skipped.append(f"PostgreSQL skipped: {how}")
            sets = [s for s in sets if s[0] != "postgres"]
    results = [run_set(b, s, clients, duration, pg_url, features) for b, s in sets]
    text = render(results, skipped)
    print(text)
    RESULTS.write_text(text)
    bench.say(f"written: {RESULTS.relative_to(bench.ROOT)}")
    bad = [r for r in results if r.errors or r.locked_in_log
           or r.created_found != r.created_acked or r.events_found != r.events_acked]
    return 1 if bad else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        bench._cleanup()
