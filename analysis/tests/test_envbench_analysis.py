"""Tests of the analysis helper on hand-made fixtures whose answers are known exactly. The fixtures are
test inputs, not measurements: they are written here, in the test, so nobody mistakes them for results."""

import json
import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import envbench_analysis as ea  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"


def write_folder(folder: Path, kernels: list[dict], environments: list[dict] | None = None,
                 latency: list[dict] | None = None) -> Path:
    folder.mkdir(parents=True)
    pd.DataFrame(kernels, columns=ea.KERNEL_COLUMNS + ["round"]).to_csv(folder / "kernels.csv", index=False)
    envs = environments if environments is not None else [env_row(e) for e in sorted({k["env"] for k in kernels})]
    pd.DataFrame(envs).to_csv(folder / "environments.csv", index=False)
    pd.DataFrame(latency or [], columns=ea.LATENCY_COLUMNS).to_csv(folder / "latency.csv", index=False)
    (folder / "run.json").write_text(json.dumps({"run_id": folder.name, "command": "fixture"}), encoding="utf-8")
    return folder


def env_row(env: str, kind: str | None = None, status: str = "ok", reason: str = "") -> dict:
    return {"env": env, "kind": kind or env, "detail": "fixture", "os": "Debian 12", "cpu_model": "fixture CPU",
            "logical_cpus": 2, "effective_cpus": 1.0, "memory_total_bytes": 2**34, "memory_limit_bytes": 2**30,
            "java_version": "17", "jvm_flags": "-XX:+UseSerialGC", "startup_seconds": 1.5,
            "idle_rss_bytes": 80 * 2**20, "status": status, "reason": reason}


def rows(env: str, kernel: str, scores, unit: str = "MB/s", size: int = 1024) -> list[dict]:
    return [{"env": env, "source": "http", "kernel": kernel, "size": size, "threads": 1, "samples": 3,
             "score": s, "score_error": "", "unit": unit, "round": i} for i, s in enumerate(scores)]


def test_exact_half_with_no_noise_gives_half_and_a_zero_width_interval(tmp_path):
    folder = write_folder(tmp_path / "r", rows("bare", "sha256", [100.0] * 5) + rows("container", "sha256", [50.0] * 5))
    table = ea.ratio_table(ea.load([folder]).kernels)
    row = table[table["env"] == "container"].iloc[0]
    assert row["relative"] == pytest.approx(0.5)
    assert row["ci_low"] == pytest.approx(0.5)
    assert row["ci_high"] == pytest.approx(0.5)
    assert row["differs"]


def test_same_distribution_gives_an_interval_that_includes_one(tmp_path):
    rng = np.random.default_rng(42)
    bare = list(100 + rng.normal(0, 5, 20))
    container = list(100 + rng.normal(0, 5, 20))
    folder = write_folder(tmp_path / "r", rows("bare", "primes", bare) + rows("container", "primes", container))
    row = ea.ratio_table(ea.load([folder]).kernels).query("env == 'container'").iloc[0]
    assert row["ci_low"] < 1.0 < row["ci_high"]
    assert not row["differs"]


def test_lower_is_better_is_inverted_so_that_below_one_means_slower(tmp_path):
    folder = write_folder(tmp_path / "r", rows("bare", "latency", [100.0, 100.0], unit="ns/load")
                          + rows("vm", "latency", [125.0, 125.0], unit="ns/load"))
    row = ea.ratio_table(ea.load([folder]).kernels).query("env == 'vm'").iloc[0]
    assert not row["higher_is_better"]
    assert row["relative"] == pytest.approx(0.8)


def test_missing_environment_is_simply_absent(tmp_path):
    folder = write_folder(tmp_path / "r", rows("bare", "sha256", [100.0, 101.0]) + rows("container", "sha256", [90.0, 91.0]))
    results = ea.load([folder])
    table = ea.ratio_table(results.kernels)
    assert set(table["env"]) == {"bare", "container"}
    assert "vm" not in ea.score_table(table).columns.str.split(" ").str[0].tolist()


def test_failed_environment_is_reported_and_left_out_of_ratios(tmp_path):
    envs = [env_row("bare"), env_row("container"), env_row("vm", status="failed", reason="qemu exited with 1")]
    folder = write_folder(tmp_path / "r", rows("bare", "sha256", [100.0, 100.0]) + rows("container", "sha256", [90.0, 90.0])
                          + rows("vm", "sha256", [10.0, 10.0]), environments=envs)
    results = ea.load([folder])
    failed = results.failed_environments
    assert list(failed["env"]) == ["vm"]
    assert failed["reason"].iloc[0] == "qemu exited with 1"
    table = ea.ratio_table(results.kernels, environments=results.environments)
    assert "vm" not in set(table["env"])


