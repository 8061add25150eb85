#!/usr/bin/python3
"""Line and branch coverage of the product assemblies, from coverlet's cobertura files.

Usage: coverage_summary.py LINE_FLOOR BRANCH_FLOOR FILE.cobertura.xml...

Several test projects each write a report; a line is covered when any report saw it run, and a
branch point counts its best report (the union, not an average of rates). Prints one line
`coverage: lines L% (c/v), branches B% (c/v)`, and exits 1 when either figure is below its floor
(in percent), 2 when no report was readable. Standard library only.
"""

import re
import sys
import xml.etree.ElementTree as ET


def main(argv):
    if len(argv) < 4:
        sys.stderr.write(__doc__)
        return 2
    line_floor, branch_floor = float(argv[1]), float(argv[2])
    lines = {}  # (file, line) -> hit
    branches = {}  # (file, line) -> (covered, total)
    read = 0
    for path in argv[3:]:
        try:
            root = ET.parse(path).getroot()
        except (OSError, ET.ParseError) as e:
            print("coverage: cannot read %s: %s" % (path, e))
            continue
        read += 1
        for cls in root.iter("class"):
            name = cls.get("filename")
            for ln in cls.iter("line"):
                key = (name, int(ln.get("number")))
                lines[key] = lines.get(key, False) or int(ln.get("hits", "0")) > 0
                m = re.search(r"\((\d+)/(\d+)\)", ln.get("condition-coverage") or "")
                if ln.get("branch") == "True" and m:
                    covered, total = int(m.group(1)), int(m.group(2))
                    old = branches.get(key, (0, total))
                    branches[key] = (max(old[0], covered), max(old[1], total))
    if read == 0 or not lines:
        print("coverage: no coverage report was written")
        return 2
    lc, lv = sum(lines.values()), len(lines)
    bc, bv = sum(c for c, _ in branches.values()), sum(t for _, t in branches.values())
    lp, bp = 100.0 * lc / lv, (100.0 * bc / bv if bv else 100.0)
    print("coverage: lines %.1f%% (%d/%d), branches %.1f%% (%d/%d); floors %.1f%% and %.1f%%" % (lp, lc, lv, bp, bc, bv, line_floor, branch_floor))
    if lp < line_floor or bp < branch_floor:
        print("coverage: below the floor (measured minus two points, set in run-tests.sh)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
