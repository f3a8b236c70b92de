"""The generic part of an import: read each row, find the object it describes, tell what would
happen (new / update / unchanged / error) without writing. Subclasses say how to write."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kp_catalogue.exchange.importing.columns import CellError, TermLookup, check_formula

NEW, UPDATE, UNCHANGED, ERROR = "new", "update", "unchanged", "error"
ACTION_LABELS = {
    NEW: gettext_lazy("new"), UPDATE: gettext_lazy("update"),
    UNCHANGED: gettext_lazy("unchanged"), ERROR: gettext_lazy("error"),
}


def refuse_unsafe_update(result, service, user, pending_changes=True):
    """Turn ``result`` into an error when writing it would take a service out of someone's
    hands: a service locked by another user, or (``pending_changes``) an update of a service
    with changes not yet published (a provider's draft, or an edit waiting for approval).
    The sheet publishes a revision of the live data, so that draft would vanish from its
    author's edit form, and approving it later would quietly undo the sheet's values."""
    if service is None:
        return result
    if service.locked and user and service.locked_by_id != user.pk:
        result.errors.append(_("The service is locked by %(user)s.")
                             % {"user": service.locked_by})
        result.action = ERROR
    elif pending_changes and result.action == UPDATE and service.has_unpublished_changes:
        result.errors.append(_("The service has changes that are not published yet (a draft "
                               "or an edit waiting for approval). Publish or reject them in "
                               "the administration first, then import the row again."))
        result.action = ERROR
    return result


@dataclass
class RowResult:
    line: int
    action: str
    label: str = ""
    errors: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    values: dict = field(default_factory=dict)
    existing: object = None

    @property
    def action_label(self):
        return ACTION_LABELS[self.action]


@dataclass
class ImportPlan:
    kind: str
    rows: list = field(default_factory=list)
    file_errors: list = field(default_factory=list)
    headings: list = field(default_factory=list)
    # Register sync only: identifiers no longer in the file, and whether the count jumped.
    missing: list = field(default_factory=list)
    sharp_change: bool = False

    @property
    def counts(self):
        counts = {NEW: 0, UPDATE: 0, UNCHANGED: 0, ERROR: 0}
        for row in self.rows:
            counts[row.action] += 1
        return counts

    @property
    def has_errors(self):
        return bool(self.file_errors) or any(row.action == ERROR for row in self.rows)

    @property
    def changes(self):
        return [row for row in self.rows if row.action in (NEW, UPDATE)]


class Importer:
    kind = ""
    model = None
    columns = ()
    # Columns that find the object but are not written to it.
    match_only = ()

    def __init__(self):
        self._terms = {}
        self.by_heading = {column.heading: column for column in self.columns}

    def terms(self, model):
        if model not in self._terms:
            self._terms[model] = TermLookup(model)
        return self._terms[model]

    # -- to be provided by subclasses --------------------------------------------------------
    def load_existing(self):
        raise NotImplementedError

    def match(self, values):
        """The existing object the row describes, or None for a new one."""
        raise NotImplementedError

    def identity_keys(self, values):
        """(description, key) pairs that must be unique within one file."""
        return []

    def label(self, values, existing):
        return values.get("name") or (str(existing) if existing else "")

    def write(self, plan, user, source):
        raise NotImplementedError

    # -- the shared reading ------------------------------------------------------------------
    def plan(self, headings, rows, progress=None):
        plan = ImportPlan(kind=self.kind, headings=headings)
        unknown = [heading for heading in headings if heading and heading not in self.by_heading]
        if unknown:
            plan.file_errors.append(_("Unknown columns: %(columns)s. Allowed columns: %(allowed)s.")
                                    % {"columns": ", ".join(unknown),
                                       "allowed": ", ".join(self.by_heading)})
        missing = [column.heading for column in self.columns
                   if column.required and column.heading not in headings]
        if missing:
            plan.file_errors.append(_("Missing required columns: %(columns)s.")
                                    % {"columns": ", ".join(missing)})
        if plan.file_errors:
            return plan
        present = [column for column in self.columns if column.heading in headings]
        self.load_existing()
        seen = {}
        for number, row in enumerate(rows, start=1):
            plan.rows.append(self.plan_row(row, present, seen))
            if progress and (number % 500 == 0 or number == len(rows)):
                progress(number, len(rows))
        return plan

    def plan_row(self, row, present, seen):
        result = RowResult(line=row["__line__"], action=ERROR)
        for column in present:
            try:
                text = check_formula(row.get(column.heading, ""))
                if column.required and not text:
                    raise CellError(_("this column must be filled in"))
                result.values[column.attr] = column.parse(text, self)
            except CellError as error:
                result.errors.append(f"{column.heading}: {error}")
        if result.errors:
            result.label = row.get(self.columns[1].heading, "")
            return result
        try:
            result.existing = self.match(result.values)
        except CellError as error:
            result.errors.append(str(error))
        result.label = self.label(result.values, result.existing)
        for description, key in self.identity_keys(result.values):
            if key in seen:
                result.errors.append(_("%(what)s repeats line %(line)s of the file.")
                                     % {"what": description, "line": seen[key]})
            else:
                seen[key] = result.line
        if result.errors:
            return result
        return self.compare(result, present)

    def compare(self, result, columns):
        """Set the row's action from the columns whose value differs from the stored one."""
        if result.existing is None:
            result.action = NEW
            return result
        for column in columns:
            if column.attr in self.match_only:
                continue
            if column.key(result.values[column.attr]) != column.key(column.current(result.existing)):
                result.changed.append(column.heading)
        result.action = UPDATE if result.changed else UNCHANGED
        return result

    def run(self, headings, rows, user=None, source="", dry_run=False, progress=None):
        """Plan, and unless it is a dry run or a row failed, write everything in one go."""
        plan = self.plan(headings, rows, progress)
        if not dry_run and not plan.has_errors and plan.changes:
            self.write(plan, user, source)
        return plan
