#!/usr/bin/env python3
"""`make bench`: load generated data sets, drive the release server over loopback, print tables.

For each data set of BENCH_SETS (e.g. `sqlite:m`, `postgres:l`) on a fresh database:

1. seed it (`server seed scale`) and time that; add a viewer and a staff account;
2. time the server's start on the existing database (spawn until /healthz answers 200), 3 times;
3. sign in as the viewer (reads) and the staff user (writes);
4. drive it with wrk: the static CSS file (the floor), the ventures list, one venture page, the
   dashboard, then the stage-event write; BENCH_RUNS runs each, median and spread;
5. read the server's peak memory (VmHWM);
6. run each page's bare SQL (`server bench-queries`) when the binary has that command.

Once per bench, on the SQLite M server (or the first data set when M on SQLite is not run): the
front-end weight (wasm, CSS, the list's HTML) and Lighthouse scores.

The tables go to standard output and to bench/results.md; every run's raw JSON stays in
target/bench/. Python 3.11 standard library only. See the README's "Benchmarks" section.
"""

from __future__ import annotations

import atexit
import datetime as dt
import gzip
import http.client
import json
import os
import platform
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "bench"
OUT_DIR = ROOT / "target" / "bench"
SERVER = ROOT / "target" / "release" / "server"
SITE = ROOT / "target" / "site"
WRK_SCRIPT = BENCH_DIR / "wrk.lua"
LIGHTHOUSE = BENCH_DIR / "node_modules" / ".bin" / "lighthouse"
RESULTS = BENCH_DIR / "results.md"
# The plan of each statement of each page, per data set (`bench-queries --explain`).
PLANS = BENCH_DIR / "plans"

WRK_THREADS = 2
SET_VENTURES = {"s": 1_000, "m": 10_000, "l": 100_000}
PASSWORD = "bench-pass-2026"
VIEWER = "bench-viewer@bench.example.jp"
STAFF = "bench-staff@bench.example.jp"
PG_BENCH_DB = "tracker_bench"
# Japan has no daylight saving time: "today" for the journey rules is the date at UTC+9.
JST = dt.timezone(dt.timedelta(hours=9))

# The next stage a program can always reach from its current one (the journey rules of
# app/src/domain/stage.rs: clinical stages only upwards, `applied` after a clinical phase,
# approvals after `applied`, `launched` after an approval, `implemented` after `launched`).
NEXT_STAGE = {
    "pmd_act": {
        "research": "trial_notified",
        "trial_notified": "phase1",
        "phase1": "phase1_2",
        "phase1_2": "phase2",
        "phase2": "phase2_3",
        "phase2_3": "phase3",
        "phase3": "applied",
        "applied": "approved",
        "approved_conditional": "approved",
        "approved": "launched",
        "launched": "implemented",
    },
    "safety_act": {
        "research": "plan_submitted",
        "plan_submitted": "providing",
    },
}
RESUMABLE = {"suspended", "not_granted", "withdrawn"}


# --------------------------------------------------------------------------------------------
# Settings


@dataclass
class Settings:
    """What the environment asks for (see the README for each knob)."""

    sets: list[tuple[str, str]]
    duration: int
    runs: int
    connections: int
    skip_build: bool
    query_runs: int
    postgres_url: str | None

    @staticmethod
    def from_env() -> "Settings":
        """Read BENCH_* and TEST_POSTGRES_URL; refuse unknown data sets."""
        sets = []
        for item in os.environ.get("BENCH_SETS", "sqlite:s sqlite:m postgres:m postgres:l").split():
            backend, _, size = item.partition(":")
            if backend not in ("sqlite", "postgres") or size not in SET_VENTURES:
                sys.exit(f"bench: unknown data set {item!r} (use sqlite:s|m|l or postgres:s|m|l)")
            sets.append((backend, size))
        connections = int(os.environ.get("BENCH_CONNECTIONS", "32"))
        if connections < WRK_THREADS:
            sys.exit(f"bench: BENCH_CONNECTIONS must be at least {WRK_THREADS}")
        return Settings(
            sets=sets,
            duration=int(os.environ.get("BENCH_DURATION", "10")),
            runs=int(os.environ.get("BENCH_RUNS", "3")),
            connections=connections,
            skip_build=os.environ.get("BENCH_SKIP_BUILD") == "1",
            query_runs=int(os.environ.get("BENCH_QUERY_RUNS", "100")),
            postgres_url=os.environ.get("TEST_POSTGRES_URL") or None,
        )


