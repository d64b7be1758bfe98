-- Role metadata staged for offline signing: the canonical bytes of its "signed" part and the thresholds it must meet
-- (for root also the trusted root's, previous_*). Published once its signatures meet both.
create table staged_metadata (
    id                 uuid primary key,
    role               text        not null,
    version            bigint      not null,
    signed_canonical   bytea       not null,
    key_ids            text[]      not null,
    threshold          int         not null,
    previous_key_ids   text[]      not null,
    previous_threshold int         not null,
    created_at         timestamptz not null,
    published_at       timestamptz
);

-- Detached signatures collected for staged metadata, one per key (a second one from the same key replaces it).
create table staged_signature (
    staged_id uuid        not null references staged_metadata (id),
    key_id    text        not null,
    signature text        not null,
    added_at  timestamptz not null,
    primary key (staged_id, key_id)
);
