"""`make bench`: build the synthetic catalogue if missing, serve it with gunicorn, load-test the
pages against a minimal view, measure queries, search, memory and import rates, and write a
JSON and a Markdown report under bench/reports/.

    python -m bench.run --size 1000 --duration 10 --rounds 3

DATABASE_URL (PostgreSQL) selects the server: the bench uses its own database there (see
bench.database). REDIS_URL selects the Redis of the cached run; without it a private
redis-server is started when installed, else that run is skipped.

Every server is also measured as a logged-in buyer (« buyer-… » targets: the demo customer's
session, opened through the login view, see bench.session). BENCH_REFERENCE_URL (and
BENCH_REFERENCE_PATHS, « home=/,category=/breads/,product=/breads/bolani/ ») adds another
site, such as Wagtail's bakerydemo served on this machine, measured in the same rounds as the
uncached server (« reference-… » targets) and reported side by side.
"""

import argparse
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from bench import load, report, session
from bench.database import VAR, bench_database_url, database_key, ensure_postgresql_database

ROOT = Path(__file__).resolve().parent.parent
WORKERS = 2
CONNECTIONS = 8
# Load-tested on every server; the uncached server also gets search, sitemap and feed.
CACHED_TARGETS = ["minimal", "home", "category", "product"]
UNCACHED_TARGETS = CACHED_TARGETS + ["search", "sitemap", "feed"]
# Whole-catalogue files: fetched one at a time by a crawler or Merchant Center, so one
# connection per worker (8 would only queue behind seconds-long requests), and each client
# finishes the file it started: at 100,000 products one takes longer than a round lasts, and
# wrk would report nothing.
HEAVY_TARGETS = {"sitemap", "feed"}
# The same cached server without the statistics' counting: what counting costs a cache hit.
UNCOUNTED_TARGETS = ["minimal", "product"]
# The same pages for a logged-in buyer, on every server (search is never cached: it counts
# hits, storefront/search.py).
BUYER_PAGES = ["home", "category", "product", "search"]
BUYER_PREFIX = "buyer-"
REFERENCE_PREFIX = "reference-"
DEFAULT_REFERENCE_PATHS = "home=/"
# gunicorn's default (30 s) would kill a worker streaming a large feed; sync workers do not
# report to the arbiter while they stream.
WORKER_TIMEOUT = 300
BODY_KEPT = 1 << 16


def log(message):
    print(f"[bench] {message}", flush=True)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def python_json(env, *args):
    """Run `python -m bench.measure ARGS` and return the JSON it prints last."""
    completed = subprocess.run(
        [sys.executable, "-m", "bench.measure", *args],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def wait_until_up(url, process, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server stopped (exit {process.returncode}), log in {VAR}")
        try:
            with urllib.request.urlopen(url, timeout=30):
                return
        except OSError:  # refused while booting, or a timeout on a busy machine
            time.sleep(0.5)
    raise SystemExit(f"the server did not answer {url} within {seconds} s")


@contextmanager
def gunicorn(env, name):
    port = free_port()
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "--workers",
        str(WORKERS),
        "--worker-class",
        "sync",
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        str(WORKER_TIMEOUT),
        "--log-level",
        "warning",
        "config.wsgi:application",
    ]
    # The site's own log (warnings and errors) goes to a file, summed up in the report.
    log_path = VAR / f"gunicorn-{name}.log"
    with open(log_path, "w") as log_file:
        process = subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=log_file, stderr=subprocess.STDOUT
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(f"{base}/bench/minimal/", process)
            yield base, log_path
        finally:
            process.terminate()
            process.wait(timeout=60)


def logged_errors(log_path):
    """Tracebacks the site logged while it was measured: they cost time and may explain it."""
    text = log_path.read_text(errors="replace")
    return {"tracebacks": text.count("Traceback"), "log": str(log_path.relative_to(ROOT))}


@contextmanager
def redis_server():
    """(REDIS_URL, how it was found); a private redis-server when none is configured."""
    if os.environ.get("REDIS_URL"):
        yield os.environ["REDIS_URL"], "REDIS_URL"
        return
    binary = shutil.which("redis-server")
    if not binary:
        yield None, "no REDIS_URL and no redis-server installed (apt-get install redis-server)"
        return
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        yield f"redis://127.0.0.1:{port}/0", "private redis-server started by the bench"
    finally:
        process.terminate()
        process.wait(timeout=30)


def fetch(url, headers=None):
    """(status, body) of a GET; the body of a large file is dropped (only its size is kept):
    warming up fetches whole feeds, and this process forks the memory measurements."""
    asked = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(asked, timeout=load.TIMEOUT_SECONDS * 5) as response:
        body = response.read(BODY_KEPT + 1)
        size = len(body)
        while chunk := response.read(1 << 20):
            size += len(chunk)
        return response.status, body if size <= BODY_KEPT else size


def fetch_concurrently(url, count, headers=None):
    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(lambda _: fetch(url, headers), range(count)))


