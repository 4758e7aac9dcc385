-- CRLs (RFC 5280 section 5): every full and delta CRL an issuer published. Full and delta CRLs
-- share one CRL number sequence per issuer; the newest row per (issuer, delta) is the one served.
-- last_revocation_id is how far the revocation feed (revocation.id) had been read when it was made.
create table crl (
    id                  bigint       generated always as identity primary key,
    issuer_id           uuid         not null references issuer (id),
    number              bigint       not null,
    delta               boolean      not null,
    base_number         bigint,
    this_update         timestamptz  not null,
    next_update         timestamptz  not null,
    entries             bigint       not null,
    size                bigint       not null,
    last_revocation_id  bigint       not null,
    created_at          timestamptz  not null,
    unique (issuer_id, number),
    check (delta = (base_number is not null))
);
create index crl_newest on crl (issuer_id, delta, number desc);

-- The DER of each CRL in chunks of at most 1 MiB, so that a CRL of a million entries is written
-- and served in bounded memory.
create table crl_chunk (
    crl_id  bigint   not null references crl (id) on delete cascade,
    no      integer  not null,
    bytes   bytea    not null,
    primary key (crl_id, no)
);
-- Serial numbers are random: compressing the chunks costs time and saves nothing.
alter table crl_chunk alter column bytes set storage external;
