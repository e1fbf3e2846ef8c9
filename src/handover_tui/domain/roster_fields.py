"""One record of a roster file as the text of client fields, with its problems and
warnings: what ``domain.roster_csv`` hands the service for ``clean_client``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from handover_tui.domain.crm_values import crm_stage, iso_date, plain_amount
from handover_tui.domain.csv_text import shown
from handover_tui.domain.vocab import ClientStatus, LifecycleStage

# The key under which ``roster_csv.read_rows`` notes cells beyond the header's width,
# and the one under which :func:`client_fields` reports a problem with the row as a whole.
SURPLUS = "_surplus"
ROW = "row"

DATE_FIELDS = ("renewal_date", "relationship_start")
# Fields folded into the overview, as "Label: value" lines.
OVERVIEW_LINES = (("phone", "Phone"), ("website", "Website"))
# Fields handed to the service separately, or folded into the overview.
NOT_CLIENT_FIELDS = ("owner", "phone", "website", "city", "country", SURPLUS)


@dataclass
class RowFields:
    """One record as :func:`client_fields` reads it."""

    fields: dict[str, str]
    """The client fields as text, for ``clean_client``."""
    owner: str = ""
    problems: dict[str, str] = field(default_factory=dict)
    """{field: why the row cannot be imported}; :data:`ROW` for the row as a whole."""
    warnings: dict[str, str] = field(default_factory=dict)
    """{field: what was done with a value that is not ours}; the row is imported."""


def _vocabulary_cell(row: RowFields) -> None:
    """Lifecycle stage and status cells: HubSpot's stages become ours; a value that is
    neither is a warning, left at the default and kept as a tag so nothing is lost."""
    tags: list[str] = []
    if "lifecycle_stage" in row.fields:
        text = row.fields["lifecycle_stage"]
        stage, tag, known = crm_stage(text)
        row.fields["lifecycle_stage"] = stage
        if tag:
            tags.append(tag)
        if not known:
            row.warnings["lifecycle_stage"] = (
                f"'{shown(text)}' is not one of {_labels(LifecycleStage)}: left as "
                f"{LifecycleStage.ONBOARDING.label}, kept as the tag '{shown(tag)}'."
            )
    text = row.fields.get("status", "").strip()
    if text:
        try:
            row.fields["status"] = ClientStatus.parse(text).value
        except ValueError:
            del row.fields["status"]
            tag = " ".join(text.split()).lower()
            tags.append(tag)
            row.warnings["status"] = (
                f"'{shown(text)}' is not one of {_labels(ClientStatus)}: left as "
                f"{ClientStatus.ACTIVE.label}, kept as the tag '{shown(tag)}'."
            )
    if tags:
        row.fields["tags"] = ",".join(
            part for part in (row.fields.get("tags", ""), *tags) if part.strip()
        )


def _labels(kind: type[LifecycleStage] | type[ClientStatus]) -> str:
    return ", ".join(member.label for member in kind)


def client_fields(values: Mapping[str, str], *, decimal_comma: bool = False) -> RowFields:
    """One record as client fields, owner name, problems and warnings (see
    :class:`RowFields`).

    Dates become ISO, the amount a plain decimal (see :func:`iso_date` and
    :func:`plain_amount`); a currency written with the amount fills an empty currency cell.
    A lifecycle stage or status that is not ours is a warning, not a problem (see
    :func:`_vocabulary_cell`). ``phone`` and ``website`` cells are appended to the
    overview as ``Phone: …`` and ``Website: …`` lines, ``city`` and ``country`` as one
    ``Location: …`` line. A field with a problem is left out of the client fields, so
    the validation rules can still judge the rest of the row.
    """
    row = RowFields(
        {key: value for key, value in values.items() if key not in NOT_CLIENT_FIELDS},
        values.get("owner", ""),
    )
    fields, problems = row.fields, row.problems
    if SURPLUS in values:
        problems[ROW] = (
            f"{values[SURPLUS]}: quote cells that contain the delimiter, "
            "such as amounts written with a thousands separator."
        )
    for name in DATE_FIELDS:
        if name in fields:
            try:
                fields[name] = iso_date(fields[name])
            except ValueError as error:
                problems[name] = str(error)
                del fields[name]
    if "annual_value" in fields:
        amount, code = plain_amount(fields["annual_value"], decimal_comma=decimal_comma)
        fields["annual_value"] = amount
        stated = fields.get("currency", "").strip().upper()
        if code and not stated:
            fields["currency"] = code
        elif code and stated != code:
            problems["currency"] = f"the amount is in {code} but the currency cell says {stated}."
            del fields["currency"]
    _vocabulary_cell(row)
    extras = [f"{label}: {values[key]}" for key, label in OVERVIEW_LINES if values.get(key)]
    place = ", ".join(values[key] for key in ("city", "country") if values.get(key))
    if place:
        extras.append(f"Location: {place}")
    if extras:
        fields["overview"] = "\n\n".join(
            part for part in (fields.get("overview", ""), "\n".join(extras)) if part
        )
    return row


__all__ = ["ROW", "SURPLUS", "RowFields", "client_fields"]
