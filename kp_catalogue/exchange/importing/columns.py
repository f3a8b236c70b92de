"""Columns of the catalogue spreadsheets: how a cell is read, compared and written back.

Headings are Czech and fixed: they are a file format that editors, other towns and our own
export share, so they are not translated with the interface. Several values in one cell are
separated by `` | `` (names of target groups contain commas). Forms of provision use the compact
form ``pobytová: 32 lůžka, nepřetržitě | terénní: 10 klienti`` (form, then optionally the
registered capacity with its unit, then optionally "nepřetržitě" for non-stop provision).
"""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from kp_catalogue.exchange.formulas import FORMULA_PREFIXES, escape_formula
from kp_catalogue.models import CapacityUnit, ServiceForm
from kp_catalogue.search.text import normalise

SEPARATOR = " | "
NON_STOP_WORDS = {"nepretrzite", "non-stop", "nonstop"}
TRUE_WORDS = {"ano", "a", "1", "true", "yes", "y", "x", "pravda"}
FALSE_WORDS = {"ne", "n", "0", "false", "no", "", "nepravda"}
# A cell that starts with these is run by a spreadsheet even though it looks like text.
FORMULA_STARTS = ("=", "@", "\uff1d", "\uff20")
# "+cmd|' /C calc'!A0" or "-2+3+cmd|..." (dynamic data exchange); "+420 571 …" stays a phone.
DDE_PATTERN = re.compile(r"^[+\-\uff0b\uff0d](?:[^\d\s(]|.*[+\-*/^&][A-Za-z]+\|)")


class CellError(Exception):
    pass


def check_formula(text):
    """A spreadsheet formula in an uploaded cell is refused; our own export writes such text
    with a leading apostrophe, which is removed here."""
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    if text.startswith(FORMULA_STARTS) or DDE_PATTERN.search(text):
        raise CellError(_("the cell contains a spreadsheet formula; write it as plain text "
                          "or start it with an apostrophe"))
    return text


def split_values(text):
    return [part.strip() for part in text.split("|") if part.strip()]


def validation_message(error):
    return " ".join(str(message) for message in error.messages)


class TermLookup:
    """Code-list items by code or by name (case and diacritics ignored), loaded once."""

    def __init__(self, model):
        self.model = model
        self.by_code = {}
        self.by_name = {}
        for item in model.objects.all():
            self.by_code[item.code] = item
            key = normalise(item.name)
            self.by_name[key] = None if key in self.by_name else item  # None: ambiguous

    def find(self, text):
        if text in self.by_code:
            return self.by_code[text]
        item = self.by_name.get(normalise(text), False)
        if item is None:
            raise CellError(_("“%(value)s” matches more than one item; use its code")
                            % {"value": text})
        if item is False:
            raise CellError(_("unknown %(kind)s “%(value)s”")
                            % {"kind": self.model._meta.verbose_name, "value": text})
        return item


class Column:
    """A scalar model field: cleaned with the field's own validators."""

    def __init__(self, heading, attr, required=False):
        self.heading, self.attr, self.required = heading, attr, required

    def parse(self, text, context):
        field = context.model._meta.get_field(self.attr)
        try:
            return field.clean(text, None)
        except ValidationError as error:
            raise CellError(validation_message(error)) from error

    def current(self, obj):
        return getattr(obj, self.attr)

    def key(self, value):
        return value

    def export(self, obj):
        return self.current(obj)


class IdColumn(Column):
    def parse(self, text, context):
        if not text:
            return None
        # isdigit() also accepts digits int() refuses ("²"), and int() refuses very long
        # numbers with a ValueError: both must stay a cell error.
        if not (text.isascii() and text.isdigit()) or len(text) > 18:
            raise CellError(_("the ID must be a whole number"))
        return int(text)


class BooleanColumn(Column):
    def parse(self, text, context):
        word = normalise(text)
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise CellError(_("write “ano” or “ne”"))

    def export(self, obj):
        return "ano" if self.current(obj) else "ne"


class DateColumn(Column):
    def parse(self, text, context):
        if not text:
            return None
        for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d. %m. %Y"):
            try:
                return dt.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        raise CellError(_("write the date as 31.12.2026 or 2026-12-31"))

    def export(self, obj):
        value = self.current(obj)
        return value.isoformat() if value else ""


