"""Formats other software reads: the stable JSON envelopes, JSON Schemas and FHIR R4.

Lives here: the JSON output of the commands (:mod:`.json_format`), JSON Schemas generated from
the model (:mod:`.schema`), and FHIR ``Questionnaire`` / ``QuestionnaireResponse`` (:mod:`.fhir`).

May import: :mod:`sigrbm.casework` and everything below it. Never prints, never writes files.
"""
