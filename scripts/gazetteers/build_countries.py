#!/usr/bin/env python3
"""Build gazetteers/countries.tsv from /work/shared/gazetteer-sources/countries.tsv.

Standard library only.  The source (CLDR 48 + CIA Factbook + ruby `countries`) is
cleaned with generic rules (drop notes / parentheses / garbage) and a reviewed,
hand-written override table below (canonical-name policy, aliases, abbreviations,
demonyms, capitals, former names).  Re-run:

    python3 scripts/gazetteers/build_countries.py [SOURCE_TSV] > gazetteers/countries.tsv
"""
import csv
import sys

SRC = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/gazetteer-sources/countries.tsv"
COLS = ["id", "canonical", "aliases", "abbrevs", "demonyms", "capitals", "former", "parent"]
LIST_COLS = COLS[2:-1]

# --- canonical-name policy: the short English name as AP / Reuters copy writes it ---
CANONICAL = {
    "AG": "Antigua and Barbuda", "BA": "Bosnia and Herzegovina", "BL": "St. Barthelemy",
    "CD": "Democratic Republic of Congo", "CG": "Republic of Congo", "CI": "Ivory Coast",
    "CZ": "Czech Republic", "GB": "Britain", "GS": "South Georgia and the South Sandwich Islands",
    "HM": "Heard Island and McDonald Islands", "KN": "St. Kitts and Nevis", "LC": "St. Lucia",
    "MF": "St. Martin", "MO": "Macau", "PM": "St. Pierre and Miquelon", "SH": "St. Helena",
    "SJ": "Svalbard and Jan Mayen", "ST": "Sao Tome and Principe", "TC": "Turks and Caicos Islands",
    "TL": "East Timor", "TR": "Turkey", "TT": "Trinidad and Tobago", "VA": "Vatican",
    "VC": "St. Vincent and the Grenadines", "WF": "Wallis and Futuna", "UM": "U.S. Minor Outlying Islands",
    "PS": "Palestinian territories", "CC": "Cocos Islands", "RE": "Reunion",
}

