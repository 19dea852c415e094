#!/usr/bin/env bash
# Start-up: how long from process start to the first push reaching the provider (not part of `mvn verify`).
# Usage: bench/first-delivery.sh [runs=5] [checkout...]   (default checkout: this one; build it first with
# `mvn -B -q package -DskipTests`). With several checkouts (say this one and a worktree of main) the runs are
# interleaved, A B A B..., so the machine's load weighs on both alike; medians at the end.
# Each run: a fresh redis-server (from PATH) and a receiver on free loopback ports, one message preloaded the PHP
# way (SET, then LPUSH), then `java -Xmx256m -jar target/redis-push-app.jar` with push.redis.url and push.url set,
# as the anchors harness runs it. Also shows when Camel's log says the context started, the JVM's CPU by the first
# delivery, and the main thread's (camel-main's start-up, the serial path: the machine's load moves it least).
# FIRST_DELIVERY_THREADS=1 prints each thread's CPU at the first delivery (JIT compilers, GC...).
# FIRST_DELIVERY_VARIANTS="label: JVM options; label: JVM options..." runs each checkout once per variant in each run,
# interleaved (say the class data sharing archive on and off; bench/first-push.sh does that).
# FIRST_DELIVERY_CLASSES=1 also counts the classes loaded by the first delivery (-Xlog:class+load to a file), and how
# many of them came from a class data sharing archive (the JDK's, or one of the app's).
# redis-server: from PATH, else the Linux binary inside the packaged jar (the embedded-redis jar's) in a temp folder.
# FIRST_DELIVERY_KEEP_LOGS=1 keeps each run's log (with the per-delivery log line). FIRST_DELIVERY_JVM_ARGS: extra JVM options (an AppCDS archive, a JFR recording). FIRST_DELIVERY_N: preload this
# many messages instead of one, and also time the last of them (cold msg/s from process start; the Python receiver
# tops out at a few thousand a second, so use the anchors harness for cold throughput figures).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
shift || true
if [ $# -eq 0 ]; then set -- "$PWD"; fi
exec python3 - "$runs" "$@" <<'PY'
import http.server, os, re, shlex, signal, socket, statistics, subprocess, sys, tempfile, threading, time

runs, checkouts = int(sys.argv[1]), [os.path.abspath(c) for c in sys.argv[2:]]
n = int(os.environ.get("FIRST_DELIVERY_N", "1"))
jvm_args = shlex.split(os.environ.get("FIRST_DELIVERY_JVM_ARGS", ""))
# (label, JVM options) pairs; one unlabelled variant by default
variants = [(v.split(":", 1)[0].strip(), shlex.split(v.split(":", 1)[1]) if ":" in v else [])
            for v in os.environ.get("FIRST_DELIVERY_VARIANTS", "").split(";") if v.strip()] or [("", [])]
count_classes = bool(os.environ.get("FIRST_DELIVERY_CLASSES"))

def redis_server_binary():
    for d in os.environ.get("PATH", "").split(os.pathsep):
        if os.access(os.path.join(d, "redis-server"), os.X_OK):
            return "redis-server"
    # the binary the embedded Redis runs, from the first checkout's packaged jar
    import zipfile
    out = os.path.join(tempfile.gettempdir(), "first-delivery-redis-server-%d" % os.getuid())
    if not os.access(out, os.X_OK):
        with zipfile.ZipFile(os.path.join(checkouts[0], "target/redis-push-app.jar")) as jar:
            data = jar.read("redis-server-6.2.6-v5-linux-amd64")
        with open(out + ".tmp", "wb") as f:
            f.write(data)
        os.chmod(out + ".tmp", 0o755)
        os.replace(out + ".tmp", out)
    return out

redis_server = redis_server_binary()

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

def resp(*args):
    out = b"*%d\r\n" % len(args)
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        out += b"$%d\r\n%s\r\n" % (len(a), a)
    return out

class Receiver(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # else Nagle and delayed ACK add 40 ms per keep-alive request
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        server = self.server
        with server.lock:
            server.count += 1
            if server.count == 1:
                server.first = time.monotonic()
            if server.count == n:
                server.last = time.monotonic()
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")
    def log_message(self, *args):
        pass

def stat_cpu_seconds(stat_path):
    # user + system CPU from a /proc stat file (a process's or one thread's)
    with open(stat_path) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

def cpu_seconds(pid):
    # the JVM's CPU (all its threads: JIT compilers and GC included), less sensitive to the machine's load than the
    # wall clock
    return stat_cpu_seconds("/proc/%d/stat" % pid)

def main_thread_cpu_seconds(pid):
    # the thread camel-main starts the context on (the first thread the launcher starts, named "java"):
    # the start-up's serial path, which a second core does not shorten; the machine's load moves it little
    for tid in sorted((t for t in os.listdir("/proc/%d/task" % pid) if t != str(pid)), key=int):
        try:
            with open("/proc/%d/task/%s/comm" % (pid, tid)) as f:
                if f.read().strip() != "java":
                    continue
            return stat_cpu_seconds("/proc/%d/task/%s/stat" % (pid, tid))
        except OSError:
            pass
    return float("nan")

def threads_cpu(pid):
    # CPU seconds of each thread by name (JIT compilers, GC, the warm-up...), for FIRST_DELIVERY_THREADS=1
    by_name = {}
    for tid in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/comm" % (pid, tid)) as f:
                name = re.sub(r"[0-9]+$", "N", f.read().strip())
            by_name[name] = by_name.get(name, 0) + stat_cpu_seconds("/proc/%d/task/%s/stat" % (pid, tid))
        except OSError:
            pass
    return ", ".join("%s %.2f" % kv for kv in sorted(by_name.items(), key=lambda kv: -kv[1]) if kv[1] >= 0.05)

def class_counts(path, first_uptime):
    # classes loaded by the JVM uptime of the first delivery: all, and those from a class data sharing archive
    total = shared = 0
    with open(path, errors="replace") as f:
        for line in f:
            m = re.match(r"\[([0-9.]+)s\].*source: (.*)$", line)
            if not m or float(m.group(1)) > first_uptime:
                continue
            total += 1
            if m.group(2).startswith("shared objects file"):
                shared += 1
    return total, shared

def one_run(checkout, variant_args):
    redis_port, http_port, app_port = free_port(), free_port(), free_port()
    redis = subprocess.Popen([redis_server, "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "",
                              "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", http_port), Receiver)
    server.daemon_threads = True
    server.lock, server.count, server.first, server.last = threading.Lock(), 0, None, None
    threading.Thread(target=server.serve_forever, daemon=True).start()
    jar = None
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                r = socket.create_connection(("127.0.0.1", redis_port))
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        payload = b"".join(resp("SET", "rabbit_push_%d_%06d" % (i, i % 1000000), "hello %d" % i) +
                           resp("LPUSH", "push_queue", "rabbit_push_%d_%06d" % (i, i % 1000000)) for i in range(n))
        r.sendall(resp("SELECT", 2) + payload + resp("PING"))
        got = b""
        while not got.endswith(b"+PONG\r\n"):
            got += r.recv(1 << 20)
        r.close()
        log = tempfile.NamedTemporaryFile(prefix="first-delivery-", suffix=".log", delete=False)
        class_log = log.name + ".classes" if count_classes else None
        class_args = ["-Xlog:class+load=info:file=%s:uptime" % class_log] if count_classes else []
        cmd = ["java", "-Xmx256m", *variant_args, *jvm_args, *class_args, "-Dpush.redis.url=redis://127.0.0.1:%d" % redis_port, "-Dpush.redis.db=2",
               "-Dpush.url=http://127.0.0.1:%d/push" % http_port,
               "-Dpush.delivery.log-level=" + ("INFO" if os.environ.get("FIRST_DELIVERY_KEEP_LOGS") else "OFF"),
               "-Dcamel.server.port=%d" % app_port, "-jar", "target/redis-push-app.jar"]
        start = time.monotonic()
        jar = subprocess.Popen(cmd, cwd=checkout, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = start + 120
        at_first = None  # (JVM CPU, main thread CPU, CPU by thread) when the first push arrives
        while (server.count < n) and time.monotonic() < deadline and jar.poll() is None:
            if at_first is None and server.count > 0:
                at_first = cpu_seconds(jar.pid), main_thread_cpu_seconds(jar.pid), threads_cpu(jar.pid)
            time.sleep(0.002)
        if jar.poll() is not None:
            raise SystemExit("%s: the jar exited (status %d) after %d of %d deliveries; see %s" % (checkout, jar.returncode,
                             server.count, n, log.name))
        if at_first is None:
            at_first = cpu_seconds(jar.pid), main_thread_cpu_seconds(jar.pid), threads_cpu(jar.pid)
        cpu_first, main_first, by_thread = at_first
        if os.environ.get("FIRST_DELIVERY_THREADS"):
            print("CPU by thread at the first delivery: " + by_thread)
        if server.count < n:
            raise SystemExit("%s: %d of %d delivered; see %s" % (checkout, server.count, n, log.name))
        first, last = server.first - start, server.last - start
        started = None
        with open(log.name, errors="replace") as f:
            for line in f:
                m = re.search(r"Apache Camel \S+ \(.*\) started in (\S+)", line)
                if m:
                    started = m.group(1)
        classes = None
        if class_log:
            # the JVM's uptime starts a few ms after the process: the cut-off errs by those ms
            classes = class_counts(class_log, first)
            os.unlink(class_log)
        if os.environ.get("FIRST_DELIVERY_KEEP_LOGS"):
            print("log: " + log.name)
        else:
            os.unlink(log.name)
        return first, last, started, cpu_first, main_first, classes
    finally:
        if jar is not None and jar.poll() is None:
            os.killpg(jar.pid, signal.SIGTERM)
            try:
                jar.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(jar.pid, signal.SIGKILL)
                jar.wait()
        server.shutdown()
        server.server_close()
        redis.terminate()
        redis.wait()

candidates = [(c, label, args) for c in checkouts for label, args in variants]
def name(c, label):
    return c + (" [%s]" % label if label else "")
results = {(c, label): [] for c, label, _ in candidates}
for i in range(runs):
    for c, label, args in candidates:
        first, last, started, cpu, main_cpu, classes = one_run(c, args)
        results[(c, label)].append((first, last, cpu, main_cpu, classes))
        extra = " last of %d %.2f s (%.0f msg/s from process start);" % (n, last, n / last) if n > 1 else ""
        if classes:
            extra += " classes loaded by then %d (%d from CDS archives);" % classes
        print("run %d %s: first delivery %.2f s (CPU %.2f s, main thread %.2f s);%s Camel: started in %s" % (i + 1,
              name(c, label), first, cpu, main_cpu, extra, started), flush=True)
for c, label, _ in candidates:
    rs = results[(c, label)]
    firsts = [r[0] for r in rs]
    line = "%s: first delivery median %.2f s (%s), CPU by then median %.2f s (main thread %.2f s)" % (name(c, label),
            statistics.median(firsts), ", ".join("%.2f" % f for f in firsts), statistics.median(r[2] for r in rs),
            statistics.median(r[3] for r in rs))
    if n > 1:
        line += "; %d messages: median %.0f msg/s from process start" % (n, statistics.median(n / r[1] for r in rs))
    if rs[0][4]:
        line += "; classes loaded median %d (%d from CDS archives)" % (statistics.median(r[4][0] for r in rs),
                                                                     statistics.median(r[4][1] for r in rs))
    print(line)
# with several candidates, each one against the first: the median of the ratios of the runs made side by side (the
# machine's load weighs on a pair alike), which on a shared machine says more than the medians above
base = candidates[0][:2]
for c, label, _ in candidates[1:]:
    pairs = list(zip(results[base], results[(c, label)]))
    print("%s against %s: first delivery %.2fx, CPU by then %.2fx, main thread %.2fx (medians of %d paired runs)" % (
        name(c, label), name(*base), statistics.median(b[0] / a[0] for a, b in pairs),
        statistics.median(b[2] / a[2] for a, b in pairs), statistics.median(b[3] / a[3] for a, b in pairs), len(pairs)))
PY
