//! Gazetteers: the entities, titles, ambiguity policies, claim cues and
//! given names that the tag and claims stages use.
//!
//! The files live in the repository's `gazetteers/` folder (format in its
//! README.md) and are compiled into the binary; `-g DIR` loads another
//! folder instead. Every malformed line is reported as `file:line: …`.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

pub use crate::date::Date;
use crate::error::{Error, Location, Result};
use crate::fxhash::{FastMap, FastSet};
use crate::lexicon::{self, Lexicon};

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin_gazetteers.rs"));
}

/// The built-in gazetteer files: (path relative to `gazetteers/`, contents).
pub(crate) fn builtin_files() -> &'static [(&'static str, &'static str)] {
    builtin::BUILTIN
}

/// A person's sex, as far as a given name or an honorific tells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Sex {
    /// Male.
    Male,
    /// Female.
    Female,
}

/// The three entity types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityType {
    /// A person.
    Person,
    /// A country or territory.
    Country,
    /// An agency: government body, intergovernmental organisation, news agency.
    Agency,
}

impl EntityType {
    /// The name used in the tables.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "PERSON",
            EntityType::Country => "COUNTRY",
            EntityType::Agency => "AGENCY",
        }
    }

    fn from_id(id: &str) -> Option<EntityType> {
        match id.split_once(':').map(|(p, _)| p) {
            Some("P") => Some(EntityType::Person),
            Some("C") => Some(EntityType::Country),
            Some("A") => Some(EntityType::Agency),
            _ => None,
        }
    }
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a surface form names its entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// The canonical name.
    Canonical,
    /// Another full name (or a former name).
    Alias,
    /// An abbreviation, matched in exact case only.
    Abbrev,
    /// A demonym ("North Korean").
    Demonym,
    /// A capital or seat of government standing for the country.
    Capital,
}

/// What to do with an ambiguous surface (`ambiguous.tsv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Policy {
    /// Never tagged on its own.
    Skip,
    /// No ALL-CAPS headline variant.
    ExactOnly,
    /// Rejected when it is part of a person's name.
    NotPerson,
    /// Accepted only when the entity is also named unambiguously in the article.
    NeedsContext,
    /// Accepted only when the article names something of the entity's
    /// country (the country itself, one of its parts, an agency or a person
    /// of that country): party short forms ("Labour", "Tories"), bare
    /// institution names ("Commons", "Treasury").
    NeedsCountry,
}

impl Policy {
    fn parse(s: &str) -> Option<Policy> {
        Some(match s {
            "skip" => Policy::Skip,
            "exact_only" | "case_sensitive" => Policy::ExactOnly,
            "not_person" | "reject_if_person_pattern" => Policy::NotPerson,
            "needs_context" | "needs_qualifier" => Policy::NeedsContext,
            "needs_country" => Policy::NeedsCountry,
            _ => return None,
        })
    }
}

/// A term in office: `from` inclusive, `to` inclusive (open when `None`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Term {
    /// First day.
    pub from: Option<Date>,
    /// Last day; `None` while in office.
    pub to: Option<Date>,
}

impl Term {
    /// True when `date` falls inside the term.
    pub fn covers(&self, date: Date) -> bool {
        let day = date.as_start();
        self.from.is_none_or(|f| f.as_start() <= day) && self.to.is_none_or(|t| day <= t.as_end())
    }
}

/// One entity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entity {
    /// Stable id (`C:KP`, `A:KCNA`, `P:KR:yoon_suk_yeol`).
    pub id: String,
    /// Type, from the id prefix.
    pub kind: EntityType,
    /// Canonical name.
    pub name: String,
    /// Family names used alone (people).
    pub surnames: Vec<String>,
    /// ISO2 country code (people, agencies).
    pub country: Option<String>,
    /// Titles held (people).
    pub titles: Vec<String>,
    /// Terms in office (people); empty when unknown.
    pub terms: Vec<Term>,
    /// The entity this one belongs to (`C:GB` for `C:GB-SCT`, `A:UN` for
    /// `A:ILO`).
    pub parent: Option<String>,
    /// The kind of agency (`party`, `ministry`, `news_agency`, …).
    pub subtype: Option<String>,
    /// Why a person needs evidence in the article before a mention links
    /// to them (`needs_context` column of people.tsv), if they do.
    pub needs_context: Option<NeedsContext>,
}

