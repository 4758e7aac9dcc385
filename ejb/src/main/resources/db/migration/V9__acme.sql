-- ACME (RFC 8555) with external account binding. An ACME profile is an enrollment_profile of
-- protocol ACME; operators give out its tokens, clients open accounts with them and order.

-- hmac_key is a verifier secret: checking an external account binding's MAC (RFC 8555 section
-- 7.3.4) takes the key itself, so it cannot be kept as a hash. It is shown once, when the token is
-- made, and never again.
create table acme_token (
    id           uuid          primary key,
    profile_id   uuid          not null references enrollment_profile (id),
    key_id       varchar(64)   not null unique,
    hmac_key     bytea         not null,
    description  varchar(255),
    created_by   varchar(255)  not null,
    created_at   timestamptz   not null,
    revoked_by   varchar(255),
    revoked_at   timestamptz,
    version      integer       not null default 0
);
create index acme_token_profile on acme_token (profile_id, created_at desc);

-- An account is known by its key: the JWK (JSON) and its RFC 7638 thumbprint (base64url SHA-256).
create table acme_account (
    id          uuid          primary key,
    profile_id  uuid          not null references enrollment_profile (id),
    token_id    uuid          not null references acme_token (id),
    jwk         text          not null,
    thumbprint  varchar(64)   not null,
    status      varchar(16)   not null,
    contact     text          not null,
    created_at  timestamptz   not null,
    version     integer       not null default 0,
    unique (profile_id, thumbprint)
);
create index acme_account_token on acme_account (token_id);

-- identifiers is a JSON array of {type, value}; error a problem document (JSON) once invalid;
-- replaces the ARI id (RFC 9773) of the certificate the order replaces.
create table acme_order (
    id              uuid          primary key,
    account_id      uuid          not null references acme_account (id),
    status          varchar(16)   not null,
    expires         timestamptz   not null,
    identifiers     text          not null,
    not_before      timestamptz,
    not_after       timestamptz,
    error           text,
    certificate_id  uuid          references certificate (id),
    replaces        varchar(255),
    created_at      timestamptz   not null,
    version         integer       not null default 0
);
-- The account's orders, newest first, and its order rate over the last hour.
create index acme_order_account on acme_order (account_id, created_at desc);
-- Who ordered a certificate (revocation by account, ARI replaces); also keeps deletes of
-- certificate rows from scanning this table (see V7).
create index acme_order_certificate on acme_order (certificate_id) where certificate_id is not null;
create index acme_order_replaces on acme_order (replaces) where replaces is not null;

-- For a wildcard the value is the name without "*.", and wildcard is true.
create table acme_authorization (
    id                uuid          primary key,
    account_id        uuid          not null references acme_account (id),
    identifier_type   varchar(8)    not null,
    identifier_value  varchar(255)  not null,
    wildcard          boolean       not null,
    status            varchar(16)   not null,
    expires           timestamptz   not null,
    version           integer       not null default 0
);
-- Reuse of the account's valid authorizations for the same identifier; the account's pending ones
-- when it is deactivated.
create index acme_authorization_account on acme_authorization (account_id, identifier_value);

create table acme_order_authorization (
    order_id          uuid     not null references acme_order (id),
    ordinal           integer  not null,
    authorization_id  uuid     not null references acme_authorization (id),
    primary key (order_id, ordinal)
);
-- The orders an authorization belongs to, when it becomes valid or invalid.
create index acme_order_authorization_authorization on acme_order_authorization (authorization_id);

create table acme_challenge (
    id                uuid          primary key,
    authorization_id  uuid          not null references acme_authorization (id),
    type              varchar(16)   not null,
    token             varchar(64)   not null,
    status            varchar(16)   not null,
    validated_at      timestamptz,
    error             text,
    version           integer       not null default 0
);
create index acme_challenge_authorization on acme_challenge (authorization_id);
