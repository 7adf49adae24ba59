"""Run one command and write what it took to a file: `python -I bench/launch.py REPORT COMMAND...`.

bench/measure.py starts every timed command through this small process rather than itself. A
process's peak resident size (what wait4 reports) counts the process it was forked from, as it
was until the exec: a command started by the benchmark, which by then holds the documents the
peers build (hundreds of MB at 10,000), would show at least that much. Started from here, a
command's floor is this process's ten megabytes. Only the standard library is imported.
"""

import json
import os
import subprocess
import sys
import time


def main() -> None:
    report, command = sys.argv[1], sys.argv[2:]
    started = time.perf_counter()
    process = subprocess.Popen(command)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, so Popen must not wait
    measured = {
        "seconds": seconds,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "peak_bytes": usage.ru_maxrss * 1024,  # Linux counts ru_maxrss in KiB
        "exit_code": process.returncode,
    }
    with open(report, "w", encoding="utf-8") as file:
        json.dump(measured, file)


if __name__ == "__main__":
    main()
