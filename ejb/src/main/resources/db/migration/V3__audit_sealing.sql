-- Audit events are written with the action they record without waiting for one another; a sealer
-- links them into the hash chain (chain_pos, hash) within about a second. The chain order is the
-- sealing order; events sealed so far keep their positions (chain_pos = seq).
alter table audit_event alter column hash drop not null;
alter table audit_event add column chain_pos bigint unique;
update audit_event set chain_pos = seq;
create index audit_event_unsealed on audit_event (seq) where chain_pos is null;

create sequence audit_event_seq;
select setval('audit_event_seq', coalesce((select max(seq) from audit_event), 0) + 1, false);

alter table audit_head rename column seq to pos;
