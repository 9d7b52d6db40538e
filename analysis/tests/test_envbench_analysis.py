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
                 latency: list[dict] | None = None, status: str = "complete") -> Path:
    folder.mkdir(parents=True)
    pd.DataFrame(kernels, columns=ea.KERNEL_COLUMNS + ["round"]).to_csv(folder / "kernels.csv", index=False)
    envs = environments if environments is not None else [env_row(e) for e in sorted({k["env"] for k in kernels})]
    pd.DataFrame(envs).to_csv(folder / "environments.csv", index=False)
    pd.DataFrame(latency or [], columns=ea.LATENCY_COLUMNS).to_csv(folder / "latency.csv", index=False)
    (folder / "run.json").write_text(json.dumps({"run_id": folder.name, "status": status,
                                                           "command": "fixture"}), encoding="utf-8")
    return folder


def env_row(env: str, kind: str | None = None, status: str = "ok", reason: str = "") -> dict:
    return {"env": env, "kind": kind or env, "detail": "fixture", "os": "Debian 12", "cpu_model": "fixture CPU",
            "logical_cpus": 2, "effective_cpus": 1.0, "memory_total_bytes": 2**34, "memory_limit_bytes": 2**30,
            "java_version": "17", "jvm_flags": "-XX:+UseSerialGC", "startup_seconds": 1.5,
            "idle_rss_bytes": 80 * 2**20, "status": status, "reason": reason}


def rows(env: str, kernel: str, scores, unit: str = "MB/s", size: int = 1024) -> list[dict]:
    return [{"env": env, "source": "http", "kernel": kernel, "size": size, "threads": 1, "samples": 3,
             "score": s, "score_error": "", "unit": unit, "round": i} for i, s in enumerate(scores)]


def test_fallback_exact_half_with_no_noise_gives_half_and_a_zero_width_interval(tmp_path):
    folder = write_folder(tmp_path / "r", rows("bare", "sha256", [100.0] * 5) + rows("container", "sha256", [50.0] * 5))
    table = ea.ratio_table(ea.load([folder]).kernels)
    row = table[table["env"] == "container"].iloc[0]
    assert row["relative"] == pytest.approx(0.5)
    assert row["ci_low"] == pytest.approx(0.5)
    assert row["ci_high"] == pytest.approx(0.5)
    assert row["differs"]
    assert row["method"] == ea.METHOD_NO_SUMMARY


def test_fallback_same_distribution_gives_an_interval_that_includes_one(tmp_path):
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


def test_jmh_bootstrap_single_sample_has_a_point_but_no_interval():
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
    data = [{"benchmark": "org.envbench.jmh.cpu.Sha256Bench.run", "mode": "thrpt", "threads": 1,
             "params": {"size": "16384"},
             "primaryMetric": {"score": 2.0, "scoreError": 0.1, "scoreUnit": "ops/s",
                               "rawData": [[1.0, 2.0], [3.0]]}}]
    path = tmp_path / "jmh-bare.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    frame = ea.read_jmh_json(path, env="bare")
    assert list(frame["score"]) == [1.0, 2.0, 3.0]
    assert set(frame["kernel"]) == {"sha256"}


def test_jmh_baseline_is_not_a_kernel_row(tmp_path):
    metric = {"score": 2.0, "scoreUnit": "us/op"}
    data = [{"benchmark": f"org.envbench.jmh.cpu.LongSortBench.{method}", "threads": 1,
             "params": {"size": "500000"}, "primaryMetric": dict(metric, rawData=[[value]])}
            for method, value in (("run", 30.0), ("baseline", 1.0))]
    path = tmp_path / "jmh-bare.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    frame = ea.read_jmh_json(path, env="bare")
    assert list(frame["benchmark"]) == ["org.envbench.jmh.cpu.LongSortBench.run"]
    assert list(frame["kernel"]) == ["sort"]
    assert list(frame["score"]) == [30.0]
    csv_path = tmp_path / "jmh-bare.csv"
    csv_path.write_text('"Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit","Param: size"\n'
                        '"org.envbench.jmh.cpu.LongSortBench.baseline","avgt",1,1,"1.0",NaN,"us/op",500000\n'
                        '"org.envbench.jmh.cpu.LongSortBench.run","avgt",1,1,"30.0",NaN,"us/op",500000\n',
                        encoding="utf-8")
    assert list(ea.read_jmh_csv(csv_path, env="bare")["kernel"]) == ["sort"]


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


