//! Stage 1 on real files: folders, encodings, JSON Lines, compression,
//! limits and broken inputs.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

use claimex::read::{articles, Article, Item, ReadOptions, RejectReason, Rejected};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/read")
}

fn strings<T: ToString>(v: &[T]) -> Vec<String> {
    v.iter().map(T::to_string).collect()
}

fn read_all(inputs: &[PathBuf]) -> Vec<Item> {
    articles(inputs, &ReadOptions::default()).collect()
}

fn article(item: &Item) -> &Article {
    match item {
        Item::Article(a) => a,
        Item::Rejected(r) => panic!("expected an article, got {r:?}"),
    }
}

fn rejection(item: &Item) -> &Rejected {
    match item {
        Item::Rejected(r) => r,
        Item::Article(a) => panic!("expected a rejection, got {a:?}"),
    }
}

fn write(path: &Path, data: &[u8]) {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).unwrap();
    }
    fs::write(path, data).unwrap();
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

fn zstd(data: &[u8]) -> Vec<u8> {
    zstd::stream::encode_all(data, 3).unwrap()
}

fn s(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

#[test]
fn committed_folder_in_sorted_order_with_relative_ids() {
    let root = fixtures().join("corpus");
    let mut rdr = articles(std::slice::from_ref(&root), &ReadOptions::default());
    let items: Vec<Item> = rdr.by_ref().collect();
    let ids: Vec<&str> = items.iter().map(Item::id).collect();
    let feed = format!("{}:1", s(&root.join("feed.jsonl")));
    assert_eq!(ids, ["2023/a.txt", "2023/b.txt", feed.as_str(), "w-2", "z.txt"]);
    let a = article(&items[0]);
    assert_eq!(a.source, s(&root.join("2023/a.txt")));
    assert_eq!(a.location.to_string(), format!("{}:1", s(&root.join("2023/a.txt"))));
    assert_eq!(a.date.as_deref(), Some("2023-11-11"));
    assert!(a.text.starts_with(" date 2023-11-11 The harbour"), "{:?}", a.text);
    let feed = article(&items[2]);
    assert_eq!(feed.source, format!("{}:1", s(&root.join("feed.jsonl"))));
    assert_eq!(feed.title.as_deref(), Some("Grain prices"));
    assert_eq!(rdr.skipped_files(), 1, "notes.md is skipped");
    let total: u64 = ["2023/a.txt", "2023/b.txt", "feed.jsonl", "w.jsonl", "z.txt"]
        .iter()
        .map(|f| fs::metadata(root.join(f)).unwrap().len())
        .sum();
    assert_eq!(rdr.bytes_read().load(Ordering::Relaxed), total);
}

#[test]
fn txt_given_directly_uses_file_name() {
    let path = fixtures().join("corpus/2023/b.txt");
    let items = read_all(std::slice::from_ref(&path));
    let a = article(&items[0]);
    assert_eq!(a.id, "b.txt");
    assert_eq!(a.source, s(&path));
    assert_eq!(a.date, None);
}

#[test]
fn interleaved_sort_by_name_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(&root.join("b.txt"), b"B.");
    write(&root.join("a/z.txt"), b"AZ.");
    write(&root.join("a.txt"), b"A.");
    write(&root.join("B.txt"), b"Upper B.");
    write(&root.join("c/d/e.txt"), b"CDE.");
    write(&root.join("c/a.jsonl"), b"{\"text\":\"x\"}\n");
    write(&root.join("image.png"), b"\x89PNG");
    write(&root.join("c/data.json"), b"{}");
    let mut rdr = articles(&[root.to_path_buf()], &ReadOptions::default());
    let ids: Vec<String> = rdr.by_ref().map(|i| i.id().to_string()).collect();
    let jsonl = format!("{}:1", s(&root.join("c/a.jsonl")));
    assert_eq!(ids, ["B.txt", "a/z.txt", "a.txt", "b.txt", jsonl.as_str(), "c/d/e.txt"]);
    assert_eq!(rdr.skipped_files(), 2);
}

