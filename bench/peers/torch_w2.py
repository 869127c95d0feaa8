"""W2 Fashion-MNIST MLP in PyTorch: 784 -> Linear 256 ReLU -> Linear 10, cross-entropy, Adam 1e-3,
batch 64, one epoch over the 60,000 training images (randperm + slicing); Glorot-uniform weights and
zero biases set explicitly. samples/s and test accuracy; the plan comes from the data file."""
import torch
import torch.nn.functional as F

from common import load_spec, now_ms, set_torch_threads, threads_of, write_result
from train_common import fashion_mnist, glorot_, measure_training


def classifier_trainer(build, x, y, x_test, y_test):
    """train(seed, units): a fresh model from build(), a plain loop over the first `units` images."""
    def train(seed, units):
        torch.manual_seed(seed)
        model = build()
        glorot_(torch, model)
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        xs, ys = x[:units], y[:units]
        t0 = now_ms()
        perm = torch.randperm(units)
        for i in range(0, units, 64):
            idx = perm[i:i + 64]
            loss = F.cross_entropy(model(xs[idx]), ys[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
        ms = now_ms() - t0

        def score():
            with torch.no_grad():
                predicted = torch.cat([model(x_test[a:a + 1000]).argmax(1) for a in range(0, len(y_test), 1000)])
            return {"accuracy": (predicted == y_test).float().mean().item()}

        return ms, score

    return train


def fashion_tensors(data, n, shape):
    x, y, x_test, y_test = fashion_mnist(data["files"])
    return (torch.from_numpy(x[:n]).reshape(n, *shape), torch.from_numpy(y[:n]),
            torch.from_numpy(x_test).reshape(len(y_test), *shape), torch.from_numpy(y_test))


def main():
    spec, data = load_spec()
    info = set_torch_threads(torch, threads_of(spec))
    plan = data["plan"]
    tensors = fashion_tensors(data, plan["full"], (784,))

    def build():
        return torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))

    write_result(spec, measure_training(classifier_trainer(build, *tensors), plan, spec.get("runs") or 3), info)


if __name__ == "__main__":
    main()
