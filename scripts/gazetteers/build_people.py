#!/usr/bin/env python3
"""Build gazetteers/people.tsv (standard library only).

Inputs, merged in this order (later ones add to / correct earlier ones):
  1. /work/shared/gazetteer-sources/people_history.tsv  (CIA Factbook history, CC0) - reviewed:
     junk prefixes removed, single-name rows fixed or dropped, split variants merged,
     titles normalised to titles.tsv, terms of one id merged into parallel date lists.
  2. scripts/gazetteers/people_manual.tsv (hand-written: 2017-2020 gap, ministers,
     spokespeople, IGO heads, 1990s figures; same columns as people.tsv).  A manual row
     whose id exists, or whose name matches a person of the same country, is merged into
     that person (canonical/surname/country replaced when given, aliases/titles united,
     terms appended; a manual term with the same valid_from replaces the old term).
  3. /work/shared/corpus/bench_gazetteer.tsv PERSON rows (318 hand-written world figures +
     US Congress / presidents from unitedstates/congress-legislators, CC0): merged by name,
     otherwise new rows (country from WORLD_COUNTRY for the world figures, US for Congress).

    python3 scripts/gazetteers/build_people.py > gazetteers/people.tsv
"""
import csv
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = "/work/shared/gazetteer-sources"
HISTORY = os.path.join(SRC, "people_history.tsv")
BENCH = "/work/shared/corpus/bench_gazetteer.tsv"
MANUAL = os.path.join(HERE, "people_manual.tsv")
COLS = ["id", "canonical", "aliases", "surname", "country", "titles", "valid_from", "valid_to",
        "needs_context"]
GIVEN_CENSUS = os.path.join(SRC, "given_names_us_census1990.tsv")
SURNAMES_CENSUS = os.path.join(SRC, "surnames_us_census1990.tsv")
REVIEWED = os.path.join(HERE, "people_reviewed.tsv")


def ascii_fold(s):
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def slug(s):
    s = ascii_fold(s).lower().replace("'", "").replace("’", "")
    return re.sub(r"[^a-z0-9]+", "_", s).strip("_")


def key(name):
    s = ascii_fold(name).lower().replace(".", "").replace("-", " ").replace("’", "'")
    return " ".join(s.split())


def split(v):
    return [x for x in v.split("|") if x] if v else []


# ---------------------------------------------------------------- titles
def norm_title(t):
    t = re.sub(r"\(.*?\)", "", t).strip()
    t = re.sub(r"\s+", " ", t)
    low = t.lower()
    if not t or low in {"titles", "prime", "chief", "minister", "second deputy", "first deputy"} or "elect" in low:
        return None
    rules = [
        ("taoiseach", "Taoiseach"), ("captain regent", "Captain Regent"), ("co-prince", "Co-Prince"),
        ("coprince", "Co-Prince"), ("governor-general", "Governor-General"), ("governor general", "Governor-General"),
        ("lieutenant", "Lieutenant Governor"), ("vice governor", "Governor"), ("assistant governor", "Governor"),
        ("secretary of state", "Secretary of State"), ("speaker", "Speaker"), ("supreme leader", "Supreme Leader"),
        ("taliban leader", "Leader"), ("crown prince", "Crown Prince"), ("pope", "Pope"), ("grand duke", "Grand Duke"),
        ("deputy prime", "Deputy Prime Minister"), ("vice prime", "Deputy Prime Minister"),
        ("deputy premier", "Deputy Premier"), ("vice premier", "Vice Premier"),
        ("deputy president", "Deputy President"), ("vice chancellor", "Vice Chancellor"),
        ("vice chair", "Vice Chairman"), ("vice president", "Vice President"),
        ("prime minister", "Prime Minister"), ("president of the government", "Prime Minister"),
        ("head of government", "Head of Government"), ("chairman of the council of minister", "Prime Minister"),
        ("chairperson of the council of minister", "Prime Minister"), ("president of council of minister", "Prime Minister"),
        ("chairman of the cabinet", "Prime Minister"), ("premier", "Premier"),
        ("chairman", "Chairman"), ("chairperson", "Chairman"), ("chair", "Chairman"),
        ("president", "President"), ("chancellor", "Chancellor"), ("chief minister", "Chief Minister"),
        ("chief executive", "Chief Executive"), ("governor", "Governor"), ("high commissioner", "High Commissioner"),
        ("commissioner", "Commissioner"), ("administrator", "Administrator"), ("prefect", "Prefect"),
        ("bailiff", "Bailiff"), ("mayor", "Mayor"), ("king", "King"), ("queen", "Queen"), ("sultan", "Sultan"),
        ("amir", "Emir"), ("emir", "Emir"), ("prince", "Prince"), ("minister of state", "Minister"),
        ("minister", "Minister"), ("leader", "Leader"),
    ]
    for pat, out in rules:
        if pat in low:
            return out
    return None


