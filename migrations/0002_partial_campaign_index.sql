DROP INDEX "events_campaign_idx";--> statement-breakpoint
CREATE INDEX "events_campaign_idx" ON "events" USING btree ("workspace_id","campaign_id","name") WHERE "events"."campaign_id" is not null;