"""Reads envbench results folders and answers: what does the container, the VM cost, per workload, and how sure are we.

The notebook ``compare.ipynb`` is a thin layer over this module; everything that can be wrong is here, where
``tests/`` can check it on fixtures with known answers.

Usage::

    import envbench_analysis as ea
    results = ea.load(["results/20261122-101500"])
    table = ea.ratio_table(results.kernels, environments=results.environments, summary=results.summary)
    fig = ea.plot_ratios(table)

Inputs are the files of the results folder contract (DESIGN.md): ``environments.csv``, ``kernels.csv``,
``summary.csv``, ``latency.csv``, ``run.json``, ``jmh-<env>.json``; and also plain JMH output files (JSON, or CSV
in any locale).

Where the intervals come from (the ``method`` column of ``ratio_table``): for ``source=http`` rows, compare's own
numbers from ``summary.csv`` (its paired A-B-B-A estimate with the two-level interval, ``PairedRatio`` and
``ForkedEstimate`` in Java), so that the notebook shows what compare printed. Only a folder without a summary.csv,
or with one from a compare that predates forks, falls back to ``paired_ratio`` here, a port of the same estimator
with its own seeded bootstrap. JMH rows get a Python bootstrap over JMH's iterations, labelled as such.
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
# summary.csv's columns since compare measures in forks; a summary.csv without them is from an older compare, whose
# independent-bootstrap intervals the notebook does not show as compare's.
SUMMARY_FORK_COLUMNS = ["forks", "cv", "unreliable", "half_width", "disturbed_share"]
# Summary.UNRELIABLE_CV and Summary.DISTURBED_SHARE in Java.
UNRELIABLE_CV = 0.05
DISTURBED_SHARE = 0.10

METHOD_COMPARE = "compare (summary.csv)"
METHOD_NO_SUMMARY = "Python paired estimate (no summary.csv)"
METHOD_OLD_SUMMARY = "Python paired estimate (summary.csv from an older compare)"
METHOD_NOT_IN_SUMMARY = "Python paired estimate (not in summary.csv)"
METHOD_JMH = "Python bootstrap over JMH iterations"
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
    summary: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["run"]))
    runs: list[dict] = field(default_factory=list)

    @property
    def incomplete_runs(self) -> list[dict]:
        """The run.json of every folder whose run did not end ``complete`` (still ``running``, killed, or
        ``interrupted``): its figures may be partial."""
        return [run for run in self.runs if run.get("status") != "complete"]

    def incomplete_label(self) -> str:
        """"INCOMPLETE RUN (...)" naming each such folder and its status, for banners and plot titles; "" when
        every run completed."""
        runs = self.incomplete_runs
        if not runs:
            return ""
        return "INCOMPLETE RUN (" + ", ".join(f"{r.get('run_id', r['folder'])}: status {r.get('status', 'unknown')}"
                                              for r in runs) + ")"

    @property
    def failed_environments(self) -> pd.DataFrame:
        """Environments whose status says they failed, with the reason where the folder gives one."""
        envs = self.environments
        if "status" not in envs.columns:
            return envs.iloc[0:0]
        failed = envs[envs["status"].fillna("ok").astype(str).str.lower().ne("ok")]
        keep = [c for c in ("run", "env", "status", "reason", "failure_reason") if c in failed.columns]
        return failed.drop_duplicates(subset=keep)


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


def load(paths: Iterable[Path | str], allow_incomplete: bool = False) -> Results:
    """Reads results folders, and plain JMH JSON or CSV files (their env is taken from ``jmh-<env>`` names,
    else the file's stem).

    A folder whose run.json does not say ``status: complete`` (a run still going, killed or interrupted) is
    refused with a ResultsError unless ``allow_incomplete``; then ``Results.incomplete_label()`` says so, and
    whatever shows its figures should show that too."""
    envs, kernels, latency, summaries, runs = [], [], [], [], []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            e, k, l, s, r = _read_folder(path)
            status = r.get("status", "unknown")
            if status != "complete" and not allow_incomplete:
                raise ResultsError(
                    f"{path}: run.json says status {status!r}, not 'complete': the run was cut short or is still "
                    f"going, so its figures may be partial. Load a complete run, or pass allow_incomplete=True "
                    f"and label what you show as incomplete")
            envs.append(e)
            kernels.append(k)
            latency.append(l)
            summaries.append(s)
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
    if summaries:
        results.summary = pd.concat(summaries, ignore_index=True)
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
    summary = pd.read_csv(folder / "summary.csv", encoding="utf-8") if (folder / "summary.csv").is_file() \
        else pd.DataFrame(columns=["kernel", "size", "env"])
    run = {}
    if (folder / "run.json").is_file():
        run = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    run["folder"] = str(folder)
    name = folder.name
    return _tag(envs, name), _tag(kernels, name), _tag(latency, name), _tag(summary, name), run


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


# A benchmark method of this name measures a part of a kernel's run, not a kernel (LongSortBench.baseline, the copy
# alone, beside LongSortBench.run): its rows are left out of the kernel rows.
JMH_BASELINE_METHOD = "baseline"


def _is_baseline(benchmark: str) -> bool:
    return benchmark.rsplit(".", 1)[-1] == JMH_BASELINE_METHOD


def _kernel_from_benchmark(benchmark: str) -> str:
    parts = benchmark.split(".")
    for part in parts:
        if part in JMH_CLASS_TO_KERNEL:
            return JMH_CLASS_TO_KERNEL[part]
    return benchmark


def read_jmh_json(path: Path | str, env: str) -> pd.DataFrame:
    """JMH's JSON (``-rf json``) as kernels.csv rows with source ``jmh``: one row per fork and iteration (from
    ``rawData``, ``fork`` counting from 1) so that intervals can be bootstrapped, samples = 1 each. Baselines are
    left out."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    rows = []
    for bench in data:
        if _is_baseline(bench["benchmark"]):
            continue
        metric = bench["primaryMetric"]
        size = (bench.get("params") or {}).get("size", "")
        kernel = _kernel_from_benchmark(bench["benchmark"])
        raw = [(f + 1, value) for f, fork in enumerate(metric.get("rawData", [])) for value in fork]
        for fork, value in raw or [(float("nan"), metric["score"])]:
            rows.append({
                "env": env, "source": "jmh", "kernel": kernel, "size": size, "threads": bench.get("threads", 1),
                "samples": 1, "score": float(value), "score_error": float("nan"), "unit": metric["scoreUnit"],
                "benchmark": bench["benchmark"], "fork": fork,
            })
    return pd.DataFrame(rows, columns=KERNEL_COLUMNS + ["benchmark", "fork"])


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
        if not record or _is_baseline(record[index["Benchmark"]]):
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
    """The JMH rows' estimate: ``mean(env) / mean(base)`` for rates and ``mean(base) / mean(env)`` for times, so
    that 1.0 means "the same" and 0.8 means "20 % slower" for every kernel; with a percentile bootstrap interval
    that resamples both groups independently (JMH's iterations are not paired across environments).

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


# StudentT.QUANTILES in Java: t(0.975, df) for df = 1..30.
_T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
         2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
         2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042]


def _t975(degrees: int) -> float:
    if degrees <= len(_T975):
        return _T975[degrees - 1]
    z, n = 1.959964, float(degrees)
    return z + (z ** 3 + z) / (4 * n) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * n * n)


@dataclass(frozen=True)
class ForkedEstimate:
    """Port of Java's ForkedEstimate: the mean of fork means and the wider of a two-level bootstrap interval and
    the t interval over fork means (two forks or more). The bootstrap is numpy's from ``seed``, so its ends differ
    from compare's in the last digits; the mean does not."""
    mean: float
    low: float
    high: float
    forks: int
    values: int

    @staticmethod
    def of(groups: Sequence[Sequence[float]], n_boot: int = 4000, seed: int = 0) -> "ForkedEstimate":
        forks = [np.asarray(g, dtype=float) for g in groups if len(g)]
        if not forks:
            return ForkedEstimate(float("nan"), float("nan"), float("nan"), 0, 0)
        fork_means = np.array([f.mean() for f in forks])
        mean = float(fork_means.mean())
        rng = np.random.default_rng(seed)
        chosen = rng.integers(0, len(forks), size=(n_boot, len(forks)))
        sums = np.zeros(n_boot)
        for f, values in enumerate(forks):
            # every draw of fork f, wherever in the resample it was drawn, gets its own resample of f's values
            where = chosen == f
            count = int(where.sum())
            if count:
                means = values[rng.integers(0, values.size, size=(count, values.size))].mean(axis=1)
                contribution = np.zeros(where.shape)
                contribution[where] = means
                sums += contribution.sum(axis=1)
        low, high = np.quantile(sums / len(forks), [0.025, 0.975])
        units = fork_means if len(forks) >= 2 else forks[0]
        if units.size >= 2:
            # as in Java: t over the forks, or over the blocks of a single fork
            half = _t975(units.size - 1) * units.std(ddof=1) / math.sqrt(units.size)
            low, high = min(low, mean - half), max(high, mean + half)
        return ForkedEstimate(mean, float(low), float(high), len(forks), sum(f.size for f in forks))


