//! Reading JSON Lines shards as a stream of bounded chunks: plain,
//! gzip (`.jsonl.gz`) or zstd (`.jsonl.zst`), recognised by their magic
//! bytes so standard input and oddly named files work too.
//!
//! A chunk holds at most [`CHUNK_RECORDS`] records or about [`CHUNK_BYTES`]
//! bytes, so memory is bounded by a few chunks whatever the shard's size.
//! A line longer than [`MAX_RECORD_BYTES`] is not kept: it becomes a
//! [`Line`] marked `too_long` (reported as a bad record), and the rest of
//! it is skipped without being stored.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// Records per chunk at most: enough for every core to stay busy.
pub const CHUNK_RECORDS: usize = 4096;
/// Bytes per chunk, about (a chunk ends after the line that crosses it).
pub const CHUNK_BYTES: usize = 8 << 20;
/// The longest record kept (64 MiB): a larger line is reported, not read
/// into memory.
pub const MAX_RECORD_BYTES: usize = 64 << 20;

/// One input line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 1-based line number in the (decompressed) input.
    pub number: usize,
    /// The line without its `\n` (and `\r`); empty when `too_long`.
    pub bytes: Vec<u8>,
    /// The line was over [`MAX_RECORD_BYTES`] and was skipped.
    pub too_long: bool,
}

/// Consecutive lines, in input order.
#[derive(Debug, Default)]
pub struct Chunk {
    /// The lines (blank lines are left out).
    pub lines: Vec<Line>,
    /// Bytes read for them (decompressed, newlines included).
    pub bytes: usize,
}

/// Compression recognised by magic bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// Plain JSON Lines.
    None,
    /// gzip (several members allowed, as `cat a.gz b.gz` makes).
    Gzip,
    /// Zstandard (several frames allowed).
    Zstd,
}

impl Compression {
    /// The compression whose magic number starts `head`.
    pub fn sniff(head: &[u8]) -> Compression {
        if head.starts_with(&[0x1f, 0x8b]) {
            Compression::Gzip
        } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Compression::Zstd
        } else {
            Compression::None
        }
    }
}

/// A decompressing line source.
pub type Source = Box<dyn BufRead + Send>;

/// Opens `path` (`-`: standard input), decompressing when its first bytes
/// say gzip or zstd.
pub fn open(path: &Path) -> std::io::Result<Source> {
    let raw: Box<dyn Read + Send> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin())
    } else {
        let meta = std::fs::metadata(path)?;
        if meta.is_dir() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "is a directory; name the JSON Lines files (or `-` for standard input)",
            ));
        }
        Box::new(std::fs::File::open(path)?)
    };
    decompress(raw)
}

