-- Binary artifacts (annotated document photos, parcel quicklooks) stored once by their
-- SHA-256. Evidence in evidence_runs, decisions.inputs and channel_evidence keeps only a
-- reference, {"blob": {"sha256", "media_type", "bytes"}}, instead of the bytes in base64.

CREATE TABLE artifact_blobs (
    sha256      text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    media_type  text NOT NULL,
    bytes       bytea NOT NULL,
    stored_at   timestamptz NOT NULL DEFAULT now(),
    -- The key is the content's hash, so a row can never name other bytes than its own.
    CHECK (sha256 = encode(sha256(bytes), 'hex'))
);
-- Photos and PNGs are compressed already: store them out of line without trying again.
ALTER TABLE artifact_blobs ALTER COLUMN bytes SET STORAGE EXTERNAL;

-- Decisions refer to blobs from JSON, where no foreign key reaches: a blob, once stored, is
-- kept as it is, whoever asks (as the audit log).
CREATE FUNCTION refuse_artifact_blob_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'artifact_blobs is append-only: % is not allowed', TG_OP
        USING HINT = 'stored decisions refer to these bytes by their SHA-256';
END $$;
CREATE TRIGGER artifact_blobs_no_update_or_delete
    BEFORE UPDATE OR DELETE ON artifact_blobs
    FOR EACH ROW EXECUTE FUNCTION refuse_artifact_blob_change();
CREATE TRIGGER artifact_blobs_no_truncate
    BEFORE TRUNCATE ON artifact_blobs
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_artifact_blob_change();

-- Those who store evidence write blobs (INSERT ... ON CONFLICT DO NOTHING needs no UPDATE);
-- those who read cases read them.
GRANT SELECT, INSERT ON artifact_blobs TO aviary_worker, aviary_channel;
GRANT SELECT ON artifact_blobs TO aviary_admin, aviary_underwriter;
