CREATE TABLE "campaign_tallies" (
	"workspace_id" text NOT NULL,
	"campaign_id" uuid NOT NULL,
	"account_id" text NOT NULL,
	"served" integer DEFAULT 0 NOT NULL,
	"held_out" integer DEFAULT 0 NOT NULL,
	"shown" integer DEFAULT 0 NOT NULL,
	"clicked" integer DEFAULT 0 NOT NULL,
	"dismissed" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "campaign_tallies_workspace_id_campaign_id_account_id_pk" PRIMARY KEY("workspace_id","campaign_id","account_id")
);
--> statement-breakpoint
CREATE TABLE "campaign_tally_marks" (
	"workspace_id" text PRIMARY KEY NOT NULL,
	"through" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "campaign_tally_totals" (
	"workspace_id" text NOT NULL,
	"campaign_id" uuid NOT NULL,
	"served" integer DEFAULT 0 NOT NULL,
	"held_out" integer DEFAULT 0 NOT NULL,
	"shown" integer DEFAULT 0 NOT NULL,
	"clicked" integer DEFAULT 0 NOT NULL,
	"dismissed" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "campaign_tally_totals_workspace_id_campaign_id_pk" PRIMARY KEY("workspace_id","campaign_id")
);
--> statement-breakpoint
DROP INDEX "decisions_campaign_idx";--> statement-breakpoint
DROP INDEX "events_campaign_idx";--> statement-breakpoint
CREATE INDEX "events_campaign_received_idx" ON "events" USING btree ("workspace_id","campaign_id","name","received_at") WHERE "events"."campaign_id" is not null;--> statement-breakpoint
CREATE INDEX "decisions_campaign_idx" ON "decisions" USING btree ("workspace_id","campaign_id","outcome","created_at");--> statement-breakpoint
CREATE INDEX "events_campaign_idx" ON "events" USING btree ("workspace_id","campaign_id","name","ts") WHERE "events"."campaign_id" is not null;