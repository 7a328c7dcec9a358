//! Compose files: any text (the file, then optionally `\0` and a `.env`,
//! then optionally `\0` and a second `-f` file) through the whole loader
//! and, when it loads, `config`, the container-name check and the start
//! order. No input panics, and the refusals of the limits stay cheap
//! (libFuzzer's -timeout flags a slow one).
#![no_main]

use bridgeport_compose::{load, LoadOptions, SourceFile};
use libfuzzer_sys::fuzz_target;
use bridgeport_golib::sorted_map::SortedMap;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut parts = text.splitn(3, '\0');
    let compose = parts.next().unwrap_or("");
    let dotenv = parts.next();
    let second = parts.next();
    let mut files = vec![SourceFile::new("/home/learner/myapp/compose.yaml", compose)];
    if let Some(s) = second {
        files.push(SourceFile::new("/home/learner/myapp/compose.override.yaml", s));
    }
    for project_name in [None, Some("p".to_string())] {
        let opts = LoadOptions {
            files: files.clone(),
            working_dir: "/home/learner/myapp".into(),
            env: SortedMap::from([("HOME".to_string(), "/home/learner".to_string())]),
            env_files: dotenv
                .map(|d| vec![SourceFile::new("/home/learner/myapp/.env", d)])
                .unwrap_or_default(),
            project_name,
            ..LoadOptions::default()
        };
        match load(&opts) {
            Ok(loaded) => {
                let p = &loaded.project;
                let out = p.config_yaml();
                assert!(out.starts_with("name: "), "{out:?}");
                let _ = p.check_container_names();
                let order = p.services_in_dependency_order();
                assert_eq!(order.len(), p.services.len());
                for s in p.services.values() {
                    let _ = s.networks_by_priority();
                    let _ = s.replicas();
                }
            }
            Err(e) => {
                assert!(!e.message.is_empty());
            }
        }
    }
});
