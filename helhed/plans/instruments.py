"""The built-in progression instrument, in Helhed's own wording (free to use: EUPL-1.2, like the code).

Seven areas scored 1–10 together with the citizen. A changed wording is a new version: scorings keep pointing
at the version they were made with. Installed by migration 0002; `install()` is idempotent.
"""

CODE, VERSION = "helhed-trappen", 1
NAME = "Helhed-trappen: sådan går det lige nu"
LICENCE = ("Skrevet til Helhed og frit at bruge (EUPL-1.2). Ikke et valideret måleredskab: "
           "scoren er borgerens og medarbejderens fælles vurdering, ikke en test.")

ITEMS = [
    ("health", "Helbred", "Hvordan har du det med dit helbred – krop og psyke – i hverdagen?",
     "Mit helbred fylder det hele", "Mit helbred står ikke i vejen",
     ("Health", "How is your health, body and mind, in everyday life?", "My health takes up everything",
      "My health is not in the way")),
    ("daily_structure", "Hverdagens struktur", "Hvor godt hænger dine dage sammen: at stå op, spise, komme ud?",
     "Dagene flyder ud", "Jeg har en fast rytme",
     ("Daily structure", "How well do your days hold together: getting up, eating, getting out?",
      "The days run together", "I have a steady rhythm")),
    ("housing", "Bolig", "Hvor trygt og stabilt bor du?",
     "Jeg har ikke et sted at bo", "Jeg bor trygt og stabilt",
     ("Housing", "How safe and stable is where you live?", "I have nowhere to live", "I live safely and stably")),
    ("finances", "Økonomi", "Hvordan har du styr på økonomi, regninger og gæld?",
     "Økonomien styrer mig", "Jeg har styr på min økonomi",
     ("Finances", "How are you managing money, bills and debt?", "Money controls me", "I am in control of my money")),
    ("network", "Netværk", "Har du nogen at tale med og regne med?",
     "Jeg er helt alene", "Jeg har folk, jeg kan regne med",
     ("Social network", "Do you have people to talk to and count on?", "I am completely alone",
      "I have people I can count on")),
    ("skills", "Færdigheder", "Hvor godt rustet føler du dig – fx dansk, it, kørekort, faglige kompetencer?",
     "Jeg mangler det meste", "Jeg har det, jeg skal bruge",
     ("Skills", "How well equipped do you feel, e.g. Danish, IT, driving licence, trade skills?",
      "I lack most of it", "I have what I need")),
    ("believing_in_work", "Troen på arbejde", "Hvor meget tror du på, at du kan få et arbejde eller en uddannelse?",
     "Det tror jeg slet ikke på", "Det er jeg sikker på",
     ("Believing in work", "How much do you believe you can get a job or an education?", "I do not believe it at all",
      "I am sure of it")),
]


def install(Instrument, InstrumentItem):
    instrument, created = Instrument.objects.get_or_create(
        code=CODE, version=VERSION, defaults={"name": NAME, "licence": LICENCE},
    )
    if created:
        InstrumentItem.objects.bulk_create(
            InstrumentItem(
                instrument=instrument, code=code, position=i, area=area, question=question, anchor_low=low,
                anchor_high=high,
                translations={"en": dict(zip(["area", "question", "anchor_low", "anchor_high"], english))},
            )
            for i, (code, area, question, low, high, english) in enumerate(ITEMS, 1)
        )
    return instrument
