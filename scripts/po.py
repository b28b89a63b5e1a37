"""Catalog helper for translators: list what is untranslated, or fill it from a JSON file.

    python scripts/po.py missing core            # msgids without an English msgstr
    python scripts/po.py fill core en.json       # {"msgid": "English", ...}
Run `make messages` first so the catalog holds every current string.
"""

import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent / "src" / "madoguchi"


def catalog(app: str, language: str = "en") -> tuple[Path, polib.POFile]:
    path = ROOT / app / "locale" / language / "LC_MESSAGES" / "django.po"
    return path, polib.pofile(str(path))


def main(argv: list[str]) -> int:
    command, app = argv[0], argv[1]
    path, po = catalog(app)
    if command == "missing":
        missing = {e.msgid: "" for e in po if not e.translated() and not e.obsolete}
        print(json.dumps(missing, ensure_ascii=False, indent=1))
        return 0
    if command == "fill":
        translations = json.loads(Path(argv[2]).read_text(encoding="utf-8"))
        for entry in po:
            if entry.msgid in translations:
                entry.msgstr = translations[entry.msgid]
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
        po.save(str(path))
        po.save_as_mofile(str(path.with_suffix(".mo")))
        left = sum(1 for e in po if not e.translated() and not e.obsolete)
        print(f"{path}: {left} untranslated")
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
