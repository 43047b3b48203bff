CREATE TABLE "vocabulary" (
	"workspace_id" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	CONSTRAINT "vocabulary_workspace_id_kind_name_pk" PRIMARY KEY("workspace_id","kind","name")
);
--> statement-breakpoint
-- The names already in use, so an upgraded workspace's console suggests them from the start. Event
-- names come from the daily account counters (far fewer rows than the events), less the page
-- counters and the widget's own interaction events.
INSERT INTO "vocabulary" ("workspace_id", "kind", "name", "first_seen_at", "last_seen_at")
SELECT "workspace_id", 'event', "name", min("first_at"), max("last_at") FROM "event_counters"
WHERE "user_id" = '' AND "name" NOT LIKE 'page.viewed:%'
  AND "name" NOT IN ('message.shown', 'message.clicked', 'message.dismissed', 'message.snoozed')
GROUP BY "workspace_id", "name";--> statement-breakpoint
INSERT INTO "vocabulary" ("workspace_id", "kind", "name", "first_seen_at", "last_seen_at")
SELECT "workspace_id", 'metric', "metric", min("updated_at"), max("updated_at") FROM "usage_metrics"
GROUP BY "workspace_id", "metric";--> statement-breakpoint
INSERT INTO "vocabulary" ("workspace_id", "kind", "name", "first_seen_at", "last_seen_at")
SELECT "workspace_id", 'segment', "segment", min("created_at"), max("updated_at") FROM "accounts"
WHERE "segment" IS NOT NULL AND "segment" <> ''
GROUP BY "workspace_id", "segment";--> statement-breakpoint
INSERT INTO "vocabulary" ("workspace_id", "kind", "name", "first_seen_at", "last_seen_at")
SELECT "workspace_id", 'role', "role", min("created_at"), max("updated_at") FROM "users"
GROUP BY "workspace_id", "role";