# ---- compare's own intervals (summary.csv) and the fallback ---------------------------------------------------
# forked-run/ was written by compare's own Summary (tests/fixtures/ForkedRunFixture.java, run against
# http/envbench.jar): 3 forks x 4 A-B-B-A blocks x 2 runs, file-read noisy (cv about 8%), the container's
# second block disturbed (outside_cpu_share 0.15). forked-run-slower is the same with the VM's syscall 0.8x,
# and diff.csv is `envbench diff forked-run forked-run-slower --fail-above 5% --csv diff.csv`.
FORKED = FIXTURES / "forked-run"


def _summary_keyed(folder: Path) -> pd.DataFrame:
    summary = pd.read_csv(folder / "summary.csv")
    summary["size"] = summary["size"].astype(str)
    return summary.set_index(["kernel", "size", "env"])


def test_http_rows_are_compares_summary_exactly():
    results = ea.load([FORKED])
    table = ea.ratio_table(results.kernels, environments=results.environments, summary=results.summary)
    summary = _summary_keyed(FORKED)
    assert len(table) == len(summary) == 9
    for _, row in table.iterrows():
        expected = summary.loc[(row["kernel"], row["size"], row["env"])]
        assert row["method"] == ea.METHOD_COMPARE
        for column, name in [("relative", "ratio_to_bare"), ("ci_low", "ratio_low"), ("ci_high", "ratio_high"),
                             ("cv", "cv"), ("half_width", "half_width"), ("disturbed_share", "disturbed_share"),
                             ("mean", "mean_score")]:
            assert row[column] == pytest.approx(expected[name], abs=1e-3, rel=0), (row["kernel"], row["env"], column)
            assert row[column] == expected[name]
        assert row["forks"] == expected["forks"] == 3
        assert row["n"] == expected["samples"]
        assert bool(row["differs"]) == bool(expected["clear_difference"])
        assert bool(row["unreliable"]) == bool(expected["unreliable"])
    assert table.query("kernel == 'file-read'")["unreliable"].all()
    assert not table.query("kernel == 'sha256'")["unreliable"].any()


def test_fallback_port_of_paired_ratio_agrees_with_compare(tmp_path):
    """Without summary.csv the Python port computes: the geometric mean, cv, forks and disturbed share are
    deterministic and must equal Java's; the interval ends come from numpy's bootstrap, so only close."""
    folder = tmp_path / "no-summary"
    folder.mkdir()
    for name in ("kernels.csv", "run.json"):
        (folder / name).write_bytes((FORKED / name).read_bytes())
    table = ea.ratio_table(ea.load([folder]).kernels)
    summary = _summary_keyed(FORKED)
    assert set(table["method"]) == {ea.METHOD_NO_SUMMARY}
    for _, row in table.iterrows():
        expected = summary.loc[(row["kernel"], row["size"], row["env"])]
        assert row["relative"] == pytest.approx(expected["ratio_to_bare"], rel=1e-12)
        assert row["cv"] == pytest.approx(expected["cv"], rel=1e-12)
        assert row["disturbed_share"] == pytest.approx(expected["disturbed_share"])
        assert row["forks"] == expected["forks"]
        assert row["ci_low"] == pytest.approx(expected["ratio_low"], abs=0.002)
        assert row["ci_high"] == pytest.approx(expected["ratio_high"], abs=0.002)
        assert bool(row["differs"]) == bool(expected["clear_difference"])


