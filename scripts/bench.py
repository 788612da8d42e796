#!/usr/bin/env python3
"""Whole-process benchmarks for BENCHMARKS.md. Run from the repo root after `cargo build --release`:

    python3 scripts/bench.py            # all
    python3 scripts/bench.py sign test m2m tui latency many

Needs only python3 (+ oauthlib for the sign comparison, + curl for the test comparison).
Prints medians; every number in BENCHMARKS.md comes from this script.
"""
import json
import os
import pty
import re
import select
import signal
import statistics
import subprocess
import sys
import time

BIN = os.path.abspath(os.environ.get("NSTBA_BIN", "target/release/nstba"))
CK = "ef40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4"
CS = "d26ad321a4b2f23b0741c8d38392ce01c3e23e109df6c96eac6d099e9ab9e8b5"
TK = "2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc"
TS = "c29a677df7d5439a458c063654187e3d678d73aca8e3c9d8bea1478a3eb0d295"
URL = "https://123456.restlets.api.netsuite.com/app/site/hosting/restlet.nl?script=6&deploy=1"
ENV = dict(os.environ, NETSUITE_ACCOUNT_ID="123456", NETSUITE_CONSUMER_KEY=CK,
           NETSUITE_CONSUMER_SECRET=CS, NETSUITE_TOKEN_ID=TK, NETSUITE_TOKEN_SECRET=TS)
CLK = os.sysconf("SC_CLK_TCK")


def timed(cmd, runs, env=None):
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples)


def bench_sign(runs=50):
    ours = timed([BIN, "sign", "--method", "POST", "--url", URL], runs, ENV)
    py = ("from oauthlib.oauth1 import Client, SIGNATURE_HMAC_SHA256;"
          f"print(Client('{CK}', client_secret='{CS}', resource_owner_key='{TK}', "
          f"resource_owner_secret='{TS}', signature_method=SIGNATURE_HMAC_SHA256, realm='123456')"
          f".sign('{URL}', 'POST')[1]['Authorization'])")
    theirs = timed([sys.executable, "-c", py], runs)
    print(f"sign: nstba sign median {ours:.2f} ms; python oauthlib one-liner median {theirs:.2f} ms; "
          f"ratio {theirs / ours:.1f}x")


def start_emulator(*extra):
    p = subprocess.Popen([BIN, "emulator", *extra], stdout=subprocess.PIPE, text=True)
    base = None
    exports = {}
    for line in p.stdout:
        m = re.search(r"listening on (http://\S+)", line)
        if m:
            base = m.group(1)
        m = re.match(r"export (NETSUITE_\w+)=(\S+)", line)
        if m:
            exports[m.group(1)] = m.group(2)
        if line.startswith("Press Ctrl-C"):
            break
    return p, base, exports


def bench_test(runs=30):
    emu, base, exports = start_emulator()
    try:
        env = dict(os.environ, **exports)
        cmd = [BIN, "test", "--base-url", base, "--api", "rest,restlet,soap"]
        ours = timed(cmd, runs, env)
        # The same six HTTP requests the test makes (lookup, serverTime, metadata-catalog, suiteql,
        # tokeninfo, SOAP), in one curl process.
        acct = exports["NETSUITE_ACCOUNT_ID"]
        curl = ["curl", "-s", "-o", "/dev/null", f"{base}/rest/datacenterurls?account={acct}",
                "-o", "/dev/null", f"{base}/services/rest/system/v1/serverTime",
                "-o", "/dev/null", f"{base}/services/rest/record/v1/metadata-catalog",
                "-o", "/dev/null", "-X", "GET", f"{base}/services/rest/query/v1/suiteql?limit=1",
                "-o", "/dev/null", f"{base}/rest/tokeninfo",
                "-o", "/dev/null", f"{base}/services/NetSuitePort_2025_2"]
        raw = timed(curl, runs)
        print(f"test: nstba test (6 requests + TCP probe) median {ours:.2f} ms; "
              f"curl with the same 6 requests median {raw:.2f} ms; ratio {ours / raw:.2f}x")
    finally:
        emu.send_signal(signal.SIGINT)
        emu.wait(timeout=5)


