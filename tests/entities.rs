//! `entities.csv` as users filter it: parent, subtype and country columns,
//! parent rows for entities that have one, the constituent countries of
//! the United Kingdom, through a run, a shard merge and `--emit jsonl`.

mod common;

use std::path::Path;

use common::{claimex, read_table, tempdir, write, Row};

fn entity<'a>(rows: &'a [Row], id: &str) -> Option<&'a Row> {
    rows.iter().find(|r| r["entity_id"] == id)
}

fn run(dir: &Path, text: &str) -> Vec<Row> {
    write(&dir.join("a.txt"), text);
    claimex(dir, ["a.txt", "-q", "-o", "out"]).expect_code(0);
    read_table(&dir.join("out/entities.csv")).rows
}

#[test]
fn parents_get_a_row_even_when_not_mentioned() {
    let dir = tempdir();
    let rows = run(dir.path(), "The ILO said on Monday that wages fell.");
    let ilo = entity(&rows, "A:ILO").expect("the ILO row");
    assert_eq!(
        (ilo["parent"].as_str(), ilo["subtype"].as_str(), ilo["mentions"].as_str()),
        ("A:UN", "un_agency", "1")
    );
    let un = entity(&rows, "A:UN").expect("its parent's row");
    assert_eq!((un["mentions"].as_str(), un["articles"].as_str()), ("0", "0"));
    assert_eq!(un["name"], "United Nations");
}

#[test]
fn uk_nations_are_countries_of_their_own() {
    let dir = tempdir();
    let rows = run(
        dir.path(),
        "Scotland beat Wales at Murrayfield, and England play Northern Ireland next. \
         British fans and Scottish supporters cheered.",
    );
    for (id, name) in [
        ("C:GB-SCT", "Scotland"),
        ("C:GB-WLS", "Wales"),
        ("C:GB-ENG", "England"),
        ("C:GB-NIR", "Northern Ireland"),
    ] {
        let r = entity(&rows, id).unwrap_or_else(|| panic!("no row for {id}"));
        assert_eq!((r["name"].as_str(), r["parent"].as_str()), (name, "C:GB"), "{id}");
    }
    assert_eq!(entity(&rows, "C:GB-SCT").unwrap()["mentions"], "2", "Scotland, Scottish");
    assert_eq!(entity(&rows, "C:GB").unwrap()["mentions"], "1", "British only");
}

#[test]
fn merged_shards_keep_the_columns_and_the_parent_rows() {
    let dir = tempdir();
    let lines = [
        r#"{"id":"a","text":"The ILO said wages fell."}"#,
        r#"{"id":"b","text":"Unicef said children suffered."}"#,
        r#"{"id":"c","text":"Scotland won."}"#,
    ];
    write(&dir.path().join("in.jsonl"), lines.join("\n"));
    claimex(dir.path(), ["in.jsonl", "-q", "-o", "one"]).expect_code(0);
    for k in 0..2 {
        let shard = format!("{k}/2");
        let out = format!("s{k}");
        claimex(dir.path(), ["in.jsonl", "-q", "--shard", &shard, "-o", &out]).expect_code(0);
    }
    claimex(dir.path(), ["--merge", "s0", "s1", "-q", "-o", "merged"]).expect_code(0);
    let one = std::fs::read(dir.path().join("one/entities.csv")).unwrap();
    let merged = std::fs::read(dir.path().join("merged/entities.csv")).unwrap();
    assert_eq!(String::from_utf8_lossy(&merged), String::from_utf8_lossy(&one));
    let rows = read_table(&dir.path().join("one/entities.csv")).rows;
    assert_eq!(entity(&rows, "A:UN").unwrap()["mentions"], "0");
}

#[test]
fn emitted_entity_rows_have_the_columns() {
    let dir = tempdir();
    write(&dir.path().join("in.jsonl"), r#"{"id":"a","text":"The ILO said wages fell."}"#);
    let run = claimex(dir.path(), ["in.jsonl", "-q", "--emit", "jsonl"]);
    let ent: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .filter(|v: &serde_json::Value| v["table"] == "entities")
        .collect();
    let un = ent.iter().find(|v| v["entity_id"] == "A:UN").expect("the parent row");
    assert_eq!((un["mentions"].as_str(), un["subtype"].as_str()), (Some("0"), Some("igo")));
}
