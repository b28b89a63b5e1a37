"""The CKAN Action API (/api/3/action/<name> and /api/action/<name>), so ckanapi, CKAN's
harvester and the Tokyo catalog work unchanged.

Envelope: {"help": …, "success": true, "result": …}; errors {"success": false, "error":
{"__type": "Not Found Error", "message": …}} with the matching HTTP status. Write actions need a
staff API token in the Authorization (or X-CKAN-API-Key) header, and each runs in one transaction.

Laid out like CKAN's `logic/action/`: `get` (read actions), `create`, `update`, `delete` (write
actions, sharing `write`), `common` (errors, parameters, lookups, the registry `ACTIONS`) and
`endpoint` (the view); `showcase` holds ckanext-showcase's read actions. The dicts the actions answer with are `opendata.dictize`.
"""

from ..dictize import (
    group_dict,
    group_id,
    org_id,
    organization_dict,
    package_dict,
    resource_dict,
    with_base,
)
from .common import (
    ACTIONS,
    MAX_ROWS,
    WRITE_ACTIONS,
    ActionError,
    Invalid,
    NotAuthorized,
    NotFound,
    SearchError,
)
from .create import package_create, resource_create
from .delete import package_delete, resource_delete
from .endpoint import action
from .get import (
    current_package_list_with_resources,
    datastore_info,
    datastore_search,
    datastore_search_sql,
    group_list,
    group_show,
    help_show,
    license_list,
    organization_list,
    organization_show,
    package_list,
    package_search,
    package_show,
    resource_search,
    resource_show,
    site_read,
    status_show,
    tag_list,
)
from .showcase import (
    ckanext_package_showcase_list,
    ckanext_showcase_list,
    ckanext_showcase_package_list,
    ckanext_showcase_show,
)
from .update import package_patch, package_update, resource_update

__all__ = [
    "ACTIONS",
    "WRITE_ACTIONS",
    "MAX_ROWS",
    "action",
    "ActionError",
    "Invalid",
    "NotAuthorized",
    "NotFound",
    "SearchError",
    "group_dict",
    "group_id",
    "org_id",
    "organization_dict",
    "package_dict",
    "resource_dict",
    "with_base",
    "package_list",
    "current_package_list_with_resources",
    "package_search",
    "package_show",
    "resource_show",
    "resource_search",
    "organization_list",
    "organization_show",
    "group_list",
    "group_show",
    "tag_list",
    "license_list",
    "status_show",
    "help_show",
    "site_read",
    "datastore_search",
    "datastore_search_sql",
    "datastore_info",
    "package_create",
    "package_update",
    "package_patch",
    "package_delete",
    "resource_create",
    "resource_update",
    "resource_delete",
    "ckanext_showcase_list",
    "ckanext_showcase_show",
    "ckanext_package_showcase_list",
    "ckanext_showcase_package_list",
]