/// Why a gazetteer person is linked only with evidence in the article.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NeedsContext {
    /// Another row shares the name.
    Shared,
    /// A member of a legislature from a bulk list: low prominence.
    Legislator,
    /// A common given name and a common surname, no office.
    Common,
}

/// A surface form that names an entity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Surface {
    /// The text to match.
    pub text: String,
    /// Index into [`Gazetteer::entities`].
    pub entity: u32,
    /// How it names the entity.
    pub role: Role,
}

/// A title that can stand before a person's name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Title {
    /// The title as written ("President", "Sen.").
    pub text: String,
    /// The canonical title it is a variant of.
    pub canonical: String,
}

/// The kind of a claim cue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CueKind {
    /// A reporting verb ("said").
    Speech,
    /// A belief or stance verb ("believes", "maintains").
    Belief,
    /// "according to".
    AccordingTo,
    /// A reporting phrase ("voiced concerns that").
    Phrase,
    /// A nominal cue ("claims", "warning").
    Noun,
}

/// One cue form as written ("said", "voiced concerns").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cue {
    /// The form as written, lower case.
    pub form: String,
    /// The lemma it inflects ("say").
    pub lemma: String,
    /// What kind of cue it is.
    pub kind: CueKind,
}

/// Everything loaded from a gazetteer folder.
#[derive(Clone, Debug, Default)]
pub struct Gazetteer {
    /// All entities, in load order.
    pub entities: Vec<Entity>,
    /// All surface forms.
    pub surfaces: Vec<Surface>,
    /// Titles, longest first.
    pub titles: Vec<Title>,
    /// Ambiguity policies by surface.
    pub policies: FastMap<String, Policy>,
    /// Claim cues: verbs (every inflection), phrases, nouns.
    pub cues: Vec<Cue>,
    /// Given names, for finding people who are not in the gazetteer.
    pub given_names: FastSet<String>,
    /// The sex of the given names that name mostly men or mostly women
    /// (`sex` column of names/given.tsv: `M`, `F`; `U` names are absent).
    pub given_sex: FastMap<String, Sex>,
    /// The word lists of the language rules.
    pub lexicon: Lexicon,
    /// The files entities were loaded from.
    files: Vec<PathBuf>,
    /// Where each entity was defined: (index into `files`, line). Compact,
    /// because a gazetteer may hold millions of entities.
    origins: Vec<(u32, u32)>,
}

/// A problem found by [`Gazetteer::check`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lint {
    /// True for errors, false for warnings.
    pub error: bool,
    /// Where.
    pub loc: Location,
    /// What.
    pub msg: String,
}

impl fmt::Display for Lint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = if self.error { "error" } else { "warning" };
        write!(f, "{}: {}: {}", self.loc, level, self.msg)
    }
}

/// Files with a fixed meaning; every other top-level `*.tsv` is an entity file.
const TITLES: &str = "titles.tsv";
const AMBIGUOUS: &str = "ambiguous.tsv";

/// A parsed TSV file: header names and rows of (line number, cells).
struct Table<'a> {
    path: PathBuf,
    header: Vec<&'a str>,
    rows: Vec<(usize, Vec<&'a str>)>,
}

impl<'a> Table<'a> {
    fn parse(path: &Path, text: &'a str) -> Result<Table<'a>> {
        let mut header = None;
        let mut rows = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let n = i + 1;
            let line = line.strip_suffix('\r').unwrap_or(line);
            let line = if n == 1 { line.trim_start_matches('\u{FEFF}') } else { line };
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cells: Vec<&str> = line.split('\t').map(str::trim).collect();
            match header {
                None => header = Some(cells),
                Some(ref h) => {
                    if cells.len() != h.len() {
                        return Err(Error::Gazetteer {
                            loc: Location::new(path, n),
                            msg: format!(
                                "expected {} tab-separated fields, found {}",
                                h.len(),
                                cells.len()
                            ),
                        });
                    }
                    rows.push((n, cells));
                }
            }
        }
        let header = header.ok_or_else(|| Error::Gazetteer {
            loc: Location { path: path.to_path_buf(), line: None },
            msg: "no header line".into(),
        })?;
        Ok(Table { path: path.to_path_buf(), header, rows })
    }

