-- Delegated OCSP responder certificates (RFC 6960 section 4.2.2.2): each issuer whose repository
-- answers OCSP has a current one, signed by the issuer, whose key lives on the token under
-- key_alias. The OCSP WAR reads the newest current row per issuer. Rows outlive their key (which is
-- destroyed when the certificate expires) as the record of what signed earlier answers.
create table ocsp_responder (
    id           uuid         primary key,
    issuer_id    uuid         not null references issuer (id),
    key_alias    varchar(64)  not null unique,
    certificate  bytea        not null,
    not_before   timestamptz  not null,
    not_after    timestamptz  not null,
    created_at   timestamptz  not null
);
create index ocsp_responder_issuer on ocsp_responder (issuer_id, not_after desc);
