-- Provisioning is safe to repeat and a vehicle can provision again. The certificate the current
-- factory token bought and its CA chain, so that a repeated ProvisionVehicle (the same token, a CSR
-- for the same key, the same ECU keys: its answer was lost) gets the same answer; certificate_serial
-- is the vehicle's current certificate, the only one check-in and status reports accept.
-- factory_token_hash is the hash of the current token (ReprovisionVehicle replaces it) and
-- provisioned_at when that token was spent (null: not yet).
alter table vehicle_registration
    add column certificate_pem text,
    add column ca_chain_pem    text;
