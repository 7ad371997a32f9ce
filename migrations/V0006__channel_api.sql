-- The lender channel's API (`aviary serve`): bearer tokens per channel, applications that
-- collect evidence while the merchant applies, and the readings made on the way.

-- A channel's application starts as 'collecting' and is submitted by the channel itself,
-- which decides it at once; a worker takes it over only if that decider dies (lease).
INSERT INTO application_status_transitions (from_status, to_status) VALUES
    ('collecting', 'processing'), ('collecting', 'withdrawn')
ON CONFLICT DO NOTHING;

CREATE OR REPLACE FUNCTION check_application_status_transition() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.status NOT IN ('submitted', 'collecting') THEN
            RAISE EXCEPTION 'a new case starts as submitted (or collecting, from a channel), not %',
                NEW.status;
        END IF;
    ELSIF NEW.status IS DISTINCT FROM OLD.status AND NOT EXISTS (
        SELECT 1 FROM application_status_transitions
         WHERE from_status = OLD.status AND to_status = NEW.status) THEN
        RAISE EXCEPTION 'case % cannot go from % to %', OLD.case_id, OLD.status, NEW.status
            USING HINT = 'see application_status_transitions for the allowed life cycle';
    END IF;
    NEW.updated_at := now();
    RETURN NEW;
END $$;

-- The channel that owns an application; NULL for cases submitted from the command line.
ALTER TABLE applications ADD COLUMN channel text
    CHECK (channel IS NULL OR channel ~ '^[a-z0-9][a-z0-9_.-]{0,39}$');
CREATE INDEX applications_channel ON applications (channel) WHERE channel IS NOT NULL;

CREATE OR REPLACE FUNCTION audit_application_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO audit_log (case_id, action, detail)
        VALUES (NEW.case_id,
                CASE WHEN NEW.status = 'collecting' THEN 'application_opened' ELSE 'case_submitted' END,
                jsonb_strip_nulls(jsonb_build_object('merchant_id', NEW.merchant_id,
                                   'requested_amount_cny', NEW.requested_amount_cny,
                                   'channel', NEW.channel)));
    ELSIF NEW.status IS DISTINCT FROM OLD.status THEN
        INSERT INTO audit_log (case_id, action, detail)
        VALUES (NEW.case_id, 'status_changed',
                jsonb_build_object('from', OLD.status, 'to', NEW.status,
                                   'lease_owner', NEW.lease_owner));
    END IF;
    RETURN NEW;
END $$;

-- Bearer tokens: only the SHA-256 of a token is kept; the token is shown once, at creation.
CREATE TABLE channel_tokens (
    token_id      bigserial PRIMARY KEY,
    channel       text NOT NULL CHECK (channel ~ '^[a-z0-9][a-z0-9_.-]{0,39}$'),
    token_sha256  text NOT NULL UNIQUE CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
    note          text,
    created_by    text NOT NULL DEFAULT session_user,
    created_at    timestamptz NOT NULL DEFAULT now(),
    revoked_by    text,
    revoked_at    timestamptz,
    CHECK ((revoked_by IS NULL) = (revoked_at IS NULL))
);

-- What an application gathers while it is collecting: the inputs of each evidence source as
-- the uploads arrived (paths under the server's data folder) and each upload's SHA-256.
CREATE TABLE channel_applications (
    case_id            bigint PRIMARY KEY REFERENCES applications,
    inputs             jsonb NOT NULL DEFAULT '{}',
    uploads            jsonb NOT NULL DEFAULT '{}',
    interview_answers  jsonb NOT NULL DEFAULT '[]',
    updated_at         timestamptz NOT NULL DEFAULT now()
);

-- Evidence read while the merchant applied, as it arrived (history; the decision's own
-- evidence goes to evidence_runs as for every case). inputs_sha256 ties a reading to the
-- exact inputs and files it was read from, so a submit reuses only what is still current.
CREATE TABLE channel_evidence (
    reading_id     bigserial PRIMARY KEY,
    case_id        bigint NOT NULL REFERENCES applications,
    source_id      text NOT NULL,
    inputs_sha256  text NOT NULL,
    evidence       jsonb NOT NULL,
    read_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX channel_evidence_case ON channel_evidence (case_id, source_id, reading_id);

-- The channel's server runs as aviary_channel: it opens, fills and decides its own
-- applications, and reads tokens to authenticate; creating tokens is an admin's job.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'aviary_channel') THEN
        CREATE ROLE aviary_channel NOLOGIN;
    END IF;
END $$;
GRANT USAGE ON SCHEMA public TO aviary_channel;
GRANT SELECT ON merchant_directory TO aviary_channel;
GRANT SELECT, INSERT ON merchants, applications, evidence_runs, decisions, audit_log,
                        channel_evidence TO aviary_channel;
GRANT UPDATE ON merchants TO aviary_channel;
GRANT UPDATE (status, lease_owner, lease_expires_at, attempts, updated_at, case_file)
    ON applications TO aviary_channel;
GRANT SELECT, INSERT, UPDATE ON channel_applications TO aviary_channel;
GRANT SELECT (token_id, channel, token_sha256, revoked_at) ON channel_tokens TO aviary_channel;
GRANT SELECT ON models, rule_sets, releases, experiments, application_status_transitions
    TO aviary_channel;
GRANT INSERT ON models, rule_sets TO aviary_channel;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO aviary_channel;

GRANT SELECT, INSERT, UPDATE ON channel_tokens TO aviary_admin;
GRANT SELECT ON channel_applications, channel_evidence TO aviary_admin, aviary_underwriter;
GRANT SELECT ON channel_evidence TO aviary_worker;
