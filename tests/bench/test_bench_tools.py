"""The benchmark's pure parts: reading wrk's output, the bench database, the catalogue tree,
the load fallback and the targets of issue 7."""

import http.server
import threading

import pytest

from bench import load, report
from bench.catalogue import leaf_paths, product_rows
from bench.database import bench_database_url, database_key

WRK_OUTPUT = """\
Running 3s test @ http://127.0.0.1:18765/catalogue/boissons/article-de-test-500/
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.42s   568.25ms   1.90s    83.33%
    Req/Sec     2.33      1.03     3.00     66.67%
  Latency Distribution
     50%  850.00us
     75%    1.88ms
     90%    1.90s~
     99%    1.05m~
  12 requests in 3.11s, 130.43KB read
  Socket errors: connect 0, read 1, write 0, timeout 3
  Non-2xx or 3xx responses: 2
Requests/sec:      3.86
Transfer/sec:     41.98KB
""".replace("~", " ")  # wrk ends some latency lines with a space


def test_wrk_output_is_read():
    result = load.parse_wrk(WRK_OUTPUT)
    assert result.tool == "wrk"
    assert result.requests == 12
    assert result.seconds == pytest.approx(3.11)
    assert result.requests_per_second == pytest.approx(3.86)
    assert result.latency_ms == pytest.approx(
        {"50": 0.85, "75": 1.88, "90": 1900.0, "99": 63_000.0}
    )
    assert result.errors == 1 + 3 + 2


def test_wrk_output_without_result_is_an_error():
    with pytest.raises(ValueError, match="no result"):
        load.parse_wrk("unable to connect to 127.0.0.1:1 Connection refused\n")
    with pytest.raises(ValueError):
        load.duration_ms("12 parsecs")


def test_percentiles_in_milliseconds():
    durations = [i / 1000 for i in range(1, 101)]  # 1 ms … 100 ms
    assert load.percentile_ms(durations, 50) == pytest.approx(50.5)
    assert load.percentile_ms(durations, 99) == pytest.approx(99.01)
    assert load.percentile_ms([0.2], 99) == pytest.approx(200)
    assert load.percentile_ms([], 50) is None


def test_python_fallback_measures_a_real_server():
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            body = b"ok" if self.path == "/ok" else b"no"
            self.send_response(200 if self.path == "/ok" else 500)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        good = load.run_python(f"{base}/ok", duration=0.3, connections=2)
        bad = load.run_python(f"{base}/missing", duration=0.3, connections=2)
    finally:
        server.shutdown()
    assert good.tool == "python-fallback"
    assert good.requests > 0 and good.errors == 0
    assert good.requests_per_second > 0 and good.latency_ms["50"] > 0
    assert bad.errors == bad.requests > 0


def test_bench_database_is_never_the_projects_own():
    assert bench_database_url(1000, {}).endswith("bench/var/bench-1000.sqlite3")
    url = bench_database_url(100_000, {"DATABASE_URL": "postgres://u:p@db:5432/storefront"})
    assert url == "postgres://u:p@db:5432/storefront_bench_100000"
    assert database_key(url) == "postgresql"
    assert database_key(bench_database_url(10, {})) == "sqlite"
    with pytest.raises(ValueError, match="PostgreSQL"):
        bench_database_url(1000, {"DATABASE_URL": "mysql://db/storefront"})


@pytest.mark.parametrize("size, leaves", [(1000, 4), (10_000, 40), (100_000, 400)])
def test_category_tree_has_a_leaf_per_250_products_on_three_levels(size, leaves):
    paths = leaf_paths(size)
    assert len(paths) == len(set(paths)) == leaves
    assert {len(path) for path in paths} == {3}
    # Every product in a leaf, leaves evenly filled.
    counts = {}
    for row in product_rows(size):
        counts[row["categorie"]] = counts.get(row["categorie"], 0) + 1
    assert len(counts) == leaves
    assert max(counts.values()) - min(counts.values()) <= 1


def test_leaf_mixes_brands_and_materials():
    leaf = [row for row in product_rows(1000) if row["categorie"].endswith("Gamme 01")][:250]
    assert len({row["marque"] for row in leaf}) > 1
    assert len({row["caracteristiques"] for row in leaf}) > 1


def make_report(size=1000, vendor="sqlite", ratio=0.5, queries=8, p50=20.0):
    page = {"ratio": ratio, "p50_ms": p50}
    servers = {
        name: {"targets": {p: dict(page) for p in ("home", "category", "product")}}
        for name in ("uncached", "cached-locmem")
    }
    servers["cached-redis"] = {"skipped": "no redis-server installed"}
    return {
        "run": {"size": size, "database": {"vendor": vendor, "version": "x"}},
        "servers": servers,
        "queries": {p: {"queries": queries} for p in ("home", "category", "product", "search")},
        "search": {"p50_ms": 30.0, "p95_ms": 90.0},
        "memory": {
            "sitemap": {"peak_rss_mb": 150.0, "seconds": 1, "files": 3, "streamed_responses": 0},
            "feed": {"peak_rss_mb": 400.0, "seconds": 1, "files": 1, "streamed_responses": 1},
        },
        "import": {"bulk_per_second": 100.0, "naive_per_second": 10.0, "speedup": 10.0},
        "catalogue": {
            "import": {"rows": size, "created": size, "seconds": 10, "rows_per_second": 100}
        },
    }