def test_summary_from_an_older_compare_is_not_shown_as_compares(tmp_path):
    old_summary = "kernel,size,unit,env,samples,mean_score,ratio_to_bare,ratio_low,ratio_high,clear_difference\n" \
                  "sha256,1024,MB/s,bare,4,100,1,1,1,false\nsha256,1024,MB/s,container,4,50,0.7,0.6,0.8,true\n"
    folder = write_folder(tmp_path / "r", rows("bare", "sha256", [100.0] * 4) + rows("container", "sha256", [50.0] * 4))
    (folder / "summary.csv").write_text(old_summary, encoding="utf-8")
    results = ea.load([folder])
    row = ea.ratio_table(results.kernels, summary=results.summary).query("env == 'container'").iloc[0]
    assert row["method"] == ea.METHOD_OLD_SUMMARY
    assert row["relative"] == pytest.approx(0.5)
    assert row["forks"] == 1


def test_one_fork_intervals_say_they_miss_jvm_to_jvm_variation(tmp_path):
    import matplotlib
    matplotlib.use("Agg")
    folder = write_folder(tmp_path / "r", rows("bare", "sha256", [100.0, 101.0, 99.0])
                          + rows("container", "sha256", [90.0, 91.0, 92.0]))
    one = ea.ratio_table(ea.load([folder]).kernels)
    assert "JVM-to-JVM" in ea.one_fork_note(one)
    assert "JVM-to-JVM" in ea.plot_ratios(one).axes[0].get_xlabel()
    results = ea.load([FORKED])
    forked = ea.ratio_table(results.kernels, summary=results.summary)
    assert ea.one_fork_note(forked) == ""
    assert "JVM-to-JVM" not in ea.plot_ratios(forked).axes[0].get_xlabel()
    assert "compare's summary.csv" in ea.plot_ratios(forked).axes[0].get_xlabel()


def test_unreliable_and_disturbed_are_flagged_in_table_and_plot():
    import matplotlib
    matplotlib.use("Agg")
    results = ea.load([FORKED])
    table = ea.ratio_table(results.kernels, summary=results.summary)
    scores = ea.score_table(table).set_index("kernel")
    assert scores.loc["file-read", "container vs bare"].endswith("* !")
    assert scores.loc["file-read", "vm cv"].endswith("!")
    assert not scores.loc["sha256", "container vs bare"].endswith("!")
    assert scores.loc["sha256", "container disturbed"] == "25%"
    assert scores.loc["sha256", "vm disturbed"] == "0%"
    assert scores.loc["sha256", "method"] == ea.METHOD_COMPARE
    ax = ea.plot_ratios(table).axes[0]
    assert "unreliable (cv > 5%)" in [t.get_text() for t in ax.get_legend().get_texts()]
    hollow = [line for line in ax.lines if line.get_marker() == "o" and line.get_markerfacecolor() == "white"]
    assert sorted(round(float(x), 3) for line in hollow for x in line.get_xdata()) == [0.712, 1.047]
    assert any("25% disturbed" in t.get_text() for t in ax.texts)


def test_ratio_axis_is_a_log_span_on_1_and_3_per_decade_from_the_points_alone():
    assert ea.ratio_axis([0.024, 0.5, 1.39]) == (0.01, 3.0, [0.01, 0.03, 0.1, 0.3, 1.0, 3.0])
    assert ea.ratio_axis([0.6, 0.5, 1.05]) == (0.3, 3.0, [0.3, 0.5, 0.7, 1.0, 1.5, 2.0, 3.0])
    assert ea.ratio_axis([0.98, 1.05]) == (0.5, 2.0, [0.5, 0.7, 1.0, 1.5, 2.0])
    assert ea.ratio_axis([0.9, 25.0])[:2] == (0.3, 100.0)


