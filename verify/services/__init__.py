"""Use cases of the desk over a Session and an Embedder.

Functions here add, change and read; they flush but never commit: the caller (a view, a CLI
command, a script) commits once, so each request or command is one transaction.
"""

from .actions import flag_group, merge_groups, move_statement, set_side, split_group
from .groups import (
    GroupDetail,
    RegroupReport,
    count_groups,
    group_detail,
    list_groups,
    reembed,
    regroup,
)
from .history import NotFound, get_group, get_statement
from .statements import (
    AddReport,
    add_source,
    add_statement,
    add_statements,
    delete_statement,
    find_speaker,
    import_batch,
    place,
    resolve_speaker,
    update_statement,
)

__all__ = [
    "AddReport",
    "GroupDetail",
    "NotFound",
    "RegroupReport",
    "add_source",
    "add_statement",
    "add_statements",
    "count_groups",
    "delete_statement",
    "find_speaker",
    "flag_group",
    "get_group",
    "get_statement",
    "group_detail",
    "import_batch",
    "list_groups",
    "merge_groups",
    "move_statement",
    "place",
    "reembed",
    "regroup",
    "resolve_speaker",
    "set_side",
    "split_group",
    "update_statement",
]