# Full replacement of a column (reviewed).  Values are |-lists.
SET = {
    "AE": {"aliases": "Emirates", "demonyms": "Emirati|Emiratis", "former": "Trucial States"},
    "AF": {"aliases": "Islamic Republic of Afghanistan|Islamic Emirate of Afghanistan",
           "demonyms": "Afghan|Afghans|Afghani"},
    "AG": {"aliases": "Antigua", "demonyms": "Antiguan|Antiguans|Barbudan|Barbudans", "capitals": ""},
    "AI": {"capitals": ""},
    "AR": {"demonyms": "Argentine|Argentines|Argentinian|Argentinians|Argentinean|Argentineans"},
    "AS": {"abbrevs": ""},
    "AW": {"demonyms": "Aruban|Arubans"},
    "GG": {"demonyms": "", "capitals": "St. Peter Port|Saint Peter Port", "former": ""},
    "JE": {"demonyms": "", "capitals": "St. Helier|Saint Helier", "former": ""},
    "AZ": {"demonyms": "Azerbaijani|Azerbaijanis|Azeri|Azeris"},
    "BA": {"aliases": "Bosnia|Bosnia-Herzegovina|Bosnia Herzegovina|Bosnia & Herzegovina",
           "demonyms": "Bosnian|Bosnians|Herzegovinian|Herzegovinians",
           "former": "Socialist Republic of Bosnia and Herzegovina"},
    "BD": {"former": "East Pakistan"},
    "BH": {"former": "State of Bahrain"},
    "BI": {"former": "Kingdom of Burundi"},
    "BL": {"aliases": "Saint Barthelemy|St. Barthélemy|Saint Barthélemy|St. Barts|St. Barths|St Barts",
           "abbrevs": "", "demonyms": "", "capitals": ""},
    "BM": {"capitals": ""},
    "BN": {"aliases": "Brunei Darussalam"},
    "BR": {"capitals": "Brasilia|Brasília"},
    "BS": {"aliases": "The Bahamas|Commonwealth of The Bahamas|Commonwealth of the Bahamas"},
    "BW": {"demonyms": "Botswanan|Motswana|Batswana"},
    "BY": {"aliases": "Republic of Belarus", "former": "Byelorussia|Belorussia|Byelorussian Soviet Socialist Republic",
           "demonyms": "Belarusian|Belarusians|Belarussian|Belarussians|Byelorussian|Belorussian"},
    "CC": {"aliases": "Cocos Keeling Islands|Keeling Islands", "capitals": ""},
    "CD": {"aliases": "Democratic Republic of the Congo|DR Congo|Congo-Kinshasa|Congo",
           "abbrevs": "DRC|D.R.C.|DROC", "demonyms": "Congolese|Zairean|Zairian|Zaireans|Zairians",
           "former": "Zaire|Belgian Congo|Republic of Zaire"},
    "CF": {"abbrevs": "C.A.R."},
    "CG": {"aliases": "Republic of the Congo|Congo Republic|Congo-Brazzaville|Congo Brazzaville",
           "demonyms": "", "former": "People's Republic of the Congo"},
    "CH": {"abbrevs": "", "capitals": "Bern|Berne"},
    "CI": {"aliases": "Côte d'Ivoire|Côte d’Ivoire|Cote d'Ivoire|Cote d’Ivoire|Republic of Côte d'Ivoire|Republic of Cote d'Ivoire",
           "demonyms": "Ivorian|Ivorians|Ivoirian|Ivoirians", "former": ""},
    "CM": {"capitals": "Yaounde|Yaoundé", "former": "United Republic of Cameroon|Federal Republic of Cameroon"},
    "CN": {"aliases": "People's Republic of China|People’s Republic of China|Mainland China", "abbrevs": "PRC|P.R.C.",
           "capitals": "Beijing|Peking"},
    "CO": {"capitals": "Bogota|Bogotá"},
    "CR": {"capitals": "San José"},
    "CV": {"aliases": "Cabo Verde|Republic of Cabo Verde", "demonyms": "Cape Verdean|Cape Verdeans|Cabo Verdean|Cabo Verdeans"},
    "CW": {"aliases": "Curacao|Country of Curaçao|Country of Curacao", "demonyms": "Curacaoan|Curaçaoan", "former": ""},
    "CX": {"demonyms": "Christmas Islander|Christmas Islanders", "capitals": ""},
    "CZ": {"aliases": "Czechia", "former": ""},
    "DE": {"aliases": "Federal Republic of Germany", "abbrevs": "FRG", "demonyms": "German|Germans|West German|West Germans",
           "capitals": "Berlin|Bonn", "former": "West Germany"},
    "DJ": {"demonyms": "Djiboutian|Djiboutians", "capitals": ""},
    "DM": {"demonyms": "", "capitals": "Roseau"},
    "DO": {"aliases": "", "demonyms": "Dominican|Dominicans", "former": ""},
    "EC": {"demonyms": "Ecuadorean|Ecuadoreans|Ecuadorian|Ecuadorians", "former": ""},
    "EE": {"former": ""},
    "EG": {"former": ""},
    "EH": {"former": "Spanish Sahara"},
    "ET": {"abbrevs": "", "former": "Abyssinia"},
    "FK": {"aliases": "Falklands|Malvinas|Islas Malvinas", "demonyms": "Falkland Islander|Falkland Islanders|Falklander|Falklanders",
           "capitals": ""},
    "FM": {"demonyms": "Micronesian|Micronesians", "former": ""},
    # The constituent countries are rows of their own (EXTRA, parent C:GB):
    # the news treats them as countries, above all in sport.
    "GB": {"aliases": "United Kingdom|Great Britain|United Kingdom of Great Britain and Northern Ireland",
           "abbrevs": "UK|U.K.|GB",
           "demonyms": "British|Briton|Britons",
           "capitals": "London"},
    "GD": {"capitals": ""},
    "GE": {"former": "Georgian Soviet Socialist Republic"},
    "GF": {"demonyms": "French Guianese|French Guianan"},
    "GI": {"demonyms": "Gibraltarian|Gibraltarians"},
    "GN": {"demonyms": "Guinean|Guineans"},
    "GW": {"demonyms": "Bissau-Guinean|Bissau-Guineans|Guinea-Bissauan"},
    "GS": {"aliases": "South Georgia and South Sandwich Islands|South Georgia & South Sandwich Islands", "demonyms": ""},
    "GU": {"abbrevs": ""},
    "GY": {"capitals": ""},
    "HK": {"aliases": "Hong Kong SAR|Hong Kong Special Administrative Region", "abbrevs": "HK|HKSAR",
           "demonyms": "Hong Konger|Hong Kongers|Hongkonger|Hongkongers"},
    "HM": {"aliases": "Heard & McDonald Islands|Territory of Heard Island and McDonald Islands"},
    "HU": {"former": "Hungarian People's Republic"},
    "ID": {"former": "Dutch East Indies|Netherlands East Indies"},
    "IE": {"aliases": "Republic of Ireland|Eire|Éire"},
    "IL": {"former": ""},
    "IM": {"capitals": ""},
    "IO": {"capitals": ""},
    "IQ": {"former": ""},
    "IR": {"capitals": "Tehran|Teheran"},
    "IS": {"capitals": "Reykjavik|Reykjavík"},
    "KG": {"aliases": "Kyrgyz Republic|Kirghizia|Kirgizia", "demonyms": "Kyrgyz|Kirghiz|Kyrgyzstani|Kyrgyzstanis"},
    "KH": {"former": "Kampuchea|Khmer Republic|Democratic Kampuchea|People's Republic of Kampuchea"},
    "KM": {"demonyms": "Comoran|Comorans|Comorian|Comorians"},
    "KN": {"aliases": "Saint Kitts and Nevis|St Kitts and Nevis|Federation of Saint Kitts and Nevis|St. Kitts & Nevis",
           "demonyms": "Kittitian|Kittitians|Nevisian|Nevisians"},
    "KP": {"aliases": "Democratic People's Republic of Korea|Democratic People’s Republic of Korea",
           "abbrevs": "DPRK|D.P.R.K.|N. Korea|N.Korea",
           "demonyms": "North Korean|North Koreans|N. Korean|N. Koreans", "capitals": "Pyongyang"},
    "KR": {"aliases": "Republic of Korea", "abbrevs": "ROK|R.O.K.|S. Korea|S.Korea",
           "demonyms": "South Korean|South Koreans|S. Korean|S. Koreans", "capitals": "Seoul"},
    "KZ": {"aliases": "Republic of Kazakhstan|Kazakstan", "demonyms": "Kazakh|Kazakhs|Kazakhstani|Kazakhstanis",
           "capitals": "Astana|Nur-Sultan|Almaty|Alma-Ata", "former": "Kazakh Soviet Socialist Republic"},
    "LA": {"aliases": "Lao People's Democratic Republic|Lao PDR", "abbrevs": ""},
    "LB": {"former": ""},
    "LC": {"aliases": "Saint Lucia|St Lucia"},
    "LK": {"former": "Ceylon"},
    "LU": {"demonyms": "Luxembourger|Luxembourgers|Luxembourgish"},
    "LT": {"former": ""},
    "LV": {"former": ""},
    "MA": {"former": ""},
    "MD": {"capitals": "Chisinau|Chișinău|Kishinev", "former": "Moldavia|Moldavian Soviet Socialist Republic",
           "demonyms": "Moldovan|Moldovans|Moldavian|Moldavians"},
    "ME": {"former": ""},
    "MF": {"aliases": "Saint Martin|Overseas Collectivity of Saint Martin", "demonyms": ""},
    "MG": {"former": "Malagasy Republic"},
    "MH": {"abbrevs": "RMI", "former": ""},
    "MK": {"aliases": "Republic of North Macedonia", "abbrevs": "FYROM",
           "former": "Macedonia|Republic of Macedonia|Former Yugoslav Republic of Macedonia|former Yugoslav Republic of Macedonia"},
    "ML": {"former": "French Sudan"},
    "MM": {"aliases": "Republic of the Union of Myanmar", "demonyms": "Burmese|Myanmarese",
           "capitals": "Naypyitaw|Naypyidaw|Nay Pyi Taw|Yangon|Rangoon", "former": "Burma|Union of Burma|Union of Myanmar"},
    "MO": {"aliases": "Macao|Macau SAR|Macao SAR|Macau Special Administrative Region|Macao Special Administrative Region",
           "demonyms": "Macanese"},
    "MP": {"demonyms": "", "former": ""},
    "MS": {"capitals": ""},
    "MV": {"demonyms": "Maldivian|Maldivians", "capitals": "Malé"},
    "MY": {"former": "Federation of Malaya|Malaya"},
    "NA": {"former": "South-West Africa|South West Africa"},
    "NC": {"capitals": "Noumea|Nouméa"},
    "NF": {"capitals": ""},
    "NL": {"aliases": "Kingdom of the Netherlands|Holland|The Netherlands", "abbrevs": "",
           "demonyms": "Dutch|Dutchman|Dutchmen|Dutchwoman|Dutchwomen|Netherlander|Netherlanders",
           "capitals": "The Hague"},
    "NP": {"demonyms": "Nepalese|Nepali|Nepalis"},
    "NR": {"capitals": "", "former": ""},
    "NZ": {"demonyms": "New Zealander|New Zealanders|Kiwi|Kiwis", "former": ""},
    "PA": {"capitals": ""},
    "PE": {"capitals": "Lima"},
    "PF": {"former": ""},
    "PG": {"former": ""},
    "PH": {"aliases": "Republic of the Philippines|The Philippines",
           "demonyms": "Philippine|Filipino|Filipinos|Filipina|Filipinas"},
    "PM": {"aliases": "Saint Pierre and Miquelon|St. Pierre & Miquelon", "demonyms": "", "capitals": ""},
    "PN": {"aliases": "Pitcairn|Pitcairn Island", "capitals": ""},
    "PR": {"abbrevs": ""},
    "PS": {"aliases": "Palestine|State of Palestine|Palestinian Territories|occupied Palestinian territories|Occupied Palestinian Territories",
           "demonyms": "Palestinian|Palestinians"},
    "PY": {"capitals": "Asuncion|Asunción"},
    "RO": {"former": "Rumania|Socialist Republic of Romania", "demonyms": "Romanian|Romanians|Rumanian|Rumanians"},
    "RS": {"former": "Socialist Republic of Serbia"},
    "RU": {"aliases": "Russian Federation", "former": "Russian Soviet Federative Socialist Republic"},
    "RW": {"demonyms": "Rwandan|Rwandans|Rwandese", "former": ""},
    "SA": {"abbrevs": "KSA", "demonyms": "Saudi|Saudis|Saudi Arabian|Saudi Arabians"},
    "SC": {"capitals": ""},
    "SD": {"former": "Democratic Republic of the Sudan"},
    "SH": {"aliases": "Saint Helena|Saint Helena, Ascension and Tristan da Cunha|Saint Helena, Ascension, and Tristan da Cunha",
           "capitals": ""},
    "SI": {"demonyms": "Slovenian|Slovenians|Slovene|Slovenes", "former": ""},
    "SJ": {"aliases": "Svalbard & Jan Mayen|Svalbard|Spitsbergen"},
    "SK": {"demonyms": "Slovak|Slovaks|Slovakian"},
    "SN": {"former": ""},
    "SO": {"former": "Somali Republic|Somali Democratic Republic"},
    "SR": {"aliases": "Republic of Suriname|Surinam", "demonyms": "Surinamese|Surinamer|Surinamers", "former": "Dutch Guiana"},
    "ST": {"aliases": "São Tomé and Príncipe|São Tomé & Príncipe|Democratic Republic of Sao Tome and Principe",
           "demonyms": "Santomean|Santomeans|Sao Tomean|Sao Tomeans"},
    "SV": {"demonyms": "Salvadoran|Salvadorans|Salvadorean|Salvadoreans"},
    "SX": {"former": ""},
    "SY": {"former": ""},
    "SZ": {"aliases": "Kingdom of Eswatini", "demonyms": "Swazi|Swazis", "former": "Swaziland|Kingdom of Swaziland"},
    "TC": {"aliases": "Turks & Caicos Islands", "abbrevs": "", "demonyms": ""},
    "TD": {"capitals": "N'Djamena|N’Djamena|Ndjamena"},
    "TG": {"capitals": "Lome|Lomé"},
    "TH": {"demonyms": "Thai|Thais"},
    "TJ": {"demonyms": "Tajik|Tajiks|Tadjik|Tadzhik|Tajikistani|Tajikistanis"},
    "TL": {"aliases": "Timor-Leste|Democratic Republic of Timor-Leste", "former": "Portuguese Timor"},
    "TR": {"aliases": "Türkiye|Turkiye|Republic of Turkey|Republic of Türkiye"},
    "TT": {"aliases": "Trinidad & Tobago|Republic of Trinidad and Tobago|Trinidad"},
    "TW": {"aliases": "Republic of China", "abbrevs": "ROC|R.O.C.", "capitals": "Taipei"},
    "TZ": {"former": "Tanganyika"},
    "UA": {"aliases": "The Ukraine", "capitals": "Kyiv|Kiev"},
    "UM": {"aliases": "U.S. Outlying Islands|United States Minor Outlying Islands"},
    "US": {"aliases": "United States of America|America", "abbrevs": "US|U.S.|USA|U.S.A.",
           "capitals": "Washington|Washington, D.C.|Washington D.C."},
    "UZ": {"demonyms": "Uzbek|Uzbeks|Uzbekistani|Uzbekistanis"},
    "VA": {"aliases": "Vatican City|Holy See|Vatican City State|The Holy See", "demonyms": ""},
    "VC": {"aliases": "Saint Vincent and the Grenadines|St. Vincent & Grenadines|St Vincent and the Grenadines|Saint Vincent"},
    "VE": {"former": ""},
    "VG": {"abbrevs": "BVI"},
    "VI": {"aliases": "United States Virgin Islands|US Virgin Islands", "abbrevs": "USVI"},
    "VN": {"aliases": "Socialist Republic of Vietnam|Viet Nam", "abbrevs": ""},
    "WF": {"aliases": "Wallis & Futuna|Territory of the Wallis and Futuna Islands", "demonyms": "Wallisian|Wallisians|Futunan|Futunans", "former": ""},
    "WS": {"aliases": "Independent State of Samoa", "former": "Western Samoa"},
    "YE": {"capitals": "Sanaa|Sana'a|Sana’a", "former": ""},
    "ZA": {"abbrevs": "RSA", "capitals": "Pretoria"},
    "ZW": {"former": "Rhodesia|Southern Rhodesia"},
    "XK": {},
}
# Additions to the cleaned source values.
ADD = {
    "BH": {"demonyms": ""}, "AM": {}, "ME": {}, "BF": {"aliases": "Burkina"},
    "DJ": {}, "BB": {}, "BE": {"capitals": ""}, "LY": {}, "MC": {"demonyms": ""},
    "NG": {}, "GM": {}, "IN": {}, "EG": {}, "FI": {}, "IE": {"demonyms": "Irishman|Irishmen|Irishwoman|Irishwomen"},
    "LA": {}, "AU": {"demonyms": "Aussie|Aussies"}, "CU": {}, "LR": {}, "SL": {}, "MT": {}, "NE": {},
    "NO": {}, "SE": {}, "SG": {}, "BJ": {}, "PK": {}, "IS": {}, "JP": {}, "CY": {"demonyms": "Greek Cypriot|Greek Cypriots|Turkish Cypriot|Turkish Cypriots"},
    "VU": {}, "KI": {},
}
# Values removed from the (cleaned) source lists.
DROP = {
    "BE": {"capitals": "Brussels"},  # Brussels is an EU metonym as often as Belgium's: left out, see ambiguous.tsv
    "SG": {"capitals": "Singapore"},
}

