"""W1 iris MLP in PyTorch: a plain loop (randperm + slicing, no DataLoader), Glorot-uniform
weights and zero biases set explicitly, Adam lr 0.01, batch 20, 200 epochs; the same split as
every peer (from the spec's data file). 3 runs, median; only the training loop is timed."""
import torch
import torch.nn.functional as F

from common import load_spec, median, now_ms, set_torch_threads, threads_of, write_result

EPOCHS, BATCH, LR, RUNS = 200, 20, 0.01, 3


def train_once(x, y, x_test, y_test, seed):
    torch.manual_seed(seed)
    model = torch.nn.Sequential(torch.nn.Linear(4, 16), torch.nn.ReLU(), torch.nn.Linear(16, 3))
    for layer in (model[0], model[2]):
        torch.nn.init.xavier_uniform_(layer.weight)
        torch.nn.init.zeros_(layer.bias)
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    n = x.shape[0]
    loss_value = float("nan")
    t0 = now_ms()
    for _ in range(EPOCHS):
        perm = torch.randperm(n)
        total = 0.0
        for i in range(0, n, BATCH):
            idx = perm[i : i + BATCH]
            loss = F.cross_entropy(model(x[idx]), y[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            total += loss.item() * idx.shape[0]
        loss_value = total / n
    ms = now_ms() - t0
    with torch.no_grad():
        accuracy = (model(x_test).argmax(1) == y_test).float().mean().item()
    return ms, accuracy, loss_value


def main():
    spec, data = load_spec()
    info = set_torch_threads(torch, threads_of(spec))
    x = torch.tensor(data["xTrain"], dtype=torch.float32)
    y = torch.tensor(data["yTrain"], dtype=torch.long)
    x_test = torch.tensor(data["xTest"], dtype=torch.float32)
    y_test = torch.tensor(data["yTest"], dtype=torch.long)
    runs = [train_once(x, y, x_test, y_test, seed) for seed in range(1, (spec.get("runs") or RUNS) + 1)]
    ms = median([r[0] for r in runs])
    extra = {
        "ms/epoch": ms / EPOCHS,
        "accuracy": median([r[1] for r in runs]),
        "final loss": median([r[2] for r in runs]),
    }
    m = {"case": f"train {EPOCHS} epochs", "value": ms, "unit": "ms", "better": "lower", "extra": extra}
    m["samples"] = [r[0] for r in runs]
    write_result(spec, [m], info)


main()
