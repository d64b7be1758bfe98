-- Uploads in progress, committed artifacts (content-addressed blobs), and immutable releases.
create table upload (
    id               uuid primary key,
    spec             jsonb       not null,
    declared_length  bigint      not null,
    declared_sha256  text        not null default '',
    declared_sha512  text        not null default '',
    state            text        not null,
    committed_offset bigint      not null default 0,
    artifact_id      uuid,
    created_at       timestamptz not null,
    expires_at       timestamptz not null
);

create table artifact (
    id         uuid primary key,
    kind       text        not null,
    spec       jsonb       not null,
    sha256     text        not null,
    sha512     text        not null,
    length     bigint      not null,
    created_at timestamptz not null
);
create index artifact_created_idx on artifact (created_at desc, id);
create index artifact_sha256_idx on artifact (sha256);

create table release (
    id           uuid primary key,
    display_name text        not null unique,
    notes        text        not null,
    state        text        not null,
    supersedes   uuid references release (id),
    created_by   text        not null,
    created_at   timestamptz not null
);
create index release_created_idx on release (created_at desc, id);

create table release_artifact (
    release_id  uuid not null references release (id),
    ecu         text not null,
    artifact_id uuid not null references artifact (id),
    primary key (release_id, ecu)
);
create index release_artifact_artifact_idx on release_artifact (artifact_id);
