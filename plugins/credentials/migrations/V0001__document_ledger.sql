-- The documents every merchant has submitted, with their 64-bit perceptual hashes, so the
-- same or nearly the same photo arriving from another merchant is caught. The credentials
-- source's own table, in its own schema (the runner sets search_path to it). A database
-- from before the plugins had their own schemas moves its public.documents here, rows and
-- privileges included.
DO $$
BEGIN
    IF to_regclass('public.documents') IS NOT NULL THEN
        EXECUTE format('ALTER TABLE public.documents SET SCHEMA %I', current_schema());
    ELSE
        CREATE TABLE documents (
            document_id      bigserial PRIMARY KEY,
            merchant_id      text NOT NULL REFERENCES public.merchants,
            case_id          bigint REFERENCES public.applications,
            file_name        text NOT NULL,
            media_type       text,
            sha256           text NOT NULL,
            perceptual_hash  bigint,
            storage_uri      text NOT NULL,
            kind             text,
            submitted_at     timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX documents_merchant ON documents (merchant_id);
        CREATE INDEX documents_perceptual_hash ON documents (perceptual_hash);
    END IF;
END $$;

-- One row per document of a case, however often the case is assessed.
CREATE UNIQUE INDEX documents_once_per_case ON documents (case_id, file_name, sha256);

DO $$
BEGIN
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO aviary_admin, aviary_underwriter, aviary_worker',
                   current_schema());
    EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO aviary_admin, aviary_underwriter',
                   current_schema());
    EXECUTE format('GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA %I TO aviary_worker',
                   current_schema());
    EXECUTE format('GRANT USAGE ON ALL SEQUENCES IN SCHEMA %I TO aviary_worker',
                   current_schema());
END $$;
