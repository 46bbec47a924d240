#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# wire.sh's judge: reads what tshark's grebonding dissector showed of the
# control messages captured on one access link pair (-T fields, columns in
# the order of FIELDS below, one file per link) and checks them against
# what the session was meant to send. Prints one "PASS name" or
# "FAIL name: why" line per check.
#
#   wire_check.py DIALECT LTE.fields DSL.fields  (env: see main())
import os
import sys

FIELDS = ["frame.number", "ip.src", "ip.dst", "gre.key", "gre.proto",
          "grebonding.type", "grebonding.tunneltype", "grebonding.attr.type",
          "grebonding.attr.val.ipv4", "grebonding.attr.val.error",
          "grebonding.attr.val.uint64", "grebonding.attr.val.string",
          "grebonding.attr.val.time"]

# attributes the dissector shows as plain numbers (gbcp_pcapgen.c)
U64 = {4, 6, 7, 9, 10, 14, 15, 16, 20, 22, 23, 24, 25, 31, 32, 53, 56, 57, 59}
LTE_ACCEPT_MUST = {1, 2, 4, 9, 10, 14, 15, 16, 20, 24, 25, 31, 32}


def num(s):
    return int(s, 0) if s else None


def lst(s):
    return [x for x in s.split(",")] if s else []


def load(path, link):
    frames = []
    for line in open(path):
        c = line.rstrip("\n").split("\t")
        c += [""] * (len(FIELDS) - len(c))
        f = dict(zip(FIELDS, c))
        f["link"] = link
        f["types"] = [int(x) for x in lst(f["grebonding.attr.type"])]
        vals = lst(f["grebonding.attr.val.uint64"])
        nums = [t for t in f["types"] if t in U64]
        f["u64"] = dict(zip(nums, [int(v) for v in vals])) \
            if len(nums) == len(vals) else None
        f["type"] = num(f["grebonding.type"])
        f["ttype"] = num(f["grebonding.tunneltype"])
        f["key"] = num(f["gre.key"])
        frames.append(f)
    return frames


