-- Campaign theme overrides used to be stored with the theme's defaults filled in (primary colour
-- #4f46e5, radius 10), which replaced the workspace's own colour and radius in every message. Those
-- two values are dropped, and an override left empty with them.
UPDATE "campaigns"
SET "definition" = jsonb_set(
  "definition",
  '{presentation,theme}',
  ("definition" #> '{presentation,theme}')
    - (CASE WHEN "definition" #>> '{presentation,theme,primaryColor}' = '#4f46e5' THEN 'primaryColor' ELSE '' END)
    - (CASE WHEN "definition" #>> '{presentation,theme,radius}' = '10' THEN 'radius' ELSE '' END)
)
WHERE jsonb_typeof("definition" #> '{presentation,theme}') = 'object';--> statement-breakpoint
UPDATE "campaigns" SET "definition" = "definition" #- '{presentation,theme}'
WHERE "definition" #> '{presentation,theme}' = '{}'::jsonb;