/// Wraps a byte stream in the decoder its magic bytes ask for. The first
/// bytes are read and put back in front (a pipe may deliver them one by one).
pub fn decompress(mut raw: Box<dyn Read + Send>) -> std::io::Result<Source> {
    let mut head = [0u8; 4];
    let mut n = 0;
    while n < head.len() {
        match raw.read(&mut head[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    let kind = Compression::sniff(&head[..n]);
    let stream = std::io::Cursor::new(head[..n].to_vec()).chain(raw);
    let buffered = BufReader::with_capacity(1 << 16, stream);
    Ok(match kind {
        Compression::None => Box::new(buffered),
        Compression::Gzip => Box::new(BufReader::with_capacity(
            1 << 16,
            flate2::bufread::MultiGzDecoder::new(buffered),
        )),
        Compression::Zstd => Box::new(BufReader::with_capacity(
            1 << 16,
            zstd::stream::read::Decoder::with_buffer(buffered)?,
        )),
    })
}

/// Splits a line source into chunks, numbering lines from 1.
pub struct ChunkReader {
    source: Source,
    next_line: usize,
    done: bool,
}

impl ChunkReader {
    /// Reads from `source`.
    pub fn new(source: Source) -> ChunkReader {
        ChunkReader {
            source,
            next_line: 1,
            done: false,
        }
    }

    /// The next chunk, or `None` at the end. An I/O or decompression error
    /// ends the stream (the caller reports it with the last line number).
    pub fn next_chunk(&mut self) -> std::io::Result<Option<Chunk>> {
        if self.done {
            return Ok(None);
        }
        let mut chunk = Chunk::default();
        while chunk.lines.len() < CHUNK_RECORDS && chunk.bytes < CHUNK_BYTES {
            let mut bytes = Vec::new();
            let (read, too_long) = match read_line(&mut self.source, &mut bytes) {
                Ok(r) => r,
                Err(e) => {
                    self.done = true;
                    return Err(e);
                }
            };
            if read == 0 {
                self.done = true;
                break;
            }
            let number = self.next_line;
            self.next_line += 1;
            chunk.bytes += read;
            if !too_long && bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            chunk.lines.push(Line {
                number,
                bytes,
                too_long,
            });
        }
        Ok((!chunk.lines.is_empty() || !self.done || chunk.bytes > 0).then_some(chunk))
    }

    /// The number of the line that the next read would start (for errors).
    pub fn line(&self) -> usize {
        self.next_line
    }
}

/// Reads one line into `out` (without `\n` or `\r\n`), keeping at most
/// [`MAX_RECORD_BYTES`]: the bytes consumed and whether the line was too
/// long (then `out` is empty).
fn read_line(source: &mut Source, out: &mut Vec<u8>) -> std::io::Result<(usize, bool)> {
    let mut consumed = 0;
    let mut too_long = false;
    loop {
        let buf = match source.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            break;
        }
        let (part, end) = match memchr::memchr(b'\n', buf) {
            Some(i) => (&buf[..i], Some(i + 1)),
            None => (buf, None),
        };
        if !too_long {
            if out.len() + part.len() > MAX_RECORD_BYTES {
                too_long = true;
                *out = Vec::new();
            } else {
                out.extend_from_slice(part);
            }
        }
        let used = end.unwrap_or(buf.len());
        source.consume(used);
        consumed += used;
        if end.is_some() {
            break;
        }
    }
    if out.last() == Some(&b'\r') {
        out.pop();
    }
    Ok((consumed, too_long))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn chunks_of(bytes: Vec<u8>) -> Vec<Line> {
        let mut r = ChunkReader::new(decompress(Box::new(std::io::Cursor::new(bytes))).unwrap());
        let mut lines = Vec::new();
        while let Some(c) = r.next_chunk().unwrap() {
            lines.extend(c.lines);
        }
        lines
    }

    const TEXT: &[u8] = b"{\"a\":1}\r\n\n  \n{\"b\":2}\n{\"c\":3}";

    fn expected() -> Vec<(usize, Vec<u8>)> {
        vec![
            (1, b"{\"a\":1}".to_vec()),
            (4, b"{\"b\":2}".to_vec()),
            (5, b"{\"c\":3}".to_vec()),
        ]
    }

    fn numbered(lines: Vec<Line>) -> Vec<(usize, Vec<u8>)> {
        lines.into_iter().map(|l| (l.number, l.bytes)).collect()
    }

    #[test]
    fn plain_lines_keep_their_numbers_and_blank_lines_are_skipped() {
        assert_eq!(numbered(chunks_of(TEXT.to_vec())), expected());
        assert!(chunks_of(Vec::new()).is_empty());
    }

    #[test]
    fn gzip_members_and_zstd_frames_are_read_by_their_magic() {
        let (a, b) = TEXT.split_at(9);
        let mut gz = Vec::new();
        for part in [a, b] {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(part).unwrap();
            gz.extend(e.finish().unwrap());
        }
        assert_eq!(Compression::sniff(&gz), Compression::Gzip);
        assert_eq!(numbered(chunks_of(gz)), expected());
        let mut zst = zstd::encode_all(a, 1).unwrap();
        zst.extend(zstd::encode_all(b, 1).unwrap());
        assert_eq!(Compression::sniff(&zst), Compression::Zstd);
        assert_eq!(numbered(chunks_of(zst)), expected());
    }

    #[test]
    fn a_corrupt_stream_is_an_error_not_a_panic() {
        let mut gz = Vec::new();
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(&[b'x'; 100_000]).unwrap();
        gz.extend(e.finish().unwrap());
        gz.truncate(gz.len() / 2);
        let mut r = ChunkReader::new(decompress(Box::new(std::io::Cursor::new(gz))).unwrap());
        let mut failed = false;
        for _ in 0..10 {
            match r.next_chunk() {
                Ok(Some(_)) => {}
                Ok(None) => break,
                Err(_) => {
                    failed = true;
                    break;
                }
            }
        }
        assert!(failed);
    }

    #[test]
    fn chunks_are_bounded_in_records() {
        let many = b"{}\n".repeat(CHUNK_RECORDS + 10);
        let mut r = ChunkReader::new(decompress(Box::new(std::io::Cursor::new(many))).unwrap());
        let first = r.next_chunk().unwrap().unwrap();
        assert_eq!(first.lines.len(), CHUNK_RECORDS);
        let second = r.next_chunk().unwrap().unwrap();
        assert_eq!(second.lines.len(), 10);
        assert_eq!(second.lines[0].number, CHUNK_RECORDS + 1);
    }
}
