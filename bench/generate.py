"""Fill a fresh database for the benchmark and print what the scenarios need, as JSON.

Run by bench/run.py in a subprocess with DJANGO_SETTINGS_MODULE=bench.settings:
    python -m bench.generate --services 2000
"""

import argparse
import json
import os
import sys

import django


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--services", type=int, default=2000)
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo", force=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
    context = {"services": args.services}
    json.dump(context, sys.stdout)


if __name__ == "__main__":
    main()
