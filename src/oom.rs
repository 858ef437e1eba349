//! Naming the file when memory runs out. Rust's own message on a failed
//! allocation ("memory allocation of 26 bytes failed") names nothing; a
//! batch over thousands of articles must say which one to split.
//!
//! [`NamingAllocator`] wraps the system allocator: when an allocation
//! fails it writes `transaudit: out of memory while linting FILE` to
//! standard error (without allocating), then lets Rust abort as usual. The
//! file is the one the failing thread is linting ([`Linting`]), else the
//! one most recently started by any thread (a large file's rules run on
//! several threads).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};

/// Longest file name kept (longer names are cut).
const NAME_BYTES: usize = 240;

thread_local! {
    static NAME: Cell<[u8; NAME_BYTES]> = const { Cell::new([0; NAME_BYTES]) };
    static NAME_LEN: Cell<usize> = const { Cell::new(0) };
}

static LAST: [AtomicU8; NAME_BYTES] = [const { AtomicU8::new(0) }; NAME_BYTES];
static LAST_LEN: AtomicUsize = AtomicUsize::new(0);

/// While alive, the current thread is linting the named file.
pub struct Linting(());

impl Linting {
    /// Records that this thread lints `path` until the guard drops.
    pub fn enter(path: &str) -> Linting {
        let bytes = path.as_bytes();
        let n = bytes.len().min(NAME_BYTES);
        let mut buf = [0u8; NAME_BYTES];
        buf[..n].copy_from_slice(&bytes[..n]);
        let _ = NAME.try_with(|c| c.set(buf));
        let _ = NAME_LEN.try_with(|c| c.set(n));
        for (slot, &b) in LAST.iter().zip(&buf[..n]) {
            slot.store(b, Ordering::Relaxed);
        }
        LAST_LEN.store(n, Ordering::Relaxed);
        Linting(())
    }
}

impl Drop for Linting {
    fn drop(&mut self) {
        let _ = NAME_LEN.try_with(|c| c.set(0));
    }
}

/// Writes the message to file descriptor 2 from a stack buffer.
fn report(size: usize) {
    let mut msg = [0u8; NAME_BYTES + 160];
    let mut len = 0;
    let mut push = |bytes: &[u8]| {
        let n = bytes.len().min(msg.len() - len);
        msg[len..len + n].copy_from_slice(&bytes[..n]);
        len += n;
    };
    push(b"transaudit: out of memory (an allocation of ");
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    let mut v = size;
    loop {
        i -= 1;
        digits[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    push(&digits[i..]);
    push(b" bytes failed)");
    let own = NAME_LEN.try_with(Cell::get).unwrap_or(0);
    let mut name = [0u8; NAME_BYTES];
    let n = if own > 0 {
        name = NAME.try_with(Cell::get).unwrap_or(name);
        own
    } else {
        let n = LAST_LEN.load(Ordering::Relaxed).min(NAME_BYTES);
        for (b, slot) in name.iter_mut().zip(&LAST[..n]) {
            *b = slot.load(Ordering::Relaxed);
        }
        n
    };
    if n > 0 {
        push(b" while linting ");
        push(&name[..n]);
        push(b"; split the file into articles or lint it with fewer rules (--select)");
    }
    push(b"\n");
    // SAFETY: `msg[..len]` is an initialised buffer that outlives the call.
    unsafe {
        libc::write(2, msg.as_ptr().cast(), len);
    }
}

/// The system allocator, naming the file being linted when it fails.
pub struct NamingAllocator;

// SAFETY: every call is forwarded unchanged to `System`; a failure is only
// reported (without allocating) before the null pointer is returned.
unsafe impl GlobalAlloc for NamingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.alloc(layout) };
        if p.is_null() {
            report(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.alloc_zeroed(layout) };
        if p.is_null() {
            report(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if p.is_null() {
            report(new_size);
        }
        p
    }
}
