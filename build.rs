//! Embeds every file under `gazetteers/` into the binary, so that an
//! installed `claimex` works anywhere without the repository.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, root: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(&p, root, out);
        } else if p.extension().is_some_and(|e| e == "tsv") {
            out.push(p.strip_prefix(root).expect("under root").to_path_buf());
        }
    }
}

fn main() {
    let root =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets it")).join("gazetteers");
    println!("cargo:rerun-if-changed=gazetteers");
    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    let mut src = String::from("/// Built-in gazetteer files: (path relative to gazetteers/, contents).\npub static BUILTIN: &[(&str, &str)] = &[\n");
    for f in &files {
        let rel = f.to_string_lossy().replace('\\', "/");
        println!("cargo:rerun-if-changed=gazetteers/{rel}");
        // The path is spelled from CARGO_MANIFEST_DIR when the crate is
        // compiled, never written out here: a checkout that moves keeps
        // building (an absolute path in OUT_DIR would point at the old place).
        let file = format!("/gazetteers/{rel}");
        src.push_str(&format!(
            "    ({rel:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), {file:?}))),\n"
        ));
    }
    src.push_str("];\n");
    let out =
        PathBuf::from(env::var("OUT_DIR").expect("cargo sets it")).join("builtin_gazetteers.rs");
    fs::write(out, src).expect("write generated file");
}
