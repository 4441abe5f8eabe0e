"""Header names of every BOM field in English, German, French, Spanish, Chinese and Japanese.

Each synonym has a weight: 1.0 for names that only ever mean that field, less for names that are
also used for something else (an "Item" column is a part number in some ERPs, a position in SAP).
Labels are compared after text.normalize_label, so case, accents, punctuation and the spellings of
"No."/"Nr."/"#" do not matter here.
"""

from __future__ import annotations

from rePlanner.domain.imports import BomField
from rePlanner.io.bom.text import normalize_label

_RAW: dict[BomField, dict[str, float]] = {
    BomField.PART_NUMBER: {
        "part number": 1, "part no": 1, "part #": 1, "p/n": 1, "pn": 1, "part": 0.85,
        "part id": 0.9, "part code": 0.9, "item": 0.75, "material": 0.85,
        "material number": 1, "item code": 0.85, "component": 0.8, "component number": 1,
        "article number": 0.95, "article": 0.8, "sku": 0.8, "drawing number": 0.75,
        "Sachnummer": 1, "Sach-Nr.": 1, "Teilenummer": 1, "Teile-Nr.": 1, "Materialnummer": 1,
        "Material-Nr.": 1, "Artikelnummer": 0.95, "Art.-Nr.": 0.9, "Komponente": 0.8,
        "Zeichnungsnummer": 0.75, "Bauteilnummer": 1,
        "référence": 1, "réf.": 0.9, "n° de pièce": 1, "numéro de pièce": 1, "réf. article": 1,
        "code article": 0.9, "numéro d'article": 0.95,
        "número de pieza": 1, "n° de pieza": 1, "referencia": 1, "número de parte": 1,
        "código": 0.75, "código de pieza": 1, "ref.": 0.85,
        "零件号": 1, "零件编号": 1, "零件号码": 1, "物料编码": 1, "物料号": 1, "物料代码": 1,
        "料号": 1, "图号": 0.75, "零部件号": 1,
        "品番": 1, "部品番号": 1, "品目コード": 1, "品目番号": 1, "部品コード": 1,
    },
    BomField.QUANTITY: {
        "quantity": 1, "qty": 1, "quantity per": 1, "qty per": 1, "qty per assembly": 1,
        "quantity per assembly": 1, "count": 0.7,
        "Menge": 1, "Anzahl": 1, "Stückzahl": 0.95, "Anz.": 0.9, "Menge je": 1,
        "Komponentenmenge": 1,
        "qté": 1, "quantité": 1, "qte": 1, "nombre": 0.7,
        "cantidad": 1, "cant.": 0.9, "cant": 0.9,
        "数量": 1, "用量": 1, "单机用量": 1, "员数": 1,
        "員数": 1, "所要数": 0.9, "個数": 0.9,
    },
    BomField.LEVEL: {
        "level": 1, "lvl": 1, "lev": 0.9, "bom level": 1, "indent level": 1, "depth": 0.8,
        "Stufe": 1, "Ebene": 1, "Stl-Stufe": 1, "Stücklistenstufe": 1, "Strukturstufe": 1,
        "niveau": 1, "nivel": 1,
        "层级": 1, "层次": 1, "级别": 0.9, "阶层": 1, "层": 0.8,
        "階層": 1, "レベル": 1, "階層レベル": 1,
    },
    BomField.DESCRIPTION: {
        "description": 1, "desc": 0.9, "part description": 1, "part name": 1, "name": 0.8,
        "item description": 1, "material description": 1, "designation": 1, "title": 0.6,
        "Benennung": 1, "Bezeichnung": 1, "Beschreibung": 1, "Materialkurztext": 1,
        "Kurztext": 0.9, "Objektkurztext": 0.9, "Teilebenennung": 1,
        "désignation": 1, "libellé": 1, "nom": 0.8,
        "descripción": 1, "denominación": 1, "nombre": 0.8,
        "名称": 1, "描述": 1, "品名": 1, "零件名称": 1, "物料名称": 1, "物料描述": 1,
        "部品名": 1, "品目名": 1, "部品名称": 1,
    },
    BomField.SUPPLIER: {
        "supplier": 1, "vendor": 1, "supplier name": 1, "vendor name": 1, "manufacturer": 0.7,
        "source": 0.6,
        "Lieferant": 1, "Kreditor": 0.8, "Hersteller": 0.7, "Lieferantenname": 1,
        "fournisseur": 1, "fabricant": 0.7,
        "proveedor": 1, "fabricante": 0.7,
        "供应商": 1, "供方": 0.9, "厂商": 0.8, "供应商名称": 1,
        "仕入先": 1, "サプライヤー": 1, "メーカー": 0.7, "購入先": 1, "取引先": 0.8,
    },
    BomField.UNIT: {
        "unit": 1, "uom": 1, "u/m": 1, "unit of measure": 1, "units": 0.9,
        "ME": 1, "Einheit": 1, "Mengeneinheit": 1, "Basismengeneinheit": 1, "BME": 0.9,
        "unité": 1, "unité de mesure": 1, "unidad": 1, "unidad de medida": 1, "UdM": 1,
        "单位": 1, "计量单位": 1, "単位": 1,
    },
    BomField.PARENT: {
        "parent": 1, "parent part": 1, "parent part number": 1, "parent no": 1, "parent pn": 1,
        "parent item": 1, "assembly": 0.75, "next assembly": 1, "used on": 0.85,
        "übergeordnet": 1, "übergeordnete Sachnummer": 1, "übergeordnetes Teil": 1,
        "Baugruppe": 0.75, "Oberteil": 0.8,
        "parent (pièce)": 1, "article parent": 1, "pièce parente": 1, "ensemble": 0.7,
        "padre": 0.9, "pieza padre": 1, "conjunto": 0.7,
        "父项": 1, "父项编码": 1, "父件": 1, "父级": 1, "上级物料": 1, "上层件": 0.9,
        "親品番": 1, "親部品": 1, "親品目": 1,
    },
    BomField.POSITION: {
        "position": 1, "pos": 1, "pos.": 1, "item no": 1, "item number": 0.8, "line": 0.8,
        "line no": 1, "find no": 1, "find number": 1, "seq": 0.8, "sequence": 0.8, "#": 0.7,
        "no": 0.7, "item": 0.75,
        "Positionsnummer": 1, "Pos.-Nr.": 1, "Posnr": 1, "Position Nr": 1,
        "poste": 0.9, "repère": 0.9, "posición": 1, "renglón": 0.8,
        "序号": 1, "项次": 1, "行号": 1, "位置号": 1,
        "項番": 1, "項目番号": 1, "ポジション": 1,
    },
}  # fmt: skip

# normalised label -> weight, per field
SYNONYMS: dict[BomField, dict[str, float]] = {
    f: {normalize_label(name): float(w) for name, w in names.items()} for f, names in _RAW.items()
}

# words that make a quantity header mean something else (extended/total quantities)
NOT_PER_PARENT = frozenset({"total", "ext", "extended", "gesamt", "sum", "summe", "kumuliert"})
