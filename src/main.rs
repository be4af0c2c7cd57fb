//! The `claimex` binary: parse the flags, run, map the result to an exit code.

use std::process::ExitCode;

use clap::Parser;

mod cli;

/// mimalloc: the stages allocate many small, short-lived vectors and
/// strings per article from several threads, where glibc's allocator took
/// about 8% of the run (`benches/README.md`). Built without transparent huge
/// pages (`no_thp`): with them the kernel spent ~15% of a run zeroing 2 MiB
/// pages.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = match cli::Args::try_parse() {
        Ok(args) => args,
        Err(err) => {
            let _ = err.print();
            // --help and --version are not errors.
            return if err.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    match cli::run(args) {
        Ok(code) => code,
        Err(err) => {
            if err.chain().any(|e| {
                e.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("claimex: error: {err:#}");
            ExitCode::from(2)
        }
    }
}
