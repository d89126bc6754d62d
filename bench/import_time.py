"""Import time of ``import framing`` next to ``import pandas``, measured in the same run.

Runs ``python -X importtime -c "import framing"`` (and the same for pandas) in
fresh interpreters, ``--repeat`` times each, alternating, and reads the
cumulative time of the top-level module from the ``-X importtime`` report
(microseconds, everything it imported included). Prints the median and the
minimum of each, their ratio, and whether ``import framing`` stays under the
0.3 s target. Also lists what ``import framing`` pulled in beyond the
standard library, so a heavy import that sneaks in shows up.

Usage::

    python bench/import_time.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys

TARGET_S = 0.3


def import_report(module: str) -> tuple[float, list[str]]:
    """Cumulative import seconds of ``module`` in a fresh interpreter, and the modules it loaded."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", f"import {module}" if module else "pass"],
                          capture_output=True, text=True, check=True, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    total = None
    loaded = []
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, name = line[len("import time:"):].split("|", 2)
        loaded.append(name.strip())
        if name.strip() == module:
            total = int(cumulative) / 1e6
    if total is None and module:
        raise RuntimeError(f"no importtime line for {module!r} in:\n{proc.stderr[-2000:]}")
    return total or 0.0, loaded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    times: dict[str, list[float]] = {"framing": [], "pandas": []}
    loaded: list[str] = []
    for _ in range(args.repeat):
        for module in times:
            seconds, names = import_report(module)
            times[module].append(seconds)
            if module == "framing":
                loaded = names
    print(f"load average {os.getloadavg()[0]:.2f}; {args.repeat} fresh interpreters each")
    for module, values in times.items():
        print(f"import {module:<8} median {statistics.median(values):.3f} s, min {min(values):.3f} s")
    fm, pm = statistics.median(times["framing"]), statistics.median(times["pandas"])
    print(f"framing / pandas: {fm / pm:.2f}")
    startup = {n.split(".")[0] for n in import_report("")[1]}  # what the interpreter imports by itself
    third_party = sorted({n.split(".")[0] for n in loaded} - set(sys.stdlib_module_names) - {"framing"} - startup)
    print(f"third-party top-level modules imported by 'import framing': {third_party or 'none'}")
    print(f"import framing: {'OK' if fm < TARGET_S else 'OVER'} (target < {TARGET_S} s)")


if __name__ == "__main__":
    main()