    fn col(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| *h == name)
    }

    fn require(&self, name: &str) -> Result<usize> {
        self.col(name).ok_or_else(|| Error::Gazetteer {
            loc: Location::new(&self.path, 1),
            msg: format!("missing column `{name}` (header: {})", self.header.join(", ")),
        })
    }

    fn err(&self, line: usize, msg: impl Into<String>) -> Error {
        Error::Gazetteer { loc: Location::new(&self.path, line), msg: msg.into() }
    }
}

/// The error for a file that is not UTF-8: `FILE:LINE` of its first bad
/// byte, like any other gazetteer error.
fn not_utf8(path: &Path, bytes: &[u8]) -> Error {
    let good = std::str::from_utf8(bytes).map_or_else(|e| e.valid_up_to(), str::len);
    let line_start = bytes[..good].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let line = 1 + bytes[..good].iter().filter(|&&b| b == b'\n').count();
    let byte = bytes.get(good).copied().unwrap_or(0);
    Error::Gazetteer {
        loc: Location::new(path, line),
        msg: format!(
            "not valid UTF-8 (byte 0x{byte:02X} at column {}); save the file as UTF-8",
            good - line_start + 1
        ),
    }
}

/// Splits a `|`-separated cell into its non-empty items.
fn items(cell: &str) -> impl Iterator<Item = &str> {
    cell.split('|').map(str::trim).filter(|s| !s.is_empty())
}

fn get<'a>(row: &[&'a str], col: Option<usize>) -> &'a str {
    col.map_or("", |c| row[c])
}

impl Gazetteer {
    /// The gazetteers compiled into the binary.
    pub fn builtin() -> Result<Gazetteer> {
        let files: Vec<(PathBuf, String)> = builtin::BUILTIN
            .iter()
            .map(|(p, t)| (Path::new("gazetteers").join(p), t.to_string()))
            .collect();
        Gazetteer::from_files(&files)
    }

    /// Loads every `*.tsv` under `dir`.
    pub fn load_dir(dir: &Path) -> Result<Gazetteer> {
        let mut paths = Vec::new();
        collect_tsv(dir, &mut paths)?;
        if paths.is_empty() {
            return Err(Error::Gazetteer {
                loc: Location { path: dir.to_path_buf(), line: None },
                msg: "no gazetteer files (*.tsv) found".into(),
            });
        }
        let mut files = Vec::new();
        for p in paths {
            let bytes = std::fs::read(&p).map_err(|e| Error::io(&p, e))?;
            let text = String::from_utf8(bytes).map_err(|e| not_utf8(&p, e.as_bytes()))?;
            files.push((p, text));
        }
        Gazetteer::from_files(&files)
    }

    /// Builds a gazetteer from (path, contents) pairs. The role of a file is
    /// given by its name relative to the gazetteer folder.
    pub fn from_files(files: &[(PathBuf, String)]) -> Result<Gazetteer> {
        let mut g = Gazetteer::default();
        let mut seen_ids: HashMap<String, u32> = HashMap::new();
        for (path, text) in files {
            let name =
                path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let parent = path
                .parent()
                .and_then(|p| p.file_name())
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if let Some(list) = lexicon::list_name(path) {
                g.lexicon.insert(lexicon::parse(path, &list, text)?);
                continue;
            }
            let table = Table::parse(path, text)?;
            match (parent.as_str(), name.as_str()) {
                ("cues", _) => g.load_cues(&table, &name)?,
                ("names", _) => g.load_names(&table)?,
                (_, TITLES) => g.load_titles(&table)?,
                (_, AMBIGUOUS) => g.load_ambiguous(&table)?,
                _ => g.load_entities(&table, &mut seen_ids)?,
            }
        }
        g.titles.sort_by(|a, b| b.text.len().cmp(&a.text.len()).then(a.text.cmp(&b.text)));
        g.lexicon.fill_from_builtin();
        Ok(g)
    }

