"""SECURITY.md 10.2 for letters: TPL-1 to TPL-6, TPL-11, and the Markdown/HTML parts of TPL-7
and TPL-9. (The DOCX and PDF parts are in the documents tests.)

Every person in these tests is fictional.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date
from html import unescape
from pathlib import Path

import jinja2
import pytest
from jinja2.exceptions import UndefinedError
from jinja2.sandbox import SecurityError

from ddkit.case import parse_case
from ddkit.letters import TemplateProblem, render_custom, render_letter, to_html, to_markdown
from ddkit.letters.env import MIN_JINJA, FieldError, Fields, LetterEnvironment, jinja_version

ROOT = Path(__file__).resolve().parent.parent
ON = date(2026, 12, 1)
SIGNER = {
    "name": "Marta Ruiz (fictional)",
    "relationship": "their neighbor",
    "city": "Tucson",
    "state": "AZ",
    "phone": "520-555-0100",
    "story": "I have known them for years.",
}


def _case(name: str = "Lucía Gómez (fictional)"):
    return parse_case(
        {
            "fictional": True,
            "person": {"name": name, "a_number": "A987654321"},
            "custody": {"detained": True},
            "consent": {"public_campaign": True},
        }
    )


def _env_render(source: str, **context):
    return LetterEnvironment().from_string(source).render(**context)


def _custom(body: str, timeout: float = 5.0, **kwargs):
    source = "{% block body %}" + body + "{% endblock %}"
    return render_custom(source, "family_member", _case(), SIGNER, "en", on=ON, timeout=timeout)


# ------------------------------------------------------------------ TPL-1: no code runs

TPL1 = [
    "{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}",
    "{{ lipsum.__globals__['os'].popen('touch {marker}').read() }}",
    "{{ joiner.__init__.__globals__.os.popen('touch {marker}').read() }}",
    "{{ namespace.__init__.__globals__.os.popen('touch {marker}').read() }}",
    "{{ self.__init__.__globals__.__builtins__.__import__('os').popen('touch {marker}') }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
]


@pytest.mark.parametrize("payload", TPL1)
def test_tpl1_template_injection_is_refused_in_process(payload, tmp_path):
    marker = tmp_path / "ran"
    with pytest.raises(SecurityError):
        _env_render(payload.replace("{marker}", str(marker)))
    assert not marker.exists()


@pytest.mark.parametrize("payload", TPL1[:2])
def test_tpl1_edited_template_shows_template_not_allowed(payload, tmp_path):
    marker = tmp_path / "ran"
    with pytest.raises(TemplateProblem) as err:
        _custom(payload.replace("{marker}", str(marker)))
    assert err.value.reason == "not_allowed"
    assert "not allowed" in err.value.message("en")
    assert "no está permitida" in err.value.message("es")
    assert not marker.exists()


# ------------------------------------------------------------------ TPL-2: no mutation


@pytest.mark.parametrize(
    "payload",
    [
        "{{ ''|attr('__class__') }}",
        "{{ '{0.__class__}'.format('') }}",
        "{{ items.append(1) }}",
        "{{ table.update({}) }}",
        "{{ table.clear() }}",
        "{{ signer.update({}) }}",
        "{{ signer._values }}",
        "{{ signer._path }}",
        "{{ signer.__class__ }}",
        "{{ signer['_values'] }}",
    ],
)
def test_tpl2_attribute_tricks_and_mutation_fail(payload):
    items, table = [1, 2], {"a": 1}
    signer = Fields("signer", {"name": "Ana (fictional)"})
    with pytest.raises((SecurityError, UndefinedError)):
        _env_render(payload, items=items, table=table, signer=signer)
    assert items == [1, 2] and table == {"a": 1}


# ------------------------------------------------------------------ TPL-3: capped operations


@pytest.mark.parametrize(
    "payload",
    [
        "{{ 10**3000000 }}",
        "{{ 'a'*10**9 }}",
        "{{ range(10**9)|list }}",
        "{{ [1]*10**8 }}",
        "{{ '%999999999s' % 1 }}",
        "{{ '{:>999999999}'.format(1) }}",
        "{{ 'a'.ljust(999999999) }}",
        "{{ 'a'|center(999999999) }}",
        "{{ '%099999999d'|format(1) }}",
        "{{ lipsum(n=10**6) }}",
    ],
)
def test_tpl3_huge_numbers_and_repetitions_are_refused_before_they_are_built(payload):
    with pytest.raises(SecurityError):
        _env_render(payload)


def test_tpl3_ordinary_arithmetic_still_works():
    assert _env_render("{{ 2**10 }} {{ 'ab'*3 }} {{ range(3)|list }} {{ '%05d' % 42 }}") == (
        "1024 ababab [0, 1, 2] 00042"
    )


# ------------------------------------------------------------------ TPL-4: a clock


def test_tpl4_a_runaway_loop_is_stopped_at_the_time_limit():
    endless = (
        "{% for i in range(10000) %}{% for j in range(10000) %}{% for k in range(10000) %}"
        "{% endfor %}{% endfor %}{% endfor %}"
    )
    with pytest.raises(TemplateProblem) as err:
        _custom(endless, timeout=1.0)
    assert err.value.reason == "too_slow"
    assert "took too long" in err.value.message("en")
    assert "tardó demasiado" in err.value.message("es")
    # The caller is still responsive: the next letter renders normally.
    assert _custom("Hello {{ signer.name }}.").paragraphs == ("Hello Marta Ruiz (fictional).",)


def test_tpl4_a_template_that_eats_memory_is_refused():
    # Doubling a string 40 times needs a terabyte; the render process has 512 MiB.
    hog = "{% macro grow(s, n) %}{% if n %}{{ grow(s ~ s, n - 1) }}{% endif %}{% endmacro %}"
    with pytest.raises(TemplateProblem) as err:
        _custom(hog + "{{ grow('ab', 40) }}")
    assert err.value.reason in ("not_allowed", "too_slow")


# ------------------------------------------------------------------ TPL-5: no blanks


def test_tpl5_a_misspelled_field_is_named_and_no_letter_is_made():
    with pytest.raises(FieldError) as err:
        _env_render("Dear {{ client.nmae }},", client=Fields("client", {"name": "Ana"}))
    assert err.value.path == "client.nmae"
    with pytest.raises(TemplateProblem) as err:
        _custom("Dear {{ person.nmae }},")
    assert err.value.reason == "unknown_field"
    assert "person.nmae" in err.value.message("en") and "person.nmae" in err.value.message("es")


def test_tpl5_an_empty_field_stops_the_letter_and_is_named():
    from ddkit.letters import MissingFields

    with pytest.raises(MissingFields) as err:
        _custom("Write to me at {{ signer.email }}.")  # the signer gave no email
    assert err.value.fields == ["signer.email"]


def test_tpl5_the_default_undefined_would_have_left_a_blank():
    """Why StrictUndefined: a plain environment writes "Dear ," without a word."""
    assert jinja2.Environment().from_string("Dear {{ nmae }},").render() == "Dear ,"  # noqa: S701


# ------------------------------------------------------------------ TPL-6: data is data


@pytest.mark.parametrize("kind", ["family_member", "mass_personal", "pd_request"])
def test_tpl6_a_name_that_looks_like_a_template_is_printed_as_written(kind):
    case = _case(name="{{ 7*7 }} {% raw %}")
    signer = dict(SIGNER, story="{{ signer.name }} {{ 7*7 }}", email="x@example.org")
    letter = render_letter(kind, case, signer, "en", on=ON)
    text = " ".join(letter.paragraphs)
    assert "{{ 7*7 }} {% raw %}" in text and "49" not in text
    assert "{{ signer.name }} {{ 7*7 }}" in text
    assert "{{ 7*7 }}" in to_html(letter)


# ------------------------------------------------------------------ TPL-7 and TPL-9: md, html


def _markdown_to_html(markdown: str) -> str:
    mistune = pytest.importorskip("mistune")
    return mistune.html(markdown)


NAMES = [
    "Ana & José <Núñez>",
    "![t](https://evil/p.png)",
    "<img src=https://evil/p.png>",
    '"><script>alert(1)</script>',
    "</script><script>alert(1)</script>",
    "[click](javascript:alert(1))",
    "$$\\href{javascript:alert(1)}{x}$$",
    "# Heading * _x_ `code` | a | ~~s~~",
    "1. not a list",
]


@pytest.mark.parametrize("name", NAMES)
def test_tpl7_tpl9_names_are_escaped_in_html(name):
    letter = render_letter("family_member", _case(name), dict(SIGNER, name=name), "en", on=ON)
    page = to_html(letter)
    assert "<img" not in page and "<script" not in page and "<a " not in page
    assert "default-src 'none'" in page  # and the page may fetch nothing anyway


def test_tpl7_html_shows_the_exact_text():
    name = "Ana & José <Núñez>"
    page = to_html(render_letter("family_member", _case(name), SIGNER, "en", on=ON))
    assert "Ana &amp; José &lt;Núñez&gt;" in page
    assert 'lang="en"' in page and '<meta charset="utf-8">' in page


@pytest.mark.parametrize("name", NAMES)
def test_tpl9_markdown_keeps_names_as_literal_text(name):
    letter = render_letter("family_member", _case(name), dict(SIGNER, name=name), "en", on=ON)
    html = _markdown_to_html(to_markdown(letter))
    assert "<img" not in html and "<script" not in html and "<a " not in html
    assert "<h1" not in html and "<code" not in html and "<ol" not in html
    text = re.sub(r"<[^>]+>", "", html)
    assert name in unescape(text)


# ------------------------------------------------------------------ TPL-11: Jinja2 version


def test_tpl11_jinja_version_is_at_least_3_1_6():
    assert MIN_JINJA == (3, 1, 6)
    assert jinja_version() >= MIN_JINJA
    assert jinja_version("3.1.5") < MIN_JINJA


def test_tpl11_pyproject_requires_jinja_3_1_6():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    specs = [d for d in project["project"]["dependencies"] if d.lower().startswith("jinja2")]
    assert specs and re.fullmatch(r"jinja2\s*>=\s*3\.1\.(6|[7-9]|\d\d)", specs[0], re.IGNORECASE)
