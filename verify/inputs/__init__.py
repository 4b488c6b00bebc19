"""What comes in: validated input records (records.py), import files in JSON or CSV (files.py),
article documents, bytes or HTML reduced to text (documents.py), and the demo dispatches (demo.py).

`verify.inputs` was one module before it became this package; its names are re-exported here for
one release (new code imports them from `verify.inputs.records`).
"""

from .records import (
    InvalidInput,
    SourceInput,
    StatementInput,
    attribution,
    check_span_within,
    choice,
    flag_value,
    iso_date,
    normalise_space,
    optional_str,
    required_str,
    side,
    source_from_mapping,
    span,
    speaker_kind,
    statement_from_mapping,
    statement_text,
)

__all__ = [
    "InvalidInput",
    "SourceInput",
    "StatementInput",
    "attribution",
    "check_span_within",
    "choice",
    "flag_value",
    "iso_date",
    "normalise_space",
    "optional_str",
    "required_str",
    "side",
    "source_from_mapping",
    "span",
    "speaker_kind",
    "statement_from_mapping",
    "statement_text",
]