def say(message: str) -> None:
    """Progress on standard error, so that standard output holds only the tables."""
    print(f"==> {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------
# Clean-up: servers and the PostgreSQL bench database go away on exit, errors and Ctrl-C.

_children: list[subprocess.Popen] = []
_cleanups: list = []


def _cleanup() -> None:
    """Stop every server still running (SIGTERM, then SIGKILL) and run the registered clean-ups."""
    for proc in list(_children):
        stop_process(proc)
    while _cleanups:
        action = _cleanups.pop()
        try:
            action()
        except Exception as e:  # clean-up must not hide the original error
            print(f"bench: clean-up failed: {e}", file=sys.stderr)


def _on_signal(signum, _frame) -> None:
    """Turn Ctrl-C, SIGTERM and SIGHUP into a normal exit, so that the atexit clean-up runs."""
    print(f"bench: interrupted (signal {signum}): stopping the servers", file=sys.stderr, flush=True)
    sys.exit(128 + signum)


def stop_process(proc: subprocess.Popen) -> None:
    """Stop one child: SIGTERM, 10 s grace, then SIGKILL."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    if proc in _children:
        _children.remove(proc)


# --------------------------------------------------------------------------------------------
# Commands


def run(cmd: list[str], *, env: dict | None = None, stdin: str | None = None,
        check: bool = True, timeout: float | None = None) -> subprocess.CompletedProcess:
    """Run a command from the repository root and capture its output (text).

    The command gets a process group of its own, and on a timeout, an error or an interrupt the
    whole group is stopped: Lighthouse's Chromium must not outlive an interrupted run."""
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, text=True, start_new_session=True,
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        stdout, stderr = proc.communicate(stdin, timeout=timeout)
    except BaseException:
        stop_group(proc)
        raise
    if check and proc.returncode != 0:
        raise RuntimeError(
            f"command failed ({proc.returncode}): {' '.join(cmd)}\n{stdout}\n{stderr}"
        )
    return subprocess.CompletedProcess(cmd, proc.returncode, stdout, stderr)


def proc_stat(pid: int) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name (state, ppid, …), or None."""
    try:
        # "pid (comm) state ppid …": comm may hold spaces and parentheses, so split after the last ")".
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def descendants(pid: int) -> list[tuple[int, str]]:
    """Every living process below `pid` (children, their children, …) as (pid, start time), so
    that a process can be told apart from a later one that got the same pid."""
    children: dict[int, list[tuple[int, str]]] = {}
    for entry in Path("/proc").iterdir():
        fields = proc_stat(int(entry.name)) if entry.name.isdigit() else None
        if fields and len(fields) > 19:
            children.setdefault(int(fields[1]), []).append((int(entry.name), fields[19]))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child[0])
    return found


def signal_if_same(pid: int, start: str, sig: int) -> None:
    """Send `sig` to `pid` if it is still the process that started at `start`."""
    fields = proc_stat(pid)
    if fields and len(fields) > 19 and fields[19] == start:
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass


def stop_group(proc: subprocess.Popen) -> None:
    """Stop a command started by run() and everything it started: its process group and every
    descendant (Lighthouse starts Chromium in a session of its own); SIGTERM, then SIGKILL."""
    below = descendants(proc.pid)
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            pass
        for pid, start in below:
            signal_if_same(pid, start, sig)
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            continue
        if sig == signal.SIGTERM:
            time.sleep(1)  # the descendants' turn to exit before the SIGKILL round


def server_env(database_url: str, addr: str | None = None) -> dict:
    """The environment the release server needs (as the Makefile sets it), plus DATABASE_URL."""
    env = dict(os.environ)
    env.update(
        LEPTOS_SITE_ROOT="target/site",
        LEPTOS_SITE_PKG_DIR="pkg",
        LEPTOS_OUTPUT_NAME="tracker",
        LEPTOS_ENV="PROD",
        RUST_LOG="warn",
        DATABASE_URL=database_url,
    )
    if addr:
        env["LEPTOS_SITE_ADDR"] = addr
    return env


def build_release(settings: Settings) -> None:
    """`cargo leptos build --release` unless BENCH_SKIP_BUILD=1; then check the outputs exist."""
    if settings.skip_build:
        say("BENCH_SKIP_BUILD=1: using the existing release build")
    else:
        say("building the release (cargo leptos build --release)")
        subprocess.run(["cargo", "leptos", "build", "--release"], cwd=ROOT, check=True)
    if not SERVER.exists() or not (SITE / "pkg").is_dir():
        sys.exit(f"bench: {SERVER} or {SITE}/pkg is missing: build the release first")


def server_has(*args: str) -> bool:
    """Whether `server ARGS --help` succeeds (and so the binary has that command)."""
    proc = run([str(SERVER), *args, "--help"], check=False)
    return proc.returncode == 0


def seed_supports_set() -> bool:
    """Whether `server seed scale` takes `--set` (newer binaries) or only `--ventures`."""
    proc = run([str(SERVER), "seed", "scale", "--help"], check=False)
    return "--set" in proc.stdout


# --------------------------------------------------------------------------------------------
# Databases


def uuid_text(value) -> str:
    """A UUID column as text: SQLite (sqlx) stores 16-byte blobs, PostgreSQL returns text."""
    if isinstance(value, (bytes, bytearray)) and len(value) == 16:
        return str(uuid.UUID(bytes=bytes(value)))
    return str(value)


class SqliteDb:
    """A fresh SQLite file under target/bench/."""

    backend = "sqlite"

    def __init__(self, size: str):
        self.path = OUT_DIR / f"sqlite-{size}.db"
        self.url = f"sqlite://{self.path.relative_to(ROOT)}?mode=rwc"

    def reset(self) -> None:
        """Delete the file and its WAL companions."""
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def query(self, sql: str) -> list[tuple]:
        """Rows of a read-only query, UUID blobs as they are (see uuid_text)."""
        conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=30)
        try:
            return conn.execute(sql).fetchall()
        finally:
            conn.close()

    def drop(self) -> None:
        """Nothing to do: the file is kept for inspection and replaced by the next run."""


class PostgresDb:
    """A database (tracker_bench unless named) on TEST_POSTGRES_URL's server, created and dropped
    with psql."""

    backend = "postgres"

    def __init__(self, admin_url: str, name: str = PG_BENCH_DB):
        self.admin_url = admin_url
        self.name = name
        parts = urllib.parse.urlsplit(admin_url)
        self.url = urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))

    def _admin(self, sql: str) -> None:
        run(["psql", self.admin_url, "-v", "ON_ERROR_STOP=1", "-qtAc", sql])

    def reset(self) -> None:
        """Drop the database (disconnecting anyone still on it) and create it empty."""
        self._admin(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")
        self._admin(f"CREATE DATABASE {self.name}")

    def query(self, sql: str) -> list[tuple]:
        """Rows of a query through `psql -tA` (tab-separated text)."""
        proc = run(["psql", self.url, "-v", "ON_ERROR_STOP=1", "-qtA", "-F", "\t", "-c", sql])
        return [tuple(line.split("\t")) for line in proc.stdout.splitlines() if line]

    def drop(self) -> None:
        """Drop the database."""
        self._admin(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")


def postgres_admin_url(settings: Settings) -> tuple[str | None, str]:
    """The PostgreSQL server to use and how it was chosen: TEST_POSTGRES_URL, else the local
    server as CI reaches it. None, with the reason, when that server does not answer."""
    if settings.postgres_url:
        url, how = settings.postgres_url, "TEST_POSTGRES_URL"
    else:
        url, how = "postgres://postgres@127.0.0.1:5432/postgres", "TEST_POSTGRES_URL is not set: the local default"
    if not shutil.which("psql"):
        return None, "psql is not installed"
    proc = run(["psql", url, "-qtAc", "select 1"], check=False, timeout=20)
    if proc.returncode != 0:
        lines = proc.stderr.strip().splitlines()
        return None, f"{redact(url)}: {lines[-1] if lines else 'no answer'}"
    return url, how


def redact(url: str) -> str:
    """A database URL without its password, for messages."""
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


# --------------------------------------------------------------------------------------------
# The server


def free_port() -> int:
    """A TCP port that is free on 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_request(port: int, method: str, path: str, *, body: str | None = None,
                 headers: dict | None = None, timeout: float = 30) -> tuple[int, dict, bytes]:
    """One HTTP/1.1 request to 127.0.0.1:port (no redirects followed): status, headers, body."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        res = conn.getresponse()
        return res.status, {k.lower(): v for k, v in res.getheaders()}, res.read()
    finally:
        conn.close()


class Server:
    """`server serve` on a free loopback port, its log in the data set's folder."""

    def __init__(self, database_url: str, log: Path):
        self.database_url = database_url
        self.port = free_port()
        self.log = log
        self.proc: subprocess.Popen | None = None

    def start(self) -> float:
        """Spawn the server and wait for /healthz to answer 200; return the seconds it took."""
        addr = f"127.0.0.1:{self.port}"
        log = open(self.log, "a")
        began = time.monotonic()
        self.proc = subprocess.Popen(
            [str(SERVER), "serve", "--addr", addr],
            cwd=ROOT, env=server_env(self.database_url, addr), stdout=log, stderr=log,
        )
        log.close()
        _children.append(self.proc)
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"the server exited with {self.proc.returncode} before answering; "
                    f"see {self.log}:\n{self.log.read_text()[-2000:]}"
                )
            try:
                status, _, _ = http_request(self.port, "GET", "/healthz", timeout=1)
                if status == 200:
                    return time.monotonic() - began
            except OSError:
                pass
            if time.monotonic() - began > 120:
                raise RuntimeError(f"the server did not answer /healthz within 120 s; see {self.log}")
            time.sleep(0.005)

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL)."""
        if self.proc:
            stop_process(self.proc)
            self.proc = None

    def peak_memory_bytes(self) -> int | None:
        """The server's peak resident memory (VmHWM of /proc/PID/status), in bytes."""
        if not self.proc:
            return None
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
        return None


