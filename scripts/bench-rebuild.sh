#!/usr/bin/env bash
# Side by side, in one run: the incremental rebuild of a crate with 100 endpoints declared
# with `#[smooth_endpoint]`, and of the same crate with the 100 endpoints written by hand
# (`Endpoint` impls plus call methods in extension traits), after a one-line change to one
# endpoint.
#
# Generates a throwaway workspace with two crates, `macro100` and `hand100`, each with the
# same 100 request/response pairs in 10 files of 10 (half GET with a path parameter and a
# query, half POST with a path parameter, a query field and a JSON body). Both depend on
# the smooth-client of SMOOTH_RS. Builds both once (dev profile, as `cargo build`), then
# RUNS times, alternating which crate goes first: edits the path of endpoint 0 in
# `src/e0.rs` and times `cargo build` of that crate alone, wall-clock and CPU (user +
# system of cargo and rustc). Prints every run, the medians, and the ratios macro /
# hand-written.
#
# Usage: scripts/bench-rebuild.sh
# Environment: RUNS (7), SMOOTH_RS (the smooth-rs checkout whose smooth-client is used;
# default this one), BENCH_DIR (where the workspace and its target dir go; default a fresh
# temporary dir, removed at exit unless KEEP=1).
set -euo pipefail

workspace="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
smooth_rs="$(cd "${SMOOTH_RS:-$workspace}" && pwd)"
runs="${RUNS:-7}"
if [[ -n "${BENCH_DIR:-}" ]]; then
  dir="$BENCH_DIR"
  mkdir -p "$dir"
else
  dir="$(mktemp -d)"
  [[ "${KEEP:-0}" == 1 ]] || trap 'rm -rf "$dir"' EXIT
fi

cat >"$dir/Cargo.toml" <<EOF
[workspace]
resolver = "3"
members = ["macro100", "hand100"]

[workspace.dependencies]
smooth-client = { path = "$smooth_rs/smooth-client" }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
serde_urlencoded = "0.7"
percent-encoding = "2"
EOF
# The same dependency versions as smooth-rs itself, so nothing is resolved anew.
cp "$smooth_rs/Cargo.lock" "$dir/Cargo.lock"

for krate in macro100 hand100; do
  mkdir -p "$dir/$krate/src"
  cat >"$dir/$krate/Cargo.toml" <<EOF
[package]
name = "$krate"
version = "0.1.0"
edition = "2024"
publish = false

