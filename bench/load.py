"""Load generation: wrk when installed, else a small Python load generator, clearly labelled.

Both return a `LoadResult`: requests per second and latency percentiles in milliseconds.
"""

import http.client
import re
import shutil
import subprocess
import threading
import time
from dataclasses import asdict, dataclass, field
from statistics import quantiles
from urllib.parse import urlsplit

WRK_INSTALL_HINT = (
    "wrk is not installed: the figures come from the Python fallback load generator, which "
    "competes with the server for the CPU and understates what the server can do. Install "
    "wrk for comparable figures: `sudo apt-get install wrk` (Debian/Ubuntu), `brew install "
    "wrk` (macOS), or build it from https://github.com/wg/wrk."
)
# A page that takes longer than this counts as a timeout (wrk's default is 2 s, which a
# 100,000-product feed exceeds by design).
TIMEOUT_SECONDS = 60

UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
_DURATION = re.compile(r"^([\d.]+)(us|ms|s|m)$")


@dataclass
class LoadResult:
    tool: str
    requests: int = 0
    requests_per_second: float = 0.0
    latency_ms: dict = field(default_factory=dict)  # {"50": ms, "99": ms}
    errors: int = 0  # socket errors, timeouts and non-2xx/3xx answers
    seconds: float = 0.0

    def as_dict(self):
        return asdict(self)


def wrk_available():
    return shutil.which("wrk") is not None


def duration_ms(text):
    """« 1.23ms », « 850.00us », « 2.01s », « 1.05m » → milliseconds."""
    match = _DURATION.match(text.strip())
    if not match:
        raise ValueError(f"not a wrk duration: « {text} »")
    return float(match.group(1)) * UNITS_MS[match.group(2)]


def parse_wrk(output):
    """A LoadResult from the text wrk prints with --latency."""
    result = LoadResult(tool="wrk")
    for line in output.splitlines():
        words = line.split()
        if not words:
            continue
        if words[0] == "Requests/sec:":
            result.requests_per_second = float(words[1])
        elif len(words) == 2 and words[0] in {"50%", "75%", "90%", "99%"}:
            result.latency_ms[words[0].rstrip("%")] = duration_ms(words[1])
        elif "requests in" in line:
            # « 1234 requests in 10.01s, 5.67MB read »
            result.requests = int(words[0])
            result.seconds = duration_ms(words[3].rstrip(",")) / 1000
        elif words[0] == "Socket" and words[1] == "errors:":
            # « Socket errors: connect 0, read 0, write 0, timeout 3 »
            result.errors += sum(int(word.rstrip(",")) for word in words[3::2])
        elif line.strip().startswith("Non-2xx or 3xx responses:"):
            result.errors += int(words[-1])
    if "Requests/sec:" not in output:
        raise ValueError(f"wrk printed no result:\n{output}")
    return result


def wrk_command(url, duration, threads=2, connections=8, headers=None):
    """wrk's command line; `headers` ({name: value}) go with every request (a session cookie)."""
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        f"--timeout={TIMEOUT_SECONDS}s",
        "--latency",
    ]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    return [*command, url]


def run_wrk(url, duration, threads=2, connections=8, headers=None):
    command = wrk_command(url, duration, threads, connections, headers)
    completed = subprocess.run(command, capture_output=True, text=True, check=True)
    return parse_wrk(completed.stdout)


def percentile_ms(durations, percent):
    """The `percent`th percentile of durations in seconds, in milliseconds."""
    if not durations:
        return None
    if len(durations) == 1:
        return durations[0] * 1000
    return quantiles(durations, n=100, method="inclusive")[percent - 1] * 1000


def run_python(url, duration, connections=8, timeout=TIMEOUT_SECONDS, headers=None):
    """Keep-alive HTTP/1.1 clients in threads, for `duration` seconds; each finishes the
    request it started. `headers` go with every request."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    deadline = time.perf_counter() + duration
    durations, errors, lock = [], [0], threading.Lock()

    def client():
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
        mine, failed = [], 0
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers or {})
                response = connection.getresponse()
                response.read()
                if response.status >= 400:
                    failed += 1
                mine.append(time.perf_counter() - started)
            except (OSError, http.client.HTTPException):
                failed += 1
                connection.close()
        connection.close()
        with lock:
            durations.extend(mine)
            errors[0] += failed

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return LoadResult(
        tool="python-fallback",
        requests=len(durations),
        requests_per_second=round(len(durations) / elapsed, 2),
        latency_ms={str(p): percentile_ms(durations, p) for p in (50, 99)},
        errors=errors[0],
        seconds=round(elapsed, 2),
    )


def measure(url, duration, connections=8, headers=None):
    if wrk_available():
        return run_wrk(url, duration, connections=connections, headers=headers)
    return run_python(url, duration, connections=connections, headers=headers)