def _runs(frame: pd.DataFrame) -> pd.DataFrame:
    """fork, block and score of HTTP runs: fork 1 where kernels.csv predates forks, the round as the block (in
    an old folder a round held every environment's turn once, the pairing compare's blocks make explicit)."""
    fork = frame["fork"] if "fork" in frame.columns else pd.Series(1, index=frame.index)
    block = frame["round"] if "round" in frame.columns else pd.Series(range(len(frame)), index=frame.index)
    runs = pd.DataFrame({"fork": pd.to_numeric(fork, errors="coerce").fillna(1).astype(int),
                         "block": pd.to_numeric(block, errors="coerce"),
                         "score": pd.to_numeric(frame["score"], errors="coerce")})
    return runs[(runs["score"] > 0) & np.isfinite(runs["score"]) & runs["block"].notna()]


def block_log_ratios(env: pd.DataFrame, reference: pd.DataFrame, higher_better: bool) -> list[np.ndarray]:
    """PairedRatio.blockLogRatios: per fork (in fork order), the log of each block's mean-score ratio, for the
    blocks both sides have."""
    env_blocks = _runs(env).groupby(["fork", "block"])["score"].mean()
    ref_blocks = _runs(reference).groupby(["fork", "block"])["score"].mean()
    both = pd.concat([env_blocks.rename("env"), ref_blocks.rename("ref")], axis=1, join="inner").sort_index()
    logs = np.log(both["env"] / both["ref"]) * (1 if higher_better else -1)
    return [group.to_numpy() for _, group in logs.groupby(level="fork")]


