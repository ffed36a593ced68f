"""Danish demo texts for Helhed: journal-note templates and related phrases.

Plain data only. The texts are written for the demo data set and model
typical situations from the municipal employment effort for citizens on
kontanthjælp. They are not taken from real cases and contain no real names.

Placeholders (str.format) allowed in JOURNAL_TEMPLATES:
    {fornavn}        citizen first name
    {fornavn_s}      its Danish genitive ("Lars'", "Sørens")
    {sagsbehandler}  caseworker full name
    {mentor}         mentor full name
    {virksomhed}     employer name
    {dag}            Danish weekday in lower case, e.g. "tirsdag"
    {timer}          an integer number of hours
"""

from __future__ import annotations

# Journal-note templates by situation. Each item is (kind, text).
# kind is one of: "conversation", "phone", "home_visit", "visitation", "coordination", "note"
JOURNAL_TEMPLATES: dict[str, list[tuple[str, str]]] = {
    "visitation": [
        (
            "visitation",
            "Første samtale med {fornavn} holdt ved personligt fremmøde. Vi gennemgik ansøgningen om "
            "kontanthjælp, rettigheder og pligter samt reglerne om fravær og sanktioner, og {fornavn} fik "
            "vejledningen udleveret skriftligt. {fornavn} har arbejdet som lagermedarbejder indtil for et halvt "
            "år siden og oplyser ingen helbredsmæssige begrænsninger. Visiteret jobparat; første jobsøgningsaftale "
            "er skrevet ind i planen sammen med {fornavn}.",
        ),
        (
            "visitation",
            "Visitationssamtale med {fornavn}. {fornavn} fortæller om mange års smerter i ryggen, dårlig søvn og "
            "en periode med hjemløshed sidste vinter. Ud fra samtalen og de lægelige oplysninger vurderer jeg, at "
            "{fornavn} ikke aktuelt kan påtage sig et ordinært job, og {fornavn} er visiteret aktivitetsparat. "
            "Tilbud om koordinerende sagsbehandler er givet; {fornavn} har sagt ja og ønsker, at {sagsbehandler} "
            "fortsætter som fast kontaktperson.",
        ),
        (
            "visitation",
            "Afklarende samtale med {fornavn}, som er visiteret aktivitetsparat. Jeg har tilbudt en koordinerende "
            "sagsbehandler og forklaret, at det er en ret og ikke en pligt. {fornavn} takker nej for nu. "
            "Borgeren siger: \"Jeg har allerede for mange mennesker omkring mig, jeg vil hellere have én at ringe "
            "til.\" Svar og dato er registreret, og tilbuddet kan genoptages, hvis {fornavn} ønsker det senere.",
        ),
        (
            "visitation",
            "{fornavn} er under 30 og har afbrudt to ungdomsuddannelser. {fornavn} vil gerne i gang med en "
            "uddannelse inden for det pædagogiske område, men har brug for at få styr på dansk og matematik "
            "først. Visiteret uddannelsesparat. Vi aftalte, at {fornavn} inden {dag} ser på forberedende "
            "voksenundervisning, og at vi taler om det på næste samtale.",
        ),
        (
            "visitation",
            "Visitation af {fornavn}. {fornavn} beskriver angst i større grupper, et aktuelt "
            "hashforbrug og gæld, der fylder meget. Uddannelse er ikke realistisk lige nu, og {fornavn} er "
            "visiteret aktivitetsparat under 30. Tilbud om koordinerende sagsbehandler givet og modtaget. "
            "Vi skrev sammen ned, hvad der er vigtigst for {fornavn}: ro på økonomien og en fast hverdag.",
        ),
        (
            "visitation",
            "Første samtale med {fornavn} med tolk. Vi brugte tid på at forklare, hvad kontanthjælp, jobcenter "
            "og Min Plan er, og tegnede forløbet op på papir, fordi {fornavn} foretrækker at se det visuelt. "
            "{fornavn} har gode erfaringer med rengøring og køkkenarbejde fra hjemlandet. Visiteret jobparat; "
            "vi tager målgruppen op igen, hvis helbredsoplysningerne fra egen læge peger i en anden retning.",
        ),
        (
            "visitation",
            "Samtale med {fornavn} efter ny ansøgning om hjælp. {fornavn} var på kontanthjælp for to år siden og "
            "har siden haft kortere ansættelser. {fornavn} ønsker selv at blive betragtet som jobparat og siger: "
            "\"Jeg vil ikke ind i alle de forløb igen, jeg vil have et arbejde.\" Visiteret jobparat med en "
            "aftale om at følge op på søvn og overskud ved næste samtale.",
        ),
    ],
    "jobsamtale": [
        (
            "conversation",
            "Jobsamtale med {fornavn} ved personligt fremmøde. Vi gennemgik de seneste ansøgninger på Jobnet; "
            "{fornavn} har søgt seks stillinger, primært inden for lager og chauffør. {fornavn} ønsker hjælp til "
            "at gøre cv'et kortere og mere konkret. Næste samtale aftalt til {dag}.",
        ),
        (
            "phone",
            "Telefonisk jobsamtale efter {fornavn_s} eget ønske. {fornavn} oplyser, at det er svært at komme ind "
            "på jobcentret i denne periode pga. børnepasning. Vi talte om, hvilke brancher {fornavn} kan se sig "
            "selv i, og {fornavn} nævnte selv butik og kantine. Aftalt, at {fornavn} søger tre stillinger inden "
            "næste samtale.",
        ),
        (
            "conversation",
            "Videosamtale med {fornavn}. {fornavn} har været til samtale hos {virksomhed} og fik at vide, at "
            "de vender tilbage i næste uge. Borgeren siger: \"Det var første gang i lang tid, jeg følte, at "
            "nogen faktisk ville have mig.\" Vi aftalte, at {fornavn} ringer til mig, så snart der er svar.",
        ),
        (
            "conversation",
            "Jobsamtale med {fornavn}. Vi tog udgangspunkt i {fornavn_s} eget mål i planen: at arbejde med "
            "dyr. Vi undersøgte sammen muligheder hos dyrehandlere, landbrug og et internat og fandt to steder, "
            "{fornavn} vil kontakte selv. Jeg tilbød at tage med, men {fornavn} vil gerne prøve alene først.",
        ),
        (
            "phone",
            "Kort telefonsamtale med {fornavn} om ændring af tidspunktet for næste samtale. {fornavn} har fået "
            "nogle vagter hos {virksomhed} og kan ikke komme om formiddagen. Samtalen er flyttet til {dag} "
            "eftermiddag. Vi talte kort om, hvordan vagterne går; {fornavn} er glad for dem.",
        ),
        (
            "conversation",
            "Jobsamtale med {fornavn}, som er kommet sammen med sin bisidder. {fornavn} oplever, at planen er "
            "skrevet hen over hovedet på {fornavn}, og vi gennemgik den punkt for punkt. Jobmålet er ændret fra "
            "\"kontor\" til \"noget med hænderne\", som er {fornavn_s} egne ord. Det reviderede mål er godkendt "
            "af {fornavn} i Min Plan.",
        ),
        (
            "conversation",
            "Opfølgende jobsamtale. {fornavn} har ikke søgt job siden sidst og fortæller, at motivationen er "
            "lav, fordi afslagene gør ondt. Vi aftalte i stedet at prøve en virksomhedspraktik på ca. {timer} "
            "timer om ugen for at få en aktuel reference. {fornavn} vil gerne have, at jeg tager den første "
            "kontakt til virksomheden.",
        ),
    ],
    "mentor": [
        (
            "home_visit",
            "Hjemmebesøg hos {fornavn}. Jeg bankede på to gange, og {fornavn} åbnede efter lidt tid. Lejligheden "
            "bar præg af, at {fornavn} har haft det svært de sidste uger. Vi drak kaffe og talte om, hvad der skal "
            "til for, at {fornavn} kan komme ud af døren igen. Vi aftalte en kort gåtur sammen på {dag}. "
            "/ {mentor}",
        ),
        (
            "home_visit",
            "Fulgte {fornavn} til egen læge kl. 9.30 efter aftale med {sagsbehandler}. {fornavn} havde skrevet "
            "stikord ned om søvn og smerter, som vi gennemgik i bilen. {fornavn} førte selv ordet, jeg supplerede "
            "kun, da lægen spurgte til hverdagen. Lægen henviser til fysioterapi. / {mentor}",
        ),
        (
            "phone",
            "Akut telefonsamtale kl. 20.15. {fornavn} ringede, fordi der var kommet et brev fra boligselskabet, "
            "som {fornavn} ikke forstod og var bange for. Vi læste det igennem sammen i telefonen; det var en "
            "varsling om vandafbrydelse og ikke en opsigelse. {fornavn} var lettet. Registreret som akutsamtale. "
            "/ {mentor}",
        ),
        (
            "conversation",
            "Ugentlig kontakt med {fornavn}, mødtes på biblioteket, som {fornavn} selv foreslog. Vi arbejdede "
            "med at lave en ugeplan med faste tider for at stå op og spise. {fornavn} vil gerne have planen "
            "hængt op på køleskabet. Samlet tidsforbrug i denne uge: {timer} timer. / {mentor}",
        ),
        (
            "phone",
            "Sms og opkald til {fornavn} om ugens aftale. {fornavn} svarede på sms og skrev: \"Har det skidt, kan "
            "vi tage den i telefonen?\" Vi talte i 20 minutter. Det lyder som en dårlig periode, men {fornavn} har "
            "spist og har kontakt til sin søster. Vi mødes fysisk igen {dag}. / {mentor}",
        ),
        (
            "home_visit",
            "Fulgte {fornavn} til første samtale på misbrugscentret. {fornavn} var nervøs og ville gerne have, at "
            "jeg ventede udenfor, hvilket jeg gjorde. Bagefter sagde {fornavn}: \"Det var ikke så slemt, som jeg "
            "troede.\" Næste samtale på centret er aftalt, og {fornavn} vil gerne selv tage bussen derhen. "
            "/ {mentor}",
        ),
        (
            "note",
            "Overlevering fra tidligere mentor. Jeg har læst sagen igennem, så {fornavn} ikke skal fortælle det "
            "hele forfra, og har spurgt {fornavn}, hvad der virkede sidst. {fornavn} ønsker faste aftaler om "
            "eftermiddagen og ikke for mange beskeder ad gangen. Første møde holdt på en café tæt på {fornavn_s} "
            "bopæl. / {mentor}",
        ),
    ],
    "internship": [
        (
            "conversation",
            "Opstartsmøde om virksomhedspraktik hos {virksomhed} med {fornavn}, kontaktperson fra virksomheden "
            "og {sagsbehandler}. Praktikken er på {timer} timer om ugen fordelt på tre dage med opgaver i "
            "varemodtagelse og opfyldning. Skånebehov: ingen tunge løft over 10 kg og mulighed for pauser efter "
            "behov. {fornavn} har selv foreslået stedet og glæder sig til at komme i gang.",
        ),
        (
            "phone",
            "Opfølgning med kontaktpersonen hos {virksomhed}. {fornavn} er mødt stabilt de første to uger, men "
            "er meget træt efter den tredje dag. Efter samtale med {fornavn} er timetallet nedsat fra 18 til 12 "
            "timer om ugen fordelt på tre formiddage. {fornavn} er enig og siger: \"Jeg vil hellere komme hver gang "
            "end at gå ned med flaget.\" Ændringen og begrundelsen er dokumenteret til brug for den videre afklaring.",
        ),
        (
            "conversation",
            "Midtvejsopfølgning i praktikken hos {virksomhed}. {fornavn} fortæller, at kollegerne er søde, og at "
            "det bedste er at have noget at stå op til. Virksomheden oplever {fornavn} som omhyggelig og god til "
            "kunderne. Vi aftalte at prøve at øge til {timer} timer om ugen fra næste uge, hvis søvnen holder.",
        ),
        (
            "conversation",
            "Møde om forlængelse af praktikken hos {virksomhed}. Begrundelse: {fornavn} har brug for mere tid til "
            "at afprøve arbejde ved kasse, som er en opgave, {fornavn} selv har ønsket. Praktikken forlænges med "
            "fire uger på uændret {timer} timer om ugen. Virksomheden har oplyst, at der ikke er tale om en "
            "opgave, der ellers ville være løst af en ordinært ansat.",
        ),
        (
            "note",
            "Afsluttende rapport for virksomhedspraktik hos {virksomhed}. {fornavn} har gennemført 13 uger, "
            "begyndt på 10 timer og sluttet på {timer} timer om ugen. Fremmødet har været stabilt bortset fra "
            "to sygedage med afbud. Skånebehov: faste opgaver, arbejde i mindre grupper og pauser ved smerter. "
            "{fornavn_s} egen vurdering: \"Jeg kan mere, end jeg troede, men ikke fuld tid.\"",
        ),
        (
            "phone",
            "Kontaktpersonen hos {virksomhed} ringede: {fornavn} var gået midt på dagen efter en konflikt med en "
            "kollega. Jeg ringede til {fornavn} samme eftermiddag. {fornavn} fortalte, at kollegaen havde råbt ad "
            "{fornavn} foran kunder. Vi holder et fælles møde på {dag}, før vi beslutter, om praktikken skal "
            "fortsætte.",
        ),
        (
            "conversation",
            "Samtale om valg af praktiksted. {fornavn} prioriterede selv tre muligheder: 1) værksted, 2) "
            "genbrugsbutik, 3) lager. Første ønske er ikke muligt lige nu, så vi har kontaktet {virksomhed}, der "
            "har en genbrugsbutik. {fornavn} vil gerne starte med {timer} timer om ugen og se butikken, inden "
            "aftalen skrives under.",
        ),
    ],
    "health": [
        (
            "phone",
            "{fornavn} ringede og meldte sig syg til dagens aftale med feber. Jeg har noteret afbuddet som lovligt "
            "fravær og aftalt, at {fornavn} ringer, når feberen er væk. Ny aftale forventes på {dag}.",
        ),
        (
            "note",
            "Lægeattest (LÆ 265) modtaget fra {fornavn_s} egen læge. Attesten beskriver kroniske smerter i nakke "
            "og skuldre og søvnproblemer, og lægen vurderer, at {fornavn} kan arbejde få timer om ugen med "
            "skånehensyn. Attesten er gennemgået med {fornavn}, som er enig i beskrivelsen, men siger: \"De "
            "skriver ikke noget om, hvor træt jeg er.\" Det tages med i næste samtale.",
        ),
        (
            "conversation",
            "Samtale med {fornavn} om psykisk trivsel. {fornavn} har været i behandling i distriktspsykiatrien "
            "og fortæller, at medicinen er ændret for nylig, hvilket giver uro og svimmelhed. Vi aftalte at "
            "sætte aktiviteterne på pause i to uger og tale sammen i telefonen på {dag}. {fornavn} har givet "
            "samtykke til, at jeg kontakter behandleren.",
        ),
        (
            "conversation",
            "{fornavn} beskriver, at søvnen fortsat er dårlig, typisk fire-fem timer om natten, og at "
            "formiddage derfor er svære. Vi har flyttet alle aftaler til efter kl. 12. {fornavn} vil selv tale "
            "med lægen om søvnen og vil gerne have {mentor} med.",
        ),
        (
            "phone",
            "Telefonsamtale med {fornavn_s} praktiserende læge efter {fornavn_s} skriftlige samtykke. Lægen "
            "bekræfter, at {fornavn} er udredt for depression og er i medicinsk behandling, og anbefaler en "
            "langsom optrapning i aktivitet. Lægen støtter ideen om en praktik på få timer.",
        ),
        (
            "note",
            "{fornavn} er indlagt på psykiatrisk afdeling efter oplysning fra {fornavn_s} mor, som {fornavn} har "
            "givet samtykke til, at vi må tale med. Alle aftaler er sat i bero, og der sendes ikke breve om "
            "indkaldelser i perioden. {sagsbehandler} kontakter afdelingen med henblik på udskrivelsessamtale.",
        ),
        (
            "conversation",
            "Samtale om smerter og hverdag. {fornavn} kan gå ca. 20 minutter og sidde i en halv time ad gangen, "
            "før smerterne tager over. {fornavn} ønsker at blive afklaret, om et fleksjob er realistisk, og siger: "
            "\"Jeg vil gerne arbejde, bare ikke på en måde, der ødelægger mig.\" Vi aftalte at indhente "
            "speciallægeerklæring.",
        ),
    ],
    "housing": [
        (
            "conversation",
            "{fornavn} er aktuelt uden fast bopæl og sover skiftevis hos en ven og sin bror. {fornavn} oplyser, at "
            "det er det, der fylder mest lige nu, og at jobsøgning først giver mening, når der er et sted at bo. "
            "Vi har sammen skrevet en ansøgning om boligsocial anvisning og aftalt kontakt til "
            "hjemløseenheden.",
        ),
        (
            "phone",
            "Boligsocial medarbejder ringede efter aftale med {fornavn}: der er varslet udsættelse pga. to måneders "
            "restance. {fornavn} havde ikke åbnet brevene. Jeg har talt med {fornavn}, som giver samtykke til, at "
            "vi holder et fælles møde med boligselskabet på {dag}. Ansøgning om hjælp til restancen efter "
            "aktivloven er sat i gang.",
        ),
        (
            "coordination",
            "Møde i beboerrådgivningen med {fornavn}, den boligsociale medarbejder og {sagsbehandler}. Der er "
            "indgået en afdragsordning på huslejerestancen, og boligselskabet trækker udsættelsessagen. "
            "{fornavn} siger: \"Jeg kan sove om natten igen.\" Huslejen trækkes fremover automatisk fra "
            "ydelsen efter {fornavn_s} eget ønske.",
        ),
        (
            "home_visit",
            "Hjemmebesøg hos {fornavn} i den nye lejlighed. Der mangler stadig seng og køleskab, og {fornavn} "
            "sover på en madras. Vi har talt om ansøgning om enkeltydelse til indbo, og {fornavn} vil gerne have "
            "hjælp til at udfylde den. / {mentor}",
        ),
        (
            "note",
            "{fornavn} bor på herberg og har fået en midlertidig adresse der. Post fra kommunen sendes fremover "
            "til herberget, og personalet har lovet at give {fornavn} besked, når der kommer breve. Aftaler "
            "lægges om eftermiddagen, hvor {fornavn} er på herberget.",
        ),
        (
            "conversation",
            "Samtale om boligsituationen. {fornavn} bor i en lejlighed, hvor huslejen udgør over halvdelen af "
            "ydelsen, og ønsker at flytte til noget billigere tæt på sin datters skole. Vi har skrevet {fornavn} "
            "op på ventelister hos to boligselskaber og aftalt at følge op ved næste samtale.",
        ),
        (
            "phone",
            "{fornavn} ringede, fordi nøglen til værelset var inddraget efter en konflikt med udlejer. {fornavn} "
            "har overnattet i en trappeopgang. Jeg har kontaktet akutboligen, som har plads fra i aften, og "
            "{mentor} kører {fornavn} derhen. Øvrige aftaler i denne uge er aflyst efter aftale med {fornavn}.",
        ),
    ],
    "debt": [
        (
            "conversation",
            "Samtale om økonomi. {fornavn} har gæld til Skattestyrelsen, et inkassofirma og en mobiludbyder og ved "
            "ikke præcist, hvor meget det samlet er. Vi har sammen logget på e-Boks og skrevet en oversigt. "
            "{fornavn} ønsker hjælp fra gældsrådgivningen og har givet samtykke til, at jeg henviser.",
        ),
        (
            "phone",
            "{fornavn} har ikke haft taletid i to uger og har derfor ikke kunnet ringe afbud. {fornavn} skrev fra "
            "en vens telefon. Vi har aftalt, at {fornavn} får kontakt via sms fra jobcentrets nummer, og at "
            "manglende opkald ikke registreres som udeblivelse i perioden.",
        ),
        (
            "conversation",
            "Budgetgennemgang med {fornavn}. Efter husleje, el og afdrag er der ca. 1.800 kr. tilbage om måneden "
            "til mad og transport. {fornavn} siger: \"Det er ikke fordi, jeg ikke vil, jeg har bare ikke råd til "
            "buskortet.\" Der er søgt om hjælp til transport til praktikken hos {virksomhed}.",
        ),
        (
            "home_visit",
            "Hjemmebesøg, hvor vi åbnede de ulæste breve sammen. Der var 14 breve, heraf tre rykkere og et "
            "betalingspåkrav. {fornavn} var flov over bunken, men fik den sorteret med lidt hjælp. Vi har lavet en "
            "mappe med \"betal\", \"ring\" og \"gem\". / {mentor}",
        ),
        (
            "conversation",
            "Møde hos gældsrådgivningen sammen med {fornavn} og {mentor}. Der er lavet en plan for henvendelse til "
            "kreditorerne, og der undersøges mulighed for gældssanering på sigt. {fornavn} er lettet over, at "
            "nogen har overblik.",
        ),
        (
            "phone",
            "{fornavn} ringede bekymret, fordi der ikke er penge til mad resten af måneden efter en uventet "
            "regning for en tandlæge. Vi har gennemgået mulighederne: ansøgning om enkeltydelse og henvisning til "
            "en lokal madbank. Ansøgningen er oprettet i dag og vurderes hurtigst muligt.",
        ),
        (
            "note",
            "Huslejerestance på to måneder konstateret ved gennemgang af kontoudtog sammen med {fornavn}. "
            "Restancen skyldes, at {fornavn} har lånt penge ud til et familiemedlem. Vi har aftalt, at huslejen "
            "trækkes direkte fra ydelsen, og {fornavn} har givet samtykke til, at {sagsbehandler} kontakter "
            "udlejer.",
        ),
    ],
    "addiction": [
        (
            "conversation",
            "Samtale med {fornavn} om hash. {fornavn} fortæller åbent, at forbruget er steget, siden "
            "kæresten flyttede, og at det bruges for at kunne sove. {fornavn} er selv i tvivl om behandling "
            "og vil først tale med {mentor} om det. Vi lægger ikke pres på, men tager emnet op igen {dag}.",
        ),
        (
            "note",
            "{fornavn} er startet i ambulant alkoholbehandling på misbrugscentret to gange om ugen. Behandlingen "
            "er skrevet ind i planen som en aktivitet, der stabiliserer {fornavn_s} situation, og øvrige aftaler "
            "planlægges uden om behandlingstiderne. {fornavn} har givet samtykke til, at behandleren og "
            "{sagsbehandler} må udveksle oplysninger om fremmøde.",
        ),
        (
            "phone",
            "{fornavn} ringede selv og fortalte om et tilbagefald i weekenden. Borgeren siger: \"Jeg vil hellere "
            "sige det selv, end at I hører det fra nogen andre.\" Vi talte om, at tilbagefald er en del af et "
            "forløb, og {fornavn} har allerede aftalt en ekstra samtale med sin behandler.",
        ),
        (
            "home_visit",
            "Hjemmebesøg hos {fornavn}, som var påvirket ved ankomst. Samtalen blev kort, og vi aftalte at mødes "
            "igen i morgen formiddag. Jeg har ikke registreret besøget som udeblivelse, da {fornavn} var hjemme "
            "og tog imod mig. / {mentor}",
        ),
        (
            "coordination",
            "Fællesmøde på misbrugscentret med {fornavn}, behandleren og {sagsbehandler}. {fornavn} har været "
            "stoffri i otte uger og ønsker at prøve kræfter med en praktik på få timer. Behandleren anbefaler "
            "højst {timer} timer om ugen til en start og faste mødetider. {fornavn} er enig.",
        ),
        (
            "conversation",
            "{fornavn} har gennemført det første behandlingsforløb og fortsætter i efterbehandlingsgruppen om "
            "torsdagen. {fornavn} fortæller, at det hjælper at se andre, der har været samme sted. Vi har aftalt, "
            "at gruppen står i planen som en prioriteret aktivitet.",
        ),
        (
            "note",
            "{fornavn} har afbrudt behandlingen på misbrugscentret efter tre uger. Ifølge {fornavn} passede "
            "gruppeformen ikke, og {fornavn} ønsker individuelle samtaler i stedet. Vi undersøger, om der kan "
            "tilbydes et individuelt forløb, og {fornavn} er ikke blevet mødt med krav om at vende tilbage til "
            "gruppen.",
        ),
    ],
    "absence": [
        (
            "note",
            "{fornavn} udeblev fra jobsamtalen i dag kl. 10. Ringet to gange og sendt sms kl. 10.20 og kl. 13. "
            "Ingen svar. {fornavn} har tidligere fortalt om dårlige perioder med søvn. Sagen sendes ikke videre "
            "til ydelseskontoret, før vi har haft personlig kontakt og hørt {fornavn_s} forklaring.",
        ),
        (
            "phone",
            "Kontakt genoprettet med {fornavn} efter udeblivelsen i går. {fornavn} forklarer, at datteren var syg, "
            "og at der ikke var nogen til at passe hende. Dette vurderes som rimelig grund, og fraværet "
            "registreres ikke som udeblivelse uden rimelig grund. Ny samtale aftalt på {dag}.",
        ),
        (
            "home_visit",
            "Opsøgende hjemmebesøg hos {fornavn} efter tre aflyste aftaler og ingen svar på telefon. {fornavn} "
            "lukkede op og fortalte, at telefonen er gået i stykker, og at energien har været meget lav. Vi har "
            "aftalt at mødes fast hver {dag}, og at {mentor} banker på, hvis {fornavn} ikke dukker op. / {mentor}",
        ),
        (
            "note",
            "{fornavn} mødte ikke op i praktikken hos {virksomhed} i mandags og tirsdags. Kontaktpersonen har "
            "ringet uden svar. Kontaktforsøg: opkald to dage i træk, sms og brev med forslag til ny tid. "
            "Vurderingen af, om fraværet er uden rimelig grund, afventer kontakt. {fornavn} er aktivitetsparat, og det "
            "skal konkret vurderes, om en sanktion vil fremme rådigheden.",
        ),
        (
            "phone",
            "{fornavn} ringede selv i dag efter at have været væk fra aftalerne i en uge. {fornavn} siger: \"Jeg "
            "turde ikke åbne døren, jeg troede, I ville tage pengene.\" Vi talte om, hvad der skete, og om "
            "reglerne, i et roligt tempo. Fraværet er dokumenteret med {fornavn_s} forklaring, og det vurderes, at "
            "en sanktion ikke vil fremme rådigheden i denne situation.",
        ),
        (
            "note",
            "Udeblivelse fra samtale {dag}. {fornavn} har ikke kunnet betale for bussen, og der var ikke taletid til "
            "at melde afbud. Transportproblemer vurderes som rimelig grund. Aftalt, at næste samtale holdes "
            "telefonisk, og at der søges om transportgodtgørelse.",
        ),
        (
            "note",
            "Der har ikke været kontakt til {fornavn} i over fire uger trods opkald, sms, brev og to hjemmebesøg "
            "ved {mentor}. Familien har ikke hørt fra {fornavn} heller. Jeg har drøftet sagen med teamleder, og "
            "vi forsøger via {fornavn_s} egen læge og boligsocial medarbejder, inden partshøring overvejes.",
        ),
    ],
    "coordination": [
        (
            "coordination",
            "Koordineringsmøde om {fornavn_s} plan med deltagelse af {fornavn}, {mentor}, den boligsociale "
            "medarbejder og {sagsbehandler} som mødeleder. Mødet startede med {fornavn_s} egne ønsker: ro om "
            "boligen og en praktik med dyr. Hver aktør har skrevet sin del ind i den fælles plan, og {fornavn} har "
            "læst og godkendt den.",
        ),
        (
            "coordination",
            "Netværksmøde med {fornavn}, misbrugsbehandler, psykiatrisk kontaktperson og {sagsbehandler}. "
            "{fornavn} bad om, at vi talte med og ikke om {fornavn}, og det blev aftalt som mødets regel. "
            "Vi blev enige om rækkefølgen: først behandling, så praktik på få timer. Næste møde om seks uger.",
        ),
        (
            "coordination",
            "Opfølgningsmøde på {fornavn_s} helhedsorienterede plan. Deltagere: {fornavn}, {fornavn_s} bisidder, "
            "{mentor} fra leverandøren og {sagsbehandler}. {fornavn} fortalte selv om forløbet i praktikken hos "
            "{virksomhed}. Der var enighed om at fortsætte på {timer} timer om ugen og at søge mentorstøtte i "
            "yderligere seks måneder.",
        ),
        (
            "phone",
            "Telefonisk koordinering mellem {sagsbehandler} og {mentor} om {fornavn}. Mentor oplyser, at "
            "{fornavn} har haft to gode uger og selv har foreslået at øge kontakten. {fornavn} er orienteret om "
            "samtalen i forvejen og har bedt om, at den blev noteret her, så alle kan se den.",
        ),
        (
            "coordination",
            "Forberedende møde før rehabiliteringsteamet med {fornavn} og {sagsbehandler}. Vi gennemgik "
            "dokumentationen fra praktikker, lægeattester og mentorforløb, så {fornavn} ved, hvad teamet får at "
            "læse. {fornavn} har selv skrevet et afsnit om sine ønsker og ressourcer, som vedlægges sagen.",
        ),
        (
            "coordination",
            "Samarbejdsmøde mellem jobcentret, familieafdelingen og {fornavn}. Aftalerne i jobcentret lægges "
            "fremover, så de ikke kolliderer med møder om børnene. {fornavn} sagde: \"Det er første gang, I "
            "sidder i samme rum.\" Der er udpeget én fælles kontaktperson, og {fornavn} har fået et overblik "
            "over, hvem der gør hvad.",
        ),
        (
            "coordination",
            "Koordineringsmøde efter udskrivelse fra psykiatrien. Deltagere: {fornavn}, kontaktperson fra "
            "distriktspsykiatrien, {mentor} og {sagsbehandler}. {fornavn} ønsker at komme langsomt i gang og "
            "foreslog selv at starte med et ugentligt møde på {dag}. Planens delmål er justeret, så de passer "
            "til behandlingen.",
        ),
    ],
    "small_step": [
        (
            "note",
            "{fornavn} er mødt op i praktikken hos {virksomhed} tre dage i træk og til tiden. {fornavn} siger: "
            "\"Jeg har ikke gjort det her i flere år.\" Registreret som delmål nået i planen.",
        ),
        (
            "note",
            "{fornavn} tog i dag bussen alene til jobcentret for første gang. Tidligere har {mentor} hentet "
            "{fornavn} hjemme. {fornavn} vil gerne prøve det samme på {dag}.",
        ),
        (
            "phone",
            "{fornavn} ringede selv for at flytte en aftale i stedet for at blive væk. Det er et af de delmål, "
            "{fornavn} satte i planen for to måneder siden, og det blev nævnt med stolthed i samtalen. / {mentor}",
        ),
        (
            "conversation",
            "{fornavn} har selv skrevet og sendt en ansøgning til {virksomhed} uden hjælp. Vi læste den "
            "igennem sammen bagefter, og den var god. {fornavn} siger: \"Jeg vidste ikke, jeg kunne finde ordene "
            "selv.\"",
        ),
        (
            "home_visit",
            "Ved dagens hjemmebesøg var brevene åbnet og sorteret i mappen, inden jeg kom. {fornavn} havde "
            "selv ringet til elselskabet om en regning. Små ting, men et tydeligt skridt frem. / {mentor}",
        ),
        (
            "note",
            "{fornavn} har deltaget i gruppeforløbet i beboerhuset fire gange i træk og har for første gang "
            "sagt noget i gruppen. Delmålet \"at være sammen med andre uden at gå hjem før tid\" er noteret "
            "som nået.",
        ),
        (
            "note",
            "{fornavn} har holdt fast i at stå op kl. 8 alle hverdage i to uger, som vi aftalte i ugeplanen. "
            "{fornavn} fortæller, at det gør det lettere at nå aftalerne. Timetallet i praktikken kan drøftes "
            "ved næste samtale på {dag}; forslag fra {fornavn}: {timer} timer om ugen.",
        ),
    ],
}

