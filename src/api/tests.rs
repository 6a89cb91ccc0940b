//! The client's URLs: every part one encoded path segment.

use super::*;
use crate::env::Env;

#[test]
fn urls_are_encoded() {
    let conn = Connection::from_env(&Env::from_pairs([("PREFECT_API_URL", "http://h:1/api")]))
        .unwrap()
        .unwrap();
    let client = Client::new(conn, 4, &Secrets::default()).unwrap();
    assert_eq!(
        client
            .url(&["deployments", "name", "my flow", "a/b"], &[])
            .as_str(),
        "http://h:1/api/deployments/name/my%20flow/a%2Fb"
    );
    assert_eq!(
        client.url(&["flows", ""], &[]).as_str(),
        "http://h:1/api/flows/"
    );
    assert_eq!(
        client
            .url(&["deployments", "name", "..", "."], &[])
            .as_str(),
        "http://h:1/api/deployments/name/%252E%252E/%252E",
        "a dot name stays one segment"
    );
}
