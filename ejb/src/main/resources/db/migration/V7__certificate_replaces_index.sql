-- certificate.replaces_id references certificate (id), so deleting or re-keying a certificate row
-- makes PostgreSQL look for rows that name it as replaced: without an index that is a scan of the
-- whole table per row (deleting a million rows would take days). Only renewals have the column
-- set, so the index holds just those; the lookup `replaces_id = $1` implies `is not null`.
create index certificate_replaces on certificate (replaces_id) where replaces_id is not null;
