#!/usr/bin/env python3
"""Prints what a PNG shows, as JSON: its size, the share of pixels that differ from the corner pixel (the page
background), and how many pixels have the report's chart colours. Standard library only (zlib): the browser test
of `maildesk report --html` uses it to prove the screenshot is a rendered page, not a blank one."""
import json
import struct
import sys
import zlib


def pixels(data):
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace != 0:
        raise ValueError(f"unsupported PNG: depth {depth}, colour type {colour}, interlace {interlace}")
    step = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * step
    rows, previous, pos = [], bytearray(stride), 0
    for _ in range(height):
        kind, line = raw[pos], bytearray(raw[pos + 1:pos + 1 + stride])
        pos += 1 + stride
        for i in range(stride):
            left = line[i - step] if i >= step else 0
            up = previous[i]
            corner = previous[i - step] if i >= step else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        rows.append(line)
        previous = line
    return width, height, step, rows


def near(pixel, colour):
    return all(abs(a - b) <= 24 for a, b in zip(pixel, colour))


def main():
    width, height, step, rows = pixels(open(sys.argv[1], "rb").read())
    background = tuple(rows[0][0:3])
    differing, blue, orange = 0, 0, 0
    for row in rows:
        for x in range(0, width * step, step):
            pixel = (row[x], row[x + 1], row[x + 2])
            if pixel != background:
                differing += 1
            if near(pixel, (0x2F, 0x80, 0xED)):
                blue += 1
            elif near(pixel, (0xF2, 0x99, 0x4A)):
                orange += 1
    print(json.dumps({"width": width, "height": height, "differing": differing / (width * height),
                      "chart_blue": blue, "chart_orange": orange}))


if __name__ == "__main__":
    main()
