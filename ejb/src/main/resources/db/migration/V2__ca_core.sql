-- The CA core: repositories own issuers, templates and certificates; every change and every use of a
-- CA key is an audit event in a hash chain.

create table repository (
    id                     uuid         primary key,
    name                   varchar(100) not null unique,
    crl_enabled            boolean      not null,
    crl_period_seconds     integer      not null check (crl_period_seconds > 0),
    ocsp_enabled           boolean      not null,
    ocsp_validity_seconds  integer      not null check (ocsp_validity_seconds > 0),
    created_at             timestamptz  not null,
    version                integer      not null default 0
);

-- V1's issuer table was a placeholder that nothing wrote; the real one replaces it.
drop table issuer;

create table issuer (
    id               uuid          primary key,
    repository_id    uuid          not null references repository (id),
    label            varchar(64)   not null unique,
    parent_id        uuid          references issuer (id),
    key_alias        varchar(64)   not null unique references ca_key (alias),
    certificate      bytea         not null,
    subject_dn       varchar(1024) not null,
    ski              bytea         not null,
    path_length      integer,
    not_before       timestamptz   not null,
    not_after        timestamptz   not null,
    enabled          boolean       not null,
    quota_remaining  bigint        check (quota_remaining >= 0),
    created_at       timestamptz   not null,
    version          integer       not null default 0
);
create index issuer_repository on issuer (repository_id);

create table template (
    id             uuid         primary key,
    repository_id  uuid         not null references repository (id),
    name           varchar(100) not null,
    body           text         not null,
    created_at     timestamptz  not null,
    updated_at     timestamptz  not null,
    version        integer      not null default 0,
    unique (repository_id, name)
);

create table certificate (
    id                 uuid          primary key,
    repository_id      uuid          not null references repository (id),
    issuer_id          uuid          not null references issuer (id),
    template_id        uuid          references template (id),
    serial             varchar(42)   not null,
    subject_dn         varchar(1024) not null,
    sans               text          not null,
    not_before         timestamptz   not null,
    not_after          timestamptz   not null,
    der                bytea         not null,
    status             varchar(16)   not null,
    revocation_reason  integer,
    revoked_at         timestamptz,
    invalidity_date    timestamptz,
    requested_by       varchar(255)  not null,
    channel            varchar(16)   not null,
    server_key         boolean       not null,
    replaces_id        uuid          references certificate (id),
    created_at         timestamptz   not null,
    version            integer       not null default 0,
    unique (issuer_id, serial)
);
create index certificate_issuer_status on certificate (issuer_id, status);
create index certificate_repository_created on certificate (repository_id, created_at desc);
create index certificate_not_after on certificate (not_after);

create table revocation (
    id              bigint       generated always as identity primary key,
    certificate_id  uuid         not null references certificate (id),
    action          varchar(16)  not null,
    reason          integer,
    at              timestamptz  not null,
    actor           varchar(255) not null
);
create index revocation_certificate on revocation (certificate_id);

-- Append-only and chained: hash(n) = SHA-256(hash(n-1) || canonical(event n)). The single head row
-- is locked by each append, so the chain has one order and no gaps.
create table audit_event (
    seq             bigint        primary key,
    at              timestamptz   not null,
    actor           varchar(255)  not null,
    source_address  varchar(64)   not null,
    action          varchar(64)   not null,
    object_type     varchar(32)   not null,
    object_id       varchar(64)   not null,
    outcome         varchar(16)   not null,
    detail          text          not null,
    hash            bytea         not null
);
create index audit_event_at on audit_event (at);
create index audit_event_actor on audit_event (actor);
create index audit_event_object on audit_event (object_type, object_id);

create table audit_head (
    id    integer primary key check (id = 1),
    seq   bigint  not null,
    hash  bytea   not null
);
insert into audit_head (id, seq, hash) values (1, 0, decode(repeat('00', 32), 'hex'));
