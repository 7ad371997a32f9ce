-- Merchants, their applications (cases), evidence, decisions, documents, models and rules.

CREATE TABLE merchants (
    merchant_id      text PRIMARY KEY CHECK (merchant_id <> ''),
    name             text NOT NULL CHECK (name <> ''),
    segment          text NOT NULL CHECK (segment IN ('farmer', 'dealer', 'shop')),
    uscc             text,
    owner_name       text,
    owner_id_number  text,  -- personal ID: read through merchant_directory, masked by role
    industry         text,
    address          text,
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX merchants_name ON merchants (name);
CREATE INDEX merchants_uscc ON merchants (uscc);

-- The life cycle of a case: which status may follow which.
CREATE TABLE application_status_transitions (
    from_status text NOT NULL,
    to_status   text NOT NULL,
    PRIMARY KEY (from_status, to_status)
);
INSERT INTO application_status_transitions (from_status, to_status) VALUES
    ('submitted',  'processing'),
    ('processing', 'submitted'),   -- lease expired or released: back to the queue
    ('submitted',  'approved'), ('submitted',  'declined'), ('submitted',  'referred'),
    ('processing', 'approved'), ('processing', 'declined'), ('processing', 'referred'),
    ('referred',   'approved'), ('referred',   'declined'), -- an underwriter decided
    ('approved',   'overridden'), ('declined', 'overridden'),
    ('overridden', 'overridden'),
    ('submitted',  'withdrawn'), ('referred',  'withdrawn');

CREATE TABLE applications (
    case_id               bigserial PRIMARY KEY,
    idempotency_key       text NOT NULL UNIQUE CHECK (idempotency_key <> ''),
    merchant_id           text NOT NULL REFERENCES merchants,
    requested_amount_cny  numeric(14, 2) NOT NULL
                          CHECK (requested_amount_cny > 0 AND requested_amount_cny < 100000000),
    term_months           integer CHECK (term_months BETWEEN 1 AND 120),
    purpose               text,
    case_file             jsonb NOT NULL,
    status                text NOT NULL DEFAULT 'submitted',
    submitted_at          timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    lease_owner           text,
    lease_expires_at      timestamptz,
    attempts              integer NOT NULL DEFAULT 0
);
CREATE INDEX applications_queue ON applications (submitted_at) WHERE status IN ('submitted', 'processing');
CREATE INDEX applications_status ON applications (status);
CREATE INDEX applications_merchant ON applications (merchant_id);

CREATE FUNCTION check_application_status_transition() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.status <> 'submitted' THEN
            RAISE EXCEPTION 'a new case starts as submitted, not %', NEW.status;
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
CREATE TRIGGER applications_status_life_cycle
    BEFORE INSERT OR UPDATE ON applications
    FOR EACH ROW EXECUTE FUNCTION check_application_status_transition();

CREATE TABLE models (
    model_id    bigserial PRIMARY KEY,
    name        text NOT NULL,
    version     text NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('credit', 'crop', 'other')),
    sha256      text NOT NULL,
    content     text NOT NULL,
    report      jsonb NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (name, version),
    UNIQUE (sha256)
);

CREATE TABLE rule_sets (
    rule_set_id  bigserial PRIMARY KEY,
    name         text NOT NULL,
    version      text NOT NULL,
    sha256       text NOT NULL,
    content      text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (name, version)
);

CREATE TABLE evidence_runs (
    run_id          bigserial PRIMARY KEY,
    case_id         bigint NOT NULL REFERENCES applications,
    source_id       text NOT NULL,
    source_version  text NOT NULL,
    status          text NOT NULL CHECK (status IN ('ok', 'unavailable', 'failed')),
    error           text,
    features        jsonb NOT NULL DEFAULT '{}',
    evidence        jsonb NOT NULL,
    started_at      timestamptz NOT NULL DEFAULT now(),
    duration_ms     double precision NOT NULL DEFAULT 0
);
CREATE INDEX evidence_runs_case ON evidence_runs (case_id);

CREATE TABLE decisions (
    decision_id      bigserial PRIMARY KEY,
    case_id          bigint NOT NULL REFERENCES applications,
    kind             text NOT NULL CHECK (kind IN ('automatic', 'manual', 'override')),
    outcome          text NOT NULL CHECK (outcome IN ('approve', 'decline', 'refer')),
    limit_cny        numeric(14, 2) CHECK (limit_cny >= 0),
    annual_rate      numeric(7, 5) CHECK (annual_rate >= 0 AND annual_rate < 1),
    pd               double precision CHECK (pd >= 0 AND pd <= 1),
    reasons          jsonb NOT NULL DEFAULT '[]',
    rules_fired      jsonb NOT NULL DEFAULT '[]',
    counterfactual   text,
    model_id         bigint REFERENCES models,
    rule_set_id      bigint REFERENCES rule_sets,
    plugin_versions  jsonb NOT NULL DEFAULT '{}',
    inputs           jsonb NOT NULL DEFAULT '{}',  -- everything needed to replay it
    decided_by       text NOT NULL DEFAULT current_user,
    reason           text,  -- mandatory for manual decisions and overrides
    second_approver  text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    CHECK (kind = 'automatic' OR (reason IS NOT NULL AND btrim(reason) <> ''))
);
-- A case is decided automatically at most once, however many workers race for it.
CREATE UNIQUE INDEX decisions_one_automatic_per_case ON decisions (case_id) WHERE kind = 'automatic';
CREATE INDEX decisions_case ON decisions (case_id);

CREATE TABLE documents (
    document_id      bigserial PRIMARY KEY,
    merchant_id      text NOT NULL REFERENCES merchants,
    case_id          bigint REFERENCES applications,
    file_name        text NOT NULL,
    media_type       text,
    sha256           text NOT NULL,
    perceptual_hash  bigint,  -- 64-bit image hash: near copies across merchants are a fraud signal
    storage_uri      text NOT NULL,
    kind             text,
    submitted_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX documents_merchant ON documents (merchant_id);
CREATE INDEX documents_perceptual_hash ON documents (perceptual_hash);
