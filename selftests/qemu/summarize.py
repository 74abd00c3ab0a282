#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Summarize the console logs written by run-qemu.sh.

usage: summarize.py LOG...      (LOG is build/<arch>/<mode>.log)

Prints one line per test, "PASS|FAIL|SKIP <arch>: <binary>: <test>", with
the reason under each failure, and as the very last line
"N passed, N failed, N skipped".  Exits 1 if anything failed or no test
passed.

The log protocol (see init.c and run-qemu.sh):

  ### LOG arch=<arch> mode=<mode> [variant=<v>]   written by run-qemu.sh
  ### INIT mode=<mode> arch=<machine>    init started
  ### PLAN <name> ...                    blocks init is going to run
  ### BEGIN <name>                       TAP output of one block follows
  ### TIMEOUT <name> after <n> s ...     init killed the block
  ### END <name> status=<n> ...          exit status of the block
  ### DONE mode=<mode>                   init is powering off
  ### QEMU exit=<n> ... | ### QEMU TIMEOUT ...   written by run-qemu.sh

build/<arch>/static.log (static-checks.sh: sparse and checkpatch) has the
same lines but no QEMU behind it, and so no QEMU line.

A boot of a kernel variant other than "host" (build/<arch>/<variant>/
<mode>.log) names its tests "<arch>-<variant>: ...", e.g. "riscv-debug:".

