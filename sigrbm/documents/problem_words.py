"""What each problem code means, in Swedish and English (issue 21).

A :class:`~sigrbm.errors.Problem` carries a stable code, a location and a detailed message.
This catalogue gives every code a short text in both languages — what is wrong and what to
do — so that a Swedish reader is told in Swedish what each located problem is about. Swedish
is the default. ``docs/errors.md`` is the long form; a test checks every code has both texts.
"""

from __future__ import annotations

from collections.abc import Sequence

from sigrbm.errors import Code, Problem

#: Code value → (Swedish, English).
PROBLEM_WORDS: dict[str, tuple[str, str]] = {
    "E100": (
        "Ingen giltig YAML (indrag, kolon, citattecken) eller en otillåten tagg.",
        "Not valid YAML (indentation, colons, quotes) or a tag that is not allowed.",
    ),
    "E101": (
        "Filen är större än gränsen för sin sort (se docs/limits.md).",
        "The file is larger than the limit for its kind (see docs/limits.md).",
    ),
    "E102": (
        "För djupt nästlad, eller ett alias som pekar på sig självt.",
        "Nested too deep, or an alias that refers to itself.",
    ),
    "E103": (
        "För många värden (alias som mångfaldigas, eller för stora listor).",
        "Too many values (aliases that multiply, or too large lists or mappings).",
    ),
    "E104": (
        "Filen måste börja med nycklar och värden (en mappning).",
        "The top of the file must be a mapping of keys.",
    ),
    "E105": ("Samma nyckel två gånger; behåll en.", "The same key twice; keep one."),
    "E106": ("Filen är tom.", "The file is empty."),
    "E107": (
        "Filen kan inte läsas eller är inte UTF-8.",
        "The file cannot be read or is not UTF-8.",
    ),
    "E110": (
        "Ett tal som inte är skrivet med vanliga siffror (t.ex. 016).",
        "A number not written in plain decimal digits (e.g. 016).",
    ),
    "E111": ("Ett för stort tal.", "A number that is too large."),
    "E112": (
        "Ett datum som inte är skrivet ÅÅÅÅ-MM-DD, eller en dag som inte finns.",
        "A date not written YYYY-MM-DD, or a day that does not exist.",
    ),
    "E113": ("Ett datum före 1900 eller efter 2199.", "A date before 1900 or after 2199."),
    "E114": ("Sökvägen är ingen vanlig fil.", "The path is not a regular file."),
    "E115": (
        "Utfilen får inte vara en länk, en mapp eller en specialfil.",
        "The output may not be a link, a folder or a special file.",
    ),
    "E200": ("En nyckel som formatet inte känner till.", "A key the format does not know."),
    "E201": ("En nyckel som krävs saknas.", "A required key is missing."),
    "E202": (
        "Ett värde av fel slag (text i stället för tal o.d.).",
        "A value of the wrong type (text where a number is expected, …).",
    ),
    "E203": (
        "yes/no/on/off utan citattecken; skriv true/false eller citera texten.",
        "yes/no/on/off unquoted; write true/false or quote the text.",
    ),
    "E204": (
        "Ett tal där text väntas; sätt citattecken runt det.",
        "A number where text is expected; quote it.",
    ),
    "E205": (
        "Ett datum där text väntas; sätt citattecken runt det.",
        "A date where text is expected; quote it.",
    ),
    "E206": ("Ett värde som inte är ett av de tillåtna.", "A value outside the allowed set."),
    "E207": (
        "Ett id får bara ha små bokstäver, siffror, _ och -.",
        "An id has only lower-case letters, digits, _ and -.",
    ),
    "E208": (
        'En version skrivs som "1.2.0" inom citattecken.',
        'A version is written as "1.2.0" in quotes.',
    ),
    "E209": (
        "En lista som inte får vara tom är tom eller saknas.",
        "A list that must not be empty is empty or absent.",
    ),
    "E210": ("Ett tal utanför det tillåtna intervallet.", "A number outside its range."),
    "E211": ("Nycklar som inte hör ihop.", "Keys that do not go together."),
    "E300": ("Två element med samma id.", "Two elements with the same id."),
    "E301": (
        "En hänvisning till något som inte finns.",
        "A reference to something that is not defined.",
    ),
    "E302": (
        "Ett svarsalternativ eller värde som inte finns.",
        "An option or value that does not exist.",
    ),
    "E303": (
        "Villkoret passar inte uppgiftens typ (in / min / max).",
        "The condition does not fit the attribute's type (in / min / max).",
    ),
    "E400": ("Poäng som inte hamnar i någon nivågräns.", "Scores that fall in no band."),
    "E401": ("Nivågränser som överlappar.", "Bands that overlap."),
    "E402": ("En tom nivågräns.", "An empty band."),
    "E403": ("En nivå som poängen aldrig kan nå.", "A level the score can never reach."),
    "E404": (
        "Nivågränserna täcker inte alla möjliga poäng.",
        "The bands do not cover every attainable score.",
    ),
    "E405": (
        "Nivåerna står inte i ordning från den lägsta.",
        "The bands are not listed from the lowest level up.",
    ),
    "E406": ("En nivå som ingen nivågräns ger.", "A level that no band gives."),
    "E407": ("Svarsalternativens värden ökar inte.", "The options' values do not increase."),
    "E408": ("En riskfråga utan område.", "A risk item without a domain."),
    "E409": ("En nivå som inte finns i nivåuppsättningen.", "A level not in the level set."),
    "E410": ("En summa som inte väljer några frågor.", "A score that selects no items."),
    "E500": ("En text saknar översättning.", "A text lacks a translation."),
    "E501": ("En text på ett språk som inte är angivet.", "A text in an undeclared language."),
    "E502": (
        "Det saknas uppgift om vad formuleringen vilar på.",
        "It is not said what the wording rests on.",
    ),
    "E600": (
        "En vikt för en summa som inte räknar med frågan.",
        "A weight for a score that does not sum the item.",
    ),
    "E601": ("En beräknad fråga behöver en räkneskala.", "A computed item needs a count scale."),
    "E602": (
        "En beräknad fråga läser sig själv eller en senare beräknad fråga.",
        "A computed item reads itself or a later computed item.",
    ),
    "E603": (
        "En beräkning prövar en poäng, nivå eller beräknad fråga.",
        "A computation tests a score, level or computed item's answer.",
    ),
    "E604": (
        "En beräkning läser poäng som inte är hela tal.",
        "A computation reads points that are not whole numbers.",
    ),
    "E605": (
        "En beräknad fråga är besvarad för hand; ta bort svaret.",
        "A computed item is answered by hand; remove the answer.",
    ),
    "E606": ("Ett parametervärde som inte är tillåtet.", "A parameter value that is not allowed."),
    "E607": (
        "Varianter med egna nivåer får bara välja efter parametrar.",
        "Variants with their own levels may choose by parameters only.",
    ),
    "E608": ("Samma poäng bedöms två gånger.", "The same score is judged twice."),
    "E609": (
        "Ett id som krockar med en kolumn i batchfilerna.",
        "An id that clashes with a column of the batch files.",
    ),
    "C600": (
        "Ett svar på en fråga som instrumentet inte har.",
        "An answer to an item the instrument does not have.",
    ),
    "C601": ("Ett svar som inte finns på frågans skala.", "An answer not on the item's scale."),
    "C602": (
        "Bedömningen gjordes med en annan version av instrumentet.",
        "The assessment answered another version of the instrument.",
    ),
    "C603": (
        "Ett svar på en fråga som inte gäller personen (t.ex. efter ålder).",
        "An answer to an item that does not apply (e.g. by age).",
    ),
    "C604": (
        "En avvikande egen nivå saknar skäl, bedömare eller datum.",
        "An override lacks a reason, author or date.",
    ),
    "C605": (
        "Uppgifter som identifierar en person (namn, personnummer) får inte finnas.",
        "Fields that identify a person (name, personnummer) are not allowed.",
    ),
    "C606": ("Ärendet anger ett annat instrument.", "The case names another instrument."),
    "C607": (
        "En uppgift om personen som instrumentet behöver saknas eller är fel.",
        "A subject attribute the instrument needs is missing or invalid.",
    ),
    "C608": (
        "Instrumentet kräver bedömarens egen nivå.",
        "The instrument requires the assessor's own level.",
    ),
    "C609": (
        "Två bedömningar med samma instrument samma dag.",
        "Two assessments with the same instrument on the same date.",
    ),
    "C650": ("En ålder utanför 6–110 år.", "An age outside 6–110."),
    "C651": (
        "Födelsemånaden ligger efter bedömningen.",
        "The birth month is after the assessment.",
    ),
    "C652": ("Åldern stämmer inte med födelsemånaden.", "The age disagrees with the birth month."),
    "C700": (
        "En händelse är daterad före det den bygger på.",
        "An event is dated before what it depends on.",
    ),
    "C701": (
        "En plan fastställd utan samtycke för en ansvarig aktör.",
        "A plan fixed without consent for a responsible actor.",
    ),
    "C702": ("En insats i planen saknar kortsiktigt mål.", "A plan entry has no short-term goal."),
    "C703": ("Avslut utan skäl.", "A closure without a reason."),
    "C704": (
        'Avslut som "mål uppnådda" innan målen är uppnådda.',
        "A closure as goals met before the goals are met.",
    ),
    "C705": (
        "Ett uppföljningsmöte saknar en deltagare som programmet kräver.",
        "A follow-up meeting lacks a participant the program requires.",
    ),
    "C706": ("En händelse efter avslut.", "An event after closure."),
    "C708": (
        "En bedömning daterad efter ärendets senaste händelse.",
        "An assessment dated after the case's latest event.",
    ),
    "C709": (
        "En händelse hänvisar till något som inte finns i filen.",
        "An event names something the file does not have.",
    ),
    "C710": ("En händelse saknar en uppgift som krävs.", "An event lacks a required key."),
    "C711": (
        "En händelse har en uppgift som inte hör dit.",
        "An event has a key that does not belong to it.",
    ),
    "C712": (
        "Ärendefilen uppdateras redan; försök igen.",
        "The case file is being updated; try again.",
    ),
    "C713": (
        "Ärendefilen ändrades under tiden; kör kommandot igen.",
        "The case file changed meanwhile; run the command again.",
    ),
    "C714": (
        "Händelsen kan inte läggas till med filens text bevarad; ändra för hand.",
        "The event cannot be added keeping the file's text; edit by hand.",
    ),
    "C715": ("Två samtycken eller planer med samma id.", "Two consents or plans with the same id."),
    # issue 23
    "B720": (
        "Filen går inte att avkoda i sin teckenkodning; sparad i Windows-1252? Ange "
        "--encoding cp1252.",
        "The file does not decode in its encoding; saved as Windows-1252? Give --encoding cp1252.",
    ),
    # issue 22
    "E116": (
        "Arbetsboken är skadad (kontrollsumma, trasig XML eller en del som inte kan läsas).",
        "The workbook is damaged (a checksum, broken XML or a part that cannot be read).",
    ),
    "E117": (
        "Arbetsboken vägras innan den packas upp (zipbomb, för många delar eller entiteter).",
        "The workbook is refused before unpacking (a zip bomb, too many parts or entities).",
    ),
    "E118": (
        "En formelcell utan sparat värde; öppna och spara arbetsboken i ett kalkylprogram.",
        "A formula cell with no stored value; open and save the workbook in a spreadsheet.",
    ),
    # issue 24
    "E610": (
        "En poäng som proportioneras summerar en fråga vars vikt beror på en egenskap.",
        "A prorated score sums an item whose weight depends on an attribute.",
    ),
    "E611": ("En fråga står två gånger i samma poäng.", "An item is named twice in one score."),
    "E612": (
        "En kodningsregel gäller en kod som inte är ett saknat svar i skalan.",
        "A coding rule names a code that is not a missing option of the scale.",
    ),
    "E613": (
        "En kodningsregel ger poäng utanför skalans intervall.",
        "A coding rule gives points outside the scale's range.",
    ),
    # issue 25
    "P807": (
        "En grupp av alternativ behöver minst två insatser, var och en i bara en grupp.",
        "A group of alternatives needs two interventions at least, each in one group only.",
    ),
    "P808": (
        "Programmets åldersintervall tar bara vissa risknivåer; ange --age-exception SKÄL.",
        "The program's age range takes only some risk levels; give --age-exception REASON.",
    ),
    "P809": (
        "Timmarna sägs komma från dosen men insatsen har ingen dos.",
        "The hours are said to come from the dose, but the intervention has none.",
    ),
    "P810": (
        "--combine eller planens combined anger en grupp av alternativ som katalogen inte har.",
        "--combine or a plan's combined names a group of alternatives the catalogue lacks.",
    ),
    "P840": (
        "Planen tar två alternativ ur en grupp utan registrerat skäl, eller skälet är tomt.",
        "The plan takes two alternatives of one group with no recorded reason, or it is empty.",
    ),
    # issue 20
    "C716": (
        "Samtyckeslistan säger något annat än händelserna; händelserna gäller, rätta en av dem.",
        "The consent list says what the events do not; the events are the record: correct one.",
    ),
    "C717": (
        "En deltagare som inget samtycke eller lagstöd täcker den dagen (t.ex. återkallat).",
        "A participant no consent or legal basis covers on that day (e.g. withdrawn).",
    ),
    "C718": (
        "Ett steg som händelsen förutsätter är inte registrerat före den.",
        "A step this event depends on is not recorded before it.",
    ),
    "C719": (
        "Ett okänt id (program, aktör, insats eller egenskap); se förslaget.",
        "An unknown id (program, actor, intervention or attribute); see the suggestion.",
    ),
    "C720": (
        "En händelse daterad efter i dag.",
        "An event dated after today.",
    ),
    "C721": (
        "En händelse daterad före födelsemånaden.",
        "An event dated before the birth month.",
    ),
    "C722": (
        "En låsfil kvar efter en avbruten uppdatering; ta bort den och försök igen.",
        "A lock file left by a killed update; remove it and try again.",
    ),
    "C740": (
        "Planens uppgifter (kopia till) nämner en okänd aktör.",
        "The plan's facts (copies given to) name an unknown actor.",
    ),
    "C741": (
        "Polisen sägs informerad före aktualiseringen.",
        "The police are said to be informed before the referral.",
    ),
    "C750": (
        "Formuläret gjordes från ett annat innehåll i instrumentet; fyll i ett nytt.",
        "The form was made from other instrument content; fill in a fresh one.",
    ),
    "B700": ("Ett datum efter i dag.", "A date after today."),
    "B702": (
        "Oklart kolumnavgränsare i CSV-filen; ange --delimiter.",
        "The CSV delimiter is unclear; give --delimiter.",
    ),
    "B703": ("En rad med för många kolumner.", "A row with too many columns."),
    "P800": (
        "Programmets åldersregel för samtycke går utanför lagens ramar.",
        "The program's consent age rule is outside the legal bounds.",
    ),
    "P801": ("Åldern ligger utanför programmets åldrar.", "The age is outside the program's ages."),
    "P802": (
        "Samtycket anger inga slag av uppgifter.",
        "The consent names no kinds of information.",
    ),
    "P803": (
        "Samtycket anger ett okänt slag av uppgifter.",
        "The consent names an unknown kind of information.",
    ),
    "P804": ("Den rättsliga grunden anger ingen lag.", "The legal basis names no statute."),
    "P805": (
        "Åldern på plandatumet behövs för samtycket; ange födelsemånaden.",
        "The age on the plan date is needed for consent; give the birth month.",
    ),
    "P806": ("En insats som katalogen inte har.", "An intervention the catalogue does not have."),
    "X900": (
        "Filen är inget FHIR QuestionnaireResponse.",
        "The file is not a FHIR QuestionnaireResponse.",
    ),
    "X901": (
        "Svaret hör inte till ett formulär från sigrbm.",
        "The response does not answer a sigrbm form.",
    ),
    "X902": (
        "Svaret gavs i en annan version av instrumentet.",
        "The response was filled in another version of the instrument.",
    ),
    "X903": (
        "Ett svar på en fråga som formuläret inte har.",
        "An answer to a question the form does not have.",
    ),
    "X904": (
        "Ett svar av fel slag eller utanför skalan.",
        "An answer of the wrong type or off the scale.",
    ),
    "X905": (
        "Ärende, datum eller bedömare saknas i svaret.",
        "The case, date or assessor is missing from the response.",
    ),
    "X906": ("Svaret gäller ett annat ärende.", "The response is for another case."),
    "X907": (
        "Formuläret skrevs inte av sigrbm export fhir.",
        "The form was not written by sigrbm export fhir.",
    ),
    "X908": ("Formuläret har ändrats efter exporten.", "The form was edited after the export."),
    "X909": (
        "Svaret och kommandoraden anger olika uppgifter.",
        "The response and the command line disagree.",
    ),
    "X915": (
        "Filen är ingen bedömning sparad från den ifyllbara checklistan.",
        "The file is not an assessment saved from the fillable checklist.",
    ),
    "X916": (
        "Det sparade formuläret och kommandoraden anger olika uppgifter.",
        "The saved form and the command line disagree.",
    ),
}


def problem_words(code: Code, lang: str = "sv") -> str | None:
    """What ``code`` means, in ``lang`` (Swedish by default); None for a code not in the
    catalogue (a test keeps it complete)."""
    found = PROBLEM_WORDS.get(code.value)
    if found is None:
        return None
    return found[0] if lang == "sv" else found[1]


def explained(problems: Sequence[Problem], lang: str = "sv") -> list[str]:
    """The located problems, one line each as :class:`Problem` renders them (in Swedish the
    problem's Swedish message where it has one; file, line, path and code stay as in every
    language, so tools that read them are not affected), then — in Swedish — one line per
    distinct code saying what it means (``  E400: Poäng som …``)."""
    lines = [p.told(lang) for p in problems]  # issue 21: a problem's own Swedish message
    if lang != "sv":
        return lines
    for code in dict.fromkeys(p.code for p in problems):
        words = problem_words(code, lang)
        if words is not None:
            lines.append(f"  {code.value}: {words}")
    return lines
