"""Known vulnerabilities in the locked dependencies (pip-audit against PyPI's advisory data).

Needs PyPI only. When PyPI's vulnerability service cannot be reached, the test skips and says
so; it never fails for a network problem.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Advisory id → why it does not affect Madoguchi (and until when). Keep it short.
IGNORED: dict[str, str] = {}
NETWORK_ERRORS = (
    "ConnectionError",
    "connection",
    "Max retries",
    "timed out",
    "ServiceError",
    "Temporary failure",
)


def test_locked_dependencies_have_no_known_vulnerabilities(tmp_path):
    pip_audit = shutil.which("pip-audit", path=str(Path(sys.executable).parent)) or shutil.which("pip-audit")
    if pip_audit is None:
        pytest.skip("pip-audit is not installed (it is in the dev extra)")
    report = tmp_path / "audit.json"
    command = [
        pip_audit,
        "-r",
        str(ROOT / "requirements.lock"),
        "--no-deps",
        "--disable-pip",
        "--progress-spinner",
        "off",
        "--vulnerability-service",
        "pypi",
        "--timeout",
        "20",
        "-f",
        "json",
        "-o",
        str(report),
    ]
    for advisory in IGNORED:
        command += ["--ignore-vuln", advisory]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=240)
    except subprocess.TimeoutExpired:
        pytest.skip("pip-audit: PyPI's vulnerability service did not answer within 240 s")
    if not report.exists() or not report.read_text().strip():
        if any(word in result.stderr for word in NETWORK_ERRORS):
            pytest.skip(
                f"pip-audit: PyPI's vulnerability service is unreachable: {result.stderr.strip()[-300:]}"
            )
        pytest.fail(f"pip-audit failed (exit {result.returncode}): {result.stderr[-2000:]}")
    found = [
        f"{dep['name']} {dep['version']}: {vuln['id']} (fixed in {', '.join(vuln['fix_versions']) or 'no release yet'})"
        for dep in json.loads(report.read_text())["dependencies"]
        for vuln in dep.get("vulns", [])
    ]
    assert not found, "known vulnerabilities in requirements.lock (upgrade, `make lock`):\n" + "\n".join(
        found
    )
