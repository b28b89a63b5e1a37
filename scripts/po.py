"""Catalog helper for translators: list what is untranslated, or fill it from a JSON file.

    python scripts/po.py missing core                  # msgids without an English msgstr
    python scripts/po.py fill core en.json             # {"msgid": "English", ...}
    python scripts/po.py missing core --lang ko        # another language (en, zh_Hans, ko, vi)
    python scripts/po.py fill core ko.json --lang ko   # plurals: {"msgid": ["one", "other"]}
    python scripts/po.py status                        # untranslated per app and language
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


LANGUAGES = ("en", "zh_Hans", "ko", "vi")


def _plural_forms(po: polib.POFile) -> int:
    """nplurals from the catalog's Plural-Forms header (1 for Chinese, Korean, Vietnamese)."""
    header = po.metadata.get("Plural-Forms", "nplurals=2;")
    return int(header.split("nplurals=")[1].split(";")[0])


def untranslated(po: polib.POFile) -> list[polib.POEntry]:
    return [e for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]


def _status() -> int:
    for app in sorted(p.name for p in ROOT.iterdir() if (p / "locale").is_dir()):
        counts = []
        for language in LANGUAGES:
            path = ROOT / app / "locale" / language / "LC_MESSAGES" / "django.po"
            counts.append(
                f"{language} {len(untranslated(polib.pofile(str(path))))}"
                if path.exists()
                else f"{language} —"
            )
        print(f"{app:14} " + "  ".join(counts))
    return 0


def main(argv: list[str]) -> int:
    language = "en"
    if "--lang" in argv:
        at = argv.index("--lang")
        language, argv = argv[at + 1], argv[:at] + argv[at + 2 :]
    if argv[:1] == ["status"]:
        return _status()
    command, app = argv[0], argv[1]
    path, po = catalog(app, language)
    if command == "missing":
        missing = {e.msgid: ["", ""] if e.msgid_plural else "" for e in untranslated(po)}
        print(json.dumps(missing, ensure_ascii=False, indent=1))
        return 0
    if command == "fill":
        translations = json.loads(Path(argv[2]).read_text(encoding="utf-8"))
        for entry in po:
            if entry.msgid in translations:
                value = translations[entry.msgid]
                if entry.msgid_plural:
                    forms = value if isinstance(value, list) else [value]
                    # one form per plural form the language has (Chinese, Korean, Vietnamese: one)
                    entry.msgstr_plural = {n: forms[min(n, len(forms) - 1)] for n in range(_plural_forms(po))}
                else:
                    entry.msgstr = value
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
        po.save(str(path))
        po.save_as_mofile(str(path.with_suffix(".mo")))
        left = len(untranslated(po))
        print(f"{path}: {left} untranslated")
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
