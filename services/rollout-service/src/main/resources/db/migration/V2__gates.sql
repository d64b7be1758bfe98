-- Stages become objects with an optional gate; the gate's baseline moves when an operator
-- resumes a stage the gate failed, so that the gate judges what happened since.
update rollout set stages = (select jsonb_agg(jsonb_build_object('percentageBp', s)) from jsonb_array_elements(stages) s);

alter table stage_progress add column baseline_succeeded bigint not null default 0;
alter table stage_progress add column baseline_failed bigint not null default 0;

-- Work that must run on exactly one replica at a time (gate evaluation) holds a lease.
create table lease (
    name       text primary key,
    holder     text        not null,
    expires_at timestamptz not null
);