    fn load_entities(&mut self, t: &Table, seen: &mut HashMap<String, u32>) -> Result<()> {
        let file = self.files.len() as u32;
        self.files.push(t.path.clone());
        let c_id = t.require("id")?;
        let c_name = t.require("canonical")?;
        let c_alias = t.col("aliases");
        let c_abbr = t.col("abbrevs");
        let c_dem = t.col("demonyms");
        let c_cap = t.col("capitals");
        let c_former = t.col("former");
        let c_surname = t.col("surname");
        let c_country = t.col("country");
        let c_titles = t.col("titles");
        let c_parent = t.col("parent");
        let c_subtype = t.col("subtype");
        let c_needs = t.col("needs_context");
        let c_from = t.col("valid_from");
        let c_to = t.col("valid_to");
        for (line, row) in &t.rows {
            let id = row[c_id];
            let kind = EntityType::from_id(id).ok_or_else(|| {
                t.err(*line, format!("id `{id}` must start with P:, C: or A: (or P~ is reserved)"))
            })?;
            if !valid_id(id) {
                return Err(t.err(
                    *line,
                    format!("id `{id}` has characters other than A-Z a-z 0-9 _ - : ."),
                ));
            }
            if let Some(&prev) = seen.get(id) {
                let prev = self.origin(prev as usize);
                return Err(t.err(*line, format!("duplicate id `{id}` (first defined at {prev})")));
            }
            seen.insert(id.to_string(), self.entities.len() as u32);
            let needs_context = match get(row, c_needs) {
                "" => None,
                "shared" => Some(NeedsContext::Shared),
                "legislator" => Some(NeedsContext::Legislator),
                "common" => Some(NeedsContext::Common),
                other => {
                    return Err(t.err(
                        *line,
                        format!(
                            "needs_context `{other}` (want shared, legislator, common or nothing)"
                        ),
                    ))
                }
            };
            let name = row[c_name];
            if name.is_empty() {
                return Err(t.err(*line, format!("`{id}` has an empty canonical name")));
            }
            let froms: Vec<&str> = get(row, c_from).split('|').map(str::trim).collect();
            let tos: Vec<&str> = get(row, c_to).split('|').map(str::trim).collect();
            let mut terms = Vec::new();
            if !(froms.len() == 1 && froms[0].is_empty() && tos.len() == 1 && tos[0].is_empty()) {
                if froms.len() != tos.len() {
                    return Err(t.err(
                        *line,
                        format!(
                            "valid_from has {} terms but valid_to has {}",
                            froms.len(),
                            tos.len()
                        ),
                    ));
                }
                for (f, to) in froms.iter().zip(&tos) {
                    let parse = |s: &str, col: &str| -> Result<Option<Date>> {
                        if s.is_empty() {
                            Ok(None)
                        } else {
                            Date::parse(s).map(Some).ok_or_else(|| {
                                t.err(
                                    *line,
                                    format!("bad date `{s}` in {col} (want YYYY[-MM[-DD]])"),
                                )
                            })
                        }
                    };
                    let term = Term { from: parse(f, "valid_from")?, to: parse(to, "valid_to")? };
                    if let (Some(a), Some(b)) = (term.from, term.to) {
                        if a.as_start() > b.as_end() {
                            return Err(
                                t.err(*line, format!("term ends before it starts ({f} > {to})"))
                            );
                        }
                    }
                    terms.push(term);
                }
            }
            let idx = self.entities.len() as u32;
            let mut add = |text: &str, role: Role| {
                self.surfaces.push(Surface { text: text.to_string(), entity: idx, role });
            };
            add(name, Role::Canonical);
            for (col, role) in [
                (c_alias, Role::Alias),
                (c_former, Role::Alias),
                (c_abbr, Role::Abbrev),
                (c_dem, Role::Demonym),
                (c_cap, Role::Capital),
            ] {
                for s in items(get(row, col)) {
                    add(s, role);
                }
            }
            let mut surnames: Vec<String> =
                items(get(row, c_surname)).map(str::to_string).collect();
            if kind == EntityType::Person && surnames.is_empty() {
                if let Some(last) = name.split_whitespace().last() {
                    surnames.push(last.to_string());
                }
            }
            self.entities.push(Entity {
                id: id.to_string(),
                kind,
                name: name.to_string(),
                surnames,
                country: Some(get(row, c_country)).filter(|s| !s.is_empty()).map(str::to_string),
                titles: items(get(row, c_titles)).map(str::to_string).collect(),
                terms,
                parent: Some(get(row, c_parent)).filter(|s| !s.is_empty()).map(str::to_string),
                subtype: Some(get(row, c_subtype)).filter(|s| !s.is_empty()).map(str::to_string),
                needs_context,
            });
            self.origins.push((file, *line as u32));
        }
        Ok(())
    }