def sign_in(port: int, email: str) -> str:
    """Sign in through the server function; return the session cookie (`sid=…`)."""
    body = urllib.parse.urlencode({"email": email, "password": PASSWORD, "next": "/ventures"})
    status, headers, text = http_request(
        port, "POST", "/api/auth/sign_in", body=body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    cookie = headers.get("set-cookie", "")
    if status >= 400 or not cookie.startswith("sid="):
        raise RuntimeError(f"signing in as {email} failed: {status} {text[:500]!r}")
    return cookie.split(";", 1)[0]


# --------------------------------------------------------------------------------------------
# Data for the runs


def pick_venture(db) -> str:
    """A venture with programs: the one with the most (ties: the lowest id), so the page shows
    every section filled."""
    rows = db.query(
        "SELECT v.id FROM ventures v JOIN programs p ON p.venture_id = v.id "
        "WHERE v.archived_at IS NULL AND p.archived_at IS NULL "
        "GROUP BY v.id ORDER BY COUNT(*) DESC, v.id LIMIT 1"
    )
    if not rows:
        raise RuntimeError("no venture with programs in the data set")
    return uuid_text(rows[0][0])


def write_plan(db, today: dt.date) -> list[tuple[str, int, str, int]]:
    """One entry per program that can take a new event today: (id, version, first action,
    1 if the program is active after it). The first action is the next stage where one always
    exists, else a suspension (active programs) or a resumption (suspended, not granted,
    withdrawn); discontinued and expired programs are left out. wrk.lua then alternates
    suspension and resumption, one round per version."""
    rows = db.query(
        "SELECT p.id, p.version, p.track, p.current_stage, p.status, p.last_event_on "
        "FROM programs p JOIN ventures v ON v.id = p.venture_id "
        "WHERE p.archived_at IS NULL AND v.archived_at IS NULL "
        "AND p.status NOT IN ('discontinued', 'expired') ORDER BY p.id"
    )
    plan = []
    for program_id, version, track, stage, status, last_event_on in rows:
        if last_event_on and str(last_event_on) > today.isoformat():
            continue  # an event dated after today (in Japan): nothing may follow it yet
        if status == "active":
            next_stage = NEXT_STAGE.get(track, {}).get(stage)
            if next_stage:
                plan.append((uuid_text(program_id), int(version), f"stage:{next_stage}", 1))
            else:
                plan.append((uuid_text(program_id), int(version), "exit:suspended", 0))
        elif status in RESUMABLE:
            plan.append((uuid_text(program_id), int(version), "resumed", 1))
    return plan


#: Programs handed to wrk per write run: plenty for any run (the script goes round them, one
#: version per round), and a file Lua reads quickly.
MAX_PLAN = 20_000


def write_plan_file(plan: list[tuple[str, int, str, int]], path: Path) -> None:
    """The plan as tab-separated lines (id, version, action, active after) that wrk.lua reads with
    io.lines; at most MAX_PLAN programs. (A Lua table literal cannot hold more than 65,536
    constants: data set L has about 200,000 programs.)"""
    lines = [f"{program_id}\t{version}\t{action}\t{active_after}"
             for program_id, version, action, active_after in plan[:MAX_PLAN]]
    path.write_text("\n".join(lines) + "\n")


def check_write(port: int, cookie: str, entry: tuple[str, int, str, int], today: dt.date) -> None:
    """One write before the load, so that a refused write is reported with the server's answer."""
    program_id, version, action, _ = entry
    body = urllib.parse.urlencode({
        "program_id": program_id, "version": version, "action": action,
        "occurred_on": today.isoformat(), "precision": "day", "source_url": "", "note": "make bench",
    })
    status, _, text = http_request(
        port, "POST", "/api/journey/record", body=body,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
    )
    if not 200 <= status < 300:
        raise RuntimeError(
            f"the stage-event write was refused: {status} {text[:800]!r}\n"
            f"reproduce: sign in as a staff user, then POST /api/journey/record with {body}"
        )


# --------------------------------------------------------------------------------------------
# wrk


@dataclass
class Endpoint:
    """One thing the load generator drives."""

    key: str
    label: str
    path: str
    mode: str = "read"  # "read" or "write"
    cookie: str | None = None
    target_ms: float | None = None  # the p95 target of issue #7 (M on SQLite)
    headers: tuple[str, ...] = ()  # more request headers ("Name: value")


def wrk_run(port: int, endpoint: Endpoint, settings: Settings, out: Path,
            plan_file: Path | None = None, today: dt.date | None = None) -> dict:
    """One wrk run; returns the JSON summary that wrk.lua's done() wrote to `out`."""
    env = dict(os.environ)
    env.update(BENCH_MODE=endpoint.mode, BENCH_OUT=str(out), BENCH_THREADS=str(WRK_THREADS))
    if plan_file:
        env.update(BENCH_WRITES=str(plan_file), BENCH_TODAY=today.isoformat())
    cmd = [
        "wrk", f"-t{WRK_THREADS}", f"-c{settings.connections}", f"-d{settings.duration}s",
        "--latency", "--timeout", "10s", "-s", str(WRK_SCRIPT),
        # Browsers ask for compressed responses, and the server compresses.
        "-H", "Accept-Encoding: gzip",
    ]
    if endpoint.cookie:
        cmd += ["-H", f"Cookie: {endpoint.cookie}"]
    for header in endpoint.headers:
        cmd += ["-H", header]
    cmd.append(f"http://127.0.0.1:{port}{endpoint.path}")
    out.unlink(missing_ok=True)
    proc = run(cmd, env=env, check=False, timeout=settings.duration + 120)
    out.with_suffix(".txt").write_text(proc.stdout + proc.stderr)
    if proc.returncode != 0 or not out.exists():
        raise RuntimeError(f"wrk failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stdout}\n{proc.stderr}")
    return json.loads(out.read_text())


def preflight(port: int, endpoint: Endpoint) -> tuple[int, bytes]:
    """GET a page once before the load; a page that errors is reported at once, with its body."""
    headers = {"Cookie": endpoint.cookie} if endpoint.cookie else {}
    status, _, body = http_request(port, "GET", endpoint.path, headers=headers)
    if not 200 <= status < 300:
        say(f"WARNING: GET {endpoint.path} answered {status}: {body[:300]!r} (the load runs anyway; "
            "its responses are counted as errors)")
    return status, body


@dataclass
class Measured:
    """The runs of one endpoint."""

    endpoint: Endpoint
    runs: list[dict] = field(default_factory=list)
    bare_sql: dict | None = None
    bare_sql_note: str = ""
    peak_memory_after: int | None = None  # the server's VmHWM once this endpoint's runs are done

    def median(self, key: str) -> float:
        """The median of `key` over the runs."""
        return statistics.median(float(r[key]) for r in self.runs)

    def spread(self, key: str) -> tuple[float, float]:
        """(min, max) of `key` over the runs."""
        values = [float(r[key]) for r in self.runs]
        return min(values), max(values)

    def errors(self) -> tuple[int, dict]:
        """Failed responses and socket errors over all runs: (total, {kind: count}). Every
        non-2xx status counts (a 302 to the sign-in page too); wrk's own "status" error kind
        is left out, as those responses are already counted by their status."""
        kinds: dict[str, int] = {}
        for r in self.runs:
            for status, count in r["statuses"].items():
                if not 200 <= int(status) < 300:
                    kinds[f"HTTP {status}"] = kinds.get(f"HTTP {status}", 0) + count
            for kind, count in r["socket_errors"].items():
                if kind != "status" and count:
                    kinds[kind] = kinds.get(kind, 0) + count
        return sum(kinds.values()), kinds


# --------------------------------------------------------------------------------------------
# Bare SQL


def bare_sql(database_url: str, page: str, runs: int, venture: str | None) -> tuple[dict | None, str]:
    """`server bench-queries --page PAGE --runs N` (its last JSON line), or None and why not."""
    cmd = [str(SERVER), "bench-queries", "--page", page, "--runs", str(runs)]
    if venture:
        cmd += ["--venture", venture]
    proc = run(cmd, env=server_env(database_url), check=False, timeout=1800)
    if proc.returncode != 0:
        return None, f"failed: {proc.stderr.strip()[-300:]}"
    for line in reversed(proc.stdout.splitlines()):
        line = line.strip()
        if line.startswith("{"):
            return json.loads(line), ""
    return None, "no JSON line in its output"


def explain(database_url: str, page: str, venture: str | None, path: Path) -> str:
    """The plan of each statement of the page's loaders (`bench-queries --explain`) into
    `path`; an empty string, or why there are none."""
    cmd = [str(SERVER), "bench-queries", "--page", page, "--explain"]
    if venture:
        cmd += ["--venture", venture]
    proc = run(cmd, env=server_env(database_url), check=False, timeout=1800)
    if proc.returncode != 0:
        return f"failed: {proc.stderr.strip()[-300:]}"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(proc.stdout)
    return ""


# --------------------------------------------------------------------------------------------
# Front end


def kb(n: int) -> str:
    """Bytes as KB (1 KB = 1,000 bytes), one decimal."""
    return f"{n / 1000:,.1f} KB"


def gz_size(data: bytes) -> int:
    """The size of `data` after gzip -9."""
    return len(gzip.compress(data, compresslevel=9))


def lighthouse(port: int, cookie: str, path: str, preset: str, out_dir: Path) -> dict:
    """One Lighthouse run (desktop preset or the default mobile profile): the two scores (0–100)
    or the reason there are none."""
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    if not LIGHTHOUSE.exists():
        return {"error": f"{LIGHTHOUSE.relative_to(ROOT)} missing (cd bench && npm ci)"}
    if not Path(chrome).exists():
        return {"error": f"no browser at {chrome} (set CHROME_PATH)"}
    headers_file = out_dir / "lighthouse-headers.json"
    headers_file.write_text(json.dumps({"Cookie": cookie}))
    name = path.strip("/").replace("/", "_") or "root"
    report = out_dir / f"lighthouse-{name}-{preset}.json"
    cmd = [
        str(LIGHTHOUSE), f"http://127.0.0.1:{port}{path}",
        "--chrome-flags=--headless --no-sandbox --disable-gpu",
        "--only-categories=performance,accessibility",
        f"--extra-headers={headers_file}",
        "--output=json", f"--output-path={report}", "--quiet",
    ]
    if preset == "desktop":
        cmd.append("--preset=desktop")
    env = dict(os.environ, CHROME_PATH=chrome)
    proc = run(cmd, env=env, check=False, timeout=600)
    if proc.returncode != 0 or not report.exists():
        return {"error": f"lighthouse failed ({proc.returncode}): {proc.stderr.strip()[-300:]}"}
    data = json.loads(report.read_text())
    scores = {}
    for category in ("performance", "accessibility"):
        score = data["categories"][category]["score"]
        scores[category] = None if score is None else round(score * 100)
    final = data.get("finalDisplayedUrl") or data.get("finalUrl") or ""
    if "/sign-in" in final:
        scores["error"] = f"Lighthouse was sent to the sign-in page ({final})"
    return scores


def front_end(port: int, cookie: str, out_dir: Path, where: str) -> dict:
    """Wasm and CSS sizes, the list's HTML, and Lighthouse on the list and the dashboard."""
    say(f"front-end weight and Lighthouse ({where})")
    result: dict = {"where": where}
    for key, names in (("wasm", ("tracker_bg.wasm", "tracker.wasm")), ("css", ("tracker.css",))):
        # cargo-leptos names the wasm tracker_bg.wasm or tracker.wasm, depending on its version.
        found = [SITE / "pkg" / n for n in names if (SITE / "pkg" / n).exists()]
        path = found[0] if found else SITE / "pkg" / names[0]
        name = path.name
        if path.exists():
            data = path.read_bytes()
            result[key] = {"file": f"target/site/pkg/{name}", "raw": len(data), "gz": gz_size(data)}
        else:
            result[key] = {"file": f"target/site/pkg/{name}", "error": "missing"}
    status, _, html = http_request(port, "GET", "/ventures", headers={"Cookie": cookie})
    rows = html.count(b"<tr") - 1  # minus the header row
    result["html"] = {"status": status, "raw": len(html), "gz": gz_size(html), "rows": rows}
    result["lighthouse"] = {}
    result["first_look"] = {}
    for path in ("/ventures", "/dashboard"):
        # The writes before this changed the data: the first look computes the page (its time is
        # reported: what the first viewer after a write waits), and Lighthouse then measures the
        # page as every later look gets it until the next write.
        started = time.monotonic()
        status, _, _ = http_request(port, "GET", path, headers={"Cookie": cookie})
        result["first_look"][path] = {"status": status, "ms": (time.monotonic() - started) * 1000}
        for preset in ("desktop", "mobile"):
            say(f"  lighthouse {path} ({preset})")
            result["lighthouse"][f"{path} {preset}"] = lighthouse(port, cookie, path, preset, out_dir)
    return result


# --------------------------------------------------------------------------------------------
# One data set


@dataclass
class SetResult:
    """Everything measured on one database and data set."""

    backend: str
    size: str
    seed_s: float = 0.0
    seed_output: str = ""
    starts: list[float] = field(default_factory=list)
    peak_memory: int | None = None
    venture: str = ""
    measured: list[Measured] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def seed_database(db, size: str, features: dict, result: "SetResult", label: str) -> None:
    """Fresh database, `server seed scale` (timed), and the viewer and staff accounts."""
    say(f"[{label}] fresh database")
    db.reset()
    if db.backend == "postgres":
        _cleanups.append(db.drop)
    env = server_env(db.url)
    seed_cmd = [str(SERVER), "seed", "scale"]
    if features["seed_set"]:
        seed_cmd += ["--set", size]
    else:
        seed_cmd += ["--ventures", str(SET_VENTURES[size])]
    say(f"[{label}] {' '.join(seed_cmd[1:])}")
    began = time.monotonic()
    proc = run(seed_cmd, env=env, timeout=3600)
    result.seed_s = time.monotonic() - began
    output = proc.stdout.strip().splitlines()
    result.seed_output = output[-1] if output else ""
    for email, role in ((VIEWER, "viewer"), (STAFF, "staff")):
        run([str(SERVER), "user", "add", "--email", email, "--name", f"bench {role}", "--role", role],
            env=env, stdin=PASSWORD + "\n")


def start_measured(db, out_dir: Path, result: "SetResult", label: str) -> Server:
    """Start the server 3 times on the seeded database, timing each; the third stays up."""
    server = Server(db.url, out_dir / "server.log")
    for attempt in range(3):
        result.starts.append(server.start())
        if attempt < 2:
            server.stop()
    say(f"[{label}] start {statistics.median(result.starts):.3f} s (median of 3); "
        f"server on port {server.port}")
    return server


def measure_endpoint(server: Server, endpoint: Endpoint, db, settings: Settings, out_dir: Path,
                     result: "SetResult", label: str) -> Measured:
    """BENCH_RUNS wrk runs of one endpoint. A page is fetched once first (an error is reported
    at once); writes get a fresh plan from the database before each run, and one write is
    checked before the first."""
    m = Measured(endpoint)
    if endpoint.mode == "read":
        preflight(server.port, endpoint)
    for n in range(1, settings.runs + 1):
        plan_file = None
        today = dt.datetime.now(JST).date()
        if endpoint.mode == "write":
            plan = write_plan(db, today)
            if not plan:
                raise RuntimeError("no program can take a new stage event in this data set")
            if n == 1:
                check_write(server.port, endpoint.cookie, plan[0], today)
                plan = write_plan(db, today)
            if len(plan) // WRK_THREADS < 4 * settings.connections // WRK_THREADS:
                result.notes.append(
                    f"only {len(plan)} programs for the writes: a program may get its next "
                    "body before its last one is answered (a 409 then)")
            plan_file = out_dir / f"write-plan-{n}.tsv"
            write_plan_file(plan, plan_file)
        say(f"[{label}] wrk {endpoint.key} run {n}/{settings.runs}")
        out = out_dir / f"{endpoint.key}-run{n}.json"
        m.runs.append(wrk_run(server.port, endpoint, settings, out, plan_file, today))
    return m


def bench_set(backend: str, size: str, settings: Settings, pg_url: str | None,
              features: dict, want_front_end: bool) -> tuple["SetResult", dict | None]:
    """Seed, start, sign in, load and measure one data set; the front end too when asked."""
    label = f"{backend}-{size}"
    out_dir = OUT_DIR / label
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*"):
        if old.is_file():
            old.unlink()
    db = SqliteDb(size) if backend == "sqlite" else PostgresDb(pg_url)
    result = SetResult(backend, size)
    front = None

    seed_database(db, size, features, result, label)
    server = start_measured(db, out_dir, result, label)
    viewer = sign_in(server.port, VIEWER)
    staff = sign_in(server.port, STAFF)
    result.venture = pick_venture(db)
    endpoints = [
        Endpoint("static", "static file `/pkg/tracker.css`", "/pkg/tracker.css"),
        Endpoint("ventures", "ventures list `/ventures`", "/ventures", cookie=viewer, target_ms=20),
        # The same page rendered for every request (the page cache bypassed, as a hard reload
        # does): what a look costs after a write.
        Endpoint("ventures-render", "ventures list, rendered each time (`Cache-Control: no-cache`)",
                 "/ventures", cookie=viewer, headers=("Cache-Control: no-cache",)),
        Endpoint("venture", "venture page `/ventures/<id>`", f"/ventures/{result.venture}",
                 cookie=viewer, target_ms=15),
        Endpoint("dashboard", "dashboard `/dashboard`", "/dashboard", cookie=viewer, target_ms=30),
        Endpoint("write", "stage-event write `POST /api/journey/record`", "/api/journey/record",
                 mode="write", cookie=staff, target_ms=20),
    ]
    for endpoint in endpoints:
        measured = measure_endpoint(server, endpoint, db, settings, out_dir, result, label)
        measured.peak_memory_after = server.peak_memory_bytes()
        result.measured.append(measured)
    result.peak_memory = server.peak_memory_bytes()
    if want_front_end:
        front = front_end(server.port, viewer, out_dir, f"{backend} {size.upper()} server")
    server.stop()

    # The bare SQL runs with the server stopped, so that nothing else uses the database.
    venture_of_page = {"ventures": None, "venture": result.venture, "dashboard": None}
    for m in result.measured:
        if m.endpoint.key not in venture_of_page:
            continue
        if not features["bench_queries"]:
            m.bare_sql_note = "n/a"
            continue
        say(f"[{label}] bare SQL of {m.endpoint.key}")
        m.bare_sql, m.bare_sql_note = bare_sql(
            db.url, m.endpoint.key, settings.query_runs, venture_of_page[m.endpoint.key])
        if m.bare_sql is not None:
            say(f"[{label}] query plans of {m.endpoint.key}")
            plans = PLANS / f"{backend}-{size}-{m.endpoint.key}.txt"
            note = explain(db.url, m.endpoint.key, venture_of_page[m.endpoint.key], plans)
            if note:
                say(f"[{label}] no plans for {m.endpoint.key}: {note}")

    write_summary(result, front, out_dir / "summary.json")
    if backend == "postgres":
        db.drop()
        _cleanups.remove(db.drop)
    return result, front


def write_summary(result: "SetResult", front: dict | None, path: Path) -> None:
    """Everything measured on one data set, as JSON (beside the runs' raw JSON)."""
    summary = {
        "backend": result.backend, "size": result.size, "seed_s": result.seed_s,
        "seed_output": result.seed_output, "starts_s": result.starts,
        "peak_memory_bytes": result.peak_memory, "venture": result.venture,
        "endpoints": {
            m.endpoint.key: {"path": m.endpoint.path, "runs": m.runs, "bare_sql": m.bare_sql,
                             "bare_sql_note": m.bare_sql_note}
            for m in result.measured
        },
        "front_end": front,
    }
    path.write_text(json.dumps(summary, indent=2))


# --------------------------------------------------------------------------------------------
# Tables


def mark(ok: bool) -> str:
    """✓ or ✗."""
    return "✓" if ok else "✗"


def fmt_num(x: float, digits: int = 1) -> str:
    """A number with thousands separators."""
    return f"{x:,.{digits}f}"


def set_title(r: SetResult) -> str:
    """`SQLite · M (10,000 ventures)`."""
    name = "SQLite" if r.backend == "sqlite" else "PostgreSQL"
    return f"{name} · {r.size.upper()} ({SET_VENTURES[r.size]:,} ventures)"


def render_set(r: SetResult, settings: Settings) -> list[str]:
    """The markdown table and summary lines of one data set."""
    m_sqlite = (r.backend, r.size) == ("sqlite", "m")
    l_postgres = (r.backend, r.size) == ("postgres", "l")
    lines = [f"### {set_title(r)}", ""]

    start = statistics.median(r.starts)
    start_txt = f"{start:.3f} s (median of 3, {min(r.starts):.3f}–{max(r.starts):.3f})"
    if m_sqlite:
        start_txt += f" {mark(start <= 1.0)} target ≤ 1 s"
    mem_txt = "n/a"
    if r.peak_memory is not None:
        mem_txt = f"{r.peak_memory / 1e6:,.1f} MB"
        if m_sqlite:
            mem_txt += f" {mark(r.peak_memory <= 150e6)} target ≤ 150 MB"
    by_key = {m.endpoint.key: m for m in r.measured}
    ratio_txt = "n/a"
    if "static" in by_key and "ventures" in by_key:
        ratio = by_key["ventures"].median("ok_rps") / max(by_key["static"].median("ok_rps"), 1e-9)
        ratio_txt = f"{ratio:.1%}"
        if m_sqlite:
            ratio_txt += f" {mark(ratio >= 0.25)} target ≥ 25%"
    lines += [
        f"- seed: {r.seed_s:,.1f} s — {r.seed_output}",
        f"- start on the existing database (spawn → /healthz 200): {start_txt}",
        f"- peak server memory (VmHWM, after the runs): {mem_txt}",
        f"- venture page: `/ventures/{r.venture}` (the venture with the most programs)",
        f"- ventures list throughput / static-file throughput (2xx per s): {ratio_txt}",
        "",
        "| endpoint | req/s median (min–max) | p50 ms | p95 ms median (min–max) | p99 ms "
        "| failed responses (all runs) | bare SQL p95 ms | target p95 | server VmHWM after, MB |",
        "|---|---:|---:|---:|---:|---|---:|---|---:|",
    ]
    for m in r.measured:
        rps_lo, rps_hi = m.spread("ok_rps")
        p95_lo, p95_hi = m.spread("p95_ms")
        total, kinds = m.errors()
        requests = sum(int(run["requests"]) for run in m.runs)
        if total:
            detail = ", ".join(f"{k} ×{v:,}" for k, v in sorted(kinds.items()))
            errors_txt = f"**{total:,} of {requests:,}**: {detail}"
        else:
            errors_txt = f"0 of {requests:,}"
        dagger = " †" if total else ""
        if m.bare_sql:
            sql_txt = fmt_num(float(m.bare_sql["p95_ms"]), 2)
        elif m.endpoint.key in ("static", "ventures-render") or m.endpoint.mode == "write":
            sql_txt = "—"
        else:
            sql_txt = m.bare_sql_note or "n/a"
        target_txt = "—"
        p95 = m.median("p95_ms")
        if m.endpoint.target_ms is not None and m_sqlite:
            target_txt = f"≤ {m.endpoint.target_ms:g} {mark(p95 <= m.endpoint.target_ms and not total)}"
        if m.endpoint.key == "dashboard" and l_postgres:
            target_txt = f"≤ 150 {mark(p95 <= 150 and not total)}"
        lines.append(
            f"| {m.endpoint.label} | {fmt_num(m.median('ok_rps'), 0)} ({fmt_num(rps_lo, 0)}–{fmt_num(rps_hi, 0)}) "
            f"| {fmt_num(m.median('p50_ms'), 2)}{dagger} | {fmt_num(p95, 2)} ({fmt_num(p95_lo, 2)}–{fmt_num(p95_hi, 2)}){dagger} "
            f"| {fmt_num(m.median('p99_ms'), 2)}{dagger} | {errors_txt} | {sql_txt} | {target_txt} "
            f"| {fmt_num(m.peak_memory_after / 1e6) if m.peak_memory_after else 'n/a'} |"
        )
    lines.append("")
    if any(m.errors()[0] for m in r.measured):
        lines += ["† wrk's latencies include the failed responses counted beside them.", ""]
    for note in dict.fromkeys(r.notes):
        lines += [f"Note: {note}", ""]
    return lines


def render_front(front: dict) -> list[str]:
    """The front-end weight and Lighthouse tables."""
    lines = [f"### Front end (measured on the {front['where']})", "",
             "| what | raw | gzip -9 | target |", "|---|---:|---:|---|"]
    wasm, css, html = front["wasm"], front["css"], front["html"]
    if "error" in wasm:
        lines.append(f"| wasm `{wasm['file']}` | {wasm['error']} | | ≤ 350 KB gz |")
    else:
        lines.append(f"| wasm `{wasm['file']}` | {kb(wasm['raw'])} | {kb(wasm['gz'])} "
                     f"| ≤ 350 KB gz {mark(wasm['gz'] <= 350_000)} |")
    if "error" in css:
        lines.append(f"| CSS `{css['file']}` | {css['error']} | | ≤ 30 KB |")
    else:
        lines.append(f"| CSS `{css['file']}` | {kb(css['raw'])} | {kb(css['gz'])} "
                     f"| ≤ 30 KB raw {mark(css['raw'] <= 30_000)} |")
    lines.append(f"| HTML of `/ventures` ({html['rows']} rows, HTTP {html['status']}) | {kb(html['raw'])} "
                 f"| {kb(html['gz'])} | ≤ 60 KB raw {mark(html['raw'] <= 60_000)} |")
    lines += ["", "| Lighthouse | desktop performance | desktop accessibility | mobile performance "
              "| mobile accessibility |", "|---|---:|---:|---:|---:|"]
    problems = []
    for page in ("/ventures", "/dashboard"):
        cells = []
        for preset in ("desktop", "mobile"):
            scores = front["lighthouse"][f"{page} {preset}"]
            if "error" in scores:
                problems.append(f"{page} {preset}: {scores['error']}")
            for category in ("performance", "accessibility"):
                score = scores.get(category)
                if score is None:
                    cells.append("n/a")
                elif preset == "desktop":
                    cells.append(f"{score} {mark(score >= 95)}")
                else:
                    cells.append(str(score))
        lines.append(f"| `{page}` | " + " | ".join(cells) + " |")
    lines += ["", "Targets: desktop scores ≥ 95; the mobile profile is reported beside them.", ""]
    first = front.get("first_look")
    if first:
        looks = ", ".join(f"`{page}` {look['ms']:,.0f} ms (HTTP {look['status']})"
                          for page, look in first.items())
        lines += [f"Lighthouse measures each page after one look: the first look after the writes "
                  f"computes it ({looks}); every later look until the next write is the kept page.", ""]
    lines += [f"Lighthouse problem: {p}" for p in problems]
    if problems:
        lines.append("")
    return lines


def machine_header(settings: Settings) -> list[str]:
    """Date, git revision and the machine."""
    rev = run(["git", "rev-parse", "--short", "HEAD"], check=False).stdout.strip() or "unknown"
    if run(["git", "status", "--porcelain", "--untracked-files=no"], check=False).stdout.strip():
        rev += " (with uncommitted changes)"
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            mem_kb = int(line.split()[1])
    wrk_version = run(["wrk", "-v"], check=False).stdout.splitlines()[:1]
    now = dt.datetime.now().astimezone()
    return [
        "# Benchmark results (`make bench`)",
        "",
        f"- date: {now:%Y-%m-%d %H:%M %Z}",
        f"- git revision: {rev}",
        f"- machine: {os.cpu_count()} cores ({cpu}), {mem_kb / 1024 / 1024:.1f} GiB RAM, "
        f"Linux {platform.release()}",
        f"- load: {wrk_version[0].split(' [')[0] if wrk_version else 'wrk'}, {WRK_THREADS} threads, "
        f"{settings.connections} connections, {settings.duration} s per run, {settings.runs} runs "
        "per figure (median, spread min–max); client and server share the cores",
        "- targets (issue #7) are judged on SQLite M, and the dashboard also on PostgreSQL L; "
        "KB and MB are 1,000 and 1,000,000 bytes",
        "",
    ]


# --------------------------------------------------------------------------------------------


def main() -> int:
    """Run every data set of BENCH_SETS, print the tables and write bench/results.md."""
    settings = Settings.from_env()
    atexit.register(_cleanup)
    # Ctrl-C, SIGTERM and SIGHUP all end the run through sys.exit, so the clean-up runs (SIGINT is
    # handled explicitly: a shell that starts the script in the background may ignore it).
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _on_signal)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    if not shutil.which("wrk"):
        sys.exit("bench: wrk is not installed (make bench installs it: apt-get install -y wrk)")
    build_release(settings)
    features = {"seed_set": seed_supports_set(), "bench_queries": server_has("bench-queries")}
    say(f"server features: seed --set {'yes' if features['seed_set'] else 'no (using --ventures)'}, "
        f"bench-queries {'yes' if features['bench_queries'] else 'no (bare SQL: n/a)'}")

    sets = settings.sets
    pg_url = None
    skipped = []
    if any(backend == "postgres" for backend, _ in sets):
        pg_url, how = postgres_admin_url(settings)
        if pg_url:
            say(f"PostgreSQL: {redact(pg_url)} ({how}); the bench database is {PG_BENCH_DB}")
        else:
            message = (f"SKIPPED: the PostgreSQL data sets — no PostgreSQL server is reachable ({how}); "
                       "set TEST_POSTGRES_URL=postgres://user@host:port/db")
            say(message)
            skipped.append(message)
            sets = [s for s in sets if s[0] != "postgres"]

    front_set = ("sqlite", "m") if ("sqlite", "m") in sets else (sets[0] if sets else None)
    results: list[SetResult] = []
    front = None
    for backend, size in sets:
        r, f = bench_set(backend, size, settings, pg_url, features, (backend, size) == front_set)
        results.append(r)
        front = front or f

    lines = machine_header(settings)
    for message in skipped:
        lines += [f"**{message}**", ""]
    if not features["bench_queries"]:
        lines += ["Bare SQL: n/a — this server binary has no `bench-queries` command.", ""]
    for r in results:
        lines += render_set(r, settings)
    if features["bench_queries"]:
        lines += ["The plan of every statement behind each page's bare SQL, per data set and database "
                  "(`server bench-queries --explain`; on PostgreSQL `EXPLAIN (ANALYZE, BUFFERS)`): "
                  "`bench/plans/`.", ""]
    if front:
        lines += render_front(front)
    lines += [
        "Columns: req/s counts 2xx responses only; p50/p95/p99 are wrk's latencies over every "
        "response of the run; bare SQL is the page's queries run directly by "
        "`server bench-queries` (p95 over its runs). Raw JSON per run: `target/bench/`.",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    RESULTS.write_text(text)
    say(f"written: {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