[dependencies]
smooth-client.workspace = true
serde.workspace = true
serde_json.workspace = true
serde_urlencoded.workspace = true
percent-encoding.workspace = true
EOF
  {
    echo "//! 100 endpoints ($krate)."
    [[ $krate == hand100 ]] && cat <<'EOF'

/// One percent-encoded path segment.
pub fn segment(value: &str) -> String {
    percent_encoding::utf8_percent_encode(value, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// The query string of `query`, or `None` when it is empty.
pub fn query<T: serde::Serialize>(query: &T) -> Result<Option<String>, smooth_client::Error> {
    let encoded = serde_urlencoded::to_string(query).map_err(|err| smooth_client::Error::InvalidInput {
        field: "query".to_owned(),
        reason: err.to_string(),
    })?;
    Ok((!encoded.is_empty()).then_some(encoded))
}
EOF
    for file in $(seq 0 9); do echo "pub mod e$file;"; done
  } >"$dir/$krate/src/lib.rs"
done

# One endpoint of each crate; $1 = number.
macro_endpoint() {
  local i=$1
  if ((i % 2 == 0)); then
    cat <<EOF
/// \`GET /widget$i/{id}\`
#[smooth_endpoint(GET, "/widget$i/{id}")]
#[derive(Debug)]
pub struct GetWidget${i}Request {
    pub id: String,
    pub verbose: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

#[derive(Debug, Deserialize)]
pub struct GetWidget${i}Response {
    pub id: String,
    pub size: u64,
}

EOF
  else
    cat <<EOF
/// \`POST /widget$i/{id}\`
#[smooth_endpoint(POST, "/widget$i/{id}")]
#[derive(Debug)]
pub struct UpdateWidget${i}Request {
    pub id: String,
    #[smooth(query)]
    pub notify: bool,
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub colour: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct UpdateWidget${i}Response {
    pub labels: Vec<String>,
}

EOF
  fi
}

hand_endpoint() {
  local i=$1
  if ((i % 2 == 0)); then
    cat <<EOF
/// \`GET /widget$i/{id}\`
#[derive(Debug, Serialize)]
pub struct GetWidget${i}Request {
    #[serde(skip)]
    pub id: String,
    pub verbose: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

#[derive(Debug, Deserialize)]
pub struct GetWidget${i}Response {
    pub id: String,
    pub size: u64,
}

impl Endpoint for GetWidget${i}Request {
    type Response = GetWidget${i}Response;
    const METHOD: Method = Method::Get;
    const PATH: &'static str = "/widget$i/{id}";
    const DEPRECATION: Option<Deprecation> = None;

    fn into_request(self) -> Result<EndpointRequest, Error> {
        let path = format!("/widget$i/{}", crate::segment(&self.id));
        let query = crate::query(&self)?;
        Ok(EndpointRequest::new(Self::METHOD, path, query, RequestBody::Empty))
    }
}

EOF
  else
    cat <<EOF
/// \`POST /widget$i/{id}\`
#[derive(Debug, Serialize)]
pub struct UpdateWidget${i}Request {
    #[serde(skip)]
    pub id: String,
    #[serde(skip)]
    pub notify: bool,
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub colour: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct UpdateWidget${i}Response {
    pub labels: Vec<String>,
}

impl Endpoint for UpdateWidget${i}Request {
    type Response = UpdateWidget${i}Response;
    const METHOD: Method = Method::Post;
    const PATH: &'static str = "/widget$i/{id}";
    const DEPRECATION: Option<Deprecation> = None;

    fn into_request(self) -> Result<EndpointRequest, Error> {
        let path = format!("/widget$i/{}", crate::segment(&self.id));
        let query = Some(format!("notify={}", self.notify));
        let body = serde_json::to_vec(&self).map_err(|err| Error::InvalidInput {
            field: "body".to_owned(),
            reason: err.to_string(),
        })?;
        Ok(EndpointRequest::new(Self::METHOD, path, query, RequestBody::Json(body)))
    }
}

EOF
  fi
}

for file in $(seq 0 9); do
  {
    echo "use serde::Deserialize;"
    echo "use smooth_client::smooth_endpoint;"
    echo
    for n in $(seq 0 9); do macro_endpoint $((file * 10 + n)); done
  } >"$dir/macro100/src/e$file.rs"
  {
    echo "use serde::{Deserialize, Serialize};"
    echo "use smooth_client::{Deprecation, Endpoint, EndpointRequest, Error, Method, RequestBody, SmoothClient};"
    echo "use std::future::Future;"
    echo
    for n in $(seq 0 9); do hand_endpoint $((file * 10 + n)); done
    # The call methods, written by hand: one extension trait per file.
    echo "/// The call methods of this file's endpoints."
    echo "pub trait Widgets${file}Ext {"
    for n in $(seq 0 9); do
      i=$((file * 10 + n))
      if ((i % 2 == 0)); then name="get_widget$i" req="GetWidget$i"; else name="update_widget$i" req="UpdateWidget$i"; fi
      echo "    fn $name(&self, request: ${req}Request) -> impl Future<Output = Result<${req}Response, Error>> + Send;"
    done
    echo "}"
    echo
    echo "impl Widgets${file}Ext for SmoothClient {"
    for n in $(seq 0 9); do
      i=$((file * 10 + n))
      if ((i % 2 == 0)); then name="get_widget$i" req="GetWidget$i"; else name="update_widget$i" req="UpdateWidget$i"; fi
      echo "    fn $name(&self, request: ${req}Request) -> impl Future<Output = Result<${req}Response, Error>> + Send {"
      echo "        self.send(request)"
      echo "    }"
    done
    echo "}"
  } >"$dir/hand100/src/e$file.rs"
done

cd "$dir"
export CARGO_TARGET_DIR="$dir/target"
echo "building both crates once (dependencies included) in $dir ..." >&2
cargo build --quiet -p macro100 -p hand100

# Alternates endpoint 0's path between two spellings: a real one-line change to one endpoint.
edit() {
  local file="$dir/$1/src/e0.rs"
  if grep -q '/widget0/' "$file"; then sed -i 's#/widget0/#/widget0x/#g' "$file"; else sed -i 's#/widget0x/#/widget0/#g' "$file"; fi
}

# Prints "wall cpu" in seconds; cpu is user + system time of cargo and the rustc it ran,
# the steadier figure on a machine shared with other builds.
time_rebuild() {
  edit "$1"
  local TIMEFORMAT="%R %U %S"
  { time cargo build --quiet -p "$1" 2>/dev/null; } 2>&1 | awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }'
}

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

macro_wall=() macro_cpu=() hand_wall=() hand_cpu=()
for run in $(seq 1 "$runs"); do
  if ((run % 2)); then order="macro100 hand100"; else order="hand100 macro100"; fi
  for krate in $order; do
    read -r wall cpu < <(time_rebuild "$krate")
    if [[ $krate == macro100 ]]; then macro_wall+=("$wall") macro_cpu+=("$cpu"); else hand_wall+=("$wall") hand_cpu+=("$cpu"); fi
  done
  echo "run $run: macro ${macro_wall[-1]} s (cpu ${macro_cpu[-1]} s), hand-written ${hand_wall[-1]} s (cpu ${hand_cpu[-1]} s)  (load: $(cut -d' ' -f1-3 /proc/loadavg))"
done

mw=$(printf '%s\n' "${macro_wall[@]}" | median)
mc=$(printf '%s\n' "${macro_cpu[@]}" | median)
hw=$(printf '%s\n' "${hand_wall[@]}" | median)
hc=$(printf '%s\n' "${hand_cpu[@]}" | median)
echo "median rebuild after a one-line change to one of 100 endpoints ($runs runs each; wall, cpu):"
echo "  #[smooth_endpoint]: $mw s, $mc s"
echo "  hand-written:       $hw s, $hc s"
echo "  ratio:              $(echo "scale=3; $mw / $hw" | bc) wall, $(echo "scale=3; $mc / $hc" | bc) cpu"
