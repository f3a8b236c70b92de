"""The two XLSX bombs of issue 13 at full size, read by the import with its default limits.

    python -m bench.import_bombs

1. "rows": under 1 MB on disk, 230 MB of sheet XML (about 800,000 identical rows);
2. "cell": one shared string of 220 MB (a few hundred kB on disk).

Each bomb is written to a temporary folder, then read in a fresh process (so the building does
not count) by ``read_table``, the import's first step; the child reports the seconds, its peak
resident memory (``ru_maxrss``, the whole Python process with Django loaded) and the Czech
message. Done when each is refused in under 10 s with under 300 MB. The unit tests
(tests/kp_catalogue/test_import_limits.py) show the same refusals on small files and that
nothing is written.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile

import django

SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
              'openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="List1" sheetId="1" r:id="rId1"/></sheets></workbook>')
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="http://schemas.openxmlformats'
    '.org/officeDocument/2006/relationships/worksheet"/>'
    '<Relationship Id="rId2" Target="sharedStrings.xml" Type="http://schemas.openxmlformats.org'
    '/officeDocument/2006/relationships/sharedStrings"/></Relationships>')
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def write_bomb(path, kind):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", RELS)
        if kind == "cell":
            with archive.open("xl/sharedStrings.xml", "w") as shared:
                shared.write(f'<sst xmlns="{MAIN_NS}"><si><t>'.encode())
                block = b"x" * (1024 * 1024)
                for _ in range(220):
                    shared.write(block)
                shared.write(b"</t></si></sst>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(SHEET_HEAD.encode())
            if kind == "rows":
                # Identical rows without references compress about 300:1, as in the report.
                row = ('<row><c t="inlineStr"><is><t>Pečovatelská služba Kelč</t></is></c>'
                       '<c><v>12345678</v></c><c t="inlineStr"><is><t>Charita Kelč, '
                       'poradna pro seniory</t></is></c><c t="inlineStr"><is><t>Senioři | '
                       'Osoby se zdravotním postižením</t></is></c></row>').encode()
                for _ in range(230 * 1024 * 1024 // len(row)):
                    sheet.write(row)
            else:
                sheet.write(b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>')
            sheet.write(b"</sheetData></worksheet>")


def measure(path):
    """In the child: read the file as the import does and report."""
    from kp_catalogue.exchange.importing.reading import FileRejected, read_table

    with open(path, "rb") as handle:
        data = handle.read()
    started = time.perf_counter()
    try:
        read_table(data, os.path.basename(path))
        message = "accepted"
    except FileRejected as error:
        message = str(error)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": round(seconds, 2), "peak_rss_mb": round(peak, 1), "message": message,
            "file_kb": round(len(data) / 1024)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    if args.measure:
        django.setup()
        print(json.dumps(measure(args.measure), ensure_ascii=False))
        return
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for kind in ("rows", "cell"):
            path = os.path.join(folder, f"{kind}.xlsx")
            write_bomb(path, kind)
            with zipfile.ZipFile(path) as archive:
                unpacked = sum(info.file_size for info in archive.infolist())
            child = subprocess.run([sys.executable, "-m", "bench.import_bombs", "--measure", path],
                                   capture_output=True, text=True, check=True)
            results[kind] = {**json.loads(child.stdout.strip().splitlines()[-1]),
                             "unpacked_mb": round(unpacked / 1024 / 1024, 1)}
    print(json.dumps(results, ensure_ascii=False, indent=2))
    ok = all(r["seconds"] < 10 and r["peak_rss_mb"] < 300 and r["message"] != "accepted"
             for r in results.values())
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
