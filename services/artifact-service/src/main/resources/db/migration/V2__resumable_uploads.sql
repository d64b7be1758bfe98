-- Resumable uploads: the object store's multipart upload, the parts it holds, and the running
-- SHA-256/SHA-512 state at committed_offset, so that a write resumes there after a cut or a restart.
alter table upload add column multipart_id text;
alter table upload add column sha256_state bytea;
alter table upload add column sha512_state bytea;

create table upload_part (
    upload_id   uuid    not null references upload (id) on delete cascade,
    part_number integer not null,
    etag        text    not null,
    size        bigint  not null,
    primary key (upload_id, part_number)
);

-- The expiry job looks for open uploads past their time.
create index upload_open_expiry_idx on upload (expires_at) where state = 'OPEN';

-- Signed releases remember the image repository's targets version that listed them.
alter table release add column targets_version bigint not null default 0;
