"""Documents for people: view models, jinja2 rendering, text reports, UI words, templates.

Lives here: the catalogue of UI words in Swedish and English (:mod:`.words`), view models
(:mod:`.views`), the one jinja2 environment (:mod:`.render`, templates in ``templates/``),
plain-text and Markdown reports of results (:mod:`.text_report`) and of recommendations and
plans (:mod:`.text_plan`), filled documents from a case file (:mod:`.case_documents`) and the
committed checklists (:mod:`.handouts`).

May import: :mod:`sigrbm.casework` and everything below it. Templates hold no logic. jinja2 is
imported only by :mod:`.render`, so text reports start without it.
"""
