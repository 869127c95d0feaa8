"""W5 GAN on the 8-Gaussian ring in PyTorch: G and D are 2 -> 64 ReLU -> 64 ReLU -> 2 / 1 MLPs with
Glorot-uniform weights and zero biases; per step a D update on batch s of the shared real points
(label 1) plus 128 detached fakes (label 0), then a G update on 128 new z with the non-saturating
loss, binary_cross_entropy_with_logits; Adam 1e-3, betas (0.5, 0.999). steps/s, and of 2,000
generated points the modes covered and the fraction within 0.1 of a centre."""
import math

import torch
import torch.nn.functional as F

from common import load_spec, now_ms, set_torch_threads, threads_of, write_result
from train_common import f32, glorot_, measure_training

HIDDEN, POINTS = 64, 2000


def mlp(out):
    nn = torch.nn
    return nn.Sequential(nn.Linear(2, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, out))


def coverage(points):
    """Modes with >= 1% of the points within 0.1 of their centre, and the fraction near any centre."""
    angles = torch.arange(8, dtype=torch.float64) * (2 * math.pi / 8)
    centres = torch.stack([2 * torch.cos(angles), 2 * torch.sin(angles)], 1)
    d2 = ((points.double()[:, None, :] - centres[None, :, :]) ** 2).sum(2)
    best, k = d2.min(1)
    near = best <= 0.1 ** 2
    counts = torch.bincount(k[near], minlength=8)
    return {"modes": int((counts >= 0.01 * len(points)).sum()), "near modes": near.double().mean().item()}


def main():
    spec, data = load_spec()
    info = set_torch_threads(torch, threads_of(spec))
    batch = data["batch"]
    real = torch.from_numpy(f32(data["values"]).reshape(data["steps"], batch, 2))
    ones, zeros = torch.ones(batch, 1), torch.zeros(batch, 1)

    def train(seed, steps):
        torch.manual_seed(seed)
        g, d = mlp(2), mlp(1)
        glorot_(torch, g)
        glorot_(torch, d)
        g_opt = torch.optim.Adam(g.parameters(), lr=1e-3, betas=(0.5, 0.999))
        d_opt = torch.optim.Adam(d.parameters(), lr=1e-3, betas=(0.5, 0.999))
        t0 = now_ms()
        for s in range(steps):
            with torch.no_grad():
                fake = g(torch.randn(batch, 2))
            d_loss = F.binary_cross_entropy_with_logits(d(real[s]), ones) + \
                F.binary_cross_entropy_with_logits(d(fake), zeros)
            d_opt.zero_grad(set_to_none=True)
            d_loss.backward()
            d_opt.step()
            g_loss = F.binary_cross_entropy_with_logits(d(g(torch.randn(batch, 2))), ones)
            g_opt.zero_grad(set_to_none=True)
            g_loss.backward()
            g_opt.step()
        ms = now_ms() - t0

        def score():
            with torch.no_grad():
                return coverage(g(torch.randn(POINTS, 2)))

        return ms, score

    write_result(spec, measure_training(train, data["plan"], spec.get("runs") or 3), info)


main()
