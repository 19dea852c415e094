#!/usr/bin/env python3
"""Redis's own CPU per acknowledged push, the delivery history off and on: the part of the history's cost that the
anchors harness cannot separate from the machine's noise. It starts a redis-server (the system's, as the harness
does) on a free loopback port, loads acknowledge-7.lua with its includes resolved, and acknowledges N claimed pushes
in calls of B keys, each build in turn, REPS times; Redis's used_cpu_user + used_cpu_sys over the calls, per push.

  bench/history-redis-cost.py            # N=40000 B=2 REPS=5
  N=40000 B=8 REPS=5 bench/history-redis-cost.py

Only Redis's side: the worker's (a string per push) is in the anchors run (docs/delivery-history.md).
"""
import os
import re
import socket
import statistics
import subprocess
import tempfile
import time

LUA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "main", "resources", "redis-push", "lua")
INCLUDE = re.compile(r'^--- @include "([^"]+)"[ \t]*$', re.M)


def resolved(name, seen=None):
    """The script as LuaIncludes.java resolves it: each include once, where it is first asked for."""
    seen = set() if seen is None else seen
    text = open(os.path.join(LUA, name + ".lua")).read()

    def one(match):
        if match.group(1) in seen:
            return ""
        seen.add(match.group(1))
        return resolved(match.group(1), seen)
    return INCLUDE.sub(one, text)


def command(*args):
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(a), a))
    return b"".join(out)


class Redis:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.file = self.sock.makefile("rb")

    def reply(self):
        line = self.file.readline()
        kind, rest = line[:1], line[1:-2]
        if kind == b"-":
            raise RuntimeError(rest.decode())
        if kind in (b"+", b":"):
            return rest
        if kind == b"$":
            return None if int(rest) < 0 else self.file.read(int(rest) + 2)[:-2]
        if kind == b"*":
            return [self.reply() for _ in range(int(rest))]
        raise RuntimeError(line)

    def call(self, *args):
        self.sock.sendall(command(*args))
        return self.reply()

    def pipeline(self, calls, chunk=200):
        for i in range(0, len(calls), chunk):
            part = calls[i:i + chunk]
            self.sock.sendall(b"".join(command(*c) for c in part))
            for _ in part:
                self.reply()

    def cpu_seconds(self):
        info = dict(line.split(":", 1) for line in self.call("INFO", "cpu").decode().split("\r\n") if ":" in line)
        return float(info["used_cpu_user"]) + float(info["used_cpu_sys"])


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ack_cost(redis, sha, history, n, batch):
    """Redis CPU µs per push to acknowledge n claimed pushes, batch keys per call."""
    redis.call("FLUSHALL")
    keys = [f"rabbit_push_{1000 + i % 9000}_{100000 + i}" for i in range(n)]
    setup = []
    for k in keys:  # claimed as the claim script leaves them; in claim order, so LREM finds each near the head
        setup += [("SET", k, "a message"), ("RPUSH", "temp_queue", k), ("ZADD", "leases", 1, k),
                  ("HSET", "lease_tokens", k, "t" + k), ("HSET", "attempts", k, 1)]
    redis.pipeline(setup, 1000)
    calls = []
    for i in range(0, n, batch):
        some = keys[i:i + batch]
        args = ["100000" if history else "", ""]
        for k in some:
            args.append("t" + k)
            if history:
                args.append("delivered||200|1|41|bench-host:12345|200")
        calls.append(("EVALSHA", sha, 6 + len(some), "temp_queue", "leases", "lease_tokens", "attempts", "stats",
                      "temp_queue:history", *some, *args))
    before = redis.cpu_seconds()
    redis.pipeline(calls)
    spent = redis.cpu_seconds() - before
    assert redis.call("LLEN", "temp_queue") == b"0", "every claim released"
    assert int(redis.call("XLEN", "temp_queue:history")) == (n if history else 0)
    return spent / n * 1e6


def main():
    n, batch, reps = int(os.environ.get("N", 40000)), int(os.environ.get("B", 2)), int(os.environ.get("REPS", 5))
    port = free_port()
    work = tempfile.mkdtemp(prefix="history-cost-")
    server = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                               "--dir", work, "--logfile", os.path.join(work, "redis.log")])
    try:
        for _ in range(100):
            try:
                redis = Redis(port)
                break
            except OSError:
                time.sleep(0.05)
        sha = redis.call("SCRIPT", "LOAD", resolved("acknowledge-7"))
        costs = {"off": [], "on": []}
        for _ in range(reps):
            for build in costs:
                costs[build].append(ack_cost(redis, sha, build == "on", n, batch))
        for build, values in costs.items():
            print(f"history {build:3}: {' '.join(f'{v:.2f}' for v in values)} µs of Redis CPU per push; "
                  f"median {statistics.median(values):.2f}, least {min(values):.2f}")
        print(f"on - off: {statistics.median(costs['on']) - statistics.median(costs['off']):.2f} µs per push (medians), "
              f"{min(costs['on']) - min(costs['off']):.2f} (least); N={n} B={batch} REPS={reps}")
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