#[test]
fn txt_encodings() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(&root.join("1-bom.txt"), b"\xEF\xBB\xBFdate 2024-02-03\r\nBody.\r\n");
    let utf16 = |le: bool| -> Vec<u8> {
        let mut out = if le { vec![0xFF, 0xFE] } else { vec![0xFE, 0xFF] };
        for u in "date 2024-02-04 Caf\u{e9} \u{201c}quoted\u{201d}.".encode_utf16() {
            out.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        out
    };
    write(&root.join("2-le.txt"), &utf16(true));
    write(&root.join("3-be.txt"), &utf16(false));
    write(&root.join("4-bad.txt"), b"Line one.\nLine two.\nCaf\xe9 three.\n\xff\n");
    let items = read_all(&[root.to_path_buf()]);
    let a = article(&items[0]);
    assert_eq!(a.text, "date 2024-02-03\r\nBody.\r\n", "BOM removed, CRLF kept");
    assert_eq!(a.date.as_deref(), Some("2024-02-03"));
    assert!(a.warnings.is_empty());
    for item in &items[1..3] {
        let a = article(item);
        assert_eq!(a.text, "date 2024-02-04 Caf\u{e9} \u{201c}quoted\u{201d}.");
        assert_eq!(a.date.as_deref(), Some("2024-02-04"));
        assert!(a.warnings.is_empty());
    }
    let a = article(&items[3]);
    assert_eq!(a.text, "Line one.\nLine two.\nCaf\u{FFFD} three.\n\u{FFFD}\n");
    assert_eq!(strings(&a.warnings), ["invalid UTF-8 replaced (first at line 3)"]);
    assert_eq!(a.location.to_string(), format!("{}:3", s(&root.join("4-bad.txt"))));
}

#[test]
fn binary_and_empty_txt_are_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(&root.join("bin.txt"), b"PK\x03\x04\0\0\0\0\x08\0binary");
    write(&root.join("empty.txt"), b"");
    write(&root.join("spaces.txt"), b"\xEF\xBB\xBF \r\n\t\n");
    let items = read_all(&[root.to_path_buf()]);
    let reasons: Vec<(&str, &RejectReason)> =
        items.iter().map(|i| (i.id(), &rejection(i).reason)).collect();
    assert_eq!(
        reasons,
        [
            ("bin.txt", &RejectReason::Binary),
            ("empty.txt", &RejectReason::Empty),
            ("spaces.txt", &RejectReason::Empty)
        ]
    );
    assert_eq!(
        rejection(&items[0]).location.to_string(),
        format!("{}:1", s(&root.join("bin.txt")))
    );
}

#[test]
fn jsonl_rules_on_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("news.jsonl");
    write(
        &path,
        b"{\"id\":\"n1\",\"text\":\"One.\"}\r\n\
          \r\n\
          {\"id\":\"n2\",\"text\":\"Two.\",}\r\n\
          {\"id\":\"n3\",\"title\":\"no text\"}\r\n\
          {\"id\":1234,\"text\":\"Four.\",\"date\":\"2020-05-06\"}\r\n\
          {\"id\":\"n1\",\"text\":\"Again.\"}\r\n\
          {\"text\":\"No id.\"}",
    );
    let items = read_all(std::slice::from_ref(&path));
    let file = s(&path);
    let ids: Vec<&str> = items.iter().map(Item::id).collect();
    let no_id = format!("{file}:7");
    assert_eq!(ids, ["n1", "n2", "n3", "1234", "n1~2", no_id.as_str()]);
    assert_eq!(article(&items[0]).text, "One.", "CR removed");
    let r = rejection(&items[1]);
    assert_eq!(r.location.to_string(), format!("{file}:3"));
    assert_eq!(r.source, format!("{file}:3"));
    assert!(
        r.reason.to_string().starts_with("invalid JSON: trailing comma at column"),
        "{}",
        r.reason
    );
    assert_eq!(rejection(&items[2]).reason.to_string(), "no text");
    assert_eq!(article(&items[3]).date.as_deref(), Some("2020-05-06"));
    assert_eq!(strings(&article(&items[4]).warnings), ["repeated id n1"]);
    assert_eq!(article(&items[5]).source, no_id);
}

#[test]
fn repeated_ids_across_inputs_and_rejections() {
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("one");
    let two = dir.path().join("two");
    write(&one.join("x.txt"), b"First.");
    write(&two.join("x.txt"), b"");
    write(&dir.path().join("x.txt"), b"Third.");
    let items = read_all(&[one, two, dir.path().join("x.txt")]);
    let ids: Vec<&str> = items.iter().map(Item::id).collect();
    assert_eq!(ids, ["x.txt", "x.txt~2", "x.txt~3"]);
    assert_eq!(rejection(&items[1]).reason.to_string(), "empty file");
    assert_eq!(strings(&article(&items[2]).warnings), ["repeated id x.txt"]);
}

