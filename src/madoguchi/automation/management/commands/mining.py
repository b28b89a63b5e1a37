from datetime import date

from django.core.management.base import BaseCommand, CommandError

from madoguchi.automation import services
from madoguchi.procedures.services import get_procedure_by_code


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"not a date (YYYY-MM-DD): {value!r}") from None


class Command(BaseCommand):
    help = (
        "Process mining of the case Events. `mining export-xes --procedure CODE --out F.xes` writes the "
        "procedure's cases as an XES log (IEEE 1849) that pm4py, Disco and ProM read."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export-xes", help="one procedure's event log as XES")
        export.add_argument("--procedure", required=True, help="the procedure's code (手続コード)")
        export.add_argument("--out", required=True, help="the file to write")
        export.add_argument("--source", choices=sorted(services.SOURCES), default="records")
        export.add_argument("--start", type=_date, help="cases received on or after (YYYY-MM-DD)")
        export.add_argument("--end", type=_date, help="cases received before (YYYY-MM-DD)")

    def handle(self, *args, action, **options):
        code = options["procedure"]
        if get_procedure_by_code(code) is None:
            raise CommandError(f"no procedure {code!r}")
        cases, events = services.export_xes(
            code, options["out"], source=options["source"], start=options["start"], end=options["end"]
        )
        self.stdout.write(f"{options['out']}: {cases} case(s), {events} event(s)")
