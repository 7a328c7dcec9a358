//! The places' file systems: a small in-memory tree per place (the host,
//! the LAN laptop, each container by its ID) holding the directories and
//! regular files a learner made with `mkdir`, `>`, `>>`, here-documents and
//! the page's editor, over the directories the place starts with (its
//! image's layout; the host's, with `/home/learner/myapp`).
//!
//! A place's tree is made from its base directories the first time it is
//! changed ([`Files::ensure`]); until then only the base exists, so a
//! container nobody wrote in costs nothing. Generated files (`/etc/hosts`,
//! `/etc/resolv.conf`) are not here: the place answers them from the
//! engine. Limits: [`MAX_FILES`] files of [`MAX_FILE`] bytes and
//! [`MAX_DIRS`] directories per place; past them a write or `mkdir` fails
//! with a `[bridgeport]` line.

use bridgeport_golib::sorted_map::SortedMap;

/// Largest file a write may leave, and most files per place.
pub const MAX_FILE: usize = 1 << 20;
pub const MAX_FILES: usize = 64;
/// Most directories per place (the base ones included).
pub const MAX_DIRS: usize = 256;

/// One regular file: its text and when it was last written (ms since the epoch).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct File {
    pub text: String,
    pub mtime: u64,
}

/// What a path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Dir,
    File,
}

/// A path's kind, size and modification time (for `ls -l`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stat {
    pub kind: Kind,
    pub size: usize,
    pub mtime: u64,
}

/// One path of a place's tree: a directory (its text is empty) or a
/// regular file. Directories and files share one map, so the page carries
/// one copy of the map's code instead of two.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Node {
    dir: bool,
    file: File,
}

/// One place's tree: absolute paths sorted by bytes, `/` first (at most
/// [`MAX_FILES`] + [`MAX_DIRS`] entries).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Tree {
    nodes: SortedMap<String, Node>,
}

impl Tree {
    fn get(&self, path: &str) -> Option<&Node> {
        self.nodes.get(path)
    }
    fn dir(&self, path: &str) -> bool {
        self.get(path).is_some_and(|n| n.dir)
    }
    fn file(&self, path: &str) -> Option<&File> {
        self.get(path).filter(|n| !n.dir).map(|n| &n.file)
    }
    fn count(&self, dir: bool) -> usize {
        self.nodes.values().filter(|n| n.dir == dir).count()
    }
    /// The node at `path`, made (an empty file) if missing.
    fn entry(&mut self, path: &str) -> &mut Node {
        self.nodes.entry(path.to_string()).or_default()
    }
    fn add_dir(&mut self, path: &str, now: u64) {
        let file = File {
            text: String::new(),
            mtime: now,
        };
        self.nodes
            .insert(path.to_string(), Node { dir: true, file });
    }
}

/// Why a change was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The parent directory does not exist.
    NoParent,
    /// The path is a directory (writing a file) or a file (making a directory).
    Exists,
    /// A directory is in the way of a file (or the reverse).
    IsDir,
    NotFound,
    /// The place holds [`MAX_FILES`] files or [`MAX_DIRS`] directories.
    Full,
}

/// Every place's tree (see the module's doc), by place.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Files {
    places: SortedMap<String, Tree>,
}

/// The directory holding `path` (`/` for `/x`).
pub fn parent(path: &str) -> &str {
    match path.rfind('/') {
        Some(0) | None => "/",
        Some(i) => &path[..i],
    }
}

/// The last component of a path.
pub fn base_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

impl Files {
    fn tree(&self, place: &str) -> Option<&Tree> {
        self.places.get(place)
    }

    fn tree_mut(&mut self, place: &str) -> Option<&mut Tree> {
        self.places.get_mut(place)
    }

    /// Makes `place`'s tree from its base directories if it has none yet.
    pub fn ensure(&mut self, place: &str, base: &[&str], now: u64) {
        if self.has(place) {
            return;
        }
        let mut t = Tree::default();
        for d in base {
            t.add_dir(d, now);
        }
        self.places.insert(place.to_string(), t);
    }

    /// Whether the place's tree exists (it was changed at least once).
    pub fn has(&self, place: &str) -> bool {
        self.places.contains_key(place)
    }

    /// The text of a regular file.
    pub fn read(&self, place: &str, path: &str) -> Option<&str> {
        self.tree(place)?.file(path).map(|f| f.text.as_str())
    }

    /// Whether a regular file exists.
    pub fn exists(&self, place: &str, path: &str) -> bool {
        self.read(place, path).is_some()
    }

    /// `Some(true)` for a directory, `Some(false)` for anything else, `None`
    /// when the place's tree was never made (ask its base).
    pub fn is_dir(&self, place: &str, path: &str) -> Option<bool> {
        self.tree(place).map(|t| t.dir(path))
    }

    /// A path's kind, size and time.
    pub fn stat(&self, place: &str, path: &str) -> Option<Stat> {
        let n = self.tree(place)?.get(path)?;
        Some(Stat {
            kind: if n.dir { Kind::Dir } else { Kind::File },
            size: if n.dir { 4096 } else { n.file.text.len() },
            mtime: n.file.mtime,
        })
    }

