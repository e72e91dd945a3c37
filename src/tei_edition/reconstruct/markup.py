"""Editorial markup of the draft: citations, titles, corrections, notes, bibliography.

Every rule states how often it must match; a rule that matches a different number
of times stops the ingest, so a change in the source or the reading order cannot
silently drop or misplace an intervention. Each rule only wraps the author's text
(or inserts a marked editorial element): the text itself is never changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.sax.saxutils import escape

ED = ' resp="#editors"'

# --- in-text and block-quotation citations ------------------------------------
# exact text inside the parentheses -> (bibl id, the title inside it, title level)
CITATIONS: dict[str, tuple[str, str, str]] = {
    "Alexander Shlyapnikov, 1885–1937: Life of an Old Bolshevik, Barbara Allen":
        ("allen-shlyapnikov", "Alexander Shlyapnikov, 1885–1937: Life of an Old Bolshevik", "m"),
    "Allen, Alexander Shlyapnikov, 1885-1937: Life of an Old Bolshevik":
        ("allen-shlyapnikov", "Alexander Shlyapnikov, 1885-1937: Life of an Old Bolshevik", "m"),
    "Barbara Allen, Alexander Shlyapnikov, 1885–1937: Life of an Old Bolshevik":
        ("allen-shlyapnikov", "Alexander Shlyapnikov, 1885–1937: Life of an Old Bolshevik", "m"),
    "Avrich, Anarchists in the Russian Revolution":
        ("avrich-anarchists", "Anarchists in the Russian Revolution", "m"),
    "Avrich, Bolshevik Opposition to Lenin":
        ("avrich-bolshevik-opposition", "Bolshevik Opposition to Lenin", "a"),
    "Ciliga, Lenin, Also;": ("ciliga-lenin-also", "Lenin, Also", "m"),
    "Lenin, Also; Ciliga": ("ciliga-lenin-also", "Lenin, Also", "m"),
    "Draft Platform for the Communist Workers International":
        ("miasnikov-draft-platform", "Draft Platform for the Communist Workers International", "m"),
    "Farber, Before Stalinism, The Rise and Fall of Soviet Democracy":
        ("farber-before-stalinism", "Before Stalinism, The Rise and Fall of Soviet Democracy", "m"),
    "Hebbes, The Communist Left in Russia After 1920":
        ("hebbes-communist-left", "The Communist Left in Russia After 1920", "a"),
    "Kommunist, No 2 April 1918": ("kommunist-1918", "Kommunist", "j"),
    "Kronstadt, Lenin": ("lenin-kronstadt", "Kronstadt", "m"),
    "Liebman, Leninism Under Lenin": ("liebman-leninism-under-lenin", "Leninism Under Lenin", "m"),
    "Miasnikov, Manifesto of the Workers Group":
        ("miasnikov-manifesto", "Manifesto of the Workers Group", "m"),
    "Miasnikov, Manifesto of the Workers Group of the Russian Communist Party":
        ("miasnikov-manifesto", "Manifesto of the Workers Group of the Russian Communist Party", "m"),
    "Miasnikov, The Latest Deception": ("miasnikov-latest-deception", "The Latest Deception", "m"),
    "Miasnikov, quoted in The Guillotine at Work, G.P Maximoff":
        ("maximoff-guillotine", "The Guillotine at Work", "m"),
    "Quoted in G.P Maximoff, The Guillotine at Work": ("maximoff-guillotine", "The Guillotine at Work", "m"),
    "Quoted in The Guillotine at Work, G.P Maximoff": ("maximoff-guillotine", "The Guillotine at Work", "m"),
    "Nestor Makhno In the Russian Civil War, Michael Malet":
        ("malet-nestor-makhno", "Nestor Makhno In the Russian Civil War", "m"),
    "Oliver, The Bolshevik Left and Workers Power":
        ("oliver-bolshevik-left", "The Bolshevik Left and Workers Power", "a"),
    "Pannekoek, Workers Councils": ("pannekoek-workers-councils", "Workers Councils", "m"),
    "Pfemfert, Lenin's Infantile Disorder": ("pfemfert-infantile-disorder", "Lenin's Infantile Disorder", "a"),
    "Pirani, The Russian Revolution in Retreat":
        ("pirani-revolution-in-retreat", "The Russian Revolution in Retreat", "m"),
    "Pirani, The Russian Revolution in Retreat, 1920-24":
        ("pirani-revolution-in-retreat", "The Russian Revolution in Retreat, 1920-24", "m"),
    "Simon Pirani, The Russian Revolution in Retreat, 1920-24":
        ("pirani-revolution-in-retreat", "The Russian Revolution in Retreat, 1920-24", "m"),
    "Quoted in Letters From Russian Prisons":
        ("icpp-letters-russian-prisons", "Letters From Russian Prisons", "m"),
    "Richard Gombin, The Radical Tradition": ("gombin-radical-tradition", "The Radical Tradition", "m"),
    "Serge, Memoirs of a Revolutionary": ("serge-memoirs", "Memoirs of a Revolutionary", "m"),
    "Victor Serge, Memoirs": ("serge-memoirs", "Memoirs", "m"),
    "Shliapnikov et al, Appeal of the 22": ("shliapnikov-appeal-22", "Appeal of the 22", "m"),
}

# Parenthesised asides that are not citations (checked: nothing is left unclassified).
NOT_CITATIONS = {
    "1920", "21", "Bolshevik", "Bolsheviks", "b",
    "Gavril believed Irinin worked for the French secret service",
    "Shliapnikov, Medvedev, Lutovinov", "a Workers Group slogan",
    "a former member of the Democratic Centralists group",
    "alternate spelling Gavril Ilyich Myasnikov", "and in fact expulsion",
    "and thus the capitalist state",
    "his consistent defence of the concept of a workers state, for example",
    'in turn Miasnikov refers to Trotsky as "the most hardened of bureaucrats"',
    "including some of the revolutionary syndicalists", "only 2500 of these were active troops",
    "the Trotskyists and Zinovievists", "the one immediately prior to Kronstadt",
    "the party membership in the Kronstadt Naval Base itself excepted",
    "the transcript of an interview with the NKVD",
    "they called this the 'new exploitation of the proletariat'",
    "they instead formed their own International, the IWA",
    "which was extremely similar to all the positions of the Workers Group",
    "while disciplining, or preventing the emergence of rich peasants through Soviet policy",
}
PAREN = re.compile(r"\(([^()]*)\)")


@dataclass(frozen=True)
class Wrap:
    """Wrap every match of `pattern` in open/close markup; it must match `count` times."""

    pattern: str
    open: str
    close: str
    count: int


def title(pattern: str, level: str, count: int, ref: str | None = None) -> Wrap:
    r = f' ref="#{ref}"' if ref else ""
    return Wrap(pattern, f'<title level="{level}"{r}>', "</title>", count)


def fix(pattern: str, corr: str, count: int) -> Wrap:
    return Wrap(pattern, "<choice><sic>", f"</sic><corr{ED}>{escape(corr)}</corr></choice>", count)


# Titles of works named in running text (outside the citations above).
TITLES: list[Wrap] = [
    title(r"The Latest Deception", "m", 5, "miasnikov-latest-deception"),
    title(r"Manifesto of the Workers' Group of the Russian Communist Party", "m", 1, "miasnikov-manifesto"),
    title(r'(?<=")Appeal of the 22(?=")', "m", 1, "shliapnikov-appeal-22"),
    title(r"The Same, Only a Different Way", "a", 1, "miasnikov-same-different-way"),
    title(r"Last Testament of the Left Communist Gavriil Miasnikov", "m", 1, "miasnikov-last-testament"),
    title(r"(?<=')Last Testament(?=')", "m", 2, "miasnikov-last-testament"),
    title(r"Left-Wing Communism", "m", 1),
    title(r'(?<=")Pravda(?=")', "j", 1),
    title(r"L'Ouvrier Communiste", "j", 1),
    title(r"The Voice of Labour", "j", 1),
    title(r'(?<=")The Workers Road to Power|(?<=the )Workers Road to Power', "j", 2),
    title(r"Workers Dreadnaught", "j", 1),
    title(r"Platform of the Fifteen; On the Eve of Thermidor", "m", 1),
    title(r"Concerning Classes in Contemporary Russia", "m", 1),
    title(r"A Brief Critique of the Theory and Practice of the VKP\(b\) \[AllUnion Communist Party "
          r"\(Bolsheviks\)\] and the Comintern", "m", 1),
    title(r"The Class Theory of the State of the USSR", "m", 1),
    title(r"Liquidationism and Marxism", "m", 1),
    title(r"Victories and Defeats of the Russian Proletariat, or Who Betrayed October", "m", 1),
    # a citation inside a quotation of Miasnikov; the work is not in the author's list
    Wrap(r"Programme of the Russian Communist Party \(Bolshevik\)",
         '<bibl><ref target="#rcp-programme"><title level="m">', "</title></ref></bibl>", 1),
]

# Corrections of slips (the sic reading stays the text of the edition).
FIXES: list[Wrap] = [
    fix(r"signiator", "signatory", 1),
    fix(r"Shylapiknov", "Shlyapnikov", 2),
    fix(r"Zionviev", "Zinoviev", 1),
    fix(r"Bukarhin", "Bukharin", 1),
    fix(r"Pankhurts", "Pankhurst's", 1),
    fix(r"Dreadnaught", "Dreadnought", 1),
    fix(r"Miasikovs", "Miasnikov's", 1),
    fix(r"Proudhommeaux", "Prudhommeaux", 2),
    fix(r"Ossinky", "Ossinsky", 2),
    fix(r"bourgeoise\b", "bourgeoisie", 1),
    fix(r"(?<=not only at )he(?= KAPD)", "the", 1),
    fix(r"Part(?= congress)", "Party", 1),
    fix(r"(?<=could )bringing", "bring", 1),
    fix(r"(?<=Others )thought(?= came)", "though", 1),
    fix(r"Parties(?= 11th)", "Party's", 1),
]


@dataclass(frozen=True)
class Note:
    """An editorial note inserted right after the (unique) match of `after`.

    In `text`, {L123} becomes a reference to the citable unit holding source line 123.
    """

    after: str
    text: str


NOTES: list[Note] = [
    Note(r"On the 12th of July",
         "Date: Grand Duke Michael Alexandrovich was killed at Perm in June 1918, not July. The "
         "German Wikipedia article on Miasnikov (“Gawriil Iljitsch Mjasnikow”) gives the night of "
         "12 to 13 June 1918; Cambridge University Library’s online exhibition “Revolution: the "
         "first Bolshevik year” gives 13 June 1918."),
    Note(r"held in Moscow between the 18th and 30th of March, 1918",
         "Date: Wikipedia (“8th Congress of the Russian Communist Party (Bolsheviks)”) gives "
         "18–23 March 1919 for the Eighth Congress, held in Moscow."),
    Note(r"Trotsky's expulsion from the USSR in 1927\.",
         "Internal inconsistency: elsewhere the essay dates Trotsky’s exile from the Soviet Union "
         "to 1929 and his expulsion from the Communist Party to 1927 ({L194}, {L196})."),
    Note(r'the manuscript for "The Latest Deception" in 1931\.',
         "Internal inconsistency: the essay dates The Latest Deception differently in different "
         "places: Miasnikov presents it to Trotsky after contacting him in 1929 ({L166}); the "
         "reference list dates it October 1930; here and in {L114} it is a work of 1931."),
    Note(r"lost power at the 8th Congress of the Bolshevik Party in 1920\.",
         "Internal inconsistency: elsewhere ({L132}, {L136}) the essay reports that Miasnikov "
         "identified the Ninth Congress of 1920 as the beginning of the end of the revolution; "
         "on the date of the Eighth Congress see the note to {L126}."),
    Note(r"In 1946 he was lured back to the Soviet Union by authorities",
         "Date: the NKGB documents translated by Malcolm Archibald as “The Last Testament of the "
         "Left Communist Gavriil Miasnikov” (Marxists Internet Archive) record that the Soviet "
         "embassy in France sent Miasnikov to the USSR on 18 December 1944 and that he was "
         "interrogated in Moscow from January 1945; the essay’s reference list also dates the "
         "Last Testament 1945."),
    Note(r"on the 16th of November, 1946,",
         "Date: Wikipedia (“Gavril Myasnikov”) gives 16 November 1945 as the date of Miasnikov’s "
         "death in Moscow; see the previous note."),
]


# --- bibliography items --------------------------------------------------------
# id -> the item as XML; its text must equal the source item exactly.
LISTS = {"books": "Books", "articles": "Articles", "original-writings": "Miasnikov's original writings"}


def _t(level: str, s: str) -> str:
    return f'<title level="{level}">{escape(s)}</title>'


def _a(s: str) -> str:
    return f"<author>{escape(s)}</author>"


BIBL: dict[str, str] = {
    "farber-before-stalinism": _t("m", "Before Stalinism, The Rise and Fall of Soviet Democracy") + ", " + _a("Samuel Farber"),
    "allen-shlyapnikov": _t("m", "Alexander Shlyapnikov, 1885–1937: Life of an Old Bolshevik") + ", " + _a("Barbara Allen"),
    "liebman-leninism-under-lenin": _t("m", "Leninism Under Lenin") + ", " + _a("Marcel Liebman"),
    "maximoff-guillotine": _t("m", "The Guillotine at Work") + ", " + _a("G.P Maximoff"),
    "pannekoek-workers-councils": _t("m", "Workers Councils") + ", " + _a("Anton Pannekoek"),
    "pirani-revolution-in-retreat": _t("m", "The Russian Revolution in Retreat, 1920–24") + ", " + _a("Simon Pirani"),
    "deutscher-prophet-armed": _t("m", "The Prophet Armed")
        + f", <author>Isaac <choice><sic>Deutzcher</sic><corr{ED}>Deutscher</corr></choice></author>",
    "lenin-kronstadt": _t("m", "Kronstadt") + ", " + _a("Lenin") + ", " + _a("Trotsky") + " et al",
    "ciliga-lenin-also": _t("m", "Lenin; Also") + ", " + _a("Anton Ciliga"),
    "avrich-anarchists": _t("m", "Anarchists in the Russian Revolution") + ", " + _a("Paul Avrich"),
    "gombin-radical-tradition": _t("m", "The Radical Tradition") + ", " + _a("Richard Gombin"),
    "luxemburg-russian-revolution": _t("m", "The Russian Revolution") + ", " + _a("Rosa Luxemburg"),
    "malet-nestor-makhno": _t("m", "Nestor Makhno In the Russian Civil War") + ", " + _a("Michael Malet"),
    "serge-memoirs": _t("m", "Memoirs of a Revolutionary") + ", " + _a("Victor Serge"),
    "icpp-letters-russian-prisons": _t("m", "Letters from Russian Prisons") + ", "
        + _a("International Committee for Political Prisoners"),
    "oliver-bolshevik-left": _t("a", "The Bolshevik Left and Workers Power") + ", " + _a("Michel Oliver"),
    "pfemfert-infantile-disorder": _t("a", "Lenin's Infantile Disorder") + ", " + _a("Franz Pfemfert"),
    "avrich-bolshevik-opposition": _t("a", "Bolshevik Opposition To Lenin") + ", " + _a("Paul Avrich"),
    "kommunist-1918": _t("j", "Kommunist") + ', No 2 <date when="1918-04">April 1918</date>',
    "hebbes-communist-left": _t("a", "The Communist Left in Russia After 1920") + ", " + _a("Ian Hebbes"),
    "miasnikov-same-different-way": _t("a", "The Same, Only in a Different Way")
        + ', <date when="1920-12">December 1920</date>',
    "miasnikov-manifesto": _t("m", "Manifesto of the Workers' Group of the Russian Communist Party")
        + ', <date when="1923-02">February 1923</date>',
    "miasnikov-draft-platform": _t("m", "Draft Platform for the Communist Workers' International")
        + ', <date when="1930-03">March 1930</date>',
    "miasnikov-latest-deception": _t("m", "The Latest Deception") + ', <date when="1930-10">October 1930</date>',
    "miasnikov-last-testament": _t("m", "The Last Testament of the Left Communist Gavriil Miasnikov")
        + ', <date when="1945">1945</date>',
    "shliapnikov-appeal-22": _t("m", "Appeal of the 22") + ", " + _a("Shliapnikov") + ", " + _a("Kollontai")
        + ", " + _a("Miasnikov") + ' etc, <date when="1922">1922</date>',
}

# Works cited in the text but missing from the author's reference list.
ADDITIONS: dict[str, str] = {
    "rcp-programme": _t("m", "Programme of the Russian Communist Party (Bolshevik)")
        + "<note>Cited by Miasnikov inside the passage the author quotes from the Draft Platform "
          "for the Communist Workers International; not in the author's reference list. Entry "
          "added by the editors.</note>",
}
