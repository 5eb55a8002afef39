package io.conduit.server.api;

import io.conduit.server.auth.AccountException;

/** Maps a refused account operation to its problem document. */
final class AccountProblems {

    private AccountProblems() {
    }

    static ApiException of(AccountException e) {
        int status = switch (e.kind()) {
            case INVALID -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case UNAUTHORIZED -> 401;
        };
        return new ApiException(status, e.getMessage(), e.field());
    }
}
