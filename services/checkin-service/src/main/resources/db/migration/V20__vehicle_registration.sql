-- Vehicles registered for provisioning: the hash of their one-time factory token (never the token
-- itself), and when the token was spent on a certificate.
create table vehicle_registration (
    vin                text primary key,
    attributes         jsonb       not null,
    factory_token_hash bytea       not null,
    registered_at      timestamptz not null,
    provisioned_at     timestamptz,
    certificate_serial text
);
