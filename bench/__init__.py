"""Benchmarks: each prints its figures beside a baseline measured in the same process."""


def pct(xs: list[float], q: float) -> float:
    """The ``q`` quantile of ``xs`` (nearest rank): pct(latencies, 0.95) is the p95."""
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]
