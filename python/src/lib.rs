//! `transaudit._transaudit`: the Python module (pyo3) over the corpus
//! linter of the main crate, and the `transaudit` command of the Python
//! package. The Python-facing API (`transaudit.Linter`, the exceptions, the
//! type stubs) is documented in python/transaudit/__init__.pyi.

use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use rayon::prelude::*;
use std::path::PathBuf;
use transaudit::corpus::CorpusLinter;
use transaudit::corpus::linter::LinterOptions;
use transaudit::diagnostic::Diagnostic;
use transaudit::error::Error;
use transaudit::markup::InputKind;

/// The binary's `main.rs`, included so that the `transaudit` command of
/// the Python package runs the same code as the Rust binary.
#[allow(dead_code)]
#[path = "../../src/main.rs"]
mod cli_main;

pyo3::create_exception!(
    _transaudit,
    TransauditError,
    PyException,
    "A config or rule-file error (with `path` and `line`), or a bad argument."
);

/// Turns the library's errors into one `TransauditError` carrying the
/// first error's file (`path`) and 1-based `line` (`None` when unknown),
/// and every error's rendered text as the message.
fn to_py_error(py: Python<'_>, errors: Vec<Error>) -> PyErr {
    let message: String = errors.iter().map(|e| e.render(false)).collect();
    let (path, line) = match errors.first() {
        Some(Error::Toml(t)) => (Some(t.path.clone()), t.line()),
        Some(Error::Io { path, .. } | Error::Input { path, .. }) => (Some(path.clone()), None),
        _ => (None, None),
    };
    let err = TransauditError::new_err(message.trim_end().to_owned());
    let value = err.value(py);
    let _ = value.setattr("path", path);
    let _ = value.setattr("line", line);
    err
}

/// A compiled rule set: build it once, lint many texts with it.
#[pyclass(frozen, module = "transaudit")]
struct Linter {
    inner: CorpusLinter,
}

/// The findings as Python objects with exactly the JSON format's fields
/// (without `path`): the JSON report's own rendering, read back by
/// Python's `json`, so the module cannot drift from the documented format.
fn findings<'py>(py: Python<'py>, ds: &[Diagnostic]) -> PyResult<Bound<'py, PyAny>> {
    let text = transaudit::report::json::render_array_without_path(ds);
    py.import("json")?.call_method1("loads", (text,))
}

#[pymethods]
impl Linter {
    /// Compiles the rule pack of `lang` with the config file `config` (no
    /// config is discovered: `None` means the built-in defaults).
    #[new]
    #[pyo3(signature = (lang = None, config = None, *, markup = "plain", review_density = None, reject_density = None, min_findings = None, select = None, ignore = None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        lang: Option<String>,
        config: Option<PathBuf>,
        markup: &str,
        review_density: Option<f64>,
        reject_density: Option<f64>,
        min_findings: Option<usize>,
        select: Option<Vec<String>>,
        ignore: Option<Vec<String>>,
    ) -> PyResult<Linter> {
        let kind = match markup {
            "plain" => InputKind::Plain,
            "md" | "markdown" => InputKind::Markdown,
            "html" => InputKind::Html,
            other => {
                return Err(to_py_error(
                    py,
                    vec![Error::Usage(format!(
                        "markup `{other}`: expected \"plain\", \"md\" or \"html\""
                    ))],
                ));
            }
        };
        let opts = LinterOptions {
            lang: lang.as_deref(),
            config: config.as_deref(),
            discover_from: None,
            select,
            ignore: ignore.unwrap_or_default(),
            review_density,
            reject_density,
            min_findings,
            kind,
        };
        let inner = CorpusLinter::new(&opts).map_err(|e| to_py_error(py, e))?;
        Ok(Linter { inner })
    }

    /// The findings in `text`: a list of dicts with the fields of the JSON
    /// format (offsets are into the UTF-8 bytes of `text`; no `path`).
    fn check<'py>(&self, py: Python<'py>, text: String) -> PyResult<Bound<'py, PyAny>> {
        let linter = &self.inner;
        let result = py.detach(|| linter.check(text));
        match result {
            Ok((ds, _)) => findings(py, &ds),
            Err(e) => Err(to_py_error(
                py,
                vec![Error::Input {
                    path: "<text>".into(),
                    reason: e.to_string(),
                }],
            )),
        }
    }

    /// One dict per text, in order: `findings`, `density`, `categories`,
    /// `verdict` and `words`, or `error` for a text that cannot be linted
    /// (NUL characters). The texts are linted in parallel on all cores,
    /// without the GIL.
    fn check_batch<'py>(
        &self,
        py: Python<'py>,
        texts: Vec<String>,
    ) -> PyResult<Bound<'py, PyList>> {
        let linter = &self.inner;
        let results = py.detach(|| {
            if texts.len() > 64 {
                linter.prepare();
            }
            texts
                .into_par_iter()
                .map(|t| linter.assess(t))
                .collect::<Vec<_>>()
        });
        let list = PyList::empty(py);
        for r in results {
            let o = PyDict::new(py);
            match r {
                Ok(r) => {
                    o.set_item("findings", findings(py, &r.diagnostics)?)?;
                    o.set_item("density", r.assessment.density)?;
                    let categories = PyDict::new(py);
                    for (c, n) in &r.assessment.categories {
                        categories.set_item(*c, *n)?;
                    }
                    o.set_item("categories", categories)?;
                    o.set_item("verdict", r.assessment.verdict.as_str())?;
                    o.set_item("words", r.words)?;
                }
                Err(e) => o.set_item("error", e.to_string())?,
            }
            list.append(o)?;
        }
        Ok(list)
    }

    /// The rule pack's language.
    #[getter]
    fn lang(&self) -> String {
        self.inner.lang().to_owned()
    }

    /// `(review_density, reject_density, min_findings)` in use.
    #[getter]
    fn thresholds(&self) -> (f64, f64, usize) {
        let t = self.inner.thresholds();
        (t.review, t.reject, t.min_findings)
    }
}

/// Runs the `transaudit` command line on `argv` (`sys.argv`, program name
/// first) in this process; returns the exit code.
#[pyfunction]
fn run_cli(py: Python<'_>, argv: Vec<String>) -> i32 {
    use clap::Parser;
    let cli = match transaudit::cli::Cli::try_parse_from(argv) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return e.exit_code();
        }
    };
    i32::from(py.detach(|| cli_main::run(cli)))
}

/// The extension module.
#[pymodule]
fn _transaudit(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Linter>()?;
    m.add_function(wrap_pyfunction!(run_cli, m)?)?;
    m.add("TransauditError", m.py().get_type::<TransauditError>())?;
    Ok(())
}
