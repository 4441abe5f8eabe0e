"""More editable tables (sites, inventory, sourcing links, lines, alternatives) and their forms.

No Qt. The tables live in services.tables_network and services.tables_alternatives, the forms
in services.tables_forms; this module gathers them. Importing it registers the builders in
tables.TABLE_BUILDERS, so `table_rows(db, entity, keys)` serves them.
"""

from __future__ import annotations

from rePlanner.services.tables import TABLE_BUILDERS, TableBuilder
from rePlanner.services.tables_alternatives import ALTERNATIVE_COLUMNS, alternatives_table
from rePlanner.services.tables_forms import (
    ENTITY_COLUMNS,
    FieldKind,
    FormField,
    form_fields,
    reference_choices,
)
from rePlanner.services.tables_network import (
    LINE_COLUMNS,
    LINK_COLUMNS,
    NODE_COLUMNS,
    SITE_COLUMNS,
    item_label,
    node_labels,
    production_lines_table,
    site_label,
    sites_table,
    sourcing_links_table,
    supply_nodes_table,
)

__all__ = [
    "ALTERNATIVE_COLUMNS", "ENTITY_COLUMNS", "LINE_COLUMNS", "LINK_COLUMNS",
    "MORE_TABLE_BUILDERS", "NODE_COLUMNS", "SITE_COLUMNS", "FieldKind", "FormField",
    "alternatives_table", "form_fields", "item_label", "node_labels", "production_lines_table",
    "reference_choices", "site_label", "sites_table", "sourcing_links_table",
    "supply_nodes_table",
]  # fmt: skip

MORE_TABLE_BUILDERS: dict[str, TableBuilder] = {
    "site": sites_table,
    "supply node": supply_nodes_table,
    "sourcing link": sourcing_links_table,
    "production line": production_lines_table,
    "alternative source": alternatives_table,
}
TABLE_BUILDERS.update(MORE_TABLE_BUILDERS)