def main():
    dialect, lte_file, dsl_file = sys.argv[1:4]
    e = os.environ
    key, sid = int(e["W_KEY"]), int(e["W_SID"])
    hg = {"lte": e["W_HG_LTE"], "dsl": e["W_HG_DSL"]}
    haap = {"lte": e["W_HAAP_LTE"], "dsl": e["W_HAAP_DSL"]}
    ttype = {"lte": 0, "dsl": 8} if dialect == "dt" else {"lte": 2, "dsl": 1}
    proto = 0x0101 if dialect == "dt" else 0xB7EA
    fr = load(lte_file, "lte") + load(dsl_file, "dsl")
    results = []

    def check(name, ok, why=""):
        results.append((name, ok, why))

    def up(f):	# HG -> HAAP
        return f["ip.src"] == hg[f["link"]] and f["ip.dst"] == haap[f["link"]]

    def down(f):
        return f["ip.src"] == haap[f["link"]] and f["ip.dst"] == hg[f["link"]]

    def body(f):	# the attribute types without DT's closing 255
        return f["types"][:-1] if f["types"][-1:] == [255] else f["types"]

    def sel(link, direction, mtype):
        return [f for f in fr if f["link"] == link and direction(f) and
                f["type"] == mtype]

    bad = [f["frame.number"] + "/" + f["link"] for f in fr
           if f["type"] is None or num(f["gre.proto"]) != proto]
    check("every control frame decodes as grebonding with protocol 0x%04x"
          % proto, fr and not bad, "%d frames, undecoded: %s" % (len(fr), bad))
    bad = [f["frame.number"] + "/" + f["link"] for f in fr
           if not (up(f) or down(f))]
    check("every frame between the link's HG and HAAP addresses", not bad,
          str(bad))
    bad = [f["frame.number"] + "/" + f["link"] for f in fr
           if f["ttype"] != ttype[f["link"]]]
    check("T-Type of every frame is its link's (%s: LTE %d, DSL %d)"
          % (dialect, ttype["lte"], ttype["dsl"]), not bad, str(bad))
    lte_setup = [f for f in fr if f["link"] == "lte" and f["type"] in (1, 2)]
    bad = [f["frame.number"] + "/" + f["link"] for f in fr
           if f["key"] != (0 if f in lte_setup else key)]
    check("GRE key 0 on the LTE setup exchange, the bond's key on all else",
          not bad, str(bad))
    bad = [f["frame.number"] + "/" + f["link"] for f in fr
           if (dialect == "dt") != (f["types"][-1:] == [255])]
    check("attribute 255 closes every message in dt, none in rfc", not bad,
          str(bad))

    req = sel("lte", up, 1)
    ok = req and all(body(f) == [3] and
                     f["grebonding.attr.val.string"] == e["W_CIN"]
                     for f in req)
    check("LTE Setup Request: the CIN only, \"%s\"" % e["W_CIN"], ok,
          str([(f["types"], f["grebonding.attr.val.string"]) for f in req]))
    acc = sel("lte", down, 2)
    ok = len(acc) >= 1 and all(
        LTE_ACCEPT_MUST <= set(f["types"]) and f["u64"] and
        f["u64"].get(4) == sid and f["u64"].get(20) == key and
        f["grebonding.attr.val.ipv4"] == e["W_H"] for f in acc)
    check("LTE Accept: every MUST attribute, Session ID, bonding key, H",
          ok, str([(f["types"], f["u64"], f["grebonding.attr.val.ipv4"])
                   for f in acc]))
    req = sel("dsl", up, 1)
    ok = req and all(f["u64"] and f["u64"].get(4) == sid and
                     f["u64"].get(7) == int(e["W_SYNC"]) for f in req)
    check("DSL Setup Request: Session ID and sync rate", ok,
          str([(f["types"], f["u64"]) for f in req]))
    acc = sel("dsl", down, 2)
    ok = acc and all(f["u64"] and f["u64"].get(22) == int(e["W_UP"]) and
                     f["u64"].get(23) == int(e["W_DOWN"]) for f in acc)
    check("DSL Accept: upstream and downstream bandwidth", ok,
          str([(f["types"], f["u64"]) for f in acc]))

    ok, why = True, []
    for link in ("lte", "dsl"):
        hu, hd = sel(link, up, 4), sel(link, down, 4)
        stamps = {f["grebonding.attr.val.time"] for f in hu}
        echoed = [f for f in hd if f["grebonding.attr.val.time"] in stamps]
        if len(hu) < 3 or len(echoed) < 3 or \
           any(body(f) != [5] for f in hu + hd):
            ok = False
        why.append("%s: %d up, %d down, %d echoes" %
                   (link, len(hu), len(hd), len(echoed)))
    check("Hellos on both links, each a Timestamp, the HAAP echoes stamps",
          ok, "; ".join(why))

    for attr, what in ((11, "Switching to DSL"), (12, "Overflowing to LTE")):
        nu = [f for f in sel("dsl", up, 6) if attr in f["types"]]
        nd = [f for f in sel("dsl", down, 6) if attr in f["types"]]
        check("Notify %d (%s) from the HG on DSL, echoed by the HAAP"
              % (attr, what), nu and nd, "%d up, %d down" % (len(nu), len(nd)))

    td = [f for link in ("lte", "dsl") for f in sel(link, down, 5)]
    ok = {f["link"] for f in td} == {"lte", "dsl"} and all(
        f["grebonding.attr.val.error"] == "10" for f in td)
    check("Tear Down on both tunnels, error code 10", ok,
          str([(f["link"], f["grebonding.attr.val.error"]) for f in td]))
    seen = sorted({f["type"] for f in fr})
    check("only the types meant: 1, 2, 4, 5, 6", seen == [1, 2, 4, 5, 6],
          str(seen))

    for name, ok, why in results:
        print(("PASS %s" % name) if ok else ("FAIL %s: %s" % (name, why)))


if __name__ == "__main__":
    main()
