ALTER TABLE "purchases" ADD COLUMN "first_used_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "purchases" ADD COLUMN "use_settled_until" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "event_counters_day_idx" ON "event_counters" USING btree ("day") WHERE day > '1970-01-01';--> statement-breakpoint
CREATE INDEX "events_prunable_received_idx" ON "events" USING btree ("received_at") WHERE campaign_id is null and decision_id is null and name not like 'message.%';