//! Every example of every built-in rule file is a test: `fire` texts must
//! report exactly the expected span (and fix), `quiet` texts nothing.

use transaudit::rules::{RuleSet, RuleSource, builtin, examples};

#[test]
fn every_builtin_rule_file_loads_and_every_example_holds() {
    let langs = builtin::languages();
    assert!(!langs.is_empty(), "no built-in rule pack under lints/");
    for lang in langs {
        let sources = builtin::sources(lang);
        let mut set = match RuleSet::load(&sources) {
            Ok(s) => s,
            Err(errors) => {
                let msgs: Vec<String> = errors.iter().map(|e| e.render(false)).collect();
                panic!(
                    "built-in rule files of `{lang}` do not load:\n{}",
                    msgs.join("\n")
                );
            }
        };
        let failures = examples::check_all(&mut set);
        assert!(
            failures.is_empty(),
            "{} failing examples in `{lang}`:\n{}",
            failures.len(),
            failures
                .iter()
                .map(|f| format!("  {f}"))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

#[test]
fn every_rule_has_a_documented_explanation_and_both_kinds_of_example() {
    for lang in builtin::languages() {
        let set = RuleSet::load(&builtin::sources(lang)).unwrap_or_else(|_| panic!("{lang} loads"));
        for r in set.rules() {
            assert!(
                r.explanation.len() >= 40,
                "{}: explanation too short to say why",
                r.id
            );
            assert!(
                !r.examples.fire.is_empty() && !r.examples.quiet.is_empty(),
                "{}: needs fire and quiet examples",
                r.id
            );
            assert!(
                r.id.starts_with(r.category.as_str()),
                "{}: id must start with its category `{}`",
                r.id,
                r.category
            );
        }
    }
}

/// Loading skips the regex checks for the embedded rule files
/// (`builtin::is_builtin`); this test is what makes that safe. The same
/// files, loaded as user files, must pass every check (syntax, `group`
/// numbers), and every regex, exceptions included, must compile.
#[test]
fn builtin_files_pass_the_checks_user_files_get_and_every_regex_compiles() {
    for lang in builtin::languages() {
        let as_user: Vec<RuleSource> = builtin::sources(lang)
            .into_iter()
            .map(|s| RuleSource {
                path: format!("user-copy/{}", s.path),
                text: s.text,
            })
            .collect();
        assert!(as_user.iter().all(|s| !builtin::is_builtin(s)));
        let set = match RuleSet::load(&as_user) {
            Ok(s) => s,
            Err(errors) => panic!(
                "`{lang}` rule files fail the user-file checks:\n{}",
                errors
                    .iter()
                    .map(|e| e.render(false))
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
        };
        let errors = set.compile_regexes();
        assert!(errors.is_empty(), "{}", errors.join("\n"));
        let trusted = RuleSet::load(&builtin::sources(lang)).expect("loads");
        // The parallel up-front compilation `check` uses on many files.
        trusted.prepare();
        assert!(trusted.compile_regexes().is_empty());
    }
}
