use super::*;

fn p(s: &str) -> DomainPattern {
    s.parse().unwrap()
}

fn http(host: &str, port: Option<u16>) -> Destination {
    Destination::new("http", host, port).unwrap()
}

#[test]
fn patterns_match_hosts() {
    let default = |h| http(h, None);
    assert!(p("api.example.com").matches(&default("api.example.com")));
    assert!(p("api.example.com").matches(&default("API.example.com")));
    assert!(!p("api.example.com").matches(&default("example.com")));
    assert!(p("*.example.com").matches(&default("a.b.example.com")));
    assert!(!p("*.example.com").matches(&default("example.com")));
    assert!(!p("*.example.com").matches(&default("badexample.com")));
    assert!(p("*").matches(&default("anything.at.all")));
    assert!(p("127.0.0.1").matches(&default("127.0.0.1")));
    assert!("exa mple.com".parse::<DomainPattern>().is_err());
    assert!("*.".parse::<DomainPattern>().is_err());
}

#[test]
fn ports_are_part_of_a_pattern() {
    // No port: the scheme's default only.
    assert!(p("example.com").matches(&http("example.com", None)));
    assert!(p("example.com").matches(&http("example.com", Some(80))));
    assert!(!p("example.com").matches(&http("example.com", Some(8080))));
    assert!(p("example.com").matches(&Destination::new("https", "example.com", None).unwrap()));
    assert!(p("example.com:8080").matches(&http("example.com", Some(8080))));
    assert!(!p("example.com:8080").matches(&http("example.com", Some(8081))));
    assert!(!p("example.com:8080").matches(&http("example.com", None)));
    assert!(p("example.com:*").matches(&http("example.com", Some(22))));
    assert!(p("[::1]:8080").matches(&http("[::1]", Some(8080))));
    assert_eq!(p("*.example.com:*").to_string(), "*.example.com:*");
    assert_eq!(p("[::1]:8080").to_string(), "[::1]:8080");
    for bad in ["example.com:0", "example.com:65536", "example.com:x", "example.com:"] {
        assert!(bad.parse::<DomainPattern>().is_err(), "{bad}");
    }
}

#[test]
fn every_spelling_of_a_host_is_the_same_host() {
    let blocked = p("127.0.0.1:*");
    for spelling in [
        "127.0.0.1",
        "127.0.0.1.",
        "2130706433",
        "0x7f000001",
        "0x7f.1",
        "0177.0.0.1",
        "127.1",
        "[::ffff:127.0.0.1]",
        "[::ffff:7f00:1]",
        "[0:0:0:0:0:ffff:7f00:1]",
    ] {
        assert!(blocked.matches(&http(spelling, Some(9))), "{spelling}");
    }
    assert!(p("example.com").matches(&http("EXAMPLE.com.", None)));
    assert!(p("*.example.com").matches(&http("api.example.com.", None)));
    assert!(p("[::1]").matches(&http("[0:0::1]", None)));
    // Not hosts: an IPv4 number out of range, a last label that is a bad number.
    assert_eq!(normalize_host("256.0.0.1"), None);
    assert_eq!(normalize_host("1.2.3.4.5"), None);
    assert_eq!(normalize_host("example.0x1g"), Some("example.0x1g".into()));
    assert_eq!(normalize_host("4294967296"), None);
    assert_eq!(normalize_host("a@b"), None);
}

#[test]
fn a_pattern_is_written_in_the_spelling_it_matches() {
    for (bad, why) in [
        ("0x7f.1", "dotted decimal"),
        ("2130706433", "dotted decimal"),
        ("[::ffff:127.0.0.1]", "dotted decimal"),
        ("bücher.example", "`xn--` form"),
    ] {
        let err = bad.parse::<DomainPattern>().unwrap_err();
        assert!(err.to_string().contains(why), "{bad}: {err}");
    }
    assert_eq!(p("Example.COM.").to_string(), "example.com");
    assert!(p("xn--bcher-kva.example").matches(&http("xn--bcher-kva.example", None)));
}

#[test]
fn block_wins_over_allow() {
    let policy = NetworkPolicy {
        allow: vec![p("*.example.com")],
        block: vec![p("ads.example.com")],
        ..NetworkPolicy::default()
    };
    let to = |h| http(h, None);
    assert_eq!(policy.refusal(&to("api.example.com")), None);
    assert_eq!(
        policy.refusal(&to("ads.example.com")).unwrap(),
        "ads.example.com is blocked (matches `ads.example.com`)"
    );
    assert_eq!(
        policy.refusal(&to("evil.org")).unwrap(),
        "evil.org is not in the allow-list (*.example.com)"
    );
    assert_eq!(
        policy.refusal(&http("api.example.com", Some(8080))).unwrap(),
        "api.example.com:8080 is not in the allow-list (*.example.com)"
    );
}

#[test]
fn credentials_go_only_where_the_host_allows_them() {
    let mut policy = NetworkPolicy { allow: vec![p("*")], ..NetworkPolicy::default() };
    assert!(!policy.sends_credentials(&http("api.example.com", None)));
    policy.credentials = vec![p("api.example.com")];
    assert!(policy.sends_credentials(&http("api.example.com", None)));
    assert!(!policy.sends_credentials(&http("api.example.com", Some(8080))));
    assert!(!policy.sends_credentials(&http("evil.org", None)));
    // Older policies without the field still decode.
    let json = r#"{"allow":["a.com"],"block":[],"requests_per_minute":1,"max_response_bytes":1,"timeout_ms":1}"#;
    let old: NetworkPolicy = serde_json::from_str(json).unwrap();
    assert!(old.credentials.is_empty());
}
