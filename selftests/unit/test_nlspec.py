#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Negative tests of tools/dev/nlspec_check.py: copies of the gre_bond spec
and header, each with one seeded disagreement, in a temporary directory; the
checker must report exactly the categories the disagreement belongs to, and
nothing for the unchanged copy or for an addition made to both.

  test_nlspec.py [--tap-start N] [--no-plan] [--count]
"""

import argparse
import importlib.util
import os
import shutil
import sys
import tempfile

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SPEC = os.path.join(TOP, "Documentation", "netlink", "specs", "gre_bond.yaml")
HEADER = os.path.join(TOP, "include", "uapi", "linux", "gre_bond.h")

_loader = importlib.util.spec_from_file_location(
    "nlspec_check", os.path.join(TOP, "tools", "dev", "nlspec_check.py"))
nlspec = importlib.util.module_from_spec(_loader)
_loader.loader.exec_module(nlspec)


def edit(text, old, new):
    """Replace old (which must occur exactly once) by new."""
    if text.count(old) != 1:
        raise AssertionError("mutation target %r occurs %d times"
                             % (old, text.count(old)))
    return text.replace(old, new)


# (name, spec mutation, header mutation, {category: text one finding holds})
CASES = [
    ("unchanged copy agrees", None, None, {}),
    ("attribute renamed in the spec",
     lambda s: edit(s, "name: tx-errors\n", "name: tx-error\n"), None,
     {"missing-header": "GRE_BOND_TS_TX_ERROR",
      "missing-spec": "GRE_BOND_TS_TX_ERRORS"}),
    ("attribute removed from the spec",
     lambda s: edit(s, "      -\n        name: cbs\n        type: u32\n", ""),
     None,
     {"missing-spec": "GRE_BOND_A_CBS",
      "values": "GRE_BOND_A_EBS is 6 in the header, 5 in the spec"}),
    ("entry added to the header only", None,
     lambda h: edit(h, "\tGRE_BOND_C_PAD,\n",
                    "\tGRE_BOND_C_PAD,\n\tGRE_BOND_C_NEW_THING,\t/* u32 */\n"),
     {"missing-spec": "GRE_BOND_C_NEW_THING",
      "values": "__GRE_BOND_C_MAX is 10"}),
    ("attribute added to both",
     lambda s: edit(s, "        name: timestamp-ns\n",
                    "        name: timestamp-ns\n        type: u64\n"
                    "      -\n        name: new-thing\n"),
     lambda h: edit(h, "\tGRE_BOND_C_TIMESTAMP_NS,",
                    "\tGRE_BOND_C_TIMESTAMP_NS,\n\tGRE_BOND_C_NEW_THING,"),
     {}),
    ("entries swapped in the header, values kept", None,
     lambda h: edit(h, "\tGRE_BOND_EVENT_BOND_NEW,\n"
                    "\tGRE_BOND_EVENT_BOND_CHANGED,\n"
                    "\tGRE_BOND_EVENT_BOND_DEL,\n",
                    "\tGRE_BOND_EVENT_BOND_CHANGED = 2,\n"
                    "\tGRE_BOND_EVENT_BOND_NEW = 1,\n"
                    "\tGRE_BOND_EVENT_BOND_DEL = 3,\n"),
     {"order": "header order GRE_BOND_EVENT_UNSPEC "
               "GRE_BOND_EVENT_BOND_CHANGED GRE_BOND_EVENT_BOND_NEW"}),
    ("attribute type changed in the spec",
     lambda s: edit(s, "        name: mtu\n        type: u32\n",
                    "        name: mtu\n        type: u16\n"), None,
     {"types": "GRE_BOND_A_MTU is u32 in the header comment, u16"}),
    ("constant value changed in the header", None,
     lambda h: edit(h, "#define GRE_BOND_MAX_TUNNELS\t8",
                    "#define GRE_BOND_MAX_TUNNELS\t9"),
     {"values": "GRE_BOND_MAX_TUNNELS is 9 in the header, 8 in the spec"}),
    ("command value given in the spec",
     lambda s: edit(s, "      name: bond-set\n",
                    "      name: bond-set\n      value: 7\n"), None,
     {"values": "GRE_BOND_CMD_BOND_SET is 2 in the header, 7 in the spec"}),
    ("enum tag renamed in the spec",
     lambda s: edit(s, "enum-name: gre_bond_ts\n",
                    "enum-name: gre_bond_tstats\n"), None,
     {"missing-header": "enum gre_bond_tstats"}),
    ("multicast group renamed in the spec",
     lambda s: edit(s, "      name: events\n", "      name: event\n"), None,
     {"missing-header": "GRE_BOND_MCGRP_EVENT",
      "missing-spec": "macro GRE_BOND_MCGRP_EVENTS"}),
    ("string macro changed in the header", None,
     lambda h: edit(h, '#define GRE_BOND_LINK_KIND\t"gre_bond"',
                    '#define GRE_BOND_LINK_KIND\t"grebond"'),
     {"values": 'GRE_BOND_LINK_KIND is "grebond" in the header, '
                '"gre_bond" in the spec'}),
    ("max as a macro (max-by-define)", None,
     lambda h: edit(h, "\t__GRE_BOND_C_MAX,\n"
                    "\tGRE_BOND_C_MAX = __GRE_BOND_C_MAX - 1\n};\n",
                    "\t__GRE_BOND_C_MAX,\n};\n"
                    "#define GRE_BOND_C_MAX\t(__GRE_BOND_C_MAX - 1)\n"),
     {}),
    ("max macro off by one", None,
     lambda h: edit(h, "\t__GRE_BOND_C_MAX,\n"
                    "\tGRE_BOND_C_MAX = __GRE_BOND_C_MAX - 1\n};\n",
                    "\t__GRE_BOND_C_MAX,\n};\n"
                    "#define GRE_BOND_C_MAX\t(__GRE_BOND_C_MAX - 2)\n"),
     {"values": "GRE_BOND_C_MAX is 7, the spec's last value makes it 8"}),
    ("family version changed in the header", None,
     lambda h: edit(h, "GRE_BOND_GENL_VERSION\t1", "GRE_BOND_GENL_VERSION\t2"),
     {"values": "GRE_BOND_GENL_VERSION is 2"}),
    ("macro added to the header only", None,
     lambda h: edit(h, "#define GRE_BOND_MAX_TUNNELS\t8\n",
                    "#define GRE_BOND_MAX_TUNNELS\t8\n"
                    "#define GRE_BOND_NEW_LIMIT\t4\n"),
     {"missing-spec": "macro GRE_BOND_NEW_LIMIT"}),
    ("enum added to the header only", None,
     lambda h: edit(h, "#endif /* _UAPI_LINUX_GRE_BOND_H */",
                    "enum gre_bond_extra {\n\tGRE_BOND_EXTRA_ONE,\n};\n"
                    "#endif /* _UAPI_LINUX_GRE_BOND_H */"),
     {"missing-spec": "enum gre_bond_extra: GRE_BOND_EXTRA_ONE"}),
    ("sentinel missing in the header", None,
     lambda h: edit(h, "\t__GRE_BOND_C_MAX,\n"
                    "\tGRE_BOND_C_MAX = __GRE_BOND_C_MAX - 1\n", ""),
     {"missing-header": "sentinel __GRE_BOND_C_MAX"}),
]


def run_case(tmp, spec_edit, header_edit):
    spec = os.path.join(tmp, "gre_bond.yaml")
    header = os.path.join(tmp, "gre_bond.h")
    shutil.copy(SPEC, spec)
    shutil.copy(HEADER, header)
    for path, change in ((spec, spec_edit), (header, header_edit)):
        if change:
            with open(path, encoding="utf-8") as f:
                text = change(f.read())
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
    return nlspec.check(spec, header)


def main(argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("--tap-start", type=int, default=1)
    parser.add_argument("--no-plan", action="store_true")
    parser.add_argument("--count", action="store_true")
    args = parser.parse_args(argv)
    if args.count:
        print(len(CASES))
        return 0
    if not args.no_plan:
        print("TAP version 13")
        print("1..%d" % len(CASES))
    failed = 0
    with tempfile.TemporaryDirectory(prefix="nlspec-") as tmp:
        for num, (name, spec_edit, header_edit, want) in \
                enumerate(CASES, args.tap_start):
            problems = []
            try:
                found = run_case(tmp, spec_edit, header_edit)
            except Exception as exc:  # a broken case must fail, not crash
                found = None
                problems.append("%s: %s" % (type(exc).__name__, exc))
            for key, _ in nlspec.CATEGORIES if found else ():
                if key in want and not any(want[key] in msg
                                           for msg in found[key]):
                    problems.append("%s: no finding with %r; found %s"
                                    % (key, want[key], found[key]))
                if key not in want and found[key]:
                    problems.append("%s: unexpected %s" % (key, found[key]))
            for problem in problems:
                print("# " + problem)
            print("%s %d nlspec self-test: %s"
                  % ("not ok" if problems else "ok", num, name))
            failed += bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
