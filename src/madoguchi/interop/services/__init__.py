"""Domain operations of the interop app (外部連携): the only module other apps call.

portal    what the national portal (ぴったりサービス) delivers: the intake adapters
intake    the archive importer, the editable field mapping, the review list
exchange  the resident registry's standard-layout files (住民記録): import, export, sync and
          the conflict report (nothing reaches a Person without staff confirmation)
adapter   the "exchange" adapter of core.residents (registered when the app is ready)
"""

from .exchange import (
    LAYOUTS,
    LayoutError,
    apply_conflict,
    dismiss_conflict,
    export_layout,
    import_file,
    open_conflicts,
    recent_files,
    registry_inbox,
    sync,
)
from .intake import (
    import_archive,
    import_inbox,
    mapping_rows,
    portal_inbox,
    process_submission,
    resolve_review_item,
    retry_submission,
    review_items_for,
    seed_mappings,
    set_mapping,
)
from .portal import ArchiveError, IntakeAdapter, PortalApplication, PortalFile, intake_adapters

__all__ = [
    "LAYOUTS",
    "ArchiveError",
    "IntakeAdapter",
    "LayoutError",
    "PortalApplication",
    "PortalFile",
    "apply_conflict",
    "dismiss_conflict",
    "export_layout",
    "import_archive",
    "import_file",
    "import_inbox",
    "intake_adapters",
    "mapping_rows",
    "open_conflicts",
    "portal_inbox",
    "process_submission",
    "recent_files",
    "registry_inbox",
    "resolve_review_item",
    "retry_submission",
    "review_items_for",
    "seed_mappings",
    "set_mapping",
    "sync",
]
