"""Swedish help texts for the command line, keyed by the English text in ``cli/main.py``.

``sigrbm --help`` is Swedish by default, like the output; ``--lang en`` gives the English
texts. A test checks that every help text of every command has its Swedish version here.
"""

from sigrbm.casework.flow_words import EVENT_NAMES
from sigrbm.cli.event_options import help_sv as option_values_sv

USAGE_SV = "användning: "

HELP_SV: dict[str, str] = {
    # argparse's own words
    "positional arguments": "argument",
    "options": "flaggor",
    "show this help message and exit": "visa den här hjälptexten och avsluta",
    "show program's version number and exit": "visa programmets version och avsluta",
    # the program
    "Structured risk–need–responsivity assessment for sociala insatsgrupper.": (
        "Strukturerad bedömning av risk, behov och mottaglighet (RBM) för sociala insatsgrupper."
    ),
    "language of the help texts": "språk för hjälptexterna",
    # validate
    "check instrument, case, catalogue and program files and report every problem": (
        "kontrollera instrument-, ärende-, katalog- och programfiler och rapportera alla fel"
    ),
    "Check files of any sigrbm kind, told apart by their keys: an instrument, a case file "
    "(checked against its instruments, as score does), an intervention or actor catalogue, a "
    "program profile. Exit 0 if all are valid, 1 if not.": (
        "Kontrollera sigrbm-filer av alla slag, som känns igen på sina nycklar: ett instrument, "
        "en ärendefil (kontrolleras mot sina instrument, som score gör), en insats- eller "
        "aktörskatalog, en programprofil. Slutkod 0 om alla är giltiga, annars 1."
    ),
    "instrument, case, catalogue or program files": (
        "instrument-, ärende-, katalog- eller programfiler"
    ),
    "check the bundled instruments": "kontrollera de medföljande instrumenten",
    # score
    "score the assessments in a case file": "poängsätt bedömningarna i en ärendefil",
    "Score every assessment in a case file (or only the latest). Exit 0 when scored, 1 when "
    "the case or its instrument has problems.": (
        "Poängsätt varje bedömning i en ärendefil (eller bara den senaste). Slutkod 0 när den är "
        "poängsatt, 1 när ärendet eller dess instrument har fel."
    ),
    "case file (YAML or JSON); - reads stdin": "ärendefil (YAML eller JSON); - läser standard in",
    "score only the most recent assessment": "poängsätt bara den senaste bedömningen",
    "text for a person, json for other software (docs/result-format.md), markdown": (
        "text för en människa, json för andra program (docs/result-format.md), markdown"
    ),
    "report language": "rapportens språk",
    "score with this instrument file instead of the bundled one with the same id": (
        "poängsätt med den här instrumentfilen i stället för det medföljande med samma id"
    ),
    "write here (atomically); default stdout": "skriv hit (atomärt); annars standard ut",
    # compare
    "compare two assessments of the same case": "jämför två bedömningar i samma ärende",
    "Compare the first and latest assessment in one case file, or the latest assessments in "
    "two case files, with the same instrument.": (
        "Jämför den första och den senaste bedömningen i en ärendefil, eller de senaste "
        "bedömningarna i två ärendefiler, med samma instrument."
    ),
    "case file (- reads stdin)": "ärendefil (- läser standard in)",
    "a later case file of the same case": "en senare ärendefil i samma ärende",
    "which instrument's assessments to compare": "vilket instruments bedömningar som jämförs",
    # match
    "recommend interventions for the needs of a case's latest assessment": (
        "föreslå insatser för behoven i ärendets senaste bedömning"
    ),
    "Match the needs of the latest assessment to interventions in the catalogue.": (
        "Matcha behoven i den senaste bedömningen mot insatserna i katalogen."
    ),
    "program profile id or file (e.g. eslov)": "programprofilens id eller fil (t.ex. eslov)",
    "also list harmful/ineffective ones": "visa också skadliga och verkningslösa insatser",
    "ask about a named intervention (harmful ones are reported as avoid)": (
        "fråga om en namngiven insats (skadliga rapporteras som undvik)"
    ),
    # plan
    "make an action plan (åtgärdsplan) gated by consent": (
        "gör en åtgärdsplan som kräver samtycke"
    ),
    "Make a plan from the latest assessment; refused (exit 1) when an actor lacks consent or a "
    "legal basis on the plan date.": (
        "Gör en plan från den senaste bedömningen; vägras (slutkod 1) när en aktör saknar "
        "samtycke eller annat lagstöd på plandatumet."
    ),
    "program profile id or file": "programprofilens id eller fil",
    "plan date (default: today)": "plandatum (standard: i dag)",
    "pseudonymous id of the coordinator": "samordnarens pseudonyma id",
    # handout and report
    "a blank, printable checklist for an instrument": (
        "en tom, utskrivbar checklista för ett instrument"
    ),
    "Render a blank checklist (HTML for print, Markdown, or PDF with the extra).": (
        "Skapa en tom checklista (HTML för utskrift, Markdown, eller PDF med tillägget pdf)."
    ),
    "every bundled instrument, both languages, HTML and Markdown, into --out (a folder)": (
        "alla medföljande instrument, båda språken, HTML och Markdown, i --out (en mapp)"
    ),
    "file (or folder with --all); default stdout": "fil (eller mapp med --all); annars standard ut",
    "the assessor, when the response names none": "bedömaren, när svaret inte anger någon",
    "the assessment date, when the response has none": (
        "bedömningens datum, när svaret saknar det"
    ),
    "a fillable form (one self-contained HTML file) that saves an assessment file": (
        "ett ifyllbart formulär (en fristående HTML-fil) som sparar en bedömningsfil"
    ),
    "a filled document from a case: assessment report, plan or consent form": (
        "ett ifyllt dokument från ett ärende: bedömningsrapport, plan eller samtyckesblankett"
    ),
    "Render the latest assessment report (default), the action plan, or a consent form for a "
    "case.": (
        "Skapa rapporten om den senaste bedömningen (standard), åtgärdsplanen eller en "
        "samtyckesblankett för ett ärende."
    ),
    "program profile (needed for plan and consent)": "programprofil (behövs för plan och samtycke)",
    "score with this instrument file": "poängsätt med den här instrumentfilen",
    # schema and export
    "print the JSON Schema of a file format": "skriv ut JSON Schema för ett filformat",
    "Print the JSON Schema (draft 2020-12) of a file kind (instrument, case, interventions, "
    "actors, program, result) or of the JSON a command writes (results, comparison, "
    "recommendations, plan, stats, plan-refusal, case-state, case-due, batch-row).": (
        "Skriv ut JSON Schema (draft 2020-12) för ett slags fil (instrument, case, "
        "interventions, actors, program, result) eller för den JSON ett kommando skriver "
        "(results, comparison, recommendations, plan, stats, plan-refusal, case-state, "
        "case-due, batch-row)."
    ),
    "export to another format (FHIR R4)": "exportera till ett annat format (FHIR R4)",
    "fhir INSTRUMENT writes a Questionnaire; fhir CASE writes a QuestionnaireResponse for the "
    "case's latest assessment.": (
        "fhir INSTRUMENT skriver ett Questionnaire; fhir ÄRENDE skriver ett "
        "QuestionnaireResponse för ärendets senaste bedömning."
    ),
    "fhir": "fhir",
    "bundled id, instrument file or case file": "medföljande id, instrumentfil eller ärendefil",
    # batch and stats
    "score many assessments (CSV, JSON Lines or a folder of case files)": (
        "poängsätt många bedömningar (CSV, JSON Lines eller en mapp med ärendefiler)"
    ),
    "Score every assessment in INPUT with one instrument; results as CSV or JSON Lines with the "
    "instrument stamp. Exit 1 if any row is invalid, unless --skip-invalid.": (
        "Poängsätt varje bedömning i INPUT med ett instrument; resultat som CSV eller JSON Lines "
        "med instrumentets stämpel. Slutkod 1 om någon rad är ogiltig, utom med --skip-invalid."
    ),
    "a .csv, a .jsonl, or a folder of case files": (
        "en .csv, en .jsonl eller en mapp med ärendefiler"
    ),
    "bundled id or file": "medföljande id eller fil",
    "write here (atomically) instead of stdout": "skriv hit (atomärt) i stället för standard ut",
    "default: from --out, else csv": "standard: från --out, annars csv",
    "score the valid rows, report the rest": "poängsätt de giltiga raderna, rapportera resten",
    "follow-up statistics across many assessments": "uppföljningsstatistik över många bedömningar",
    "Levels, needs, responsivity and change between first and latest assessment per case; "
    "groups smaller than --min-group are suppressed.": (
        "Nivåer, behov, mottaglighet och förändring mellan första och senaste bedömning per "
        "ärende; grupper mindre än --min-group döljs."
    ),
    "program, age_group or an attribute id": "program, age_group eller ett attributs id",
    "suppress smaller groups": "dölj mindre grupper",
    "leave out invalid rows": "utelämna ogiltiga rader",
    # import
    "import a filled FHIR QuestionnaireResponse as an assessment": (
        "importera ett ifyllt FHIR QuestionnaireResponse som en bedömning"
    ),
    "fhir RESPONSE turns a QuestionnaireResponse, filled in any form renderer from a "
    "Questionnaire that export fhir wrote, into an assessment in a case file, checked like any "
    "case; fhir QUESTIONNAIRE turns a Questionnaire that export fhir wrote back into its "
    "instrument (YAML), refused if the form was edited. Exit 0 when imported, 1 with located "
    "problems.": (
        "fhir SVAR gör ett QuestionnaireResponse, ifyllt i valfritt formulärverktyg utifrån ett "
        "Questionnaire som export fhir skrev, till en bedömning i en ärendefil, kontrollerad som "
        "alla ärenden; fhir FORMULÄR gör ett Questionnaire som export fhir skrev till sitt "
        "instrument igen (YAML), och vägrar om formuläret har ändrats. Slutkod 0 vid import, 1 "
        "med lokaliserade fel."
    ),
    "fhir, or formular (form): an assessment saved from the fillable checklist, added to "
    "--case CASE": (
        "fhir, eller formular (form): en bedömning sparad från den ifyllbara checklistan, "
        "läggs till i --case ÄRENDE"
    ),
    "QuestionnaireResponse (or Questionnaire) JSON file": (
        "JSON-fil med ett QuestionnaireResponse (eller Questionnaire)"
    ),
    "add the assessment to this case file (default: a new one)": (
        "lägg bedömningen i den här ärendefilen (annars en ny)"
    ),
    # merged options (issues 12, 16)
    "a folder of local program profiles, searched before the bundled ones": (
        "en mapp med lokala programprofiler, som söks före de medföljande"
    ),
    (
        "a local catalogue: a folder with interventions.yaml (and actors.yaml) or an "
        "interventions file (an actors.yaml beside it is used, else the bundled actors)"
    ): (
        "en lokal katalog: en mapp med interventions.yaml (och actors.yaml) eller en "
        "insatsfil (en actors.yaml bredvid används, annars de medföljande aktörerna)"
    ),
    "language (default sv)": "språk (standard sv)",
    (
        "make the plan although the age is outside the program's ages; the reason is "
        "recorded and printed on the plan"
    ): (
        "gör planen trots att åldern ligger utanför programmets åldrar; skälet sparas och "
        "skrivs ut på planen"
    ),
    "take more than one intervention of a group of alternatives (e.g. familjebehandling); "
    "the reason is recorded on the plan and printed": (
        "ta mer än en insats ur en grupp av alternativ (t.ex. familjebehandling); skälet "
        "registreras på planen och skrivs ut"
    ),
    "suppress groups and cells of fewer persons": "dölj grupper och celler med färre personer",
    "round every count at random to a multiple of N, the same in every table "
    "(default 5; 1 gives exact counts, not for publishing)": "avrunda varje antal slumpvis till "
    "en multipel av N, samma i varje tabell (standard 5; 1 ger exakta antal, inte för "
    "publicering)",
    "CSV column separator (default: read off the header)": "kolumnavgränsare i CSV (standard: läses av från rubrikraden)",
    # issue 23: spreadsheets both ways
    "base of schema $id and FHIR canonical URLs, your own published address (default: $SIGRBM_BASE_URL, else a placeholder)": "bas för schemats $id och FHIR-adresser (canonical), er egen publicerade adress (standard: $SIGRBM_BASE_URL, annars en platshållare)",
    "for a CASE: bundled id or instrument file": "för ett ÄRENDE: medföljande id eller instrumentfil",
    "text encoding of a CSV or JSON Lines INPUT: utf-8 (default), cp1252 (Excel on Windows), …": "teckenkodning för CSV- eller JSON Lines-indata: utf-8 (standard), cp1252 (Excel i Windows), …",
    "CSV for Excel and LibreOffice with Swedish settings: ';' between columns, decimal comma, UTF-8 with a byte order mark": "CSV för Excel och LibreOffice med svenska inställningar: ';' mellan kolumner, decimalkomma, UTF-8 med byte order mark",
    "a .csv, a .jsonl, a folder of case files, or - (CSV on stdin)": "en .csv, en .jsonl, en mapp med ärendefiler, eller - (CSV på standard in)",
    "a YAML file 'parameters: {name: value, …}'": "en YAML-fil 'parameters: {namn: värde, …}'",
    "set a local parameter of the instrument (repeatable)": "sätt en lokal parameter i instrumentet (kan upprepas)",
    # the case flow (issue 11)
    "Start a case file at referral, add dated events (each checked by the flow's guards; a refused event leaves the file unchanged), show the status of a case and what is due across a folder.": "Starta en ärendefil vid aktualisering, lägg till daterade händelser (var och en prövas mot ärendegångens spärrar; en vägrad händelse lämnar filen orörd), visa var ett ärende står och vad som förfaller i en mapp.",
    "a consent already in the file": "ett samtycke som redan finns i filen",
    "a long-term goal's outcome (met, partly, not_met)": "utfallet för ett långsiktigt mål (uppnatt, delvis, ej_uppnatt)",
    "a plan already in the file": "en plan som redan finns i filen",
    "a plan entry's status (planned, ongoing, done, stopped) and short-term goal (met, partly, not_met)": "status för en insats i planen (planerad, pagar, klar, avbruten) och dess kortsiktiga mål (uppnatt, delvis, ej_uppnatt)",
    "a pseudonymous case id": "ett pseudonymt ärende-id",
    "a short note (never echoed in messages)": "en kort anteckning (visas aldrig i meddelanden)",
    "actor ids, comma-separated": "aktörs-id, kommaseparerade",
    "add one dated event to a case file": "lägg till en daterad händelse i en ärendefil",
    "an assessment already in the file, by instrument": "en bedömning som redan finns i filen, efter instrument",
    "as of this day (default: today)": "per denna dag (standard: i dag)",
    "birth year and month": "födelseår och månad",
    "case file or example:NAME": "ärendefil eller example:NAMN",
    "date of the long-term follow-up": "datum för uppföljningen av långsiktiga mål",
    "due on or before (default: today)": "förfaller senast (standard: i dag)",
    "event date (default: today)": "händelsens datum (standard: i dag)",
    "follow-ups due or overdue across a folder of case files": "uppföljningar som förfaller eller är försenade i en mapp med ärendefiler",
    "for case files that name no program": "för ärendefiler som inte anger något program",
    "minutes of a follow-up meeting, ready to print": "minnesanteckningar från ett uppföljningsmöte, klara att skriva ut",
    "next meeting date": "datum för nästa möte",
    "program profile (default: the case's)": "programprofil (standard: ärendets)",
    "program profile id or file (default: the case's)": (
        "programprofilens id eller fil (standard: ärendets)"
    ),
    "program profile id (e.g. skovde)": "programprofilens id (t.ex. skovde)",
    "program profile, if the case names none": "programprofil, om ärendet inte anger någon",
    "record the SIG case flow and show where a case stands": "för SIG-ärendegången och visa var ett ärende står",
    "referral date (default: today)": "datum för aktualiseringen (standard: i dag)",
    "roles / actor ids, comma-separated": "roller (ung, vardnadshavare) / aktörs-id, kommaseparerade",
    "start a case file at referral": "starta en ärendefil vid aktualisering",
    "the Nth meeting (default: latest)": "det N:te mötet (standard: det senaste)",
    "the assessment to add": "bedömningen som ska läggas till",
    "the case file to add to": "ärendefilen att lägga till i",
    "the consent to add": "samtycket som ska läggas till",
    "the new case file (refused if it exists)": "den nya ärendefilen (vägras om den finns)",
    "the plan to add": "planen som ska läggas till",
    "the reason in words (never echoed in messages)": "skälet i ord (visas aldrig i meddelanden)",
    "where a case stands: step, done, due, blockers": "var ett ärende står: steg, klart, förfaller, hinder",
    "who initiated it": "vem som tog initiativet",
    "why": "varför",
    "your role or pseudonymous staff id": "din roll eller ditt pseudonyma personal-id",
    # issue 20: the program's plan rules as recorded facts
    "the young person approved the plan": "den unga har godkänt planen",
    "who got a copy, comma-separated": "vilka som fått en kopia, kommaseparerade",
    "police informed on": "datum då polisen informerades",
}


# `sigrbm case add EVENT`: one help line per event kind, from the flow's own event names.
HELP_SV.update(
    {f"record: {name['en']}": f"registrera: {name['sv']}" for name in EVENT_NAMES.values()}
)
# issue 21: consents and plan goals by options
HELP_SV.update(
    {
        "the kinds of information covered, comma-separated (skolgang, brottsmisstankar, "
        "halsa, socialtjanst)": "de slag av uppgifter som omfattas, kommaseparerade "
        "(skolgang, brottsmisstankar, halsa, socialtjanst)",
        "the last day it is valid": "sista dagen det gäller",
        "the consent's id": "samtyckets id",
        "the short-term goal of a plan entry (repeatable)": (
            "det kortsiktiga målet för en insats i planen (kan upprepas)"
        ),
        "the long-term goal of a plan entry (repeatable)": (
            "det långsiktiga målet för en insats i planen (kan upprepas)"
        ),
    }
)
# issue 21: the help of the option values given in Swedish or as ids
HELP_SV.update(option_values_sv())
