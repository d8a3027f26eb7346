"""Assessments as plain text and Markdown, for the terminal, notebooks and the committee.

Every report says when the legal data was last reviewed, where the person is for the law
(state and federal circuit), and which legal developments applied, each with its confidence
and sources.
"""

from __future__ import annotations

from ddkit.assess import Assessment
from ddkit.i18n import check_lang, t


def _where(result: Assessment, lang: str) -> str:
    place = result.jurisdiction
    if place.state is None:
        return t("report.where_unknown", lang)
    circuit = t(f"law.circuit.{place.circuit or 'unknown'}", lang)
    return t(f"report.where_{place.basis}", lang, state=place.state, circuit=circuit)


def _development_lines(item: dict, lang: str, bullet: str) -> list[str]:
    confidence = t(f"law.confidence.{item['confidence']}", lang)
    out = [f"{bullet} {item['title']} [{confidence}, {item['date']}]"]
    if item["disputed"]:
        out.append(f"   ! {t('law.disputed', lang)}: {item['disputed']}")
    out += [f"   {s['title']}: {s['url']} ({s['accessed']})" for s in item["sources"]]
    return out


def _law_lines(data: dict, lang: str, bullet: str, heading) -> list[str]:
    out: list[str] = []
    if data["developments"]:
        out += ["", heading(t("report.developments", lang, day=data["law_reviewed"]))]
        for item in data["developments"]:
            out += _development_lines(item, lang, bullet)
    if data["depends_on_place"]:
        out += ["", heading(t("law.depends_on_place", lang))]
        for item in data["depends_on_place"]:
            out += _development_lines(item, lang, bullet)
    return out


def _lines(result: Assessment, lang: str, bullet: str, heading) -> list[str]:
    data = result.to_dict(lang)
    state = t("cli.in_force" if result.in_force else "cli.not_in_force", lang)
    out = [
        heading(t("report.title", lang, on=data["on"])),
        t("report.policy", lang, title=data["policy"]["title"], id=result.policy.id, state=state),
        t("law.reviewed", lang, day=data["law_reviewed"]),
        _where(result, lang),
        "",
        heading(t("report.interventions", lang)),
    ]
    for item in data["interventions"]:
        name = t(f"assess.intervention.{item['id']}", lang)
        due = t("report.deadline", lang, day=item["deadline"]) if item["deadline"] else ""
        later = t("report.after_attorney", lang) if item["after_attorney"] else ""
        out.append(f"{item['rank']}. {name}{due}{later}")
        out += [f"   {bullet} {why}" for why in item["why"]]
        out += [f"   ! {c}" for c in item["cautions"]]
    if data["flags"]:
        out += ["", heading(t("report.flags", lang))]
        out += [
            f"{bullet} {t('assess.flag_title.' + f['id'], lang)}: {f['why']}" for f in data["flags"]
        ]
    if data["priority"]:
        out += ["", heading(t("report.priority", lang)), f"{bullet} {data['priority_why']}"]
    for kind in ("aggravating", "mitigating"):
        ids = data["factors"][kind]
        if ids:
            out += ["", heading(t(f"report.{kind}", lang))]
            out += [f"{bullet} {result.factor_label(i, lang)}" for i in ids]
    if data["cautions"]:
        out += ["", heading(t("report.cautions", lang))] + [
            f"{bullet} {c}" for c in data["cautions"]
        ]
    out += _law_lines(data, lang, bullet, heading)
    out += ["", heading(t("report.sources", lang))]
    out += [
        f"{bullet} {s['title']}: {s['url']} ({s['accessed']})" for s in data["policy"]["sources"]
    ]
    out += [
        "",
        t("law.reviewed", lang, day=data["law_reviewed"]),
        t("common.not_legal_advice", lang),
    ]
    return out


def assessment_text(result: Assessment, lang: str = "en") -> str:
    """The assessment as plain text for a terminal."""
    lang = check_lang(lang)
    return "\n".join(_lines(result, lang, "-", lambda s: s.upper()))


def assessment_markdown(result: Assessment, lang: str = "en") -> str:
    """The assessment as Markdown for the committee's notes."""
    lang = check_lang(lang)
    return "\n".join(_lines(result, lang, "-", lambda s: f"## {s}"))
