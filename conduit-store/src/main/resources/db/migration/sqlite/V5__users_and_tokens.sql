-- Control-plane accounts: local users (password as a slow hash in PHC string format) and API
-- tokens (only a SHA-256 of their secret). Roles are names the server interprets.
CREATE TABLE users (
    username      TEXT    PRIMARY KEY,
    password_hash TEXT    NOT NULL,
    role          TEXT    NOT NULL,
    created_at    BIGINT  NOT NULL,     -- epoch milliseconds
    disabled      INTEGER NOT NULL      -- 0 or 1
);

CREATE TABLE api_tokens (
    id          TEXT   PRIMARY KEY,     -- the public part of the token
    name        TEXT   NOT NULL,
    secret_hash TEXT   NOT NULL,
    role        TEXT   NOT NULL,
    created_by  TEXT   NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
