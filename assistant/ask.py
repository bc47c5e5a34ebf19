"""Answering a question: understand it, gather the facts (checks, records, clauses), compose.

:class:`Assistant` holds what is slow to open (knowledge base, index, workspace) so that the CLI,
the UI and the benchmark ask many questions of one instance. An LLM, when configured, may route
the question and phrase the answer; the verifier in :mod:`assistant.verify` decides whether its
text may be shown. Verdicts always come from the rule engine.
"""
from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Optional

from extraction.errors import BadInput
from extraction.normalize import match_form

from . import answers as A
from .checks import extraction_to_checks
from .questions import Intent, load_phrases, question_to_intent
from .settings import Settings

MAX_QUESTION_CHARS = 500
CURRENT_EDITION_STATUS = "draft"  # the 2023 征求意见稿 holds the indicator system the rules come from


class Assistant:
    def __init__(self, settings: Settings, chat=None) -> None:
        self.settings = settings
        self.chat = chat  # a LangChain chat model, or None for the deterministic composer
        self._kb = None
        self._index = None
        self._ws = None
        self._reports: dict[int, A.ApplicantChecks] = {}

    # --- what is slow to open, opened once ---------------------------------------------

    @property
    def kb(self):
        if self._kb is None:
            from .policy import open_knowledge

            self._kb = open_knowledge(self.settings)
        return self._kb

    @property
    def index(self):
        if self._index is None:
            from .policy import open_index

            self._index = open_index(self.settings, self.kb, progress=False)
        return self._index

    @property
    def ws(self):
        if self._ws is None:
            from .reports import open_workspace

            self._ws = open_workspace(self.settings)
        return self._ws

    def close(self) -> None:
        if self._ws is not None:
            self._ws.close()

    @property
    def docs(self) -> dict:
        return {d.id: d.meta for d in self.kb.docs}

    def applicant_names(self) -> dict[int, str]:
        return self.ws.names()

    def workspace_checks(self, app_id: int) -> A.ApplicantChecks:
        report = self.ws.effective_report(app_id)
        return A.ApplicantChecks(application_id=app_id, file=report.file, applicant=report.applicant, report=report)

    def context_checks(self, applicant: Optional[str]) -> Optional[A.ApplicantChecks]:
        """``--applicant``: a report PDF or a workspace id; a stored application carries its overrides."""
        if not applicant:
            return None
        from .reports import resolve_source

        x, app_id = resolve_source(self.settings, self.ws, applicant)
        if app_id is not None:
            return self.workspace_checks(app_id)
        return A.ApplicantChecks(file=x.file, applicant=x.applicant, report=extraction_to_checks(x, self.kb.catalogue))

    # --- asking ----------------------------------------------------------------------------

    def ask(self, question: str, applicant: Optional[str] = None, previous: Optional[Intent] = None) -> A.Answer:
        question = (question or "").strip()
        if not question:
            raise BadInput("问题不能为空", "empty question")
        if len(question) > MAX_QUESTION_CHARS:
            raise BadInput(f"问题过长（{len(question)} 字，上限 {MAX_QUESTION_CHARS}）", "question too long")
        if applicant is None and previous is not None:
            applicant = previous.context  # a follow-up keeps the applicant of the conversation
        context = self.context_checks(applicant)
        names = self.applicant_names()
        intent = question_to_intent(question, self.kb.catalogue, list(self.docs.values()), names, previous,
                                    has_context_applicant=context is not None)
        intent = intent.model_copy(update={"context": applicant})
        deadline = None
        if self.chat is not None:
            from .llm import Deadline, llm_intent, merge_intents

            deadline = Deadline(self.settings.llm_timeout)  # routing and wording share one budget
            intent = merge_intents(intent, llm_intent(self.chat, question, self.kb.catalogue, self.settings, deadline))
        started = time.monotonic()
        answer = self.compose(intent, context, names)
        if deadline is not None:  # search and the workspace are not LLM time
            deadline.end += time.monotonic() - started
        if intent.corrected:  # said, so a reader sees what was understood
            said = "；".join(f"按“{phrase}”理解“{typed}”" for typed, phrase in intent.corrected)
            answer = answer.model_copy(update={"answer": f"（{said}）\n{answer.answer}"})
        if self.chat is not None and answer.kind != "unclear":
            from .llm import phrase_and_verify

            answer = phrase_and_verify(self.chat, answer, self.settings, self.kb.catalogue,
                                       {d: m.number for d, m in self.docs.items()}, deadline)
        return answer

    def compose(self, intent: Intent, context: Optional[A.ApplicantChecks], names: dict[int, str]) -> A.Answer:
        docs = self.docs
        if intent.kind in ("meets", "value", "conditions"):
            apps = [self.workspace_checks(i) for i in intent.applicants] or ([context] if context else [])
            if not apps:
                listed = "；".join(f"#{i} {n}" for i, n in list(names.items())[:10])
                return A.compose_clarify(intent, "请指定申报单位：用 --applicant 给出申报书 PDF 或工作区编号，"
                                         "或在问题中写明园区名称"
                                         + (f"（工作区中有：{listed}）" if listed else "（工作区为空）") + "。")
            if intent.kind == "conditions" or not intent.rules:
                return A.compose_conditions(intent.model_copy(update={"kind": "conditions"}), apps, docs)
            return A.compose_checks(intent, apps, docs)
        if intent.kind == "ranking":
            ids = list(intent.applicants) or list(names)
            if not ids:
                return A.compose_clarify(intent, "工作区中还没有申报（pingshen workspace add 文件.pdf …）。")
            if not intent.rules:
                if re.search(load_phrases()["kinds"]["ranking_order"], match_form(intent.question)):
                    return A.compose_overall_ranking(intent, [self.workspace_checks(i) for i in ids], docs)
                return A.compose_conditions(intent.model_copy(update={"kind": "conditions"}),
                                            [self.workspace_checks(i) for i in ids], docs)
            return A.compose_ranking(intent, [self.workspace_checks(i) for i in ids], docs)
        if intent.kind == "compare":
            return self.compare_answer(intent)
        if intent.kind == "policy":
            current = [d for d in intent.docs if docs[d].status == CURRENT_EDITION_STATUS]
            if intent.rules and (not intent.docs or current):
                return A.compose_rule_policy(intent, self.kb.catalogue, docs)
            return A.compose_search_policy(intent, self.policy_hits(intent), docs,
                                           self.index.expand(intent.topic or intent.question))
        return A.compose_clarify(intent)

    def policy_hits(self, intent: Intent):
        query = intent.question
        if intent.docs:
            hits = [h for d in intent.docs for h in self.index.search(query, k=2, doc=d)]
        else:
            hits = self.index.search(query, k=8)  # the answer orders them by programme, level and edition
        return [self.with_items(h) for h in hits]

    def with_items(self, hit):
        """A clause that only introduces a list (…情况的，…：) is quoted with its items."""
        if not hit.text.rstrip().endswith(("：", ":")):
            return hit
        items = [c for c in self.kb.clauses_of(hit.doc) if c.parent == hit.ref]
        if not items:
            return hit
        return hit.model_copy(update={"text": hit.text.rstrip() + "".join(c.text for c in items),
                                      "damaged": hit.damaged or any(c.damaged for c in items)})

    def compare_answer(self, intent: Intent) -> A.Answer:
        docs = self.docs
        topic = intent.topic or (self.kb.catalogue.rule(intent.rules[0]).name
                                 if intent.rules and intent.rules[0] != "eligibility" else None)
        if not topic:
            return A.compose_clarify(intent, "请说明要比较的内容，如：单位土地平均产值和2012年相比有什么变化？")
        if intent.docs:
            chosen = list(intent.docs)
            chosen += [d for d, m in docs.items() if m.status == CURRENT_EDITION_STATUS and d not in chosen]
        else:
            chosen = list(docs)
        comp = self.compare(topic, chosen)
        return A.compose_compare(intent, comp, docs)

    def compare(self, topic: str, doc_ids: Optional[list[str]] = None):
        from knowledge.editions import compare_editions

        docs = self.docs
        ids = doc_ids or list(docs)
        unknown = [d for d in ids if d not in docs]
        if unknown:
            raise BadInput(f"未知的文件编号：{'、'.join(unknown)}（pingshen corpus list 查看）",
                           f"unknown document: {unknown}")
        if not topic or not topic.strip():
            raise BadInput("比较主题不能为空", "empty topic")

        scores: dict[str, dict[str, float]] = {}

        def rank(query: str, doc: str) -> list[str]:
            # one search over the whole corpus per topic, read per edition
            if query not in scores:
                scores[query] = self.index.scores(query, None, "hybrid")
            mine = [(key.split("#", 1)[1], s) for key, s in scores[query].items() if key.startswith(doc + "#")]
            return [ref for ref, _ in sorted(mine, key=lambda x: -x[1])[:8]]

        return compare_editions(topic, [docs[d] for d in ids], self.kb.clauses_of, rank)


