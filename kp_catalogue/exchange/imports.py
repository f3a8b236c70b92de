"""One entry point for every import, from the admin, the commands and the benchmark: a
spreadsheet of services, their places or providers, or the national register's JSON."""

from kp_catalogue.exchange.importing.engine import ImportPlan
from kp_catalogue.exchange.importing.locations import LocationImporter
from kp_catalogue.exchange.importing.providers import ProviderImporter
from kp_catalogue.exchange.importing.reading import FileRejected, read_table
from kp_catalogue.exchange.importing.services import ServiceImporter
from kp_catalogue.exchange.register import sync_register


def importer_for(kind):
    return {"services": ServiceImporter, "providers": ProviderImporter,
            "locations": LocationImporter}[kind]()


def import_file(kind, data, filename, user=None, dry_run=False, progress=None, force=False):
    """Read, plan and (unless dry) write a file; a file that cannot be read gives a plan with
    only ``file_errors``. ``kind`` "register" is the register's JSON (see ``register``)."""

    if kind == "register":
        return sync_register(data, user=user, dry_run=dry_run, force=force, source=filename)

    try:
        headings, rows, _info = read_table(data, filename)
    except FileRejected as error:
        return ImportPlan(kind=kind, file_errors=[str(error)])
    return importer_for(kind).run(headings, rows, user=user, source=filename, dry_run=dry_run,
                                  progress=progress)
