ALTER TABLE "products" ADD COLUMN "plan" text;--> statement-breakpoint
CREATE UNIQUE INDEX "products_plan_uq" ON "products" USING btree ("workspace_id","plan") WHERE "products"."plan" is not null;