//! The site's static files gzipped once, beside the originals.
//!
//! The wasm bundle is several megabytes: compressing it for every download cost about 150 ms of
//! CPU each time. At start the server writes `NAME.gz` next to every compressible file whose
//! `.gz` is missing or older than the file, and serves those (`ServeDir::precompressed_gzip`)
//! to browsers that accept gzip. A rebuilt bundle is newer than its old `.gz`, so a stale copy
//! is never served after a restart; until a file's `.gz` exists, the file is compressed on the
//! fly as before.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use flate2::{write::GzEncoder, Compression};

/// The kinds of file worth compressing (the rest are already compressed, or tiny).
const COMPRESSIBLE: &[&str] = &["wasm", "js", "css", "svg", "html", "json", "txt"];

/// Write the missing or stale `.gz` files under `dir` (recursively); returns how many were
/// written. A missing `dir` is not an error (nothing to serve yet).
pub fn precompress(dir: &Path) -> io::Result<usize> {
    let mut written = 0;
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e),
    };
    for entry in entries {
        let entry = entry?;
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            written += precompress(&path)?;
        } else if kind.is_file() && compressible(&path) && stale(&path)? {
            gzip(&path)?;
            written += 1;
        }
    }
    Ok(written)
}

fn compressible(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| COMPRESSIBLE.contains(&e))
}

fn gz_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".gz");
    PathBuf::from(name)
}

fn modified(path: &Path) -> io::Result<Option<SystemTime>> {
    match fs::metadata(path) {
        Ok(m) => m.modified().map(Some),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

fn stale(path: &Path) -> io::Result<bool> {
    let source = modified(path)?;
    Ok(match modified(&gz_path(path))? {
        None => true,
        Some(gz) => source.is_some_and(|s| gz < s),
    })
}

/// Compress into a temporary file, then rename it into place: a request never sees half a file.
fn gzip(path: &Path) -> io::Result<()> {
    let data = fs::read(path)?;
    let target = gz_path(path);
    let mut tmp = target.clone().into_os_string();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    let mut enc = GzEncoder::new(fs::File::create(&tmp)?, Compression::best());
    enc.write_all(&data)?;
    enc.finish()?.sync_all()?;
    fs::rename(&tmp, &target)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn gunzip(path: &Path) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(fs::File::open(path).unwrap())
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn writes_each_compressible_file_once_and_again_when_it_changes() {
        let dir = tempfile::tempdir().unwrap();
        let pkg = dir.path().join("pkg");
        fs::create_dir_all(pkg.join("nested")).unwrap();
        fs::write(pkg.join("tracker.js"), "console.log('a');".repeat(100)).unwrap();
        fs::write(pkg.join("nested/tracker.css"), "body{}".repeat(100)).unwrap();
        fs::write(pkg.join("photo.png"), [0u8; 64]).unwrap();

        assert_eq!(precompress(dir.path()).unwrap(), 2);
        assert_eq!(
            gunzip(&pkg.join("tracker.js.gz")),
            "console.log('a');".repeat(100).as_bytes()
        );
        assert!(pkg.join("nested/tracker.css.gz").exists());
        assert!(
            !pkg.join("photo.png.gz").exists(),
            "not a compressible kind"
        );
        assert!(!pkg.join("tracker.js.gz.tmp").exists());

        // Nothing changed: nothing is written (and `.gz` files are not compressed again).
        assert_eq!(precompress(dir.path()).unwrap(), 0);

        // A rebuilt file is newer than its `.gz`: that one is written again.
        let later = SystemTime::now() + std::time::Duration::from_secs(5);
        fs::write(pkg.join("tracker.js"), "console.log('b');").unwrap();
        fs::File::options()
            .write(true)
            .open(pkg.join("tracker.js"))
            .unwrap()
            .set_modified(later)
            .unwrap();
        assert_eq!(precompress(dir.path()).unwrap(), 1);
        assert_eq!(gunzip(&pkg.join("tracker.js.gz")), b"console.log('b');");
    }

    #[test]
    fn a_missing_directory_is_nothing_to_do() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(precompress(&dir.path().join("absent")).unwrap(), 0);
    }
}