def test_ratio_plot_is_log_scaled_lists_each_environment_once_and_marks_cut_intervals():
    """Container and vm each have reliable and unreliable kernels (once two legend entries each); one interval far
    past each end of the axis, which the points alone set: cut there, marked, and given whole in the label."""
    import matplotlib
    matplotlib.use("Agg")
    results = ea.load([FORKED])
    table = ea.ratio_table(results.kernels, summary=results.summary)
    wide_high = (table["env"] == "container") & (table["kernel"] == "sha256")
    wide_low = (table["env"] == "vm") & (table["kernel"] == "syscall")
    table.loc[wide_high, "ci_high"] = 40.0
    table.loc[wide_low, "ci_low"] = 0.001
    fig = ea.plot_ratios(table)
    ax = fig.axes[0]
    assert ax.get_xscale() == "log"
    assert ax.get_xlim() == (0.3, 3.0)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["0.3", "0.5", "0.7", "1", "1.5", "2", "3"]
    names = [t.get_text() for t in ax.get_legend().get_texts()]
    assert names == ["container", "vm", "unreliable (cv > 5%)", "interval cut at the axis"]
    cut = {line.get_marker(): list(line.get_xdata()) for line in ax.lines if line.get_marker() in ("<", ">")}
    assert cut == {">": [3.0], "<": [0.3]}
    texts = [t.get_text() for t in ax.texts]
    assert "0.99 [0.979, 40], 25% disturbed" in texts
    assert "0.50 [0.001, 0.512]" in texts
    assert "0.60" in texts  # an interval inside the axis: the ratio alone
    assert "cut at the axis ends in a triangle" in ax.get_xlabel()
    assert "compare's summary.csv" in ax.get_xlabel()


def test_jmh_rows_are_a_labelled_python_estimate(tmp_path):
    import matplotlib
    matplotlib.use("Agg")
    folder = write_folder(tmp_path / "r", rows("bare", "sha256", [100.0, 100.0]))
    for env, raw in (("bare", [[10.0, 10.2], [9.8, 10.0]]), ("container", [[5.0, 5.1], [4.9, 5.0]])):
        data = [{"benchmark": "org.envbench.jmh.cpu.Sha256Bench.run", "threads": 1, "params": {"size": "16384"},
                 "primaryMetric": {"score": 1.0, "scoreUnit": "ops/s", "rawData": raw}}]
        (folder / f"jmh-{env}.json").write_text(json.dumps(data), encoding="utf-8")
    table = ea.ratio_table(ea.load([folder]).kernels).query("source == 'jmh' and env == 'container'")
    assert table["method"].tolist() == [ea.METHOD_JMH]
    assert table["relative"].iloc[0] == pytest.approx(0.5)
    assert table["forks"].iloc[0] == 2
    xlabel = ea.plot_ratios(ea.ratio_table(ea.load([folder]).kernels), source="jmh").axes[0].get_xlabel()
    assert "Python bootstrap over JMH iterations" in xlabel


# ---- incomplete runs -----------------------------------------------------------------------------------------

def test_incomplete_run_is_refused_unless_allowed_and_then_labelled(tmp_path):
    folder = write_folder(tmp_path / "cut", rows("bare", "sha256", [100.0, 100.0]), status="interrupted")
    with pytest.raises(ea.ResultsError, match="status 'interrupted'.*allow_incomplete=True"):
        ea.load([folder])
    results = ea.load([folder], allow_incomplete=True)
    assert results.incomplete_label() == "INCOMPLETE RUN (cut: status interrupted)"
    complete = ea.load([write_folder(tmp_path / "done", rows("bare", "sha256", [100.0, 100.0]))])
    assert complete.incomplete_label() == ""


def test_run_json_without_a_status_counts_as_incomplete(tmp_path):
    folder = write_folder(tmp_path / "r", rows("bare", "sha256", [100.0, 100.0]))
    (folder / "run.json").write_text(json.dumps({"run_id": "r"}), encoding="utf-8")
    with pytest.raises(ea.ResultsError, match="status 'unknown'"):
        ea.load([folder])


# ---- startup and memory per fork -----------------------------------------------------------------------------

def _forked_envs() -> list[dict]:
    envs = []
    for env, startups in (("bare", [0.7, 0.8, 1.2]), ("vm", [18.0, 19.0, 25.0])):
        for fork, startup in enumerate(startups, start=1):
            row = env_row(env)
            row.update(fork=fork, startup_seconds=startup, idle_rss_bytes=(100 + fork) * 2**20,
                       host_rss_bytes=(200 + fork) * 2**20)
            envs.append(row)
    return envs


