"""Assessments as plain text and Markdown, for the terminal, notebooks and the committee."""

from __future__ import annotations

from ddkit.assess import Assessment
from ddkit.i18n import check_lang, t


def _lines(result: Assessment, lang: str, bullet: str, heading) -> list[str]:
    data = result.to_dict(lang)
    state = t("cli.in_force" if result.in_force else "cli.not_in_force", lang)
    out = [
        heading(t("report.title", lang, on=data["on"])),
        t("report.policy", lang, title=data["policy"]["title"], id=result.policy.id, state=state),
        "",
        heading(t("report.interventions", lang)),
    ]
    for item in data["interventions"]:
        name = t(f"assess.intervention.{item['id']}", lang)
        due = t("report.deadline", lang, day=item["deadline"]) if item["deadline"] else ""
        out.append(f"{item['rank']}. {name}{due}")
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
    out += ["", heading(t("report.sources", lang))]
    out += [
        f"{bullet} {s['title']}: {s['url']} ({s['accessed']})" for s in data["policy"]["sources"]
    ]
    out += ["", t("common.not_legal_advice", lang)]
    return out


def assessment_text(result: Assessment, lang: str = "en") -> str:
    """The assessment as plain text for a terminal."""
    lang = check_lang(lang)
    return "\n".join(_lines(result, lang, "-", lambda s: s.upper()))


def assessment_markdown(result: Assessment, lang: str = "en") -> str:
    """The assessment as Markdown for the committee's notes."""
    lang = check_lang(lang)
    return "\n".join(_lines(result, lang, "-", lambda s: f"## {s}"))