def start_emulator_m2m():
    """The emulator and its M2M demo client (client id, certificate id, key file)."""
    p = subprocess.Popen([BIN, "emulator"], stdout=subprocess.PIPE, text=True)
    base, exports = None, {}
    for line in p.stdout:
        m = re.search(r"listening on (http://\S+)", line)
        if m:
            base = m.group(1)
        m = re.match(r"export (NETSUITE_\w+)=(\S+)", line)
        if m:
            exports[m.group(1)] = m.group(2)
        if line.startswith("nstba test --auth m2m"):
            break
    return p, base, exports


def bench_m2m(runs=30):
    emu, base, exports = start_emulator_m2m()
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith("NETSUITE_")}
        for k in ("NETSUITE_ACCOUNT_ID", "NETSUITE_CLIENT_ID", "NETSUITE_CERTIFICATE_ID",
                  "NETSUITE_PRIVATE_KEY_FILE"):
            env[k] = exports[k]
        cmd = [BIN, "test", "--auth", "m2m", "--base-url", base, "--api", "rest,restlet"]
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
        ours = timed(cmd, runs, env)
        # The same six HTTP requests (lookup, token POST with a form body of the same size,
        # serverTime, metadata-catalog, SuiteQL POST, tokeninfo, each with a Bearer header), in
        # one curl process. curl cannot sign an assertion: its token request carries a dummy one
        # and is refused, and its Bearer calls are refused too (no cheaper for the emulator).
        acct = exports["NETSUITE_ACCOUNT_ID"]
        form = ("grant_type=client_credentials&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3A"
                "client-assertion-type%3Ajwt-bearer&client_assertion=" + "a" * 420)
        bearer = ["-H", "Authorization: Bearer " + "b" * 700]
        o = ["-o", "/dev/null"]
        curl = (["curl", "-s"] + o + [f"{base}/rest/datacenterurls?account={acct}"]
                + o + ["-d", form, f"{base}/services/rest/auth/oauth2/v1/token"]
                + ["--next", "-s"] + bearer + o + [f"{base}/services/rest/system/v1/serverTime"]
                + o + [f"{base}/services/rest/record/v1/metadata-catalog"]
                + o + [f"{base}/rest/tokeninfo"]
                + ["--next", "-s"] + bearer + o + ["-H", "Prefer: transient", "-H",
                   "Content-Type: application/json", "-d", '{"q":"SELECT id FROM employee"}',
                   f"{base}/services/rest/query/v1/suiteql?limit=1"])
        raw = timed(curl, runs)
        print(f"m2m: nstba test --auth m2m (6 requests + TCP probe, ES256 assertion) median "
              f"{ours:.2f} ms; curl with the same 6 requests median {raw:.2f} ms; "
              f"ratio {ours / raw:.2f}x")
    finally:
        emu.send_signal(signal.SIGINT)
        emu.wait(timeout=5)


def bench_latency(runs=9, ms=200):
    """`nstba test --api rest,restlet,soap` on a healthy account answering in `ms` per request:
    requests in parallel (default) against one at a time (--in-flight 1), and the same without
    latency (the process's own time). The critical path is 3 dependent round trips: lookup ||
    reachability, then REST login || RESTlet tokeninfo || SOAP, then records || SuiteQL."""
    rows = {}
    for latency in (0, ms):
        emu, base, exports = start_emulator("--latency-ms", str(latency))
        try:
            env = dict(os.environ, **exports)
            for n in (1, 3):
                cmd = [BIN, "test", "--base-url", base, "--api", "rest,restlet,soap",
                       "--in-flight", str(n)]
                rows[(latency, n)] = timed(cmd, runs, env)
        finally:
            emu.send_signal(signal.SIGINT)
            emu.wait(timeout=5)
    critical = 3 * ms
    for n, what in ((1, "one request at a time (--in-flight 1)"), (3, "parallel (default)")):
        base0, slow = rows[(0, n)], rows[(ms, n)]
        print(f"latency: {what}: median {slow:.0f} ms at {ms} ms per answer, {base0:.0f} ms at 0 ms; "
              f"waiting {slow - base0:.0f} ms = {(slow - base0) / ms:.2f} round trips; "
              f"{slow / critical:.2f}x the critical path ({critical} ms)")


