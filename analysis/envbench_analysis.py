"""Reads envbench results folders and answers: what does the container, the VM cost, per workload, and how sure are we.

The notebook ``compare.ipynb`` is a thin layer over this module; everything that can be wrong is here, where
``tests/`` can check it on fixtures with known answers.

Usage::

    import envbench_analysis as ea
    results = ea.load(["results/20261122-101500"])
    table = ea.ratio_table(results.kernels)          # relative performance vs bare, with a 95% bootstrap CI
    fig = ea.plot_ratios(table)

Inputs are the files of the results folder contract (DESIGN.md): ``environments.csv``, ``kernels.csv``,
``latency.csv``, ``jmh-<env>.json``; and also plain JMH output files (JSON, or CSV in any locale).
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

BASELINE = "bare"

# Units whose score is a time per unit of work: lower is better. Everything else in the catalog is a rate.
LOWER_IS_BETTER_UNITS = {"ns/load", "ns/op", "us/op", "\u00b5s/op", "ms/op", "s/op"}

# Catalog kernel -> the resource it stresses (core's Resource, the "kind" of /kernels), in catalog order; the
# tables and plots show the kernels grouped by kind in KIND_ORDER.
KERNEL_KINDS = {
    "sha256": "cpu", "primes": "cpu", "matmul": "cpu", "deflate": "cpu", "sort": "cpu",
    "stream-copy": "memory", "stream-scale": "memory", "stream-add": "memory", "stream-triad": "memory",
    "latency": "memory", "alloc": "memory",
    "syscall": "os", "clock": "os", "page-fault": "os", "thread-wakeup": "os", "process-start": "os",
    "file-write-sync": "io", "file-read": "io",
    "tcp-round-trip": "network",
}
KIND_ORDER = ["cpu", "memory", "os", "io", "network", "other"]

# JMH benchmark class -> catalog kernel name (jmh/ names one <Kernel>Bench class per kernel).
JMH_CLASS_TO_KERNEL = {
    "Sha256Bench": "sha256",
    "PrimeSieveBench": "primes",
    "MatrixMultiplyBench": "matmul",
    "DeflateBench": "deflate",
    "LongSortBench": "sort",
    "StreamCopyBench": "stream-copy",
    "StreamScaleBench": "stream-scale",
    "StreamAddBench": "stream-add",
    "StreamTriadBench": "stream-triad",
    "PointerChaseBench": "latency",
    "AllocationChurnBench": "alloc",
    "SystemCallBench": "syscall",
    "ClockReadBench": "clock",
    "PageFaultBench": "page-fault",
    "ThreadWakeupBench": "thread-wakeup",
    "ProcessStartBench": "process-start",
    "FileWriteSyncBench": "file-write-sync",
    "FileReadBench": "file-read",
    "TcpRoundTripBench": "tcp-round-trip",
}

KERNEL_COLUMNS = ["env", "source", "kernel", "size", "threads", "samples", "score", "score_error", "unit"]
ENVIRONMENT_COLUMNS = [
    "env", "kind", "detail", "os", "cpu_model", "logical_cpus", "effective_cpus", "memory_total_bytes",
    "memory_limit_bytes", "java_version", "jvm_flags", "startup_seconds", "idle_rss_bytes",
]
LATENCY_COLUMNS = [
    "env", "kernel", "size", "mode", "target_rate", "connections", "achieved_rate", "duration_seconds",
    "requests", "errors", "p50_ms", "p90_ms", "p99_ms", "p999_ms", "max_ms", "mean_ms",
]
PERCENTILE_COLUMNS = ["p50_ms", "p90_ms", "p99_ms", "p999_ms"]


class ResultsError(ValueError):
    """A results folder or file that does not follow the contract; the message says which file and what."""


@dataclass
class Results:
    """All rows of one or more results folders, each row tagged with the folder (``run``) it came from."""

    environments: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["run"] + ENVIRONMENT_COLUMNS))
    kernels: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["run"] + KERNEL_COLUMNS))
    latency: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["run"] + LATENCY_COLUMNS))
    runs: list[dict] = field(default_factory=list)

    @property
    def failed_environments(self) -> pd.DataFrame:
        """Environments whose status says they failed, with the reason where the folder gives one."""
        envs = self.environments
        if "status" not in envs.columns:
            return envs.iloc[0:0]
        return envs[envs["status"].fillna("ok").astype(str).str.lower().ne("ok")]


def newest_results_folder(root: Path | str = "results", fallback: Path | str | None = None) -> Path:
    """The newest folder under ``root`` that has a kernels.csv, else ``fallback`` (the shipped sample)."""
    root = Path(root)
    candidates = sorted(
        (p for p in root.glob("*/") if (p / "kernels.csv").is_file()),
        key=lambda p: p.stat().st_mtime,
    ) if root.is_dir() else []
    if candidates:
        return candidates[-1]
    if fallback is not None and Path(fallback).is_dir():
        return Path(fallback)
    raise ResultsError(f"no results folder with a kernels.csv under {root.resolve()} and no fallback given")


def load(paths: Iterable[Path | str]) -> Results:
    """Reads results folders, and plain JMH JSON or CSV files (their env is taken from ``jmh-<env>`` names,
    else the file's stem)."""
    envs, kernels, latency, runs = [], [], [], []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            e, k, l, r = _read_folder(path)
            envs.append(e)
            kernels.append(k)
            latency.append(l)
            if r:
                runs.append(r)
        elif path.suffix == ".json":
            kernels.append(_tag(read_jmh_json(path, env=_env_from_name(path)), path.parent.name))
        elif path.suffix == ".csv":
            kernels.append(_tag(read_jmh_csv(path, env=_env_from_name(path)), path.parent.name))
        else:
            raise ResultsError(f"{path}: not a results folder, JMH .json or JMH .csv file")
    results = Results(runs=runs)
    if envs:
        results.environments = pd.concat(envs, ignore_index=True)
    if kernels:
        results.kernels = pd.concat(kernels, ignore_index=True)
    if latency:
        results.latency = pd.concat(latency, ignore_index=True)
    return results


def _read_folder(folder: Path):
    kernels_csv = folder / "kernels.csv"
    if not kernels_csv.is_file():
        raise ResultsError(f"{folder}: no kernels.csv, so this is not an envbench results folder")
    kernels = _read_csv(kernels_csv, KERNEL_COLUMNS)
    envs = _read_csv(folder / "environments.csv", ENVIRONMENT_COLUMNS) if (folder / "environments.csv").is_file() \
        else pd.DataFrame(columns=ENVIRONMENT_COLUMNS)
    latency = _read_csv(folder / "latency.csv", LATENCY_COLUMNS) if (folder / "latency.csv").is_file() \
        else pd.DataFrame(columns=LATENCY_COLUMNS)
    jmh_frames = [read_jmh_json(p, env=p.stem[len("jmh-"):]) for p in sorted(folder.glob("jmh-*.json"))]
    has_jmh_rows = "source" in kernels.columns and kernels["source"].eq("jmh").any()
    if jmh_frames and not has_jmh_rows:
        kernels = pd.concat([kernels] + jmh_frames, ignore_index=True)
    run = {}
    if (folder / "run.json").is_file():
        run = json.loads((folder / "run.json").read_text(encoding="utf-8"))
        run["folder"] = str(folder)
    name = folder.name
    return _tag(envs, name), _tag(kernels, name), _tag(latency, name), run


def _tag(frame: pd.DataFrame, run: str) -> pd.DataFrame:
    frame = frame.copy()
    frame.insert(0, "run", run)
    return frame


def _read_csv(path: Path, required: Sequence[str]) -> pd.DataFrame:
    frame = pd.read_csv(path, encoding="utf-8", keep_default_na=True)
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise ResultsError(f"{path}: missing columns {', '.join(missing)} (has {', '.join(frame.columns)})")
    return frame


def _env_from_name(path: Path) -> str:
    stem = path.stem
    return stem[len("jmh-"):] if stem.startswith("jmh-") else stem


def _kernel_from_benchmark(benchmark: str) -> str:
    parts = benchmark.split(".")
    for part in parts:
        if part in JMH_CLASS_TO_KERNEL:
            return JMH_CLASS_TO_KERNEL[part]
    return benchmark


def read_jmh_json(path: Path | str, env: str) -> pd.DataFrame:
    """JMH's JSON (``-rf json``) as kernels.csv rows with source ``jmh``: one row per fork and iteration (from
    ``rawData``) so that intervals can be bootstrapped, samples = 1 each."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    rows = []
    for bench in data:
        metric = bench["primaryMetric"]
        size = (bench.get("params") or {}).get("size", "")
        kernel = _kernel_from_benchmark(bench["benchmark"])
        raw = [value for fork in metric.get("rawData", []) for value in fork]
        for value in raw or [metric["score"]]:
            rows.append({
                "env": env, "source": "jmh", "kernel": kernel, "size": size, "threads": bench.get("threads", 1),
                "samples": 1, "score": float(value), "score_error": float("nan"), "unit": metric["scoreUnit"],
                "benchmark": bench["benchmark"],
            })
    return pd.DataFrame(rows, columns=KERNEL_COLUMNS + ["benchmark"])


_NUMBER_WITH_COMMA = re.compile(r"^-?[\d.\u00a0\u202f ]*,\d+$")


def _locale_float(text: str) -> float:
    """A number as JMH writes it in any locale: ``1234.5``, ``1234,5``, ``1.234,5``, ``NaN``."""
    text = str(text).strip()
    if text in ("", "NaN", "nan"):
        return float("nan")
    if _NUMBER_WITH_COMMA.match(text):
        text = re.sub(r"[.\u00a0\u202f ]", "", text).replace(",", ".")
    return float(text)


def read_jmh_csv(path: Path | str, env: str) -> pd.DataFrame:
    """JMH's CSV (``-rf csv``) as kernels.csv rows. JMH formats numbers, and the header's "99.9%", in the
    JVM's locale, so a German run writes ``"1234,567"``: the fields are quoted, and parsed here by hand."""
    text = Path(path).read_text(encoding="utf-8")
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    index = {name: i for i, name in enumerate(header)}
    error_column = next((name for name in header if name.startswith("Score Error")), None)
    size_column = next((name for name in header if name == "Param: size"), None)
    for needed in ("Benchmark", "Mode", "Threads", "Samples", "Score", "Unit"):
        if needed not in index:
            raise ResultsError(f"{path}: not a JMH CSV file, no column {needed!r} (has {header})")
    rows = []
    for record in reader:
        if not record:
            continue
        rows.append({
            "env": env, "source": "jmh", "kernel": _kernel_from_benchmark(record[index["Benchmark"]]),
            "size": record[index[size_column]] if size_column else "",
            "threads": int(record[index["Threads"]]), "samples": int(record[index["Samples"]]),
            "score": _locale_float(record[index["Score"]]),
            "score_error": _locale_float(record[index[error_column]]) if error_column else float("nan"),
            "unit": record[index["Unit"]], "benchmark": record[index["Benchmark"]],
        })
    return pd.DataFrame(rows, columns=KERNEL_COLUMNS + ["benchmark"])


def higher_is_better(unit: str) -> bool:
    return str(unit) not in LOWER_IS_BETTER_UNITS


def bootstrap_ratio(env_scores: Sequence[float], base_scores: Sequence[float], higher_better: bool = True,
                    n_boot: int = 4000, confidence: float = 0.95, seed: int = 0) -> tuple[float, float, float]:
    """Relative performance of env against the baseline, ``mean(env) / mean(base)`` for rates and
    ``mean(base) / mean(env)`` for times, so that 1.0 means "the same" and 0.8 means "20 % slower" for every
    kernel; with a percentile bootstrap interval that resamples both groups independently.

    With a single sample on either side the interval is undefined and returned as NaN: one number says
    nothing about noise.
    """
    env = np.asarray(env_scores, dtype=float)
    base = np.asarray(base_scores, dtype=float)
    env, base = env[np.isfinite(env)], base[np.isfinite(base)]
    if env.size == 0 or base.size == 0:
        return float("nan"), float("nan"), float("nan")
    point = _relative(env.mean(), base.mean(), higher_better)
    if env.size < 2 or base.size < 2:
        return point, float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    env_means = rng.choice(env, size=(n_boot, env.size), replace=True).mean(axis=1)
    base_means = rng.choice(base, size=(n_boot, base.size), replace=True).mean(axis=1)
    ratios = _relative(env_means, base_means, higher_better)
    alpha = (1.0 - confidence) / 2.0
    low, high = np.quantile(ratios, [alpha, 1.0 - alpha])
    return point, float(low), float(high)


def _relative(env_mean, base_mean, higher_better: bool):
    return env_mean / base_mean if higher_better else base_mean / env_mean


def ratio_table(kernels: pd.DataFrame, baseline: str = BASELINE, n_boot: int = 4000, seed: int = 0,
                environments: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per kernel, size and source: the mean score of each environment and its relative performance against
    ``baseline`` with a 95 % bootstrap interval over the repetitions; ``differs`` is True when the interval
    excludes 1. Environments marked failed in ``environments`` are left out; so are kernels the baseline
    lacks (they have nothing to be relative to)."""
    failed = set()
    if environments is not None and "status" in environments.columns:
        failed = set(environments.loc[environments["status"].fillna("ok").astype(str).str.lower().ne("ok"), "env"])
    frame = kernels[~kernels["env"].isin(failed)].copy()
    frame["size"] = frame["size"].astype(str)
    rows = []
    for (source, kernel, size), group in frame.groupby(["source", "kernel", "size"], sort=False):
        unit = group["unit"].iloc[0]
        better = higher_is_better(unit)
        base = group.loc[group["env"] == baseline, "score"].to_numpy(dtype=float)
        for env, env_group in group.groupby("env", sort=False):
            scores = env_group["score"].to_numpy(dtype=float)
            if base.size == 0:
                ratio = low = high = float("nan")
            elif env == baseline:
                ratio, low, high = 1.0, float("nan"), float("nan")
            else:
                ratio, low, high = bootstrap_ratio(scores, base, better, n_boot=n_boot, seed=seed)
            rows.append({
                "source": source, "kernel": kernel, "size": size, "env": env, "unit": unit,
                "higher_is_better": better, "n": int(scores.size), "mean": float(np.mean(scores)),
                "cv": float(np.std(scores, ddof=1) / np.mean(scores)) if scores.size > 1 else float("nan"),
                "relative": ratio, "ci_low": low, "ci_high": high,
                "differs": bool(np.isfinite(low) and (low > 1.0 or high < 1.0)),
            })
    return pd.DataFrame(rows, columns=["source", "kernel", "size", "env", "unit", "higher_is_better", "n", "mean",
                                       "cv", "relative", "ci_low", "ci_high", "differs"])


def kind_of(kernel: str) -> str:
    """The kind of a catalog kernel (cpu, memory, os, io, network); ``other`` for a name the catalog lacks."""
    return KERNEL_KINDS.get(str(kernel), "other")


def by_kind(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` (any frame with a ``kernel`` column) with a ``kind`` column, its rows grouped by kind in
    ``KIND_ORDER``, keeping their order within a kind."""
    out = table.copy()
    out["kind"] = [kind_of(k) for k in out["kernel"]]
    rank = out["kind"].map({kind: i for i, kind in enumerate(KIND_ORDER)})
    return out.iloc[np.argsort(rank.to_numpy(), kind="stable")].reset_index(drop=True)


def score_table(ratios: pd.DataFrame) -> pd.DataFrame:
    """The ratio table as one row per kernel, grouped by kind: mean score per environment and relative
    performance with its interval, formatted for reading."""
    out = []
    for (source, kernel, size), group in by_kind(ratios).groupby(["source", "kernel", "size"], sort=False):
        row = {"source": source, "kind": kind_of(kernel), "kernel": kernel, "size": size,
               "unit": group["unit"].iloc[0]}
        for _, r in group.iterrows():
            row[f"{r['env']} score"] = _fmt(r["mean"])
            if r["env"] != BASELINE:
                interval = "" if not math.isfinite(r["ci_low"]) else f" [{r['ci_low']:.3f}, {r['ci_high']:.3f}]"
                flag = " *" if r["differs"] else ""
                row[f"{r['env']} vs {BASELINE}"] = f"{r['relative']:.3f}{interval}{flag}"
        out.append(row)
    return pd.DataFrame(out)


def _fmt(value: float) -> str:
    if not math.isfinite(value):
        return ""
    magnitude = abs(value)
    if magnitude >= 1e6:
        return f"{value:.3e}"
    if magnitude >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def startup_memory_table(environments: pd.DataFrame) -> pd.DataFrame:
    """Startup time and idle memory per environment (as the process sees it and, where known, as the host
    sees it)."""
    columns = ["run", "env", "kind", "detail", "startup_seconds", "idle_rss_bytes"]
    for optional in ("host_rss_bytes", "status"):
        if optional in environments.columns:
            columns.append(optional)
    table = environments[columns].copy()
    table["idle_rss_mib"] = table["idle_rss_bytes"] / 2**20
    if "host_rss_bytes" in table.columns:
        table["host_rss_mib"] = table["host_rss_bytes"] / 2**20
    return table


def fingerprint_table(environments: pd.DataFrame) -> pd.DataFrame:
    """The fingerprint of each environment side by side: one column per environment."""
    keep = [c for c in environments.columns if c not in ("run",)]
    table = environments[keep].set_index("env").T
    table.index.name = "field"
    return table


def latency_table(latency: pd.DataFrame) -> pd.DataFrame:
    columns = ["run", "env", "kernel", "size", "mode", "target_rate", "connections", "achieved_rate", "requests",
               "errors"] + PERCENTILE_COLUMNS + ["max_ms", "mean_ms"]
    return latency[[c for c in columns if c in latency.columns]].copy()


def host_is_vm(environments: pd.DataFrame, baseline: str = BASELINE) -> bool:
    """True when the baseline environment is itself a VM (cloud machines, our own): then reports must say
    "host vs one more layer", never "bare metal"."""
    base = environments[environments["env"] == baseline]
    return bool(len(base)) and str(base["kind"].iloc[0]) == "vm"


def baseline_label(environments: pd.DataFrame, baseline: str = BASELINE) -> str:
    return "host (itself a VM)" if host_is_vm(environments, baseline) else "bare metal"


# ---- plots -------------------------------------------------------------------------------------------------

def _colours(envs: Sequence[str]) -> dict[str, str]:
    palette = {"bare": "#4c72b0", "container": "#dd8452", "vm": "#55a868"}
    extra = iter(["#c44e52", "#8172b3", "#937860", "#da8bc3", "#8c8c8c"])
    return {env: palette.get(env) or next(extra, "#333333") for env in envs}


def env_legend_labels(environments: pd.DataFrame) -> dict[str, str]:
    """Legend text per env: the env, and "TCG emulation" where the VM ran without hardware virtualisation."""
    labels = {}
    for _, row in environments.iterrows():
        detail = str(row.get("detail", ""))
        labels[row["env"]] = f"{row['env']} (TCG emulation)" if "tcg" in detail.lower() else str(row["env"])
    return labels


def plot_ratios(ratios: pd.DataFrame, baseline_name: str = "bare", source: str | None = None,
                env_labels: dict[str, str] | None = None):
    """Relative performance against the baseline per kernel, interval bars, one colour per environment."""
    import matplotlib.pyplot as plt

    data = ratios[ratios["env"] != BASELINE]
    if source is not None:
        data = data[data["source"] == source]
    data = by_kind(data.dropna(subset=["relative"]))
    labels = list(dict.fromkeys(f"{k} ({s})" if s not in ("", "nan") else k
                                for k, s in zip(data["kernel"], data["size"])))
    envs = list(dict.fromkeys(data["env"]))
    colours = _colours(envs)
    fig, ax = plt.subplots(figsize=(9, 0.45 * max(len(labels), 4) + 1.5))
    height = 0.8 / max(len(envs), 1)
    y_of = {label: i for i, label in enumerate(labels)}
    for j, env in enumerate(envs):
        sub = data[data["env"] == env]
        ys = [y_of[f"{k} ({s})" if s not in ("", "nan") else k] + (j - (len(envs) - 1) / 2) * height
              for k, s in zip(sub["kernel"], sub["size"])]
        rel = sub["relative"].to_numpy(dtype=float)
        low = np.where(np.isfinite(sub["ci_low"]), rel - sub["ci_low"], 0.0)
        high = np.where(np.isfinite(sub["ci_high"]), sub["ci_high"] - rel, 0.0)
        ax.errorbar(rel, ys, xerr=[low, high], fmt="o", color=colours[env], label=(env_labels or {}).get(env, env),
                    capsize=3, lw=1.5,
                    markersize=6)
        for x, y in zip(rel, ys):
            ax.annotate(f"{x:.2f}", (x, y), textcoords="offset points", xytext=(6, 4), fontsize=8,
                        color=colours[env])
    ax.axvline(1.0, color="#222222", lw=1)
    finite = np.concatenate([data["ci_low"].to_numpy(dtype=float), data["ci_high"].to_numpy(dtype=float),
                             data["relative"].to_numpy(dtype=float), [1.0]])
    finite = finite[np.isfinite(finite)]
    span = max(finite.max() - finite.min(), 0.05)
    ax.set_xlim(min(finite.min(), 1.0) - 0.1 * span, max(finite.max(), 1.0) + 0.15 * span)
    ax.set_yticks(range(len(labels)))
    ax.set_yticklabels(labels)
    # one band per kind, named at its top: cpu, memory, os, io, network
    kind_of_label = dict(zip((f"{k} ({s})" if s not in ("", "nan") else k
                              for k, s in zip(data["kernel"], data["size"])), data["kind"]))
    first_of_kind: dict[str, int] = {}
    for label in labels:
        first_of_kind.setdefault(kind_of_label[label], y_of[label])
    for kind, first in first_of_kind.items():
        if first > 0:
            ax.axhline(first - 0.5, color="#999999", lw=0.8, ls="--")
        ax.annotate(kind, (0.0, first - 0.45), xycoords=("axes fraction", "data"), xytext=(3, 0),
                    textcoords="offset points", va="top", fontsize=8, color="#555555", style="italic")
    ax.invert_yaxis()
    ax.set_xlabel(f"relative performance vs {baseline_name} (1.0 = same, < 1 = slower; 95% bootstrap CI)")
    # Below the axes: inside, the legend covers the last kernel's markers whatever the corner.
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08 - 1.2 / fig.get_figheight() / 10), ncol=len(envs),
              frameon=False)
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return fig


