"""W6 sgemm in PyTorch: torch.mm of square float32 n x n uniform [0, 1) matrices; warm-ups, then
20 timed calls (10 at n = 1024); GFLOP/s = 2 n^3 / median time."""
import torch

from common import load_spec, median, now_ms, set_torch_threads, threads_of, write_result

SIZES = ((256, 3, 20), (512, 3, 20), (1024, 2, 10))


def main():
    spec, _ = load_spec()
    info = set_torch_threads(torch, threads_of(spec))
    gen = torch.Generator().manual_seed(6)
    out = []
    for n, warmup, timed in SIZES:
        a = torch.rand((n, n), generator=gen, dtype=torch.float32)
        b = torch.rand((n, n), generator=gen, dtype=torch.float32)
        for _ in range(warmup):
            torch.mm(a, b)
        samples = []
        for _ in range(spec.get("runs") or timed):
            t0 = now_ms()
            torch.mm(a, b)
            samples.append(now_ms() - t0)
        ms = median(samples)
        out.append({
            "case": f"n={n}", "value": 2 * n**3 / (ms * 1e6), "unit": "GFLOP/s", "better": "higher",
            "extra": {"ms/call": ms}, "samples": samples,
        })
    write_result(spec, out, info)


main()
