#!/usr/bin/env python3
"""make bench: build/out/<arch>/bench.svg, a bar chart of bench.csv.

One group of horizontal bars per metric counted in instructions
(mode tcg-icount; host cycle rows are left out: another unit), larch's
figure and, where build/peers.csv has one for this arch and metric, the
peer's beside it. Log scale: the metrics span 2 to several thousand
instructions. Standard library only.

usage: bench-chart.py <arch> [bench.csv] [out.svg]
"""
import csv
import math
import sys
import textwrap
from xml.sax.saxutils import escape

ARCH_NAMES = {"x86": "x86_64", "arm": "arm64", "ppc": "ppc64"}
OURS, PEER = "#2b6cb0", "#dd6b20"


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def main():
    arch = sys.argv[1]
    bench = sys.argv[2] if len(sys.argv) > 2 else f"build/out/{arch}/bench.csv"
    out = sys.argv[3] if len(sys.argv) > 3 else f"build/out/{arch}/bench.svg"
    rows = [r for r in read_csv(bench)
            if r["unit"] == "instructions" and r["mode"] == "tcg-icount"]
    peers = {r["metric"]: r for r in read_csv("build/peers.csv")
             if r["arch"] == arch and r["unit"] == "instructions"
             and r["mode"] == "tcg-icount"}
    if not rows:
        sys.exit(f"bench-chart: no instruction rows in {bench}")

    vals = [float(r["value"]) for r in rows]
    vals += [float(peers[r["metric"]]["value"]) for r in rows
             if r["metric"] in peers]
    top = 10 ** math.ceil(math.log10(max(vals)))
    left, plot_w, bar_h, gap = 210, 560, 15, 14
    groups = [(r, peers.get(r["metric"])) for r in rows]
    body_h = sum((2 if p else 1) * bar_h + gap for _, p in groups)
    y0 = 78
    height = y0 + body_h + 84
    width = left + plot_w + 90

    def x(v):  # log scale from 1 to top
        return left + plot_w * math.log10(max(v, 1)) / math.log10(top)

    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" '
           f'height="{height}" viewBox="0 0 {width} {height}" '
           f'font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{left}" y="24" font-size="15" font-weight="bold">'
           f'larch {ARCH_NAMES.get(arch, arch)}: instructions per operation'
           f'</text>',
           f'<text x="{left}" y="42" fill="#444">make bench ARCH={arch}, '
           f'mode tcg-icount (QEMU -icount shift=0,sleep=off); log scale; '
           f'lower is better</text>']
    # legend
    svg.append(f'<rect x="{left}" y="52" width="12" height="12" '
               f'fill="{OURS}"/><text x="{left + 17}" y="62">larch</text>')
    peer_names = sorted({p["peer"] for _, p in groups if p})
    for i, name in enumerate(peer_names):
        lx = left + 80 + 200 * i
        svg.append(f'<rect x="{lx}" y="52" width="12" height="12" '
                   f'fill="{PEER}"/><text x="{lx + 17}" y="62">'
                   f'{escape(name)}</text>')
    # grid: powers of ten
    for e in range(0, int(round(math.log10(top))) + 1):
        gx = x(10 ** e)
        svg.append(f'<line x1="{gx:.1f}" y1="{y0 - 6}" x2="{gx:.1f}" '
                   f'y2="{y0 + body_h}" stroke="#ddd"/>')
        svg.append(f'<text x="{gx:.1f}" y="{y0 + body_h + 16}" '
                   f'text-anchor="middle" fill="#444">{10 ** e:,}</text>')
    y = y0
    for r, p in groups:
        n = 2 if p else 1
        svg.append(f'<text x="{left - 8}" y="{y + n * bar_h / 2 + 4:.1f}" '
                   f'text-anchor="end">{escape(r["metric"])}</text>')
        for label, colour in [(r["value"], OURS)] + \
                ([(p["value"], PEER)] if p else []):
            w = max(x(float(label)) - left, 1)
            svg.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" '
                       f'height="{bar_h - 2}" fill="{colour}"/>')
            svg.append(f'<text x="{left + w + 4:.1f}" y="{y + bar_h - 4}" '
                       f'fill="#222">{escape(label)}</text>')
            y += bar_h
        y += gap
    notes = [f"Peer: {n}" for n in
             sorted({p["source"] for _, p in groups if p})] or \
        ["No peer figure for this arch in build/peers.csv."]
    ny = y0 + body_h + 36
    for note in notes:
        for line in textwrap.wrap(note, 150):
            svg.append(f'<text x="10" y="{ny}" font-size="10" '
                       f'fill="#444">{escape(line)}</text>')
            ny += 13
    svg.append("</svg>")
    with open(out, "w") as f:
        f.write("\n".join(svg) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
