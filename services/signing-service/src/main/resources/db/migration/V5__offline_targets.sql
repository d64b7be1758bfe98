-- A target whose release waits for a staged targets version to be signed offline has no targets_version yet: only
-- staged metadata lists it, and nothing that vehicles or downloads read sees it until that version is published.
alter table image_target alter column targets_version drop not null;
create index image_target_release on image_target (release);

-- For targets: the releases that become signed when the staged version is published.
alter table staged_metadata add column releases text[] not null default '{}';
-- The later staging of targets that replaced this one (it lists everything this one did).
alter table staged_metadata add column superseded_by uuid;

-- When artifact-service was told the release is signed; null until then (a job under the lease retries).
alter table signed_release add column marked_at timestamptz;
update signed_release set marked_at = signed_at;