def reference_targets(base_url, spec):
    """{"reference-home": URL, …} from BENCH_REFERENCE_URL and « name=/path/,… »."""
    targets = {}
    for item in spec.split(","):
        name, separator, path = item.strip().partition("=")
        if not separator or not name or not path.startswith("/"):
            raise SystemExit(f"BENCH_REFERENCE_PATHS: « name=/path/ », not « {item} »")
        targets[REFERENCE_PREFIX + name.strip()] = base_url.rstrip("/") + path.strip()
    return targets


def server_targets(base, paths, names, buyer_cookie=None, reference=None):
    """{name: (URL, headers)}: this server's pages, as a buyer too, and the reference's."""
    targets = {name: (base + paths[name], {}) for name in names}
    if buyer_cookie:
        for page in BUYER_PAGES:
            targets[BUYER_PREFIX + page] = (base + paths[page], {"Cookie": buyer_cookie})
    for name, url in (reference or {}).items():
        targets[name] = (url, {})
    return targets


def warm_up(targets):
    """Every page answers 200, and every worker has served it (templates compiled, image
    renditions made, caches filled) before anything is measured."""
    for name, (url, headers) in targets.items():
        statuses = [status for status, _ in fetch_concurrently(url, 2 * WORKERS, headers)]
        if set(statuses) != {200}:
            raise SystemExit(f"{name} ({url}) answered {statuses}")


def page_cache_status(url, headers):
    """The X-Page-Cache header of a repeated request (« hit » when the page cache served it)."""
    fetch(url, headers)
    asked = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(asked, timeout=load.TIMEOUT_SECONDS) as response:
        return response.headers.get("X-Page-Cache")


def drain(base):
    """Wait for the requests the load tool left queued: sync workers still serve every
    connection waiting in the kernel's queue after the tool stops, and the next target would
    pay for them. The minimal view answers with its worker's pid: once every worker has
    answered a request queued behind them, none of them is left."""
    answered = set()
    while len(answered) < WORKERS:
        answered.update(body for _, body in fetch_concurrently(f"{base}/bench/minimal/", WORKERS))