def paired_ratio(env: pd.DataFrame, reference: pd.DataFrame, higher_better: bool, n_boot: int = 4000,
                 seed: int = 0) -> ForkedEstimate:
    """PairedRatio.of: the geometric mean of the block ratios (over blocks, then forks) with its interval, as
    ratios; the fallback when a folder has no summary.csv of compare's."""
    logs = ForkedEstimate.of(block_log_ratios(env, reference, higher_better), n_boot=n_boot, seed=seed)
    return ForkedEstimate(math.exp(logs.mean), math.exp(logs.low), math.exp(logs.high), logs.forks, logs.values) \
        if logs.forks else logs


def within_fork_cv(frame: pd.DataFrame) -> float:
    """PairedRatio.withinForkCv: the spread of single runs around their fork's mean, pooled over forks, over the
    mean of all runs. NaN with fewer than two runs in every fork."""
    fork = frame["fork"].fillna(1) if "fork" in frame.columns else pd.Series(1, index=frame.index)
    scores = pd.to_numeric(frame["score"], errors="coerce")
    degrees = int((scores.groupby(fork).count() - 1).sum())
    if degrees < 1:
        return float("nan")
    squares = ((scores - scores.groupby(fork).transform("mean")) ** 2).sum()
    return float(math.sqrt(squares / degrees) / scores.mean())


def disturbed_share(frame: pd.DataFrame) -> float:
    """Summary.disturbedShare: the share of runs whose turn had more than DISTURBED_SHARE of the machine busy
    outside the environment (or stolen); NaN when no turn was measured."""
    if "outside_cpu_share" not in frame.columns:
        return float("nan")
    outside = pd.to_numeric(frame["outside_cpu_share"], errors="coerce")
    steal = pd.to_numeric(frame["steal_share"], errors="coerce").fillna(0) if "steal_share" in frame.columns else 0
    measured = outside.notna()
    if not measured.any():
        return float("nan")
    return float(((outside + steal)[measured] > DISTURBED_SHARE).mean())


RATIO_COLUMNS = ["run", "source", "kernel", "size", "env", "unit", "higher_is_better", "n", "forks", "mean", "cv",
                 "unreliable", "relative", "ci_low", "ci_high", "differs", "half_width", "disturbed_share", "method"]


