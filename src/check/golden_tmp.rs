//! Temporary: compares every diagnosis text for many observation combinations with a file
//! written by the previous implementation.
#[test]
fn golden() {
    let mut out = Vec::new();
    for seed in 0..4000u64 {
        let f = super::fixtures::combination(seed);
        let mut v = serde_json::to_value(super::diagnose::diagnose(&f)).unwrap();
        for d in v.as_array_mut().unwrap() {
            d.as_object_mut().unwrap().remove("causes");
        }
        out.push(v);
    }
    let text = serde_json::to_string_pretty(&out).unwrap();
    if let Ok(p) = std::env::var("GOLDEN_WRITE") {
        std::fs::write(p, &text).unwrap();
    }
    if let Ok(p) = std::env::var("GOLDEN_READ") {
        let old = std::fs::read_to_string(p).unwrap();
        let old: Vec<serde_json::Value> = serde_json::from_str(&old).unwrap();
        for (i, (a, b)) in old.iter().zip(&out).enumerate() {
            assert_eq!(
                a,
                b,
                "seed {i}: {:#?}",
                super::fixtures::combination(i as u64)
            );
        }
    }
}