def norm_titles(raw):
    out = []
    for t in split(raw):
        parts = re.split(r" and |/", t)
        for p in [t] if len(parts) == 1 else parts:
            n = norm_title(p)
            if n and n not in out:
                out.append(n)
    return out


# ------------------------------------------------------- history review tables
JUNK_PREFIX = ["Swiss Confederation ", "Swiss ", "Afghanistan ", "Ceo ", "Commander ", "China "]
DROP_IDS = {"P:MO:china_xi", "P:IO:merrick", "P:VN:thanh", "P:AF:ceo_mohammad", "P:AF:ceo_khyal_mohammad"}
MERGE = {  # source id -> id it belongs to (split variants / spelling variants of one person)
    "P:HK:leung": "P:HK:leung_chun_ying", "P:HK:leung_chun_ying_c_y": "P:HK:leung_chun_ying",
    "P:MO:ho": "P:MO:ho_iat_seng", "P:LA:sonexay": "P:LA:sonexay_siphandon",
    "P:IR:hasan_fereidun_ruhani": "P:IR:hasan_fereidun_rohani", "P:IR:mohammad_mokher": "P:IR:mohammad_mokhber",
    "P:IL:binyamin_netanyahu": "P:IL:benjamin_netanyahu", "P:PK:shahbaz_sharif": "P:PK:shehbaz_sharif",
    "P:PK:muhammad_shehbaz_sharif": "P:PK:shehbaz_sharif", "P:YE:obaid_bin_daghr": "P:YE:ahmad_daghir",
    "P:YE:mohsin_al_ahmar": "P:YE:ali_muhsin_al_ahmar", "P:GQ:francisco_pascual_obama_asue": "P:GQ:francisco_obama",
    "P:AU:elizabeth_ii": "P:GB:elizabeth_ii", "P:LA:pani_yathotou": "P:LA:pany_yathotou", "P:CH:doris_leutard": "P:CH:swiss_leuthard", "P:KW:ahmad_al_abdullah_al_sabah": "P:KW:ahmad_abdullah_al_ahmad_al_sabah",
}
# Names that are not a person's, though a source spells them so: Ireland's
# Taoiseach is Micheál Martin; "Michael Martin" is the UK Commons Speaker.
NOT_ALIASES = {"P:IE:micheal_martin": {"Michael Martin"}}
# id -> (canonical, extra aliases, surname); "" keeps the current value.  New id is derived from the canonical.
FIX = {
    # The Factbook's ASCII "Michael" is not his name (see NOT_ALIASES).
    "P:IE:michael_martin": ("Micheál Martin", "Micheal Martin", "Martin"),
    "P:HK:leung_chun_ying": ("Leung Chun-ying", "C.Y. Leung|CY Leung|Leung Chun ying", "Leung"),
    "P:LA:sonexay_siphandon": ("Sonexay Siphandone", "Sonexay Siphandon", "Sonexay"),
    "P:BE:philippe": ("King Philippe", "Philippe of Belgium", "Philippe"),
    "P:LU:henri": ("Grand Duke Henri", "Henri of Luxembourg", "Henri"),
    "P:LU:guillaume": ("Grand Duke Guillaume", "Guillaume of Luxembourg", "Guillaume"),
    "P:MY:abdullah": ("Sultan Abdullah", "Sultan Abdullah Ahmad Shah|Al-Sultan Abdullah", "Abdullah"),
    "P:MY:ibrahim": ("Sultan Ibrahim", "Sultan Ibrahim Iskandar|Ibrahim Iskandar", "Ibrahim"),
    "P:NL:willem_alexander": ("King Willem-Alexander", "Willem-Alexander of the Netherlands", "Willem-Alexander"),
    "P:PF:fritch": ("Edouard Fritch", "Édouard Fritch", "Fritch"),
    "P:SX:beatrix": ("Queen Beatrix", "Beatrix of the Netherlands", "Beatrix"),
    "P:TH:wachiralongkon": ("Maha Vajiralongkorn", "King Maha Vajiralongkorn|Maha Wachiralongkon", "Vajiralongkorn"),
    "P:VA:francis": ("Pope Francis", "Jorge Mario Bergoglio", "Francis"),
    "P:VA:leo_xiv": ("Pope Leo XIV", "Robert Francis Prevost|Robert Prevost", "Leo"),
    "P:YE:al_arada": ("Sultan al-Arada", "Sultan Ali al-Arada", "al-Arada|Arada"),
    "P:AF:khan": ("Mohammad Khan", "", "Khan"),
    "P:AF:mohaqqeq": ("Mohammad Mohaqqeq", "Mohammad Mohaqiq", "Mohaqqeq"),
    "P:AF:afghanistan_ashraf_ghani": ("Ashraf Ghani", "Ashraf Ghani Ahmadzai|Mohammad Ashraf Ghani", "Ghani"),
    "P:JP:emperor_akihito": ("Emperor Akihito", "", "Akihito"),
    "P:JP:emperor_naruhito": ("Emperor Naruhito", "", "Naruhito"),
    "P:IR:ali_hoseini_khamenei": ("Ali Khamenei", "Ali Hoseini-Khamenei|Ali Hosseini Khamenei|Seyyed Ali Khamenei", "Khamenei"),
    "P:IR:hasan_fereidun_rohani": ("Hassan Rouhani", "Hasan Rohani|Hassan Rohani|Hasan Rouhani|Hasan Fereidun Rohani|Hasan Fereidun Ruhani|Hassan Ruhani", "Rouhani|Rohani"),
    "P:SY:bashar_al_asad": ("Bashar al-Assad", "Bashar al-Asad|Bashar Assad|Bashar al Assad", "Assad|al-Assad"),
    "P:ES:pedro_sanchez_perez_castejon": ("Pedro Sanchez", "Pedro Sánchez|Pedro Sanchez Perez-Castejon|Pedro Sánchez Pérez-Castejón", "Sanchez|Sánchez"),
    "P:PH:bongbong_marcos": ("Ferdinand Marcos Jr.", "Bongbong Marcos|Ferdinand Marcos, Jr.|Ferdinand Romualdez Marcos Jr.", "Marcos"),
    "P:CA:stephen_joseph_harper": ("Stephen Harper", "Stephen Joseph Harper", "Harper"),
    "P:EG:abdelfattah_elsisi": ("Abdel Fattah el-Sisi", "Abdelfattah Elsisi|Abdel Fattah al-Sisi|Abdel-Fattah el-Sissi|Abdel Fattah El-Sisi|Abdelfattah Said Elsisi", "Sisi|el-Sisi|Elsisi|al-Sisi"),
    "P:ET:abiy_ahmed_ali": ("Abiy Ahmed", "Abiy Ahmed Ali", "Abiy"),
    "P:BY:alyaksandr_lukashenka": ("Alexander Lukashenko", "Alyaksandr Lukashenka|Aleksandr Lukashenko|Alexander Lukashenka", "Lukashenko|Lukashenka"),
    "P:ID:jokowi_widodo": ("Joko Widodo", "Jokowi Widodo", "Widodo|Jokowi"),
    "P:ID:prabowo_subianto_djojohadikusumo": ("Prabowo Subianto", "Prabowo Subianto Djojohadikusumo", "Prabowo"),
    "P:MX:andres_manuel_lopez_obrador": ("Andres Manuel Lopez Obrador", "Andrés Manuel López Obrador", "Lopez Obrador|López Obrador"),
    "P:SA:salman_bin_abd_al_aziz_al_saud": ("King Salman", "Salman bin Abdulaziz|Salman bin Abdulaziz Al Saud|Salman bin Abd al-Aziz Al Saud", "Salman"),
    "P:SA:muhammad_bin_salman_bin_abd_al_aziz_al_saud": ("Mohammed bin Salman", "Muhammad bin Salman|Mohammad bin Salman|Muhammad bin Salman bin Abd al-Aziz Al Saud|Mohammed bin Salman bin Abdulaziz Al Saud", "bin Salman"),
    "P:QA:tamim_bin_hamad_al_thani": ("Tamim bin Hamad Al Thani", "Tamim bin Hamad al-Thani|Sheikh Tamim bin Hamad Al Thani", "Tamim"),
    "P:UA:volodymyr_zelenskyy": ("Volodymyr Zelensky", "Volodymyr Zelenskyy|Volodymyr Zelenskiy|Volodymyr Zelenskyi|Volodymyr Oleksandrovych Zelensky", "Zelensky|Zelenskyy|Zelenskiy"),
    "P:TR:recep_tayyip_erdogan": ("Recep Tayyip Erdogan", "Recep Tayyip Erdoğan|Tayyip Erdogan|Tayyip Erdoğan", "Erdogan|Erdoğan"),
    "P:RU:dmitriy_medvedev": ("Dmitry Medvedev", "Dmitriy Medvedev|Dmitri Medvedev|Dmitriy Anatolyevich Medvedev|Dmitry Anatolyevich Medvedev", "Medvedev"),
    "P:PK:shehbaz_sharif": ("Shehbaz Sharif", "Shahbaz Sharif|Muhammad Shehbaz Sharif", "Sharif"),
    "P:PK:mohammad_nawaz_sharif": ("Nawaz Sharif", "Mohammad Nawaz Sharif|Muhammad Nawaz Sharif", "Sharif"),
    "P:AR:javier_gerardo_milei": ("Javier Milei", "Javier Gerardo Milei", "Milei"),
    "P:CO:gustavo_francisco_petro": ("Gustavo Petro", "Gustavo Francisco Petro|Gustavo Petro Urrego", "Petro"),
    "P:KZ:kasym_zhomart_tokayev": ("Kassym-Jomart Tokayev", "Kasym-Zhomart Tokayev", "Tokayev"),
    "P:BR:luiz_inacio_lula_da_silva": ("Luiz Inacio Lula da Silva", "Luiz Inácio Lula da Silva|Lula da Silva", "Lula"),
    "P:ES:felipe_vi": ("King Felipe VI", "Felipe VI", "Felipe"),
    "P:GB:elizabeth_ii": ("Queen Elizabeth II", "Elizabeth II", "Elizabeth"),
    "P:GB:charles_iii": ("King Charles III", "Charles III", "Charles"),
    "P:SO:mohamed_abdullahi": ("Mohamed Abdullahi Mohamed", "Mohamed Abdullahi Farmajo|Mohamed Abdullahi Farmaajo", "Farmajo|Farmaajo"),
    "P:IN:venkaiah_naidu": ("Venkaiah Naidu", "M. Venkaiah Naidu", "Naidu"),
}
# corrections of history terms: (id after FIX, valid_from) -> (valid_from, valid_to)
TERM_FIX = {
    ("P:KR:yoon_suk_yeol", "2022-05-10"): ("2022-05-10", "2025-04-04"),
    ("P:KR:park_geun_hye", "2013-02-25"): ("2013-02-25", "2017-03-10"),
    ("P:KR:han_duck_soo", "2025-04-10"): ("2022-05-21", "2025-05-01"),
    ("P:KR:hwang_kyo_ahn", "2015-06-18"): ("2015-06-18", "2017-05-11"),
    ("P:GB:theresa_may", "2016-07-13"): ("2016-07-13", "2019-07-24"),
    ("P:RU:dmitry_medvedev", "2012-05-08"): ("2012-05-08", "2020-01-15"),
    ("P:JP:shinzo_abe", "2012-12-26"): ("2012-12-26", "2020-09-16"),
    ("P:JP:emperor_akihito", "1989-01-07"): ("1989-01-07", "2019-04-30"),
    ("P:FR:francois_hollande", "2012-05-15"): ("2012-05-15", "2017-05-14"),
    ("P:FR:bernard_cazeneuve", "2016-12-06"): ("2016-12-06", "2017-05-15"),
    ("P:DE:joachim_gauck", "2012-03-23"): ("2012-03-23", "2017-03-18"),
    ("P:CN:li_yuanchao", "2013-03-14"): ("2013-03-14", "2018-03-17"),
    ("P:IT:paolo_gentiloni", "2016-12-12"): ("2016-12-12", "2018-06-01"),
    ("P:AU:malcolm_turnbull", "2015-09-15"): ("2015-09-15", "2018-08-24"),
    ("P:ZA:jacob_zuma", "2009-05-09"): ("2009-05-09", "2018-02-14"),
    ("P:AR:mauricio_macri", "2015-12-10"): ("2015-12-10", "2019-12-10"),
    ("P:UA:petro_poroshenko", "2014-06-07"): ("2014-06-07", "2019-05-20"),
    ("P:PL:beata_szydlo", "2015-11-13"): ("2015-11-13", "2017-12-11"),
    ("P:BR:michel_temer", "2011-01-01"): ("2011-01-01", "2019-01-01"),
    ("P:PK:mohammad_nawaz_sharif", "2013-06-05"): ("2013-06-05", "2017-07-28"),
    ("P:KP:pak_pong_ju", "2013-04-02"): ("2013-04-02", "2019-04-11"),
    ("P:VN:tran_dai_quang", "2016-04-02"): ("2016-04-02", "2018-09-21"),
    ("P:LR:ellen_johnson_sirleaf", "2006-01-16"): ("2006-01-16", "2018-01-22"),
}