def ratio_table(kernels: pd.DataFrame, baseline: str = BASELINE, n_boot: int = 4000, seed: int = 0,
                environments: pd.DataFrame | None = None, summary: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per run, source, kernel and size: each environment's mean score and its relative performance against
    ``baseline`` with a 95 % interval; ``differs`` is True when the interval excludes 1, ``unreliable`` when the
    runs' within-fork cv is over 5 %. ``method`` says where the figures come from: compare's summary.csv for HTTP
    rows (pass ``summary=results.summary``), else the Python estimates (module docstring). Environments that failed
    in every fork are left out; so are ratios for kernels the baseline lacks (they have nothing to be relative to).
    """
    failed = set()
    if environments is not None and "status" in environments.columns and len(environments):
        ok = environments["status"].fillna("ok").astype(str).str.lower().eq("ok")
        failed = set(environments["env"]) - set(environments.loc[ok, "env"])
    frame = kernels[~kernels["env"].isin(failed)].copy()
    if "run" not in frame.columns:
        frame.insert(0, "run", "")
    frame["size"] = frame["size"].astype(str)
    lookup, summary_runs = _summary_lookup(summary)
    rows = []
    for (run, source, kernel, size), group in frame.groupby(["run", "source", "kernel", "size"], sort=False):
        unit = group["unit"].iloc[0]
        better = higher_is_better(unit)
        base = group[group["env"] == baseline]
        for env, env_group in group.groupby("env", sort=False):
            row = {"run": run, "source": source, "kernel": kernel, "size": size, "env": env, "unit": unit,
                   "higher_is_better": better}
            found = lookup.get((run, kernel, size, env)) if source == "http" else None
            if found is not None:
                row.update(found)
            elif source == "http":
                method = METHOD_NOT_IN_SUMMARY if run in summary_runs.get("new", set()) else \
                    METHOD_OLD_SUMMARY if run in summary_runs.get("old", set()) else METHOD_NO_SUMMARY
                row.update(_paired_row(env_group, base, env == baseline, better, n_boot, seed), method=method)
            else:
                row.update(_jmh_row(env_group, base, env == baseline, better, n_boot, seed))
            rows.append(row)
    return pd.DataFrame(rows, columns=RATIO_COLUMNS)


def _summary_lookup(summary: pd.DataFrame | None):
    """summary.csv rows by (run, kernel, size, env) for the runs whose summary.csv has the fork columns, and which
    runs had a summary.csv of either kind."""
    lookup, runs = {}, {"new": set(), "old": set()}
    if summary is None or not len(summary):
        return lookup, runs
    summary = summary.copy()
    if "run" not in summary.columns:
        summary.insert(0, "run", "")
    for run, group in summary.groupby("run", sort=False):
        if not all(c in group.columns and group[c].notna().any() for c in ("forks", "cv", "half_width")):
            runs["old"].add(run)
            continue
        runs["new"].add(run)
        for _, r in group.iterrows():
            clear = str(r["clear_difference"]).strip().lower() == "true"
            lookup[(run, str(r["kernel"]), str(r["size"]), str(r["env"]))] = {
                "n": int(r["samples"]), "forks": int(r["forks"]), "mean": float(r["mean_score"]),
                "cv": float(r["cv"]), "unreliable": str(r["unreliable"]).strip().lower() == "true",
                "relative": float(r["ratio_to_bare"]), "ci_low": float(r["ratio_low"]),
                "ci_high": float(r["ratio_high"]), "differs": clear, "half_width": float(r["half_width"]),
                "disturbed_share": float(r["disturbed_share"]) if pd.notna(r.get("disturbed_share")) else float("nan"),
                "method": METHOD_COMPARE,
            }
    return lookup, runs


def _paired_row(env: pd.DataFrame, base: pd.DataFrame, is_baseline: bool, better: bool, n_boot: int, seed: int):
    runs = _runs(env)
    cv = within_fork_cv(env)
    out = {"n": int(len(env)), "forks": int(runs["fork"].nunique()), "mean": float(env["score"].mean()), "cv": cv,
           "unreliable": bool(cv > UNRELIABLE_CV), "disturbed_share": disturbed_share(env)}
    if is_baseline:
        return dict(out, relative=1.0, ci_low=1.0, ci_high=1.0, differs=False, half_width=0.0)
    if not len(base):
        return dict(out, relative=float("nan"), ci_low=float("nan"), ci_high=float("nan"), differs=False,
                    half_width=float("nan"))
    ratio = paired_ratio(env, base, better, n_boot=n_boot, seed=seed)
    half = max(ratio.mean - ratio.low, ratio.high - ratio.mean) / ratio.mean if ratio.forks else float("nan")
    return dict(out, relative=ratio.mean, ci_low=ratio.low, ci_high=ratio.high,
                differs=bool(ratio.forks and (ratio.low > 1.0 or ratio.high < 1.0)), half_width=half)


def _jmh_row(env: pd.DataFrame, base: pd.DataFrame, is_baseline: bool, better: bool, n_boot: int, seed: int):
    scores = env["score"].to_numpy(dtype=float)
    cv = float(np.std(scores, ddof=1) / np.mean(scores)) if scores.size > 1 else float("nan")
    forks = env["fork"].nunique() if "fork" in env.columns and env["fork"].notna().any() else float("nan")
    out = {"n": int(scores.size), "forks": forks, "mean": float(np.mean(scores)), "cv": cv,
           "unreliable": bool(cv > UNRELIABLE_CV), "disturbed_share": float("nan"), "method": METHOD_JMH}
    if is_baseline:
        return dict(out, relative=1.0, ci_low=1.0, ci_high=1.0, differs=False, half_width=0.0)
    if not len(base):
        return dict(out, relative=float("nan"), ci_low=float("nan"), ci_high=float("nan"), differs=False,
                    half_width=float("nan"))
    ratio, low, high = bootstrap_ratio(scores, base["score"], better, n_boot=n_boot, seed=seed)
    finite = math.isfinite(low)
    return dict(out, relative=ratio, ci_low=low, ci_high=high, differs=bool(finite and (low > 1.0 or high < 1.0)),
                half_width=max(ratio - low, high - ratio) / ratio if finite else float("nan"))


def one_fork_note(ratios: pd.DataFrame) -> str:
    """A sentence for tables and plots when some intervals rest on one fork (one JVM launch per environment):
    those do not cover JVM-to-JVM variation. "" when every interval has two forks or more."""
    shown = ratios[ratios["env"] != BASELINE]
    one = shown[pd.to_numeric(shown["forks"], errors="coerce") == 1]
    if not len(one):
        return ""
    every = len(one) == len(shown)
    return ("one fork" if every else f"{len(one)} of {len(shown)} rows from one fork") + \
        ": intervals do not cover JVM-to-JVM variation"


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
    """The ratio table as one row per kernel, grouped by kind, formatted for reading: mean score per environment,
    relative performance with its interval (`` *`` when it excludes 1, `` !`` when the kernel is unreliable, cv
    over 5 %), the within-fork cv, the share of disturbed runs where measured, the forks, and the method (where the
    figures come from). A ``run`` column only when there is more than one run."""
    several_runs = ratios["run"].nunique() > 1 if "run" in ratios.columns else False
    out = []
    for (run, source, kernel, size), group in by_kind(ratios).groupby(["run", "source", "kernel", "size"], sort=False):
        row = {"run": run} if several_runs else {}
        row.update({"source": source, "kind": kind_of(kernel), "kernel": kernel, "size": size,
                    "unit": group["unit"].iloc[0]})
        for _, r in group.iterrows():
            row[f"{r['env']} score"] = _fmt(r["mean"])
        for _, r in group.iterrows():
            if r["env"] == BASELINE:
                continue
            interval = "" if not math.isfinite(r["ci_low"]) else f" [{r['ci_low']:.3f}, {r['ci_high']:.3f}]"
            flags = (" *" if r["differs"] else "") + (" !" if r["unreliable"] else "")
            row[f"{r['env']} vs {BASELINE}"] = f"{r['relative']:.3f}{interval}{flags}" \
                if math.isfinite(r["relative"]) else ""
        for _, r in group.iterrows():
            row[f"{r['env']} cv"] = f"{100 * r['cv']:.1f}%{' !' if r['unreliable'] else ''}" \
                if math.isfinite(r["cv"]) else ""
        if group["disturbed_share"].notna().any():
            for _, r in group.iterrows():
                row[f"{r['env']} disturbed"] = f"{100 * r['disturbed_share']:.0f}%" \
                    if math.isfinite(r["disturbed_share"]) else ""
        forks = pd.to_numeric(group["forks"], errors="coerce")
        row["forks"] = "" if forks.isna().all() else f"{forks.min():.0f}" if forks.min() == forks.max() \
            else f"{forks.min():.0f}-{forks.max():.0f}"
        row["method"] = " / ".join(dict.fromkeys(group["method"]))
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


_PER_FORK = ["fork", "startup_seconds", "idle_rss_bytes", "host_rss_bytes", "server_startup_seconds", "status",
             "failure_reason", "reason"]


def startup_memory_table(environments: pd.DataFrame) -> pd.DataFrame:
    """Startup time and idle memory of every fork (one launch of an environment's server; an older folder has
    one row per environment): as the process sees it and, where known, as the host sees it."""
    columns = ["run", "env", "fork", "kind", "detail", "startup_seconds", "server_startup_seconds",
               "idle_rss_bytes", "host_rss_bytes", "status"]
    table = environments[[c for c in columns if c in environments.columns]].copy()
    table["idle_rss_mib"] = table["idle_rss_bytes"] / 2**20
    if "host_rss_bytes" in table.columns:
        table["host_rss_mib"] = table["host_rss_bytes"] / 2**20
    return table


def startup_memory_summary(environments: pd.DataFrame) -> pd.DataFrame:
    """Per environment: how many forks, and the median, lowest and highest startup seconds and idle MiB over
    them."""
    table = startup_memory_table(environments)
    figures = {"startup_seconds": "startup s", "idle_rss_mib": "idle MiB (JVM)", "host_rss_mib": "idle MiB (host)"}
    rows = []
    for (run, env), group in table.groupby(["run", "env"], sort=False):
        row = {"run": run, "env": env, "forks": len(group)}
        for column, name in figures.items():
            if column in group.columns:
                values = pd.to_numeric(group[column], errors="coerce")
                row[f"{name} median"] = values.median()
                row[f"{name} min"] = values.min()
                row[f"{name} max"] = values.max()
        rows.append(row)
    return pd.DataFrame(rows)


def fingerprint_table(environments: pd.DataFrame) -> pd.DataFrame:
    """The fingerprint of each environment side by side: one column per environment, from its first fork (the
    per-fork figures are in ``startup_memory_table``)."""
    first = environments.drop_duplicates(subset=["env"])
    keep = [c for c in first.columns if c != "run" and c not in _PER_FORK]
    table = first[keep].set_index("env").T
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


def _point_labels(data: pd.DataFrame) -> list[str]:
    several_runs = data["run"].nunique() > 1 if "run" in data.columns else False
    labels = []
    for _, r in data.iterrows():
        label = f"{r['kernel']} ({r['size']})" if str(r["size"]) not in ("", "nan") else str(r["kernel"])
        labels.append(f"{r['run']}: {label}" if several_runs else label)
    return labels


def interval_caption(data: pd.DataFrame) -> str:
    """Where the intervals of ``data`` (rows of ratio_table) come from, for an axis label."""
    methods = list(dict.fromkeys(data["method"])) if "method" in data.columns else []
    if methods == [METHOD_COMPARE]:
        text = "95% interval from compare's summary.csv"
    elif methods == [METHOD_JMH]:
        text = "95% interval: Python bootstrap over JMH iterations, not compare's"
    else:
        text = "95% interval: " + "; ".join(methods)
    note = one_fork_note(data) if "forks" in data.columns else ""
    return text + (f"\n{note}" if note else "")


# Shown beside a value in plot_ratios when at least this share of its runs was disturbed; the table has every share.
DISTURBED_LABEL = 0.25
# The steps plot_ratios' log axis may end on: 1 and 3 per decade, or 0.5 and 2 when every point is that close to 1.
_NARROW_LIMITS = (0.5, 2.0)
_NARROW_TICKS = [0.5, 0.7, 1.0, 1.5, 2.0]
_ONE_DECADE_TICKS = [0.3, 0.5, 0.7, 1.0, 1.5, 2.0, 3.0]


def ratio_axis(points: Sequence[float]) -> tuple[float, float, list[float]]:
    """The limits and ticks of plot_ratios' log axis, from the point estimates only (never the intervals, or one
    wide interval squeezes every point): the narrowest span on the steps 1 and 3 per decade (0.01, 0.03, 0.1, 0.3,
    1, 3, 10 ...) that covers 1.0 and every point, with a little room left of the lowest and a quarter more right of
    the highest for its label; 0.5 to 2 when all of that fits in it."""
    values = np.asarray([p for p in points if math.isfinite(p) and p > 0] + [1.0], dtype=float)
    need_low, need_high = values.min() / 1.1, values.max() * 1.25
    if need_low >= _NARROW_LIMITS[0] and need_high <= _NARROW_LIMITS[1]:
        return _NARROW_LIMITS[0], _NARROW_LIMITS[1], list(_NARROW_TICKS)
    steps = [float(f"{m}e{k}") for k in range(-9, 10) for m in (1, 3)]
    low = max(s for s in steps if s <= need_low * (1 + 1e-9))
    high = min(s for s in steps if s >= need_high * (1 - 1e-9))
    if high / low <= 10 * (1 + 1e-9):
        return low, high, [t for t in _ONE_DECADE_TICKS if low * (1 - 1e-9) <= t <= high * (1 + 1e-9)]
    return low, high, [s for s in steps if low * (1 - 1e-9) <= s <= high * (1 + 1e-9)]


def _ratio_text(value: float) -> str:
    return f"{value:.2f}" if 0.1 <= abs(value) < 10 else f"{value:.2g}" if abs(value) < 0.1 else f"{value:.3g}"


def plot_ratios(ratios: pd.DataFrame, baseline_name: str = "bare", source: str | None = None,
                env_labels: dict[str, str] | None = None, title: str | None = None):
    """Relative performance against the baseline per kernel, 95 % interval bars, one colour per environment (each
    in its own row within a kernel's band, the legend once per environment); an unreliable kernel (cv over 5 %) as a
    hollow marker. The x axis is logarithmic, since ratios are multiplicative (0.5 is as far from 1 as 2), with its
    limits from the point estimates (``ratio_axis``), so a wide interval cannot squeeze every point against 0; an
    interval running past a limit is cut there and ends in a triangle instead of a cap, and its label gives the
    whole interval. Each value label sits right of its own bar, in its own row, so labels never cover each other or
    a marker: the ratio, the interval when the bar is cut, and the share of disturbed runs only when it is
    ``DISTURBED_LABEL`` or more (score_table has every share). The axis label says where the intervals come from,
    whether they rest on one fork, and that cut bars are marked."""
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.ticker import FixedLocator, FuncFormatter, NullFormatter

    data = ratios[ratios["env"] != BASELINE]
    if source is not None:
        data = data[data["source"] == source]
    data = by_kind(data.dropna(subset=["relative"]))
    data = data.assign(label=_point_labels(data))
    labels = list(dict.fromkeys(data["label"]))
    envs = list(dict.fromkeys(data["env"]))
    colours = _colours(envs)
    # Tall enough per kernel that each environment's row is a line of the labels' 7 pt text.
    per_kernel = max(0.45, 0.16 * len(envs))
    fig, ax = plt.subplots(figsize=(10, per_kernel * max(len(labels), 4) + 1.8))
    height = 0.84 / max(len(envs), 1)
    y_of = {label: i for i, label in enumerate(labels)}
    unreliable_col = data["unreliable"].fillna(False).astype(bool) if "unreliable" in data.columns \
        else pd.Series(False, index=data.index)
    low_limit, high_limit, ticks = ratio_axis(data["relative"].to_numpy(dtype=float))
    ax.set_xscale("log")
    ax.set_xlim(low_limit, high_limit)
    clipped_any = False
    for j, env in enumerate(envs):
        sub = data[data["env"] == env]
        colour = colours[env]
        ys = np.array([y_of[label] + (j - (len(envs) - 1) / 2) * height for label in sub["label"]])
        rel = sub["relative"].to_numpy(dtype=float)
        ci_low = sub["ci_low"].to_numpy(dtype=float)
        ci_high = sub["ci_high"].to_numpy(dtype=float)
        has_interval = np.isfinite(ci_low) & np.isfinite(ci_high)
        cut_low = has_interval & (ci_low < low_limit)
        cut_high = has_interval & (ci_high > high_limit)
        shown_low = np.where(has_interval, np.clip(ci_low, low_limit, high_limit), rel)
        shown_high = np.where(has_interval, np.clip(ci_high, low_limit, high_limit), rel)
        ax.hlines(ys[has_interval], shown_low[has_interval], shown_high[has_interval], colors=colour, lw=1.5)
        for ends, keep in ((shown_low, has_interval & ~cut_low), (shown_high, has_interval & ~cut_high)):
            ax.plot(ends[keep], ys[keep], ls="none", marker="|", color=colour, markersize=7, markeredgewidth=1.5)
        for ends, keep, marker in ((shown_low, cut_low, "<"), (shown_high, cut_high, ">")):
            if keep.any():
                clipped_any = True
                ax.plot(ends[keep], ys[keep], ls="none", marker=marker, color=colour, markersize=6, clip_on=False)
        noisy = unreliable_col[sub.index].to_numpy()
        ax.plot(rel[~noisy], ys[~noisy], ls="none", marker="o", color=colour, markersize=6)
        ax.plot(rel[noisy], ys[noisy], ls="none", marker="o", markerfacecolor="white", markeredgecolor=colour,
                markeredgewidth=1.8, markersize=6)
        disturbed = sub["disturbed_share"].to_numpy(dtype=float) if "disturbed_share" in sub.columns \
            else np.full(len(sub), np.nan)
        for i in range(len(sub)):
            text = _ratio_text(rel[i])
            if cut_low[i] or cut_high[i]:
                text += f" [{ci_low[i]:.3g}, {ci_high[i]:.3g}]"
            if np.isfinite(disturbed[i]) and disturbed[i] >= DISTURBED_LABEL:
                text += f", {disturbed[i]:.0%} disturbed"
            right = min(max(shown_high[i], rel[i]), high_limit)
            # On white, so a label running past the last grid line or the axis stays readable.
            ax.annotate(text, (right, ys[i]), textcoords="offset points", xytext=(7 if cut_high[i] else 5, 0),
                        va="center", fontsize=7, color=colour, annotation_clip=False,
                        bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.85})
    ax.axvline(1.0, color="#222222", lw=1)
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_yticks(range(len(labels)))
    ax.set_yticklabels(labels)
    # one band per kind, its name in the tick labels' column just under the band's top line: cpu, memory, os, ...
    kind_of_label = dict(zip(data["label"], data["kind"]))
    first_of_kind: dict[str, int] = {}
    for label in labels:
        first_of_kind.setdefault(kind_of_label[label], y_of[label])
    for kind, first in first_of_kind.items():
        if first > 0:
            ax.axhline(first - 0.5, color="#999999", lw=0.8, ls="--")
        ax.annotate(kind, (0.0, first - 0.5), xycoords=("axes fraction", "data"), xytext=(-4, -1),
                    textcoords="offset points", ha="right", va="top", fontsize=8, color="#555555",
                    style="italic", weight="bold")
    ax.set_ylim(len(labels) - 0.5, -0.5)
    notes = [f"relative performance vs {baseline_name} (1.0 = same, < 1 = slower), log scale",
             interval_caption(data)]
    if clipped_any:
        notes.append("a bar cut at the axis ends in a triangle, its label gives the whole interval")
    if "disturbed_share" in data.columns and (data["disturbed_share"] >= DISTURBED_LABEL).any():
        notes.append(f"N% disturbed: share of its runs with the machine busy elsewhere, shown from "
                     f"{DISTURBED_LABEL:.0%}")
    ax.set_xlabel("\n".join(notes))
    handles = [Line2D([], [], ls="none", marker="o", color=colours[env], markersize=6) for env in envs]
    names = [(env_labels or {}).get(env, env) for env in envs]
    if unreliable_col.any():
        handles.append(Line2D([], [], ls="none", marker="o", markerfacecolor="white", markeredgecolor="#555555",
                              markeredgewidth=1.8, markersize=6))
        names.append(f"unreliable (cv > {UNRELIABLE_CV:.0%})")
    if clipped_any:
        handles.append(Line2D([0, 1], [0, 0], color="#555555", lw=1.5, marker=">", markevery=[1], markersize=6))
        names.append("interval cut at the axis")
    ax.grid(axis="x", which="major", alpha=0.3)
    if title:
        ax.set_title(title)
    fig.tight_layout()
    # Below the axis label: inside the axes, the legend covers the last kernel's markers whatever the corner.
    _legend_below_xlabel(fig, ax, handles, names, ncol=len(names) if len(names) <= 4 else math.ceil(len(names) / 2))
    return fig


def _legend_below_xlabel(fig, ax, handles, names, ncol: int, fontsize: float | None = None):
    """A legend just under the x axis (its tick labels and label), however many lines they have (a fixed offset
    lands on a multi-line label in a short figure); savefig(bbox_inches="tight") takes it in."""
    fig.canvas.draw()
    label_bottom = ax.xaxis.get_tightbbox(fig.canvas.get_renderer()).y0
    y = ax.transAxes.inverted().transform((0, label_bottom))[1]
    ax.legend(handles, names, loc="upper center", bbox_to_anchor=(0.5, y - 0.01), ncol=ncol, frameon=False,
              fontsize=fontsize)


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


def plot_startup_memory(environments: pd.DataFrame, title: str | None = None):
    """Launch-to-healthy seconds and idle resident memory per environment: a bar at the median over forks, a
    point per fork, so that the spread between launches shows."""
    import matplotlib.pyplot as plt

    table = startup_memory_table(environments)
    envs = list(dict.fromkeys(table["env"]))
    colours = _colours(envs)
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.8))
    rng = np.random.default_rng(0)

    def forks(ax, column, scale, colour, marker, label):
        for i, env in enumerate(envs):
            values = pd.to_numeric(table.loc[table["env"] == env, column], errors="coerce").to_numpy() / scale
            jitter = rng.uniform(-0.12, 0.12, values.size) if values.size > 1 else np.zeros(values.size)
            ax.scatter(i + jitter, values, color=colour, marker=marker, s=22, zorder=3,
                       label=label if i == 0 else None)

    def medians(column, scale):
        return [pd.to_numeric(table.loc[table["env"] == e, column], errors="coerce").median() / scale for e in envs]

    startup = medians("startup_seconds", 1.0)
    left.bar(range(len(envs)), startup, color=[colours[e] for e in envs], alpha=0.8, label="median")
    forks(left, "startup_seconds", 1.0, "#222222", "o", "each fork")
    left.set_ylabel("launch to first healthy answer (s)")
    rss = medians("idle_rss_bytes", 2**20)
    bars = right.bar(range(len(envs)), rss, color=[colours[e] for e in envs], alpha=0.8,
                     label="median, as the JVM sees it")
    right.bar_label(bars, labels=[f"{v:.0f}" if np.isfinite(v) else "" for v in rss], fontsize=8,
                    label_type="center", color="white")
    forks(right, "idle_rss_bytes", 2**20, "#222222", "o", "each fork, JVM")
    if "host_rss_bytes" in table.columns and table["host_rss_bytes"].notna().any():
        right.scatter(range(len(envs)), medians("host_rss_bytes", 2**20), color="#222222", marker="_", s=600,
                      label="median, as the host sees it", zorder=3)
        forks(right, "host_rss_bytes", 2**20, "#c44e52", "x", "each fork, host")
    right.set_ylabel("idle resident memory (MiB)")
    counts = table.groupby("env", sort=False).size()
    for ax, figure in ((left, [f"\nmedian {v:.2f} s" if np.isfinite(v) else "" for v in startup]),
                       (right, [""] * len(envs))):
        ax.set_xticks(range(len(envs)))
        # the median startup under its bar: inside, a short bar leaves no room for it beside the fork points
        ax.set_xticklabels([f"{e}\n({counts[e]} fork{'s' if counts[e] != 1 else ''}){extra}"
                            for e, extra in zip(envs, figure)], fontsize=8)
        ax.grid(axis="y", alpha=0.3)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    # Below the plots: the per-fork points sit at the tops of the bars, where a legend inside would go.
    for ax in (left, right):
        _legend_below_xlabel(fig, ax, *ax.get_legend_handles_labels(), ncol=2, fontsize=7)
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
    environments = environments.groupby("env", sort=False).median(numeric_only=True).reset_index()
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


DIFF_COLUMNS = ["env", "kernel", "size", "unit", "figure", "old", "new", "change", "change_low", "change_high", "clear",
                "limit", "over_limit"]


def read_diff(path: Path | str) -> pd.DataFrame:
    """The CSV of ``envbench diff OLD NEW --csv FILE`` (DiffCommand.DiffRow): one figure per line, its change new /
    old as performance (below 1 is slower in NEW) with the 95% interval, ``clear`` when it excludes 1, and the
    gate's ``limit`` and ``over_limit`` where one was set."""
    frame = _read_csv(Path(path), DIFF_COLUMNS)
    for column in ("clear", "over_limit"):
        frame[column] = frame[column].map(lambda v: str(v).strip().lower() == "true")
    return by_kind(frame)


def plot_diff(path: Path | str, title: str | None = None):
    """Each change of a diff CSV with its interval on a log scale around 1 (no change): one colour per environment,
    a clear change (interval excludes 1) filled, an unclear one hollow, one over its limit in a red box and named
    OVER."""
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    data = read_diff(path)
    labels = [f"{r.env} {r.kernel} ({r.size}) {'ratio' if r.figure.startswith('ratio') else r.figure}"
              for r in data.itertuples()]
    envs = list(dict.fromkeys(data["env"]))
    colours = _colours(envs)
    fig, ax = plt.subplots(figsize=(9, 0.38 * max(len(data), 4) + 1.8))
    for y, r in enumerate(data.itertuples()):
        colour = colours[r.env]
        ax.errorbar([r.change], [y], xerr=[[r.change - r.change_low], [r.change_high - r.change]], fmt="none",
                    ecolor=colour, capsize=3, lw=1.5)
        ax.plot([r.change], [y], "o", color=colour, markerfacecolor=colour if r.clear else "white",
                markeredgewidth=1.8, markersize=7)
        text = f"{r.change:.3f}" + (" *" if r.clear else "")
        if r.over_limit:
            text += f"  OVER {r.limit:.0%}"
        ax.annotate(text, (r.change_high, y), textcoords="offset points", xytext=(6, -3), fontsize=8,
                    color="#c44e52" if r.over_limit else colour, weight="bold" if r.over_limit else "normal",
                    bbox={"boxstyle": "round", "fc": "white", "ec": "#c44e52"} if r.over_limit else None)
    ax.axvline(1.0, color="#222222", lw=1)
    ax.set_xscale("log")
    ends = np.concatenate([data["change_low"], data["change_high"], [1.0]]).astype(float)
    ends = ends[np.isfinite(ends) & (ends > 0)]
    spread = max(abs(math.log(ends.min())), abs(math.log(ends.max())), math.log(1.02))
    ax.set_xlim(math.exp(-1.15 * spread), math.exp(1.4 * spread))
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.3g}"))
    ax.xaxis.set_minor_formatter(plt.FuncFormatter(lambda v, _: f"{v:.3g}"))
    ax.tick_params(axis="x", which="minor", labelsize=7)
    ax.set_yticks(range(len(labels)))
    ax.set_yticklabels(labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("change NEW / OLD as performance (1 = no change, < 1 = slower in NEW; log scale, 95% interval)")
    handles = [Line2D([], [], ls="none", marker="o", color=colours[e], markersize=7) for e in envs] + [
        Line2D([], [], ls="none", marker="o", color="#555555", markersize=7),
        Line2D([], [], ls="none", marker="o", markerfacecolor="white", markeredgecolor="#555555",
               markeredgewidth=1.8, markersize=7)]
    names = envs + ["clear change (* interval excludes 1)", "no clear change"]
    if data["over_limit"].any():
        handles.append(Line2D([], [], ls="none", marker="s", markerfacecolor="white", markeredgecolor="#c44e52",
                              markersize=9))
        names.append("OVER: clear slowdown beyond the limit")
    ax.grid(axis="x", alpha=0.3, which="both")
    if title:
        ax.set_title(title)
    fig.tight_layout()
    _legend_below_xlabel(fig, ax, handles, names, ncol=3, fontsize=8)
    return fig
