"""W1 iris in scikit-learn: MLPClassifier(16 ReLU, adam lr 0.01, batch 20, 200 epochs, shuffled),
alpha=0 and tol=0 with no early stopping so every epoch runs; float64 and its own Glorot-uniform
init for weights and biases (the documented deviations). 3 runs, median; fit() is timed."""
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier
from threadpoolctl import threadpool_limits

import sklearn
from common import load_spec, median, now_ms, threads_of, write_result

EPOCHS, RUNS = 200, 3


def main():
    spec, data = load_spec()
    threads = threads_of(spec)
    x, y = np.array(data["xTrain"], dtype=np.float64), np.array(data["yTrain"])
    x_test, y_test = np.array(data["xTest"], dtype=np.float64), np.array(data["yTest"])
    runs = []
    with threadpool_limits(limits=threads), warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # max_iter is reached on purpose
        for seed in range(1, (spec.get("runs") or RUNS) + 1):
            clf = MLPClassifier(
                hidden_layer_sizes=(16,), activation="relu", solver="adam", learning_rate_init=0.01,
                batch_size=20, max_iter=EPOCHS, shuffle=True, alpha=0.0, tol=0.0,
                n_iter_no_change=EPOCHS + 1, early_stopping=False, random_state=seed,
            )
            t0 = now_ms()
            clf.fit(x, y)
            ms = now_ms() - t0
            runs.append((ms, float((clf.predict(x_test) == y_test).mean()), float(clf.loss_), clf.n_iter_))
    ms = median([r[0] for r in runs])
    extra = {"ms/epoch": ms / EPOCHS, "accuracy": median([r[1] for r in runs]), "final loss": median([r[2] for r in runs])}
    m = {"case": f"train {EPOCHS} epochs", "value": ms, "unit": "ms", "better": "lower", "extra": extra}
    m["samples"] = [r[0] for r in runs]
    info = {"sklearn": sklearn.__version__, "threads": threads, "epochs run": min(r[3] for r in runs)}
    write_result(spec, [m], info)


main()
