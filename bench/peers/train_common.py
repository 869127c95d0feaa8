"""What the training peers (torch_w2.py ... torch_w5.py) share, as bench/workloads/training.ts and
bench/lib/budget.ts do for the TypeScript ones: an untimed probe run (warm-up; its rate sets how
much of the work fits the time budget), then `runs` timed runs with seeds 1, 2, ...; the medians
make the row. The plan (case, units, probe, ...) comes from the shared data file, written by the
TypeScript workload, so both sides measure the same thing. Also: the shared float32 arrays
(base64), Fashion-MNIST's IDX files, and Glorot-uniform init."""
import base64
import gzip
import os
import statistics

import numpy as np


def _budget():
    try:
        s = float(os.environ.get("BENCH_BUDGET_S", "20"))
    except ValueError:
        return 20.0
    return s if s > 0 and s != float("inf") else 20.0


RUN_BUDGET_S = _budget()  # seconds per timed run, as bench/lib/budget.ts
BUDGET_SLACK = 2  # work within 2 budgets runs whole (the probe is cold), as bench/lib/budget.ts


def units_within(plan, rate, budget_s=RUN_BUDGET_S):
    """The units one timed run gets: all of them if they fit twice the budget, else whole granules
    that fit the budget (>= 1)."""
    full, granule = plan["full"], plan["granule"]
    if not rate > 0 or rate * budget_s * BUDGET_SLACK >= full:
        return full
    return min(full, max(1, int(rate * budget_s // granule)) * granule)


def prefix_note(units, full, what, budget_s=RUN_BUDGET_S):
    if units >= full:
        return None
    return f"first {units:,} of {full:,} {what} ({budget_s:g} s budget per run)"


def measure_training(train, plan, runs):
    """train(seed, units) -> (ms, score) where score() gives the quality figures (called for timed
    runs only). Returns the row as a list of one measurement."""
    probe_ms, _ = train(0, plan["probe"])
    units = units_within(plan, plan["probe"] / (probe_ms / 1000.0))
    times, scores = [], []
    for seed in range(1, runs + 1):
        ms, score = train(seed, units)
        times.append(ms)
        scores.append(score())
    samples = [units * plan["perUnit"] / (ms / 1000.0) for ms in times]
    extra = {k: statistics.median([s[k] for s in scores]) for k in scores[0]}
    m = {"case": plan["case"], "value": statistics.median(samples), "unit": plan["unit"], "better": "higher",
         "extra": extra, "samples": samples}
    note = prefix_note(units, plan["full"], plan["what"])
    if note is not None:
        m["prefix"] = note
    return [m]


def f32(text):
    """A float32 array written by bench/lib/f32.ts (base64 of little-endian bytes)."""
    return np.frombuffer(base64.b64decode(text), dtype="<f4").copy()


def read_idx(path):
    """An IDX file (gzipped or not) as a numpy array of its dims."""
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    if raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte IDX file")
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def fashion_mnist(files):
    """Pixels / 255 as float32 [N, 784] and int64 labels, for both splits (the files from the data file)."""
    def images(key):
        return (read_idx(files[key]).reshape(-1, 28 * 28).astype(np.float32) / 255.0).astype(np.float32)

    def labels(key):
        return read_idx(files[key]).astype(np.int64)

    return images("trainImages"), labels("trainLabels"), images("testImages"), labels("testLabels")


def glorot_(torch, model):
    """Glorot-uniform weights and zero biases for every Linear and Conv2d (the Keras / tfjs default)."""
    for m in model.modules():
        if isinstance(m, (torch.nn.Linear, torch.nn.Conv2d)):
            torch.nn.init.xavier_uniform_(m.weight)
            torch.nn.init.zeros_(m.bias)