# ------------------------------------------------ bench world figures' countries
WORLD_COUNTRY = {}
for cc, names in {
    "GB": "Tony Blair;Gordon Brown;John Prescott;Jack Straw;David Blunkett;Charles Clarke;Alan Milburn;Peter Mandelson;Patricia Hewitt;Ruth Kelly;Tessa Jowell;Geoff Hoon;John Reid;Alistair Darling;Margaret Beckett;Hilary Benn;Robin Cook;Clare Short;Ken Livingstone;Michael Howard;Oliver Letwin;Liam Fox;David Davis;Charles Kennedy;Menzies Campbell;Nick Clegg;Vince Cable;Alex Salmond;Nicola Sturgeon;Robert Kilroy-Silk;Iain Duncan Smith;William Hague;Kenneth Clarke;David Cameron;George Osborne;Theresa May;Boris Johnson;Liz Truss;Rishi Sunak;Keir Starmer;Jeremy Corbyn;Ed Miliband;David Miliband;Margaret Thatcher;John Major;Queen Elizabeth II;King Charles III;Prince William;Prince Harry;Gerry Adams;Ian Paisley;David Trimble;Philip Green;Greg Dyke;Mark Thompson;Michael Grade;David Beckham;Wayne Rooney;Michael Owen;Steven Gerrard;Frank Lampard;Alex Ferguson;Tim Henman;Andy Murray;Kelly Holmes;Paula Radcliffe;Jonny Wilkinson;Clive Woodward;Andrew Flintoff;Michael Vaughan;Sebastian Coe;Elton John;Paul McCartney;Mick Jagger;Bob Geldof;Robbie Williams;Kate Winslet;Imelda Staunton;Mike Leigh;Ricky Gervais;J.K. Rowling;Harold Pinter;Salman Rushdie;Richard Branson;Howard Stringer;Lewis Hamilton",
    "IE": "Bertie Ahern",
    "US": "George W Bush;Bill Clinton;Hillary Clinton;Dick Cheney;Colin Powell;Condoleezza Rice;Donald Rumsfeld;Alan Greenspan;Ben Bernanke;Janet Yellen;Jerome Powell;John Snow;Barack Obama;Joe Biden;Kamala Harris;Donald Trump;Arnold Schwarzenegger;John Kerry;Paul Wolfowitz;Bill Gates;Steve Jobs;Steve Ballmer;Larry Page;Sergey Brin;Eric Schmidt;Jeff Bezos;Elon Musk;Mark Zuckerberg;Rupert Murdoch;Warren Buffett;Carly Fiorina;Michael Dell;Sumner Redstone;Malcolm Glazer;Kenneth Lay;Jeffrey Skilling;Bernard Ebbers;Martha Stewart;Andy Roddick;Serena Williams;Venus Williams;Lance Armstrong;Tiger Woods;Michael Jackson;Tom Cruise;Brad Pitt;Angelina Jolie;Leonardo DiCaprio;Martin Scorsese;Clint Eastwood;Steven Spielberg;George Lucas;Johnny Depp;Jamie Foxx;Hilary Swank",
    "FR": "Jacques Chirac;Nicolas Sarkozy;Dominique de Villepin;Jean-Pierre Raffarin;Francois Hollande;Emmanuel Macron;Marine Le Pen;Jean-Marie Le Pen;Jean-Claude Trichet;Christine Lagarde;Pascal Lamy;Thierry Henry;Arsene Wenger;Michel Platini;Carlos Ghosn",
    "DE": "Gerhard Schroeder;Angela Merkel;Joschka Fischer;Olaf Scholz;Ursula von der Leyen;Michael Schumacher",
    "IT": "Silvio Berlusconi;Romano Prodi;Mario Draghi;Giorgia Meloni",
    "ES": "Jose Luis Rodriguez Zapatero;Jose Maria Aznar;Pedro Sanchez;Javier Solana;Rodrigo Rato;Rafael Benitez;Rafael Nadal",
    "PT": "Jose Manuel Barroso;Antonio Guterres;Jose Mourinho;Cristiano Ronaldo",
    "LU": "Jean-Claude Juncker", "NL": "Jan Peter Balkenende;Jaap de Hoop Scheffer", "BE": "Guy Verhofstadt;Jacques Rogge",
    "DK": "Anders Fogh Rasmussen", "NO": "Jens Stoltenberg", "SE": "Hans Blix;Sven-Goran Eriksson",
    "RU": "Vladimir Putin;Dmitry Medvedev;Mikhail Khodorkovsky;Mikhail Gorbachev;Boris Yeltsin;Sergei Lavrov;Alexei Navalny;Roman Abramovich;Maria Sharapova",
    "UA": "Viktor Yushchenko;Viktor Yanukovych;Yulia Tymoshenko;Volodymyr Zelensky", "BY": "Alexander Lukashenko",
    "TR": "Recep Tayyip Erdogan", "GH": "Kofi Annan", "KR": "Ban Ki-moon;Roh Moo-hyun", "EG": "Mohamed ElBaradei;Hosni Mubarak",
    "TH": "Supachai Panitchpakdi;Thaksin Shinawatra",
    "IL": "Ariel Sharon;Ehud Olmert;Benjamin Netanyahu;Shimon Peres",
    "PS": "Yasser Arafat;Mahmoud Abbas;Ahmed Qurei;Ismail Haniyeh",
    "IQ": "Saddam Hussein;Iyad Allawi;Ibrahim al-Jaafari;Jalal Talabani;Nouri al-Maliki;Ali al-Sistani;Moqtada Sadr",
    "JO": "Abu Musab al-Zarqawi", "SA": "Osama Bin Laden;King Fahd", "EG2": "Ayman al-Zawahiri",
    "IR": "Mohammad Khatami;Mahmoud Ahmadinejad;Ali Khamenei;Hassan Rouhani",
    "AF": "Hamid Karzai;Mullah Omar",
    "PK": "Pervez Musharraf;Shaukat Aziz;Benazir Bhutto;Nawaz Sharif;Imran Khan",
    "IN": "Manmohan Singh;Sonia Gandhi;Atal Bihari Vajpayee;Narendra Modi;Lakshmi Mittal;Sachin Tendulkar",
    "CN": "Hu Jintao;Wen Jiabao;Jiang Zemin;Xi Jinping;Li Keqiang;Dalai Lama",
    "KP": "Kim Jong-il;Kim Jong-un", "JP": "Junichiro Koizumi;Shinzo Abe",
    "AU": "John Howard;Kevin Rudd;Lleyton Hewitt;Shane Warne;Kylie Minogue;Nicole Kidman;Cate Blanchett",
    "NZ": "Helen Clark", "ID": "Susilo Bambang Yudhoyono;Megawati Sukarnoputri", "PH": "Gloria Arroyo",
    "MY": "Mahathir Mohamad", "MM": "Aung San Suu Kyi", "SG": "Lee Hsien Loong", "TW": "Chen Shui-bian",
    "ZA": "Nelson Mandela;Thabo Mbeki;Jacob Zuma", "ZW": "Robert Mugabe;Morgan Tsvangirai", "NG": "Olusegun Obasanjo",
    "KE": "Mwai Kibaki", "UG": "Yoweri Museveni", "RW": "Paul Kagame", "SD": "Omar al-Bashir", "LY": "Muammar Gaddafi",
    "DZ": "Abdelaziz Bouteflika", "ET": "Meles Zenawi", "LR": "Charles Taylor;Ellen Johnson Sirleaf", "CI": "Laurent Gbagbo",
    "CD": "Joseph Kabila", "SY": "Bashar al-Assad", "LB": "Rafik Hariri;Hassan Nasrallah",
    "BR": "Luiz Inacio Lula da Silva;Ronaldinho", "VE": "Hugo Chavez", "CU": "Fidel Castro;Raul Castro", "AR": "Nestor Kirchner;Lionel Messi",
    "MX": "Vicente Fox", "CO": "Alvaro Uribe", "BO": "Evo Morales", "CL": "Michelle Bachelet;Ricardo Lagos",
    "CA": "Paul Martin;Stephen Harper;Justin Trudeau;Conrad Black", "VA": "Pope John Paul II;Pope Benedict XVI;Pope Francis",
    "CH": "Roger Federer;Sepp Blatter", "TT": "Brian Lara", "JM": "Usain Bolt",
}.items():
    for n in names.split(";"):
        WORLD_COUNTRY[n] = "EG" if cc == "EG2" else cc