class ChoiceColumn(Column):
    """A choice written as its Czech label (or the stored value)."""

    def choices(self, context):
        cache = context.__dict__.setdefault("_choice_names", {})
        if self.attr not in cache:
            cache[self.attr] = self.load_choices(context)
        return cache[self.attr]

    def load_choices(self, context):
        field = context.model._meta.get_field(self.attr)
        names = {}
        for language in ("cs", "en"):
            with translation.override(language):
                for value, label in field.choices:
                    names[normalise(str(label))] = value
                    names[normalise(value)] = value
        return names

    def parse(self, text, context):
        if not text:
            return context.model._meta.get_field(self.attr).get_default()
        value = self.choices(context).get(normalise(text))
        if value is None:
            raise CellError(_("unknown value “%(value)s”") % {"value": text})
        return value

    def export(self, obj):
        return getattr(obj, f"get_{self.attr}_display")()


class TermColumn(Column):
    """A foreign key to a code list."""

    def __init__(self, heading, attr, model, required=False):
        super().__init__(heading, attr, required)
        self.model = model

    def parse(self, text, context):
        if not text:
            if self.required:
                raise CellError(_("this column must be filled in"))
            return None
        return context.terms(self.model).find(text)

    def key(self, value):
        return value.pk if value else None

    def export(self, obj):
        value = self.current(obj)
        return value.name if value else ""


class TermsColumn(TermColumn):
    """A many-to-many relation to a code list."""

    def parse(self, text, context):
        lookup = context.terms(self.model)
        items = []
        for part in split_values(text):
            item = lookup.find(part)
            if item not in items:
                items.append(item)
        return items

    def current(self, obj):
        return list(getattr(obj, self.attr).all())

    def key(self, value):
        return frozenset(item.pk for item in value)

    def export(self, obj):
        return SEPARATOR.join(item.name for item in self.current(obj))


class TagsColumn(Column):
    def parse(self, text, context):
        names = []
        for name in split_values(text):
            if len(name) > 100:
                raise CellError(_("a tag may have at most 100 characters"))
            if name not in names:
                names.append(name)
        return names

    def current(self, obj):
        return [tag.name for tag in obj.tags.all()]

    def key(self, value):
        return frozenset(value)

    def export(self, obj):
        return SEPARATOR.join(sorted(self.current(obj)))


PROVISION_CAPACITY = re.compile(r"^(\d+)\s*(.*)$")


class ProvisionsColumn(Column):
    """Forms of provision with registered capacity; free places are local data, kept apart."""

    def parse(self, text, context):
        provisions = []
        for part in split_values(text):
            form_text, _colon, rest = part.partition(":")
            form = context.terms(ServiceForm).find(form_text.strip())
            maximum, unit, non_stop = None, None, False
            for piece in (piece.strip() for piece in rest.split(",")):
                if not piece:
                    continue
                if normalise(piece) in NON_STOP_WORDS:
                    non_stop = True
                    continue
                match = PROVISION_CAPACITY.match(piece)
                if not match:
                    raise CellError(_("“%(value)s” is not a capacity such as “32 lůžka”")
                                    % {"value": piece})
                maximum = int(match.group(1))
                if not match.group(2):
                    raise CellError(_("give the unit of the capacity %(value)s")
                                    % {"value": piece})
                unit = context.terms(CapacityUnit).find(match.group(2).strip())
            provisions.append((form, non_stop, unit, maximum))
        return provisions

    def current(self, obj):
        return [(p.form, p.non_stop, p.unit, p.maximum) for p in obj.provisions.all()]

    def key(self, value):
        return tuple((form.pk, non_stop, unit.pk if unit else None, maximum)
                     for form, non_stop, unit, maximum in value)

    def export(self, obj):
        parts = []
        for form, non_stop, unit, maximum in self.current(obj):
            details = []
            if maximum is not None:
                details.append(f"{maximum} {unit.name if unit else ''}".strip())
            if non_stop:
                details.append("nepřetržitě")
            parts.append(f"{form.name}: {', '.join(details)}" if details else form.name)
        return SEPARATOR.join(parts)


def export_cell(column, obj):
    value = column.export(obj)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ano" if value else "ne"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return escape_formula(str(value))
