"""Shared helpers of the Python peers: read the spec main.ts wrote, set threads, write figures.

Every peer script is run by Debian's /usr/bin/python3 as `script.py SPEC.json`, one process per
variant; main.ts has already set OMP_NUM_THREADS / OPENBLAS_NUM_THREADS / MKL_NUM_THREADS.
"""
import json
import statistics
import sys
import time


def load_spec():
    """The RunSpec (see bench/lib/types.ts) and the shared data (or None)."""
    with open(sys.argv[1]) as f:
        spec = json.load(f)
    data = None
    if spec.get("dataFile"):
        with open(spec["dataFile"]) as f:
            data = json.load(f)
    return spec, data


def threads_of(spec):
    return int(spec["variant"].get("threads") or 1)


def set_torch_threads(torch, n):
    """Intra-op threads as the workload reference says: set_num_threads plus the env (set by main.ts)."""
    torch.set_num_threads(n)
    return {"torch": torch.__version__, "threads": torch.get_num_threads()}


def median(values):
    return statistics.median(values)


def now_ms():
    return time.perf_counter() * 1000.0


def write_result(spec, measurements, info):
    with open(spec["outFile"], "w") as f:
        json.dump({"measurements": measurements, "info": info}, f)
