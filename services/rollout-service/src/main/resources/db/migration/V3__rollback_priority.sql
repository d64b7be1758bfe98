-- A rollback names the rollout it takes vehicles back from; at most one rollback per rollout.
-- Priority orders live rollouts that touch the same ECU of a vehicle (higher wins).
alter table rollout add column rollback_of uuid references rollout (id);
create unique index rollout_rollback_of_idx on rollout (rollback_of) where rollback_of is not null;
alter table rollout add column priority int not null default 0;
