//! A plugin's answer checked in the worker against the request it answers,
//! before it is posted to the page: the page's main thread never decodes
//! an answer that is out of bounds (a typography drawing of 20,000 runs
//! cost it a frame to decode before the host could refuse it).

use annex_protocol::message::{PluginRequest, PluginResponse};
use annex_protocol::{ErrorCode, PluginError};

/// Refuses an answer out of bounds for its request, with a `protocol` error.
pub(crate) fn check(request: &PluginRequest, response: &PluginResponse) -> Result<(), PluginError> {
    if let (PluginRequest::Typography(request), PluginResponse::Typography(response)) =
        (request, response)
    {
        // The request is the host's own; an answer of the wrong shape is
        // reported by the host, which decodes it anyway.
        if let (Ok(request), Ok(response)) = (request.decode(), response.decode()) {
            response
                .check_answer(&request)
                .map_err(|problem| PluginError::new(ErrorCode::Protocol, problem))?;
        }
    }
    Ok(())
}