fn lines(prefix: &str, n: usize) -> Vec<u8> {
    let mut data = Vec::new();
    for i in 0..n {
        writeln!(
            data,
            "{{\"id\":\"{prefix}{i}\",\"text\":\"Report {i}: officials met on day {}.\"}}",
            i * 7
        )
        .unwrap();
    }
    data
}

#[test]
fn compressed_files_by_magic_and_name() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(&root.join("a.jsonl.gz"), &gzip(b"{\"text\":\"gz\"}\n"));
    write(&root.join("b.jsonl.zst"), &zstd(b"{\"text\":\"zst\"}\n"));
    // Compressed whatever the name says.
    write(&root.join("c.jsonl"), &gzip(b"{\"text\":\"gz named jsonl\"}\n"));
    let mut multi = gzip(b"{\"text\":\"member 1\"}\n");
    multi.extend(gzip(b"{\"text\":\"member 2\"}\n"));
    write(&root.join("d.jsonl.gz"), &multi);
    write(&root.join("direct.data"), &zstd(b"{\"id\":\"d\",\"text\":\"direct\"}\n"));
    let mut inputs = vec![root.to_path_buf()];
    inputs.push(root.join("direct.data"));
    let mut rdr = articles(&inputs, &ReadOptions::default());
    let texts: Vec<String> = rdr.by_ref().map(|i| article(&i).text.clone()).collect();
    assert_eq!(texts, ["gz", "zst", "gz named jsonl", "member 1", "member 2", "direct"]);
    assert_eq!(rdr.skipped_files(), 1, "direct.data is skipped inside the folder");
}

#[test]
fn truncated_gz_and_zst_keep_earlier_articles() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    // zstd decodes whole blocks (up to 128 KiB): make several.
    let gz = gzip(&lines("g", 20000));
    let zs = zstd(&lines("z", 20000));
    write(&root.join("a.jsonl.gz"), &gz[..gz.len() / 2]);
    write(&root.join("b.jsonl.zst"), &zs[..zs.len() / 2]);
    write(&root.join("c.jsonl"), b"{\"text\":\"after\"}\n");
    let items = read_all(&[root.to_path_buf()]);
    let mut rest = &items[..];
    for (name, codec, prefix) in [("a.jsonl.gz", "gzip", "g"), ("b.jsonl.zst", "zstd", "z")] {
        let stop = rest.iter().position(|i| matches!(i, Item::Rejected(_))).unwrap();
        assert!(stop > 0, "{codec}: earlier articles kept");
        for (i, item) in rest[..stop].iter().enumerate() {
            assert_eq!(article(item).id, format!("{prefix}{i}"));
        }
        let r = rejection(&rest[stop]);
        assert_eq!(r.id, format!("{}:{}", s(&root.join(name)), stop + 1));
        assert_eq!(r.location.to_string(), r.id);
        assert!(
            r.reason.to_string().starts_with(&format!("truncated or corrupt {codec} stream: ")),
            "{r:?}"
        );
        rest = &rest[stop + 1..];
    }
    assert_eq!(rest.len(), 1);
    assert_eq!(article(&rest[0]).text, "after");
}

#[test]
fn corrupt_gzip_header_is_one_rejection() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.jsonl.gz");
    write(&path, b"\x1f\x8b\x08\x00garbage that is not deflate");
    let items = read_all(std::slice::from_ref(&path));
    assert_eq!(items.len(), 1);
    let r = rejection(&items[0]);
    assert_eq!(r.id, format!("{}:1", s(&path)));
    assert!(r.reason.to_string().starts_with("truncated or corrupt gzip stream: "), "{r:?}");
}

