-- cfssl certdb schema for PostgreSQL, for the issuance benchmark's "cfssl with database" runs.
-- The Debian packages (golang-cfssl, golang-github-cloudflare-cfssl-dev) do not ship cfssl's goose
-- migrations, so this is written to the columns that the packaged Go source uses
-- (certdb/certdb.go struct tags; certdb/sql/database_accessor.go INSERT statements), with the column
-- types of cfssl's own certdb/pg migration 001 (bytea text columns, composite primary key).
CREATE TABLE certificates (
  serial_number            bytea NOT NULL,
  authority_key_identifier bytea NOT NULL,
  ca_label                 bytea,
  status                   bytea NOT NULL,
  reason                   int,
  created_at               timestamptz,
  expiry                   timestamptz,
  revoked_at               timestamptz,
  pem                      bytea NOT NULL,
  PRIMARY KEY (serial_number, authority_key_identifier)
);
CREATE INDEX certificates_created_at ON certificates (created_at);
CREATE INDEX certificates_revoked_at ON certificates (revoked_at);

CREATE TABLE ocsp_responses (
  serial_number            bytea NOT NULL,
  authority_key_identifier bytea NOT NULL,
  body                     bytea NOT NULL,
  expiry                   timestamptz,
  PRIMARY KEY (serial_number, authority_key_identifier),
  FOREIGN KEY (serial_number, authority_key_identifier)
    REFERENCES certificates (serial_number, authority_key_identifier)
);
