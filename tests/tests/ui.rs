//! trybuild UI tests: every mistake `#[smooth_endpoint]` can catch has a case in
//! `tests/ui/fail/<the-mistake>.rs` beside its `.stderr` snapshot; `tests/ui/pass/` holds
//! code that must compile (and run) without a warning. Refresh the snapshots with
//! `TRYBUILD=overwrite cargo test -p smooth-tests --test ui`, then read the diff.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/fail/*.rs");
    cases.pass("ui/pass/*.rs");
}
