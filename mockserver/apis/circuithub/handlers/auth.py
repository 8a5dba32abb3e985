"""Handlers of the `auth` tag."""

from mockserver.apis.circuithub.rules.domain import HubCall
from mockserver.apis.circuithub.rules.login import redirect_with_token
from mockserver.engine.call import Reply
from mockserver.engine.errors import InternalError


def start_cli_login(call: HubCall) -> Reply:
    uri = call.query["redirect_uri"]  # its schema admits only loopback callbacks
    email = call.world.config.login_user_email
    user = call.world.user_by_email(email)
    if user is None:
        raise InternalError(f"The configured login user {email} is not in the dataset")
    location = redirect_with_token(uri, call.tokens.issue(user))
    return Reply(302, headers={"Location": location})
