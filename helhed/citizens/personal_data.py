"""Personal data: an extension point where every app declares the models that hold data about a citizen.

Each declaration says how retention treats the rows (delete them, anonymise them, or keep them on a stated legal
basis) and how the insight export shows them. Retention and the export (`audit`) read these declarations and
import no app. An app declares its models once, in its `AppConfig.ready()`:

    declare(PersonalData(JournalNote, citizen_path="citizen", retention=DELETE, order=40))

- `citizen_path`: the lookup from the model to its citizen ("citizen", "plan__citizen", "" for the citizen row).
- `retention`: DELETE (rows and their change history go), ANONYMISE (`anonymise(citizen)` blanks them) or KEEP
  (with `legal_basis`, shown in the retention record's documentation).
- `export(citizen)`: the rows for the JSON export; by default every field but the tenant key.
- `readable(citizen)`: a section {"title", "columns", "rows"} for the HTML and PDF export; by default one column
  per field with the values a person reads. `in_export=False` leaves a model out of the export (with a reason in
  `legal_basis`, e.g. rows that are only derived from others).
- `before_delete(citizen)`: work retention must do first (e.g. remove stored files).
- `order`: the order in the export.

A test (`citizens/tests/test_personal_data.py`) walks every model and fails for any model that reaches `Citizen`
through foreign keys without a declaration.
"""

from dataclasses import dataclass
from typing import Callable

from django.db import models
from django.forms.models import model_to_dict

DELETE, ANONYMISE, KEEP = "delete", "anonymise", "keep"
SKIP_FIELDS = {"id", "municipality", "citizen", "search_name", "file", "supersedes", "extension"}


@dataclass(frozen=True)
class PersonalData:
    model: type[models.Model]
    citizen_path: str
    retention: str
    order: int = 100
    legal_basis: str = ""
    anonymise: Callable | None = None
    before_delete: Callable | None = None
    export: Callable | None = None
    readable: Callable | None = None
    in_export: bool = True
    exclude: tuple = ()
    # Further relations the rows' text reads (a related row whose name shows another's), joined for the HTML export.
    joins: tuple = ()

    @property
    def key(self) -> str:
        return self.model._meta.label_lower

    def rows_of(self, citizen):
        if not self.citizen_path:
            return self.model.objects.filter(pk=citizen.pk)
        return self.model.objects.filter(**{self.citizen_path: citizen})

    def history_of(self, citizen):
        """The change history of the rows (django-simple-history), or None for a model without one."""
        history = getattr(self.model, "history", None)
        if history is None:
            return None
        if not self.citizen_path:
            return history.filter(id=citizen.pk)
        return history.filter(**{self.citizen_path: citizen})  # the history keeps the model's foreign keys

    def export_rows(self, citizen) -> list[dict]:
        if self.export is not None:
            return self.export(citizen)
        exclude = ["municipality", *self.exclude, *[f.name for f in self.model._meta.many_to_many]]
        return [model_to_dict(obj, exclude=exclude) for obj in self.rows_of(citizen)]

    def readable_section(self, citizen) -> dict:
        if self.readable is not None:
            return self.readable(citizen)
        fields = [f for f in self.model._meta.concrete_fields if f.name not in SKIP_FIELDS | set(self.exclude)]
        related = [f.name for f in fields if f.is_relation]
        # A staff member is shown by name, which lives on their user: join it too, or every row costs a query.
        related += [f"{f.name}__user" for f in fields if f.is_relation and _has_user(f.related_model)]
        related += list(self.joins)
        return {
            "title": self.model._meta.verbose_name_plural,
            "columns": [f.verbose_name for f in fields],
            "rows": [[display(obj, f) for f in fields] for obj in self.rows_of(citizen).select_related(*related)],
        }


def _has_user(model) -> bool:
    try:
        return model._meta.get_field("user").is_relation
    except Exception:  # FieldDoesNotExist
        return False


def display(obj, field):
    if field.choices:
        return getattr(obj, f"get_{field.name}_display")()
    value = getattr(obj, field.name)
    if field.is_relation:
        return str(value) if value is not None else ""
    return value


_DECLARATIONS: dict[str, PersonalData] = {}


def declare(declaration: PersonalData) -> None:
    if declaration.retention not in (DELETE, ANONYMISE, KEEP):
        raise ValueError(f"Unknown retention {declaration.retention!r} for {declaration.key}")
    if declaration.retention == KEEP and not declaration.legal_basis:
        raise ValueError(f"{declaration.key} is kept after retention: state the legal basis")
    if declaration.retention == ANONYMISE and declaration.anonymise is None:
        raise ValueError(f"{declaration.key} is anonymised: give the function that does it")
    if not declaration.in_export and not declaration.legal_basis:
        raise ValueError(f"{declaration.key} is left out of the insight export: say why in legal_basis")
    _DECLARATIONS[declaration.key] = declaration


def declarations() -> list[PersonalData]:
    """Every declaration, in export order."""
    return sorted(_DECLARATIONS.values(), key=lambda d: (d.order, d.key))


def declaration_for(model) -> PersonalData | None:
    return _DECLARATIONS.get(model._meta.label_lower)
