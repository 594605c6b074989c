//! When a failed request may be sent again, and how long to wait first.

use reqwest::StatusCode;
use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, SystemTime};

/// Retry settings; see the `retries`, `retry_base_delay` and `retry_max_delay` setters of
/// [`crate::ClientBuilder`].
#[derive(Clone, Debug)]
pub(crate) struct RetryPolicy {
    pub max_retries: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy { max_retries: 3, base_delay: Duration::from_millis(500), max_delay: Duration::from_secs(30) }
    }
}

/// Statuses that say "try again later" without the request having taken effect, or (for
/// idempotent requests) where taking effect twice is harmless.
pub(crate) fn retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 500 | 502 | 503 | 504)
}

/// Whether a DELETE answered 404 on a retry, after an attempt whose outcome was unknown,
/// succeeded: the earlier attempt deleted the thing, and "gone" is what the caller asked
/// for. A 404 on the first attempt stays an error (the id was wrong).
pub(crate) fn gone_after_unknown(is_delete: bool, status: Option<u16>, earlier_outcome_unknown: bool) -> bool {
    is_delete && earlier_outcome_unknown && status == Some(404)
}

/// The answer a DELETE that succeeded gets: the API's `{"r": true}`.
pub(crate) const DELETED: &[u8] = br#"{"r": true}"#;

impl RetryPolicy {
    /// The delay before retry number `attempt` (0-based): exponential with equal jitter
    /// (a random delay between half the exponential step and all of it), or the server's `Retry-After` when it gave one, both capped at `max_delay`.
    pub fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(wait) = retry_after {
            return wait.min(self.max_delay);
        }
        let exponential = self.base_delay.saturating_mul(2u32.saturating_pow(attempt)).min(self.max_delay);
        // Equal jitter, in [exponential/2, exponential]: spreads the retries of many clients
        // while keeping at least half the backoff (full jitter would draw from [0, exponential]).
        let half = exponential / 2;
        half + half.mul_f64(random_unit())
    }
}

/// Parses `Retry-After`: delay-seconds or an HTTP date.
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO))
}

/// A number in [0, 1) from the standard library's randomly seeded hasher; jitter needs no
/// better randomness than that and no extra dependency.
pub(crate) fn random_unit() -> f64 {
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0));
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_takes_seconds_and_dates() {
        assert_eq!(parse_retry_after("3"), Some(Duration::from_secs(3)));
        let future = SystemTime::now() + Duration::from_secs(120);
        let parsed = parse_retry_after(&httpdate::fmt_http_date(future)).unwrap();
        assert!(parsed > Duration::from_secs(100) && parsed <= Duration::from_secs(120));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon"), None);
    }

    #[test]
    fn delays_grow_and_stay_capped() {
        let policy =
            RetryPolicy { max_retries: 10, base_delay: Duration::from_millis(100), max_delay: Duration::from_secs(1) };
        for attempt in 0..10 {
            let expected = Duration::from_millis(100 * 2u64.pow(attempt)).min(Duration::from_secs(1));
            let delay = policy.delay(attempt, None);
            assert!(delay >= expected / 2 && delay <= expected, "attempt {attempt}: {delay:?}");
        }
        assert_eq!(policy.delay(0, Some(Duration::from_secs(60))), Duration::from_secs(1));
    }
}