def load_test(base, targets, duration, rounds):
    """Rounds of every target in turn, each round starting one target further on, so that
    machine noise spreads over all of them; medians per target, ratio to the minimal view."""
    names = list(targets)
    results = {name: [] for name in names}
    for number in range(rounds):
        order = names[number % len(names) :] + names[: number % len(names)]
        for name in order:
            url, headers = targets[name]
            if name in HEAVY_TARGETS:
                result = load.run_python(url, duration, connections=WORKERS, timeout=WORKER_TIMEOUT)
            else:
                result = load.measure(url, duration, CONNECTIONS, headers)
            drain(base)
            log(
                f"  round {number + 1} {name}: {result.requests_per_second:.1f} req/s, "
                f"p50 {result.latency_ms.get('50')} ms"
            )
            results[name].append(result.as_dict())
    measured = {}
    for name, runs in results.items():

        def median(key, runs=runs):
            values = [value for value in (key(run) for run in runs) if value is not None]
            return statistics.median(values) if values else None

        measured[name] = {
            "path": targets[name][0].removeprefix(base),
            "rps": median(lambda run: run["requests_per_second"]),
            "p50_ms": median(lambda run: run["latency_ms"].get("50")),
            "p99_ms": median(lambda run: run["latency_ms"].get("99")),
            "errors": sum(run["errors"] for run in runs),
            "rounds": runs,
        }
    ceiling = measured["minimal"]["rps"]
    for figures in measured.values():
        figures["ratio"] = figures["rps"] / ceiling if ceiling else None
    return measured


def serve_and_measure(env, paths, args, name, cache, page_cache, names, reference=None):
    server_env = {**env, "BENCH_CACHE": cache, "BENCH_PAGE_CACHE": page_cache}
    log(f"Server « {name} »: cache {cache}, page cache {page_cache}")
    with gunicorn(server_env, name) as (base, log_path):
        targets = server_targets(base, paths, names, session.log_in(base), reference)
        warm_up(targets)
        buyer_cache = page_cache_status(*targets[BUYER_PREFIX + "product"])
        measured = load_test(base, targets, args.duration, args.rounds)
    return {
        "cache": cache,
        "page_cache": page_cache == "on",
        "buyer_product_page_cache": buyer_cache,
        "targets": measured,
        "server_log": logged_errors(log_path),
    }