# Reasons for a target-group change, keyed by (from_group, to_group), LAB § 6 codes:
# "2" jobparat, "3" aktivitetsparat, "4" uddannelsesparat, "5" aktivitetsparat under 30,
# "8" ressourceforløb, "9" fleksjob/ledighedsydelse. "" = first visitation.
TARGET_GROUP_REASONS: dict[tuple[str, str], list[str]] = {
    ("", "2"): [
        "Borgeren har nyere erhvervserfaring og vurderes at kunne påtage sig et ordinært job inden for tre måneder.",
        "Ingen oplyste helbredsmæssige eller sociale forhold, der står i vejen for ordinært arbejde; borgeren ønsker selv at søge job.",
        "Borgeren har en faglig uddannelse og et realistisk jobmål og er klar til at stå til rådighed for arbejdsmarkedet.",
    ],
    ("", "3"): [
        "Borgeren har langvarige helbredsmæssige problemer, som aktuelt forhindrer ordinært arbejde inden for tre måneder.",
        "Borgeren er uden fast bopæl og har gæld og et misbrug, som skal stabiliseres, før job er realistisk.",
        "Lægelige oplysninger og borgerens egen beskrivelse viser behov for en helhedsorienteret indsats på flere områder.",
        "Borgeren har været på offentlig forsørgelse i mange år og har brug for en gradvis tilnærmelse til arbejdsmarkedet.",
    ],
    ("", "4"): [
        "Borgeren er under 30 år uden erhvervskompetencegivende uddannelse og vurderes at kunne påbegynde en uddannelse inden for et år.",
        "Borgeren har et klart uddannelsesønske og de faglige forudsætninger for at starte på uddannelsen.",
        "Borgeren er åbenlyst uddannelsesparat: har ingen problemer ud over ledighed og kan starte på ordinær uddannelse.",
    ],
    ("", "5"): [
        "Borgeren er under 30 år og har psykiske vanskeligheder, der aktuelt forhindrer start på uddannelse.",
        "Borgeren har et aktivt misbrug og ustabile boligforhold og har brug for en indsats, før uddannelse er realistisk.",
        "Borgeren har ordblindhed og angst og har brug for støtte og afklaring i mere end et år, før uddannelse kan påbegyndes.",
    ],
    ("2", "3"): [
        "Nye lægelige oplysninger om depression og søvnproblemer betyder, at borgeren ikke aktuelt kan påtage sig ordinært arbejde.",
        "Borgeren har mistet sin bolig og er uden fast bopæl; situationen skal stabiliseres, før jobsøgning er realistisk.",
        "Borgeren har gennem samtalerne fortalt om et misbrug og gæld, som ikke var kendt ved første visitation.",
        "Gentagne forsøg på ordinær jobsøgning har vist, at borgeren har brug for en mere helhedsorienteret indsats.",
    ],
    ("3", "2"): [
        "Borgeren har gennemført praktik med stigende timetal og vurderes nu at kunne påtage sig ordinært arbejde.",
        "Helbredssituationen er stabiliseret efter behandling, og borgeren ønsker selv at søge ordinært job.",
        "Borgeren har fået fast bolig og styr på økonomien og er klar til at stå til rådighed for arbejdsmarkedet.",
    ],
    ("3", "8"): [
        "Rehabiliteringsteamet har anbefalet ressourceforløb; borgeren har komplekse problemer, og flere indsatser har ikke ført til afklaring.",
        "Borgeren har behov for en længerevarende, tværfaglig indsats for at udvikle arbejdsevnen.",
        "Dokumentationen fra praktikker, mentorforløb og lægeattester viser, at borgeren har brug for et samlet forløb over længere tid.",
    ],
    ("5", "3"): [
        "Borgeren er fyldt 30 år og overgår til målgruppen aktivitetsparat kontanthjælp.",
        "Borgeren er fyldt 30 år; indsatsen fortsætter uændret med samme plan og kontaktperson.",
        "Overgang ved 30 år; borgerens problemer er fortsat af en karakter, der forhindrer ordinært arbejde inden for tre måneder.",
    ],
    ("4", "5"): [
        "Borgeren har afbrudt uddannelsen pga. psykiske vanskeligheder og kan ikke påbegynde ny uddannelse inden for et år.",
        "Nye oplysninger om misbrug og boligproblemer betyder, at uddannelse ikke aktuelt er realistisk.",
        "Borgeren har brug for afklaring og støtte ud over almindelig vejledning, før uddannelse kan påbegyndes.",
    ],
    ("3", "9"): [
        "Borgerens arbejdsevne er varigt og væsentligt nedsat; rehabiliteringsteamet har anbefalet fleksjob.",
        "Praktikforløb med få timer og skånehensyn har dokumenteret, at borgeren kan arbejde i et begrænset omfang.",
        "Borgeren er bevilget fleksjob og modtager ledighedsydelse, indtil et fleksjob er fundet.",
    ],
    ("8", "9"): [
        "Ressourceforløbet har afklaret, at borgeren kan arbejde få timer om ugen med skånehensyn; fleksjob er bevilget.",
        "Rehabiliteringsteamet har efter ressourceforløbet anbefalet fleksjob.",
        "Borgerens arbejdsevne er udviklet i ressourceforløbet, men er varigt nedsat.",
    ],
    ("8", "3"): [
        "Ressourceforløbet er afsluttet, og borgeren vurderes at kunne profitere af en almindelig aktivitetsparat indsats.",
        "Borgeren har fået stabiliseret situationen i ressourceforløbet og ønsker at komme i praktik.",
        "Ressourceforløbet er afsluttet efter rehabiliteringsteamets anbefaling, og indsatsen fortsætter som aktivitetsparat.",
    ],
    ("2", "4"): [
        "Borgeren er under 30 år og har selv ønsket at påbegynde en uddannelse; vurderes uddannelsesparat.",
        "Borgeren er under 30 år uden uddannelse og omvisiteres efter ny vurdering.",
        "Borgeren har fået optagelse på en uddannelse med start inden for et år.",
    ],
}

