"""W0 per-op overhead in PyTorch: c = a + b on two 4-element float32 tensors, with .tolist()
readback and without (dispatch only); 2,000 warm-up, 3 x 20,000 calls, median us per call."""
import torch

from common import load_spec, median, now_ms, set_torch_threads, threads_of, write_result

WARMUP, CALLS, REPS = 2000, 20000, 3


def per_call_us(fn, reps):
    for _ in range(WARMUP):
        fn()
    samples = []
    for _ in range(reps):
        t0 = now_ms()
        for _ in range(CALLS):
            fn()
        samples.append((now_ms() - t0) * 1000.0 / CALLS)
    return samples


def main():
    spec, _ = load_spec()
    info = set_torch_threads(torch, threads_of(spec))
    reps = spec.get("runs") or REPS
    a = torch.tensor([1.0, 2.0, 3.0, 4.0], dtype=torch.float32)
    b = torch.tensor([0.5, -1.0, 2.5, 8.0], dtype=torch.float32)

    def readback():
        return (a + b).tolist()[3]

    def dispatch():
        return a + b

    out = []
    for name, fn in (("add + readback", readback), ("add, dispatch only", dispatch)):
        s = per_call_us(fn, reps)
        out.append({"case": name, "value": median(s), "unit": "µs/op", "better": "lower", "samples": s})
    write_result(spec, out, info)


main()