def import_memory(env, megabytes):
    """Peak RSS of importing a generated CSV of about `megabytes` MB (bench/import_memory.py)."""
    log(f"Import of a {megabytes:g} MB CSV file: peak memory")
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.import_memory",
            str(VAR / "import-memory.csv"),
            str(megabytes),
        ],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=int(os.environ.get("BENCH_SIZE", "1000")))
    parser.add_argument("--duration", type=int, default=int(os.environ.get("BENCH_DURATION", "10")))
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", "3")))
    parser.add_argument(
        "--import-megabytes",
        type=float,
        default=float(os.environ.get("BENCH_IMPORT_MB", "50")),
        help="size of the CSV file whose import's peak memory is measured",
    )
    parser.add_argument("--reference-url", default=os.environ.get("BENCH_REFERENCE_URL", ""))
    parser.add_argument(
        "--reference-paths",
        default=os.environ.get("BENCH_REFERENCE_PATHS", DEFAULT_REFERENCE_PATHS),
    )
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    run_id = time.strftime("%Y%m%d-%H%M%S")
    started = time.strftime("%Y-%m-%d %H:%M:%S %Z")
    machine = report.machine()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_SIZE": str(args.size),
        "BENCH_RUN_ID": run_id,
        "SECRET_KEY": secrets.token_urlsafe(64),
        "PYTHONPATH": str(ROOT),
        "BENCH_CACHE": "locmem",
        "BENCH_PAGE_CACHE": "off",
    }
    env.pop("REDIS_URL", None)
    VAR.mkdir(parents=True, exist_ok=True)
    database_url = bench_database_url(args.size)
    notes = []
    if database_key(database_url) == "postgresql" and ensure_postgresql_database(
        os.environ["DATABASE_URL"], database_url
    ):
        log(f"Created the PostgreSQL database {database_url.rsplit('/', 1)[-1]}")
    if not load.wrk_available():
        log(load.WRK_INSTALL_HINT)
        notes.append(load.WRK_INSTALL_HINT)

    subprocess.run(
        [sys.executable, "-m", "bench.catalogue", "--size", str(args.size)],
        env=env,
        cwd=ROOT,
        check=True,
    )
    catalogue = json.loads(
        (VAR / f"catalogue-{args.size}-{database_key(database_url)}.json").read_text()
    )
    log("collectstatic (whitenoise's compressed manifest storage, as in production)")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        env=env,
        cwd=ROOT,
        check=True,
    )
    described = python_json(env, "targets")
    paths = described["paths"]
    reference = None
    if args.reference_url:
        reference = reference_targets(args.reference_url, args.reference_paths)
        for name, url in reference.items():
            status, _ = fetch(url)
            if status != 200:
                raise SystemExit(f"{name} ({url}) answered {status}")

    servers = {
        "uncached": serve_and_measure(
            env, paths, args, "uncached", "locmem", "off", UNCACHED_TARGETS, reference
        ),
        "cached-locmem": serve_and_measure(
            env, paths, args, "cached-locmem", "locmem", "on", CACHED_TARGETS
        ),
        "cached-locmem-uncounted": serve_and_measure(
            {**env, "BENCH_COUNTING": "off"},
            paths,
            args,
            "cached-locmem-uncounted",
            "locmem",
            "on",
            UNCOUNTED_TARGETS,
        ),
    }
    with redis_server() as (redis_url, origin):
        if redis_url:
            servers["cached-redis"] = serve_and_measure(
                {**env, "REDIS_URL": redis_url},
                paths,
                args,
                "cached-redis",
                "redis",
                "on",
                CACHED_TARGETS,
            )
            servers["cached-redis"]["redis"] = origin
        else:
            servers["cached-redis"] = {"skipped": origin}

    log("In-process measurements: queries, search, memory, import rates")
    queries = python_json(env, "queries")
    cached_queries = python_json({**env, "BENCH_PAGE_CACHE": "on"}, "queries")
    if all(cached_queries[page]["queries"] for page in report.HTML_PAGES):
        notes.append(
            "With STOREFRONT_PAGE_CACHE on, a repeated anonymous request still runs SQL "
            "queries: the page cache is not active, so the cached runs measure uncached pages."
        )
    results = {
        "run": {
            "id": run_id,
            "started": started,
            "size": args.size,
            "database": described["database"],
            "duration_s": args.duration,
            "rounds": args.rounds,
            "workers": WORKERS,
            "load_tool": f"wrk -t2 -c{CONNECTIONS} --latency (sitemap and feed: {WORKERS} "
            "Python clients fetching whole files)"
            if load.wrk_available()
            else f"Python fallback load generator ({CONNECTIONS} threads), NOT wrk",
            "notes": notes,
            "reference_url": args.reference_url or None,
        },
        "machine": machine,
        "catalogue": catalogue,
        "servers": servers,
        "queries": queries,
        "page_cache_check": {page: cached_queries[page] for page in report.HTML_PAGES},
        "search": python_json(env, "search"),
        "profile": python_json(env, "profile"),
        "memory": {what: python_json(env, "memory", what) for what in ("sitemap", "feed")},
        "import": python_json(env, "import"),
        "import_memory": import_memory(env, args.import_megabytes),
    }
    results["run"]["finished"] = time.strftime("%Y-%m-%d %H:%M:%S %Z")
    results["run"]["load_average_end"] = [round(value, 2) for value in os.getloadavg()]
    vendor = described["database"]["vendor"]
    other_size = next(
        (
            found
            for size in (report.FULL_SIZE, report.BASELINE_SIZE)
            if size != args.size and (found := report.latest_report(size, vendor))
        ),
        None,
    )
    baseline = report.latest_report(report.BASELINE_SIZE, "postgresql")
    results["targets"] = report.evaluate(results, other_size, baseline)
    json_path, md_path = report.write(results)
    log(f"Report: {json_path.relative_to(ROOT)} and {md_path.relative_to(ROOT)}")
    for target in results["targets"]:
        print(f"  {target['status']:>20}  {target['target']}: {target['measured']}")


if __name__ == "__main__":
    main()