#[test]
fn over_limit_articles_are_rejected_not_held() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let long_text = "y".repeat(300);
    let jsonl = format!(
        "{{\"id\":\"s1\",\"text\":\"short\"}}\n{{\"id\":\"long\",\"text\":\"{long_text}\"}}\n{{\"id\":\"s2\",\"text\":\"short\"}}\n"
    );
    write(&root.join("a.jsonl"), jsonl.as_bytes());
    write(&root.join("b.txt"), long_text.as_bytes());
    write(&root.join("c.txt"), b"small");
    let opts = ReadOptions { max_article_bytes: 100, ..ReadOptions::default() };
    let items: Vec<Item> = articles(&[root.to_path_buf()], &opts).collect();
    let ids: Vec<&str> = items.iter().map(Item::id).collect();
    assert_eq!(ids, ["s1", "long", "s2", "b.txt", "c.txt"]);
    let long_line = format!("{{\"id\":\"long\",\"text\":\"{long_text}\"}}").len();
    assert_eq!(
        rejection(&items[1]).reason.to_string(),
        format!("article of {long_line} bytes is over --max-article-bytes (100)")
    );
    assert_eq!(
        rejection(&items[1]).location.to_string(),
        format!("{}:2", s(&root.join("a.jsonl")))
    );
    assert_eq!(
        rejection(&items[3]).reason.to_string(),
        "article of 300 bytes is over --max-article-bytes (100)"
    );
}

#[test]
fn missing_input_is_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nope.txt");
    let items = read_all(std::slice::from_ref(&path));
    let r = rejection(&items[0]);
    assert_eq!(r.id, s(&path));
    assert!(r.reason.to_string().contains("os error 2"), "{}", r.reason);
}

#[cfg(unix)]
#[test]
fn symlink_loop_is_reported_once() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    write(&root.join("a.txt"), b"A.");
    write(&root.join("sub/b.txt"), b"B.");
    symlink(&root, root.join("sub/up")).unwrap();
    // A link to a sibling folder is not a loop: it is read again.
    symlink(root.join("sub"), root.join("twin")).unwrap();
    let items = read_all(std::slice::from_ref(&root));
    let ids: Vec<&str> = items.iter().map(Item::id).collect();
    assert_eq!(ids, ["a.txt", "sub/b.txt", "sub/up", "twin/b.txt", "twin/up"]);
    let r = rejection(&items[2]);
    assert_eq!(r.reason.to_string(), "symlink loop");
    assert_eq!(r.location.to_string(), s(&root.join("sub/up")));
    assert_eq!(rejection(&items[4]).reason.to_string(), "symlink loop");
}

#[cfg(unix)]
#[test]
fn dangling_symlink_is_rejected() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    symlink(dir.path().join("gone.txt"), dir.path().join("link.txt")).unwrap();
    let items = read_all(&[dir.path().to_path_buf()]);
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].id(), "link.txt");
    assert!(rejection(&items[0]).reason.to_string().contains("os error 2"));
}

#[cfg(unix)]
#[test]
fn unreadable_file_and_folder_are_rejected() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(&root.join("a.txt"), b"Locked.");
    write(&root.join("b/c.txt"), b"Locked too.");
    write(&root.join("d.txt"), b"Open.");
    fs::set_permissions(root.join("a.txt"), fs::Permissions::from_mode(0o000)).unwrap();
    fs::set_permissions(root.join("b"), fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(root.join("a.txt")).is_ok() {
        // Running as root: permissions do not apply.
        fs::set_permissions(root.join("b"), fs::Permissions::from_mode(0o755)).unwrap();
        return;
    }
    let items = read_all(&[root.to_path_buf()]);
    fs::set_permissions(root.join("b"), fs::Permissions::from_mode(0o755)).unwrap();
    let ids: Vec<&str> = items.iter().map(Item::id).collect();
    assert_eq!(ids, ["a.txt", "b", "d.txt"]);
    assert!(rejection(&items[0]).reason.to_string().contains("os error 13"));
    assert!(rejection(&items[1]).reason.to_string().contains("os error 13"));
    assert_eq!(article(&items[2]).text, "Open.");
}

#[test]
fn stdin_like_stream() {
    let data = gzip(b"{\"text\":\"from a pipe\"}\n");
    let items: Vec<Item> =
        claimex::read::jsonl("-", std::io::Cursor::new(data), &ReadOptions::default()).collect();
    assert_eq!(article(&items[0]).id, "-:1");
    assert_eq!(article(&items[0]).source, "-:1");
}

/// The shared seed article, when this checkout sits next to it: its date
/// marker is on the body's line, after a leading space.
#[test]
fn seed_article_when_present() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let path = seeds.join("000_3414437b6f7f39df.txt");
    if !path.exists() {
        return;
    }
    let items = read_all(std::slice::from_ref(&path));
    let a = article(&items[0]);
    assert_eq!(a.id, "000_3414437b6f7f39df.txt");
    assert_eq!(a.date.as_deref(), Some("2023-11-11"));
    assert!(a.text.starts_with(" date 2023-11-11 "));
    assert!(a.warnings.is_empty());
}
