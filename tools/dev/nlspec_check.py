#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check each generic netlink YAML spec against its UAPI header.

For every Documentation/netlink/specs/<family>.yaml, derive the C names and
values the kernel's YNL code generator would give each constant
(genetlink-legacy conventions: name-prefix + entry name, upper case, '-' to
'_'; attributes and commands count from 1 unless a value is given, enums
from 0, flags are bits in order) and compare them with what
include/uapi/linux/<family>.h declares, parsed by a small C scanner that
understands the house style (enum bodies with optional "= value", comments,
__X_MAX sentinels, #defines).

Output is TAP: one line per family and category (missing in header, missing
in spec, values, order, attribute types), each finding as a "# " line above
it. The exit status is 1 when anything disagrees.

  nlspec_check.py [--top DIR] [--tap-start N] [--no-plan] [--count]
                  [SPEC.yaml[:HEADER.h] ...]
"""

import argparse
import ast
import operator
import os
import re
import sys

try:
    import yaml
except ImportError:      # reported per TAP line below
    yaml = None

CATEGORIES = (
    ("missing-header", "missing in header"),
    ("missing-spec", "missing in spec"),
    ("values", "values"),
    ("order", "order"),
    ("types", "attribute types"),
)


def c_upper(name):
    return name.upper().replace("-", "_")


def c_lower(name):
    return name.lower().replace("-", "_")


# ---------------------------------------------------------------- the header

class HeaderEnum:
    """One enum of the header: its tag, entries in order, comments."""

    def __init__(self, tag, comment):
        self.tag = tag              # None for an anonymous enum
        self.comment = comment      # the comment right above "enum"
        self.entries = []           # [name, ...] in order, sentinels too
        self.sentinels = set()      # __X_MAX and X_MAX = __X_MAX - 1


class Header:
    """The constants of a UAPI header: enum entries and object-like macros."""

    def __init__(self, path):
        self.path = path
        self.enums = []
        self.values = {}            # name -> int, str (string macro) or None
        self.where = {}             # name -> HeaderEnum, or None for a macro
        self.comment = {}           # enum entry name -> its same-line comment
        self.macros = []            # macro names in order
        with open(path, encoding="utf-8") as f:
            self._parse(f.read())

    @staticmethod
    def _strip_comments(text):
        """Blank out comments (keeping offsets and newlines) and list them
        as (start offset, end offset, text)."""
        code = []
        comments = []
        i = 0
        n = len(text)
        while i < n:
            if text.startswith("/*", i):
                j = text.find("*/", i + 2)
                j = n if j < 0 else j + 2
                comments.append((i, j, text[i + 2:j - 2]))
                code.append(re.sub(r"[^\n]", " ", text[i:j]))
                i = j
            elif text.startswith("//", i):
                j = text.find("\n", i)
                j = n if j < 0 else j
                comments.append((i, j, text[i + 2:j]))
                code.append(" " * (j - i))
                i = j
            elif text[i] in "\"'":
                quote = text[i]
                j = i + 1
                while j < n and text[j] != quote and text[j] != "\n":
                    j += 2 if text[j] == "\\" else 1
                j = min(j + 1, n)
                code.append(text[i:j])
                i = j
            else:
                code.append(text[i])
                i += 1
        return "".join(code), comments

    def _eval(self, expr):
        """Value of a constant expression of literals, known names and the
        operators the house style uses; None if it is anything else."""
        expr = expr.strip()
        if re.fullmatch(r'"(?:[^"\\]|\\.)*"', expr):
            return expr[1:-1]
        expr = re.sub(r"\b(0[xX][0-9a-fA-F]+|\d+)[uUlL]+\b", r"\1", expr)
        ops = {ast.Add: operator.add, ast.Sub: operator.sub,
               ast.Mult: operator.mul, ast.LShift: operator.lshift,
               ast.RShift: operator.rshift, ast.BitOr: operator.or_,
               ast.BitAnd: operator.and_}

        def ev(node):
            if isinstance(node, ast.Expression):
                return ev(node.body)
            if isinstance(node, ast.Constant) and isinstance(node.value, int):
                return node.value
            if isinstance(node, ast.Name):
                val = self.values.get(node.id)
                if isinstance(val, int):
                    return val
                raise ValueError(node.id)
            if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
                return -ev(node.operand)
            if isinstance(node, ast.BinOp) and type(node.op) in ops:
                return ops[type(node.op)](ev(node.left), ev(node.right))
            raise ValueError(ast.dump(node))

        try:
            return ev(ast.parse(expr, mode="eval"))
        except (SyntaxError, ValueError):
            return None

    def _parse(self, text):
        code, comments = self._strip_comments(text)

        def line_of(off):
            return text.count("\n", 0, off)

        comment_on_line = {}
        comment_ending_on = {}
        for start, end, body in comments:
            comment_on_line.setdefault(line_of(start), body)
            comment_ending_on[line_of(end)] = body

        # object-like macros, in file order with the enums
        items = []
        for m in re.finditer(r"^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)(\()?"
                             r"((?:[^\n\\]|\\\n|\\.)*)", code, re.M):
            if m.group(2):
                continue            # function-like: not a constant
            items.append((m.start(), "define", m))
        for m in re.finditer(r"\benum\b\s*([A-Za-z_]\w*)?\s*\{(.*?)\}\s*;",
                             code, re.S):
            items.append((m.start(), "enum", m))
        items.sort(key=lambda item: item[0])

        for _, kind, m in items:
            if kind == "define":
                name = m.group(1)
                if name.startswith("_UAPI_") or name.endswith("_H"):
                    continue        # include guard
                value = m.group(3).replace("\\\n", " ").strip()
                self.values[name] = self._eval(value) if value else None
                self.where[name] = None
                self.macros.append(name)
                continue
            enum = HeaderEnum(m.group(1),
                              comment_ending_on.get(line_of(m.start()) - 1))
            next_value = 0
            body_off = m.start(2)
            for part in re.finditer(r"[^,]+", m.group(2)):
                item = part.group(0)
                if not item.strip():
                    continue
                em = re.match(r"\s*([A-Za-z_]\w*)\s*(?:=\s*(.*?))?\s*$",
                              item, re.S)
                if not em:
                    raise ValueError("%s: cannot parse enum entry %r"
                                     % (self.path, item.strip()))
                name = em.group(1)
                line = line_of(body_off + part.start() + em.start(1))
                if em.group(2) is not None:
                    value = self._eval(em.group(2))
                    if re.search(r"\b__\w+_MAX\b", em.group(2)):
                        enum.sentinels.add(name)
                else:
                    value = next_value
                if name.startswith("__"):
                    enum.sentinels.add(name)
                next_value = value + 1 if isinstance(value, int) else None
                enum.entries.append(name)
                self.values[name] = value
                self.where[name] = enum
                if line in comment_on_line:
                    self.comment[name] = comment_on_line[line]
            self.enums.append(enum)

    def enum_by_tag(self, tag):
        for enum in self.enums:
            if enum.tag == tag:
                return enum
        return None


# ------------------------------------------------------------------ the spec

class Group:
    """Constants the spec defines together: an enum, an attribute set, the
    commands, or loose macros."""

    def __init__(self, what, tag=None, is_enum=True, macros_ok=False,
                 sentinels=None):
        self.what = what            # for messages: "attribute-set bond"
        self.tag = tag              # expected C enum tag, None: any
        self.is_enum = is_enum
        self.macros_ok = macros_ok  # flags/enums may be #defines instead
        self.sentinels = sentinels  # (cnt name, max name) or None
        self.entries = []           # [(C name, value, spec type or None)]


def spec_groups(spec):
    """The C constants YNL derives from a genetlink-legacy spec."""
    family = spec["name"]
    ident = family.replace("-", "_")
    groups = []

    loose = Group("family", is_enum=False)
    loose.entries.append((c_upper(spec.get("c-family-name",
                                           ident + "-family-name")),
                          family, None))
    loose.entries.append((c_upper(spec.get("c-version-name",
                                           ident + "-family-version")),
                          spec.get("version", 1), None))
    groups.append(loose)

    consts = Group("definitions (const)", is_enum=False)
    for defn in spec.get("definitions", []):
        if defn.get("header"):
            continue                # declared by another header
        if defn["type"] == "const":
            pfx = defn.get("name-prefix", ident + "-")
            consts.entries.append((c_upper(pfx + defn["name"]),
                                   defn["value"], None))
            continue
        if defn["type"] not in ("enum", "flags"):
            continue                # structs: no constants
        if "enum-name" in defn:
            tag = c_lower(defn["enum-name"]) if defn["enum-name"] else None
        else:
            tag = c_lower(ident + "-" + defn["name"])
        pfx = defn.get("name-prefix", "%s-%s-" % (ident, defn["name"]))
        group = Group("%s %s" % (defn["type"], defn["name"]), tag,
                      macros_ok=True)
        value = defn.get("value-start", 0)
        for entry in defn.get("entries", []):
            if isinstance(entry, str):
                entry = {"name": entry}
            value = entry.get("value", value)
            c_value = 1 << value if defn["type"] == "flags" else value
            group.entries.append((c_upper(pfx + entry["name"]), c_value,
                                  None))
            value += 1
        if defn.get("render-max"):
            if defn["type"] == "flags":
                group.entries.append((c_upper(pfx + "mask"),
                                      (1 << value) - 1, None))
            else:
                group.sentinels = (c_upper(defn.get("enum-cnt-name",
                                                    "__" + pfx + "max")),
                                   c_upper(pfx + "max"))
        groups.append(group)
    groups.append(consts)

    for aset in spec.get("attribute-sets", []):
        if "subset-of" in aset:
            continue
        if "name-prefix" in aset:
            pfx = aset["name-prefix"]
        elif aset["name"] == family:
            pfx = ident + "-a-"
        else:
            pfx = "%s-a-%s-" % (ident, aset["name"])
        tag = c_lower(aset["enum-name"]) if aset.get("enum-name") else None
        group = Group("attribute-set %s" % aset["name"], tag,
                      sentinels=(c_upper(aset.get("attr-cnt-name",
                                                  "__" + pfx + "max")),
                                 c_upper(aset.get("attr-max-name",
                                                  pfx + "max"))))
        value = 1
        for attr in aset.get("attributes", []):
            value = attr.get("value", value)
            group.entries.append((c_upper(pfx + attr["name"]), value,
                                  attr.get("type")))
            value += 1
        groups.append(group)

    ops = spec.get("operations")
    if ops:
        pfx = ops.get("name-prefix", ident + "-cmd-")
        tag = c_lower(ops["enum-name"]) if ops.get("enum-name") else None
        group = Group("operations", tag,
                      sentinels=(c_upper(spec.get("cmd-cnt-name",
                                                  "__" + pfx + "max")),
                                 c_upper(spec.get("cmd-max-name",
                                                  pfx + "max"))))
        if "async-prefix" in ops or "async-enum" in ops:
            raise ValueError("directional operations are not supported")
        value = 1
        for op in ops.get("list", []):
            value = op.get("value", value)
            group.entries.append((c_upper(pfx + op["name"]), value, None))
            value += 1
        groups.append(group)

    mcast = Group("mcast-groups", is_enum=False)
    for grp in spec.get("mcast-groups", {}).get("list", []):
        name = grp.get("c-define-name", "%s-mcgrp-%s" % (ident, grp["name"]))
        mcast.entries.append((c_upper(name), grp["name"], None))
    groups.append(mcast)
    return groups


# ---------------------------------------------------------------- comparison

# what a header comment may name as the attribute's type, and the spec types
# it stands for
COMMENT_TYPES = {
    "u8": "u8", "u16": "u16", "u32": "u32", "u64": "u64",
    "s8": "s8", "s16": "s16", "s32": "s32", "s64": "s64",
    "string": "string", "nest": "nest", "flag": "flag", "binary": "binary",
    "in_addr": "binary", "in6_addr": "binary",
}
SPEC_TYPES = {"nul-string": "string", "indexed-array": "nest",
              "nest-type-value": "nest", "uint": "u64", "sint": "s64"}
UNTYPED = ("pad", "unused")


def comment_type(comment):
    if comment is None:
        return None
    m = re.match(r"\s*([a-z_0-9]+)\b", comment)
    return COMMENT_TYPES.get(m.group(1)) if m else None


def enum_default_type(enum):
    """The type a header enum's comment gives all its entries, if any:
    "all u64" or "u64 unless noted"."""
    if enum is None or enum.comment is None:
        return None
    m = re.search(r"\ball ([us](?:8|16|32|64))\b|"
                  r"\b([us](?:8|16|32|64)) unless noted\b", enum.comment)
    return (m.group(1) or m.group(2)) if m else None


def fmt(value):
    if isinstance(value, str):
        return '"%s"' % value
    return str(value)


def check(spec_path, header_path):
    """Compare one spec with its header: {category: [finding, ...]}."""
    with open(spec_path, encoding="utf-8") as f:
        spec = yaml.safe_load(f)
    hdr = Header(header_path)
    found = {key: [] for key, _ in CATEGORIES}
    groups = spec_groups(spec)
    covered = {name for group in groups for name, _, _ in group.entries}
    covered.update(name for group in groups for name in group.sentinels or ())
    family_pfx = c_upper(spec["name"]) + "_"

    for group in groups:
        present = [e for e in group.entries if e[0] in hdr.values]
        if group.what == "mcast-groups" and not present and not any(
                name.startswith(family_pfx + "MCGRP_")
                for name in hdr.macros):
            continue                # the header names no groups at all
        for name, value, _ in group.entries:
            if name not in hdr.values:
                found["missing-header"].append("%s: %s" % (group.what, name))
            elif hdr.values[name] != value:
                found["values"].append("%s: %s is %s in the header, %s in "
                                       "the spec" % (group.what, name,
                                                     fmt(hdr.values[name]),
                                                     fmt(value)))
        if not group.is_enum or not present:
            continue

        # all of a group's constants belong in one enum, the one the spec
        # names, in the spec's order (flags and enums may be macros)
        homes = {hdr.where[name] for name, _, _ in present}
        if homes == {None} and group.macros_ok:
            enum = None
            positions = [hdr.macros.index(name) for name, _, _ in present]
        elif len(homes) == 1 and None not in homes:
            enum = homes.pop()
            if group.tag and enum.tag != group.tag:
                found["missing-header"].append(
                    "%s: enum %s (its constants are in enum %s)"
                    % (group.what, group.tag, enum.tag))
            positions = [enum.entries.index(name) for name, _, _ in present]
        else:
            found["order"].append("%s: constants spread over several enums "
                                  "or macros" % group.what)
            continue
        if positions != sorted(positions):
            spec_order = [name for name, _, _ in present]
            hdr_order = sorted(spec_order, key=lambda n: positions[
                spec_order.index(n)])
            found["order"].append("%s: header order %s, spec order %s"
                                  % (group.what, " ".join(hdr_order),
                                     " ".join(spec_order)))

        if enum is not None:
            covered.update(enum.sentinels)
            for name in enum.entries:
                if name not in covered and name not in enum.sentinels:
                    found["missing-spec"].append("%s: %s (enum %s)"
                                                 % (group.what, name,
                                                    enum.tag))
        if group.sentinels and enum is not None:
            check_sentinels(group, enum, hdr, found)
        if enum is not None:
            check_types(group, enum, hdr, found)

    # whole enums, and macros of the family, the spec knows nothing of
    for enum in hdr.enums:
        if not any(name in covered for name in enum.entries):
            found["missing-spec"].append("enum %s: %s" % (
                enum.tag, " ".join(n for n in enum.entries
                                   if n not in enum.sentinels)))
    for name in hdr.macros:
        if name in covered or not name.startswith(family_pfx):
            continue
        found["missing-spec"].append("macro %s" % name)
    return found


def check_sentinels(group, enum, hdr, found):
    cnt_name, max_name = group.sentinels
    last = group.entries[-1][1] if group.entries else 0
    real = [n for n in enum.entries if n not in enum.sentinels]
    for name, want in ((cnt_name, last + 1), (max_name, last)):
        by_define = name == max_name and name in hdr.macros
        if name not in enum.sentinels and not by_define:
            found["missing-header"].append("%s: sentinel %s" % (group.what,
                                                                name))
        elif hdr.values[name] != want:
            found["values"].append("%s: %s is %s, the spec's last value "
                                   "makes it %d" % (group.what, name,
                                                    fmt(hdr.values[name]),
                                                    want))
    if cnt_name in enum.entries and real and \
       enum.entries.index(cnt_name) < enum.entries.index(real[-1]):
        found["order"].append("%s: %s is not after the last attribute"
                              % (group.what, cnt_name))


def check_types(group, enum, hdr, found):
    default = enum_default_type(enum)
    for name, _, spec_type in group.entries:
        if spec_type in (None,) + UNTYPED or name not in enum.entries:
            continue
        said = comment_type(hdr.comment.get(name)) or default
        if said is None:
            continue                # the header does not say
        spec_type = SPEC_TYPES.get(spec_type, spec_type)
        if said != spec_type:
            found["types"].append("%s: %s is %s in the header comment, %s in "
                                  "the spec" % (group.what, name, said,
                                                spec_type))


# ---------------------------------------------------------------------- main

def default_pairs(top):
    """Every spec with its header, and every header of a generic netlink
    family (one that #defines a *_GENL_NAME) without a spec, which then
    fails for want of one."""
    spec_dir = os.path.join(top, "Documentation", "netlink", "specs")
    hdr_dir = os.path.join(top, "include", "uapi", "linux")
    families = set()
    for spec in os.listdir(spec_dir):
        if spec.endswith(".yaml"):
            families.add(spec[:-len(".yaml")])
    for header in os.listdir(hdr_dir):
        if header.endswith(".h"):
            with open(os.path.join(hdr_dir, header), encoding="utf-8") as f:
                if re.search(r"^#define\s+\w+_GENL_NAME\b", f.read(), re.M):
                    families.add(header[:-len(".h")])
    return [(os.path.join(spec_dir, family + ".yaml"),
             os.path.join(hdr_dir, family + ".h"))
            for family in sorted(families)]


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--top", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", ".."),
        help="the checkout (default: the one this script is in)")
    parser.add_argument("--tap-start", type=int, default=1,
                        help="number of the first TAP line")
    parser.add_argument("--prefix", default="nlspec",
                        help="prefix of each TAP line's description")
    parser.add_argument("--no-plan", action="store_true",
                        help="print no TAP version and plan lines")
    parser.add_argument("--count", action="store_true",
                        help="only print how many TAP lines there would be")
    parser.add_argument("pairs", nargs="*", metavar="SPEC[:HEADER]")
    args = parser.parse_args(argv)
    args.top = os.path.normpath(args.top)

    pairs = []
    for pair in args.pairs:
        spec, _, header = pair.partition(":")
        if not header:
            header = os.path.join(args.top, "include", "uapi", "linux",
                                  os.path.basename(spec)[:-len(".yaml")] +
                                  ".h")
        pairs.append((spec, header))
    if not pairs:
        pairs = default_pairs(args.top)

    total = len(pairs) * len(CATEGORIES)
    if args.count:
        print(total)
        return 0
    if not args.no_plan:
        print("TAP version 13")
        print("1..%d" % total)
    num = args.tap_start
    failed = 0
    for spec, header in pairs:
        family = os.path.basename(spec)[:-len(".yaml")]
        found = None
        if yaml is None:
            error = "no python3 yaml module (tools/dev/deps.sh installs it)"
        else:
            try:
                found = check(spec, header)
            except (OSError, ValueError, KeyError, TypeError,
                    yaml.YAMLError) as exc:
                error = "%s: %s" % (type(exc).__name__, exc)
        for key, title in CATEGORIES:
            desc = "%s: %s: %s" % (args.prefix, family, title)
            msgs = [error] if found is None else found[key]
            for msg in msgs:
                print("# %s: %s" % (family, msg))
            if msgs:
                print("not ok %d %s" % (num, desc))
                failed += 1
            else:
                print("ok %d %s" % (num, desc))
            num += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
