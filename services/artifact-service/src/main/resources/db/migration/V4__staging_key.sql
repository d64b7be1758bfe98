-- An upload that declares its SHA-256 stages its parts at the blob's own key, so that joining them stores the blob
-- with no copy (ArtifactManagement.commit); the others, and every upload opened before this, stage at uploads/<id>.
alter table upload add column staging_key text;
update upload set staging_key = 'uploads/' || id;
alter table upload alter column staging_key set not null;
