-- A device's retry is found by (profile_id, transaction_id), through the unique index. The listing
-- index also led with profile_id, and a plan PostgreSQL cached for that lookup while the table was
-- empty chose it, then filtered every request of the profile on each enrolment: the cost grew with
-- the profile's history until the table was next analysed. Led by status, it no longer competes.
drop index enrollment_request_profile_status;
create index enrollment_request_status on enrollment_request (status, requested_at desc);