def statuses(targets):
    return {target["target"].split(":")[0].split(" ≥")[0]: target["status"] for target in targets}


def test_targets_met_missed_and_not_measured():
    targets = statuses(report.evaluate(make_report(queries=12)))
    assert targets["Uncached product"] == "met"
    assert targets["Cached anonymous pages, local-memory cache"] == "missed"  # 50 % < 90 %
    assert targets["Cached anonymous pages, Redis"] == "not measured"
    assert targets["SQL queries, warm anonymous ≤ 12 on home, category, product"] == "met"
    assert targets["SQL queries, warm anonymous ≤ 10 on search"] == "missed"
    assert targets["SQL queries identical at 1,000 and 100,000 products"] == "not measured"
    # Targets stated at 100,000 products are only indicative at 1,000.
    assert targets["Product feed at 100,000 products"] == "indicative: missed"
    assert targets["Sitemap, all files at 100,000 products"] == "indicative: met"
    assert targets["Uncached product at 100,000 products on PostgreSQL"] == "indicative: met"
    assert targets["Catalogue import"] == "met"


def test_targets_compare_sizes_and_the_postgresql_baseline():
    small = make_report(1000, "postgresql", p50=20.0)
    large = make_report(100_000, "postgresql", queries=9, p50=31.0)
    targets = statuses(report.evaluate(large, other_size=small, baseline=small))
    assert targets["SQL queries identical at 1,000 and 100,000 products"] == "missed"
    assert targets["100,000 products on PostgreSQL"] == "missed"  # 31 ms is × 1.55
    # The report's search takes 90 ms at p95: over the 50 ms target.
    search = "Search p95 ≤ 50 ms (100,000 products on PostgreSQL), a query asked again"
    assert targets[search] == "missed"
    assert targets["Product feed at 100,000 products"] == "missed"
    assert targets["A 100,000-row import file completes"] == "met"

    faster = make_report(100_000, "postgresql", queries=8, p50=29.0)
    targets = statuses(report.evaluate(faster, other_size=small, baseline=small))
    assert targets["SQL queries identical at 1,000 and 100,000 products"] == "met"
    assert targets["100,000 products on PostgreSQL"] == "met"


def test_markdown_report_lists_targets_and_machine():
    run = make_report()
    run["run"].update(
        id="20260101-000000",
        started="a",
        finished="b",
        workers=2,
        load_tool="wrk",
        duration_s=3,
        rounds=1,
        notes=["a note"],
    )
    run["machine"] = report.machine()
    for server in ("uncached", "cached-locmem"):
        for figures in run["servers"][server]["targets"].values():
            figures.update(rps=10.0, p99_ms=None, errors=0)
    run["queries"] = {"home": {"queries": 8, "status": 200, "bytes": 1234}}
    run["search"].update(queries=50)
    for figures in run["memory"].values():
        figures.update(baseline_rss_mb=100, bytes=10, method="ru_maxrss")
    run["import"].update(naive_products=50, bulk_rows=2000)
    run["targets"] = report.evaluate(run)
    text = report.markdown(run)
    assert "| Uncached product ≥ 5 % of the ceiling | product 50.0 % | met |" in text
    assert "| cached-redis | skipped: no redis-server installed |" in text
    assert f"{run['machine']['cores']} cores" in text
    assert "> a note" in text


def test_peak_memory_of_a_50_mb_import_is_a_target():
    name = "Importing a 50 MB CSV file"
    run = make_report()
    assert statuses(report.evaluate(run))[name] == "not measured"
    figures = {"file_mb": 50.0, "rows": 327_000, "seconds": 600.0, "method": "ru_maxrss"}
    run["import_memory"] = {**figures, "peak_rss_mb": 280.0}
    assert statuses(report.evaluate(run))[name] == "met"
    run["import_memory"] = {**figures, "peak_rss_mb": 320.0}
    assert statuses(report.evaluate(run))[name] == "missed"
    run["import_memory"] = {**figures, "file_mb": 1.0, "peak_rss_mb": 200.0}
    assert statuses(report.evaluate(run))[name] == "indicative: met"


def test_the_cost_of_counting_page_views_is_reported_against_the_same_hit_uncounted():
    run = make_report(ratio=0.95)
    run["servers"]["cached-locmem-uncounted"] = {"targets": {"product": {"ratio": 1.0}}}
    (cost,) = [t for t in report.evaluate(run) if t["target"].startswith("Page-cache hit")]
    assert (cost["measured"], cost["status"]) == ("95.0 %", "met")
    assert cost["note"] == "without counting: 100.0 %"

    run["servers"]["cached-locmem"]["targets"]["product"]["ratio"] = 0.85
    (cost,) = [t for t in report.evaluate(run) if t["target"].startswith("Page-cache hit")]
    assert cost["status"] == "missed"
