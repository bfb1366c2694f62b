"""Peak memory of importing a large CSV file:

    python -m bench.import_memory OUT.csv MEGABYTES

Writes about MEGABYTES MB of new products in the import format (bench/generate_import_file.py),
runs `manage.py import_catalogue --dry-run` on it in a child process (the whole import, rolled
back, so the database stays as it was) and prints, as JSON, that child's peak resident set size.

This process imports neither Django nor the project and starts no other child: its
getrusage(RUSAGE_CHILDREN).ru_maxrss is the import's own peak.
"""

import json
import math
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Products of this file get their own references, so that none updates the bench catalogue.
PREFIX = "MEMOIRE"
# About the length of one generated row, to aim at the size asked.
ROW_BYTES = 160


def main(path, megabytes):
    path = Path(path)
    rows = int(megabytes * 1024 * 1024 / ROW_BYTES)
    subprocess.run(
        [sys.executable, "-m", "bench.generate_import_file", str(path), str(rows), PREFIX],
        cwd=ROOT,
        check=True,
    )
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "manage.py", "import_catalogue", str(path), "--dry-run"],
        cwd=ROOT,
        # The generated rows are short (no description): 50 MB of them is more rows than a
        # real file of that size, and than the import's default row limit. The file comes out
        # about the size asked: a little over the upload limit must not be refused.
        env={
            **os.environ,
            "IMPORT_MAX_ROWS": str(rows),
            "IMPORT_MAX_FILE_MB": str(math.ceil(os.path.getsize(path) / (1024 * 1024))),
        },
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if completed.returncode:
        raise SystemExit(f"the import failed: {completed.stderr[-2000:]}")
    # ru_maxrss is in kilobytes on Linux, bytes on macOS.
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    peak_mb = peak / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return {
        "file_mb": round(os.path.getsize(path) / (1024 * 1024), 1),
        "rows": rows,
        "seconds": round(seconds, 1),
        "peak_rss_mb": round(peak_mb, 1),
        "method": "getrusage(RUSAGE_CHILDREN).ru_maxrss of `import_catalogue --dry-run`",
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], float(sys.argv[2]))))