SURNAME_FIRST = {"CN", "KP", "KR", "TW", "HK", "MO", "VN", "SG", "KH"}
SUFFIXES = {"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"}
PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "du", "del", "della", "la", "le", "al", "bin", "ibn", "el", "dos", "das"}


def guess_surname(name):
    toks = name.replace(",", "").split()
    while len(toks) > 1 and toks[-1] in SUFFIXES:
        toks.pop()
    if len(toks) <= 1:
        return toks[0] if toks else ""
    sur = [toks[-1]]
    i = len(toks) - 2
    while i > 0 and toks[i].lower() in PARTICLES:
        sur.insert(0, toks[i])
        i -= 1
    return " ".join(sur)


class People:
    def __init__(self):
        self.rows = {}      # id -> dict
        self.order = []
        self.by_key = {}    # name key -> set of ids

    def index(self, pid):
        r = self.rows[pid]
        for n in [r["canonical"]] + r["aliases"]:
            self.by_key.setdefault(key(n), set()).add(pid)

    def find(self, names, country):
        for n in names:
            for pid in sorted(self.by_key.get(key(n), ())):
                rc = self.rows[pid]["country"]
                if not country or not rc or rc == country:
                    return pid
        return None

    def add_row(self, r):
        self.rows[r["id"]] = r
        self.order.append(r["id"])
        self.index(r["id"])

    def merge_into(self, pid, r, replace_names=False):
        t = self.rows[pid]
        if replace_names and r["canonical"] and r["canonical"] != t["canonical"]:
            t["aliases"].insert(0, t["canonical"])
            t["canonical"] = r["canonical"]
        for a in ([r["canonical"]] if r["canonical"] != t["canonical"] else []) + r["aliases"]:
            if a and a != t["canonical"] and a not in t["aliases"]:
                t["aliases"].append(a)
        if r["surname"] and (replace_names or not t["surname"]):
            t["surname"] = r["surname"]
        if r["country"] and (replace_names or not t["country"]):
            t["country"] = r["country"]
        for x in r["titles"]:
            if x not in t["titles"]:
                t["titles"].append(x)
        for term in r["terms"]:
            same = [i for i, o in enumerate(t["terms"]) if o[0] == term[0]]
            if same:
                old = t["terms"][same[0]]
                if replace_names or old[1] and (term[1] == "" or term[1] > old[1]):
                    t["terms"][same[0]] = term
            elif term != ("", ""):
                t["terms"].append(term)
        self.index(pid)