def plot_latency(latency: pd.DataFrame):
    """Latency percentiles p50 to p99.9 per environment and load mode, log scale."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 4.5))
    xs = np.arange(len(PERCENTILE_COLUMNS))
    envs = list(dict.fromkeys(latency["env"]))
    colours = _colours(envs)
    styles = {"closed": "-", "open": "--"}
    for _, row in latency.iterrows():
        values = row[PERCENTILE_COLUMNS].to_numpy(dtype=float)
        rate = "" if not np.isfinite(float(row.get("target_rate", float("nan")) or float("nan"))) \
            else f" @{float(row['target_rate']):.0f}/s"
        ax.plot(xs, values, styles.get(str(row["mode"]), ":"), marker="o", color=colours[row["env"]],
                label=f"{row['env']} {row['mode']}{rate} {row['kernel']}{_error_share(row)}")
    ax.set_xticks(xs)
    ax.set_xticklabels(["p50", "p90", "p99", "p99.9"])
    ax.set_yscale("log")
    ax.set_ylabel("latency (ms, log scale)")
    ax.grid(alpha=0.3, which="both")
    # Outside the axes: inside, it hides the lines of the slowest environment, the ones a reader looks for.
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
    fig.tight_layout()
    return fig


def _error_share(row) -> str:
    """' (12% errors)' when a load run had errors: its percentiles then describe only part of the requests."""
    try:
        requests, errors = float(row["requests"]), float(row["errors"])
    except (KeyError, TypeError, ValueError):
        return ""
    if not requests or not errors:
        return ""
    share = 100 * errors / requests
    if share < 0.5:
        return f" ({errors:.0f} errors)"
    # One decimal near the ends, where "100%" would hide the few that were answered.
    return f" ({share:.1f}% errors)" if share < 10 or share > 90 else f" ({share:.0f}% errors)"


def plot_startup_memory(environments: pd.DataFrame):
    """Launch-to-healthy seconds and idle resident memory per environment."""
    import matplotlib.pyplot as plt

    envs = list(environments["env"])
    colours = _colours(envs)
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.5))
    startup = environments["startup_seconds"].astype(float)
    bars = left.bar(envs, startup, color=[colours[e] for e in envs])
    left.bar_label(bars, labels=[f"{v:.2f} s" if np.isfinite(v) else "" for v in startup], fontsize=8)
    left.set_ylabel("launch to first healthy answer (s)")
    rss = environments["idle_rss_bytes"].astype(float) / 2**20
    bars = right.bar(envs, rss, color=[colours[e] for e in envs], label="as the JVM sees it")
    right.bar_label(bars, labels=[f"{v:.0f}" if np.isfinite(v) else "" for v in rss], fontsize=8,
                    label_type="center", color="white")
    if "host_rss_bytes" in environments.columns:
        host = environments["host_rss_bytes"].astype(float) / 2**20
        right.scatter(envs, host, color="#222222", marker="_", s=600, label="as the host sees it", zorder=3)
        right.legend(fontsize=8)
    right.set_ylabel("idle resident memory (MiB)")
    for ax in (left, right):
        ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    return fig


def plot_steal_throttle(environments: pd.DataFrame, ratios: pd.DataFrame):
    """CPU steal and cgroup throttling per environment beside its mean CPU-kernel overhead, where the folder
    has them; None otherwise."""
    import matplotlib.pyplot as plt

    wanted = [c for c in ("cpu_steal_ratio", "cgroup_throttled_seconds") if c in environments.columns]
    if not wanted:
        return None
    cpu = ratios[(ratios["kernel"].map(kind_of) == "cpu") & (ratios["source"] == "http")]
    overhead = cpu.groupby("env")["relative"].mean()
    envs = list(environments["env"])
    fig, axes = plt.subplots(1, len(wanted) + 1, figsize=(4 * (len(wanted) + 1), 3.5))
    colours = _colours(envs)
    axes[0].bar(envs, [1.0 - overhead.get(e, float("nan")) for e in envs], color=[colours[e] for e in envs])
    axes[0].set_ylabel("mean CPU-kernel slowdown vs bare")
    for ax, column in zip(axes[1:], wanted):
        ax.bar(envs, environments[column].astype(float), color=[colours[e] for e in envs])
        ax.set_ylabel(column)
    fig.tight_layout()
    return fig
