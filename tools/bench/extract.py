#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Take axvbench's table out of a QEMU console log (build/<arch>/bench.log).

usage: extract.py LOG TXT CSV

Writes TXT (the text table under a header saying when, on what machine and
with which QEMU options it was measured) and CSV (the CSV as axvbench
printed it), and prints TXT.  Fails if the log has no well-formed table:
a benchmark is not a test, but a missing or broken table is a failure.
"""
import datetime
import os
import platform
import re
import subprocess
import sys

TABLE = "--- axvbench table ---"
CSV = "--- axvbench csv ---"
END = "--- axvbench end ---"
FIELDS = ["row", "hypervisor", "iterations", "repetitions", "ns_min",
          "ns_median", "ns_max", "cycles", "instret", "axvcpu_over_kvm",
          "over_null_ioctl"]
# The hypercall rows are named after what each architecture calls; the
# arm64 guest has no instruction counter it can read under both
# hypervisors, so its cycles and instret are "-".
ROWS = {
    "riscv": ["null_ioctl", "guest_loop", "sbi_kernel", "sbi_user",
              "mmio_read", "mmio_write", "page_fault", "page_scatter"],
    "arm64": ["null_ioctl", "guest_loop", "psci_kernel", "hvc_user",
              "mmio_read", "mmio_write", "page_fault", "page_scatter"],
}
HVS = ["axvcpu", "kvm"]


def fail(msg, lines=()):
    print(f"extract.py: {msg}", file=sys.stderr)
    for line in lines[-30:]:
        print(f"  | {line}", file=sys.stderr)
    sys.exit(1)


def section(lines, start, end):
    try:
        i = lines.index(start)
        j = lines.index(end, i + 1)
    except ValueError:
        return None
    return lines[i + 1:j]


def check_csv(csv):
    """The same shape bench_test checks: every row, positive numbers."""
    if not csv or csv[0].split(",") != FIELDS:
        return "CSV header missing or wrong"
    names = {line.split(",")[0] for line in csv[1:]}
    arch = "arm64" if "hvc_user" in names else "riscv"
    seen = set()
    for line in csv[1:]:
        f = line.split(",")
        if len(f) != len(FIELDS):
            return f"CSV line with {len(f)} fields: {line}"
        for name, val in zip(FIELDS[2:], f[2:]):
            if val == "-" and name in ("cycles", "instret") and \
                    (f[0] == "null_ioctl" or arch == "arm64"):
                continue
            try:
                if not float(val) > 0:
                    return f"{name} not positive: {line}"
            except ValueError:
                return f"{name} not a number: {line}"
        seen.add((f[0], f[1]))
    missing = [f"{r}/{h}" for r in ROWS[arch] for h in HVS
               if (r, h) not in seen]
    return f"rows missing: {' '.join(missing)}" if missing else None


def qemu_info(log):
    """The QEMU command line run-qemu.sh logged, and how long QEMU ran."""
    cmd, secs = "", None
    for line in log:
        if line.startswith("### QEMU ") and not cmd:
            cmd = line[len("### QEMU "):]
        m = re.match(r"### QEMU (exit=\d+|TIMEOUT) after (\d+) s", line)
        if m:
            secs = int(m.group(2))
    return cmd, secs


def main():
    if len(sys.argv) != 4:
        fail("usage: extract.py LOG TXT CSV")
    logf, txtf, csvf = sys.argv[1:]
    try:
        with open(logf, errors="replace") as f:
            log = [l.rstrip("\r\n") for l in f]
    except OSError as e:
        fail(f"{logf}: {e.strerror}")

    table = section(log, TABLE, CSV)
    csv = section(log, CSV, END)
    if table is None or csv is None:
        fail(f"no axvbench table in {logf}; its end:", log)
    err = check_csv(csv)
    if err:
        fail(f"{logf}: {err}")

    cmd, secs = qemu_info(log)
    qemu = cmd.split()[cmd.split().index("timeout") + 4] \
        if "timeout" in cmd.split() else "qemu-system-" + \
        ("aarch64" if "aarch64" in " ".join(table[:2]) else "riscv64")
    try:
        version = subprocess.run([qemu, "--version"], capture_output=True,
                                 text=True).stdout.splitlines()[0]
    except (OSError, IndexError):
        version = f"{qemu} (version unknown)"
    m = re.search(r"-icount (\S+)", cmd)
    icount = (f"-icount {m.group(1)}: one virtual ns is one executed "
              "instruction, so figures repeat between boots to within about 0.1%"
              if m else "no -icount: figures are TCG wall-clock time and vary "
              "from run to run")
    m = re.search(r"-smp (\d+)", cmd)
    smp = m.group(1) if m else "?"
    now = datetime.datetime.now(datetime.timezone.utc)
    head = [
        f"axvcpu benchmark, {now:%Y-%m-%d %H:%M} UTC",
        f"machine: {platform.machine()}, nproc {os.cpu_count()}, {version}",
        f"QEMU: -smp {smp}, {icount}",
        f"boot: {secs} s of wall time" if secs is not None else "boot: ?",
        "",
    ]
    with open(txtf, "w") as f:
        f.write("\n".join(head + table) + "\n")
    with open(csvf, "w") as f:
        f.write("\n".join(csv) + "\n")
    print("\n".join(head + table))


if __name__ == "__main__":
    main()
