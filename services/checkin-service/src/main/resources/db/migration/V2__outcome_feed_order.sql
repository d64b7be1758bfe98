-- The outcome feed's position must follow commit order, or a reader can move past an event that a
-- slower transaction committed later under a lower id. Events are stored without a position; the
-- feed reader numbers the committed ones, one reader at a time, before it reads.
alter table status_event add column feed_sequence bigint unique;
update status_event set feed_sequence = sequence;
create sequence status_event_feed_seq;
select setval('status_event_feed_seq', greatest((select max(sequence) from status_event), 1));
create index status_event_unsequenced_idx on status_event (sequence) where feed_sequence is null;
