"""W4 LSTM sequence regression in PyTorch: LSTM(1 -> 32, batch_first) -> last hidden state -> Linear 1,
Keras init (Glorot-uniform input kernel, orthogonal recurrent kernel, zero biases, forget-gate bias 1
via bias_ih), MSE, Adam 1e-3, batch 32, 5 epochs (randperm + slicing); the 2,000 windows from the
data file. samples/s (2,000 x epochs / time) and the final training MSE over all windows."""
import torch
import torch.nn.functional as F

from common import load_spec, now_ms, set_torch_threads, threads_of, write_result
from train_common import f32, measure_training

HIDDEN, BATCH = 32, 32


class SineLstm(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = torch.nn.LSTM(1, HIDDEN, batch_first=True)
        self.head = torch.nn.Linear(HIDDEN, 1)
        torch.nn.init.xavier_uniform_(self.lstm.weight_ih_l0)
        torch.nn.init.orthogonal_(self.lstm.weight_hh_l0)
        torch.nn.init.zeros_(self.lstm.bias_ih_l0)
        torch.nn.init.zeros_(self.lstm.bias_hh_l0)
        with torch.no_grad():
            self.lstm.bias_ih_l0[HIDDEN:2 * HIDDEN] = 1.0  # gates i, f, g, o: the forget gate's bias
        torch.nn.init.xavier_uniform_(self.head.weight)
        torch.nn.init.zeros_(self.head.bias)

    def forward(self, x):
        _, (h, _) = self.lstm(x)
        return self.head(h[0])


def main():
    spec, data = load_spec()
    info = set_torch_threads(torch, threads_of(spec))
    waves = torch.from_numpy(f32(data["values"]).reshape(data["windows"], data["length"]))
    x, y = waves[:, :-1].unsqueeze(2).contiguous(), waves[:, -1:].contiguous()
    n = x.shape[0]

    def train(seed, epochs):
        torch.manual_seed(seed)
        model = SineLstm()
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        t0 = now_ms()
        for _ in range(epochs):
            perm = torch.randperm(n)
            for i in range(0, n, BATCH):
                idx = perm[i:i + BATCH]
                loss = F.mse_loss(model(x[idx]), y[idx])
                opt.zero_grad(set_to_none=True)
                loss.backward()
                opt.step()
        ms = now_ms() - t0

        def score():
            with torch.no_grad():
                return {"final MSE": F.mse_loss(model(x), y).item()}

        return ms, score

    write_result(spec, measure_training(train, data["plan"], spec.get("runs") or 3), info)


main()
