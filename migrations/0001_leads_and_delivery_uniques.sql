DROP INDEX "webhook_deliveries_message_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "leads_account_campaign_uq" ON "leads" USING btree ("workspace_id","account_id","campaign_id");--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_deliveries_message_endpoint_uq" ON "webhook_deliveries" USING btree ("workspace_id","message_id","endpoint_id");