# Short practical notes on how to reach the citizen.
REACHABILITY_NOTES: list[str] = [
    "Har ofte ikke taletid – skriv sms, ring ikke før kl. 11.",
    "Bank to gange, før du går ind.",
    "Foretrækker aftaler om eftermiddagen pga. medicin om morgenen.",
    "Åbner ikke e-Boks – send vigtige breve med almindelig post og ring bagefter.",
    "Svarer ikke ukendte numre – skriv en sms først, hvem du er.",
    "Bor på herberg – beskeder kan lægges hos personalet.",
    "Vil gerne mødes uden for jobcentret, fx på biblioteket eller i beboerhuset.",
    "Har brug for tolk (arabisk) ved samtaler om plan og rettigheder.",
    "Ordblind – læs breve højt eller send en kort lydbesked.",
    "Kan nås via søster, som borgeren har givet samtykke til at vi må kontakte.",
    "Har hund – ring, før du kommer på hjemmebesøg, så den kan lukkes inde.",
    "Henter børn kl. 14 – ingen aftaler efter kl. 13.30.",
    "Skifter ofte telefonnummer – tjek nummeret ved hver samtale.",
    "Bliver urolig i venteværelset – tag borgeren direkte ind ved ankomst.",
    "Foretrækker telefonsamtaler frem for video.",
    "Har svært ved at huske aftaler – send påmindelse dagen før.",
]