# Rows that ISO 3166-1 no longer has but 1990s news uses (ISO 3166-3 former codes;
# C:CS here = Czechoslovakia, CSHH).  Separate states, so not aliases of successors.
EXTRA = [
    {"id": "C:XK", "canonical": "Kosovo", "aliases": "Republic of Kosovo", "abbrevs": "",
     "demonyms": "Kosovar|Kosovars|Kosovan|Kosovans", "capitals": "Pristina|Prishtina", "former": ""},
    {"id": "C:SU", "canonical": "Soviet Union", "aliases": "Union of Soviet Socialist Republics",
     "abbrevs": "USSR|U.S.S.R.", "demonyms": "Soviet|Soviets", "capitals": "", "former": ""},
    {"id": "C:YU", "canonical": "Yugoslavia",
     "aliases": "Federal Republic of Yugoslavia|Socialist Federal Republic of Yugoslavia|Serbia and Montenegro|Serbia-Montenegro",
     "abbrevs": "SFRY|FRY", "demonyms": "Yugoslav|Yugoslavs|Yugoslavian|Yugoslavians", "capitals": "", "former": ""},
    {"id": "C:CS", "canonical": "Czechoslovakia", "aliases": "Czecho-Slovakia|Czechoslovak Socialist Republic",
     "abbrevs": "", "demonyms": "Czechoslovak|Czechoslovaks|Czechoslovakian", "capitals": "", "former": ""},
    {"id": "C:DD", "canonical": "East Germany", "aliases": "German Democratic Republic",
     "abbrevs": "GDR|DDR", "demonyms": "East German|East Germans", "capitals": "East Berlin", "former": ""},
    # Constituent countries of the United Kingdom, with ISO 3166-2 codes.
    {"id": "C:GB-ENG", "canonical": "England", "aliases": "", "abbrevs": "",
     "demonyms": "English|Englishman|Englishmen|Englishwoman|Englishwomen", "capitals": "", "former": "",
     "parent": "C:GB"},
    {"id": "C:GB-SCT", "canonical": "Scotland", "aliases": "", "abbrevs": "",
     "demonyms": "Scottish|Scot|Scots|Scotsman|Scotsmen|Scotswoman|Scotswomen", "capitals": "", "former": "",
     "parent": "C:GB"},
    {"id": "C:GB-WLS", "canonical": "Wales", "aliases": "", "abbrevs": "",
     "demonyms": "Welsh|Welshman|Welshmen|Welshwoman|Welshwomen", "capitals": "", "former": "",
     "parent": "C:GB"},
    {"id": "C:GB-NIR", "canonical": "Northern Ireland", "aliases": "", "abbrevs": "",
     "demonyms": "Northern Irish|Northern Irishman|Northern Irishmen", "capitals": "", "former": "",
     "parent": "C:GB"},
]

