"""Executes compare.ipynb headless on a results folder and writes a self-contained HTML report with its PNGs.

    /usr/bin/python3 analysis/render_report.py --results results/20261122-101500 --out results/20261122-101500/report

Exits non-zero when the notebook raises, or when it produced no plot: a report without figures is a failure.
`compare --report` calls this too.
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", action="append", required=True,
                        help="a results folder or JMH file (repeatable)")
    parser.add_argument("--out", required=True, help="folder for compare.html and the PNGs")
    args = parser.parse_args()
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    inputs = [str(Path(p).resolve()) for p in args.results]
    for path in inputs:
        if not Path(path).exists():
            print(f"render_report: {path} does not exist", file=sys.stderr)
            return 2
    for old in out.glob("*.png"):
        old.unlink()
    env = dict(os.environ, ENVBENCH_RESULTS=":".join(inputs), ENVBENCH_REPORT_DIR=str(out),
               PYDEVD_DISABLE_FILE_VALIDATION="1", MPLBACKEND="Agg")
    command = [sys.executable, "-m", "nbconvert", "--to", "html", "--execute", "--output", "compare",
               "--output-dir", str(out), "--ExecutePreprocessor.timeout=600", str(HERE / "compare.ipynb")]
    completed = subprocess.run(command, cwd=HERE, env=env)
    if completed.returncode != 0:
        print(f"render_report: the notebook failed (exit {completed.returncode})", file=sys.stderr)
        return completed.returncode
    plots = sorted(out.glob("*.png"))
    if not plots:
        print(f"render_report: the notebook produced no plot in {out}", file=sys.stderr)
        return 1
    print(f"render_report: {out / 'compare.html'} with {len(plots)} plots: {', '.join(p.name for p in plots)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