    /// Writes (or appends to) a regular file whose parent exists.
    pub fn write(
        &mut self,
        place: &str,
        path: &str,
        text: &str,
        append: bool,
        now: u64,
    ) -> Result<(), Refusal> {
        let t = self.tree_mut(place).ok_or(Refusal::NoParent)?;
        if t.dir(path) {
            return Err(Refusal::IsDir);
        }
        if !t.dir(parent(path)) {
            return Err(Refusal::NoParent);
        }
        if t.file(path).is_none() && t.count(false) >= MAX_FILES {
            return Err(Refusal::Full);
        }
        let f = &mut t.entry(path).file;
        if !append {
            f.text.clear();
        }
        let room = MAX_FILE.saturating_sub(f.text.len());
        let mut end = text.len().min(room);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        f.text.push_str(&text[..end]);
        f.mtime = now;
        Ok(())
    }

    /// Makes one directory whose parent exists.
    pub fn mkdir(&mut self, place: &str, path: &str, now: u64) -> Result<(), Refusal> {
        let t = self.tree_mut(place).ok_or(Refusal::NoParent)?;
        if t.get(path).is_some() {
            return Err(Refusal::Exists);
        }
        if !t.dir(parent(path)) {
            return Err(if t.file(parent(path)).is_some() {
                Refusal::IsDir
            } else {
                Refusal::NoParent
            });
        }
        if t.count(true) >= MAX_DIRS {
            return Err(Refusal::Full);
        }
        t.add_dir(path, now);
        Ok(())
    }

    /// Removes a regular file.
    pub fn remove_file(&mut self, place: &str, path: &str) -> Result<(), Refusal> {
        let t = self.tree_mut(place).ok_or(Refusal::NotFound)?;
        match t.get(path) {
            Some(n) if n.dir => Err(Refusal::IsDir),
            Some(_) => {
                t.nodes.remove(path);
                Ok(())
            }
            None => Err(Refusal::NotFound),
        }
    }

    /// Removes a directory and everything under it.
    pub fn remove_tree(&mut self, place: &str, path: &str) -> Result<(), Refusal> {
        let t = self.tree_mut(place).ok_or(Refusal::NotFound)?;
        if !t.dir(path) {
            return Err(Refusal::NotFound);
        }
        let inside =
            |p: &String| path == "/" || (p.starts_with(path) && p[path.len()..].starts_with('/'));
        t.nodes.retain(|p, _| p != path && !inside(p));
        Ok(())
    }

    /// The names directly inside a directory, sorted by byte order, each
    /// with its kind.
    pub fn children(&self, place: &str, dir: &str) -> Vec<(String, Kind)> {
        let Some(t) = self.tree(place) else {
            return Vec::new();
        };
        let mut v: Vec<(String, Kind)> = t
            .nodes
            .iter()
            .filter(|(p, _)| p.as_str() != "/" && parent(p) == dir)
            .map(|(p, n)| {
                let kind = if n.dir { Kind::Dir } else { Kind::File };
                (base_name(p).to_string(), kind)
            })
            .collect();
        bridgeport_golib::sort::sort(&mut v);
        v
    }

    /// Every regular file of a place under `dir`, with its text (the
    /// editor's list).
    pub fn files_under(&self, place: &str, dir: &str) -> Vec<(String, String)> {
        let Some(t) = self.tree(place) else {
            return Vec::new();
        };
        t.nodes
            .iter()
            .filter(|(p, n)| !n.dir && (dir == "/" || p.starts_with(&format!("{dir}/"))))
            .map(|(p, n)| (p.clone(), n.file.text.clone()))
            .collect()
    }

    /// Forgets a place's tree (a removed container).
    pub fn forget(&mut self, place: &str) {
        self.places.remove(place);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host() -> Files {
        let mut f = Files::default();
        f.ensure("host", &["/", "/home", "/home/learner"], 1);
        f
    }

    #[test]
    fn files_need_their_directory() {
        let mut f = host();
        assert_eq!(
            f.write("host", "/home/learner/a/b", "x", false, 2),
            Err(Refusal::NoParent)
        );
        f.mkdir("host", "/home/learner/a", 2).unwrap();
        f.write("host", "/home/learner/a/b", "x", false, 3).unwrap();
        f.write("host", "/home/learner/a/b", "y", true, 4).unwrap();
        assert_eq!(f.read("host", "/home/learner/a/b"), Some("xy"));
        assert_eq!(f.stat("host", "/home/learner/a/b").unwrap().mtime, 4);
        assert_eq!(
            f.children("host", "/home/learner"),
            vec![("a".to_string(), Kind::Dir)]
        );
        assert_eq!(
            f.mkdir("host", "/home/learner/a/b/c", 5),
            Err(Refusal::IsDir)
        );
        assert_eq!(f.mkdir("host", "/home/learner/a", 5), Err(Refusal::Exists));
        f.remove_tree("host", "/home/learner/a").unwrap();
        assert_eq!(f.read("host", "/home/learner/a/b"), None);
        assert_eq!(f.is_dir("host", "/home/learner/a"), Some(false));
        assert_eq!(f.is_dir("host", "/home/learner"), Some(true));
    }

    #[test]
    fn limits_hold() {
        let mut f = host();
        for i in 0..MAX_FILES {
            f.write("host", &format!("/home/learner/{i}"), "", false, 1)
                .unwrap();
        }
        assert_eq!(
            f.write("host", "/home/learner/one-more", "", false, 1),
            Err(Refusal::Full)
        );
        let big = "é".repeat(MAX_FILE);
        f.write("host", "/home/learner/0", &big, false, 1).unwrap();
        assert!(f.read("host", "/home/learner/0").unwrap().len() <= MAX_FILE);
        for i in 0..MAX_DIRS {
            let _ = f.mkdir("host", &format!("/home/learner/d{i}"), 1);
        }
        assert_eq!(f.mkdir("host", "/home/learner/dx", 1), Err(Refusal::Full));
    }
}
