"""W3 Fashion-MNIST CNN in PyTorch (NCHW): Conv 5x5 8 'same' ReLU -> MaxPool 2 -> Conv 5x5 16 'same'
ReLU -> MaxPool 2 -> Flatten (784) -> Linear 10; cross-entropy, Adam 1e-3, batch 64, one epoch over
the first 10,000 training images; Glorot-uniform weights, zero biases. The loop is torch_w2.py's."""
import torch

from common import load_spec, set_torch_threads, threads_of, write_result
from torch_w2 import classifier_trainer, fashion_tensors
from train_common import measure_training


def main():
    spec, data = load_spec()
    info = set_torch_threads(torch, threads_of(spec))
    plan = data["plan"]
    tensors = fashion_tensors(data, plan["full"], (1, 28, 28))
    nn = torch.nn

    def build():
        return nn.Sequential(
            nn.Conv2d(1, 8, 5, padding="same"), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(8, 16, 5, padding="same"), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(16 * 7 * 7, 10),
        )

    write_result(spec, measure_training(classifier_trainer(build, *tensors), plan, spec.get("runs") or 3), info)


main()