# Reasons for an SOS / safety marker. Factual and respectful; the marker
# protects staff and the citizen and is reviewed regularly.
SAFETY_MARKER_REASONS: list[str] = [
    "Har fremsat trusler mod en medarbejder ved en samtale; mød kun med to medarbejdere til stede.",
    "Har tidligere reageret voldsomt på afgørelser om ydelse; afgørelser gennemgås i rolige rammer med to medarbejdere.",
    "Hjemmebesøg kun med to medarbejdere efter en episode, hvor et husstandsmedlem optrådte truende.",
    "Har haft en voldsom episode i jobcentrets reception; samtaler holdes i mødelokale tæt på udgang og med alarm.",
    "Kan blive meget påvirket af rusmidler; ved tegn på påvirkning afbrydes samtalen roligt, og der aftales ny tid.",
    "Har psykiatrisk diagnose med perioder med paranoide forestillinger; kendt medarbejder deltager, og samtalen holdes kort.",
    "Har fremsat trusler mod mentor pr. telefon; kontakt foregår i en periode kun via jobcentret.",
    "Politiet har oplyst om risiko for vold i hjemmet; mød ikke borgeren på bopælen.",
]

# What a mentor is asked to do (the order text of a mentor referral).
MENTOR_ASSIGNMENTS: list[str] = [
    "Ledsag borgeren til udredning på socialmedicinsk klinik og hjælp med at huske aftalerne.",
    "Ugentlig kontakt, gerne hjemmebesøg. Støt borgeren i at komme op om morgenen og møde i praktikken.",
    "Hjælp borgeren med at få styr på post, e-Boks og regninger; aftal en fast ugedag.",
    "Følg borgeren til og fra misbrugscentret de første fire uger.",
    "Støt borgeren i at tage bussen alene til aktiviteterne og øv turen sammen første gang.",
    "Ring om aftenen efter behov; borgeren har svært ved at tage telefonen om dagen.",
]

