-- Each server takes audit sequence numbers in blocks of 50 (Hibernate's pooled-lo optimizer) rather
-- than one round trip per event. Numbers stay unique; the chain order is the sealer's anyway.
alter sequence audit_event_seq increment by 50;