    fn load_titles(&mut self, t: &Table) -> Result<()> {
        let c_title = t.require("title")?;
        let c_abbr = t.col("abbrevs");
        for (_, row) in &t.rows {
            let canonical = row[c_title];
            if canonical.is_empty() {
                continue;
            }
            for s in std::iter::once(canonical).chain(items(get(row, c_abbr))) {
                self.titles.push(Title { text: s.to_string(), canonical: canonical.to_string() });
            }
        }
        Ok(())
    }

    fn load_ambiguous(&mut self, t: &Table) -> Result<()> {
        let c_surface = t.require("surface")?;
        let c_policy = t.require("policy")?;
        for (line, row) in &t.rows {
            let policy = Policy::parse(row[c_policy]).ok_or_else(|| {
                t.err(
                    *line,
                    format!(
                        "unknown policy `{}` (want skip, exact_only, not_person, needs_context or needs_country)",
                        row[c_policy]
                    ),
                )
            })?;
            self.policies.insert(row[c_surface].to_string(), policy);
        }
        Ok(())
    }

    fn load_cues(&mut self, t: &Table, name: &str) -> Result<()> {
        if name.starts_with("verbs") {
            let c_lemma = t.require("lemma")?;
            let c_forms = t.col("forms");
            let c_kind = t.col("kind");
            for (line, row) in &t.rows {
                let lemma = row[c_lemma].to_lowercase();
                let kind = match get(row, c_kind) {
                    "" | "speech" => CueKind::Speech,
                    "belief" => CueKind::Belief,
                    other => {
                        return Err(t.err(
                            *line,
                            format!("unknown verb kind `{other}` (want speech or belief)"),
                        ))
                    }
                };
                let mut forms: Vec<String> =
                    items(get(row, c_forms)).map(str::to_lowercase).collect();
                if forms.is_empty() {
                    forms.push(lemma.clone());
                }
                for f in forms {
                    self.cues.push(Cue { form: f, lemma: lemma.clone(), kind });
                }
            }
        } else if name.starts_with("phrases") {
            let c_phrase = t.require("phrase")?;
            let c_kind = t.col("kind");
            for (_, row) in &t.rows {
                let phrase = row[c_phrase].to_lowercase();
                if phrase.contains(" x ") || phrase.is_empty() {
                    continue; // slot templates ("quoted X as saying") are handled in code
                }
                let kind = match get(row, c_kind) {
                    "according_to" if phrase.starts_with("according to") => CueKind::AccordingTo,
                    "nominal" => CueKind::Noun,
                    _ => CueKind::Phrase,
                };
                self.cues.push(Cue { form: phrase.clone(), lemma: phrase, kind });
            }
        } else if name.starts_with("nouns") {
            let c_noun = t.require("noun")?;
            let c_forms = t.col("forms");
            for (_, row) in &t.rows {
                let lemma = row[c_noun].to_lowercase();
                let mut forms: Vec<String> =
                    items(get(row, c_forms)).map(str::to_lowercase).collect();
                if forms.is_empty() {
                    forms.push(lemma.clone());
                }
                for f in forms {
                    self.cues.push(Cue { form: f, lemma: lemma.clone(), kind: CueKind::Noun });
                }
            }
        }
        Ok(())
    }

    fn load_names(&mut self, t: &Table) -> Result<()> {
        let c_name = t.require("name")?;
        let c_sex = t.col("sex");
        for (line, row) in &t.rows {
            let name = row[c_name];
            if name.is_empty() {
                continue;
            }
            self.given_names.insert(name.to_string());
            let sex = match c_sex.map_or("", |c| row[c]) {
                "M" => Some(Sex::Male),
                "F" => Some(Sex::Female),
                "U" | "" => None,
                other => {
                    return Err(t.err(*line, format!("sex `{other}` (want M, F, U or nothing)")))
                }
            };
            if let Some(sex) = sex {
                self.given_sex.insert(name.to_string(), sex);
            }
        }
        Ok(())
    }

    /// Where entity `i` was defined.
    pub fn origin(&self, i: usize) -> Location {
        let (file, line) = self.origins[i];
        Location::new(&self.files[file as usize], line as usize)
    }

    /// Index of the entity with this id.
    pub fn find(&self, id: &str) -> Option<usize> {
        self.entities.iter().position(|e| e.id == id)
    }

