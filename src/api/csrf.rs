//! CSRF tokens for self-hosted servers that enforce CSRF protection (off by default): fetched
//! the first time the server says a token is missing (or again when it says one is invalid),
//! then sent with every mutating request. A server without the protection costs no request.

use reqwest::{Method, StatusCode};
use serde_json::Value;

use super::bounds::Answer;
use super::errors::detail;
use super::transport::Repeat;
use super::Client;
use crate::error::{Error, Result};

/// What is known about the server's CSRF protection.
#[derive(Debug)]
pub(super) enum Csrf {
    /// Not needed so far.
    Unknown,
    /// The server does not use CSRF tokens (Prefect Cloud, or protection disabled).
    Disabled,
    /// A token and the client id it was issued for.
    Token { token: String, client: String },
}

impl Client {
    /// The token and client id to send, if one is known; with `refresh`, a new one is fetched
    /// first (the server asked for one).
    pub(super) async fn csrf_token(&self, refresh: bool) -> Result<Option<(String, String)>> {
        let mut state = self.csrf.lock().await;
        if refresh {
            *state = self.fetch_csrf().await?;
        }
        Ok(match &*state {
            Csrf::Token { token, client } => Some((token.clone(), client.clone())),
            _ => None,
        })
    }

    async fn fetch_csrf(&self) -> Result<Csrf> {
        let client = uuid::Uuid::new_v4().to_string();
        // A GET, so `send` asks for no token itself; boxed, as the two call each other.
        let query = [("client", client.as_str())];
        let sent = Box::pin(self.send(
            Method::GET,
            &["csrf-token"],
            &query,
            None,
            Repeat::Safe,
            Answer::One,
        ));
        match sent.await {
            Ok((StatusCode::NOT_FOUND, _)) => Ok(Csrf::Disabled),
            Ok((_, body)) => match body.get("token").and_then(Value::as_str) {
                Some(token) => Ok(Csrf::Token {
                    token: token.to_owned(),
                    client,
                }),
                None => Err(Error::service(format!(
                    "GET /csrf-token answered without a token: {}",
                    detail(&body)
                ))),
            },
            Err(failed)
                if failed
                    .error
                    .to_string()
                    .contains("CSRF protection is disabled") =>
            {
                Ok(Csrf::Disabled)
            }
            Err(failed) => Err(failed.error),
        }
    }
}