Inside a block only TAP lines at the start of a line count: "1..N",
"ok N name", "not ok N name", "ok N name # SKIP why".  A block whose plan
promised more results than it printed (crash, timeout, end of the log) gets
the missing ones counted as failed; a block without any TAP counts as one
test that passes when it exits with status 0 (4, kselftest's skip, skips).
Planned blocks that never began count as failed, as does a boot that never
reached init or did not power off.
"""

import os
import re
import sys

KSFT_SKIP = 4

RE_LOG = re.compile(r'^### LOG arch=(\S+) mode=(\S+)(?: variant=(\S+))?')
RE_INIT = re.compile(r'^### INIT ')
RE_PLAN = re.compile(r'^### PLAN ?(.*)$')
RE_BEGIN = re.compile(r'^### BEGIN (\S+)')
RE_TIMEOUT = re.compile(r'^### TIMEOUT (\S+) (.*)$')
RE_END = re.compile(r'^### END (\S+) status=(-?\d+)(.*)$')
RE_DONE = re.compile(r'^### DONE')
RE_QEMU = re.compile(r'^### QEMU (exit=(-?\d+)|TIMEOUT)(.*)$')
RE_TAP_PLAN = re.compile(r'^1\.\.(\d+)')
RE_TAP_RESULT = re.compile(r'^(not )?ok\b\s*(\d+)?\s*(?:- )?(.*)$')
RE_DIRECTIVE = re.compile(r'(?:^|\s)#\s*(SKIP|TODO|XFAIL)\b\S*\s*(.*)$',
                          re.I)
# kselftest_harness announces each test; its skip results carry no name.
RE_HARNESS_RUN = re.compile(r'^#\s+RUN\s+(\S+)')
# kselftest_harness's own progress lines are noise in a failure reason.
RE_HARNESS_NOISE = re.compile(r'^#\s+(RUN|OK|FAIL|SKIP|PASSED:|FAILED:|'
                              r'Totals:|Starting)\b|^# (PASSED|FAILED|Totals)')
# Console lines worth quoting when a boot ends early (the first one wins).
PANIC = re.compile(r'Kernel panic|Unable to handle|Oops|BUG:|'
                   r'self-detected stall|detected stalls|soft lockup|'
                   r'hard LOCKUP|blocked for more than')


class Block:
    def __init__(self, name):
        self.name = name
        self.plan = None
        self.results = []       # (num, name, verdict, reason)
        self.diags = []
        self.status = None
        self.end_note = ''
        self.timeout = None
        self.running = None     # kselftest_harness's current test


class Summary:
    def __init__(self):
        self.rows = []          # (verdict, name, reason)

    def add(self, verdict, name, reason=''):
        self.rows.append((verdict, name, reason))

    def count(self, verdict):
        return sum(1 for r in self.rows if r[0] == verdict)


def parse_log(path):
    """Returns a dict describing one log."""
    info = {'arch': None, 'mode': None, 'variant': None, 'init': False,
            'plan': [],
            'blocks': [], 'done': False, 'qemu': None, 'panic': None,
            'open': None}
    cur = None
    with open(path, errors='replace') as f:
        for line in f:
            line = line.rstrip('\r\n').replace('\r', '')
            m = RE_LOG.match(line)
            if m:
                info['arch'], info['mode'] = m.group(1), m.group(2)
                info['variant'] = m.group(3)
                continue
            if RE_INIT.match(line):
                info['init'] = True
                continue
            m = RE_PLAN.match(line)
            if m:
                info['plan'] = m.group(1).split()
                continue
            m = RE_BEGIN.match(line)
            if m:
                if cur:
                    info['blocks'].append(cur)
                cur = Block(m.group(1))
                continue
            m = RE_TIMEOUT.match(line)
            if m:
                if cur and cur.name == m.group(1):
                    cur.timeout = m.group(2)
                continue
            m = RE_END.match(line)
            if m:
                if cur and cur.name == m.group(1):
                    cur.status = int(m.group(2))
                    cur.end_note = m.group(3).strip()
                    info['blocks'].append(cur)
                    cur = None
                continue
            if RE_DONE.match(line):
                info['done'] = True
                continue
            m = RE_QEMU.match(line)
            if m:
                if m.group(2) is not None:
                    info['qemu'] = ('exit', int(m.group(2)), line[len('### QEMU '):])
                elif m.group(1) == 'TIMEOUT':
                    info['qemu'] = ('timeout', None, line[4:])
                continue
            if PANIC.search(line) and not info['panic'] and \
                    not line.startswith('#'):
                info['panic'] = line.strip()
            if cur is None:
                continue
            m = RE_TAP_PLAN.match(line)
            if m and cur.plan is None:
                cur.plan = int(m.group(1))
                continue
            m = RE_TAP_RESULT.match(line)
            if m:
                num = int(m.group(2)) if m.group(2) else len(cur.results) + 1
                desc = m.group(3).strip()
                verdict = 'FAIL' if m.group(1) else 'PASS'
                reason = ''
                d = RE_DIRECTIVE.search(desc)
                if d:
                    desc = desc[:d.start()].strip()
                    verdict = 'SKIP'
                    reason = d.group(2).strip()
                elif ' # ' in desc:
                    desc, reason = [s.strip() for s in desc.split(' # ', 1)]
                if verdict == 'FAIL':
                    diags = [x for x in cur.diags
                             if not RE_HARNESS_NOISE.match(x)]
                    # init's kernel log check: the trouble, not the splat
                    marked = [x for x in diags if x.startswith('# kmsg!')]
                    if marked:
                        diags = marked[:3] + diags[-1:]
                    if diags:
                        reason = '\n'.join(([reason] if reason else []) +
                                           diags[-4:])
                cur.results.append((num, desc or cur.running or
                                    'test %d' % num, verdict, reason))
                cur.diags = []
                cur.running = None
                continue
            if line.startswith('#'):
                cur.diags.append(line)
                m = RE_HARNESS_RUN.match(line)
                if m:
                    cur.running = m.group(1)
    if cur:
        info['open'] = cur
    return info


def boot_end(info):
    """Why the output of a boot ended, for missing-result messages."""
    q = info['qemu']
    if q is None:
        why = 'the log ends without QEMU\'s exit line (run-qemu.sh killed?)'
    elif q[0] == 'timeout':
        why = q[2]
    elif info['done']:
        why = 'init powered off'
    else:
        why = 'QEMU exited (%s) before init finished' % q[2]
    if info['panic'] and not info['done']:
        why += '; console: ' + info['panic']
    return why


def block_name(arch, block, test=None):
    if test is None or test == block:
        return '%s: %s' % (arch, block)
    return '%s: %s: %s' % (arch, block, test)


def summarize_block(s, arch, b, truncated_why):
    """Adds the results of one block; truncated_why is set if no END."""
    if b.status is None:
        ended = 'output ended inside %s: %s' % (b.name, truncated_why)
    elif b.timeout:
        ended = 'timed out: init killed it %s' % b.timeout.split(',')[0]
    elif b.status != 0:
        ended = 'exited with status %d %s' % (b.status, b.end_note)
    else:
        ended = 'exited with status 0 without printing it'
    ended = ended.strip()

    if b.plan is None and not b.results:
        if b.status == 0:
            s.add('PASS', block_name(arch, b.name))
        elif b.status == KSFT_SKIP:
            s.add('SKIP', block_name(arch, b.name), 'exit status 4 (skip)')
        else:
            s.add('FAIL', block_name(arch, b.name), ended)
        return

    seen = set()
    for num, name, verdict, reason in b.results:
        seen.add(num)
        s.add(verdict, block_name(arch, b.name, name), reason)
    plan = b.plan if b.plan is not None else len(b.results)
    missing = [n for n in range(1, plan + 1) if n not in seen]
    for n in missing:
        # The first missing one is the test the harness had started.
        name = 'test %d of %d' % (n, plan)
        if n == missing[0] and b.running:
            name = b.running
        s.add('FAIL', block_name(arch, b.name, name), 'no result: ' + ended)
    if len(b.results) > plan:
        s.add('FAIL', block_name(arch, b.name, 'plan'),
              'printed %d results for plan 1..%d' % (len(b.results), plan))
    failed = any(r[2] == 'FAIL' for r in b.results) or missing
    if not failed and (b.status is None or
                       b.status not in (0, KSFT_SKIP)):
        s.add('FAIL', block_name(arch, b.name, 'exit'),
              'all results ok, but ' + ended)


def arch_label(arch, variant):
    if variant and variant != 'host':
        return '%s-%s' % (arch, variant)
    return arch


def summarize_log(s, path):
    # build/<arch>/<mode>.log or build/<arch>/<variant>/<mode>.log
    parts = os.path.abspath(path).split(os.sep)
    arch, variant = parts[-2], None
    if len(parts) > 3 and parts[-4] == 'build':
        arch, variant = parts[-3], parts[-2]
    mode = os.path.splitext(os.path.basename(path))[0]
    arch = arch_label(arch, variant)
    if not os.path.exists(path):
        s.add('FAIL', '%s: %s: boot' % (arch, mode),
              'no log %s: an earlier build step failed (see above)' % path)
        return
    info = parse_log(path)
    if info['arch']:
        arch = arch_label(info['arch'], info['variant'])
    mode = info['mode'] or mode
    why = boot_end(info)
    if not info['init']:
        s.add('FAIL', '%s: %s: boot' % (arch, mode),
              'init never started: ' + why)
        return

    began = set()
    for b in info['blocks']:
        began.add(b.name)
        summarize_block(s, arch, b, why)
    if info['open']:
        began.add(info['open'].name)
        summarize_block(s, arch, info['open'], why)
    for name in info['plan']:
        if name not in began:
            s.add('FAIL', block_name(arch, name), 'never ran: ' + why)
    if not info['plan'] and not began:
        s.add('FAIL', '%s: %s: init' % (arch, mode),
              'init ran nothing: ' + why)

    q = info['qemu']
    if not info['done']:
        if all(n in began for n in info['plan']) and not info['open']:
            s.add('FAIL', '%s: %s: poweroff' % (arch, mode),
                  'init did not finish: ' + why)
    elif mode == 'static':
        pass    # static-checks.sh: no QEMU behind this log
    elif q is None or q[0] != 'exit' or q[1] != 0:
        s.add('FAIL', '%s: %s: poweroff' % (arch, mode),
              'init finished but QEMU did not exit cleanly: ' +
              (q[2] if q else 'no QEMU exit line'))


def main(argv):
    if len(argv) > 1 and argv[1] in ('-h', '--help'):
        sys.stdout.write(__doc__)
        return 0
    s = Summary()
    for path in argv[1:]:
        summarize_log(s, path)

    print('==== summary of %s' % (' '.join(argv[1:]) or 'no logs'))
    last = None
    for verdict, name, reason in s.rows:
        if verdict == 'SKIP' and reason:
            print('%s %s  # %s' % (verdict, name, reason))
            continue
        print('%s %s' % (verdict, name))
        if verdict == 'FAIL' and reason:
            if reason == last:
                print('       (as above)')
                continue
            last = reason
            for r in reason.split('\n'):
                print('       %s' % r)
    passed, failed = s.count('PASS'), s.count('FAIL')
    if passed + failed == 0:
        print('no test ran')
    sys.stdout.flush()
    print('%d passed, %d failed, %d skipped' %
          (passed, failed, s.count('SKIP')))
    return 1 if failed or not passed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
