-- Uploads no longer keep a serialized digest state: a resumed stream continues from the digests held in memory by
-- the process that stored the last part, or the commit reads the object back and hashes it (ArtifactManagement).
alter table upload drop column sha256_state;
alter table upload drop column sha512_state;
