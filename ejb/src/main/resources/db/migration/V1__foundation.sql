-- Keys the CA generated on its token. The private key never leaves the token; the public key and
-- the key's alias (its CKA_ID there) are recorded so that every key can be accounted for.
create table ca_key (
    alias       varchar(64)  primary key,
    key_spec    varchar(16)  not null,
    public_key  bytea        not null,
    created_at  timestamptz  not null,
    created_by  varchar(255) not null
);

-- Certificate authorities that this installation operates. Filled by the CA core; read by the
-- enrollment endpoints (EST cacerts) and the OCSP/CRL WAR.
create table issuer (
    id            bigint generated always as identity primary key,
    label         varchar(64)  not null unique,
    key_alias     varchar(64)  not null references ca_key (alias),
    certificate   bytea        not null,
    enabled       boolean      not null default true,
    created_at    timestamptz  not null
);