def proc_stat(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])
    with open(f"/proc/{pid}/status") as f:
        rss = next(int(l.split()[1]) for l in f if l.startswith("VmRSS:"))
    return ticks, rss


def bench_tui(runs=10, idle_secs=10):
    firsts = []
    for i in range(runs):
        pid, fd = pty.fork()
        if pid == 0:
            os.environ["TERM"] = "xterm-256color"
            os.execv(BIN, [BIN, "--demo"])
        import fcntl, struct, termios
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        t = time.perf_counter()
        buf = b""
        first = None
        while time.perf_counter() - t < 5:
            r, _, _ = select.select([fd], [], [], 0.05)
            if r:
                try:
                    buf += os.read(fd, 65536)
                except OSError:
                    break
                if b"set up" in buf.lower() or b"Set up" in buf:
                    first = (time.perf_counter() - t) * 1000
                    break
        if first is not None:
            firsts.append(first)
        if i == runs - 1:
            # Idle: drain output, measure CPU ticks and RSS over idle_secs.
            time.sleep(1)
            t0, _ = proc_stat(pid)
            end = time.time() + idle_secs
            while time.time() < end:
                r, _, _ = select.select([fd], [], [], 0.5)
                if r:
                    try:
                        os.read(fd, 65536)
                    except OSError:
                        break
            t1, rss = proc_stat(pid)
            cpu = (t1 - t0) / CLK / idle_secs * 100
            print(f"tui: idle CPU {cpu:.2f} % over {idle_secs} s; RSS {rss / 1024:.1f} MB")
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
        os.close(fd)
    if firsts:
        print(f"tui: time to first frame median {statistics.median(firsts):.1f} ms "
              f"(min {min(firsts):.1f}, max {max(firsts):.1f}, n={len(firsts)})")
    else:
        print("tui: first frame not seen")


MANY_SCENARIOS = ["healthy"] * 6 + ["revoked-token", "role-without-rest", "integration-blocked"]
MANY_M2M = ["healthy", "m2m-scope-mismatch"]


def many_profiles(n):
    """`n` accounts (every tenth M2M) and their scenarios, as `--account` items."""
    accounts = []
    for i in range(n):
        acct = str(2000001 + i)
        m2m = i % 10 == 9
        pool = MANY_M2M if m2m else MANY_SCENARIOS
        accounts.append((f"cust{i + 1:03d}", acct, pool[i % len(pool)], m2m))
    return accounts