# The plan, in the citizen's own words first: written for Helhed after the "Dig i centrum" way of working (S0
# l.3992–4027): the citizen names what fills most right now; job goals are the springboard, not the corner box.
OWN_GOALS: list[str] = [
    "Jeg vil have styr på min gæld, så jeg kan sove om natten.",
    "Jeg vil gerne have et arbejde, hvor jeg er udenfor – og hvor de ved, at jeg har dårlig ryg.",
    "Jeg vil være en far, min søn kan være stolt af. Og så vil jeg have et job.",
    "Jeg vil have min egen lejlighed igen.",
    "Jeg vil kunne stå op om morgenen og have noget at stå op til.",
    "Jeg vil lære bedre dansk, så jeg kan tale med lærerne på mine børns skole.",
    "Jeg vil være stoffri og have et arbejde med dyr.",
    "Jeg vil have nogle timer i en butik, ikke mange, men nogle.",
    "Jeg vil ikke føle mig så alene. Og jeg vil gerne lave mad for andre.",
    "Jeg vil tage kørekort og så finde et job som chauffør.",
]
JOB_GOALS: list[str] = [
    "Lager eller logistik, gerne deltid", "Gartneri eller grønne områder", "Kantine og køkken",
    "Detailhandel, få timer om ugen", "Rengøring med faste timer", "Pasning af dyr", "Ældrepleje (SOSU-hjælper)",
    "Chauffør, når kørekortet er på plads", "Genbrugsbutik som første skridt",
]
PLAN_STEPS: list[tuple[str, str, str]] = [
    ("sub_goal", "citizen", "Få overblik over gælden sammen med gældsrådgiveren"),
    ("step", "citizen", "Møde op til gældsrådgivning i boligsocialt hus torsdag"),
    ("step", "citizen", "Stå op kl. 8 tre dage om ugen"),
    ("step", "mentor", "Gå med til første samtale hos lægen"),
    ("step", "caseworker", "Søge om tandbehandling"),
    ("step", "citizen", "Besøge genbrugsbutikken og spørge til en praktik"),
    ("sub_goal", "citizen", "Kunne tage bussen alene til aktiviteterne"),
    ("step", "employer", "Give en fast kontaktperson på arbejdspladsen"),
    ("step", "partner", "Hjælpe med budget og husleje hver anden uge"),
    ("step", "citizen", "Skrive et kort CV sammen med jobformidleren"),
]
STORIES: list[str] = [
    "Jeg har været på kontanthjælp i mange år, og jeg har haft mange sagsbehandlere. Jeg har ondt i ryggen, og "
    "om morgenen er det svært. Jeg vil gerne arbejde, men ikke med tunge løft. Ring efter kl. 10, og send en sms "
    "først – jeg tager ikke ukendte numre.",
    "Jeg kom til Danmark for otte år siden. Jeg har to børn. Jeg taler bedre dansk, end jeg skriver. Når jeg får "
    "breve, bliver jeg bange; det hjælper, når nogen forklarer dem for mig.",
    "Jeg har haft et misbrug, og jeg har været clean i et år. Det vigtigste for mig er at holde fast i det. Jeg "
    "kan godt lide at lave noget med hænderne. Jeg har haft otte mentorer og er træt af at starte forfra.",
]

# Why the kommune judges that a jobparat citizen can find a job on their own (the 25 % decision, reform 2026).
QUOTA_REASONS = [
    "Faglært tømrer med mange års erfaring; søger selv aktivt og har samtaler med to arbejdsgivere.",
    "Nyuddannet sygeplejerske; har jobtilbud fra regionen med start om en måned.",
    "Har været ledig i tre uger efter konkurs; efterspurgt branche og eget netværk.",
    "Sæsonledig inden for byggeri; genansættes normalt af samme arbejdsgiver i foråret.",
    "Erfaren lagerarbejder med truckcertifikat; søger selv bredt og får mange samtaler.",
]
