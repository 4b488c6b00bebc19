"""Use cases of the desk over a Session and an Embedder.

Functions here add, change and read; they flush but never commit: the caller (a view, a CLI
command, a script) commits once, so each request or command is one transaction.
"""

from .actions import (
    flag_claim,
    flag_group,
    get_claim,
    merge_claims,
    merge_groups,
    move_statement,
    move_to_claim,
    set_side,
    split_claim,
    split_group,
)
from .articles import IngestReport, confirm_source, confirm_statement, ingest_article
from .detail import ClaimDetail, GroupDetail, group_detail
from .groups import (
    GroupCounts,
    RegroupReport,
    count_groups,
    count_members,
    list_groups,
    reembed,
    regroup,
)
from .lookups import NotFound, get_group, get_statement
from .speakers import (
    SpeakerSummary,
    add_alias,
    get_speaker,
    list_speakers,
    merge_speakers,
    remove_alias,
    split_speaker,
)
from .statements import (
    AddReport,
    add_source,
    add_statement,
    add_statements,
    check_import,
    confirm_statements,
    delete_statement,
    find_speaker,
    import_batch,
    place,
    resolve_speaker,
    store_sources,
    update_statement,
)

__all__ = [
    "AddReport",
    "GroupCounts",
    "ClaimDetail",
    "GroupDetail",
    "IngestReport",
    "NotFound",
    "RegroupReport",
    "SpeakerSummary",
    "add_alias",
    "add_source",
    "add_statement",
    "add_statements",
    "confirm_source",
    "confirm_statement",
    "confirm_statements",
    "count_groups",
    "count_members",
    "delete_statement",
    "find_speaker",
    "flag_claim",
    "flag_group",
    "get_claim",
    "get_group",
    "get_speaker",
    "get_statement",
    "group_detail",
    "check_import",
    "import_batch",
    "store_sources",
    "ingest_article",
    "list_groups",
    "list_speakers",
    "merge_claims",
    "merge_groups",
    "merge_speakers",
    "move_statement",
    "move_to_claim",
    "place",
    "reembed",
    "regroup",
    "remove_alias",
    "resolve_speaker",
    "set_side",
    "split_claim",
    "split_group",
    "split_speaker",
    "update_statement",
]
