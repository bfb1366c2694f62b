"""The benchmark behind `make bench`: synthetic catalogue, load test, report (see run.py)."""
