#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Where one benchmark row's instructions go, per function.

make profile boots the benchmark twice under tools/bench/insn_plugin.c,
with one row and one hypervisor at two iteration counts, and calls this
with both runs.  The difference of the two counts at each address,
divided by the difference of the iterations, is what one iteration
executes there: boot, set-up and teardown cancel out.  Addresses are
named from vmlinux, the module (at the .text address the init printed)
and axvbench; the rest is the guest's.

usage: profile.py ROW HV LOG_A COUNTS_A LOG_B COUNTS_B VMLINUX MODULE
                  AXVBENCH CROSS_COMPILE [TOP]
"""
import bisect
import collections
import re
import subprocess
import sys


def counts(path):
    d = {}
    with open(path) as f:
        for line in f:
            va, n = line.split()
            d[int(va, 16)] = int(n)
    return d


def iters_and_text(log, row, hv):
    """The row's iterations (timed and warm-up) and the module's .text."""
    it = text = None
    with open(log, errors='replace') as f:
        for line in f:
            m = re.search(r'axvcpu \.text at (0x[0-9a-f]+)', line)
            if m:
                text = int(m.group(1), 16)
            p = line.split()
            if len(p) > 2 and p[0] == row and p[1] == hv and p[2].isdigit():
                it = int(p[2])
    if it is None:
        sys.exit(f'profile: no {row} {hv} line in {log}')
    if text is None:
        sys.exit(f'profile: {log} does not say where the module is')
    # axvbench warms up with min(iters / 8, 1000) iterations first.
    return it + min(it // 8, 1000), text


def symbols(nm, path, base=0, prefix=''):
    out = subprocess.run([nm, '-n', path], capture_output=True, text=True,
                         check=True).stdout
    syms = []
    for line in out.splitlines():
        p = line.split()
        if len(p) == 3 and p[1] in 'tTwW':
            syms.append((int(p[0], 16) + base, prefix + p[2]))
    return syms


def module_symbols(objdump, ko, text):
    """The functions of the module's .text, at @text."""
    out = subprocess.run([objdump, '-t', ko], capture_output=True, text=True,
                         check=True).stdout
    syms = []
    for line in out.splitlines():
        p = line.split()
        # Functions and the assembler's code labels, not mapping symbols.
        if len(p) >= 5 and p[-3] == '.text' and p[-1][0] not in '$.':
            syms.append((int(p[0], 16) + text, 'axvcpu:' + p[-1]))
    return syms


def main():
    if len(sys.argv) not in (11, 12):
        sys.exit(__doc__)
    row, hv, log_a, cnt_a, log_b, cnt_b, vmlinux, ko, user, cross = \
        sys.argv[1:11]
    nm = cross + 'nm'
    top = int(sys.argv[11]) if len(sys.argv) > 11 else 40
    n_a, text = iters_and_text(log_a, row, hv)
    n_b, text_b = iters_and_text(log_b, row, hv)
    if text_b != text:
        # Then the two runs' counts for the module would not cancel.
        sys.exit(f'profile: the module moved between the runs '
                 f'({text:#x}, {text_b:#x})')
    if n_b == n_a:
        sys.exit(f'profile: {row} ran {n_a} iterations both times')

    table = symbols(nm, vmlinux)
    table += module_symbols(cross + 'objdump', ko, text)
    table += symbols(nm, user, prefix='axvbench:')
    table.sort()
    keys = [v for v, _ in table]

    def name(va):
        i = bisect.bisect_right(keys, va) - 1
        if i < 0 or va - keys[i] > 0x4000:
            return '(guest or unknown)'
        return table[i][1]

    a, b = counts(cnt_a), counts(cnt_b)
    per = collections.Counter()
    for va in set(a) | set(b):
        d = (b.get(va, 0) - a.get(va, 0)) / (n_b - n_a)
        if d:
            per[name(va)] += d
    total = sum(per.values())
    print(f'{row} under {hv}: {total:.1f} instructions per iteration '
          f'({n_b - n_a} iterations apart)')
    for fn, c in per.most_common(top):
        if abs(c) >= 0.5:
            print(f'{c:8.1f}  {fn}')


if __name__ == '__main__':
    main()
