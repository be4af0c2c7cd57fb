#!/usr/bin/env python3
"""Build gazetteers/names/given.tsv from the US Census 1990 given-name list (public domain).

Keeps names with percent >= 0.003, drops names that are common English words, months or
weekdays (list below, documented in README.md), merges F/M duplicates (sex U, max percent),
and adds common given names of people in international news (percent empty, sex U/M/F).
    python3 scripts/gazetteers/build_given.py > gazetteers/names/given.tsv
"""
import csv
import os
import sys

SRC = "/work/shared/gazetteer-sources/given_names_us_census1990.tsv"
SURNAMES = "/work/shared/gazetteer-sources/surnames_us_census1990.tsv"
HERE = os.path.dirname(os.path.abspath(__file__))
PEOPLE = os.path.join(HERE, "..", "..", "gazetteers", "people.tsv")
COUNTRIES = os.path.join(HERE, "..", "..", "gazetteers", "countries.tsv")
TITLES = os.path.join(HERE, "..", "..", "gazetteers", "titles.tsv")
# sigpwned/popular-names-by-country-dataset (CC0 1.0): the most popular given
# names of 106 countries, from Wikipedia's lists (July 2023).
BY_COUNTRY = os.path.join(HERE, "sources", "common-forenames-by-country.csv")
# First names of the gazetteer's people that are not given names on their own
# (titles, words, places, surnames used as first names), reviewed by hand.
NOT_GIVEN = set("""
Admiral Emperor French Grand Gen Baron Butler Barber April Grace Israel Hamilton Evans Denver
Heather Jasmine Constance Birch Burgess Chalmers Compton Donaldson Gillespie Hansen Howell
Baldwin Easton Doc Chip Ash Arch Cass Clem Horta Hage Carte Brockman Goodloe Armistead Cordel
Fortney Gillis Hakainde Amory Berkley Colville Druie Duma Enex Ibu Desire Francia Cresent
Abd Dang Hoang Aumua Afega Saint Sheikh Sultan Prince King Queen Pope Lord Sir Dame Mullah
Ayatollah Field Marshal General Colonel Captain Major Lieutenant Sergeant Bishop Cardinal
Representatives Slumber Speedy Tiger Vital Succès Salud Tan Sato Sharma Pillay Trinh Truong
Vuong Luong Tuanku Shri Sher Raja Rand Odd Mute Norm Kit Kat Marine Koln Nana Tomo Toke Lolo
Sala Tui Salva Sifi Lenin Prosper Tallis Mendel Menzies Standish Stuyvesant Sedgwick Lawton
""".split())

MIN = 0.003
# common English words / months / weekdays / titles that would create false person starts
DROP = set("""
May June April August Will Mark Joy Hope Faith Grace Rose Lily Iris Ivy Hazel Pearl Ruby Amber Crystal Dawn Summer Autumn Winter Star Sunny Honey Candy Cherry Ginger Holly Heather Daisy Violet Jasmine Olive Penny Sterling Major King Prince Duke Baron Bishop Deacon Judge Sheriff Marshal General Colonel Chance Rich Sky Storm Rocky Stone Wood Bud Buck Chip Gay Lane Price Royal Young Long Love Sandy Rusty Art Chase Cash Page Trinity Harmony Melody Destiny Charity Patience Mercy Constance Prudence Liberty Unique Precious Miracle Sung Min Lee Sun Mo Ma Tu Le Van Dong An Else Ever Wan Ha Hai Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March September October November December Sage Booker Hardy Noble Justice Easter Christmas Cat Kitty Bunny Fawn Lark Wren Cloud Rain River Forest Brook Jordan Chad Georgia Israel Kenya India Asia China Paris London Houston Denver Phoenix Camden Trenton
""".split())
# frequent given names of people in international news (not in the US 1990 list or below threshold)
EXTRA = """Vladimir M;Sergei M;Sergey M;Dmitry M;Dmitri M;Dmitriy M;Alexei M;Alexey M;Aleksandr M;Yevgeny M;Yuri M;Mikhail M;Nikolai M;Vasily M;Valery M;Vyacheslav M;Igor M;Oleg M;Andrei M;Andrey M;Maria F;Tatiana F;Olga F;Yulia F;Volodymyr M;Oleksandr M;Oleksii M;Dmytro M;Andrii M;Andriy M;Petro M;Mykola M;Olaf M;Friedrich M;Annalena F;Boris M;Emmanuel M;Edouard M;Jean-Yves M;Jean-Marc M;Jean-Noel M;Francois M;Jacques M;Nicolas M;Recep M;Mevlut M;Hakan M;Narendra M;Rajnath M;Subrahmanyam M;Rahul M;Shehbaz M;Imran M;Nawaz M;Benjamin M;Yoav M;Naftali M;Yair M;Benny M;Mahmoud M;Ismail M;Yahya M;Hassan M;Ebrahim M;Masoud M;Abbas M;Javad M;Mohammad M;Mohammed M;Muhammad M;Mohamed M;Ahmed M;Ahmad M;Ali M;Abdullah M;Abdel M;Khalid M;Faisal M;Salman M;Hamad M;Tamim M;Fumio M;Shinzo M;Yoshihide M;Taro M;Shigeru M;Sanae F;Yoshimasa M;Toshimitsu M;Junichiro M;Xi M;Jinping M;Keqiang M;Luiz M;Jair M;Javier M;Andres M;Claudia F;Gustavo M;Nicolas M;Cyril M;Jacob M;Abiy M;Ursula F;Antonio M;Jens M;Ngozi F;Tedros M;Rafael M;Kristalina F;Giorgia F;Mario M;Matteo M;Sergio M;Pedro M;Mateusz M;Andrzej M;Viktor M;Aleksandar M;Ilham M;Nikol M;Kassym-Jomart M;Joko M;Prabowo M;Anwar M;Rodrigo M;Ferdinand M;Hun M;Min M;Aung M;Volker M;Josep M;Kaja F;Charles M;Keir M;Rishi M;Theresa F;Boris M;Jeremy M;Jacinda F;Justin M;Anthony M;Scott M;Malcolm M;Pierre M;Mikhail M;Recep M;Bashar M;Hosni M;Muammar M;Saddam M;Yasser M;Ayman M;Osama M;Abu M;Hamid M;Ashraf M;Pervez M;Nouri M;Haider M;Moqtada M;Hezbollah U"""
# Sex from the two census lists: each percent is a share of its own sex's
# population, so a name is M (F) when at least 90% of the people bearing it
# are men (women), else U (Leslie, Kim, Jordan).
SHARE = 0.9
pct = {}
with open(SRC, encoding="utf-8") as f:
    for r in csv.DictReader(f, delimiter="\t"):
        by_sex = pct.setdefault(r["name"], {"F": 0.0, "M": 0.0})
        by_sex[r["sex"]] = max(by_sex[r["sex"]], float(r["percent"]))