def load_history(P):
    raw = []
    with open(HISTORY, encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            raw.append(r)
    raw.sort(key=lambda r: r["id"] in MERGE)  # merged variants after their targets
    idmap = {}
    for r in raw:
        sid = r["id"]
        if sid in DROP_IDS:
            continue
        target = MERGE.get(sid, sid)
        canon = r["canonical"]
        aliases = split(r["aliases"])
        surname = r["surname"]
        for pre in JUNK_PREFIX:
            if canon.startswith(pre):
                canon = canon[len(pre):]
            aliases = [a[len(pre):] if a.startswith(pre) else a for a in aliases]
        if len(canon.split()) < 2:
            multi = sorted([a for a in aliases if len(a.split()) >= 2 and "." not in a], key=len) or \
                sorted([a for a in aliases if len(a.split()) >= 2], key=len)
            if multi:
                canon = multi[0]
        fix = FIX.get(target)
        if fix:
            if fix[0]:
                if canon != fix[0]:
                    aliases.append(canon)
                canon = fix[0]
            aliases += split(fix[1])
            if fix[2]:
                surname = fix[2]
        if len(canon.split()) < 2 and target != sid and idmap.get(target) in P.rows:
            canon = P.rows[idmap[target]]["canonical"]
        if len(canon.split()) < 2:
            print(f"dropping single-name row {sid} {canon}", file=sys.stderr)
            continue
        aliases = [a for a in dict.fromkeys(aliases) if a != canon and len(a.split()) >= 2 and '"' not in a]
        cc = r["country"]
        nid = idmap.get(target)
        if nid is None:
            nid = sid if (not fix and target == sid and canon == r["canonical"]) else f"P:{cc}:{slug(canon)}"
            idmap[target] = nid
        vf, vt = r["valid_from"], r["valid_to"]
        if (nid, vf) in TERM_FIX:
            vf, vt = TERM_FIX[(nid, vf)]
        row = {"id": nid, "canonical": canon, "aliases": aliases, "surname": surname, "country": cc,
               "titles": norm_titles(r["titles"]), "terms": [(vf, vt)]}
        if nid in P.rows:
            P.merge_into(nid, row)
        else:
            P.add_row(row)


def load_manual(P):
    if not os.path.exists(MANUAL):
        return
    with open(MANUAL, encoding="utf-8") as f:
        lines = [l for l in f if l.strip() and not l.startswith("#")]
    for r in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        vf, vt = split(r["valid_from"]) or [""], r["valid_to"].split("|")
        if len(vt) != len(vf):
            vt = (vt + [""] * len(vf))[:len(vf)]
        row = {"id": r["id"], "canonical": r["canonical"], "aliases": split(r["aliases"]),
               "surname": r["surname"] or guess_surname(r["canonical"]), "country": r["country"],
               "titles": split(r["titles"]), "terms": [t for t in zip(vf, vt) if t != ("", "")]}
        pid = r["id"] if r["id"] in P.rows else P.find([row["canonical"]] + row["aliases"], row["country"])
        if pid:
            P.merge_into(pid, row, replace_names=True)
        else:
            P.add_row(row)


def load_bench(P):
    groups = {}
    with open(BENCH, encoding="utf-8") as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            if len(c) == 3 and c[0] == "PERSON":
                groups.setdefault(c[1], []).append(c[2])
    congress = False
    for canon, aliases in groups.items():
        if canon == "Maria Cantwell":
            congress = True
        country = "US" if congress else WORLD_COUNTRY.get(canon, "")
        names = [canon] + [a for a in aliases if a != canon]
        multi = [a for a in names if len(a.split()) >= 2]
        pid = P.find(multi, country)
        # "Sir Elton John": the title before the name is read from titles.tsv,
        # so the mention is the name alone; a knight's alias adds nothing.
        multi = [a for a in multi if not a.startswith(("Sir ", "Dame "))]
        row = {"id": "", "canonical": canon, "aliases": [a for a in multi if a != canon],
               "surname": guess_surname(canon), "country": country, "titles": [], "terms": [],
               "legislator": congress}
        if country in SURNAME_FIRST and len(canon.split()) >= 2:
            row["surname"] = canon.split()[0]
        if canon.startswith(("Pope ", "King ", "Queen ", "Prince ", "Mullah ")) or canon == "Dalai Lama":
            row["surname"] = canon.split(" ", 1)[1] if canon != "Dalai Lama" else "Dalai Lama"
            row["surname"] = re.sub(r" (II|III|XVI|XIV)$", "", row["surname"])
        if pid:
            P.merge_into(pid, row)
            continue
        if len(canon.split()) < 2:
            print(f"bench: dropping one-word name {canon}", file=sys.stderr)
            continue
        base = f"P:{country}:{slug(canon)}" if country else f"P:{slug(canon)}"
        pid, n = base, 2
        while pid in P.rows:
            pid, n = f"{base}_{n}", n + 1
        row["id"] = pid
        P.add_row(row)


def dedup(P):
    """Merge rows of the same country that share a full name (split/duplicate source rows)."""
    for pid in sorted(P.rows):
        if pid not in P.rows:
            continue
        r = P.rows[pid]
        for n in [r["canonical"]] + r["aliases"]:
            for other in sorted(P.by_key.get(key(n), ())):
                if other != pid and other in P.rows and P.rows[other]["country"] == r["country"]:
                    keep, drop = sorted([pid, other], key=lambda i: (i.endswith("_2"), -len(P.rows[i]["terms"]), len(i)))
                    o = P.rows.pop(drop)
                    o["canonical"] = o["canonical"] if len(o["canonical"].split()) >= 2 else P.rows[keep]["canonical"]
                    P.merge_into(keep, o)
                    if drop == pid:
                        break
            if pid not in P.rows:
                break


# ------------------------------------------------------------- needs_context
# A person is linked to their gazetteer row only with evidence in the article
# (a title they hold, a party-state tag, their country or office named, an
# earlier confirmed mention) when the row is ambiguous or of low prominence.
# The rule, applied to every row (first match wins):
#   shared      another row shares its canonical name or one of its aliases
#               (accents, case, dots and hyphens folded);
#   legislator  a member of the US Congress from the bulk list (no title, no
#               term in office), not reviewed as prominent;
#   common      no title or term, a given name among the 200 commonest and a
#               surname among the 1,000 commonest of the US Census 1990
#               lists, not reviewed as prominent.
# people_reviewed.tsv lists the people reviewed by hand as prominent: the one
# the news means by that name (e.g. Nancy Pelosi, Michael Jackson).
COMMON_GIVEN_RANK = 200
COMMON_SURNAME_RANK = 1000


def census(path, rank_col="rank"):
    out = {}
    with open(path, encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            rank = int(r[rank_col])
            out[r["name"].lower()] = min(rank, out.get(r["name"].lower(), rank))
    return out


def reviewed():
    out = set()
    if os.path.exists(REVIEWED):
        with open(REVIEWED, encoding="utf-8") as f:
            for line in f:
                cells = line.rstrip("\n").split("\t")
                if cells[0] and not cells[0].startswith("#") and cells[0] != "id":
                    out.add(cells[0])
    return out


def needs_context(P):
    given = census(GIVEN_CENSUS)
    surnames = census(SURNAMES_CENSUS)
    prominent = reviewed()
    unknown = prominent - set(P.rows)
    if unknown:
        print(f"people_reviewed.tsv: ids not in the gazetteer: {sorted(unknown)}", file=sys.stderr)
    out = {}
    for pid, r in P.rows.items():
        names = [r["canonical"]] + r["aliases"]
        shared = any(len(P.by_key.get(key(n), set()) - {pid}) > 0 for n in names)
        bare = not r["titles"] and not any(t[0] or t[1] for t in r["terms"])
        words = r["canonical"].split()
        common = (len(words) >= 2 and given.get(words[0].lower(), 10**9) <= COMMON_GIVEN_RANK
                  and surnames.get(words[-1].lower(), 10**9) <= COMMON_SURNAME_RANK)
        if shared:
            out[pid] = "shared"
        elif pid in prominent:
            out[pid] = ""
        elif bare and r.get("legislator"):
            out[pid] = "legislator"
        elif bare and common:
            out[pid] = "common"
        else:
            out[pid] = ""
    return out


def main():
    P = People()
    load_history(P)
    load_manual(P)
    load_bench(P)
    dedup(P)
    nc = needs_context(P)
    out = sys.stdout
    out.write("# claimex people gazetteer - built by scripts/gazetteers/build_people.py; see README.md / SOURCES.md\n")
    out.write("\t".join(COLS) + "\n")
    for pid in sorted(P.rows):
        r = P.rows[pid]
        aliases = [a for a in dict.fromkeys(r["aliases"]) if a != r["canonical"] and len(a.split()) >= 2
                   and not any(ch in a for ch in '()[]"\t|') and not a.startswith(("the ", "Australia "))
                   and a not in NOT_ALIASES.get(pid, ())]
        terms = sorted(t for t in dict.fromkeys(r["terms"]) if t != ("", ""))
        vf = "|".join(t[0] for t in terms)
        vt = "|".join(t[1] for t in terms)
        if terms and not any(t[0] for t in terms):
            vf = vt = ""
        out.write("\t".join([pid, r["canonical"], "|".join(aliases), r["surname"], r["country"],
                             "|".join(r["titles"]), vf, vt, nc[pid]]) + "\n")


if __name__ == "__main__":
    main()