def test_kernel_without_baseline_has_no_ratio(tmp_path):
    folder = write_folder(tmp_path / "r", rows("container", "sort", [5.0, 6.0]) + rows("bare", "sha256", [1.0, 1.0]))
    table = ea.ratio_table(ea.load([folder]).kernels)
    assert math.isnan(table.query("kernel == 'sort'")["relative"].iloc[0])


def test_single_sample_has_a_point_but_no_interval():
    point, low, high = ea.bootstrap_ratio([50.0], [100.0, 100.0])
    assert point == pytest.approx(0.5)
    assert math.isnan(low) and math.isnan(high)


def test_jmh_csv_written_in_a_comma_decimal_locale_parses():
    frame = ea.read_jmh_csv(FIXTURES / "jmh-de_DE.csv", env="bare")
    assert len(frame) > 0
    assert frame["score"].notna().all()
    assert (frame["score"] > 0).all()
    assert set(frame["kernel"]) <= set(ea.JMH_CLASS_TO_KERNEL.values())


def test_locale_numbers():
    assert ea._locale_float("1234,5") == pytest.approx(1234.5)
    assert ea._locale_float("1.234,5") == pytest.approx(1234.5)
    assert ea._locale_float("1234.5") == pytest.approx(1234.5)
    assert math.isnan(ea._locale_float("NaN"))


def test_jmh_json_gives_one_row_per_iteration(tmp_path):
    data = [{"benchmark": "org.envbench.jmh.cpu.Sha256Bench.hash", "mode": "thrpt", "threads": 1,
             "params": {"size": "16384"},
             "primaryMetric": {"score": 2.0, "scoreError": 0.1, "scoreUnit": "ops/s",
                               "rawData": [[1.0, 2.0], [3.0]]}}]
    path = tmp_path / "jmh-bare.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    frame = ea.read_jmh_json(path, env="bare")
    assert list(frame["score"]) == [1.0, 2.0, 3.0]
    assert set(frame["kernel"]) == {"sha256"}


def test_host_that_is_a_vm_is_never_called_bare_metal(tmp_path):
    folder = write_folder(tmp_path / "r", rows("bare", "sha256", [1.0]), environments=[env_row("bare", kind="vm")])
    envs = ea.load([folder]).environments
    assert ea.host_is_vm(envs)
    assert ea.baseline_label(envs) == "host (itself a VM)"


def test_folder_without_kernels_csv_is_a_clear_error(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(ea.ResultsError, match="no kernels.csv"):
        ea.load([tmp_path / "empty"])


def test_plots_draw_every_environment(tmp_path):
    import matplotlib
    matplotlib.use("Agg")
    folder = write_folder(tmp_path / "r", rows("bare", "sha256", [100.0, 99.0]) + rows("container", "sha256", [90.0, 91.0])
                          + rows("vm", "sha256", [70.0, 72.0]))
    table = ea.ratio_table(ea.load([folder]).kernels)
    fig = ea.plot_ratios(table)
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels == ["container", "vm"]


def test_time_per_operation_of_the_system_kernels_is_lower_is_better(tmp_path):
    folder = write_folder(tmp_path / "r", rows("bare", "syscall", [100.0, 100.0], unit="ns/op")
                          + rows("container", "syscall", [200.0, 200.0], unit="ns/op")
                          + rows("bare", "file-read", [5.0, 5.0], unit="µs/op")
                          + rows("container", "file-read", [10.0, 10.0], unit="µs/op"))
    table = ea.ratio_table(ea.load([folder]).kernels).query("env == 'container'")
    assert table["relative"].round(6).tolist() == [0.5, 0.5]
    assert not table["higher_is_better"].any()


def test_kernels_are_grouped_by_kind_in_tables_and_plots(tmp_path):
    import matplotlib
    matplotlib.use("Agg")
    measured = []
    for kernel in ["tcp-round-trip", "syscall", "sha256", "file-read", "latency", "mystery"]:
        measured += rows("bare", kernel, [10.0, 10.0]) + rows("container", kernel, [10.0, 11.0])
    table = ea.ratio_table(ea.load([write_folder(tmp_path / "r", measured)]).kernels)
    scores = ea.score_table(table)
    assert scores["kernel"].tolist() == ["sha256", "latency", "syscall", "file-read", "tcp-round-trip", "mystery"]
    assert scores["kind"].tolist() == ["cpu", "memory", "os", "io", "network", "other"]
    fig = ea.plot_ratios(table)
    kinds = [t.get_text() for t in fig.axes[0].texts if t.get_text() in ea.KIND_ORDER]
    assert kinds == ["cpu", "memory", "os", "io", "network", "other"]


def test_every_catalog_kernel_has_a_kind_and_a_jmh_class():
    assert set(ea.JMH_CLASS_TO_KERNEL.values()) == set(ea.KERNEL_KINDS)
    assert set(ea.KERNEL_KINDS.values()) <= set(ea.KIND_ORDER)
