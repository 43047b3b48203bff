-- Allowed origins were stored as typed at creation ("https://app.example.com/" never matched the
-- Origin header browsers send) and PATCH turned entries like "localhost:4100" into "null", which let
-- sandboxed frames in. Entries are now checked and normalised on the way in (shared/origins.ts);
-- this brings stored ones to the same form: an http(s) entry keeps only its origin, lower-cased,
-- without the default port; "null" is dropped; duplicates are merged, first position kept.
UPDATE "workspaces" AS w
SET "allowed_origins" = COALESCE((
  SELECT jsonb_agg(v ORDER BY first)
  FROM (
    SELECT v, min(ord) AS first
    FROM (
      SELECT ord, CASE
        WHEN lower(btrim(e)) ~ '^https?://[^/?#]+' THEN
          regexp_replace(
            regexp_replace(substring(lower(btrim(e)) FROM '^(https?://[^/?#]+)'), '^(https://.*):443$', '\1'),
            '^(http://.*):80$', '\1')
        WHEN btrim(e) = 'null' THEN NULL
        ELSE btrim(e)
      END AS v
      FROM jsonb_array_elements_text(w."allowed_origins") WITH ORDINALITY AS t(e, ord)
    ) AS normalised
    WHERE v IS NOT NULL
    GROUP BY v
  ) AS deduplicated
), '[]'::jsonb)
WHERE jsonb_typeof(w."allowed_origins") = 'array' AND jsonb_array_length(w."allowed_origins") > 0;