def test_startup_and_memory_show_every_fork_and_the_median(tmp_path):
    import matplotlib
    matplotlib.use("Agg")
    folder = write_folder(tmp_path / "r", rows("bare", "sha256", [1.0, 1.0]) + rows("vm", "sha256", [1.0, 1.0]),
                          environments=_forked_envs())
    envs = ea.load([folder]).environments
    assert len(ea.startup_memory_table(envs)) == 6
    summary = ea.startup_memory_summary(envs).set_index("env")
    assert summary.loc["bare", "forks"] == 3
    assert summary.loc["bare", "startup s median"] == pytest.approx(0.8)
    assert summary.loc["vm", "startup s max"] == pytest.approx(25.0)
    assert summary.loc["vm", "idle MiB (JVM) median"] == pytest.approx(102)
    fig = ea.plot_startup_memory(envs)
    startup_axes = fig.axes[0]
    assert [round(b.get_height(), 3) for b in startup_axes.patches] == [0.8, 19.0]
    points = np.concatenate([c.get_offsets()[:, 1] for c in startup_axes.collections])
    assert sorted(points.round(3).tolist()) == [0.7, 0.8, 1.2, 18.0, 19.0, 25.0]
    assert list(ea.fingerprint_table(envs).columns) == ["bare", "vm"]


# ---- diff ------------------------------------------------------------------------------------------------------

def test_diff_plot_marks_clear_and_over_limit_changes_on_a_log_scale():
    import matplotlib
    matplotlib.use("Agg")
    diff = ea.read_diff(FIXTURES / "diff.csv")
    assert len(diff) == 9
    over = diff[diff["over_limit"]]
    assert over[["env", "kernel"]].values.tolist() == [["vm", "syscall"]]
    assert diff["clear"].sum() == 1
    assert diff["kind"].tolist() == ["cpu"] * 3 + ["os"] * 3 + ["io"] * 3
    ax = ea.plot_diff(FIXTURES / "diff.csv").axes[0]
    assert ax.get_xscale() == "log"
    assert ax.get_xlim()[0] < 0.771 and ax.get_xlim()[1] > 1.089
    overs = [t.get_text() for t in ax.texts if "OVER" in t.get_text()]
    assert overs == ["0.800 *  OVER 5%"]
    points = [line for line in ax.lines if line.get_marker() == "o"]
    assert len(points) == 9
    filled = [line for line in points if line.get_markerfacecolor() != "white"]
    assert [round(float(line.get_xdata()[0]), 3) for line in filled] == [0.8]
    names = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "OVER: clear slowdown beyond the limit" in names


def test_notebook_shows_compares_intervals_the_incomplete_banner_and_the_diff(tmp_path):
    """The notebook itself, rendered headless on a copy of forked-run whose run.json says running."""
    folder = tmp_path / "cut"
    folder.mkdir()
    for name in ("kernels.csv", "summary.csv"):
        (folder / name).write_bytes((FORKED / name).read_bytes())
    (folder / "run.json").write_text(json.dumps({"run_id": "cut", "status": "running"}), encoding="utf-8")
    out = tmp_path / "report"
    import os
    import subprocess
    completed = subprocess.run(
        [sys.executable, str(Path(ea.__file__).parent / "render_report.py"), "--results", str(folder),
         "--out", str(out)], env=dict(os.environ, ENVBENCH_DIFF=str(FIXTURES / "diff.csv")),
        capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr[-2000:]
    html = (out / "compare.html").read_text(encoding="utf-8")
    assert "INCOMPLETE RUN (cut: status running)" in html
    assert "0.985 [0.979, 0.992] *" in html
    assert "Intervals: <strong>compare (summary.csv)" in html
    assert {p.name for p in out.glob("*.png")} == {"ratios-http.png", "diff.png"}
