-- Device enrollment (SCEP, EST): profiles, one-time challenges and the requests devices make.
-- Secrets are made by the server (128 random bits or more) and kept as their SHA-256 only.
create table enrollment_profile (
    id               uuid          primary key,
    repository_id    uuid          not null references repository (id),
    name             varchar(63)   not null unique,
    protocol         varchar(8)    not null,
    issuer_id        uuid          not null references issuer (id),
    template_id      uuid          not null references template (id),
    authentication   varchar(24)   not null,
    username         varchar(64),
    secret_sha256    bytea,
    manual_approval  boolean       not null,
    allow_des        boolean       not null,
    enabled          boolean       not null,
    ra_key_alias     varchar(64)   references ca_key (alias),
    ra_certificate   bytea,
    created_at       timestamptz   not null,
    updated_at       timestamptz   not null,
    version          integer       not null default 0
);
create index enrollment_profile_repository on enrollment_profile (repository_id, name);

create table enrollment_challenge (
    id              uuid          primary key,
    profile_id      uuid          not null references enrollment_profile (id),
    device          varchar(255)  not null,
    secret_sha256   bytea         not null unique,
    expires_at      timestamptz   not null,
    used_at         timestamptz,
    created_by      varchar(255)  not null,
    created_at      timestamptz   not null
);
create index enrollment_challenge_profile on enrollment_challenge (profile_id);

create table enrollment_request (
    id               uuid          primary key,
    profile_id       uuid          not null references enrollment_profile (id),
    transaction_id   varchar(128),
    subject          varchar(1024) not null,
    sans             text          not null,
    csr              bytea         not null,
    renews_id        uuid          references certificate (id),
    status           varchar(16)   not null,
    certificate_id   uuid          references certificate (id),
    requested_by     varchar(255)  not null,
    requested_from   varchar(64)   not null,
    requested_at     timestamptz   not null,
    decided_by       varchar(255),
    decided_at       timestamptz,
    reason           varchar(1024),
    version          integer       not null default 0,
    unique (profile_id, transaction_id)
);
create index enrollment_request_profile_status on enrollment_request (profile_id, status, requested_at desc);