    /// Lints the gazetteer: surfaces shared by several entities, risky
    /// aliases that are common lower-case words, and the lexicon's own
    /// lints ([`Lexicon::check`]).
    pub fn check(&self) -> Vec<Lint> {
        let mut out: Vec<Lint> = self
            .lexicon
            .check()
            .into_iter()
            .map(|(error, loc, msg)| Lint { error, loc, msg })
            .collect();
        let mut by_surface: HashMap<&str, Vec<u32>> = HashMap::new();
        for s in &self.surfaces {
            let v = by_surface.entry(s.text.as_str()).or_default();
            if !v.contains(&s.entity) {
                v.push(s.entity);
            }
        }
        let mut shared: Vec<(&str, &Vec<u32>)> =
            by_surface.iter().filter(|(_, v)| v.len() > 1).map(|(k, v)| (*k, v)).collect();
        shared.sort();
        for &(surface, ents) in &shared {
            // People who share a name link only with evidence: each must
            // say so in people.tsv's `needs_context` column.
            let people: Vec<u32> = ents
                .iter()
                .copied()
                .filter(|&e| self.entities[e as usize].kind == EntityType::Person)
                .collect();
            if people.len() > 1 {
                for &e in
                    people.iter().filter(|&&e| self.entities[e as usize].needs_context.is_none())
                {
                    let others: Vec<&str> = people
                        .iter()
                        .filter(|&&o| o != e)
                        .map(|&o| self.entities[o as usize].id.as_str())
                        .collect();
                    out.push(Lint {
                        error: true,
                        loc: self.origin(e as usize),
                        msg: format!(
                            "{} shares the name `{surface}` with {} but has no needs_context",
                            self.entities[e as usize].id,
                            others.join(", ")
                        ),
                    });
                }
            }
        }
        for (surface, ents) in shared {
            if self.policies.contains_key(surface) {
                continue;
            }
            let ids: Vec<&str> =
                ents.iter().map(|&e| self.entities[e as usize].id.as_str()).collect();
            out.push(Lint {
                error: false,
                loc: self.origin(ents[1] as usize),
                msg: format!(
                    "surface `{surface}` is shared by {} (no policy in ambiguous.tsv)",
                    ids.join(", ")
                ),
            });
        }
        let common = self.lexicon.set("common_words");
        for s in &self.surfaces {
            let lower = s.text.to_lowercase();
            if s.role != Role::Abbrev
                && common.contains(&lower)
                && !self.policies.contains_key(s.text.as_str())
            {
                out.push(Lint {
                    error: false,
                    loc: self.origin(s.entity as usize),
                    msg: format!(
                        "risky surface `{}` of {} is a common English word",
                        s.text, self.entities[s.entity as usize].id
                    ),
                });
            }
            if s.text.chars().count() < 2 {
                out.push(Lint {
                    error: true,
                    loc: self.origin(s.entity as usize),
                    msg: format!("surface `{}` is too short to match safely", s.text),
                });
            }
        }
        out
    }
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ':' | '.'))
}

