//! The crate's modules depend on each other without cycles, in the layers
//! the crate documentation lists (src/lib.rs, "Layers"). A cycle (as
//! `value` ↔ `json` ↔ `gofmt` once were) fails here with the modules in it.
//!
//! The graph is read from the sources: a module uses another when its
//! non-test code names it (`crate::x`, `super::x`, `use super::{x, …}`) or
//! declares it (`mod x;`, so a child may not reach back into its parent).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Graph = BTreeMap<String, BTreeSet<String>>;

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `template::json` for src/template/json.rs, `template` for
/// src/template/mod.rs, `` (the crate root) for src/lib.rs.
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file
        .strip_prefix(src)
        .expect("under src/")
        .with_extension("");
    let parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .filter(|p| p != "mod" && p != "lib")
        .collect();
    parts.join("::")
}

fn join(parent: &str, child: &str) -> String {
    if parent.is_empty() {
        child.to_owned()
    } else {
        format!("{parent}::{child}")
    }
}

fn parent_of(module: &str) -> &str {
    module.rsplit_once("::").map_or("", |(p, _)| p)
}

/// The words that follow `prefix` in `code` (identifiers only).
fn after<'a>(code: &'a str, prefix: &str) -> Vec<&'a str> {
    code.match_indices(prefix)
        .filter(|(i, _)| {
            // A whole path segment: not `xcrate::` or `a::super::`.
            !code[..*i]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':')
        })
        .map(|(i, _)| {
            let rest = &code[i + prefix.len()..];
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            &rest[..end]
        })
        .collect()
}

fn graph() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut list = Vec::new();
    files(&src, &mut list);
    let modules: BTreeSet<String> = list.iter().map(|f| module_of(&src, f)).collect();
    let mut graph = Graph::new();
    for file in &list {
        let module = module_of(&src, file);
        let text = std::fs::read_to_string(file).expect("a source file");
        // Test code may reach anywhere; only the library's own code counts.
        let code: String = text
            .split("#[cfg(test)]")
            .next()
            .unwrap_or_default()
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        let mut uses = BTreeSet::new();
        // `crate::a::b`: the deepest module the path names.
        for (i, _) in code.match_indices("crate::") {
            let path: String = code[i + "crate::".len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            let mut best = String::new();
            for seg in path.split("::") {
                let next = join(&best, seg);
                if !modules.contains(&next) {
                    break;
                }
                best = next;
            }
            uses.insert(best);
        }
        let parent = parent_of(&module);
        for name in after(&code, "super::") {
            let sibling = join(parent, name);
            uses.insert(if modules.contains(&sibling) {
                sibling
            } else {
                parent.to_owned()
            });
        }
        for (i, _) in code.match_indices("use super::{") {
            let list = &code[i + "use super::{".len()..];
            let list = &list[..list.find('}').unwrap_or(list.len())];
            for name in list
                .split(',')
                .map(|n| n.trim().split("::").next().unwrap_or(""))
            {
                let sibling = join(parent, name);
                if modules.contains(&sibling) {
                    uses.insert(sibling);
                }
            }
        }
        for line in code.lines() {
            let line = line.trim();
            let decl = line
                .strip_prefix("pub ")
                .or_else(|| line.strip_prefix("pub(crate) "))
                .unwrap_or(line);
            if let Some(name) = decl.strip_prefix("mod ").and_then(|d| d.strip_suffix(';')) {
                uses.insert(join(&module, name));
            }
        }
        uses.remove(&module);
        graph.insert(module, uses);
    }
    graph
}

/// A cycle in `graph`, if there is one (depth-first search).
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    fn visit(
        graph: &Graph,
        node: &str,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| p == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_owned());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(c) = visit(graph, next, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|n| visit(graph, n, &mut Vec::new(), &mut done))
}

#[test]
fn the_modules_form_no_cycle() {
    let graph = graph();
    if let Some(cycle) = find_cycle(&graph) {
        let name = |m: &String| {
            if m.is_empty() {
                "crate".to_owned()
            } else {
                m.clone()
            }
        };
        panic!(
            "module cycle: {}",
            cycle.iter().map(name).collect::<Vec<_>>().join(" → ")
        );
    }
}

/// The graph is really read: the layers the crate documentation names.
#[test]
fn the_graph_has_the_documented_edges() {
    let graph = graph();
    let uses = |from: &str, to: &str| graph.get(from).is_some_and(|s| s.contains(to));
    for (from, to) in [
        ("template::json", "template::value"),
        ("template::gofmt", "template::value"),
        ("template::value", "template::number"),
        ("template::json", "template::number"),
        ("template::exec", "template::value"),
        ("template", "template::exec"),
        ("strconv", "unicode"),
        ("tabwriter", "width"),
        ("", "template"),
    ] {
        assert!(uses(from, to), "{from} → {to} missing from {graph:#?}");
    }
    assert!(graph.len() >= 18, "{} modules", graph.len());
}

/// The cycle finder finds cycles (so a pass above means something).
#[test]
fn a_cycle_is_found() {
    let mut graph = Graph::new();
    for (a, b) in [
        ("value", "json"),
        ("json", "gofmt"),
        ("gofmt", "value"),
        ("x", "value"),
    ] {
        graph.entry(a.to_owned()).or_default().insert(b.to_owned());
    }
    let cycle = find_cycle(&graph).expect("a cycle");
    assert_eq!(cycle.first(), cycle.last());
    assert_eq!(cycle.len(), 4, "{cycle:?}");
}