BAD_SUBSTR = ["(", ")", "[", "]", "disputed", "/", " in Romanian", "no official", "government offices",
              "administered", "often regarded", "formerly", "former name", " is the ", ",  "]


def clean_list(val):
    out = []
    for v in val.split("|"):
        v = v.strip()
        if not v or any(b in v for b in BAD_SUBSTR):
            continue
        if ", " in v and not v.startswith("Washington"):
            continue  # "Antiguan, Barbudan" style joined demonyms / odd strings
        if v not in out:
            out.append(v)
    return out


def main():
    rows = []
    with open(SRC, encoding="utf-8") as f:
        rd = csv.DictReader((l for l in f if not l.startswith("#")), delimiter="\t", quoting=csv.QUOTE_NONE)
        for r in rd:
            iso = r["iso2"]
            row = {"id": "C:" + iso, "canonical": CANONICAL.get(iso, r["canonical"]), "parent": ""}
            for c in LIST_COLS:
                row[c] = clean_list(r.get(c) or "")
            for c, v in SET.get(iso, {}).items():
                row[c] = [x for x in v.split("|") if x]
            for c, v in ADD.get(iso, {}).items():
                row[c] += [x for x in v.split("|") if x and x not in row[c]]
            for c, v in DROP.get(iso, {}).items():
                row[c] = [x for x in row[c] if x not in v.split("|")]
            # the source canonical becomes an alias when we chose another canonical
            if row["canonical"] != r["canonical"] and "&" not in r["canonical"] and r["canonical"] not in row["aliases"] \
                    and r["canonical"] not in row["former"] and r["canonical"] not in row["abbrevs"]:
                row["aliases"].insert(0, r["canonical"])
            rows.append(row)
    for e in EXTRA:
        row = {"id": e["id"], "canonical": e["canonical"], "parent": e.get("parent", "")}
        for c in LIST_COLS:
            row[c] = [x for x in e[c].split("|") if x]
        rows.append(row)
    # never keep the canonical itself inside the lists; never keep a value equal to a name of another column
    for row in rows:
        seen = {row["canonical"]}
        for c in LIST_COLS:
            row[c] = [x for x in row[c] if x not in seen and not seen.add(x)]
    rows.sort(key=lambda r: r["id"])
    out = sys.stdout
    out.write("# claimex country gazetteer - built by scripts/gazetteers/build_countries.py; see README.md / SOURCES.md\n")
    out.write("\t".join(COLS) + "\n")
    for row in rows:
        out.write("\t".join([row["id"], row["canonical"]] + ["|".join(row[c]) for c in LIST_COLS]
                             + [row["parent"]]) + "\n")


if __name__ == "__main__":
    main()