def save_many(store, accounts, creds, key_file):
    env0 = {k: v for k, v in os.environ.items() if not k.startswith("NETSUITE_")}
    env0.update(NSTBA_CONFIG_DIR=store, NSTBA_SECRET_STORE="file")
    for name, acct, _, m2m in accounts:
        ck, cs, tk, ts = creds[acct]
        env = dict(env0, NETSUITE_ACCOUNT_ID=acct)
        if m2m:
            env.update(NETSUITE_CLIENT_ID=ck, NETSUITE_CERTIFICATE_ID=creds["cert"],
                       NETSUITE_PRIVATE_KEY_FILE=key_file)
        else:
            env.update(NETSUITE_CONSUMER_KEY=ck, NETSUITE_CONSUMER_SECRET=cs,
                       NETSUITE_TOKEN_ID=tk, NETSUITE_TOKEN_SECRET=ts)
        subprocess.run([BIN, "profile", "save", name], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return env0


def masked_doc(doc):
    """A test document with what differs between two runs masked (durations, times, token
    claims' numbers), as text."""
    for c in doc.get("checks", []):
        c["ms"] = 0
    if isinstance(doc.get("token"), dict):
        doc["token"] = {k: (0 if isinstance(v, (int, float)) else v) for k, v in doc["token"].items()}
    text = json.dumps(doc, sort_keys=True)
    text = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z?", "TIME", text)
    return re.sub(r"\d+ (s|min)\b", r"N \1", text)


def run_measured(cmd, env):
    """Runs `cmd`; (wall ms, peak RSS MB, exit status, stdout)."""
    t = time.perf_counter()
    p = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = p.stdout.read()
    _, status, usage = os.wait4(p.pid, 0)
    wall = (time.perf_counter() - t) * 1000
    p.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss / 1024, p.returncode, out


def bench_many(runs=5, n=100, ms=200):
    """`nstba test --all-profiles --json` on `n` profiles of `n` emulated accounts (one emulator
    serving them all, every answer `ms` late): wall time and peak RSS of the nstba process
    (medians), and every document equal to testing that profile alone."""
    import shutil
    import tempfile
    from concurrent.futures import ThreadPoolExecutor
    accounts = many_profiles(n)
    args = [a for _, acct, scen, _ in accounts for a in ("--account", f"{acct}={scen}")]
    p = subprocess.Popen([BIN, "emulator", "--latency-ms", str(ms), *args],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    base, creds = None, {}
    for line in p.stdout:
        m = re.search(r"listening on (http://[^\s,]+)", line)
        if m:
            base = m.group(1)
        m = re.search(r"certificate id (\S+) with", line)
        if m:
            creds["cert"] = m.group(1)
        parts = line.split()
        if len(parts) == 6 and parts[0].isdigit():
            creds[parts[0]] = parts[2:]
        if line.startswith("Press Ctrl-C"):
            break
    tmp = tempfile.mkdtemp(prefix="nstba-bench-many-")
    try:
        key = os.path.join(tmp, "key.pem")
        with open("src/emulator/oauth2/demo_key.pem") as src, open(key, "w") as dst:
            dst.write(src.read())
        os.chmod(key, 0o600)
        pristine = os.path.join(tmp, "pristine")
        env0 = save_many(pristine, accounts, creds, key)
        for d in ("together", "alone", "timing"):
            shutil.copytree(pristine, os.path.join(tmp, d))
        cmd = [BIN, "test", "--all-profiles", "--json", "--base-url", base]
        # Correctness first: all at once, then each alone (8 processes at a time, each testing
        # one profile), on fresh copies of the same profiles.
        _, _, code, out = run_measured(cmd, dict(env0, NSTBA_CONFIG_DIR=os.path.join(tmp, "together")))
        docs = json.loads(out)
        alone_env = dict(env0, NSTBA_CONFIG_DIR=os.path.join(tmp, "alone"))

        def one(name):
            r = subprocess.run([BIN, "test", "--profile", name, "--json", "--base-url", base],
                               env=alone_env, capture_output=True, check=False)
            d = json.loads(r.stdout)
            d["profile"] = name
            return masked_doc(d)
        with ThreadPoolExecutor(8) as pool:
            singles = list(pool.map(one, [a[0] for a in accounts]))
        same = sum(masked_doc(d) == s for d, s in zip(docs, singles))
        for d, s in zip(docs, singles):
            if masked_doc(d) != s:
                a, b = masked_doc(d), s
                i = next(k for k in range(min(len(a), len(b))) if a[k] != b[k])
                print(f"many: {d['profile']} differs from testing it alone: "
                      f"...{a[max(0, i - 120):i + 80]}... vs ...{b[max(0, i - 120):i + 80]}...")
        failing = sum(1 for d in docs if not d["ok"])
        walls, rsss = [], []
        timing_env = dict(env0, NSTBA_CONFIG_DIR=os.path.join(tmp, "timing"))
        for _ in range(runs):
            wall, rss, _, _ = run_measured(cmd, timing_env)
            walls.append(wall)
            rsss.append(rss)
        load = os.getloadavg()
        print(f"many: {n} profiles on {n} accounts at {ms} ms per answer ({failing} failing by "
              f"scenario, every tenth M2M), default --jobs: median {statistics.median(walls):.0f} ms "
              f"(min {min(walls):.0f}, max {max(walls):.0f}, n={runs}); peak RSS median "
              f"{statistics.median(rsss):.1f} MB (max {max(rsss):.1f}); exit {code}; "
              f"{same}/{n} documents identical to testing each alone; load average "
              f"{load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    finally:
        p.send_signal(signal.SIGINT)
        p.wait(timeout=5)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    which = sys.argv[1:] or ["sign", "test", "m2m", "tui", "latency"]
    print(f"machine: {os.cpu_count()} cores; {os.uname().sysname} {os.uname().release}")
    for w in which:
        {"sign": bench_sign, "test": bench_test, "m2m": bench_m2m, "tui": bench_tui,
         "latency": bench_latency, "many": bench_many}[w]()