# --- follow-ups across CLI invocations ----------------------------------------------------

MAX_SESSION_NAME = 64


def session_path(settings: Settings, name: str) -> Path:
    """The file of a conversation: its name must be a short, safe file name (letters, digits, 中文, - and _)."""
    if not name or len(name) > MAX_SESSION_NAME or not all(ch.isalnum() or ch in "-_" for ch in name):
        shown = name.encode("unicode_escape").decode("ascii")[:40]
        raise BadInput(f"会话名只能由字母、数字、汉字、- 和 _ 组成，最多 {MAX_SESSION_NAME} 个字符：{shown}",
                       f"bad session name: {shown}")
    return settings.data_dir / "sessions" / f"{name}.json"


def load_session(settings: Settings, name: Optional[str]) -> tuple[Optional[Intent], Optional[str]]:
    if not name:
        return None, None
    p = session_path(settings, name)
    if not p.is_file():
        return None, None
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
        return (Intent.model_validate(data["intent"]) if data.get("intent") else None), data.get("applicant")
    except (ValueError, KeyError):
        return None, None  # a damaged session file starts a new conversation


def save_session(settings: Settings, name: Optional[str], intent: Optional[Intent], applicant: Optional[str]) -> None:
    if not name or intent is None:
        return
    from extraction.files import write_text_atomic

    text = json.dumps({"intent": intent.model_dump(mode="json"), "applicant": applicant}, ensure_ascii=False)
    write_text_atomic(session_path(settings, name), text)