fn collect_tsv(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let rd = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect_tsv(&p, out)?;
        } else if p.extension().is_some_and(|e| e == "tsv") {
            out.push(p);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_utf8_names_the_line_and_column_of_the_first_bad_byte() {
        let e = not_utf8(Path::new("g/x.tsv"), b"id\tcanonical\nC:FR\tFran\xe7e\n\xff\n");
        assert_eq!(
            e.to_string(),
            "g/x.tsv:2: not valid UTF-8 (byte 0xE7 at column 10); save the file as UTF-8"
        );
        let e = not_utf8(Path::new("x.tsv"), b"\xef\xbb");
        assert!(e.to_string().starts_with("x.tsv:1: not valid UTF-8 (byte 0xEF at column 1)"));
    }

    #[test]
    fn people_sharing_a_name_must_need_context() {
        let people =
            "id\tcanonical\taliases\tsurname\tcountry\ttitles\tvalid_from\tvalid_to\tneeds_context
P:US:john_terry\tJohn Terry\t\tTerry\tUS\t\t\t\tshared
P:GB:john_terry\tJohn Terry\t\tTerry\tGB\t\t\t\t
P:US:adam_smith\tAdam Smith\t\tSmith\tUS\t\t\t\tshared
P:GB:adam_smith\tAdam Smith\t\tSmith\tGB\t\t\t\tshared
";
        let files = vec![(PathBuf::from("g/people.tsv"), people.to_string())];
        let lints: Vec<String> = Gazetteer::from_files(&files)
            .unwrap()
            .check()
            .into_iter()
            .filter(|l| l.error)
            .map(|l| l.to_string())
            .collect();
        assert_eq!(lints.len(), 1, "{lints:?}");
        assert!(
            lints[0].starts_with("g/people.tsv:3: error: P:GB:john_terry shares the name `John Terry` with P:US:john_terry"),
            "{lints:?}"
        );
    }

    /// The generated list of built-in files spells every path from
    /// CARGO_MANIFEST_DIR at compile time: no absolute path of the folder
    /// the build ran in, which breaks the build once the checkout moves.
    #[test]
    fn generated_builtin_list_holds_no_absolute_path() {
        let generated = include_str!(concat!(env!("OUT_DIR"), "/builtin_gazetteers.rs"));
        assert!(
            !generated.contains(env!("CARGO_MANIFEST_DIR")),
            "the generated file names the build folder:\n{generated}"
        );
        let includes: Vec<&str> =
            generated.lines().filter(|l| l.contains("include_str!")).collect();
        assert_eq!(includes.len(), builtin_files().len());
        for line in includes {
            assert!(
                line.contains(r#"include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/gazetteers/"#),
                "{line}"
            );
        }
    }

    fn files(list: &[(&str, &str)]) -> Vec<(PathBuf, String)> {
        list.iter().map(|(p, t)| (PathBuf::from(p), t.to_string())).collect()
    }

    #[test]
    fn loads_entities_and_roles() {
        let g = Gazetteer::from_files(&files(&[(
            "g/countries.tsv",
            "id\tcanonical\taliases\tabbrevs\tdemonyms\tcapitals\n\
             C:KP\tNorth Korea\tDemocratic People's Republic of Korea\tDPRK\tNorth Korean|North Koreans\tPyongyang\n",
        )]))
        .unwrap();
        assert_eq!(g.entities.len(), 1);
        assert_eq!(g.entities[0].kind, EntityType::Country);
        let roles: Vec<(&str, Role)> =
            g.surfaces.iter().map(|s| (s.text.as_str(), s.role)).collect();
        assert!(roles.contains(&("Pyongyang", Role::Capital)));
        assert!(roles.contains(&("DPRK", Role::Abbrev)));
        assert!(roles.contains(&("North Koreans", Role::Demonym)));
    }

    #[test]
    fn wrong_column_count_names_file_and_line() {
        let err =
            Gazetteer::from_files(&files(&[("g/people.tsv", "id\tcanonical\nP:x\tX Y\textra\n")]))
                .unwrap_err()
                .to_string();
        assert_eq!(err, "g/people.tsv:2: expected 2 tab-separated fields, found 3");
    }

    #[test]
    fn duplicate_ids_and_bad_dates_are_refused() {
        let dup = Gazetteer::from_files(&files(&[("a.tsv", "id\tcanonical\nA:X\tX\nA:X\tY\n")]))
            .unwrap_err()
            .to_string();
        assert!(dup.starts_with("a.tsv:3: duplicate id `A:X`"), "{dup}");
        let bad = Gazetteer::from_files(&files(&[(
            "p.tsv",
            "id\tcanonical\tvalid_from\tvalid_to\nP:a_b\tA B\t2020-13-01\t\n",
        )]))
        .unwrap_err()
        .to_string();
        assert!(bad.starts_with("p.tsv:2: bad date `2020-13-01`"), "{bad}");
    }

    #[test]
    fn terms_cover_dates() {
        let t = Term { from: Date::parse("2022-05-10"), to: Date::parse("2025-04") };
        assert!(t.covers(Date::parse("2023-11-11").unwrap()));
        assert!(t.covers(Date::parse("2025-04-30").unwrap()));
        assert!(!t.covers(Date::parse("2022-05-09").unwrap()));
        assert!(!t.covers(Date::parse("2025-05-01").unwrap()));
    }

    #[test]
    fn builtin_loads() {
        let g = Gazetteer::builtin().unwrap();
        assert!(!g.entities.is_empty() || crate::gazetteer::builtin::BUILTIN.is_empty());
    }
}