rows = {}
for n, by_sex in pct.items():
    p = max(by_sex.values())
    if p < MIN or n in DROP:
        continue
    total = by_sex["F"] + by_sex["M"]
    sex = "M" if by_sex["M"] >= SHARE * total else "F" if by_sex["F"] >= SHARE * total else "U"
    rows[n] = (sex, p)
out = sys.stdout
out.write("# given names (US Census 1990, public domain, percent >= 0.003, filtered) + hand-added international given names + first names of the gazetteer's people + popular names by country (CC0; empty percent); see README.md\n")
out.write("name\tsex\tpercent\n")
for n, (s, p) in sorted(rows.items(), key=lambda x: -x[1][1]):
    out.write(f"{n}\t{s}\t{p:.3f}\n")
# First names of the gazetteer's people (built from public-domain and CC0
# sources, see SOURCES.md): Italian, French, Arabic, Slavic... given names the
# US list lacks. Not a title, a country's name or demonym, a word of the DROP
# list or a common US surname (rank < 2000).
def not_given_names():
    """Words that are no given name on their own here."""
    bad = set(DROP) | NOT_GIVEN
    with open(TITLES, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#"):
                for form in line.rstrip("\n").split("\t")[:2]:
                    bad.update(x for x in form.split("|") if x)
    with open(COUNTRIES, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#"):
                for col in line.rstrip("\n").split("\t"):
                    for x in col.split("|"):
                        bad.update(x.split())
    with open(SURNAMES, encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            if int(r["rank"]) < 2000:
                bad.add(r["name"].capitalize())
    return bad


def first_names(bad):
    names = set()
    with open(PEOPLE, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or line.startswith("id\t"):
                continue
            fields = line.rstrip("\n").split("\t")
            name, surname = fields[1], fields[3]
            if not surname or not name.endswith(" " + surname):
                continue
            first = name[: -len(surname)].split()[0]
            if len(first) > 2 and "." not in first and first[0].isupper() and first not in bad:
                names.add(first)
    return sorted(names)


for item in EXTRA.split(";"):
    n, s = item.rsplit(" ", 1)
    if n in rows or n == "Hezbollah":
        continue
    rows[n] = (s, 0)
    out.write(f"{n}\t{s}\t\n")
def popular_by_country(bad):
    """Latin-script single-word names of the by-country list, with their sex."""
    names = {}
    with open(BY_COUNTRY, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            n = r["Romanized Name"].strip()
            if r["Romanization"] != "N" or not n or " " in n or not n[0].isupper() or n in bad:
                continue
            sex = r["Gender"] if r["Gender"] in ("F", "M") else "U"
            names[n] = sex if names.get(n, sex) == sex else "U"
    return sorted(names.items())


BAD = not_given_names()
for n in first_names(BAD):
    if n not in rows:
        rows[n] = ("U", 0)
        out.write(f"{n}\tU\t\n")
for n, sex in popular_by_country(BAD):
    if n not in rows and n not in {"Atlas", "Lovely", "Luna", "Kai", "Koa", "Willow", "Harper"}:
        rows[n] = (sex, 0)
        out.write(f"{n}\t{sex}\t\n")
